"""Japanese era years the English never had: ``1939年(昭和14年)`` → ``1939年``.

The encyclopedic part of the training data writes a Western year together with its Japanese
era (kyoto-wiki: ``1888年（明治21年）``, ``寛永11年（1635年）``), and the model carried the habit
onto news and digests: "a fire in 1939" came back as ``1939年(昭和14年)``, "in 2016" as
``2016年(2016年)``, often with the wrong era. A parenthetical next to a year is dropped when it
holds an era year (two kanji and a number, or 元年) whose number the English does not have, or
the same year again; ``<era>N年(YYYY年)`` keeps the Western year. Nothing changes when the
English names an era itself (Meiji, Showa …). Years restored from a placeholder count
(``restore``), and the training recipe cleans its targets with the same function.
"""

from __future__ import annotations

import re

from jtrans.placeholders import PLACEHOLDER_RE, expand

ERA_EN = re.compile(
    r"\b(?:Meiji|Taish[oō]|Sh[oō]wa|Heisei|Reiwa|Edo|Kamakura|Muromachi|Heian|Nara|Sengoku)\b"
)
_ERA = r"(?P<era>[\u4e00-\u9fff]{2}(?P<n>\d{1,2}|元)年)"
_YEAR = r"(?P<year>\d{3,4}年|⟦\d+⟧)"
# the model may put spaces before the parenthesis (two of them: hypothesis found it)
_OPEN, _CLOSE = r"[ \t\u3000]*[(（]", r"[)）]"
# 1939年(昭和14年), 1939年(昭和39), 2016年(2016年)
# (昭和14年), also without its 年 (昭和39), which the model writes too
_ERA_IN = r"(?P<era>[\u4e00-\u9fff]{2}(?P<n>\d{1,2}|元)年?)"
_YEAR_ERA = re.compile(_YEAR + _OPEN + r"(?:" + _ERA_IN + r"|(?P<again>\d{3,4}年|⟦\d+⟧))" + _CLOSE)
# 昭和14年(1939年)
_ERA_YEAR = re.compile(_ERA + _OPEN + _YEAR + _CLOSE)
_YEAR_TEXT = re.compile(r"\d{3,4}年")


def apply(ja: str, source: str, restore: dict[int, str] | None = None) -> str:
    """``ja`` without the era years and repeated years that ``source`` (English) lacks."""
    if not (_YEAR_ERA.search(ja) or _ERA_YEAR.search(ja)) or ERA_EN.search(source):
        return ja  # (the usual case: nothing shaped like an era year, so no source work)
    english = PLACEHOLDER_RE.sub(" ", expand(source, restore) if restore else source)
    numbers = set(re.findall(r"\d+", english))

    def year_text(token: str) -> str | None:
        if token.startswith("⟦"):
            value = (restore or {}).get(int(token[1:-1]))
            return value if value is not None and _YEAR_TEXT.fullmatch(value) else None
        return token

    def invented(m: re.Match[str]) -> bool:
        n = m.group("n")
        return n == "元" or n not in numbers

    def year_era(m: re.Match[str]) -> str:
        year = year_text(m.group("year"))
        if year is None:
            return m.group(0)
        if m.group("era") is not None:
            return m.group("year") if invented(m) else m.group(0)
        return m.group("year") if year_text(m.group("again")) == year else m.group(0)

    def era_year(m: re.Match[str]) -> str:
        year = year_text(m.group("year"))
        return m.group("year") if year is not None and invented(m) else m.group(0)

    while True:  # 2016年(2016年)(平成28年): each pass drops one parenthetical
        out = _ERA_YEAR.sub(era_year, _YEAR_ERA.sub(year_era, ja))
        if out == ja:
            return out
        ja = out
