"""``--out-dir`` mirrors the inputs' tree below their common folder: ``docs/**/*.md`` with the
same file name in several folders goes to the same sub-folders of ``DIR`` (the rule
``jtrans.cli.batch.plan`` applies to local and ``--ray`` runs alike)."""

from __future__ import annotations

from pathlib import Path

from clirun import one_line_error

from jtrans import api
from jtrans.cli import batch

TREE = {
    "docs/index.md": "# Guide\n\nStart here.\n",
    "docs/guide/index.md": "# Install\n\nRun `pip install jtrans`.\n",
    "docs/guide/deep/notes.md": "Some notes with [a link](https://example.org).\n",
}


def make_tree(root: Path) -> None:
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_repeated_names_go_to_the_mirrored_sub_folders(cli, tmp_path: Path) -> None:
    make_tree(tmp_path)
    code, out, err = cli("translate", "--engine", "upper", *TREE, "--out-dir", "ja")
    assert code == 0 and out == "", err
    assert files(tmp_path / "ja") == ["guide/deep/notes.md", "guide/index.md", "index.md"]
    for name, text in TREE.items():
        written = (tmp_path / "ja" / Path(name).relative_to("docs")).read_text(encoding="utf-8")
        assert written == api.text(text, engine="upper")
    assert "docs/guide/index.md → ja/guide/index.md" in err


def test_inputs_of_one_folder_go_straight_into_the_out_dir(cli, tmp_path: Path) -> None:
    make_tree(tmp_path)
    code, _, err = cli(
        "translate", "--engine", "upper", "docs/guide/index.md",
        "docs/guide/../guide/deep/notes.md", "--out-dir", "ja",
    )  # fmt: skip
    assert code == 0, err  # common folder docs/guide: index.md, deep/notes.md
    assert files(tmp_path / "ja") == ["deep/notes.md", "index.md"]
    code, _, err = cli("translate", "--engine", "upper", "docs/guide/index.md", "--out-dir", "b")
    assert code == 0 and files(tmp_path / "b") == ["index.md"]


def test_relative_and_absolute_inputs_share_one_tree(tmp_path: Path, monkeypatch) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path / "docs")
    pairs = batch.plan([str(tmp_path / "docs" / "index.md"), "guide/index.md"], Path("ja"))
    assert [target.as_posix() for _, target in pairs] == ["ja/index.md", "ja/guide/index.md"]


def test_an_input_given_twice_is_refused(cli, tmp_path: Path) -> None:
    make_tree(tmp_path)
    code, _, err = cli(
        "translate", "--engine", "upper", "docs/index.md", "docs/guide/../index.md",
        "--out-dir", "ja",
    )  # fmt: skip
    assert code == 2
    assert "would both be written to ja/index.md" in one_line_error(err)
    assert not (tmp_path / "ja").exists()


def test_a_file_in_the_way_of_a_sub_folder_is_refused_up_front(cli, tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "ja").mkdir()
    (tmp_path / "ja" / "guide").write_text("not a folder\n", encoding="utf-8")
    code, _, err = cli("translate", "--engine", "upper", *TREE, "--out-dir", "ja")
    assert code == 3
    assert one_line_error(err) == (
        "jtrans: error: cannot write ja/guide/index.md: ja/guide is a file"
    )
    assert files(tmp_path / "ja") == ["guide"]  # refused before anything was translated
    assert (tmp_path / "ja" / "guide").read_text(encoding="utf-8") == "not a folder\n"


def test_the_python_api_mirrors_the_tree_like_the_cli(tmp_path: Path) -> None:
    """``api.translate_files`` puts repeated file names in their sub-folders too (it wrote
    every ``index.md`` to ``OUT/index.md``, one over the other)."""
    make_tree(tmp_path)
    inputs = [tmp_path / name for name in TREE]
    results = api.translate_files(inputs, tmp_path / "out", engine="identity", tm=None)
    assert len(results) == len(TREE)
    assert files(tmp_path / "out") == sorted(name.removeprefix("docs/") for name in TREE)
    for name, text in TREE.items():
        assert (tmp_path / "out" / name.removeprefix("docs/")).read_text(encoding="utf-8") == text
