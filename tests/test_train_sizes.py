"""The size comparison (jtrans.train.sizes): the same wall time and data for every size, a
learning rate scaled by width, and the dev loss read at equal elapsed times."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from jtrans.train import sizes


def test_learning_rate_scales_with_width() -> None:
    assert sizes.scaled_lr(1e-3, "small") == pytest.approx(1e-3)
    assert sizes.scaled_lr(1e-3, "medium") == pytest.approx(7e-4)  # 1e-3 × √(256/512)


def test_every_size_gets_the_same_wall_time_data_and_warmup() -> None:
    args = argparse.Namespace(
        data=Path("d"), out=Path("o"), threads_each=1, lr=1e-3, warmup=300, eval_every=200,
        minutes=60.0,
    )  # fmt: skip
    small, medium = (sizes.trainer_command(args, a) for a in ("small", "medium"))

    def opt(cmd: list[str], name: str) -> str:
        return cmd[cmd.index(name) + 1]

    for name in ("--data", "--warmup", "--max-seconds", "--threads", "--eval-every"):
        assert opt(small, name) == opt(medium, name)
    assert opt(small, "--max-seconds") == "3600"
    assert opt(small, "--ckpt") == str(Path("o/small"))
    assert opt(medium, "--ckpt") == str(Path("o/medium"))
    assert (opt(small, "--lr"), opt(medium, "--lr")) == ("0.001", "0.0007")


HISTORY = [
    {"step": 200, "dev_loss": 7.9, "tokens": 100_000, "seconds": 500},
    {"step": 400, "dev_loss": 6.5, "tokens": 200_000, "seconds": 1000},
    {"step": 600, "dev_loss": 5.8, "tokens": 300_000, "seconds": 1500},
]


def test_dev_loss_is_read_at_the_last_evaluation_within_the_time() -> None:
    assert sizes.loss_at(HISTORY, 999) == 7.9
    assert sizes.loss_at(HISTORY, 1000) == 6.5
    assert sizes.loss_at(HISTORY, 100) is None


def test_summary_counts_cpu_hours_and_tokens_per_second() -> None:
    state = {"step": 650, "tokens": 330_000, "seconds": 1800.0, "history": HISTORY[::-1]}
    row = sizes.summary("small", state, threads=2, marks=[15, 30])
    assert row["cpu_hours"] == 1.0  # 30 minutes on two threads
    assert row["tokens_per_s"] == 183
    assert row["dev_loss"] == {"15 min": 7.9, "30 min": 5.8}
    assert row["final_dev_loss"] == 5.8
    table = sizes.table([row | {"bleu": 1.5, "chrf": 9.0, "bleu_per_cpu_hour": 1.5}], [15, 30])
    assert table.splitlines()[2] == "| small | 650 | 1.0 | 183 | 7.9 | 5.8 | 1.5 | 9.0 | 1.5 |"


def test_missing_data_and_missing_runs_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        sizes.main(["run", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "o")])
    where = tmp_path / "none"
    assert str(exc.value) == f"sizes: no prepared data at {where} (run jtrans.train.prepare)"
    with pytest.raises(SystemExit) as exc:
        sizes.main(["report", "--out", str(tmp_path)])
    assert str(exc.value) == f"sizes: no finished run in {tmp_path} (run first)"


def test_a_taken_folder_stops_the_run_before_any_trainer_starts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.npz").write_bytes(b"")
    (tmp_path / "o" / "medium").mkdir(parents=True)
    argv = ["run", "--data", str(data), "--out", str(tmp_path / "o"), "--threads-each", "1"]
    with pytest.raises(SystemExit) as exc:
        sizes.main([*argv, "--archs", "small", "medium"])
    taken = tmp_path / "o" / "medium"
    assert str(exc.value) == f"sizes: {taken} exists (a run starts from scratch)"
    assert not (tmp_path / "o" / "small").exists()  # small was not started first
    with pytest.raises(SystemExit) as exc:
        sizes.main([*argv, "--minutes", "0"])
    assert "--minutes above 0" in str(exc.value)
