"""Scoring API: align hypothesis/reference(/source) segments and compute BLEU, chrF, term
accuracy and markup integrity, with per-segment scores and quality gates.

Inputs are Markdown posts (aligned unit by unit with ``jtrans.segment``: headings, paragraphs,
list items, quotes, table cells) or line-aligned text files. Text metrics see the *visible*
text of a segment (link targets, bare URLs, HTML tags and ``**``/``__`` markers removed; code
stays); markup integrity checks those removed parts separately.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jtrans import metrics
from jtrans.metrics.markup import MarkupIntegrity
from jtrans.postprocess.guard import is_fallback

MARKDOWN_SUFFIXES = (".md", ".markdown")
QUALITY_KEYS = ("min_bleu", "min_chrf", "min_term_accuracy")

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?[^)\s>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]*>")
_BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_EMPHASIS = re.compile(r"\*\*|__")


class ScoreError(ValueError):
    """Inputs that cannot be scored (missing, misaligned, malformed); one-line message."""


def visible_text(segment: str) -> str:
    """What a reader sees of a Markdown segment: link labels without targets, no bare URLs,
    HTML tags or strong-emphasis markers; newlines become spaces."""
    text = _LINK.sub(lambda m: m.group(2), segment)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


# --- reading and aligning ------------------------------------------------------------------
@dataclass
class Aligned:
    """Segments of HYP, REF and optional SOURCE, index-aligned, with labels for reports."""

    hyps: list[str]
    refs: list[str]
    sources: list[str] | None = None
    labels: list[str] = field(default_factory=list)
    doc_issues: list[str] = field(default_factory=list)

    def extend(self, other: Aligned) -> None:
        self.hyps += other.hyps
        self.refs += other.refs
        if self.sources is not None and other.sources is not None:
            self.sources += other.sources
        else:
            self.sources = None
        self.labels += other.labels
        self.doc_issues += other.doc_issues


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The text of ``path`` (UTF-8 unless ``encoding`` says otherwise, newlines as ``\\n``,
    no byte order mark); ``-`` reads standard input. Read and decoded by :mod:`jtrans.reader`:
    a bad byte is reported with its offset, as ``ScoreError``."""
    from jtrans import reader

    try:
        if str(path) == "-":
            data, name = reader.read_stdin(), "stdin"
        else:
            data, name = reader.read_bytes(path, "a file"), str(path)
        text = reader.decode(data, name, encoding)
    except reader.InputError as exc:
        raise ScoreError(str(exc)) from None
    return reader.universal_newlines(reader.strip_bom(text))


def markdown_units(text: str) -> list[tuple[str, str]]:
    """``(label, segment text)`` per translatable unit of a Markdown post."""
    from jtrans.segment import segment

    return [(f"{u.kind} line {u.line}", u.text.replace("\n", " ")) for u in segment(text)]


def align_markdown(
    hyp: str,
    ref: str,
    source: str | None = None,
    names: tuple[str, str, str] = ("HYP", "REF", "SOURCE"),
) -> Aligned:
    """Align three Markdown documents unit by unit; ``ScoreError`` when counts differ."""
    from jtrans.metrics.markup import compare_documents

    h, r = markdown_units(hyp), markdown_units(ref)
    if len(h) != len(r):
        raise ScoreError(
            f"{names[0]} has {len(h)} segments but {names[1]} has {len(r)}: "
            "the posts do not have the same structure"
        )
    s = markdown_units(source) if source is not None else None
    if s is not None and len(s) != len(h):
        raise ScoreError(
            f"{names[0]} has {len(h)} segments but {names[2]} has {len(s)}: "
            "the posts do not have the same structure"
        )
    base = source if source is not None else ref
    doc_issues = [f"{names[0]}: {i}" for i in compare_documents(hyp, base)]
    return Aligned(
        hyps=[t for _, t in h],
        refs=[t for _, t in r],
        sources=[t for _, t in s] if s is not None else None,
        labels=[f"{names[0]} {label}" for label, _ in h],
        doc_issues=doc_issues,
    )


def _lines(text: str) -> list[str]:
    return text.splitlines()


