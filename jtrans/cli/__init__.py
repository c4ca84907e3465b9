"""The ``jtrans`` command line: a thin Typer layer over the library.

Each command group lives in its own module and is registered here.
Errors users can cause surface as one line on stderr and a non-zero exit (see ``errors``).
"""

from __future__ import annotations

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


# Command groups register themselves below (one module each).

from jtrans.cli import translate as _translate  # noqa: E402,F401  (translate, segment)
from jtrans.cli.model import model_app  # noqa: E402

app.add_typer(model_app, name="model")
from jtrans.cli import score as _score  # noqa: E402,F401  (score, eval)
from jtrans.cli.glossary import glossary_app  # noqa: E402

app.add_typer(glossary_app, name="glossary")
from jtrans.cli.tm import tm_app  # noqa: E402

app.add_typer(tm_app, name="tm")
from jtrans.cli import qa as _qa  # noqa: E402,F401  (qa)
from jtrans.cli import review as _review  # noqa: E402,F401  (export, import)
from jtrans.cli.config import config_app  # noqa: E402

app.add_typer(config_app, name="config")
from jtrans.cli import completion as _completion  # noqa: E402,F401  (completion)

# keep last: every command registered above gets its --help examples
from jtrans.cli.examples import attach as _attach_examples  # noqa: E402

_attach_examples(app)


def main() -> None:
    from jtrans.cli.errors import run

    run(app)
