"""BLEU on Japanese split into UniDic words (fugashi + unidic-lite).

Hypotheses and references are tokenised with ``jtrans.tokenizers`` and scored by sacrebleu's
BLEU with ``tokenize="none"``, so the numbers equal ``sacrebleu REF -i HYP -tok none`` on the
tokenised files; the signature names the real tokenisation instead of ``tok:none``, e.g.
``nrefs:1|case:mixed|eff:no|tok:ja-unidic(fugashi-1.5.2,unidic-lite-1.0.8)|smooth:exp|…``.
Sentence scores use effective order, as ``sacrebleu -sl`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import BLEU

from jtrans import tokenizers
from jtrans.metrics import MetricScore, register


@register("bleu")
class JaBLEU:
    name = "bleu"

    def __init__(self, tokenizer: str = tokenizers.DEFAULT, **_: object) -> None:
        self.tokenizer = tokenizers.get(tokenizer)
        self._corpus = BLEU(tokenize="none")
        self._sentence = BLEU(tokenize="none", effective_order=True)

    def tokenize(self, texts: Sequence[str]) -> list[str]:
        return [self.tokenizer(t) for t in texts]

    def signature(self) -> str:
        sig = str(self._corpus.get_signature())
        return sig.replace("tok:none", f"tok:{self.tokenizer.signature()}")

    def corpus_score(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> MetricScore:
        result = self._corpus.corpus_score(self.tokenize(hyps), [self.tokenize(refs)])
        return MetricScore(
            "BLEU",
            result.score,
            self.signature(),
            {
                "precisions": [round(p, 2) for p in result.precisions],
                "bp": round(result.bp, 3),
                "sys_len": result.sys_len,
                "ref_len": result.ref_len,
            },
        )

    def sentence_scores(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[float | None]:
        th, tr = self.tokenize(hyps), self.tokenize(refs)
        return [self._sentence.sentence_score(h, [r]).score for h, r in zip(th, tr, strict=True)]