def align_lines(
    hyp: str,
    ref: str,
    source: str | None = None,
    names: tuple[str, str, str] = ("HYP", "REF", "SOURCE"),
) -> Aligned:
    """Line-aligned texts; ``ScoreError`` when the line counts differ."""
    h, r = _lines(hyp), _lines(ref)
    if len(h) != len(r):
        raise ScoreError(f"{names[0]} has {len(h)} lines but {names[1]} has {len(r)}")
    s = _lines(source) if source is not None else None
    if s is not None and len(s) != len(h):
        raise ScoreError(f"{names[0]} has {len(h)} lines but {names[2]} has {len(s)}")
    return Aligned(h, r, s, [f"line {i}" for i in range(1, len(h) + 1)])


def read_pair(hyp: Path, ref: Path, source: Path | None = None, encoding: str = "utf-8") -> Aligned:
    """Read and align HYP and REF (and SOURCE); Markdown when any of them ends in .md."""
    paths = [p for p in (hyp, ref, source) if p is not None]
    if sum(str(p) == "-" for p in paths) > 1:
        raise ScoreError("only one of HYP, REF and SOURCE can be - (stdin)")
    texts = [read_text(p, encoding) for p in paths]
    names = (str(hyp), str(ref), str(source))
    markdown = any(p.suffix.lower() in MARKDOWN_SUFFIXES for p in paths)
    align = align_markdown if markdown else align_lines
    aligned = align(texts[0], texts[1], texts[2] if source is not None else None, names)
    if not aligned.hyps:
        raise ScoreError(f"{hyp}: nothing to score (no segments)")
    return aligned


# --- scoring -------------------------------------------------------------------------------
@dataclass
class SegmentScore:
    index: int
    label: str
    hyp: str
    ref: str
    source: str | None
    bleu: float
    chrf: float
    term_accuracy: float | None = None
    markup_issues: list[str] = field(default_factory=list)
    fallback: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "label": self.label,
            "bleu": round(self.bleu, 2),
            "chrf": round(self.chrf, 2),
            "term_accuracy": None if self.term_accuracy is None else round(self.term_accuracy, 2),
            "markup_issues": self.markup_issues,
            "fallback": self.fallback,
            "hyp": self.hyp,
            "ref": self.ref,
            **({"source": self.source} if self.source is not None else {}),
        }


@dataclass
class ScoreReport:
    bleu: metrics.MetricScore
    chrf: metrics.MetricScore
    term_accuracy: metrics.MetricScore | None
    markup: metrics.MetricScore
    segments: list[SegmentScore]
    doc_issues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = {
            "segments": len(self.segments),
            "empty_hypotheses": sum(1 for s in self.segments if not s.hyp.strip()),
            "fallbacks": sum(1 for s in self.segments if s.fallback),
            "markup_broken_segments": sum(1 for s in self.segments if s.markup_issues),
            "markup_document_issues": len(self.doc_issues),
        }
        if self.term_accuracy is not None:
            out["terms"] = self.term_accuracy.details["total"]
            out["terms_correct"] = self.term_accuracy.details["satisfied"]
            out["forbidden_renderings"] = sum(
                f["count"] for f in self.term_accuracy.details["forbidden"]
            )
        return out

    def worst(self, n: int = 5) -> list[SegmentScore]:
        """The ``n`` segments with the lowest sentence chrF (ties: document order)."""
        return sorted(self.segments, key=lambda s: (s.chrf, s.index))[: max(n, 0)]

    def value(self, key: str) -> float | None:
        """Corpus score by key: ``bleu``, ``chrf``, ``term_accuracy``, ``markup``."""
        m = getattr(self, key)
        return None if m is None else m.score

    def to_dict(self, worst: int = 5) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 2)

        return {
            "bleu": r(self.bleu.score),
            "chrf": r(self.chrf.score),
            "term_accuracy": r(self.term_accuracy.score) if self.term_accuracy else None,
            "markup_integrity": r(self.markup.score),
            "counts": self.counts,
            "signatures": {
                "bleu": self.bleu.signature,
                "chrf": self.chrf.signature,
                "term_accuracy": self.term_accuracy.signature if self.term_accuracy else None,
                "markup": self.markup.signature,
            },
            "details": {
                "bleu": self.bleu.details,
                "term_accuracy": self.term_accuracy.details if self.term_accuracy else None,
            },
            "markup_issues": self.doc_issues
            + [f"{s.label}: {i}" for s in self.segments for i in s.markup_issues],
            "notes": self.notes,
            "worst": [s.to_dict() for s in self.worst(worst)],
        }


