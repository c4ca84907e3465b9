"""Markup integrity: what must survive translation byte-for-byte really did.

Per segment, the multisets of URLs (bare, autolinks and link/image targets), inline code spans,
inline math (``$…$``) and ``⟦n⟧`` placeholders in the hypothesis must equal those of the base
side (the source when given, else the reference). Per document (Markdown), fenced/indented code
blocks and table shapes (rows × columns) must match too. The score is the share of segments
without an issue; every issue is listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from jtrans.metrics import MetricScore, register
from jtrans.placeholders import PLACEHOLDER_RE

_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%\[\]]+|www\.[A-Za-z0-9\-._~/%]+")
_URL_TRAIL = ".,;:!?'\"]*"
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\d)")

KINDS = ("url", "code", "math", "placeholder")


def extract(text: str) -> dict[str, Counter[str]]:
    """The protected items of one segment, by kind."""
    code = Counter(m.group(0) for m in _CODE.finditer(text))
    rest = _CODE.sub(" ", text)
    urls: Counter[str] = Counter()
    for m in _URL.finditer(rest):
        url = m.group(0).rstrip(_URL_TRAIL)
        if url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        urls[url] += 1
    for m in _LINK_TARGET.finditer(rest):
        target = m.group(1)
        if not _URL.match(target):
            urls[target] += 1
    return {
        "url": urls,
        "code": code,
        "math": Counter(m.group(0) for m in _MATH.finditer(_URL.sub(" ", rest))),
        "placeholder": Counter(m.group(0) for m in PLACEHOLDER_RE.finditer(text)),
    }


def _diff(kind: str, hyp: Counter[str], base: Counter[str]) -> list[str]:
    issues = [f"{kind} missing: {item}" for item in sorted((base - hyp).elements())]
    issues += [f"{kind} extra: {item}" for item in sorted((hyp - base).elements())]
    return issues


def compare(hyp: str, base: str) -> list[str]:
    """Issues in ``hyp`` relative to ``base`` (empty when intact)."""
    h, b = extract(hyp), extract(base)
    return [issue for kind in KINDS for issue in _diff(kind, h[kind], b[kind])]


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def document_items(markdown: str) -> dict[str, list]:
    """Code blocks (contents) and table shapes (rows, columns) of a Markdown document."""
    code: list[str] = []
    tables: list[tuple[int, int]] = []
    rows = cols = 0
    for tok in _parser().parse(markdown):
        if tok.type in ("fence", "code_block"):
            code.append(tok.content)
        elif tok.type == "table_open":
            rows = cols = 0
        elif tok.type == "tr_open":
            rows += 1
        elif tok.type in ("th_open", "td_open") and rows == 1:
            cols += 1
        elif tok.type == "table_close":
            tables.append((rows, cols))
    return {"code_blocks": code, "tables": tables}


def compare_documents(hyp: str, base: str) -> list[str]:
    """Document-level issues: code blocks changed, tables of another shape."""
    h, b = document_items(hyp), document_items(base)
    issues = _diff("code block", Counter(h["code_blocks"]), Counter(b["code_blocks"]))
    if h["tables"] != b["tables"]:
        shape = ", ".join(f"{r}x{c}" for r, c in h["tables"]) or "none"
        want = ", ".join(f"{r}x{c}" for r, c in b["tables"]) or "none"
        issues.append(f"table shape: {shape} (expected {want})")
    return issues


@register("markup")
class MarkupIntegrity:
    name = "markup"

    def __init__(self, **_: object) -> None:
        pass

    def issues(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[list[str]]:
        base = sources if sources is not None else refs
        return [compare(h, b) for h, b in zip(hyps, base, strict=True)]

    def corpus_score(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> MetricScore:
        per_segment = self.issues(hyps, refs, sources)
        broken = sum(1 for issues in per_segment if issues)
        n = len(per_segment)
        return MetricScore(
            "Markup",
            100.0 * (n - broken) / n if n else None,
            f"base:{'source' if sources is not None else 'reference'}|" + "+".join(KINDS),
            {
                "broken_segments": broken,
                "issues": [
                    {"segment": i, "issue": issue}
                    for i, issues in enumerate(per_segment)
                    for issue in issues
                ],
            },
        )

    def sentence_scores(
        self, hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None
    ) -> list[float | None]:
        return [0.0 if issues else 100.0 for issues in self.issues(hyps, refs, sources)]
