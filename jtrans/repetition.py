"""Words repeated back to back (分散分散, 会話会話, モデルモデル): find them and collapse them.

A small model that loses its place repeats the word it just wrote, sometimes with its particle
(簡単に簡単に). :func:`repeats` lists the words (or word + one-kana particle units, or two-token
words three times over: 一度一度一度) of a translation that follow themselves (UniDic words, the
tokenizer the scorer uses; only words with kanji, katakana or Latin letters, two characters or
more, so 一つ一つ, 様々, エンティティ and placeholders are not repeats), and reduplicated
hiragana words written twice (しばしばしばしば). :func:`collapse` keeps
one copy of each run, and also drops the model's own copy of a term written next to the
placeholder that renders it (``大規模言語モデル⟦0⟧`` where ``⟦0⟧`` becomes 大規模言語モデル), or
of its first or last words (``評価⟦0⟧`` where ``⟦0⟧`` becomes 評価指標). :func:`echoes` says
whether a rewritten translation writes a content word more often than before, anywhere (the
placeholder insertion's continuations, :mod:`jtrans.decoding`).
"""

from __future__ import annotations

import re
from collections import Counter

from jtrans.placeholders import PLACEHOLDER_RE, make, strip
from jtrans.postprocess.chars import HAN, KATAKANA

_CONTENT_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u30a1-\u30faA-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_LATIN_RE = re.compile(r"[A-Za-z]")
_KATAKANA_TRIPLE_RE = re.compile(r"([\u30a1-\u30fa\u30fc]{2,4})\1\1")
_PARTICLE_RE = re.compile(r"^[\u3041-\u3096]$")  # one hiragana: に, を, の, が, は, で …
_DOUBLED_RE = re.compile(r"(([\u3041-\u3096]{2})\2)\1")  # しばしば twice: しばしばしばしば
_CONTENT_WORD = "[\u4e00-\u9fff\u30a1-\u30fa]{2}"  # two kanji or katakana
_CONTENT_WORD_RE = re.compile(_CONTENT_WORD)
# a whole content word: two kanji or more, three katakana or more (not ・)
_WHOLE_WORD_RE = re.compile(rf"[{HAN}]{{2,}}|(?:(?!・)[{KATAKANA}]){{3,}}")


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
    for i, a in enumerate(toks[:-1]):
        unit = None
        if a == toks[i + 1] and _content(a):
            unit = a
        elif (
            toks[i : i + 2] == toks[i + 2 : i + 4]
            and _content(a)
            and _PARTICLE_RE.match(toks[i + 1])
        ):
            unit = a + toks[i + 1]  # a word and its particle, twice: 簡単に簡単に, 性能を性能を
        elif (
            toks[i : i + 2] == toks[i + 2 : i + 4] == toks[i + 4 : i + 6]
            and toks[i + 6 : i + 7] != toks[i : i + 1]  # the run of two-token copies is
            and (i == 0 or toks[i - 1] != toks[i + 1])  # exactly six tokens long
            and _content(a + toks[i + 1])
            and not _PARTICLE_RE.match(a)
        ):
            # a word UniDic cuts in two, exactly three times: 一度一度一度 (twice may be
            # Japanese: 一つ一つ, 一人一人; four or more are a loop, left to the guard)
            unit = a + toks[i + 1]
        if unit is not None and _LATIN_RE.search(unit) and not _adjacent(unit, text):
            unit = None  # a name before and after a layout gap: ``DeepRare  DeepRareは``
        if unit is not None and unit not in out:
            out.append(unit)
    # inside one katakana run UniDic may not cut (ロボットデモデモデモンストレーション after a
    # placeholder): a unit of two to four katakana three times over is never a word
    for m in _KATAKANA_TRIPLE_RE.finditer(text):
        if m.group(1) not in out:
            out.append(m.group(1))
    # a reduplicated hiragana word written twice (often → しばしばしばしば, Coursera test): never
    # Japanese. Exactly two copies; a longer run of its two kana is a loop, the guard's to judge
    for m in _DOUBLED_RE.finditer(text):
        word, pair = m.group(1), m.group(2)
        if text[: m.start()].endswith(pair) or text[m.end() :].startswith(pair):
            continue
        if word not in out:
            out.append(word)
    return out


