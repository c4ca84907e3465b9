"""Shared test setup: no test reads or writes the real translation memory in the user cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_translation_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``$JTRANS_TM`` (inherited by subprocesses) at a fresh file in the test's tmp dir."""
    path = tmp_path / "jtrans-tm" / "tm.sqlite"
    monkeypatch.setenv("JTRANS_TM", str(path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return path
