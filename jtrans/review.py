"""Review round trip: a translated post's units out to PO/XLIFF, reviewed translations back in.

:func:`export_segments` turns a :class:`~jtrans.pipeline.Result` into one
:class:`~jtrans.formats.Segment` per translatable unit (machine output pre-filled, fuzzy, with
the bilingual review notes). :func:`apply` puts reviewed segments back: each unit's span in the
English source is replaced by its Japanese (:func:`jtrans.reassemble.reassemble`, as the
pipeline does), so the structure of the post stays byte-exact; it also returns the reviewed
pairs (non-fuzzy, non-empty) for the translation memory. Each imported translation passes the
Markdown guard (:mod:`jtrans.markdown_guard`) as a machine translation does: one that would
change the post's structure (a ``# `` or ``- `` at its start, a broken link) is escaped, or
else the unit stays English; either is a warning, and only what was published is memorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jtrans import bilingual, markdown_guard
from jtrans.formats import Segment
from jtrans.pipeline import Result
from jtrans.reassemble import reassemble
from jtrans.segment import Unit, analyse


class ReviewError(ValueError):
    """The review file does not belong to this post (changed source, unknown units)."""


@dataclass
class Applied:
    """The Japanese post rebuilt from a review file."""

    text: str
    reviewed: list[tuple[str, str]] = field(default_factory=list)  # (English, Japanese) for TM
    fuzzy: int = 0  # units taken from still-fuzzy (unreviewed) entries
    empty: int = 0  # units left in English (no translation in the file)
    fallbacks: int = 0  # units left in English (their translation broke the Markdown)
    warnings: list[str] = field(default_factory=list)


def export_segments(result: Result, glossary: Any = None) -> list[Segment]:
    """One segment per translatable unit of ``result`` (units the configuration keeps in
    English, like link lists, are left out): fuzzy machine output, except units whose
    translation came from a reviewed (human) translation memory entry, which go out
    reviewed (not fuzzy) with a ``reviewed (translation memory)`` note."""
    notes = bilingual.notes(result, glossary)
    reviewed = set(result.reviewed)
    scores: dict[int, list[float]] = {}
    for s in result.sentences:
        if s.confidence is not None:
            scores.setdefault(s.uid, []).append(s.confidence)
    low = {f.unit for f in result.flags if f.rule == LOW_CONFIDENCE}
    return [
        Segment(
            id=p.unit.id,
            line=p.unit.line,
            source=p.unit.text,
            target=result.unit_texts.get(p.unit.id, p.unit.text),
            fuzzy=p.unit.id not in reviewed,
            notes=([REVIEWED_NOTE] if p.unit.id in reviewed else [])
            + [plain_note(n) for n in notes.get(p.unit.id, [])],
            confidence=min(scores[p.unit.id]) if p.unit.id in scores else None,
            low_confidence=p.unit.id in low,
        )
        for p in result.prepared
        if p.split.pieces
    ]


REVIEWED_NOTE = "reviewed (translation memory)"
LOW_CONFIDENCE = "low-confidence"  # the pipeline flag of a sentence to read carefully


def plain_note(note: str) -> str:
    """A bilingual note for a CAT tool: ``**label**: …`` (Markdown bold) becomes ``⚠ label: …``."""
    if note.startswith("**") and "**" in note[2:]:
        label, rest = note[2:].split("**", 1)
        return f"{FLAG_MARK} {label}{rest}"
    return note


FLAG_MARK = "⚠"


def apply(source: str, segments: list[Segment]) -> Applied:
    """Rebuild the Japanese post from ``source`` and reviewed ``segments``.

    Segments are matched to units by id; a segment whose English differs from the unit's (the
    post changed after the export) is a :class:`ReviewError`. Fuzzy entries still count (they
    hold the machine translation) but only reviewed ones are returned for the memory; empty
    entries leave the unit in English.
    """
    bom = source.startswith("\ufeff")
    body = source[1:] if bom else source
    doc = analyse(body)
    guard = markdown_guard.Context(body, doc.references)
    units = {u.id: u for u in doc.units}
    by_text: dict[str, list[Unit]] = {}
    for u in units.values():
        by_text.setdefault(u.text, []).append(u)
    out = Applied(text="")
    texts: dict[int, str] = {}
    for seg in segments:
        unit = _match(seg, units, by_text, texts)
        if not seg.target.strip():
            out.empty += 1
            continue
        kept = guard.keep(unit, seg.target)
        texts[unit.id] = kept.text
        if kept.problem is not None:
            out.warnings.append(f"line {unit.line}: markdown: {kept.problem}")
            out.fallbacks += 1
            continue  # the English is published: nothing to count or remember
        if kept.repaired:
            out.warnings.append(
                f"line {unit.line}: markdown: the translation would change the Markdown "
                f"({kept.change}); escaped"
            )
        if seg.fuzzy:
            out.fuzzy += 1
        else:
            out.reviewed.append((unit.text, kept.text))
        if unit.kind != "table-cell" and seg.target.count("\n") > unit.text.count("\n"):
            out.warnings.append(f"line {unit.line}: translation has more lines than the source")
    out.text = ("\ufeff" if bom else "") + reassemble(body, list(units.values()), texts)
    return out


def _match(
    seg: Segment, units: dict[int, Unit], by_text: dict[str, list[Unit]], done: dict[int, str]
) -> Unit:
    unit = units.get(seg.id)
    if unit is not None and unit.text == seg.source:
        return unit
    # no (or a stale) id: the first unit with this English that has no translation yet
    for candidate in by_text.get(seg.source, []):
        if candidate.id not in done:
            return candidate
    where = f"line {seg.line}" if seg.line else f"unit {seg.id}"
    raise ReviewError(
        f"{where}: the entry's English is not in the post (was the post edited after the "
        f"export?): {_short(seg.source)!r}"
    )


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
