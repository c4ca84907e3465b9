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
# "small" with twice the feed-forward width (~15M): grown from a trained "small" by ``--init``
# (:func:`grow`, the same function at the start), capacity without starting over
ARCHS["wide"] = ARCHS["small"] | dict(encoder_ffn_dim=2048, decoder_ffn_dim=2048)


def checkpoint_arch(path: Path | None, default: str = "small") -> str:
    """The architecture a checkpoint was trained as: a model directory's card says it
    (``training.resume.arch``), a trainer snapshot's folder holds the ``config.json`` the
    trainer wrote; ``default`` when neither tells (or for no path)."""
    if path is None:
        return default
    path = Path(path)
    try:
        if path.is_dir():
            card = json.loads((path / "model.json").read_text(encoding="utf-8"))
            arch = card["training"]["resume"]["arch"]
            return arch if arch in ARCHS else default
        config = json.loads((path.parent / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return default
    for name, sizes in ARCHS.items():
        if all(config.get(k) == v for k, v in sizes.items()):
            return name
    return default


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


def grow(weights: dict, target: dict) -> dict:
    """``weights`` of a model placed in ``target``'s (a state dict of a model with wider
    feed-forward layers, every other size equal) so that it computes the same function: each
    old block is copied into the leading corner, the new units keep ``target``'s fresh input
    rows (``fc1``) and get zero output columns (``fc2``), so they add nothing until training
    gives them a use. Raises ``ValueError`` for any other difference (of shape, or weights
    one model has and the other has not)."""
    new_only = [k for k in target if k not in weights and not tied_or_static(k)]
    if new_only:
        raise ValueError(f"the narrow model has no {new_only[0]}: it cannot grow")
    out = {}
    for name, value in weights.items():
        if name not in target:
            raise ValueError(f"the wider model has no {name}: it cannot grow")
        new = target[name]
        if tuple(value.shape) == tuple(new.shape):
            out[name] = value
            continue
        grows_rows = name.endswith(("fc1.weight", "fc1.bias"))
        grows_cols = name.endswith("fc2.weight")
        if value.dim() != new.dim() or not (grows_rows or grows_cols):
            raise ValueError(f"{name}: {tuple(value.shape)} cannot grow to {tuple(new.shape)}")
        if grows_rows and value.shape[1:] == new.shape[1:] and new.shape[0] > value.shape[0]:
            grown = new.clone()
            if name.endswith("bias"):
                grown.zero_()
            grown[: value.shape[0]] = value
        elif grows_cols and value.shape[0] == new.shape[0] and new.shape[1] > value.shape[1]:
            grown = new.new_zeros(new.shape)
            grown[:, : value.shape[1]] = value
        else:
            raise ValueError(f"{name}: {tuple(value.shape)} cannot grow to {tuple(new.shape)}")
        out[name] = grown
    return out


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
