"""Segmentation: find the translatable units of a Markdown post and their exact source bytes.

markdown-it-py (CommonMark + the GFM table rule + front matter) parses the post; each heading,
paragraph (in a list item or blockquote too) and table cell becomes a :class:`Unit` that knows
where its text lies in the source. Front matter, fenced/indented code, HTML blocks and link
reference definitions yield no unit, so they are never translated.

A unit may span several lines (a wrapped paragraph, a quote): its ``text`` holds the content
with ``"\\n"`` between lines, and ``gaps`` holds what really sits there in the source (the line
ending plus the container prefix such as ``"> "`` or list indentation). Splicing translated
unit texts back at the recorded offsets (:mod:`jtrans.reassemble`) leaves every other byte of
the post untouched.

:func:`analyse` also returns the document's link reference definitions (so a translation can
keep the labels that key them) and the lines nested too deep for the parser: markdown-it stops
at :data:`MAX_NESTING` levels (about 49 nested lists or 100 nested quotes) and skips what lies
deeper, so those lines are reported instead of silently left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

KINDS = ("heading", "paragraph", "table-cell", "list-item", "quote")
# markdown-it's block nesting limit (the CommonMark preset's 20 stopped at 9 nested lists);
# each list level takes two (list + item), a quote one. Deeper content is reported, not parsed.
MAX_NESTING = 100
_CONTAINERS = ("blockquote_open", "list_item_open")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class Unit:
    """One translatable unit.

    ``source[start:end]`` equals ``text`` with its ``"\\n"`` separators replaced, in order, by
    ``gaps``. ``line`` is 1-based. ``row_start`` is set for a table cell that begins its row's
    line (a row without a leading pipe): ``"head"`` or ``"body"``, the row it is in; a block
    marker written there would end a table's body.
    """

    id: int
    kind: str
    line: int
    start: int
    end: int
    text: str
    gaps: list[str] = field(default_factory=list)
    row_start: str = ""

    def source_text(self) -> str:
        """The unit's exact source bytes (``text`` with ``gaps`` put back)."""
        return regap(self.text, self.gaps)


