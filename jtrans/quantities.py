"""Percentages and speed-ups → placeholders with their one right Japanese form.

Digest descriptions are full of ``34%`` and ``4.5x faster``; a Japanese digest writes ``34%``
and ``4.5倍``. A small model stutters on them (``3x2x 2``, ``2xxx``), so like dates they are
rendered by rule and protected: ``N%`` stays as written (``+N%`` with its sign), ``Nx``/``N×``
becomes ``N倍``, a range
``5–10×`` becomes ``5～10倍`` (the model had split it, ``最大5を達成します。10倍``), and a
multiplier or percentage with its comparative is one amount, an i-adjective (``25x cheaper`` →
``25倍安い``, ``3.7× less memory`` → ``3.7倍少ないメモリ``, ``up to 11x faster`` → ``最大11倍速い``,
``80% fewer tokens`` → ``80%少ないトークン``, ``three times fewer`` → ``3倍少ない``, where the
model wrote ``80%が少ない`` and ``3倍の…を必要とします``): the
model had written ``安価な25倍`` and, in a real week, ``25倍低速``; :func:`comparatives` inflects
it where the model used it as a noun (``10倍速いを実行`` → ``10倍速く実行``).
A number joined to a word (``x86``, ``3x3``, ``2x-``) is left alone. Large counts are
rendered the same way, since the model gets the magnitude wrong (``71 million`` came back as
``71万``, ``5.5 trillion`` as ``5. 5の三つ``): ``71 million`` → ``7100万``, ``5.5 trillion`` →
``5.5兆``, ``$10 million`` → ``1000万ドル``, ``two million`` → ``200万`` (the model wrote
``2億``), ``a trillion`` → ``1兆``; a bare count before a scaled one shares its
scale (``3 to 34 billion`` → ``30億`` … ``340億``, the model wrote ``3から340億``; ``3–34
billion`` → ``30億～340億``), and a range with its unit on both ends is one amount (``2.4x to
3.4x`` → ``2.4～3.4倍``, which the model had split over two verbs; "from 20% to 40%" is a
change, each amount alone). A comparative before an amount is rendered with
it, since the model dropped or garbled it (``up to 40%`` came back as ``40%に``, "to 40%"):
``up to 40%`` → ``最大40%``, ``over 90%`` / ``at least 6x`` → ``90%以上`` / ``6倍以上``,
``less than 60%`` → ``60%未満``, ``up to 128K`` → ``最大128K``, ``up to 5`` → ``最大5``; and a
bound after it (``five or fewer steps`` → ``5以下``, where the model wrote 5つ以上, ``256 or more``
→ ``256以上``); an approximation too (``~72%`` → ``約72%``, ``approximately 3x faster`` →
``約3倍速い``: with the amount a placeholder the model dropped the ``~``, and "by ~72%" was
no "by" amount; not before a size or a plain count, ``~62M images``, which the model writes
as ``約62Mの画像`` itself; of 28 real-week sentences with one, 17 changed, 9 better, 3 worse).
Percentage points are points (``over 6 p.p.`` → ``6ポイント以上``, ``12 pp``, ``20
percentage points``; the model wrote ``5つのフェーズ`` for "by 5 p.p."; ``20 points lower`` →
``20ポイント低い``, where the model dropped "lower"; a signed ``+17pt`` → ``+17ポイント``,
where it dropped the 17), a range of them one amount (``+5–12 pp`` → ``+5～12ポイント``).
Years after a large count are part of it (``over 500 million years``
→ ``5億年以上``; the model wrote 5億以上の年度). Durations after a comparative take their
unit (``in under a minute`` → ``1分未満``, the model wrote 最大で; ``up to 24 hours`` →
``最大24時間``), and a multiplier in digits its comparative (``430,000 times faster`` →
``430,000倍速い``), as is a multiplier of an equal comparison (``twice as fast as X`` is read
as ``2x faster than X``, which the model translates as Xより; it wrote Xと同様に). Amounts of
money are rendered the same way (``$0.50`` → ``0.50ドル``, ``under £40`` →
``40ポンド未満``, ``$1M`` → ``100万ドル``; WMT22's shop texts lost the currency, a digest's
"worth $1M in payouts" the amount). A range of model sizes is one amount too (``8B to 405B+``
→ ``8B～405B+``, which the model had turned round: ``405B+モデルに8B``).

After translation :func:`by_amount` mends the model's word-for-word "by 35%": ``35%によって
メモリを削減`` ("by means of 35%") becomes ``メモリを35%削減``, the amount before the verb, and
:func:`counters` the native counter つ after a number of ten or more, which Japanese does not
use (``12つのベンチマーク`` → ``12のベンチマーク``, ``12つ`` → ``12個``), puts back the counter of
a count of people or countries (``60国にわたる262医師`` → ``60か国にわたる262人の医師``), and drops
年 after a decimal that is no count of years (``0.998年``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jtrans.placeholders import MAX_PLACEHOLDERS, make, substitute
from jtrans.postprocess.chars import JA_CHAR_RE, JA_WORD, KATAKANA

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?i:million|billion|trillion)"
# a comparative before the amount is part of it: "up to 40%" is 最大40%, "over 90%" 90%以上
_COMPARATIVES = {
    "up to": "最大{}", "at most": "最大{}",
    "over": "{}以上", "more than": "{}以上", "above": "{}以上", "greater than": "{}以上",
    "at least": "{}以上", ">": "{}以上", ">=": "{}以上", "≥": "{}以上",
    "less than": "{}未満", "fewer than": "{}未満", "under": "{}未満", "below": "{}未満",
    "<": "{}未満", "<=": "{}以下", "≤": "{}以下",
    # an approximation: ~20 points lower → 約20ポイント低い (the model dropped the ~ once the
    # amount was a placeholder); not "about"/"around", which are also prepositions (about 7B
    # models)
    "~": "約{}", "approximately": "約{}", "roughly": "約{}",
}  # fmt: skip
# a comparative after a multiplier or percentage, as an i-adjective (attributive and final;
# comparatives() makes it adverbial before a verb: 10倍速く動作)
_TIMES = {
    "faster": "速い", "slower": "遅い", "cheaper": "安い", "fewer": "少ない", "less": "少ない",
    "lower": "低い", "higher": "高い", "larger": "大きい", "bigger": "大きい", "greater": "大きい",
    "smaller": "小さい", "longer": "長い", "shorter": "短い",
}  # fmt: skip
_TIMES_WORDS = "|".join(_TIMES)
_NUMBER_WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100, "a hundred": 100, "a thousand": 1000,
}  # fmt: skip
_NUMBER_WORDS = "|".join(sorted(_NUMBER_WORD_VALUES, key=len, reverse=True))
# a spelled count before a scale word: two million → 200万 (the model wrote 2億), a trillion → 1兆
_COUNT_WORD_VALUES = {**_NUMBER_WORD_VALUES, "a": 1, "one": 1}
_COUNT_WORDS = "|".join(sorted(_COUNT_WORD_VALUES, key=len, reverse=True))
_DURATIONS = {
    "millisecond": "ミリ秒", "ms": "ミリ秒", "second": "秒", "minute": "分", "hour": "時間",
    "day": "日", "week": "週間", "month": "か月", "year": "年",
}  # fmt: skip
_DURATION_WORDS = "|".join(f"{w}s?" if w != "ms" else w for w in _DURATIONS)
_WORDS = "|".join(sorted((k for k in _COMPARATIVES if k[0].isalpha()), key=len, reverse=True))
QUANTITY_RE = re.compile(
    rf"(?:(?<![\w-])(?P<cmp>(?i:{_WORDS}))\s+|(?<![\w<>=≤≥~-])(?P<sym>[<>]=?|[≤≥~])\s?)?"
    rf"(?:(?<![\w.,$-])(?P<dollar>\$)?(?P<large>{_NUMBER}|(?i:{_COUNT_WORDS}))\s+"
    # and years after it, not after money: over 500 million years → 5億年以上 (not 5億以上の年度)
    rf"(?P<scale>{_SCALE_WORD})(?(dollar)|(?:\s+(?P<years>(?i:years)))?)(?![\w])"
    # a bare count before a scaled one shares its scale: 3 to 34 billion → 30億 … 340億
    rf"|(?<![\w.,$-])(?P<slow>{_NUMBER})(?=\s+(?:to|and|or)\s+\$?(?P<shigh>{_NUMBER})\s+"
    rf"(?P<sscale>{_SCALE_WORD})(?!\w))"
    rf"|(?<![\w.,$-])(?P<hlow>{_NUMBER})\s?[–−-]\s?(?P<hhigh>{_NUMBER})\s+(?P<hscale>{_SCALE_WORD})"
    rf"(?!\w)"
    # a range with its unit on both numbers: 2.4x to 3.4x → 2.4～3.4倍 ("from 20% to 40%" is
    # a change, not a range: each amount is rendered alone)
    rf"|(?:(?<![\w-])(?P<jbtw>(?i:between))\s+)?(?<![\w.,-])"
    rf"(?:(?<=ranging from )|(?<![Ff]rom )(?<![Ff]rom ~))"
    rf"(?P<jlow>{_NUMBER})"
    rf"(?:(?P<jpct>%)|[x×])(?:\s?[–−-]\s?|\s+(?(jbtw)(?:and|to)|to)\s+)"
    rf"(?P<jhigh>{_NUMBER})(?(jpct)%|[x×])(?:\s+(?P<jadj>(?i:{_TIMES_WORDS}))(?![\w-]))?"
    rf"(?![\w%×-])"
    # a range with its unit on the second number: 5–10× → 5～10倍, 20-30% → 20～30%
    rf"|(?<![\w.,-])(?P<low>{_NUMBER})\s?[–−-]\s?(?P<high>{_NUMBER})(?P<runit>%|x|×)"
    rf"(?:(?<=[x×])\s+(?P<radj>(?i:{_TIMES_WORDS}))(?![\w-]))?(?![\w%×-])"
    # a multiplier with its comparative is one amount: 25x cheaper → 25倍安い (the model wrote
    # 安価な25倍, and 25倍低速 for it in a real week: the comparative is where meaning flips)
    rf"|(?:(?<![\w.,+-])(?P<tsign>\+)|(?<![\w.,-]))(?P<tnum>{_NUMBER})(?P<tunit>[x×%])\s+"
    rf"(?P<tadj>(?i:{_TIMES_WORDS}))(?![\w-])"
    # a multiplier spelled out, with its comparative: three times fewer → 3倍少ない (the model
    # wrote 3倍の…を必要とします, the meaning turned round), or in digits: 430,000 times faster →
    # 430,000倍速い (the model wrote 430,000を高速化, the 倍 lost)
    rf"|(?<![\w.,-])(?:(?P<wlow>{_NUMBER})\s*(?:to|–|-)\s*)?"
    rf"(?P<wnum>(?i:{_NUMBER_WORDS})|{_NUMBER})\s+times\s+"
    rf"(?P<wadj>(?i:{_TIMES_WORDS}))(?![\w-])"
    # percentage points: over 6 p.p. → 6ポイント以上 (the model wrote 6 P.p以上, and 5つの
    # フェーズ for "by 5 p.p."); a sentence's own full stop after p.p. stays
    # points with a comparative: ~20 points lower → 20ポイント低い (the model dropped "lower")
    rf"|(?<![\w.,-])(?P<pts>{_NUMBER})\s+points?\s+(?P<ptsadj>(?i:{_TIMES_WORDS}))(?![\w-])"
    # and a signed gain in points: +17pt, +27.9 pts (a real week: "+17pt human win rate gains"
    # lost the 17)
    # and a range of them: +5–12 pp → +5～12ポイント (the model wrote +5–12ポイント, the 5 bare)
    rf"|(?:(?<![\w.,+\-−‑])(?P<ppsign>[+\-−‑])|(?<![\w.,\-−‑]))"
    rf"(?:(?P<pplow>{_NUMBER})\s?[–−-]\s?)?"
    rf"(?P<pp>{_NUMBER})"
    rf"(?:\s?(?:p\.p(?:\.(?=\s+[a-z0-9]))?|pp|percentage points?)|(?(ppsign)\s?pts?|(?!)))"
    rf"(?![\w])"
    # a bound after the amount: five or fewer steps → 5以下 (a real week's came back as 5つ
    # 以上のステップ, the meaning turned round), 256 or more → 256以上, 10% or less → 10%以下
    rf"|(?<![\w.,-])(?P<onum>{_NUMBER}|(?i:{_NUMBER_WORDS}))(?P<ounit>%|x|×)?\s+or\s+"
    rf"(?P<obound>(?i:fewer|less|lower|more|greater|higher))(?![\w-])"
    # an explicit sign goes with the amount: +4.35% stays +4.35% (the model wrote + 4.35%)
    # (and "12 %" is 12%)
    # (a minus too, also written − or with a non-breaking hyphen: ‑7.9 pp had lost its sign)
    rf"|(?:(?<![\w.,+\-−‑])(?P<sign>[+\-−‑])|(?<![\w.,\-−‑]))(?P<number>{_NUMBER})(?:\s(?=%))?"
    rf"(?P<unit>%|x|×)(?![\w%×-])"
    rf"|(?<![\w.,$£€-])(?P<currency>[$£€])(?P<money>{_NUMBER})(?P<msize>[KMB])?(?![\w%×-]|[.,]\d)"
    # a range of model sizes is one amount: 8B to 405B+ → 8B～405B+ (the model wrote
    # 405B+モデルに8B), 0.5B–72B, 1–3B; "to" only with the unit on both, and after "from"
    # only in "ranging from", "sized from" …: "extend it from 8K to 128K" is a change
    rf"|(?:(?<=ranging from )|(?<=sized from )|(?<=size from )|(?<=scale from )"
    rf"|(?<=scales from )|(?<!from ))(?<![\w.,-])(?P<zlow>\d+(?:\.\d+)?)"
    rf"(?:(?P<zunit>[KMB])(?:\s?[–−-]\s?|\s+to\s+)|\s?[–−-]\s?)"
    rf"(?P<zhigh>\d+(?:\.\d+)?[KMBT])(?P<zplus>\+)?(?![\w-])"
    # a duration after a comparative (see _accept): in under a minute → 1分未満で (the model
    # wrote 最大で), up to 24 hours → 最大24時間
    rf"|(?<![\w.,-])(?P<dnum>{_NUMBER}|(?i:{_COUNT_WORDS}|an))(?:\s+|(?<=\d))(?P<dunit>(?i:{_DURATION_WORDS}))"
    rf"(?![\w-])"
    # a size (128K, 7B) or a plain count only after a comparative (see _accept): alone they are
    # names (jtrans.names) or left to the model
    rf"|(?<![\w.,-])(?P<size>\d+(?:\.\d+)?[KMBT])(?![\w-])"
    rf"|(?<![\w.,-])(?P<plain>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\w.,%×-]|\s+{_SCALE_WORD}))"
)
_CURRENCIES = {"$": "ドル", "£": "ポンド", "€": "ユーロ"}
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SIZE_WORDS = {"K": "thousand", "M": "million", "B": "billion"}
_JA_UNITS = (("兆", 12), ("億", 8), ("万", 4))


_NAME_BEFORE_RE = re.compile(r"\b[A-Z][A-Za-z]*\s\Z")  # on the 40 characters before


def _comparative(m: re.Match[str]) -> str | None:
    word = m.group("cmp") or m.group("sym")
    return " ".join(word.lower().split()) if word else None


def _accept(m: re.Match[str]) -> bool:
    """A size needs a comparative before it; a plain count needs "up to"/"at most" (最大3回:
    a suffix such as 以上 would come between the number and its unit, 1未満秒); a size range
    without a unit on its first number is none after a capitalised word (Llama 2-7B)."""
    comparative = _comparative(m)
    if m.group("zlow") and not m.group("zunit"):  # Llama 2-7B is a name, 1–3B a range
        return not _NAME_BEFORE_RE.search(m.string[max(0, m.start() - 40) : m.start()])
    if m.group("onum"):  # "up to five or more" says two bounds: left to the model
        return comparative is None
    if comparative is not None and _COMPARATIVES[comparative].startswith("約"):
        if m.group("size") or m.group("dnum") or m.group("plain"):
            return False  # ~62M images: the model writes 約62Mの… itself
    if m.group("size") or m.group("dnum"):
        return comparative is not None
    if m.group("plain"):
        return comparative is not None and _COMPARATIVES[comparative].startswith("最大")
    low, high = m.group("slow") or m.group("hlow"), m.group("shigh") or m.group("hhigh")
    if low and high:  # 1,000 to 2 billion: the 1,000 is no count of billions
        return _value(low) < _value(high)
    return True


def _value(number: str) -> Decimal:
    word = " ".join(number.lower().split())
    if word in _COUNT_WORD_VALUES:
        return Decimal(_COUNT_WORD_VALUES[word])
    return Decimal(number.replace(",", ""))


def render(m: re.Match[str]) -> str:
    """The Japanese for one match of :data:`QUANTITY_RE`."""
    if m.group("large"):
        amount = large(m.group("large"), m.group("scale")) + ("ドル" if m.group("dollar") else "")
        amount += "年" if m.group("years") else ""
    elif m.group("money"):
        money = m.group("money")
        if m.group("msize"):  # $1M → 100万ドル, $208K → 20.8万ドル
            money = large(money, _SIZE_WORDS[m.group("msize")])
        amount = money + _CURRENCIES[m.group("currency")]
    elif m.group("number"):
        amount = (m.group("sign") or "") + m.group("number")
        amount += "%" if m.group("unit") == "%" else "倍"
    elif m.group("high"):
        unit = "%" if m.group("runit") == "%" else "倍"
        amount = f"{m.group('low')}～{m.group('high')}{unit}"
        if m.group("radj"):  # 3-7x faster → 3～7倍速い
            amount += _TIMES[m.group("radj").lower()]
    elif m.group("tnum"):  # the bound before the adjective: up to 11x / over 10x faster →
        unit = "%" if m.group("tunit") == "%" else "倍"  # 最大11倍速い / 10倍以上速い
        amount = (m.group("tsign") or "") + m.group("tnum") + unit
        comparative = _comparative(m)
        bound = _COMPARATIVES[comparative].format(amount) if comparative else amount
        return bound + _TIMES[m.group("tadj").lower()]
    elif m.group("wnum"):  # three times fewer → 3倍少ない, up to ten times faster → 最大10倍速い
        word = " ".join(m.group("wnum").lower().split())
        amount = f"{_NUMBER_WORD_VALUES.get(word, m.group('wnum'))}倍"
        if m.group("wlow"):  # 10 to 20 times slower → 10～20倍遅い (the model wrote 10から20倍)
            amount = f"{m.group('wlow')}～{amount}"
        comparative = _comparative(m)
        bound = _COMPARATIVES[comparative].format(amount) if comparative else amount
        return bound + _TIMES[m.group("wadj").lower()]
    elif m.group("dnum"):
        word = " ".join(m.group("dnum").lower().split())
        count = _COUNT_WORD_VALUES.get(word, 1 if word == "an" else m.group("dnum"))
        unit = m.group("dunit").lower()
        amount = f"{count}{_DURATIONS[unit if unit == 'ms' else unit.rstrip('s')]}"
    elif m.group("jlow"):
        amount = f"{m.group('jlow')}～{m.group('jhigh')}{'%' if m.group('jpct') else '倍'}"
        if m.group("jadj"):  # 20%-40% faster → 20～40%速い
            amount += _TIMES[m.group("jadj").lower()]
    elif m.group("slow"):
        amount = large(m.group("slow"), m.group("sscale"))
    elif m.group("zlow"):
        amount = f"{m.group('zlow')}{m.group('zunit') or ''}～{m.group('zhigh')}"
        amount += m.group("zplus") or ""
    elif m.group("onum"):
        word = " ".join(m.group("onum").lower().split())
        amount = f"{_NUMBER_WORD_VALUES.get(word, m.group('onum'))}"
        amount += {"%": "%", None: ""}.get(m.group("ounit"), "倍")
        bound = m.group("obound").lower()
        return amount + ("以上" if bound in ("more", "greater", "higher") else "以下")
    elif m.group("pts"):
        amount = f"{m.group('pts')}ポイント{_TIMES[m.group('ptsadj').lower()]}"
    elif m.group("pp"):
        low = f"{m.group('pplow')}～" if m.group("pplow") else ""
        amount = f"{m.group('ppsign') or ''}{low}{m.group('pp')}ポイント"
    elif m.group("hlow"):
        scale = m.group("hscale")
        amount = f"{large(m.group('hlow'), scale)}～{large(m.group('hhigh'), scale)}"
    else:
        amount = m.group("size") or m.group("plain")
    comparative = _comparative(m)
    return _COMPARATIVES[comparative].format(amount) if comparative else amount


def large(number: str, scale: str) -> str:
    """``71`` ``million`` → ``7100万``, ``5.5 trillion`` → ``5.5兆``, ``2 billion`` → ``20億``:
    English counts in thousands, Japanese in 万 (10⁴), 億 (10⁸) and 兆 (10¹²)."""
    value = _value(number).scaleb(_SCALES[scale.lower()])
    for unit, exponent in _JA_UNITS:
        if value >= Decimal(10) ** exponent:
            text = format(value.scaleb(-exponent).normalize(), "f")
            return text + unit
    return format(value.normalize(), "f")  # ($5K: 5000)


# "twice as fast as X" says "2x faster than X": a real week's came back as Xとして高速 (the 2
# lost) and "twice as fast as FlashAttention" as FlashAttentionと同様に2倍高速
_AS_ADJECTIVES = {
    "fast": "faster", "slow": "slower", "cheap": "cheaper", "few": "fewer", "low": "lower",
    "high": "higher", "large": "larger", "big": "bigger", "great": "greater",
    "small": "smaller", "long": "longer", "short": "shorter",
}  # fmt: skip
_AS_AS_RE = re.compile(
    rf"(?<![\w.,-])(?:(?i:twice)|(?P<num>(?i:{_NUMBER_WORDS})|{_NUMBER})\s+times)\s+as\s+"
    rf"(?P<adj>(?i:{'|'.join(_AS_ADJECTIVES)}))\s+as(?![\w-])"
)


def rephrase(text: str) -> str:
    """``text`` with each multiplier of an equal comparison said as a comparative: "twice as
    fast as X" → "2x faster than X" (:func:`protect` does this first; training data is
    rephrased before the rule, which changes nothing but the spans it replaces)."""
    return _AS_AS_RE.sub(_as_as, text)


def _as_as(m: re.Match[str]) -> str:
    number = m.group("num")
    word = " ".join(number.lower().split()) if number else "two"
    count = _NUMBER_WORD_VALUES.get(word, number)
    return f"{count}x {_AS_ADJECTIVES[m.group('adj').lower()]} than"


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace percentages and multipliers in ``text`` by placeholders numbered from
    ``next_index``; return the text and the placeholders' Japanese renderings. "N times as
    fast as" is read as "Nx faster than" first (the words around the placeholder change)."""
    text = rephrase(text)
    return substitute(QUANTITY_RE, render, text, next_index, limit, accept=_accept)


