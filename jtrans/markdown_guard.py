"""Markdown guard: a translated unit must mean, as Markdown, what its source meant.

Reassembly splices a unit's translation into the post byte for byte, so whatever Markdown the
engine writes becomes the post's Markdown: a translation starting with ``- `` or ``# `` turns a
paragraph into a list item or a heading, ``---`` into a thematic break, a stray backtick opens a
code span. :func:`keep` re-parses the translation with the post's parser (markdown-it-py) and
its link reference definitions, and compares its :class:`Shape` with the source's:

* the blocks (a paragraph stays one paragraph, a heading's content no list, no table, fence,
  HTML block or front matter appears);
* the inline markup, as multisets: links and images (by destination), code spans (by
  content), raw HTML, emphasis, strong, strikethrough and hard breaks. Order is free (Japanese
  word order moves links), counts are not.

A unit is parsed with the source line that follows it (its lines without the container
prefixes): a line that would start a block there would start one in its list item or quote
too, so the check errs on the safe side, and the next line tells a setext underline from a
table's delimiter row (``Over | x`` above ``---`` is a heading; ``| x`` above it, a table).
Table cells are parsed as inline text, as the table rule does; a cell that begins its row's
line (no leading pipe) in a table's body is also parsed as that row under a one-column table,
with the rest of its source line: a block marker there (``- ``, ``> ``, ``# ``, a fence) ends
the table. :class:`Context` holds what a post's units share: its link reference definitions
and its text.

A changed shape is repaired by escaping what the engine wrote: the block markers at line starts
(``\\-``, ``\\#``, ``1\\.``), then, one at a time, backticks, emphasis delimiters, ``<``, ``[``
and ``|`` outside the source's protected spans, keeping each escape that brings the shape
closer to the source's. When escaping cannot restore the shape, the unit falls back to its
English behind the ``〔未翻訳〕`` marker and :attr:`Kept.problem` says why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jtrans.findings import FALLBACK_MARKER
from jtrans.protect import protect_unit
from jtrans.reassemble import render_unit
from jtrans.segment import Unit, parser, regap

RULE = "markdown"

# inline tokens whose count (and destination/content) a translation keeps
_INLINE = {
    "link_open": "href",
    "image": "src",
    "code_inline": "content",
    "html_inline": "content",
    "em_open": "",
    "strong_open": "",
    "s_open": "",
    "hardbreak": "",
}
_NAMES = {
    "link_open": "link",
    "image": "image",
    "code_inline": "code span",
    "html_inline": "HTML tag",
    "em_open": "emphasis",
    "strong_open": "strong emphasis",
    "s_open": "strikethrough",
    "hardbreak": "hard line break",
}
# what the engine may not invent: kinds of protected spans whose text is kept as is
_MASKED = frozenset(
    {"code", "url", "link", "link-close", "image", "html", "math", "escape", "entity", "break"}
)
_LINE_START_RE = re.compile(
    r"(?P<indent>[ \t]*)(?:"
    r"(?P<digits>\d{1,9})[.)](?=[ \t]|$)"  # ordered list item
    r"|(?:#{1,6}(?=[ \t]|$)"  # ATX heading
    r"|[-+*](?=[ \t]|$)"  # bullet list item
    r"|(?:[-*_][ \t]*){3,}$"  # thematic break
    r"|=+[ \t]*$|-+[ \t]*$"  # setext underline
    r"|```|~~~"  # fence
    r"|[>|<]"  # quote, table, HTML block
    r"|\[(?=[^\]]*\]:)"  # link reference definition
    r"))"
)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_CANDIDATES_RE = re.compile(r"`+|\*+|_+|~+|[<\[|]")
_MAX_TRIES = 200  # single escapes tried per unit (each is one small parse)
_BODY_ROW = "| a |\n| - |\n"  # a table head a body row's first cell is checked under


@dataclass(frozen=True)
class Shape:
    """The Markdown meaning of a unit's text, without its words."""

    blocks: tuple[tuple[str, str], ...]
    inline: tuple[tuple[str, str], ...]  # sorted multiset of (token type, key)

    def distance(self, other: Shape) -> int:
        """How far apart two shapes are: each block token more or less weighs 10 (and blocks in
        another order 1), each inline token more or less 1."""
        a, b = Counter(self.inline), Counter(other.inline)
        x, y = Counter(self.blocks), Counter(other.blocks)
        moved = self.blocks != other.blocks
        return 10 * sum(((x - y) + (y - x)).values()) + moved + sum(((a - b) + (b - a)).values())

    def describe(self, translated: Shape) -> str:
        """What ``translated`` changed, in words (for the flag)."""
        what: list[str] = []
        if translated.blocks != self.blocks:
            src = _block_names(self.blocks)
            out = _block_names(translated.blocks)
            what.append(f"{' + '.join(src) or 'text'} became {' + '.join(out) or 'nothing'}")
        a, b = Counter(self.inline), Counter(translated.inline)
        for (kind, key), n in sorted((b - a).items()):
            what.append(f"adds {_describe(kind, key, n)}")
        for (kind, key), n in sorted((a - b).items()):
            what.append(f"loses {_describe(kind, key, n)}")
        return "; ".join(what)


