"""English calendar dates → Japanese, as placeholders (every digest heading has a date range).

A small model garbles dates ("June 23 - June 29" became "1980年"), and there is one right way to
write them, so they are rendered by rule and protected like glossary terms: ``June 23`` →
``6月23日``, ``June 23 - June 29`` / ``June 23-29`` → ``6月23日～6月29日``, ``July 31, 2023`` →
``2023年7月31日``, ``January 2024`` → ``2024年1月``; day first as British English and news
write it: ``24 December`` → ``12月24日``, ``24 December 2021`` → ``2021年12月24日``, ``23-29 June``
→ ``6月23日～6月29日``. Only capitalised month names next to a number count ("May" the verb is
left alone).
"""

from __future__ import annotations

import re

from jtrans.placeholders import MAX_PLACEHOLDERS, substitute

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_LEAD_WORDS = "on from to until till by since before after between and of the at in as".split()
_DATE = rf"(?P<m{{n}}>{_MONTH})\.?\s+(?P<d{{n}}>{_DAY})(?:,\s*(?P<y{{n}}>(?:19|20)\d\d))?"
DATE_RE = re.compile(
    r"(?<![\w-])"
    + _DATE.format(n=1)
    + r"(?:\s*[-–—]\s*(?:"
    + _DATE.format(n=2)
    + r"|(?P<d3>"
    + _DAY
    + r")))?(?![\w-])"
    + r"|(?<![\w-])(?<!\d )(?P<m4>"
    + _MONTH
    + r")\s+(?P<y4>(?:19|20)\d\d)(?![\w-])"
    # day first: 24 December [2021], 24th of December, 23-29 June (not after a name:
    # "Llama 3 May 2024", see _after_name)
    + r"|(?<![\w.,-])(?:(?P<d6>"
    + _DAY
    + r")\s*[-–—]\s*)?(?P<d5>"
    + _DAY
    + r")\s+(?:of\s+)?(?P<m5>"
    + _MONTH
    + r")(?:,?\s+(?P<y5>(?:19|20)\d\d))?(?![\w-])"
)


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _ja(month: str, day: str | None = None, year: str | None = None) -> str:
    out = f"{year}年" if year else ""
    out += f"{MONTHS[month]}月"
    return out + (f"{_day(day)}日" if day else "")


_WORD_BEFORE_RE = re.compile(r"(\S+)\s+$")


def _after_name(m: re.Match[str]) -> bool:
    """Whether a day-first date follows a capitalised word that does not lead into a date
    (``Llama 3 May``, ``Top 5 March``: a name and a number, not a date)."""
    if not m.group("m5"):
        return False
    before = _WORD_BEFORE_RE.search(m.string, max(0, m.start() - 40), m.start())
    if before is None:
        return False
    word = before.group(1)
    return word[0].isupper() and word.lower() not in _LEAD_WORDS


def render(m: re.Match[str]) -> str:
    """The Japanese for one match of :data:`DATE_RE`."""
    if m.group("m4"):
        return _ja(m.group("m4"), year=m.group("y4"))
    if m.group("m5"):
        last = _ja(m.group("m5"), m.group("d5"), m.group("y5"))
        if m.group("d6"):
            return _ja(m.group("m5"), m.group("d6"), m.group("y5")) + "～" + last
        return last
    first = _ja(m.group("m1"), m.group("d1"), m.group("y1"))
    if m.group("m2"):
        return first + "～" + _ja(m.group("m2"), m.group("d2"), m.group("y2"))
    if m.group("d3"):
        return first + "～" + _ja(m.group("m1"), m.group("d3"))
    return first


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace dates in ``text`` by placeholders numbered from ``next_index``; return the text
    and the placeholders' Japanese renderings."""
    return substitute(DATE_RE, render, text, next_index, limit, accept=lambda m: not _after_name(m))
