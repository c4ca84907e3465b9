"""The ``Glossary``: layered loading, term protection for the pipeline, term checking.

``load(paths)`` reads each path in order (a file, or a folder's ``*.tsv``); an entry for a term
already defined by an earlier layer replaces it and the replacement is recorded in
``Glossary.overrides``. ``Glossary.protect`` is what the pipeline calls on each translatable
unit, after code/URLs/Markdown were protected and before MT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from jtrans import placeholders
from jtrans.glossary.io import glossary_files, read_entries
from jtrans.glossary.match import Match, Matcher, a_verb
from jtrans.glossary.model import KEEP_GLOSS, TRANSLATE, Entry, GlossaryError

if TYPE_CHECKING:
    from jtrans.glossary.check import CheckReport


def default_paths() -> list[Path]:
    """The shipped default glossary folder: the repository's ``glossary/`` in a source checkout,
    else the copy the wheel carries (``jtrans/data/glossary``). Empty when neither exists."""
    from jtrans import locations

    folder = locations.shipped_glossary()
    return [folder] if folder is not None else []


def user_paths() -> list[Path]:
    """The user's own glossary folder (``~/.config/jtrans/glossary``), when it holds terms:
    where ``jtrans glossary add`` writes outside a project."""
    from jtrans import locations

    folder = locations.user_glossary()
    return [folder] if folder.is_dir() and any(folder.glob("*.tsv")) else []


def resolve_paths(
    extra: Sequence[Path] = (),
    *,
    configured: Sequence[str | Path] = (),
    base: Path | None = None,
    use_default: bool = True,
) -> list[Path]:
    """Glossary layers in order: the default glossary (unless ``use_default`` is false), the
    user's own glossary folder, the configured paths (``[tool.jtrans.glossary] paths``,
    relative to ``base``), then ``extra`` (``--glossary`` flags). Later layers win."""
    return [
        path for path, _ in layers(extra, configured=configured, base=base, use_default=use_default)
    ]


def layers(
    extra: Sequence[Path] = (),
    *,
    configured: Sequence[str | Path] = (),
    base: Path | None = None,
    use_default: bool = True,
    configured_by: str = "config",
    extra_by: str = "--glossary",
) -> list[tuple[Path, str]]:
    """The layers of :func:`resolve_paths`, each with where it comes from: ``default``,
    ``user glossary``, ``configured_by`` (the config file) or ``extra_by`` (the option)."""
    base = base or Path.cwd()
    out = [(p, "default") for p in default_paths()] if use_default else []
    shipped = [p for p, _ in out]
    out += [(p, "user glossary") for p in user_paths() if p not in shipped]
    out += [(base / Path(p), configured_by) for p in configured]
    out += [(Path(p), extra_by) for p in extra]
    return out


@dataclass(frozen=True)
class Override:
    """An entry replaced by a later one for the same term."""

    old: Entry
    new: Entry
    same_layer: bool

    @property
    def conflicting(self) -> bool:
        return (self.old.ja, self.old.policy) != (self.new.ja, self.new.policy)

    def message(self) -> str:
        what = "conflicting rendering" if self.conflicting else "duplicate"
        return (
            f"{self.new.where()}: {what} for {self.new.term!r}: "
            f"{self.new.policy} {self.new.ja!r} overrides {self.old.policy} {self.old.ja!r} "
            f"from {self.old.where()}"
        )


@dataclass(frozen=True)
class Hit:
    """A glossary term found by ``protect``. ``index`` is the placeholder that replaced it, or
    None when it was left to MT (``skipped`` says why)."""

    entry: Entry
    start: int
    end: int
    surface: str
    rendering: str
    index: int | None
    skipped: str = ""

    @property
    def protected(self) -> bool:
        return self.index is not None


class Glossary:
    """Resolved glossary entries (one per term) with matching, protection and checking."""

    def __init__(self, entries: Iterable[Entry] = (), overrides: Sequence[Override] = ()):
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self._entries[entry.key] = entry
        self.overrides: list[Override] = list(overrides)
        self._glossed: set[str] = set()

    # the matchers are built on first use: a post served from the translation memory only
    # asks which of its units hold a keep+gloss term (start-up time)
    @cached_property
    def _all(self) -> Matcher:
        return Matcher(self._entries.values())

    @cached_property
    def _protecting(self) -> Matcher:
        return Matcher(e for e in self._entries.values() if not e.check_only)

    @cached_property
    def _checking(self) -> Matcher:
        return Matcher(
            e for e in self._entries.values() if e.check_only and e.policy == TRANSLATE and e.ja
        )

    @cached_property
    def _checking_start(self) -> re.Pattern[str]:
        """The first word of any spelling of a ``check-only`` entry, at a word's start."""
        words = {
            re.split(r"[\s\-‐‑]", spelling, maxsplit=1)[0]
            for e in self._entries.values()
            if e.check_only and e.policy == TRANSLATE and e.ja
            for spelling in (e.term, *e.variants)
        }
        alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        return re.compile(rf"\b(?:{alternatives})" if words else "(?!)", re.IGNORECASE)

    @cached_property
    def _glossing(self) -> Matcher:
        return Matcher(
            e for e in self._entries.values() if e.policy == KEEP_GLOSS and not e.check_only
        )

    # -- collection -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __contains__(self, term: object) -> bool:
        return term in self._entries

    def get(self, term: str) -> Entry | None:
        return self._entries.get(term)

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    # -- per document -----------------------------------------------------------------------
    def reset(self) -> None:
        """Start a new document: ``keep+gloss`` terms get their gloss again on first use."""
        self._glossed.clear()

    def glosses(self, text: str) -> bool:
        """Whether ``text`` holds a ``keep+gloss`` term: the only entries whose rendering
        depends on the rest of the document (glossed on first use). Existing placeholders are
        skipped."""
        return any(self._glossing.find(part) for part in placeholders.PLACEHOLDER_RE.split(text))

    def find(self, text: str) -> list[Match]:
        """Protectable term occurrences in ``text``, skipping existing placeholders."""
        return [m for m in _between_placeholders(self._protecting, text) if not a_verb(text, m)]

    def checked(self, text: str) -> list[Hit]:
        """The occurrences in ``text`` of ``check-only`` entries with a rendering: never
        protected (the model writes them in context), so each is a hit left to MT, for
        :func:`jtrans.glossary.mend.apply` to put the rendering where the model wrote a
        forbidden one (video: ビデオ → 動画). Existing placeholders are skipped."""
        if not self._checking_start.search(text):
            return []  # (most sentences: the matcher costs more than this)
        return [
            Hit(m.entry, m.start, m.end, m.surface, m.entry.ja, None, "check-only")
            for m in _between_placeholders(self._checking, text)
        ]

    def protect(
        self, text: str, next_index: int, limit: int = placeholders.MAX_PLACEHOLDERS
    ) -> tuple[str, dict[int, str], list[Hit]]:
        """Replace term occurrences by placeholders numbered from ``next_index``.

        Returns the new text, ``restore`` (placeholder index → Japanese rendering for
        ``translate``, the English for ``keep``, ``English（日本語）`` on a document's first use
        of a ``keep+gloss`` term) and one ``Hit`` per occurrence found. Existing ``⟦n⟧`` are
        left alone. Occurrences are left to MT (``Hit.index is None``) once ``limit``
        placeholders are used, and when a different term with the same Japanese rendering
        already occurred in this text (e.g. reasoning/inference → 推論), so the two stay
        distinguishable.
        """
        out: list[str] = []
        restore: dict[int, str] = {}
        hits: list[Hit] = []
        rendered_by: dict[str, str] = {}
        index = next_index
        pos = 0
        for m in self.find(text):
            entry = m.entry
            skipped = ""
            if entry.policy == TRANSLATE and rendered_by.setdefault(entry.ja, entry.term) != (
                entry.term
            ):
                skipped = f"same rendering as {rendered_by[entry.ja]!r} in this unit"
            elif index >= limit:
                skipped = f"placeholder limit {limit} reached"
            if skipped:
                hits.append(Hit(entry, m.start, m.end, m.surface, m.surface, None, skipped))
                continue
            first = entry.policy == KEEP_GLOSS and entry.term not in self._glossed
            if first:
                self._glossed.add(entry.term)
            rendering = entry.rendering(first_use=first, surface=m.english())
            out.append(text[pos : m.start])
            out.append(placeholders.make(index))
            restore[index] = rendering
            hits.append(Hit(entry, m.start, m.end, m.surface, rendering, index))
            index += 1
            pos = m.end
        out.append(text[pos:])
        return "".join(out), restore, hits

    def check(self, source: str, translation: str) -> CheckReport:
        """Term accuracy of ``translation`` against ``source`` and forbidden renderings."""
        from jtrans.glossary.check import check

        return check(self._all, source, translation)


