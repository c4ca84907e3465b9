"""``jtrans translate a.md b.md … --out-dir DIR``: several posts, one model load, one batch.

Every input is read (and checked) before anything is translated; the posts then go through
``Pipeline.translate_many`` in groups of about ``GROUP_CHARS`` characters (the engine sorts
their sentences by length across the group's posts), and each translation is written atomically
to ``DIR/<input name>`` as soon as its group is done, with a line per finished file on stderr.
Two inputs with the same name, an output that would replace an input, and stdin (``-``) are
refused.
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

# posts are translated (and written) in groups of about this many characters: one engine batch
# each (sentences sorted by length across the group's posts), a line per finished file
GROUP_CHARS = 40_000


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


def groups(sizes: list[int], limit: int = GROUP_CHARS) -> list[list[int]]:
    """Consecutive file indices in groups of about ``limit`` characters (at least one file)."""
    out: list[list[int]] = []
    size = limit
    for k, n in enumerate(sizes):
        if size >= limit:
            out.append([])
            size = 0
        out[-1].append(k)
        size += n
    return out


def translate_files(
    inputs: list[str],
    out_dir: Path,
    build: Callable[[Any], Pipeline],
    *,
    read: Callable[[Path], str] = api.read_text,
    quiet: bool = False,
    report: Path | None = None,
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
        except api.InputError as exc:
            raise InputFileError(str(exc)) from None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    progress = None if quiet else FilesProgress(len(pairs), sum(map(len, sources)))
    results: list[Any] = []
    try:
        pipeline = build(progress)
        if progress and hasattr(pipeline.engine, "on_progress"):
            pipeline.engine.on_progress = progress.partial  # moves within a group's batch
        for group in groups([len(s) for s in sources]):
            if progress:
                progress.start(sum(len(sources[k]) for k in group))
            texts = [sources[k] for k in group]
            done = pipeline.translate_many([t.removeprefix("\ufeff") for t in texts])
            for k, text, result in zip(group, texts, done, strict=True):
                _write(pairs[k][1], ("\ufeff" if text.startswith("\ufeff") else "") + result.text)
                results.append(result)
                if progress:
                    progress.print(_done_line(k + 1, len(pairs), pairs[k], result))
            if progress:
                progress.finished(len(results))
    finally:
        if progress:
            progress.close()
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
        flags = [
            (f"{path}:{f.line}", f)
            for (path, _), result in zip(pairs, results, strict=True)
            for f in result.flags
        ]
        for line in summary.lines(flags, report):
            print(line, file=sys.stderr)
        reused = sum(len(r.reused) for r in results)
        units = sum(1 for r in results for p in r.prepared if p.split.pieces)
        print(
            f"jtrans: translated {len(pairs)} file(s) into {out_dir}"
            + (f" ({reused} of {units} units from the translation memory)" if reused else ""),
            file=sys.stderr,
        )


def _done_line(number: int, total: int, pair: tuple[Path, Path], result: Any) -> str:
    """``[3/20] a.md → ja/a.md: 42 units (40 from memory), 2 warnings``."""
    units = sum(1 for p in result.prepared if p.split.pieces)
    memory = f" ({len(result.reused)} from memory)" if result.reused else ""
    warned = f", {len(result.flags)} warning(s)" if result.flags else ""
    from jtrans.cli.summary import clip

    return clip(f"jtrans: [{number}/{total}] {pair[0]} → {pair[1]}: {units} units{memory}{warned}")


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
