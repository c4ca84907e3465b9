"""How much the CLI says on stderr: ``jtrans --quiet …`` / ``jtrans --verbose …``.

The global options (before the command) set the level for every command; a command's own
``-q/--quiet`` does the same for that command. ``--quiet`` drops progress bars, warnings and
summaries (errors and the command's real output remain); ``--verbose`` adds what was used and
how long it took (config file, engine, model, units, sentences, seconds).
"""

from __future__ import annotations

import sys

QUIET, NORMAL, VERBOSE = 0, 1, 2
_level = NORMAL


def set_level(quiet: bool = False, verbose: bool = False) -> None:
    global _level
    _level = QUIET if quiet else VERBOSE if verbose else NORMAL


def is_quiet(local: bool = False) -> bool:
    """``--quiet`` given globally, or ``local`` (the command's own ``-q``)."""
    return local or _level == QUIET


def is_verbose() -> bool:
    """``--verbose`` given: the Ray runner (``translate --ray``) then lets Ray log too."""
    return _level == VERBOSE


def detail(message: str) -> None:
    """Print ``jtrans: MESSAGE`` on stderr with ``--verbose`` only."""
    if _level == VERBOSE:
        print(f"jtrans: {message}", file=sys.stderr)
