"""``jtrans glossary``: list, search, edit, lint, import/export and check the ML glossary.

Layers: the shipped default glossary, then ``[tool.jtrans.glossary] paths`` from the
configuration, then each ``--glossary``; later layers win. Edits (add/remove/import) go to
one file, are validated first and written atomically, sorted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from jtrans.cli.errors import GlossaryLoadError, InputFileError, UsageError, UserError
from jtrans.glossary import POLICIES, Entry, Glossary, GlossaryError, load
from jtrans.glossary.io import format_tsv, glossary_files, read_text
from jtrans.glossary.model import split_list

glossary_app = typer.Typer(
    help="The ML terminology glossary: list, find, add, remove, lint, import, export, check.",
    no_args_is_help=True,
)

GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help="Extra glossary file or folder (repeatable; last wins)."),
]
NoDefaultOpt = Annotated[
    bool, typer.Option("--no-default", help="Leave out the shipped default glossary.")
]
EncodingOpt = Annotated[
    str, typer.Option("--encoding", help="Encoding of the Markdown inputs (default UTF-8).")
]
FORMATS = ("tbx", "csv", "tsv")


@contextmanager
def _user_errors(kind: type[UserError] = GlossaryLoadError) -> Iterator[None]:
    """Glossary errors as one-line user errors: a broken glossary file is exit 5; an edit
    that is refused (``kind=UsageError``) is exit 2."""
    try:
        yield
    except GlossaryError as exc:
        raise kind(str(exc)) from None


_STDIN_NAME: dict[str, str] = {}  # a temp file holding stdin → the name messages give it


def _unstdin(message: str) -> str:
    for temp, name in _STDIN_NAME.items():
        message = message.replace(temp, name)
    return message


def _show(path: Path | None) -> str:
    if path is None:
        return "<memory>"
    if str(path) in _STDIN_NAME:
        return _STDIN_NAME[str(path)]
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _paths(extra: list[Path] | None, no_default: bool) -> list[Path]:
    from jtrans import config as config_mod

    try:
        cfg = config_mod.load(Path.cwd())
    except ValueError as exc:
        raise UserError(str(exc)) from None
    paths = [path for path, _ in cfg.glossary_layers(extra or [], use_default=not no_default)]
    if not paths:
        raise GlossaryLoadError(
            "no glossary: the default glossary was not found and none was given"
        )
    return paths


def _load(extra: list[Path] | None, no_default: bool) -> Glossary:
    with _user_errors():
        glossary = load(_paths(extra, no_default))
    for override in glossary.overrides:
        if not override.same_layer and override.conflicting:
            typer.echo(f"note: {override.message()}", err=True)
    return glossary


def _row(entry: Entry) -> str:
    return "\t".join([entry.term, entry.ja, entry.policy])


@glossary_app.command("list")
def list_cmd(
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
    policy: Annotated[str | None, typer.Option(help="Only this policy.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines with every field.")] = False,
) -> None:
    """Print the effective glossary (term, Japanese, policy), layers resolved."""
    if policy is not None and policy not in POLICIES:
        raise UserError(f"unknown policy {policy!r} (use one of: {', '.join(POLICIES)})")
    g = _load(glossary, no_default)
    entries = sorted(
        (e for e in g if policy is None or e.policy == policy),
        key=lambda e: (e.term.casefold(), e.term),
    )
    for entry in entries:
        typer.echo(_json(entry) if as_json else _row(entry))
    typer.echo(f"{len(entries)} entries", err=True)


def _json(entry: Entry) -> str:
    fields = {
        "term": entry.term,
        "ja": entry.ja,
        "policy": entry.policy,
        "forbidden": list(entry.forbidden),
        "variants": list(entry.variants),
        "pos": entry.pos,
        "note": entry.note,
        "source": entry.source,
        "where": f"{_show(entry.path)}:{entry.line}",
    }
    return json.dumps(fields, ensure_ascii=False)


@glossary_app.command("find")
def find_cmd(
    query: Annotated[str, typer.Argument(help="Text to look for (case-insensitive).")],
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
    text: Annotated[
        bool, typer.Option("--text", help="Treat QUERY as English text: show the terms it holds.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON lines with every field (as glossary list).")
    ] = False,
) -> None:
    """Search terms, renderings, variants, forbidden renderings and notes; exit 1 if none."""
    g = _load(glossary, no_default)
    if text:
        found = [(m.surface, m.entry) for m in g.find(query)]
        for surface, entry in found:
            if as_json:
                row = {"surface": surface} | json.loads(_json(entry))
                typer.echo(json.dumps(row, ensure_ascii=False))
            else:
                typer.echo(f"{surface}\t{_row(entry)}\t{_show(entry.path)}:{entry.line}")
    else:
        q = query.casefold()
        found = [
            (entry.term, entry)
            for entry in g
            if any(
                q in s.casefold()
                for s in (entry.term, entry.ja, entry.note, *entry.variants, *entry.forbidden)
            )
        ]
        for _, entry in sorted(found, key=lambda f: f[1].term.casefold()):
            typer.echo(
                _json(entry) if as_json else f"{_row(entry)}\t{_show(entry.path)}:{entry.line}"
            )
    if not found:
        typer.echo(f"no glossary entry matches {query!r}", err=True)
        raise typer.Exit(1)


def _target(file: Path | None, pos: str = "") -> tuple[Path, str]:
    """The file an edit goes to and why: ``--file``; else the project's glossary (the last
    ``[tool.jtrans.glossary] paths`` entry of the config found from the current folder, or the
    repository's own ``glossary/`` in a source checkout); else the user's glossary folder
    (``~/.config/jtrans/glossary``). Never the copy installed with the package."""
    if file is not None:
        return file, ""
    from jtrans import config as config_mod
    from jtrans import locations

    name = {"name": "names.tsv", "acronym": "acronyms.tsv"}.get(pos, "terms.tsv")
    try:
        cfg = config_mod.load(None)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    configured = list(cfg.glossary.get("paths", []) or []) if cfg.path else []
    if cfg.path is not None and configured:
        last = cfg.path.parent / configured[-1]
        where = f"the project glossary ([tool.jtrans.glossary] paths in {_show(cfg.path)})"
        return (last if last.suffix == ".tsv" else last / name), where
    shipped = locations.shipped_glossary()
    if cfg.path is not None and shipped is not None and shipped.parent == cfg.path.parent:
        return shipped / name, "the repository's glossary"
    where = "your user glossary, used for every post (a project sets [tool.jtrans.glossary] paths)"
    return locations.user_glossary() / name, where


def _layer_folders() -> set[Path]:
    """Folders whose TSV files are loaded together (edits there are checked across files)."""
    try:
        paths = _paths(None, False)
    except UserError:
        return set()
    return {(p if p.is_dir() else p.parent).resolve() for p in paths if p.exists()}


@glossary_app.command("add")
def add_cmd(
    term: Annotated[str, typer.Argument(help="English term.")],
    ja: Annotated[str, typer.Argument(help="Japanese rendering (empty for keep).")] = "",
    policy: Annotated[str, typer.Option(help="translate, keep or keep+gloss.")] = "translate",
    forbidden: Annotated[str, typer.Option(help="Forbidden renderings, '|'-separated.")] = "",
    variants: Annotated[str, typer.Option(help="Other English spellings, '|'-separated.")] = "",
    pos: Annotated[str, typer.Option(help="noun, adj, verb, acronym, name, check-only…")] = "",
    note: Annotated[str, typer.Option(help="Why this rendering (contested choices).")] = "",
    source: Annotated[str, typer.Option(help="Where the term was seen.")] = "",
    file: Annotated[
        Path | None,
        typer.Option(
            help="Glossary file to edit (default: the project's glossary, else the user's)."
        ),
    ] = None,
    replace: Annotated[bool, typer.Option(help="Overwrite an existing entry.")] = False,
) -> None:
    """Add an entry; the file stays sorted and lint-clean (refused otherwise)."""
    from jtrans.glossary import edit

    if policy not in POLICIES:
        raise UserError(f"unknown policy {policy!r} (use one of: {', '.join(POLICIES)})")
    entry = Entry(
        term=term.strip(),
        ja=ja.strip(),
        policy=policy,
        forbidden=tuple(s.strip() for s in split_list(forbidden)),
        variants=tuple(s.strip() for s in split_list(variants)),
        pos=pos.strip(),
        note=note.strip(),
        source=source.strip(),
    )
    if not entry.term:
        raise UserError("empty term")
    path, why = _target(file, entry.pos)
    with _user_errors(UsageError):
        if file is None and path.parent.is_dir():
            _refuse_if_defined_elsewhere(path, entry.term, replace)
        path.parent.mkdir(parents=True, exist_ok=True)
        outcome = edit.add(path, entry, replace=replace)
    typer.echo(f"{outcome} {entry.term!r} in {_show(path)}" + (f" ({why})" if why else ""))


def _refuse_if_defined_elsewhere(path: Path, term: str, replace: bool) -> None:
    from jtrans.glossary.io import read_entries

    for other in glossary_files(path.parent):
        if other.resolve() == path.resolve():
            continue
        for entry in read_entries(other):
            if entry.term == term:
                raise GlossaryError(
                    f"{term!r} is defined in {_show(other)} (edit it there with --file)",
                    other,
                    entry.line,
                )


@glossary_app.command("remove")
def remove_cmd(
    term: Annotated[str, typer.Argument(help="English term, exactly as in the file.")],
    file: Annotated[Path | None, typer.Option(help="Glossary file to edit.")] = None,
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
) -> None:
    """Remove an entry (from --file, else from the layer file that defines it)."""
    from jtrans.glossary import edit

    if file is None:
        entry = _load(glossary, no_default).get(term)
        if entry is None or entry.path is None:
            raise UserError(f"{term!r} is not in the glossary")
        file = entry.path
    with _user_errors(UsageError):
        removed = edit.remove(file, term)
    typer.echo(f"removed {removed.term!r} ({removed.policy} {removed.ja!r}) from {_show(file)}")


@glossary_app.command("lint")
def lint_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders (default: the layers in use); - for stdin (TSV)."),
    ] = None,
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
    fix: Annotated[bool, typer.Option(help="Sort files that are only out of order.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check glossary files; print each problem as file:line: message; exit 1 on any."""
    if paths and any(str(p) == "-" for p in paths):
        import tempfile

        if fix:
            raise UsageError("--fix sorts files in place; it cannot fix stdin (-)")
        with tempfile.TemporaryDirectory() as tmp:
            stdin = Path(tmp) / "stdin.tsv"
            stdin.write_bytes(_stdin_bytes())
            _STDIN_NAME[str(stdin)] = "stdin"
            try:
                lint_cmd([stdin if str(p) == "-" else p for p in paths], glossary, no_default,
                         False, as_json)  # fmt: skip
            finally:
                _STDIN_NAME.clear()
        return
    from jtrans.glossary.lint import lint, sort_file

    layers = list(paths) if paths else _paths(glossary, no_default)
    for layer in layers:
        if not Path(layer).exists():
            raise GlossaryLoadError(f"{layer}: no such glossary file or folder")
    if fix:
        for layer in layers:
            for file in glossary_files(layer):
                try:
                    if sort_file(file):
                        typer.echo(f"sorted {_show(file)}", err=True)
                except GlossaryError:
                    pass  # reported by lint below
    result = lint(layers)
    files = sum(len(glossary_files(p)) for p in layers)
    if as_json:
        problems = [
            {"path": _show(p.path), "line": p.line, "message": _unstdin(p.message)}
            for p in result.problems
        ]
        data = {"ok": not problems, "files": files, "problems": problems}
        typer.echo(json.dumps(data | {"notes": list(result.notes)}, ensure_ascii=False, indent=2))
        if problems:
            raise typer.Exit(1)
        return
    for problem in result.problems:
        typer.echo(f"{_show(problem.path)}:{problem.line}: {_unstdin(problem.message)}")
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if result.problems:
        typer.echo(f"{len(result.problems)} problem(s) in {files} file(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {files} file(s) clean", err=True)


