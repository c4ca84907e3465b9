"""Sentence and clause splitting, and the Japanese/verbatim joining rules."""

from __future__ import annotations

import pytest

from jtrans.protect import protect_unit
from jtrans.sentences import join, match_final_stop, split


def pieces(text: str) -> list[str]:
    p = protect_unit(text)
    s = split(p.text, p.kind_by_index())
    assert s.join() == p.text  # verbatim join is always the input
    return [p.unprotect(x) for x in s.pieces]


def test_plain_sentences() -> None:
    assert pieces("It works. It is fast! Is it cheap? Yes.") == [
        "It works.",
        "It is fast!",
        "Is it cheap?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Models such as e.g. GPT-4o are strong.",
        "Methods (e.g., LoRA) help, i.e., they save memory.",
        "As shown by Smith et al. (2023), scaling helps.",
        "Compare A vs. B on the task.",
        "See Fig. 3 and Eq. 2 for details.",
        "Accuracy rises from 12.5% to 71.2% with 1.5B parameters.",
        "Versions like GPT-4o, Llama 3.1 and v2.0.1 are names.",
        "Written by the U.S. team and the U.K. one.",
        "It ends with a lowercase continuation. and goes on.",
    ],
)
def test_no_split_inside_abbreviations_decimals_versions(text: str) -> None:
    assert pieces(text) == [text]


def test_single_capital_letter_can_end_a_sentence() -> None:
    assert pieces("The model beats variant B. It is also cheaper.") == [
        "The model beats variant B.",
        "It is also cheaper.",
    ]


def test_clause_lists_are_split_on_semicolons() -> None:
    text = "proposes X; shows that Y improves Z; releases code."
    assert pieces(text) == ["proposes X", "shows that Y improves Z", "releases code."]


def test_semicolons_inside_parentheses_do_not_split() -> None:
    assert pieces("uses two datasets (A; B) for training.") == [
        "uses two datasets (A; B) for training."
    ]


def test_bold_title_is_its_own_piece_and_enumerator_is_not_translated() -> None:
    p = protect_unit("1) **Medical Flamingo** - a multimodal model; improves ratings by 20%.")
    s = split(p.text, p.kind_by_index())
    assert s.pieces == ["Medical Flamingo", "a multimodal model", "improves ratings by 20%."]
    assert p.unprotect(s.seps[0]) == "1) **"
    assert p.unprotect(s.seps[1]) == "** - "


@pytest.mark.parametrize(
    "title",
    # one word with a version too (real digests: Genie 2 came back as 元家2, Translatotron 3
    # as 翻訳者3)
    ["Chameleon", "Med-Flamingo", "LoRA+", "Sora", "Grok-1.5", "Genie 2", "Granite 3.0"],
)
def test_a_one_word_bold_title_is_a_name_kept_as_written(title: str) -> None:
    p = protect_unit(f"4) **{title}** - a family of mixed-modal models.")
    s = split(p.text, p.kind_by_index())
    assert s.pieces == ["a family of mixed-modal models."]
    assert p.unprotect(s.seps[0]) == f"4) **{title}** - "


@pytest.mark.parametrize(
    "text, first",
    [
        ("4) **Scaling Laws** - a study.", "Scaling Laws"),  # two words: translated
        ("4) **Scaling 2 Laws** - a study.", "Scaling 2 Laws"),
        ("4) **Part 2 of 3** - a study.", "Part 2 of 3"),
        ("**Chameleon**", "Chameleon"),  # no title separator: an ordinary bold line
        ("See **Chameleon** - a family.", "See ⟦0⟧Chameleon⟦1⟧"),  # not at the item's start
        ("**Note**: the paper was revised.", "Note"),  # a label before a colon
    ],
)
def test_other_bold_titles_are_still_translated(text: str, first: str) -> None:
    p = protect_unit(text)
    assert split(p.text, p.kind_by_index()).pieces[0] == first


