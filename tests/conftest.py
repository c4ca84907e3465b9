"""Shared test setup: no test reads or writes the real translation memory in the user cache,
nor reads the user's config or glossary."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_translation_memory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point ``$JTRANS_TM`` (inherited by subprocesses) at a fresh file of this test's own, outside
    ``tmp_path`` (tests may check what their tmp_path holds)."""
    cache = tmp_path_factory.mktemp("cache")
    path = cache / "jtrans" / "tm.sqlite"
    monkeypatch.setenv("JTRANS_TM", str(path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    # no user config or user glossary of the machine running the tests
    monkeypatch.setenv("JTRANS_CONFIG_DIR", str(cache / "config"))
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):
    """``cli(*args) -> (exit code, stdout, stderr)``: the jtrans CLI run in-process from a
    fresh current folder (test files may define their own ``cli`` with other defaults)."""
    from clirun import run_cli

    monkeypatch.chdir(tmp_path)

    def call(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, *args)

    return call
