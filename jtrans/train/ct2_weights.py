"""Read a CTranslate2 ``model.bin`` back into Hugging Face Marian weights (the resume point).

The shipped default model is a float16 CTranslate2 directory: the runtime quantizes it to int8
when it loads, and training resumes from the same bytes, so one committed artifact is both the
model and the checkpoint (instead of an int8 model plus an fp16 ``.pt``).

The name mapping is not written by hand: :func:`variable_map` builds a Marian of the same
configuration with a unique value in every weight row, converts it with ctranslate2's own
converter and finds where each converted row came from. Fused projections (q/k/v), the shared
embedding and its aliases, and the dropped ``<pad>`` row are handled by that one rule; a
converter that transformed values would be caught (no row found) instead of silently mis-mapped.
"""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import numpy as np

# ctranslate2's DataType enum order (include/ctranslate2/types.h)
DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def read_model_bin(path: Path) -> tuple[dict[str, np.ndarray], dict[str, str], dict]:
    """Variables (name → array), aliases (alias → name) and header of a ``model.bin``."""
    data = Path(path).read_bytes()
    pos = 0

    def take(fmt: str):
        nonlocal pos
        out = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return out[0]

    def string() -> str:
        nonlocal pos
        n = take("H")
        s = data[pos : pos + n - 1].decode("utf-8")
        pos += n
        return s

    version = take("I")
    if version < 5:
        raise ValueError(f"{path}: model.bin version {version} is too old to read back")
    header = {"version": version, "spec": string(), "revision": take("I")}
    variables: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = string()
        shape = tuple(take("I") for _ in range(take("B")))
        dtype = DTYPES[take("B")]
        nbytes = take("I")
        raw = data[pos : pos + nbytes]
        pos += nbytes
        if dtype == "bfloat16":
            arr = (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype)
        variables[name] = arr.reshape(shape)
    aliases = {string(): string() for _ in range(take("I"))}
    return variables, aliases, header


def _fill_unique(model) -> None:
    """Give every weight row a value found nowhere else (row id in column 0, random rest);
    1-D weights get consecutive integers (exact in float32 below 2**24)."""
    import torch

    gen = torch.Generator().manual_seed(0)
    row_id, scalar_id = 1.0, 1.0
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                p.copy_(torch.arange(scalar_id, scalar_id + p.numel()))
                scalar_id += p.numel()
            else:
                flat = p.view(p.shape[0], -1)
                flat.copy_(torch.rand(flat.shape, generator=gen) + 1.0)
                flat[:, 0] = torch.arange(row_id, row_id + flat.shape[0]) * 1e-3
                row_id += flat.shape[0]
            del name


def variable_map(config, spm_model: Path) -> dict[str, list[tuple[str, int, int]]]:
    """For each CTranslate2 variable: the (HF parameter, first row, last row + 1) blocks that
    its rows come from, in order (1-D variables: element ranges). ``spm_model`` is the model's
    sentencepiece file (the converter reads the vocabulary through the tokenizer)."""
    import ctranslate2
    import torch
    from transformers import MarianMTModel

    from jtrans.train.architecture import write_hf_dir

    torch.manual_seed(0)
    model = MarianMTModel(config)
    _fill_unique(model)
    params = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    rows: dict[bytes, tuple[str, int]] = {}
    scalars: dict[float, tuple[str, int]] = {}
    for name, value in params.items():
        if "embed_positions" in name:
            continue
        if value.ndim == 1:
            for i, x in enumerate(value.tolist()):
                scalars.setdefault(float(x), (name, i))
        else:
            flat = value.reshape(value.shape[0], -1)
            for i in range(flat.shape[0]):
                rows.setdefault(flat[i].tobytes(), (name, i))
    with tempfile.TemporaryDirectory() as tmp:
        hf, ct = Path(tmp) / "hf", Path(tmp) / "ct2"
        write_hf_dir(model, spm_model, hf)
        ctranslate2.converters.TransformersConverter(str(hf), load_as_float16=False).convert(
            str(ct), quantization="float32"
        )
        variables, _, _ = read_model_bin(ct / "model.bin")
    mapping: dict[str, list[tuple[str, int, int]]] = {}
    for name, value in variables.items():
        if value.dtype != np.float32 or value.ndim == 0 or "position_encodings" in name:
            continue  # scalars the converter adds, sinusoidal positions
        if value.ndim == 1:
            found = [scalars.get(float(x)) for x in value.tolist()]
        else:
            flat = value.reshape(value.shape[0], -1)
            found = [rows.get(flat[i].tobytes()) for i in range(flat.shape[0])]
        if any(f is None for f in found):
            raise ValueError(f"ctranslate2 variable {name} does not come from any Marian weight")
        blocks: list[tuple[str, int, int]] = []
        for src, i in found:  # type: ignore[misc]
            if blocks and blocks[-1][0] == src and blocks[-1][2] == i:
                blocks[-1] = (src, blocks[-1][1], i + 1)
            else:
                blocks.append((src, i, i + 1))
        mapping[name] = blocks
    return mapping


def load_marian_weights(model_dir: Path, config) -> dict:
    """HF ``MarianMTModel`` state dict (float32 tensors) from a CTranslate2 model directory
    converted from a Marian of ``config``. Rows the converter dropped (the ``<pad>`` row)
    stay zero; sinusoidal positions and tied copies are left to the model."""
    import torch

    variables, aliases, _ = read_model_bin(Path(model_dir) / "model.bin")
    for alias, target in aliases.items():
        variables.setdefault(alias, variables[target])
    from transformers import MarianMTModel

    shapes = {k: tuple(v.shape) for k, v in MarianMTModel(config).state_dict().items()}
    out: dict[str, np.ndarray] = {}
    for name, blocks in variable_map(config, Path(model_dir) / "source.spm").items():
        if name not in variables:
            raise ValueError(f"{model_dir}/model.bin has no variable {name}")
        value = variables[name].astype(np.float32)
        if value.ndim == 1:
            flat = value
        else:
            flat = value.reshape(value.shape[0], -1)
        at = 0
        for src, start, end in blocks:
            if src not in out:
                out[src] = np.zeros(shapes[src], dtype=np.float32)
            n = end - start
            if value.ndim == 1:
                out[src][start:end] = flat[at : at + n]
            else:
                out[src].reshape(shapes[src][0], -1)[start:end] = flat[at : at + n]
            at += n
    return {k: torch.from_numpy(v) for k, v in out.items()}


class CheckpointError(ValueError):
    """A path that holds no checkpoint (the callers add which option named it)."""


def load_checkpoint(path: Path, config) -> tuple[dict, dict]:
    """Weights (float32) and trainer state of a checkpoint: a model directory (the shipped
    float16 CTranslate2 model, its card's ``training.resume`` block holding the state) or a
    trainer ``.pt`` with ``model`` and ``state``."""
    import json

    import torch

    path = Path(path)
    if not path.exists():
        raise CheckpointError("no such model directory or checkpoint")
    if path.is_dir():
        if not (path / "model.bin").is_file() or not (path / "model.json").is_file():
            raise CheckpointError("not a model directory (model.bin, model.json)")
        card = json.loads((path / "model.json").read_text(encoding="utf-8"))
        return load_marian_weights(path, config), dict(card.get("training", {}).get("resume", {}))
    ck = torch.load(path, map_location="cpu", weights_only=False)
    return {k: v.float() for k, v in ck["model"].items()}, ck.get("state", {})
