"""Sentence-final style: detect です・ます vs だ・である with fugashi/unidic-lite and convert the
common endings to the configured style (default です・ます, the house style).

Only the predicate that ends a sentence (before 。！？, a newline or the end of the unit) is
looked at; noun-final sentences (体言止め) are neutral. Conversions cover the frequent MT endings:
verb 終止形 (示す → 示します), past (示した → 示しました), negatives (しない → しません,
ない → ありません), copula (だ / である → です, だった → でした, だろう → でしょう) and
i-adjectives (高い → 高いです), plus the reverse for ``da_dearu``. Anything else is left alone.
A sentence ending in a placeholder or a closing bracket is never rewritten.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jtrans.postprocess.chars import has_japanese
from jtrans.tokenizers.ja_unidic import Morpheme, morphemes

NAME = "style"

POLITE = "desu_masu"
PLAIN = "da_dearu"
NEUTRAL = "neutral"

_SENTENCE_END = re.compile(r"[。！？!?]+|\n")
_TRAILING_POS = {"補助記号", "空白", "記号"}

_I_ROW = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))
_A_ROW = dict(zip("うくぐすつぬぶむる", "わかがさたなばまら", strict=True))
_TA_FORM = {"く": "いた", "ぐ": "いだ", "す": "した", "つ": "った", "る": "った", "う": "った",
            "ぬ": "んだ", "ぶ": "んだ", "む": "んだ"}  # fmt: skip


@dataclass(frozen=True)
class Ending:
    """The classified end of one sentence: ``style`` and, if convertible, the rewrite."""

    style: str
    start: int  # offsets of the rewritable tail within the sentence
    end: int
    polite: str | None  # the tail in です・ます form (None: cannot convert)
    plain: str | None  # the tail in だ・である form


def _verb_stem_ok(m: Morpheme) -> bool:
    """The dictionary form and the surface share their stem (so conjugating is safe)."""
    base = m.base
    return len(base) >= 2 and m.surface[: len(base) - 1] == base[:-1]


def _renyou(m: Morpheme) -> str | None:
    """連用形 (the form before ます) of the verb or verb-like auxiliary ``m``."""
    base, ctype = m.base, m.ctype
    if not base or base == "*":
        return None
    if ctype.startswith("サ行変格"):
        if base.endswith("する"):
            return base[:-2] + "し"
        if base.endswith("ずる"):
            return base[:-2] + "じ"
        return None
    if ctype.startswith("カ行変格"):
        if not base.endswith("る"):
            return None
        return base[:-2] + ("き" if base.endswith("くる") else "来")
    if not _verb_stem_ok(m):
        return None
    if ctype.startswith(("上一段", "下一段")) or ctype in _VERB_AUX:
        return base[:-1] if base.endswith("る") else None
    if ctype.startswith("五段") and base[-1] in _I_ROW:
        return base[:-1] + _I_ROW[base[-1]]
    return None


def _ta_form(m: Morpheme) -> str | None:
    """Plain past of the verb ``m`` (示す → 示した, 行く → 行った)."""
    base, ctype = m.base, m.ctype
    if ctype.startswith("五段") and _verb_stem_ok(m) and base[-1] in _TA_FORM:
        if base.endswith(("行く", "いく")):
            return base[:-1] + "った"
        return base[:-1] + _TA_FORM[base[-1]]
    stem = _renyou(m)
    return None if stem is None else stem + "た"


def _nai_form(m: Morpheme) -> str | None:
    """Plain negative of the verb ``m`` (示す → 示さない)."""
    base, ctype = m.base, m.ctype
    if ctype.startswith("五段") and _verb_stem_ok(m) and base[-1] in _A_ROW:
        return base[:-1] + _A_ROW[base[-1]] + "ない"
    if ctype.startswith("サ行変格") and base.endswith("する"):
        return base[:-2] + "しない"
    if ctype.startswith("カ行変格"):
        return base[:-2] + ("こない" if base.endswith("くる") else "来ない")
    stem = _renyou(m)
    return None if stem is None else stem + "ない"


_VERB_AUX = ("助動詞-レル", "助動詞-ラレル", "助動詞-セル", "助動詞-サセル")


def _is_verbish(m: Morpheme) -> bool:
    return m.pos1 == "動詞" or (
        m.pos1 == "助動詞" and (m.ctype in _VERB_AUX or m.ctype.startswith(("下一段", "上一段")))
    )


def _ending(ms: list[Morpheme]) -> Ending | None:
    """Classify and, where possible, give both renderings of the sentence's final predicate."""
    if not ms:
        return None
    last = ms[-1]
    prev = ms[-2] if len(ms) > 1 else None
    prev2 = ms[-3] if len(ms) > 2 else None
    lemmas = [m.lemma for m in ms[-6:] if m.pos1 == "助動詞"]
    end = last.end

    # --- polite endings -------------------------------------------------------------------
    if "です" in lemmas or "ます" in lemmas:
        # verb + ます / ました / ません / ませんでした
        tail = ms[-6:]
        i = next((k for k, m in enumerate(tail) if m.lemma == "ます"), None)
        if i is not None and i > 0 and _is_verbish(tail[i - 1]):
            verb = tail[i - 1]
            rest = "".join(m.surface for m in tail[i:])
            plain = None
            if rest == "ます":
                ok = _verb_stem_ok(verb) or verb.ctype.startswith("サ行変格")
                plain = verb.base if ok else None
                if verb.pos1 == "助動詞":
                    plain = verb.base if verb.base.endswith("る") else None
            elif rest == "ました":
                plain = _ta_form(verb) if verb.pos1 == "動詞" else (_renyou(verb) or "") + "た"
            elif rest == "ません":
                plain = _nai_form(verb) if verb.pos1 == "動詞" else (_renyou(verb) or "") + "ない"
                plain = "ない" if verb.lemma == "有る" else plain
            elif rest == "ませんでした":
                nai = _nai_form(verb) if verb.pos1 == "動詞" else None
                nai = "ない" if verb.lemma == "有る" else nai
                plain = nai[:-1] + "かった" if nai else None
            if plain and verb.pos1 == "動詞" and verb.ctype.startswith("サ行変格"):
                plain = verb.base if rest == "ます" else plain
            return Ending(POLITE, verb.start, end, None, plain or None)
        if last.surface == "でしょう":
            return Ending(POLITE, last.start, end, None, "だろう")
        if last.lemma == "です" and last.surface == "です":
            if prev is not None and (prev.pos1 == "形容詞" or prev.lemma in ("た", "たい", "ない")):
                return Ending(POLITE, last.start, end, None, "")
            return Ending(POLITE, last.start, end, None, "である")
        if last.surface == "た" and prev is not None and prev.surface == "でし":
            return Ending(POLITE, prev.start, end, None, "であった")
        return Ending(POLITE, end, end, None, None)

    # --- plain endings --------------------------------------------------------------------
    if last.pos1 == "助動詞" and last.lemma == "だ" and last.surface == "だ":
        return Ending(PLAIN, last.start, end, "です", None)
    # である; also where unidic reads a final である with no 。 after it as 接続詞 + 連体詞 或る
    # (a clause cut at ";": ⟦7⟧である came back unconverted beside です・ます)
    if last.surface == "ある" and prev is not None and prev.surface == "で" \
            and (last.lemma == "有る" and prev.lemma == "だ" or last.lemma == "或る"):  # fmt: skip
        return Ending(PLAIN, prev.start, end, "です", None)
    if last.pos1 == "助動詞" and last.lemma == "た" and prev is not None:
        if prev.lemma == "だ" and prev.surface == "だっ":
            return Ending(PLAIN, prev.start, end, "でした", None)
        if prev.lemma == "有る" and prev2 is not None and prev2.surface == "で":
            return Ending(PLAIN, prev2.start, end, "でした", None)
        if prev.lemma == "無い" and prev.pos1 == "形容詞":
            return Ending(PLAIN, prev.start, end, "ありませんでした", None)
        if prev.lemma == "ない" and prev.pos1 == "助動詞" and prev2 is not None \
                and _is_verbish(prev2):  # fmt: skip
            stem = _renyou(prev2)
            return Ending(PLAIN, prev2.start, end, stem + "ませんでした" if stem else None, None)
        if _is_verbish(prev):
            stem = _renyou(prev)
            return Ending(PLAIN, prev.start, end, stem + "ました" if stem else None, None)
        if prev.pos1 == "形容詞":
            return Ending(PLAIN, end, end, "です", None)
        return Ending(PLAIN, end, end, None, None)
    if last.pos1 == "助動詞" and last.surface == "だろう":
        return Ending(PLAIN, last.start, end, "でしょう", None)
    if last.pos1 == "助動詞" and last.lemma == "ない" and prev is not None and _is_verbish(prev):
        stem = _renyou(prev)
        return Ending(PLAIN, prev.start, end, stem + "ません" if stem else None, None)
    if last.pos1 == "助動詞" and last.lemma == "たい" and last.cform.startswith("終止形"):
        return Ending(PLAIN, end, end, "です", None)
    if last.pos1 == "形容詞" and last.cform.startswith("終止形"):
        if last.lemma == "無い":
            return Ending(PLAIN, last.start, end, "ありません", None)
        return Ending(PLAIN, end, end, "です", None)
    if _is_verbish(last) and last.cform.startswith("終止形"):
        stem = _renyou(last)
        return Ending(PLAIN, last.start, end, stem + "ます" if stem else None, None)
    return Ending(NEUTRAL, end, end, None, None)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _final_predicate(sentence: str) -> list[Morpheme] | None:
    """Morphemes up to the sentence's last word; None when it ends in a placeholder/bracket."""
    ms = morphemes(sentence)
    while ms and (ms[-1].pos1 in _TRAILING_POS or not ms[-1].surface.strip()):
        if ms[-1].surface in "」』）)]":
            return None
        ms.pop()
    if not ms or ms[-1].is_placeholder:
        return None
    return ms


