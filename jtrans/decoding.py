"""The MT stage of the pipeline: decode, check placeholders, rerank, retry.

:func:`translate` sends a batch of sentences (engine inputs with local ``⟦n⟧`` placeholders)
to the engine and leaves on each its raw ``output``, the model's ``score`` (length-normalised
log-probability, ``None`` for engines without scores) and the placeholders it had to spell
out (``inlined``). In order:

1. one decode of every sentence (with scores when the engine has them); with ``mbr`` > 1 and
   an engine that scores n-best lists, the ``mbr``-best list is decoded and the hypothesis
   the others agree on is kept (:mod:`jtrans.mbr`), among those that keep the most numbers of
   the English and, when the English negates, among those that negate too (where any does);
   a sentence whose translation still dropped one is decoded once more with its
   numbers as placeholders (:func:`jtrans.numbers.protect`), and the consensus of the
   hypotheses that keep every placeholder and number replaces it (failing that, of those
   that keep every number and lose no placeholder the first kept: steps 2-4 put placeholders
   back, not numbers; with none, a long sentence is tried once more cut at its clauses, as
   below); a long
   sentence whose translation is short for its English (under :data:`SHORT` Japanese
   characters per English one: a small model drops clauses of long news sentences) is decoded
   again cut at its clauses and commas into chunks of at most :data:`CLAUSE_TOKENS` pieces,
   and that translation replaces it when it is :data:`LONGER` times as long and loses no more
   placeholders or numbers; a translation that negates less often than the English (none of
   the first list negated: ``never generated`` → 生成される) is decoded again as a
   :data:`NBEST`-best list, and the consensus of those that negate as often replaces it when
   it loses no more placeholders or numbers;
2. a sentence whose output lost or repeated a placeholder, or repeats a word back to back
   (分散分散), is decoded again as an n-best list (``num_hypotheses``, ``return_scores``) and
   the hypothesis :mod:`jtrans.rerank` prefers is kept (placeholders kept first, then
   confidence: model score, numbers, negation, length ratio, repetition);
3. a sentence that still lost placeholders is translated again with them spelled out (their
   text in place of the token), reranked the same way; values the engine copied back become
   placeholders again;
4. a sentence whose retry still lost some goes back to its step-2 translation: where that one
   only repeated a placeholder it is kept (the pipeline removes the extra copies); otherwise
   an engine that can (:class:`jtrans.protocols.InsertingEngine`) puts each lost placeholder
   where its model scores it best (never glued after the final stop, never right next to a
   placeholder that renders the same text: ``AIAI``, nor a Latin one beside another the
   English does not put beside it: ``OctoToolsOpenAI``) and lets the model go on from there; the
   candidates are reranked the same way.

A link or emphasis whose text the model left empty (``[](url)``) counts as a placeholder problem
when step 2 reranks; one still empty at the end gets its English text back in place (flag
``empty-label``). What is still missing after that is the pipeline's business: it publishes the
sentence as the marked English fallback.
:func:`redecode` is the guard's second attempt with anti-loop settings, reranked too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from jtrans import confidence, rerank
from jtrans.engines import Hypothesis
from jtrans.placeholders import (
    PLACEHOLDER_RE,
    emptied,
    find,
    make,
    named,
    problems,
    spell_out,
    strip,
)
from jtrans.protocols import Engine, InsertingEngine, ScoringEngine
from jtrans.repetition import echoes, repeats
from jtrans.sentences import TERMINAL_JA

NBEST = 16  # hypotheses decoded when the best one lost a placeholder or repeats a word
# a placeholder after the final stop: a term glued to the end of the sentence, never kept
GLUED = re.compile(f"[{re.escape(TERMINAL_JA)}]" + r"\s*(?:⟦\d+⟧\s*)+$")
WORDY = re.compile(r"\w")
_ENDS_WITH_PLACEHOLDER = re.compile(r"⟦\d+⟧\s*$")
# A short translation of a long sentence (step 1c). Chosen with the session-14 model on
# samples of NTREX-128 and Coursera and on digest-dev (a looser 0.4 / 1.2 gained more on NTREX
# but cost digest-dev 0.27; chunks of 28, 32, 40 or 40-then-28 pieces tie there; docs/quality.md).
CLAUSE_TOKENS = 28  # chunk size, in source pieces, of the second decode
SHORT = 0.35  # Japanese characters per English character under which a translation is short
LONGER = 1.3  # how much longer the clause-by-clause translation must be to replace it
ANTI_LOOP: dict[str, Any] = {"beam_size": 4, "repetition_penalty": 1.3, "no_repeat_ngram_size": 3}


class Target(Protocol):
    """What the MT stage reads and writes on a sentence (:class:`jtrans.pipeline.Sentence`)."""

    sent: str
    restore: dict[int, str]
    output: str
    score: float | None
    inlined: set[int]


# (sentence, flag rule, message) for the pipeline to turn into flags
Note = tuple[Any, str, str]


def scored(engine: Any) -> bool:
    """Whether ``engine`` returns n-best lists with scores (the ``ct2`` engine)."""
    return isinstance(engine, ScoringEngine) and engine.scores


def translate(engine: Any, sentences: Sequence[Target], mbr: int = 0) -> list[Note]:
    """Decode ``sentences`` (steps 1–4 above; ``mbr``: n-best size of the first decode's
    consensus selection, 0 or 1 for the beam's best); returns the notes for the flags."""
    notes: list[Note] = []
    first = decode(engine, [s.sent for s in sentences], mbr=mbr)
    for s, hyp in zip(sentences, first, strict=True):
        s.output, s.score = unglue(s.sent, hyp.text), hyp.score
    _keep_numbers(engine, sentences, mbr, notes)
    _fill_short(engine, sentences, mbr, notes)
    _keep_negations(engine, sentences, mbr, notes)
    _rerank(engine, sentences, notes)
    before = {id(s): Hypothesis(s.output, s.score) for s in sentences}
    _retry(engine, sentences, notes)
    _insert(engine, sentences, before, notes)
    _refill(sentences, notes)
    return notes


def decode(engine: Any, inputs: list[str], mbr: int = 0, **options: Any) -> list[Hypothesis]:
    """The best hypothesis per input (scored when the engine can score; with ``mbr`` > 1 the
    consensus of that many, :func:`jtrans.mbr.select`)."""
    if not inputs:
        return []
    if scored(engine):
        lists = nbest(engine, inputs, max(1, mbr), **options)
        if lists is not None:
            if mbr > 1:
                return [_consensus(text, hyps) for text, hyps in zip(inputs, lists, strict=True)]
            return [hyps[0] for hyps in lists]
    if options:
        outputs = list(engine.translate_batch_with_options(list(inputs), **options))
    else:
        outputs = list(engine.translate_batch(list(inputs)))
    _check_count(engine, outputs, inputs)
    return [_as_hypotheses(out)[0] for out in outputs]


def _consensus(source: str, hyps: list[Hypothesis]) -> Hypothesis:
    """The hypothesis ``hyps`` agree on (:func:`jtrans.mbr.select`), chosen among those that
    keep the most numbers of ``source`` (a small model's list can agree on dropping a count
    that one of its hypotheses kept) and then the most of its negations (up to as many as the
    English has: a list can agree on 実用的 for "impractical"), with the list's top score: the
    model's certainty about the sentence. (The consensus's own score, below the top by
    construction, found the worst digest-eval lines less often: 40.5 % against 57.1 % of the
    worst 30 % among the lowest 30 %, benchmarks/confidence.py.)"""
    from jtrans.confidence import english_negations, japanese_negations
    from jtrans.mbr import select
    from jtrans.numbers import missing_from

    eligible = None
    wanted = rerank.wanted(source)
    if wanted:
        lost = [len(missing_from(wanted, strip(h.text, " "))) for h in hyps]
        eligible = [k for k, n in enumerate(lost) if n == min(lost)]
    need = len(english_negations(source))
    if need:  # the hypotheses that negate as often as the English, or nearest to it
        pool = list(range(len(hyps))) if eligible is None else eligible
        kept = {k: min(need, japanese_negations(hyps[k].text)) for k in pool}
        most = max(kept.values())
        eligible = [k for k in pool if kept[k] == most] if most else eligible
    scores = [h.score for h in hyps if h.score is not None]
    chosen = hyps[select(hyps, eligible)]
    return Hypothesis(chosen.text, max(scores) if scores else chosen.score)


def nbest(
    engine: Any, inputs: list[str], n: int | None = None, **options: Any
) -> list[list[Hypothesis]] | None:
    """``n`` (default :data:`NBEST`) scored hypotheses per input, best first; ``None`` when
    the engine has none."""
    n = NBEST if n is None else n
    if not inputs:
        return []
    if not scored(engine):
        return None
    try:
        outputs = list(
            engine.translate_batch_with_options(
                list(inputs), num_hypotheses=n, return_scores=True, **options
            )
        )
    except TypeError:  # an engine without n-best options
        return None
    _check_count(engine, outputs, inputs)
    return [_as_hypotheses(out) for out in outputs]


def redecode(engine: Any, sentences: Sequence[Target]) -> list[bool]:
    """The guard's second attempt: anti-loop decoding (beam 4, repetition penalty, no repeated
    3-grams), n-best reranked when the engine scores, among the hypotheses the guard accepts
    when there are any (a count, "One, two, three, four.", whose best drops the 2 and is
    rejected while the second is ``1、2、3、4。``); False for a sentence the engine could not
    re-decode (no ``translate_batch_with_options``)."""
    from jtrans.postprocess.guard import guard

    inputs = [spell_out(s.sent, s.inlined, s.restore) if s.inlined else s.sent for s in sentences]
    if not inputs:
        return []
    lists = nbest(engine, inputs, int(ANTI_LOOP["beam_size"]), **ANTI_LOOP)
    if lists is None:
        try:
            lists = [[h] for h in decode(engine, inputs, **ANTI_LOOP)]
        except (AttributeError, TypeError):
            return [False] * len(sentences)
    for s, text, hyps in zip(sentences, inputs, lists, strict=True):
        hyps = [h for h in hyps if guard(h.text, text) is None] or hyps
        hyp = hyps[rerank.best(text, hyps, _missing_after_retry(s, text))]
        s.output, s.score = hyp.text, hyp.score
        reclaim(s)
    return [True] * len(sentences)


def needs_rerank(
    sent: str, output: str, restore: dict[int, str] | None = None, brackets: bool = True
) -> bool:
    """A lost, repeated or unknown placeholder, a word repeated back to back, (``brackets``)
    round brackets that no longer pair up, or (given the placeholders' ``restore`` text) a
    link or emphasis left empty."""
    lost, extra = problems(sent, output)
    empty = emptied(sent, output, restore) if restore else []
    unpaired = brackets and confidence.brackets_unbalanced(sent, output)
    return bool(lost or extra or empty or repeats(output) or unpaired)


def _paired(sent: str, candidates: Sequence[Hypothesis], faults: rerank.Missing) -> int:
    """Index of the hypothesis (after the first, the current translation) that pairs the
    brackets up and that :func:`jtrans.rerank.best` prefers, when it loses no more
    placeholders or numbers than the first; else 0. (Any hypothesis the rerank preferred
    replaced a real week's ICIレジーム by ICI内部 with the bracket still open.)"""
    paired = [
        k
        for k in range(1, len(candidates))
        if not confidence.brackets_unbalanced(sent, candidates[k].text)
    ]
    if not paired:
        return 0
    k = paired[rerank.best(sent, [candidates[i] for i in paired], faults)]
    wanted = rerank.wanted(sent)
    new, old = (rerank.key(sent, candidates[i], faults, wanted)[:2] for i in (k, 0))
    return k if new <= old else 0


def _placeholder_faults(s: Target) -> rerank.Missing:
    """Placeholder problems of a hypothesis of ``s``: lost, repeated or unknown ones plus
    links and emphasis left empty."""

    def count(out: str) -> int:
        out = unglue(s.sent, out)
        lost, extra = problems(s.sent, out)
        return len(lost) + len(extra) + len(emptied(s.sent, out, s.restore))

    return count


def _keep_numbers(engine: Any, sentences: Sequence[Target], mbr: int, notes: list[Note]) -> None:
    """Step 1b: a sentence whose translation dropped numbers of the English is decoded again
    with its numbers as placeholders; of that n-best list, the consensus of the hypotheses that
    keep every placeholder and number replaces the first translation. With none, a sentence
    long enough to cut is decoded once more in chunks of :data:`CLAUSE_TOKENS` pieces (clauses
    keep their numbers better than the whole); with none there either, the first stays (its
    confidence says what it lost)."""
    from jtrans import numbers

    todo: list[tuple[Target, str, dict[int, str], list[str]]] = []
    for s in sentences:
        english = strip(s.sent, " ")
        if not any(map(str.isdigit, english)):
            continue
        lost = numbers.missing_numbers(english, strip(s.output, " "))
        if not lost:
            continue
        start = max(find(s.sent), default=-1) + 1
        sent, restore = numbers.protect(s.sent, start)
        if restore:
            todo.append((s, sent, restore, lost))
    lists = nbest(engine, [sent for _, sent, _, _ in todo], max(mbr, 8)) if todo else None
    if not lists:  # nothing to redo, or an engine without scored n-best lists
        return
    left = [t for t, hyps in zip(todo, lists, strict=True) if not _adopt_whole(t, hyps, notes)]
    # a long sentence no hypothesis kept whole: once more cut at its clauses (step 1c's chunks)
    chunks = getattr(engine, "chunks", None)
    if callable(chunks):
        left = [t for t in left if len(chunks(t[1], CLAUSE_TOKENS)) > 1]
        more = nbest(engine, [t[1] for t in left], max(mbr, 8), max_input_tokens=CLAUSE_TOKENS)
        for t, hyps in zip(left, more, strict=True) if more else ():  # None: no such option
            _adopt_whole(t, hyps, notes, " clause by clause")


def _adopt_whole(
    todo: tuple[Target, str, dict[int, str], list[str]],
    hyps: list[Hypothesis],
    notes: list[Note],
    how: str = "",
) -> bool:
    """Replace the translation of ``todo``'s sentence by the consensus of the hypotheses of
    its number-protected input that keep every placeholder and number (or, with none, every
    number and each placeholder the first translation kept); False when none does."""
    from jtrans.mbr import select
    from jtrans.numbers import missing_from

    s, sent, restore, lost = todo
    wanted = rerank.wanted(sent)
    texts = [unglue(sent, h.text) for h in hyps]
    whole = [
        k
        for k, (h, text) in enumerate(zip(hyps, texts, strict=True))
        if rerank.key(sent, Hypothesis(text, h.score), wanted=wanted)[:2] == (0, 0)
    ]
    if not whole:
        # none keeps everything: one that keeps every number and loses no placeholder the first
        # translation kept will do, as steps 2-4 put lost placeholders back (not numbers)
        had = [set(x) for x in problems(s.sent, unglue(s.sent, s.output))]
        whole = [
            k
            for k, text in enumerate(texts)
            if not (
                any(set(x) - old for x, old in zip(problems(sent, text), had, strict=True))
                or missing_from(list(wanted), strip(text, " "))
            )
        ]
    if not whole:
        return False
    hyp = hyps[select(hyps, whole)]
    s.sent = sent
    s.restore.update(restore)
    scores = [h.score for h in hyps if h.score is not None]
    s.output, s.score = unglue(sent, hyp.text), max(scores) if scores else hyp.score
    kept = "them" if len(lost) > 1 else "it"
    message = f"the translation dropped {', '.join(lost)}; translated again with {kept} kept{how}"
    notes.append((s, "number-retry", message))
    return True


def _fill_short(engine: Any, sentences: Sequence[Target], mbr: int, notes: list[Note]) -> None:
    """Step 1c: a sentence the engine would cut into chunks of :data:`CLAUSE_TOKENS` pieces
    whose translation is short (:data:`SHORT`) is decoded again in those chunks; the new
    translation replaces it when it is :data:`LONGER` times as long and keeps at least as many
    placeholders and numbers. Engines that cannot chunk on request are left alone."""
    from jtrans.confidence import length_factor

    chunks = getattr(engine, "chunks", None)
    if not callable(chunks):
        return
    todo = [
        s
        for s in sentences
        if length_factor(s.sent, s.output)[1] < SHORT and len(chunks(s.sent, CLAUSE_TOKENS)) > 1
    ]
    if not todo:
        return
    try:
        again = decode(engine, [s.sent for s in todo], mbr=mbr, max_input_tokens=CLAUSE_TOKENS)
    except TypeError:  # no max_input_tokens option
        return
    for s, hyp in zip(todo, again, strict=True):
        text = unglue(s.sent, hyp.text)
        before, after = length_factor(s.sent, s.output)[1], length_factor(s.sent, text)[1]
        if after < LONGER * before:
            continue
        wanted = rerank.wanted(s.sent)
        faults = _placeholder_faults(s)
        old = rerank.key(s.sent, Hypothesis(s.output, s.score), faults, wanted)[:2]
        if rerank.key(s.sent, Hypothesis(text, hyp.score), faults, wanted)[:2] > old:
            continue
        s.output, s.score = text, hyp.score
        message = (
            f"the translation was short for the English ({before:.2f} characters per English"
            f" character); translated again clause by clause ({after:.2f})"
        )
        notes.append((s, "clause-split", message))


def _keep_negations(engine: Any, sentences: Sequence[Target], mbr: int, notes: list[Note]) -> None:
    """Step 1d: a sentence whose translation negates less often than its English (none of the
    first list's hypotheses did) is decoded again as a wider n-best list (:data:`NBEST`); the
    consensus of the hypotheses that negate as often as the English replaces it when it keeps
    as many placeholders and numbers. (Cut at its clauses as well, the sentence kept its
    negation more often but came back in pieces, brackets of the English split between
    them: not done.)"""
    from jtrans.mbr import select

    lost = {id(s): confidence.negation_missing(s.sent, s.output) for s in sentences}
    todo = [s for s in sentences if lost[id(s)]]
    lists = nbest(engine, [s.sent for s in todo], max(mbr, NBEST)) if todo else None
    if not lists:  # nothing to redo, or an engine without scored n-best lists
        return
    for s, hyps in zip(todo, lists, strict=True):
        need = len(confidence.english_negations(s.sent))
        wanted = rerank.wanted(s.sent)
        faults = _placeholder_faults(s)
        old = rerank.key(s.sent, Hypothesis(s.output, s.score), faults, wanted)[:2]
        texts = [unglue(s.sent, h.text) for h in hyps]
        good = [
            k
            for k, (h, text) in enumerate(zip(hyps, texts, strict=True))
            if confidence.japanese_negations(text) >= need
            and rerank.key(s.sent, Hypothesis(text, h.score), faults, wanted)[:2] <= old
        ]
        if not good:
            continue
        s.output = texts[select(hyps, good)]
        scores = [h.score for h in hyps if h.score is not None]
        s.score = max(scores) if scores else None
        message = f"the translation left out {lost[id(s)]!r}; a hypothesis that negates replaced it"
        notes.append((s, "negation-retry", message))


def _rerank(engine: Any, sentences: Sequence[Target], notes: list[Note]) -> None:
    bad = [s for s in sentences if needs_rerank(s.sent, s.output, s.restore)]
    lists = nbest(engine, [s.sent for s in bad])
    if not lists:
        return
    for s, hyps in zip(bad, lists, strict=True):
        candidates = [Hypothesis(s.output, s.score), *hyps]
        faults = _placeholder_faults(s)
        if needs_rerank(s.sent, s.output, s.restore, brackets=False):
            k = rerank.best(s.sent, candidates, faults)
        else:  # only the brackets no longer pair up: a hypothesis that pairs them, or none
            k = _paired(s.sent, candidates, faults)
        if k == 0 or unglue(s.sent, candidates[k].text) == s.output:
            continue
        why = _problem_text(s.sent, s.output, s.restore)
        s.output, s.score = unglue(s.sent, candidates[k].text), candidates[k].score
        notes.append(
            (s, "rerank", f"best translation {why}; kept hypothesis {k} of {len(hyps)} instead")
        )


def _retry(engine: Any, sentences: Sequence[Target], notes: list[Note]) -> None:
    retry: list[tuple[Target, str]] = []
    for s in sentences:
        missing, extra = problems(s.sent, s.output)
        if not (missing or extra):
            continue
        repeated = [i for i in extra if i in s.restore]
        s.inlined = set(missing) | set(repeated)
        what = _problem_list(s.sent, s.output, s.restore)
        retry.append((s, f"the model {what}; the sentence was translated again"))
    if not retry:
        return
    inputs = [spell_out(s.sent, s.inlined, s.restore) for s, _ in retry]
    lists = nbest(engine, inputs)
    if lists is None:
        lists = [[h] for h in decode(engine, inputs)]
    for (s, message), text, hyps in zip(retry, inputs, lists, strict=True):
        hyp = hyps[rerank.best(text, hyps, _missing_after_retry(s, text, cut_glued=True))]
        s.output, s.score = unglue(text, hyp.text), hyp.score
        reclaim(s)
        s.output = unglue(s.sent, s.output)  # a spelled-out term appended, now a placeholder
        notes.append((s, "placeholder-retry", message))


def _insert(
    engine: Any, sentences: Sequence[Target], before: dict[int, Hypothesis], notes: list[Note]
) -> None:
    """Step 4: lost placeholders put back into the step-2 translation by the engine."""
    for s in sentences:
        if not _still_missing(s):
            continue
        old = before[id(s)]
        lost, _ = problems(s.sent, old.text)
        if not lost:  # only repeated in step 2 (the pipeline removes extra copies)
            s.output, s.score, s.inlined = old.text, old.score, set()
            for k, (t, rule, message) in enumerate(notes):  # amend the retry's own note
                if t is s and rule == "placeholder-retry":
                    notes[k] = (s, rule, f"{message}, but the retry lost more: kept the first")
            continue
        if not isinstance(engine, InsertingEngine):
            continue
        apart = twins(s.restore)
        for i, others in latin_apart(s.sent, s.restore, lost).items():
            apart[i] = apart.get(i, set()) | others
        hyps = [
            h
            for h in engine.insert_placeholders(s.sent, old.text, lost, apart=apart)
            if h.text.strip() and not GLUED.search(h.text) and not _twins_glued(h.text, apart)
        ]
        if not hyps:
            continue
        hyps = [h for h in hyps if not echoes(old.text, h.text)] or hyps
        hyps = [h for h in hyps if not _latin_glued(h.text, s.restore, lost, s.sent)] or hyps
        hyp = hyps[rerank.best(s.sent, hyps)]
        if problems(s.sent, hyp.text)[0]:
            continue
        s.output, s.score, s.inlined = hyp.text, hyp.score, set()
        notes.append(
            (
                s,
                "placeholder-insert",
                f"the model left out {named(lost, s.restore)} even when it was spelled out;"
                " put back where the model scores it best",
            )
        )


def unglue(sent: str, out: str) -> str:
    """``out`` without the placeholders glued after its final stop (``…研究します。⟦1⟧``: a term
    the model appended instead of translating it in place), which then count as lost and go
    through the retry and insertion; left alone when the engine input ``sent`` ends with a
    placeholder itself (a link or name after the English stop)."""
    m = GLUED.search(out)
    if m is None or _ENDS_WITH_PLACEHOLDER.search(sent):
        return out
    return out[: m.start() + 1] + out[len(out.rstrip()) :]


def twins(restore: dict[int, str]) -> dict[int, set[int]]:
    """For each placeholder, the others that render the same text (``AI`` and ``AI``): put
    side by side they would read ``AIAI``."""
    by_text: dict[str, set[int]] = {}
    for i, text in restore.items():
        if WORDY.search(text):  # words, not markup (``**``, ``[``)
            by_text.setdefault(text.strip(), set()).add(i)
    return {i: group - {i} for group in by_text.values() if len(group) > 1 for i in group}


def latin_apart(sent: str, restore: dict[int, str], lost: Sequence[int]) -> dict[int, set[int]]:
    """For each lost placeholder that stands for Latin text (a name, a term kept in English),
    the other Latin ones the English does not put beside it: put back next to one of them
    it would read ``OctoToolsOpenAI`` (a real week: "outperforming OpenAI DeepResearch and
    OctoTools" came back as ``OctoToolsOpenAIベンチマークDeepResearch``). ``OpenAI
    DeepResearch``, side by side in the English, may stay so."""
    from jtrans.names import is_latin_text

    latin = {i for i, text in restore.items() if is_latin_text(text)}
    out: dict[int, set[int]] = {}
    for i in lost:
        if i not in latin:
            continue
        others = {
            j
            for j in latin - {i}
            if not re.search(
                rf"{re.escape(make(i))}\s*{re.escape(make(j))}|{re.escape(make(j))}\s*{re.escape(make(i))}",
                sent,
            )
        }
        if others:
            out[i] = others
    return out


def _latin_glued(text: str, restore: dict[int, str], lost: Sequence[int], sent: str = "") -> bool:
    """Whether a lost placeholder that stands for Latin text was put back against a Latin word
    of ``text`` that the English ``sent`` does not put beside it (a real week's "(“Thinking”)
    versus … (“NoThinking”)" came back as 「NoThinkingThinking」 once NoThinking was put back
    beside the model's own Thinking; "SWE-Bench M" may stay ⟦0⟧M)."""
    from jtrans.names import is_latin_text

    for i in lost:
        if not is_latin_text(restore.get(i, "")):
            continue
        token = re.escape(make(i))
        for m in re.finditer(rf"([A-Za-z]+){token}|{token}([A-Za-z]+)", text):
            word = re.escape(m.group(1) or m.group(2))
            if not re.search(rf"(?<![A-Za-z]){word}\s*{token}|{token}\s*{word}(?![A-Za-z])", sent):
                return True
    return False


def _twins_glued(text: str, apart: dict[int, set[int]]) -> bool:
    """Whether ``text`` has two placeholders of ``apart`` side by side (spaces between)."""
    marks = list(PLACEHOLDER_RE.finditer(text))
    return any(
        int(b.group(1)) in apart.get(int(a.group(1)), ()) and not text[a.end() : b.start()].strip()
        for a, b in zip(marks, marks[1:], strict=False)
    )


def _refill(sentences: Sequence[Target], notes: list[Note]) -> None:
    """A link or emphasis the model left empty even after reranking gets its English text
    back in place (``[](url)`` would lose what the link is), flagged for the editor."""
    for s in sentences:
        for i, j in emptied(s.sent, s.output, s.restore):
            english = s.sent[s.sent.find(make(i)) + len(make(i)) : s.sent.find(make(j))]
            start, end = s.output.find(make(i)), s.output.find(make(j))
            if PLACEHOLDER_RE.search(english) or not 0 <= start < end:
                continue
            s.output = s.output[: start + len(make(i))] + english.strip() + s.output[end:]
            notes.append(
                (
                    s,
                    "empty-label",
                    f'the model left the text of a link or emphasis empty; "{english.strip()}"'
                    " was kept in English",
                )
            )


def _still_missing(s: Target) -> bool:
    """Whether ``s``'s output still lacks a placeholder or a spelled-out value."""
    lost, _ = problems(s.sent, s.output)
    wanted = [i for i in lost if i not in s.inlined]
    return bool(wanted) or any(s.restore[i] not in s.output for i in s.inlined)


def _missing_after_retry(s: Target, text: str, cut_glued: bool = False) -> rerank.Missing:
    """Placeholder problems of a retry's hypothesis: the placeholders still sent, plus the
    spelled-out values it does not hold (``cut_glued``: placeholders glued after the final
    stop count as lost, :func:`unglue`)."""

    def count(out: str) -> int:
        if cut_glued:
            out = unglue(text, out)
        lost, extra = problems(text, out)
        return len(lost) + len(extra) + sum(1 for i in s.inlined if s.restore[i] not in out)

    return count


def reclaim(s: Target) -> None:
    """Spelled-out values the engine copied back become their placeholders again, so later
    stages see the same markup as in the input (and nothing is restored twice)."""
    out = s.output
    found: set[int] = set()
    for i in sorted(s.inlined, key=lambda i: -len(s.restore[i])):
        value = s.restore[i]
        if value.strip() and make(i) not in out:
            new = _replace_outside_placeholders(out, value, make(i))
            if new is not None:
                out = new
                found.add(i)
    s.output = out
    s.inlined -= found


def _replace_outside_placeholders(text: str, value: str, by: str) -> str | None:
    """``text`` with the first ``value`` that is not part of a ``⟦n⟧`` replaced by ``by``
    (a literal ``⟧`` must not eat a placeholder's bracket); ``None`` when there is none."""
    pos = 0
    while (k := text.find(value, pos)) >= 0:
        if not any(
            m.start() < k + len(value) and k < m.end() for m in PLACEHOLDER_RE.finditer(text)
        ):
            return text[:k] + by + text[k + len(value) :]
        pos = k + 1
    return None


def _problem_list(sent: str, out: str, restore: dict[int, str] | None = None) -> str:
    """``left out "RLHF", repeated "GPT-4"`` for the flag messages: what the placeholders
    stand for when ``restore`` is known (an editor never sees ``⟦n⟧``)."""
    missing, extra = problems(sent, out)
    want = set(PLACEHOLDER_RE.findall(sent))
    repeated = [i for i in extra if str(i) in want]
    unknown = [i for i in extra if str(i) not in want]
    parts = [
        f"{label} {named(ids, restore) if restore is not None else fmt(ids)}"
        for label, ids in (("left out", missing), ("repeated", repeated), ("invented", unknown))
        if ids
    ]
    return ", ".join(parts)


def _problem_text(sent: str, out: str, restore: dict[int, str] | None = None) -> str:
    placeholders = _problem_list(sent, out, restore)
    words = repeats(out)
    parts = [placeholders] if placeholders else []
    parts += [f"repeats {w!r}" for w in words]
    if confidence.brackets_unbalanced(sent, out):
        parts.append("brackets that do not pair up")
    return "has " + ", ".join(parts) if parts else "was not the best"


def fmt(indices: Sequence[int] | set[int]) -> str:
    return "".join(make(i) for i in sorted(set(indices)))


def _as_hypotheses(out: Any) -> list[Hypothesis]:
    """An engine's answer for one input (a string, a Hypothesis or a list of them)."""
    if isinstance(out, str):
        return [Hypothesis(out)]
    if isinstance(out, Hypothesis):
        return [out]
    hyps = [h if isinstance(h, Hypothesis) else Hypothesis(str(h)) for h in out]
    return hyps or [Hypothesis("")]


def _check_count(engine: Engine, outputs: list[Any], inputs: list[str]) -> None:
    if len(outputs) != len(inputs):
        raise RuntimeError(
            f"engine {engine.name} returned {len(outputs)} translations for {len(inputs)} sentences"
        )
