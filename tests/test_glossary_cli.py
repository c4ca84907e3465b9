"""``jtrans glossary`` commands end to end through the real entry point (one-line errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans.glossary.io import read_entries

HEADER = "term\tja\tpolicy\tforbidden\tvariants\tpos\tnote\tsource\n"


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small glossary folder used instead of the default one; cwd has no config."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "gl"
    folder.mkdir()
    (folder / "terms.tsv").write_text(
        HEADER
        + "fine-tuning\tファインチューニング\ttranslate\t微調整\tfinetuning\tnoun\t\t\n"
        + "inference\t推論\ttranslate\t\t\tnoun\t\t\n",
        encoding="utf-8",
    )
    (folder / "names.tsv").write_text(
        HEADER + "Transformer\t\tkeep\tトランス\ttransformer\tnoun\t\t\n", encoding="utf-8"
    )
    return folder


def opts(folder: Path) -> list[str]:
    return ["--no-default", "--glossary", str(folder)]


def test_list_and_find(team: Path, monkeypatch, capsys) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "glossary", "list", *opts(team))
    assert code == 0
    assert out.splitlines() == [
        "fine-tuning\tファインチューニング\ttranslate",
        "inference\t推論\ttranslate",
        "Transformer\t\tkeep",
    ]
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "find", "トランス", *opts(team))
    assert code == 0 and out.startswith("Transformer\t")
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "find", "--text", "Transformer finetuning", *opts(team)
    )
    assert [line.split("\t")[0] for line in out.splitlines()] == ["Transformer", "finetuning"]
    code, _, _ = run_cli(monkeypatch, capsys, "glossary", "find", "zzz", *opts(team))
    assert code == 1


def test_list_json(team: Path, monkeypatch, capsys) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "list", "--json", *opts(team))
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["variants"] == ["finetuning"] and rows[0]["forbidden"] == ["微調整"]


def test_add_and_remove(team: Path, monkeypatch, capsys) -> None:
    terms = team / "terms.tsv"
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "glossary",
        "add",
        "reward model",
        "報酬モデル",
        "--pos",
        "noun",
        "--note",
        "RLHF sense",
        "--file",
        str(terms),
    )
    assert code == 0 and "added" in out
    assert [e.term for e in read_entries(terms)] == ["fine-tuning", "inference", "reward model"]
    code, _, err = run_cli(
        monkeypatch,
        capsys,
        "glossary",
        "add",
        "reward model",
        "リワードモデル",
        "--file",
        str(terms),
    )
    assert code == 2 and "already in the glossary" in one_line_error(err)
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "remove", "reward model", *opts(team))
    assert code == 0 and "removed 'reward model'" in out
    assert "reward model" not in terms.read_text(encoding="utf-8")


def test_add_rejects_bad_input_without_touching_the_file(team: Path, monkeypatch, capsys) -> None:
    terms = team / "terms.tsv"
    before = terms.read_bytes()
    for args in (
        ["agent", "エージェント", "--policy", "translit"],
        ["transformer block", "トランス"],
        ["agent", "ｴｰｼﾞｪﾝﾄ"],
        ["agent", ""],
    ):
        code, out, err = run_cli(
            monkeypatch, capsys, "glossary", "add", *args, "--file", str(terms)
        )
        assert code == 2, (args, out, err)
        one_line_error(err)
        assert terms.read_bytes() == before


def test_export_import_tbx_round_trip(team: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    tbx = tmp_path / "out.tbx"
    code, _, _ = run_cli(monkeypatch, capsys, "glossary", "export", "-o", str(tbx), *opts(team))
    assert code == 0 and b"<martif" in tbx.read_bytes()
    target = tmp_path / "imported" / "all.tsv"
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "import", str(tbx), "--into", str(target)
    )
    assert code == 0 and "3 added" in out
    original = {e.term: e for f in team.glob("*.tsv") for e in read_entries(f)}
    imported = {e.term: e for e in read_entries(target)}
    assert {t: e.with_origin(None, 0) for t, e in original.items()} == {
        t: e.with_origin(None, 0) for t, e in imported.items()
    }
    # importing again changes nothing; --replace with a CSV subset replaces
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "import", str(tbx), "--into", str(target)
    )
    assert "0 added, 0 updated, 3 unchanged" in out
    csv = tmp_path / "one.csv"
    csv.write_text("term,ja\nagent,エージェント\n", encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "import", str(csv), "--into", str(target), "--replace"
    )
    assert code == 0 and "3 removed" in out
    assert [e.term for e in read_entries(target)] == ["agent"]


def test_export_csv_to_stdout(team: Path, monkeypatch, capsys) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "export", "-f", "csv", *opts(team))
    assert code == 0
    assert (
        out.lstrip("\ufeff").splitlines()[0] == "term,ja,policy,forbidden,variants,pos,note,source"
    )


def test_check_reports_and_exit_codes(team: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    src = tmp_path / "week.md"
    src.write_text("Efficiently Scaling Transformer Inference with fine-tuning\n", encoding="utf-8")
    good = tmp_path / "good.ja.md"
    good.write_text(
        "ファインチューニングによるTransformer推論の効率的なスケーリング\n", encoding="utf-8"
    )
    bad = tmp_path / "bad.ja.md"
    bad.write_text("微調整によるトランス推論の効率的なスケーリング\n", encoding="utf-8")

    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "check", str(src), str(good), *opts(team)
    )
    assert code == 0 and "term accuracy: 100.00% (3/3" in out

    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "check", "--json", str(src), str(bad), *opts(team)
    )
    assert code == 0
    report = json.loads(out)
    assert report["accuracy"] == pytest.approx(100 / 3, abs=0.01)  # percent
    assert {f["forbidden"] for f in report["forbidden"]} == {"微調整", "トランス"}
    missing = {t["term"] for t in report["terms"] if not t["ok"]}
    assert missing == {"Transformer", "fine-tuning"}

    code, _, err = run_cli(
        monkeypatch,
        capsys,
        "glossary",
        "check",
        "--min-accuracy",
        "95",
        str(src),
        str(bad),
        *opts(team),
    )
    assert code == 1
    line = one_line_error(err, "jtrans: quality gate failed: ")
    assert line.endswith("< 95")  # percent, the scale of min_term_accuracy


def test_missing_files_and_broken_glossaries_are_one_line_errors(
    team: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    code, _, err = run_cli(
        monkeypatch, capsys, "glossary", "check", "nope.md", "nope.ja.md", *opts(team)
    )
    assert code == 3 and "nope.md" in one_line_error(err)  # input file problem
    broken = tmp_path / "broken.tsv"
    broken.write_text("term\tja\tpolicy\nagent\tエージェント\tmaybe\n", encoding="utf-8")
    code, _, err = run_cli(
        monkeypatch, capsys, "glossary", "list", "--no-default", "-g", str(broken)
    )
    assert code == 5 and "broken.tsv:2: unknown policy 'maybe'" in one_line_error(err)
    code, _, err = run_cli(monkeypatch, capsys, "glossary", "import", str(broken) + ".xyz")
    assert code == 2
    one_line_error(err)


def test_config_paths_layer_over_the_default(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.tsv").write_text(
        HEADER + "agent\tエージェント型システム\ttranslate\t\t\t\t\t\n", encoding="utf-8"
    )
    (tmp_path / "jtrans.toml").write_text('[glossary]\npaths = ["team.tsv"]\n', encoding="utf-8")
    code, out, err = run_cli(monkeypatch, capsys, "glossary", "find", "エージェント型システム")
    assert code == 0 and out.startswith("agent\tエージェント型システム")
    assert "note:" in err and "overrides" in err  # the default's 'agent' was replaced
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "list", "--policy", "keep")
    assert "Transformer\t\tkeep" in out.splitlines()  # the default glossary is still loaded


def test_mine_lists_candidates(team: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    md = tmp_path / "d.md"
    md.write_text(
        "| 1) **X** uses LLMs and GRPO. GRPO helps LLMs. GRPO again with fine-tuning. |\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "glossary",
        "mine",
        str(md),
        "--min-count",
        "2",
        "--uncovered",
        *opts(team),
    )
    assert code == 0
    counts = dict(reversed(line.split("\t")) for line in out.splitlines())
    assert counts["GRPO"] == "3" and "fine-tuning" not in counts


def test_add_without_file_goes_to_the_user_glossary_outside_a_project(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Never the copy installed with the package: the user's folder, named in the message,
    and loaded as a layer by every later run."""
    import os

    from jtrans.glossary import default_paths

    monkeypatch.chdir(tmp_path)
    shipped = {f: f.read_bytes() for p in default_paths() for f in p.glob("*.tsv")}
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "add", "zorblax decoding", "ゾルブラックス復号"
    )
    user = Path(os.environ["JTRANS_CONFIG_DIR"]) / "glossary" / "terms.tsv"
    assert code == 0 and "your user glossary" in out and str(user) in out
    assert [e.term for e in read_entries(user)] == ["zorblax decoding"]
    assert {f: f.read_bytes() for f in shipped} == shipped
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "find", "zorblax")
    assert code == 0 and "ゾルブラックス復号" in out


