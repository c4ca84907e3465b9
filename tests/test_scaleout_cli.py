"""``--ray`` on the command line without a cluster: option parsing, configuration errors and the
one-line answer when Ray is not installed (none of these start Ray)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans import scaleout
from jtrans.cli.errors import fill_optional_values
from jtrans.config import Config, ConfigError


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["translate", "a.md", "--out-dir", "ja", "--ray"], ["--ray", "(configured)"]),
        (["translate", "--ray", "a.md", "--out-dir", "ja"], ["--ray", "(configured)", "a.md"]),
        (["translate", "a.md", "--ray", "--out-dir", "ja"], ["--ray", "(configured)", "--out-dir"]),
        (["translate", "a.md", "--ray", "auto", "--out-dir", "ja"], ["--ray", "auto", "--out-dir"]),
        (["translate", "a.md", "--ray=ray://h:10001"], ["--ray=ray://h:10001"]),
    ],
)
def test_ray_takes_an_optional_address(args: list[str], expected: list[str]) -> None:
    filled = fill_optional_values(args)
    start = filled.index(expected[0])
    assert filled[start : start + len(expected)] == expected


def test_options_come_from_the_config_and_flags_win() -> None:
    cfg = Config(ray={"actors": 4, "threads": 2, "address": "auto"})
    options = scaleout.RayOptions.from_config(cfg, actors=8, threads=None)
    assert options == scaleout.RayOptions(address="auto", actors=8, threads=2, retries=2)
    assert scaleout.RayOptions.from_config(Config()) == scaleout.RayOptions()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"actor": 2}, "unknown setting tool.jtrans.ray.actor"),
        ({"actors": 0}, "actors must be a whole number >= 1"),
        ({"threads": "2"}, "threads must be a whole number >= 1"),
        ({"address": "http://x"}, "bad Ray address"),
    ],
)
def test_bad_ray_settings_are_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        scaleout.RayOptions.from_config(Config(ray=table))


def test_ray_without_ray_installed_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "a.md"
    post.write_text("Some text.\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    code, out, err = run_cli(
        monkeypatch, capsys, "translate", str(post), "--engine", "upper",
        "--out-dir", str(tmp_path / "ja"), "--ray",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert one_line_error(err) == f"jtrans: error: {scaleout.INSTALL_HINT}"
    assert not (tmp_path / "ja").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--ray needs --out-dir DIR"),
        (["--out-dir", "ja", "--ray", "http://nowhere"], "bad Ray address"),
        (["--out-dir", "ja", "--ray-actors", "2"], "--ray-actors and --ray-threads need --ray"),
    ],
)
def test_ray_usage_errors(
    extra: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("ray", reason="the address is checked once Ray is found")
    post = tmp_path / "a.md"
    post.write_text("Some text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["translate", str(post), "--engine", "upper", *extra]
    if not extra:
        args.append("--ray")
    code, _, err = run_cli(monkeypatch, capsys, *args)
    assert code == 2 and message in one_line_error(err)
