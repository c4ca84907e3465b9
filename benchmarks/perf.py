"""Performance of jtrans on one real digest week: four ratios from one run.

Usage::

    python benchmarks/perf.py [--week "July 31 - August 6"] [--input post.md]
        [--model default] [--repeat 9] [--json]

Translates one week of ../shared/digests/ml-papers-of-the-week.md (``--input`` or, when ../shared
is absent, examples/post.md) with the default model and prints:

1. pipeline / raw: throughput of the whole pipeline (segment, protect, glossary, tokenise, decode,
   post-process with fugashi, reassemble) against raw CTranslate2 on the same tokenised
   segments, i.e. the time spent inside ``ctranslate2.Translator`` (``translate_batch``, and
   ``score_batch`` where a placeholder the model dropped is put back) divided by the pipeline's
   time, measured in the same run (median over runs). Target >= 0.9. As a check, the recorded
   calls (same inputs, same options, placeholder retries included) are also replayed on their
   own; best replay / best pipeline run is printed next to it.
2. batched / per-segment: the engine's one ``translate_batch`` call on the week's segments
   against one call per segment (throughput ratio). Target >= 3.
3. re-run / first run with the translation memory: an unchanged post translated again with
   the TM filled by the first run (a fresh TM for each first run). Target <= 0.05.
4. the user's view: wall time and peak RSS of ``jtrans translate WEEK -o OUT`` in a fresh process
   (first run with an empty TM, then the re-run), on this machine.

Each in-process timing is the best of ``--repeat`` interleaved runs after a warm-up (as ``timeit``
does: other work on a shared CPU only ever adds time); the order of the two sides alternates.
Exit 2 with one line on bad input; exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from operator import truediv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"
FALLBACK = ROOT / "examples" / "post.md"
TARGETS = {"pipeline_vs_raw": 0.9, "batch_vs_loop": 3.0, "rerun_vs_first": 0.05}


def week(title: str) -> str:
    """The digest's week whose heading starts with ``title`` (up to the next ``## `` heading)."""
    text = DIGEST.read_text(encoding="utf-8")
    start = text.find(f"## Top ML Papers of the Week ({title}")
    if start == -1:
        raise ValueError(f"no week {title!r} in {DIGEST.name} (--week takes its heading's dates)")
    end = text.find("\n## ", start + 1)
    return text[start : end + 1 if end != -1 else len(text)]


Call = tuple[str, tuple[Any, ...], dict[str, Any]]


