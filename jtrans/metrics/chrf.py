"""chrF (sacrebleu ``CHRF()`` defaults: character 6-grams, β = 2, whitespace ignored).

Whitespace is dropped before character n-grams are counted, so the score does not depend on
word segmentation and equals ``sacrebleu REF -i HYP -m chrf`` on the same text.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import CHRF

from jtrans.metrics import MetricScore, register


@register("chrf")
class ChrF:
    name = "chrf"

    def __init__(self, **_: object) -> None:
        self._metric = CHRF()

    def corpus_score(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> MetricScore:
        result = self._metric.corpus_score(list(hyps), [list(refs)])
        return MetricScore("chrF", result.score, str(self._metric.get_signature()))

    def sentence_scores(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[float | None]:
        return [self._metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)]
