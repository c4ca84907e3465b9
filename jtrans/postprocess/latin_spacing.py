"""One convention for spacing between Japanese and Latin letters, digits and placeholders.

``none`` (JTF style, the default): ``Transformer の推論`` → ``Transformerの推論``;
``half``: one half-width space, ``Transformerの推論`` → ``Transformer の推論``.
Japanese punctuation never gets a space. A placeholder whose restore value starts/ends with
Japanese (a glossary rendering) is treated as Japanese on that side when ``restore`` is given.

Protected spans follow the house references in both conventions: inline code and math keep one
half-width space from neighbouring kana/kanji (``パラメータ $W$ の``, but ``一方で、$W$ で``);
bare URLs and hashtags keep one space from any neighbouring non-ASCII character, punctuation
included (``コードは https://github.com/x で公開``, ``示しています。 #rlhf``), because Markdown
autolinking needs whitespace before a URL and would swallow Japanese glued after it.
Placeholders are classified by their ``restore`` value; ``run`` masks literal URLs, hashtags,
code and math as placeholders, so the same holds for text without placeholders.
"""

from __future__ import annotations

import re

from jtrans.placeholders import CLOSE, OPEN, PLACEHOLDER_RE
from jtrans.postprocess.chars import JA_WORD, SPACES, is_ja_word

NAME = "latin_spacing"

SPACED_ALL_RE = re.compile(r"(?:https?://|www\.|#[A-Za-z])")  # URLs, hashtags
SPACED_WORD_RE = re.compile(r"[`$]")  # inline code, math
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


_LEFT = f"({_PH}|[{JA_WORD}]|{_LATIN}|[%)\\]])"
_RIGHT = f"(?=({_PH}|[{JA_WORD}]|{_LATIN}|[(\\[]))"
_BOUNDARY = {
    # "none" only ever removes spaces, so only boundaries with spaces need a look
    "none": re.compile(f"{_LEFT}([{SPACES}]+){_RIGHT}"),
    "half": re.compile(f"{_LEFT}([{SPACES}]*){_RIGHT}"),
}


def apply(ja: str, spacing: str = "none", restore: dict[int, str] | None = None) -> str:
    """Normalise Japanese↔Latin spacing to ``spacing`` (``"none"`` or ``"half"``)."""

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(3)
        lk = _side(left, restore, first=False)
        rk = _side(right, restore, first=True)
        if lk == rk:
            return m.group(0) if lk == "latin" else left
        return f"{left} " if spacing == "half" else left

    out = _BOUNDARY["half" if spacing == "half" else "none"].sub(repl, ja)
    return _space_out(out, restore) if restore else out


def _needs_space(neighbour: str, everything: bool) -> bool:
    if not neighbour or neighbour.isspace() or neighbour in (OPEN, CLOSE):
        return False
    return ord(neighbour) > 127 if everything else is_ja_word(neighbour)


def _space_out(text: str, restore: dict[int, str]) -> str:
    """One space between URL/hashtag/code/math placeholders and adjacent Japanese."""
    out, last = [], 0
    for m in PLACEHOLDER_RE.finditer(text):
        value = restore.get(int(m.group(1)), "")
        everything = bool(SPACED_ALL_RE.match(value))
        if not (everything or SPACED_WORD_RE.match(value)):
            continue
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        out.append(text[last : m.start()])
        out.append(" " if _needs_space(before, everything) else "")
        out.append(m.group(0))
        glued = everything and after.isascii() and after.isalnum()  # would extend the URL
        out.append(" " if glued or _needs_space(after, everything) else "")
        last = m.end()
    out.append(text[last:])
    return "".join(out)
