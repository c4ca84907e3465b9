"""Character classes shared by the post-processing rules.

"Japanese" means kana, kanji and the Japanese punctuation/brackets; placeholders ``⟦n⟧`` are
opaque Latin-ish tokens (they usually restore to code, URLs, names or kept English).
"""

from __future__ import annotations

import re

from jtrans.placeholders import PLACEHOLDER_RE

# Kana (incl. ー and iteration marks), CJK ideographs, 々〆〇.
JA_WORD = (
    "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007"
)
# Japanese punctuation and brackets (full-width forms used in running text).
JA_PUNCT = "、。，．・：；？！（）「」『』【】〔〕［］｛｝〈〉《》〜～"
JA_CHAR_RE = re.compile(f"[{JA_WORD}]")
JA_ANY = JA_WORD + re.escape(JA_PUNCT)
KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"

SPACES = " \t\u3000"


def has_japanese(text: str) -> bool:
    """True when ``text`` holds at least one kana or kanji outside placeholders."""
    return bool(JA_CHAR_RE.search(PLACEHOLDER_RE.sub("", text)))


def is_ja_word(ch: str) -> bool:
    return bool(ch) and bool(re.match(f"[{JA_WORD}]", ch))


def split_placeholders(text: str) -> list[tuple[bool, str]]:
    """``text`` as ``(is_placeholder, piece)`` pairs, in order; rules edit only the text pieces."""
    out: list[tuple[bool, str]] = []
    last = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > last:
            out.append((False, text[last : m.start()]))
        out.append((True, m.group(0)))
        last = m.end()
    if last < len(text):
        out.append((False, text[last:]))
    return out


def map_text(text: str, fn) -> str:
    """Apply ``fn`` to each run of text between placeholders (placeholders stay untouched)."""
    return "".join(piece if ph else fn(piece) for ph, piece in split_placeholders(text))
