"""A fixed sample of real digest descriptions with their translations, for a reader's verdict.

Usage::

    python benchmarks/postedit_sample.py [--n 18] [--seed 29] [--model NAME|PATH] [-o sample.md]

Issue 15 measured the default model the way an editor meets it: description paragraphs of
real digest weeks, read sentence by sentence against the English, each sentence either usable
after light post-editing (the meaning is right; a word or two to change) or in need of a
rewrite (1 paragraph of 18 was usable then). No metric stands in for that reading, so this
script only makes it repeatable: it draws ``--n`` description paragraphs (a table row's
``N) **Title** - description`` of ../shared/digests/ml-papers-of-the-week.md, descriptions of
150+ characters) with a fixed ``--seed``, translates each with the configured pipeline (no
translation memory) and writes them as Markdown, the English and the Japanese one sentence
per line with an empty verdict column, for a reader to fill in. The same seed gives the same
paragraphs for every model, so two models are read on the same text. The counts of the last
reading are in docs/quality.md ("Read by a person").

Exit 2 with one line when the digests are missing (a fresh clone has no ../shared).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtrans import api  # noqa: E402
from jtrans.fileio import write_atomic  # noqa: E402

DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"
ITEM_RE = re.compile(r"^\|\s*(\d+)\) \*\*(.+?)\*\*\s*[-–:]\s*(.+?)\s*\|\s*\[")
MIN_CHARS = 150
_JA_SENTENCE_RE = re.compile(r"(?<=[。！？])")


def items(text: str) -> list[tuple[str, str, str]]:
    """``(where, title, description)`` of every described item in the digest (``where``:
    the week's dates and the item number)."""
    found: list[tuple[str, str, str]] = []
    week = ""
    for line in text.splitlines():
        if line.startswith("## "):
            week = line.removeprefix("## ").strip()
            continue
        m = ITEM_RE.match(line)
        if m and len(m.group(3)) >= MIN_CHARS:
            found.append((f"{week}, item {m.group(1)}", m.group(2), m.group(3)))
    return found


def sample(text: str, n: int, seed: int) -> list[tuple[str, str, str]]:
    """``n`` items drawn with ``seed`` (all of them when there are fewer)."""
    pool = items(text)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def render(drawn: list[tuple[str, str, str]], translated: list[str]) -> str:
    """The reading sheet: per paragraph, the English and the Japanese with a verdict column."""
    out = ["# Post-editing read", "", "Verdict per line: `ok` (light edit) or `rewrite`.", ""]
    for k, ((where, title, description), ja) in enumerate(zip(drawn, translated, strict=True), 1):
        out += [f"## {k}. {where}", "", f"EN: **{title}** - {description}", ""]
        out += ["| Japanese | verdict |", "|---|---|"]
        for sentence in _JA_SENTENCE_RE.split(ja):
            if sentence.strip():
                out.append(f"| {sentence.strip().replace('|', '&#124;')} | |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=18)
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--model")
    ap.add_argument("-o", "--output", type=Path, help="write the sheet here (else stdout)")
    args = ap.parse_args(argv)
    if not DIGEST.is_file():
        print(f"postedit_sample: {DIGEST} not found (needs ../shared)", file=sys.stderr)
        return 2
    if args.n < 1:
        print("postedit_sample: --n must be at least 1", file=sys.stderr)
        return 2
    drawn = sample(DIGEST.read_text(encoding="utf-8"), args.n, args.seed)
    pipeline = api.build_pipeline(model=args.model, start=ROOT)
    results = pipeline.translate_many([f"**{t}** - {d}\n" for _, t, d in drawn])
    sheet = render(drawn, [r.text.strip() for r in results])
    if args.output:
        write_atomic(args.output, sheet + "\n")
    else:
        print(sheet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
