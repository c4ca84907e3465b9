"""Numbers of an English text and whether a Japanese text keeps them: ``175B`` may come back
as ``175B``, ``1750億`` or ``1,750億``, ``30%`` as ``３０％``. Used by ``jtrans qa``, by the
confidence of a translated sentence and by the MT stage, which protects (:func:`protect`) the
numbers a first translation dropped and translates the sentence again.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from jtrans.glossary.check import visible_text
from jtrans.placeholders import MAX_PLACEHOLDERS, substitute

# a number that stands on its own: not glued to letters before it (GSM8K, Qwen2.5, GPT-4o's 4 is
# kept since "-" separates it), thousands separators and decimals included
_NUMBER_RE = re.compile(
    r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?:\s?([KMBT])\b|\s((?i:million|billion|trillion))\b)?"
)
# a number in an engine input, as a placeholder may stand for it: not inside a placeholder, a
# name (GPT-4, Qwen2.5) or an amount the quantities rule renders (34%, 4x, $5); a unit glued to
# it (25ms, 80GB) goes with it, as Japanese writes it the same way (not s: 1990s is 1990年代)
_UNITS = "ms|µs|μs|ns|GB|MB|KB|TB|GiB|MiB|GHz|MHz|kHz|Hz|fps|px|[KMBT]"
_PROTECT_RE = re.compile(
    rf"(?<![\w.,$£€⟦-])\d+(?:,\d{{3}})*(?:\.\d+)?(?:(?:{_UNITS})(?![\w-]))?(?![\w%×⟧-]|[.,]\d)"
)
_SCALE = {"k": Decimal(1000), "m": Decimal(10) ** 6, "b": Decimal(10) ** 9, "t": Decimal(10) ** 12}
_SCALE["million"], _SCALE["billion"], _SCALE["trillion"] = _SCALE["m"], _SCALE["b"], _SCALE["t"]
_JA_SCALE = {
    "万": Decimal(10) ** 4,
    "億": Decimal(10) ** 8,
    "兆": Decimal(10) ** 12,
    "千": Decimal(1000),
}
_JA_SCALE_CHARS = "".join(_JA_SCALE)


def numbers(text: str) -> list[tuple[str, Decimal, str]]:
    """(as written, value, scale word) of each standalone number in ``text``'s visible text."""
    visible = _normalise(visible_text(text))
    found = []
    for m in _NUMBER_RE.finditer(visible):
        digits = m.group(0).split()[0].rstrip("KMBT")
        scale = (m.group(1) or m.group(2) or "").lower()
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
        found.append((m, value, scale))
    out = []
    for k, (m, value, scale) in enumerate(found):
        if not scale and k + 1 < len(found):  # 3 to 34 billion: the 3 is 3 billion too
            after, next_value, next_scale = found[k + 1]
            between = visible[m.end() : after.start()]
            if next_scale and value < next_value and _SHARED_SCALE_RE.fullmatch(between):
                scale = next_scale
        out.append((m.group(0), value, scale))
    return out


_SHARED_SCALE_RE = re.compile(r"\s+(?:to|and|or)\s+\$?|\s?[–-]\s?")
_DOTTED_RE = re.compile(r"(?<![0-9A-Za-z.])(\d+\.\d+)(?:\.\d+)+(?![0-9A-Za-z.])")


def unstutter(japanese: str, english: str) -> str:
    """``japanese`` with a decimal of ``english`` that the model wrote with an extra dotted group
    (``76.9`` came back as ``76.9.9`` on a real week) cut back to it; a dotted number the
    English has (a version, an address) stays."""

    def repl(m: re.Match[str]) -> str:
        whole, head = m.group(0), m.group(1)
        if whole in english or not re.search(
            rf"(?<![\w.]){re.escape(head)}(?![\w.]|\.\d)", english
        ):
            return whole
        return head

    return _DOTTED_RE.sub(repl, japanese)


# a minus the model wrote apart from its number (- 5ポイント), and a signed number of the English
_SIGN_APART_RE = re.compile(r"(?<![\w.,)])([-−‑])\s+(\d+(?:\.\d+)?)(?![\d.])")
_SIGNED_RE = re.compile(r"(?<![\w.,+\-−‑])[-−‑](\d+(?:\.\d+)?)(?![\d.])")


def join_signs(japanese: str, english: str) -> str:
    """``japanese`` with a minus the model wrote apart from its number (``- 5ポイント`` for
    "−5 points") joined to it again, where ``english`` writes that number with a minus."""
    signed = set(_SIGNED_RE.findall(english))
    if not signed:
        return japanese
    return _SIGN_APART_RE.sub(
        lambda m: m.group(1) + m.group(2) if m.group(2) in signed else m.group(0), japanese
    )


def missing_numbers(english: str, japanese: str) -> list[str]:
    """Numbers of ``english`` that ``japanese`` does not contain in any accepted form."""
    return missing_from(numbers(english), japanese)


def missing_from(wanted: list[tuple[str, Decimal, str]], japanese: str) -> list[str]:
    """Those of ``wanted`` (:func:`numbers` of an English text) that ``japanese`` does not
    contain in any accepted form (for many translations of one sentence)."""
    if not wanted:
        return []
    ja = _normalise(visible_text(japanese)).replace(",", "")
    missing = []
    for written, value, scale in wanted:
        digits = written.split()[0].rstrip("KMBT").replace(",", "")
        # "70 billion" kept as 70B or 70 billion is fine; 70億 (7 billion) is a wrong magnitude,
        # so with a scale word the bare digits count only when no Japanese scale follows them
        bare = _has_number(ja, digits, not_before=_JA_SCALE_CHARS if scale else "")
        if not (bare or _found(value, scale, ja)):
            missing.append(written)
    return missing


def _found(value: Decimal, scale: str, ja: str) -> bool:
    if not scale:
        return _has_number(ja, _plain(value))
    if _has_number(ja, _plain(value), not_before=_JA_SCALE_CHARS):
        return True
    total = value * _SCALE[scale]  # 175B → 1750億, 7M → 700万, 1.5M → 150万
    for unit, size in _JA_SCALE.items():
        scaled = total / size
        if scaled >= 1 and _has_number(ja, _plain(scaled), after=unit):
            return True
    return False


def _has_number(ja: str, text: str, after: str = "", not_before: str = "") -> bool:
    """``ja`` holds the number ``text`` (not as part of a longer number), then ``after``, and
    not followed by any character of ``not_before``."""
    pattern = rf"(?<![\d.]){re.escape(text)}(?:\.0+)?(?![\d]|\.\d){re.escape(after)}"
    if not_before:
        pattern += rf"(?!\s?[{re.escape(not_before)}])"
    return re.search(pattern, ja) is not None


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _normalise(text: str) -> str:
    """Full-width digits/letters/percent as ASCII (NFKC), so ３０％ equals 30%."""
    return unicodedata.normalize("NFKC", text)


def protect(
    text: str, next_index: int, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """``text`` (an engine input) with its numbers replaced by placeholders numbered from
    ``next_index``, and the placeholders' text (the number as written). The MT stage does this
    only to a sentence whose translation dropped a number: a number the model sees takes its
    counter (3つ, 5日, 2分), a placeholder does not; and all of the sentence's numbers, since
    the next translation may drop another one."""
    return substitute(_PROTECT_RE, lambda m: m.group(0), text, next_index, limit)