def _adjacent(unit: str, text: str) -> bool:
    """Whether ``unit`` follows itself in ``text`` directly or after one space (a Latin
    name's title and the description that opens with it are two copies across a layout gap
    in a digest item, ``DeepRare  DeepRareは``: no repeat)."""
    return re.search(re.escape(unit) + " ?" + re.escape(unit), text) is not None


def collapse(
    text: str, restore: dict[int, str] | None = None, keep: str = ""
) -> tuple[str, list[str]]:
    """``text`` with each back-to-back run of a word reduced to one copy, and the model's copy
    of a placeholder's rendering dropped next to that placeholder; returns the words removed.
    Words repeated in ``keep`` (the English source) are left alone."""
    removed: list[str] = []
    found = repeats(text)
    kept = set(repeats(keep)) if keep and found else set()  # (the source only when needed)
    for word in found:
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
        patterns = (
            re.escape(value) + r"[ \u3000]?" + re.escape(token),
            re.escape(token) + r"[ \u3000]?" + re.escape(value),
        )
        for pattern in patterns if value in text else ():  # (each holds the value as written)
            new = re.sub(_bounded(pattern, value), token, text, count=1)
            if new != text:
                text = new
                removed.append(value)
        text = _overlaps(text, token, value, removed)
    return text, removed


def _beside_content(text: str, token: str) -> bool:
    """Whether two kanji or katakana come right before or after a copy of ``token``."""
    at = text.find(token)
    while at >= 0:
        end = at + len(token)
        if _CONTENT_WORD_RE.fullmatch(text, max(0, at - 2), at) or _CONTENT_WORD_RE.match(
            text, end
        ):
            return True
        at = text.find(token, end)
    return False


def _overlaps(text: str, token: str, value: str, removed: list[str]) -> str:
    """``text`` without the model's copy of the first or last words of ``value`` written right
    before or after its placeholder ``token``: 評価⟦0⟧ where ⟦0⟧ is 評価指標 (evaluation
    metrics), ⟦0⟧学習 where ⟦0⟧ is 強化学習 ("trained with RL")."""
    if _LATIN_RE.search(value) or not _beside_content(text, token):
        return text
    from jtrans.tokenizers.ja_unidic import words

    toks = words(value)
    for k in range(len(toks) - 1, 0, -1):  # the longest part first
        head, tail = "".join(toks[:k]), "".join(toks[-k:])
        for part, pattern in (
            (head, re.escape(head) + re.escape(token)),
            (tail, re.escape(token) + re.escape(tail)),
        ):
            if _content(part):
                new = re.sub(pattern, token, text, count=1)
                if new != text:
                    text = new
                    removed.append(part)
    return text


def _run_pattern(word: str) -> re.Pattern[str]:
    w = re.escape(word)
    if _PARTICLE_RE.match(word[-1]):
        # a word + particle unit: two or three copies are a slip; four or more are a loop,
        # which the guard (postprocess.guard) must still see, so those are left alone
        sep = "[ \u3000]?"
        return re.compile(rf"(?<!{w}){w}(?:{sep}{w}){{1,2}}(?!{sep}{w})")
    return re.compile(_bounded(rf"{w}(?:[ \u3000]?{w})+", word))


def _bounded(pattern: str, word: str) -> str:
    """Latin words match whole words only (``LLM LLMs`` is not a repeat)."""
    if _LATIN_RE.search(word):
        return rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
    return pattern


def echoes(before: str, after: str) -> bool:
    """Whether ``after`` (a continuation with a placeholder put back) writes a content word
    more often than ``before`` did, anywhere, not only back to back: the model said it again
    after the term (real weeks: "proposes efficient parallel decoders" came back as
    …デコーダを提案するデコーディングを提案します)."""
    had = Counter(_WHOLE_WORD_RE.findall(strip(before, " ")))
    return any(n > had[w] for w, n in Counter(_WHOLE_WORD_RE.findall(strip(after, " "))).items())
