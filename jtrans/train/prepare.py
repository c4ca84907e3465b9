"""Data preparation for the default model: clean, deduplicate, hold out, mix and encode.

Reads ``../shared/corpus`` (never copied into the repo) and writes, under the work folder
(``work/data`` by default, git-ignored):

* ``train.en`` / ``train.ja`` — cleaned, deduplicated, domain-weighted training pairs,
* ``dev.en`` / ``dev.ja`` — an in-domain held-out split used to pick checkpoints,
* ``spm.model`` — one shared sentencepiece model whose vocabulary reserves ``⟦0⟧…⟦39⟧``,
* ``train.npz`` / ``dev.npz`` — the pairs as sentencepiece ids (compressed; this is what a GPU
  machine gets carried, since ``../shared`` does not travel there).

Held out from training: ``eval/digest-dev.tsv``, the Coursera dev/test splits, WMT22 and NTREX
(exact English matches are dropped from every training file).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from jtrans.placeholders import make, symbols

JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
JA_SPACE = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]) +(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])"
)
JA_LATIN_SPACE = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff]) +(?=[\w(])|(?<=[\w)]) +(?=[\u3000-\u30ff\u3400-\u9fff])"
)
# Spans the pipeline's protect stage turns into placeholders; taught here so the model copies them.
PROTECT = re.compile(r"`[^`\n]+`|https?://[^\s)\]>]+|\$[^$\n]+\$|\*\*")

# (file or folder, weight): in-domain ML text is repeated, the encyclopedic corpus subsampled.
MIX: list[tuple[str, float]] = [
    ("tensorflow-docs.tsv", 2.0),
    ("huggingface-docs.tsv", 2.0),
    ("llm-courses.tsv", 2.0),
    ("d2l/aligned.tsv", 2.0),
    ("coursera", 1.0),
    ("python-docs.tsv", 1.0),
    ("web-docs.tsv", 1.0),
    ("kyoto-wiki.tsv", 0.35),
]
DEV_FROM = ("tensorflow-docs.tsv", "huggingface-docs.tsv", "llm-courses.tsv")
DEV_SIZE = 600


def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2].parent / "shared"


def detok_ja(text: str) -> str:
    """Undo word segmentation in tokenised Japanese (the Coursera corpus is space-separated)."""
    text = JA_SPACE.sub("", text)
    text = JA_LATIN_SPACE.sub("", text)
    return text.replace(" 。", "。").replace(" 、", "、")


def read_pairs(shared: Path, name: str) -> Iterator[tuple[str, str]]:
    path = shared / "corpus" / name
    if path.is_dir():  # coursera: line-aligned train files
        with (
            open(path / "train.en.txt", encoding="utf-8") as fe,
            open(path / "train.ja.txt", encoding="utf-8") as fj,
        ):
            for en, ja in zip(fe, fj, strict=True):
                yield en.strip(), detok_ja(ja.strip())
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                yield parts[0].strip(), parts[1].strip()


def protect_pair(en: str, ja: str) -> tuple[str, str]:
    """Replace spans present on both sides by aligned placeholders, numbered in source order."""
    spans: list[str] = []
    for m in PROTECT.finditer(en):
        s = m.group(0)
        if s not in spans and s in ja:
            spans.append(s)
    if not spans or len(spans) > 20:
        return en, ja
    if "**" in spans and en.count("**") != ja.count("**"):
        spans.remove("**")
    # longest first so a URL inside a code span does not break the code span
    for i, s in sorted(enumerate(spans), key=lambda t: -len(t[1])):
        en = en.replace(s, make(i))
        ja = ja.replace(s, make(i))
    return en, ja


def keep(en: str, ja: str) -> bool:
    if not en or not ja or en == ja:
        return False
    if not JA_CHAR.search(ja) or JA_CHAR.search(en):
        return False
    le, lj = len(en), len(ja)
    if le < 3 or lj < 2 or le > 500 or lj > 400:
        return False
    ratio = lj / le
    if ratio < 0.12 or ratio > 2.0:
        return False
    letters = sum(c.isalpha() for c in en)
    return letters >= 0.4 * le


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def holdout_keys(shared: Path) -> set[str]:
    keys: set[str] = set()
    for name in ("digest-dev.tsv", "wmt22-general.tsv", "ntrex128.tsv"):
        p = shared / "eval" / name
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                keys.add(norm_key(line.split("\t")[0]))
    for split in ("dev", "test"):
        p = shared / "corpus" / "coursera" / f"{split}.en.txt"
        if p.exists():
            keys.update(norm_key(x) for x in p.read_text(encoding="utf-8").splitlines())
    return keys


def build_text(shared: Path, out: Path, seed: int = 13) -> dict[str, int]:
    rng = random.Random(seed)
    held = holdout_keys(shared)
    seen: set[str] = set()
    train: list[tuple[str, str]] = []
    dev: list[tuple[str, str]] = []
    stats: dict[str, int] = {}
    for name, weight in MIX:
        pairs = []
        for en, ja in read_pairs(shared, name):
            en, ja = " ".join(en.split()), " ".join(ja.split())
            if not keep(en, ja):
                continue
            k = norm_key(en)
            if k in held:
                continue
            h = hashlib.md5((k + "\t" + norm_key(ja)).encode()).hexdigest()
            if h in seen:
                continue
            seen.add(h)
            pairs.append(protect_pair(en, ja))
        rng.shuffle(pairs)
        if name in DEV_FROM:
            n = DEV_SIZE // len(DEV_FROM)
            dev.extend(pairs[:n])
            pairs = pairs[n:]
        whole, frac = int(weight), weight - int(weight)
        chosen = pairs * whole + pairs[: int(len(pairs) * frac)]
        stats[name] = len(chosen)
        train.extend(chosen)
    rng.shuffle(train)
    out.mkdir(parents=True, exist_ok=True)
    for split, rows in (("train", train), ("dev", dev)):
        for side, idx in (("en", 0), ("ja", 1)):
            (out / f"{split}.{side}").write_text(
                "".join(r[idx] + "\n" for r in rows), encoding="utf-8"
            )
    stats["train"], stats["dev"] = len(train), len(dev)
    return stats


def train_spm(out: Path, vocab_size: int = 16000) -> None:
    import sentencepiece as spm

    # one unique copy of each side for the vocabulary (repeats would skew piece frequencies)
    sample = out / "spm_input.txt"
    lines = set()
    for side in ("en", "ja"):
        lines.update((out / f"train.{side}").read_text(encoding="utf-8").splitlines())
    sample.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(sample),
        model_prefix=str(out / "spm"),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.9995,
        input_sentence_size=600000,
        shuffle_input_sentence=True,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        user_defined_symbols=symbols(),
        num_threads=2,
        minloglevel=2,
    )
    sample.unlink()


def encode(out: Path) -> None:
    import numpy as np
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(out / "spm.model"))
    for split in ("train", "dev"):
        arrays = {}
        for side in ("en", "ja"):
            lines = (out / f"{split}.{side}").read_text(encoding="utf-8").splitlines()
            ids = sp.encode(lines)
            lengths = np.array([len(x) for x in ids], dtype=np.int32)
            flat = np.fromiter(
                (t for x in ids for t in x), dtype=np.int16, count=int(lengths.sum())
            )
            arrays[f"{side}_ids"], arrays[f"{side}_len"] = flat, lengths
        np.savez_compressed(out / f"{split}.npz", **arrays)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--out", type=Path, default=Path("work/data"))
    ap.add_argument("--vocab-size", type=int, default=16000)
    ap.add_argument(
        "--spm",
        type=Path,
        help="reuse this sentencepiece model (e.g. the committed "
        "checkpoint's) instead of training one, so a resumed model keeps its vocabulary",
    )
    args = ap.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        raise SystemExit(f"prepare: no corpus under {args.shared}")
    stats = build_text(args.shared, args.out)
    print(json.dumps(stats, indent=1))
    if args.spm:
        shutil.copy(args.spm, args.out / "spm.model")
    else:
        train_spm(args.out, args.vocab_size)
    encode(args.out)
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    print("prepared", args.out)


if __name__ == "__main__":
    main()