def score(
    hyps: Sequence[str],
    refs: Sequence[str],
    sources: Sequence[str] | None = None,
    *,
    glossary: Any | None = None,
    labels: Sequence[str] | None = None,
    doc_issues: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> ScoreReport:
    """Score aligned segments. Term accuracy needs ``sources`` and a ``glossary`` (else
    ``None`` with a note); markup is checked against ``sources`` when given, else ``refs``."""
    if not (len(hyps) == len(refs) and (sources is None or len(sources) == len(hyps))):
        raise ScoreError("hypotheses, references and sources must have the same length")
    notes = list(notes)
    vh = [visible_text(h) for h in hyps]
    vr = [visible_text(r) for r in refs]
    bleu_m, chrf_m = metrics.get("bleu"), metrics.get("chrf")
    markup_m = MarkupIntegrity()  # the markup metric, with its per-segment issues
    bleu, chrf = bleu_m.corpus_score(vh, vr), chrf_m.corpus_score(vh, vr)
    markup = markup_m.corpus_score(hyps, refs, sources)
    seg_bleu, seg_chrf = bleu_m.sentence_scores(vh, vr), chrf_m.sentence_scores(vh, vr)
    seg_markup = markup_m.issues(hyps, refs, sources)

    term: metrics.MetricScore | None = None
    seg_term: list[float | None] = [None] * len(hyps)
    if sources is None:
        notes.append("term accuracy skipped: needs the source side (--source)")
    elif glossary is None:
        if not any(n.startswith("term accuracy") for n in notes):
            notes.append("term accuracy skipped: no glossary")
    else:
        term_m = metrics.get("term_accuracy", glossary=glossary)
        term = term_m.corpus_score(hyps, refs, sources)
        if term.score is None:  # no glossary term in the source: nothing was wrong
            term = metrics.MetricScore(term.name, 100.0, term.signature, term.details)
        seg_term = term_m.sentence_scores(hyps, refs, sources)

    labels = list(labels) if labels else [f"segment {i + 1}" for i in range(len(hyps))]
    segments = [
        SegmentScore(
            index=i,
            label=labels[i],
            hyp=hyps[i],
            ref=refs[i],
            source=sources[i] if sources is not None else None,
            bleu=float(seg_bleu[i] or 0.0),
            chrf=float(seg_chrf[i] or 0.0),
            term_accuracy=seg_term[i],
            markup_issues=seg_markup[i],
            fallback=is_fallback(hyps[i]),
        )
        for i in range(len(hyps))
    ]
    if doc_issues:
        broken = markup.details["broken_segments"]
        markup = metrics.MetricScore(
            markup.name,
            markup.score,
            markup.signature + "+code_blocks+tables",
            {**markup.details, "document_issues": list(doc_issues), "broken_segments": broken},
        )
    return ScoreReport(bleu, chrf, term, markup, segments, list(doc_issues), notes)


# --- quality gates -------------------------------------------------------------------------
@dataclass(frozen=True)
class Thresholds:
    min_bleu: float | None = None
    min_chrf: float | None = None
    min_term_accuracy: float | None = None

    def merged(self, **overrides: float | None) -> Thresholds:
        """These thresholds with the non-``None`` ``overrides`` (CLI flags) applied."""
        values = {k: getattr(self, k) for k in QUALITY_KEYS}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Thresholds(**values)

    @classmethod
    def from_mapping(cls, table: dict[str, Any]) -> Thresholds:
        """From ``[tool.jtrans.quality]``; ``ScoreError`` on unknown keys or non-numbers."""
        values: dict[str, float] = {}
        for key, value in table.items():
            if key not in QUALITY_KEYS:
                raise ScoreError(f"unknown key {key!r} in [tool.jtrans.quality]")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ScoreError(f"[tool.jtrans.quality] {key} must be a number")
            values[key] = float(value)
        return cls(**values)


def failures(report: ScoreReport, thresholds: Thresholds) -> list[str]:
    """One reason per threshold the report falls below (empty: the gate passes)."""
    out = []
    for key, label, metric in (
        ("min_bleu", "BLEU", "bleu"),
        ("min_chrf", "chrF", "chrf"),
        ("min_term_accuracy", "term accuracy", "term_accuracy"),
    ):
        limit = getattr(thresholds, key)
        if limit is None:
            continue
        value = report.value(metric)
        if value is None or math.isnan(value):
            out.append(f"{label} could not be measured (required ≥ {limit:g})")
        elif value < limit:
            out.append(f"{label} {value:.2f} < {limit:g}")
    return out
