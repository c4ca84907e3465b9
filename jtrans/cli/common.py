"""What the command modules share: common options and the library calls they need, with the
library's errors turned into the CLI's one-line user errors (see :mod:`jtrans.cli.errors`).

Cheap to import: the library modules behind these helpers load when a helper is called.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jtrans.cli.errors import (
    GlossaryLoadError,
    InputFileError,
    UsageError,
    UserError,
    user_error,
)

if TYPE_CHECKING:
    from jtrans.config import Config
    from jtrans.pipeline import Pipeline

InputArg = Annotated[str, typer.Argument(help="Markdown file to read, or - for stdin.")]
EncodingOpt = Annotated[
    str,
    typer.Option(
        "--encoding", help="Encoding of the input (any Python codec); output is always UTF-8."
    ),
]
InPlace = Annotated[
    bool,
    typer.Option(
        "--in-place", help="Replace INPUT with its translation (atomically, only on success)."
    ),
]
LinkLabels = Annotated[
    bool | None,
    typer.Option(
        "--link-labels/--no-link-labels",
        help="Translate link labels such as [Paper](url) (default from config: yes).",
    ),
]
Titles = Annotated[
    str | None,
    typer.Option(
        "--titles",
        help="Paper titles: translate, keep (as written) or both (翻訳 (原文: Title)); "
        "config: titles.",
        metavar="HOW",
    ),
]
LinkLists = Annotated[
    bool | None,
    typer.Option(
        "--link-lists/--no-link-lists",
        help="Translate labels in cells made only of links, like [Paper](…), [Tweet](…).",
    ),
]


def read_input(name: str, encoding: str = "utf-8") -> tuple[str, Path | None]:
    """The text of the input ``name`` (``-``: stdin) and its path (``None`` for stdin); an
    unknown codec is a usage error (exit 2), an unreadable input an input error (exit 3)."""
    from jtrans import reader

    check_encoding(encoding)
    if name == "-":
        try:
            return reader.decode(reader.read_stdin(), "stdin", encoding), None
        except reader.InputError as exc:
            raise InputFileError(str(exc)) from None
    path = Path(name)
    try:
        return reader.read_text(path, encoding), path
    except reader.InputError as exc:
        raise InputFileError(str(exc)) from None


def check_encoding(encoding: str) -> None:
    """A usage error (exit 2) unless ``encoding`` names a codec that decodes bytes to text."""
    from jtrans import reader

    try:
        reader.text_codec(encoding)
    except reader.EncodingError as exc:
        raise UsageError(f"{exc} (--encoding)") from None


def load_config(start: Path | None, **overrides: Any) -> Config:
    """The configuration found from ``start`` (see :mod:`jtrans.config`); errors are one line."""
    from jtrans import config as config_mod

    try:
        return config_mod.load(start, **overrides)
    except config_mod.ConfigError as exc:
        raise UserError(str(exc)) from None


def check_glossaries(paths: list[Path] | None) -> None:
    """A glossary error (exit 5) for a ``--glossary`` path that does not exist."""
    for path in paths or []:
        if not path.exists():
            raise GlossaryLoadError(f"glossary {path} does not exist")


def build_pipeline(cfg: Config, **opts: Any) -> Pipeline:
    """:func:`jtrans.api.build_pipeline`; an unknown engine, a missing model or a bad glossary
    is a one-line user error."""
    from jtrans import api
    from jtrans.models import ModelError

    try:
        return api.build_pipeline(config=cfg, **opts)
    except (ValueError, OSError, ModelError) as exc:
        raise user_error(exc) from None


def open_memory(path: Path | None, off: bool) -> Any:
    """The translation memory for this run (``None`` with ``--no-tm``), guarded so that a
    failing lookup or write never costs the translation (see :mod:`jtrans.tm_guard`). A default
    memory that cannot be opened (damaged file, not a jtrans memory) only costs speed: a
    warning, no memory; an explicit ``--tm`` is an error before anything is translated."""
    if off:
        if path is not None:
            raise UsageError("--tm and --no-tm cannot be combined")
        return None
    from jtrans import api
    from jtrans.tm import TMError

    try:
        memory = api.open_memory(path, guarded=True)
    except TMError as exc:
        if path is not None:
            raise InputFileError(str(exc)) from None
        print(f"jtrans: warning: translating without a memory: {exc}", file=sys.stderr)
        return None
    if memory.read_only:
        print(
            f"jtrans: warning: translation memory {memory.path} is read-only: its entries are "
            "reused, new translations are not stored",
            file=sys.stderr,
        )
    return memory


def memory_done(memory: Any, explicit: bool) -> None:
    """After the output is safe: report a memory that could not be read or written (a warning
    for the default memory, exit 3 for an explicit ``--tm``)."""
    if memory is None or memory.problem is None:
        return
    message = (
        f"the translation is complete, but {memory.problem} "
        f"({memory.skipped} new unit(s) not stored)"
    )
    if explicit:
        raise InputFileError(message)
    print(f"jtrans: warning: {message}", file=sys.stderr)


def check_output(
    path: Path, source: Path | None = None, what: str = "output", in_place_hint: bool = True
) -> None:
    """Refuse outputs that cannot be written or that would replace the input."""
    from jtrans.fileio import is_read_only

    if path.is_dir():
        raise InputFileError(f"{what} {path} is a directory")
    if not path.parent.exists():
        raise InputFileError(f"{what} folder {path.parent} does not exist")
    if source is not None and path.exists() and os.path.samefile(path, source):
        hint = " (use --in-place to replace it)" if what == "output" and in_place_hint else ""
        raise UsageError(f"{what} {path} is the input file; the input is never overwritten{hint}")
    if is_read_only(path):
        raise InputFileError(f"{what} {path} is read-only")


def is_stdout(path: Path | None) -> bool:
    """Whether ``path`` is ``-`` (standard output)."""
    return path is not None and str(path) == "-"


def write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically; problems are one-line user errors."""
    from jtrans.fileio import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_report(path: Path, text: str) -> None:
    """The JSON report to ``path`` (atomically) or, for ``-``, to stdout."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_file(path, text)
