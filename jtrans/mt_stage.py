"""The MT stage: engine → placeholder check → rerank/retry → repair → post-process → confidence.

:meth:`MTStage.run` sends a group's sentences to the engine in one batch (:mod:`jtrans.decoding`
reranks and retries a sentence that lost a placeholder). Each output is then repaired (repeated
or invented placeholders removed), its back-to-back repetitions collapsed, post-processed and
given a confidence; a sentence whose placeholders stay lost, or that the post-processing guard
rejects twice, is published as the marked English and flagged, so no content is ever lost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jtrans import (
    confidence,
    decoding,
    names,
    numbers,
    ordinals,
    pronouns,
    quantities,
    title_verbs,
)
from jtrans.findings import Finding
from jtrans.placeholders import PLACEHOLDER_RE, expand, find, named, short
from jtrans.protocols import Engine, OptionsEngine
from jtrans.repetition import collapse
from jtrans.sentences import match_final_stop

# postprocessor(ja, source, restore) -> (text, flags): ``ja`` and ``source`` still hold the
# sentence's local placeholders, ``restore`` maps them to their final text.
Postprocessor = Callable[[str, str, dict[int, str]], "tuple[str, Sequence[Finding]]"]


@dataclass
class Sentence:
    """One engine input and what became of it."""

    unit: int  # position in the prepared list
    source: str  # English, placeholders restored
    sent: str  # engine input with local placeholders (and glossary placeholders)
    restore: dict[int, str]  # local placeholder → final bytes
    output: str = ""  # raw engine output
    text: str = ""  # final text of the sentence
    hits: list[Any] = field(default_factory=list)  # glossary hits
    checked: list[Any] = field(default_factory=list)  # hits of check-only entries (not protected)
    inlined: set[int] = field(default_factory=set)  # placeholders spelled out on retry
    uid: int = 0  # the unit's id and line, for flags
    line: int = 0
    score: float | None = None  # the model's log-probability per token (None: no scores)
    confidence: float | None = None  # in [0, 1] (jtrans.confidence); None: not translated
    title_noun: str = ""  # a title's opening verb as a noun, joined after (jtrans.title_verbs)
    finished: str = ""  # the final text of ``sent``, placeholders in (jtrans.train.distill)


def _flag(s: Sentence, rule: str, message: str) -> Finding:
    """A flag on ``s`` whose message names the sentence (shortened), for an editor."""
    text = f'{message} (in "{short(s.source, 60)}")'
    return Finding(rule, text, line=s.line, unit=s.uid, index=s.unit)


class MTStage:
    """Translate and finish sentences with ``engine`` (``japanese``: its output is Japanese, so
    repetitions, final stops, post-processing and confidence apply)."""

    def __init__(
        self,
        engine: Engine,
        postprocessor: Postprocessor | None,
        japanese: bool,
        mbr_candidates: int = 0,
    ) -> None:
        self.engine = engine
        self.postprocessor = postprocessor
        self.japanese = japanese
        self.mbr_candidates = mbr_candidates

    def run(self, sentences: list[Sentence], flags: list[Finding]) -> None:
        """Translate ``sentences`` in one engine batch and finish each (``text``, ``confidence``);
        the warnings go to ``flags``."""
        # a sentence with no words outside its placeholders (a bold title that is a model name,
        # "2)") is its own translation: a model would only invent text around it
        from jtrans.postprocess.chars import has_english  # (post-processing loads lazily)

        todo = [s for s in sentences if has_english(s.sent)]
        for s in sentences:
            s.output = s.sent
        for s, rule, message in decoding.translate(self.engine, todo, self.mbr_candidates):
            flags.append(_flag(s, rule, message))
        redo = [s for s in sentences if not self._finish(s, flags, last=False)]
        if redo:  # the guard rejected these: decode once more with anti-loop settings
            for s, again in zip(redo, decoding.redecode(self.engine, redo), strict=True):
                if again:
                    flags.append(
                        _flag(
                            s,
                            "redecode",
                            "the first translation was rejected (empty, looping or not"
                            " Japanese); translated again with repetition penalties",
                        )
                    )
                self._finish(s, flags, last=True)

    def _finish(self, s: Sentence, flags: list[Finding], last: bool) -> bool:
        """Repair, post-process and restore ``s``; False when the guard wants a re-decode
        (``last=False``). On the last attempt a rejected output becomes the marked English."""
        from jtrans.postprocess.chars import already_japanese, has_english
        from jtrans.postprocess.guard import fallback_text

        if self.japanese and already_japanese(s.sent):  # not translated: kept as written
            s.text = expand(s.sent, s.restore)
            return True
        mark = len(flags)
        text = self._repair(s, flags)
        if text is None:  # placeholders lost after rerank and retry: the marked English
            s.text, s.confidence = fallback_text(s.source), 0.0
            return True
        repeated: list[str] = []
        if self.japanese:  # 分散分散 → 分散 (a repetition the English has itself is kept)
            text, repeated = collapse(text, s.restore, keep=s.source)
        if repeated:
            flags.append(
                _flag(
                    s, "repetition", f"removed words repeated back to back: {', '.join(repeated)}"
                )
            )
        if self.japanese and (s.hits or s.checked):  # 微調整 beside ファインチューニング
            text = self._mend_terms(s, text, flags)
        if self.japanese:
            text = match_final_stop(text, s.sent)
            text = quantities.by_amount(text, s.sent, s.restore)  # 35%によって → 35%削減
            text = quantities.counters(text, s.sent, s.restore)  # 12つの → 12の, 262医師
            text = numbers.unstutter(text, s.sent)  # 76.9.9 → 76.9
            text = numbers.join_signs(text, s.sent)  # - 5ポイント → -5ポイント
            text = quantities.attach(text, s.restore)  # 90%以上精度 → 90%以上の精度
            # BERTされた埋め込み → BERTの埋め込み, first: Claudeされた3.5 → Claudeの3.5 → Claude 3.5
            adjectives = frozenset(  # glossary hits (any glossary: their shape is not fixed)
                index
                for h in s.hits
                if (index := getattr(h, "index", None)) is not None
                and getattr(getattr(h, "entry", None), "pos", "") == "adj"
            )
            text = names.no_passive(text, s.sent, s.restore, adjectives)
            text = ordinals.unpassive(text, s.restore)  # 5位されたなど → 5位など
            text = names.keep_spacing(text, s.sent, s.restore)  # Gemini1.5 Flash → Gemini 1.5 Flash
            text = pronouns.house(text, s.source)  # We propose: 私たちは → 本研究では
        if self.postprocessor is not None and self.japanese:
            text, fallback = self._postprocess(s, text, flags)
            if fallback and not last and isinstance(self.engine, OptionsEngine):
                del flags[mark:]  # report the outcome of the second attempt only
                return False
            if fallback:  # publish the English behind the untranslated marker
                s.text, s.confidence = fallback_text(s.source), 0.0
                return True
        if self.japanese:
            s.finished = text  # the translation of the engine input, before a title's verb
            if s.title_noun:  # Auditing LLMs … → …LLMの監査
                text = title_verbs.attach(text, s.title_noun)
            self._assess(s, text, repeated, flags)
        s.text = expand(text, s.restore)
        if self.japanese:  # 10倍速いを実行 → 10倍速く実行
            s.text = quantities.comparatives(s.text, s.restore)
        if self.japanese and not has_english(s.sent):  # all glossary terms: ロボット計画. → 。
            s.text = _japanese_final_stop(s.text)
        return True

    def _mend_terms(self, s: Sentence, text: str, flags: list[Finding]) -> str:
        """The glossary's rendering where the model wrote a forbidden one of a term of ``s``, an
        adjective term joined to its noun (最先端されたモデル → 最先端のモデル), a survey's
        topic joined by に関する and researchers' organisation by の."""
        from jtrans.glossary import mend

        text = mend.attributive(text, s.hits)  # ⟦0⟧されたモデル → ⟦0⟧のモデル (最先端の)
        text = mend.topic(text, s.hits, s.sent)  # survey on X: X上の⟦0⟧ → Xに関する⟦0⟧
        text = mend.affiliation(text, s.hits, s.sent)  # Xからの⟦0⟧ → Xの⟦0⟧ (研究者)
        text, replaced = mend.apply(text, [*s.hits, *s.checked], s.sent)
        if replaced:
            pairs = ", ".join(f"{bad} → {good}" for bad, good in replaced)
            flags.append(_flag(s, "forbidden-term", f"replaced forbidden renderings: {pairs}"))
        return text

    def _assess(self, s: Sentence, text: str, repeated: list[str], flags: list[Finding]) -> None:
        """The sentence's confidence (model score and checks); a low one is flagged."""
        result = confidence.assess(s.sent, text, s.score, repeated)
        s.confidence = result.value
        if result.low:
            flags.append(_flag(s, "low-confidence", result.describe()))

    def _repair(self, s: Sentence, flags: list[Finding]) -> str | None:
        """The output with each expected placeholder exactly once (repeated and unknown ones
        removed), or ``None`` when one is missing (the sentence falls back to English)."""
        expected = [i for i in find(s.sent) if i not in s.inlined]
        seen: Counter[int] = Counter()
        dropped: list[int] = []

        def keep_once(m: re.Match[str]) -> str:
            i = int(m.group(1))
            seen[i] += 1
            if i in expected and seen[i] == 1:
                return m.group(0)
            dropped.append(i)
            return ""

        text = PLACEHOLDER_RE.sub(keep_once, s.output)
        if dropped:
            # no run of spaces left behind (leading ones would make an indented code block)
            text = re.sub(r"[ \t]{2,}", " ", text).strip()
            flags.append(
                _flag(
                    s,
                    "placeholder-extra",
                    f"removed extra copies of {named(dropped, s.restore)}",
                )
            )
        missing = [i for i in expected if not seen[i]]
        # spelled-out text the engine dropped on the retry is lost too
        missing += [i for i in sorted(s.inlined) if s.restore[i] not in text]
        if missing:
            flags.append(
                _flag(
                    s,
                    "placeholder-missing",
                    f"the model left out {named(missing, s.restore)} even after reranking"
                    " and a retry; the sentence is published in English",
                )
            )
            return None
        return text

    def _postprocess(self, s: Sentence, text: str, flags: list[Finding]) -> tuple[str, bool]:
        """Run the post-processor; returns (text, fallback-to-English?)."""
        assert self.postprocessor is not None
        new, pp_flags = self.postprocessor(text, s.sent, s.restore)
        fallback = False
        for f in pp_flags:
            flags.append(_flag(s, f.rule, f.message))
            fallback = fallback or f.fallback
        if fallback:
            return text, True
        if sorted(find(new)) != sorted(find(text)):
            flags.append(
                _flag(
                    s,
                    "postprocess",
                    "post-processing changed placeholders; its result was discarded",
                )
            )
            return text, False
        return new, False


def _japanese_final_stop(text: str) -> str:
    """``text`` with a final ASCII ``.`` after a Japanese character as ``。``: a sentence made
    only of glossary terms (``Robotic planning.``) never reaches the engine or the
    post-processor, which sees placeholders only, so its English stop stayed (ロボット計画.)."""
    from jtrans.postprocess.chars import JA_WORD

    return re.sub(f"(?<=[{JA_WORD}])[.．]$", "。", text)
