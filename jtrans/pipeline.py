"""The translation pipeline: segment → protect → split → glossary → MT → check → post-process →
restore → join → reassemble.

:class:`Pipeline` sends every sentence/clause of a post to the engine in one
``translate_batch`` call (batching is the engine's job). Each sentence is renumbered to local
placeholders ``⟦0⟧…`` before it is sent, so the engine never sees indices beyond its reserved
vocabulary. After translation the placeholders are checked: a sentence that lost or duplicated
one is reranked from an n-best list, then translated once more with those placeholders spelled
out (:mod:`jtrans.decoding`); a sentence that still lost one is published as the marked English
fallback and flagged, so content is never lost and never glued to the end of a sentence. Every
translated sentence gets a confidence (:mod:`jtrans.confidence`); low ones are flagged.

Glossary protection and post-processing only run when the engine produces Japanese
(``engine.target_lang == "ja"``); with the identity engine the output equals the input byte for
byte.

With a translation memory (``tm=``, see :mod:`jtrans.tm`) a unit whose text is already in it is
not sent to the engine at all; its stored final text is spliced back instead.

Every unit's final text, translated or remembered, passes :func:`jtrans.markdown_guard.keep`
before it is spliced back: a translation that would change the post's Markdown (a paragraph
become a list item, a new code span, a lost link) is escaped, or else published as English
with a ``markdown`` flag.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from jtrans import confidence, dates, decoding, markdown_guard, names, quantities
from jtrans.config import Config
from jtrans.placeholders import PLACEHOLDER_RE, find, make, named, short
from jtrans.protect import Protected, protect, restore
from jtrans.reassemble import reassemble
from jtrans.repetition import collapse
from jtrans.segment import MAX_NESTING, Unit, analyse
from jtrans.sentences import Split, is_link_list, match_final_stop, split

# postprocessor(ja, source, restore) -> (text, flags): ``ja`` and ``source`` still hold the
# sentence's local placeholders, ``restore`` maps them to their final text.
Postprocessor = Callable[[str, str, dict[int, str]], "tuple[str, Sequence[Any]]"]
Progress = Callable[[int, int], None]
# a translation memory commit every this many sentences (an interrupted run keeps the rest)
TM_COMMIT_SENTENCES = 512
# a unit published as English behind this marker (a guard fallback) is memorised with its
# warnings like any other; ``Pipeline(retry_fallbacks=True)`` translates such units again
FALLBACK_MARK = "〔未翻訳〕"
KEEP_GLOSS = "keep+gloss"
_WHITESPACE_RE = re.compile(r"\s{2,}|\n")
TOO_DEEP = f"nested deeper than the parser's {MAX_NESTING} levels: left in English"


@dataclass(frozen=True)
class Flag:
    """Something a reader of the translation should know about one unit."""

    unit: int
    line: int
    rule: str
    message: str
    where: int = field(default=-1, compare=False, repr=False)  # index in the prepared list

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "line": self.line, "rule": self.rule, "message": self.message}


@dataclass
class Prepared:
    """A unit after protection and sentence splitting (what ``jtrans segment`` prints)."""

    unit: Unit
    protected: Protected
    split: Split
    # what the Markdown check needs of the post (its text and link reference definitions)
    markdown: markdown_guard.Context | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.unit.id,
            "kind": self.unit.kind,
            "line": self.unit.line,
            "text": self.protected.text,
            "protected": [asdict(s) for s in self.protected.spans],
            "sentences": list(self.split.pieces),
        }


@dataclass
class Sentence:
    """One engine input and what became of it."""

    unit: int  # position in the prepared list
    source: str  # English, placeholders restored
    sent: str  # engine input with local placeholders (and glossary placeholders)
    restore: dict[int, str]  # local placeholder → final bytes
    output: str = ""  # raw engine output
    text: str = ""  # final text of the sentence
    hits: list[Any] = field(default_factory=list)  # glossary hits
    inlined: set[int] = field(default_factory=set)  # placeholders spelled out on retry
    uid: int = 0  # the unit's id and line, for flags
    line: int = 0
    score: float | None = None  # the model's log-probability per token (None: no scores)
    confidence: float | None = None  # in [0, 1] (jtrans.confidence); None: not translated


@dataclass
class Result:
    """The translated post and everything learned on the way."""

    text: str
    prepared: list[Prepared]
    sentences: list[Sentence]
    flags: list[Flag]
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
    flags: list[Flag]


@dataclass
class Batch:
    """Posts on their way through :meth:`Pipeline.translate_many`: prepared units (indexed
    across all posts), what the memory gave, and the groups still to translate."""

    sources: list[str]
    prepared: list[Prepared]
    by_unit: list[list[Sentence]]
    bounds: list[tuple[int, int]]  # per document: its range of prepared indices
    too_deep: list[list[int]]  # per document: lines nested too deep to be parsed
    flags: list[Flag]
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


def _flag(s: Sentence, rule: str, message: str) -> Flag:
    """A flag on ``s`` whose message names the sentence (shortened), for an editor."""
    return Flag(s.uid, s.line, rule, f'{message} (in "{short(s.source, 60)}")', where=s.unit)


class Pipeline:
    """Translate Markdown posts with ``engine`` (see :mod:`jtrans.engines`)."""

    def __init__(
        self,
        engine: Any,
        glossary: Any | None = None,
        postprocessor: Postprocessor | None = None,
        config: Config | None = None,
        progress: Progress | None = None,
        tm: Any | None = None,
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
        return getattr(self.engine, "target_lang", None) == "ja"

    def prepare(self, source: str) -> list[Prepared]:
        """Segment, protect and split ``source`` (no translation)."""
        return self._prepare(source)[0]

    def _prepare(self, source: str) -> tuple[list[Prepared], list[int]]:
        """The prepared units of ``source`` and its lines nested too deep to be parsed."""
        doc = analyse(source)
        if self.references is not None:  # the whole post's definitions, the first one wins
            doc.references = {**doc.references, **self.references}
        context = markdown_guard.Context(source, doc.references)
        out = []
        for unit in doc.units:
            prot = protect(
                unit.text,
                translate_link_labels=self.config.translate_link_labels,
                references=doc.references,
            )
            kinds = prot.kinds()
            if not self.config.translate_link_lists and is_link_list(prot.text, kinds):
                parts = Split([], [prot.text])  # "[Paper](…), [Tweet](…)" stays as is
            else:
                parts = split(prot.text, kinds)
            out.append(Prepared(unit, prot, parts, context))
        return out, doc.too_deep

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
        known = self._lookup([p for doc, _ in parsed for p in doc])  # the memory's entries
        for doc, _ in parsed:
            if self.glossary is not None and hasattr(self.glossary, "reset"):
                self.glossary.reset()  # keep+gloss terms are glossed again in each document
            p0 = len(prepared)
            for p in doc:
                k = len(prepared)
                prepared.append(p)
                # from the memory: no glossary work (start-up time), so no sentences yet
                served = self._served(p, known)
                by_unit.append([] if served else [self._sentence(k, p, x) for x in p.split.pieces])
            bounds.append((p0, len(prepared)))
        flags: list[Flag] = []
        human: set[int] = set()  # prepared indices whose memory entry is a human translation
        joined = self._recall(prepared, by_unit, flags, human, known)  # index → memory text
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
            flags[:] = [f for f in flags if f.where != k]
            if not by_unit[k]:  # served from the memory, so never split into sentences
                by_unit[k] = [self._sentence(k, prepared[k], x) for x in prepared[k].split.pieces]
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
        flags: list[Flag] = []
        self._run_engine(task.sentences, task.prepared, flags)
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
        self._remember(group, batch.prepared, batch.by_unit, batch.joined, done.flags)
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
            doc_flags = [f for f in batch.flags if p0 <= f.where < p1]
            deep = batch.too_deep[d]
            doc_flags += [Flag(0, line, markdown_guard.RULE, TOO_DEEP) for line in deep]
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
        flags: list[Flag],
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
            flags.append(Flag(p.unit.id, p.unit.line, markdown_guard.RULE, problem, k))
        return failed

    def _one_sentence_in_english(
        self, p: Prepared, sents: list[Sentence]
    ) -> tuple[int, markdown_guard.Kept] | None:
        """The unit with one sentence published in English (behind the untranslated marker)
        that keeps its Markdown, the first that does, as (sentence number, kept text)."""
        assert p.markdown is not None
        for i, s in enumerate(sents):
            english = _fallback_text(s.source)
            texts = [english if j == i else t.text for j, t in enumerate(sents)]
            seps = [restore(sep, p.protected.restore) for sep in p.split.seps]
            kept = p.markdown.keep(p.unit, Split(texts, seps).join(japanese=self.japanese))
            if kept.problem is None:
                s.text = english
                return i + 1, kept
        return None

    # -- translation memory -----------------------------------------------------------------

    def _lookup(self, prepared: list[Prepared]) -> dict[str, Any] | None:
        """The memory's entries for the units of ``prepared`` (``None`` without a memory)."""
        if self.tm is None:
            return None
        texts = [p.unit.text for p in prepared if p.split.pieces]
        return self.tm.lookup(texts, self.tm_context) if texts else {}

    def _served(self, p: Prepared, known: dict[str, Any] | None) -> bool:
        """Whether ``p`` will come from the memory whatever the rest of the document holds
        (no ``keep+gloss`` term), so its sentences need no glossary work."""
        if not known or not p.split.pieces:
            return False
        from jtrans.tm import normalise

        match = known.get(normalise(p.unit.text))
        if match is None or (self._retry(match)):
            return False
        glosses = getattr(self.glossary, "glosses", None)
        return self.glossary is None or (glosses is not None and not glosses(p.protected.text))

    def _retry(self, match: Any) -> bool:
        """A memorised English fallback to translate again (``retry_fallbacks``)."""
        return self.retry_fallbacks and match.origin != "human" and FALLBACK_MARK in match.target

    def _recall(
        self,
        prepared: list[Prepared],
        by_unit: list[list[Sentence]],
        flags: list[Flag],
        human: set[int] | None = None,
        known: dict[str, Any] | None = None,
    ) -> dict[int, str]:
        """Unit translations found in the memory, by index into ``prepared``; the warnings
        stored with them are added to ``flags`` again, and the indices of reviewed (human)
        entries to ``human``."""
        if self.tm is None:
            return {}
        from jtrans.tm import normalise

        wanted = {
            k: p.unit.text
            for k, p in enumerate(prepared)
            if p.split.pieces and _standalone(by_unit[k])
        }
        if not wanted:
            return {}
        found = (
            known if known is not None else self.tm.lookup(list(wanted.values()), self.tm_context)
        )
        out: dict[int, str] = {}
        for k, text in wanted.items():
            match = found.get(normalise(text))
            if match is None:
                continue
            if self._retry(match):
                continue
            out[k] = match.target
            if human is not None and match.origin == "human":
                human.add(k)
            unit = prepared[k].unit
            flags.extend(Flag(unit.id, unit.line, r, m, where=k) for r, m in match.flags)
        return out

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

    def _remember(
        self,
        group: list[int],
        prepared: list[Prepared],
        by_unit: list[list[Sentence]],
        joined: dict[int, str],
        flags: list[Flag],
    ) -> None:
        """Store the group's new unit translations with their warnings (``flags``); English
        fallbacks too (the same model and settings would give the same result), marked by
        their guard warning."""
        if self.tm is None:
            return
        warnings: dict[int, list[tuple[str, str]]] = {}
        for f in flags:
            warnings.setdefault(f.where, []).append((f.rule, f.message))
        # English fallbacks are kept, marked by their guard warning; units whose
        # Markdown had to fall back are not (the next post may parse them differently)
        keep = [
            k
            for k in group
            if not any(r == markdown_guard.RULE for r, _ in warnings.get(k, ()))
            and _standalone(by_unit[k])
        ]
        if keep:
            self.tm.put_many(
                [(prepared[k].unit.text, joined[k]) for k in keep],
                self.tm_context,
                origin="mt",
                flags={prepared[k].unit.text: warnings[k] for k in keep if k in warnings},
            )

    def _join(self, p: Prepared, sents: list[Sentence]) -> str:
        """The unit's text from its translated sentences and its (restored) separators."""
        seps = [restore(sep, p.protected.restore) for sep in p.split.seps]
        return Split([s.text for s in sents], seps).join(japanese=self.japanese)

    # -- steps ------------------------------------------------------------------------------

    def _sentence(self, k: int, p: Prepared, piece: str) -> Sentence:
        """Renumber ``piece``'s placeholders locally and apply the glossary."""
        unit_map = p.protected.restore
        local: dict[int, str] = {}

        def renumber(m: re.Match[str]) -> str:
            index = len(local)
            local[index] = unit_map[int(m.group(1))]
            return make(index)

        sent = PLACEHOLDER_RE.sub(renumber, piece)
        source = restore(piece, unit_map)
        hits: list[Any] = []
        if self.japanese:
            sent = _WHITESPACE_RE.sub(" ", sent)  # soft line breaks and double spaces
            sent, extra = dates.protect(sent, len(local))  # rendered by rule, not by the model
            local.update(extra)
            sent, extra = quantities.protect(sent, len(local))  # 34%, 4.5x → 4.5倍
            local.update(extra)
            if self.glossary is not None:
                sent, extra, hits = self.glossary.protect(sent, len(local))
                local.update(extra)
            if self.config.protect_names:  # what the glossary does not know stays verbatim
                sent, extra = names.protect(sent, len(local))
                local.update(extra)
        return Sentence(k, source, sent, local, hits=list(hits), uid=p.unit.id, line=p.unit.line)

    def _run_engine(
        self,
        sentences: list[Sentence],
        prepared: Mapping[int, Prepared] | list[Prepared],
        flags: list[Flag],
    ) -> None:
        # a sentence with no words outside its placeholders (a bold title that is a model name,
        # "2)") is its own translation: a model would only invent text around it
        todo = [s for s in sentences if _has_words(s.sent)]
        for s in sentences:
            s.output = s.sent
        for s, rule, message in decoding.translate(self.engine, todo):
            flags.append(_flag(s, rule, message))
        redo = [s for s in sentences if not self._finish(s, prepared, flags, last=False)]
        if redo:  # the guard rejected these: decode once more with anti-loop settings
            for s, again in zip(redo, decoding.redecode(self.engine, redo), strict=True):
                if again:
                    flags.append(
                        _flag(
                            s,
                            "redecode",
                            "the first translation was rejected (empty, looping or not"
                            " Japanese); translated again with repetition penalties",
                        )
                    )
                self._finish(s, prepared, flags, last=True)

    def _finish(
        self,
        s: Sentence,
        prepared: Mapping[int, Prepared] | list[Prepared],
        flags: list[Flag],
        last: bool,
    ) -> bool:
        """Repair, post-process and restore ``s``; False when the guard wants a re-decode
        (``last=False``). On the last attempt a rejected output becomes the marked English."""
        unit = prepared[s.unit].unit
        if self.japanese and _already_japanese(s.sent):  # not translated: kept as written
            s.text = restore(s.sent, s.restore)
            return True
        mark = len(flags)
        text = self._repair(s, unit, flags)
        if text is None:  # placeholders lost after rerank and retry: the marked English
            s.text, s.confidence = _fallback_text(s.source), 0.0
            return True
        repeated: list[str] = []
        if self.japanese:  # 分散分散 → 分散 (a repetition the English has itself is kept)
            text, repeated = collapse(text, s.restore, keep=s.source)
        if repeated:
            flags.append(
                _flag(
                    s, "repetition", f"removed words repeated back to back: {', '.join(repeated)}"
                )
            )
        if self.japanese:
            text = match_final_stop(text, s.sent)
        if self.postprocessor is not None and self.japanese:
            text, fallback = self._postprocess(s, text, unit, flags)
            if fallback and not last and hasattr(self.engine, "translate_batch_with_options"):
                del flags[mark:]  # report the outcome of the second attempt only
                return False
            if fallback:  # publish the English behind the untranslated marker
                s.text, s.confidence = _fallback_text(s.source), 0.0
                return True
        if self.japanese:
            self._assess(s, text, repeated, flags)
        s.text = restore(text, s.restore)
        return True

    def _assess(self, s: Sentence, text: str, repeated: list[str], flags: list[Flag]) -> None:
        """The sentence's confidence (model score and checks); a low one is flagged."""
        result = confidence.assess(s.sent, text, s.score, repeated)
        s.confidence = result.value
        if result.low:
            flags.append(_flag(s, "low-confidence", result.describe()))

    def _repair(self, s: Sentence, unit: Unit, flags: list[Flag]) -> str | None:
        """The output with each expected placeholder exactly once (repeated and unknown ones
        removed), or ``None`` when one is missing (the sentence falls back to English)."""
        expected = [i for i in find(s.sent) if i not in s.inlined]
        seen: Counter[int] = Counter()
        dropped: list[int] = []

        def keep_once(m: re.Match[str]) -> str:
            i = int(m.group(1))
            seen[i] += 1
            if i in expected and seen[i] == 1:
                return m.group(0)
            dropped.append(i)
            return ""

        text = PLACEHOLDER_RE.sub(keep_once, s.output)
        if dropped:
            # no run of spaces left behind (leading ones would make an indented code block)
            text = re.sub(r"[ \t]{2,}", " ", text).strip()
            flags.append(
                _flag(
                    s,
                    "placeholder-extra",
                    f"removed extra copies of {named(dropped, s.restore)}",
                )
            )
        missing = [i for i in expected if not seen[i]]
        # spelled-out text the engine dropped on the retry is lost too
        missing += [i for i in sorted(s.inlined) if s.restore[i] not in text]
        if missing:
            flags.append(
                _flag(
                    s,
                    "placeholder-missing",
                    f"the model left out {named(missing, s.restore)} even after reranking"
                    " and a retry; the sentence is published in English",
                )
            )
            return None
        return text

    def _postprocess(
        self, s: Sentence, text: str, unit: Unit, flags: list[Flag]
    ) -> tuple[str, bool]:
        """Run the post-processor; returns (text, fallback-to-English?)."""
        assert self.postprocessor is not None
        new, pp_flags = self.postprocessor(text, s.sent, s.restore)
        fallback = False
        for f in pp_flags:
            rule = str(getattr(f, "rule", None) or getattr(f, "name", None) or "postprocess")
            message = str(getattr(f, "message", f))
            flags.append(_flag(s, rule, message))
            fallback = fallback or bool(getattr(f, "fallback", False)) or rule == "fallback"
        if fallback:
            return text, True
        if sorted(find(new)) != sorted(find(text)):
            flags.append(
                _flag(
                    s,
                    "postprocess",
                    "post-processing changed placeholders; its result was discarded",
                )
            )
            return text, False
        return new, False


