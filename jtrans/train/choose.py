"""Choose the checkpoint to ship by BLEU on digest-style dev data, not by docs dev loss.

Each candidate (a trainer checkpoint, or ``avg:N`` = the mean of the last N ``snap-*.pt``) is
exported to a scratch models folder and translated through the full pipeline (glossary and
post-processing on, as users run it) on the digest dev set; the best one is reported with the
shipped model's score beside it. ``--ship`` then exports the winner as ``models/NAME`` when it
beats the shipped model on that set (the rule for committing a model update): a higher BLEU
with no lower in-place term accuracy and no more sentences left in English (:func:`beats`). A
BLEU gain bought with lost terms is no update: the default model must keep terms in place.

    python -m jtrans.train.choose work/ckpt --candidates best.pt last-snap avg:3 avg:6
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from jtrans.train.evaluate import score_set
from jtrans.train.prepare import shared_dir


def resolve(ckpt: Path, spec: str) -> list[Path]:
    """The checkpoint files a candidate names: a file in ``ckpt``, ``last-snap`` or ``avg:N``."""
    snaps = sorted(ckpt.glob("snap-*.pt"))
    if spec == "last-snap":
        return snaps[-1:]
    if spec.startswith("avg:"):
        n = int(spec.split(":", 1)[1])
        return snaps[-n:] if len(snaps) >= 2 else []
    path = ckpt / spec
    return [path] if path.exists() else []


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ckpt", type=Path, help="the trainer's checkpoint folder (work/ckpt)")
    ap.add_argument("--candidates", nargs="+", default=["best.pt", "last-snap", "avg:3", "avg:6"])
    ap.add_argument("--dev", type=Path, default=shared_dir() / "eval" / "digest-dev.tsv")
    ap.add_argument("--spm", type=Path, default=Path("work/data/spm.model"))
    ap.add_argument("--arch", default="small")
    ap.add_argument("--name", default="jtrans-small-enja")
    ap.add_argument("--models", type=Path, default=Path("models"))
    ap.add_argument("--ship", action="store_true", help="export the winner if it beats models/NAME")
    args = ap.parse_args(argv)
    if not args.dev.is_file():
        raise SystemExit(f"choose: no dev set at {args.dev}")
    from jtrans.train import export

    shipped = args.models / args.name
    results: dict[str, dict] = {}
    if (shipped / "model.bin").is_file():
        results["shipped"] = score_set(args.dev, shipped)
        print("shipped", json.dumps(_short(results["shipped"])), flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="jtrans-choose-"))
    try:
        for spec in args.candidates:
            files = resolve(args.ckpt, spec)
            if not files:
                print(f"{spec}: no checkpoint, skipped", flush=True)
                continue
            name = spec.replace(":", "-").replace(".pt", "")
            export.main(
                [*map(str, files), "--spm", str(args.spm), "--arch", args.arch]
                + ["--name", name, "--models", str(scratch)]
            )
            results[spec] = score_set(args.dev, scratch / name) | {"files": list(map(str, files))}
            print(spec, json.dumps(_short(results[spec])), flush=True)
        candidates = {k: v for k, v in results.items() if k != "shipped"}
        if not candidates:
            raise SystemExit("choose: no candidate checkpoint found")
        best = max(candidates, key=lambda k: candidates[k]["bleu"])
        base = results.get("shipped")
        wins = [k for k in candidates if base is None or beats(candidates[k], base)]
        print(f"best by BLEU: {best} {candidates[best]['bleu']} (shipped {_short(base or {})})")
        if wins:
            best = max(wins, key=lambda k: candidates[k]["bleu"])
        print(f"best that beats the shipped model: {best if wins else 'none'}", flush=True)
        if args.ship and wins:
            export.main(
                [*candidates[best]["files"], "--spm", str(args.spm), "--arch", args.arch]
                + ["--name", args.name, "--models", str(args.models)]
            )
            print(f"shipped {best} as {shipped}; now run python -m jtrans.train.evaluate {shipped}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def beats(candidate: dict, shipped: dict) -> bool:
    """Whether ``candidate`` (a :func:`score_set` result) may replace ``shipped``: higher BLEU,
    term accuracy not lower and no more English fallbacks on the same set."""
    fallbacks = [r.get("counts", {}).get("fallbacks", 0) for r in (candidate, shipped)]
    return (
        candidate["bleu"] > shipped["bleu"]
        and candidate.get("term_accuracy", 0.0) >= shipped.get("term_accuracy", 0.0)
        and fallbacks[0] <= fallbacks[1]
    )


def _short(result: dict) -> dict:
    keys = ("bleu", "chrf", "term_accuracy", "seconds")
    return {k: result.get(k) for k in keys} | {
        "fallbacks": result.get("counts", {}).get("fallbacks")
    }


if __name__ == "__main__":
    main()
