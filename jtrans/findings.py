"""Findings: one type for everything a check reports about a text or a file.

The pipeline's warnings on a unit, the post-processing rules' findings on a sentence, the QA
checks' issues on a post and the glossary linter's problems in a file are all :class:`Finding`
values; each keeps the JSON and text form its users know (:meth:`Finding.as_dict`,
:meth:`Finding.as_issue`, :meth:`Finding.format`, ``str``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"
# What a sentence published in English starts with ("not translated"): written by the
# post-processing guard's fallback and the Markdown guard, found by QA and the scores.
FALLBACK_MARKER = "〔未翻訳〕"


@dataclass(frozen=True)
class Finding:
    """``rule``: what found it (a pipeline stage, a post-processing rule, a QA check);
    ``line``: the source line (0: the whole text); ``unit``: the unit id; ``path``: the file
    (glossary lint); ``fallback``: post-processing rejected the sentence (publish the English);
    ``index``: the unit's place in the pipeline's prepared list (not part of the finding)."""

    rule: str
    message: str
    severity: str = WARNING
    line: int = 0
    unit: int | None = None
    path: Path | None = None
    fallback: bool = False
    index: int = field(default=-1, compare=False, repr=False)

    @property
    def check(self) -> str:
        """The QA name of ``rule``."""
        return self.rule

    def as_dict(self) -> dict[str, Any]:
        """A translation report's flag: ``{"unit", "line", "rule", "message"}``."""
        return {"unit": self.unit, "line": self.line, "rule": self.rule, "message": self.message}

    def as_issue(self) -> dict[str, Any]:
        """A QA report's issue: ``{"check", "severity", "line", "message", "unit"}``."""
        return {
            "check": self.rule,
            "severity": self.severity,
            "line": self.line,
            "message": self.message,
            "unit": self.unit,
        }

    def where(self) -> str:
        """``line 3`` (``post`` for the whole text)."""
        return f"line {self.line}" if self.line else "post"

    def format(self) -> str:
        """``line 3: warning: numbers: …``."""
        return f"{self.where()}: {self.severity}: {self.rule}: {self.message}"

    def describe(self) -> str:
        """``line 3: numbers: …``, for a caller that states the severity itself."""
        return f"{self.where()}: {self.rule}: {self.message}"

    def __str__(self) -> str:
        if self.path is not None:  # a problem in a file: ``path:line: message``
            return f"{self.path}:{self.line}: {self.message}"
        return self.format()
