"""Evaluation sets: read them, translate them with the pipeline, align them for scoring.

A set is either a TSV file (one ``EN<TAB>JA`` pair per line; blank lines ignored) or a folder of
Markdown posts with references (``x.md`` + ``x.ja.md``). Translation goes through
``jtrans.api.build_pipeline`` (configured model, glossary and post-processing), built once per
run; ``engine="identity"`` gives a cheap round trip for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtrans.fileio import write_atomic
from jtrans.score import Aligned, ScoreError, align_markdown, read_text

REF_SUFFIX = ".ja.md"
BATCH_ITEMS = 64  # items translated per engine call


@dataclass
class EvalSet:
    """Sources and references, one item per TSV line or per post."""

    path: Path
    kind: str  # "tsv" or "posts"
    sources: list[str]
    references: list[str]
    names: list[str]  # "line 3" or "week1.md"

    def __len__(self) -> int:
        return len(self.sources)


def read_tsv(path: Path, encoding: str = "utf-8") -> EvalSet:
    """``EN<TAB>JA`` lines (``-``: stdin); ``ScoreError`` naming the first malformed line."""
    sources, refs, names = [], [], []
    for n, line in enumerate(read_text(path, encoding).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise ScoreError(
                f"{path}:{n}: expected 'English<TAB>Japanese', found {len(fields)} field(s)"
            )
        en, ja = fields
        if not en.strip() or not ja.strip():
            side = "English" if not en.strip() else "Japanese"
            raise ScoreError(f"{path}:{n}: empty {side} side")
        sources.append(en)
        refs.append(ja)
        names.append(f"line {n}")
    if not sources:
        raise ScoreError(f"{path}: no sentence pairs")
    return EvalSet(path, "tsv", sources, refs, names)


def read_posts(folder: Path, encoding: str = "utf-8") -> EvalSet:
    """Every ``x.md`` that has a reference ``x.ja.md`` next to it, sorted by name."""
    refs = sorted(folder.glob(f"*{REF_SUFFIX}"))
    if not refs:
        raise ScoreError(f"{folder}: no post/reference pairs (x.md + x{REF_SUFFIX})")
    sources, references, names = [], [], []
    for ref in refs:
        src = ref.with_name(ref.name[: -len(REF_SUFFIX)] + ".md")
        if not src.is_file():
            raise ScoreError(f"{ref}: no English post {src.name} next to it")
        sources.append(read_text(src, encoding))
        references.append(read_text(ref, encoding))
        names.append(src.name)
    return EvalSet(folder, "posts", sources, references, names)


def read_set(path: Path, encoding: str = "utf-8") -> EvalSet:
    """A TSV set (``-``: stdin) or a folder of posts."""
    if str(path) == "-":
        return read_tsv(path, encoding)
    if not path.exists():
        raise ScoreError(f"{path}: no such file or folder")
    return read_posts(path, encoding) if path.is_dir() else read_tsv(path, encoding)


def make_translator(
    engine: str | None = None,
    model: str | None = None,
    glossary: list[Path] | None = None,
    no_glossary: bool = False,
    start: Path | None = None,
    engine_options: dict[str, Any] | None = None,
) -> Callable[[str], str]:
    """A function translating one Markdown text with the configured (or given) pipeline;
    ``engine_options`` are added to the configured ``[tool.jtrans.engine]`` ones."""
    from jtrans import api

    config = None
    if engine_options:
        import dataclasses

        from jtrans import config as config_mod

        config = config_mod.load(start)
        config = dataclasses.replace(
            config, engine_options={**config.engine_options, **engine_options}
        )
    pipeline = api.build_pipeline(
        engine=engine,
        model=model,
        glossary=glossary or None,
        no_glossary=no_glossary,
        start=start,
        config=config,
    )

    def one(text: str) -> str:
        return pipeline.translate(text).text

    # batched path: many items share one engine call (the engine sorts and batches by tokens)
    one.many = lambda texts: [r.text for r in pipeline.translate_many(list(texts))]  # type: ignore[attr-defined]
    return one


def translate(
    evalset: EvalSet,
    translator: Callable[[str], str],
    progress: Callable[[int, int], Any] | None = None,
) -> list[str]:
    """Hypotheses for every item (a TSV line stays one line)."""
    many = getattr(translator, "many", None)
    step = BATCH_ITEMS if many is not None else 1
    out: list[str] = []
    for i in range(0, len(evalset.sources), step):
        chunk = evalset.sources[i : i + step]
        hyps = many(chunk) if many is not None else [translator(src) for src in chunk]
        for hyp in hyps:
            out.append(" ".join(hyp.splitlines()) if evalset.kind == "tsv" else hyp)
        if progress is not None:
            progress(len(out), len(evalset))
    return out


def align(evalset: EvalSet, hyps: list[str]) -> Aligned:
    """Segments of the set and its hypotheses, aligned (posts: unit by unit)."""
    if len(hyps) != len(evalset):
        raise ScoreError(f"{len(hyps)} hypotheses for {len(evalset)} items")
    if evalset.kind == "tsv":
        return Aligned(list(hyps), list(evalset.references), list(evalset.sources), evalset.names)
    total = Aligned([], [], [], [], [])
    for name, src, ref, hyp in zip(
        evalset.names, evalset.sources, evalset.references, hyps, strict=True
    ):
        part = align_markdown(hyp, ref, src, (f"{name} (translation)", f"{name} reference", name))
        part.labels = [f"{name}: {label.split(' ', 2)[-1]}" for label in part.labels]
        total.extend(part)
    return total


def save_hypotheses(evalset: EvalSet, hyps: list[str], path: Path) -> None:
    """TSV sets: one hypothesis per line in ``path``; post sets: ``path/x.ja.md`` files.
    Written atomically; never over the set itself or its references."""
    if evalset.kind == "tsv":
        if path.exists() and path.resolve() == evalset.path.resolve():
            raise ScoreError(f"--save-hyp {path} is the evaluation set itself")
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, "".join(h + "\n" for h in hyps))
        return
    if path.exists() and not path.is_dir():
        raise ScoreError(f"{path}: post sets save one file per post; give a folder")
    if path.exists() and path.resolve() == evalset.path.resolve():
        raise ScoreError(f"--save-hyp {path} is the evaluation folder (its references)")
    path.mkdir(parents=True, exist_ok=True)
    for name, hyp in zip(evalset.names, hyps, strict=True):
        _write(path / (name[: -len(".md")] + REF_SUFFIX), hyp)


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise ScoreError(f"cannot write {path}: {exc.strerror or exc}") from None
