"""``jtrans export`` and ``jtrans import``: the review round trip through PO or XLIFF.

``export POST --to po|xliff`` translates the post and writes one entry per unit, pre-filled with
the machine translation and marked fuzzy (flags and glossary hits as notes). ``import POST
REVIEWED -o POST.ja.md`` rebuilds the Japanese post from the reviewed file (units spliced into
the English at their offsets) and stores the reviewed entries in the translation memory.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import api, formats, review
from jtrans.cli import app, verbosity
from jtrans.cli.common import (
    EncodingOpt,
    build_pipeline,
    check_glossaries,
    check_output,
    load_config,
    memory_done,
    open_memory,
    read_input,
    write_file,
)
from jtrans.cli.errors import InputFileError, UsageError

EXPORT_EXAMPLES = """\
Examples:

  jtrans export post.md --to po -o post.po

  jtrans export post.md --to xliff -o post.xlf

  cat post.md | jtrans export - --to po > post.po
"""
IMPORT_EXAMPLES = """\
Examples:

  jtrans import post.md post.po -o post.ja.md

  jtrans import post.md post.xlf -o post.ja.md --no-tm

  jtrans import post.md - --format po < reviewed.po > post.ja.md
"""

Output = Annotated[
    str | None,
    typer.Option("-o", "--output", help="Write here (atomically); - or nothing: stdout."),
]
Engine = Annotated[str | None, typer.Option("--engine", help="Engine: ct2 (default), identity.")]
Model = Annotated[str | None, typer.Option("--model", help="Model name or directory (ct2).")]
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help="Extra glossary file or folder (repeatable)."),
]
NoGlossary = Annotated[bool, typer.Option("--no-glossary", help="Do not use the glossary.")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="No summary on stderr.")]
TmOpt = Annotated[
    Path | None,
    typer.Option("--tm", help="Translation memory file (default: $JTRANS_TM or the cache)."),
]


@app.command("export", epilog=EXPORT_EXAMPLES)
def export_cmd(
    input: Annotated[str, typer.Argument(help="Markdown post to translate, or - for stdin.")],
    to: Annotated[
        str | None, typer.Option("--to", help="po or xliff (default: from -o's suffix, else po).")
    ] = None,
    output: Output = None,
    engine: Engine = None,
    model: Model = None,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossary = False,
    tm_path: TmOpt = None,
    no_tm: Annotated[
        bool, typer.Option("--no-tm", help="Translate everything; do not read or fill the TM.")
    ] = False,
    quiet: Quiet = False,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Translate a post and write its units as PO or XLIFF for review.

    Units come pre-filled with machine translation and marked fuzzy; units found in the
    translation memory as reviewed (human) translations go out reviewed, not fuzzy.
    """
    quiet = verbosity.is_quiet(quiet)
    fmt = _format(to, output)
    source, start = read_input(input, encoding)
    out_path = _output(output, start)
    cfg = load_config(start)
    pipeline = _pipeline(cfg, engine, model, glossary, no_glossary, open_memory(tm_path, no_tm))
    result = api.translate(source, pipeline=pipeline)
    segments = review.export_segments(result, pipeline.glossary)
    verbosity.detail(
        f"{input}: {len(segments)} of {len(result.prepared)} units exported; engine "
        f"{pipeline.engine.name}, config {cfg.path or 'defaults'}"
    )
    name = "stdin.md" if input == "-" else Path(input).name
    data = formats.get(fmt).dump(segments, name)
    _emit(out_path, data)
    if not quiet:
        flagged = sum(1 for s in segments if any(n.startswith(review.FLAG_MARK) for n in s.notes))
        print(
            f"jtrans: exported {len(segments)} units ({flagged} with flags) as {fmt}",
            file=sys.stderr,
        )


