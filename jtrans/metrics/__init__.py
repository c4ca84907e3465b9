"""Metrics registry (sacrebleu style): each metric scores a corpus and single segments and
reports a signature saying exactly how it was computed.

``get("bleu")`` / ``get("chrf")`` / ``get("term_accuracy", glossary=...)``; see ``MetricScore``.
Scores are on a 0–100 scale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class MetricScore:
    """A corpus-level result: ``score`` (0–100, ``None`` when not computable), ``signature``
    (how it was computed) and metric-specific ``details``."""

    name: str
    score: float | None
    signature: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        score = None if self.score is None else round(self.score, 2)
        return {"score": score, "signature": self.signature, **self.details}


class Metric(Protocol):
    name: str

    def corpus_score(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> MetricScore: ...

    def sentence_scores(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[float | None]: ...


_REGISTRY: dict[str, Callable[..., Metric]] = {}


def register(name: str) -> Callable[[Callable[..., Metric]], Callable[..., Metric]]:
    def deco(factory: Callable[..., Metric]) -> Callable[..., Metric]:
        _REGISTRY[name] = factory
        return factory

    return deco


def _load_builtin() -> None:
    from jtrans.metrics import bleu, chrf, markup, term_accuracy  # noqa: F401


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def get(name: str, **kwargs: Any) -> Metric:
    """Build the metric called ``name`` (``bleu``, ``chrf``, ``term_accuracy``, ``markup``)."""
    _load_builtin()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown metric {name!r} (known: {', '.join(names())})") from None
    return factory(**kwargs)
