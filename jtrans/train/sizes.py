"""Choose the architecture by dev BLEU per CPU-hour: train sizes side by side, same wall time.

``run`` starts one trainer per architecture (:data:`jtrans.train.architecture.ARCHS`) at
once, each from scratch on its own CPU cores (``--threads-each``, pinned with
``sched_setaffinity`` where the system allows) on the same prepared data and batches, with the
same warm-up and a learning rate scaled by ``d_model ** -0.5`` (``--lr`` at d_model 256), and
each stops itself after ``--minutes`` (the trainer's ``--max-seconds``, so the same wall time
for every size). ``report`` reads each run's ``last.pt`` (the trainer's history of dev losses
with their seconds and target tokens), exports its final weights, scores them through the full
pipeline on the digest-style dev data that :mod:`jtrans.train.choose` uses (digest-dev plus the
recipe's held-out abstracts) and prints one row per size: parameters, steps, target tokens/s,
dev loss at equal elapsed times, dev BLEU / chrF and BLEU per CPU-hour::

    python -m jtrans.train.sizes run --archs small medium --minutes 60
    python -m jtrans.train.sizes report --spm models/jtrans-small-enja/source.spm

A size that wins here at one CPU-hour from scratch is not proven to win after many (larger
models learn more per token but take longer per step); the table gives the measured early
curve, and models/README.md says what was chosen from it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jtrans.train.architecture import ARCHS

BASE_WIDTH = 256  # d_model at which --lr applies unchanged


def scaled_lr(lr: float, arch: str) -> float:
    """``lr`` scaled by ``d_model ** -0.5`` relative to :data:`BASE_WIDTH`, to one
    significant digit (1e-3 at d256 → 7e-4 at d512)."""
    width = int(ARCHS[arch]["d_model"])
    return float(f"{lr * math.sqrt(BASE_WIDTH / width):.1g}")


def trainer_command(args: argparse.Namespace, arch: str) -> list[str]:
    """The trainer command line of one size."""
    return [
        sys.executable, "-u", "-m", "jtrans.train.marian",
        "--data", str(args.data), "--ckpt", str(args.out / arch), "--arch", arch,
        "--threads", str(args.threads_each), "--lr", f"{scaled_lr(args.lr, arch):g}",
        "--warmup", str(args.warmup), "--eval-every", str(args.eval_every),
        "--save-every", "100000", "--keep-snapshots", "1",
        "--max-seconds", str(int(args.minutes * 60)),
    ]  # fmt: skip


def run(args: argparse.Namespace) -> None:
    if not (args.data / "train.npz").is_file():
        raise SystemExit(f"sizes: no prepared data at {args.data} (run jtrans.train.prepare)")
    if args.threads_each < 1 or args.minutes <= 0:
        raise SystemExit("sizes: --threads-each must be at least 1 and --minutes above 0")
    if len(set(args.archs)) != len(args.archs):
        raise SystemExit("sizes: each size once in --archs")
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    need = args.threads_each * len(args.archs)
    if cores and len(cores) < need:
        raise SystemExit(f"sizes: {len(args.archs)} runs × {args.threads_each} threads need "
                         f"{need} cores, this process has {len(cores)}")  # fmt: skip
    taken = [str(args.out / a) for a in args.archs if (args.out / a).exists()]
    if taken:  # checked before any trainer starts
        raise SystemExit(f"sizes: {', '.join(taken)} exists (a run starts from scratch)")
    procs = []
    for k, arch in enumerate(args.archs):
        (args.out / arch).mkdir(parents=True)
        mine = set(cores[k * args.threads_each : (k + 1) * args.threads_each])
        log = open(args.out / f"{arch}.log", "w", encoding="utf-8")  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                trainer_command(args, arch),
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=(lambda s=mine: os.sched_setaffinity(0, s)) if mine else None,
            )
        )
        print(f"{arch}: {' '.join(procs[-1].args)}", flush=True)
    codes = [p.wait() for p in procs]
    if any(codes):
        raise SystemExit(f"sizes: a trainer failed ({codes}); see {args.out}/*.log")


def curve(state: dict) -> list[dict]:
    """The trainer's history (one entry per evaluation: step, dev_loss, tokens, seconds)."""
    return sorted(state.get("history", []), key=lambda h: h["step"])


