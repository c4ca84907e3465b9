"""Output targets: only regular files are replaced by rename. Devices and FIFOs are written
straight through, symlinks keep pointing at their (atomically rewritten) target, read-only
targets are refused by their mode bits (also for root), ``-o X --report X`` is refused, and the
temp files of a run killed with ``kill -9`` are removed by the next write."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans.fileio import (
    ReadOnlyError,
    atomic_writer,
    is_read_only,
    remove_stale_temps,
    write_atomic,
)

POST = "# Title\n\nHello world.\n"
UPPER = "# TITLE\n\nHELLO WORLD.\n"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")

    def call(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, *args, "--engine", "upper", "--no-tm")

    return call


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_dev_null_stays_a_device(cli, tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    code, out, err = cli("translate", "post.md", "-o", "/dev/null")
    assert code == 0 and out == "", err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not [p for p in Path("/dev").glob(".null.*.tmp")]
    assert listing(tmp_path) == ["post.md"]


def test_dev_stdout_is_written_straight_through(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", "from jtrans.cli import main; main()", "translate", "post.md",
         "-o", "/dev/stdout",
         "--engine", "upper", "--no-tm"],
        cwd=tmp_path, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == UPPER
    assert listing(tmp_path) == ["post.md"]


def test_a_fifo_stays_a_fifo_and_its_reader_gets_the_text(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = cli("translate", "post.md", "-o", "pipe")
    reader.join(timeout=30)
    assert code == 0, err
    assert not reader.is_alive() and got == [UPPER.encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(tmp_path) == ["pipe", "post.md"]


def test_output_through_a_symlink_rewrites_its_target(cli, tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    os.chmod(tmp_path / "real.md", 0o640)
    (tmp_path / "link.md").symlink_to("real.md")
    code, _, err = cli("translate", "post.md", "-o", "link.md")
    assert code == 0, err
    assert (tmp_path / "link.md").is_symlink()
    assert os.readlink(tmp_path / "link.md") == "real.md"
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == UPPER
    assert (tmp_path / "real.md").stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == ["link.md", "post.md", "real.md"]


def test_in_place_on_a_symlinked_post_translates_the_real_post(cli, tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "post.md").rename(tmp_path / "posts" / "real.md")
    (tmp_path / "post.md").symlink_to("posts/real.md")
    code, _, err = cli("translate", "post.md", "--in-place")
    assert code == 0, err
    assert (tmp_path / "post.md").is_symlink()
    assert (tmp_path / "posts" / "real.md").read_text(encoding="utf-8") == UPPER
    assert listing(tmp_path / "posts") == ["real.md"] and listing(tmp_path) == ["post.md", "posts"]


def test_output_equal_to_the_report_is_refused(cli, tmp_path: Path) -> None:
    code, out, err = cli("translate", "post.md", "-o", "x.md", "--report", "x.md")
    assert code == 2 and out == ""
    assert one_line_error(err) == (
        "jtrans: error: --report x.md would overwrite the translation (-o x.md)"
    )
    assert listing(tmp_path) == ["post.md"]
    (tmp_path / "x.md").write_text("keep\n", encoding="utf-8")
    (tmp_path / "alias.md").symlink_to("x.md")
    code, _, err = cli("translate", "post.md", "-o", "x.md", "--report", "alias.md")
    assert code == 2 and "would overwrite the translation" in one_line_error(err)
    assert (tmp_path / "x.md").read_text(encoding="utf-8") == "keep\n"


def test_batch_report_equal_to_an_output_is_refused(cli, tmp_path: Path) -> None:
    code, _, err = cli("translate", "post.md", "--out-dir", "ja", "--report", "ja/post.md")
    assert code == 2
    assert "--report ja/post.md would overwrite the translation ja/post.md" in one_line_error(err)
    assert listing(tmp_path) == ["post.md"]


@pytest.mark.parametrize("how", ["-o", "--in-place"])
def test_read_only_targets_are_refused_by_mode_bits_even_for_root(
    cli, tmp_path: Path, how: str
) -> None:
    target = tmp_path / ("post.md" if how == "--in-place" else "out.md")
    target.write_text(POST, encoding="utf-8")
    os.chmod(target, 0o444)
    args = ["post.md", "--in-place"] if how == "--in-place" else ["post.md", "-o", "out.md"]
    code, _, err = cli("translate", *args)
    assert code == 3
    assert one_line_error(err).endswith(f"{target.name} is read-only")
    assert target.read_text(encoding="utf-8") == POST
    assert target.stat().st_mode & 0o777 == 0o444
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_read_only_by_mode_bits_in_the_library(tmp_path: Path) -> None:
    f = tmp_path / "ro.md"
    f.write_text("keep", encoding="utf-8")
    os.chmod(f, 0o444)
    assert is_read_only(f)
    with pytest.raises(ReadOnlyError):
        write_atomic(f, "new")
    assert f.read_text(encoding="utf-8") == "keep"
    assert not is_read_only(tmp_path / "missing.md") and not is_read_only("/dev/null")


KILLED_WRITER = """
import sys, time
from jtrans.fileio import atomic_writer
with atomic_writer(sys.argv[1]) as fh:
    fh.write(b"half of a post")
    fh.flush()
    print("writing", flush=True)
    time.sleep(120)
"""


def test_the_temp_file_of_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "post.ja.md"
    target.write_text("old\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert len(temps) == 1 and temps[0].name.startswith(".post.ja.md.")
        assert remove_stale_temps(target) == []  # its writer is alive: left alone
        assert temps[0].exists()
    finally:
        proc.kill()  # kill -9
        proc.wait()
    assert temps[0].exists() and target.read_text(encoding="utf-8") == "old\n"
    write_atomic(target, "new\n")
    assert listing(tmp_path) == ["post.ja.md"]
    assert target.read_text(encoding="utf-8") == "new\n"


def test_cli_run_removes_a_stale_temp_and_keeps_other_files(cli, tmp_path: Path) -> None:
    stale = tmp_path / ".out.md.k9x_3abc.tmp"
    stale.write_text("half", encoding="utf-8")
    other = tmp_path / ".out.md.notes.tmp"  # not a name jtrans makes
    other.write_text("mine", encoding="utf-8")
    code, _, err = cli("translate", "post.md", "-o", "out.md")
    assert code == 0, err
    assert listing(tmp_path) == [".out.md.notes.tmp", "out.md", "post.md"]


def test_a_live_writers_temp_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    with atomic_writer(target) as fh:
        fh.write(b"x")
        assert remove_stale_temps(target) == []
        assert len(list(tmp_path.glob(".a.md.*.tmp"))) == 1
    assert listing(tmp_path) == ["a.md"]
