"""How far to trust one machine-translated sentence: a confidence in [0, 1] for review.

The model's own view is the geometric mean probability of its output tokens,
``exp(score)`` for CTranslate2's length-normalised log-probability (1.0 when the engine gives
no score). It is multiplied by a factor for each check that fails:

``numbers``     a number of the English is missing from the Japanese (×0.5 each, at most two)
``negation``    the English negates (not, no, never, without, cannot, fail to …, an adjective
                such as impractical, unseen, irrelevant: :data:`NEGATIVE_ADJECTIVES`, or a verb
                that does away with something: avoid, eliminate, prevent) and the Japanese has
                fewer negations (ない, ず, ません, 無, 不, 非, 未 …, 回避, 排除, 除去, 防止,
                抑制): ×0.4
``length``      the Japanese is far shorter or longer than English→Japanese translations are
                (characters, outside 0.3–0.9 of the English): down to ×0.3
``repetition``  a word was written twice back to back (分散分散; collapsed before
                publishing): ×0.5
``brackets``    the English's round brackets pair up and the Japanese's do not (a closing
                one lost: ``(例:メディア、デザインなど``): ×0.5
``untranslated`` an ordinary English word of the source (not a name, term or markup: those
                are placeholders) left in the Japanese (ツール利用Learned Skill):
                ×UNTRANSLATED_FACTOR each, at most two

A sentence below :data:`LOW` is flagged ``low-confidence`` for review (the bilingual review
document, PO/XLIFF, the ``--report`` and ``jtrans qa``). The same checks, without the model
score, rank a sentence's n-best hypotheses (:mod:`jtrans.rerank`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from jtrans.placeholders import find, strip
from jtrans.postprocess.chars import JA_WORD

LOW = 0.3  # below this a sentence is flagged for review
NUMBER_FACTOR = 0.5
NEGATION_FACTOR = 0.4
REPETITION_FACTOR = 0.5
BRACKET_FACTOR = 0.5
# chosen on the even lines of digest-eval, reported on the odd ones (benchmarks/README.md)
UNTRANSLATED_FACTOR = 0.7
LENGTH_RANGE = (0.3, 0.9)  # Japanese characters per English character (digest-eval: 2%–98%)
LENGTH_FLOOR = 0.3
# a source whose longer words (4+ letters) are this share capitalised is a title
_TITLE_SHARE = 0.6

# adjectives negated by their prefix whose Japanese is negated too (非実用的, 不十分, 無関係,
# 未知, 望ましくない): a real week's "impractical" came back as 実用的, "unsolvable" as
# 解決されました, "incoherent" as 一貫した. Not those often rendered without a negation:
# incorrect (誤った), unsafe (危険), insecure (脆弱), unreliable (信頼性の低い), unexpected
# (予想外), illegal (違法)
NEGATIVE_ADJECTIVES = (
    "impractical", "impossible", "inaccurate", "inability", "incoherent", "incomplete",
    "ineffective", "inefficient", "infeasible", "insufficient", "invalid", "irrelevant",
    "unanswerable", "unbounded", "uncertain", "unchanged", "unclear", "undesirable",
    "unethical", "unexplored", "unfair", "unfaithful", "unintended", "unknown", "unlabeled",
    "unlabelled", "unlimited", "unnecessary", "unpredictable", "unrealistic", "unreasonable",
    "unrelated", "unresolved", "unseen", "unsolvable", "unsolved", "unstable", "unsupported",
    "untrained", "unused", "unverifiable",
)  # fmt: skip
# not "or not" (whether or not: no negation of what is said), nor "not only/just" (not only X
# but Y: a real week's "not only able to generate … but overall preserve" came back as
# 維持することができません, the consensus preferring a hypothesis that negates)
_EN_NEGATION_RE = re.compile(
    r"\b(?:(?<!\bor )not(?!\s+(?:only|just|merely|simply)\b)"
    r"|no|never|none|nor|neither|without|cannot|unable|fails?\s+to|failed\s+to|regardless"
    r"|avoid(?:s|ed|ing)?|eliminat(?:es?|ed|ing)|prevent(?:s|ed|ing)?"
    r"|" + "|".join(NEGATIVE_ADJECTIVES) + r")\b"
    r"|n't\b",
    re.IGNORECASE,
)
# not the な of 少ない/少なく (few), which is no negation ("not compromising accuracy" came back
# as 精度は少なくなります, "accuracy becomes lower"); and the words that render avoid, eliminate and
# prevent (5 of 56 real-week sentences with one had lost it: "Eliminating normalization" →
# 正規化の正則化; not 削除, which is also "remove" and "delete")
_JA_NEGATION_RE = re.compile(
    r"(?<![少危])(?:ない|なく|なし)|ず|ぬ|ません|無|不|非|未|否|失敗|欠"
    r"|回避|避け|排除|除去|防止|防ぐ|防ぎ|抑制"
)
# the words _EN_NEGATION_RE can start with, for a quick look before it runs
_NEGATION_WORDS = frozenset(
    {"not", "no", "never", "none", "nor", "neither", "without", "cannot", "unable", "regardless"}
    | {"avoid", "avoids", "avoided", "avoiding", "eliminate", "eliminates", "eliminated"}
    | {"eliminating", "prevent", "prevents", "prevented", "preventing"}
    | {"fail", "fails", "failed", *NEGATIVE_ADJECTIVES}
)
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
# a plain word (lower case or capitalised), not part of an identifier, path or version
# (or one hyphenated onto Japanese: 自己-Critique, 知識-heavy)
_PLAIN_WORD_RE = re.compile(
    rf"(?:(?<=[{JA_WORD}]-)|(?<![A-Za-z0-9_./\-]))[A-Z]?[a-z]{{2,}}(?![A-Za-z0-9_\-]|\.\w)"
)


@dataclass(frozen=True)
class Confidence:
    """A sentence's confidence, the model's part of it and the checks that lowered it."""

    value: float
    model: float | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def low(self) -> bool:
        return self.value < LOW

    def describe(self) -> str:
        """``confidence 0.21 (model 0.42; number '5' missing)``."""
        parts = [f"model {self.model:.2f}"] if self.model is not None else []
        parts += list(self.reasons)
        return f"confidence {self.value:.2f}" + (f" ({'; '.join(parts)})" if parts else "")


def model_probability(score: float | None) -> float | None:
    """``exp(score)`` of a length-normalised log-probability, in [0, 1]."""
    if score is None or math.isnan(score):
        return None
    return max(0.0, min(1.0, math.exp(score)))


def checks(
    source: str,
    translation: str,
    repeated: list[str] | None = None,
    numbers: bool = True,
    untranslated: bool = True,
) -> list[tuple[str, float]]:
    """(reason, factor) of each check ``translation`` fails against ``source`` (both may hold
    the same placeholders); ``numbers=False`` leaves out the numbers check (``jtrans qa`` has
    its own), ``untranslated=False`` the English-words check (on text whose names and terms
    are not placeholders it would count them)."""
    from jtrans.numbers import missing_numbers

    out: list[tuple[str, float]] = []
    # (placeholders are no numbers: ⟦1⟧ of "This ⟦1⟧ presents" once read as a missing 1)
    for number in (
        missing_numbers(strip(source, " "), strip(translation, " "))[:2] if numbers else []
    ):
        out.append((f"number {number!r} missing", NUMBER_FACTOR))
    negation = negation_missing(source, translation)
    if negation:
        out.append((f"negation {negation!r} not translated", NEGATION_FACTOR))
    if brackets_unbalanced(source, translation):
        out.append(("brackets unbalanced", BRACKET_FACTOR))
    factor, ratio = length_factor(source, translation)
    if factor < 1.0:
        out.append((f"length ratio {ratio:.2f}", factor))
    for word in repeated if repeated is not None else _repeats(translation):
        out.append((f"{word!r} repeated", REPETITION_FACTOR))
    words = untranslated_words(source, translation) if untranslated else []
    if words:
        reason = f"English left untranslated: {' '.join(words)}"
        out.append((reason, UNTRANSLATED_FACTOR ** min(2, len(words))))
    return out


def untranslated_words(source: str, translation: str) -> list[str]:
    """Plain English words of ``source`` that ``translation`` (a Japanese one) still holds
    outside its placeholders (``⟦1⟧ Vocabulary Size ⟦0⟧``: the model copied the words between
    two terms)."""
    text = strip(translation, " ")
    if not _has_japanese(text) and not find(translation):
        return []  # not a Japanese translation at all (placeholders may hold the Japanese)
    known = _ordinary_words(strip(source, " "))
    return [w for w in _PLAIN_WORD_RE.findall(text) if w.lower() in known]


def _ordinary_words(source: str) -> set[str]:
    """The lower-cased words of ``source`` that are ordinary English: written in lower case, or
    capitalised only as the first word or in a title. A capitalised word inside a sentence is a
    name (Windows, Oracle, Cherokee, Optimal Transport), which a translation may keep as
    written."""
    words = _LATIN_WORD_RE.findall(source)
    long = [w for w in words if len(w) >= 4]
    title = bool(long) and sum(w[0].isupper() for w in long) >= _TITLE_SHARE * len(long)
    first = set(_LATIN_WORD_RE.findall(source.split(maxsplit=1)[0])) if source.split() else set()
    return {w.lower() for w in words if w[0].islower() or title or w in first}


def assess(
    source: str,
    translation: str,
    score: float | None = None,
    repeated: list[str] | None = None,
) -> Confidence:
    """The confidence of ``translation`` (of ``source``) given the model's ``score``;
    ``repeated``: words collapsed from the output before publishing (else looked for)."""
    model = model_probability(score)
    value = 1.0 if model is None else model
    found = checks(source, translation, repeated)
    for _, factor in found:
        value *= factor
    return Confidence(round(value, 4), model, tuple(reason for reason, _ in found))


def english_negations(source: str) -> list[str]:
    """Every negation of the English ``source`` (not, no, never, without …; neither … nor
    counts once)."""
    text = strip(source, " ")
    if "n't" not in text and _NEGATION_WORDS.isdisjoint(_LOWER_WORD_RE.findall(text.lower())):
        return []  # (most sentences: the full pattern costs ten times more)
    negations = [m.group(0) for m in _EN_NEGATION_RE.finditer(text)]
    if any(n.lower() == "neither" for n in negations):
        negations = [n for n in negations if n.lower() != "nor"]
    return negations


def english_negation(source: str) -> str | None:
    """The first negation of the English ``source``, if any."""
    return next(iter(english_negations(source)), None)


def japanese_negations(translation: str) -> int:
    """How many negations the Japanese ``translation`` writes (ない, ず, 無, 不, 未 …)."""
    return len(_JA_NEGATION_RE.findall(strip(translation, " ")))


def negation_missing(source: str, translation: str) -> str | None:
    """The first English negation that ``translation`` (Japanese only) has no negation for:
    the Japanese needs as many as the English has (neither … nor counts once). A real week's
    "regardless of its good performance it's impractical" came back as 関係なく … 実用的: one
    negation for two, the one that mattered lost."""
    negations = english_negations(source)
    if not negations:
        return None
    text = strip(translation, " ")
    if _LATIN_WORD_RE.search(text) and not _has_japanese(text):
        return None  # not a Japanese translation at all (nothing to compare)
    found = japanese_negations(text)
    return negations[found] if found < len(negations) else None


def brackets_unbalanced(source: str, translation: str) -> bool:
    """Whether the round brackets of ``source`` pair up (as many opening as closing ones, one
    at least) and those of ``translation`` (ASCII or full-width) do not. Brackets inside
    placeholders (code, links) are not counted: they come back as written."""
    english = strip(source, " ")
    opened = english.count("(")
    if not opened or opened != english.count(")"):
        return False
    text = strip(translation, " ")
    return text.count("(") + text.count("（") != text.count(")") + text.count("）")


def length_factor(source: str, translation: str) -> tuple[float, float]:
    """(factor, ratio): Japanese characters per English character, penalised outside
    :data:`LENGTH_RANGE` (placeholders count as one character on both sides)."""
    src = len(strip(source, "#").strip())
    tgt = len(strip(translation, "#").strip())
    if src < 20:  # titles and labels: too short for a ratio to mean anything
        return 1.0, tgt / src if src else 1.0
    ratio = tgt / src
    low, high = LENGTH_RANGE
    if ratio < low:
        return max(LENGTH_FLOOR, ratio / low), ratio
    if ratio > high:
        return max(LENGTH_FLOOR, high / ratio), ratio
    return 1.0, ratio


def _repeats(text: str) -> list[str]:
    from jtrans.repetition import repeats

    return repeats(text)


def _has_japanese(text: str) -> bool:
    from jtrans.postprocess.chars import has_japanese

    return has_japanese(text)
