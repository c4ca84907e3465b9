"""``jtrans model``: list, inspect and convert translation models.

``convert`` is a thin layer over ``jtrans.convert``: a local Hugging Face checkpoint (Marian/OPUS-MT
such as FuguMT, NLLB, M2M100) becomes a jtrans model directory via CTranslate2's own converter,
with ``source.spm``/``target.spm`` and a ``model.json`` card. It needs torch and transformers
(``pip install 'jtrans[train]'``). ``--from-hub ID`` first downloads the checkpoint with
``huggingface_hub.snapshot_download`` (only where the network allows).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import convert as conversion
from jtrans import models
from jtrans.cli.errors import ModelLoadError, UsageError, UserError
from jtrans.convert import QUANTIZATIONS

model_app = typer.Typer(
    help="List, inspect and convert translation models.",
    no_args_is_help=True,
    add_completion=False,
)


def _resolve(name: str) -> Path:
    try:
        return models.resolve(name)
    except models.ModelError as exc:
        raise ModelLoadError(str(exc)) from None


@model_app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the models found in ./models, the repository's models/ and $JTRANS_MODELS."""
    found = models.list_models()
    if as_json:
        cards = [
            {
                "name": m.name,
                "path": str(m.path),
                "default": m.is_default,
                "card": m.card,
                "problems": m.problems,
            }
            for m in found
        ]
        typer.echo(json.dumps(cards, ensure_ascii=False, indent=2))
        return
    if not found:
        where = ", ".join(str(d) for d in models.search_dirs())
        typer.echo(f"no models found (searched {where}; see `jtrans model convert --help`)")
        return
    from rich.console import Console
    from rich.table import Table

    header = ("name", "languages", "architecture", "parameters", "quantization", "status")
    rows: list[tuple[str, ...]] = []
    for m in found:
        src, tgt = models.card_languages(m.card)
        rows.append(
            (
                m.name + (" (default)" if m.is_default else ""),
                f"{src or '?'}→{tgt or '?'}",
                str(m.card.get("architecture", "?")),
                _human(m.card.get("parameters")),
                models.card_quantization(m.card) or "?",
                "ok" if not m.problems else "; ".join(m.problems),
            )
        )
    console = Console()
    if not console.is_terminal:  # a pipe or a file: whole names, tab-separated
        for row in (header, *rows):
            typer.echo("\t".join(row))
        return
    table = Table(*header)
    for row in rows:
        table.add_row(*row)
    console.print(table)


@model_app.command("info")
def info_cmd(
    name: Annotated[str, typer.Argument(help="Model name or path ('default' for the default).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Print every field of the card.")] = False,
) -> None:
    """Show a model's card (model.json): a summary (languages, size, scores, license, status);
    --full prints every field, --json the card itself."""
    path = _resolve(name)
    try:
        card = models.load_card(path)
    except models.ModelError as exc:
        raise ModelLoadError(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(card, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(soft_wrap=True)
    console.print(f"[bold]{card.get('name', path.name)}[/bold]  {path}", highlight=False)
    problems = models.validate(path)
    if full:
        for key, value in card.items():
            if key != "name":
                _print_field(console, key, value, 0)
    else:
        for line in summary(card):
            console.print(line, highlight=False, markup=False)
    console.print("status: " + ("ok" if not problems else "; ".join(problems)), highlight=False)
    if not full:
        console.print(
            f"(every field: jtrans model info {name} --full, or --json)",
            highlight=False,
            markup=False,
        )


def summary(card: dict[str, Any]) -> list[str]:
    """A few lines on a model: what it translates, its size, its scores, its license."""
    src, tgt = models.card_languages(card)
    lines = [
        f"languages: {src or '?'}→{tgt or '?'}   architecture: {card.get('architecture', '?')}"
        f"   parameters: {_human(card.get('parameters'))}"
        f"   quantization: {models.card_quantization(card) or '?'}"
    ]
    scores = models.card_field(card, "dev_scores")
    if isinstance(scores, dict):
        for set_name, value in scores.items():
            if isinstance(value, dict) and any(k in value for k in ("bleu", "chrf")):
                parts = [
                    f"{label} {value[key]}"
                    for key, label in (
                        ("bleu", "BLEU"),
                        ("chrf", "chrF"),
                        ("term_accuracy", "term accuracy"),
                    )
                    if key in value
                ]
                lines.append(f"scores on {set_name}: {', '.join(parts)}")
            elif isinstance(value, (int, float)):
                lines.append(f"score {set_name}: {value}")
    data = models.card_field(card, "training_data")
    if isinstance(data, list) and data:
        names = [str(d.get("name", "?")) if isinstance(d, dict) else str(d) for d in data]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        lines.append(f"training data: {shown}")
    for key in ("license", "created", "limitations"):
        value = card.get(key)
        if value:
            text = " ".join(str(value).split())
            lines.append(f"{key}: {text if len(text) <= 160 else text[:159] + '…'}")
    return lines


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
    set_default: Annotated[
        bool, typer.Option("--set-default", help="Name it in OUT/DEFAULT (the default model).")
    ] = False,
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
        str,
        typer.Option(
            help="Source language token: NLLB/M2M100 (default eng_Latn/__en__), or e.g. '>>jpn<<'"
            " for a multi-target OPUS-MT model."
        ),
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
    if (src is None) == (not from_hub):
        raise UserError("give either SRC (a local checkpoint directory) or --from-hub ID")
    dest = out / name
    try:
        conversion.check_options(dest, quantization, force)  # before any download
    except models.ModelError as exc:  # unknown quantization, destination exists: usage
        raise UsageError(str(exc)) from None
    try:
        checkpoint = conversion.download(from_hub) if from_hub else src
        assert checkpoint is not None
        card = conversion.convert(
            checkpoint,
            dest,
            quantization=quantization,
            force=force,
            source_token=source_token,
            target_token=target_token,
            hub_id=from_hub,
        )
    except models.ModelError as exc:
        raise ModelLoadError(str(exc)) from None
    if set_default:
        models.set_default(name, out)
    typer.echo(
        f"wrote {dest} ({card['architecture']}, {_human(card.get('parameters'))} parameters,"
        f" {quantization}{', default' if set_default else ''})"
    )
