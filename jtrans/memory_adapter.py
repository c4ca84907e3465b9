"""The translation memory as the pipeline uses it: which units it serves, and what is stored.

:class:`MemoryAdapter` looks a post's units up in a :class:`jtrans.tm.TranslationMemory` (one
query per batch), decides which of them can be served without the glossary having run, brings
back the warnings stored with an entry, and stores each translated group's units with theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jtrans import markdown_guard
from jtrans.findings import Finding
from jtrans.prepare import Prepared
from jtrans.protocols import GlossingGlossary, Memory

if TYPE_CHECKING:  # (the MT stage loads when a unit is translated, not for a memory-served run)
    from jtrans.mt_stage import Sentence


class MemoryAdapter:
    """``tm`` (None: nothing is remembered) in the context ``context()`` (computed on first
    use); ``retry_fallbacks``: memorised English fallbacks are translated again."""

    def __init__(
        self, tm: Memory | None, context: Callable[[], str], retry_fallbacks: bool = False
    ) -> None:
        self.tm = tm
        self.context = context
        self.retry_fallbacks = retry_fallbacks

    def lookup(self, prepared: list[Prepared]) -> dict[str, Any] | None:
        """The memory's entries for the units of ``prepared`` (``None`` without a memory)."""
        if self.tm is None:
            return None
        texts = [p.unit.text for p in prepared if p.split.pieces]
        return self.tm.lookup(texts, self.context()) if texts else {}

    def served(self, p: Prepared, known: dict[str, Any] | None, glossary: Any) -> bool:
        """Whether ``p`` will come from the memory whatever the rest of the document holds
        (no ``keep+gloss`` term), so its sentences need no glossary work."""
        if not known or not p.split.pieces:
            return False
        from jtrans.tm import normalise  # (sqlite3 only when a memory is used)

        match = known.get(normalise(p.unit.text))
        if match is None or (self.retry(match)):
            return False
        if glossary is None:
            return True
        return isinstance(glossary, GlossingGlossary) and not glossary.glosses(p.protected.text)

    def retry(self, match: Any) -> bool:
        """A memorised English fallback to translate again (``retry_fallbacks``): units
        published as English behind the marker are memorised with their warnings like any
        other."""
        if not self.retry_fallbacks or match.origin == "human":
            return False
        from jtrans.postprocess.guard import FALLBACK_MARKER  # (post-processing loads lazily)

        return FALLBACK_MARKER in match.target

    def recall(
        self,
        prepared: list[Prepared],
        by_unit: list[list[Sentence]],
        flags: list[Finding],
        human: set[int] | None = None,
        known: dict[str, Any] | None = None,
    ) -> dict[int, str]:
        """Unit translations found in the memory, by index into ``prepared``; the warnings
        stored with them are added to ``flags`` again, and the indices of reviewed (human)
        entries to ``human``."""
        if self.tm is None:
            return {}
        from jtrans.tm import normalise

        wanted = {
            k: p.unit.text
            for k, p in enumerate(prepared)
            if p.split.pieces and standalone(by_unit[k])
        }
        if not wanted:
            return {}
        found = (
            known if known is not None else self.tm.lookup(list(wanted.values()), self.context())
        )
        out: dict[int, str] = {}
        for k, text in wanted.items():
            match = found.get(normalise(text))
            if match is None:
                continue
            if self.retry(match):
                continue
            out[k] = match.target
            if human is not None and match.origin == "human":
                human.add(k)
            unit = prepared[k].unit
            flags.extend(
                Finding(r, m, line=unit.line, unit=unit.id, index=k) for r, m in match.flags
            )
        return out

    def remember(
        self,
        group: list[int],
        prepared: list[Prepared],
        by_unit: list[list[Sentence]],
        joined: dict[int, str],
        flags: list[Finding],
    ) -> None:
        """Store the group's new unit translations with their warnings (``flags``); English
        fallbacks too (the same model and settings would give the same result), marked by
        their guard warning."""
        if self.tm is None:
            return
        warnings: dict[int, list[tuple[str, str]]] = {}
        for f in flags:
            warnings.setdefault(f.index, []).append((f.rule, f.message))
        # English fallbacks are kept, marked by their guard warning (issue 14); units whose
        # Markdown had to fall back are not (the next post may parse them differently)
        keep = [
            k
            for k in group
            if not any(r == markdown_guard.RULE for r, _ in warnings.get(k, ()))
            and standalone(by_unit[k])
        ]
        if keep:
            self.tm.put_many(
                [(prepared[k].unit.text, joined[k]) for k in keep],
                self.context(),
                origin="mt",
                flags={prepared[k].unit.text: warnings[k] for k in keep if k in warnings},
            )


def standalone(sents: list[Sentence]) -> bool:
    """Whether the unit's translation depends on its text alone: not when a ``keep+gloss`` term
    went unglossed because an earlier unit of the document glossed it (the memory would then
    hold or give the wrong variant)."""
    from jtrans.glossary.core import Hit  # (the glossary only when a memory is used)
    from jtrans.glossary.model import KEEP_GLOSS

    seen: set[str] = set()
    for s in sents:
        for hit in s.hits:
            if not isinstance(hit, Hit) or hit.index is None or hit.entry.policy != KEEP_GLOSS:
                continue  # (a glossary's own hit type is not a keep+gloss rendering)
            entry = hit.entry
            if not entry.ja or entry.term in seen:
                continue
            seen.add(entry.term)
            if not hit.rendering.endswith(f"（{entry.ja}）"):
                return False
    return True
