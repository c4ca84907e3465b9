"""The translation memory context: every module the pipeline runs is hashed (found from its
imports), and a model is known by the content of its files, not by where or when it was copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jtrans import api, engines, fingerprint
from jtrans.tm import context_id

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = REPO / "models" / "jtrans-small-enja"


@pytest.mark.slow
def test_the_stages_the_pipeline_runs_are_found_from_its_imports() -> None:
    found = fingerprint.pipeline_modules()
    for stage in ("names", "quantities", "dates", "markdown_guard", "protect", "decoding"):
        assert f"jtrans.{stage}" in found
    assert "jtrans.postprocess.width" in found  # a rule of the post-processing package
    assert "jtrans.cli.translate" not in found and "jtrans.train.prepare" not in found


@pytest.mark.slow
def test_a_change_to_any_pipeline_module_changes_the_code_version(tmp_path: Path) -> None:
    copy = tmp_path / "jtrans"
    shutil.copytree(fingerprint.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    modules = fingerprint.pipeline_modules(package_dir=copy)
    assert set(modules) == set(fingerprint.pipeline_modules())
    before = fingerprint.code_version(package_dir=copy)
    assert before == fingerprint.code_version()  # the copy is the same code
    seen = {before}
    for name, file in modules.items():
        text = file.read_bytes()
        file.write_bytes(text + b"\n# a fix\n")
        changed = fingerprint.code_version(package_dir=copy)
        assert changed not in seen, f"a change to {name} kept the code version"
        seen.add(changed)
        file.write_bytes(text)


def test_a_new_module_imported_by_a_stage_is_hashed(tmp_path: Path) -> None:
    copy = tmp_path / "jtrans"
    shutil.copytree(fingerprint.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "newrule.py").write_text("X = 1\n", encoding="utf-8")
    assert "jtrans.newrule" not in fingerprint.pipeline_modules(package_dir=copy)
    names = copy / "names.py"
    names.write_text(names.read_text(encoding="utf-8") + "\nfrom jtrans import newrule\n")
    assert "jtrans.newrule" in fingerprint.pipeline_modules(package_dir=copy)


def test_model_digest_is_by_content_and_cached(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        (folder / "model.bin").write_bytes(b"weights" * 1000)
        (folder / "config.json").write_text("{}", encoding="utf-8")
    os.utime(two / "model.bin", ns=(10**18, 10**18))
    assert fingerprint.model_digest(one) == fingerprint.model_digest(two)
    assert fingerprint.cache_file().is_file()  # the hashes are kept for the next run
    (two / "model.bin").write_bytes(b"weights" * 999 + b"WEIGHTS")
    assert fingerprint.model_digest(one) != fingerprint.model_digest(two)


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.bin").is_file(), reason="no default model")
def test_two_copies_of_one_model_share_a_memory_context(tmp_path: Path) -> None:
    repo, venv = tmp_path / "repo" / "m", tmp_path / "venv" / "site" / "m"
    shutil.copytree(DEFAULT_MODEL, repo)
    shutil.copytree(DEFAULT_MODEL, venv)
    os.utime(venv / "model.bin", ns=(10**18, 10**18))  # installed later: another mtime
    assert (repo / "model.bin").stat().st_mtime_ns != (venv / "model.bin").stat().st_mtime_ns

    def context(model: Path, **options: object) -> str:
        engine = engines.get("ct2", model=str(model), device="cpu", **options)
        return context_id(api.build_pipeline(engine=engine, no_glossary=True))

    assert context(repo) == context(venv)
    assert context(repo, beam_size=2) != context(repo)  # a decoding setting is part of it
    with open(venv / "model.bin", "r+b") as fh:  # another model: one byte differs
        fh.seek(-1, os.SEEK_END)
        last = fh.read(1)
        fh.seek(-1, os.SEEK_END)
        fh.write(bytes([last[0] ^ 1]))
    assert context(repo) != context(venv)


@pytest.mark.slow
def test_installed_code_version_is_cached_until_a_source_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The installed package's version is kept in the cache file (no import walk on a
    memory-served run) and recomputed when a source file's size or modification time changes."""
    package = tmp_path / "jtrans"
    shutil.copytree(fingerprint.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("data"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", package)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fingerprint._DigestCache, "_shared", None)
    roots = (fingerprint.ROOT_MODULE,)
    fresh = fingerprint._hash_modules(fingerprint.pipeline_modules(roots, package))

    fingerprint._installed_code_version.cache_clear()
    assert fingerprint._installed_code_version(roots) == fresh
    walks: list[object] = []
    monkeypatch.setattr(fingerprint, "pipeline_modules", lambda *a: walks.append(a) or {})
    fingerprint._installed_code_version.cache_clear()
    monkeypatch.setattr(fingerprint._DigestCache, "_shared", None)  # a new process
    assert fingerprint._installed_code_version(roots) == fresh and not walks

    stage = package / "dates.py"
    stage.write_text(stage.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    fingerprint._installed_code_version.cache_clear()
    fingerprint._installed_code_version(roots)
    assert walks  # the tree changed: the imports are walked again
    fingerprint._installed_code_version.cache_clear()
