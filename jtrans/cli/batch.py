"""``jtrans translate a.md b.md … --out-dir DIR``: several posts, one model load, one batch.

Every input is read (and checked) before anything is translated; the posts are then planned at
once (``Pipeline.plan``: memory look-ups, engine groups of ~512 sentences across posts, as
``Pipeline.translate_many`` of all of them) and written atomically in groups of about
``GROUP_CHARS`` characters, each as soon as the engine groups holding its posts are in, with a
line per finished file on stderr. Outputs mirror the inputs'
tree below their common folder: ``docs/a.md docs/guide/a.md --out-dir ja`` writes ``ja/a.md`` and
``ja/guide/a.md`` (inputs of one folder go straight into ``DIR``). An input given twice, an output
that would replace an input, and stdin (``-``) are refused.

``run`` decides where the engine groups are translated: here, in order, or on Ray actors
(``--ray``, :mod:`jtrans.scaleout`: all of them in flight at once, two per actor), the same
groups either way (hence the same bytes);
a runner may return failed posts, which are named on stderr (exit code of the first one's
error) while every other post is written.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jtrans import api
from jtrans.api import GROUP_CHARS, Outcome, Runner, groups, run_here
from jtrans.cli.common import write_file, write_report
from jtrans.cli.errors import EXIT_INTERNAL, InputFileError, UsageError, UserError, classify
from jtrans.protocols import ProgressEngine
from jtrans.reader import InputError, read_text

if TYPE_CHECKING:
    from jtrans.pipeline import Pipeline, Result

__all__ = ["GROUP_CHARS", "Outcome", "PostsFailed", "Runner", "groups", "plan", "run_here"]
__all__ += ["translate_files"]


class PostsFailed(UserError):
    """Some posts could not be translated (the others were written); exit code of the first
    one's error (70 when it is not a user error)."""


def plan(inputs: list[str], out_dir: Path) -> list[tuple[Path, Path]]:
    """``(input, output)`` pairs: each input's path below the inputs' common folder, under
    ``out_dir`` (:func:`jtrans.api.mirrored_targets`); usage errors for stdin, an input given
    twice or a self-overwrite."""
    if "-" in inputs:
        raise UsageError("stdin (-) cannot be combined with --out-dir; give file names")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputFileError(f"--out-dir {out_dir} is not a directory")
    paths = [Path(name) for name in inputs]
    try:
        targets = api.mirrored_targets(paths, out_dir)
    except ValueError:  # Windows: inputs on different drives
        raise UsageError("--out-dir needs inputs on one drive (no common folder)") from None
    pairs: list[tuple[Path, Path]] = []
    seen: dict[Path, Path] = {}
    for path, target in zip(paths, targets, strict=True):
        key = Path(os.path.normcase(os.path.abspath(target)))
        if key in seen:
            raise UsageError(f"{seen[key]} and {path} would both be written to {target}")
        seen[key] = path
        for folder in target.relative_to(out_dir).parents:  # checked before any translating
            if (out_dir / folder).exists() and not (out_dir / folder).is_dir():
                raise InputFileError(f"cannot write {target}: {out_dir / folder} is a file")
        if target.exists() and path.exists() and os.path.samefile(target, path):
            raise UsageError(f"{target} is an input file; the input is never overwritten")
        pairs.append((path, target))
    return pairs


def translate_files(
    inputs: list[str],
    out_dir: Path,
    build: Callable[[Any], Pipeline],
    *,
    read: Callable[[Path], str] = read_text,
    quiet: bool = False,
    report: Path | None = None,
    run: Runner = run_here,
) -> None:
    """Translate ``inputs`` into ``out_dir`` with the pipeline ``build(progress callback)``
    gives, a group of files at a time; each output is written when its group is done."""
    from jtrans.cli import summary
    from jtrans.cli.progress import FilesProgress

    pairs = plan(inputs, out_dir)
    if report is not None and str(report) != "-":
        for _, target in pairs:
            if os.path.realpath(report) == os.path.realpath(target):
                raise UsageError(f"--report {report} would overwrite the translation {target}")
    sources: list[str] = []
    for path, _ in pairs:
        try:
            sources.append(read(path))
        except InputError as exc:
            raise InputFileError(str(exc)) from None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    progress = None if quiet else FilesProgress(len(pairs), sum(map(len, sources)))

    def written(k: int, result: Result) -> None:
        if progress:
            progress.print(_done_line(k + 1, len(pairs), pairs[k], result))

    try:
        pipeline = build(progress)
        if progress and isinstance(pipeline.engine, ProgressEngine):
            pipeline.engine.on_progress = progress.partial  # moves within a group's batch
        if progress:
            progress.start(sum(map(len, sources)))  # one plan: the pipeline counts all posts
        outcome, failures = api.translate_groups(
            pipeline,
            sources,
            [target for _, target in pairs],
            run=run,
            write=_write,
            on_file=written,
            on_group_done=progress.count if progress else None,
        )
        if progress:
            progress.finished(len(outcome))
    finally:
        if progress:
            progress.close()
    done = [(pair, r) for pair, r in zip(pairs, outcome, strict=True) if r is not None]
    results = [r for _, r in done]
    if report is not None:
        data: dict[str, Any] = {
            "engine": pipeline.engine.name,
            "files": [
                {"input": str(path), "output": str(target)} | result.report()
                for (path, target), result in done
            ],
        }
        if failures:
            data["failed"] = [
                {"input": str(pairs[i][0]), "error": _first_line(exc)}
                for i, exc in sorted(failures.items())
            ]
        write_report(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if not quiet:
        flags = [(f"{path}:{f.line}", f) for (path, _), r in done for f in r.flags]
        for line in summary.lines(flags, report):
            print(line, file=sys.stderr)
        reused = sum(len(r.reused) for r in results)
        units = sum(1 for r in results for p in r.prepared if p.split.pieces)
        print(
            f"jtrans: translated {len(done)} file(s) into {out_dir}"
            + (f" ({reused} of {units} units from the translation memory)" if reused else ""),
            file=sys.stderr,
        )
    if failures:
        _fail(pairs, failures)


def _fail(pairs: list[tuple[Path, Path]], failures: dict[int, BaseException]) -> None:
    """Name each failed post on stderr; raise for the exit code of the first one's error."""
    order = sorted(failures)
    for i in order[:-1]:
        print(f"jtrans: error: {pairs[i][0]}: {_first_line(failures[i])}", file=sys.stderr)
    first = classify(failures[order[0]])
    err = PostsFailed(f"{pairs[order[-1]][0]}: {_first_line(failures[order[-1]])}")
    err.exit_code = first.exit_code if first is not None else EXIT_INTERNAL
    raise err


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _done_line(number: int, total: int, pair: tuple[Path, Path], result: Any) -> str:
    """``[3/20] a.md → ja/a.md: 42 units (40 from memory), 2 warnings``."""
    units = sum(1 for p in result.prepared if p.split.pieces)
    memory = f" ({len(result.reused)} from memory)" if result.reused else ""
    warned = f", {len(result.flags)} warning(s)" if result.flags else ""
    from jtrans.cli.summary import clip

    return clip(f"jtrans: [{number}/{total}] {pair[0]} → {pair[1]}: {units} units{memory}{warned}")


def _write(path: Path, text: str) -> None:
    """Write one translation; its folder is created first (a sub-folder of the mirrored tree)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    write_file(path, text)