_RENDERED_RE = re.compile(
    r"(?:最大|約)?\+?[\d.,]+(?:～[\d.,]+)?(?:%|倍|ポイント)(?:以上|未満|以下)?"
)


# a large count as render() writes it: 520億, 最大7100万, 30億～340億, 5億年以上
_LARGE_RE = re.compile(r"(?:最大|約)?[\d.]+[万億兆](?:～[\d.]+[万億兆])?年?(?:以上|未満|以下)?")


def is_amount(value: str) -> bool:
    """Whether ``value`` is a percentage, multiplier, points or a large count as
    :func:`render` writes them (``90%以上``, ``最大3倍``, ``5ポイント``, ``最大520億``)."""
    return _RENDERED_RE.fullmatch(value) is not None or _LARGE_RE.fullmatch(value) is not None


_BY_RE = re.compile(
    r"\bby\s+(?:(?:up to|over|about|around|nearly|roughly|almost|more than|at least)\s+)?⟦(\d+)⟧"
)
_LITERAL_BY = r"(?:によって|により|することで)[、\s]?"  # "by means of", "by doing": word for word
# verbs of change a digest uses with an amount: reduce, cut, shorten, speed up, improve, raise…
_CHANGE_VERBS = (
    "削減|減ら|減少|短縮|圧縮|高速化|加速|改善|向上|増加|増や|上回|下回|低下|上昇|抑え|"
    "引き上げ|引き下げ|高め|下げ|速く|短く|少なく|大きく|小さく|伸ば|節約"
)


