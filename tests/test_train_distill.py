"""Self-distillation pairs: the pipeline's confident finished translations of digest weeks."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_engines import Scored, default_model_available

from jtrans.api import build_pipeline
from jtrans.train import distill


def test_weeks_split_at_each_weekly_heading() -> None:
    head = "## Top ML Papers of the Week"
    text = f"# Intro\n\n{head} (May 1)\nA\n{head} (May 8)\nB\n"
    assert [w.splitlines()[0] for w in distill.weeks(text)] == [
        "# Intro",
        "## Top ML Papers of the Week (May 1)",
        "## Top ML Papers of the Week (May 8)",
    ]


def test_pairs_keep_placeholders_and_only_confident_sentences_once() -> None:
    engine = Scored(
        {
            "beats": ("⟦0⟧は数学で⟦1⟧を上回ります。", -0.1),
            "unsure": ("よくわかりません。", -3.0),  # exp(-3): far below the threshold
            "Short": ("短い。", -0.1),
        }
    )
    pipeline = build_pipeline(engine=engine, no_glossary=True)
    week = (
        "GPT-4o beats Llama-3-8B on hard math today.\n\nThis is an unsure sentence here.\n\n"
        "Short.\n"
    )
    got = list(distill.pairs(pipeline, [week, week]))
    assert got == [("⟦0⟧ beats ⟦1⟧ on hard math today.", "⟦0⟧は数学で⟦1⟧を上回ります。")]


@pytest.mark.skipif(not default_model_available(), reason="needs the default model and ctranslate2")
def test_the_cli_writes_pairs_from_the_digests_with_the_default_model(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    digests = shared / distill.DIGESTS
    with pytest.raises(SystemExit, match="no digests"):
        distill.main(["--shared", str(shared), "--out", str(tmp_path / "p.tsv")])
    digests.parent.mkdir(parents=True)
    week = (
        "## Top ML Papers of the Week (May {d})\n\n"
        "1) **Qwen2.5-Math** - a series of math models that outperform GPT-4o on MATH.\n"
    )
    digests.write_text(week.format(d=1) + week.format(d=8), encoding="utf-8")
    out = tmp_path / "sd" / "pairs.tsv"
    distill.main(["--shared", str(shared), "--out", str(out), "--min-confidence", "0"])
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(row) == 2 for row in rows)
    assert len({en for en, _ in rows}) == len(rows)  # each source once over both weeks
    assert any("⟦" in en and "⟦" in ja for en, ja in rows)  # at the engine's level
    assert not out.with_suffix(".tmp").exists()
