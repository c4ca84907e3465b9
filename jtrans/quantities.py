"""Percentages and speed-ups → placeholders with their one right Japanese form.

Digest descriptions are full of ``34%`` and ``4.5x faster``; a Japanese digest writes ``34%``
and ``4.5倍``. A small model stutters on them (``3x2x 2``, ``2xxx``), so like dates they are
rendered by rule and protected: ``N%`` stays as written, ``Nx``/``N×`` becomes ``N倍``.
A number joined to a word (``x86``, ``3x3``, ``2x-``) is left alone.

After translation :func:`by_amount` mends the model's word-for-word "by 35%": ``35%によって
メモリを削減`` ("by means of 35%") becomes ``メモリを35%削減``, the amount before the verb, and
:func:`counters` the native counter つ after a number of ten or more, which Japanese does not
use (``12つのベンチマーク`` → ``12のベンチマーク``, ``12つ`` → ``12個``).
"""

from __future__ import annotations

import re

from jtrans.placeholders import MAX_PLACEHOLDERS, make, substitute

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


_RENDERED_RE = re.compile(r"[\d.,]+(?:%|倍)")
_BY_RE = re.compile(
    r"\bby\s+(?:(?:up to|over|about|around|nearly|roughly|almost|more than|at least)\s+)?⟦(\d+)⟧"
)
_LITERAL_BY = r"(?:によって|することで)[、\s]?"  # "by means of", "by doing": both word for word
# verbs of change a digest uses with an amount: reduce, cut, shorten, speed up, improve, raise…
_CHANGE_VERBS = (
    "削減|減ら|減少|短縮|圧縮|高速化|加速|改善|向上|増加|増や|上回|下回|低下|上昇|抑え|"
    "引き上げ|引き下げ|高め|下げ|速く|短く|少なく|大きく|小さく|伸ば|節約"
)


def by_amount(ja: str, source: str, restore: dict[int, str]) -> str:
    """``ja`` with each "by [up to] ⟦k⟧" of ``source`` (``⟦k⟧`` a percentage or multiplier)
    rendered as a Japanese digest writes it: ``⟦k⟧によって⟦1⟧を削減`` → ``⟦1⟧を⟦k⟧削減``
    (also ``⟦k⟧することで、``); without an object and a verb of change right after it, the
    によって is dropped (``⟦k⟧削減``)."""
    for m in _BY_RE.finditer(source):
        index = int(m.group(1))
        if not _RENDERED_RE.fullmatch(restore.get(index, "")):
            continue
        token = make(index)
        moved = re.compile(
            rf"{re.escape(token)}\s?{_LITERAL_BY}([^、。]{{0,40}}?を)\s?(?=(?:{_CHANGE_VERBS}))"
        )
        new = moved.sub(rf"\g<1>{token}", ja, count=1)  # token: ⟦digits⟧, nothing to escape
        if new == ja:
            new = re.sub(rf"{re.escape(token)}\s?{_LITERAL_BY}", token, ja, count=1)
        ja = new
    return ja


_TSU_RE = re.compile(r"(?<![\d.,/])(\d{2,}|[1-9]\d*,\d{3})つ(?!目)(の)?")


def counters(ja: str) -> str:
    """``ja`` with つ after a number ≥ 10 dropped before の and made 個 elsewhere (つ counts
    only one to nine: 3つ is right, 12つ is not)."""
    return _TSU_RE.sub(lambda m: m.group(1) + ("の" if m.group(2) else "個"), ja)
