"""Latin words the model stuttered: an English word written with its last letters repeated.

The model copies English words it cannot translate and sometimes repeats their tail
(``Magentic-Onene`` for Magentic-One, ``Hackck`` for Hack, both in real weeks; the consensus of
the 8 best can pick such a hypothesis). A Latin word of the output that the English does not
have, made of a word of the English and copies of that word's last one to three letters,
becomes the English word. Placeholders are not Latin words and are never touched.
"""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def apply(ja: str, source: str) -> str:
    """``ja`` with each stuttered copy of a word of ``source`` written as ``source`` has it."""
    words = set(_WORD_RE.findall(source))
    if not words:
        return ja

    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in words:
            return word
        for cut in range(len(word) - 1, 1, -1):  # the longest English word it starts with
            stem, rest = word[:cut], word[cut:]
            if stem not in words:
                continue
            for n in (1, 2, 3):
                tail = stem[-n:]
                if len(tail) == n and len(rest) % n == 0 and rest == tail * (len(rest) // n):
                    return stem
        return word

    return _WORD_RE.sub(mend, ja)
