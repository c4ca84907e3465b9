"""Translation engines: a tiny registry of objects that turn English strings into Japanese.

An engine takes a batch of sentences (which may contain ``⟦n⟧`` placeholders that must come
back unchanged) and returns one translation per sentence, in order. Engines that can also return
n-best lists with scores (``ct2``) accept ``num_hypotheses=`` and ``return_scores=`` in
``translate_batch_with_options`` and then return :class:`Hypothesis` lists instead of strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Hypothesis:
    """One decoded translation and the model's own score for it: the log-probability per
    target token (end of sentence included), so 0 is certain and ``exp(score)`` is the
    geometric mean token probability; ``None`` when the engine has no scores."""

    text: str
    score: float | None = None


@runtime_checkable
class Engine(Protocol):
    name: str

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


_REGISTRY: dict[str, Callable[..., Engine]] = {}


def register(name: str) -> Callable[[Callable[..., Engine]], Callable[..., Engine]]:
    def deco(factory: Callable[..., Engine]) -> Callable[..., Engine]:
        _REGISTRY[name] = factory
        return factory

    return deco


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def factory(name: str) -> Callable[..., Engine] | None:
    """The constructor registered as ``name`` (``None`` for an unknown name)."""
    _load_builtin()
    return _REGISTRY.get(name)


def get(name: str, **kwargs) -> Engine:
    """Build the engine called ``name`` (``identity``, ``upper``, ``ct2``)."""
    _load_builtin()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(
            f"unknown engine {name!r} (known: {', '.join(sorted(_REGISTRY))})"
        ) from None
    return factory(**kwargs)


def _load_builtin() -> None:
    from jtrans.engines import ct2, simple  # noqa: F401
