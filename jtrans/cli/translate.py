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
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jtrans import api
from jtrans.cli import app
from jtrans.cli.common import (
    EncodingOpt,
    InPlace,
    InputArg,
    LinkLabels,
    LinkLists,
    Titles,
    build_pipeline,
    check_encoding,
    check_glossaries,
    check_output,
    is_stdout,
    load_config,
    memory_done,
    open_memory,
    read_input,
    write_file,
    write_report,
)
from jtrans.cli.errors import OPTIONAL_VALUES, InputFileError, UsageError
from jtrans.cli.progress import Progress as _Progress
from jtrans.config import MAX_MBR, TITLES
from jtrans.fileio import is_read_only
from jtrans.reader import InputError, strip_bom

if TYPE_CHECKING:
    from jtrans.pipeline import Pipeline

STREAM_BYTES = 1_000_000  # inputs larger than this (1 MB) are translated chunk by chunk
RAY_CONFIGURED = OPTIONAL_VALUES["--ray"]  # --ray without an address


@app.command()
def translate(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Markdown file(s) to read, or - for stdin.", metavar="INPUT..."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here (atomically), not stdout.")
    ] = None,
    in_place: InPlace = False,
    encoding: EncodingOpt = "utf-8",
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
    titles: Titles = None,
    mbr: Annotated[
        int | None,
        typer.Option(
            "--mbr",
            help="Publish what the model's N best translations agree on (0: its single best; "
            "config: mbr_candidates, default 8).",
            metavar="N",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write flags and sentence pairs to this JSON file (- : stdout, when the "
            "translation goes to -o, --in-place or --out-dir).",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress, no warnings.")] = False,
    bilingual: Annotated[
        bool,
        typer.Option(
            "--bilingual",
            help="Write a review table instead: English and Japanese side by side with flags.",
        ),
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="Write each input's translation to DIR/<its path below the inputs' common "
            "folder>.",
        ),
    ] = None,
    tm: Annotated[
        Path | None,
        typer.Option("--tm", help="Translation memory file (default: $JTRANS_TM or user cache)."),
    ] = None,
    no_tm: Annotated[
        bool, typer.Option("--no-tm", help="Translate everything; do not read or fill the TM.")
    ] = False,
    retry_untranslated: Annotated[
        bool,
        typer.Option(
            "--retry-untranslated",
            help="Translate again the units the TM holds as English fallbacks (〔未翻訳〕).",
        ),
    ] = False,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="With --out-dir: decode on Ray actors. No ADDRESS: ray.address from the "
            "config, else a local Ray; auto, ray://HOST:10001 or HOST:PORT join a cluster.",
        ),
    ] = None,
    ray_actors: Annotated[
        int | None, typer.Option("--ray-actors", help="Ray actors, one model each (≥ 1).")
    ] = None,
    ray_threads: Annotated[
        int | None, typer.Option("--ray-threads", help="CPU threads per Ray actor (≥ 1).")
    ] = None,
) -> None:
    """Translate Markdown posts from English to Japanese, keeping their structure byte-exact.

    One INPUT goes to stdout (or -o); several, or --out-dir DIR, go into DIR in one batch
    (the tree below the inputs' common folder is mirrored: docs/**/*.md → DIR/guide/….md).
    Units found in the translation memory are not translated again (--tm PATH, --no-tm).
    """
    from jtrans.cli import verbosity

    quiet = verbosity.is_quiet(quiet)
    if output is not None and str(output) == "-":  # -o - : stdout, as without -o
        output = None
    started = time.monotonic()
    options: dict[str, Any] = {  # the pipeline as the flags ask for it
        "engine": engine,
        "model": model,
        "glossary": glossary or None,
        "no_glossary": no_glossary,
        "postprocess": not no_postprocess,
        "translate_link_labels": link_labels,
        "retry_fallbacks": retry_untranslated,
    }
    if mbr is not None and not 0 <= mbr <= MAX_MBR:  # (typer's min/max would load pydantic)
        raise UsageError(f"--mbr must be 0 to {MAX_MBR}, not {mbr}")
    if titles is not None and titles not in TITLES:
        raise UsageError(f"--titles must be translate, keep or both, not {titles!r}")
    batch = out_dir is not None or len(inputs) > 1
    run = _ray_runner(ray, ray_actors, ray_threads, out_dir, inputs)
    if is_stdout(report) and not batch and output is None and not in_place:
        raise UsageError("--report - needs the translation in a file (-o, --in-place, --out-dir)")
    if batch:
        if out_dir is None or output is not None or in_place or bilingual:
            raise UsageError("several inputs need --out-dir DIR (not -o, --in-place, --bilingual)")
        from jtrans.cli.batch import translate_files

        cfg = load_config(
            Path(inputs[0]), translate_link_lists=link_lists, mbr_candidates=mbr, titles=titles
        )
        memory = open_memory(tm, no_tm)
        translate_files(
            inputs,
            out_dir,
            lambda progress: build_pipeline(cfg, **options, progress=progress, tm=memory),
            read=lambda path: read_input(str(path), encoding)[0],
            quiet=quiet,
            report=report,
            **({"run": run} if run else {}),
        )
        memory_done(memory, explicit=tm is not None)
        return
    input = inputs[0]
    if bilingual and in_place:  # the review table would replace the English post
        raise UsageError(
            "--bilingual writes a review document; it cannot replace INPUT (--in-place)"
        )
    output = _in_place(input, output, in_place)
    streaming = not bilingual and _large(input)
    source, start = ("", Path(input)) if streaming else read_input(input, encoding)
    if output is not None and not in_place:
        check_output(output, start)
    if report is not None and not is_stdout(report):
        check_output(report, start, "report")
        if output is not None and _same_target(report, output):
            raise UsageError(f"--report {report} would overwrite the translation (-o {output})")
    check_glossaries(glossary)
    memory = open_memory(tm, no_tm)
    cfg = load_config(start, translate_link_lists=link_lists, mbr_candidates=mbr, titles=titles)
    progress = None if quiet else _Progress(cfg.progress_threshold)
    try:
        pipeline = build_pipeline(cfg, **options, progress=progress, tm=memory)
        if streaming or (not bilingual and len(source) > STREAM_BYTES):  # big file or stdin
            what: Path | str = source if source else Path(input)  # stdin: chunked from memory
            done = _translate_large(pipeline, what, encoding, output, quiet, report)
            _finish(input, pipeline, done, report, quiet)
            memory_done(memory, explicit=tm is not None)
            return
        result = api.translate(source, pipeline=pipeline)  # a byte order mark is kept
    finally:
        if progress:
            progress.close()
    text = result.text
    verbosity.detail(
        f"{input}: {len(result.prepared)} units, {len(result.sentences)} sentences; engine "
        f"{pipeline.engine.name}, config {cfg.path or 'defaults'}; "
        f"{time.monotonic() - started:.1f}s"
    )
    if bilingual:
        from jtrans import bilingual as review

        text = review.render(result, pipeline.glossary, title="" if input == "-" else input)
    if output is not None:
        write_file(output, text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    _finish(input, pipeline, result, report, quiet)
    memory_done(memory, explicit=tm is not None)


@app.command()
def segment(
    input: InputArg,
    link_labels: LinkLabels = None,
    link_lists: LinkLists = None,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Print the translatable units of a Markdown post as JSON lines.

    Each line holds id, kind (heading/paragraph/table-cell/list-item/quote), line, text (with
    ⟦n⟧ placeholders), protected (the spans behind them) and sentences (what the engine sees).
    """
    source, start = read_input(input, encoding)
    cfg = load_config(start, translate_link_labels=link_labels, translate_link_lists=link_lists)
    from jtrans.prepare import prepare

    out = sys.stdout
    for p in prepare(strip_bom(source), cfg)[0]:
        out.write(json.dumps(p.as_dict(), ensure_ascii=False) + "\n")
    out.flush()


# -- helpers -----------------------------------------------------------------------------------


def _ray_runner(
    address: str | None,
    actors: int | None,
    threads: int | None,
    out_dir: Path | None,
    inputs: list[str],
) -> Any:
    """The batch runner for ``--ray`` (``None`` without it); usage errors exit 2."""
    if address is None:
        if actors is not None or threads is not None:
            raise UsageError("--ray-actors and --ray-threads need --ray")
        return None
    if out_dir is None:
        raise UsageError("--ray needs --out-dir DIR")
    # checked here, not with typer's min= (which would load pydantic on every translate)
    for flag, value in (("--ray-actors", actors), ("--ray-threads", threads)):
        if value is not None and value < 1:
            raise UsageError(f"{flag} must be at least 1, not {value}")
    from jtrans import config as config_mod
    from jtrans import scaleout
    from jtrans.cli import verbosity

    try:
        scaleout.import_ray()
        cfg = load_config(Path(inputs[0]))
        options = scaleout.RayOptions.from_config(
            cfg,
            address=None if address == RAY_CONFIGURED else address,
            actors=actors,
            threads=threads,
        )
    except (scaleout.RayMissing, config_mod.ConfigError) as exc:
        raise UsageError(str(exc)) from None
    return scaleout.runner(options, verbose=verbosity.is_verbose())


def _in_place(input: str, output: Path | None, in_place: bool) -> Path | None:
    """The output path: ``-o``, or the input itself with ``--in-place``."""
    if not in_place:
        return output
    if input == "-":
        raise UsageError("--in-place needs an input file, not stdin")
    path = Path(input)
    if output is not None and not (output.exists() and os.path.samefile(output, path)):
        raise UsageError("--in-place writes over INPUT; leave out -o (or give INPUT as -o)")
    if path.is_file() and is_read_only(path):
        raise InputFileError(f"{path} is read-only")
    return path


def _same_target(a: Path, b: Path) -> bool:
    """Whether writing ``a`` and ``b`` would write the same file (existing or not)."""
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return os.path.realpath(a) == os.path.realpath(b)


def _large(input: str) -> bool:
    """Whether ``input`` is a file big enough to translate chunk by chunk (bounded memory)."""
    if input == "-":
        return False
    try:
        return Path(input).stat().st_size > STREAM_BYTES and Path(input).is_file()
    except OSError:
        return False  # reported by the normal reader


def _translate_large(
    pipeline: Pipeline,
    source: Path | str,
    encoding: str,
    output: Path | None,
    quiet: bool,
    report: Path | None,
) -> Any:
    """Translate a large file (or text already read from stdin) in chunks (see
    :mod:`jtrans.stream`), writing each translated chunk to the temp file behind ``output``
    (renamed only at the end) or to stdout."""
    from contextlib import nullcontext

    from jtrans import stream
    from jtrans.fileio import atomic_writer

    check_encoding(encoding)
    try:  # decoding errors before any output
        total = len(source) if isinstance(source, str) else stream.check_file(source, encoding)
        references = stream.post_references(source, encoding)  # labels defined in other chunks
    except InputError as exc:
        raise InputFileError(str(exc)) from None
    progress = None if quiet else _Progress(0, label="translating {task.total} characters")
    keep = None  # every flag: the warnings summary counts them by kind
    try:
        with nullcontext(None) if isinstance(source, str) else source.open("rb") as fh:
            texts = [str(source)] if fh is None else stream.iter_text(fh, str(source), encoding)
            chunks = stream.iter_chunks(texts)
            if output is None:
                out = sys.stdout.buffer
                return stream.translate_chunks(
                    pipeline,
                    chunks,
                    lambda t: (out.write(t.encode("utf-8")), out.flush()),
                    progress=progress,
                    total=total,
                    keep_pairs=report is not None,
                    max_flags=keep,
                    references=references,
                )
            try:
                with atomic_writer(output) as dest:
                    return stream.translate_chunks(
                        pipeline,
                        chunks,
                        lambda t: dest.write(t.encode("utf-8")),
                        progress=progress,
                        total=total,
                        keep_pairs=report is not None,
                        max_flags=keep,
                        references=references,
                    )
            except OSError as exc:
                raise InputFileError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if progress:
            progress.close()


def _finish(input: str, pipeline: Pipeline, done: Any, report: Path | None, quiet: bool) -> None:
    """Report file and warnings of a translation (whole or chunked)."""
    if report is not None:
        data = {"input": input, "engine": pipeline.engine.name} | done.report()
        write_report(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if done.flags and not quiet:
        from jtrans.cli import summary

        for line in summary.lines(((f"line {f.line}", f) for f in done.flags), report):
            print(line, file=sys.stderr)
