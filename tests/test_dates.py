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
    ],
)
def test_dates_render_in_japanese(text: str, ja: str) -> None:
    out, restore = protect(f"released ({text}) today", 2)
    assert out == "released (⟦2⟧) today" and restore == {2: ja}


@pytest.mark.parametrize("text", ["models may 5 times", "Mayday 3", "the 2023 March-like"])
def test_non_dates_are_left_alone(text: str) -> None:
    assert protect(text, 0) == (text, {})


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
