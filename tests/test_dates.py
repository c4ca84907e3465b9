"""Dates are rendered by rule (Japanese order and units) and protected from the model."""

from __future__ import annotations

import pytest

from jtrans import api
from jtrans.config import Config
from jtrans.dates import protect


@pytest.mark.parametrize(
    ("text", "ja"),
    [
        ("June 23 - June 29", "6月23日～6月29日"),
        ("July 31 - August 6", "7月31日～8月6日"),
        ("May 26-31", "5月26日～5月31日"),
        ("July 31, 2023", "2023年7月31日"),
        ("January 2024", "2024年1月"),
        ("Sept. 3rd", "9月3日"),
        ("24 December", "12月24日"),
        ("24 December 2021", "2021年12月24日"),
        ("24th of December", "12月24日"),
        ("23-29 June", "6月23日～6月29日"),
        ("4 Oct 2024", "2024年10月4日"),
    ],
)
def test_dates_render_in_japanese(text: str, ja: str) -> None:
    out, restore = protect(f"released ({text}) today", 2)
    assert out == "released (⟦2⟧) today" and restore == {2: ja}


@pytest.mark.parametrize(
    "text",
    ["models may 5 times", "Mayday 3", "the 2023 March-like", "Llama 3 May 2024 update",
     "Top 5 March picks", "GPT-4 March", "version 2.5 June"],
)  # fmt: skip
def test_non_dates_are_left_alone(text: str) -> None:
    assert protect(text, 0) == (text, {})


def test_day_first_date_keeps_the_sentence_stop_and_follows_lead_words() -> None:
    assert protect("The vote is on 24 Dec.", 0) == ("The vote is on ⟦0⟧.", {0: "12月24日"})
    assert protect("On 3 May the", 0) == ("On ⟦0⟧ the", {0: "5月3日"})


class Echo:
    name = "echo"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [s.replace("Top ML Papers of the Week", "今週の論文") for s in sentences]


def test_pipeline_renders_heading_dates_without_the_model() -> None:
    # without the glossary "ML" would be kept as a coined name (jtrans.names): off here
    out = api.text("## Top ML Papers of the Week (June 23 - June 29)\n", engine=Echo(),
                   no_glossary=True, config=Config(protect_names=False))  # fmt: skip
    assert out == "## 今週の論文(6月23日～6月29日)\n"
