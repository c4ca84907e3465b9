"""The same posts single-process vs ``--ray`` with local actors, as a ratio from one run.

Usage::

    python benchmarks/ray_scaleout.py [--weeks 16] [--actors 2] [--threads 1] [--json]

Takes the first ``--weeks`` weeks of ../shared/digests/ml-papers-of-the-week.md (without
../shared: examples/post.md, numbered copies) and translates them with the default model twice,
each time with a fresh translation memory: once in this process (``Pipeline.translate_many``,
what ``jtrans translate … --out-dir`` runs) and once through :mod:`jtrans.scaleout` on a local
Ray (``num_cpus = actors × threads``). Prints both wall times, their ratio (local / Ray: above 1
means Ray was faster; the Ray time includes starting the actors, i.e. loading one model each,
and not ``ray.init``, printed on its own), whether the
outputs and memory entries are identical, and the driver's own time per post: preparing and
looking up (``plan``), taking groups back and writing the memory (``accept``) and reassembling
(``results``) — what the driver adds whatever the size of the cluster.

On a 2-core machine expect a ratio of about 1 (two actors share the cores one process used);
the point is that the same command spreads over a cluster. Exit 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"
FALLBACK = ROOT / "examples" / "post.md"


def weeks(n: int) -> list[str]:
    """The first ``n`` weeks of the digest (or numbered copies of the example post)."""
    if not DIGEST.is_file():
        text = FALLBACK.read_text(encoding="utf-8")
        return [f"# Post {i}\n\n{text}" for i in range(n)]
    text = DIGEST.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^## Top ML Papers of the Week", text, re.M)]
    ends = starts[1:] + [len(text)]
    return [text[a:b] for a, b in zip(starts, ends, strict=True)][:n]


class DriverClock:
    """Time spent in the driver's own pipeline steps (wraps ``plan``, ``accept``, ``results``)."""

    def __init__(self, pipeline: Any) -> None:
        self.seconds: dict[str, float] = {"plan": 0.0, "accept": 0.0, "results": 0.0}
        for name in self.seconds:
            setattr(pipeline, name, self._timed(name, getattr(pipeline, name)))

    def _timed(self, name: str, method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start

        return run


def entries(path: Path) -> list[tuple[Any, ...]]:
    from jtrans.tm import TranslationMemory

    with TranslationMemory(path) as tm:
        return tm._read("SELECT source, context, target, origin, flags FROM entries ORDER BY 1, 2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.weeks < 1 or args.actors < 1 or args.threads < 1:
        print("ray_scaleout: error: --weeks, --actors and --threads must be >= 1", file=sys.stderr)
        return 2
    try:
        import ray
    except ImportError:
        print("ray_scaleout: error: needs Ray: pip install 'jtrans[ray]'", file=sys.stderr)
        return 2
    from jtrans import api, scaleout

    posts = weeks(args.weeks)
    tmp = Path(tempfile.mkdtemp(prefix="ray-scaleout-"))
    options = scaleout.RayOptions(actors=args.actors, threads=args.threads)

    # threads: the local engine as configured (0 = CTranslate2's default), like a plain run
    local = api.build_pipeline(start=ROOT, tm=tmp / "local.sqlite")
    start = time.perf_counter()
    local_texts = [r.text for r in local.translate_many(posts)]
    local_s = time.perf_counter() - start
    local.tm.close()

    start = time.perf_counter()
    ray.init(
        num_cpus=args.actors * args.threads,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
    )
    ray_start_s = time.perf_counter() - start
    driver = api.build_pipeline(start=ROOT, tm=tmp / "ray.sqlite")
    clock = DriverClock(driver)
    start = time.perf_counter()
    outcome = scaleout.translate_many(driver, posts, options)
    ray_s = time.perf_counter() - start
    driver.tm.close()
    ray.shutdown()

    ray_texts = [r.text if r is not None else None for r in outcome.results]
    driver_s = sum(clock.seconds.values())
    report = {
        "posts": len(posts),
        "sentences": sum(len(r.sentences) for r in outcome.results if r is not None),
        "actors": outcome.actors,
        "threads_per_actor": args.threads,
        "tasks": outcome.tasks,
        "local_s": round(local_s, 2),
        "ray_s": round(ray_s, 2),
        "ratio_local_over_ray": round(local_s / ray_s, 3),
        "ray_init_s": round(ray_start_s, 2),
        "driver_s": {k: round(v, 3) for k, v in clock.seconds.items()},
        "driver_ms_per_post": round(1000 * driver_s / len(posts), 1),
        "identical_outputs": ray_texts == local_texts,
        "identical_memory": entries(tmp / "ray.sqlite") == entries(tmp / "local.sqlite"),
        "failed_posts": len(outcome.failures),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
