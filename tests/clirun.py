"""Shared helpers for CLI tests: run the real entry point, check one-line errors."""

from __future__ import annotations

import sys

import pytest

from jtrans.cli import main


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run ``jtrans ARGS`` through ``main`` (with its one-line error handling);
    return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["jtrans", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def one_line_error(err: str, prefix: str = "jtrans: error: ") -> str:
    """The single stderr line, which must start with ``prefix``."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), err
    return lines[0]
