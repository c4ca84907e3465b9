"""Ordinals in digits that Japanese counts another way → placeholders: ``2nd place`` → ``2位``.

The model reads a digit ordinal as a count or a date: a real week's "the model ranks 2nd
place" came back as ``2つの場所`` (two places), "the 3rd time" as ``3日目`` (the third day),
"the 88th percentile" as ``88センタイル``. Where the noun after the ordinal says which
Japanese form it takes, the ordinal and its noun are rendered by rule and protected, as dates
and quantities are:

- a rank: ``2nd place`` / ``2nd position`` / ``second place`` → ``2位`` (not the idiom "in the
  first place"), an ordinal right after a verb of ranking (``ranks 1st``, ``finished third``,
  ``came 2nd``) → ``1位`` (the verb stays), and a shared rank: ``tied for second`` → ``2位タイ``
  (a real week's came back as ``2秒に関連付けられ``, two seconds);
- ``88th percentile`` → ``88パーセンタイル``;
- ``3rd time`` → ``3回目``.

Other ordinals (``19th century``, ``the 4th of July``: dates come first) are left to the model,
which writes them well.
"""

from __future__ import annotations

import re

from jtrans.placeholders import MAX_PLACEHOLDERS, substitute

_RANK_VERBS = (
    "rank", "ranks", "ranked", "ranking", "finish", "finished", "finishes", "finishing",
    "placed", "places", "placing", "came", "comes", "come", "coming",
)  # fmt: skip
_NOUNS = {"place": "位", "position": "位", "percentile": "パーセンタイル", "time": "回目"}
_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_AFTER_VERB = "|".join(rf"(?<=\b(?i:{verb}) )" for verb in _RANK_VERBS)
_DIGITS = r"\d{1,4}(?:st|nd|rd|th)"
_SPELLED = f"(?i:{'|'.join(_WORDS)})"
ORDINAL_RE = re.compile(
    # tied for second → 2位タイ (a real week's came back as 2秒に関連付けられ)
    rf"(?<![\w-])(?i:tied\s+for)\s+(?P<tie>{_DIGITS}|{_SPELLED})(?:\s+(?i:place))?(?![\w-])"
    # (with the start of a range: 51st–88th percentile → 51～88パーセンタイル)
    rf"|(?<![\w.,-])(?:(?P<low>{_DIGITS})\s?[–−-]\s?)?(?P<n>{_DIGITS})\s+"
    rf"(?P<noun>(?i:{'|'.join(_NOUNS)}))(?![\w-])"
    # first place → 1位, not the idiom "in the first place"
    rf"|(?<![\w-])(?<!\b[Ii]n the )(?P<word>{_SPELLED})\s+(?i:place)(?![\w-])"
    # after a verb of ranking, the ordinal alone (the verb stays for the model)
    rf"|(?:{_AFTER_VERB})(?P<rank>{_DIGITS}|{_SPELLED})(?![\w-])"
)


def _number(ordinal: str) -> str:
    """``2nd`` → ``2``, ``second`` → ``2``."""
    word = ordinal.lower()
    return str(_WORDS[word]) if word in _WORDS else ordinal[:-2]


def render(m: re.Match[str]) -> str:
    """The Japanese of one match: ``2位``, ``2位タイ``, ``88パーセンタイル``, ``3回目``."""
    if m.group("tie"):
        return _number(m.group("tie")) + "位タイ"
    if m.group("rank") or m.group("word"):
        return _number(m.group("rank") or m.group("word")) + "位"
    low = f"{_number(m.group('low'))}～" if m.group("low") else ""
    return low + _number(m.group("n")) + _NOUNS[m.group("noun").lower()]


# a rank the model wrote as a verb's participle (5位されたなど, 2位タイされ、)
_PASSIVE_RE = re.compile(r"(⟦(\d+)⟧)され(た|、|て)")


def unpassive(text: str, restore: dict[int, str]) -> str:
    """``text`` with a rank's placeholder that the model wrote as a verb (``⟦0⟧された``, "e.g.,
    5th place in a real contest" came back as 5位されたなど; ``⟦0⟧され、``) as a noun:
    ``⟦0⟧`` before a noun or particle, ``⟦0⟧となり、`` / ``⟦0⟧となって`` before a clause."""

    def repl(m: re.Match[str]) -> str:
        if not _RANK_RE.fullmatch(restore.get(int(m.group(2)), "")):
            return m.group(0)
        return m.group(1) + {"た": "", "、": "となり、", "て": "となって"}[m.group(3)]

    return _PASSIVE_RE.sub(repl, text)


_RANK_RE = re.compile(r"\d+位(?:タイ)?")


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace the ordinals of ``text`` that :data:`ORDINAL_RE` knows (with their noun, or
    after a verb of ranking) by placeholders numbered from ``next_index``; return the text and
    their renderings."""
    return substitute(ORDINAL_RE, render, text, next_index, limit)
