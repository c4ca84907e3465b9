"""Export a training checkpoint as a jtrans model directory (CTranslate2) and as the resume point.

Steps: fp16/fp32 weights → ``transformers.MarianMTModel`` + ``MarianTokenizer`` files in a
temporary Hugging Face folder → ``ctranslate2.converters.TransformersConverter`` (ctranslate2's own
converter) → ``models/NAME/`` with ``model.bin``, the shared vocabulary, ``source.spm`` /
``target.spm`` and a ``model.json`` card. The weights are stored in float16 (the runtime
quantizes them to int8 when it loads on CPU) and the trainer state goes into the card's
``training.resume``: the shipped model is also the resume point (``marian --init models/NAME``),
one artifact instead of an int8 model plus an fp16 checkpoint. Several checkpoints given
(e.g. the trainer's last ``snap-*.pt``) are averaged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from jtrans.train.architecture import (
    ARCHS,
    checkpoint_arch,
    make_config,
    tied_or_static,
    write_hf_dir,
)
from jtrans.truecase import WORDS_FILE

LIMITATIONS = (
    "A small model trained on 2 CPU cores for a few hours (see training.steps): usable only with "
    "the glossary, which carries most ML terminology; fluency is weak, titles and rare words are "
    "often garbled, and general/news text is far out of reach (see scores.wmt22-general). "
    "BLEU here is sacrebleu on fugashi/unidic-lite words, not the ja-mecab tokenisation of "
    "published WMT numbers. Training continues from this model directory in later sessions."
)
ATTRIBUTIONS = [
    {
        "file": "ml-abstracts-acl2022.tsv",
        "origin": "ACL 2022 titles and abstracts with Japanese by gpt-3.5-turbo "
        "(retarfi/aclanthology-translate); English from the ACL Anthology",
        "license": "repository MIT; abstracts CC BY 4.0",
    },
    {
        "file": "ml-abstracts-hf-model-doc.tsv",
        "origin": "paper abstracts quoted in Hugging Face transformers model_doc pages (en/ja)",
        "license": "Apache-2.0",
    },
    {
        "file": "ml-cheatsheets.tsv",
        "origin": "Stanford CS229/CS230 cheatsheets, Japanese edition "
        "(shervinea/cheatsheet-translation)",
        "license": "MIT",
    },
    {
        "file": "japanese-llm-list.tsv",
        "origin": "llm-jp/awesome-japanese-llm README, Japanese original and English edition",
        "license": "Apache-2.0",
    },
    {
        "file": "tensorflow-docs.tsv",
        "origin": "TensorFlow documentation, Japanese translation "
        "(tensorflow/docs-l10n, tensorflow/docs)",
        "license": "Apache-2.0; tensorflow.org content CC BY 4.0",
    },
    {
        "file": "huggingface-docs.tsv",
        "origin": "Hugging Face documentation and courses in Japanese",
        "license": "Apache-2.0",
    },
    {
        "file": "llm-courses.tsv",
        "origin": "DAIR.AI Prompt Engineering Guide; Microsoft "
        "'for beginners' curricula (translations/ja)",
        "license": "MIT",
    },
    {
        "file": "d2l/",
        "origin": "Dive into Deep Learning, Japanese edition (d2l-ai/d2l-ja)",
        "license": "CC BY-SA 4.0",
    },
    {
        "file": "coursera/",
        "origin": "Coursera En-Ja lecture corpus, Song et al., LREC 2020",
        "license": "research use; cite the paper",
    },
    {
        "file": "python-docs.tsv",
        "origin": "Python documentation, Japanese translation (python/python-docs-ja)",
        "license": "PSF License (documentation)",
    },
    {
        "file": "web-docs.tsv",
        "origin": "MDN Web Docs Japanese; Kubernetes website content/ja; "
        "The Rust Programming Language Japanese edition",
        "license": "MDN prose CC BY-SA 2.5; Kubernetes docs CC BY 4.0; Rust book MIT/Apache-2.0",
    },
    {
        "file": "kyoto-wiki.tsv",
        "origin": "NICT Japanese-English Bilingual Corpus of Wikipedia's "
        "Kyoto Articles v2.01 (credit NICT and the Wikipedia authors)",
        "license": "CC BY-SA 3.0",
    },
]


def load_weights(path: Path, spm_model: Path, arch: str) -> tuple[dict, dict]:
    """The float32 weights and trainer state of a ``.pt`` checkpoint or of a shipped model
    directory (its float16 ``model.bin`` and the card's ``training.resume``)."""
    import sentencepiece as spm

    from jtrans.train.ct2_weights import CheckpointError, load_checkpoint

    size = spm.SentencePieceProcessor(model_file=str(spm_model)).get_piece_size()
    try:
        return load_checkpoint(path, make_config(size, arch))
    except CheckpointError as e:
        raise SystemExit(f"export: {path}: {e}") from None


def average(paths: list[Path], spm_model: Path, arch: str = "small") -> tuple[dict, dict]:
    """The mean of several checkpoints' weights (a path named twice counts twice), with the
    state of the latest one. Only weights every checkpoint holds are averaged: a model
    directory lacks the tied copies and static positions a trainer ``.pt`` stores, which the
    model rebuilds (averaged over fewer checkpoints, a tied copy would overwrite the shared
    embedding with a scaled one)."""
    total: dict = {}
    seen: dict = {}
    states = []
    for path in paths:
        weights, state = load_weights(path, spm_model, arch)
        states.append(state)
        for k, v in weights.items():
            total[k] = total[k] + v if k in total else v.clone()
            seen[k] = seen.get(k, 0) + 1
    partial = sorted(k for k, n in seen.items() if n < len(paths))
    if [k for k in partial if not tied_or_static(k)]:
        raise SystemExit(f"export: the checkpoints do not hold the same weights: {partial}")
    latest = max(states, key=lambda st: st.get("step", 0))
    averaged = {k: v / len(paths) for k, v in total.items() if seen[k] == len(paths)}
    return averaged, dict(latest)


RESUME_KEYS = ("step", "epoch", "batch", "tokens", "best", "history", "seconds")


def build_hf(weights: dict, spm_model: Path, arch: str, out: Path):
    import sentencepiece as spm
    from transformers import MarianMTModel

    size = spm.SentencePieceProcessor(model_file=str(spm_model)).get_piece_size()
    model = MarianMTModel(make_config(size, arch))
    try:
        missing, unexpected = model.load_state_dict(weights, strict=False)
    except RuntimeError:  # shapes of another size (a wide checkpoint as --arch small)
        raise SystemExit(
            f"export: weights do not fit the {arch} architecture (other sizes); pass the --arch "
            "the checkpoint was trained as"
        ) from None
    if unexpected or [k for k in missing if not tied_or_static(k)]:
        raise SystemExit(
            f"export: weights do not fit the {arch} architecture: "
            f"missing={missing} unexpected={unexpected}"
        )
    write_hf_dir(model, spm_model, out)
    return model


def convert(hf_dir: Path, dest: Path, quantization: str | None) -> None:
    import ctranslate2

    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        ctranslate2.converters.TransformersConverter(
            str(hf_dir), copy_files=["source.spm", "target.spm"]
        ).convert(str(tmp), quantization=quantization, force=True)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def card(name: str, state: dict, arch: str, params: int, quantization: str | None) -> dict:
    import ctranslate2

    return {
        "name": name,
        "source_lang": "en",
        "target_lang": "ja",
        "architecture": "MarianMTModel",
        "config": {
            k: v
            for k, v in make_config(16000, arch).to_dict().items()
            if k
            in (
                "d_model",
                "encoder_layers",
                "decoder_layers",
                "encoder_ffn_dim",
                "encoder_attention_heads",
                "activation_function",
            )
        }
        | {"size": arch},
        "parameters": params,
        "max_positions": 256,
        # search settings measured best on the dev sets for this small model (loops otherwise)
        "decoding": {"repetition_penalty": 1.2, "no_repeat_ngram_size": 3},
        "quantization": quantization or "float32",
        "compute_type": "int8 on CPU (quantized when loaded), int8_float16 on CUDA",
        "tokenizer": "one shared sentencepiece unigram model (source.spm = target.spm), "
        "placeholders ⟦0⟧…⟦39⟧ as user-defined pieces",
        "training": {
            "recipe": "jtrans/train (prepare → marian → export); see models/README.md",
            "library": "transformers MarianMTModel from scratch; ctranslate2 TransformersConverter",
            "steps": state.get("step"),
            "target_tokens_seen": state.get("tokens"),
            "epochs_completed": state.get("epoch"),
            "best_dev_loss": state.get("best"),
            "resume": {k: state[k] for k in RESUME_KEYS if k in state} | {"arch": arch},
            "held_out": [
                "../shared/eval/digest-dev.tsv",
                "coursera dev/test",
                "wmt22-general",
                "ntrex128",
            ],
            "data": ATTRIBUTIONS,
        },
        "scores": {},
        "limitations": LIMITATIONS,
        "license": "weights: CC BY-SA 4.0 (share-alike terms of the CC BY-SA training data); "
        "see training.data for attributions",
        "created": dt.date.today().isoformat(),
        "converter": f"ctranslate2 {ctranslate2.__version__}",
    }


def _words(given: Path | None, candidates: list[Path]) -> bytes | None:
    """The bytes of the words list to ship (read before the model folder is replaced)."""
    if given is not None:
        return given.read_bytes()
    return next((p.read_bytes() for p in candidates if p.is_file()), None)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Export a checkpoint to models/NAME (CTranslate2)")
    ap.add_argument(
        "checkpoint",
        type=Path,
        nargs="+",
        help="best.pt / snap-*.pt from the trainer, or a shipped model directory (several are "
        "averaged; one named twice counts twice)",
    )
    ap.add_argument("--spm", type=Path, default=Path("work/data/spm.model"))
    ap.add_argument(
        "--words",
        type=Path,
        help="the model's ordinary English words (default: words.txt beside --spm, else the "
        "exported model's own)",
    )
    ap.add_argument(
        "--arch",
        choices=sorted(ARCHS),
        help="default: what the first checkpoint was trained as, else small",
    )
    ap.add_argument("--name", default="jtrans-small-enja")
    ap.add_argument("--models", type=Path, default=Path("models"))
    ap.add_argument(
        "--quantization",
        default="float16",
        help="weights as stored; float16 keeps the model usable as the resume point",
    )
    args = ap.parse_args(argv)
    if args.arch is None:
        args.arch = checkpoint_arch(args.checkpoint[0])

    weights, state = average(args.checkpoint, args.spm, args.arch)
    with tempfile.TemporaryDirectory() as tmp:
        model = build_hf(weights, args.spm, args.arch, Path(tmp))
        params = sum(p.numel() for p in model.parameters())
        dest = args.models / args.name
        args.models.mkdir(parents=True, exist_ok=True)
        old = (
            json.loads((dest / "model.json").read_text()) if (dest / "model.json").exists() else {}
        )
        words = _words(args.words, [args.spm.parent / WORDS_FILE, dest / WORDS_FILE])
        convert(Path(tmp), dest, args.quantization)
        if words is not None:
            (dest / WORDS_FILE).write_bytes(words)
    new_card = card(args.name, state, args.arch, params, args.quantization)
    new_card["scores"] = {}  # measured afterwards by jtrans/train/evaluate.py
    if old.get("scores") and old.get("training", {}).get("steps") == state.get("step"):
        new_card["scores"] = old["scores"]
    tmp_card = dest / "model.json.tmp"
    tmp_card.write_text(json.dumps(new_card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_card, dest / "model.json")
    names = ", ".join(str(p) for p in args.checkpoint)
    print(f"exported {names} (step {state.get('step')}) → {dest}")


if __name__ == "__main__":
    main()
