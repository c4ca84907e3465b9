"""Large posts in bounded memory: decode incrementally, cut at top-level block boundaries,
translate chunk by chunk, write each translated chunk out as soon as it is done.

A post is cut only after a blank line where no top-level Markdown block (as markdown-it maps
it: fenced/indented code, HTML blocks, lists, tables, front matter) spans the cut, so every
translatable unit lies inside one chunk and the concatenated output equals the output of the
unchunked post (byte for byte with the identity engine). Each chunk goes through the same
:class:`~jtrans.pipeline.Pipeline` (glossary, translation memory, post-processing), with
per-document state such as the glossary's first-use glosses kept across chunks. A first pass
(:func:`post_references`) collects the link reference definitions of the whole post, so a
``[label]`` used in one chunk and defined in another is kept as a link, not translated.

``iter_text`` reports undecodable input with its byte offset (``reader.InputError``) and binary
input (NUL characters); ``check_file`` runs that check up front so nothing is written for a
file that would fail half way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from jtrans.reader import BOM, InputError, bom_hint, text_codec
from jtrans.segment import parser

BLOCK_BYTES = 1 << 16
CHUNK_CHARS = 1 << 18  # ~256K characters of Markdown per chunk
MAX_REFERENCE_CHARS = 1 << 24  # link reference definitions shared across chunks (~16M chars)
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
_END_RE = re.compile(r"\r\n|\r|\n")
_BOM = BOM


def iter_text(fh: BinaryIO, name: str, encoding: str = "utf-8") -> Iterator[str]:
    """Decode ``fh`` block by block; ``InputError`` names the byte offset of a bad byte."""
    codec = text_codec(encoding)
    decoder = codec.incrementaldecoder("strict")
    fed = 0  # bytes handed to the decoder so far
    label = "UTF-8" if codec.name == "utf-8" else encoding
    while True:
        block = fh.read(BLOCK_BYTES)
        final = not block
        hint = bom_hint(block, name) if fed == 0 and label == "UTF-8" else None
        if hint:
            raise InputError(hint)
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            offset = fed - pending + exc.start
            bad = exc.object[exc.start : exc.start + 1].hex()
            hint = "; pass --encoding ENC if it uses another encoding" if label == "UTF-8" else ""
            raise InputError(f"{name} is not {label} text (byte {offset}: 0x{bad}){hint}") from None
        if "\0" in text:
            at = fed - pending + len(text[: text.index("\0")].encode(encoding, "replace"))
            raise InputError(
                f"{name} looks like a binary file (it contains NUL bytes, first near byte {at})"
            )
        fed += len(block)
        if text:
            yield text
        if final:
            return


def check_file(path: Path, encoding: str = "utf-8") -> int:
    """Decode all of ``path`` once (bounded memory); return its size in characters."""
    with path.open("rb") as fh:
        return sum(len(t) for t in iter_text(fh, str(path), encoding))


def iter_lines(texts: Iterable[str]) -> Iterator[str]:
    """Lines with their terminators (``\\r\\n``, ``\\r`` or ``\\n``, as markdown-it counts them).

    Linear time: each block is scanned once, and a line still open at the end of a block is
    kept as a list of pieces (a 1 MB line arriving in 64 KB blocks is not rescanned per block).
    """
    head: list[str] = []  # pieces of the line being read (no terminator seen yet)
    for text in texts:
        if not text:
            continue
        pos = 0
        if head and head[-1].endswith("\r"):  # a "\r" that ended the previous block
            if text.startswith("\n"):
                head.append("\n")
                pos = 1
            yield "".join(head)
            head = []
        for m in _END_RE.finditer(text, pos):
            if m.end() == len(text) and m.group(0) == "\r":
                break  # a "\r" at the end of a block may be the first half of "\r\n"
            head.append(text[pos : m.end()])
            yield "".join(head)
            head = []
            pos = m.end()
        if pos < len(text):
            head.append(text[pos:])
    if head:
        yield "".join(head)


def _safe_cuts(lines: list[str]) -> list[int]:
    """Line indices ``c`` where ``lines[:c]`` may be cut off: just after a blank line, with a
    non-blank line still following (so a block running on is visible) and no top-level block
    spanning the cut."""
    blank = [not line.strip() for line in lines]
    candidates = [c for c in range(1, len(lines)) if blank[c - 1] and not blank[c]]
    if not candidates:
        return []
    # depth[c] > 0 when some top-level block has a < c < b (prefix sums over its map)
    depth = [0] * (len(lines) + 2)
    for tok in parser().parse("".join(lines)):
        if tok.level == 0 and tok.nesting >= 0 and tok.map and tok.map[1] - tok.map[0] > 1:
            depth[tok.map[0] + 1] += 1
            depth[tok.map[1]] -= 1
    covered = 0
    open_at = []
    for c in range(len(lines) + 1):
        covered += depth[c]
        open_at.append(covered > 0)
    return [c for c in candidates if not open_at[c]]


def iter_chunks(texts: Iterable[str], chunk_chars: int | None = None) -> Iterator[str]:
    """Regroup decoded text into chunks of about ``chunk_chars`` (default :data:`CHUNK_CHARS`)
    cut at safe block boundaries (a single block larger than that, such as a huge code block,
    stays whole)."""
    chunk_chars = chunk_chars or CHUNK_CHARS
    buf: list[str] = []
    size = 0
    want = chunk_chars
    for line in iter_lines(texts):
        buf.append(line)
        size += len(line)
        if size < want:
            continue
        cuts = _safe_cuts(buf)
        if not cuts:
            want = size * 2  # one block is still open: look again when the buffer doubled
            continue
        cut = cuts[-1]
        yield "".join(buf[:cut])
        buf = buf[cut:]
        size = sum(len(x) for x in buf)
        want = max(chunk_chars, size + 1)
    if buf:
        yield "".join(buf)


def references(chunks: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The link reference definitions of a post given chunk by chunk (normalised label →
    definition, as :func:`jtrans.segment.analyse` finds them; the first definition of a label
    wins, as in one parse). At most :data:`MAX_REFERENCE_CHARS` of labels, destinations and
    titles are kept (bounded memory); definitions past that are left to their own chunk."""
    found: dict[str, dict[str, Any]] = {}
    kept = 0
    for chunk in chunks:
        if "]:" not in chunk:
            continue  # no definition can be in it: skip the parse
        chunk = chunk.removeprefix(_BOM)
        env: dict[str, Any] = {}
        parser().parse(chunk, env)
        for label, ref in env.get("references", {}).items():
            if label in found:
                continue
            kept += len(label) + len(ref.get("href", "")) + len(ref.get("title", ""))
            if kept > MAX_REFERENCE_CHARS:
                return found
            found[label] = ref
    return found


