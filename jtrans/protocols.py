"""What the pipeline asks of its parts: typed protocols for the engine, glossary and memory.

An engine that subclasses :class:`jtrans.engines.BaseEngine` gets the defaults (no target
language, no placeholder surrogate, no scores, an identity by class); any object with the same
attributes works too. Nothing in the pipeline probes for an attribute: an optional capability is
a protocol of its own (:class:`OptionsEngine`) checked with ``isinstance``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """Turns a batch of English sentences (with ``⟦n⟧`` placeholders) into translations."""

    @property
    def name(self) -> str: ...

    @property
    def target_lang(self) -> str | None:
        """``"ja"``: the Japanese stages (glossary, post-processing) run."""
        ...

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


@runtime_checkable
class OptionsEngine(Protocol):
    """An engine that decodes with options (beam size, repetition penalties, n-best lists
    with scores when ``scores`` is true): reranking and re-decoding need one."""

    def translate_batch_with_options(self, sentences: list[str], **options: Any) -> list[Any]: ...


@runtime_checkable
class ProgressEngine(Protocol):
    """An engine that reports progress within one ``translate_batch`` call: it calls
    ``on_progress(done, total)`` when that is set (``None``: nobody listens)."""

    on_progress: Callable[[int, int], None] | None


@runtime_checkable
class LoadingEngine(Protocol):
    """An engine that loads its model on demand; ``load()`` loads it now (a broken model
    fails there, once)."""

    def load(self) -> object: ...


@runtime_checkable
class ScoringEngine(OptionsEngine, Protocol):
    """An :class:`OptionsEngine` that can return n-best lists with scores (when ``scores``)."""

    @property
    def scores(self) -> bool: ...


@runtime_checkable
class InsertingEngine(Protocol):
    """An engine that can put placeholders the model left out back into a translation, where
    its model scores them best (the last resort before the English fallback): a list of
    :class:`jtrans.engines.Hypothesis`, best guess first. ``apart[i]`` names placeholders
    that ``i`` must not be put right next to (they render the same text)."""

    def insert_placeholders(
        self,
        sentence: str,
        output: str,
        missing: Sequence[int],
        apart: Mapping[int, Collection[int]] | None = None,
    ) -> list[Any]: ...


@runtime_checkable
class Fingerprinted(Protocol):
    """An engine that says what about it changes its output (model files, settings)."""

    def fingerprint(self) -> dict[str, Any]: ...


class Hit(Protocol):
    """One glossary match in a sentence (see :class:`jtrans.glossary.core.Hit`)."""

    index: int | None
    rendering: str
    surface: str
    entry: Any


@runtime_checkable
class Glossary(Protocol):
    """Term protection for the engine input (:class:`jtrans.glossary.Glossary`)."""

    def reset(self) -> None: ...

    def protect(self, text: str, start: int) -> tuple[str, dict[int, str], Sequence[Any]]: ...


@runtime_checkable
class GlossingGlossary(Glossary, Protocol):
    """A glossary that says whether a text has a ``keep+gloss`` term (whose rendering depends on
    the document: such a unit cannot be served from the memory before the glossary ran)."""

    def glosses(self, text: str) -> bool: ...


class SentenceRule(Protocol):
    """A rule module of :mod:`jtrans.sentence_rules` (dates, quantities, names): spans it
    renders itself become placeholders numbered from ``next_index``; returns the text and
    the restore map of the new placeholders."""

    def protect(self, text: str, next_index: int) -> tuple[str, dict[int, str]]: ...


class MemoryMatch(Protocol):
    target: str
    origin: str
    flags: tuple[tuple[str, str], ...]


@runtime_checkable
class Memory(Protocol):
    """A translation memory (:class:`jtrans.tm.TranslationMemory`)."""

    read_only: bool  # a memory the user cannot write is still read; put_many stores nothing

    def lookup(self, sources: list[str], context: str) -> dict[str, Any]: ...

    def put_many(
        self,
        pairs: list[tuple[str, str]],
        context: str,
        origin: str = "mt",
        flags: dict[str, list[tuple[str, str]]] | None = None,
    ) -> int: ...
