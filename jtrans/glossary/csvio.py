"""CSV export and import for CAT tools and spreadsheets.

Same columns as the TSV files (``term, ja, policy, forbidden, variants, pos, note, source``)
with a header row, RFC 4180 quoting, UTF-8 with a BOM on export so spreadsheet programs detect
the encoding. On import the headers ``en``/``english`` and ``japanese`` are accepted for
``term``/``ja``; a missing policy defaults to ``translate`` with a rendering, else ``keep``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from jtrans.glossary.model import (
    COLUMNS,
    KEEP,
    POLICIES,
    TRANSLATE,
    Entry,
    GlossaryError,
    split_list,
)
from jtrans.reader import strip_bom

ALIASES = {"en": "term", "english": "term", "japanese": "ja", "jp": "ja"}


def export_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(entry.to_row())
    return "\ufeff" + out.getvalue()


def import_csv(text: str, name: str = "<csv>") -> list[Entry]:
    path = Path(name)
    reader = csv.reader(io.StringIO(strip_bom(text)), strict=True)
    try:
        return _read_csv(reader, path)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", path, reader.line_num or 1) from None


def _read_csv(reader, path: Path) -> list[Entry]:  # noqa: ANN001 - a csv reader
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError("empty CSV file", path, 1) from None
    names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    unknown = [h for h in names if h not in COLUMNS]
    if unknown or "term" not in names:
        what = f"unknown column {unknown[0]!r}" if unknown else "no 'term' (or 'en') column"
        raise GlossaryError(f"{what} in the CSV header", path, 1)
    entries: list[Entry] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            raise GlossaryError("more fields than header columns", path, line)
        f = dict.fromkeys(COLUMNS, "") | dict(zip(names, (c.strip() for c in row), strict=False))
        if not f["term"]:
            raise GlossaryError("empty term", path, line)
        policy = f["policy"] or (TRANSLATE if f["ja"] else KEEP)
        if policy not in POLICIES:
            raise GlossaryError(f"unknown policy {policy!r}", path, line)
        entries.append(
            Entry(
                term=f["term"],
                ja=f["ja"],
                policy=policy,
                forbidden=tuple(s.strip() for s in split_list(f["forbidden"])),
                variants=tuple(s.strip() for s in split_list(f["variants"])),
                pos=f["pos"],
                note=f["note"],
                source=f["source"],
            )
        )
    return entries