@pytest.mark.parametrize(
    "text, expected, first_sep",
    [
        # real week (January 6 - 12, 2025): the model dropped the dash and ran the title into
        # the description (LLMの長コンテキストとRAGは、RAGシステムと比較して…)
        (
            "3) Long Context vs. RAG for LLMs - performs an evaluation; LC wins",
            ["Long Context vs. RAG for LLMs", "performs an evaluation", "LC wins"],
            "3) ",
        ),
        ("9) Can LLMs Ask? - evaluates it.", ["Can LLMs Ask?", "evaluates it."], "9) "),
        ("4) Search-o1 - a framework.", ["a framework."], "4) Search-o1 - "),  # one name, kept
        ("1) we tune X - a method that works.", ["we tune X - a method that works."], "1) "),
        ("1) Title. Another - sentence.", ["Title.", "Another - sentence."], "1) "),
        ("No number - just a dash.", ["No number - just a dash."], ""),
    ],
)
def test_a_numbered_title_without_bold_is_cut_at_its_dash(
    text: str, expected: list[str], first_sep: str
) -> None:
    p = protect_unit(text)
    s = split(p.text, p.kind_by_index())
    assert s.pieces == expected and s.seps[0] == first_sep and s.join() == p.text
    kept = split(p.text, p.kind_by_index(), titles="keep")
    if len(expected) > 1 and first_sep == "3) ":
        assert kept.pieces == expected[1:]


def test_new_style_title_and_br_bullets() -> None:
    text = "1) Fast Models  This paper proposes X. It works.  <br>● Point one. <br>● Point two."
    assert pieces(text) == [
        "Fast Models",
        "This paper proposes X.",
        "It works.",
        "Point one.",
        "Point two.",
    ]


def test_a_bullet_label_is_cut_at_its_dash() -> None:
    """The model ran a label and its sentence together, the dash lost, in 118 of 474 such
    bullets of the real digests (原理を統一するためのソフト誘導バイアス論文は…)."""
    text = (
        "Insights:  <br>● Soft Inductive Biases as Unifying Principle – The paper advocates it."
        " <br>● Kernel speed-ups - 3 kernels run faster. <br>● “Less-Is-More” — Few suffice."
    )
    assert pieces(text) == [
        "Insights:",
        "Soft Inductive Biases as Unifying Principle",
        "The paper advocates it.",
        "Kernel speed-ups",
        "3 kernels run faster.",
        "“Less-Is-More”",
        "Few suffice.",
    ]
    p = protect_unit(text)
    s = split(p.text, p.kind_by_index())
    assert s.seps[2] == " – " and s.seps[4] == " - " and s.seps[6] == " — "


@pytest.mark.parametrize(
    "text",
    [
        "<br>● The model – a small one – runs fast.",  # no capital after the dash
        "<br>● Results (see Fig. 2 – left) – It wins.",  # a bracket in the label
        "<br>● One: two – Three.",  # a colon: another label rule
        "<br>● A label of far more than twelve words that runs on and on and on here – It.",
        "Not after a bullet – The model runs.",
    ],
)
def test_no_bullet_label_cut(text: str) -> None:
    assert len(pieces(text)) == 1


def test_double_spaces_inside_prose_do_not_split() -> None:
    text = "1) A Title  Access  to data lets providers tune for Arena  performance.  This leads on."
    assert pieces(text) == [
        "A Title",
        "Access  to data lets providers tune for Arena  performance.",
        "This leads on.",
    ]


def test_a_one_word_title_before_the_layout_gap_is_kept_as_written() -> None:
    """Real weeks: "4) Chain-of-Agents  A new framework…" came back as チャットエージェント;
    a title of several words is translated."""
    sp = split("4) Chain-of-Agents  A new framework for tasks.")
    assert sp.pieces == ["A new framework for tasks."] and sp.seps[0] == "4) Chain-of-Agents  "
    assert pieces("3) Knowledge or Reasoning  Introduces a framework.") == [
        "Knowledge or Reasoning",
        "Introduces a framework.",
    ]


