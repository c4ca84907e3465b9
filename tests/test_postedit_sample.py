"""``benchmarks/postedit_sample.py``: the same described items for every model, one sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmark_script import load

WEEK = Path(__file__).parent / "fixtures" / "digest_week.md"


@pytest.fixture(scope="module")
def sampler():
    return load("postedit_sample")


def test_items_are_the_described_rows_of_each_week(sampler) -> None:
    text = WEEK.read_text(encoding="utf-8")
    found = sampler.items(text)
    rows = [line for line in text.splitlines() if line.startswith("| ") and ") **" in line]
    long_rows = [r for r in rows if len(r.split(" - ", 1)[1].split(" | [")[0].strip()) >= 150]
    assert len(found) == len(long_rows) and 0 < len(found) < len(rows)
    where, title, description = found[0]
    assert where == "Top ML Papers of the Week (March 3 - March 9), item 1"
    assert title == "Sparse Mixture Routing"
    assert description.startswith("proposes a routing scheme") and "|" not in description
    assert all(len(d) >= sampler.MIN_CHARS for _, _, d in found)


def test_a_seed_draws_the_same_items_and_another_seed_others(sampler) -> None:
    text = WEEK.read_text(encoding="utf-8")
    pool = sampler.items(text)
    first = sampler.sample(text, 3, seed=29)
    assert first == sampler.sample(text, 3, seed=29) and len(first) == 3
    assert set(first) <= set(pool)
    assert any(sampler.sample(text, 3, seed=s) != first for s in range(30, 40))
    assert sorted(sampler.sample(text, 99, seed=1)) == sorted(pool)  # fewer than asked: all


def test_the_sheet_has_one_verdict_row_per_japanese_sentence(sampler) -> None:
    drawn = [("W, item 1", "A | B", "does x; does y.")]
    sheet = sampler.render(drawn, ["**A｜B** - xをします。yをします！"])
    rows = [line for line in sheet.splitlines() if line.endswith("| |")]
    assert rows == ["| **A｜B** - xをします。 | |", "| yをします！ | |"]
    assert "## 1. W, item 1" in sheet and "EN: **A | B** - does x; does y." in sheet
    assert sampler.render(drawn, ["a | b"]).count("&#124;") == 1  # a pipe cannot end the cell


def test_without_the_digests_it_exits_2_with_one_line(sampler, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sampler, "DIGEST", Path("/nonexistent/digest.md"))
    assert sampler.main(["--n", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs ../shared" in err
