"""Warnings of a run, worded for an editor and kept short on stderr.

A few warnings are listed one a line (``where: kind: what happened``). Many are summarised by
kind at the end of the run: the count, what it means and what jtrans did, and the first
``EXAMPLES`` of each; the full list is in ``--report``. No line is longer than ``MAX_LINE``
characters, whatever the input holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAX_LINE = 200
LIST_ALL = 10  # up to this many warnings are listed one by one
EXAMPLES = 3  # otherwise: this many examples of each kind

# flag rule → what an editor should know (what happened, what jtrans did)
KINDS = {
    "placeholder-retry": "the model moved or repeated a term, link or code span;"
    " the sentence was translated again",
    "placeholder-insert": "the model left out a term, link or code span even when it was spelled"
    " out; it was put back where the model scores it best: check the sentence",
    "empty-label": "the model left the text of a link or emphasis empty; the English text was"
    " kept in place: translate it",
    "placeholder-missing": "the model left out a term, link or code span even after reranking"
    " and a retry; the sentence is published in English after 〔未翻訳〕",
    "rerank": "the first translation lost a term or repeated a word; a better one of the"
    " model's alternatives was kept",
    "repetition": "a word repeated back to back (分散分散) was collapsed to one",
    "low-confidence": "the model was unsure of this sentence (its score, numbers, negation,"
    " brackets or length): review it",
    "markdown": "the translation would have changed the post's Markdown; it was escaped or the"
    " sentence is published in English",
    "placeholder-extra": "the model repeated a term, link or code span; the extra copy was removed",
    "redecode": "a translation was rejected (empty, looping or not Japanese) and redone",
    "guard": "no usable Japanese: the sentence is published in English after 〔未翻訳〕",
    "fallback": "no usable Japanese: the sentence is published in English after 〔未翻訳〕",
    "number-retry": "the first translation dropped a number of the English; a translation"
    " with the sentence's numbers kept replaced it",
    "negation-retry": "the first translation left out a negation of the English (not, never,"
    " without …); an alternative of the model's that negates replaced it: check the meaning",
    "clause-split": "the translation was short for a long English sentence (dropped clauses?);"
    " a translation made clause by clause replaced it: check that it reads as one sentence",
    "forbidden-term": "the model wrote a rendering the glossary forbids for a term of the sentence;"
    " the glossary's rendering was put in its place",
    "markup": "the model invented Markdown characters; they were removed",
    "style": "です・ます and だ・である were mixed; the endings were made consistent",
    "postprocess": "post-processing would have changed a term or link; it was skipped",
}


def clip(line: str, limit: int = MAX_LINE) -> str:
    """``line`` on one line and at most ``limit`` characters (an ellipsis marks the cut)."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    line = indent + " ".join(line.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def lines(warnings: Iterable[tuple[str, Any]], report: Path | None = None) -> list[str]:
    """stderr lines for ``(where, flag)`` pairs (``where``: ``"line 12"`` or ``"a.md:12"``)."""
    items = list(warnings)
    if not items:
        return []
    if len(items) <= LIST_ALL:
        return [clip(f"jtrans: warning: {w}: {f.rule}: {f.message}") for w, f in items]
    by_kind: dict[str, list[tuple[str, Any]]] = {}
    for where, flag in items:
        by_kind.setdefault(flag.rule, []).append((where, flag))
    hint = f"all of them in {report}" if report else "all of them with --report FILE.json"
    kinds = f"{len(by_kind)} kind" + ("s" if len(by_kind) > 1 else "")
    out = [clip(f"jtrans: {len(items)} warnings of {kinds} ({hint}):")]
    for rule, group in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        meaning = KINDS.get(rule, rule.replace("_", " "))
        out.append(clip(f"jtrans: warning: {len(group)} × {rule}: {meaning}"))
        for where, flag in group[:EXAMPLES]:
            out.append(clip(f"    {where}: {flag.message}"))
        if len(group) > EXAMPLES:
            out.append(f"    … and {len(group) - EXAMPLES} more")
    return out