def test_a_double_space_before_a_lower_case_word_is_no_title_gap() -> None:
    """A real week ("N) Title - description" layout): "the state-of-the-art  text-to-image
    generation model" was cut in two and each half translated alone."""
    text = "7) FLUX - quantizes the state-of-the-art  text-to-image model.  It works."
    assert pieces(text) == ["quantizes the state-of-the-art  text-to-image model.", "It works."]


def test_link_list_yields_only_labels() -> None:
    assert pieces("[Paper](https://a.org/1), [Tweet](https://x.com/2)") == ["Paper", "Tweet"]


def test_pieces_without_letters_are_not_translated() -> None:
    assert pieces("`code` | 1.5 |") == []
    assert pieces("10.") == []


def test_inline_markup_in_the_middle_stays_in_the_piece() -> None:
    assert pieces("Use **bold** words here.") == ["Use **bold** words here."]


def test_a_bold_title_cut_at_its_question_mark_leaves_its_markers_to_the_separators() -> None:
    """Each half of the title is a piece without the ``**`` whose partner is in the other half,
    so the model cannot move the closing one into the middle of its translation."""
    title = "**Is Sora a World Simulator? A Survey on General World Models and Beyond** - presents."
    assert pieces(title) == [
        "Is Sora a World Simulator?",
        "A Survey on General World Models and Beyond",
        "presents.",
    ]
    # a marker whose partner is in the same piece stays in it
    assert pieces("Uses **bold** words. Then **more** here.") == [
        "Uses **bold** words.",
        "Then **more** here.",
    ]
    # a link whose text spans two sentences: its markers are not at a piece's edge, so they stay
    assert pieces("See [part one. Part two](https://x.y) here.") == [
        "See [part one.",
        "Part two](https://x.y) here.",
    ]


def test_a_bold_title_cut_in_two_stays_bold_as_a_whole() -> None:
    from jtrans import api

    class Halves:  # Japanese for each half; the model's placement of ⟦n⟧ is not trusted
        name = "halves"
        target_lang = "ja"

        def translate_batch(self, sentences: list[str]) -> list[str]:
            assert not any("⟦" in s for s in sentences), sentences  # no lone marker sent
            return [
                "ソラは世界シミュレーターか？" if "Sora" in s else "世界モデルのサーベイ"
                for s in sentences
            ]

    out = api.text(
        "**Is Sora a World Simulator? A Survey of World Models**\n",
        engine=Halves(),
        no_glossary=True,
    )
    assert out == "**ソラは世界シミュレーターか？世界モデルのサーベイ**\n"


def test_japanese_join_rules() -> None:
    # clause separators become 。 unless the clause already ends in terminal punctuation
    assert join(["Xを提案", "Yを示す。", "Zを公開。"], ["", "; ", "; ", ""], japanese=True) == (
        "Xを提案。Yを示す。Zを公開。"
    )
    # a single space between sentences disappears; line breaks and layout gaps are kept
    assert (
        join(["文1。", "文2。", "文3。"], ["", " ", "\n", ""], japanese=True) == "文1。文2。\n文3。"
    )
    assert join(["題", "本文。"], ["", "  ", ""], japanese=True) == "題  本文。"
    # English left untranslated keeps its space
    assert join(["Not translated.", "訳。"], ["", " ", ""], japanese=True) == "Not translated. 訳。"
    # markup separators are kept
    assert join(["題", "説明。"], ["**", "** - ", ""], japanese=True) == "**題** - 説明。"


