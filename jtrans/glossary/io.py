"""Reading and writing glossary TSV files.

Format: UTF-8, one header line naming the columns (``term``, ``ja`` and ``policy`` are
required; see ``model.COLUMNS``), then one entry per line, fields separated by a tab. Lists
(forbidden renderings, variants) are separated by ``|``. Blank lines are ignored. Files are
written sorted by term and atomically (a temporary file renamed over the original), so a
failed write never leaves a half-written glossary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jtrans.fileio import ReadOnlyError, write_atomic
from jtrans.glossary.model import (
    COLUMNS,
    POLICIES,
    REQUIRED_COLUMNS,
    TRANSLATE,
    Entry,
    GlossaryError,
    sort_key,
    split_list,
)
from jtrans.reader import strip_bom


@dataclass(frozen=True)
class Row:
    """One raw data line of a glossary file, before validation."""

    path: Path
    line: int
    fields: dict[str, str]
    extra: tuple[str, ...] = ()

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path`` (newlines as ``\\n``); a bad byte is reported with its line
    and byte offset."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read ({exc.strerror or exc})", path) from None
    return decode_text(data, path)


def decode_text(data: bytes, path: Path) -> str:
    """``data`` of the glossary ``path`` as text, decoded by :func:`jtrans.reader.decode`;
    ``GlossaryError`` with the line of a bad byte."""
    from jtrans import reader

    try:
        text = reader.decode(data, str(path), advice="save the file as UTF-8")
    except reader.InputError as exc:
        raise GlossaryError(exc.reason, path, exc.line or 0) from None
    return reader.universal_newlines(text)


def parse_header(path: Path, line: str) -> list[str]:
    """Validate the header line; return the column names in file order."""
    names = [name.strip() for name in line.rstrip("\r\n").split("\t")]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise GlossaryError(
            f"unknown column {unknown[0]!r} in header "
            f"(expected a tab-separated header of: {', '.join(COLUMNS)})",
            path,
            1,
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise GlossaryError(f"header lacks the required column {missing[0]!r}", path, 1)
    if len(set(names)) != len(names):
        raise GlossaryError("a column is named twice in the header", path, 1)
    return names


def read_rows(path: Path, text: str | None = None) -> list[Row]:
    """Raw rows of ``path`` (header checked, fields not yet validated); ``text``: its content,
    already read (stdin), ``path`` then only names it in messages."""
    text = strip_bom(read_text(path) if text is None else text)
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        raise GlossaryError("empty file (a glossary starts with a header line)", path, 1)
    names = parse_header(path, lines[0])
    rows: list[Row] = []
    for number, raw in enumerate(lines[1:], start=2):
        raw = raw.rstrip("\r")
        if not raw.strip():
            continue
        cells = raw.split("\t")
        fields = {name: "" for name in COLUMNS}
        fields.update(zip(names, cells, strict=False))
        rows.append(Row(path, number, fields, tuple(cells[len(names) :])))
    return rows


def row_to_entry(row: Row) -> Entry:
    """Validate one row strictly (used when loading for translation)."""
    f = row.fields
    if row.extra and any(cell.strip() for cell in row.extra):
        raise GlossaryError("more fields than header columns", row.path, row.line)
    term = f["term"].strip()
    policy = f["policy"].strip()
    if not term:
        raise GlossaryError("empty term", row.path, row.line)
    if policy not in POLICIES:
        raise GlossaryError(
            f"unknown policy {policy!r} (use one of: {', '.join(POLICIES)})", row.path, row.line
        )
    ja = f["ja"].strip()
    if policy == TRANSLATE and not ja:
        raise GlossaryError("policy 'translate' needs a Japanese rendering", row.path, row.line)
    return Entry(
        term=term,
        ja=ja,
        policy=policy,
        forbidden=tuple(s.strip() for s in split_list(f["forbidden"])),
        variants=tuple(s.strip() for s in split_list(f["variants"])),
        pos=f["pos"].strip(),
        note=f["note"].strip(),
        source=f["source"].strip(),
        path=row.path,
        line=row.line,
    )


def read_entries(path: Path, text: str | None = None) -> list[Entry]:
    """All entries of one TSV file, validated; raises ``GlossaryError`` with file:line."""
    return [row_to_entry(row) for row in read_rows(path, text)]


def format_tsv(entries: Iterable[Entry]) -> str:
    """Serialise entries as a sorted TSV document with the full header."""
    lines = ["\t".join(COLUMNS)]
    for entry in sorted(entries, key=sort_key):
        cells = entry.to_row()
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise GlossaryError(f"a field of {entry.term!r} contains a tab or newline")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a read-only file is a ``GlossaryError``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(path, text)
    except ReadOnlyError as exc:
        raise GlossaryError(str(exc)) from None


def write_entries(path: Path, entries: Iterable[Entry]) -> None:
    """Write ``entries`` sorted to ``path`` atomically."""
    atomic_write(path, format_tsv(entries))


def glossary_files(path: Path) -> list[Path]:
    """The TSV files a path stands for: the file itself, or a folder's ``*.tsv`` sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.tsv") if p.is_file())
    if not path.exists():
        raise GlossaryError("no such glossary file or folder", path)
    return [path]