def by_amount(ja: str, source: str, restore: dict[int, str]) -> str:
    """``ja`` with each "by [up to] ⟦k⟧" of ``source`` (``⟦k⟧`` a percentage or multiplier)
    rendered as a Japanese digest writes it: ``⟦k⟧によって⟦1⟧を削減`` → ``⟦1⟧を⟦k⟧削減``
    (also ``⟦k⟧することで、`` and ``⟦k⟧による⟦1⟧を高速化``); without an object and a verb of
    change right after it, the によって is dropped (``⟦k⟧削減``) and ``⟦k⟧による削減`` becomes
    ``⟦k⟧の削減``, also with a noun between (``50%以上によるコスト削減``, "reduces costs by
    >50%" in a real week → ``50%以上のコスト削減``)."""
    for m in _BY_RE.finditer(source):
        index = int(m.group(1))
        if not _RENDERED_RE.fullmatch(restore.get(index, "")):
            continue
        token = make(index)
        moved = re.compile(
            rf"{re.escape(token)}\s?(?:{_LITERAL_BY}|による)([^、。]{{0,40}}?を)\s?"
            rf"(?=(?:{_CHANGE_VERBS}))"
        )
        new = moved.sub(rf"\g<1>{token}", ja, count=1)  # token: ⟦digits⟧, nothing to escape
        if new == ja:
            new = re.sub(rf"{re.escape(token)}\s?{_LITERAL_BY}", token, ja, count=1)
        if new == ja:  # ⟦k⟧で削減 ("reduce at 35%") → ⟦k⟧削減
            new = re.sub(rf"{re.escape(token)}\s?で(?=(?:{_CHANGE_VERBS}))", token, ja, count=1)
        if new == ja:  # ⟦k⟧による(コスト)削減 ("a reduction due to 35%") → ⟦k⟧の(コスト)削減
            new = re.sub(
                rf"{re.escape(token)}\s?による(?=[\u4e00-\u9fff{KATAKANA}]{{0,8}}?(?:{_CHANGE_VERBS}))",
                token + "の",
                ja,
                count=1,
            )
        ja = new
    return ja


