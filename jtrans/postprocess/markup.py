"""Markdown syntax the model invented: characters that would change the document's structure.

A sentencepiece model trained on Markdown-rich documentation sometimes emits stray backticks,
pipes, asterisks or brackets. In a table cell a stray ``|`` adds a column; a stray pair of
backticks turns Japanese text into code. Everything the source really had is behind ``⟦n⟧``
placeholders, so an MT output may hold at most as many of these characters as its engine input:
the extra occurrences (from the right, so leading ones the source had are kept) are removed.
"""

from __future__ import annotations

from jtrans.placeholders import PLACEHOLDER_RE

MARKUP_CHARS = "`|*_$[]<>~\\"


def apply(ja: str, source: str) -> tuple[str, list[str]]:
    """``ja`` without markup characters beyond those in ``source``; also the removed ones."""
    plain_source = PLACEHOLDER_RE.sub("", source)
    removed: list[str] = []
    for ch in MARKUP_CHARS:
        extra = ja.count(ch) - plain_source.count(ch)
        if extra <= 0:
            continue
        ja = "".join(ja.rsplit(ch, extra))  # drop the last `extra` occurrences
        removed.append(ch * extra)
    return ja, removed
