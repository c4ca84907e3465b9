"""Atomic writes keep permissions, never leave temp files, refuse read-only targets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jtrans.fileio import ReadOnlyError, write_atomic


def test_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    f = tmp_path / "out.md"
    f.write_text("old", encoding="utf-8")
    os.chmod(f, 0o640)
    write_atomic(f, "新しい\n")
    assert f.read_text(encoding="utf-8") == "新しい\n"
    assert f.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    f = tmp_path / "out.md"
    f.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(f, 42)  # type: ignore[arg-type]
    assert f.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_read_only_target_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "ro.tsv"
    f.write_text("keep", encoding="utf-8")
    os.chmod(f, 0o444)
    with pytest.raises(ReadOnlyError):
        write_atomic(f, "new")
    assert f.read_text(encoding="utf-8") == "keep"