def _between_placeholders(matcher: Matcher, text: str) -> Iterator[Match]:
    """``matcher``'s matches in ``text`` outside its placeholders, with offsets into ``text``."""
    pos = 0
    for ph in [*placeholders.PLACEHOLDER_RE.finditer(text), None]:
        stop = ph.start() if ph else len(text)
        for m in matcher.find(text[pos:stop]):
            yield replace(m, start=m.start + pos, end=m.end + pos)
        if ph:
            pos = ph.end()


def load_layers(paths: Sequence[Path]) -> tuple[list[Entry], list[Override]]:
    """Entries of every layer in order, plus the overrides between and within layers."""
    resolved: dict[str, tuple[int, Entry]] = {}
    overrides: list[Override] = []
    for layer, path in enumerate(paths):
        for file in glossary_files(Path(path)):
            for entry in read_entries(file):
                previous = resolved.get(entry.key)
                if previous is not None:
                    overrides.append(Override(previous[1], entry, previous[0] == layer))
                resolved[entry.key] = (layer, entry)
    return [entry for _, entry in resolved.values()], overrides


def load(paths: Sequence[Path] | None = None) -> Glossary:
    """Load glossary layers (files or folders), later ones winning; ``None`` = the default.

    Raises ``GlossaryError`` (message ``file:line: problem``) on an unreadable or invalid row.
    """
    if paths is None:
        paths = default_paths()
        if not paths:
            raise GlossaryError("the default glossary was not found (is jtrans installed?)")
    entries, overrides = load_layers(list(paths))
    return Glossary(entries, overrides)
