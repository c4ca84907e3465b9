"""The placeholder format shared by every pipeline stage, and everything done with it.

Protected spans (code, URLs, math, names, glossary terms) are replaced by ``⟦n⟧`` tokens
(U+27E6 / U+27E7 around a decimal index). The default model's sentencepiece vocabulary holds
``⟦0⟧`` … ``⟦{MAX_PLACEHOLDERS-1}⟧`` as single pieces and was trained to copy them.

Numbering: :func:`jtrans.protect.protect` numbers a unit's spans from 0; each sentence is
renumbered from 0 again (:func:`localise`) before the sentence rules add theirs after the last
(:func:`substitute`); post-processing masks literal text with scratch indices from
:func:`scratch_base`, beyond any sentence's. Match with :data:`PLACEHOLDER_RE` / :func:`find`,
drop with :func:`strip`, renumber with :func:`renumber`, put the text back with :func:`expand`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

OPEN = "\u27e6"
CLOSE = "\u27e7"
MAX_PLACEHOLDERS = 40
PLACEHOLDER_RE = re.compile(OPEN + r"(\d+)" + CLOSE)
# scratch placeholders (post-processing masks) start this far beyond a sentence's own
SCRATCH_OFFSET = 1000


def make(index: int) -> str:
    """Return the placeholder token for ``index``."""
    return f"{OPEN}{index}{CLOSE}"


def find(text: str) -> list[int]:
    """Indices of the placeholders in ``text``, in order of appearance."""
    return [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(text)]


def strip(text: str, by: str = "") -> str:
    """``text`` with every placeholder replaced by ``by`` (the words around them only)."""
    return PLACEHOLDER_RE.sub(by, text)


def expand(text: str, mapping: Mapping[int, str]) -> str:
    """``text`` with each placeholder whose index is in ``mapping`` replaced by its text;
    the others are kept."""
    return PLACEHOLDER_RE.sub(lambda m: mapping.get(int(m.group(1)), m.group(0)), text)


def renumber(
    text: str, mapping: Mapping[int, int], expand_rest: Mapping[int, str] | None = None
) -> str:
    """``text`` with placeholder ``i`` renumbered to ``mapping[i]``; one not in ``mapping`` is
    replaced by its text in ``expand_rest`` (when given) or kept."""

    def sub(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i in mapping:
            return make(mapping[i])
        return expand_rest[i] if expand_rest is not None else m.group(0)

    return PLACEHOLDER_RE.sub(sub, text)


def localise(text: str, restore: Mapping[int, str]) -> tuple[str, dict[int, str]]:
    """``text`` with its placeholders numbered 0, 1, … in order of appearance (each
    occurrence its own), and the new restore map (new index → ``restore[old]``)."""
    local: dict[int, str] = {}

    def sub(m: re.Match[str]) -> str:
        index = len(local)
        local[index] = restore[int(m.group(1))]
        return make(index)

    return PLACEHOLDER_RE.sub(sub, text), local


def scratch_base(text: str) -> int:
    """The first index of temporary placeholders for ``text`` (post-processing masks): far
    beyond the text's own, so none of them is mistaken for a sentence placeholder."""
    return SCRATCH_OFFSET + max(find(text), default=0)


def symbols() -> list[str]:
    """All placeholder tokens the default vocabulary reserves as user-defined pieces."""
    return [make(i) for i in range(MAX_PLACEHOLDERS)]


def substitute(
    pattern: re.Pattern[str],
    render: Callable[[re.Match[str]], str],
    text: str,
    next_index: int,
    limit: int = MAX_PLACEHOLDERS,
    accept: Callable[[re.Match[str]], bool] | None = None,
) -> tuple[str, dict[int, str]]:
    """Replace each match of ``pattern`` in ``text`` (that ``accept`` takes, when given) by a
    placeholder numbered from ``next_index`` (up to ``limit``); return the text and
    ``restore`` (index → ``render(m)``), for stages that render a span by rule (dates,
    quantities)."""
    restore: dict[int, str] = {}

    def sub(m: re.Match[str]) -> str:
        index = next_index + len(restore)
        if index >= limit or accept is not None and not accept(m):
            return m.group(0)
        restore[index] = render(m)
        return make(index)

    return pattern.sub(sub, text), restore


def problems(sent: str, out: str) -> tuple[list[int], list[int]]:
    """(missing, repeated-or-unknown) placeholder indices of the translation ``out`` of the
    engine input ``sent``: each placeholder must come back exactly as often as it was sent."""
    want = Counter(find(sent))
    got = Counter(find(out))
    missing = [i for i in want if got[i] < want[i]]
    extra = [i for i in got if got[i] > want[i]]
    return missing, extra


_EMPHASIS_RE = re.compile(r"[*_~]+")
_WORD_RE = re.compile(r"\w")


def emptied(sent: str, out: str, restore: Mapping[int, str]) -> list[tuple[int, int]]:
    """(opener, closer) of each link or emphasis whose text the translation ``out`` left
    empty (``[the archive](url)`` → ``[](url)``): in ``sent`` the two markup placeholders
    enclose words, in ``out`` nothing but spaces and placeholders."""
    found = []
    spans = list(PLACEHOLDER_RE.finditer(sent))
    for a, b in zip(spans, spans[1:], strict=False):
        i, j = int(a.group(1)), int(b.group(1))
        opener, closer = restore.get(i, ""), restore.get(j, "")
        link = opener == "[" and closer.startswith("](")
        emphasis = bool(_EMPHASIS_RE.fullmatch(opener)) and closer == opener
        if not (link or emphasis) or not _WORD_RE.search(sent[a.end() : b.start()]):
            continue
        start, end = out.find(make(i)), out.find(make(j))
        if 0 <= start < end and not _WORD_RE.search(strip(out[start + len(make(i)) : end])):
            found.append((i, j))
    return found


def spell_out(text: str, indices: set[int], mapping: dict[int, str]) -> str:
    """``text`` with the placeholders in ``indices`` replaced by their restore text."""
    return expand(text, {i: mapping[i] for i in indices})


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def named(indices: Sequence[int] | set[int], restore: dict[int, str]) -> str:
    """What the placeholders stand for (the term, link label, code…), quoted and shortened."""
    return ", ".join(
        f'"{short(restore[i])}"' if i in restore else "an invented placeholder"
        for i in sorted(set(indices))
    )