def post_references(source: Path | str, encoding: str = "utf-8") -> dict[str, dict[str, Any]]:
    """:func:`references` of a post file (read once more, block by block) or text."""
    if isinstance(source, str):
        return references(iter_chunks([source]))
    with source.open("rb") as fh:
        return references(iter_chunks(iter_text(fh, str(source), encoding)))


@dataclass
class StreamResult:
    """What a streamed translation learned (the text itself was written out)."""

    chars: int = 0
    chunks: int = 0
    units: int = 0
    sentences: int = 0
    flags: list[Any] = field(default_factory=list)
    pairs: list[dict[str, str]] | None = None

    def report(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "sentences": self.sentences,
            "chunks": self.chunks,
            "flags": [f.as_dict() for f in self.flags],
            "pairs": self.pairs or [],
        }


class _KeepDocumentState:
    """The glossary, minus ``reset``: chunks after the first continue the same document."""

    def __init__(self, glossary: Any) -> None:
        self._glossary = glossary

    def reset(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._glossary, name)


def translate_chunks(
    pipeline: Any,
    chunks: Iterable[str],
    write: Callable[[str], object],
    *,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
    keep_pairs: bool = False,
    max_flags: int | None = None,
    references: dict[str, dict[str, Any]] | None = None,
) -> StreamResult:
    """Translate each chunk with ``pipeline`` and ``write`` it; flags get document line
    numbers. A leading BOM is kept out of the pipeline and written back as is.
    ``references``: the whole post's link reference definitions (:func:`post_references`),
    used in every chunk."""
    out = StreamResult(pairs=[] if keep_pairs else None)
    line = 0  # lines before the current chunk
    glossary = pipeline.glossary
    saved_progress = pipeline.progress
    saved_references = getattr(pipeline, "references", None)
    pipeline.progress = None  # progress is reported per chunk, in characters
    if references is not None:
        pipeline.references = references
    try:
        for chunk in chunks:
            bom = out.chunks == 0 and chunk.startswith(_BOM)
            body = chunk[1:] if bom else chunk
            result = pipeline.translate(body)
            if out.chunks == 0 and glossary is not None:
                pipeline.glossary = _KeepDocumentState(glossary)
            write((_BOM if bom else "") + result.text)
            out.chunks += 1
            out.chars += len(chunk)
            out.units += len(result.prepared)
            out.sentences += len(result.sentences)
            for f in result.flags:
                if max_flags is None or len(out.flags) < max_flags:
                    out.flags.append(replace(f, line=f.line + line))
                else:
                    out.flags.append(f)  # only counted, never shown
            if out.pairs is not None:
                out.pairs.extend({"source": s.source, "target": s.text} for s in result.sentences)
            line += len(_LINE_RE.findall(chunk))
            if progress is not None:
                progress(out.chars, max(total, out.chars))
    finally:
        pipeline.glossary = glossary
        pipeline.progress = saved_progress
        pipeline.references = saved_references
    return out
