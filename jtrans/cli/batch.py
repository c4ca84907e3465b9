"""``jtrans translate a.md b.md … --out-dir DIR``: several posts, one model load, one batch.

Every input is read (and checked) before anything is translated; all posts then go through one
``Pipeline.translate_many`` call (the engine sorts their sentences by length across posts), and
each translation is written atomically to ``DIR/<input name>``. Two inputs with the same name,
an output that would replace an input, and stdin (``-``) are refused.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jtrans import api
from jtrans.cli.errors import InputFileError, UsageError
from jtrans.fileio import write_atomic
from jtrans.pipeline import Pipeline

MAX_WARNINGS_SHOWN = 10


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
) -> None:
    """Translate ``inputs`` into ``out_dir`` with the pipeline ``build(first input)`` gives."""
    pairs = plan(inputs, out_dir)
    if report is not None and str(report) != "-":
        for _, target in pairs:
            if os.path.realpath(report) == os.path.realpath(target):
                raise UsageError(f"--report {report} would overwrite the translation {target}")
    sources: list[str] = []
    for path, _ in pairs:
        try:
            sources.append(read(path))
        except api.InputError as exc:
            raise InputFileError(str(exc)) from None
    pipeline = build(pairs[0][0] if pairs else None)
    boms = [s.startswith("\ufeff") for s in sources]
    results = pipeline.translate_many([s.removeprefix("\ufeff") for s in sources])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    for (_, target), result, bom in zip(pairs, results, boms, strict=True):
        _write(target, ("\ufeff" if bom else "") + result.text)
    if report is not None:
        data: dict[str, Any] = {
            "engine": getattr(pipeline.engine, "name", "?"),
            "files": [
                {"input": str(path), "output": str(target)} | result.report()
                for (path, target), result in zip(pairs, results, strict=True)
            ],
        }
        from jtrans.cli.translate import write_report

        write_report(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if not quiet:
        _warn(pairs, results, report)
        reused = sum(len(r.reused) for r in results)
        units = sum(1 for r in results for p in r.prepared if p.split.pieces)
        print(
            f"jtrans: translated {len(pairs)} file(s) into {out_dir}"
            + (f" ({reused} of {units} units from the translation memory)" if reused else ""),
            file=sys.stderr,
        )


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
