"""Bilingual review document: each unit's English and Japanese side by side, with notes.

``render(result)`` turns a :class:`jtrans.pipeline.Result` into one Markdown table (line,
English, Japanese, notes) that editors read in any Markdown viewer. Notes mark what needs a
look: **untranslated** (the 〔未翻訳〕 fallback or English left as is), **loop guard** (the
output was rejected and decoded again), **dropped placeholder** (a link, code span or term the
engine lost), **missing term** / **forbidden term** (glossary compliance of the unit),
**number** and **markup** (from :mod:`jtrans.qa`), **low confidence** (a sentence whose
confidence, :mod:`jtrans.confidence`, is under the threshold: read it against the English),
then the glossary hits (term → rendering).
"""

from __future__ import annotations

from typing import Any

from jtrans import qa
from jtrans.findings import Finding
from jtrans.pipeline import Result

# pipeline flag rule → the label a reviewer sees
LABELS = {
    "placeholder-missing": "dropped placeholder",
    "placeholder-retry": "dropped placeholder",
    "placeholder-extra": "dropped placeholder",
    "placeholder-insert": "term put back",
    "empty-label": "untranslated",
    "guard": "loop guard",
    "redecode": "loop guard",
    "fallback": "untranslated",
    "low-confidence": "low confidence",
    "repetition": "repeated word",
    "forbidden-term": "forbidden term replaced",
    "number-retry": "number put back",
    "clause-split": "translated by clause",
    "negation-retry": "negation put back",
}
QA_LABELS = {"numbers": "number", "markup": "markup", "untranslated": "untranslated"}


def notes(result: Result, glossary: Any = None) -> dict[int, list[str]]:
    """unit id → review notes (flags first, then glossary hits)."""
    out: dict[int, list[str]] = {p.unit.id: [] for p in result.prepared}
    for flag in result.flags:
        if flag.unit is not None:  # (pipeline findings always name their unit)
            out.setdefault(flag.unit, []).append(_flag_note(flag))
    for p in result.prepared:
        ja = result.unit_texts.get(p.unit.id, p.unit.text)
        for issue in qa.check_unit(p.unit, ja, glossary):
            label = QA_LABELS.get(issue.check)
            if issue.check == "glossary":
                label = "forbidden term" if issue.severity == qa.ERROR else "missing term"
            note = f"**{label}**: {issue.message}"
            if label and note not in out[p.unit.id]:
                out[p.unit.id].append(note)
    for s in result.sentences:
        for hit in s.hits:
            if getattr(hit, "protected", True) and hit.rendering != hit.surface:
                note = f"glossary: {hit.surface} → {hit.rendering}"
                if note not in out[s.uid]:
                    out[s.uid].append(note)
    return out


def render(result: Result, glossary: Any = None, title: str = "") -> str:
    """The review document for ``result`` (a Markdown table, one row per unit)."""
    by_unit = notes(result, glossary)
    flagged = sum(1 for n in by_unit.values() if any(x.startswith("**") for x in n))
    lines = [
        f"# Bilingual review{': ' + title if title else ''}",
        "",
        f"{len(result.prepared)} units, {flagged} with notes to check "
        "(**bold** labels: untranslated, loop guard, dropped placeholder, missing term, "
        "forbidden term, number, markup, low confidence, repeated word).",
        "",
        "| line | English | 日本語 | notes |",
        "| ---: | --- | --- | --- |",
    ]
    for p in result.prepared:
        unit = p.unit
        ja = result.unit_texts.get(unit.id, unit.text)
        if not p.split.pieces:
            by_unit[unit.id].insert(0, "kept as is (not translated by configuration)")
        lines.append(
            f"| {unit.line} | {cell(unit.text)} | {cell(ja)} | "
            f"{'<br>'.join(cell(n) for n in by_unit[unit.id])} |"
        )
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    """``text`` safe inside one table cell: pipes escaped, line breaks as ``<br>``."""
    out = []
    for ch in text.replace("\r\n", "\n"):
        if ch == "|":
            out.append("\\|")
        elif ch in "\r\n":
            out.append("<br>")
        else:
            out.append(ch)
    return "".join(out).replace("\\\\|", "\\|")


def _flag_note(flag: Finding) -> str:
    label = LABELS.get(flag.rule)
    if label:
        return f"**{label}**: {flag.message}"
    return f"{flag.rule}: {flag.message}"
