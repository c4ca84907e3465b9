"""The placeholder format shared by every pipeline stage.

Protected spans (code, URLs, math, names, glossary terms) are replaced by ``⟦n⟧`` tokens
(U+27E6 / U+27E7 around a decimal index). The default model's sentencepiece vocabulary holds
``⟦0⟧`` … ``⟦{MAX_PLACEHOLDERS-1}⟧`` as single pieces and was trained to copy them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

OPEN = "\u27e6"
CLOSE = "\u27e7"
MAX_PLACEHOLDERS = 40
PLACEHOLDER_RE = re.compile(OPEN + r"(\d+)" + CLOSE)


def make(index: int) -> str:
    """Return the placeholder token for ``index``."""
    return f"{OPEN}{index}{CLOSE}"


def find(text: str) -> list[int]:
    """Indices of the placeholders in ``text``, in order of appearance."""
    return [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(text)]


def symbols() -> list[str]:
    """All placeholder tokens the default vocabulary reserves as user-defined pieces."""
    return [make(i) for i in range(MAX_PLACEHOLDERS)]


def substitute(
    pattern: re.Pattern[str],
    render: Callable[[re.Match[str]], str],
    text: str,
    next_index: int,
    limit: int = MAX_PLACEHOLDERS,
) -> tuple[str, dict[int, str]]:
    """Replace each match of ``pattern`` in ``text`` by a placeholder numbered from
    ``next_index`` (up to ``limit``); return the text and ``restore`` (index → ``render(m)``),
    for stages that render a span by rule (dates, quantities)."""
    restore: dict[int, str] = {}

    def sub(m: re.Match[str]) -> str:
        index = next_index + len(restore)
        if index >= limit:
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


def spell_out(text: str, indices: set[int], mapping: dict[int, str]) -> str:
    """``text`` with the placeholders in ``indices`` replaced by their restore text."""
    return PLACEHOLDER_RE.sub(
        lambda m: mapping[int(m.group(1))] if int(m.group(1)) in indices else m.group(0), text
    )


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
