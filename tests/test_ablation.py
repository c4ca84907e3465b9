"""``benchmarks/postprocess_ablation.py`` on a tiny synthetic (source, raw MT, reference) TSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmark_script import load

from jtrans.postprocess.config import RULE_NAMES

ROWS = [
    (
        "GPT-4 speeds up Transformer inference.",
        "ＧＰＴ－４ は Transformer の 推論 を 高速 化 する.",
        "GPT-4はTransformerの推論を高速化します。",
    ),
    (
        "We propose a new method, and evaluate it.",
        "新しい 手法 を 提案 し, 評価 する.",
        "新しい手法を提案し、評価します。",
    ),
    ("A study of studies.", "の研究の研究の研究の研究の研究", "研究についての研究です。"),
]


@pytest.fixture(scope="module")
def ablation():
    return load("postprocess_ablation")


def test_ablation_rows(ablation, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "raw.tsv"
    tsv.write_text("".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8")
    assert ablation.main(["--tsv", str(tsv), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["variant"]: r for r in data["rows"]}
    assert list(rows) == ["all", *[f"all - {r}" for r in RULE_NAMES], "none"]
    assert data["segments"] == 3 and "tok:ja-unidic(" in data["signature"]
    assert rows["all"]["bleu"] > rows["none"]["bleu"] + 20
    assert rows["all - width"]["delta_bleu"] < 0 and rows["all - style"]["delta_chrf"] < 0
    # the guard replaces the looping row by the marked English source
    assert rows["all - guard"]["segments_differing_from_all"] == 1
    assert rows["none"]["segments_differing_from_all"] == 3


def test_ablation_table_and_errors(ablation, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "raw.tsv"
    tsv.write_text("\t".join(ROWS[0]) + "\n", encoding="utf-8")
    ablation.main(["--tsv", str(tsv)])
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["variant", "BLEU", "ΔBLEU", "chrF", "ΔchrF", "changed"]
    tsv.write_text("only\ttwo\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"raw.tsv:1: expected 3 tab-separated fields"):
        ablation.main(["--tsv", str(tsv)])


def test_ablation_through_pipeline_with_identity(ablation, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text("A new method.\t新しい手法です。\n", encoding="utf-8")
    ablation.main(["--set", str(tsv), "--engine", "identity", "--json"])
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert len({round(r["bleu"], 6) for r in rows}) == 1  # identity: rules never run
