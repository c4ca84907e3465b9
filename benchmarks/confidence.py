"""Does low confidence find the bad translations? On an EN<TAB>JA set, the share of the
worst sentences by chrF that fall among the lowest-confidence ones.

Usage::

    python benchmarks/confidence.py [--set examples/eval/digest-eval.tsv] [--share 0.3]
        [--model NAME|PATH] [--json] [--dump lines.json]

Translates every line of the set with the configured pipeline (model, glossary,
post-processing; no translation memory), gives each line the lowest confidence of its
sentences (:mod:`jtrans.confidence`; a line the model did not translate counts as 1.0, a
marked English fallback as 0.0) and its sentence chrF against the reference, then prints what
share of the worst ``--share`` of lines by chrF are also among the lowest ``--share`` by
confidence (chance level: ``--share`` itself), plus the same for the model score alone and
for the checks alone, so the contribution of each part is visible.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtrans import api, confidence, evalset  # noqa: E402
from jtrans.metrics import get as metric  # noqa: E402


def overlap(values: list[float], chrf: list[float], share: float) -> float:
    """Share of the worst ``share`` by chrF that are among the lowest ``share`` by value."""
    n = max(1, round(share * len(values)))
    worst = set(sorted(range(len(chrf)), key=lambda i: (chrf[i], i))[:n])
    lowest = set(sorted(range(len(values)), key=lambda i: (values[i], i))[:n])
    return len(worst & lowest) / n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=ROOT / "examples/eval/digest-eval.tsv")
    ap.add_argument("--share", type=float, default=0.3)
    ap.add_argument("--model")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", type=Path, help="write each line's sentences, scores and chrF")
    args = ap.parse_args(argv)
    data = evalset.read_tsv(args.set)
    pipeline = api.build_pipeline(model=args.model, start=ROOT)
    results = pipeline.translate_many(list(data.sources))
    hyps = [" ".join(r.text.splitlines()) for r in results]
    chrf = [float(x or 0.0) for x in metric("chrf").sentence_scores(hyps, data.references)]
    combined, model_only, checks_only = [], [], []
    for result in results:
        scored = [s for s in result.sentences if s.confidence is not None]
        combined.append(min((s.confidence for s in scored), default=1.0))
        probs = [
            0.0 if s.confidence == 0.0 else confidence.model_probability(s.score) or 1.0
            for s in scored
        ]
        model_only.append(min(probs, default=1.0))
        checked = [
            0.0 if s.confidence == 0.0 else confidence.assess(s.source, s.text, None).value
            for s in scored
        ]
        checks_only.append(min(checked, default=1.0))
    if args.dump:
        lines = [
            {
                "source": src,
                "reference": ref,
                "hypothesis": hyp,
                "chrf": c,
                "sentences": [
                    {"source": s.source, "text": s.text, "score": s.score, "conf": s.confidence}
                    | {"sent": s.sent, "output": s.output}
                    for s in result.sentences
                ],
            }
            for src, ref, hyp, c, result in zip(
                data.sources, data.references, hyps, chrf, results, strict=True
            )
        ]
        args.dump.write_text(json.dumps(lines, ensure_ascii=False, indent=1), encoding="utf-8")
    low = sum(1 for c in combined if c < confidence.LOW)
    out = {
        "set": str(args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set),
        "lines": len(hyps),
        "share": args.share,
        "worst_chrf_in_lowest_confidence": round(overlap(combined, chrf, args.share), 3),
        "model_score_only": round(overlap(model_only, chrf, args.share), 3),
        "checks_only": round(overlap(checks_only, chrf, args.share), 3),
        "flagged_low": low,
        "threshold": confidence.LOW,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        pct = round(100 * args.share)
        print(
            f"{out['set']}: {out['lines']} lines; of the worst {pct}% by sentence chrF, "
            f"{out['worst_chrf_in_lowest_confidence']:.1%} are in the lowest-confidence {pct}% "
            f"(model score alone {out['model_score_only']:.1%}, checks alone "
            f"{out['checks_only']:.1%}, chance {args.share:.0%}); {low} lines flagged "
            f"low-confidence (< {confidence.LOW})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
