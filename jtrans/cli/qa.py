"""``jtrans qa SOURCE TRANSLATION``: the QA report for one translated post (see :mod:`jtrans.qa`).

Prints one line per finding (``line N: error: numbers: …``) and a summary, or ``--json``; exits 1
when there are errors (and with ``--strict`` when there are warnings).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jtrans import api, qa
from jtrans.cli import app
from jtrans.cli.common import EncodingOpt, check_glossaries, load_config, read_input
from jtrans.cli.errors import UserError, user_error

EXAMPLES = """\
Examples:

  jtrans qa post.md post.ja.md

  jtrans qa post.md post.ja.md --json > qa.json

  jtrans translate post.md | jtrans qa post.md -
"""


def load_glossary(cfg: Any, paths: list[Path] | None, disabled: bool) -> Any:
    """The layered glossary (shipped → config → ``--glossary``), or None when disabled."""
    if disabled:
        return None
    check_glossaries(paths)
    try:
        return api.load_glossary(list(paths or []), cfg)
    except ValueError as exc:  # GlossaryError: exit 5
        raise user_error(exc) from None


@app.command("qa", epilog=EXAMPLES)
def qa_cmd(
    source: Annotated[str, typer.Argument(help="The English Markdown post, or - for stdin.")],
    translation: Annotated[str, typer.Argument(help="Its Japanese translation, or - for stdin.")],
    glossary: Annotated[
        list[Path] | None,
        typer.Option("--glossary", "-g", help="Extra glossary file or folder (repeatable)."),
    ] = None,
    no_glossary: Annotated[
        bool, typer.Option("--no-glossary", help="Skip the glossary compliance check.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """QA a translated post: numbers, URLs/links/code, glossary, untranslated text, style.

    Exit code 1 when an error is found (a changed URL, a dropped number, a forbidden glossary
    rendering, an untranslated unit, a broken structure); mixed です・ます/だ・である endings and
    missing glossary renderings are warnings.
    """
    if source == "-" and translation == "-":
        raise UserError("only one of SOURCE and TRANSLATION can be - (stdin)")
    src_text, start = read_input(source, encoding)
    tgt_text, tgt_start = read_input(translation, encoding)
    cfg = load_config(start or tgt_start)
    politeness = cfg.postprocess.get("politeness", "desu_masu")
    report = qa.check(src_text, tgt_text, load_glossary(cfg, glossary, no_glossary), politeness)
    data = report.to_dict() | {"source": source, "translation": translation}
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for issue in report.issues:
            typer.echo(f"{translation}: {issue.format()}")
        verdict = "FAIL" if report.errors else "ok"
        typer.echo(
            f"qa {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s) "
            f"in {report.units} units"
        )
    failed = bool(report.errors) or (strict and bool(report.warnings))
    if failed:
        if as_json:
            print(f"jtrans: qa failed: {len(report.errors)} error(s)", file=sys.stderr)
        raise typer.Exit(1)
