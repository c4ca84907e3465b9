"""Minimum Bayes risk selection: the translation the model's n best agree on.

Of a sentence's n-best list, beam search publishes the most probable hypothesis; a small
model's most probable one is often an outlier (a dropped clause, a word of its own), while what
most of its hypotheses share is usually right. :func:`select` returns the hypothesis with the
highest expected agreement with the list (itself included), each hypothesis weighted by the
model's probability (``exp`` of its length-normalised score, normalised over the list).
Agreement is chrF's measure: the character n-gram F-score (orders 1–6, β = 2, spaces
ignored), counted once per hypothesis, so a list of eight costs 28 comparisons.

The pipeline decodes the first pass this way when the engine scores n-best lists
(``mbr_candidates`` in the configuration, 8 by default; 0 or 1 switches it off). Measured with
the session-7 default model (BLEU / chrF, full pipeline): digest-eval 35.87 / 48.36 → 36.51 /
48.57, digest-dev 38.19 / 46.29 → 38.96 / 46.65, the first 600 lines of WMT22 7.35 / 14.59 →
7.94 / 15.08. Session 19 counted each hypothesis's agreement with itself (the expected
utility over the whole list, itself included), which the first version left out; with the
session-18 model (``python -m jtrans.train.evaluate models/jtrans-small-enja --no-write
--coursera-limit 400`` at 78c541d and a5fb7e5): digest-eval 41.06 / 52.32 / 99.7 → 41.30 /
52.51 / 100, digest-dev 44.05 / 50.47 → 44.19 / 50.55, Coursera's first 400 test lines 25.79 →
25.84, digest-dev without the glossary 38.21 → 38.11.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from jtrans.engines import Hypothesis

BETA = 2.0
ORDERS = range(1, 7)


def select(hyps: Sequence[Hypothesis], eligible: Sequence[int] | None = None) -> int:
    """The index of the consensus hypothesis of ``hyps`` (best first; ties go to the more
    probable one). Without scores every hypothesis weighs the same. With ``eligible`` only those
    indices may be chosen; all hypotheses still vote."""
    if len(hyps) < 2:
        return 0
    if eligible is not None and len(eligible) == 1:
        return eligible[0]
    # a beam often spells one text twice (with other pieces): count its grams once
    memo = {text: _ngrams(text) for text in dict.fromkeys(h.text for h in hyps)}
    grams = [memo[h.text] for h in hyps]
    top = max((h.score for h in hyps if h.score is not None), default=0.0)
    weights = [math.exp((h.score if h.score is not None else top) - top) for h in hyps]
    total = sum(weights)
    # each hypothesis agrees fully with itself: without this term the most probable one was
    # the only one not credited with its own weight, and a blend of the runners-up won
    # (バックボーンのの戦い over バックボーンの戦い; "フレームワーク:" over "フレームワーク。")
    gain = [w / total for w in weights]
    for i in range(len(hyps)):
        for j in range(i + 1, len(hyps)):
            forward, backward = _fscores(grams[i], grams[j])
            gain[i] += weights[j] / total * forward  # i as the hypothesis, j as the reference
            gain[j] += weights[i] / total * backward
    pool = range(len(hyps)) if eligible is None else eligible
    return max(pool, key=lambda k: (gain[k], -k))


Gram = str | tuple[str, int]  # a gram, or its k-th occurrence
Grams = tuple[tuple[frozenset[Gram], ...], tuple[int, ...]]


def _ngrams(text: str) -> Grams:
    """The character n-grams of ``text`` (spaces removed) for n = 1…6, each order as a set in
    which a gram's second, third … occurrence is ``(gram, 2)``, ``(gram, 3)`` …, so that the
    size of the intersection of two such sets is the clipped match count; with the number of
    grams of each order."""
    chars = "".join(text.split())
    sets: list[frozenset[Gram]] = []
    for n in ORDERS:
        grams = [chars[k : k + n] for k in range(len(chars) - n + 1)] if n > 1 else list(chars)
        unique: set[Gram] = set(grams)
        if len(unique) < len(grams):  # repeated grams (mostly of orders 1 and 2)
            counts = Counter(grams)
            unique.update([(g, i) for g, c in counts.items() if c > 1 for i in range(2, c + 1)])
        sets.append(frozenset(unique))  # compact: intersections walk its table
    return tuple(sets), tuple(max(0, len(chars) - n + 1) for n in ORDERS)


def _fscores(a: Grams, b: Grams) -> tuple[float, float]:
    """chrF of ``a`` against ``b`` and of ``b`` against ``a`` (precision and recall averaged
    over the n-gram orders both have, then combined). Set intersections count the matches:
    the pipeline runs this 28 times per sentence."""
    prec, rec, orders = 0.0, 0.0, 0
    for sa, sb, x, y in zip(a[0], b[0], a[1], b[1], strict=True):
        if not x or not y:
            continue
        match = len(sa & sb)
        prec += match / x
        rec += match / y
        orders += 1
    if not orders:
        return 0.0, 0.0
    p, r = prec / orders, rec / orders
    return _f(p, r), _f(r, p)


def _f(precision: float, recall: float) -> float:
    beta2 = BETA * BETA
    denominator = beta2 * precision + recall
    return (1 + beta2) * precision * recall / denominator if denominator else 0.0
