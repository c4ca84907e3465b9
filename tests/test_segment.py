"""Segmentation: which units exist, their kinds, and their exact source offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jtrans.config import Config
from jtrans.pipeline import Pipeline
from jtrans.reassemble import reassemble
from jtrans.segment import parser, segment

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DIGEST = SHARED / "digests" / "ml-papers-of-the-week.md"
WEEK_RE = re.compile(r"(?m)^(?=## Top ML Papers of the Week)")


def prepared(source: str, links: bool = True) -> list:
    config = Config(translate_link_labels=links, translate_link_lists=links)
    return Pipeline(None, config=config).prepare(source)


def test_units_carry_exact_offsets() -> None:
    for path in FIXTURES.glob("*.md"):
        source = path.read_text(encoding="utf-8")
        for unit in segment(source):
            assert source[unit.start : unit.end] == unit.source_text()
            assert unit.kind in ("heading", "paragraph", "table-cell", "list-item", "quote")


def test_kinds_and_untranslated_blocks() -> None:
    source = (FIXTURES / "structure.md").read_text(encoding="utf-8")
    units = segment(source)
    texts = [u.text for u in units]
    kinds = {u.text.split("\n")[0][:20]: u.kind for u in units}
    assert kinds["Setext Heading For T"] == "heading"
    assert kinds["This paragraph has *"] == "paragraph"
    assert kinds["A quoted sentence ab"] == "quote"
    assert kinds["First item with `cod"] == "list-item"
    assert kinds["Nested ordered item "] == "list-item"
    assert kinds["Heading with trailin"] == "heading"
    assert kinds["a \\| escaped pipe"] == "table-cell"
    joined = "\n".join(texts)
    never_translated = (
        "title:",
        "code is never",
        "indented code",
        "HTML blocks are kept",
        "a comment",
        "https://example.com/ref",
    )
    for never in never_translated:
        assert never not in joined, never


def test_multiline_units_keep_their_line_prefixes_as_gaps() -> None:
    source = "> first line\n> second line\n\n- item\n  wrapped\n"
    quote, item = segment(source)
    assert quote.text == "first line\nsecond line"
    assert quote.gaps == ["\n> "]
    assert item.text == "item\nwrapped"
    assert item.gaps == ["\n  "]
    # a translation with fewer or more lines still gets valid prefixes
    out = reassemble(source, [quote, item], {quote.id: "一\n二\n三", item.id: "項目"})
    assert out == "> 一\n> 二\n> 三\n\n- 項目\n"


def test_crlf_and_tabs_are_kept() -> None:
    source = "# Title\r\n\r\nPara one\r\ncontinues.\r\n\r\n|a|b|\r\n|-|-|\r\n|c\t|d|\r\n"
    units = segment(source)
    assert [u.text for u in units] == ["Title", "Para one\ncontinues.", "a", "b", "c", "d"]
    assert units[1].gaps == ["\r\n"]
    assert reassemble(source, units, {u.id: u.text for u in units}) == source


def test_table_cells_split_on_unescaped_pipes_only() -> None:
    source = "| h1 | h2 |\n|---|---|\n| a \\| b | c |\n| only one |\n| x | y | extra |\n"
    cells = [u.text for u in segment(source)]
    assert cells == ["h1", "h2", "a \\| b", "c", "only one", "x", "y"]  # extra cell not rendered


def test_table_inside_blockquote() -> None:
    source = "> | h |\n> |---|\n> | cell text |\n"
    assert [(u.kind, u.text) for u in segment(source)] == [
        ("table-cell", "h"),
        ("table-cell", "cell text"),
    ]


def test_fixture_week_segments() -> None:
    """10 rows: title + clauses per description, Paper/Tweet per link cell."""
    units = prepared((FIXTURES / "digest_week.md").read_text(encoding="utf-8"))
    cells = [p for p in units if p.unit.kind == "table-cell"]
    assert len(cells) == 2 + 2 * 10
    rows = cells[2:]
    descriptions, links = rows[0::2], rows[1::2]
    assert all(p.split.pieces == ["Paper", "Tweet"] for p in links)
    assert descriptions[0].split.pieces == [
        "Sparse Mixture Routing",
        "proposes a routing scheme for mixture-of-experts models that balances load without "
        "auxiliary losses",
        "matches a dense 7B baseline with 40% less compute",
        "the authors release code at ⟦2⟧.",
    ]
    assert descriptions[3].split.pieces[2] == (
        "reaches 71.2% on MMMU vs. 69.8% for a 10x larger encoder"
    )
    assert [len(p.split.pieces) for p in descriptions] == [4] * 10
    source = (FIXTURES / "digest_week.md").read_text(encoding="utf-8")
    no_labels = [p for p in prepared(source, links=False) if p.unit.kind == "table-cell"][3::2]
    assert len(no_labels) == 10
    assert all(p.unit.text.startswith("[Paper](") and p.split.pieces == [] for p in no_labels)


def test_bullet_style_week_segments() -> None:
    units = prepared((FIXTURES / "digest_bullets.md").read_text(encoding="utf-8"))
    first = [p for p in units if p.unit.kind == "table-cell"][2]
    assert first.split.pieces[:3] == [
        "Budget-Aware Reasoning",
        "This paper introduces BAR, a method that allocates a token budget per question.",
        "Unlike fixed-length prompting, BAR predicts difficulty first.",
    ]
    assert "Key findings:" in first.split.pieces
    assert first.split.pieces[-2:] == [
        "Limits: It struggles on proofs",
        "the authors leave this to future work.",
    ]


def _weeks() -> list[str]:
    return WEEK_RE.split(DIGEST.read_text(encoding="utf-8"))


@pytest.mark.shared
@pytest.mark.skipif(not DIGEST.is_file(), reason="../shared/digests is not available")
def test_real_week_segment_counts() -> None:
    week = next(w for w in _weeks() if w.startswith("## Top ML Papers of the Week (July 31 - Aug"))
    rows = [line for line in week.splitlines() if re.match(r"\| \d+\) ", line)]
    assert len(rows) == 10
    cells = [p for p in prepared(week) if p.unit.kind == "table-cell"][2:]
    descriptions, links = cells[0::2], cells[1::2]
    assert len(descriptions) == len(links) == 10
    for row, desc, link in zip(rows, descriptions, links, strict=True):
        m = re.match(r"\| \d+\) \*\*(.+?)\*\* - (.+?)\s*\|", row)
        assert m, row
        title, description = m.groups()
        if " " in title:
            assert desc.split.pieces[0] == title  # bold title: its own segment
            pieces = desc.split.pieces[1:]
        else:  # a one-word title is a name (Med-Flamingo): kept as written, not a segment
            assert title in desc.split.seps[0] and title not in desc.split.pieces
            pieces = desc.split.pieces
        assert pieces == description.split("; ")  # one segment per clause
        assert link.split.pieces == ["Paper", "Tweet"]
    no_labels = [p for p in prepared(week, links=False) if p.unit.kind == "table-cell"][3::2]
    assert len(no_labels) == 10
    assert all(p.split.pieces == [] for p in no_labels)


def test_link_list_cells_can_stay_untranslated_while_prose_links_are_translated() -> None:
    source = "See [the archive](https://a.org) now.\n\n| A | B |\n|---|---|\n| x | [Paper](u) |\n"
    cfg = Config(translate_link_lists=False)
    units = Pipeline(None, config=cfg).prepare(source)
    assert [p.split.pieces for p in units] == [
        ["See ⟦0⟧the archive⟦1⟧ now."],
        ["A"],
        ["B"],
        ["x"],
        [],
    ]


def test_table_in_a_list_item_keeps_its_columns() -> None:
    source = "- | a | b |\n  |---|---|\n  | c | d \\| e |\n"
    assert [u.text for u in segment(source)] == ["a", "b", "c", "d \\| e"]


def test_escaped_pipe_after_a_backslash_is_not_escaped_twice() -> None:
    from jtrans.api import text

    src = "| a | b |\n|---|---|\n| x \\\\| y | z |\n"
    out = text(src, engine="upper")
    assert out == "| A | B |\n|---|---|\n| X \\\\| Y | Z |\n"


def test_a_list_item_of_dashes_on_the_first_line_is_no_front_matter() -> None:
    # mdit-py-plugins' rule took "- \---" (a list item on line 1) for front matter
    tokens = [t.type for t in parser().parse("- \\---\n\nfoo\n")]
    assert "front_matter" not in tokens and tokens[:3] == [
        "bullet_list_open", "list_item_open", "paragraph_open"
    ]  # fmt: skip
    assert parser().parse("---\ntitle: x\n---\n\nbody\n")[0].type == "front_matter"
