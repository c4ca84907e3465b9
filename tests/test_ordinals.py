"""Ordinals in digits whose noun says how Japanese counts them are rendered by rule (2nd place →
2位, 88th percentile → 88パーセンタイル, 3rd time → 3回目) and protected; others are left alone."""

from __future__ import annotations

import pytest
from fake_engines import EchoJapanese

from jtrans import ordinals, sentence_rules
from jtrans.pipeline import Pipeline
from jtrans.placeholders import make
from jtrans.train.prepare import rule_pair


@pytest.mark.parametrize(
    "text, rendered",
    [
        # a real week's "ranks 2nd place" came back as 2つの場所
        ("the model ranks 2nd place in the VOTS2023 challenge", ["2位"]),
        ("took 1st Place and 3rd position", ["1位", "3位"]),
        ("at the 88th percentile, the 50th Percentile", ["88パーセンタイル", "50パーセンタイル"]),
        ("for the 3rd time", ["3回目"]),
        # a range (a real week's "51st–88th percentile" came back as 51st-88パーセンタイル)
        ("in the 51st–88th percentile, the 10th-20th place", ["51～88パーセンタイル", "10～20位"]),
        # after a verb of ranking, the ordinal alone
        ("She finished 2nd; Ranked 1st on MMLU; it came 11th.", ["2位", "1位", "11位"]),
        # spelled out: a place, after a verb of ranking, a shared rank (a real week's "tied for
        # second" came back as 2秒に関連付けられ, two seconds)
        ("is tied for second in Elo score, tied for 3rd place", ["2位タイ", "3位タイ"]),
        ("took first place; it ranks second and finished Tenth", ["1位", "2位", "10位"]),
        # the idiom, and spelled ordinals with other nouns, stay
        ("in the first place, In the first place, the first time, the second stage", []),
        # left to the model: other nouns, hyphenated, inside a number or name, no noun or verb
        ("the 19th century, a 2nd-place team, v1.2nd place, x3rd place, the 3rd", []),
        ("ranks 2nd-best, ranked 3rds, the 4th of July", []),
    ],
)
def test_protect(text: str, rendered: list[str]) -> None:
    out, restore = ordinals.protect(text, 5)
    assert [restore[k] for k in sorted(restore)] == rendered
    assert sorted(restore) == list(range(5, 5 + len(rendered)))
    assert all(make(k) in out for k in restore)


def test_it_runs_after_dates_and_quantities_and_before_the_glossary() -> None:
    order = sentence_rules.ORDER
    assert order.index("quantities") < order.index("ordinals") < order.index("glossary")
    assert sentence_rules.MODULES["ordinals"] is ordinals


def test_the_pipeline_restores_the_japanese_rendering() -> None:
    out = Pipeline(EchoJapanese()).translate("It ranks 2nd place at the 88th percentile.\n").text
    assert "2位" in out and "88パーセンタイル" in out and "2nd" not in out


def test_training_pairs_keep_the_placeholder_only_where_the_japanese_has_it() -> None:
    en, ja = rule_pair(ordinals, "It ranks 2nd place.", "2位にランクされます。")
    assert (en, ja) == ("It ranks ⟦0⟧.", "⟦0⟧にランクされます。")
    en, ja = rule_pair(ordinals, "It ranks 2nd place.", "第二位です。")
    assert (en, ja) == ("It ranks 2nd place.", "第二位です。")


def test_a_rank_written_as_a_participle_becomes_a_noun_again() -> None:
    """A real week's "e.g., 5th place in a real AHC contest" came back as 5位されたなど."""
    restore = {0: "5位", 1: "2位タイ", 2: "GPT", 3: "88パーセンタイル"}
    text = "コンテストで⟦0⟧されたなど、⟦1⟧され、⟦1⟧されて、⟦2⟧された手法、⟦3⟧された"
    assert ordinals.unpassive(text, restore) == (
        "コンテストで⟦0⟧など、⟦1⟧となり、⟦1⟧となって、⟦2⟧された手法、⟦3⟧された"
    )


class Participle:
    name = "participle"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return ["実際のコンテストで⟦0⟧されたなど、高いスコアを達成しました。" for _ in sentences]


def test_the_pipeline_mends_the_participle() -> None:
    source = "It achieved high scores, e.g., 5th place in a real contest.\n"
    out = Pipeline(Participle()).translate(source).text
    assert out == "実際のコンテストで5位など、高いスコアを達成しました。\n"
