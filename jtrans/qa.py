"""QA report for one translated post: what a reviewer must fix before publishing.

Source and translation are segmented with :mod:`jtrans.segment`; the structure is kept byte for
byte, so their units correspond one to one (otherwise a ``structure`` error is reported and the
units that still line up, by kind and links, are checked; see :func:`align`). Per unit:

``markup``        URLs, link targets, inline code and math identical (:mod:`jtrans.metrics.markup`)
``numbers``       every number of the English visible text appears in the Japanese (full-width
                  digits, thousands separators and 175B → 1750億 / 7M → 700万 are accepted)
``glossary``      forbidden renderings (error) and required renderings missing (warning),
                  :meth:`jtrans.glossary.Glossary.check`
``untranslated``  the 〔未翻訳〕 marker, or English prose with no Japanese at all (links, code,
                  hashtags and kept glossary terms do not count as prose)
``confidence``    a warning for a unit to read against the English: a negation of the English
                  missing, a word repeated back to back (分散分散) or a length far from what
                  English→Japanese gives (:func:`jtrans.confidence.checks`, without the model's
                  score, which only ``jtrans translate`` has: its low-confidence sentences are
                  flagged in ``--report``, ``--bilingual`` and PO/XLIFF)

Per post: code blocks and table shapes (``markup``), content nested deeper than the parser
reads (a ``structure`` warning) and ``style``: です・ます and だ・である
sentence endings mixed in one post (a warning naming the lines of the less frequent style).
Errors fail ``jtrans qa`` (exit 1); warnings only do with ``--strict``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jtrans.findings import ERROR, FALLBACK_MARKER, WARNING, Finding
from jtrans.glossary.check import visible_text
from jtrans.metrics import markup
from jtrans.numbers import missing_numbers
from jtrans.postprocess.chars import has_japanese
from jtrans.reader import strip_bom
from jtrans.segment import MAX_NESTING, Unit, analyse, segment

CHECKS = ("structure", "markup", "numbers", "glossary", "untranslated", "confidence", "style")

_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HASHTAG_RE = re.compile(r"(?<!\w)#\w+")
_PROSE_WORD_RE = re.compile(r"\b[a-z]{3,}\b")


@dataclass
class Report:
    """All findings for one post, in source order."""

    issues: list[Finding] = field(default_factory=list)
    units: int = 0
    styles: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [i for i in self.issues if i.severity == WARNING]

    def by_unit(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for issue in self.issues:
            if issue.unit is not None:
                out.setdefault(issue.unit, []).append(issue)
        return out

    def to_dict(self) -> dict[str, Any]:
        counts = Counter(i.check for i in self.issues)
        return {
            "ok": not self.errors,
            "units": self.units,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "by_check": {c: counts[c] for c in CHECKS},
            "styles": self.styles,
            "issues": [i.as_issue() for i in self.issues],
        }


def check(
    source: str, translation: str, glossary: Any = None, politeness: str | None = None
) -> Report:
    """QA ``translation`` (Japanese Markdown) against ``source`` (its English original).

    ``politeness`` (``desu_masu``/``da_dearu``, the configured house style): a post written
    entirely in the other style gets a ``style`` warning too."""
    report = Report()
    src_doc = analyse(_strip_bom(source))
    src_units, tgt_units = src_doc.units, segment(_strip_bom(translation))
    report.units = len(src_units)
    for line in src_doc.too_deep:  # the parser skips what lies deeper: nothing to compare
        report.issues.append(
            Finding("structure", f"nested over {MAX_NESTING} levels: not checked", WARNING, line)
        )
    for message in markup.compare_documents(translation, source):
        report.issues.append(Finding("markup", message, ERROR))
    shape = [u.kind for u in src_units] == [u.kind for u in tgt_units]
    if shape:
        pairs = list(zip(src_units, tgt_units, strict=True))
    else:
        pairs, where = align(src_units, tgt_units)
        report.issues.append(
            Finding(
                "structure",
                f"the translation has {len(tgt_units)} units, the source {len(src_units)} "
                f"(or their kinds differ), first from this line; the {len(pairs)} units that "
                "still line up are checked",
                ERROR,
                where,
            )
        )
    for src, tgt in pairs:
        report.issues.extend(check_unit(src, tgt.text, glossary))
    src_aligned, tgt_aligned = [p[0] for p in pairs], [p[1] for p in pairs]
    report.styles, style_issues = _style(src_aligned, tgt_aligned, politeness)
    report.issues.extend(style_issues)
    report.issues.sort(key=lambda i: (i.line, CHECKS.index(i.check)))
    return report


def align(src_units: list[Unit], tgt_units: list[Unit]) -> tuple[list[tuple[Unit, Unit]], int]:
    """Pairs of source and translation units that still correspond when the structure differs
    (a row deleted, a paragraph added), and the source line where they first diverge.

    Units are matched by kind and by the link targets and URLs they hold (kept identical by a
    translation, so they anchor the alignment); between anchors, a run of as many translation
    units as source units of the same kinds is paired too (a unit whose URL was edited), so its
    own checks still report the change."""
    import difflib

    def key(unit: Unit) -> tuple[str, tuple[str, ...]]:
        return unit.kind, tuple(sorted(_URL.findall(unit.text)))

    matcher = difflib.SequenceMatcher(
        a=[key(u) for u in src_units], b=[key(u) for u in tgt_units], autojunk=False
    )
    pairs: list[tuple[Unit, Unit]] = []
    where = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        src_run, tgt_run = src_units[i1:i2], tgt_units[j1:j2]
        if tag == "equal" or (
            tag == "replace" and [u.kind for u in src_run] == [u.kind for u in tgt_run]
        ):
            pairs.extend(zip(src_run, tgt_run, strict=True))
        elif not where:
            where = src_units[min(i1, len(src_units) - 1)].line if src_units else 0
    return pairs, where


_URL = re.compile(r"\]\(([^)\s]+)|<(https?://[^>]+)>|(https?://[^\s)\]>|]+)")


def check_unit(src: Unit, ja: str, glossary: Any = None) -> list[Finding]:
    """Issues of one unit's translation ``ja`` (the post-level style check excluded)."""
    issues: list[Finding] = []

    def add(kind: str, severity: str, message: str) -> None:
        issues.append(Finding(kind, message, severity, src.line, src.id))

    for message in markup.compare(ja, src.text):
        add("markup", ERROR, message)
    missing = missing_numbers(src.text, ja)
    for number in dict.fromkeys(missing):  # "4×4": one finding for the number 4
        times = missing.count(number)
        again = f" ({times} times in the English)" if times > 1 else ""
        add("numbers", ERROR, f"number {number!r} of the source is missing{again}")
    if glossary is not None:
        result = glossary.check(src.text, ja)
        for bad in result.forbidden:
            add("glossary", ERROR, f"forbidden rendering {bad.forbidden!r} for {bad.term!r}")
        for term in result.missing:
            if term.required == term.term:  # keep: the English itself is the rendering
                what = f"{term.term!r} should stay in English"
            else:
                what = f"{term.term!r} should be rendered {term.required!r}"
            add(
                "glossary",
                WARNING,
                f"{what}: {term.source_count} in the English, {term.found_count} in the Japanese",
            )
    if FALLBACK_MARKER in ja:
        add("untranslated", ERROR, f"marked {FALLBACK_MARKER} (machine translation failed)")
    elif is_untranslated(src.text, ja, glossary):
        add("untranslated", ERROR, "English prose with no Japanese")
    elif has_japanese(ja):
        from jtrans.confidence import checks

        found = checks(visible_text(src.text), visible_text(ja), numbers=False, untranslated=False)
        reasons = [r for r, _ in found]
        if reasons:
            add("confidence", WARNING, "low confidence: " + "; ".join(reasons))
    return issues


