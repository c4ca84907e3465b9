"""Public library API: translate a Markdown string or file.

>>> import jtrans
>>> jtrans.text("| **Title** - does X; does Y |\\n|---|\\n", engine="identity")
'| **Title** - does X; does Y |\\n|---|\\n'

Options (all keyword, all optional; defaults come from the configuration, see
:mod:`jtrans.config`):

``engine``           engine name (``ct2``, ``identity``, ``upper``) or an engine object
``model``            model name or directory (ct2)
``glossary``         glossary paths (list), a loaded glossary object, or ``None`` = default
``no_glossary``      ``True`` disables the glossary
``postprocess``      ``False`` disables Japanese post-processing
``translate_link_labels``  translate the label of ``[label](url)`` (default ``True``)
``translate_link_lists``   … also in cells made only of links (default from config)
``config``           a :class:`jtrans.config.Config` (default: searched from the input/cwd)
``progress``         ``callable(done, total)``
``tm``               a translation memory (:class:`jtrans.tm.TranslationMemory` or a path):
                     units found in it are not translated again (default: none)
``retry_fallbacks``  translate again the units the memory holds as English fallbacks
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from jtrans import config as config_mod
from jtrans.pipeline import Pipeline, Result

_BOM = "\ufeff"


class InputError(ValueError):
    """The input cannot be read as a UTF-8 text file."""


class EncodingError(InputError):
    """``encoding`` names no codec, or one that does not turn bytes into text (``rot13``,
    ``base64``, ``zlib``): a usage error rather than a problem of the file."""


def text_codec(encoding: str) -> codecs.CodecInfo:
    """The codec for ``encoding``; ``EncodingError`` unless it decodes bytes to text."""
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise EncodingError(f"unknown encoding {encoding!r}") from None
    if not getattr(codec, "_is_text_encoding", True):
        raise EncodingError(
            f"{encoding!r} is not a text encoding (it is a bytes-to-bytes or text-to-text codec)"
        )
    return codec


def bom_hint(data: bytes, name: str) -> str | None:
    """A message for UTF-16/UTF-32 text read as UTF-8 (its byte order mark gives it away)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return (
                f"{name} is {codec.upper()} text (it starts with a {codec.upper()} byte order "
                f"mark); pass --encoding {codec}"
            )
    return None


def text(src: str, **opts: Any) -> str:
    """Translate the Markdown string ``src``; every byte outside translated text is kept."""
    return translate(src, **opts).text


def file(path: str | os.PathLike[str], **opts: Any) -> str:
    """Translate the Markdown file at ``path`` (the file itself is never modified)."""
    p = Path(path)
    opts.setdefault("start", p)
    return text(read_text(p), **opts)


def translate(src: str, **opts: Any) -> Result:
    """Like :func:`text` but return the full :class:`~jtrans.pipeline.Result` (flags, pairs)."""
    bom = src.startswith(_BOM)
    pipeline = build_pipeline(**opts)
    result = pipeline.translate(src[1:] if bom else src)
    if bom:
        result.text = _BOM + result.text
    return result


def build_pipeline(
    *,
    engine: Any = None,
    model: str | None = None,
    glossary: Any = None,
    no_glossary: bool = False,
    postprocess: bool = True,
    translate_link_labels: bool | None = None,
    translate_link_lists: bool | None = None,
    config: config_mod.Config | None = None,
    progress: Any = None,
    start: Path | None = None,
    tm: Any = None,
    retry_fallbacks: bool = False,
) -> Pipeline:
    """A :class:`Pipeline` for the options documented in this module."""
    cfg = config or config_mod.load(start)
    cfg = cfg.with_overrides(
        model=model,
        translate_link_labels=translate_link_labels,
        translate_link_lists=translate_link_lists,
        engine=engine if isinstance(engine, str) else None,
    )
    eng = engine if engine is not None and not isinstance(engine, str) else make_engine(cfg)
    japanese = eng.target_lang == "ja"
    gloss = None
    if japanese and not no_glossary:
        gloss = load_glossary(glossary, cfg)
    post = make_postprocessor(cfg, gloss) if japanese and postprocess else None
    if isinstance(tm, (str, os.PathLike)):
        from jtrans.tm import TranslationMemory

        tm = TranslationMemory(tm)
    return Pipeline(
        eng,
        glossary=gloss,
        postprocessor=post,
        config=cfg,
        progress=progress,
        tm=tm or None,
        retry_fallbacks=retry_fallbacks,
    )


def make_engine(cfg: config_mod.Config) -> Any:
    """Build the configured engine (raises ``ValueError`` for an unknown name)."""
    from jtrans import engines

    options = dict(cfg.engine_options)
    if cfg.engine == "ct2":
        options.setdefault("model", cfg.model)
    try:
        return engines.get(cfg.engine, **options)
    except TypeError as exc:  # a typo in [tool.jtrans.engine] reaches the constructor
        where = f" in {cfg.path}" if cfg.path else ""
        raise ValueError(f"bad [tool.jtrans.engine] option{where}: {exc}") from None


