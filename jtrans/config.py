"""Configuration: ``[tool.jtrans]`` in pyproject.toml or a ``jtrans.toml``, overridden by flags.

The file is searched from the input's folder upwards (stdin: the current folder), then the
user config ``~/.config/jtrans/jtrans.toml`` (see :mod:`jtrans.locations`); the first
``jtrans.toml`` (top-level keys, or a ``[tool.jtrans]`` table) or ``pyproject.toml`` with a
``[tool.jtrans]`` table wins. The defaults are the recommended settings. Keys::

    [tool.jtrans]
    engine = "ct2"                 # engine name (or [tool.jtrans.engine] name = "ct2")
    model = "default"              # model name or directory for the ct2 engine
    translate_link_labels = true   # translate "Paper" in [Paper](url); false keeps links whole
    translate_link_lists = false   # true: also in cells made only of links ([Paper](…), …)
    progress_threshold = 30        # show a progress bar from this many sentences on
    protect_names = true           # keep coined names (LongMix, GSM8K, 128K) as written
    mbr_candidates = 8             # publish the consensus of the model's 8 best (0: its best)
    titles = "translate"           # paper titles: translate, keep (as written) or both
                                   # (翻訳 (原文: Title), as Japanese digests write them)

    [tool.jtrans.engine]           # extra keyword arguments for the engine (beam_size, device…)
    [tool.jtrans.glossary]         # read by jtrans.glossary (e.g. paths = ["glossary"])
    [tool.jtrans.postprocess]      # read by jtrans.postprocess
    [tool.jtrans.quality]          # read by the quality gates
    [tool.jtrans.ray]              # read by jtrans.scaleout (address, actors, threads, retries)

This is the one module that finds and reads configuration files: the stages get their
settings from the :class:`Config` passed to them, as typed sections
(:meth:`Config.postprocess_settings`, :meth:`Config.quality_thresholds`; the Ray section is read
by ``jtrans.scaleout.RayOptions.from_config``), and :meth:`Config.source` says where each value
came from (the file and the key as written there, or ``default``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_ENGINE = "ct2"
DEFAULT_MODEL = "default"
TITLES = ("translate", "keep", "both")  # what becomes of a paper title (jtrans.sentences.split)


DEFAULT = "default"
MAX_MBR = 64  # the n-best list is a beam that wide


class ConfigError(ValueError):
    """The configuration file cannot be read or holds a bad value."""


@dataclass(frozen=True)
class Source:
    """Where one value came from: ``path`` (``None``: jtrans' default) and ``key`` as written
    in that file (``tool.jtrans.postprocess.width``, or ``postprocess.width`` in a jtrans.toml)."""

    path: Path | None = None
    key: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.key}" if self.path is not None else DEFAULT


@dataclass(frozen=True)
class Config:
    """Settings for one run. Sub-tables are kept as dicts for the stages that own them."""

    engine: str = DEFAULT_ENGINE
    model: str = DEFAULT_MODEL
    translate_link_labels: bool = True
    translate_link_lists: bool = False
    progress_threshold: int = 30
    protect_names: bool = True
    mbr_candidates: int = 8
    titles: str = "translate"
    engine_options: dict[str, Any] = field(default_factory=dict)
    glossary: dict[str, Any] = field(default_factory=dict)
    postprocess: dict[str, Any] = field(default_factory=dict)
    quality: dict[str, Any] = field(default_factory=dict)
    ray: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # the file the settings came from, if any
    # setting key ("model", "engine.beam_size", "postprocess.width") → key as written in `path`
    file_keys: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.titles not in TITLES:  # (a file's value is checked with its name first)
            raise ConfigError(f"titles must be translate, keep or both, not {self.titles!r}")

    def source(self, key: str) -> Source:
        """Where the value of ``key`` (``model``, ``engine``, ``postprocess.width``…) came
        from: the config file and its key there, or the default (also for flag overrides,
        which the caller knows about: see ``jtrans.config_sources``)."""
        written = self.file_keys.get(key)
        return Source(self.path, written) if written is not None else Source()

    def postprocess_settings(self) -> Any:
        """The ``[tool.jtrans.postprocess]`` section as a ``PostprocessConfig``;
        ``ConfigError`` (naming this file) for a bad key or value."""
        from jtrans.postprocess.config import PostprocessConfig

        try:
            return PostprocessConfig.from_mapping(self.postprocess)
        except ValueError as exc:
            raise ConfigError(f"{exc}{self._where()}") from None

    def quality_thresholds(self) -> Any:
        """The ``[tool.jtrans.quality]`` section as ``score.Thresholds``; ``ConfigError``
        (naming this file) for an unknown key or a non-number."""
        from jtrans.score import ScoreError, Thresholds

        try:
            return Thresholds.from_mapping(dict(self.quality))
        except ScoreError as exc:
            raise ConfigError(f"{exc}{self._where()}") from None

    def _where(self) -> str:
        return f" in {self.path}" if self.path else ""

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with every override that is not ``None`` applied (CLI flags)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def glossary_layers(
        self,
        extra: Sequence[str | os.PathLike[str]] = (),
        *,
        use_default: bool = True,
        extra_by: str = "--glossary",
    ) -> list[tuple[Path, str]]:
        """The glossary files and folders to load, in order (later layers win), each with where
        it comes from: the shipped default (unless ``[tool.jtrans.glossary] default = false``
        or ``use_default`` is false), the user's glossary folder, the configured ``paths``
        (relative to the config file) and ``extra`` (``extra_by``: the option giving them)."""
        from jtrans.glossary.core import layers

        return layers(
            [Path(p) for p in extra],
            configured=list(self.glossary.get("paths", ()) or ()),
            base=self.path.parent if self.path else None,
            use_default=use_default and bool(self.glossary.get("default", True)),
            configured_by=str(self.path),
            extra_by=extra_by,
        )


TOP_KEYS = frozenset({
    "engine", "model", "translate_link_labels", "translate_link_lists", "progress_threshold",
    "protect_names", "mbr_candidates", "titles", "glossary", "postprocess", "quality", "ray",
})  # fmt: skip
GLOSSARY_KEYS = frozenset({"paths", "default"})


def _did_you_mean(name: str, known: frozenset[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def from_mapping(table: Mapping[str, Any], path: Path | None = None) -> Config:
    """Build a :class:`Config` from a ``[tool.jtrans]`` table."""
    where = f" in {path}" if path else ""
    prefix = "" if path is not None and path.name == "jtrans.toml" else "tool.jtrans."
    unknown = sorted(set(table) - TOP_KEYS)
    if unknown:
        hint = _did_you_mean(unknown[0], TOP_KEYS)
        raise ConfigError(f"unknown setting {prefix}{unknown[0]}{where}{hint}")
    stray = sorted(
        set(table.get("glossary", {}) if isinstance(table.get("glossary"), Mapping) else {})
        - GLOSSARY_KEYS
    )
    if stray:
        hint = _did_you_mean(stray[0], GLOSSARY_KEYS)
        raise ConfigError(f"unknown setting {prefix}glossary.{stray[0]}{where}{hint}")
    values: dict[str, Any] = {"path": path}
    engine = table.get("engine")
    if isinstance(engine, Mapping):
        options = dict(engine)
        name = options.pop("name", None)
        if name is not None:
            values["engine"] = name
        values["engine_options"] = options
    elif engine is not None:
        values["engine"] = engine
    for key in (
        "model",
        "translate_link_labels",
        "translate_link_lists",
        "progress_threshold",
        "protect_names",
        "mbr_candidates",
        "titles",
    ):
        if key in table:
            values[key] = table[key]
    for key in ("glossary", "postprocess", "quality", "ray"):
        sub = table.get(key, {})
        if not isinstance(sub, Mapping):
            raise ConfigError(f"[tool.jtrans.{key}] must be a table{where}")
        values[key] = dict(sub)
    types = {
        "engine": str,
        "model": str,
        "translate_link_labels": bool,
        "translate_link_lists": bool,
        "progress_threshold": int,
        "protect_names": bool,
        "mbr_candidates": int,
        "titles": str,
    }
    for key, typ in types.items():
        if key in values and (
            not isinstance(values[key], typ) or typ is int and isinstance(values[key], bool)
        ):
            article = "an" if typ.__name__[0] in "aeiou" else "a"
            raise ConfigError(f"{prefix}{key} must be {article} {typ.__name__}{where}")
    if not 0 <= values.get("mbr_candidates", 0) <= MAX_MBR:
        raise ConfigError(f"{prefix}mbr_candidates must be 0 to {MAX_MBR}{where}")
    if values.get("titles", TITLES[0]) not in TITLES:
        raise ConfigError(f"{prefix}titles must be translate, keep or both{where}")
    _check_glossary(values["glossary"], f"{prefix}glossary", where)
    return Config(**values, file_keys=_file_keys(table, prefix))


def _file_keys(table: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """Setting key → the key as written in the file, for every value the table sets."""
    out: dict[str, str] = {}
    for key, value in table.items():
        if key == "engine" and isinstance(value, Mapping):
            for sub in value:
                name = "engine" if sub == "name" else f"engine.{sub}"
                out[name] = f"{prefix}engine.{sub}"
        elif isinstance(value, Mapping):
            out.update({f"{key}.{sub}": f"{prefix}{key}.{sub}" for sub in value})
        else:
            out[key] = f"{prefix}{key}"
    return out


def _check_glossary(table: Mapping[str, Any], name: str, where: str) -> None:
    """``paths`` is a list of path strings (a bare string would be read letter by letter),
    ``default`` a boolean."""
    paths = table.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise ConfigError(
            f'{name}.paths must be a list of file or folder names, like ["glossary"], '
            f"not {paths!r}{where}"
        )
    if not isinstance(table.get("default", True), bool):
        raise ConfigError(f"{name}.default must be true or false{where}")


def find(start: str | os.PathLike[str] | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The config file (and its jtrans table) for an input at ``start``: the first one in its
    folder or above (stdin/``None``: the current folder), else the user config
    (:func:`jtrans.locations.user_config`). The current folder plays no other part."""
    from jtrans import locations

    root = locations.start_folder(start)
    for folder in (root, *root.parents):
        for name in ("jtrans.toml", "pyproject.toml"):
            found = _table(folder / name)
            if found is not None:
                return found
    return _table(locations.user_config())


def _table(candidate: Path) -> tuple[Path, dict[str, Any]] | None:
    """``candidate`` and its jtrans table, when it is a config file that has one."""
    if not candidate.is_file():
        return None
    data = _read(candidate)
    table = data.get("tool", {}).get("jtrans")
    if candidate.name == "jtrans.toml" and table is None:
        table = data
    return (candidate, table) if isinstance(table, dict) else None


def load(start: str | os.PathLike[str] | None = None, **overrides: Any) -> Config:
    """The configuration for an input at ``start`` (a file or folder), with ``overrides``."""
    found = find(start)
    config = from_mapping(found[1], found[0]) if found else Config()
    return config.with_overrides(**overrides)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
