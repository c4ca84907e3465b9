"""Settings of the post-processing stage: the ``[tool.jtrans.postprocess]`` section, which the
stage receives from ``jtrans.config.Config.postprocess_settings()`` (it reads no file itself).

Every rule can be switched on/off by its name (``width = false``); the other keys are options::

    [tool.jtrans.postprocess]
    spacing = "none"          # Japanese↔Latin/digit spacing: "none" (JTF) or "half"
    politeness = "desu_masu"  # target sentence-final style: "desu_masu" or "da_dearu"
    parentheses = "off"       # ( ) → （ ）: "off" (house style keeps ASCII), "content"
                              # (Japanese inside) or "context" (also between Japanese)
    long_vowel_terms = ["コンピューター"]  # preferred katakana spellings (variants derived)
    style = true              # rule switches: markup, guard, width, stutter, era, spaces,
                              # punctuation, long_vowel, style, latin_spacing
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

RULE_NAMES = (
    "markup",
    "guard",
    "width",
    "stutter",
    "era",
    "spaces",
    "punctuation",
    "long_vowel",
    "style",
    "latin_spacing",
)
SPACING = ("none", "half")
POLITENESS = ("desu_masu", "da_dearu")
PARENTHESES = ("off", "content", "context")


@dataclass(frozen=True)
class PostprocessConfig:
    """Which rules run and how. ``long_vowel_terms`` holds ``(preferred, variants)`` pairs."""

    disabled: frozenset[str] = frozenset()
    spacing: str = "none"
    politeness: str = "desu_masu"
    parentheses: str = "off"
    long_vowel_terms: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def __post_init__(self) -> None:
        unknown = set(self.disabled) - set(RULE_NAMES)
        if unknown:
            raise ValueError(f"unknown post-processing rule(s): {', '.join(sorted(unknown))}")
        for key, allowed in (
            ("spacing", SPACING),
            ("politeness", POLITENESS),
            ("parentheses", PARENTHESES),
        ):
            if getattr(self, key) not in allowed:
                raise ValueError(
                    f"postprocess {key} must be one of {', '.join(allowed)}, "
                    f"not {getattr(self, key)!r}"
                )

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def without(self, *rules: str) -> PostprocessConfig:
        """A copy with ``rules`` switched off (used by the ablation benchmark)."""
        return replace(self, disabled=self.disabled | frozenset(rules))

    def only(self, *rules: str) -> PostprocessConfig:
        return replace(self, disabled=frozenset(RULE_NAMES) - frozenset(rules))

    def with_terms(self, renderings: list[str]) -> PostprocessConfig:
        """A copy whose long-vowel terms also cover ``renderings`` (e.g. glossary Japanese)."""
        from jtrans.postprocess.long_vowel import terms_from_renderings

        return replace(
            self, long_vowel_terms=self.long_vowel_terms + tuple(terms_from_renderings(renderings))
        )

    def with_glossary(self, glossary: Any) -> PostprocessConfig:
        """A copy whose long-vowel terms follow ``glossary``'s Japanese renderings."""
        from jtrans.postprocess.long_vowel import glossary_renderings

        return self.with_terms(glossary_renderings(glossary))

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> PostprocessConfig:
        """Build from a ``[tool.jtrans.postprocess]`` table; ``ValueError`` on bad keys/values."""
        from jtrans.postprocess.long_vowel import terms_from_renderings

        disabled = set()
        kwargs: dict[str, Any] = {}
        for key, value in table.items():
            if key in RULE_NAMES:
                if not isinstance(value, bool):
                    raise ValueError(f"postprocess {key} must be true or false")
                if not value:
                    disabled.add(key)
            elif key in ("spacing", "politeness", "parentheses"):
                kwargs[key] = value
            elif key == "long_vowel_terms":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError("postprocess long_vowel_terms must be a list of strings")
                kwargs[key] = tuple(terms_from_renderings(value))
            else:
                raise ValueError(f"unknown key {key!r} in [tool.jtrans.postprocess]")
        return cls(disabled=frozenset(disabled), **kwargs)
