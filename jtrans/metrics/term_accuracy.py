"""Term accuracy: share of glossary-term occurrences in the source whose required rendering
appears in the translation (``jtrans.glossary``'s ``Glossary.check``), micro-averaged over the
corpus. Forbidden renderings (e.g. トランス for Transformer) are counted alongside.

Needs the source side and a loaded glossary (``jtrans.api.load_glossary``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jtrans.metrics import MetricScore, register


@register("term_accuracy")
class TermAccuracy:
    name = "term_accuracy"

    def __init__(self, glossary: Any, **_: object) -> None:
        self.glossary = glossary

    def _reports(self, hyps: Sequence[str], sources: Sequence[str] | None) -> list[Any]:
        if sources is None:
            raise ValueError("term accuracy needs the source side")
        return [self.glossary.check(s, h) for s, h in zip(sources, hyps, strict=True)]

    def corpus_score(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> MetricScore:
        reports = self._reports(hyps, sources)
        total = sum(r.total for r in reports)
        satisfied = sum(r.satisfied for r in reports)
        missing: dict[str, int] = {}
        for r in reports:
            for t in r.missing:
                missing[t.term] = missing.get(t.term, 0) + t.source_count - t.satisfied
        forbidden = [
            {"segment": i, "term": f.term, "forbidden": f.forbidden, "count": f.count}
            for i, r in enumerate(reports)
            for f in r.forbidden
        ]
        score = 100.0 * satisfied / total if total else None
        return MetricScore(
            "TermAcc",
            score,
            f"terms:{len(self.glossary)}|micro|policy:glossary.check",
            {
                "total": total,
                "satisfied": satisfied,
                "missing": dict(sorted(missing.items(), key=lambda kv: -kv[1])),
                "forbidden": forbidden,
            },
        )

    def sentence_scores(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[float | None]:
        return [100.0 * r.accuracy if r.total else None for r in self._reports(hyps, sources)]