_BOUND_RE = re.compile(r"(?:以上|未満|以下)$")


def attach(ja: str, restore: dict[int, str]) -> str:
    """``ja`` with each rendered quantity joined to the word after it as Japanese writes it:
    the English compound hyphen dropped (``2 billion-parameter`` → ``20億-パラメータ`` →
    ``20億パラメータ``), and の between a bound (``90%以上``, ``60%未満``) and the noun the model
    put right after it (``90%以上精度`` → ``90%以上の精度``, also before a term's placeholder;
    a verb of change stays attached: ``10%以上改善``); and の for the な the model wrote
    between an amount and its noun (``50%な精度``, ``1000万な指示データ``; ``など`` stays)."""
    for index, value in restore.items():
        if not _RENDERED_ANY_RE.fullmatch(value):
            continue
        tok = make(index)
        if tok not in ja:
            continue
        token = re.escape(tok)
        ja = re.sub(token + rf"\s?-\s?(?=[{JA_WORD}]|⟦(\d+)⟧)", _unhyphen(tok, restore), ja)
        ja = re.sub(token + rf"な(?=[\u4e00-\u9fff{KATAKANA}]|⟦\d+⟧)", tok + "の", ja)  # 50%な精度
        if _BOUND_RE.search(value):
            noun = rf"(?=[\u4e00-\u9fff{KATAKANA}]|⟦\d+⟧)(?!{_CHANGE_VERBS})"  # kanji, katakana
            ja = re.sub(token + r"\s?" + noun, make(index) + "の", ja)
    return ja


