"""Inline protection: replace what must never be translated by ``⟦n⟧`` placeholders.

:func:`protect_unit` scans the source text of one translatable unit (a heading, paragraph, table
cell…) left to right, CommonMark-style (backslash escapes, code spans, autolinks and HTML tags
first, then links, math, URLs, hashtags, arXiv ids and emphasis markers), and returns the text
with placeholders plus the spans they stand for (:attr:`Protected.originals`: placeholder →
source text; :meth:`Protected.kind_by_index`). :meth:`Protected.unprotect` puts every source
text back, giving the input byte for byte.

Link labels and emphasised text stay translatable: only the markup around them (``[``,
``](url)``, ``**``) becomes placeholders. With ``translate_link_labels=False`` a whole link is one
placeholder.

Given the post's link reference definitions (``references``: labels as markdown-it
normalises them), a reference link whose label keys a definition, shortcut ``[label]`` or
collapsed ``[label][]``, is one placeholder: translating its label would break the match with
the definition. A run of ``#`` that is no hashtag (``#######``) is kept as written too, and so
are relation signs (``RLHF ≈ MLE``, ``long ≠ better``: the model dropped them) and a model's
special tokens (``⟨bos⟩``: the model wrote 上司), and a format's tags named without their
closing bracket (``<think, <answer``: the model wrote ``<swink``).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

from markdown_it.common.utils import normalizeReference

from jtrans.placeholders import CLOSE, OPEN, expand, make

# Kinds that are pure markup around translatable text: the pipeline may move them out of a
# sentence when they sit at its edges (``⟦0⟧Title⟦1⟧`` is sent to the engine as ``Title``).
MARKUP_KINDS = frozenset({"emphasis", "link-open", "link-close"})
# Kinds that act as line breaks inside a unit (``<br>``): sentences never span them.
BREAK_KINDS = frozenset({"break"})

# what a construct asks the scanner to do: ("emit", kind, text) or ("scan", start, end)
_Op = tuple[str, str | int, str | int]

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>")
_EMAIL_RE = re.compile(
    r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*>"
)
_ATTR = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML_RE = re.compile(
    r"<[A-Za-z][A-Za-z0-9\-]*" + _ATTR + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<!--(?:>|->|[\s\S]*?-->)"
    r"|<\?[\s\S]*?\?>"
    r"|<![A-Za-z][^>]*>"
    r"|<!\[CDATA\[[\s\S]*?\]\]>"
)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\u27e6\u27e7]+", re.IGNORECASE)
_ARXIV_RE = re.compile(r"(?<![\w.])\d{4}\.\d{4,5}(?:v\d+)?(?![\w.]*\w)")
_ARXIV_PREFIXED_RE = re.compile(r"arXiv:\s?\d{4}\.\d{4,5}(?:v\d+)?", re.IGNORECASE)
_TEX_RE = re.compile(r"\\[A-Za-z]+")  # a TeX command: \times, \alpha
_HASHTAG_RE = re.compile(r"#\w[\w\-]*")
_HASH_RUN_RE = re.compile(r"#{2,}(?![#\w])")
_HARD_BREAK_RE = re.compile(r" {2,}\n")
# the characters at which _Scanner._construct can find something: every other ASCII character
# starts nothing, so the scan jumps over runs of them (non-ASCII is always looked at, since
# str.isdigit knows digits beyond 0-9)
_MAYBE_CONSTRUCT_RE = re.compile(r"[\\ `<!\[$&*_~#hHfFwWaA0-9]|[^\x00-\x7f]")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]")
# relation signs the model drops ("RLHF ≈ MLE" came back as RLHF MLE, "Sufficient context ≠
# guaranteed correctness" as 不十分です) and a model's special tokens (the model wrote 上司 for
# ⟨bos⟩): kept as written
_RELATIONS = "≈≠≃≅∝"
_SPECIAL_TOKEN_RE = re.compile(r"⟨/?[A-Za-z_|]{1,16}⟩")
# a tag named without its closing bracket, in a list of a format's tags: "(<think, <answer,
# <search, <result)" (a real week: the model wrote <swink and < research)
_OPEN_TAG_RE = re.compile(r"</?[a-z][a-z_]{2,15}(?=[,;)]|\s+(?:and|or)\s+</?[a-z]|\s+tags?\b)")


@dataclass(frozen=True)
class Span:
    """One protected span: placeholder ``index`` stands for ``text`` (the exact source bytes)."""

    index: int
    kind: str
    text: str


@dataclass
class Protected:
    """A unit's text with placeholders, and what each placeholder restores to."""

    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def originals(self) -> dict[int, str]:
        """Placeholder index → the source text it stands for (the restore map)."""
        return {s.index: s.text for s in self.spans}

    def kind_by_index(self) -> dict[int, str]:
        """Placeholder index → the kind of span it stands for (``link-open``, ``code``…)."""
        return {s.index: s.kind for s in self.spans}

    def unprotect(self, text: str | None = None) -> str:
        """``text`` (default: the protected text) with every known placeholder replaced by its
        source text; unknown placeholders are kept (``unprotect()`` is the input again)."""
        return expand(self.text if text is None else text, self.originals)


