"""Killing ``jtrans translate`` mid-way (SIGTERM, SIGINT) leaves the translation memory
consistent, with whole commit groups only, and the next run reuses what was committed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
GROUP = 5  # sentences per translation memory commit in the child process
SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import slow_engine  # registers the "slow" engine
import jtrans.pipeline
jtrans.pipeline.TM_COMMIT_SENTENCES = {GROUP}
from jtrans.cli import main

main()
"""

pytestmark = pytest.mark.slow  # kills a real translate process


def _run(args: list[str], cwd: Path, delay: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, JTRANS_SLOW_SECONDS=delay)
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _entries(db: Path) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    except sqlite3.OperationalError:  # the table is being created
        return 0
    finally:
        con.close()


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_interrupted_run_keeps_whole_groups_and_next_run_reuses_them(
    tmp_path: Path, sig: int, code: int
) -> None:
    n = 60
    post = tmp_path / "post.md"
    post.write_text("".join(f"Paragraph number {i} says something.\n\n" for i in range(n)))
    db, out, report = tmp_path / "tm.sqlite", tmp_path / "post.ja.md", tmp_path / "r.json"
    args = ["translate", "--engine", "slow", str(post), "-o", str(out), "--tm", str(db), "-q"]
    proc = _run(args, tmp_path, "0.05")  # 60 sentences x 0.05 s: about 3 s of "decoding"
    deadline = time.monotonic() + 60
    while _entries(db) < 2 * GROUP:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no commits seen"
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.decode().strip().splitlines()[-1] in ("jtrans: terminated", "jtrans: interrupted")
    assert not out.exists()  # no partial output either

    con = sqlite3.connect(str(db))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = con.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    con.close()
    assert 2 * GROUP <= kept < n and kept % GROUP == 0  # whole transactions only

    again = _run([*args, "--report", str(report)], tmp_path, "0")
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert json.loads(report.read_text())["reused_units"] == kept
    expected = "".join(f"PARAGRAPH NUMBER {i} SAYS SOMETHING.\n\n" for i in range(n))
    assert out.read_text() == expected
    assert _entries(db) == n
