"""Converting Hugging Face translation checkpoints into jtrans model directories.

``convert(src, dest)`` runs CTranslate2's own ``TransformersConverter`` on a local Marian/OPUS-MT
(e.g. FuguMT), NLLB or M2M100 checkpoint, copies the sentencepiece model(s) as
``source.spm``/``target.spm`` and writes the ``model.json`` card (see ``jtrans.models``). The card
is filled from the checkpoint (architecture, parameter count, position limit, upstream license,
language tokens for the multilingual families) and can be completed through ``card=`` — the
training recipe passes its training data, attributions and dev scores there. Everything happens
in a temporary folder next to ``dest`` that is renamed into place at the end, so a failed
conversion leaves nothing behind. Needs torch + transformers (``pip install 'jtrans[train]'``).
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jtrans import models
from jtrans.placeholders import symbols

QUANTIZATIONS = (
    "int8",
    "int8_float16",
    "int8_float32",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
    "none",
)
# Language tokens of the multilingual families: (source, target) for English→Japanese.
LANG_TOKENS = {"nllb": ("eng_Latn", "jpn_Jpan"), "m2m100": ("__en__", "__ja__")}
ARCHITECTURES = {
    "marian": "MarianMTModel",
    "nllb": "M2M100ForConditionalGeneration (NLLB)",
    "m2m100": "M2M100ForConditionalGeneration",
}


class ConversionError(models.ModelError):
    """The checkpoint cannot be converted; the message is one line for the user."""


def check_options(dest: Path, quantization: str, force: bool) -> None:
    """Raise ``ConversionError`` for an unknown quantization or an existing ``dest``."""
    if quantization not in QUANTIZATIONS:
        raise ConversionError(
            f"unknown quantization {quantization!r} (choose {', '.join(QUANTIZATIONS)})"
        )
    if dest.exists() and not force:
        raise ConversionError(f"{dest} already exists (use --force to replace it)")


def convert(
    src: str | Path,
    dest: str | Path,
    *,
    quantization: str = "int8",
    force: bool = False,
    source_token: str = "",
    target_token: str = "",
    card: dict[str, Any] | None = None,
    hub_id: str = "",
) -> dict[str, Any]:
    """Convert checkpoint ``src`` into model directory ``dest``; return the card written.

    ``card`` entries override the generated ones (a ``None`` value removes the field).
    """
    src, dest = Path(src), Path(dest)
    check_options(dest, quantization, force)
    kind = detect(src)  # input problems first: they need no training extra to report
    spm_names = _spm_names(src, kind)
    try:
        import ctranslate2
        import torch  # noqa: F401
        import transformers
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise ConversionError(
            f"model conversion needs torch and transformers ({exc.name} is missing):"
            " pip install 'jtrans[train]'"
        ) from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        converter = TransformersConverter(
            str(src), copy_files=spm_names if kind == "marian" else []
        )
        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                converter.convert(
                    str(tmp),
                    quantization=None if quantization == "none" else quantization,
                    force=True,
                )
        except Exception as exc:  # noqa: BLE001 - third-party checkpoints fail in many ways
            first = (str(exc).strip().splitlines() or [""])[0]
            raise ConversionError(f"cannot convert {src}: {type(exc).__name__}: {first}") from None
        if kind != "marian":
            shutil.copyfile(src / spm_names[0], tmp / "source.spm")
            shutil.copyfile(src / spm_names[0], tmp / "target.spm")
        result = _card(src, kind, dest.name, hub_id, source_token, target_token, tmp)
        result["converter"] = {
            "name": "ctranslate2",
            "version": ctranslate2.__version__,
            "transformers": transformers.__version__,
            "quantization": quantization,
        }
        for key, value in (card or {}).items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = value
        models.write_card(tmp, result)
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def download(repo_id: str) -> Path:
    """Download a Hugging Face Hub checkpoint (needs network access and huggingface_hub)."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise ConversionError(
            "--from-hub needs huggingface_hub: pip install huggingface_hub"
        ) from None
    try:
        return Path(snapshot_download(repo_id=repo_id))
    except Exception as exc:  # noqa: BLE001 - network/auth/not-found all end the same way
        first = (str(exc).strip().splitlines() or [""])[0]
        raise ConversionError(f"cannot download {repo_id}: {first}") from None


