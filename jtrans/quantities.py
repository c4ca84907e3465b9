"""Percentages and speed-ups → placeholders with their one right Japanese form.

Digest descriptions are full of ``34%`` and ``4.5x faster``; a Japanese digest writes ``34%``
and ``4.5倍``. A small model stutters on them (``3x2x 2``, ``2xxx``), so like dates they are
rendered by rule and protected: ``N%`` stays as written, ``Nx``/``N×`` becomes ``N倍``.
A number joined to a word (``x86``, ``3x3``, ``2x-``) is left alone.
"""

from __future__ import annotations

import re

from jtrans.placeholders import MAX_PLACEHOLDERS, substitute

QUANTITY_RE = re.compile(
    r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(%|x|×)(?![\w%×-])"
)


def render(m: re.Match[str]) -> str:
    """The Japanese for one match of :data:`QUANTITY_RE`."""
    number, unit = m.group(1), m.group(2)
    return number + ("%" if unit == "%" else "倍")


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace percentages and multipliers in ``text`` by placeholders numbered from
    ``next_index``; return the text and the placeholders' Japanese renderings."""
    return substitute(QUANTITY_RE, render, text, next_index, limit)
