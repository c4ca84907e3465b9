"""The translation pipeline's orchestration: prepare → sentence rules → MT → Markdown check →
memory → reassemble. Each stage has its own module; this one only runs them in order.

* :mod:`jtrans.prepare`: segment, protect and split a post into :class:`Prepared` units.
* :mod:`jtrans.sentence_rules`: each sentence is renumbered to local placeholders ``⟦0⟧…`` (so
  the engine never sees indices beyond its reserved vocabulary), then dates, quantities,
  glossary terms and names are protected, in :data:`jtrans.sentence_rules.ORDER`.
* :mod:`jtrans.mt_stage`: one engine batch per group of sentences; placeholder checks, rerank
  and retry (:mod:`jtrans.decoding`), repair, post-processing, confidence. A sentence that
  still lost a placeholder is published as the marked English and flagged, so content is
  never lost.
* :mod:`jtrans.markdown_guard`: every unit's final text, translated or remembered, must keep
  the post's Markdown; else it is escaped, or published as English with a ``markdown`` flag.
* :mod:`jtrans.memory_adapter`: with a translation memory (``tm=``, see :mod:`jtrans.tm`) a
  unit already in it is not sent to the engine; its stored text is spliced back instead.

Glossary protection and post-processing only run when the engine produces Japanese
(``engine.target_lang == "ja"``); with the identity engine the output equals the input byte for
byte. What the pipeline needs of the engine, glossary and memory: :mod:`jtrans.protocols`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jtrans import markdown_guard
from jtrans.config import Config
from jtrans.findings import Finding
from jtrans.memory_adapter import MemoryAdapter
from jtrans.placeholders import PLACEHOLDER_RE, expand, localise
from jtrans.prepare import Prepared, prepare
from jtrans.protocols import Engine, Glossary, Memory
from jtrans.reassemble import reassemble
from jtrans.segment import MAX_NESTING
from jtrans.sentences import Split

if TYPE_CHECKING:  # the MT stage and the sentence rules load when a unit is translated: a
    # post served from the translation memory never needs them (start-up time)
    from jtrans.mt_stage import MTStage, Postprocessor, Sentence

__all__ = [
    "TM_COMMIT_SENTENCES", "Batch", "Done", "Finding", "Pipeline",
    "Postprocessor", "Prepared", "Result", "Sentence", "Task",
]  # fmt: skip

Progress = Callable[[int, int], None]
# a translation memory commit every this many sentences (an interrupted run keeps the rest)
TM_COMMIT_SENTENCES = 512
_WHITESPACE_RE = re.compile(r"\s{2,}|\n")
TOO_DEEP = f"nested deeper than the parser's {MAX_NESTING} levels: left in English"


def __getattr__(name: str) -> Any:
    """``Sentence`` and ``Postprocessor`` (:mod:`jtrans.mt_stage`), imported on first use."""
    if name in ("Sentence", "Postprocessor"):
        from jtrans import mt_stage

        return getattr(mt_stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Result:
    """The translated post and everything learned on the way."""

    text: str
    prepared: list[Prepared]
    sentences: list[Sentence]
    flags: list[Finding]
    # unit id → the unit's final text, for every unit (unchanged ones too): review formats
    unit_texts: dict[int, str] = field(default_factory=dict)
    # ids of the units taken from the translation memory (their sentences are not listed)
    reused: list[int] = field(default_factory=list)
    # those of them whose memory entry is a reviewed (human) translation
    reviewed: list[int] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "units": len(self.prepared),
            "sentences": len(self.sentences),
            "reused_units": len(self.reused),
            "flags": [f.as_dict() for f in self.flags],
            "pairs": [
                {"source": s.source, "target": s.text, "confidence": s.confidence}
                for s in self.sentences
            ],
        }


@dataclass
class Task:
    """One group of units to translate, with all a worker needs besides the pipeline itself
    (picklable: no engine, no memory). ``prepared`` maps prepared indices to their units."""

    units: list[int]
    prepared: dict[int, Prepared]
    sentences: list[Sentence]  # the units' sentences, in order


@dataclass
class Done:
    """A translated :class:`Task`: each unit's final text, its sentences and the warnings."""

    joined: dict[int, str]
    sentences: list[Sentence]
    flags: list[Finding]


