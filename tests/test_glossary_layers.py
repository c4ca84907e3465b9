"""Glossary layering is written once (``Config.glossary_layers``): translate, score, the
glossary commands and ``config show`` all see the same layers in the same order."""

from __future__ import annotations

from pathlib import Path

from jtrans import config, config_sources
from jtrans.glossary import default_paths, resolve_paths


def project(tmp_path: Path, table: str) -> config.Config:
    (tmp_path / "jtrans.toml").write_text(table, encoding="utf-8")
    return config.load(tmp_path / "post.md")


def test_layers_in_order_with_where_each_comes_from(tmp_path: Path) -> None:
    cfg = project(tmp_path, '[glossary]\npaths = ["team.tsv", "more"]\n')
    layers = cfg.glossary_layers([Path("extra.tsv")])
    shipped = [(p, "default") for p in default_paths()]
    configured = [(tmp_path / "team.tsv", str(cfg.path)), (tmp_path / "more", str(cfg.path))]
    assert shipped and layers == [*shipped, *configured, (Path("extra.tsv"), "--glossary")]
    assert cfg.glossary_layers(use_default=False) == configured  # --no-default
    off = project(tmp_path, "[glossary]\ndefault = false\n")
    assert off.glossary_layers([Path("x.tsv")], extra_by="-g") == [(Path("x.tsv"), "-g")]


def test_config_show_and_resolve_paths_list_the_same_layers(tmp_path: Path) -> None:
    cfg = project(tmp_path, '[glossary]\npaths = ["team.tsv"]\n')
    flags = {"glossary": ("--glossary", [Path("g.tsv")])}
    settings = config_sources.effective(tmp_path / "post.md", flags, env={})
    shown = [(s.value, s.source) for s in settings if s.key == "glossary.layer"]
    assert shown == [(str(p), where) for p, where in cfg.glossary_layers([Path("g.tsv")])]
    paths = resolve_paths([Path("g.tsv")], configured=["team.tsv"], base=tmp_path, use_default=True)
    assert paths == [p for p, _ in cfg.glossary_layers([Path("g.tsv")])]
