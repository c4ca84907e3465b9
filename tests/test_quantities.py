"""Percentages and multipliers are rendered by rule (34% → 34%, 4.5x → 4.5倍) and protected."""

from __future__ import annotations

import pytest

from jtrans import quantities
from jtrans.pipeline import Pipeline
from jtrans.placeholders import make


@pytest.mark.parametrize(
    "text, rendered",
    [
        ("4.5x faster", ["4.5倍"]),
        ("34% fewer tokens and a 12.5× speed-up", ["34%", "12.5倍"]),
        ("a 1,000x cheaper run", ["1,000倍"]),
        ("3x3 grid, x86, 2x-faster, 50%-60%, v1.5x, e.g.2x", []),
    ],
)
def test_rendering(text: str, rendered: list[str]) -> None:
    out, restore = quantities.protect(text, 0)
    assert list(restore.values()) == rendered
    assert out.count("⟦") == len(rendered)


def test_numbering_continues_from_next_index() -> None:
    out, restore = quantities.protect("cuts cost by 40%", 3)
    assert out == f"cuts cost by {make(3)}" and restore == {3: "40%"}


class Echo:
    """A 'Japanese' engine that returns its input (placeholders included)."""

    name = "echo-ja"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return list(sentences)


def test_pipeline_restores_the_japanese_rendering() -> None:
    out = Pipeline(Echo()).translate("It runs 2.8x faster with 35% less memory.\n").text
    assert "2.8倍" in out and "35%" in out and "2.8x" not in out
