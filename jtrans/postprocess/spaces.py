"""Remove spurious spaces left by detokenisation between Japanese characters.

``Transformer の 推論 を 高速 化 し ます`` → ``Transformer の推論を高速化します``: a space (ASCII,
tab or ideographic) between two Japanese characters, or next to Japanese punctuation such as
、。「」（）, never belongs in Japanese text. Japanese↔Latin spacing is the ``latin_spacing``
rule's job; Latin↔Latin spaces are kept.
"""

from __future__ import annotations

import re

from jtrans.postprocess.chars import JA_ANY, JA_PUNCT, SPACES

NAME = "spaces"

_BETWEEN_JA = re.compile(f"(?<=[{JA_ANY}])[{SPACES}]+(?=[{JA_ANY}])")
_P = re.escape(JA_PUNCT)
_BEFORE_PUNCT = re.compile(f"(?<=\\S)[{SPACES}]+(?=[{_P}])")
_AFTER_PUNCT = re.compile(f"(?<=[{_P}])[{SPACES}]+(?=\\S)")


def apply(ja: str) -> str:
    """Drop spaces between Japanese characters and around Japanese punctuation.

    Placeholders are not Japanese characters, so spaces next to them are left alone here.
    """
    ja = _BETWEEN_JA.sub("", ja)
    ja = _BEFORE_PUNCT.sub("", ja)
    ja = _AFTER_PUNCT.sub("", ja)
    return ja
