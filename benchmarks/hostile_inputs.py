"""Worst inputs against an ordinary post of the same size: time and peak memory (issue 16).

Usage::

    python benchmarks/hostile_inputs.py [--mb 1.2] [--engine upper] [--json]

Each case is a generated file of about ``--mb`` MB run by a fresh ``jtrans`` process; its CPU
time and peak RSS come from ``os.wait4``. The acceptance bound is "no input makes jtrans use
more than 2 GB or run more than 10x the time of an ordinary post of the same size":

* ``ordinary``: ``examples/post.md`` repeated (the baseline for translate);
* ``long-line``: the ordinary post with one base64 image line of half the size in the middle
  (a streamed post with a long line was quadratic);
* ``deep-nesting``: lists nested 60 levels deep, repeated (past the parser's nesting limit);
* ``hostile-markdown``: block markers, backticks, seven-hash runs, link definitions with
  titles, pipeless tables, repeated;
* ``import-ordinary``: ``jtrans import`` of the post and a PO file of its units (baseline);
* ``import-huge-po``: the same post with a PO file of 40 MB (refused before it is parsed).

The default engine is ``upper`` (no model), so the time is jtrans's own work: the worst case
for the ratio, which a real model's decoding time would only dilute. Prints one row per case
with its time and memory ratios to the baseline and whether it is within the bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "post.md"
MAX_RSS_MB = 2048
MAX_RATIO = 10.0


def repeat(block: str, size: int) -> str:
    """``block`` repeated (with a blank line between) up to about ``size`` characters."""
    return ("\n" + block.strip("\n") + "\n") * max(1, size // (len(block) + 2) + 1)


def ordinary(size: int) -> str:
    return repeat(EXAMPLE.read_text(encoding="utf-8"), size)


def long_line(size: int) -> str:
    half = ordinary(size // 2)
    line = "![chart](data:image/png;base64," + "iVBORw0KGgo" * (size // 22) + ")\n"
    cut = half.index("\n\n", len(half) // 2) + 2
    return half[:cut] + line + "\n" + half[cut:]


def deep_nesting(size: int) -> str:
    block = "".join("  " * i + f"- level {i} item with a few words\n" for i in range(60))
    return repeat(block, size)


def hostile_markdown(size: int) -> str:
    block = (
        "Minus five degrees: - see #######, `code`, a lone ` and *stars*.\n\n"
        "- 1. item with [the paper] and [text][ref]\n"
        "  - > quoted ####### line\n\n"
        "Name \\| value\n---\n\n"
        "first | second\n--- | ---\n- cell | `x` |\n\n"
        "Over | reason\n---\n\n"
        '[the paper]: https://a.org "The Title"\n[ref]: https://b.org (Paren)\n'
    )
    return repeat(block, size)


def po_file(post: str, size: int | None = None) -> bytes:
    """A PO file with one reviewed entry per unit of ``post`` (padded with comments to
    ``size`` bytes when given)."""
    from jtrans import formats
    from jtrans.segment import segment

    segments = [
        formats.Segment(u.id, u.line, u.text, u.text.upper(), fuzzy=False) for u in segment(post)
    ]
    data = formats.get("po").dump(segments, "post.md")
    if size is not None and len(data) < size:
        pad = b"# " + b"x" * 78 + b"\n"
        data += pad * ((size - len(data)) // len(pad) + 1)
    return data


def run(args: list[str], cwd: Path) -> dict[str, float]:
    """Run ``jtrans ARGS`` in a fresh process: wall and CPU seconds, peak RSS (MB), exit code."""
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jtrans", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    return {
        "wall_s": round(time.perf_counter() - start, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.2, help="size of each input (MB)")
    parser.add_argument("--engine", default="upper", help="jtrans engine (default: upper)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    opts = parser.parse_args()
    size = int(opts.mb * 1_000_000)
    translate = ["translate", "post.md", "-o", "out.md", "--no-tm", "-q", "--engine", opts.engine]
    rows: list[dict[str, object]] = []
    base: dict[str, dict[str, object]] = {}  # the first row of each group is its baseline

    def record(row: dict[str, object]) -> None:
        ref = base.setdefault("import" if str(row["case"]).startswith("import") else "-", row)
        row["cpu_ratio"] = round(float(row["cpu_s"]) / max(float(ref["cpu_s"]), 1e-3), 2)
        row["ok"] = float(row["rss_mb"]) <= MAX_RSS_MB and float(row["cpu_ratio"]) <= MAX_RATIO
        rows.append(row)
        if not opts.json:  # one row as soon as it is measured
            print(f"{row['case']:18} {row['bytes']:>10} {row['exit']:>4} {row['cpu_s']:>8} "
                  f"{row['wall_s']:>8} {row['rss_mb']:>8} {row['cpu_ratio']:>9}  "
                  f"{'yes' if row['ok'] else 'NO'}", flush=True)  # fmt: skip

    if not opts.json:
        print(f"{'case':18} {'bytes':>10} {'exit':>4} {'cpu s':>8} {'wall s':>8} {'RSS MB':>8} "
              f"{'cpu ratio':>9}  within bounds", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, make in [
            ("ordinary", ordinary),
            ("long-line", long_line),
            ("deep-nesting", deep_nesting),
            ("hostile-markdown", hostile_markdown),
        ]:
            text = make(size)
            (work / "post.md").write_text(text, encoding="utf-8")
            record({"case": name, "bytes": len(text.encode())} | run(translate, work))
        post = ordinary(size)
        (work / "post.md").write_text(post, encoding="utf-8")
        imports = ["import", "post.md", "r.po", "-o", "out.md", "--no-tm", "-q"]
        for name, po_size in [("import-ordinary", None), ("import-huge-po", 40_000_000)]:
            (work / "r.po").write_bytes(po_file(post, po_size))
            record({"case": name, "bytes": (work / "r.po").stat().st_size} | run(imports, work))
    if opts.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