def _format(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} for {path} (use --format {'/'.join(FORMATS)})")
    return fmt


@glossary_app.command("export")
def export_cmd(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="tbx, csv or tsv (default: by suffix).")
    ] = None,
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
) -> None:
    """Export the effective glossary as TBX or CSV (for CAT tools) or one TSV."""
    from jtrans.glossary.csvio import export_csv
    from jtrans.glossary.io import atomic_write
    from jtrans.glossary.tbx import export_tbx

    if output is not None and str(output) == "-":  # -o - : stdout
        output = None
    kind = _format(output, fmt) if output is not None else (fmt or "tbx").lower()
    if kind not in FORMATS:
        raise UserError(f"unknown format {kind!r} (use {'/'.join(FORMATS)})")
    entries = sorted(_load(glossary, no_default), key=lambda e: (e.term.casefold(), e.term))
    if kind == "tbx":
        text = export_tbx(entries).decode("utf-8")
    elif kind == "csv":
        text = export_csv(entries)
    else:
        text = format_tsv(entries)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {len(entries)} entries to {_show(output)}", err=True)


@glossary_app.command("import")
def import_cmd(
    file: Annotated[
        Path, typer.Argument(help="TBX, CSV or TSV file to import; - for stdin (with --format).")
    ],
    into: Annotated[
        Path | None, typer.Option(help="Glossary file to update (default: as for add).")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="tbx, csv or tsv.")] = None,
    replace: Annotated[
        bool, typer.Option(help="Replace the file's entries instead of merging.")
    ] = False,
) -> None:
    """Merge (or with --replace: replace) entries from a TBX/CSV/TSV file into a glossary file."""
    from jtrans.glossary import edit
    from jtrans.glossary.csvio import import_csv
    from jtrans.glossary.io import read_entries
    from jtrans.glossary.tbx import import_tbx

    stdin = str(file) == "-"
    if stdin and fmt is None:
        raise UsageError("reading a glossary from stdin (-) needs --format tbx, csv or tsv")
    kind = _format(file, fmt)
    target, why = _target(into)
    name = Path("stdin") if stdin else file
    # other TSV files next to the target only matter when they are loaded with it (a layer)
    siblings = target.resolve().parent in _layer_folders()
    with _user_errors():
        data = _stdin_bytes() if stdin else None
        if kind == "tbx":
            entries = import_tbx(data if data is not None else _read_bytes(file), str(name))
        elif kind == "csv":
            entries = import_csv(_decode(data, name) if stdin else read_text(file), str(name))
        else:
            entries = read_entries(name, _decode(data, name) if stdin else None)
        if not entries:
            raise GlossaryError("no entries to import", file)
        target.parent.mkdir(parents=True, exist_ok=True)
        imported = [e.with_origin(None, 0) for e in entries]
        result = edit.merge(target, imported, replace, siblings=siblings)
    typer.echo(
        f"{_show(target)}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged"
        + (f", {result.removed} removed" if replace else "")
        + (f" ({why})" if why else "")
    )


