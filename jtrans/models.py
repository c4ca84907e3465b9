"""Model directories: where translation models live, what they contain and how to find them.

A model is a folder ``models/NAME/`` holding a CTranslate2 model and its tokenizer:

* ``model.bin`` and ``config.json`` — the CTranslate2 model (written by its converter);
* ``shared_vocabulary.json`` (or ``.txt``), or ``source_vocabulary.*`` + ``target_vocabulary.*``;
* ``source.spm`` + ``target.spm`` — sentencepiece models (or one shared ``sentencepiece.model``);
* ``model.json`` — the model card: ``name``, ``languages`` (``{"source": "en", "target": "ja"}``),
  ``architecture``, ``parameters``, ``training_data`` (list of ``{name, license, attribution,
  url}``), ``dev_scores``, ``license``, ``created``, ``converter`` (``{name, version,
  quantization}``) and, for multilingual models, ``source_prefix`` / ``target_prefix`` (language
  tokens such as ``eng_Latn`` / ``jpn_Jpan`` or ``__en__`` / ``__ja__``). Recommended:
  ``max_positions`` (the model's position-encoding limit, e.g. 512). Optional
  ``placeholder_surrogate`` (e.g. ``"ZX{n}ZX"``) tells the engine how to present ``⟦n⟧`` to a
  model whose vocabulary lacks the placeholder pieces.

``resolve(name_or_path)`` looks, in order, at an explicit path, ``./models/NAME``, the
``models/`` folder of a source checkout, the models a wheel carries (``jtrans/data/models``, see
``setup.py``) and each folder listed in ``$JTRANS_MODELS`` (``os.pathsep`` separated).
``"default"`` means the model named in ``DEFAULT`` (a one-line file) in the first of those
folders that has one, unless a folder literally called ``default`` exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jtrans.fileio import write_atomic

CARD = "model.json"
DEFAULT_FILE = "DEFAULT"
ENV_VAR = "JTRANS_MODELS"
CARD_FIELDS = (
    "name",
    "languages",
    "architecture",
    "parameters",
    "training_data",
    "dev_scores",
    "license",
    "created",
    "converter",
)
# Accepted spellings of a field; the first is the one ``jtrans model convert`` writes.
CARD_ALIASES: dict[str, tuple[str, ...]] = {
    "languages": ("languages", "source_lang+target_lang"),
    "training_data": ("training_data", "training.data"),
    "dev_scores": ("dev_scores", "scores"),
}


class ModelError(Exception):
    """A model directory is missing or unusable; the message is one line for the user."""


class ModelNotFound(ModelError):
    """No model directory matches the requested name or path."""


@dataclass
class ModelInfo:
    """One model directory found by ``list_models``."""

    name: str
    path: Path
    card: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    is_default: bool = False


def search_dirs() -> list[Path]:
    """Folders searched for models by name, in priority order (duplicates removed)."""
    from jtrans import locations

    dirs = [Path.cwd() / "models", *locations.shipped_models()]
    dirs += [Path(p).expanduser() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    seen: set[Path] = set()
    out = []
    for d in dirs:
        key = d.resolve() if d.exists() else d
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def default_name(dirs: Iterable[Path] | None = None) -> str | None:
    """The name in the first ``DEFAULT`` file of the search folders, if any."""
    entry = _default_entry(search_dirs() if dirs is None else dirs)
    return entry[0] if entry else None


def _default_entry(dirs: Iterable[Path]) -> tuple[str, Path] | None:
    """(name, folder of the DEFAULT file) for the first non-empty ``DEFAULT`` file."""
    for d in dirs:
        f = d / DEFAULT_FILE
        if f.is_file():
            name = f.read_text(encoding="utf-8").strip()
            if name:
                return name, d
    return None


def resolve(name_or_path: str | Path, dirs: Iterable[Path] | None = None) -> Path:
    """Find the model directory for a name or path; raise ``ModelNotFound`` if there is none."""
    dirs = search_dirs() if dirs is None else list(dirs)
    raw = str(name_or_path).strip()
    if not raw:
        raise ModelNotFound("empty model name")
    explicit = Path(raw).expanduser()
    if explicit.is_dir() and _looks_like_model(explicit):
        return explicit.resolve()
    if isinstance(name_or_path, Path) or os.sep in raw or raw.startswith("."):
        problem = "is not a model directory" if explicit.exists() else "does not exist"
        raise ModelNotFound(f"model path {raw} {problem}")
    for d in dirs:
        cand = d / raw
        if cand.is_dir() and _looks_like_model(cand):
            return cand.resolve()
    if raw == "default":
        name, named_by = _default_entry(dirs) or ("", Path())
        if name and name != "default":
            if (named_by / name).is_dir() and _looks_like_model(named_by / name):
                return (named_by / name).resolve()  # its own folder first
            try:
                return resolve(name, dirs)
            except ModelNotFound:
                raise ModelNotFound(
                    f"default model {name!r} (named in models/{DEFAULT_FILE}) not found"
                    f" in {_where(dirs)}"
                ) from None
        raise ModelNotFound(
            f"no default model: put a model in models/ and its name in models/{DEFAULT_FILE},"
            f" or pass --model NAME|PATH (searched {_where(dirs)})"
        )
    raise ModelNotFound(f"model {raw!r} not found in {_where(dirs)} (see `jtrans model list`)")


def _where(dirs: list[Path]) -> str:
    return ", ".join(str(d) for d in dirs) + f" (add folders with ${ENV_VAR})"


def _looks_like_model(path: Path) -> bool:
    return (path / "model.bin").is_file() or (path / CARD).is_file()


def vocabulary_files(path: Path) -> list[Path]:
    """The CTranslate2 vocabulary files in ``path`` (shared, or source + target)."""
    for stem in ("shared_vocabulary",):
        for ext in (".json", ".txt"):
            if (path / (stem + ext)).is_file():
                return [path / (stem + ext)]
    found = []
    for stem in ("source_vocabulary", "target_vocabulary"):
        for ext in (".json", ".txt"):
            if (path / (stem + ext)).is_file():
                found.append(path / (stem + ext))
                break
    return found if len(found) == 2 else []


def spm_files(path: Path) -> tuple[Path, Path] | None:
    """(source, target) sentencepiece models of a model directory, or None when missing."""
    src, tgt = path / "source.spm", path / "target.spm"
    if src.is_file() and tgt.is_file():
        return src, tgt
    shared = path / "sentencepiece.model"
    if shared.is_file():
        return shared, shared
    return None


def validate(path: str | Path, card: bool = True) -> list[str]:
    """What is missing or broken in a model directory (an empty list means usable).

    ``card=False`` checks only what translation needs (weights, vocabulary, sentencepiece).
    """
    path = Path(path)
    if not path.is_dir():
        return [f"{path} is not a directory"]
    problems = []
    if not (path / "model.bin").is_file():
        problems.append("model.bin missing")
    if not (path / "config.json").is_file():
        problems.append("config.json missing (CTranslate2 model config)")
    if not vocabulary_files(path):
        problems.append("vocabulary missing (shared_vocabulary.json or .txt)")
    if spm_files(path) is None:
        absent = [n for n in ("source.spm", "target.spm") if not (path / n).is_file()]
        problems.append(
            f"sentencepiece model {path / absent[0]} missing"
            " (needs source.spm + target.spm, or sentencepiece.model)"
        )
    if not card:
        return problems
    if not (path / CARD).is_file():
        problems.append(f"{CARD} card missing")
    else:
        try:
            fields = load_card(path)
        except ModelError as exc:
            problems.append(str(exc))
        else:
            missing = [f for f in CARD_FIELDS if card_field(fields, f) is _MISSING]
            if missing:
                problems.append(f"{CARD} lacks {', '.join(missing)}")
    return problems


_MISSING: Any = object()
# what translation needs from a card (the rest is documentation, checked by ``validate``)
TRANSLATION_FIELDS = ("name", "languages")


def check_card(path: str | Path, card: dict[str, Any]) -> None:
    """Raise ``ModelError`` naming ``model.json`` when the card lacks what translation needs
    (name, source/target languages) or a field has the wrong type."""
    f = Path(path) / CARD
    missing = [name for name in TRANSLATION_FIELDS if card_field(card, name) is _MISSING]
    if missing:
        raise ModelError(f"{f} lacks required field(s): {', '.join(missing)}")
    src, tgt = card_languages(card)
    if not src or not tgt:
        raise ModelError(f"{f}: languages needs a source and a target (e.g. en, ja)")
    for key in ("max_positions",):
        if key in card and not (isinstance(card[key], int) and card[key] > 0):
            raise ModelError(f"{f}: {key} must be a positive integer")


def card_field(card: dict[str, Any], name: str) -> Any:
    """A card field under any accepted spelling (``CARD_ALIASES``); ``_MISSING`` if absent."""
    for spelling in CARD_ALIASES.get(name, (name,)):
        if "+" in spelling:
            keys = spelling.split("+")
            if all(k in card for k in keys):
                return {k.split("_")[0]: card[k] for k in keys}
            continue
        value: Any = card
        for part in spelling.split("."):
            if not isinstance(value, dict) or part not in value:
                value = _MISSING
                break
            value = value[part]
        if value is not _MISSING:
            return value
    return _MISSING


def card_languages(card: dict[str, Any]) -> tuple[str | None, str | None]:
    """(source, target) language codes of a card, whichever way it spells them."""
    langs = card_field(card, "languages")
    if not isinstance(langs, dict):
        return None, None
    src, tgt = langs.get("source"), langs.get("target")
    return (str(src) if src else None), (str(tgt) if tgt else None)


def card_quantization(card: dict[str, Any]) -> str | None:
    """The weights type recorded in a card (``converter.quantization`` or ``quantization``)."""
    converter = card.get("converter")
    if isinstance(converter, dict) and converter.get("quantization"):
        return str(converter["quantization"])
    return str(card["quantization"]) if card.get("quantization") else None


def load_card(path: str | Path) -> dict[str, Any]:
    """Read the ``model.json`` card of a model directory (or the card file itself)."""
    path = Path(path)
    f = path / CARD if path.is_dir() else path
    if not f.is_file():
        raise ModelNotFound(f"{f} not found")
    try:
        card = json.loads(f.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{f} is not valid JSON: {exc}") from None
    if not isinstance(card, dict):
        raise ModelError(f"{f} must hold a JSON object")
    return card


def set_default(name: str, models_dir: str | Path) -> Path:
    """Make ``name`` the default model of ``models_dir`` (writes its ``DEFAULT`` file)."""
    return write_atomic(Path(models_dir) / DEFAULT_FILE, name.strip() + "\n")


def write_card(path: str | Path, card: dict[str, Any]) -> Path:
    """Write ``card`` as ``model.json`` in directory ``path`` (or to file ``path``) atomically."""
    path = Path(path)
    f = path / CARD if path.is_dir() else path
    return write_atomic(f, json.dumps(card, ensure_ascii=False, indent=2) + "\n")


def list_models(dirs: Iterable[Path] | None = None) -> list[ModelInfo]:
    """Every model directory in ``dirs`` (default: the search folders), first occurrence wins."""
    dirs = search_dirs() if dirs is None else list(dirs)
    default = default_name(dirs)
    seen: set[str] = set()
    out = []
    for d in dirs:
        if not d.is_dir():
            continue
        for sub in sorted(p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if sub.name in seen or not _looks_like_model(sub):
                continue
            seen.add(sub.name)
            try:
                card = load_card(sub) if (sub / CARD).is_file() else {}
            except ModelError:
                card = {}
            out.append(
                ModelInfo(sub.name, sub, card, validate(sub), is_default=sub.name == default)
            )
    return out
