"""Glossary linting: the problems a hand-edited TSV file can have, each with file:line.

Within one layer (a file, or all ``*.tsv`` of a folder) the linter reports: malformed rows
(column count, empty term, unknown policy, a missing Japanese rendering), stray white space,
unnormalised width (full-width ASCII letters/digits, half-width katakana), duplicates,
conflicting renderings of one term, spellings claimed by two entries, a term or rendering
that another entry lists as forbidden, rows out of sorted order, and Markdown or HTML in a
rendering (``**``, a backtick, ``[x](url)``, ``<script>``): renderings are inserted into the
post verbatim, so their markup would become the post's. Overrides between layers
are intended (a team file refining the default) and reported as notes, not problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jtrans.findings import ERROR, Finding
from jtrans.glossary.core import load_layers
from jtrans.glossary.io import Row, glossary_files, read_rows
from jtrans.glossary.model import (
    KEEP,
    KEEP_GLOSS,
    LIST_SEP,
    POLICIES,
    TRANSLATE,
    GlossaryError,
)

_FULLWIDTH_ASCII = re.compile(r"[\uff01-\uff5e]")
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SEPARATORS = re.compile(r"[-\s]+")
# markup a rendering must not carry: emphasis runs, code, links/images, HTML tags, line starts
_MARKDOWN = re.compile(
    r"\*\*|__|~~|`|!?\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\[[^\]]*\]|</?[A-Za-z][^>]*>|<!--"
    r"|^\s*(?:[-+*>#|]|\d+[.)])\s"
)
_ENGLISH_FIELDS = ("term", "variants")


def _problem(path: Path, line: int, message: str) -> Finding:
    """A problem in a glossary file (printed as ``path:line: message``)."""
    return Finding("glossary-lint", message, ERROR, line, path=path)


@dataclass
class LintResult:
    problems: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEP) if item.strip()]


def _whitespace_problems(name: str, value: str) -> list[str]:
    out: list[str] = []
    if value != value.strip(" \t\u3000"):
        out.append(f"stray whitespace at the start or end of {name}")
    if "  " in value or "\u3000" in value.strip():
        out.append(f"double or ideographic space in {name}")
    if name in ("forbidden", "variants") and value.strip():
        parts = value.split(LIST_SEP)
        if any(p != p.strip() for p in parts):
            out.append(f"stray whitespace around '|' in {name}")
        if any(not p.strip() for p in parts):
            out.append(f"empty item in {name} (doubled or trailing '|')")
    if _CONTROL.search(value):
        out.append(f"control character in {name}")
    return out


def _width_problems(name: str, value: str) -> list[str]:
    out: list[str] = []
    english = name in _ENGLISH_FIELDS
    bad = (_FULLWIDTH_ASCII if english else _FULLWIDTH_ALNUM).search(value)
    if bad:
        out.append(f"full-width character {bad.group(0)!r} in {name} (use ASCII)")
    kana = _HALFWIDTH_KANA.search(value)
    if kana:
        out.append(f"half-width katakana {kana.group(0)!r} in {name} (use full-width)")
    return out


def row_problems(row: Row) -> list[str]:
    """Problems visible in one row alone."""
    f = row.fields
    out: list[str] = []
    if any(cell.strip() for cell in row.extra):
        out.append(f"{len(row.extra)} more field(s) than header columns (a tab inside a cell?)")
    for name, value in f.items():
        out += _whitespace_problems(name, value)
        out += _width_problems(name, value)
    term, ja, policy = f["term"].strip(), f["ja"].strip(), f["policy"].strip()
    if not term:
        out.append("empty term")
    if policy not in POLICIES:
        out.append(f"unknown policy {policy!r} (use one of: {', '.join(POLICIES)})")
    elif policy in (TRANSLATE, KEEP_GLOSS) and not ja:
        out.append(f"policy {policy!r} needs a Japanese rendering")
    elif policy == KEEP and ja and ja != term:
        out.append(f"policy 'keep' ignores the rendering {ja!r} (use keep+gloss or translate)")
    markup = _MARKDOWN.search(ja)
    if markup:
        out.append(
            f"Markdown/HTML {markup.group(0).strip()!r} in the rendering {ja!r} "
            "(inserted verbatim into the post)"
        )
    if ja and ja in _items(f["forbidden"]):
        out.append(f"rendering {ja!r} is also listed as forbidden")
    return out


def spelling_keys(spelling: str) -> list[str]:
    """The texts a spelling matches, up to separators: a lower-case spelling also matches its
    Capitalised and UPPER-CASE forms (see ``match``), so those collide too."""
    base = _SEPARATORS.sub(" ", spelling.strip())
    if any(c.isupper() for c in base):
        return [base]
    return list(dict.fromkeys([base, base[:1].upper() + base[1:], base.upper()]))


def layer_problems(rows: Sequence[Row]) -> list[Finding]:
    """Problems between rows of one layer (duplicates, conflicts, forbidden clashes, order)."""
    problems: list[Finding] = []
    by_term: dict[str, Row] = {}
    spelling_owner: dict[str, Row] = {}
    forbidden_owner: dict[str, Row] = {}
    for row in rows:
        for bad in _items(row.fields["forbidden"]):
            forbidden_owner.setdefault(bad, row)

    for row in rows:
        f = row.fields
        term = f["term"].strip()
        if not term:
            continue
        first = by_term.get(term)
        if first is not None:
            same = all(first.fields[k].strip() == f[k].strip() for k in ("ja", "policy"))
            what = "duplicate" if same else "conflicting rendering"
            detail = (
                ""
                if same
                else (
                    f": {f['policy'].strip()} {f['ja'].strip()!r} vs "
                    f"{first.fields['policy'].strip()} {first.fields['ja'].strip()!r}"
                )
            )
            problems.append(
                _problem(
                    row.path, row.line, f"{what} for {term!r}{detail} (first at {first.where()})"
                )
            )
            continue
        by_term[term] = row
        for spelling in [term, *_items(f["variants"])]:
            keys = spelling_keys(spelling)
            owners = [spelling_owner[k] for k in keys if k in spelling_owner]
            other = [o for o in owners if o.fields["term"].strip() != term]
            if other:
                owner = other[0]
                problems.append(
                    _problem(
                        row.path,
                        row.line,
                        f"spelling {spelling!r} also belongs to "
                        f"{owner.fields['term'].strip()!r} ({owner.where()})",
                    )
                )
            else:
                for key in keys:
                    spelling_owner.setdefault(key, row)
        for text in [term, f["ja"].strip(), *_items(f["variants"])]:
            forbidder = forbidden_owner.get(text)
            if text and forbidder is not None and forbidder is not row:
                problems.append(
                    _problem(
                        row.path,
                        row.line,
                        f"{text!r} is a forbidden rendering of "
                        f"{forbidder.fields['term'].strip()!r} ({forbidder.where()})",
                    )
                )

    previous: Row | None = None
    for row in rows:
        if previous is not None and previous.path == row.path:
            a = previous.fields["term"].strip()
            b = row.fields["term"].strip()
            if (b.casefold(), b) < (a.casefold(), a):
                problems.append(
                    _problem(
                        row.path,
                        row.line,
                        f"not sorted: {b!r} belongs before {a!r} "
                        "(`jtrans glossary lint --fix` sorts)",
                    )
                )
        previous = row
    return problems


def lint_layer(path: Path) -> list[Finding]:
    problems: list[Finding] = []
    rows: list[Row] = []
    files = glossary_files(path)
    if not files:
        return [_problem(Path(path), 0, "no *.tsv glossary files in this folder")]
    for file in files:
        try:
            file_rows = read_rows(file)
        except GlossaryError as exc:
            problems.append(_problem(file, exc.line or 1, exc.reason))
            continue
        for row in file_rows:
            problems += [_problem(row.path, row.line, m) for m in row_problems(row)]
        rows += file_rows
    problems += layer_problems(rows)
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def lint(paths: Iterable[Path]) -> LintResult:
    """Lint each layer; notes list the overrides of earlier layers by later ones."""
    paths = [Path(p) for p in paths]
    result = LintResult()
    for path in paths:
        try:
            result.problems += lint_layer(path)
        except GlossaryError as exc:
            result.problems.append(_problem(path, exc.line, exc.reason))
    if len(paths) > 1 and result.ok:
        _, overrides = load_layers(paths)
        result.notes += [o.message() for o in overrides if not o.same_layer and o.conflicting]
    return result


def sort_file(path: Path) -> bool:
    """Rewrite ``path`` sorted (atomically) if it parses; True when it changed."""
    from jtrans.glossary.io import format_tsv, read_entries, read_text, write_entries

    entries = read_entries(path)
    if format_tsv(entries) == read_text(path):
        return False
    write_entries(path, entries)
    return True
