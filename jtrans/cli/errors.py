"""One-line errors for the CLI: user mistakes never print a traceback."""

from __future__ import annotations

import sys

import typer


class UserError(Exception):
    """A problem with the user's input or configuration; printed as one line, exit code 2."""

    exit_code = 2


def run(app: typer.Typer) -> None:
    try:
        app(standalone_mode=True)
    except UserError as exc:
        print(f"jtrans: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except (FileNotFoundError, IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        print(f"jtrans: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("jtrans: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
