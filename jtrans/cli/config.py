"""``jtrans config show``: the effective configuration and where each value came from.

Sources: ``default``, the configuration file (``jtrans.toml`` or ``[tool.jtrans]`` in
``pyproject.toml``, searched from PATH upwards, then from the current folder), ``env NAME`` and
``--flag`` (the same options ``translate`` takes). See :mod:`jtrans.config_sources`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import config as config_mod
from jtrans import config_sources
from jtrans.cli.errors import UsageError

config_app = typer.Typer(
    help="Show the effective configuration (jtrans.toml / \\[tool.jtrans]).",
    no_args_is_help=True,
)

SHOW_EXAMPLES = """\
Examples:

  jtrans config show

  jtrans config show posts/post.md --model my-model --json

  jtrans config show --glossary team-terms.tsv
"""


@config_app.command("show", epilog=SHOW_EXAMPLES)
def show_cmd(
    path: Annotated[
        Path | None,
        typer.Argument(help="Input file or folder the config is searched from (default: .)."),
    ] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="As translate --engine.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="As translate --model.")] = None,
    glossary: Annotated[
        list[Path] | None, typer.Option("--glossary", "-g", help="As translate --glossary.")
    ] = None,
    link_labels: Annotated[
        bool | None, typer.Option("--link-labels/--no-link-labels", help="As translate.")
    ] = None,
    link_lists: Annotated[
        bool | None, typer.Option("--link-lists/--no-link-lists", help="As translate.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Print every effective setting with its source: default, a config file, env or a flag."""
    flags: dict[str, tuple[str, Any]] = {
        "engine": ("--engine", engine),
        "model": ("--model", model),
        "glossary": ("--glossary", [str(p) for p in glossary] if glossary else None),
        "translate_link_labels": (
            "--link-labels" if link_labels else "--no-link-labels",
            link_labels,
        ),
        "translate_link_lists": ("--link-lists" if link_lists else "--no-link-lists", link_lists),
    }
    if path is not None and not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    try:
        settings = config_sources.effective(path, flags)
    except (config_mod.ConfigError, ValueError) as exc:
        raise UsageError(str(exc).splitlines()[0]) from None
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in settings], ensure_ascii=False, indent=2))
        return
    rows = [(s.key, json.dumps(s.value, ensure_ascii=False), s.source) for s in settings]
    width = max(len(r[0]) for r in rows)
    value_width = min(40, max(len(r[1]) for r in rows))
    for key, value, source in rows:
        typer.echo(f"{key:<{width}}  {value:<{value_width}}  {source}")