def detect(src: Path) -> str:
    """``marian``, ``nllb`` or ``m2m100`` from the checkpoint's config and tokenizer files."""
    if not src.is_dir():
        problem = "is not a directory" if src.exists() else "does not exist"
        raise ConversionError(f"checkpoint {src} {problem}")
    config_file = src / "config.json"
    if not config_file.is_file():
        raise ConversionError(f"{src} is not a Hugging Face checkpoint (no config.json)")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConversionError(f"{config_file} is not valid JSON: {exc}") from None
    model_type = config.get("model_type") if isinstance(config, dict) else None
    if model_type == "marian":
        return "marian"
    if model_type == "m2m_100":
        tok = src / "tokenizer_config.json"
        tok_class = ""
        if tok.is_file():
            try:
                tok_class = str(json.loads(tok.read_text(encoding="utf-8")).get("tokenizer_class"))
            except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
                tok_class = ""
        return "nllb" if "nllb" in tok_class.lower() or "nllb" in src.name.lower() else "m2m100"
    raise ConversionError(
        f"unsupported model type {model_type!r} in {config_file}"
        " (supported: marian / OPUS-MT, m2m_100 / NLLB)"
    )


def _spm_names(src: Path, kind: str) -> list[str]:
    names = ["source.spm", "target.spm"] if kind == "marian" else ["sentencepiece.bpe.model"]
    missing = [n for n in names if not (src / n).is_file()]
    if missing:
        raise ConversionError(f"{src} lacks the sentencepiece model(s) {', '.join(missing)}")
    return names


def _card(
    src: Path,
    kind: str,
    name: str,
    hub_id: str,
    source_token: str,
    target_token: str,
    converted: Path,
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "name": name,
        "languages": {"source": "en", "target": "ja"},
        "architecture": ARCHITECTURES[kind],
        "parameters": _count_parameters(src),
        "max_positions": _max_positions(src),
        "training_data": [],
        "dev_scores": {},
        "license": _upstream_license(src) or "unknown (see the upstream model card)",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "upstream": {"hub_id": hub_id} if hub_id else {"path": str(src.resolve())},
        "notes": "Converted third-party checkpoint; training data and attributions are those of"
        " the upstream model card.",
    }
    default_src, default_tgt = LANG_TOKENS.get(kind, ("", ""))
    if source_token or default_src:  # Marian: e.g. ">>jpn<<" for multi-target OPUS-MT models
        card["source_prefix"] = [source_token or default_src]
    if target_token or default_tgt:
        card["target_prefix"] = [target_token or default_tgt]
    card["placeholders_atomic"] = _placeholders_atomic(converted / "source.spm")
    return card


def _max_positions(src: Path) -> int | None:
    config = json.loads((src / "config.json").read_text(encoding="utf-8"))
    value = config.get("max_position_embeddings")
    return value if isinstance(value, int) else None


def _placeholders_atomic(spm_path: Path) -> bool:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    return all([p for p in sp.encode(s, out_type=str) if p != "▁"] == [s] for s in symbols())


def _count_parameters(src: Path) -> int | None:
    """Parameter count from the checkpoint's safetensors headers (or the torch state dict)."""
    files = sorted(src.glob("*.safetensors"))
    if files:
        total = 0
        for f in files:
            with f.open("rb") as fh:
                (size,) = struct.unpack("<Q", fh.read(8))
                header = json.loads(fh.read(size))
            for key, meta in header.items():
                if key != "__metadata__":
                    n = 1
                    for dim in meta.get("shape", []):
                        n *= dim
                    total += n
        return total
    bins = sorted(src.glob("pytorch_model*.bin"))
    if bins:
        import torch

        total = 0
        for f in bins:
            state = torch.load(f, map_location="cpu", weights_only=True, mmap=True)
            total += sum(t.numel() for t in state.values())
        return total
    return None


def _upstream_license(src: Path) -> str | None:
    readme = src / "README.md"
    if not readme.is_file():
        return None
    lines = readme.read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if line.startswith("license:"):
            return line.split(":", 1)[1].strip().strip("'\"") or None
    return None
