"""Pronoun subjects: 本研究では for the authors' contribution, no 私たちの before results, no
私たち the English never wrote, no 彼らは for an opening "They"."""

from __future__ import annotations

import pytest
from fake_engines import CannedJapanese

from jtrans import api, pronouns


@pytest.mark.parametrize(
    ("english", "japanese", "expected"),
    [
        ("We propose a method.", "私たちは、手法を提案します。", "本研究では、手法を提案します。"),
        ("We present X.", "私たちはXを提示します。", "本研究では、Xを提示します。"),
        (
            "In this work, we introduce X.",
            "私たちは、Xを導入します。",
            "本研究では、Xを導入します。",
        ),
        ("Our experiments show that X.", "私たちの実験は、Xを示します。", "実験は、Xを示します。"),
        ("Our results also indicate X.", "私たちの結果はXを示す。", "結果はXを示す。"),
        # a hypothesis, findings that are not reported, other verbs: left as the model wrote
        ("We propose that X occurs.", "私たちは、Xが起こると提案します。", None),
        ("Our findings are applicable to X.", "私たちの発見はXに適用できます。", None),
        ("We show that X.", "私たちは、Xを示します。", None),
        # the Japanese does not open with the literal rendering
        ("We propose a method.", "手法を提案します。", None),
        # a 私たち the English never wrote (real weeks: "It proposes a novel framework" came
        # back as 私たちは、…を提案し): the subject is left out, an invented 私たちの dropped
        ("It proposes a framework.", "私たちは、枠組みを提案します。", "枠組みを提案します。"),
        ("It scales to 7B.", "私たちのモデルは7Bまで拡張します。", "モデルは7Bまで拡張します。"),
        ("They propose a method.", "彼らは、手法を提案します。", "手法を提案します。"),
        ("It helps them.", "彼らは助けられます。", None),  # "they" does not open it
        ("They show we can.", "私たちは、できることを示します。", None),  # "we" is there
    ],
)
def test_house_rendering_of_pronoun_subjects(
    english: str, japanese: str, expected: str | None
) -> None:
    assert pronouns.house(japanese, english) == (expected or japanese)


def test_the_pipeline_writes_the_house_rendering() -> None:
    """digest-eval's references open "We propose/present/introduce" sentences with 本研究では
    (6 of them) and drop "our" before results; the model wrote 私たちは and 私たちの."""
    engine = CannedJapanese(
        {
            "We propose": "私たちは、新しい手法を提案します。",
            "Our results": "私たちの結果は有効性を示します。",
        }
    )
    out = api.text("We propose a new method. Our results show that it works.\n", engine=engine)
    assert out == "本研究では、新しい手法を提案します。結果は有効性を示します。\n"


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        # real weeks: "Introduces ComfyUI-R1, a …" came back as ComfyUI-R1を導入すると、…
        ("Introduces ⟦0⟧, a model for X.", "This paper introduces ⟦0⟧, a model for X."),
        (
            "⟦0⟧Star Attention⟦1⟧ - introduces Star Attention, a two-phase mechanism.",
            "⟦0⟧Star Attention⟦1⟧ - This paper introduces Star Attention, a two-phase mechanism.",
        ),
        ("Proposes Alita, an agent.", "This paper proposes Alita, an agent."),
        # a subject already, no apposition, not the opening word: as it is
        ("It introduces ⟦0⟧, a model.", None),
        ("Proposes a framework for X.", None),
        ("The authors introduce X, a model.", None),
        ("This also introduces X, a model.", None),
    ],
)
def test_a_subjectless_item_naming_its_contribution_gets_a_subject(
    sent: str, expected: str | None
) -> None:
    assert pronouns.subject(sent) == (expected or sent)


def test_the_subject_given_to_the_engine_is_not_published() -> None:
    """The model writes この論文では、…であるXを紹介します for "This paper introduces X, a …";
    the English wrote no subject, and neither does digest-eval's reference (…手法、DepthRouter
    を提案しています)."""
    engine = CannedJapanese({"This paper proposes": "この論文では、手法である⟦0⟧を提案します。"})
    source = "Proposes DepthRouter, a method in which tokens skip layers.\n"
    out = api.text(source, engine=engine, no_glossary=True)
    assert out == "手法であるDepthRouterを提案します。\n"
    assert engine.seen[0].startswith("This paper proposes ")
    # after a bold title in the English too
    english = "**Star Attention** - introduces Star Attention, a mechanism."
    assert pronouns.house("**Star Attention** - この論文では、Xを紹介します。", english) == (
        "**Star Attention** - Xを紹介します。"
    )
    # where the English names the paper, its この論文では stays
    english = "This paper introduces X, a model."
    assert (
        pronouns.house("この論文では、Xを紹介します。", english) == "この論文では、Xを紹介します。"
    )
