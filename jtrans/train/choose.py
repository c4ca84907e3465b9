"""Choose the checkpoint to ship by BLEU on digest-style dev data, not by docs dev loss.

Each candidate (a trainer checkpoint, ``avg:N`` = the mean of the last N ``snap-*.pt``, or
checkpoints and model directories joined by ``+``, averaged: :func:`resolve`) is
exported to a scratch models folder and translated through the full pipeline (glossary and
post-processing on, as users run it) on the digest-style dev data: ``digest-dev.tsv`` (19 digest
lines) and the recipe's held-out paper-abstract split (``work/data/dev-abstracts.tsv``, 150
sentences in the register of digest descriptions; machine-translated references), scored as one
set; the best one is reported with the shipped model's score beside it. (Session 9: on
digest-dev alone a 0.3 BLEU difference was one sentence, and it ranked checkpoints that gained
2.3 BLEU on the abstracts and 0.9 on Coursera dev below the shipped model.) ``--ship`` then
exports the winner as ``models/NAME`` when it beats the shipped model on that set (the rule
for committing a model update): a higher BLEU with no lower in-place term accuracy and no more
sentences left in English (:func:`beats`). A BLEU gain bought with lost terms is no update:
the default model must keep terms in place.

    python -m jtrans.train.choose work/ckpt --candidates best.pt last-snap avg:3 avg:6
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from jtrans.train.architecture import ARCHS, checkpoint_arch
from jtrans.train.evaluate import score_set
from jtrans.train.prepare import DEV_RAW_FILE, shared_dir


def resolve(ckpt: Path, spec: str) -> list[Path]:
    """The checkpoint files a candidate names, averaged by export: a file in ``ckpt``,
    ``last-snap``, ``avg:N`` (the last N snapshots), any other checkpoint file or model
    directory by its path (the shipped model: ``models/jtrans-small-enja``), or several of
    these joined by ``+`` (``models/jtrans-small-enja+avg:3``). Empty when a part names
    nothing."""
    if "+" in spec:
        parts = [resolve(ckpt, part) for part in spec.split("+")]
        return [] if not all(parts) else [p for part in parts for p in part]
    snaps = sorted(ckpt.glob("snap-*.pt"))
    if spec == "last-snap":
        return snaps[-1:]
    if spec.startswith("avg:"):
        n = int(spec.split(":", 1)[1])
        return snaps[-n:] if len(snaps) >= 2 else []
    for path in (ckpt / spec, Path(spec)):
        if path.is_file() or (path / "model.bin").is_file():
            return [path]
    return []


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ckpt", type=Path, help="the trainer's checkpoint folder (work/ckpt)")
    ap.add_argument("--candidates", nargs="+", default=["best.pt", "last-snap", "avg:3", "avg:6"])
    ap.add_argument(
        "--dev",
        type=Path,
        nargs="+",
        help="EN<TAB>JA dev sets, scored as one (default: digest-dev and, when prepared, "
        "work/data/dev-abstracts.tsv)",
    )
    ap.add_argument("--spm", type=Path, default=Path("work/data/spm.model"))
    ap.add_argument(
        "--arch",
        choices=sorted(ARCHS),
        help="default: the shipped model's (models/NAME), else small",
    )
    ap.add_argument("--name", default="jtrans-small-enja")
    ap.add_argument("--models", type=Path, default=Path("models"))
    ap.add_argument("--ship", action="store_true", help="export the winner if it beats models/NAME")
    args = ap.parse_args(argv)
    if args.arch is None:
        args.arch = checkpoint_arch(args.models / args.name)
    if args.dev is None:
        args.dev = default_dev()
    missing = [str(p) for p in args.dev if not p.is_file()]
    if missing:
        raise SystemExit(f"choose: no dev set at {', '.join(missing)}")
    from jtrans.train import export

    shipped = args.models / args.name
    results: dict[str, dict] = {}
    scratch = Path(tempfile.mkdtemp(prefix="jtrans-choose-"))
    try:
        dev = pooled(args.dev, scratch / "dev.tsv")
        print(f"dev: {' + '.join(map(str, args.dev))}", flush=True)
        if (shipped / "model.bin").is_file():
            results["shipped"] = score_set(dev, shipped)
            print("shipped", json.dumps(_short(results["shipped"])), flush=True)
        for spec in args.candidates:
            files = resolve(args.ckpt, spec)
            if not files:
                print(f"{spec}: no checkpoint, skipped", flush=True)
                continue
            name = "".join(c if c.isalnum() or c in "-." else "-" for c in spec)
            export.main(
                [*map(str, files), "--spm", str(args.spm), "--arch", args.arch]
                + ["--name", name, "--models", str(scratch)]
            )
            results[spec] = score_set(dev, scratch / name) | {"files": list(map(str, files))}
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


def default_dev(data: Path = Path("work/data")) -> list[Path]:
    """digest-dev and, when prepared, the recipe's held-out abstracts (``data``)."""
    abstracts = data / DEV_RAW_FILE
    return [shared_dir() / "eval" / "digest-dev.tsv"] + ([abstracts] if abstracts.is_file() else [])


def pooled(paths: list[Path], out: Path) -> Path:
    """The dev sets as one EN<TAB>JA file (one corpus BLEU over all their lines)."""
    text = "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in paths)
    out.write_text(text, encoding="utf-8")
    return out


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
