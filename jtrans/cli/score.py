"""``jtrans score`` and ``jtrans eval``: quality numbers and CI gates.

``score HYP REF [--source SRC]`` scores a translation against a reference (Markdown posts
aligned unit by unit, or line-aligned text files). ``eval SET`` translates an evaluation set
(``EN<TAB>JA`` TSV or a folder of ``x.md`` + ``x.ja.md``) with the configured pipeline and scores
it. Both print a table (or ``--json``) and exit 1 with a one-line reason when a threshold
(``--min-bleu``/``--min-chrf``/``--min-term-accuracy`` or ``[tool.jtrans.quality]``) is missed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import score as scoring
from jtrans.cli import app
from jtrans.cli.common import check_encoding, load_config
from jtrans.cli.errors import (
    GlossaryLoadError,
    InputFileError,
    QualityGateFailed,
    UsageError,
    UserError,
    user_error,
)

MinBleu = Annotated[
    float | None, typer.Option("--min-bleu", help="Fail (exit 1) when corpus BLEU is lower.")
]
MinChrf = Annotated[
    float | None, typer.Option("--min-chrf", help="Fail (exit 1) when corpus chrF is lower.")
]
MinTerm = Annotated[
    float | None,
    typer.Option("--min-term-accuracy", help="Fail (exit 1) when term accuracy (%) is lower."),
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
Worst = Annotated[int, typer.Option("--worst", min=0, help="How many worst segments to list.")]
Glossary = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help="Glossary file/folder for term accuracy (repeatable)."),
]
NoGlossary = Annotated[bool, typer.Option("--no-glossary", help="Skip term accuracy.")]


def _thresholds(cfg: Any, **flags: float | None) -> scoring.Thresholds:
    try:
        base = scoring.Thresholds.from_mapping(dict(cfg.quality))
    except scoring.ScoreError as exc:
        where = f" ({cfg.path})" if cfg.path else ""
        raise UserError(f"{exc}{where}") from None
    return base.merged(**flags)


def _glossary(cfg: Any, paths: list[Path] | None, disabled: bool) -> tuple[Any | None, str]:
    if disabled:
        return None, "term accuracy skipped: --no-glossary"
    for p in paths or []:
        if not p.exists():
            raise GlossaryLoadError(f"{p}: no such glossary file or folder")
    from jtrans.glossary import GlossaryError, load

    layered = [path for path, _ in cfg.glossary_layers(paths or ())]
    try:  # a broken glossary is exit 5 (file:line), not a silently skipped term accuracy
        g = load(layered)
    except GlossaryError as exc:
        raise GlossaryLoadError(str(exc)) from None
    except (OSError, ValueError) as exc:
        return None, f"term accuracy skipped: {exc}"
    return g, f"glossary: {len(g)} terms"


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(report: scoring.ScoreReport, title: str, worst: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False)
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("score", justify="right")
    table.add_column("signature / detail", overflow="fold")
    table.add_row("BLEU", _fmt(report.bleu.score), report.bleu.signature)
    table.add_row("chrF", _fmt(report.chrf.score), report.chrf.signature)
    if report.term_accuracy is not None:
        d = report.term_accuracy.details
        table.add_row(
            "term accuracy",
            _fmt(report.term_accuracy.score),
            f"{d['satisfied']}/{d['total']} term occurrences; "
            f"{sum(f['count'] for f in d['forbidden'])} forbidden renderings",
        )
    else:
        table.add_row("term accuracy", "—", "skipped (see notes)")
    table.add_row("markup integrity", _fmt(report.markup.score), report.markup.signature)
    console.print(table)
    counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in report.counts.items())
    console.print(counts, markup=False, highlight=False)
    for note in report.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    issues = report.to_dict(0)["markup_issues"]
    if issues:
        console.print(f"markup issues ({len(issues)}):", style="bold red")
        for issue in issues[:20]:
            console.print(f"  {issue}", markup=False, highlight=False)
        if len(issues) > 20:
            console.print(f"  … {len(issues) - 20} more (see --json)", highlight=False)
    if worst and report.segments:
        wt = Table(title=f"worst {min(worst, len(report.segments))} segments by chrF")
        wt.add_column("segment")
        wt.add_column("chrF", justify="right")
        wt.add_column("BLEU", justify="right")
        wt.add_column("hyp: translation / ref: reference", overflow="fold")
        for s in report.worst(worst):
            pair = f"hyp: {_short(s.hyp)}\nref: {_short(s.ref)}"
            wt.add_row(s.label, _fmt(s.chrf), _fmt(s.bleu), pair)
        console.print(wt)


def _emit(
    report: scoring.ScoreReport,
    thresholds: scoring.Thresholds,
    as_json: bool,
    title: str,
    worst: int,
    extra: dict[str, Any] | None = None,
) -> None:
    failed = scoring.failures(report, thresholds)
    if as_json:
        data = report.to_dict(worst)
        data["thresholds"] = {k: getattr(thresholds, k) for k in scoring.QUALITY_KEYS}
        data["passed"] = not failed
        data["failures"] = failed
        data.update(extra or {})
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_table(report, title, worst)
    if failed:
        raise QualityGateFailed("; ".join(failed))  # jtrans: quality gate failed: …, exit 1
    if not as_json:
        gates = gate_summary(thresholds)
        if gates:
            print(f"jtrans: quality gate passed ({gates})", file=sys.stderr)


def gate_summary(thresholds: scoring.Thresholds) -> str:
    """The thresholds in force, in words (``BLEU ≥ 24.5, chrF ≥ 37.5``), or ""."""
    labels = {"min_bleu": "BLEU", "min_chrf": "chrF", "min_term_accuracy": "term accuracy"}
    return ", ".join(
        f"{labels[k]} ≥ {getattr(thresholds, k):g}"
        for k in scoring.QUALITY_KEYS
        if getattr(thresholds, k, None) is not None
    )


def _score(aligned: scoring.Aligned, gloss: Any | None, note: str) -> scoring.ScoreReport:
    return scoring.score(
        aligned.hyps,
        aligned.refs,
        aligned.sources,
        glossary=gloss,
        labels=aligned.labels,
        doc_issues=aligned.doc_issues,
        notes=[note] if gloss is None and note else [],
    )


def _setup_errors() -> tuple[type[BaseException], ...]:
    from jtrans.models import ModelError

    return (ValueError, OSError, ModelError)


def _translate_with_progress(data: Any, translator: Any, show: bool) -> list[str]:
    from jtrans import evalset

    if not show:
        return evalset.translate(data, translator)
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(f"translating {data.path.name}", total=len(data))
        return evalset.translate(data, translator, lambda done, _: bar.update(task, completed=done))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.command("score")
def score_cmd(
    hyp: Annotated[
        Path,
        typer.Argument(
            metavar="HYP",
            help="Translation: Markdown post, or text with one segment a line; - for stdin.",
        ),
    ],
    ref: Annotated[
        Path, typer.Argument(metavar="REF", help="Reference translation, same layout as HYP.")
    ],
    source: Annotated[
        Path | None,
        typer.Option("--source", "-s", help="English source (term accuracy, markup base)."),
    ] = None,
    min_bleu: MinBleu = None,
    min_chrf: MinChrf = None,
    min_term_accuracy: MinTerm = None,
    as_json: JsonOut = False,
    worst: Worst = 5,
    glossary: Glossary = None,
    no_glossary: NoGlossary = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Encoding of HYP, REF and SOURCE (default UTF-8).")
    ] = "utf-8",
) -> None:
    """Score HYP against REF: BLEU (UniDic words), chrF, term accuracy, markup integrity."""
    cfg = load_config(hyp)
    thresholds = _thresholds(
        cfg, min_bleu=min_bleu, min_chrf=min_chrf, min_term_accuracy=min_term_accuracy
    )
    check_encoding(encoding)  # an unknown codec is a usage error (2)
    try:
        aligned = scoring.read_pair(hyp, ref, source, encoding)
    except scoring.ScoreError as exc:
        raise InputFileError(str(exc)) from None
    gloss, note = (None, "") if source is None else _glossary(cfg, glossary, no_glossary)
    report = _score(aligned, gloss, note)
    _emit(report, thresholds, as_json, f"{hyp} vs {ref}", worst)


@app.command("eval")
def eval_cmd(
    eval_set: Annotated[
        Path,
        typer.Argument(
            metavar="SET", help="EN<TAB>JA TSV (- for stdin), or a folder of x.md + x.ja.md."
        ),
    ],
    engine: Annotated[
        str | None, typer.Option("--engine", "-e", help="Engine name (default: configured).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model name or dir.")] = None,
    save_hyp: Annotated[
        Path | None,
        typer.Option("--save-hyp", help="Write the translations (TSV: lines; posts: folder)."),
    ] = None,
    min_bleu: MinBleu = None,
    min_chrf: MinChrf = None,
    min_term_accuracy: MinTerm = None,
    as_json: JsonOut = False,
    worst: Worst = 5,
    glossary: Glossary = None,
    no_glossary: NoGlossary = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Encoding of the set's files (default UTF-8).")
    ] = "utf-8",
) -> None:
    """Translate an evaluation set with the configured model and glossary, then score it."""
    from jtrans import evalset

    check_encoding(encoding)  # an unknown codec is a usage error (2)
    cfg = load_config(eval_set)
    thresholds = _thresholds(
        cfg, min_bleu=min_bleu, min_chrf=min_chrf, min_term_accuracy=min_term_accuracy
    )
    try:
        data = evalset.read_set(eval_set, encoding)
    except scoring.ScoreError as exc:
        raise InputFileError(str(exc)) from None
    gloss, note = _glossary(cfg, glossary, no_glossary)
    try:
        translator = evalset.make_translator(
            engine=engine,
            model=model,
            glossary=list(glossary) if glossary else None,
            no_glossary=no_glossary,
            start=eval_set,
        )
    except _setup_errors() as exc:  # unknown engine, missing model, bad config or glossary
        raise user_error(exc) from None
    hyps = _translate_with_progress(data, translator, show=not as_json and sys.stderr.isatty())
    if save_hyp is not None:
        try:
            evalset.save_hypotheses(data, hyps, save_hyp)
        except (scoring.ScoreError, OSError) as exc:
            # --save-hyp onto the set or its references is a usage error; a failed write is not
            kind = InputFileError if str(exc).startswith("cannot write") else UsageError
            raise kind(str(exc)) from None
    try:
        aligned = evalset.align(data, hyps)
    except scoring.ScoreError as exc:
        raise UserError(f"translation changed the post structure: {exc}") from None
    report = _score(aligned, gloss, note)
    extra = {"set": str(eval_set), "items": len(data), "engine": engine or cfg.engine}
    _emit(report, thresholds, as_json, f"eval {eval_set} ({len(data)} items)", worst, extra)