def test_add_without_file_goes_to_the_project_glossary(tmp_path: Path, monkeypatch, capsys) -> None:
    project = tmp_path / "blog"
    (project / "terms").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.jtrans.glossary]\npaths = ["terms"]\n')
    (project / "posts").mkdir()
    monkeypatch.chdir(project / "posts")
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "add", "zorblax", "ゾルブラックス")
    assert code == 0 and "project glossary" in out
    assert [e.term for e in read_entries(project / "terms" / "terms.tsv")] == ["zorblax"]


def test_import_into_a_standalone_file_ignores_other_tsv_next_to_it(
    team: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Exported terms imported back next to another copy of them: not a layer, no clash."""
    tbx = tmp_path / "terms.tbx"
    run_cli(monkeypatch, capsys, "glossary", "export", "-o", str(tbx), *opts(team))
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    (out_dir / "copy.tsv").write_bytes((team / "terms.tsv").read_bytes())
    code, out, err = run_cli(
        monkeypatch, capsys, "glossary", "import", str(tbx), "--into", str(out_dir / "rt.tsv")
    )
    assert code == 0, err
    assert "3 added" in out


def test_mine_uncovered_skips_covered_spellings_and_headings(tmp_path: Path) -> None:
    from collections import Counter

    from jtrans.glossary import Entry, Glossary
    from jtrans.glossary.mine import candidates, uncovered

    text = (
        "## Top ML Papers of the Week\n\n"
        "| 1) **X** - LLMs beat an LLM; Direct Preference Optimization helps LLMs. |\n"
    )
    counts = candidates([text])
    assert not any("Papers" in c or "Week" in c for c in counts)  # no heading text
    gloss = Glossary([Entry("LLM", "", "keep", pos="acronym")])
    left = uncovered(counts, gloss)
    assert {"llm", "llms", "LLM", "LLMs"} & set(counts)
    assert not {"llm", "llms", "LLM", "LLMs"} & set(left)
    assert "Direct Preference Optimization" in left
    assert isinstance(left, Counter)
