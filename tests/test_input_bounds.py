"""Bounded memory and time: inputs without a size (``/dev/zero``, an endless stdin)
are read up to a cap with a clear error, and review files are bounded before they are parsed
(a 115 MB PO file reached 3.5 GB)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import one_line_error

from jtrans import reader

pytestmark = pytest.mark.slow  # memory- and time-bound inputs

ROOT = Path(__file__).resolve().parents[1]
POST = "# Title\n\nHello world.\n"


class Endless:
    """An endless stdin (``yes "Hello world."``), counting what was read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an endless input must never be read whole"
        self.read_bytes += size
        return (b"Hello world.\n" * (size // 13 + 1))[:size]


def test_an_endless_stdin_stops_at_the_cap(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNSIZED_BYTES", 1 << 20)
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": endless})())
    code, out, err = cli("translate", "-", "--engine", "identity", "-o", "out.md", "--no-tm")
    assert code == 3 and out == ""
    assert one_line_error(err) == (
        "jtrans: error: stdin gives more than 1 MiB and is not a regular file; jtrans reads at "
        "most that much from a pipe or device (save it to a file: large files are translated "
        "in chunks)"
    )
    assert endless.read_bytes <= (1 << 20) + (1 << 16)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_dev_zero_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", "from jtrans.cli import main; main()", "translate", "/dev/zero",
         "--engine", "identity", "--no-tm", "-o", "out.md"],
        cwd=tmp_path, env=env, capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    line = one_line_error(done.stderr.decode())
    assert line.startswith("jtrans: error: /dev/zero gives more than 64 MiB")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 2 * 1024 * 1024  # 21.5 GB before the kernel killed it, once
    assert list(tmp_path.iterdir()) == []


def test_a_regular_file_over_the_cap_is_still_translated(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNSIZED_BYTES", 16)  # only inputs without a size are capped
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    code, out, err = cli("translate", "post.md", "--engine", "identity", "--no-tm")
    assert code == 0 and out == POST, err


def test_a_review_file_far_larger_than_its_post_is_refused_before_parsing(
    cli, tmp_path: Path, monkeypatch
) -> None:
    from translate.storage import pypo

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the review file was parsed")

    monkeypatch.setattr(pypo.pofile, "parse", never)
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    entry = 'msgctxt "unit 1"\nmsgid "Hello world."\nmsgstr "こんにちは。"\n\n'
    (tmp_path / "post.po").write_text(entry * 100_000, encoding="utf-8")  # ~5 MB
    size = (tmp_path / "post.po").stat().st_size
    code, out, err = cli("import", "post.md", "post.po", "-o", "post.ja.md", "--no-tm")
    assert code == 3 and out == ""
    assert one_line_error(err) == (
        f"jtrans: error: post.po is {size / (1 << 20):.1f} MiB, more than 1 MiB for a review "
        "file of this post"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md", "post.po"]
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": endless})())
    code, _, err = cli("import", "post.md", "-", "-o", "post.ja.md", "--no-tm")
    assert code == 3 and "stdin gives more than 1 MiB" in one_line_error(err)
    assert endless.read_bytes <= (1 << 20) + (1 << 16)


def test_the_review_limit_grows_with_the_post_up_to_a_ceiling() -> None:
    from jtrans.cli.review import MAX_REVIEW_BYTES, review_limit

    assert review_limit("") == 1 << 20
    assert review_limit("x" * 100_000) == 2_000_000
    assert review_limit("x" * 100_000_000) == MAX_REVIEW_BYTES


def test_tm_import_from_an_endless_stdin_stops_at_the_cap(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNSIZED_BYTES", 1 << 20)
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": endless})())
    code, _, err = cli("tm", "import", "-", "--tm", "team.sqlite")
    assert code == 3 and "stdin gives more than 1 MiB" in one_line_error(err)
    assert endless.read_bytes <= (1 << 20) + (1 << 16)
