"""Where jtrans finds its files: the data shipped with the package, the user's folders and the
project an input belongs to.

One rule, the way ruff and black do it: a post's settings come from the first ``jtrans.toml``
or ``pyproject.toml`` with a ``[tool.jtrans]`` table in the post's folder or a folder above it
(stdin: the current folder), else from the user config ``$XDG_CONFIG_HOME/jtrans/jtrans.toml``
(``~/.config/jtrans/jtrans.toml``). Glossary layers named there are relative to that file, and
the translation memory context follows from the settings, so the same post gets the same
settings, glossary and memory entries from whatever folder jtrans is run.

Shipped data: a wheel carries the default model and glossary under ``jtrans/data/`` (see
``setup.py``); a source checkout uses its own ``models/`` and ``glossary/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the repository root when running from a source checkout
DATA = PACKAGE / "data"  # what the wheel carries (setup.py)
CONFIG_ENV = "JTRANS_CONFIG_DIR"


def shipped_models() -> list[Path]:
    """Model folders that come with jtrans: the checkout's ``models/``, the wheel's copy."""
    return [d for d in (CHECKOUT / "models", DATA / "models") if d.is_dir()]


def shipped_glossary() -> Path | None:
    """The default glossary folder: the checkout's ``glossary/``, else the wheel's copy."""
    for folder in (CHECKOUT / "glossary", DATA / "glossary"):
        if folder.is_dir() and any(folder.glob("*.tsv")):
            return folder
    return None


def user_config_dir() -> Path:
    """The user's jtrans folder: ``$JTRANS_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/jtrans``,
    else ``~/.config/jtrans``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base).expanduser() / "jtrans"


def user_config() -> Path:
    """The user config file (used when no project config is found)."""
    return user_config_dir() / "jtrans.toml"


def user_glossary() -> Path:
    """The user's own glossary folder (a layer above the shipped glossary)."""
    return user_config_dir() / "glossary"


def start_folder(start: str | os.PathLike[str] | None) -> Path:
    """The folder the search for a project starts in: the input's folder, else the cwd."""
    if start is None or str(start) == "-":
        return Path.cwd().resolve()
    path = Path(start).resolve()
    return path if path.is_dir() else path.parent