def load_glossary(glossary: Any, cfg: config_mod.Config) -> Any:
    """``glossary`` as a loaded glossary: paths, an object, or ``None`` for the configured one."""
    if glossary is not None and not isinstance(glossary, (str, os.PathLike, Sequence)):
        return glossary
    from jtrans import glossary as glossary_mod

    if isinstance(glossary, (str, os.PathLike)):
        extra: list[Path] = [Path(glossary)]
    else:
        extra = [Path(p) for p in glossary or ()]
    # layered: shipped default → [tool.jtrans.glossary] paths → --glossary; later layers win
    paths = glossary_mod.resolve_paths(
        extra,
        configured=cfg.glossary.get("paths", ()),
        base=cfg.path.parent if cfg.path else Path.cwd(),
        use_default=cfg.glossary.get("default", True),
    )
    return glossary_mod.load(paths)


def make_postprocessor(cfg: config_mod.Config, glossary: Any = None) -> Any:
    """``postprocess.run`` bound to the configured ``[tool.jtrans.postprocess]`` settings (and
    the glossary's katakana spellings, when a glossary is in use)."""
    from jtrans import postprocess

    pp_config = postprocess.PostprocessConfig.from_mapping(cfg.postprocess)
    if glossary is not None and hasattr(pp_config, "with_glossary"):
        pp_config = pp_config.with_glossary(glossary)

    def run(ja: str, source: str, restore: dict[int, str]) -> tuple[str, list[Any]]:
        return postprocess.run(ja, source, pp_config, restore=restore)

    return run


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read a text file exactly (no newline translation); refuse binary files.

    ``encoding`` (default UTF-8) is any Python codec name; the text is returned decoded."""
    return decode(read_bytes(path), str(path), encoding)


# What is read into memory from an input without a size (stdin, a pipe, a device such as
# /dev/zero): larger posts belong in a file, which is translated chunk by chunk.
MAX_UNSIZED_BYTES = 64 << 20
_BLOCK = 1 << 16


def read_bytes(path: Path, what: str = "a Markdown file", limit: int | None = None) -> bytes:
    """The bytes of ``path``; ``InputError`` for a folder, a missing or unreadable file, or
    more than ``limit`` bytes (a pipe or device: at most :data:`MAX_UNSIZED_BYTES` anyway)."""
    if path.is_dir():
        raise InputError(f"{path} is a directory, not {what}")
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return read_capped(fh, str(path), limit)
            if limit is not None and st.st_size > limit:
                raise InputError(_too_large(str(path), st.st_size, limit, what))
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_stdin(limit: int | None = None) -> bytes:
    """Standard input, at most ``limit`` bytes (default :data:`MAX_UNSIZED_BYTES`;
    ``InputError`` beyond: an endless pipe)."""
    return read_capped(sys.stdin.buffer, "stdin", limit)


def read_capped(fh: BinaryIO, name: str, limit: int | None = None) -> bytes:
    """Read ``fh`` block by block; ``InputError`` as soon as it gives more than ``limit``
    bytes (default :data:`MAX_UNSIZED_BYTES`), so memory stays bounded however much the other
    end writes."""
    limit = min(limit or MAX_UNSIZED_BYTES, MAX_UNSIZED_BYTES)
    blocks: list[bytes] = []
    size = 0
    while True:
        block = fh.read(_BLOCK)
        if not block:
            return b"".join(blocks)
        size += len(block)
        if size > limit:
            raise InputError(
                f"{name} gives more than {_mib(limit)} and is not a regular file; jtrans reads "
                "at most that much from a pipe or device (save it to a file: large files are "
                "translated in chunks)"
            )
        blocks.append(block)


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.0f} MiB" if size >= 1 << 20 else f"{size} bytes"


def _too_large(name: str, size: int, limit: int, what: str) -> str:
    return f"{name} is {size / (1 << 20):.1f} MiB, more than {_mib(limit)} for {what}"


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """``data`` as text; ``InputError`` for binary input or bytes invalid in ``encoding``
    (the message names the byte offset)."""
    codec = text_codec(encoding)
    utf8 = codec.name == "utf-8"
    hint = bom_hint(data[:4], name) if utf8 else None
    if hint:
        raise InputError(hint)
    if utf8 and b"\0" in data:
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if utf8 else encoding
        bad = data[exc.start : exc.start + 1].hex()
        hint = "; pass --encoding ENC if it uses another encoding" if utf8 else ""
        raise InputError(f"{name} is not {label} text (byte {exc.start}: 0x{bad}){hint}") from None
    if "\0" in text:
        raise InputError(f"{name} looks like a binary file (it contains NUL characters)")
    return text
