"""Token chunking: segments too long for a translation model are cut into chunks that fit,
without dropping any text.

``split_text`` cuts at the weakest boundary that makes every piece fit: sentence ends first, then
clause marks (``;`` ``:`` dashes), then commas, then spaces between words. Neighbouring pieces are
packed back together while they fit, so a long segment becomes as few chunks as possible. A single
word that is still too long is returned as is; the caller then cuts its tokens into windows
(``token_windows``). Concatenating the returned chunks gives back the input exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

BOUNDARIES: tuple[re.Pattern[str], ...] = (
    re.compile(r"[.!?。！？]+[\"'”’)\]]*\s+"),  # sentence ends
    re.compile(r"[;:；：]\s+|\s+[—–]+\s*|—|\s+--?\s+"),  # clauses
    re.compile(r"[,，、]\s*"),  # commas
    re.compile(r"\s+"),  # words
)


def split_text(text: str, count: Callable[[str], int], max_tokens: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``max_tokens`` (as measured by ``count``).

    Chunks keep their trailing whitespace so that ``"".join(chunks) == text``; a chunk can only
    exceed the limit when it is a single unbreakable word.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if count(text.strip()) <= max_tokens:
        return [text]
    return _split(text, count, max_tokens, 0)


def _split(text: str, count: Callable[[str], int], max_tokens: int, level: int) -> list[str]:
    if level >= len(BOUNDARIES):
        return [text]
    parts = _cut(text, BOUNDARIES[level])
    if len(parts) == 1:
        return _split(text, count, max_tokens, level + 1)
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = current + part
        if count(candidate.strip()) <= max_tokens:
            current = candidate
            continue
        if current:
            chunks.append(current)
            current = ""
        if count(part.strip()) <= max_tokens:
            current = part
        else:
            chunks.extend(_split(part, count, max_tokens, level + 1))
    if current:
        chunks.append(current)
    return chunks


def _cut(text: str, boundary: re.Pattern[str]) -> list[str]:
    """Cut after each boundary match; the match stays with the left part."""
    parts, start = [], 0
    for m in boundary.finditer(text):
        if m.end() > start and m.end() < len(text):
            parts.append(text[start : m.end()])
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p]


def token_windows(tokens: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive windows of at most ``size`` tokens covering ``tokens`` (the last resort)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return [list(tokens[i : i + size]) for i in range(0, len(tokens), size)] or [[]]