def protect_unit(
    text: str,
    translate_link_labels: bool = True,
    start: int = 0,
    references: Container[str] = (),
) -> Protected:
    """Protect the inline markup and untranslatable tokens of ``text`` (one unit's source);
    ``references``: the normalised labels of the post's link reference definitions."""
    scanner = _Scanner(text, translate_link_labels, start, references)
    scanner.scan(0, len(text))
    return Protected("".join(scanner.out), scanner.spans)


class _Scanner:
    def __init__(
        self, src: str, translate_link_labels: bool, start: int, references: Container[str] = ()
    ) -> None:
        self.src = src
        self.labels = translate_link_labels
        self.references = references
        self.next = start
        self.out: list[str] = []
        self.spans: list[Span] = []

    def emit(self, kind: str, text: str) -> None:
        self.spans.append(Span(self.next, kind, text))
        self.out.append(make(self.next))
        self.next += 1

    def scan(self, pos: int, end: int) -> None:
        """Protect ``src[pos:end]``, appending to ``out``."""
        plain_start = pos
        while pos < end:
            found = self._construct(pos, end)
            if found is None:
                nxt = _MAYBE_CONSTRUCT_RE.search(self.src, pos + 1, end)
                pos = nxt.start() if nxt else end
                continue
            resume, ops = found
            if pos > plain_start:
                self.out.append(self.src[plain_start:pos])
            for op in ops:
                if op[0] == "scan":
                    self.scan(int(op[1]), int(op[2]))
                else:
                    self.emit(str(op[1]), str(op[2]))
            pos = plain_start = resume
        if end > plain_start:
            self.out.append(self.src[plain_start:end])

    # -- constructs ---------------------------------------------------------------------------

    def _construct(self, pos: int, end: int) -> tuple[int, list[_Op]] | None:
        """The construct at ``pos``: where scanning resumes and what to emit, or None."""
        src = self.src
        ch = src[pos]
        prev = src[pos - 1] if pos > 0 else " "
        if ch in (OPEN, CLOSE):  # literal brackets of our placeholder format
            return pos + 1, [("emit", "literal", ch)]
        if ch == "\\":
            if src.startswith("\\\n", pos) and pos + 1 < end:  # hard line break
                return pos + 2, [("emit", "break", "\\\n")]
            if pos + 1 < end and src[pos + 1] in _ESCAPABLE:
                return pos + 2, [("emit", "escape", src[pos : pos + 2])]
            return None
        if ch == " " and prev != " ":
            m = _HARD_BREAK_RE.match(src, pos, end)
            if m:  # two or more spaces before a newline: a hard line break
                return m.end(), [("emit", "break", m.group(0))]
        if ch == "`":
            return self._code(pos, end)
        if ch == "<":
            for rx, kind in ((_AUTOLINK_RE, "url"), (_EMAIL_RE, "url"), (_HTML_RE, "html")):
                m = rx.match(src, pos, end)
                if m:
                    if kind == "html" and _BR_RE.fullmatch(m.group(0)):
                        kind = "break"
                    return m.end(), [("emit", kind, m.group(0))]
            m = None if prev.isalnum() else _OPEN_TAG_RE.match(src, pos, end)
            return (m.end(), [("emit", "literal", m.group(0))]) if m else None
        if ch == "!" and src.startswith("![", pos):
            link = self._link(pos + 1, end) or self._reference(pos + 1, end)
            if link is None:
                return None
            return link[2], [("emit", "image", src[pos : link[2]])]
        if ch == "[":
            m = _FOOTNOTE_RE.match(src, pos, end)
            if m:
                return m.end(), [("emit", "footnote", m.group(0))]
            ref = self._reference(pos, end)
            if ref is not None:  # its label keys a definition: kept as written
                return ref[2], [("emit", "link", src[pos : ref[2]])]
            link = self._link(pos, end)
            if link is None:
                return None
            label_start, label_end, link_end = link
            if not self.labels or label_end == label_start:
                return link_end, [("emit", "link", src[pos:link_end])]
            return link_end, [
                ("emit", "link-open", "["),
                ("scan", label_start, label_end),
                ("emit", "link-close", src[label_end:link_end]),
            ]
        if ch == "$":
            return self._math(pos, end)
        if ch == "&":
            m = _ENTITY_RE.match(src, pos, end)
            return (m.end(), [("emit", "entity", m.group(0))]) if m else None
        if ch in "*_~":
            return self._emphasis(pos, end)
        if ch in _RELATIONS:
            return pos + 1, [("emit", "literal", ch)]
        if ch == "\u27e8":
            m = _SPECIAL_TOKEN_RE.match(src, pos, end)
            return (m.end(), [("emit", "literal", m.group(0))]) if m else None
        if prev.isalnum():
            return None
        if ch in "hHfFwW":
            m = _URL_RE.match(src, pos, end)
            if m:
                b = _trim_url(src, pos, m.end())
                if b > pos + 4:
                    return b, [("emit", "url", src[pos:b])]
            return None
        if ch == "#":
            if prev in "_&#/":
                return None
            m = _HASHTAG_RE.match(src, pos, end) or _HASH_RUN_RE.match(src, pos, end)
            if m is None:
                return None
            kind = "literal" if m.group(0).endswith("#") else "hashtag"
            return m.end(), [("emit", kind, m.group(0))]
        if ch.isdigit() or ch in "aA":
            if prev == ".":
                return None
            m = _ARXIV_PREFIXED_RE.match(src, pos, end) or _ARXIV_RE.match(src, pos, end)
            return (m.end(), [("emit", "arxiv", m.group(0))]) if m else None
        return None

    def _code(self, pos: int, end: int) -> tuple[int, list[_Op]]:
        src = self.src
        run_end = pos
        while run_end < end and src[run_end] == "`":
            run_end += 1
        n = run_end - pos
        i = run_end
        while True:
            j = src.find("`" * n, i, end)
            if j < 0:  # no closing run: the backticks are literal text
                return run_end, [("emit", "literal", src[pos:run_end])]
            k = j + n
            if (k < end and src[k] == "`") or src[j - 1] == "`":
                # part of a longer run: not a closer; skip the whole run
                while k < end and src[k] == "`":
                    k += 1
                i = k
                continue
            return k, [("emit", "code", src[pos:k])]

    def _math(self, pos: int, end: int) -> tuple[int, list[_Op]] | None:
        src = self.src
        if src.startswith("$$", pos):
            j = src.find("$$", pos + 2, end)
            if j > pos + 2:
                return j + 2, [("emit", "math", src[pos : j + 2])]
            return None
        # $…$: non-space right after the opener, non-space before the closer, no digit after it
        if pos + 1 >= end or src[pos + 1].isspace() or src[pos + 1] == "$":
            return None
        # "$5", "$1.5M" open money, not math, unless TeX follows: "$3 \times 10^{-4}$" is math
        money = src[pos + 1].isdigit()
        i = pos + 1
        while i < end:
            c = src[i]
            if c == "\\":
                i += 2
                continue
            if c == "\n":  # inline $…$ stays on one line
                return None
            if c == "$":
                if src[i - 1].isspace() or (i + 1 < end and src[i + 1].isdigit()):
                    return None
                if money and (not _TEX_RE.search(src, pos + 1, i) or "[" in src[pos:i]):
                    return None
                return i + 1, [("emit", "math", src[pos : i + 1])]
            i += 1
        return None

    def _emphasis(self, pos: int, end: int) -> tuple[int, list[_Op]] | None:
        src = self.src
        ch = src[pos]
        run_end = pos
        while run_end < end and src[run_end] == ch:
            run_end += 1
        if ch == "~" and run_end - pos < 2:
            return None
        before = src[pos - 1] if pos > 0 else " "
        after = src[run_end] if run_end < len(src) else " "
        if before.isspace() and after.isspace():
            return None  # "5 * 3": not a delimiter
        if ch == "_" and before.isalnum() and after.isalnum():
            return None  # snake_case
        return run_end, [("emit", "emphasis", src[pos:run_end])]

    def _reference(self, pos: int, end: int) -> tuple[int, int, int] | None:
        """A shortcut ``[label]`` or collapsed ``[label][]`` reference at ``pos`` whose label
        is defined, as ``(label_start, label_end, link_end)``; otherwise ``None``."""
        if not self.references:
            return None
        close = self._bracket_end(pos, end)
        if close is None:
            return None
        after = close + 1
        if self.src.startswith("[]", after):
            after += 2
        elif after < end and self.src[after] in "([":
            return None  # an inline link or a full reference [text][label]
        if normalizeReference(self.src[pos + 1 : close]) not in self.references:
            return None
        return pos + 1, close, after

    def _bracket_end(self, pos: int, end: int) -> int | None:
        """Index of the ``]`` closing the ``[`` at ``pos`` (escapes, code spans and nested
        brackets skipped), or ``None``."""
        src = self.src
        depth, i = 0, pos
        while i < end:
            c = src[i]
            if c == "\\":
                i += 2
                continue
            if c == "`":
                run_end = i
                while run_end < end and src[run_end] == "`":
                    run_end += 1
                close = src.find(src[i:run_end], run_end, end)
                i = close + (run_end - i) if close >= 0 else run_end
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return None

    def _link(self, pos: int, end: int) -> tuple[int, int, int] | None:
        """Parse ``[label](dest "title")`` / ``[label][ref]`` at ``pos`` (the ``[``).

        Returns ``(label_start, label_end, link_end)`` or ``None`` when it is no link.
        """
        src = self.src
        label_end = self._bracket_end(pos, end)
        if label_end is None:
            return None
        after = label_end + 1
        if after < end and src[after] == "(":
            link_end = _link_destination_end(src, after, end)
        elif after < end and src[after] == "[":
            close = src.find("]", after + 1, end)
            link_end = close + 1 if close >= 0 and "[" not in src[after + 1 : close] else None
        else:
            link_end = None
        if link_end is None:
            return None
        return pos + 1, label_end, link_end


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation that belongs to the sentence, keeping balanced parentheses."""
    while end > start:
        c = text[end - 1]
        if c in ".,;:!?'\"*_~":
            end -= 1
        elif c == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    return end


def _link_destination_end(src: str, pos: int, end: int) -> int | None:
    """End (exclusive) of ``(dest "title")`` starting at ``pos`` (the ``(``), or ``None``."""
    i = pos + 1
    while i < end and src[i] in " \t\n":
        i += 1
    if i < end and src[i] == "<":
        close = src.find(">", i + 1, end)
        if close < 0 or "\n" in src[i:close]:
            return None
        i = close + 1
    else:
        depth = 0
        while i < end:
            c = src[i]
            if c == "\\" and i + 1 < end:
                i += 2
                continue
            if c.isspace() or ord(c) < 0x20:
                break
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    while i < end and src[i] in " \t\n":
        i += 1
    if i < end and src[i] in "\"'(":
        closer = ")" if src[i] == "(" else src[i]
        j = i + 1
        while j < end and src[j] != closer:
            j += 2 if src[j] == "\\" else 1
        if j >= end:
            return None
        i = j + 1
        while i < end and src[i] in " \t\n":
            i += 1
    if i < end and src[i] == ")":
        return i + 1
    return None
