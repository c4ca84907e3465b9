"""Long runs stay readable: a line per finished file, warnings summarised by kind (count and
first few; all of them in --report), no warning line over 200 characters, progress with counts
and an ETA on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jtrans.cli import summary
from jtrans.findings import Finding

DROPPER = (
    "from jtrans.engines import register\n"
    "import re\n"
    "class Dropper:\n"
    "    name = 'dropper'\n"
    "    target_lang = None\n"
    "    def __init__(self, **_): pass\n"
    "    def translate_batch(self, s):\n"
    "        return [re.sub(r'\\u27e6\\d+\\u27e7', '', x) for x in s]\n"
    "register('dropper')(Dropper)\n"
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "dropper.py").write_text(DROPPER)
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    return subprocess.run(
        [sys.executable, "-c", "import dropper; from jtrans.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_many_warnings_are_summarised_by_kind_with_short_lines(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    hostile = "x" * 30_000
    for n in range(3):
        body = "".join(f"Run `tool{k}` now.\n\n" for k in range(6))
        (posts / f"w{n}.md").write_text(body + f"See `{hostile}` here.\n")
    report = tmp_path / "report.json"
    result = run(
        tmp_path,
        "translate",
        "--engine",
        "dropper",
        "--no-tm",
        *sorted(str(p) for p in posts.iterdir()),
        "--out-dir",
        str(tmp_path / "ja"),
        "--report",
        str(report),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert max(len(line) for line in lines) <= summary.MAX_LINE
    # a line per finished file, in order
    done = [line for line in lines if line.startswith("jtrans: [")]
    assert [d.split("]")[0] for d in done] == ["jtrans: [1/3", "jtrans: [2/3", "jtrans: [3/3"]
    assert all("7 units" in d and "7 warning(s)" in d for d in done)
    # one summary: count per kind, what it means, the first few, where the rest are
    assert f"jtrans: 21 warnings of 1 kind (all of them in {report}):" in lines
    assert any(
        line.startswith("jtrans: warning: 21 × placeholder-retry: the model moved or repeated")
        for line in lines
    )
    examples = [line for line in lines if line.startswith("    ")]
    assert examples[:3] == [
        f'    {posts / "w0.md"}:{line}: the model left out "`tool{k}`"; the sentence was'
        f' translated again (in "Run `tool{k}` now.")'
        for k, line in ((0, 1), (1, 3), (2, 5))
    ]
    assert examples[3] == "    … and 18 more"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert sum(len(f["flags"]) for f in data["files"]) == 21  # all of them in the report
    # the hostile span is named shortened, not 30 KB long
    assert all(len(f["message"]) < 300 for f in data["files"][0]["flags"])


def test_few_warnings_are_listed_one_a_line() -> None:
    flags = [Finding("style", "mixed endings " + "y" * 500, line=3, unit=1)]
    (line,) = summary.lines([("a.md:3", f) for f in flags])
    assert line.startswith("jtrans: warning: a.md:3: style: mixed endings yyy")
    assert len(line) == summary.MAX_LINE and line.endswith("…")


def test_progress_bar_shows_counts_and_time_remaining() -> None:
    from rich.console import Console

    from jtrans.cli.progress import FilesProgress, Progress

    buf = io.StringIO()
    bar = Progress(threshold=10, console=Console(file=buf, force_terminal=True, width=120))
    bar(0, 50)
    bar(20, 50)
    bar(10, 50)  # a retry batch never moves the bar back
    assert bar._done == 20
    bar.close()
    assert "20/50" in buf.getvalue() and "ETA" in buf.getvalue()
    buf = io.StringIO()
    files = FilesProgress(4, 1000, console=Console(file=buf, force_terminal=True, width=120))
    files.start(500)
    files.partial(2, 10)  # the engine's batch, part way
    assert files._bar.tasks[0].completed == 100
    files.partial(1, 10)  # a retry batch starts again: the bar does not move back
    assert files._bar.tasks[0].completed == 100
    files(5, 10)
    files.finished(2)
    files.print("jtrans: [2/4] a.md → ja/a.md: 3 units")
    files.close()
    out = buf.getvalue()
    assert "2/4 files" in out and "500/1000" in out and "jtrans: [2/4] a.md" in out
