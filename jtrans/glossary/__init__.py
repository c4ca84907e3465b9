"""The ML terminology glossary: data files, term protection, checking and maintenance.

Public API (see docs/CONTRACTS.md): ``load(paths) -> Glossary``, ``default_paths()``,
``Glossary.protect(text, next_index) -> (text, restore, hits)``, ``Glossary.reset()`` per
document, ``Glossary.check(source, translation) -> CheckReport``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jtrans.glossary.core import (
    Glossary,
    Hit,
    Override,
    default_paths,
    load,
    load_layers,
    resolve_paths,
    user_paths,
)
from jtrans.glossary.model import (
    KEEP,
    KEEP_GLOSS,
    POLICIES,
    TRANSLATE,
    Entry,
    GlossaryError,
)

if TYPE_CHECKING:
    from jtrans.glossary.check import CheckReport, ForbiddenResult, TermResult

__all__ = [
    "KEEP",
    "KEEP_GLOSS",
    "POLICIES",
    "TRANSLATE",
    "CheckReport",
    "Entry",
    "ForbiddenResult",
    "Glossary",
    "GlossaryError",
    "Hit",
    "Override",
    "TermResult",
    "default_paths",
    "user_paths",
    "load",
    "load_layers",
    "resolve_paths",
]


def __getattr__(name: str) -> Any:
    """The checker's result types (:mod:`jtrans.glossary.check`), imported on first use: a
    translation served from the memory never checks terms (start-up time)."""
    if name in ("CheckReport", "ForbiddenResult", "TermResult"):
        from jtrans.glossary import check

        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
