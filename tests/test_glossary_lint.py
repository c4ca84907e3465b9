"""``jtrans glossary lint``: the shipped glossary is clean; each fixture's problem is reported
as file:line with exit code 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clirun import run_cli

from jtrans.glossary import default_paths
from jtrans.glossary.lint import lint

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
REPO_GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"


def test_default_glossary_is_the_repository_folder() -> None:
    assert default_paths() == [REPO_GLOSSARY]


def test_shipped_glossary_is_lint_clean(monkeypatch, capsys) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "glossary", "lint", str(REPO_GLOSSARY))
    assert code == 0, out
    assert out == "" and "clean" in err


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("duplicate.tsv", 3, "duplicate for 'benchmark'"),
        ("conflict.tsv", 3, "conflicting rendering for 'embedding'"),
        ("forbidden_clash.tsv", 3, "'トランス' is a forbidden rendering of 'Transformer'"),
        ("whitespace.tsv", 2, "stray whitespace"),
        ("fullwidth.tsv", 2, "full-width character 'Ｌ' in term"),
        ("halfwidth_kana.tsv", 2, "half-width katakana"),
        ("unknown_policy.tsv", 2, "unknown policy 'transliterate'"),
        ("unsorted.tsv", 3, "not sorted"),
        ("missing_ja.tsv", 2, "needs a Japanese rendering"),
        ("extra_field.tsv", 2, "more field(s) than header columns"),
        ("bad_header.tsv", 1, "unknown column 'japanese'"),
        ("variant_clash.tsv", 3, "spelling 'finetuning' also belongs to 'fine-tuning'"),
    ],
)
def test_each_problem_is_reported_with_file_and_line(
    monkeypatch, capsys, name: str, line: int, message: str
) -> None:
    path = FIXTURES / name
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "lint", str(path))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    where, _, text = lines[0].partition(": ")
    assert where.endswith(f"glossary/{name}:{line}")
    assert Path(where.rsplit(":", 1)[0]).resolve() == path.resolve()
    assert message in text


def test_clean_fixture_passes() -> None:
    assert lint([FIXTURES / "clean.tsv"]).ok


def test_fix_sorts_an_unsorted_file(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "unsorted.tsv"
    shutil.copy(FIXTURES / "unsorted.tsv", path)
    code, _, _ = run_cli(monkeypatch, capsys, "glossary", "lint", "--fix", str(path))
    assert code == 0
    terms = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert terms == ["agent", "token"]


def test_cross_file_duplicates_in_one_folder(tmp_path: Path) -> None:
    header = "term\tja\tpolicy\n"
    (tmp_path / "a.tsv").write_text(header + "LLM\t\tkeep\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text(header + "LLM\t大規模言語モデル\ttranslate\n", encoding="utf-8")
    result = lint([tmp_path])
    assert [(p.path.name, p.line) for p in result.problems] == [("b.tsv", 2)]
    assert "conflicting rendering" in result.problems[0].message


def test_later_layers_override_without_failing(tmp_path: Path) -> None:
    team = tmp_path / "team.tsv"
    team.write_text(
        "term\tja\tpolicy\nagent\tエージェント型システム\ttranslate\n", encoding="utf-8"
    )
    result = lint([REPO_GLOSSARY, team])
    assert result.ok
    assert any("agent" in note and "team.tsv" in note for note in result.notes)


def test_spellings_that_match_the_same_text_clash(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "term\tja\tpolicy\tforbidden\tvariants\n"
        "Fine tuning\t微調整\ttranslate\t\t\n"
        "fine-tuning\tファインチューニング\ttranslate\t\t\n",
        encoding="utf-8",
    )
    (problem,) = lint([path]).problems
    assert problem.line == 3
    assert "also belongs to 'Fine tuning'" in problem.message
