"""Forbidden renderings the model wrote itself → the glossary's rendering.

A protected term comes back as its placeholder, but the model still writes a term's words on
its own where the glossary could not protect them: a second spelling that renders the same
(``finetune`` after ``finetuning``, left to the model so the two stay apart) or a sentence that
says it twice. The real digests came back with 微調整 next to ファインチューニング and 基礎モデル
for "foundational models"; ``jtrans qa`` reports such a forbidden rendering as an error.

:func:`apply` replaces, in a translated sentence (placeholders not yet restored), each
forbidden rendering of a ``translate`` entry found in that sentence's English by the entry's
rendering (微調整し → ファインチューニングし). Text inside a placeholder is never touched,
and a forbidden rendering is left alone where it is part of a longer katakana word (トランス
in トランスクリプト) or of a rendering the sentence needs. Entries kept in English are left
alone: their forbidden katakana is often part of other words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from jtrans.glossary.model import TRANSLATE
from jtrans.placeholders import make, strip
from jtrans.postprocess.chars import KATAKANA, NOT_A_NOUN, is_han

_KATAKANA_RE = re.compile(f"[{KATAKANA}]")
ADJECTIVE = "adj"  # the glossary's pos for a term that qualifies a noun (state-of-the-art)
_AS_VERB = ("された", "済み")  # an adjective's rendering written as a verb's participle
_TOPIC_NOUNS = frozenset({"survey", "paper", "tutorial", "overview", "review"})
_PLACE = "(?:の上の|上の|での)"  # "on" read as a place


def attributive(text: str, hits: Iterable[Any]) -> str:
    """``text`` with a term's placeholder written before its noun as Japanese does.

    An adjective term: the model treats a rendering like 最先端 as a verb (``⟦0⟧されたモデル``,
    最先端された; 高品質された in 11 of ~600 real-digest sentences; ``大規模済み視覚言語モデル``
    in a real week), which becomes ``⟦0⟧のモデル``, or ``⟦0⟧なモデル`` after a rendering that is
    a na-adjective (最適, …的). A rendering that takes する (特化) keeps された; one that already
    ends attributively (きめ細かな, …のみの, 人間らしい) loses it. A …的 rendering the model
    joined with の (``創発的のエージェント``, a real week) takes な, a …い one nothing
    (``新しいの動作``).

    Any other term whose rendering is a noun that takes する: the model wrote it as a
    na-adjective (``事前学習なビジョンTransformer`` for "pretrains vision transformers"), which is
    no Japanese; it becomes ``⟦0⟧した``. ``⟦0⟧なし`` / ``⟦0⟧なく`` (without) stay."""
    for hit in hits:
        entry = getattr(hit, "entry", None)
        index = getattr(hit, "index", None)
        if index is None:
            continue
        token = make(index)
        rendering = getattr(hit, "rendering", "") or getattr(entry, "ja", "")
        before_noun = f"(?=[^{NOT_A_NOUN}])"
        if getattr(entry, "pos", "") != ADJECTIVE:
            if token + "な" in text and _takes_suru(rendering):
                text = re.sub(re.escape(token) + "な" + before_noun, token + "した", text)
            continue
        if token + "の" in text and rendering.endswith(("的", "い")):
            # 創発的のエージェント, 新しいの動作 (real weeks): な after …的, nothing after …い
            na = "な" if rendering.endswith("的") else ""
            text = re.sub(re.escape(token) + "の" + before_noun, token + na, text)
        if not any(token + word in text for word in _AS_VERB):
            continue
        link = _link(rendering)
        if link is not None:
            verb = "|".join(_AS_VERB)
            text = re.sub(re.escape(token) + f"(?:{verb})" + before_noun, token + link, text)
    return text


def topic(text: str, hits: Iterable[Any], source: str) -> str:
    """``text`` with the topic of a survey or paper joined by に関する where the English says
    "survey on X" (``source``, the engine input) and the model read "on" as a place:
    ``X上の⟦0⟧``, ``Xでの⟦0⟧`` (3 and 3 of 18 real-digest "Survey on" titles: 状態空間モデル上の
    サーベイ) become ``Xに関する⟦0⟧``."""
    for token in _tokens_before(hits, _TOPIC_NOUNS, "on", source):
        text = re.sub(_PLACE + re.escape(token), "に関する" + token, text)
    return text


_MEMBERS = frozenset({"researcher", "scientist", "engineer", "team"})  # of an organisation


def affiliation(text: str, hits: Iterable[Any], source: str) -> str:
    """``text`` with "researchers from X" as ``Xの研究者`` where the model wrote it word for
    word, ``Xからの研究者`` (``Sesameからの研究者は``); only where the English says "from"
    right after the term."""
    for token in _tokens_before(hits, _MEMBERS, "from", source):
        text = text.replace("からの" + token, "の" + token)
    return text


def _tokens_before(hits: Iterable[Any], terms: frozenset[str], word: str, source: str) -> list[str]:
    """The placeholders of the ``hits`` whose term is one of ``terms`` and that ``word``
    follows in ``source`` (``⟦0⟧ on``, ``⟦0⟧ from``)."""
    tokens = []
    for hit in hits:
        entry = getattr(hit, "entry", None)
        index = getattr(hit, "index", None)
        if index is None or getattr(entry, "term", "").lower() not in terms:
            continue
        token = make(index)
        if re.search(re.escape(token) + rf" {word}\b", source):
            tokens.append(token)
    return tokens


def _link(rendering: str) -> str | None:
    """What joins ``rendering`` to a noun after it (None: された is right, or unknown)."""
    from jtrans.tokenizers import ja_unidic

    if not rendering or rendering.endswith(("な", "の", "い")):
        return "" if rendering else None
    last = ja_unidic.morphemes(rendering)[-1]
    if last.pos1 == "形状詞" or last.pos2 == "形状詞的":
        return "な"
    if last.pos1 in ("名詞", "接尾辞") and "サ変" not in last.pos3:
        return "の"
    return None


def _takes_suru(rendering: str) -> bool:
    """Whether ``rendering`` ends in a Sino-Japanese noun that takes する (学習, 事前学習, 推論;
    not a loanword such as ベンチマーク, which unidic also lets take する)."""
    from jtrans.tokenizers import ja_unidic

    if not rendering:
        return False
    last = ja_unidic.morphemes(rendering)[-1]
    return last.pos1 == "名詞" and "サ変" in last.pos3 and all(map(is_han, last.surface))


def apply(
    text: str, hits: Iterable[Any], source: str | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with the forbidden renderings of the ``hits``' entries replaced, and the
    (forbidden, rendering) pairs replaced (once each). Only for an entry whose rendering is
    short of its term's occurrences: with 錯覚 there for "illusion", 説明 is "explains".
    Given the engine input ``source``, a term's placeholder in ``text`` counts as rendered
    too, unless ``source`` also writes the term another way the glossary did not protect
    (``finetune`` beside ``fine-tuning``): with ⟦0⟧ there for "medicine", 測定 is
    "measured" (a real week came back as 医療されています)."""
    renderings: dict[str, str] = {}  # forbidden → rendering
    needed: set[str] = set()
    wanted: Counter[str] = Counter()  # rendering → the sentence's occurrences of its term
    placed: Counter[str] = Counter()  # rendering → its placeholders the text still holds
    entries: list[Any] = []
    for hit in hits:
        entry = getattr(hit, "entry", None)  # (a glossary of one's own may report other hits)
        if getattr(entry, "policy", None) != TRANSLATE or not getattr(entry, "ja", ""):
            continue
        assert entry is not None
        needed.add(entry.ja)
        wanted[entry.ja] += 1
        index = getattr(hit, "index", None)
        if source is not None and index is not None and make(index) in text:
            if not _variant(entry.term, source):
                placed[entry.ja] += 1
        entries.append(entry)
    for entry in entries:
        # every occurrence rendered: a forbidden string is another word (説明); not for a
        # check-only entry, whose forbidden renderings are that word only (ビデオ for video)
        short = text.count(entry.ja) + placed[entry.ja] < wanted[entry.ja]
        if not (short or getattr(entry, "check_only", False)):
            continue
        for bad in getattr(entry, "forbidden", ()):
            if bad and bad != entry.ja:
                renderings.setdefault(bad, entry.ja)
    if not renderings or not any(bad in text for bad in renderings):
        return text, []
    kept = _spans(text, needed)
    done: list[tuple[str, str]] = []
    for bad in sorted(renderings, key=len, reverse=True):
        good = renderings[bad]
        out, pos, changed = [], 0, False
        for m in re.finditer(re.escape(bad), text):
            if _inside(m.span(), kept) or _glued(text, m.start(), m.end()):
                continue
            out.append(text[pos : m.start()])
            out.append(good)
            pos, changed = m.end(), True
        if changed:
            out.append(text[pos:])
            text = "".join(out)
            kept = _spans(text, needed | {good})
            done.append((bad, good))
    return text, done


