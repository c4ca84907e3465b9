"""``jtrans translate a.md b.md … --out-dir DIR``: several posts, one model load, one batch.

Every input is read (and checked) before anything is translated; all posts then go through one
``Pipeline.translate_many`` call (the engine sorts their sentences by length across posts), and
each translation is written atomically to ``DIR/<input name>``. Two inputs with the same name,
an output that would replace an input, and stdin (``-``) are refused.

``run`` decides where the posts are translated: here (``Pipeline.translate_many``) or on Ray
actors (``--ray``, :mod:`jtrans.scaleout`); a runner may return failed posts, which are named
on stderr (exit code of the first one's error) while every other post is written.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jtrans import api
from jtrans.cli.errors import EXIT_INTERNAL, InputFileError, UsageError, UserError, classify
from jtrans.fileio import write_atomic
from jtrans.pipeline import Pipeline, Result

MAX_WARNINGS_SHOWN = 10
# run(pipeline, sources) -> (one result per source, None where it failed; errors by index)
Outcome = tuple[list[Result | None], dict[int, BaseException]]
Runner = Callable[[Pipeline, list[str]], Outcome]


class PostsFailed(UserError):
    """Some posts could not be translated (the others were written); exit code of the first
    one's error (70 when it is not a user error)."""


def run_here(pipeline: Pipeline, sources: list[str]) -> Outcome:
    """The local runner: every post in this process, one batch."""
    return list(pipeline.translate_many(sources)), {}


def plan(inputs: list[str], out_dir: Path) -> list[tuple[Path, Path]]:
    """``(input, output)`` pairs; usage errors for stdin, repeated names or self-overwrites."""
    if "-" in inputs:
        raise UsageError("stdin (-) cannot be combined with --out-dir; give file names")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputFileError(f"--out-dir {out_dir} is not a directory")
    pairs: list[tuple[Path, Path]] = []
    seen: dict[str, Path] = {}
    for name in inputs:
        path = Path(name)
        if path.name in seen:
            raise UsageError(
                f"{seen[path.name]} and {path} would both be written to {out_dir / path.name}"
            )
        seen[path.name] = path
        target = out_dir / path.name
        if target.exists() and path.exists() and os.path.samefile(target, path):
            raise UsageError(f"{target} is an input file; the input is never overwritten")
        pairs.append((path, target))
    return pairs


def translate_files(
    inputs: list[str],
    out_dir: Path,
    build: Callable[[Path | None], Pipeline],
    *,
    read: Callable[[Path], str] = api.read_text,
    quiet: bool = False,
    report: Path | None = None,
    run: Runner = run_here,
) -> None:
    """Translate ``inputs`` into ``out_dir`` with the pipeline ``build(first input)`` gives."""
    pairs = plan(inputs, out_dir)
    sources: list[str] = []
    for path, _ in pairs:
        try:
            sources.append(read(path))
        except api.InputError as exc:
            raise InputFileError(str(exc)) from None
    pipeline = build(pairs[0][0] if pairs else None)
    boms = [s.startswith("\ufeff") for s in sources]
    outcome, failures = run(pipeline, [s.removeprefix("\ufeff") for s in sources])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    for (_, target), result, bom in zip(pairs, outcome, boms, strict=True):
        if result is not None:
            _write(target, ("\ufeff" if bom else "") + result.text)
    done = [(pair, r) for pair, r in zip(pairs, outcome, strict=True) if r is not None]
    results = [r for _, r in done]
    if report is not None:
        data: dict[str, Any] = {
            "engine": getattr(pipeline.engine, "name", "?"),
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
        from jtrans.cli.translate import write_report

        write_report(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if not quiet:
        _warn([pair for pair, _ in done], results, report)
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


def _warn(pairs: list[tuple[Path, Path]], results: list[Any], report: Path | None) -> None:
    shown = 0
    total = sum(len(r.flags) for r in results)
    for (path, _), result in zip(pairs, results, strict=True):
        for f in result.flags:
            if shown == MAX_WARNINGS_SHOWN:
                break
            print(f"jtrans: warning: {path}:{f.line}: {f.rule}: {f.message}", file=sys.stderr)
            shown += 1
    if total > shown:
        hint = f" (see {report})" if report else " (use --report FILE.json)"
        print(f"jtrans: warning: … and {total - shown} more{hint}", file=sys.stderr)


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
