"""``jtrans translate`` and ``jtrans segment``: the Markdown pipeline on the command line.

``translate INPUT`` (a path or ``-`` for stdin) writes the translation to stdout or, with
``-o FILE``, atomically to a file (temp file in the same folder + ``os.replace``). Warnings go to
stderr, the full list (and every source/target sentence pair) to ``--report FILE.json``.
``segment INPUT`` prints one JSON line per translatable unit.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import api
from jtrans import config as config_mod
from jtrans.cli import app
from jtrans.cli.errors import (
    GlossaryLoadError,
    InputFileError,
    UsageError,
    UserError,
    user_error,
)
from jtrans.fileio import write_atomic
from jtrans.pipeline import Pipeline

MAX_WARNINGS_SHOWN = 10

InputArg = Annotated[str, typer.Argument(help="Markdown file to read, or - for stdin.")]
LinkLabels = Annotated[
    bool | None,
    typer.Option(
        "--link-labels/--no-link-labels",
        help="Translate link labels such as [Paper](url) (default from config: yes).",
    ),
]
LinkLists = Annotated[
    bool | None,
    typer.Option(
        "--link-lists/--no-link-lists",
        help="Translate labels in cells made only of links, like [Paper](…), [Tweet](…).",
    ),
]


@app.command()
def translate(
    input: InputArg,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here (atomically), not stdout.")
    ] = None,
    engine: Annotated[
        str | None, typer.Option("--engine", help="Engine: ct2 (default), identity, upper.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Model name or directory (ct2 engine).")
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option("--glossary", help="Glossary file or folder (repeatable); default: config."),
    ] = None,
    no_glossary: Annotated[
        bool, typer.Option("--no-glossary", help="Do not protect glossary terms.")
    ] = False,
    no_postprocess: Annotated[
        bool, typer.Option("--no-postprocess", help="Skip Japanese post-processing.")
    ] = False,
    link_labels: LinkLabels = None,
    link_lists: LinkLists = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write flags and sentence pairs to this JSON file."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress, no warnings.")] = False,
    bilingual: Annotated[
        bool,
        typer.Option(
            "--bilingual",
            help="Write a review table instead: English and Japanese side by side with flags.",
        ),
    ] = False,
) -> None:
    """Translate a Markdown post from English to Japanese, keeping its structure byte-exact."""
    source, start = _read_input(input)
    if output is not None:
        _check_output(output, start)
    if report is not None:
        _check_output(report, start, "report")
    for path in glossary or []:
        if not path.exists():
            raise GlossaryLoadError(f"glossary {path} does not exist")
    cfg = _config(start, translate_link_lists=link_lists)
    progress = None if quiet else _Progress(cfg.progress_threshold)
    try:
        pipeline = _build(
            cfg,
            engine=engine,
            model=model,
            glossary=glossary or None,
            no_glossary=no_glossary,
            postprocess=not no_postprocess,
            translate_link_labels=link_labels,
            progress=progress,
        )
        bom = source.startswith("\ufeff")
        result = pipeline.translate(source[1:] if bom else source)
    finally:
        if progress:
            progress.close()
    text = ("\ufeff" if bom else "") + result.text
    if bilingual:
        from jtrans import bilingual as review

        text = review.render(result, pipeline.glossary, title="" if input == "-" else input)
    if report is not None:
        data = {"input": input, "engine": getattr(pipeline.engine, "name", "?")} | result.report()
        _write_atomic(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if output is not None:
        _write_atomic(output, text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    if result.flags and not quiet:
        for f in result.flags[:MAX_WARNINGS_SHOWN]:
            print(f"jtrans: warning: line {f.line}: {f.rule}: {f.message}", file=sys.stderr)
        more = len(result.flags) - MAX_WARNINGS_SHOWN
        if more > 0:
            hint = f" (see {report})" if report else " (use --report FILE.json)"
            print(f"jtrans: warning: … and {more} more{hint}", file=sys.stderr)


@app.command()
def segment(input: InputArg, link_labels: LinkLabels = None, link_lists: LinkLists = None) -> None:
    """Print the translatable units of a Markdown post as JSON lines.

    Each line holds id, kind (heading/paragraph/table-cell/list-item/quote), line, text (with
    ⟦n⟧ placeholders), protected (the spans behind them) and sentences (what the engine sees).
    """
    source, start = _read_input(input)
    cfg = _config(start, translate_link_labels=link_labels, translate_link_lists=link_lists)
    pipeline = Pipeline(engine=None, config=cfg)
    out = sys.stdout
    for p in pipeline.prepare(source[1:] if source.startswith("\ufeff") else source):
        out.write(json.dumps(p.as_dict(), ensure_ascii=False) + "\n")
    out.flush()


# -- helpers -----------------------------------------------------------------------------------


def _read_input(name: str) -> tuple[str, Path | None]:
    if name == "-":
        try:
            return api.decode(sys.stdin.buffer.read(), "stdin"), None
        except api.InputError as exc:
            raise InputFileError(str(exc)) from None
    path = Path(name)
    try:
        return api.read_text(path), path
    except api.InputError as exc:
        raise InputFileError(str(exc)) from None


def _check_output(path: Path, source: Path | None = None, what: str = "output") -> None:
    """Refuse outputs that cannot be written or that would replace the input."""
    if path.is_dir():
        raise InputFileError(f"{what} {path} is a directory")
    if not path.parent.exists():
        raise InputFileError(f"{what} folder {path.parent} does not exist")
    if source is not None and path.exists() and os.path.samefile(path, source):
        raise UsageError(f"{what} {path} is the input file; the input is never overwritten")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputFileError(f"{what} {path} is read-only")


def _config(start: Path | None, **overrides: Any) -> config_mod.Config:
    try:
        return config_mod.load(start, **overrides)
    except config_mod.ConfigError as exc:
        raise UserError(str(exc)) from None


def _build(cfg: config_mod.Config, **opts: Any) -> Pipeline:
    errors: list[type[BaseException]] = [ValueError, OSError]
    try:
        from jtrans.models import ModelError

        errors.append(ModelError)
    except ImportError:  # pragma: no cover - models module missing
        pass
    try:
        return api.build_pipeline(config=cfg, **opts)
    except tuple(errors) as exc:
        raise user_error(exc) from None


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; problems are one-line user errors."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None


class _Progress:
    """A rich progress bar on stderr, shown only on a terminal and for posts with many
    sentences (``progress_threshold``)."""

    def __init__(self, threshold: int = 30, console: Any = None) -> None:
        self.threshold = threshold
        self.console = console
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.threshold:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            console = self.console or Console(stderr=True)
            if not console.is_terminal:
                return
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("translating {task.total} sentences"),
                BarColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("translate", total=total)
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
