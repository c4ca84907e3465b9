"""Inline protection: what becomes a placeholder, and that restoring gives the input back."""

from __future__ import annotations

import pytest

from jtrans.placeholders import expand, find
from jtrans.protect import protect_unit


def kinds_of(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in protect_unit(text, **kw).spans]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("use `x | y` here", [("code", "`x | y`")]),
        ("a ``code with ` tick`` b", [("code", "``code with ` tick``")]),
        ("see https://example.com/a_b(c)_d.", [("url", "https://example.com/a_b(c)_d")]),
        ("(www.example.org/x)", [("url", "www.example.org/x")]),
        ("an <https://ex.org/q?a=1> autolink", [("url", "<https://ex.org/q?a=1>")]),
        ("mail <me@example.org>", [("url", "<me@example.org>")]),
        ("math $E = mc^2$ inline", [("math", "$E = mc^2$")]),
        ("display $$\\sum_i x_i$$ math", [("math", "$$\\sum_i x_i$$")]),
        ('tag <span class="x">y</span>', [("html", '<span class="x">'), ("html", "</span>")]),
        ("line<br>break", [("break", "<br>")]),
        ("topic #rlhf today", [("hashtag", "#rlhf")]),
        (
            "paper 2403.01234v2 and arXiv:2401.00001",
            [("arxiv", "2403.01234v2"), ("arxiv", "arXiv:2401.00001")],
        ),
        ("a \\| pipe", [("escape", "\\|")]),
        ("Q&amp;A", [("entity", "&amp;")]),
        ("~~gone~~", [("emphasis", "~~"), ("emphasis", "~~")]),
        ("note[^3] here", [("footnote", "[^3]")]),
        ("an ![alt text](img.png) image", [("image", "![alt text](img.png)")]),
        ("literal \u27e61\u27e7 in text", [("literal", "\u27e6"), ("literal", "\u27e7")]),
        # relation signs and a model's special tokens (the model dropped ≈ and ≠, and wrote 上司
        # for ⟨bos⟩); an angle bracket around prose is left to the model
        ("RLHF ≈ MLE, long ≠ better", [("literal", "≈"), ("literal", "≠")]),
        (
            "the \u27e8bos\u27e9 token, \u27e8/s\u27e9",
            [("literal", "\u27e8bos\u27e9"), ("literal", "\u27e8/s\u27e9")],
        ),
        ("\u27e8a longer phrase\u27e9 stays", []),
        # a format's tags named without their closing bracket (the model wrote <swink for
        # <think); a comparison or a lone bracket before a word is left to the model
        (
            "a format (<think, <answer, </search)",
            [("literal", "<think"), ("literal", "<answer"), ("literal", "</search")],
        ),
        ("the <think and <answer tags", [("literal", "<think"), ("literal", "<answer")]),
        ("p <0.05, a<bc, x <y, a <think step", []),
    ],
)
def test_protected_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_of(text) == expected
    assert protect_unit(text).unprotect() == text


def test_bold_markers_are_protected_text_inside_is_not() -> None:
    p = protect_unit("**Title** - does X")
    assert p.text == "\u27e60\u27e7Title\u27e61\u27e7 - does X"
    assert [s.text for s in p.spans] == ["**", "**"]


def test_link_label_stays_translatable_target_is_protected() -> None:
    p = protect_unit("[Paper](https://arxiv.org/abs/2403.01234), [Tweet](https://x.com/a)")
    assert p.text == "⟦0⟧Paper⟦1⟧, ⟦2⟧Tweet⟦3⟧"
    assert p.originals[1] == "](https://arxiv.org/abs/2403.01234)"
    assert p.originals[3] == "](https://x.com/a)"


def test_whole_link_protected_when_labels_are_not_translated() -> None:
    p = protect_unit("[Paper](https://a.org), [Tweet](https://b.org)", translate_link_labels=False)
    assert p.text == "⟦0⟧, ⟦1⟧"
    assert [s.kind for s in p.spans] == ["link", "link"]


def test_reference_and_titled_links() -> None:
    p = protect_unit('a [ref link][r1] and [t](https://e.org "The title") end')
    assert p.originals[1] == "][r1]"
    assert p.originals[3] == '](https://e.org "The title")'


def test_nested_markup_in_link_label() -> None:
    p = protect_unit("[**bold** `code`](https://e.org)")
    assert [s.kind for s in p.spans] == ["link-open", "emphasis", "emphasis", "code", "link-close"]
    assert p.unprotect() == "[**bold** `code`](https://e.org)"


@pytest.mark.parametrize(
    "text",
    [
        "costs $5 and $10 today",  # dollars, not math
        "5 * 3 = 15",  # lone star between spaces
        "snake_case_name stays",  # intraword underscores
        "C# and F# are languages",  # not hashtags
        "version 1.5B and GPT-4o",  # no arXiv id
        "[not a link] here",
        "unclosed `backtick here",
    ],
)
def test_things_that_are_not_protected(text: str) -> None:
    p = protect_unit(text)
    assert [s.kind for s in p.spans if s.kind != "literal"] == []
    assert p.unprotect() == text


def test_unclosed_backticks_are_kept_literally() -> None:
    p = protect_unit("unclosed `backtick")
    assert p.unprotect() == "unclosed `backtick"


def test_url_trailing_punctuation_is_not_part_of_url() -> None:
    p = protect_unit("code at https://github.com/org/repo. Next (see https://e.org/x).")
    assert [s.text for s in p.spans] == ["https://github.com/org/repo", "https://e.org/x"]


def test_placeholders_are_numbered_in_order_from_start() -> None:
    p = protect_unit("`a` and `b`", start=5)
    assert find(p.text) == [5, 6]


def test_restore_keeps_unknown_placeholders() -> None:
    assert expand("⟦0⟧ and ⟦7⟧", {0: "`x`"}) == "`x` and ⟦7⟧"


def test_hard_line_breaks_are_protected_breaks() -> None:
    from jtrans.protect import protect_unit

    p = protect_unit("First line  \nsecond\\\nthird")
    assert p.text == "First line⟦0⟧second⟦1⟧third"
    assert [(s.kind, s.text) for s in p.spans] == [("break", "  \n"), ("break", "\\\n")]
    assert p.unprotect() == "First line  \nsecond\\\nthird"


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("a learning rate of $3 \\times 10^{-4}$ with", ["$3 \\times 10^{-4}$"]),
        ("costs $5 and $10 each", []),
        ("from $5-$10", []),
        ("raised $1.5M, while X cost $3M.", []),
    ],
)
def test_math_may_start_with_a_digit_money_is_not_math(text: str, math: list[str]) -> None:
    from jtrans.protect import protect_unit

    assert [s.text for s in protect_unit(text).spans if s.kind == "math"] == math


def test_money_before_math_does_not_swallow_a_link() -> None:
    from jtrans.protect import protect_unit

    p = protect_unit("$5 . [$x^2$](https://arxiv.org/abs/2403.01234)")
    assert [(s.kind, s.text) for s in p.spans][:2] == [("link-open", "["), ("math", "$x^2$")]


def test_money_before_an_identifier_and_a_math_link_is_not_math() -> None:
    from jtrans.protect import protect_unit

    p = protect_unit("$5 snake_case [$x^2$](https://arxiv.org/abs/2403.01234)")
    assert [s.text for s in p.spans if s.kind == "math"] == ["$x^2$"]
