"""Ordinals in digits that Japanese counts another way → placeholders: ``2nd place`` → ``2位``.

The model reads a digit ordinal as a count or a date: a real week's "the model ranks 2nd
place" came back as ``2つの場所`` (two places), "the 3rd time" as ``3日目`` (the third day),
"the 88th percentile" as ``88センタイル``. Where the noun after the ordinal says which
Japanese form it takes, the ordinal and its noun are rendered by rule and protected, as dates
and quantities are:

- a rank: ``2nd place`` / ``2nd position`` → ``2位``, and an ordinal right after a verb of
  ranking (``ranks 1st``, ``finished 3rd``, ``came 2nd``) → ``1位`` (the verb stays);
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
_AFTER_VERB = "|".join(rf"(?<=\b(?i:{verb}) )" for verb in _RANK_VERBS)
ORDINAL_RE = re.compile(
    rf"(?<![\w.,-])(?P<n>\d{{1,4}})(?:st|nd|rd|th)\s+(?P<noun>(?i:{'|'.join(_NOUNS)}))(?![\w-])"
    # after a verb of ranking, the ordinal alone (the verb stays for the model)
    rf"|(?:{_AFTER_VERB})(?P<rank>\d{{1,4}})(?:st|nd|rd|th)(?![\w-])"
)


def render(m: re.Match[str]) -> str:
    """The Japanese of one match: ``2位``, ``88パーセンタイル``, ``3回目``."""
    if m.group("rank"):
        return m.group("rank") + "位"
    return m.group("n") + _NOUNS[m.group("noun").lower()]


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace the ordinals of ``text`` that :data:`ORDINAL_RE` knows (with their noun, or
    after a verb of ranking) by placeholders numbered from ``next_index``; return the text and
    their renderings."""
    return substitute(ORDINAL_RE, render, text, next_index, limit)
