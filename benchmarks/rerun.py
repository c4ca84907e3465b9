"""Re-run after a one-word edit: 16 weeks in one ``--out-dir`` run, then again.

Usage::

    python benchmarks/rerun.py [--weeks 16] [--digest ../shared/digests/ml-papers-of-the-week.md]

Cuts the first ``--weeks`` weeks of the digest into files, translates them all with
``jtrans translate w*.md --out-dir ja --tm FRESH.sqlite`` (a fresh process, the default model),
edits one word in one week and runs the same command again. Prints the wall time of both runs,
their ratio (target: the re-run ≥ 20× faster) and whether the unchanged weeks' outputs are
byte-identical (target: all of them). Exit 1 when a target is missed; without ../shared it says
so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"


def weeks(digest: Path, n: int) -> list[str]:
    parts = re.split(r"(?m)^(?=## )", digest.read_text(encoding="utf-8"))
    return [p for p in parts if p.startswith("## Top ML Papers")][:n]


def edit_one_word(text: str) -> str:
    """One word of the first table row changed: " model " → " system " (else the first
    percentage or number + 1), so the edited week's translation must change."""
    rows = [line for line in text.splitlines(keepends=True) if re.match(r"\| \d+\) ", line)]
    for row in rows:
        if " model " in row:
            return text.replace(row, row.replace(" model ", " system ", 1), 1)
    for row in rows:
        m = re.search(r"\b\d+\b", row[4:])
        if m:
            new = row[: 4 + m.start()] + str(int(m.group(0)) + 1) + row[4 + m.end() :]
            return text.replace(row, new, 1)
    raise SystemExit("rerun.py: no word to edit in the chosen week")


def run(files: list[Path], out: Path, tm: Path) -> float:
    jtrans = [sys.executable, "-m", "jtrans"]
    cmd = [*jtrans, "translate", *map(str, files), "--out-dir", str(out), "--tm", str(tm), "-q"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"rerun.py: jtrans failed: {proc.stderr.strip()[-300:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--digest", type=Path, default=DIGEST)
    args = parser.parse_args()
    if not args.digest.is_file():
        print(f"rerun.py: {args.digest} not found (needs ../shared); nothing measured")
        return 0
    texts = weeks(args.digest, args.weeks)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = []
        for i, text in enumerate(texts):
            files.append(work / f"week{i:02d}.md")
            files[-1].write_text(text, encoding="utf-8")
        out, tm = work / "ja", work / "tm.sqlite"
        first = run(files, out, tm)
        before = {f.name: (out / f.name).read_bytes() for f in files}
        edited = files[len(files) // 2]
        edited.write_text(edit_one_word(edited.read_text(encoding="utf-8")), encoding="utf-8")
        second = run(files, out, tm)
        same = sum(before[f.name] == (out / f.name).read_bytes() for f in files if f != edited)
        changed = before[edited.name] != (out / edited.name).read_bytes()
        shutil.rmtree(out)
    ratio = first / second
    print(f"weeks: {len(files)} (edited: {edited.name}, one word)")
    print(f"first run:  {first:8.2f} s   (empty translation memory)")
    print(f"re-run:     {second:8.2f} s")
    print(f"speed-up:   {ratio:8.1f}x   (target >= 20x)")
    print(f"unchanged weeks byte-identical: {same}/{len(files) - 1}; edited changed: {changed}")
    ok = ratio >= 20 and same == len(files) - 1 and changed
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    sys.exit(main())
