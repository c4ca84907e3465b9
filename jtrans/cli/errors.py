"""CLI errors: every failure is one line on stderr and a documented exit code.

The exit codes are the ``EXIT_*`` constants below; what each means for the user is documented
once, in the README's "Exit codes" table.

Commands raise a :class:`UserError` subclass; library exceptions (``reader.InputError``,
``models.ModelError``, ``GlossaryError``, ``ConfigError``…) are mapped centrally by
:func:`classify`, so a command may also simply let them propagate to :func:`run`.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import Any

EXIT_OK = 0
EXIT_QUALITY = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_MODEL = 4
EXIT_GLOSSARY = 5
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_PIPE = 141  # stdout closed by its reader (128 + SIGPIPE), no message

DEBUG_ENV = "JTRANS_DEBUG"
_debug = False


class UserError(Exception):
    """A problem the user can fix; printed as ``jtrans: error: …``, exit code 2."""

    exit_code = EXIT_USAGE
    prefix = "error"


class UsageError(UserError):
    """Bad arguments, options or configuration (exit 2)."""


class InputFileError(UserError):
    """An input or output file cannot be used (exit 3)."""

    exit_code = EXIT_INPUT


class ModelLoadError(UserError):
    """The translation model cannot be found or loaded (exit 4)."""

    exit_code = EXIT_MODEL


class GlossaryLoadError(UserError):
    """A glossary file is missing or malformed (exit 5)."""

    exit_code = EXIT_GLOSSARY


class QualityGateFailed(UserError):
    """A quality threshold was missed; printed as ``jtrans: quality gate failed: …`` (exit 1)."""

    exit_code = EXIT_QUALITY
    prefix = "quality gate failed"


class Interrupted(BaseException):
    """Raised by the signal handlers installed by :func:`run` (SIGINT, SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def set_debug(on: bool) -> None:
    """Show tracebacks for errors (the global ``--debug`` option)."""
    global _debug
    _debug = on


def debug_enabled() -> bool:
    return _debug or os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _one_line(exc: BaseException) -> str:
    """A message jtrans wrote itself, on one line: a line break inside it (a file name may hold
    one) is shown escaped instead of cutting the message short."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    return text.replace("\r", "\\r").replace("\n", "\\n")


def classify(exc: BaseException) -> UserError | None:
    """The :class:`UserError` for a library exception, or ``None`` when it is unexpected."""
    if isinstance(exc, UserError):
        return exc
    mods = sys.modules  # only modules already imported can have raised their exceptions
    table: list[tuple[str, str, type[UserError]]] = [
        ("jtrans.reader", "EncodingError", UsageError),  # before its base class InputError
        ("jtrans.reader", "InputError", InputFileError),
        ("jtrans.models", "ModelError", ModelLoadError),
        ("jtrans.glossary.model", "GlossaryError", GlossaryLoadError),
        ("jtrans.config", "ConfigError", UsageError),
        ("jtrans.score", "ScoreError", InputFileError),
    ]
    for module, name, kind in table:
        cls = getattr(mods.get(module), name, None)
        if isinstance(cls, type) and isinstance(exc, cls):
            return kind(_one_line(exc))
    if isinstance(exc, UnicodeDecodeError):
        return InputFileError(f"not valid {exc.encoding} text (byte {exc.start})")
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return InputFileError(_one_line(OSError(f"{name}{exc.strerror or _first_line(exc)}")))
    return None


def user_error(exc: BaseException, default: type[UserError] = UsageError) -> UserError:
    """:func:`classify`, falling back to ``default`` with the exception's first line."""
    return classify(exc) or default(_first_line(exc))


def _click(name: str) -> tuple[type[BaseException], ...]:
    """click's exception class ``name``, from click and from Typer's vendored copy."""
    found: list[type[BaseException]] = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            cls = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if isinstance(cls, type) and cls not in found:
            found.append(cls)
    return tuple(found)


def _raise_interrupted(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


def _install_handlers() -> dict[int, Any]:
    old: dict[int, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            old[sig] = signal.signal(sig, _raise_interrupted)
    except ValueError:  # not the main thread: leave signals alone
        pass
    return old


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def run(app: Any, args: Sequence[str] | None = None) -> None:
    """Run the Typer ``app``; exit with the documented code and at most one line of error."""
    set_debug(False)  # set again by the --debug option of this run
    old = _install_handlers()
    try:
        argv = sys.argv[1:] if args is None else list(args)
        code = _run(app, fill_optional_values(hoist_global_options(argv)))
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    raise SystemExit(code)


GLOBAL_FLAGS = ("--debug", "--quiet", "--verbose")


def hoist_global_options(args: list[str]) -> list[str]:
    """``jtrans translate post.md --debug`` as ``jtrans --debug translate post.md``: the global
    flags (long forms) are accepted anywhere before a ``--``, not only before the command."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    if not flags:
        return args
    rest = [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]
    return list(dict.fromkeys(flags)) + rest


# options whose value may be left out (``--ray`` alone, ``--ray auto``): what they mean alone
OPTIONAL_VALUES = {"--ray": "(configured)"}
_INPUT_SUFFIXES = (".md", ".markdown", ".txt")


def fill_optional_values(args: list[str]) -> list[str]:
    """Typer has no options with an optional value: give :data:`OPTIONAL_VALUES` theirs when
    the next word is missing, another option, or an input file (``--ray posts/*.md``)."""
    end = args.index("--") if "--" in args else len(args)
    out = list(args)
    for i in reversed(range(end)):
        if out[i] not in OPTIONAL_VALUES:
            continue
        nxt = out[i + 1] if i + 1 < end else None
        if nxt is None or nxt.startswith("-") or _looks_like_input(nxt):
            out.insert(i + 1, OPTIONAL_VALUES[out[i]])
    return out


def _looks_like_input(word: str) -> bool:
    return word.lower().endswith(_INPUT_SUFFIXES) or os.path.exists(word)


def _run(app: Any, args: Sequence[str] | None) -> int:
    try:
        rv = app(args=list(args) if args is not None else None, standalone_mode=False)
        return rv if isinstance(rv, int) else EXIT_OK
    except SystemExit as exc:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            return EXIT_PIPE  # click saw EPIPE on stdout (``| head``) and exits 1: not a failure
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 1)
    except Interrupted as exc:
        if exc.signum == signal.SIGTERM:
            _say("jtrans: terminated")
            return EXIT_TERMINATED
        _say("jtrans: interrupted")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _say("jtrans: interrupted")
        return EXIT_INTERRUPTED
    except _click("Abort"):
        _say("jtrans: aborted")
        return EXIT_INTERRUPTED
    except _click("NoArgsIsHelpError") as exc:
        exc.show()  # type: ignore[attr-defined]
        return EXIT_USAGE
    except _click("ClickException") as exc:
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        message = str(exc.format_message()).strip().splitlines() or ["bad usage"]  # type: ignore[attr-defined]
        _say(f"jtrans: error: {message[0]}{hint}")
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    except BrokenPipeError:
        # the reader went away (``jtrans translate post.md | head``): stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - avoid a second EPIPE at exit
        except OSError:
            pass
        return EXIT_PIPE
    except Exception as exc:  # noqa: BLE001 - the one place every error is reported
        err = classify(exc)
        if debug_enabled() and not isinstance(exc, QualityGateFailed):
            traceback.print_exc()
        if err is not None:
            _say(f"jtrans: {err.prefix}: {_one_line(err)}")
            return err.exit_code
        _say(
            f"jtrans: internal error: {type(exc).__name__}: {_first_line(exc)}"
            " (run with --debug for the traceback)"
        )
        return EXIT_INTERNAL
