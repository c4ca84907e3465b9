"""Hallucination guard: decide when a translation must not be published.

``guard(ja, source)`` returns a fallback ``Finding`` for
- empty output for a source with words,
- output without any Japanese for a source with ordinary English words (≥ 3 words, ≥ 2 of
  them lower-case: a bare name such as ``GPT-4o`` or ``LoRA`` may legitimately stay English),
  unless the source only counts in number words and the output is exactly those numbers in
  digits (``One, two, three.`` → ``1、2、3。``; ``1 , 3。`` drops one and still falls back),
- looping output: a unit of 1–20 characters repeated ≥ 4 times in a row (の研究の研究の研究の研究),
  or a word n-gram repeated so often that under 30 % of the 4-grams are distinct,
- output far longer than the source could explain (over 3 × the source's characters + 30).
Lost or duplicated placeholders are not the guard's business: the pipeline repairs them (retry,
then append) before post-processing.
The pipeline then re-decodes with other settings and finally publishes ``fallback_text(source)``:
the English unchanged after the marker ``〔未翻訳〕`` (U+3014/U+3015, "not translated"), so
readers and ``jtrans score`` (which counts marked segments) can both see it.
"""

from __future__ import annotations

import re
from collections import Counter

from jtrans.findings import FALLBACK_MARKER, Finding
from jtrans.placeholders import PLACEHOLDER_RE, strip
from jtrans.postprocess.chars import has_japanese

NAME = "guard"

MIN_REPEATS = 4
_LOOP_RE = re.compile(r"(.{1,20}?)\1{" + str(MIN_REPEATS - 1) + ",}", re.S)
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen"
_TENS = {
    w: 10 * k
    for k, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_NUMBER_WORDS = {w: k for k, w in enumerate(f"{_UNITS} {_TEENS}".split())} | _TENS


def _counted(ja: str, src_words: list[str]) -> bool:
    """The source only counts (``One, two, three.``) and ``ja`` is those numbers in digits,
    in order, with no letters (Coursera lectures count like this)."""
    values = [_NUMBER_WORDS.get(w.lower()) for w in src_words]
    if None in values or re.search(r"[A-Za-z]", strip(ja, " ")):
        return False
    return [int(d) for d in re.findall(r"\d+", ja)] == values


def _source_words(source: str) -> list[str]:
    return _WORD_RE.findall(strip(source, " "))


def _looping(ja: str) -> str | None:
    text = re.sub(r"\s+", "", ja)
    for m in _LOOP_RE.finditer(text):
        unit = m.group(1)
        if len(unit) == 1 and (not re.match(r"\w", unit) or unit in "ー々"):
            continue  # ---- or …… is decoration, not a loop
        if len(unit) == 1 and len(m.group(0)) < 8:
            continue  # ええええ… needs to be long before it counts
        if unit.isdigit() or PLACEHOLDER_RE.fullmatch(unit):
            continue
        return f"looping output: {unit!r} repeated {len(m.group(0)) // len(unit)} times"
    from jtrans.tokenizers.ja_unidic import words

    toks = words(ja)
    if len(toks) >= 24:
        grams = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
        distinct = len(Counter(grams)) / len(grams)
        if distinct < 0.3:
            return f"looping output: only {distinct:.0%} of word 4-grams are distinct"
    return None


UNKNOWN = "\u2047"  # ⁇


def guard(ja: str, source: str) -> Finding | None:
    """A ``fallback=True`` flag when ``ja`` looks like a failed translation of ``source``."""
    src_words = _source_words(source)
    if not ja.strip():
        if src_words:
            return Finding(NAME, "empty output", fallback=True)
        return None
    lower = [w for w in src_words if w.islower()]
    if (
        not has_japanese(ja)
        and len(src_words) >= 3
        and len(lower) >= 2
        and not _counted(ja, src_words)
    ):
        return Finding(NAME, "output has no Japanese", fallback=True)
    if UNKNOWN in ja:  # sentencepiece's rendering of <unk>: the model was lost
        return Finding(NAME, f"unknown-token marker {UNKNOWN} in output", fallback=True)
    loop = _looping(ja)
    if loop:
        return Finding(NAME, loop, fallback=True)
    if len(ja) > 3 * len(source) + 30:
        return Finding(
            NAME,
            f"output too long ({len(ja)} chars for a {len(source)}-char source)",
            fallback=True,
        )
    return None


def fallback_text(source: str) -> str:
    """What to publish for a unit that could not be translated: ``〔未翻訳〕`` + the English."""
    return f"{FALLBACK_MARKER}{source}"


def is_fallback(text: str) -> bool:
    """True for output produced by ``fallback_text``."""
    return text.lstrip().startswith(FALLBACK_MARKER)