# -- untranslated ----------------------------------------------------------------------------


def prose_words(english: str, glossary: Any = None) -> list[str]:
    """Lower-case English words of ``english`` outside links, code, URLs, hashtags and kept
    glossary terms (what a reader would expect to see in Japanese)."""
    text = _LINK_RE.sub(" ", english)
    text = _HASHTAG_RE.sub(" ", visible_text(text))
    if glossary is not None and hasattr(glossary, "find"):
        for m in sorted(glossary.find(text), key=lambda m: -m.start):
            if m.entry.policy != "translate":
                text = text[: m.start] + " " + text[m.end :]
    return _PROSE_WORD_RE.findall(text)


def is_untranslated(english: str, japanese: str, glossary: Any = None) -> bool:
    """English prose (two or more words) came back without any Japanese."""
    return len(prose_words(english, glossary)) >= 2 and not has_japanese(japanese)


# -- style -----------------------------------------------------------------------------------


def _style(
    src_units: list[Unit], tgt_units: list[Unit], politeness: str | None = None
) -> tuple[dict[str, int], list[Finding]]:
    from jtrans.postprocess import style

    totals: Counter[str] = Counter()
    per_unit: list[tuple[Unit, Counter[str]]] = []
    for src, tgt in zip(src_units, tgt_units, strict=False):
        if not has_japanese(tgt.text):
            continue
        counts = style.detect(visible_text(tgt.text))
        totals.update(counts)
        per_unit.append((src, counts))
    styles = {k: totals[k] for k in (style.POLITE, style.PLAIN, style.NEUTRAL)}
    if not style.is_mixed(totals):
        other = style.PLAIN if politeness == style.POLITE else style.POLITE
        if politeness in _LABEL and totals[other]:
            message = (
                f"all {totals[other]} sentence endings are {_LABEL[other]}; the configured "
                f"politeness is {_LABEL[politeness]}"
            )
            return styles, [Finding("style", message, WARNING)]
        return styles, []
    minority = style.PLAIN if totals[style.POLITE] >= totals[style.PLAIN] else style.POLITE
    majority = style.POLITE if minority == style.PLAIN else style.PLAIN
    lines = [u.line for u, c in per_unit if c[minority]]
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    message = (
        f"mixed sentence endings: {totals[style.POLITE]} です・ます, {totals[style.PLAIN]} "
        f"だ・である; {_LABEL[minority]} on line(s) {shown} (the post mostly uses "
        f"{_LABEL[majority]})"
    )
    return styles, [Finding("style", message, WARNING)]


_LABEL = {"desu_masu": "です・ます", "da_dearu": "だ・である"}


def _strip_bom(text: str) -> str:
    return strip_bom(text)