@glossary_app.command("check")
def check_cmd(
    source: Annotated[Path, typer.Argument(help="English source (Markdown), or - for stdin.")],
    translation: Annotated[
        Path, typer.Argument(help="Japanese translation (Markdown), or - for stdin.")
    ],
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    min_accuracy: Annotated[
        float | None,
        typer.Option(
            help="Exit 1 when term accuracy (%, 0–100, as min_term_accuracy) is lower.",
            min=0.0,
            max=100.0,
        ),
    ] = None,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Per-term report and term accuracy of TRANSLATION against SOURCE; forbidden renderings."""
    if str(source) == "-" and str(translation) == "-":
        raise UsageError("only one of SOURCE and TRANSLATION can be - (stdin)")
    src_text = _read_post(source, encoding)
    tgt_text = _read_post(translation, encoding)
    g = _load(glossary, no_default)
    with _user_errors(InputFileError):
        report = g.check(src_text, tgt_text)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for t in report.terms:
            mark = "ok     " if t.ok else "MISSING"
            typer.echo(
                f"{mark} {t.term} [{t.policy}] → {t.required}: "
                f"{t.found_count} in translation / {t.source_count} in source"
            )
        for f in report.forbidden:
            typer.echo(f"FORBIDDEN {f.forbidden} (for {f.term}): {f.count}×  [{f.where}]")
        typer.echo(
            f"term accuracy: {100 * report.accuracy:.2f}% ({report.satisfied}/{report.total} "
            f"occurrences, {len(report.terms)} terms, {len(report.forbidden)} forbidden)"
        )
    if min_accuracy is not None and 100 * report.accuracy < min_accuracy:
        from jtrans.cli.errors import QualityGateFailed

        raise QualityGateFailed(f"term accuracy {100 * report.accuracy:.2f} < {min_accuracy:g}")


def _stdin_bytes() -> bytes:
    from jtrans.reader import InputError, read_stdin

    try:
        return read_stdin()  # bounded: an endless pipe is an error, not a memory hog
    except InputError as exc:
        raise InputFileError(str(exc)) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read ({exc.strerror or exc})", path) from None


def _decode(data: bytes | None, name: Path) -> str:
    from jtrans.glossary.io import decode_text

    return decode_text(data or b"", name)


def _read_post(path: Path, encoding: str) -> str:
    """A Markdown input (``-``: stdin) read like translate reads it: a missing file, a folder,
    binary data or undecodable bytes are input errors (exit 3); a BOM is dropped."""
    from jtrans.cli.common import read_input
    from jtrans.reader import strip_bom

    return strip_bom(read_input(str(path), encoding)[0])


@glossary_app.command("mine")
def mine_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="English Markdown files to mine (- for stdin).")
    ],
    top: Annotated[int, typer.Option(help="How many candidates to print.")] = 100,
    min_count: Annotated[int, typer.Option(help="Least occurrences to list.")] = 3,
    uncovered: Annotated[
        bool, typer.Option(help="Only candidates no glossary entry covers.")
    ] = False,
    glossary: GlossaryOpt = None,
    no_default: NoDefaultOpt = False,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Count candidate terms (names, acronyms, technical n-grams) to curate by hand."""
    from jtrans.glossary.mine import candidates
    from jtrans.glossary.mine import uncovered as not_covered

    with _user_errors():
        counts = candidates(_read_post(f, encoding) for f in files)  # bad input: exit 3
        if uncovered:
            counts = not_covered(counts, _load(glossary, no_default))
    for term, n in counts.most_common():
        if n < min_count or top <= 0:
            break
        typer.echo(f"{n}\t{term}")
        top -= 1
