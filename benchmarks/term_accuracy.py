"""Term accuracy of `jtrans translate` with and without the glossary, on the same post.

Usage::

    python benchmarks/term_accuracy.py [--week "July 31 - August 6"] [--input post.md]
        [--model NAME|PATH] [--json]

Translates one real digest week (from ../shared/digests, the default) or ``--input`` twice with
the same model — once with the glossary, once with ``--no-glossary`` — and checks both outputs
against the glossary (``Glossary.check``): term accuracy, missing terms and forbidden renderings.
Prints both and their difference, measured in one run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtrans import api  # noqa: E402
from jtrans.glossary import load  # noqa: E402

DIGEST = ROOT.parent / "shared" / "digests" / "ml-papers-of-the-week.md"


def week(title: str) -> str:
    text = DIGEST.read_text(encoding="utf-8")
    start = text.index(f"## Top ML Papers of the Week ({title}")
    end = text.find("\n## ", start + 1)
    return text[start : end + 1 if end != -1 else len(text)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--week", default="July 31 - August 6")
    ap.add_argument("--input", type=Path)
    ap.add_argument("--model")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        source = args.input.read_text(encoding="utf-8") if args.input else week(args.week)
    except (OSError, ValueError) as exc:
        print(f"term_accuracy: error: {exc}", file=sys.stderr)
        return 2
    glossary = load()
    rows = {}
    for label, no_glossary in (("with glossary", False), ("without glossary", True)):
        out = api.text(source, model=args.model, no_glossary=no_glossary, start=ROOT)
        report = glossary.check(source, out)
        rows[label] = {
            "term_accuracy": round(report.accuracy, 4),
            "terms": report.total,
            "satisfied": report.satisfied,
            "forbidden": [f"{f.term} → {f.forbidden}" for f in report.forbidden],
            "missing": sorted({t.term for t in report.missing}),
        }
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for label, r in rows.items():
        print(
            f"{label:17s} term accuracy {r['term_accuracy']:.3f} "
            f"({r['satisfied']}/{r['terms']}), forbidden renderings: {len(r['forbidden'])}"
        )
        if r["missing"]:
            print(f"{'':17s} missing: {', '.join(r['missing'][:15])}")
        for f in r["forbidden"]:
            print(f"{'':17s} forbidden: {f}")
    gain = rows["with glossary"]["term_accuracy"] - rows["without glossary"]["term_accuracy"]
    print(f"glossary gain: {gain:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
