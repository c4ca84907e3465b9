"""Reassembly: splice translated unit texts back into the original Markdown.

Only the bytes of each unit's span change; table pipes, alignment rows, code, front matter,
list markers, indentation and blank lines are copied from the source untouched. A unit's
``"\\n"`` separators are replaced by its recorded gaps (line ending + container prefix), and
table cells are kept on one line with any new unescaped ``|`` escaped, without the white space
around them (markdown-it trims a cell anyway, and four spaces before a row's first cell would
make the row an indented code block) and with a space after a trailing backslash (which would
escape the next cell's pipe).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from jtrans.segment import Unit, regap

# as markdown-it's table rule (and ``segment``): a pipe right after a backslash is escaped
_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")


def render_unit(unit: Unit, text: str) -> str:
    """The source bytes that replace ``unit``'s span for translated unit ``text``."""
    if unit.kind == "table-cell":
        text = re.sub(r"\s*[\r\n]+\s*", " ", text)
        if text != unit.text:
            text = _UNESCAPED_PIPE_RE.sub(r"\\|", text.strip())
            if text.endswith("\\"):  # the table rule reads any backslash before a pipe as escape
                text += " "
        return text
    return regap(text, unit.gaps)


def reassemble(source: str, units: Iterable[Unit], texts: Mapping[int, str]) -> str:
    """``source`` with each unit whose id is in ``texts`` replaced by its translation."""
    out: list[str] = []
    pos = 0
    for unit in sorted(units, key=lambda u: u.start):
        if unit.id not in texts:
            continue
        if unit.start < pos:
            raise ValueError(f"unit {unit.id} overlaps the previous unit")
        out.append(source[pos : unit.start])
        out.append(render_unit(unit, texts[unit.id]))
        pos = unit.end
    out.append(source[pos:])
    return "".join(out)