def _unhyphen(tok: str, restore: dict[int, str]) -> Callable[[re.Match[str]], str]:
    """A replacement keeping the hyphen only before a placeholder whose text is not Japanese."""

    def sub(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) and not _japanese(restore, m.group(1)) else tok

    return sub


def _japanese(restore: dict[int, str], index: str) -> bool:
    return JA_CHAR_RE.match(restore.get(int(index), "")) is not None


# any rendering of this module: 34%, 4.5倍, 7100万, 1000万ドル, 最大40%, 90%以上, 最大128K
_RENDERED_ANY_RE = re.compile(
    r"(?:最大|約)?\+?[\d.,]+(?:[万億兆]?～[\d.,]+)?(?:%|倍|ポイント|[万億兆](?:ドル)?|[KMBT])?"
    r"(?:以上|未満|以下)?"
)


_TIMES_RE = re.compile(
    rf"(?:最大|約)?\+?[\d.,]+(?:～[\d.,]+)?(?:倍|%)(?:以上|未満|以下)?(?:{'|'.join(dict.fromkeys(_TIMES.values()))})"
)
_VERB = rf"(?:(?:[\u4e00-\u9fff]{{1,4}}|[{KATAKANA}]{{2,8}})(?:し|す|さ|せ|でき)|な[らりるれっ])"
_NOUN = rf"[\u4e00-\u9fff{KATAKANA}A-Za-z]"


