"""``jtrans tm stats|export|import|prune``: look after the translation memory.

The memory (``jtrans.tm``) lives in the user's cache folder (``$JTRANS_TM`` or ``--tm PATH``
elsewhere). ``export`` writes TMX 1.4 for CAT tools; ``import`` loads a TMX (reviewed
translations are ``human`` and win over machine translation on the next run).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from jtrans.cli.errors import InputFileError, UsageError
from jtrans.tm import TMError, TranslationMemory, default_path

T = TypeVar("T")

tm_app = typer.Typer(
    help="The translation memory: stats, TMX export/import, prune.", no_args_is_help=True
)

TmPath = Annotated[
    Path | None,
    typer.Option("--tm", help="Translation memory file (default: $JTRANS_TM or the user cache)."),
]


def open_memory(path: str | os.PathLike[str] | None = None) -> TranslationMemory:
    """The memory at ``path`` (default: :func:`jtrans.tm.default_path`); one-line errors."""
    try:
        return TranslationMemory(path if path is not None else default_path())
    except TMError as exc:
        raise InputFileError(str(exc)) from None


def _existing(path: Path | None) -> TranslationMemory:
    target = path if path is not None else default_path()
    if not target.exists():
        raise InputFileError(f"no translation memory at {target} (translate something first)")
    return open_memory(target)


@tm_app.command("stats")
def stats_cmd(
    tm: TmPath = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Entries (machine / human), contexts, size and last use."""
    with _existing(tm) as memory:
        data = _run(memory.stats)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"{data['path']}")
    typer.echo(
        f"  {data['entries']} entries ({data['mt']} machine, {data['human']} human) "
        f"in {data['contexts']} context(s), {data['bytes'] / 1024:.0f} KiB"
    )
    if data["entries"]:
        typer.echo(f"  last used {data['latest_use']}, oldest use {data['oldest_use']}")


@tm_app.command("export")
def export_cmd(
    output: Annotated[Path, typer.Argument(help="TMX file to write (atomically); - for stdout.")],
    tm: TmPath = None,
    origin: Annotated[
        str | None, typer.Option("--origin", help="Only mt or only human entries.")
    ] = None,
) -> None:
    """Write the memory as TMX (English → Japanese) for CAT tools."""
    _check_origin(origin)
    to_stdout = str(output) == "-"
    if not to_stdout:
        if output.is_dir():
            raise InputFileError(f"output {output} is a directory")
        if not output.parent.exists():
            raise InputFileError(f"output folder {output.parent} does not exist")
    with _existing(tm) as memory:
        if not to_stdout and output.exists() and os.path.samefile(output, memory.path):
            raise UsageError(f"{output} is the translation memory itself; export to a .tmx file")
        try:
            if to_stdout:
                with tempfile.TemporaryDirectory() as tmp:
                    count = memory.export_tmx(Path(tmp) / "out.tmx", origin=origin)
                    data = (Path(tmp) / "out.tmx").read_bytes()
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                count = memory.export_tmx(output, origin=origin)
        except OSError as exc:
            raise InputFileError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"exported {count} entries to {'stdout' if to_stdout else output}", err=True)


@tm_app.command("import")
def import_cmd(
    input: Annotated[
        Path, typer.Argument(help="TMX file (e.g. reviewed in a CAT tool); - for stdin.")
    ],
    tm: TmPath = None,
    origin: Annotated[
        str, typer.Option("--origin", help="human (default: wins over MT) or mt.")
    ] = "human",
) -> None:
    """Load a TMX file; reviewed (human) translations win over machine ones from now on.

    Units exported by `jtrans tm export` as machine translations and not edited stay machine
    entries, so a whole exported memory can be imported back after reviewing a few units.
    """
    _check_origin(origin)
    data = None
    if str(input) == "-":
        from jtrans.reader import InputError, read_stdin

        try:
            data = read_stdin()  # bounded: an endless pipe is an error, not a memory hog
        except InputError as exc:
            raise InputFileError(str(exc)) from None
    elif input.is_dir():
        raise InputFileError(f"{input} is a directory, not a TMX file")
    elif not input.is_file():
        raise InputFileError(f"{input}: no such file")
    name = "stdin" if data is not None else input
    with open_memory(tm) as memory:
        count = _run(lambda: memory.import_tmx(name, origin=origin, data=data))
    typer.echo(f"imported {count} entries from {name} as {origin}", err=True)


@tm_app.command("prune")
def prune_cmd(
    tm: TmPath = None,
    older_than: Annotated[
        float, typer.Option("--older-than", help="Remove entries unused for this many days.")
    ] = 90.0,
    all_entries: Annotated[
        bool, typer.Option("--all", help="Remove regardless of age (machine entries only).")
    ] = False,
    include_human: Annotated[
        bool, typer.Option("--include-human", help="Also remove human (reviewed) entries.")
    ] = False,
) -> None:
    """Remove entries not used recently (machine translations only, unless asked)."""
    if older_than < 0:
        raise UsageError("--older-than must be a number of days >= 0")
    with _existing(tm) as memory:
        removed = _run(
            lambda: memory.prune(
                older_than_days=None if all_entries else older_than,
                origin=None if include_human else "mt",
            )
        )
        left = _run(memory.stats)["entries"]
    typer.echo(f"removed {removed} entries, {left} left", err=True)


def _check_origin(origin: str | None) -> None:
    if origin is not None and origin not in ("mt", "human"):
        raise UsageError(f"--origin must be mt or human, not {origin!r}")


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except TMError as exc:
        raise InputFileError(str(exc)) from None
