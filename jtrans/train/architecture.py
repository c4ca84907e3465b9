"""The default model's architecture: its ``MarianConfig`` sizes, which weights a checkpoint
may leave out, and the Hugging Face folder layout ctranslate2's converter reads. Shared by
training (:mod:`jtrans.train.marian`), export (:mod:`jtrans.train.export`) and the weights
read back (:mod:`jtrans.train.ct2_weights`), which build the same model.
"""

from __future__ import annotations

import json
import re
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
# "small" with four decoder layers instead of two (~13M): grown from a trained "small" by
# ``--init`` (:func:`grow`), the two new layers on top start as near-identities
ARCHS["deep"] = ARCHS["small"] | dict(decoder_layers=4)


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


def make_config(
    vocab_size: int, arch: str, max_len: int = 256, dropout: float = 0.1, **overrides: object
):
    """The default model's ``MarianConfig`` for ``vocab_size`` sentencepiece pieces (the
    vocabulary layout ctranslate2's converter expects); ``dropout`` on the residual
    branches (training only); ``overrides`` change sizes (tests)."""
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
        dropout=dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
    )


TIED = {"model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight"}


def tied_or_static(key: str) -> bool:
    """Keys a checkpoint may omit: tied copies of the shared embedding, sinusoidal positions
    and ``final_logits_bias`` (a buffer the trainer keeps at zero; the converter drops it)."""
    return key in TIED or "embed_positions" in key or key == "final_logits_bias"


DECODER_LAYER = re.compile(r"model\.decoder\.layers\.(\d+)\.(.+)")


def _decoder_depth(weights: dict) -> int:
    return 1 + max(
        (int(m.group(1)) for k in weights if (m := DECODER_LAYER.fullmatch(k))), default=-1
    )


def _new_decoder_layer(name: str, fresh, top: int, weights: dict):
    """A decoder layer stacked on top of the trained ones, one weight at a time: its three
    sublayers' output projections start at zero (each adds nothing to its residual) and its
    layer norms take a uniform gain and bias from the old top layer's last norm (the root mean
    square of its gain and bias spread, its mean bias), so that re-normalising that layer's
    output ``g*n + b`` scales it back (exactly for a uniform gain and no bias, nearly so in a
    trained model; a plain fresh norm moved a test sentence's loss from 2.24 to 4.03)."""
    part = DECODER_LAYER.fullmatch(name).group(2)  # type: ignore[union-attr]
    if part.startswith(("self_attn.out_proj.", "encoder_attn.out_proj.", "fc2.")):
        return fresh.new_zeros(fresh.shape)
    if "layer_norm." in part:  # x = g*n + b, n normalised: re-normalised, scaled back
        g = weights[f"model.decoder.layers.{top}.final_layer_norm.weight"]
        b = weights[f"model.decoder.layers.{top}.final_layer_norm.bias"]
        if part.endswith("weight"):
            return fresh.new_full(fresh.shape, float((g.pow(2).mean() + b.var()).sqrt()))
        return fresh.new_full(fresh.shape, float(b.mean()))
    return fresh


def grow(weights: dict, target: dict) -> dict:
    """``weights`` of a model placed in ``target``'s (a state dict of a model with wider
    feed-forward layers or more decoder layers, every other size equal) so that it computes
    the same function, or nearly: each old block is copied into the leading corner, the new
    units keep ``target``'s fresh input rows (``fc1``) and get zero output columns (``fc2``),
    so they add nothing until training gives them a use; new decoder layers go on top of the
    old ones (:func:`_new_decoder_layer`). Raises ``ValueError`` for any other difference (of
    shape, or weights one model has and the other has not)."""
    depth = _decoder_depth(weights)
    out = {}
    for name in target:
        m = DECODER_LAYER.fullmatch(name)
        if name not in weights and m and int(m.group(1)) >= depth > 0:
            out[name] = _new_decoder_layer(name, target[name], depth - 1, weights)
        elif name not in weights and not tied_or_static(name):
            raise ValueError(f"the narrow model has no {name}: it cannot grow")
    for name, value in weights.items():
        if name not in target:
            raise ValueError(f"the larger model has no {name}: it cannot grow")
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