def comparatives(ja: str, restore: dict[int, str]) -> str:
    """``ja`` (placeholders restored) with each amount-and-comparative of ``restore``
    (``10倍速い``, ``24%速い``: an i-adjective) inflected where the model wrote it as a noun:
    adverbial before a verb (``10倍速いを実行します`` → ``10倍速く実行します``,
    ``100倍速いで学習`` → ``100倍速く学習``, ``速いであり、`` → ``速く、``), bare before a
    noun (``4倍少ないのトークン`` → ``4倍少ないトークン``, also for された and な) and at the
    end (``25倍安いである`` → ``25倍安い``); ``25倍安いです`` stays."""
    for value in dict.fromkeys(restore.values()):
        if not _TIMES_RE.fullmatch(value):
            continue
        stem, v = value[:-1], re.escape(value)
        ja = re.sub(rf"{v}(?:を|で)?(?={_VERB})", stem + "く", ja)
        ja = re.sub(rf"{v}(?:であり|で)(?=、)", stem + "く", ja)
        ja = re.sub(rf"{v}(?:の|である|された|な)(?={_NOUN})", value, ja)
        ja = re.sub(rf"{v}である", value, ja)
    return ja


_TSU_RE = re.compile(r"(?<![\d.,/])(\d{2,}|[1-9]\d*,\d{3})つ(?!目)(の)?")