@dataclass
class Kept:
    """The text to publish for a unit, and why it is not the translation (``None``: it is)."""

    text: str
    problem: str | None = None
    repaired: bool = False
    change: str = ""  # what the translation changed (repaired or not), in words


def shape(text: str, *, inline: bool = False, references: Mapping[str, Any] | None = None) -> Shape:
    """The :class:`Shape` of ``text`` parsed as a document (``inline``: as a table cell's
    content), with ``references`` as the post's link reference definitions."""
    env: dict[str, Any] = {"references": dict(references or {})}
    md = parser()
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    blocks = () if inline else tuple((t.type, t.tag) for t in tokens if t.type != "inline")
    marks: list[tuple[str, str]] = []
    for tok in tokens:
        for child in tok.children or ():
            attr = _INLINE.get(child.type)
            if attr is None:
                continue
            if attr == "content":
                key = child.content
            elif attr:
                key = str(child.attrs.get(attr, ""))
            else:
                key = ""
            marks.append((child.type, key))
    return Shape(blocks, tuple(sorted(marks)))


def unit_shape(
    unit: Unit,
    text: str,
    references: Mapping[str, Any] | None = None,
    following: str = "",
    rest: str = "",
) -> Shape:
    """The shape of ``text`` as ``unit``'s content, followed by the source line ``following``
    (without its line ending): what reassembly would put in the post. ``rest``: for a table
    cell that begins a body row's line, the rest of that line."""
    if unit.kind == "table-cell":
        cell = render_unit(unit, text)
        inline = shape(cell, inline=True, references=references)
        if unit.row_start != "body":
            return inline
        return Shape(shape(_BODY_ROW + cell + rest).blocks, inline.inline)
    # a unit without gaps is rendered on one line (regap joins with spaces)
    body = text if unit.gaps else regap(text, [])
    if following.strip():
        body += "\n" + following
    return shape(body, references=references)


def keep(
    unit: Unit,
    text: str,
    references: Mapping[str, Any] | None = None,
    following: str = "",
    rest: str = "",
) -> Kept:
    """``text`` for ``unit`` if its Markdown shape is the source's; else the escaped text if
    that restores it; else the English fallback with the reason in :attr:`Kept.problem`.
    ``following``: the source line after the unit (see :meth:`Context.following`); ``rest``:
    the rest of its line (see :meth:`Context.rest`)."""
    if text == unit.text:
        return Kept(text)

    def shape_of(candidate: str) -> Shape:
        return unit_shape(unit, candidate, references, following, rest)

    want = shape_of(unit.text)
    got = shape_of(text)
    if got == want:
        return Kept(text)
    change = want.describe(got)
    fixed = _repair(unit, text, want, shape_of)
    if fixed is not None:
        return Kept(fixed, repaired=True, change=change)
    problem = f"the translation changed the Markdown ({change}); kept the English"
    fallback = FALLBACK_MARKER + unit.text
    if shape_of(fallback) != want:
        fallback = unit.text
    return Kept(fallback, problem, change=change)


class Context:
    """What the units of one post share for the check: its text and its link reference
    definitions (normalised label → definition, as :func:`jtrans.segment.analyse` finds)."""

    def __init__(self, source: str, references: Mapping[str, Any] | None = None) -> None:
        self.source = source
        self.references = dict(references or {})

    def following(self, unit: Unit) -> str:
        """The source line after ``unit``'s last line (empty at the end of the post), without
        as much of the container prefix (quote markers, indentation) as the unit's first line
        has before it."""
        nl = _NEWLINE_RE.search(self.source, unit.end)
        if nl is None:
            return ""
        end = _NEWLINE_RE.search(self.source, nl.end())
        line = self.source[nl.end() : end.start() if end else len(self.source)]
        line_start = max(
            self.source.rfind("\n", 0, unit.start), self.source.rfind("\r", 0, unit.start)
        )
        width = unit.start - line_start - 1
        i = 0
        while i < min(width, len(line)) and line[i] in " \t>":
            i += 1
        return line[i:]

    def rest(self, unit: Unit) -> str:
        """The source after ``unit`` up to the end of its line (the other cells of a row)."""
        nl = _NEWLINE_RE.search(self.source, unit.end)
        return self.source[unit.end : nl.start() if nl else len(self.source)]

    def depends_on_post(self, unit: Unit, text: str) -> bool:
        """Whether ``text``, checked for ``unit`` in another post (a memory entry), may mean
        something else here: it holds a bracket (this post's link definitions differ), a line
        follows the unit (a setext underline or a table row reads it differently) or it
        begins a table row's line (the rest of the row differs)."""
        if "[" in text or "[" in unit.text or unit.row_start == "body":
            return True
        return unit.kind != "table-cell" and bool(self.following(unit).strip())

    def keep(self, unit: Unit, text: str) -> Kept:
        """:func:`keep` for one of this post's units."""
        if text == unit.text:
            return Kept(text)
        rest = self.rest(unit) if unit.row_start == "body" else ""
        return keep(unit, text, self.references, self.following(unit), rest)


