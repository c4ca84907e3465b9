"""Sanity checks for the example posts and the in-repo evaluation set.

Run from the repository root:  python examples/eval/check_refs.py

* every line of examples/eval/digest-eval.tsv has exactly two non-empty fields;
* inline code, URLs, $math$ and hashtags of the English side appear verbatim in the Japanese;
* the Japanese side uses no full-width ASCII letters/digits;
* each post / reference pair has identical URLs, the same number of lines and the same
  number of `|` on every line, and identical code spans, math and hashtags.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT / "examples" / "eval" / "digest-eval.tsv"
PAIRS = [
    (ROOT / "examples" / "post.md", ROOT / "examples" / "post.ja.md"),
    (
        ROOT / "examples" / "eval" / "posts" / "week1.md",
        ROOT / "examples" / "eval" / "posts" / "week1.ja.md",
    ),
]

CODE = re.compile(r"`[^`]+`")
MATH = re.compile(r"\$[^$\s][^$]*?\$")
URL = re.compile(r"https?://[^\s)\]]*[^\s)\].,;:!?]")
HASHTAG = re.compile(r"(?<![\w&/#])#[A-Za-z][\w-]*")
FULLWIDTH_ASCII = re.compile(r"[Ａ-Ｚａ-ｚ０-９]")


def protected(text: str) -> list[str]:
    return CODE.findall(text) + MATH.findall(text) + URL.findall(text) + HASHTAG.findall(text)


def check_tsv(errors: list[str]) -> int:
    lines = TSV.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    seen = set()
    for n, line in enumerate(lines, 1):
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            errors.append(f"{TSV.name}:{n}: expected 2 non-empty fields, got {len(fields)}")
            continue
        en, ja = fields
        if en in seen:
            errors.append(f"{TSV.name}:{n}: duplicate English segment")
        seen.add(en)
        for span in protected(en):
            if ja.count(span) < en.count(span):
                errors.append(f"{TSV.name}:{n}: {span!r} not kept verbatim in JA")
        if FULLWIDTH_ASCII.search(ja):
            errors.append(f"{TSV.name}:{n}: full-width ASCII letter/digit in JA")
        if en.strip() != en or ja.strip() != ja:
            errors.append(f"{TSV.name}:{n}: leading/trailing whitespace")
    return len(lines)


def check_pair(en_path: Path, ja_path: Path, errors: list[str]) -> None:
    en = en_path.read_text(encoding="utf-8")
    ja = ja_path.read_text(encoding="utf-8")
    name = en_path.relative_to(ROOT)
    if URL.findall(en) != URL.findall(ja):
        errors.append(f"{name}: URL lists differ")
    for pat, what in ((CODE, "code spans"), (MATH, "math"), (HASHTAG, "hashtags")):
        if pat.findall(en) != pat.findall(ja):
            errors.append(f"{name}: {what} differ")
    en_lines, ja_lines = en.split("\n"), ja.split("\n")
    if len(en_lines) != len(ja_lines):
        errors.append(f"{name}: line counts differ ({len(en_lines)} vs {len(ja_lines)})")
    for n, (a, b) in enumerate(zip(en_lines, ja_lines, strict=False), 1):
        if a.count("|") != b.count("|"):
            errors.append(f"{name}:{n}: '|' count differs")
        if a.startswith("| -") and a != b:
            errors.append(f"{name}:{n}: alignment row differs")
        for marker in ("- ", "## ", "| "):
            if a.startswith(marker) != b.startswith(marker):
                errors.append(f"{name}:{n}: line prefix {marker!r} differs")
        if a.count("**") != b.count("**"):
            errors.append(f"{name}:{n}: emphasis markers differ")
        for label in ("[Paper](", "[Tweet]("):
            if a.count(label) != b.count(label):
                errors.append(f"{name}:{n}: {label} label differs")
    if FULLWIDTH_ASCII.search(ja):
        errors.append(f"{ja_path.name}: full-width ASCII letter/digit")


def main() -> int:
    errors: list[str] = []
    n = check_tsv(errors)
    for en_path, ja_path in PAIRS:
        check_pair(en_path, ja_path, errors)
    for e in errors:
        print(e)
    print(f"{n} TSV pairs, {len(PAIRS)} post pairs, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
