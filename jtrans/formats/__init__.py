"""Review exchange formats for translation units: PO and XLIFF (via translate-toolkit).

Each format module has ``dump(segments, filename) -> bytes`` and ``load(data, name) ->
list[Segment]``. One :class:`Segment` is one translatable unit of a post: its id and line
identify it (so two units with the same English stay distinct), ``source`` is the unit's English
Markdown, ``target`` the Japanese, ``fuzzy`` whether it still needs review (machine output),
``confidence`` the lowest confidence of its machine-translated sentences and ``low_confidence``
whether one of them was flagged (PO: fuzzy with a translator comment; XLIFF:
``state="needs-translation"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

FORMATS = ("po", "xliff")
SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff"}


class FormatError(ValueError):
    """A review file cannot be read (not PO/XLIFF, broken syntax, no units)."""


@dataclass
class Segment:
    """One unit in a review file."""

    id: int
    line: int
    source: str
    target: str = ""
    fuzzy: bool = True
    notes: list[str] = field(default_factory=list)
    confidence: float | None = None
    low_confidence: bool = False


def get(name: str) -> ModuleType:
    """The module for format ``name`` (``po`` or ``xliff``)."""
    if name == "po":
        from jtrans.formats import po

        return po
    if name == "xliff":
        from jtrans.formats import xliff

        return xliff
    raise FormatError(f"unknown review format {name!r} (choose from {', '.join(FORMATS)})")


def detect(path: str | Path, data: bytes = b"") -> str:
    """The format of ``path`` from its suffix, else from its first bytes."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or b"<xliff" in head:
        return "xliff"
    if head.startswith((b"#", b"msgid", b"msgctxt")):
        return "po"
    raise FormatError(f"{path}: not a PO or XLIFF file (use a .po or .xlf name)")
