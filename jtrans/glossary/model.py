"""Glossary entries: the data model shared by the reader, matcher, linter and exporters.

One ``Entry`` is one row of a glossary TSV file. ``policy`` decides what the pipeline does with
the English term: ``translate`` (use the Japanese rendering), ``keep`` (leave the English as is)
or ``keep+gloss`` (English with the Japanese in full-width parentheses on first use).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

TRANSLATE = "translate"
KEEP = "keep"
KEEP_GLOSS = "keep+gloss"
POLICIES: tuple[str, ...] = (TRANSLATE, KEEP, KEEP_GLOSS)

#: ``pos`` value for entries used only by ``check`` (forbidden renderings), never protected.
CHECK_ONLY = "check-only"
#: ``pos`` value for names (models, companies, benchmarks, papers): no plural forms.
NAME = "name"

#: Column order of every glossary file; the first three are required.
COLUMNS: tuple[str, ...] = (
    "term",
    "ja",
    "policy",
    "forbidden",
    "variants",
    "pos",
    "note",
    "source",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("term", "ja", "policy")
LIST_SEP = "|"


class GlossaryError(ValueError):
    """A glossary file cannot be read or written; the message starts with ``file:line:``."""

    def __init__(self, reason: str, path: Path | None = None, line: int = 0) -> None:
        where = (
            f"{path}:{line}: "
            if path is not None and line
            else (f"{path}: " if path is not None else "")
        )
        super().__init__(where + reason)
        self.reason = reason
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Entry:
    """One glossary term with its rendering policy."""

    term: str
    ja: str = ""
    policy: str = TRANSLATE
    forbidden: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    pos: str = ""
    note: str = ""
    source: str = ""
    path: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """Identity of the term for duplicate and override detection (case-sensitive)."""
        return self.term

    @property
    def check_only(self) -> bool:
        return self.pos == CHECK_ONLY

    @property
    def is_name(self) -> bool:
        return self.pos == NAME

    def required(self) -> str:
        """What the translation must contain for each source occurrence."""
        return self.ja if self.policy == TRANSLATE else self.term

    def rendering(self, first_use: bool = True, surface: str | None = None) -> str:
        """The text a protected occurrence is restored to."""
        english = surface if surface is not None else self.term
        if self.policy == TRANSLATE:
            return self.ja
        if self.policy == KEEP_GLOSS and first_use and self.ja:
            return f"{english}（{self.ja}）"
        return english

    def where(self) -> str:
        """``file:line`` of the row this entry came from (or the term when built in memory)."""
        if self.path is None:
            return self.term
        return f"{self.path}:{self.line}"

    def to_row(self) -> list[str]:
        return [
            self.term,
            self.ja,
            self.policy,
            LIST_SEP.join(self.forbidden),
            LIST_SEP.join(self.variants),
            self.pos,
            self.note,
            self.source,
        ]

    def with_origin(self, path: Path | None, line: int) -> Entry:
        return replace(self, path=path, line=line)


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``|``-separated cell into its non-empty items (whitespace kept for the linter)."""
    return tuple(item for item in value.split(LIST_SEP) if item.strip())


def sort_key(entry: Entry) -> tuple[str, str]:
    """Order of rows inside a glossary file: case-insensitive by term, then exact term."""
    return (entry.term.casefold(), entry.term)
