"""Translation engines: a tiny registry of objects that turn English strings into Japanese.

An engine takes a batch of sentences (which may contain ``⟦n⟧`` placeholders that must come
back unchanged) and returns one translation per sentence, in order. Engines that can also return
n-best lists with scores (``ct2``) accept ``num_hypotheses=`` and ``return_scores=`` in
``translate_batch_with_options`` and then return :class:`Hypothesis` lists instead of strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jtrans.protocols import Engine, Fingerprinted

__all__ = [
    "BaseEngine", "Engine", "Hypothesis", "describe", "fingerprint", "get", "names", "register",
]  # fmt: skip


@dataclass(frozen=True)
class Hypothesis:
    """One decoded translation and the model's own score for it: the log-probability per
    target token (end of sentence included), so 0 is certain and ``exp(score)`` is the
    geometric mean token probability; ``None`` when the engine has no scores."""

    text: str
    score: float | None = None


class BaseEngine:
    """What the pipeline asks of every engine, with the defaults of an engine that only
    implements ``translate_batch``: no target language (so no Japanese stages), no placeholder
    surrogate, no scores, and an identity (:meth:`fingerprint`) made of its class and name."""

    name: str = "base"
    target_lang: str | None = None  # "ja": glossary, post-processing and checks run
    surrogate: str | None = None  # how placeholders are shown to the model (``ZX{n}ZX``)
    scores: bool = False  # n-best lists with scores from translate_batch_with_options

    def translate_batch(self, sentences: list[str]) -> list[str]:
        raise NotImplementedError

    def fingerprint(self) -> dict[str, Any]:
        """Everything about this engine that changes its output (for the translation memory
        context): here its name and class; model engines add their model and settings."""
        return describe(self)


def describe(engine: Engine) -> dict[str, Any]:
    """The identity of an engine object by its class (and ``name``)."""
    kind = type(engine)
    return {
        "engine": engine.name,
        "class": f"{kind.__module__}.{kind.__qualname__}",
    }


def fingerprint(engine: Engine) -> dict[str, Any]:
    """``engine.fingerprint()``, or :func:`describe` for an engine without one (written for a
    test or a plugin)."""
    return engine.fingerprint() if isinstance(engine, Fingerprinted) else describe(engine)


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
