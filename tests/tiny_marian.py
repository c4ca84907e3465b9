"""Build a tiny, randomly initialised Hugging Face MarianMT checkpoint for tests.

The layout is the one the default model uses (and ``jtrans model convert`` expects):

* one sentencepiece model shared by both sides, saved as ``source.spm`` and ``target.spm``,
  with ``</s>`` = id 0, ``<unk>`` = id 1, no bos/pad, and ``⟦0⟧``…``⟦39⟧`` as user-defined pieces;
* ``vocab.json`` = the sentencepiece pieces in id order plus ``<pad>`` as the LAST id (CTranslate2's
  Marian loader drops that trailing ``<pad>``; the decoder starts from a zero embedding);
* ``config.json`` with ``pad_token_id = decoder_start_token_id = len(spm)``, ``eos_token_id = 0``;
* tokenizer files from ``MarianTokenizer.save_pretrained``.

``build_tiny_nllb`` writes the NLLB layout instead (one ``sentencepiece.bpe.model``, language
tokens such as ``eng_Latn``/``jpn_Jpan``). Needs torch + transformers (the ``train`` extra).

``build_tiny_ct2`` converts a tiny Marian checkpoint with ``jtrans model convert``; it wrote the
committed fixture ``tests/fixtures/tiny-ct2`` (about 60 KB) that the CTranslate2 engine tests
load, so they run without torch. Regenerate it (needs the ``train`` extra) with::

    PYTHONPATH=. python tests/tiny_marian.py tests/fixtures/tiny-ct2
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from jtrans.placeholders import symbols

WORDS = (
    "the model uses attention to learn a new task with data and tokens for training large "
    "language models we show that scaling improves reasoning on benchmarks"
).split()
JA = "これ は 新しい モデル です 。 学習 データ を 使い ます".split()


def sample_sentences(n: int = 300, seed: int = 0) -> list[str]:
    """Generated English/Japanese-ish lines with placeholders, enough to train a tiny spm."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
        if i % 4 == 0:
            words.insert(rng.randint(0, len(words)), symbols()[i % len(symbols())])
        out.append(" ".join(words) + rng.choice([".", ",", "", "?"]))
        if i % 3 == 0:
            out.append("".join(rng.choice(JA) for _ in range(rng.randint(3, 10))))
    return out


def train_spm(
    path: Path, vocab_size: int = 150, seed: int = 0, normalization: str = "nmt_nfkc"
) -> Path:
    """Train a unigram sentencepiece model with the placeholder pieces; write it to ``path``.

    ``normalization="identity"`` leaves out the NFKC table (about 240 KB of the model file)."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample_sentences(seed=seed)),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        user_defined_symbols=symbols(),
        pad_id=-1,
        bos_id=-1,
        eos_id=0,
        unk_id=1,
        eos_piece="</s>",
        unk_piece="<unk>",
        character_coverage=1.0,
        normalization_rule_name=normalization,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(buf.getvalue())
    return path


def build_tiny_marian(
    out: Path,
    *,
    vocab_size: int = 150,
    d_model: int = 16,
    layers: int = 1,
    init_std: float = 0.5,
    seed: int = 0,
    normalization: str = "nmt_nfkc",
) -> Path:
    """Write a tiny MarianMTModel checkpoint + tokenizer to ``out`` and return ``out``."""
    import sentencepiece as spm
    import torch
    from transformers import MarianMTModel

    from jtrans.train.architecture import write_hf_dir  # the default model's own layout
    from jtrans.train.marian import make_config  # and its own configuration, shrunk

    out.mkdir(parents=True, exist_ok=True)
    train_spm(out / "source.spm", vocab_size=vocab_size, seed=seed, normalization=normalization)
    n = spm.SentencePieceProcessor(model_file=str(out / "source.spm")).get_piece_size()
    torch.manual_seed(seed)
    config = make_config(
        n,
        "small",
        max_len=512,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        init_std=init_std,
    )
    return write_hf_dir(MarianMTModel(config), out / "source.spm", out)


def build_tiny_nllb(out: Path, *, vocab_size: int = 150, seed: int = 0) -> Path:
    """Write a tiny random NLLB-style (M2M100 + NllbTokenizer) checkpoint to ``out``."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    out.mkdir(parents=True, exist_ok=True)
    train_spm(out / "sentencepiece.bpe.model", vocab_size=vocab_size, seed=seed)
    tokenizer = NllbTokenizer(
        vocab_file=str(out / "sentencepiece.bpe.model"), src_lang="eng_Latn", tgt_lang="jpn_Jpan"
    )
    tokenizer.save_pretrained(out)
    torch.manual_seed(seed)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=128,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        init_std=0.5,
    )
    M2M100ForConditionalGeneration(config).save_pretrained(out)
    return out


def build_tiny_ct2(out: Path, *, seed: int = 0) -> Path:
    """Convert a tiny Marian checkpoint into the CTranslate2 model folder ``out`` (the layout and
    card ``jtrans model convert`` writes), with a fixed date and no build path in the card."""
    import shutil
    import tempfile

    from typer.testing import CliRunner

    from jtrans import models
    from jtrans.cli import load_commands

    with tempfile.TemporaryDirectory() as tmp:
        hf = build_tiny_marian(Path(tmp) / "hf", seed=seed, normalization="identity")
        result = CliRunner().invoke(
            load_commands(),
            ["model", "convert", str(hf), "--name", "tiny", "--out", str(Path(tmp) / "models")],
        )
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(Path(tmp) / "models" / "tiny", out)
    card = models.load_card(out)
    card["created"] = "2026-01-01T00:00:00+00:00"
    card["upstream"] = {"path": f"tests/tiny_marian.py (random weights, seed {seed})"}
    models.write_card(out, card)
    return out


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/tiny-ct2")
    print(build_tiny_ct2(target))
