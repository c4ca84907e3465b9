"""Property tests: random Markdown round-trips byte-exact with the identity engine, and with the
uppercase engine every URL, code span, math span and table pipe is unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jtrans.engines import get
from jtrans.pipeline import Pipeline

pytestmark = pytest.mark.slow  # hypothesis

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.sampled_from(
    ["model", "the", "LLM", "agents", "e.g.", "vs.", "1.5B", "GPT-4o", "Fig.", "3.2%", "data",
     "it", "works", "RLHF", "x", "et al.", "(see", "this)", "a", "snake_case", "5 * 3", "$5"]
)  # fmt: skip
urls = st.builds(
    lambda host, path: f"https://{host}.org/{path}",
    st.sampled_from(["arxiv", "x", "example"]),
    st.sampled_from(["abs/2403.01234", "a_b/c?d=1", "status/17", "p(1)"]),
)
code = st.builds(lambda s: f"`{s}`", st.sampled_from(["x | y", "pip install", "a*b*c", "f()"]))
math = st.sampled_from(["$x^2$", "$$\\sum_i x_i$$", "$\\alpha + b$"])


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    """Inline Markdown and the protected tokens (URLs, code, math) it contains."""
    parts: list[str] = []
    tokens: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 11))
        if choice <= 4:
            parts.append(" ".join(draw(st.lists(words, min_size=1, max_size=4))))
        elif choice == 5:
            u = draw(urls)
            parts.append(u)
            tokens.append(u)
        elif choice == 6:
            c = draw(code)
            parts.append(c)
            tokens.append(c)
        elif choice == 7:
            m = draw(math)
            parts.append(m)
            tokens.append(m)
        elif choice == 8 and depth == 0:
            label, inner = draw(inline(depth=1))
            u = draw(urls)
            parts.append(f"[{label}]({u})")
            tokens += inner + [u]
        elif choice == 9 and depth == 0:
            text, inner = draw(inline(depth=1))
            marker = draw(st.sampled_from(["**", "*", "_", "~~"]))
            parts.append(f"{marker}{text}{marker}")
            tokens += inner
        else:
            parts.append(draw(st.sampled_from([".", ";", ",", " <br>● ", "#rlhf", "&amp;"])))
    seps = draw(st.lists(st.sampled_from([" ", " ", ". ", "; ", "  "]), min_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps, strict=False)).strip()
    return (text or "word"), tokens


@st.composite
def block(draw: st.DrawFn) -> tuple[str, list[str]]:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        text, toks = draw(inline())
        return "#" * draw(st.integers(1, 4)) + " " + text, toks
    if kind == 1:
        lines = draw(st.lists(inline(), min_size=1, max_size=3))
        return "\n".join(t for t, _ in lines), [x for _, ts in lines for x in ts]
    if kind == 2:
        ncols = draw(st.integers(1, 3))
        rows = draw(
            st.lists(st.lists(inline(), min_size=ncols, max_size=ncols), min_size=1, max_size=4)
        )
        header = "| " + " | ".join(f"**H{i}**" for i in range(ncols)) + " |"
        align = (
            "|"
            + "|".join(draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(ncols))
            + "|"
        )
        body = ["| " + " | ".join(t.replace("|", "\\|") for t, _ in row) + " |" for row in rows]
        toks = [x for row in rows for _, ts in row for x in ts]
        return "\n".join([header, align, *body]), [t.replace("|", "\\|") for t in toks]
    if kind == 3:
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "  - "]))
        return "\n".join(marker + t for t, _ in items), [x for _, ts in items for x in ts]
    if kind == 4:
        lines = draw(st.lists(inline(), min_size=1, max_size=3))
        return "\n".join("> " + t for t, _ in lines), [x for _, ts in lines for x in ts]
    if kind == 5:
        body = draw(st.sampled_from(["print('hi')", "a | b\nc", "x = 1  # comment"]))
        return f"```python\n{body}\n```", []
    if kind == 6:
        return "[ref]: https://example.org/ref", []
    return "<div>\nraw html\n</div>", []


@st.composite
def document(draw: st.DrawFn) -> tuple[str, list[str]]:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    gaps = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n"]), min_size=len(blocks)))
    text = "".join(b + g for (b, _), g in zip(blocks, gaps, strict=False))
    return text, [t for _, ts in blocks for t in ts]


IDENTITY = Pipeline(get("identity"))
UPPER = Pipeline(get("upper"))


@SETTINGS
@given(document())
def test_identity_round_trip_on_markdown(doc: tuple[str, list[str]]) -> None:
    text, _ = doc
    assert IDENTITY(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_identity_round_trip_on_any_text(text: str) -> None:
    assert IDENTITY(text) == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="|-:*_`[]()<>!$#\\ \n\tab.;>", max_size=200))
def test_identity_round_trip_on_markup_soup(text: str) -> None:
    assert IDENTITY(text) == text


@SETTINGS
@given(document())
def test_upper_engine_keeps_urls_code_math_and_pipes(doc: tuple[str, list[str]]) -> None:
    text, tokens = doc
    out = UPPER(text)
    assert out.lower() == text.lower()  # only letter case changed
    for token in tokens:  # protected spans are byte-identical
        assert out.count(token) >= text.count(token), token
    for src_line, out_line in zip(text.splitlines(), out.splitlines(), strict=True):
        if src_line.startswith("|"):
            pipes = [i for i, c in enumerate(src_line) if c == "|"]
            assert pipes == [i for i, c in enumerate(out_line) if c == "|"]
