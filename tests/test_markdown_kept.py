"""Markdown kept for any input: a translated unit never changes the post's structure.

Each finding has an example test with an engine that answers what a weak model wrote; two
property tests run generated hostile CommonMark/GFM documents (``hostile_markdown``) through an
engine that starts its answers with block markers and backticks, and through the bundled
default model, and compare the structure of the output with the source's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_markdown import HostileEngine, changed, documents
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jtrans import markdown_guard, qa
from jtrans.config import Config
from jtrans.glossary.lint import lint
from jtrans.pipeline import Pipeline
from jtrans.placeholders import PLACEHOLDER_RE
from jtrans.protect import protect_unit
from jtrans.segment import analyse, segment
from jtrans.tm import TranslationMemory

REPO = Path(__file__).resolve().parents[1]
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")


class Scripted:
    """A test engine answering ``answer(sentence)`` for each sentence."""

    name = "scripted"

    def __init__(self, answer: Callable[[str], str], target_lang: str | None = None) -> None:
        self.answer = answer
        self.target_lang = target_lang

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [self.answer(s) for s in sentences]


def words_to_ja(sentence: str) -> str:
    """Every English word outside the placeholders becomes 訳 (a visible translation)."""
    out, last = [], 0
    for m in PLACEHOLDER_RE.finditer(sentence):
        out += [_WORD_RE.sub("訳", sentence[last : m.start()]), m.group(0)]
        last = m.end()
    return "".join(out) + _WORD_RE.sub("訳", sentence[last:])


def translate(source: str, answer: Callable[[str], str], **kw):
    return Pipeline(Scripted(answer), config=Config(), **kw).translate(source)


def markdown_flags(result) -> list[str]:
    return [f.message for f in result.flags if f.rule == "markdown"]


# -- a translation starting with a block marker -------------------------------------------------

CONTAINERS = [
    "Minus five degrees.\n",
    "- Minus five degrees.\n",
    "> Minus five degrees.\n",
    "1. Minus five degrees.\n",
    "## Minus five degrees\n",
    "Minus five degrees\n---\n",
    "| Minus five degrees |\n|---|\n| Minus five degrees |\n",
    "Minus\nfive degrees\n",
]


@pytest.mark.parametrize("source", CONTAINERS)
@pytest.mark.parametrize(
    "answer",
    ["- 訳", "* 訳", "+ 訳", "# 訳", "###### 訳", "1. 訳", "2) 訳", "> 訳", "---", "___",
     "- - -", "=====", "``` 訳", "<div>訳", "    訳", "訳\n---", "訳\n- 訳", "[訳]: /x"],
)  # fmt: skip
def test_a_translation_starting_with_a_block_marker_keeps_the_structure(
    source: str, answer: str
) -> None:
    result = translate(source, lambda s: answer)
    assert changed(source, result.text) == []
    assert markdown_flags(result) == []  # escaped, not fallen back
    assert "〔未翻訳〕" not in result.text


def test_escapes_are_minimal_and_the_translation_is_kept() -> None:
    source = "Minus five degrees.\n\nNumber one.\n\nHash tags.\n\nDashes.\n"
    answers = iter(["- 5度", "1. 一番", "# タグ", "---"])
    out = translate(source, lambda s: next(answers)).text
    assert out == "\\- 5度\n\n1\\. 一番\n\n\\# タグ\n\n\\---\n"


# -- reference-style links -----------------------------------------------------------------------

REFERENCES = (
    "See [the paper], [this one][] and [the text][ref], not [a bracket].\n\n"
    '[the paper]: https://a.org "The Title"\n'
    "[this one]: https://b.org\n"
    "[ref]: https://c.org 'Single'\n"
)


def test_reference_labels_that_key_a_definition_are_not_translated() -> None:
    out = translate(REFERENCES, words_to_ja).text
    assert out.startswith("訳 [the paper], [this one][] 訳 [訳 訳][ref], 訳 [訳 訳].\n")
    assert out.endswith(REFERENCES[REFERENCES.index("\n\n") :])  # definitions byte for byte
    assert changed(REFERENCES, out) == []


def test_protect_keeps_a_defined_shortcut_or_collapsed_reference_whole() -> None:
    refs = analyse(REFERENCES).references
    spans = protect_unit(
        "See [the paper], [this one][] and [x] ![The Paper]", references=refs
    ).spans
    assert [(s.kind, s.text) for s in spans] == [
        ("link", "[the paper]"),
        ("link", "[this one][]"),
        ("image", "![The Paper]"),
    ]
    assert [s.kind for s in protect_unit("See [the paper]").spans] == []  # no definitions: text


def test_a_remembered_unit_whose_label_now_keys_a_definition_is_translated_again(
    tmp_path: Path,
) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    pipeline = Pipeline(Scripted(words_to_ja), config=Config(), tm=tm)
    assert pipeline.translate("See [the paper] now.\n").text == "訳 [訳 訳] 訳.\n"
    source = 'See [the paper] now.\n\n[the paper]: https://a.org "T"\n'
    result = pipeline.translate(source)
    assert result.text.startswith("訳 [the paper] 訳.\n")
    assert result.reused == [] and markdown_flags(result) == []


# -- link reference definitions with a title -----------------------------------------------------


def test_definitions_with_titles_keep_their_quotes() -> None:
    from jtrans.api import make_postprocessor

    source = (
        'The "best" model is [here][m].\n\n'
        '[m]: https://a.org "The Title"\n'
        "[n]: https://b.org 'Single'\n"
        "[o]: https://c.org (Paren)\n"
    )
    pipeline = Pipeline(
        Scripted(lambda s: "「最高」のモデルは⟦0⟧ここ⟦1⟧です。", "ja"),
        postprocessor=make_postprocessor(Config()),
        config=Config(),
    )
    out = pipeline.translate(source).text
    assert out == "「最高」のモデルは[ここ][m]です。" + source[source.index("\n\n") :]
    assert changed(source, out) == []


def test_a_translation_that_would_define_a_link_is_escaped() -> None:
    source = '[tags]: /u "T" Works well\n\nSee [tags].\n'  # a paragraph, no definition
    result = translate(source, lambda s: "[タグ]: ###(#####)")
    assert result.text.startswith("\\[タグ]: ###(#####)\n\n")
    assert changed(source, result.text) == []


# -- backticks -----------------------------------------------------------------------------------


def test_backticks_the_engine_writes_open_no_code_span() -> None:
    result = translate("Use it as code here.\n", lambda s: "`コード`として使う")
    assert result.text == "\\`コード`として使う\n"
    assert changed("Use it as code here.\n", result.text) == []


def test_reordered_backticks_that_would_pair_up_are_escaped() -> None:
    source = "Type `x` then a lone ` here.\n"
    assert [s.kind for s in protect_unit(source).spans] == ["code", "literal"]
    result = translate(source, lambda s: "⟦1⟧訳⟦0⟧")  # "`訳`x`": a code span 訳, x lost
    assert result.text == "\\`訳`x`\n"
    assert changed(source, result.text) == []


def test_a_backtick_the_engine_wrote_next_to_the_real_code_span_is_escaped() -> None:
    source = "Run `pip install` first.\n"
    result = translate(source, lambda s: "最初に ` ⟦0⟧ を実行")  # a stray backtick before the span
    assert "`pip install`" in result.text and "〔未翻訳〕" not in result.text
    assert "\\`" in result.text  # the engine's backtick is escaped, not paired
    assert changed(source, result.text) == []


def test_a_lost_link_cannot_be_escaped_back_and_falls_back_to_the_english() -> None:
    source = "See [the paper](https://a.org) now.\n"
    result = translate(source, lambda s: "⟦1⟧論文⟦0⟧を参照")  # "](https://a.org)論文[を参照"
    assert result.text == "〔未翻訳〕" + source
    [message] = markdown_flags(result)
    assert "loses a link 'https://a.org'" in message
    assert changed(source, result.text) == []


def test_only_the_sentence_that_breaks_the_markdown_falls_back() -> None:
    source = "First sentence here. See [the paper](https://a.org) now.\n"
    result = translate(source, lambda s: "⟦1⟧論文⟦0⟧を参照" if "⟦" in s else "最初の文。")
    assert result.text == "最初の文。 〔未翻訳〕See [the paper](https://a.org) now.\n"
    [message] = markdown_flags(result)
    assert message.endswith("kept sentence 2 in English")
    assert result.sentences[1].text.startswith("〔未翻訳〕")  # the report says so too


# -- table rows without a leading pipe -------------------------------------------------------

PIPELESS = (
    "Head one \\| two\n---\n\nName | Value\n--- | ---\nFirst cell | second cell\nLast | row\n"
)


@pytest.mark.parametrize(
    "answer", ["    訳", "- 訳", "> 訳", "# 訳", "``` 訳", "<div>訳", "1. 訳", "---", "訳\\"]
)
def test_a_cell_that_begins_its_row_keeps_the_table(answer: str) -> None:
    """A row's first cell without a pipe before it: four spaces make the table's head an
    indented code block, a block marker ends its body, a trailing backslash escapes a pipe."""
    assert [u.row_start for u in segment(PIPELESS)] == ["head", "head", "", "body", "", "body", ""]
    result = translate(PIPELESS, lambda s: answer.replace("訳", s))
    assert changed(PIPELESS, result.text) == []
    assert markdown_flags(result) == []  # escaped or trimmed, not fallen back


def test_the_seed_956_counterexample_keeps_its_one_column_table() -> None:
    """An escaped pipe above ``---`` is a one-column table, not a setext heading: an engine
    answer indented four spaces made it an indented code block and a thematic break."""
    source = "Backtick \\` backtick `pip` \\| Hash Asterisk:\n---\n"
    assert [(u.kind, u.row_start) for u in segment(source)] == [("table-cell", "head")]
    out = translate(source, lambda s: "    " + s).text
    assert out == source and changed(source, out) == []


# -- runs of '#' ---------------------------------------------------------------------------------


def test_a_line_of_seven_hashes_stays_a_paragraph() -> None:
    source = "####### Seven hashes here\n"
    assert [(s.kind, s.text) for s in protect_unit(source.strip()).spans] == [
        ("literal", "#######")
    ]
    result = translate(source, lambda s: "## 七つ ⟦0⟧")  # the engine opened a heading
    assert changed(source, result.text) == []
    assert result.text.startswith("\\## 七つ #######")
    assert translate("#######\n", words_to_ja).text == "#######\n"


# -- lists nested 10 levels and deeper ------------------------------------------------------------


def nested(depth: int) -> str:
    return "".join("  " * i + f"- level {i} item\n" for i in range(depth))


def test_lists_nested_twelve_levels_are_all_translated_and_seen() -> None:
    source = nested(12)
    assert len(segment(source)) == 12
    result = translate(source, words_to_ja)
    assert "level" not in result.text and result.flags == []
    assert "- 訳 11 訳\n" in result.text
    half = result.text.replace("訳 11 訳", "level 11 item")  # the deepest item left English
    [issue] = [i for i in qa.check(source, half).issues if i.check == "untranslated"]
    assert issue.line == 12


def test_content_nested_past_the_parser_limit_is_flagged_in_translate_and_qa() -> None:
    source = nested(60)
    doc = analyse(source)
    assert len(doc.units) == 49 and doc.too_deep == [50]
    result = translate(source, words_to_ja)
    assert [(f.line, f.rule) for f in result.flags] == [(50, "markdown")]
    assert "nested deeper" in result.flags[0].message
    assert "- level 59 item" in result.text  # left as it was
    warnings = [i for i in qa.check(source, result.text).issues if i.check == "structure"]
    assert [(i.line, i.severity) for i in warnings] == [(50, "warning")]


def test_the_cli_warns_about_content_nested_too_deep_and_segment_lists_the_rest(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from clirun import run_cli

    post = tmp_path / "deep.md"
    post.write_text(nested(60), encoding="utf-8")
    code, out, err = run_cli(monkeypatch, capsys, "translate", str(post), "--engine", "upper")
    assert code == 0 and "- LEVEL 48 ITEM\n" in out and "- level 49 item\n" in out
    assert "line 50: markdown: nested deeper than the parser's 100 levels" in err
    code, out, _ = run_cli(monkeypatch, capsys, "segment", str(post))
    assert code == 0 and len(out.splitlines()) == 49


# -- glossary renderings with Markdown -------------------------------------------------------------


@pytest.mark.parametrize(
    "ja", ["**太字**", "`コード`", "[論文](https://a.org)", "<script>x</script>"]
)
def test_glossary_lint_flags_markdown_in_a_rendering(tmp_path: Path, ja: str) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text(f"term\tja\tpolicy\nthing\t{ja}\ttranslate\n", encoding="utf-8")
    [problem] = lint([path]).problems
    assert problem.line == 2 and "Markdown/HTML" in problem.message


def test_glossary_lint_accepts_plain_renderings(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("term\tja\tpolicy\nthing\t物（もの）・A-B\ttranslate\n", encoding="utf-8")
    assert lint([path]).ok


# -- the check itself ----------------------------------------------------------------------------


def test_shape_compares_blocks_and_inline_markup_as_multisets() -> None:
    a = markdown_guard.shape("[a](u) and `c` **b**")
    assert markdown_guard.shape("**b** `c` [x](u)") == a  # order free
    assert markdown_guard.shape("[a](v) `c` **b**") != a  # another destination
    assert markdown_guard.shape("- [a](u) `c` **b**") != a  # a list item


# -- property tests ------------------------------------------------------------------------------

SEED_956 = (
    "Agents Minus **Asterisk Bullet** <br> https://arxiv.org/abs/2403.01234 Minus <b>bold</b> "
    "**points code**\n\n- Agents <br> <b>bold</b> over \\-\n  - Asterisk model "
    "[Minus](https://arxiv.org/abs/2403.01234) **well agents** ####### \\- Minus\n    - Minus "
    "Minus **dashes Minus** **LLM Minus** https://arxiv.org/abs/2403.01234 ####### <b>bold</b>\n"
    "      - Contexts Step Minus\n        - Quote **works lines** Minus Minus Minus Minus\n"
    "          - Dash Minus marks over\n            - Contexts backtick ####### **code "
    "backtick** contexts backtick points Minus\n              - Step Minus learns <b>bold</b>\n"
    "                - Well Minus\n                  - Minus Minus \\| fine-tuning "
    'https://arxiv.org/abs/2403.01234 code "model":\n                    - Llm 1. <br>!\n'
    '                      - Degrees "Hash" - _quote quote_!\n\n[over]: /u "T" Learns '
    "contexts ####### tags agents -\n\nFine-tuning 1. points code!\n\nBacktick \\` backtick "
    "`pip` \\| Hash Asterisk:\n---\n"
)


@pytest.mark.slow  # hypothesis
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # fresh examples on a developer's machine, a fixed sequence in CI (CI=true): a new
    # counterexample is a bug to file, not a red build for an unrelated change
    derandomize=os.environ.get("CI") == "true",
)
@given(documents(), st.integers(0, 1000))
@example(SEED_956, 956)  # a one-column table (an escaped pipe above '---') became code + a rule
# '- Minus' came back '---', escaped '- \\---': the front matter plugin read the list item
@example('- Minus Minus\n\n[ref]: https://arxiv.org/abs/2403.01234 "The Title"\n', 7)
def test_hostile_engine_never_changes_the_structure(source: str, seed: int) -> None:
    result = Pipeline(HostileEngine(seed), config=Config()).translate(source)
    assert changed(source, result.text) == []


_DEFAULT = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        from jtrans.api import build_pipeline

        _DEFAULT = build_pipeline(start=REPO)
    return _DEFAULT


@pytest.mark.slow  # hypothesis on the default model
@pytest.mark.skipif(not (REPO / "models" / "DEFAULT").exists(), reason="no default model")
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
@example('[tags]: /u "T" Works Negative Step #######\n')  # became a definition
@example('Over | "reason"!\n---\n\n| a |\n|---|\n| Step `x` ` y |\n')  # a heading, not a table
@example(REFERENCES)
@example(nested(12))
def test_default_model_never_changes_the_structure(source: str) -> None:
    out = default_pipeline().translate(source).text
    assert changed(source, out) == []
