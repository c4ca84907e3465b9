"""Self-distillation pairs: the pipeline's own finished translations of the real digest weeks.

The real input, ``../shared/digests/ml-papers-of-the-week.md`` (about 130 English weeks, no
Japanese, none of it in an eval or dev set), is translated by the shipped model through the
whole pipeline: glossary, coined names, dates and amounts as placeholders, the consensus of the 8
best, reranking for numbers and negations, mended terms, post-processing. Each translated
sentence's finished Japanese (placeholders still in) is a better target than the model's own
best guess, and its English is the register the model must serve. The pairs the pipeline is
confident about (``--min-confidence``, :mod:`jtrans.confidence`) with at least three English
words outside placeholders are written once each as ``english<TAB>japanese`` at the engine's
level; ``prepare --self FILE`` adds them to the training pairs (``--self-weight`` copies).

    python -m jtrans.train.distill --out work/sd/pairs.tsv
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from jtrans.placeholders import PLACEHOLDER_RE
from jtrans.train.prepare import shared_dir

DIGESTS = Path("digests/ml-papers-of-the-week.md")
MIN_CONFIDENCE = 0.55  # about the lowest 35 % of the digests' sentences left out
_WEEK_RE = re.compile(r"(?m)^(?=## Top ML Papers of the Week)")
_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def weeks(text: str) -> list[str]:
    """The digest file's weeks (each from its ``## Top ML Papers of the Week`` heading)."""
    return [w for w in _WEEK_RE.split(text) if w.strip()]


def pairs(
    pipeline, posts: list[str], min_confidence: float = MIN_CONFIDENCE
) -> Iterator[tuple[str, str]]:
    """``(engine input, finished Japanese)`` of each sentence of ``posts`` that ``pipeline``
    translated with at least ``min_confidence`` and three English words, each source once."""
    seen: set[str] = set()
    for post in posts:
        for s in pipeline.translate(post).sentences:
            if s.score is None or s.confidence is None or s.confidence < min_confidence:
                continue  # not decoded (no English), fallen back, or not trusted
            if len(_WORD_RE.findall(PLACEHOLDER_RE.sub(" ", s.sent))) < 3 or s.sent in seen:
                continue
            if "\t" in s.sent + s.finished or "\n" in s.sent + s.finished:
                continue
            seen.add(s.sent)
            yield s.sent, s.finished


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--model", default="models/jtrans-small-enja")
    ap.add_argument("--out", type=Path, default=Path("work/sd/pairs.tsv"))
    ap.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE)
    args = ap.parse_args(argv)
    source = args.shared / DIGESTS
    if not source.is_file():
        raise SystemExit(f"distill: no digests at {source}")
    from jtrans import api

    pipeline = api.build_pipeline(model=args.model)
    posts = weeks(source.read_text(encoding="utf-8"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as f:
        for en, ja in pairs(pipeline, posts, args.min_confidence):
            f.write(f"{en}\t{ja}\n")
            n += 1
    tmp.replace(args.out)
    print(f"distill: {n} pairs from {len(posts)} weeks in {args.out}")


if __name__ == "__main__":
    main()