def endings(text: str) -> list[tuple[int, Ending]]:
    """``(sentence_offset, Ending)`` for each sentence of ``text`` that has Japanese."""
    out = []
    for start, stop in _sentence_spans(text):
        sentence = text[start:stop]
        if not has_japanese(sentence):
            continue
        ms = _final_predicate(sentence)
        if ms is None:
            continue
        ending = _ending(ms)
        if ending is not None:
            out.append((start, ending))
    return out


_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")


def looks_like_title(source: str) -> bool:
    """English source that reads like a title (no final stop, most long words capitalised):
    its translation keeps whatever ending it has (``…とは限らない`` for "… Is Not Always …")."""
    text = re.sub(r"⟦\d+⟧", " ", source).strip()
    if not text or text[-1] in ".!?;:":
        return False
    words = _TITLE_WORD.findall(text)
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def detect(text: str) -> Counter[str]:
    """How many sentences end in each style (``desu_masu``, ``da_dearu``, ``neutral``)."""
    return Counter(e.style for _, e in endings(text))


def is_mixed(counts: Counter[str]) -> bool:
    return counts[POLITE] > 0 and counts[PLAIN] > 0


def apply(ja: str, politeness: str = POLITE) -> tuple[str, Counter[str], int]:
    """Rewrite convertible endings to ``politeness``; return (text, styles before, changes)."""
    found = endings(ja)
    counts = Counter(e.style for _, e in found)
    other = PLAIN if politeness == POLITE else POLITE
    out, changed = ja, 0
    for offset, e in reversed(found):
        if e.style != other:
            continue
        replacement = e.polite if politeness == POLITE else e.plain
        if replacement is None:
            continue
        out = out[: offset + e.start] + replacement + out[offset + e.end :]
        changed += 1
    return out, counts, changed
