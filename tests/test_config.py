"""Configuration: where it is found, what it holds, and how flags override it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtrans.config import Config, ConfigError, Source, find, from_mapping, load


def test_defaults_without_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = load(tmp_path)
    assert cfg == Config()
    assert (cfg.engine, cfg.model, cfg.translate_link_labels) == ("ct2", "default", True)


def test_pyproject_tool_table_is_found_from_the_input_upwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.jtrans]\nmodel = "small"\nprogress_threshold = 5\n'
        '[tool.jtrans.engine]\nname = "upper"\nbeam_size = 2\n'
        '[tool.jtrans.glossary]\npaths = ["terms"]\n'
        "[tool.jtrans.postprocess]\nwidth = false\n"
    )
    post = tmp_path / "posts" / "week1" / "post.md"
    post.parent.mkdir(parents=True)
    post.write_text("# x\n")
    monkeypatch.chdir("/")
    cfg = load(post)
    assert cfg.path == tmp_path / "pyproject.toml"
    assert (cfg.engine, cfg.model, cfg.progress_threshold) == ("upper", "small", 5)
    assert cfg.engine_options == {"beam_size": 2}
    assert cfg.glossary == {"paths": ["terms"]}
    assert cfg.postprocess == {"width": False}
    assert cfg.quality == {}


def test_jtrans_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.jtrans]\nengine = "identity"\n')
    (tmp_path / "jtrans.toml").write_text('engine = "upper"\n')
    found = find(tmp_path)
    assert found is not None and found[0].name == "jtrans.toml"
    assert load(tmp_path).engine == "upper"


def test_pyproject_without_tool_table_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "y"\n')
    (tmp_path / "jtrans.toml").write_text("[tool.jtrans]\ntranslate_link_labels = false\n")
    monkeypatch.chdir(tmp_path)
    assert load(inner).translate_link_labels is False


def test_only_the_inputs_folders_then_the_user_config_are_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One rule (like ruff/black): the input's folder upwards, then the user config; the
    current folder does not change the settings of a post elsewhere."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "jtrans.toml").write_text('model = "from-cwd"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(work)
    assert load(elsewhere / "post.md").model == "default"
    user = tmp_path / "user"
    user.mkdir()
    (user / "jtrans.toml").write_text('model = "from-user"\n')
    monkeypatch.setenv("JTRANS_CONFIG_DIR", str(user))
    assert load(elsewhere / "post.md").model == "from-user"
    assert load(work / "post.md").model == "from-cwd"  # a project config wins over the user's
    assert load(None).model == "from-cwd"  # stdin: the current folder is where the post is


def test_defaults_are_the_recommended_settings() -> None:
    """Link lists such as "[Paper](…), [Tweet](…)" stay English without any config file."""
    from jtrans.config import Config

    assert Config().translate_link_lists is False
    assert Config().translate_link_labels is True
    assert Config().mbr_candidates == 8 and from_mapping({"mbr_candidates": 0}).mbr_candidates == 0


def test_flags_override_and_none_means_unset(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text('engine = "upper"\nmodel = "m"\n')
    cfg = load(tmp_path, engine="identity", model=None)
    assert (cfg.engine, cfg.model) == ("identity", "m")
    with pytest.raises(ConfigError, match="unknown setting"):
        Config().with_overrides(colour="red")


@pytest.mark.parametrize(
    "table, message",
    [
        ({"engine": 3}, "engine must be a str"),
        ({"translate_link_labels": "yes"}, "translate_link_labels must be a bool"),
        ({"glossary": "terms.tsv"}, "must be a table"),
        ({"mbr_candidates": True}, "mbr_candidates must be an int"),
        ({"mbr_candidates": 65}, "mbr_candidates must be 0 to 64"),
        ({"mbr_candidates": -1}, "mbr_candidates must be 0 to 64"),
        ({"titles": "original"}, "titles must be translate, keep or both"),
        ({"titles": True}, "titles must be a str"),
    ],
)
def test_bad_values_are_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        from_mapping(table)


def test_unreadable_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text("engine = \n")
    with pytest.raises(ConfigError, match="cannot read"):
        load(tmp_path)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        # named as written in a jtrans.toml (top-level keys there)
        ('engin = "upper"\n', "setting engin in"),
        ("translate_link_label = false\n", "setting translate_link_label in"),
        ('[glossary]\npath = ["x.tsv"]\n', "setting glossary.path in"),
    ],
)
def test_typos_in_the_config_are_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "jtrans.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        load(tmp_path)


def test_engine_option_of_the_wrong_type_is_named(tmp_path, monkeypatch, capsys):
    from clirun import one_line_error, run_cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text("# Hi\n", encoding="utf-8")
    for option, message in [
        ('beam_size = "four"', "engine option beam_size must be a whole number, not 'four'"),
        ("threads = 1.5", "engine option threads must be a whole number, not 1.5"),
        ('length_penalty = "x"', "engine option length_penalty must be a number, not 'x'"),
    ]:
        (tmp_path / "jtrans.toml").write_text(f"[engine]\n{option}\n", encoding="utf-8")
        code, out, err = run_cli(monkeypatch, capsys, "translate", "post.md", "--no-tm")
        assert code == 2 and out == "" and message in one_line_error(err)


def test_unknown_setting_names_the_key_as_written_and_suggests(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text('modle = "m"\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"unknown setting modle in .*jtrans.toml \(did you mean model\?\)"
    ):
        load(tmp_path)
    (tmp_path / "jtrans.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.jtrans.glossary]\npath = ["g"]\n')
    with pytest.raises(
        ConfigError, match=r"tool\.jtrans\.glossary\.path in .*\(did you mean paths\?\)"
    ):
        load(tmp_path)


def test_each_value_reports_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value set in the file names the file and its key there; the others say default."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jtrans]\nmodel = "small"\n[tool.jtrans.engine]\nname = "upper"\nbeam_size = 2\n'
        "[tool.jtrans.postprocess]\nwidth = false\n"
    )
    (tmp_path / "jtrans.toml").unlink(missing_ok=True)
    monkeypatch.chdir("/")
    cfg = load(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    assert cfg.source("model") == Source(pyproject, "tool.jtrans.model")
    assert cfg.source("engine") == Source(pyproject, "tool.jtrans.engine.name")
    assert cfg.source("engine.beam_size").key == "tool.jtrans.engine.beam_size"
    assert str(cfg.source("postprocess.width")) == f"{pyproject}: tool.jtrans.postprocess.width"
    assert cfg.source("postprocess.style") == Source() and str(Source()) == "default"
    assert cfg.source("protect_names").path is None
    (tmp_path / "jtrans.toml").write_text('[postprocess]\nspacing = "half"\n')
    spacing = load(tmp_path).source("postprocess.spacing")
    assert spacing == Source(tmp_path / "jtrans.toml", "postprocess.spacing")


def test_typed_sections_name_the_file_of_a_bad_value(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text(
        '[postprocess]\nspacing = "wide"\n[quality]\nmin_bleu = "x"\n'
    )
    cfg = load(tmp_path)
    with pytest.raises(ConfigError, match="jtrans.toml"):
        cfg.postprocess_settings()
    with pytest.raises(ConfigError, match="min_bleu.*jtrans.toml"):
        cfg.quality_thresholds()
    good = from_mapping({"quality": {"min_bleu": 20}, "postprocess": {"spacing": "half"}})
    assert good.quality_thresholds().min_bleu == 20.0
    assert good.postprocess_settings().spacing == "half"
