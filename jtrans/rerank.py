"""Choosing among a sentence's n-best translations.

When the best hypothesis of a sentence loses or repeats a placeholder (or repeats a word), the
pipeline decodes an n-best list and keeps the hypothesis that, in order: keeps every
placeholder exactly once (:func:`jtrans.placeholders.problems`), then loses the fewest
numbers of the English, then has the highest
confidence (:func:`jtrans.confidence.assess`: the model's score times the numbers, negation,
length-ratio and repetition checks). Ties keep the model's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from jtrans import confidence
from jtrans.engines import Hypothesis
from jtrans.numbers import missing_from, numbers
from jtrans.placeholders import problems, strip

# missing/extra placeholders of a hypothesis (the default: against the engine input)
Missing = Callable[[str], int]
Numbers = Sequence[tuple[str, Decimal, str]]


def key(
    sent: str, hyp: Hypothesis, missing: Missing | None = None, wanted: Numbers = ()
) -> tuple[int, int, float]:
    """Sort key of ``hyp`` as a translation of the engine input ``sent`` (smaller is better):
    placeholder problems, numbers lost (of ``wanted``, the numbers of ``sent`` outside
    placeholders: :func:`jtrans.numbers.numbers`), then confidence."""
    if missing is None:
        lost, extra = problems(sent, hyp.text)
        bad = len(lost) + len(extra)
    else:
        bad = missing(hyp.text)
    dropped = len(missing_from(list(wanted), strip(hyp.text, " "))) if wanted else 0
    return bad, dropped, -confidence.assess(sent, hyp.text, hyp.score).value


def wanted(sent: str) -> list[tuple[str, Decimal, str]]:
    """The numbers of the engine input ``sent`` outside its placeholders (none without a
    digit: the common case skips the parse)."""
    english = strip(sent, " ")
    return numbers(english) if any(map(str.isdigit, english)) else []


def best(sent: str, hyps: Sequence[Hypothesis], missing: Missing | None = None) -> int:
    """Index of the hypothesis to keep (the first of the best)."""
    if not hyps:
        raise ValueError("no hypotheses to rerank")
    numbers_of_sent = wanted(sent)
    keys = [key(sent, h, missing, numbers_of_sent) for h in hyps]
    return min(range(len(hyps)), key=lambda i: (keys[i], i))
