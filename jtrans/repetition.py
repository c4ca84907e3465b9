"""Words repeated back to back (分散分散, 会話会話, モデルモデル): find them and collapse them.

A small model that loses its place repeats the word it just wrote. :func:`repeats` lists the
words of a translation that follow themselves (UniDic words, the tokenizer the scorer uses;
only words with kanji, katakana or Latin letters, two characters or more, so 一つ一つ, 様々,
エンティティ and placeholders are not repeats). :func:`collapse` keeps one copy of each run,
and also drops the model's own copy of a term written next to the placeholder that renders it
(``大規模言語モデル⟦0⟧`` where ``⟦0⟧`` becomes 大規模言語モデル).
"""

from __future__ import annotations

import re

from jtrans.placeholders import PLACEHOLDER_RE, make

_CONTENT_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u30a1-\u30faA-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_LATIN_RE = re.compile(r"[A-Za-z]")


def _content(word: str) -> bool:
    """A word whose repetition is a decoding error, not Japanese reduplication or markup."""
    return (
        len(word) >= 2
        and _CONTENT_RE.search(word) is not None
        and _DIGIT_RE.search(word) is None
        and PLACEHOLDER_RE.search(word) is None
    )


def repeats(text: str) -> list[str]:
    """The words of ``text`` that come twice or more back to back, in order of appearance."""
    from jtrans.tokenizers.ja_unidic import words

    toks = words(text)  # placeholders stay whole tokens (and are never content words)
    out: list[str] = []
    for a, b in zip(toks, toks[1:], strict=False):
        if a == b and _content(a) and a not in out:
            out.append(a)
    return out


def collapse(
    text: str, restore: dict[int, str] | None = None, keep: str = ""
) -> tuple[str, list[str]]:
    """``text`` with each back-to-back run of a word reduced to one copy, and the model's copy
    of a placeholder's rendering dropped next to that placeholder; returns the words removed.
    Words repeated in ``keep`` (the English source) are left alone."""
    removed: list[str] = []
    kept = set(repeats(keep)) if keep else set()
    for word in repeats(text):
        if word in kept:
            continue
        new = _run_pattern(word).sub(word, text)
        if new != text:
            text = new
            removed.append(word)
    for index, value in sorted((restore or {}).items()):
        value = value.strip()
        token = make(index)
        if not _content(value) or token not in text:
            continue
        for pattern in (
            re.escape(value) + r"[ \u3000]?" + re.escape(token),
            re.escape(token) + r"[ \u3000]?" + re.escape(value),
        ):
            new = re.sub(_bounded(pattern, value), token, text, count=1)
            if new != text:
                text = new
                removed.append(value)
    return text, removed


def _run_pattern(word: str) -> re.Pattern[str]:
    w = re.escape(word)
    return re.compile(_bounded(rf"{w}(?:[ \u3000]?{w})+", word))


def _bounded(pattern: str, word: str) -> str:
    """Latin words match whole words only (``LLM LLMs`` is not a repeat)."""
    if _LATIN_RE.search(word):
        return rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
    return pattern
