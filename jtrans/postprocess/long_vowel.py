"""Katakana long-vowel convention for glossary terms: the glossary decides, not the model.

Given ``(preferred, variants)`` pairs (``("コンピューター", ("コンピュータ",))``), every
variant standing as a whole katakana word is rewritten to the preferred spelling. Variants are
derived by adding or removing a trailing ``ー`` (``terms_from_renderings``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jtrans.postprocess.chars import KATAKANA, map_text

NAME = "long_vowel"

_KATAKANA_WORD = re.compile(f"[{KATAKANA}]+$")


def variants_of(preferred: str) -> tuple[str, ...]:
    """Spellings that differ from ``preferred`` only by a trailing long-vowel mark."""
    if not _KATAKANA_WORD.search(preferred) or len(preferred) < 2:
        return ()
    if preferred.endswith("ー"):
        return (preferred[:-1],)
    return (preferred + "ー",)


def terms_from_renderings(renderings: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """``(preferred, variants)`` pairs for the katakana-final renderings (others are skipped)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for r in renderings:
        r = r.strip()
        variants = variants_of(r)
        if variants and r not in seen:
            seen.add(r)
            out.append((r, variants))
    return out


def apply(ja: str, terms: Iterable[tuple[str, Iterable[str]]]) -> str:
    """Replace whole-word variants by their preferred spelling (outside placeholders)."""
    pairs = [(p, tuple(v)) for p, v in terms]
    preferred_forms = {p for p, _ in pairs}
    mapping = {v: p for p, vs in pairs for v in vs if v and v not in preferred_forms}
    if not mapping:
        return ja
    alternatives = "|".join(re.escape(v) for v in sorted(mapping, key=len, reverse=True))
    pattern = re.compile(f"(?<![{KATAKANA}])(?:{alternatives})(?![{KATAKANA}])")
    return map_text(ja, lambda piece: pattern.sub(lambda m: mapping[m.group(0)], piece))
