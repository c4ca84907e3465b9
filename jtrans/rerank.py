"""Choosing among a sentence's n-best translations.

When the best hypothesis of a sentence loses or repeats a placeholder (or repeats a word), the
pipeline decodes an n-best list and keeps the hypothesis that, in order: keeps every
placeholder exactly once (:func:`jtrans.placeholders.problems`), then has the highest
confidence (:func:`jtrans.confidence.assess`: the model's score times the numbers, negation,
length-ratio and repetition checks). Ties keep the model's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jtrans import confidence
from jtrans.engines import Hypothesis
from jtrans.placeholders import problems

# missing/extra placeholders of a hypothesis (the default: against the engine input)
Missing = Callable[[str], int]


def key(sent: str, hyp: Hypothesis, missing: Missing | None = None) -> tuple[int, float]:
    """Sort key of ``hyp`` as a translation of the engine input ``sent`` (smaller is better)."""
    if missing is None:
        lost, extra = problems(sent, hyp.text)
        bad = len(lost) + len(extra)
    else:
        bad = missing(hyp.text)
    return bad, -confidence.assess(sent, hyp.text, hyp.score).value


def best(sent: str, hyps: Sequence[Hypothesis], missing: Missing | None = None) -> int:
    """Index of the hypothesis to keep (the first of the best)."""
    if not hyps:
        raise ValueError("no hypotheses to rerank")
    keys = [key(sent, h, missing) for h in hyps]
    return min(range(len(hyps)), key=lambda i: (keys[i], i))
