"""Character classes shared by the post-processing rules.

"Japanese" means kana, kanji and the Japanese punctuation/brackets; placeholders ``⟦n⟧`` are
opaque Latin-ish tokens (they usually restore to code, URLs, names or kept English).
"""

from __future__ import annotations

import re
import unicodedata

from jtrans.placeholders import PLACEHOLDER_RE, strip

# Kana (incl. ー and iteration marks), CJK ideographs, 々〆〇.
JA_WORD = (
    "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007"
)
# Japanese punctuation and brackets (full-width forms used in running text).
JA_PUNCT = "、。，．・：；？！（）「」『』【】〔〕［］｛｝〈〉《》〜～"
JA_CHAR_RE = re.compile(f"[{JA_WORD}]")
KANA_RE = re.compile("[\u3040-\u30ff\uff66-\uff9d]")  # what is_kana accepts
JA_ANY = JA_WORD + re.escape(JA_PUNCT)
KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"
HIRAGANA = "\u3041-\u3096"  # the syllables (no iteration marks)
HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # the kanji is_han accepts (regex class body)
# what cannot start the noun a modifier is joined to (hiragana, closing punctuation, space):
# ⟦0⟧された before one of these is a verb, not a modifier (regex class body)
NOT_A_NOUN = HIRAGANA + "、。，．！？）」』" + r"\s"

SPACES = " \t\u3000"


def has_japanese(text: str) -> bool:
    """True when ``text`` holds at least one kana or kanji outside placeholders."""
    return bool(JA_CHAR_RE.search(strip(text)))


def is_ja_word(ch: str) -> bool:
    """Whether ``ch`` starts with kana or a kanji."""
    return JA_CHAR_RE.match(ch) is not None


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


def has_english(text: str) -> bool:
    """Whether ``text`` has English to translate: Latin letters outside its placeholders.
    Text with no English (numbers, emoji) is left to itself, and so is a sentence already in
    Japanese (see :func:`already_japanese`)."""
    plain = strip(text)
    return any(c.isalpha() and is_latin(c) for c in plain) and not already_japanese(text)


def already_japanese(text: str) -> bool:
    """A Japanese sentence naming a model or benchmark in Latin letters (it has kana and more
    Japanese than Latin letters): an English→Japanese model would only garble it, and
    post-processing would restyle somebody's Japanese, so it is kept exactly."""
    plain = strip(text)
    if not KANA_RE.search(plain):
        return False
    latin = sum(1 for c in plain if c.isalpha() and is_latin(c))
    return sum(1 for c in plain if is_kana(c) or is_han(c)) > latin


def is_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9d"  # hiragana, katakana


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def is_latin(c: str) -> bool:
    return c.isascii() or unicodedata.name(c, "").startswith(("LATIN", "FULLWIDTH LATIN"))