def _variant(term: str, source: str) -> bool:
    """``source`` (placeholders stripped) has a word that starts as ``term`` does, hyphens and
    spaces aside (finetune for fine-tuning): a spelling the glossary did not protect."""
    letters = re.sub(r"[^a-z]", "", term.lower())[:5]
    if len(letters) < 4:
        return False
    words = re.findall(r"[A-Za-z][A-Za-z\-]*", strip(source, " "))
    return any(re.sub(r"[^a-z]", "", w.lower()).startswith(letters) for w in words)


def _spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    return [m.span() for word in words for m in re.finditer(re.escape(word), text)]


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    start, end = span
    return any(a <= start and end <= b for a, b in spans)


def standalone(text: str, bad: str) -> int:
    """How often ``bad`` occurs in ``text`` other than inside a longer katakana word (トランス
    in トランスクリプト, ビデオ in ビデオゲーム): what :func:`apply` would replace, and what
    :func:`jtrans.glossary.check.check` counts as a forbidden rendering."""
    return sum(1 for m in re.finditer(re.escape(bad), text) if not _glued(text, m.start(), m.end()))


def _glued(text: str, start: int, end: int) -> bool:
    """The match continues a katakana word on either side (only checked where it starts or
    ends with katakana itself)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(
        (_KATAKANA_RE.match(text[start]) and before and _KATAKANA_RE.match(before))
        or (_KATAKANA_RE.match(text[end - 1]) and after and _KATAKANA_RE.match(after))
    )