def test_final_stop_follows_the_english() -> None:
    assert match_final_stop("論文。", "Paper") == "論文"
    assert match_final_stop("手法を提案。", "proposes a method") == "手法を提案"
    assert match_final_stop("機能します。", "It works.") == "機能します。"
    assert match_final_stop("主な結果：。", "Key findings:") == "主な結果：。"
    assert match_final_stop("⟦0⟧ を使う。", "Uses ⟦0⟧.") == "⟦0⟧ を使う。"
    assert match_final_stop("論文", "Paper") == "論文"
    # a colon the model left off after a particle comes back (主な詳細は for "Key details:")
    assert match_final_stop("主な詳細は", "Key details:") == "主な詳細は:"
    full = "主な詳細は以下の通りです。"
    assert match_final_stop(full, "Key details:") == full
    assert match_final_stop("主な詳細は", "Key details") == "主な詳細は"


def test_verbatim_join_keeps_separators() -> None:
    assert join(["a", "b"], ["", "; ", "."]) == "a; b."
    with pytest.raises(ValueError):
        join(["a"], ["", "", ""])


def test_inline_enumeration_items_are_pieces() -> None:
    text = (
        "It includes the following steps: 1) draft initial response, 2) plan verification "
        "questions, 3) answer them, and 4) generate a final response."
    )
    assert pieces(text) == [
        "It includes the following steps:",
        "draft initial response",
        "plan verification questions",
        "answer them",
        "generate a final response.",
    ]
    s = split(text)
    ja = ["以下の手順を含みます:", "初期応答を作成", "検証質問を計画", "回答", "最終応答を生成。"]
    assert s.join(ja, japanese=True) == (
        "以下の手順を含みます: 1) 初期応答を作成、2) 検証質問を計画、3) 回答、4) 最終応答を生成。"
    )
    assert pieces("three stages: (i) decompose, (ii) retrieve; (iii) run SQL.") == [
        "three stages:",
        "decompose",
        "retrieve",
        "run SQL.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one marker, or markers not counting up from one: no enumeration
        ("See Figure 1) for details, 3) too.", ["See Figure 1) for details, 3) too."]),
        ("f(1) and f(2) are equal.", ["f(1) and f(2) are equal."]),
        ("1) A Title  The first part, 3) is wrong.", ["A Title", "The first part, 3) is wrong."]),
    ],
)
def test_not_an_inline_enumeration(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_titles_keep_or_both() -> None:
    """A paper title (bold before its dash, or numbered before the layout gap) is translated,
    kept as written (in the separators), or translated with (原文: Title) after its closing
    bold; a title cut at its "?" is one title; text with no title is left alone."""
    bold = protect_unit("1) **Is Sora a Simulator? A Survey** - a survey. More.")
    kinds = bold.kind_by_index()
    kept = split(bold.text, kinds, titles="keep")
    assert kept.pieces == ["a survey.", "More."] and kept.join() == bold.text
    both = split(bold.text, kinds, titles="both")
    assert both.pieces == ["Is Sora a Simulator?", "A Survey", "a survey.", "More."]
    assert both.seps[2] == "⟦1⟧ (原文: Is Sora a Simulator? A Survey) - "
    ja = both.join(["Soraはシミュレータか？", "サーベイ", "サーベイ。", "続き。"], japanese=True)
    assert ja.startswith("1) ⟦0⟧Soraはシミュレータか？サーベイ⟦1⟧ (原文: Is Sora a Simulator?")
    assert ja.endswith("A Survey) - サーベイ。続き。")
    numbered = protect_unit("2) Few Tokens Suffice  Researchers tune prefixes.")
    both = split(numbered.text, numbered.kind_by_index(), titles="both")
    assert both.seps[1] == " (原文: Few Tokens Suffice)  "
    # a title the model left in English gets no (原文: …) after it
    assert both.join(["Few Tokens Suffice", "研究者は調整する。"], japanese=True) == (
        "2) Few Tokens Suffice  研究者は調整する。"
    )
    plain = protect_unit("Plain text - with a dash. And more.")
    assert split(plain.text, plain.kind_by_index(), titles="keep").pieces == [
        "Plain text - with a dash.",
        "And more.",
    ]
    with pytest.raises(ValueError, match="titles"):
        split(plain.text, titles="original")
