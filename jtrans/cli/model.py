"""``jtrans model``: list, inspect and convert translation models.

``convert`` turns a local Hugging Face checkpoint (Marian/OPUS-MT such as FuguMT, NLLB, M2M100)
into a jtrans model directory with CTranslate2's own converter, copies the sentencepiece model(s)
as ``source.spm``/``target.spm`` and writes the ``model.json`` card. It needs torch and
transformers (``pip install 'jtrans[train]'``). ``--from-hub ID`` first downloads the checkpoint
with ``huggingface_hub.snapshot_download`` (only where the network allows).
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import models
from jtrans.cli.errors import UserError
from jtrans.placeholders import symbols

model_app = typer.Typer(
    help="List, inspect and convert translation models.",
    no_args_is_help=True,
    add_completion=False,
)

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


def _resolve(name: str) -> Path:
    try:
        return models.resolve(name)
    except models.ModelError as exc:
        raise UserError(str(exc)) from None


@model_app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the models found in ./models, the repository's models/ and $JTRANS_MODELS."""
    found = models.list_models()
    if as_json:
        rows = [
            {
                "name": m.name,
                "path": str(m.path),
                "default": m.is_default,
                "card": m.card,
                "problems": m.problems,
            }
            for m in found
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        where = ", ".join(str(d) for d in models.search_dirs())
        typer.echo(f"no models found (searched {where}; see `jtrans model convert --help`)")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "languages", "architecture", "parameters", "quantization", "status")
    for m in found:
        langs = m.card.get("languages") or {}
        table.add_row(
            m.name + (" (default)" if m.is_default else ""),
            f"{langs.get('source', '?')}→{langs.get('target', '?')}" if langs else "?",
            str(m.card.get("architecture", "?")),
            _human(m.card.get("parameters")),
            str((m.card.get("converter") or {}).get("quantization", "?")),
            "ok" if not m.problems else "; ".join(m.problems),
        )
    Console().print(table)


