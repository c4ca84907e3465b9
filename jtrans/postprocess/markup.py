"""Markdown syntax the model invented: characters that would change the document's structure.

A sentencepiece model trained on Markdown-rich documentation sometimes emits stray backticks,
pipes, asterisks or brackets. In a table cell a stray ``|`` adds a column; a stray pair of
backticks turns Japanese text into code. Everything the source really had is behind ``⟦n⟧``
placeholders, so an MT output may hold at most as many of these characters as its engine input:
the extra occurrences (from the right, so leading ones the source had are kept) are removed.

Percent-encoded runs (``%E3%82%B%E3%83…``, learned from URLs in web documentation) that the
source does not have are removed the same way: they are never text a reader should see. So are
web addresses the source does not have (``Al Ze](https://www.tensorflow.org/apidocs/python)``
for "Al Zeyoudi", on WMT22 news; a source's own links and URLs are placeholders) with the
``](`` of an invented link and the brackets left empty around them: an address a reader could
follow must come from the English. A closing parenthesis that closes nothing goes when the
source has none (a title ``Code Researcher`` came back as ``コード研究者)``).
"""

from __future__ import annotations

import re

from jtrans.placeholders import strip

MARKUP_CHARS = "`|*_$[]<>~\\"
_HEX = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_RUN = re.compile(r"[A-Za-z0-9]*(?:%+[0-9A-Fa-f]{0,2}[A-Za-z0-9]*){2,}")
# a web address (no brackets in it), the ``](`` of an invented link before it, and the brackets
# around it, which go with it only when they hold nothing else
_URL = re.compile(
    r"(?P<open>[(\[（]\s*)?(?P<url>(?:\]\()?(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+)"
    r"(?P<close>\s*[)\]）])?"
)


def apply(ja: str, source: str) -> tuple[str, list[str]]:
    """``ja`` without markup characters beyond those in ``source``; also the removed ones."""
    plain_source = strip(source)
    removed: list[str] = []

    def invented(m: re.Match[str]) -> str:
        if m.group("url").lstrip("](") in plain_source:
            return m.group(0)
        removed.append(m.group("url"))
        before, after = m.group("open") or "", m.group("close") or ""
        return "" if before and after else before + after  # empty brackets go too

    ja = _URL.sub(invented, ja)
    for ch in MARKUP_CHARS:
        extra = ja.count(ch) - plain_source.count(ch)
        if extra <= 0:
            continue
        ja = "".join(ja.rsplit(ch, extra))  # drop the last `extra` occurrences
        removed.append(ch * extra)
    if not {"(", ")"} & set(plain_source):  # a ")" that closes nothing (コード研究者))
        ja, dropped = _unopened(ja)
        removed.extend(dropped)
    if not _HEX.search(plain_source):
        junk = [m.group(0) for m in _PERCENT_RUN.finditer(ja) if _HEX.search(m.group(0))]
        for run in junk:
            ja = ja.replace(run, "", 1)
        removed.extend(junk)
    return ja, removed


def _unopened(ja: str) -> tuple[str, list[str]]:
    """``ja`` without the closing parentheses that close nothing, and those removed."""
    out: list[str] = []
    removed: list[str] = []
    depth = 0
    for ch in ja:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                removed.append(ch)
                continue
            depth -= 1
        out.append(ch)
    return "".join(out), removed
