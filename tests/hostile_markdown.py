"""Unusual and hostile CommonMark/GFM documents (hypothesis strategies), engines that answer
with block markers and backticks, and the document structure a translation must keep.

Used by ``test_markdown_kept.py``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import strategies as st

from jtrans.markdown_guard import shape
from jtrans.segment import parser

# words a model may turn into a block marker at the start of its translation
WORDS = [
    "Minus", "five", "degrees", "Negative", "results", "matter", "Hash", "tags", "Number",
    "one", "First", "Step", "Dash", "dashes", "Bullet", "points", "the", "model", "learns",
    "agents", "reason", "over", "long", "contexts", "LLM", "fine-tuning", "works", "well",
    "Asterisk", "stars", "Underscore", "lines", "quote", "marks", "backtick", "code",
]  # fmt: skip
LABELS = ["the paper", "Paper", "ref", "Tweet", "code"]
URLS = ["https://arxiv.org/abs/2403.01234", "https://x.com/a/status/1", "/local/page"]


@st.composite
def sentence(draw: st.DrawFn, labels: tuple[str, ...] = ()) -> str:
    """A line of words with hostile inline material between them."""
    parts = [draw(st.sampled_from(WORDS)).capitalize()]
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.integers(0, 16))
        if kind <= 6:
            parts.append(draw(st.sampled_from(WORDS)))
        elif kind == 7:
            parts.append(f"`{draw(st.sampled_from(['x = 1', 'pip', 'a*b', '`']))}`")
        elif kind == 8:
            parts.append(draw(st.sampled_from(["`", "``", "\\`", "*", "_", "~~"])))
        elif kind == 9:
            inner = draw(st.sampled_from(WORDS))
            mark = draw(st.sampled_from(["**", "*", "_", "~~"]))
            parts.append(f"{mark}{inner} {draw(st.sampled_from(WORDS))}{mark}")
        elif kind == 10:
            parts.append(f"[{draw(st.sampled_from(WORDS))}]({draw(st.sampled_from(URLS))})")
        elif kind == 11 and labels:
            label = draw(st.sampled_from(labels))
            form = draw(st.sampled_from(["[{l}]", "[{l}][]", "[some {w}][{l}]", "![{l}]"]))
            parts.append(form.format(l=label, w=draw(st.sampled_from(WORDS))))
        elif kind == 12:
            parts.append(draw(st.sampled_from(["<b>bold</b>", "<br>", "<!-- c -->", "&amp;"])))
        elif kind == 13:
            parts.append(draw(st.sampled_from(["#######", "##", "#rlhf", "1.", "2)", "-", "+"])))
        elif kind == 14:
            parts.append(f'"{draw(st.sampled_from(WORDS))}"')
        elif kind == 15:
            parts.append(draw(st.sampled_from(["\\-", "\\#", "1\\.", "\\*", "|", "\\|"])))
        else:
            parts.append(draw(st.sampled_from(URLS)))
    return " ".join(parts) + draw(st.sampled_from(["", ".", ":", "!", " -"]))


@st.composite
def paragraph(draw: st.DrawFn, labels: tuple[str, ...] = ()) -> str:
    lines = draw(st.lists(sentence(labels), min_size=1, max_size=3))
    brk = draw(st.sampled_from(["\n", "  \n", "\\\n"]))
    first = draw(st.sampled_from(["", "", "", "\\- ", "\\# ", "1\\. ", "\\> ", "####### "]))
    return first + brk.join(lines) + "\n"


@st.composite
def block(draw: st.DrawFn, labels: tuple[str, ...]) -> str:
    kind = draw(st.integers(0, 11))
    para = paragraph(labels)
    if kind <= 2:
        return draw(para)
    if kind == 3:
        return f"{'#' * draw(st.integers(1, 6))} {draw(sentence(labels))}\n"
    if kind == 4:
        return draw(sentence(labels)) + "\n" + draw(st.sampled_from(["===", "---"])) + "\n"
    if kind == 5:  # a list, possibly nested deeper than 9 levels
        depth = draw(st.sampled_from([1, 2, 3, 10, 12]))
        marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. "]))
        lines = []
        for level in range(depth):
            lines.append(" " * (len(marker) * level) + marker + draw(sentence(labels)))
        return "\n".join(lines) + "\n"
    if kind == 6:
        return "".join("> " + line + "\n" for line in draw(para).splitlines())
    if kind == 7:
        cells = [draw(sentence(labels)).replace("|", "\\|") for _ in range(4)]
        return f"| {cells[0]} | {cells[1]} |\n|---|:-:|\n| {cells[2]} | {cells[3]} |\n"
    if kind == 8:
        return draw(st.sampled_from(["---\n", "***\n", "___\n", "#######\n", "```\ncode\n```\n"]))
    if kind == 9:
        return "<div>\nraw <b>html</b>\n</div>\n"
    if kind == 10:  # a paragraph that only looks like a definition (text after the title)
        return f'[{draw(st.sampled_from(WORDS))}]: /u "T" {draw(sentence())}\n'
    return draw(para)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document of hostile blocks and the reference definitions its links use."""
    labels = tuple(draw(st.lists(st.sampled_from(LABELS), max_size=3, unique=True)))
    blocks = draw(st.lists(block(labels), min_size=1, max_size=6))
    for label in labels:
        title = draw(st.sampled_from(['"The Title"', "'Single'", "(Paren)", ""]))
        url = draw(st.sampled_from(URLS))
        blocks.append(f"[{label}]: {url} {title}".rstrip() + "\n")
    return "\n".join(blocks)


class HostileEngine:
    """A test engine whose translations start with a block marker or hold backticks and
    emphasis delimiters of its own, as a weak model's do (placeholders are kept)."""

    name = "hostile"
    target_lang = None
    TRICKS = [
        "- {s}", "* {s}", "+ {s}", "# {s}", "###### {s}", "1. {s}", "2) {s}", "> {s}",
        "---", "___", "***", "{s}\n---", "{s}\n===", "``` {s}", "~~~", "<div>{s}",
        "`{s}`", "{s} ` here", "*{s}*", "{s} _x_", "[x]: /y", "{s}\n- item", "    {s}",
        "{s} | a\n--- | ---", "#######", "[{s}](http://made.up)", "<b>{s}</b>", "{s}",
    ]  # fmt: skip

    def __init__(self, seed: int = 0) -> None:
        self.n = seed

    def translate_batch(self, sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            self.n += 1
            out.append(self.TRICKS[self.n % len(self.TRICKS)].format(s=s))
        return out


def structure(markdown: str) -> dict[str, Any]:
    """What a translation may not change: the block tokens (kind, tag, depth), every inline
    token's :func:`jtrans.markdown_guard.shape` and the link reference definitions."""
    env: dict[str, Any] = {}
    tokens = parser().parse(markdown, env)
    blocks = [(t.type, t.tag, t.level) for t in tokens if t.type != "inline"]
    inline = Counter()
    for t in tokens:
        if t.type == "inline":
            inline.update(shape(t.content, inline=True, references=env.get("references")).inline)
    refs = {k: (v["href"], v["title"]) for k, v in env.get("references", {}).items()}
    return {"blocks": blocks, "inline": inline, "references": refs}


def changed(source: str, output: str) -> list[str]:
    """The parts of :func:`structure` that differ (empty: the structure is kept)."""
    a, b = structure(source), structure(output)
    return [k for k in a if a[k] != b[k]]
