"""Score a model directory with the project's scorer and record the numbers in its card.

Sets: ``../shared/eval/digest-dev.tsv`` (19 digest pairs), the Coursera test split (lecture
transcripts; its Japanese side is word-segmented in the source and is joined back here), the
in-repo ``examples/eval/digest-eval.tsv`` and optionally WMT22 (``--wmt``, slow on CPU). Each set
is translated through the full pipeline (glossary and post-processing on, as users run it) and
scored by ``jtrans.score`` (BLEU on fugashi/unidic-lite words, chrF, term accuracy).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from jtrans import evalset
from jtrans import score as scoring
from jtrans.glossary import load
from jtrans.train.prepare import detok_ja, shared_dir

REPO = Path(__file__).resolve().parents[2]


def coursera_tsv(shared: Path, work: Path, limit: int | None) -> Path:
    src = (shared / "corpus/coursera/test.en.txt").read_text(encoding="utf-8").splitlines()
    ref = (shared / "corpus/coursera/test.ja.txt").read_text(encoding="utf-8").splitlines()
    rows = [f"{e.strip()}\t{detok_ja(j.strip())}" for e, j in zip(src, ref, strict=True)]
    rows = [r for r in rows if r.split("\t")[0] and r.split("\t")[1]][:limit]
    out = work / f"coursera-test{'' if limit is None else f'-{limit}'}.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out


def score_set(path: Path, model: Path, glossary_on: bool = True) -> dict:
    data = evalset.read_set(path)
    t0 = time.time()
    translator = evalset.make_translator(model=str(model), no_glossary=not glossary_on, start=REPO)
    hyps = evalset.translate(data, translator)
    aligned = evalset.align(data, hyps)
    gloss = load()  # the shipped glossary, as the model card reports
    report = scoring.score(
        aligned.hyps, aligned.refs, aligned.sources, glossary=gloss, labels=aligned.labels
    )
    d = report.to_dict(worst=0)
    return {
        "bleu": d.get("bleu"),
        "chrf": d.get("chrf"),
        "term_accuracy": d.get("term_accuracy"),
        "segments": len(data),
        "counts": d.get("counts"),
        "signatures": d.get("signatures"),
        "seconds": round(time.time() - t0, 1),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--work", type=Path, default=Path("work/eval"))
    ap.add_argument("--coursera-limit", type=int, default=None)
    ap.add_argument("--wmt", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="print only; leave the card alone")
    args = ap.parse_args(argv)

    sets: dict[str, Path] = {"in-repo digest-eval": REPO / "examples/eval/digest-eval.tsv"}
    if (args.shared / "eval").is_dir():
        sets["digest-dev"] = args.shared / "eval/digest-dev.tsv"
        sets["coursera-test"] = coursera_tsv(args.shared, args.work, args.coursera_limit)
        if args.wmt:
            sets["wmt22-general"] = args.shared / "eval/wmt22-general.tsv"
    scores: dict[str, dict] = {}
    for name, path in sets.items():
        scores[name] = score_set(path, args.model)
        print(name, json.dumps(scores[name], ensure_ascii=False), flush=True)
    if "digest-dev" in sets:
        scores["digest-dev (no glossary)"] = score_set(sets["digest-dev"], args.model, False)
        print("digest-dev (no glossary)", json.dumps(scores["digest-dev (no glossary)"]))
    if args.no_write:
        return
    card_path = args.model / "model.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["scores"] = {
        "measured_by": "python -m jtrans.train.evaluate (jtrans eval pipeline: glossary + "
        "post-processing; BLEU on fugashi/unidic-lite words, chrF)",
        "coursera_test_lines": args.coursera_limit or "all",
        **scores,
    }
    tmp = card_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, card_path)


if __name__ == "__main__":
    main()
