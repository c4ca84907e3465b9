"""Throughput of the ct2 engine: one batched call vs one call per segment, on the same segments.

Usage::

    python benchmarks/engine_throughput.py [--model NAME|PATH] [--input examples/post.md]
        [--beam 4] [--batch-tokens 2048] [--threads 0] [--device auto] [--limit N] [--json]

Segments come from a Markdown file (the sentences the pipeline sends to the engine, with their
placeholders), a TSV file (first column) or a plain text file (one segment per line). Prints
target tokens/s for both modes and their ratio, measured in one run after a warm-up call.
Exit 2 with a one-line message on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtrans import models  # noqa: E402


def markdown_segments(text: str) -> list[str]:
    """The engine inputs the pipeline would send for this post (glossary off)."""
    from jtrans.engines.simple import IdentityEngine
    from jtrans.pipeline import Pipeline

    pipe = Pipeline(IdentityEngine())
    return [piece for p in pipe.prepare(text) for piece in p.split.pieces if piece.strip()]


def load_segments(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".md", ".markdown"}:
        return markdown_segments(text)
    if path.suffix == ".tsv":
        return [line.split("\t")[0].strip() for line in text.splitlines() if line.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="default", help="model name or directory")
    ap.add_argument("--input", type=Path, default=ROOT / "examples" / "post.md")
    ap.add_argument("--beam", type=int, default=4)
    ap.add_argument("--batch-tokens", type=int, default=2048)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--compute-type", default=None)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N segments")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)

    try:
        segments = load_segments(args.input)
        from jtrans.engines.ct2 import CT2Engine

        engine = CT2Engine(
            args.model,
            device=args.device,
            compute_type=args.compute_type,
            beam_size=args.beam,
            max_batch_tokens=args.batch_tokens,
            threads=args.threads,
        )
    except (OSError, UnicodeDecodeError, ValueError, models.ModelError) as exc:
        print(f"engine_throughput: error: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        segments = segments[: args.limit]
    if not segments:
        print(f"engine_throughput: error: no segments in {args.input}", file=sys.stderr)
        return 2

    engine.translate_batch(segments[:2])  # warm-up: load weights, allocate buffers
    results = {}
    for mode in ("batch", "per-segment"):
        before = engine.stats.target_tokens
        start = time.perf_counter()
        if mode == "batch":
            outputs = engine.translate_batch(segments)
        else:
            outputs = [engine.translate_batch([s])[0] for s in segments]
        seconds = time.perf_counter() - start
        tokens = engine.stats.target_tokens - before
        assert len(outputs) == len(segments)
        results[mode] = {
            "seconds": round(seconds, 4),
            "target_tokens": tokens,
            "tokens_per_s": round(tokens / seconds, 1) if seconds > 0 else 0.0,
            "segments_per_s": round(len(segments) / seconds, 2) if seconds > 0 else 0.0,
        }
    per = results["per-segment"]["tokens_per_s"]
    report = {
        "model": str(engine.path),
        "device": engine.device,
        "compute_type": engine.compute_type,
        "beam_size": engine.beam_size,
        "segments": len(segments),
        **results,
        "batch_speedup": round(results["batch"]["tokens_per_s"] / per, 2) if per else None,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"model {report['model']} on {engine.device} ({engine.compute_type}), beam "
        f"{engine.beam_size}, {len(segments)} segments from {args.input}"
    )
    for mode in ("batch", "per-segment"):
        r = results[mode]
        print(
            f"{mode:12s} {r['tokens_per_s']:10.1f} target tokens/s  {r['segments_per_s']:8.2f} "
            f"segments/s  ({r['target_tokens']} tokens in {r['seconds']:.2f}s)"
        )
    print(f"batch / per-segment throughput: {report['batch_speedup']}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
