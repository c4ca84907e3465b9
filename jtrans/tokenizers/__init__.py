"""Tokenizers for scoring, by name (sacrebleu style): ``get("ja-unidic")`` → callable.

A tokenizer maps a string to space-separated tokens and has a ``signature()`` that names it
with its versions, so reported scores say exactly how the text was split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jtrans.tokenizers import ja_unidic


@dataclass(frozen=True)
class Tokenizer:
    name: str
    tokenize: Callable[[str], str]
    signature: Callable[[], str]

    def __call__(self, text: str) -> str:
        return self.tokenize(text)


_REGISTRY: dict[str, Tokenizer] = {
    ja_unidic.NAME: Tokenizer(ja_unidic.NAME, ja_unidic.tokenize, ja_unidic.signature),
}

DEFAULT = ja_unidic.NAME


def names() -> list[str]:
    return sorted(_REGISTRY)


def get(name: str = DEFAULT) -> Tokenizer:
    """The tokenizer called ``name``; ``ValueError`` for an unknown one."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown tokenizer {name!r} (known: {', '.join(names())})") from None
