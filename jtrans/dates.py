"""English calendar dates → Japanese, as placeholders (every digest heading has a date range).

A small model garbles dates ("June 23 - June 29" became "1980年"), and there is one right way to
write them, so they are rendered by rule and protected like glossary terms: ``June 23`` →
``6月23日``, ``June 23 - June 29`` / ``June 23-29`` → ``6月23日～6月29日``, ``July 31, 2023`` →
``2023年7月31日``, ``January 2024`` → ``2024年1月``. Only capitalised month names followed by a
number count ("May" the verb is left alone).
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
_DATE = rf"(?P<m{{n}}>{_MONTH})\.?\s+(?P<d{{n}}>{_DAY})(?:,\s*(?P<y{{n}}>(?:19|20)\d\d))?"
DATE_RE = re.compile(
    r"(?<![\w-])"
    + _DATE.format(n=1)
    + r"(?:\s*[-–—]\s*(?:"
    + _DATE.format(n=2)
    + r"|(?P<d3>"
    + _DAY
    + r")))?(?![\w-])"
    + r"|(?<![\w-])(?P<m4>"
    + _MONTH
    + r")\s+(?P<y4>(?:19|20)\d\d)(?![\w-])"
)


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _ja(month: str, day: str | None = None, year: str | None = None) -> str:
    out = f"{year}年" if year else ""
    out += f"{MONTHS[month]}月"
    return out + (f"{_day(day)}日" if day else "")


def render(m: re.Match[str]) -> str:
    """The Japanese for one match of :data:`DATE_RE`."""
    if m.group("m4"):
        return _ja(m.group("m4"), year=m.group("y4"))
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
    return substitute(DATE_RE, render, text, next_index, limit)
