"""The effective configuration, one value per setting, with where each value came from.

Sources, lowest to highest precedence: ``default`` (jtrans' built-in value), the configuration
file (its path: a ``jtrans.toml`` or the ``[tool.jtrans]`` table of a ``pyproject.toml``, see
:mod:`jtrans.config`), ``env NAME`` (environment variables such as ``$JTRANS_TM``) and
``--flag`` (a command-line option). ``jtrans config show`` prints this list. This module reads
no file itself: the configuration and each value's source come from :func:`jtrans.config.load`.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtrans import config as config_mod

DEFAULT = "default"
TOP = (
    "engine",
    "model",
    "translate_link_labels",
    "translate_link_lists",
    "progress_threshold",
    "protect_names",
    "mbr_candidates",
    "titles",
)
QUALITY = ("min_bleu", "min_chrf", "min_term_accuracy")
POSTPROCESS_OPTIONS = ("spacing", "politeness", "parentheses", "long_vowel_terms")


@dataclass(frozen=True)
class Setting:
    """One effective value: ``key`` (``engine.beam_size``), ``value`` and ``source``."""

    key: str
    value: Any
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "source": self.source}


def effective(
    start: str | os.PathLike[str] | None = None,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Setting]:
    """Every setting for an input at ``start`` (file or folder; default: the current folder).

    ``flags`` maps setting keys to command-line values (``None`` = not given) and their option
    names: ``{"model": ("--model", "my-model")}``. Raises :class:`jtrans.config.ConfigError`
    (or ``ValueError`` for a bad sub-table) like the commands themselves would.
    """
    flags = dict(flags or {})
    env = os.environ if env is None else env
    cfg = config_mod.load(start)
    path = cfg.path
    where = str(path) if path else DEFAULT
    _validate(cfg)
    out: list[Setting] = []

    def add(key: str, value: Any, from_file: bool | None = None) -> None:
        flag = flags.get(key)
        if from_file is None:
            from_file = cfg.source(key).path is not None
        if flag is not None and flag[1] is not None:
            out.append(Setting(key, _plain(flag[1]), flag[0]))
        else:
            out.append(Setting(key, _plain(value), where if from_file else DEFAULT))

    for key in TOP:
        add(key, getattr(cfg, key))
    engine_name = flags.get("engine", (None, None))[1] or cfg.engine
    defaults = _engine_defaults(engine_name)
    unknown = sorted(set(cfg.engine_options) - set(defaults)) if defaults else []
    if unknown:  # the engine would refuse it: say so here rather than show it
        raise config_mod.ConfigError(
            f"unknown {engine_name} engine option {unknown[0]!r} in {path} "
            f"(known: {', '.join(sorted(defaults))})"
        )
    for key in sorted(set(defaults) | set(cfg.engine_options)):
        add(f"engine.{key}", cfg.engine_options.get(key, defaults.get(key)))

    glossary = cfg.glossary
    add("glossary.default", glossary.get("default", True))
    add("glossary.paths", list(glossary.get("paths", [])))
    out.extend(_glossary_layers(cfg, flags))

    from jtrans.postprocess.config import RULE_NAMES, PostprocessConfig

    pp_defaults = PostprocessConfig()
    for key in POSTPROCESS_OPTIONS:
        value = cfg.postprocess.get(key, getattr(pp_defaults, key))
        add(f"postprocess.{key}", value)
    for rule in RULE_NAMES:
        add(f"postprocess.{rule}", cfg.postprocess.get(rule, True))
    for key in QUALITY:
        add(f"quality.{key}", cfg.quality.get(key))
    from jtrans.scaleout import RayOptions

    ray = RayOptions.from_config(cfg)  # ConfigError for a bad [tool.jtrans.ray]
    for key in ("address", "actors", "threads", "retries"):
        add(f"ray.{key}", getattr(ray, key))

    out.extend(_environment(env))
    out.append(Setting("config_file", str(path) if path else None, where))
    return out


def _validate(cfg: config_mod.Config) -> None:
    """Raise for sub-tables the stages would refuse (show what a run would use, or fail)."""
    cfg.postprocess_settings()
    cfg.quality_thresholds()


def _engine_defaults(name: str) -> dict[str, Any]:
    """Keyword defaults of the engine's constructor (beam_size, threads… for ct2)."""
    from jtrans import engines

    factory = engines.factory(name)
    if factory is None:
        return {}
    target = factory.__init__ if inspect.isclass(factory) else factory
    out = {}
    for p in inspect.signature(target).parameters.values():
        if p.name in ("self", "model") or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.default is not p.empty:
            out[p.name] = p.default
    return out


def _glossary_layers(cfg: config_mod.Config, flags: Mapping[str, Any]) -> list[Setting]:
    """The glossary files/folders in load order, each with its source."""
    option, extra = flags.get("glossary", ("--glossary", None))
    layers = cfg.glossary_layers(extra or [], extra_by=option)
    return [Setting("glossary.layer", str(path), source) for path, source in layers]


def _environment(env: Mapping[str, str]) -> list[Setting]:
    """Settings only the environment changes: model folders, the memory, tracebacks."""
    from jtrans import models

    models_env = env.get(models.ENV_VAR)
    models_src = f"env {models.ENV_VAR}" if models_env else DEFAULT
    out = [Setting("models_path", models_env.split(os.pathsep) if models_env else [], models_src)]
    # as jtrans.tm.default_path(): $JTRANS_TM, else $XDG_CACHE_HOME (~/.cache)/jtrans/tm.sqlite
    if env.get("JTRANS_TM"):
        out.append(Setting("tm", str(Path(env["JTRANS_TM"]).expanduser()), "env JTRANS_TM"))
    else:
        cache = env.get("XDG_CACHE_HOME")
        folder = Path(cache or str(Path.home() / ".cache")).expanduser()
        source = "env XDG_CACHE_HOME" if cache else DEFAULT
        out.append(Setting("tm", str(folder / "jtrans" / "tm.sqlite"), source))
    debug = env.get("JTRANS_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
    out.append(Setting("debug", debug, "env JTRANS_DEBUG" if "JTRANS_DEBUG" in env else DEFAULT))
    return out


def _plain(value: Any) -> Any:
    """JSON-friendly: tuples as lists, paths as strings."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value
