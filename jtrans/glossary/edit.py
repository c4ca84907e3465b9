"""Safe edits of a glossary file: add, remove, merge, replace — validated, sorted, atomic.

Every edit builds the new file content in memory, lints it together with the other glossary
``*.tsv`` files of the same folder (so a term cannot be added to terms.tsv while names.tsv has
it; TSV files that are not glossaries are ignored), and only then replaces the file
atomically. A rejected edit leaves the file untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jtrans.glossary.io import Row, read_entries, read_rows, write_entries
from jtrans.glossary.lint import layer_problems, row_problems
from jtrans.glossary.model import COLUMNS, Entry, GlossaryError, sort_key


@dataclass(frozen=True)
class MergeResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def _siblings(path: Path) -> list[Path]:
    folder = path.resolve().parent
    return sorted(p for p in folder.glob("*.tsv") if p.is_file() and p.resolve() != path.resolve())


def validate(path: Path, entries: Iterable[Entry], siblings: bool = True) -> None:
    """Raise ``GlossaryError`` listing the lint problems ``entries`` would have as ``path``
    (with ``siblings``: together with the other glossary files of its folder)."""
    ordered = sorted(entries, key=sort_key)
    rows = [
        Row(path, number, dict(zip(COLUMNS, entry.to_row(), strict=True)))
        for number, entry in enumerate(ordered, start=2)
    ]
    problems = [f"{row.where()}: {m}" for row in rows for m in row_problems(row)]
    others: list[Row] = []
    for sibling in _siblings(path) if siblings else []:
        try:
            others += read_rows(sibling)
        except GlossaryError:
            continue  # not a glossary (other TSV data in the folder), or broken: lint says
    problems += [str(p) for p in layer_problems(others + rows) if p.path == path]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GlossaryError(f"refusing to write: {problems[0]}{more}")


def save(path: Path, entries: Iterable[Entry], siblings: bool = True) -> None:
    """Validate, then write ``entries`` sorted and atomically to ``path``."""
    entries = list(entries)
    validate(path, entries, siblings)
    write_entries(path, entries)


def existing(path: Path) -> list[Entry]:
    return read_entries(path) if path.exists() else []


def add(path: Path, entry: Entry, replace: bool = False) -> str:
    """Add ``entry`` to ``path``; ``replace`` allows overwriting the same term.
    Returns ``"added"``, ``"replaced"`` or ``"unchanged"``."""
    entries = existing(path)
    for i, old in enumerate(entries):
        if old.term == entry.term:
            if old == entry:
                return "unchanged"
            if not replace:
                raise GlossaryError(
                    f"{entry.term!r} is already in the glossary with {old.policy} "
                    f"{old.ja!r} (use --replace to overwrite)",
                    old.path,
                    old.line,
                )
            entries[i] = entry
            save(path, entries)
            return "replaced"
    save(path, [*entries, entry])
    return "added"


def remove(path: Path, term: str) -> Entry:
    """Remove ``term`` from ``path``; returns the removed entry."""
    entries = existing(path)
    kept = [e for e in entries if e.term != term]
    if len(kept) == len(entries):
        raise GlossaryError(f"{term!r} is not in this file", path)
    save(path, kept)
    return next(e for e in entries if e.term == term)


def merge(
    path: Path, incoming: Iterable[Entry], replace_all: bool = False, siblings: bool = True
) -> MergeResult:
    """Merge ``incoming`` into ``path`` (same term: incoming wins), or replace its content.
    ``siblings=False``: a standalone file, not checked against the other files of its folder."""
    incoming = list(incoming)
    current = existing(path)
    by_term = {e.term: e for e in current}
    if replace_all and len({e.term for e in incoming}) != len(incoming):
        raise GlossaryError("the imported file defines a term twice", path)
    if replace_all:
        new_terms = {e.term for e in incoming}
        result = MergeResult(
            added=sum(1 for e in incoming if e.term not in by_term),
            updated=sum(1 for e in incoming if e.term in by_term and by_term[e.term] != e),
            unchanged=sum(1 for e in incoming if by_term.get(e.term) == e),
            removed=sum(1 for t in by_term if t not in new_terms),
        )
        merged = {e.term: e for e in incoming}
    else:
        added = updated = unchanged = 0
        merged = dict(by_term)
        for entry in incoming:
            old = merged.get(entry.term)
            if old is None:
                added += 1
            elif old == entry:
                unchanged += 1
            else:
                updated += 1
            merged[entry.term] = entry
        result = MergeResult(added, updated, unchanged)
    save(path, merged.values(), siblings)
    return result
