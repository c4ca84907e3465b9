"""Start-up time of the ``jtrans`` command: fresh processes, best of N.

Usage::

    python benchmarks/startup.py [--input week.md] [--repeat 7]

Measures, each in a fresh ``python -m jtrans`` process (best of ``--repeat`` runs; wall time
and the CPU time the process used, from ``os.wait4``):

* ``python -c pass`` (the interpreter alone, for reference);
* ``jtrans --version`` and ``jtrans --help``;
* ``jtrans translate WEEK -o OUT`` served entirely from the translation memory (one run before
  fills a fresh memory), the target being ≤ 0.3 s.

The input is a real week of ../shared/digests (else examples/post.md). Prints each time and
the ratio of the memory-served week to its 0.3 s target. On a machine whose CPUs are busy with
other work the wall times grow; the CPU times less so. Bytecode is written and used as in an
installed package (``PYTHONDONTWRITEBYTECODE`` is dropped for the measured runs).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"
TARGET = 0.3


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"startup.py: {' '.join(cmd[2:])} failed")
    return wall, usage.ru_utime + usage.ru_stime


def best(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    runs = [timed(cmd, env) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        week = work / "week.md"
        if args.input:
            week.write_bytes(args.input.read_bytes())
        elif DIGEST.is_file():
            text = DIGEST.read_text(encoding="utf-8")
            parts = [p for p in re.split(r"(?m)^(?=## )", text) if p.startswith("## Top ML")]
            week.write_text(parts[0], encoding="utf-8")
        else:
            print("startup.py: ../shared not found; using examples/post.md")
            week.write_bytes((ROOT / "examples" / "post.md").read_bytes())
        env = dict(os.environ, JTRANS_TM=str(work / "tm.sqlite"))
        # as installed: pip writes bytecode at install time, so each run here may cache it too
        # (with PYTHONDONTWRITEBYTECODE every run compiles the package's sources again)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        jtrans = [sys.executable, "-m", "jtrans"]
        translate = [*jtrans, "translate", str(week), "-o", str(work / "out.md"), "-q"]
        timed(translate, env)  # fills the memory
        rows = [
            ("python -c pass", best([sys.executable, "-c", "pass"], env, args.repeat)),
            ("jtrans --version", best([*jtrans, "--version"], env, args.repeat)),
            ("jtrans --help", best([*jtrans, "--help"], env, args.repeat)),
            ("memory-served week", best(translate, env, args.repeat)),
        ]
    print(f"{'command':24s} {'wall s':>8s} {'cpu s':>8s}   (best of {args.repeat})")
    for name, (wall, cpu) in rows:
        print(f"{name:24s} {wall:8.3f} {cpu:8.3f}")
    wall, cpu = rows[-1][1]
    print(
        f"memory-served week / {TARGET} s target: wall {wall / TARGET:.2f}, cpu {cpu / TARGET:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
