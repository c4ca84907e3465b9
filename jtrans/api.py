"""Public library API: translate a Markdown string or file.

>>> import jtrans
>>> jtrans.text("| **Title** - does X; does Y |\\n|---|\\n", engine="identity")
'| **Title** - does X; does Y |\\n|---|\\n'

Options (all keyword, all optional; defaults come from the configuration, see
:mod:`jtrans.config`):

``engine``           engine name (``ct2``, ``identity``, ``upper``) or an engine object
``model``            model name or directory (ct2)
``glossary``         glossary paths (list), a loaded glossary object, or ``None`` = default
``no_glossary``      ``True`` disables the glossary
``postprocess``      ``False`` disables Japanese post-processing
``translate_link_labels``  translate the label of ``[label](url)`` (default ``True``)
``translate_link_lists``   … also in cells made only of links (default from config)
``titles``           a paper title: ``translate``, ``keep`` (as written) or ``both``
                     (翻訳 (原文: Title)); default from config
``config``           a :class:`jtrans.config.Config` (default: searched from the input/cwd)
``progress``         ``callable(done, total)``
``tm``               a translation memory (:class:`jtrans.tm.TranslationMemory` or a path):
                     units found in it are not translated again (default: none)
``retry_fallbacks``  translate again the units the memory holds as English fallbacks
``pipeline``         a pipeline built before (:func:`build_pipeline`): the options above are
                     then not used

:func:`translate_file` and :func:`translate_files` translate files into files (written
atomically); :func:`open_memory` opens a translation memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jtrans import config as config_mod
from jtrans.reader import (  # the input reader, part of the API
    BOM,
    MAX_UNSIZED_BYTES,
    EncodingError,
    InputError,
    bom_hint,
    decode,
    read_bytes,
    read_capped,
    read_stdin,
    read_text,
    text_codec,
)

__all__ = [
    "BOM",
    "GROUP_CHARS",
    "MAX_UNSIZED_BYTES",
    "Outcome",
    "Runner",
    "EncodingError",
    "InputError",
    "bom_hint",
    "build_pipeline",
    "decode",
    "file",
    "groups",
    "load_glossary",
    "make_engine",
    "make_postprocessor",
    "open_memory",
    "read_bytes",
    "read_capped",
    "read_stdin",
    "read_text",
    "run_here",
    "text",
    "text_codec",
    "translate",
    "translate_file",
    "translate_files",
    "translate_groups",
]

if TYPE_CHECKING:  # the pipeline and its stages load when something is translated
    from jtrans.pipeline import Batch, Pipeline, Result

_BOM = BOM
# posts are translated (and written) in groups of about this many characters: one engine batch
# each (sentences sorted by length across the group's posts)
GROUP_CHARS = 40_000
# one group's outcome: a result per source (None where it failed) and the errors by index
Outcome = tuple[list["Result | None"], dict[int, BaseException]]
# run(pipeline, groups of sources) -> each group's Outcome, in order, as soon as it is done
Runner = Callable[["Pipeline", list[list[str]]], Iterable[Outcome]]


def text(src: str, **opts: Any) -> str:
    """Translate the Markdown string ``src``; every byte outside translated text is kept."""
    return translate(src, **opts).text


def file(path: str | os.PathLike[str], **opts: Any) -> str:
    """Translate the Markdown file at ``path`` (the file itself is never modified)."""
    return translate_file(path, **opts).text


def translate(src: str, *, pipeline: Pipeline | None = None, **opts: Any) -> Result:
    """Like :func:`text` but return the full :class:`~jtrans.pipeline.Result` (flags, pairs).
    A byte order mark is kept in front of the translation (the pipeline never sees it)."""
    bom = src.startswith(_BOM)
    if pipeline is None:
        pipeline = build_pipeline(**opts)
    result = pipeline.translate(src[1:] if bom else src)
    if bom:
        result.text = _BOM + result.text
    return result


def translate_file(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    encoding: str = "utf-8",
    pipeline: Pipeline | None = None,
    **opts: Any,
) -> Result:
    """Translate the Markdown file at ``path`` (read in ``encoding``; the configuration is
    searched from it) and, when ``output`` is given, write the translation there atomically
    (UTF-8). The input is never modified unless ``output`` names it."""
    p = Path(path)
    source = read_text(p, encoding)
    if pipeline is None:
        opts.setdefault("start", p)
        pipeline = build_pipeline(**opts)
    result = translate(source, pipeline=pipeline)
    if output is not None:
        from jtrans.fileio import write_atomic

        write_atomic(output, result.text)
    return result


def translate_files(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    pipeline: Pipeline | None = None,
    run: Runner | None = None,
    **opts: Any,
) -> list[Result]:
    """Translate every file of ``inputs`` into ``out_dir``, below which the inputs' tree is
    mirrored (:func:`mirrored_targets`, the rule of ``jtrans translate --out-dir``), with one
    pipeline (the configuration searched from the first input), a group of files per engine
    batch; each output is written atomically when its group is done. Every input is read
    before anything is translated; the first post that fails raises its error after the others
    are written."""
    from jtrans.fileio import write_atomic

    paths = [Path(p) for p in inputs]
    sources = [read_text(p, encoding) for p in paths]
    targets = mirrored_targets(paths, Path(out_dir))
    if pipeline is None:
        opts.setdefault("start", paths[0] if paths else None)
        pipeline = build_pipeline(**opts)

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)

    results, failures = translate_groups(
        pipeline, sources, targets, run=run or run_here, write=write
    )
    if failures:
        raise failures[min(failures)]
    return [r for r in results if r is not None]


def mirrored_targets(paths: Sequence[Path], out_dir: Path) -> list[Path]:
    """Where each input goes under ``out_dir``: its path below the deepest folder holding every
    input (by absolute path, links not followed), so ``docs/a.md docs/guide/b.md`` go to
    ``OUT/a.md`` and ``OUT/guide/b.md``, as ``cp -r docs/. OUT`` would. ``ValueError`` when the
    inputs have no common folder (Windows: different drives)."""
    absolute = [os.path.abspath(p) for p in paths]
    base = Path(os.path.commonpath([os.path.dirname(a) for a in absolute])) if paths else None
    return [out_dir / Path(a).relative_to(base) for a in absolute if base is not None]


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


def run_here(pipeline: Pipeline, groups: list[list[str]]) -> Iterator[Outcome]:
    """The local runner: every post planned at once (``Pipeline.plan``: the same memory look-ups
    and ~512-sentence engine groups as ``Pipeline.translate_many`` of all of them, and as a
    ``--ray`` run), the engine groups translated in order in this process."""
    from jtrans.file_groups import by_file_group

    batch = pipeline.plan([source for sources in groups for source in sources])
    yield from by_file_group(pipeline, batch, groups, _translate_here(pipeline, batch), {})


def _translate_here(pipeline: Pipeline, batch: Batch) -> Iterator[int]:
    """Translate and accept ``batch``'s engine groups in order, yielding each one's index. The
    engine's progress within a group (``on_progress``) is reported as progress of the batch."""
    from jtrans.protocols import ProgressEngine

    engine = pipeline.engine
    reporter = engine if isinstance(engine, ProgressEngine) else None
    hook = reporter.on_progress if reporter is not None else None
    try:
        for g, units in enumerate(batch.groups):
            if reporter is not None and hook is not None:
                before, size = batch.done, sum(len(batch.by_unit[k]) for k in units)
                reporter.on_progress = lambda d, t, b=before, n=size: hook(
                    b + (n * min(d, t) // t if t else 0), batch.total
                )
            pipeline.accept(batch, units, pipeline.run_task(batch.task(units)))
            yield g
    finally:
        if reporter is not None:
            reporter.on_progress = hook


def translate_groups(
    pipeline: Pipeline,
    sources: list[str],
    targets: list[Path],
    *,
    run: Runner = run_here,
    write: Callable[[Path, str], Any] | None = None,
    on_file: Callable[[int, Result], None] | None = None,
    on_group_done: Callable[[int], None] | None = None,
) -> tuple[list[Result | None], dict[int, BaseException]]:
    """Translate ``sources`` in groups of about :data:`GROUP_CHARS` characters with ``run``
    (here, or on Ray actors: the same groups, hence the same bytes) and ``write`` each
    translation to its target (byte order mark kept) as soon as its group is done. Returns the
    result of each source (``None`` where the runner reports it failed) and those failures by
    index; ``on_file(index, result)`` after each write,
    ``on_group_done(sources done)`` after each group."""
    if write is None:
        from jtrans.fileio import write_atomic

        write = write_atomic
    grouped = groups([len(s) for s in sources])
    texts = [[sources[k].removeprefix(_BOM) for k in group] for group in grouped]
    outcome: list[Result | None] = []  # per source, in order (None: failed)
    failures: dict[int, BaseException] = {}
    outcomes = iter(run(pipeline, texts))
    try:
        for group in grouped:
            done, failed = next(outcomes)
            failures.update({group[i]: exc for i, exc in failed.items()})
            for k, result in zip(group, done, strict=True):
                outcome.append(result)
                if result is None:
                    continue
                bom = _BOM if sources[k].startswith(_BOM) else ""
                write(targets[k], bom + result.text)
                if on_file is not None:
                    on_file(k, result)
            if on_group_done is not None:
                on_group_done(len(outcome))
    finally:
        if isinstance(outcomes, Generator):
            outcomes.close()  # a Ray runner (a generator) lets its actors go
    return outcome, failures


def open_memory(path: str | os.PathLike[str] | None = None, *, guarded: bool = False) -> Any:
    """The translation memory at ``path`` (default: :func:`jtrans.tm.default_path`);
    ``guarded``: wrapped so that a failing lookup or write is recorded, not raised (see
    :mod:`jtrans.tm_guard`). ``TMError`` when the file cannot be opened as a memory."""
    from jtrans.tm import TranslationMemory, default_path

    memory = TranslationMemory(path if path is not None else default_path())
    if not guarded:
        return memory
    from jtrans.tm_guard import GuardedMemory

    return GuardedMemory(memory)


def build_pipeline(
    *,
    engine: Any = None,
    model: str | None = None,
    glossary: Any = None,
    no_glossary: bool = False,
    postprocess: bool = True,
    translate_link_labels: bool | None = None,
    translate_link_lists: bool | None = None,
    titles: str | None = None,
    config: config_mod.Config | None = None,
    progress: Any = None,
    start: Path | None = None,
    tm: Any = None,
    retry_fallbacks: bool = False,
) -> Pipeline:
    """A :class:`Pipeline` for the options documented in this module."""
    from jtrans.pipeline import Pipeline

    cfg = config or config_mod.load(start)
    cfg = cfg.with_overrides(
        model=model,
        translate_link_labels=translate_link_labels,
        translate_link_lists=translate_link_lists,
        titles=titles,
        engine=engine if isinstance(engine, str) else None,
    )
    eng = engine if engine is not None and not isinstance(engine, str) else make_engine(cfg)
    japanese = eng.target_lang == "ja"
    gloss = None
    if japanese and not no_glossary:
        gloss = load_glossary(glossary, cfg)
    post = make_postprocessor(cfg, gloss) if japanese and postprocess else None
    if isinstance(tm, (str, os.PathLike)):
        tm = open_memory(tm)
    return Pipeline(
        eng,
        glossary=gloss,
        postprocessor=post,
        config=cfg,
        progress=progress,
        tm=tm or None,
        retry_fallbacks=retry_fallbacks,
    )


def make_engine(cfg: config_mod.Config) -> Any:
    """Build the configured engine (raises ``ValueError`` for an unknown name)."""
    from jtrans import engines

    options = dict(cfg.engine_options)
    if cfg.engine == "ct2":
        options.setdefault("model", cfg.model)
    try:
        return engines.get(cfg.engine, **options)
    except TypeError as exc:  # a typo in [tool.jtrans.engine] reaches the constructor
        where = f" in {cfg.path}" if cfg.path else ""
        raise ValueError(f"bad [tool.jtrans.engine] option{where}: {exc}") from None


def load_glossary(glossary: Any, cfg: config_mod.Config) -> Any:
    """``glossary`` as a loaded glossary: paths, an object, or ``None`` for the configured one."""
    if glossary is not None and not isinstance(glossary, (str, os.PathLike, Sequence)):
        return glossary
    from jtrans import glossary as glossary_mod

    if isinstance(glossary, (str, os.PathLike)):
        extra: list[Path] = [Path(glossary)]
    else:
        extra = [Path(p) for p in glossary or ()]
    # layered: shipped default → [tool.jtrans.glossary] paths → --glossary; later layers win
    return glossary_mod.load([path for path, _ in cfg.glossary_layers(extra)])


def make_postprocessor(cfg: config_mod.Config, glossary: Any = None) -> Any:
    """``postprocess.run`` bound to the configured ``[tool.jtrans.postprocess]`` settings (and
    the glossary's katakana spellings, when a glossary is in use). The rules are imported on
    the first translated unit: a run served from the translation memory never needs them
    (start-up time; the settings are part of the memory context). A configured section is
    checked now, so a bad value is an error before anything is translated."""
    checked = cfg.postprocess_settings() if cfg.postprocess else None
    bound: Any = None

    def run(ja: str, source: str, restore: dict[int, str]) -> tuple[str, list[Any]]:
        nonlocal bound
        from jtrans import postprocess

        if bound is None:
            settings = checked or cfg.postprocess_settings()
            bound = settings if glossary is None else settings.with_glossary(glossary)
        return postprocess.run(ja, source, bound, restore=restore)

    return run