_DECIMAL_YEAR_RE = re.compile(r"(?<![\d.])(\d+\.\d+)年")
# a count of people or countries written without its counter (a real week's "262 physicians
# across 60 countries" came back as 60国にわたる262医師): 262人の医師, 60か国
_COUNT = r"(?<![A-Za-z0-9.,/+-])(\d{1,3}(?:,\d{3})+|\d+)"
_PEOPLE = (
    r"(?:医師|参加者|ユーザー|研究者|専門家|被験者|アノテーター?|患者|学生|作業者|開発者|回答者"
    r"|評価者|エンジニア)"
)
_PEOPLE_RE = re.compile(_COUNT + rf"(?={_PEOPLE})")
# the same before a glossary term's placeholder (262 ⟦1⟧, ⟦1⟧ = 医師 for "physicians")
_COUNT_BEFORE_TERM_RE = re.compile(_COUNT + r" ?(?=⟦(\d+)⟧)")
_PEOPLE_START_RE = re.compile(_PEOPLE)
_COUNTRIES_RE = re.compile(_COUNT + r"国(?![際内家民立語境])")


def counters(ja: str, source: str = "", restore: dict[int, str] | None = None) -> str:
    """``ja`` with つ after a number ≥ 10 dropped before の and made 個 elsewhere (つ counts
    only one to nine: 3つ is right, 12つ is not), the counter put back in a count of people
    (262医師 → 262人の医師) or countries (60国 → 60か国), and 年 dropped after a decimal that the
    English ``source`` does not count in years (a correlation of 0.998 came back as 0.998年);
    ``restore`` (placeholder number → its text) lets a count of people before a glossary term's
    placeholder get its counter too."""
    ja = _TSU_RE.sub(lambda m: m.group(1) + ("の" if m.group(2) else "個"), ja)
    ja = _PEOPLE_RE.sub(r"\1人の", ja)
    if restore:

        def people(m: re.Match[str]) -> str:
            term = restore.get(int(m.group(2)), "")
            return m.group(1) + "人の" if _PEOPLE_START_RE.match(term) else m.group(0)

        ja = _COUNT_BEFORE_TERM_RE.sub(people, ja)
    ja = _COUNTRIES_RE.sub(r"\1か国", ja)

    def year(m: re.Match[str]) -> str:
        years = rf"(?<![\d.]){re.escape(m.group(1))}[\s-]*(?:years?|yrs?)\b"
        return m.group(0) if re.search(years, source, re.IGNORECASE) else m.group(1)

    return _DECIMAL_YEAR_RE.sub(year, ja)