class RecordingTranslator:
    """Stands in for ``ctranslate2.Translator``: forwards ``translate_batch`` and
    ``score_batch`` calls (the latter puts back a placeholder the model dropped), remembers
    their arguments and the time spent inside them."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[Call] = []
        self.seconds = 0.0

    def _forward(self, method: str, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        args = tuple([list(x) for x in arg] for arg in args)
        self.calls.append((method, args, dict(options)))
        start = time.perf_counter()
        try:
            return getattr(self.real, method)(*args, **options)
        finally:
            self.seconds += time.perf_counter() - start

    def translate_batch(self, batch: list[list[str]], **options: Any) -> Any:
        return self._forward("translate_batch", (batch,), options)

    def score_batch(self, source: list[list[str]], target: list[list[str]], **options: Any) -> Any:
        return self._forward("score_batch", (source, target), options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def engine_inputs(pipeline: Any, source: str) -> list[str]:
    """The sentences the pipeline sends to the engine in its first (main) call."""
    seen: list[list[str]] = []
    engine = pipeline.engine
    real, real_options = engine.translate_batch, engine.translate_batch_with_options
    engine.translate_batch = lambda batch: seen.append(list(batch)) or real(batch)
    # the scored first decode goes through translate_batch_with_options (n-best of 1)
    engine.translate_batch_with_options = lambda batch, **o: (
        seen.append(list(batch)) or real_options(batch, **o)
    )
    try:
        pipeline.translate(source)
    finally:
        del engine.translate_batch, engine.translate_batch_with_options
    return seen[0] if seen else []


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli_run(args: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of ``jtrans ARGS`` in a
    fresh process (CPU time is the steadier number on a shared machine)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from jtrans.cli import main; main()", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise RuntimeError(f"jtrans {' '.join(args)} failed: {err.strip()}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--week",
        default="July 31 - August 6",
        help="the week of ../shared/digests/ml-papers-of-the-week.md to translate "
        "(its '## Top ML Papers of the Week (…)' dates; default: %(default)s)",
    )
    ap.add_argument("--input", type=Path, help="a Markdown post instead of a digest week")
    ap.add_argument("--model", default="default", help="model name or folder (default: default)")
    ap.add_argument(
        "--repeat",
        type=int,
        default=9,
        help="runs of each in-process timing, best of them (default: 9; 2 for a quick look)",
    )
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    from jtrans import api, models
    from jtrans.tm import TranslationMemory
    from jtrans.tokenizers import ja_unidic

    note = ""
    try:
        if args.input:
            source, label = args.input.read_text(encoding="utf-8"), str(args.input)
        elif DIGEST.is_file():
            source, label = week(args.week), f"{DIGEST.name}, week {args.week}"
        else:
            note = f"{DIGEST} is not available: using {FALLBACK.relative_to(ROOT)}"
            source, label = FALLBACK.read_text(encoding="utf-8"), str(FALLBACK)
        load_start = time.perf_counter()
        pipeline = api.build_pipeline(model=args.model, start=ROOT)
        pipeline.engine.load()  # the weights load lazily; time them here
        load_seconds = time.perf_counter() - load_start
    except (OSError, ValueError, models.ModelError) as exc:
        print(f"perf: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if note:
        print(f"perf: {note}", file=sys.stderr)
    engine = pipeline.engine
    recorder = RecordingTranslator(engine.translator)
    engine.translator = recorder
    pipeline.translate(source)  # warm-up (fugashi dictionary, CTranslate2 buffers)

    # 1. pipeline vs raw CTranslate2 on the very same token batches
    pipe_times, raw_times, inside = [], [], []
    real = recorder.real

    def replay(recorded: list[Call]) -> float:
        return sum(timed(lambda m=m, a=a, o=o: getattr(real, m)(*a, **o)) for m, a, o in recorded)

    calls: list[Call] = []
    for i in range(args.repeat):
        recorder.calls.clear()
        recorder.seconds = 0.0
        raw = calls if i % 2 else []  # alternate which of the two runs first
        if raw:
            raw_times.append(replay(raw))
        ja_unidic.clear_cache()  # each run analyses its sentences afresh, as a first run does
        pipe_times.append(timed(lambda: pipeline.translate(source)))
        inside.append(recorder.seconds)
        calls = list(recorder.calls)
        if not raw:
            raw_times.append(replay(calls))
    engine_calls = len(calls)
    # 2. one batch vs one call per segment (the segments the pipeline sends in its first call)
    segments = engine_inputs(pipeline, source)
    batch_times, loop_times = [], []
    for i in range(args.repeat):
        runs = [(batch_times, lambda: engine.translate_batch(segments))]
        runs.append((loop_times, lambda: [engine.translate_batch([s]) for s in segments]))
        for times, run in runs[:: 1 if i % 2 else -1]:
            times.append(timed(run))
    # 3. the translation memory: first run (fresh memory) and unchanged re-run
    first_times, rerun_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            with TranslationMemory(Path(tmp) / f"tm{i}.sqlite") as tm:
                pipeline.tm = tm
                ja_unidic.clear_cache()
                start = time.perf_counter()
                first = pipeline.translate(source)
                first_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = pipeline.translate(source)
                rerun_times.append(time.perf_counter() - start)
                pipeline.tm = None
            if again.text != first.text:
                print("perf: error: the re-run's text differs from the first run", file=sys.stderr)
                return 1
        reused = len(again.reused)
        # 4. the user's view: a fresh `jtrans translate` process, first run then re-run
        post = Path(tmp) / "week.md"
        post.write_text(source, encoding="utf-8")
        cli = ["translate", str(post), "-o", str(Path(tmp) / "week.ja.md"), "-q"]
        cli += ["--tm", str(Path(tmp) / "cli.sqlite")]
        cli_first, cli_rss, cli_first_cpu = cli_run(cli)
        cli_rerun, cli_rerun_rss, cli_rerun_cpu = cli_run(cli)
        cli_notm, _, cli_notm_cpu = cli_run([*cli[:-2], "--no-tm"])

    med = statistics.median
    units = sum(1 for p in again.prepared if p.split.pieces)
    report = {
        "input": label,
        "model": str(engine.path),
        "device": f"{engine.device} ({engine.compute_type}), {os.cpu_count()} CPU(s)",
        "sentences": len(first.sentences),
        "engine_segments": len(segments),
        "engine_calls_per_run": engine_calls,
        "repeat": args.repeat,
        "model_load_s": round(load_seconds, 3),
        "pipeline_s": round(min(pipe_times), 4),
        "raw_ctranslate2_s": round(min(raw_times), 4),
        # best of N, as timeit does: the CPU is shared, and other work only ever adds time
        # the same run's time inside translate_batch over its total: paired, so robust to the
        # load of a shared CPU; the separate replay (best of N vs best of N) is the cross-check
        "pipeline_vs_raw": round(med(map(truediv, inside, pipe_times)), 3),
        "pipeline_vs_raw_replay": round(min(raw_times) / min(pipe_times), 3),
        "batch_s": round(min(batch_times), 4),
        "loop_s": round(min(loop_times), 4),
        "batch_vs_loop": round(min(loop_times) / min(batch_times), 2),
        "tm_first_s": round(min(first_times), 4),
        "tm_rerun_s": round(min(rerun_times), 4),
        "tm_reused_units": f"{reused}/{units}",
        "rerun_vs_first": round(min(rerun_times) / min(first_times), 4),
        "cli_first_s": round(cli_first, 2),
        "cli_rerun_s": round(cli_rerun, 2),
        "cli_no_tm_s": round(cli_notm, 2),
        "cli_first_cpu_s": round(cli_first_cpu, 2),
        "cli_rerun_cpu_s": round(cli_rerun_cpu, 2),
        "cli_no_tm_cpu_s": round(cli_notm_cpu, 2),
        "cli_peak_rss_mib": round(max(cli_rss, cli_rerun_rss) / 1024, 1),
        "bench_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    met = {
        "pipeline_vs_raw": report["pipeline_vs_raw"] >= TARGETS["pipeline_vs_raw"],
        "batch_vs_loop": report["batch_vs_loop"] >= TARGETS["batch_vs_loop"],
        "rerun_vs_first": report["rerun_vs_first"] <= TARGETS["rerun_vs_first"],
    }
    report["targets_met"] = met
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print(report, met)
    return 0 if all(met.values()) else 1


def _print(r: dict[str, Any], met: dict[str, bool]) -> None:
    ok = {True: "ok", False: "MISSED"}
    print(f"input   {r['input']}: {r['sentences']} sentences, {r['engine_segments']} to the engine")
    print(f"model   {r['model']} on {r['device']}; {r['repeat']} runs of each")
    print(
        f"1. pipeline / raw CTranslate2      {r['pipeline_vs_raw']:.3f}  (target >= 0.9, "
        f"{ok[met['pipeline_vs_raw']]}); replayed alone: best pipeline {r['pipeline_s']:.3f}s, "
        f"best raw {r['raw_ctranslate2_s']:.3f}s in {r['engine_calls_per_run']} calls "
        f"({r['pipeline_vs_raw_replay']:.3f})"
    )
    print(
        f"2. batched / per-segment loop       {r['batch_vs_loop']:.2f}x  (target >= 3, "
        f"{ok[met['batch_vs_loop']]}): {r['batch_s']:.3f}s vs {r['loop_s']:.3f}s"
    )
    print(
        f"3. TM re-run / first run            {r['rerun_vs_first']:.4f} (target <= 0.05, "
        f"{ok[met['rerun_vs_first']]}): {r['tm_rerun_s'] * 1000:.1f}ms vs "
        f"{r['tm_first_s'] * 1000:.0f}ms, {r['tm_reused_units']} units reused"
    )
    print(
        f"4. jtrans translate (fresh process) first {r['cli_first_s']:.2f}s, re-run "
        f"{r['cli_rerun_s']:.2f}s, --no-tm {r['cli_no_tm_s']:.2f}s (CPU {r['cli_first_cpu_s']:.2f}"
        f" / {r['cli_rerun_cpu_s']:.2f} / {r['cli_no_tm_cpu_s']:.2f}s); peak RSS "
        f"{r['cli_peak_rss_mib']:.0f} MiB (model load in-process {r['model_load_s']:.2f}s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