def _fallback_text(source: str) -> str:
    try:
        from jtrans.postprocess import fallback_text
    except ImportError:  # pragma: no cover - post-processing not installed
        return "〔未翻訳〕" + source
    return fallback_text(source)


def _standalone(sents: list[Sentence]) -> bool:
    """Whether the unit's translation depends on its text alone: not when a ``keep+gloss`` term
    went unglossed because an earlier unit of the document glossed it (the memory would then
    hold or give the wrong variant)."""
    seen: set[str] = set()
    for s in sents:
        for hit in s.hits:
            entry = getattr(hit, "entry", None)
            if entry is None or getattr(hit, "index", None) is None or entry.policy != KEEP_GLOSS:
                continue
            if not entry.ja or entry.term in seen:
                continue
            seen.add(entry.term)
            if not hit.rendering.endswith(f"（{entry.ja}）"):
                return False
    return True


def _has_words(text: str) -> bool:
    """Whether ``text`` has English to translate: Latin letters outside its placeholders.
    Text with no English (numbers, emoji) is left to itself, and so is a sentence already in
    Japanese (see :func:`_already_japanese`)."""
    plain = PLACEHOLDER_RE.sub("", text)
    return any(c.isalpha() and _is_latin(c) for c in plain) and not _already_japanese(text)


def _already_japanese(text: str) -> bool:
    """A Japanese sentence naming a model or benchmark in Latin letters (it has kana and more
    Japanese than Latin letters): an English→Japanese model would only garble it, and
    post-processing would restyle somebody's Japanese, so it is kept exactly."""
    plain = PLACEHOLDER_RE.sub("", text)
    if not any(_is_kana(c) for c in plain):
        return False
    latin = sum(1 for c in plain if c.isalpha() and _is_latin(c))
    return sum(1 for c in plain if _is_kana(c) or _is_han(c)) > latin


def _is_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9d"  # hiragana, katakana


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _is_latin(c: str) -> bool:
    return c.isascii() or unicodedata.name(c, "").startswith(("LATIN", "FULLWIDTH LATIN"))
