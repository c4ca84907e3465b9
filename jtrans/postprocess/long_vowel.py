"""Katakana long-vowel convention for glossary terms: the glossary decides, not the model.

Given ``(preferred, variants)`` pairs (``("コンピューター", ("コンピュータ",))``), every
variant standing as a whole katakana word is rewritten to the preferred spelling. Variants are
derived by adding or removing a trailing ``ー`` (``terms_from_renderings``) where the
convention really varies: after an ア/イ-row kana, as in -er/-or/-ar/-y loanwords (コンピュータ(ー),
パラメータ(ー), メモリ(ー), エンコーダ(ー)); never after ト, ン, ル… (エージェント, フロー).

A ``ー`` right after a placeholder is dropped unless its rendering ends in one of those kana
(``推論ー``, ``LLMー``, ``ハルシネーションー``; ``コンピュータ`` + ``ー`` stays): the model
learned the mark from training pairs where a term's rendering was the front of a longer
katakana word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jtrans.placeholders import PLACEHOLDER_RE
from jtrans.postprocess.chars import KATAKANA, map_text

NAME = "long_vowel"

_KATAKANA_WORD = re.compile(f"[{KATAKANA}]+$")
# katakana inside a word: any but the middle dot ・, which joins two (the model wrote
# デコーダー・デコーダ for "decoder-decoder")
_WORD_KANA = f"(?!・)[{KATAKANA}]"
# Kana whose long vowel is optional in loanword spelling (the -er/-or/-ar/-y endings).
_VARIABLE = set("アカガサザタダナハバパマヤャラワァイキギシジチヂニヒビピミリィ")


def variants_of(preferred: str) -> tuple[str, ...]:
    """Spellings that differ from ``preferred`` only by a trailing long-vowel mark."""
    if not _KATAKANA_WORD.search(preferred) or len(preferred) < 3:
        return ()
    if preferred.endswith("ー"):
        return (preferred[:-1],) if preferred[-2] in _VARIABLE else ()
    return (preferred + "ー",) if preferred[-1] in _VARIABLE else ()


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


def glossary_renderings(glossary: Any) -> list[str]:
    """Japanese renderings of a ``jtrans.glossary.Glossary`` (any iterable of entries with
    ``ja``); ``keep`` entries contribute their gloss too, which is harmless."""
    return [e.ja for e in glossary if getattr(e, "ja", "")]


@lru_cache(maxsize=32)
def _compile(pairs: tuple[tuple[str, tuple[str, ...]], ...]):
    preferred_forms = {p for p, _ in pairs}
    mapping = {v: p for p, vs in pairs for v in vs if v and v not in preferred_forms}
    if not mapping:
        return None, mapping
    alternatives = "|".join(re.escape(v) for v in sorted(mapping, key=len, reverse=True))
    return re.compile(f"(?<!{_WORD_KANA})(?:{alternatives})(?!{_WORD_KANA})"), mapping


_AFTER_PLACEHOLDER = re.compile(PLACEHOLDER_RE.pattern + "ー+")


def stray_marks(ja: str, restore: dict[int, str] | None) -> str:
    """``⟦k⟧ー`` → ``⟦k⟧`` where ``k`` is known and its rendering cannot take a long vowel."""
    if not restore or "ー" not in ja:
        return ja

    def repl(m: re.Match[str]) -> str:
        value = restore.get(int(m.group(1)))
        if value is None or (value and value[-1] in _VARIABLE):
            return m.group(0)
        return m.group(0).rstrip("ー")

    return _AFTER_PLACEHOLDER.sub(repl, ja)


def apply(
    ja: str,
    terms: Iterable[tuple[str, Iterable[str]]],
    restore: dict[int, str] | None = None,
) -> str:
    """Replace whole-word variants by their preferred spelling (outside placeholders) and
    drop long-vowel marks stuck to a non-katakana placeholder (``restore``)."""
    ja = stray_marks(ja, restore)
    pattern, mapping = _compile(tuple((p, tuple(v)) for p, v in terms))
    if pattern is None:
        return ja
    return map_text(ja, lambda piece: pattern.sub(lambda m: mapping[m.group(0)], piece))
