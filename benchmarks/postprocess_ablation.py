"""How much each post-processing rule moves BLEU/chrF: all rules, all but one, none.

Two ways to get raw MT output:

``--tsv FILE``   rows ``source<TAB>raw MT<TAB>reference`` (raw MT = engine output before
                 post-processing, placeholders already restored); rules run on each row and a
                 guard fallback publishes ``fallback_text(source)``, as the pipeline would.
``--set FILE``   an ``EN<TAB>JA`` eval set translated through the real pipeline
                 (``--engine``/``--model``, configured glossary). The engine is wrapped in a
                 cache, so the model decodes each sentence once and every variant only reruns
                 post-processing.

Scores use ``jtrans.score`` (BLEU on UniDic words, chrF), so they match ``jtrans eval``.

    python benchmarks/postprocess_ablation.py --set ../shared/eval/digest-dev.tsv
    python benchmarks/postprocess_ablation.py --tsv raw.tsv --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from jtrans import postprocess, score
from jtrans.postprocess.config import RULE_NAMES, PostprocessConfig


def read_triples(path: Path) -> tuple[list[str], list[str], list[str]]:
    """``source<TAB>raw<TAB>reference`` rows; exits with a one-line error when malformed."""
    sources, raws, refs = [], [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            sys.exit(f"postprocess_ablation: error: {path}:{n}: expected 3 tab-separated fields")
        sources.append(fields[0])
        raws.append(fields[1])
        refs.append(fields[2])
    if not sources:
        sys.exit(f"postprocess_ablation: error: {path}: no rows")
    return sources, raws, refs


def variants(base: PostprocessConfig) -> list[tuple[str, PostprocessConfig | None]]:
    """``all``, ``all - <rule>`` for every rule, then ``none`` (post-processing off)."""
    out: list[tuple[str, PostprocessConfig | None]] = [("all", base)]
    out += [(f"all - {rule}", base.without(rule)) for rule in RULE_NAMES]
    out.append(("none", None))
    return out


def tsv_hypotheses(sources: list[str], raws: list[str], cfg: PostprocessConfig | None) -> list[str]:
    if cfg is None:
        return list(raws)
    out = []
    for src, raw in zip(sources, raws, strict=True):
        text, flags = postprocess.run(raw, src, cfg)
        out.append(postprocess.fallback_text(src) if any(f.fallback for f in flags) else text)
    return out


class CachingEngine:
    """Wraps an engine so repeated sentences are decoded only once."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.name = f"cached-{getattr(engine, 'name', 'engine')}"
        self.target_lang = getattr(engine, "target_lang", None)
        self.cache: dict[str, str] = {}

    def translate_batch(self, sentences: list[str]) -> list[str]:
        todo = list(dict.fromkeys(s for s in sentences if s not in self.cache))
        if todo:
            self.cache.update(zip(todo, self.engine.translate_batch(todo), strict=True))
        return [self.cache[s] for s in sentences]


def pipeline_translator(
    engine: str | None, model: str | None, start: Path
) -> Callable[[list[str], PostprocessConfig | None], list[str]]:
    from jtrans import api
    from jtrans import config as config_mod
    from jtrans.pipeline import Pipeline

    cfg = config_mod.load(start).with_overrides(model=model, engine=engine)
    cached = CachingEngine(api.make_engine(cfg))
    gloss = api.load_glossary(None, cfg) if cached.target_lang == "ja" else None

    def translate(sources: list[str], pp: PostprocessConfig | None) -> list[str]:
        post = None
        if pp is not None:

            def post(ja: str, source: str, restore: dict[int, str]):
                return postprocess.run(ja, source, pp, restore=restore)

        pipe = Pipeline(cached, glossary=gloss, postprocessor=post, config=cfg)
        return [" ".join(pipe.translate(s).text.splitlines()) for s in sources]

    return translate


def ablate(
    refs: list[str],
    hyps_for: Callable[[PostprocessConfig | None], list[str]],
    base: PostprocessConfig | None = None,
) -> list[dict[str, Any]]:
    """Score every variant of ``base`` (default settings when ``None``)."""
    rows = []
    base_hyps: list[str] | None = None
    for name, cfg in variants(base or PostprocessConfig()):
        hyps = hyps_for(cfg)
        report = score.score(hyps, refs)
        if base_hyps is None:
            base_hyps = hyps
        rows.append(
            {
                "variant": name,
                "bleu": report.bleu.score,
                "chrf": report.chrf.score,
                "segments_differing_from_all": sum(
                    a != b for a, b in zip(hyps, base_hyps, strict=True)
                ),
            }
        )
    all_bleu, all_chrf = rows[0]["bleu"], rows[0]["chrf"]
    for row in rows:
        row["delta_bleu"] = row["bleu"] - all_bleu
        row["delta_chrf"] = row["chrf"] - all_chrf
    return rows


def print_rows(rows: list[dict[str, Any]], signature: str, n: int) -> None:
    print(f"{n} segments; {signature}")
    print(f"{'variant':<22}{'BLEU':>8}{'ΔBLEU':>8}{'chrF':>8}{'ΔchrF':>8}{'changed':>9}")
    for r in rows:
        print(
            f"{r['variant']:<22}{r['bleu']:>8.2f}{r['delta_bleu']:>+8.2f}"
            f"{r['chrf']:>8.2f}{r['delta_chrf']:>+8.2f}{r['segments_differing_from_all']:>9}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--tsv", type=Path, help="source<TAB>raw MT<TAB>reference rows")
    src.add_argument("--set", type=Path, help="EN<TAB>JA eval set to translate")
    ap.add_argument("--engine", help="engine name (default: configured)")
    ap.add_argument("--model", help="model name or directory (ct2)")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)

    if args.tsv is not None:
        if not args.tsv.is_file():
            sys.exit(f"postprocess_ablation: error: {args.tsv}: no such file")
        sources, raws, refs = read_triples(args.tsv)

        def hyps_for(cfg: PostprocessConfig | None) -> list[str]:
            return tsv_hypotheses(sources, raws, cfg)

    else:
        from jtrans import evalset

        try:
            data = evalset.read_set(args.set)
        except score.ScoreError as exc:
            sys.exit(f"postprocess_ablation: error: {exc}")
        if data.kind != "tsv":
            sys.exit("postprocess_ablation: error: --set takes an EN<TAB>JA TSV")
        refs = data.references
        translate = pipeline_translator(args.engine, args.model, args.set)

        def hyps_for(cfg: PostprocessConfig | None) -> list[str]:
            return translate(data.sources, cfg)

    start = args.tsv if args.tsv is not None else args.set
    from jtrans import config as config_mod

    try:  # options from [tool.jtrans.postprocess]; "all" switches every rule on
        base = replace(config_mod.load(start).postprocess_settings(), disabled=frozenset())
    except ValueError as exc:
        sys.exit(f"postprocess_ablation: error: {exc}")
    rows = ablate(refs, hyps_for, base)
    signature = score.score(refs[:1], refs[:1]).bleu.signature
    if args.json:
        print(json.dumps({"segments": len(refs), "signature": signature, "rows": rows}, indent=2))
    else:
        print_rows(rows, signature, len(refs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
