"""Width normalisation: full-width ASCII letters/digits → half-width (ＧＰＴ－４ → GPT-4),
half-width katakana → full-width (ｶﾞｳｽ → ガウス).

Full-width symbols next to a Latin letter or digit (－ ％ ＋ ／ ． ＿ …) become ASCII too, so
version strings and numbers come out whole; Japanese punctuation (、。（）「」！？：) is left to
the punctuation rule. Placeholders are untouched.
"""

from __future__ import annotations

import re
import unicodedata

from jtrans.postprocess.chars import map_text

NAME = "width"

_FW_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HW_KANA_RE = re.compile("[\uff61-\uff9f]+")
# Full-width ASCII symbols that read as part of a Latin token when glued to one.
_FW_SYMBOLS = "－＋％／．＿＃＆＠＝＊＄＾｜＜＞，："
_SYMBOL_RE = re.compile(
    rf"(?<=[A-Za-z0-9])[{_FW_SYMBOLS}]+(?=[A-Za-z0-9])|(?<=[0-9])[％]|[＃＄](?=[A-Za-z0-9])"
)


def _fold(ch: str) -> str:
    return chr(ord(ch) - 0xFEE0)


def _apply(text: str) -> str:
    text = _FW_ALNUM_RE.sub(lambda m: _fold(m.group(0)), text)
    text = _SYMBOL_RE.sub(lambda m: "".join(_fold(c) for c in m.group(0)), text)
    text = _HW_KANA_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return text


def apply(ja: str) -> str:
    """Normalise character widths outside placeholders."""
    return map_text(ja, _apply)