def regap(text: str, gaps: list[str]) -> str:
    """Replace each ``"\\n"`` of ``text`` by the matching gap (the last one is reused)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    if not gaps:
        return " ".join(lines)
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        out.append(gaps[min(i, len(gaps) - 1)])
        out.append(line)
    return "".join(out)


@dataclass
class Document:
    """What :func:`analyse` finds in a post."""

    units: list[Unit]
    # link reference definitions by normalised label (markdown-it's ``env["references"]``)
    references: dict[str, dict[str, Any]]
    # 1-based lines of containers nested deeper than MAX_NESTING: their content is not parsed
    too_deep: list[int]


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The shared markdown-it-py parser (CommonMark, tables, strikethrough, front matter)."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin)
    plugin_rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == "front_matter")

    def front_matter_at_top(state: Any, start: int, end: int, silent: bool) -> bool:
        # the plugin's rule also fired inside a list item on the first line (`- \---`: it
        # counted the bullet as the document's first '-' and the backslash as a fence
        # character), so a list item became front matter; front matter starts at offset 0
        if state.blkIndent != 0 or state.bMarks[start] + state.tShift[start] != 0:
            return False
        return bool(plugin_rule(state, start, end, silent))

    md.block.ruler.at(
        "front_matter",
        front_matter_at_top,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    return md


class _Lines:
    """Line starts/ends of the source, with markdown-it's notion of a line (any newline)."""

    def __init__(self, source: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # end of the line's text, before its terminator
        for m in _LINE_RE.finditer(source):
            if m.start() == len(source) and self.starts:
                break
            text_end = m.end()
            while text_end > m.start() and source[text_end - 1] in "\r\n":
                text_end -= 1
            self.starts.append(m.start())
            self.ends.append(text_end)
        # markdown-it sees NUL as U+FFFD; compare against the same view
        self.view = source.replace("\0", "\ufffd")

    def text(self, i: int) -> str:
        return self.view[self.starts[i] : self.ends[i]]

    def __len__(self) -> int:
        return len(self.starts)


def segment(source: str) -> list[Unit]:
    """The translatable units of ``source``, in document order."""
    return analyse(source).units


def analyse(source: str) -> Document:
    """The units of ``source``, its link reference definitions and its too-deep lines."""
    env: dict[str, Any] = {}
    tokens = parser().parse(source, env)
    return Document(_units(tokens, source), dict(env.get("references", {})), _too_deep(tokens))


def _too_deep(tokens: list[Token]) -> list[int]:
    """Lines of the containers whose content markdown-it skipped (nesting limit reached): a
    container opened at the last level closes right away, nothing inside it parsed."""
    lines = []
    for i, tok in enumerate(tokens[:-1]):
        if tok.type in _CONTAINERS and tok.level >= MAX_NESTING - 1 and tok.map:
            if tokens[i + 1].nesting == -1:
                lines.append(tok.map[0] + 1)
    return lines


def _units(tokens: list[Token], source: str) -> list[Unit]:
    lines = _Lines(source)
    units: list[Unit] = []
    stack: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(tok.type)
        elif tok.nesting == -1 and stack:
            stack.pop()
        if tok.type != "inline" or not tok.map or i == 0:
            continue
        parent = tokens[i - 1]
        if parent.type == "heading_open":
            kind = "heading"
            spans = _heading_spans(tok, parent, lines)
        elif parent.type == "paragraph_open":
            if "blockquote_open" in stack:
                kind = "quote"
            elif "list_item_open" in stack:
                kind = "list-item"
            else:
                kind = "paragraph"
            spans = _paragraph_spans(tok, tok.map[1] - tok.map[0], lines)
        else:
            continue  # table cells are handled per row below
        if spans:
            units.append(_unit(len(units) + 1, kind, tok.map[0], spans, source))
    units.extend(_table_units(tokens, lines, source, start_id=len(units) + 1))
    units.sort(key=lambda u: u.start)
    kept: list[Unit] = []
    for u in units:  # defensive: never hand out overlapping spans
        if not kept or u.start >= kept[-1].end:
            kept.append(u)
    for n, u in enumerate(kept, 1):
        u.id = n
    return kept


def _unit(uid: int, kind: str, line: int, spans: list[tuple[int, int]], source: str) -> Unit:
    text = "\n".join(source[a:b] for a, b in spans)
    gaps = [source[spans[k][1] : spans[k + 1][0]] for k in range(len(spans) - 1)]
    return Unit(uid, kind, line + 1, spans[0][0], spans[-1][1], text, gaps)


def _paragraph_spans(tok: Token, n_lines: int, lines: _Lines) -> list[tuple[int, int]] | None:
    """Source spans of a paragraph's (or setext heading's) content lines, or None."""
    assert tok.map is not None
    content_lines = tok.content.split("\n")
    if not tok.content.strip() or len(content_lines) != n_lines:
        return None
    spans = []
    for k, cl in enumerate(content_lines):
        li = tok.map[0] + k
        if li >= len(lines):
            return None
        src = lines.text(li)
        key = cl.strip()
        stripped = src.rstrip()
        if not key or not stripped.endswith(key):
            return None
        a = lines.starts[li] + len(stripped) - len(key)
        last = k == len(content_lines) - 1
        b = lines.starts[li] + (len(stripped) if last else len(src))
        spans.append((a, b))
    return spans


def _heading_spans(tok: Token, parent: Token, lines: _Lines) -> list[tuple[int, int]] | None:
    assert tok.map is not None
    if parent.markup in ("=", "-"):  # setext: the inline's map excludes the underline
        n = tok.map[1] - tok.map[0]
        if parent.map and tok.map[1] == parent.map[1]:
            n -= 1
        return _paragraph_spans(tok, n, lines)
    content = tok.content
    if not content.strip():
        return None
    li = tok.map[0]
    src = lines.text(li)
    hashes = src.find("#")
    if hashes < 0:
        return None
    after = hashes
    while after < len(src) and src[after] == "#":
        after += 1
    k = src.find(content, after)
    if k < 0:
        return None
    return [(lines.starts[li] + k, lines.starts[li] + k + len(content))]


# -- tables ------------------------------------------------------------------------------------


def _table_units(tokens: list[Token], lines: _Lines, source: str, start_id: int) -> list[Unit]:
    """One unit per non-empty cell. Cells are cut from the row's source line the way
    markdown-it cuts them (unescaped pipes) and matched, in order, to its cell contents, so a
    prefix it did not see (a list marker before the row) cannot shift the columns."""
    units: list[Unit] = []
    quote_depth = 0
    row_line: int | None = None
    cells: list[tuple[int, int]] = []
    cursor = 0
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "tr_open" and tok.map:
            row_line = tok.map[0]
            cells = _row_cells(lines.text(row_line), quote_depth)
            cursor = 0
        elif tok.type in ("th_open", "td_open") and row_line is not None:
            content = tokens[i + 1].content.strip() if i + 1 < len(tokens) else ""
            if not content:
                continue  # empty (or autocompleted) cell: nothing to translate
            line = lines.text(row_line)
            for j in range(cursor, len(cells)):
                a, b = cells[j]
                if line[a:b].replace("\\|", "|").strip() == content:
                    base = lines.starts[row_line]
                    span = [(base + a, base + b)]
                    unit = _unit(start_id + len(units), "table-cell", row_line, span, source)
                    if "|" not in line[:a]:  # no leading pipe: the cell begins the row's line
                        unit.row_start = "head" if tok.type == "th_open" else "body"
                    units.append(unit)
                    cursor = j + 1
                    break
        elif tok.type == "tr_close":
            row_line = None
    return units


def _row_cells(line: str, quote_depth: int) -> list[tuple[int, int]]:
    """(start, end) of each trimmed cell of a table row line, as markdown-it splits it."""
    pos = 0
    for _ in range(quote_depth):  # container prefixes of a table inside blockquotes
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos < len(line) and line[pos] == ">":
            pos += 1
    end = len(line)
    while pos < end and line[pos].isspace():
        pos += 1
    while end > pos and line[end - 1].isspace():
        end -= 1
    bounds: list[tuple[int, int]] = []
    last = pos
    escaped = False
    for i in range(pos, end):
        ch = line[i]
        if ch == "|" and not escaped:
            bounds.append((last, i))
            last = i + 1
        escaped = ch == "\\"
    bounds.append((last, end))
    if bounds and bounds[0][0] == bounds[0][1]:
        bounds.pop(0)
    if bounds and bounds[-1][0] == bounds[-1][1]:
        bounds.pop()
    cells = []
    for a, b in bounds:
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        cells.append((a, b))
    return cells