@app.command("import", epilog=IMPORT_EXAMPLES)
def import_cmd(
    input: Annotated[str, typer.Argument(help="The English Markdown post, or - for stdin.")],
    reviewed: Annotated[str, typer.Argument(help="The reviewed .po/.xlf file, or - for stdin.")],
    output: Output = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="po or xliff (default: from the suffix).")
    ] = None,
    tm_path: TmOpt = None,
    no_tm: Annotated[
        bool, typer.Option("--no-tm", help="Do not store reviewed entries in the memory.")
    ] = False,
    engine: Engine = None,
    model: Model = None,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossary = False,
    quiet: Quiet = False,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Rebuild the Japanese post from a reviewed PO/XLIFF file and remember the reviewed units.

    Reviewed (non-fuzzy) entries go to the translation memory as human translations, for the
    engine, model and glossary of the current configuration (the same options as translate).
    """
    quiet = verbosity.is_quiet(quiet)
    if input == "-" and reviewed == "-":
        raise UsageError("only one of POST and REVIEWED can be - (stdin)")
    source, start = read_input(input, encoding)
    out_path = _output(output, start)
    if out_path is not None and reviewed != "-":  # nor the reviewer's file
        _output(output, Path(reviewed))
    data = _read_bytes(reviewed, review_limit(source))
    try:
        kind = fmt or formats.detect(reviewed if reviewed != "-" else "stdin", data)
        segments = formats.get(kind).load(data, reviewed)
        applied = review.apply(source, segments)
    except (formats.FormatError, review.ReviewError) as exc:
        raise InputFileError(str(exc)) from None
    context = memory = None
    if applied.reviewed and not no_tm:  # the pipeline and memory first: their errors write nothing
        context = _context(_pipeline(load_config(start), engine, model, glossary, no_glossary))
        memory = open_memory(tm_path, no_tm)
    _emit(out_path, applied.text.encode("utf-8"))
    stored = 0 if memory is None else _remember(applied.reviewed, memory, context)
    if memory is not None:
        verbosity.detail(f"memory {memory.path}, context {context}")
    if not quiet:
        from jtrans import qa

        checked = qa.check(source, applied.text)  # what a reviewer may have broken
        problems = [*applied.warnings, *(i.describe() for i in checked.errors)]
        for warning in problems[:10]:
            print(f"jtrans: warning: {warning}", file=sys.stderr)
        if len(problems) > 10:
            print(
                f"jtrans: warning: … and {len(problems) - 10} more (run jtrans qa)", file=sys.stderr
            )
        memo = "memory not updated (--no-tm)" if no_tm else f"{stored} stored in the memory"
        broken = (
            f", {applied.fallbacks} kept in English (they broke the Markdown)"
            if applied.fallbacks
            else ""
        )
        print(
            f"jtrans: imported {len(segments)} entries: {len(applied.reviewed)} reviewed "
            f"({memo}), {applied.fuzzy} still fuzzy, {applied.empty} empty (kept in English)"
            f"{broken}",
            file=sys.stderr,
        )
    memory_done(memory, explicit=tm_path is not None)  # after the output is safe


# -- helpers -----------------------------------------------------------------------------------


def _format(to: str | None, output: str | None) -> str:
    if to is not None:
        if to not in formats.FORMATS:
            raise UsageError(f"--to must be one of {', '.join(formats.FORMATS)}, not {to!r}")
        return to
    if output and output != "-":
        return formats.SUFFIXES.get(Path(output).suffix.lower(), "po")
    return "po"


def _output(output: str | None, start: Path | None) -> Path | None:
    if output is None or output == "-":
        return None
    path = Path(output)
    check_output(path, start, in_place_hint=False)
    return path


def _emit(path: Path | None, data: bytes) -> None:
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_file(path, data)


# A review file holds the post's text two or three times over; parsing takes ~30 times its
# size in memory (a 115 MB PO file reached 3.5 GB), so it is bounded before it is parsed.
MAX_REVIEW_BYTES = 32 << 20


def review_limit(source: str) -> int:
    """The largest review file accepted for the post ``source``: 20 times the post (at least
    1 MiB), at most :data:`MAX_REVIEW_BYTES`."""
    return min(MAX_REVIEW_BYTES, max(1 << 20, 20 * len(source.encode("utf-8"))))


def _read_bytes(name: str, limit: int = MAX_REVIEW_BYTES) -> bytes:
    from jtrans.reader import InputError, read_bytes, read_stdin

    try:
        if name == "-":
            return read_stdin(limit)
        return read_bytes(Path(name), "a review file of this post", limit)
    except InputError as exc:
        raise InputFileError(str(exc)) from None


def _pipeline(
    cfg: Any, engine: Any, model: Any, glossary: Any, no_glossary: bool, tm: Any = None
) -> Any:
    check_glossaries(glossary)
    return build_pipeline(
        cfg, engine=engine, model=model, glossary=glossary or None, no_glossary=no_glossary, tm=tm
    )


def _context(pipeline: Any) -> str:
    from jtrans import tm

    return tm.context_id(pipeline)


def _remember(pairs: list[tuple[str, str]], memory: Any, context: Any) -> int:
    """Store reviewed pairs as human translations in the configured pipeline's context, in
    the guarded memory (:mod:`jtrans.tm_guard`): a failure is kept for
    :func:`~jtrans.cli.common.memory_done`, reported once the output is written."""
    try:
        return memory.put_many(pairs, context, origin="human")
    finally:
        memory.close()
