"""``jtrans config show``: every effective value with its source (default, file, env, flag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans import config_sources


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no config of the repository's own above
    for name in ("JTRANS_TM", "JTRANS_MODELS", "JTRANS_DEBUG", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _show(monkeypatch, capsys, *args: str) -> dict[str, tuple[object, str]]:
    code, out, err = run_cli(monkeypatch, capsys, "config", "show", *args, "--json")
    assert code == 0, err
    rows = json.loads(out)
    return {r["key"]: (r["value"], r["source"]) for r in rows if r["key"] != "glossary.layer"}


def test_defaults_without_a_file(folder, monkeypatch, capsys):
    shown = _show(monkeypatch, capsys)
    assert shown["engine"] == ("ct2", "default")
    assert shown["model"] == ("default", "default")
    assert shown["engine.beam_size"] == (4, "default")
    assert shown["postprocess.politeness"] == ("desu_masu", "default")
    assert shown["quality.min_bleu"] == (None, "default")
    assert shown["config_file"] == (None, "default")


def test_jtrans_toml_env_and_flags(folder, monkeypatch, capsys):
    toml = folder / "jtrans.toml"
    toml.write_text(
        'model = "team-model"\n'
        "[engine]\nbeam_size = 2\nthreads = 3\n"
        '[postprocess]\nspacing = "half"\nstyle = false\n'
        "[quality]\nmin_bleu = 12.5\n",
        encoding="utf-8",
    )
    (folder / "terms.tsv").write_text("", encoding="utf-8")
    monkeypatch.setenv("JTRANS_TM", str(folder / "memory.sqlite"))
    shown = _show(monkeypatch, capsys, "--engine", "identity", "-g", "terms.tsv")
    src = str(toml.resolve())
    assert shown["engine"] == ("identity", "--engine")
    assert shown["model"] == ("team-model", src)
    assert shown["engine.beam_size"] == (2, src)
    assert shown["engine.threads"] == (3, src)
    assert shown["postprocess.spacing"] == ("half", src)
    assert shown["postprocess.style"] == (False, src)
    assert shown["postprocess.width"] == (True, "default")
    assert shown["quality.min_bleu"] == (12.5, src)
    assert shown["tm"] == (str(folder / "memory.sqlite"), "env JTRANS_TM")
    assert shown["config_file"] == (src, src)
    layers = [s for s in config_sources.effective(folder, {"glossary": ("-g", ["terms.tsv"])})]
    assert [s.source for s in layers if s.key == "glossary.layer"][-1] == "-g"


def test_pyproject_table_and_text_output(folder, monkeypatch, capsys):
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.jtrans]\ntranslate_link_lists = false\n', encoding="utf-8"
    )
    post = folder / "posts" / "post.md"
    post.parent.mkdir()
    post.write_text("# Hi\n", encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "config", "show", str(post), "--no-link-labels")
    assert code == 0
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()}
    assert lines["translate_link_lists"] == ["false", str((folder / "pyproject.toml").resolve())]
    assert lines["translate_link_labels"] == ["false", "--no-link-labels"]


def test_bad_config_is_a_usage_error(folder, monkeypatch, capsys):
    (folder / "jtrans.toml").write_text('[postprocess]\npoliteness = "rude"\n', encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "config", "show")
    assert code == 2 and "politeness" in one_line_error(err)


def test_unknown_engine_option_is_named(folder, monkeypatch, capsys):
    (folder / "jtrans.toml").write_text("[engine]\nbeam = 3\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "config", "show")
    line = one_line_error(err)
    assert code == 2 and "'beam'" in line and "beam_size" in line
