"""The ML terminology glossary: data files, term protection, checking and maintenance.

Public API (see docs/CONTRACTS.md): ``load(paths) -> Glossary``, ``default_paths()``,
``Glossary.protect(text, next_index) -> (text, restore, hits)``, ``Glossary.reset()`` per
document, ``Glossary.check(source, translation) -> CheckReport``.
"""

from __future__ import annotations

from jtrans.glossary.check import CheckReport, ForbiddenResult, TermResult
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
