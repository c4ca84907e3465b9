"""Peak memory of ``jtrans translate`` on large posts: chunked (the default above 1 MiB) stays
bounded, so a 10 MB post needs about as much memory as a 1 MB one.

Usage::

    python benchmarks/stream_memory.py [--sizes 1,10] [--engine identity] [--unchunked] [--json]

Each size (MB) is a generated post (``examples/post.md`` repeated, with code blocks and loose
lists between the copies) translated by a fresh ``jtrans translate … -o`` process; its peak RSS
comes from ``os.wait4``. Prints one row per run and the ratio of the largest to the smallest
peak. ``--unchunked`` also runs each size with chunking switched off, for comparison.
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
RUN = "import jtrans.cli.translate as t; {patch}from jtrans.cli import main; main()"


def make_post(path: Path, megabytes: float) -> int:
    """Write a post of about ``megabytes`` MB to ``path``; return its size in bytes."""
    base = EXAMPLE.read_text(encoding="utf-8")
    extra = "\n```python\nprint('code')\n\nmore = 1\n```\n\n- loose\n\n- list\n\n"
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as fh:
        size, week = 0, 0
        while size < target:
            block = f"\n## Week {week}\n\n{base}{extra}"
            fh.write(block)
            size += len(block.encode("utf-8"))
            week += 1
    return path.stat().st_size


def measure(post: Path, engine: str, chunked: bool) -> dict[str, float]:
    """Peak RSS (MB) and wall time (s) of one translate run in a fresh process."""
    patch = "" if chunked else "t.STREAM_BYTES = 1 << 62; "
    out = post.with_suffix(".ja.md")
    cmd = [sys.executable, "-c", RUN.format(patch=patch), "translate", str(post)]
    cmd += ["--engine", engine, "-q", "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"stream_memory: translate failed: {err.strip()}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return {"peak_rss_mb": usage.ru_maxrss * scale / 1e6, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10", help="post sizes in MB, comma-separated")
    ap.add_argument("--engine", default="identity")
    ap.add_argument("--unchunked", action="store_true", help="also run without chunking")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            post = Path(tmp) / f"post-{mb:g}mb.md"
            nbytes = make_post(post, mb)
            for chunked in (True, False) if args.unchunked else (True,):
                row = {"mb": mb, "bytes": nbytes, "chunked": chunked}
                row |= measure(post, args.engine, chunked)
                rows.append(row)
    chunked_rows = [r for r in rows if r["chunked"]]
    peaks = [r["peak_rss_mb"] for r in chunked_rows]
    ratio = max(peaks) / min(peaks)
    if args.json:
        print(json.dumps({"engine": args.engine, "runs": rows, "peak_ratio": ratio}, indent=2))
        return 0
    print(f"{'size':>8} {'mode':>9} {'peak RSS':>10} {'time':>8}")
    for r in rows:
        mode = "chunked" if r["chunked"] else "unchunked"
        print(f"{r['mb']:>6g}MB {mode:>9} {r['peak_rss_mb']:>8.1f}MB {r['seconds']:>7.1f}s")
    print(
        f"peak RSS ratio, chunked, {max(sizes):g} MB vs {min(sizes):g} MB: {ratio:.2f}"
        f" (input grew {max(sizes) / min(sizes):g}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