@model_app.command("info")
def info_cmd(
    name: Annotated[str, typer.Argument(help="Model name or path ('default' for the default).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
) -> None:
    """Show a model's card (model.json): languages, training data, scores, license."""
    path = _resolve(name)
    try:
        card = models.load_card(path)
    except models.ModelError as exc:
        raise UserError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(card, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{card.get('name', path.name)}[/bold]  {path}", highlight=False)
    for key, value in card.items():
        if key != "name":
            _print_field(console, key, value, 0)
    problems = models.validate(path)
    console.print("status: " + ("ok" if not problems else "; ".join(problems)), highlight=False)


def _print_field(console: Any, key: str, value: Any, depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, dict) and value:
        console.print(f"{pad}{key}:", highlight=False, markup=False)
        for k, v in value.items():
            _print_field(console, str(k), v, depth + 1)
    elif isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
        console.print(f"{pad}{key}:", highlight=False, markup=False)
        for item in value:
            if isinstance(item, dict):
                text = ", ".join(f"{k}: {v}" for k, v in item.items())
            else:
                text = str(item)
            console.print(f"{pad}  - {text}", highlight=False, markup=False)
    else:
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "-"
        elif key == "parameters" and isinstance(value, int):
            value = f"{value:,} ({_human(value)})"
        elif value in (None, "", {}):
            value = "-"
        console.print(f"{pad}{key}: {value}", highlight=False, markup=False)


def _human(n: Any) -> str:
    if not isinstance(n, int):
        return "?"
    for unit, size in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


@model_app.command("convert")
def convert_cmd(
    src: Annotated[
        Path | None,
        typer.Argument(
            help="Local Hugging Face checkpoint directory (Marian/OPUS-MT, NLLB, M2M100)."
        ),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Name of the new model directory.")] = "",
    quantization: Annotated[
        str, typer.Option("--quantization", "-q", help=f"Weights type: {', '.join(QUANTIZATIONS)}.")
    ] = "int8",
    out: Annotated[
        Path, typer.Option("--out", help="Folder that receives NAME/ (default ./models).")
    ] = Path("models"),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing model.")] = False,
    from_hub: Annotated[
        str,
        typer.Option(
            "--from-hub",
            metavar="ID",
            help="Download this Hugging Face Hub model (e.g. staka/fugumt-en-ja) first; needs"
            " network access and huggingface_hub. Use instead of SRC.",
        ),
    ] = "",
    source_token: Annotated[
        str, typer.Option(help="Source language token for NLLB/M2M100 (default eng_Latn/__en__).")
    ] = "",
    target_token: Annotated[
        str, typer.Option(help="Target language token for NLLB/M2M100 (default jpn_Jpan/__ja__).")
    ] = "",
) -> None:
    """Convert a Hugging Face translation checkpoint into a jtrans (CTranslate2) model."""
    if not name:
        raise UserError("--name NAME is required")
    if "/" in name or "\\" in name or name.startswith("."):
        raise UserError(f"bad model name {name!r}: use a plain folder name")
    if quantization not in QUANTIZATIONS:
        raise UserError(
            f"unknown quantization {quantization!r} (choose {', '.join(QUANTIZATIONS)})"
        )
    if (src is None) == (not from_hub):
        raise UserError("give either SRC (a local checkpoint directory) or --from-hub ID")
    dest = out / name
    if dest.exists() and not force:
        raise UserError(f"{dest} already exists (use --force to replace it)")
    try:
        import ctranslate2
        import torch  # noqa: F401
        import transformers
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise UserError(
            f"model conversion needs torch and transformers ({exc.name} is missing):"
            " pip install 'jtrans[train]'"
        ) from None
    if from_hub:
        src = _download(from_hub)
    assert src is not None
    kind = _detect(src)
    spm_names = _spm_names(src, kind)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out))
    try:
        copy = spm_names if kind == "marian" else []
        converter = TransformersConverter(str(src), copy_files=copy)
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
            raise UserError(f"cannot convert {src}: {type(exc).__name__}: {first}") from None
        if kind != "marian":
            shutil.copyfile(src / spm_names[0], tmp / "source.spm")
            shutil.copyfile(src / spm_names[0], tmp / "target.spm")
        card = _card(src, kind, name, quantization, from_hub, source_token, target_token, tmp)
        card["converter"] = {
            "name": "ctranslate2",
            "version": ctranslate2.__version__,
            "transformers": transformers.__version__,
            "quantization": quantization,
        }
        models.write_card(tmp, card)
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    typer.echo(
        f"wrote {dest} ({card['architecture']}, {_human(card['parameters'])} parameters,"
        f" {quantization})"
    )


def _download(repo_id: str) -> Path:
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise UserError("--from-hub needs huggingface_hub: pip install huggingface_hub") from None
    try:
        return Path(snapshot_download(repo_id=repo_id))
    except Exception as exc:  # noqa: BLE001 - network/auth/not-found all end the same way
        first = (str(exc).strip().splitlines() or [""])[0]
        raise UserError(f"cannot download {repo_id}: {first}") from None


def _detect(src: Path) -> str:
    """``marian``, ``nllb`` or ``m2m100`` from the checkpoint's config and tokenizer files."""
    if not src.is_dir():
        problem = "is not a directory" if src.exists() else "does not exist"
        raise UserError(f"checkpoint {src} {problem}")
    config_file = src / "config.json"
    if not config_file.is_file():
        raise UserError(f"{src} is not a Hugging Face checkpoint (no config.json)")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{config_file} is not valid JSON: {exc}") from None
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
    raise UserError(
        f"unsupported model type {model_type!r} in {config_file}"
        " (supported: marian / OPUS-MT, m2m_100 / NLLB)"
    )


def _spm_names(src: Path, kind: str) -> list[str]:
    names = ["source.spm", "target.spm"] if kind == "marian" else ["sentencepiece.bpe.model"]
    missing = [n for n in names if not (src / n).is_file()]
    if missing:
        raise UserError(f"{src} lacks the sentencepiece model(s) {', '.join(missing)}")
    return names


def _card(
    src: Path,
    kind: str,
    name: str,
    quantization: str,
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
    if kind in LANG_TOKENS:
        default_src, default_tgt = LANG_TOKENS[kind]
        card["source_prefix"] = [source_token or default_src]
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
