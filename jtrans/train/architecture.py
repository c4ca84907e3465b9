"""The default model's architecture: its ``MarianConfig`` sizes, which weights a checkpoint
may leave out, and the Hugging Face folder layout ctranslate2's converter reads. Shared by
training (:mod:`jtrans.train.marian`), export (:mod:`jtrans.train.export`) and the weights
read back (:mod:`jtrans.train.ct2_weights`), which build the same model.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ARCHS = {
    # ~11M parameters: the default. bf16 on AMX: ~1.8–2.2k target tokens/s on 2 CPU threads,
    # 830 on one; 5.18 dev BLEU after one CPU-hour from scratch (models/README.md, session 10)
    "small": dict(
        d_model=256,
        encoder_layers=6,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=1024,
        decoder_ffn_dim=1024,
    ),
    # ~36M parameters: better per step, but 0.58× the tokens/s of "small" under bf16 (478 on
    # one AMX core): 3.89 dev BLEU after one CPU-hour from scratch against 5.18
    "medium": dict(
        d_model=512,
        encoder_layers=6,
        decoder_layers=2,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
    ),
    # for a GPU day
    "base": dict(
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
    ),
}


def make_config(vocab_size: int, arch: str, max_len: int = 256, **overrides: object):
    """The default model's ``MarianConfig`` for ``vocab_size`` sentencepiece pieces (the
    vocabulary layout ctranslate2's converter expects); ``overrides`` change sizes (tests)."""
    from transformers import MarianConfig

    pad = vocab_size  # sentencepiece pieces first, <pad> last
    return MarianConfig(
        **{**ARCHS[arch], **overrides},
        vocab_size=vocab_size + 1,
        decoder_vocab_size=vocab_size + 1,
        max_position_embeddings=max_len,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
    )


TIED = {"model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight"}


def tied_or_static(key: str) -> bool:
    """Keys a checkpoint may omit: tied copies of the shared embedding, sinusoidal positions
    and ``final_logits_bias`` (a buffer the trainer keeps at zero; the converter drops it)."""
    return key in TIED or "embed_positions" in key or key == "final_logits_bias"


def write_hf_dir(model, spm_model: Path, out: Path) -> Path:
    """Save ``model`` (a ``MarianMTModel``) as a Hugging Face folder with the shared-spm layout:
    ``source.spm`` = ``target.spm``, ``vocab.json`` = the pieces in id order plus ``<pad>`` last
    (the id ctranslate2's Marian loader drops), and ``MarianTokenizer`` files."""
    import warnings

    import sentencepiece as spm
    from transformers import MarianTokenizer

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab["<pad>"] = sp.get_piece_size()
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    if Path(spm_model).resolve() != (out / "source.spm").resolve():
        shutil.copy(spm_model, out / "source.spm")
    shutil.copy(out / "source.spm", out / "target.spm")
    model.save_pretrained(out)
    with warnings.catch_warnings():  # "Recommended: pip install sacremoses." (not used)
        warnings.simplefilter("ignore")
        tok = MarianTokenizer(
            str(out / "source.spm"),
            str(out / "target.spm"),
            str(out / "vocab.json"),
            source_lang="en",
            target_lang="ja",
            unk_token="<unk>",
            eos_token="</s>",
            pad_token="<pad>",
        )
    tok.save_pretrained(out)
    return out
