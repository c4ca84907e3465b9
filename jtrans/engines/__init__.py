"""Translation engines: a tiny registry of objects that turn English strings into Japanese.

An engine takes a batch of sentences (which may contain ``⟦n⟧`` placeholders that must come
back unchanged) and returns one translation per sentence, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable


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
    from jtrans.engines import simple  # noqa: F401

    try:
        from jtrans.engines import ct2  # noqa: F401
    except ImportError:  # pragma: no cover - ct2 module lands with the MT engine
        pass