@dataclass
class Batch:
    """Posts on their way through :meth:`Pipeline.translate_many`: prepared units (indexed
    across all posts), what the memory gave, and the groups still to translate."""

    sources: list[str]
    prepared: list[Prepared]
    by_unit: list[list[Sentence]]
    bounds: list[tuple[int, int]]  # per document: its range of prepared indices
    too_deep: list[list[int]]  # per document: lines nested too deep to be parsed
    flags: list[Finding]
    joined: dict[int, str]  # prepared index → the unit's final text
    reused: set[int]  # taken from the memory
    human: set[int]  # … as reviewed (human) entries
    groups: list[list[int]]  # pending prepared indices, one engine batch each
    total: int  # sentences to translate
    done: int = 0

    def task(self, units: list[int]) -> Task:
        """The self-contained work of translating ``units`` (a group or part of one)."""
        return Task(
            list(units),
            {k: self.prepared[k] for k in units},
            [s for k in units for s in self.by_unit[k]],
        )

    def documents(self, units: Sequence[int]) -> list[int]:
        """Indices of the documents ``units`` belong to."""
        starts = [p0 for p0, _ in self.bounds]
        return sorted({bisect.bisect_right(starts, k) - 1 for k in units})


class Pipeline:
    """Translate Markdown posts with ``engine`` (see :mod:`jtrans.engines`)."""

    def __init__(
        self,
        engine: Engine,
        glossary: Glossary | None = None,
        postprocessor: Postprocessor | None = None,
        config: Config | None = None,
        progress: Progress | None = None,
        tm: Memory | None = None,
        tm_context: str | None = None,
        retry_fallbacks: bool = False,
    ) -> None:
        self.engine = engine
        self.glossary = glossary
        self.postprocessor = postprocessor
        self.config = config or Config()
        self.progress = progress
        self.tm = tm  # a jtrans.tm.TranslationMemory (or None: translate everything)
        self._tm_context = tm_context
        self.retry_fallbacks = retry_fallbacks  # memorised English fallbacks: translate again
        # link reference definitions of the whole post when it is translated in chunks
        # (:mod:`jtrans.stream`): a label used in one chunk may be defined in another
        self.references: dict[str, Any] | None = None

    @property
    def tm_context(self) -> str:
        """The translation memory context of this pipeline (see :func:`jtrans.tm.context_id`)."""
        if self._tm_context is None:
            from jtrans.tm import context_id

            self._tm_context = context_id(self)
        return self._tm_context

    @property
    def japanese(self) -> bool:
        return self.engine.target_lang == "ja"

    @property
    def memory(self) -> MemoryAdapter:
        """The translation memory as this pipeline uses it (see :mod:`jtrans.memory_adapter`)."""
        return MemoryAdapter(self.tm, lambda: self.tm_context, self.retry_fallbacks)

    @property
    def mt(self) -> MTStage:
        """The MT stage with this pipeline's engine and post-processor."""
        from jtrans.mt_stage import MTStage

        return MTStage(self.engine, self.postprocessor, self.japanese, self.config.mbr_candidates)

    def prepare(self, source: str) -> list[Prepared]:
        """Segment, protect and split ``source`` (no translation)."""
        return self._prepare(source)[0]

    def _prepare(self, source: str) -> tuple[list[Prepared], list[int]]:
        """The prepared units of ``source`` and its lines nested too deep to be parsed."""
        return prepare(source, self.config, self.references)

    def __call__(self, source: str) -> str:
        return self.translate(source).text

    def translate(self, source: str) -> Result:
        """Translate the Markdown post ``source``; see :class:`Result`."""
        return self.translate_many([source])[0]

    def translate_many(self, sources: list[str]) -> list[Result]:
        """Translate several posts with one engine batch (eval sets, many small files).

        Units are translated in groups of about ``TM_COMMIT_SENTENCES`` sentences (see
        :meth:`plan`); with a translation memory, units found in it skip the engine, and each
        group's new translations are stored when it is done (one transaction each), so an
        interrupted run keeps what it finished. :mod:`jtrans.scaleout` runs the same groups on
        Ray actors (:meth:`run_task` there, :meth:`accept` here), so both give the same bytes.
        """
        batch = self.plan(sources)
        for group in batch.groups:
            self.accept(batch, group, self.run_task(batch.task(group)))
        return self.results(batch)

    def plan(self, sources: list[str]) -> Batch:
        """Prepare ``sources``, take what the memory knows, and cut the rest into groups."""
        prepared: list[Prepared] = []
        by_unit: list[list[Sentence]] = []
        bounds: list[tuple[int, int]] = []  # per doc: its range of prepared units
        parsed = [self._prepare(source) for source in sources]
        too_deep: list[list[int]] = [deep for _, deep in parsed]  # per doc: unparsed lines
        known = self.memory.lookup([p for doc, _ in parsed for p in doc])  # the memory's entries
        for doc, _ in parsed:
            if self.glossary is not None:
                self.glossary.reset()  # keep+gloss terms are glossed again in each document
            p0 = len(prepared)
            for p in doc:
                k = len(prepared)
                prepared.append(p)
                # from the memory: no glossary work (start-up time), so no sentences yet
                served = self.memory.served(p, known, self.glossary)
                by_unit.append([] if served else self._sentences(k, p))
            bounds.append((p0, len(prepared)))
        flags: list[Finding] = []
        human: set[int] = set()  # prepared indices whose memory entry is a human translation
        joined = self.memory.recall(prepared, by_unit, flags, human, known)  # index → memory text
        # a remembered unit that would change this post's Markdown (its label keys a definition
        # here but not where it was memorised) is translated again instead; machine entries
        # were checked when stored, so only those whose meaning depends on the post are redone
        recheck = [
            k
            for k in sorted(joined)
            if k in human
            or (ctx := prepared[k].markdown) is None
            or ctx.depends_on_post(prepared[k].unit, joined[k])
        ]
        for k in self._keep_markdown(recheck, prepared, joined, flags, fallback=False):
            del joined[k]
            human.discard(k)
            flags[:] = [f for f in flags if f.index != k]
            if not by_unit[k]:  # served from the memory, so never split into sentences
                by_unit[k] = self._sentences(k, prepared[k])
        reused = set(joined)
        pending = [k for k, p in enumerate(prepared) if p.split.pieces and k not in reused]
        total = sum(len(by_unit[k]) for k in pending)
        if self.progress:
            self.progress(0, total)
        return Batch(
            list(sources), prepared, by_unit, bounds, too_deep, flags, joined, reused, human,
            self._groups(pending, by_unit), total,
        )  # fmt: skip

    def run_task(self, task: Task) -> Done:
        """Translate one group: engine, placeholder checks, post-processing, joined units.
        Needs no memory and no other group (what a Ray actor runs)."""
        flags: list[Finding] = []
        self.mt.run(task.sentences, flags)
        by_unit: dict[int, list[Sentence]] = {k: [] for k in task.units}
        for s in task.sentences:
            by_unit[s.unit].append(s)
        joined = {k: self._join(task.prepared[k], by_unit[k]) for k in task.units}
        # the Markdown guard runs where the joined text is made: the same bytes locally and on
        # a worker, and its fallbacks are flagged before the driver decides what to memorise
        self._keep_markdown(task.units, task.prepared, joined, flags, by_unit=by_unit)
        return Done(joined, task.sentences, flags)

    def accept(self, batch: Batch, group: list[int], done: Done) -> None:
        """Take a translated group into ``batch``: texts, sentences, warnings, the memory."""
        for k in group:
            batch.by_unit[k] = []
            batch.joined[k] = done.joined[k]
        for s in done.sentences:  # a worker's copies replace the ones sent
            batch.by_unit[s.unit].append(s)
        batch.flags.extend(done.flags)
        self.memory.remember(group, batch.prepared, batch.by_unit, batch.joined, done.flags)
        batch.done += sum(len(batch.by_unit[k]) for k in group)
        if self.progress:
            self.progress(batch.done, batch.total)

    def results(self, batch: Batch, docs: Sequence[int] | None = None) -> list[Result]:
        """The :class:`Result` of each document (``docs``: these only) once its groups are in."""
        prepared, joined, reused = batch.prepared, batch.joined, batch.reused
        results = []
        for d in range(len(batch.sources)) if docs is None else docs:
            source, (p0, p1) = batch.sources[d], batch.bounds[d]
            doc_prepared = prepared[p0:p1]
            doc_sentences = [s for k in range(p0, p1) if k not in reused for s in batch.by_unit[k]]
            texts = {
                prepared[k].unit.id: joined[k]
                for k in range(p0, p1)
                if k in joined and joined[k] != prepared[k].unit.text
            }
            units = [p.unit for p in doc_prepared]
            doc_flags = [f for f in batch.flags if p0 <= f.index < p1]
            deep = batch.too_deep[d]
            doc_flags += [
                Finding(markdown_guard.RULE, TOO_DEEP, line=line, unit=0) for line in deep
            ]
            finals = {u.id: texts.get(u.id, u.text) for u in units}
            from_tm = [prepared[k].unit.id for k in range(p0, p1) if k in reused]
            results.append(
                Result(
                    reassemble(source, units, texts),
                    doc_prepared,
                    doc_sentences,
                    doc_flags,
                    finals,
                    reused=from_tm,
                    reviewed=[prepared[k].unit.id for k in range(p0, p1) if k in batch.human],
                )
            )
        return results

    def _keep_markdown(
        self,
        ks: Sequence[int],
        prepared: Sequence[Prepared] | Mapping[int, Prepared],
        joined: dict[int, str],
        flags: list[Finding],
        fallback: bool = True,
        by_unit: Sequence[list[Sentence]] | Mapping[int, list[Sentence]] | None = None,
    ) -> list[int]:
        """Units whose text would change the post's Markdown are escaped, or else fall back to
        the English (flagged; with ``fallback=False`` left as they are): see
        :mod:`jtrans.markdown_guard`. With the unit's sentences (``by_unit``) the English of
        one sentence is tried first, so one garbled sentence does not cost a whole
        description. Returns the units that could not be kept."""
        failed = []
        for k in ks:
            p = prepared[k]
            if p.markdown is None:
                continue
            kept = p.markdown.keep(p.unit, joined[k])
            if kept.problem is None:
                joined[k] = kept.text
                continue
            failed.append(k)
            if not fallback:
                continue
            problem = kept.problem
            sents = by_unit[k] if by_unit is not None else []
            one = self._one_sentence_in_english(p, sents) if len(sents) > 1 else None
            if one is not None:
                n, kept = one
                problem = problem.replace("kept the English", f"kept sentence {n} in English")
            joined[k] = kept.text
            flags.append(
                Finding(markdown_guard.RULE, problem, line=p.unit.line, unit=p.unit.id, index=k)
            )
        return failed

    def _one_sentence_in_english(
        self, p: Prepared, sents: list[Sentence]
    ) -> tuple[int, markdown_guard.Kept] | None:
        """The unit with one sentence published in English (behind the untranslated marker)
        that keeps its Markdown, the first that does, as (sentence number, kept text)."""
        from jtrans.postprocess.guard import fallback_text  # (loaded lazily)

        assert p.markdown is not None
        for i, s in enumerate(sents):
            english = fallback_text(s.source)
            texts = [english if j == i else t.text for j, t in enumerate(sents)]
            seps = [expand(sep, p.protected.originals) for sep in p.split.seps]
            kept = p.markdown.keep(p.unit, Split(texts, seps).join(japanese=self.japanese))
            if kept.problem is None:
                s.text = english
                return i + 1, kept
        return None

    def _groups(self, pending: list[int], by_unit: list[list[Sentence]]) -> list[list[int]]:
        """``pending`` units in engine batches of about ``TM_COMMIT_SENTENCES`` sentences (each
        committed to the memory when done; with or without a memory, so that the same posts
        give the same batches, hence the same bytes, in every run and on every worker)."""
        groups: list[list[int]] = []
        size = TM_COMMIT_SENTENCES
        for k in pending:
            if size >= TM_COMMIT_SENTENCES:
                groups.append([])
                size = 0
            groups[-1].append(k)
            size += len(by_unit[k])
        return groups

    def _join(self, p: Prepared, sents: list[Sentence]) -> str:
        """The unit's text from its translated sentences and its (restored) separators."""
        seps = [expand(sep, p.protected.originals) for sep in p.split.seps]
        return Split([s.text for s in sents], seps).join(japanese=self.japanese)

    # -- steps ------------------------------------------------------------------------------

    def _sentences(self, k: int, p: Prepared) -> list[Sentence]:
        """The unit's sentences, with the names the unit introduces (once per unit)."""
        if not p.split.pieces:  # nothing to translate: no rule module is loaded (start-up)
            return []
        from jtrans import names

        known = None
        if self.japanese and self.config.protect_names:
            text = " ".join(p.split.pieces)
            found = set(names.introduced(text))
            # an acronym's expansion, an organisation, a name in quotes, a title's lead word and
            # a title the unit repeats, unless the glossary knows them whole (Chain-of-Thought
            # (CoT) stays 思考の連鎖)
            more = names.defined(text) + names.organisations(text) + names.quoted(text)
            more += names.leads(p.split.pieces) + names.repeated_titles(p.split.pieces)
            more = [name for name in dict.fromkeys(more) if name not in found]
            # a glossary lookup each: bounded (a hostile unit defines thousands of acronyms)
            found |= {name for name in more[: 4 * names.MAX_KNOWN] if not self._a_term(name)}
            longest = sorted(found, key=lambda name: (-len(name), name))
            known = names.known_pattern(longest[: names.MAX_KNOWN])
        return [self._sentence(k, p, piece, known) for piece in p.split.pieces]

    def _a_term(self, text: str) -> bool:
        """Whether the glossary takes all of ``text`` as one term."""
        if self.glossary is None:
            return False
        protected, _, _ = self.glossary.protect(text, 0)
        return PLACEHOLDER_RE.fullmatch(protected.strip()) is not None

    def _sentence(
        self, k: int, p: Prepared, piece: str, known: re.Pattern[str] | None = None
    ) -> Sentence:
        """Renumber ``piece``'s placeholders locally and apply the rules and the glossary
        (``known``: the names the unit introduces, taken before the glossary)."""
        from jtrans import names, sentence_rules
        from jtrans.mt_stage import Sentence

        sent, local = localise(piece, p.protected.originals)
        source = expand(piece, p.protected.originals)
        hits: Sequence[Any] = ()
        checked: Sequence[Any] = ()
        title_noun = ""
        if self.japanese:
            from jtrans import pronouns, title_verbs

            sent = _WHITESPACE_RE.sub(" ", sent)  # soft line breaks and double spaces
            verb = title_verbs.split(sent)  # Auditing X → X, then …の監査 after decoding
            if verb is not None:
                sent, title_noun = verb
            sent = pronouns.subject(sent)  # Introduces X, a … → This paper introduces X, a …
            for rule in sentence_rules.ORDER:  # rendered by rule, not by the model
                if rule == sentence_rules.GLOSSARY:
                    if known is not None:  # names the unit introduces, before the glossary
                        # can take a word of one (Meta Agent Search) as a term
                        sent, extra = names.protect_known(sent, len(local), known)
                        local.update(extra)
                    if self.glossary is not None:
                        sent, extra, hits = self.glossary.protect(sent, len(local))
                        local.update(extra)
                        find_checked = getattr(self.glossary, "checked", None)
                        checked = find_checked(sent) if callable(find_checked) else ()
                    continue
                if rule == "names" and not self.config.protect_names:
                    continue  # (protected: what the glossary does not know stays verbatim)
                if rule == "names":  # an acronym the glossary took: its expansion is a name
                    sent, extra = names.protect(sent, len(local), restore=local)
                else:
                    sent, extra = sentence_rules.MODULES[rule].protect(sent, len(local))
                local.update(extra)
        return Sentence(
            k,
            source,
            sent,
            local,
            hits=list(hits),
            checked=list(checked),
            uid=p.unit.id,
            line=p.unit.line,
            title_noun=title_noun,
        )