# -- repair ----------------------------------------------------------------------------------


def _repair(unit: Unit, text: str, want: Shape, shape_of: Callable[[str], Shape]) -> str | None:
    """``text`` with escapes that give it the shape ``want``, or ``None``: all line starts at
    once first, then the single escape that brings the shape closest, again and again."""

    def distance(candidate: str) -> int:
        return shape_of(candidate).distance(want)

    best = text
    best_d = distance(text)
    if _line_starts(unit):
        starts = "\n".join(escape_line_start(line) for line in text.split("\n"))
        if starts != text and (d := distance(starts)) < best_d:
            best, best_d = starts, d
    tries = 0
    while best_d and tries < _MAX_TRIES:  # steepest descent: the best single escape each round
        round_best, round_d = best, best_d
        for candidate in _edits(best, unit)[: _MAX_TRIES - tries]:
            tries += 1
            d = distance(candidate)
            if d < round_d:
                round_best, round_d = candidate, d
        if round_d == best_d:
            break  # no single escape helps
        best, best_d = round_best, round_d
    return best if best_d == 0 else None


def _line_starts(unit: Unit) -> bool:
    """Whether ``unit``'s text begins lines of the post, where block markers count."""
    return unit.kind != "table-cell" or unit.row_start == "body"


def escape_line_start(line: str) -> str:
    """``line`` with the block marker at its start escaped (``\\-``, ``\\#``, ``1\\.``) and
    the leading white space that could make a code block dropped: it continues a paragraph."""
    m = _LINE_START_RE.match(line)
    if m is None:
        return line.lstrip(" \t")
    rest = line[m.end("indent") :]
    if m.group("digits"):
        n = len(m.group("digits"))
        return rest[:n] + "\\" + rest[n:]
    return "\\" + rest


def _edits(text: str, unit: Unit) -> list[str]:
    """Escape variants of ``text``, fewest escapes first (ties keep the first): one line
    start, one run of punctuation, then every unprotected ``*`` (or backtick …) at once (a
    sentence the engine wrapped in them)."""
    out = []
    if _line_starts(unit):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            fixed = escape_line_start(line)
            if fixed != line:
                out.append("\n".join([*lines[:i], fixed, *lines[i + 1 :]]))
    found = _candidates(text, unit)
    for pos in found:
        out += _escape_run(text, pos)
    for ch in dict.fromkeys(text[pos] for pos in found):  # every one the engine may have written
        ones = {i for pos in found if text[pos] == ch for i in _run(text, pos)}
        out.append("".join("\\" + c if i in ones else c for i, c in enumerate(text)))
    return out


def _candidates(text: str, unit: Unit) -> list[int]:
    """Positions of unescaped Markdown punctuation the engine may have written: not inside the
    text of a span the source protected (code, URLs, link destinations, HTML …)."""
    masked = _masked(text, unit)
    found = []
    for m in _CANDIDATES_RE.finditer(text):
        pos = m.start()
        if masked[pos] or _escaped(text, pos):
            continue
        found.append(pos)
    return found


def _masked(text: str, unit: Unit) -> list[bool]:
    mask = [False] * (len(text) + 1)
    for span in protect_unit(unit.text).spans:
        if span.kind not in _MASKED or len(span.text) < 2:
            continue
        start = 0
        while (k := text.find(span.text, start)) >= 0:
            for i in range(k, k + len(span.text)):
                mask[i] = True
            start = k + len(span.text)
    return mask


def _escaped(text: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _run(text: str, pos: int) -> range:
    """Indices of the run of the character at ``pos``."""
    end = pos
    while end < len(text) and text[end] == text[pos]:
        end += 1
    return range(pos, end)


def _escape_run(text: str, pos: int) -> list[str]:
    """``text`` with the run of the character at ``pos`` backslash-escaped: the whole run,
    then (a run the engine glued to the source's ``**``) only its first or its last one."""
    ch = text[pos]
    end = pos
    while end < len(text) and text[end] == ch:
        end += 1
    out = [text[:pos] + ("\\" + ch) * (end - pos) + text[end:]]
    if end - pos > 1:
        out.append(text[:pos] + "\\" + text[pos:])
        out.append(text[: end - 1] + "\\" + text[end - 1 :])
    return out


# -- descriptions ----------------------------------------------------------------------------


def _block_names(blocks: tuple[tuple[str, str], ...]) -> list[str]:
    names = []
    for kind, tag in blocks:
        if kind.endswith("_close"):
            continue
        kind = kind.removesuffix("_open")
        if kind in ("list_item", "tr", "th", "td", "thead", "tbody"):
            continue
        if kind == "heading":
            kind = f"heading ({tag})"
        names.append(kind.replace("_", " "))
    return names


def _describe(kind: str, key: str, n: int) -> str:
    name = _NAMES.get(kind, kind)
    many = f"{n} " if n > 1 else "an " if name[0] in "aeiou" or name.startswith("HTML") else "a "
    return f"{many}{name}" + (f" {key!r}" if key and len(key) <= 60 else "")
