"""Japanese post-processing: small named rules run in order over one translated unit.

``run(ja, source, config, restore=...)`` is applied to MT output that still contains ``⟦n⟧``
placeholders (rules treat them as opaque Latin-ish tokens, so protected spans are never touched;
literal inline code, math, URLs and hashtags are masked the same way first) and returns the
cleaned text plus ``Finding``s. The optional ``restore`` map only tells the spacing rule what a
placeholder stands for. The rules run in the order of :data:`RULES` (``config.RULE_NAMES``),
each switchable in ``[tool.jtrans.postprocess]``; what each does is listed once, in
``docs/quality.md`` ("Post-processing").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jtrans.findings import Finding
from jtrans.placeholders import expand, make, scratch_base
from jtrans.postprocess import (
    era,
    latin_spacing,
    long_vowel,
    markup,
    punctuation,
    spaces,
    stutter,
    style,
    width,
)
from jtrans.postprocess.config import RULE_NAMES, PostprocessConfig
from jtrans.postprocess.guard import FALLBACK_MARKER, fallback_text, guard, is_fallback

__all__ = [
    "FALLBACK_MARKER",
    "RULES",
    "Finding",
    "PostprocessConfig",
    "Rule",
    "fallback_text",
    "guard",
    "is_fallback",
    "run",
]


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides the text."""

    source: str
    config: PostprocessConfig
    restore: dict[int, str] | None = None


RuleFn = Callable[[str, Context], tuple[str, list[Finding]]]


@dataclass(frozen=True)
class Rule:
    name: str
    apply: RuleFn
    doc: str


def _markup(ja: str, ctx: Context) -> tuple[str, list[Finding]]:
    out, removed = markup.apply(ja, ctx.source)
    if not removed:
        return ja, []
    return out, [
        Finding("markup", f"removed Markdown characters the model invented: {' '.join(removed)}")
    ]


def _guard(ja: str, ctx: Context) -> tuple[str, list[Finding]]:
    flag = guard(ja, ctx.source)
    return ja, [flag] if flag else []


def _style(ja: str, ctx: Context) -> tuple[str, list[Finding]]:
    if style.looks_like_title(ctx.source):
        return ja, []
    out, counts, changed = style.apply(ja, ctx.config.politeness)
    flags = []
    if style.is_mixed(counts):
        target = "です・ます" if ctx.config.politeness == style.POLITE else "だ・である"
        flags.append(
            Finding(
                "style",
                f"mixed sentence endings ({counts[style.POLITE]} です・ます, "
                f"{counts[style.PLAIN]} だ・である); {changed} converted to {target}",
            )
        )
    return out, flags


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("markup", _markup, "remove Markdown characters the source did not have"),
        Rule("guard", _guard, "flag empty, non-Japanese or looping output for fallback"),
        Rule("width", lambda ja, ctx: (width.apply(ja), []), "normalise character widths"),
        Rule(
            "stutter",
            lambda ja, ctx: (stutter.apply(ja, ctx.source), []),
            "an English word copied with its last letters repeated, as the English has it",
        ),
        Rule(
            "era",
            lambda ja, ctx: (era.apply(ja, ctx.source, ctx.restore), []),
            "drop Japanese era years the English did not have",
        ),
        Rule("spaces", lambda ja, ctx: (spaces.apply(ja), []), "drop spaces inside Japanese"),
        Rule(
            "punctuation",
            lambda ja, ctx: (punctuation.apply(ja, ctx.config.parentheses), []),
            "Japanese punctuation in Japanese context",
        ),
        Rule(
            "long_vowel",
            lambda ja, ctx: (
                long_vowel.apply(ja, ctx.config.long_vowel_terms, ctx.restore),
                [],
            ),
            "glossary katakana long-vowel spelling; no ー stuck to a term",
        ),
        Rule("style", _style, "consistent sentence-final style"),
        Rule(
            "latin_spacing",
            lambda ja, ctx: (latin_spacing.apply(ja, ctx.config.spacing, ctx.restore), []),
            "Japanese/Latin spacing convention",
        ),
    )
}
assert tuple(RULES) == RULE_NAMES


def run(
    ja: str,
    source: str,
    config: PostprocessConfig | None = None,
    *,
    restore: dict[int, str] | None = None,
) -> tuple[str, list[Finding]]:
    """Post-process one translated unit; return the text and the flags raised.

    ``restore`` (optional) is the unit's placeholder map; it only lets ``latin_spacing`` treat a
    placeholder that restores to Japanese (a glossary rendering) as Japanese. When the guard
    raises a fallback flag the text is still cleaned; the pipeline decides what to publish.
    """
    config = config or PostprocessConfig()
    flags: list[Finding] = []
    if config.enabled("markup"):  # before masking: invented backticks must not become code
        ja, flags = _markup(ja, Context(source=source, config=config))
    if config.enabled("width"):  # before masking too: ＧＰＴ glued to a URL must not join it later
        ja = width.apply(ja)
    ja, masked = _mask_literals(ja)
    ctx = Context(source=source, config=config, restore={**(restore or {}), **masked})
    for name, rule in RULES.items():
        if name != "markup" and config.enabled(name):
            ja, new = rule.apply(ja, ctx)
            flags.extend(new)
    return _unmask(ja, masked), flags


_LITERAL_RE = re.compile(
    r"(`+)[^`]+?\1"  # inline code
    r"|(?<![\\$])\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?!\d)"  # inline math
    # bare URLs: no quotes; parentheses only in pairs, so "(see https://x)です" ends at the ')'
    r"|(?:https?://|www\.)(?:[!#-'*-~]|\([!#-'*-~]*\))+"
    r"|(?<![\w#&/])#[A-Za-z][\w-]*"  # hashtags
)
_URL_TRAIL = ".,;:!?'\"*_~"


def _mask_literals(ja: str) -> tuple[str, dict[int, str]]:
    """Literal code, math, URLs and hashtags → fresh placeholders, so no rule edits them."""
    masked: dict[int, str] = {}
    base = scratch_base(ja)

    def repl(m: re.Match[str]) -> str:
        value = m.group(0)
        trail = ""
        while value[0] not in "`$" and (
            value[-1] in _URL_TRAIL or (value[-1] == ")" and "(" not in value)
        ):
            trail = value[-1] + trail
            value = value[:-1]
        index = base + len(masked)
        masked[index] = value
        return make(index) + trail

    return _LITERAL_RE.sub(repl, ja), masked


def _unmask(ja: str, masked: dict[int, str]) -> str:
    if not masked:
        return ja
    return expand(ja, masked)
