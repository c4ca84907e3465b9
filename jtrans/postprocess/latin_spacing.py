"""One convention for spacing between Japanese and Latin letters, digits and placeholders.

``none`` (JTF style, the default): ``Transformer の推論`` → ``Transformerの推論``;
``half``: one half-width space, ``Transformerの推論`` → ``Transformer の推論``.
Japanese punctuation never gets a space. A placeholder whose restore value starts/ends with
Japanese (a glossary rendering) is treated as Japanese on that side when ``restore`` is given.

Bare URLs and hashtags are the exception in both conventions: they always keep one space from
neighbouring Japanese (``コードは https://github.com/x で公開``), because Markdown autolinking
needs the space before a URL and would swallow Japanese glued after it. ``run`` masks literal
URLs/hashtags as placeholders, so this also holds for text without placeholders.
"""

from __future__ import annotations

import re

from jtrans.placeholders import CLOSE, OPEN, PLACEHOLDER_RE
from jtrans.postprocess.chars import JA_WORD, SPACES, is_ja_word

NAME = "latin_spacing"

SPACED_VALUE_RE = re.compile(r"(?:https?://|www\.|#[A-Za-z])")
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

    out = _BOUNDARY.sub(repl, ja)
    return _space_out(out, restore) if restore else out


def _is_spaced(m: re.Match[str], restore: dict[int, str]) -> bool:
    value = restore.get(int(m.group(1)), "")
    return bool(SPACED_VALUE_RE.match(value))


def _space_out(text: str, restore: dict[int, str]) -> str:
    """One space between a URL/hashtag placeholder and adjacent non-ASCII characters."""
    out, last = [], 0
    for m in PLACEHOLDER_RE.finditer(text):
        if not _is_spaced(m, restore):
            continue
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        out.append(text[last : m.start()])
        if not before.isspace() and (ord(before) > 127 and before != CLOSE):
            out.append(" ")
        out.append(m.group(0))
        if not after.isspace() and (ord(after) > 127 and after != OPEN):
            out.append(" ")
        last = m.end()
    out.append(text[last:])
    return "".join(out)
