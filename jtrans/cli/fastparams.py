"""Fast conversion of the CLI's plain parameters (start-up time).

Typer ≥ 0.20 converts every non-flag parameter through a pydantic ``TypeAdapter``; importing
pydantic and building the adapters costs about 0.3 s per run, more than a translation served
from the memory. Parameters annotated with a plain ``str``, ``Path``, ``int``, ``float`` or
``bool`` (or
``X | None``, or ``list[X]``) and without range, parser or path checks are converted here
instead, with the same results; anything else still goes through Typer. On a Typer without
this mechanism :func:`install` does nothing.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PLAIN: dict[Any, str] = {
    str: "text",
    Path: "path",
    int: "integer",
    float: "number",
    bool: "boolean",
}
_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False}
_BOOLS |= {"no": False, "off": False}
_CHECKS = ("parser", "min", "max", "path_type")  # any of these set: Typer converts
_PATH_CHECKS = ("exists", "resolve_path", "writable")  # path checks Typer performs


def plain_type(annotation: Any) -> tuple[bool, Any] | None:
    """``(is_list, type)`` for a plain annotation, else None."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return plain_type(rest[0]) if len(rest) == 1 else None
    if origin is list and len(args) == 1 and args[0] in _PLAIN:
        return True, args[0]
    if annotation in _PLAIN:
        return False, annotation
    return None


def install() -> bool:
    """Route plain parameters around pydantic; returns whether Typer could be patched."""
    try:
        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:
        return False
    if not hasattr(core._TyperParameter, "get_runtime_param"):
        return False

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        many: bool = False
        kind: Any = str

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.many:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self._one(v, param, ctx) for v in items]
            return self._one(value, param, ctx)

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, self.kind) and not (self.kind is int and value is True):
                return value
            if self.kind is bool and str(value).strip().lower() in _BOOLS:
                return _BOOLS[str(value).strip().lower()]
            if self.kind is bool:
                raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)
            try:
                return self.kind(value)
            except (TypeError, ValueError):
                raise BadParameter(
                    f"{value!r} is not a valid {_PLAIN[self.kind]}.", ctx=ctx, param=param
                ) from None

    original = core._TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            info = desc.parameter_info
            plain = plain_type(desc.annotation)
            checked = any(getattr(info, k, None) for k in _CHECKS + _PATH_CHECKS)
            if plain is not None and not checked and desc.file_annotation is None:
                many, kind = plain
                self._runtime_param = PlainRuntimeParam(
                    parameter_info=info, annotation=desc.annotation, many=many, kind=kind
                )
        return original(self)

    core._TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True
