"""Why do sentences fall back to English? On an EN<TAB>JA set, the marked-English sentences
counted by cause.

Usage::

    python benchmarks/fallbacks.py [--set ../shared/eval/wmt22-general.tsv] [--lines 300]
        [--model NAME|PATH] [--show 5] [--json]

Translates the first ``--lines`` lines of the set with the configured pipeline (model,
glossary, post-processing; no translation memory) and counts the lines that hold the
untranslated marker and the sentences published in English, each with the flag that sent it
there: a placeholder the model left out (by kind of span: a glossary term, a name, a number
or date, other markup), the post-processing guard (empty, no Japanese, looping, too long,
unknown token) or the Markdown guard. Without ``../shared`` it falls back to the in-repo
``examples/eval/digest-eval.tsv``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtrans import api, evalset, markdown_guard  # noqa: E402
from jtrans.postprocess.guard import FALLBACK_MARKER, is_fallback  # noqa: E402

WMT = ROOT.parent / "shared/eval/wmt22-general.tsv"
DIGEST = ROOT / "examples/eval/digest-eval.tsv"


def cause(rule: str, message: str) -> str:
    """A short cause name for a flag that publishes English."""
    if rule == "guard":
        m = re.match(r"[a-z -]+", message)
        return "guard: " + (m.group(0).strip() if m else message)
    return rule


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=WMT if WMT.exists() else DIGEST)
    ap.add_argument("--lines", type=int, default=300)
    ap.add_argument("--model")
    ap.add_argument("--show", type=int, default=0, help="print this many examples per cause")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    data = evalset.read_tsv(args.set)
    sources = list(data.sources)[: args.lines]
    pipeline = api.build_pipeline(model=args.model, start=ROOT)
    t0 = time.perf_counter()
    results = pipeline.translate_many(sources)
    seconds = time.perf_counter() - t0
    causes: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    sentences = fallback_sentences = 0
    lines = 0
    for result in results:
        lines += FALLBACK_MARKER in result.text
        for s in result.sentences:
            sentences += 1
            if not is_fallback(s.text):
                continue
            fallback_sentences += 1
            why = [
                cause(f.rule, f.message)
                for f in result.flags
                if f.index == s.unit
                and f.rule in ("placeholder-missing", "guard", markdown_guard.RULE)
            ]
            key = why[-1] if why else "unknown"
            causes[key] += 1
            examples.setdefault(key, []).append(f"{s.source}  ->  {s.output}")
    out = {
        "set": str(args.set),
        "lines": len(sources),
        "lines_with_english": lines,
        "sentences": sentences,
        "english_sentences": fallback_sentences,
        "causes": dict(causes.most_common()),
        "seconds": round(seconds, 1),
    }
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(
            f"{out['set']}: {lines} of {len(sources)} lines hold marked English "
            f"({lines / max(1, len(sources)):.1%}); {fallback_sentences} of {sentences} "
            f"sentences ({seconds:.0f} s)"
        )
        for key, n in causes.most_common():
            print(f"  {n:4d}  {key}")
            for ex in examples[key][: args.show]:
                print(f"        {ex}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
