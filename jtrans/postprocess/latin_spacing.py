"""One convention for spacing between Japanese and Latin letters, digits and placeholders.

``none`` (JTF style, the default): ``Transformer の推論`` → ``Transformerの推論``;
``half``: one half-width space, ``Transformerの推論`` → ``Transformer の推論``.
Japanese punctuation never gets a space. A placeholder whose restore value starts/ends with
Japanese (a glossary rendering) is treated as Japanese on that side when ``restore`` is given.
"""

from __future__ import annotations

import re

from jtrans.placeholders import CLOSE, OPEN, PLACEHOLDER_RE
from jtrans.postprocess.chars import JA_WORD, SPACES, is_ja_word

NAME = "latin_spacing"

_LATIN = "[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
_PH = OPEN + r"\d+" + CLOSE


def _side(token: str, restore: dict[int, str] | None, first: bool) -> str:
    """Classify one boundary token: 'ja' or 'latin' (letters, digits, brackets, %)."""
    m = PLACEHOLDER_RE.fullmatch(token)
    if m:
        value = (restore or {}).get(int(m.group(1)))
        if value:
            ch = value[0] if first else value[-1]
            if is_ja_word(ch):
                return "ja"
        return "latin"
    if is_ja_word(token):
        return "ja"
    return "latin"


_BOUNDARY = re.compile(
    f"({_PH}|[{JA_WORD}]|{_LATIN}|[%)\\]])([{SPACES}]*)(?=({_PH}|[{JA_WORD}]|{_LATIN}|[(\\[]))"
)


def apply(ja: str, spacing: str = "none", restore: dict[int, str] | None = None) -> str:
    """Normalise Japanese↔Latin spacing to ``spacing`` (``"none"`` or ``"half"``)."""

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(3)
        lk = _side(left, restore, first=False)
        rk = _side(right, restore, first=True)
        if lk == rk:
            return m.group(0) if lk == "latin" else left
        return f"{left} " if spacing == "half" else left

    return _BOUNDARY.sub(repl, ja)
