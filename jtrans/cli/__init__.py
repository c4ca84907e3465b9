"""The ``jtrans`` command line: a thin Typer layer over the library.

Each command group lives in its own module and is registered here.
Errors users can cause surface as one line on stderr and a non-zero exit (see ``errors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import typer

app = typer.Typer(
    name="jtrans",
    help="Offline English→Japanese translation for ML digest posts.",
    epilog=(
        "Examples:\n\n  jtrans translate post.md -o post.ja.md\n\n"
        "  jtrans qa post.md post.ja.md\n\n  jtrans export post.md --to po -o post.po\n\n"
        "  jtrans COMMAND --help   (examples for each command)"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        import jtrans

        typer.echo(f"jtrans {jtrans.__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Print the jtrans version and exit.",
    ),
    debug: bool = typer.Option(
        False,
        "--debug",
        envvar="JTRANS_DEBUG",
        help="Show the full traceback when something fails (also JTRANS_DEBUG=1).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress, warnings or summaries on stderr."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also say what was used (config, model) and timings."
    ),
) -> None:
    """Offline English→Japanese translation for ML digest posts."""
    from jtrans.cli.errors import set_debug
    from jtrans.cli.verbosity import set_level

    set_debug(debug)
    set_level(quiet=quiet, verbose=verbose)


# Command modules, loaded only when needed: ``jtrans translate …`` imports the translate module
# and nothing else (start-up time; see benchmarks/startup.py); ``--help`` and unknown names load
# them all. command name → module under jtrans.cli (and its sub-app, for groups)
COMMANDS: dict[str, tuple[str, str | None]] = {
    "translate": ("translate", None),
    "segment": ("translate", None),
    "model": ("model", "model_app"),
    "score": ("score", None),
    "eval": ("score", None),
    "glossary": ("glossary", "glossary_app"),
    "tm": ("tm", "tm_app"),
    "qa": ("qa", None),
    "export": ("review", None),
    "import": ("review", None),
    "config": ("config", "config_app"),
    "completion": ("completion", None),
}
_loaded: set[str] = set()


def load_commands(names: Iterable[str] | None = None) -> typer.Typer:
    """Register the commands ``names`` (default: all) on ``app`` and return it."""
    import importlib

    from jtrans.cli.examples import attach

    for name in COMMANDS if names is None else names:
        if name in _loaded or name not in COMMANDS:
            continue
        module_name, sub_app = COMMANDS[name]
        module = importlib.import_module(f"jtrans.cli.{module_name}")
        if sub_app is not None:
            app.add_typer(getattr(module, sub_app), name=name)
        _loaded.update(n for n, (m, _) in COMMANDS.items() if m == module_name)
    attach(app)  # every registered command gets its --help examples
    return app


def command_name(args: Sequence[str]) -> str | None:
    """The command ``args`` name (the first word that is not an option), if any."""
    return next((a for a in args if not a.startswith("-")), None)


def main() -> None:
    import os
    import sys

    from jtrans.cli import fastparams
    from jtrans.cli.errors import run

    fastparams.install()
    args = sys.argv[1:]
    name = command_name(args)
    completing = any(k.startswith("_JTRANS_COMPLETE") for k in os.environ)
    if name in COMMANDS and not completing:
        load_commands([name])
    elif not (name is None and "--version" in args):  # --version needs no command
        load_commands()
    run(app)