def loss_at(history: list[dict], seconds: float) -> float | None:
    """The dev loss of the last evaluation made within ``seconds`` of training."""
    done = [h for h in history if h["seconds"] <= seconds]
    return done[-1]["dev_loss"] if done else None


def summary(arch: str, state: dict, threads: int, marks: list[float]) -> dict:
    """One size's row without BLEU: steps, tokens/s and the dev loss at each mark (minutes)."""
    history = curve(state)
    seconds = float(state.get("seconds", 0.0))
    return {
        "arch": arch,
        "steps": state.get("step", 0),
        "seconds": round(seconds),
        "cpu_hours": round(seconds * threads / 3600, 3),
        "tokens_per_s": round(state.get("tokens", 0) / seconds) if seconds else None,
        "dev_loss": {f"{m:g} min": loss_at(history, m * 60) for m in marks},
        "final_dev_loss": history[-1]["dev_loss"] if history else None,
    }


def report(args: argparse.Namespace) -> None:
    runs = sorted(p.parent for p in args.out.glob("*/last.pt") if p.parent.name in ARCHS)
    if not runs:
        raise SystemExit(f"sizes: no finished run in {args.out} (run first)")
    import torch  # the train extra, needed only from here on

    from jtrans.train import export
    from jtrans.train.choose import default_dev, pooled
    from jtrans.train.evaluate import score_set

    dev_sets = args.dev or default_dev()
    missing = [str(p) for p in dev_sets if not p.is_file()]
    if missing:
        raise SystemExit(f"sizes: no dev set at {', '.join(missing)}")
    rows = []
    scratch = Path(tempfile.mkdtemp(prefix="jtrans-sizes-"))
    try:
        dev = pooled(dev_sets, scratch / "dev.tsv")
        for folder in runs:
            arch = folder.name
            state = torch.load(folder / "last.pt", map_location="cpu", weights_only=False)["state"]
            threads = args.threads_each
            row = summary(arch, state, threads, args.marks)
            export.main([str(folder / "last.pt"), "--spm", str(args.spm), "--arch", arch]
                        + ["--name", arch, "--models", str(scratch)])  # fmt: skip
            scores = score_set(dev, scratch / arch)
            row |= {"bleu": scores["bleu"], "chrf": scores["chrf"]}
            hours = row["cpu_hours"] or float("nan")
            row["bleu_per_cpu_hour"] = round(scores["bleu"] / hours, 2)
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = {"dev": [str(p) for p in dev_sets], "rows": rows}
    (args.out / "report.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(table(rows, args.marks))


def table(rows: list[dict], marks: list[float]) -> str:
    """The rows as a Markdown table."""
    head = ["size", "steps", "CPU-h", "tgt tok/s", *(f"dev loss @{m:g} min" for m in marks)]
    head += ["dev BLEU", "dev chrF", "BLEU per CPU-h"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["arch"], r["steps"], r["cpu_hours"], r["tokens_per_s"]]
        cells += [r["dev_loss"].get(f"{m:g} min") for m in marks]
        cells += [r.get("bleu"), r.get("chrf"), r.get("bleu_per_cpu_hour")]
        lines.append("| " + " | ".join("–" if c is None else str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("run", "report"):
        p = sub.add_parser(name)
        p.add_argument("--out", type=Path, default=Path("work/size"))
        p.add_argument("--threads-each", type=int, default=1)
    r = sub.choices["run"]
    r.add_argument("--archs", nargs="+", default=["small", "medium"], choices=sorted(ARCHS))
    r.add_argument("--data", type=Path, default=Path("work/data"))
    r.add_argument("--minutes", type=float, default=60.0)
    r.add_argument("--lr", type=float, default=1e-3, help="at d_model 256; scaled by width")
    r.add_argument("--warmup", type=int, default=300)
    r.add_argument("--eval-every", type=int, default=200)
    p = sub.choices["report"]
    p.add_argument("--spm", type=Path, default=Path("work/data/spm.model"))
    p.add_argument("--dev", type=Path, nargs="+", help="EN<TAB>JA dev sets (default: choose's)")
    p.add_argument("--marks", type=float, nargs="+", default=[15, 30, 45, 60], help="minutes")
    args = ap.parse_args(argv)
    if args.cmd == "run":
        run(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
