"""``jtrans qa``: planted errors in the reviewed example translation are caught, the clean
translation passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run_cli

from jtrans import qa
from jtrans.glossary import default_paths, load

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "post.md"
TRANSLATION = ROOT / "examples" / "post.ja.md"


@pytest.fixture(scope="module")
def glossary():
    return load(default_paths())


def _plant(tmp_path: Path, old: str, new: str) -> Path:
    text = TRANSLATION.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    out = tmp_path / "post.ja.md"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_reviewed_example_passes(monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, "qa", str(SOURCE), str(TRANSLATION))
    assert code == 0, out + err
    assert "0 error(s)" in out


def test_changed_url_dropped_number_and_forbidden_rendering(tmp_path, monkeypatch, capsys):
    text = TRANSLATION.read_text(encoding="utf-8")
    text = text.replace("https://arxiv.org/abs/2506.19832", "https://arxiv.org/abs/2506.19833")
    text = text.replace("最大18%のタスク", "一部のタスク")
    text = text.replace("ファインチューニング", "微調整", 1)
    bad = tmp_path / "post.ja.md"
    bad.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "qa", str(SOURCE), str(bad), "--json")
    assert code == 1
    report = json.loads(out)
    assert not report["ok"]
    issues = [(i["check"], i["severity"], i["message"]) for i in report["issues"]]
    assert ("markup", "error", "url missing: https://arxiv.org/abs/2506.19832") in issues
    assert ("markup", "error", "url extra: https://arxiv.org/abs/2506.19833") in issues
    assert ("numbers", "error", "number '18' of the source is missing") in issues
    assert any(c == "glossary" and s == "error" and "微調整" in m for c, s, m in issues)
    lines = {i["line"] for i in report["issues"] if i["severity"] == "error"}
    src_lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for line in lines:  # every error points at the source line holding the unit
        assert 1 <= line <= len(src_lines)


def test_text_report_names_lines(tmp_path, monkeypatch, capsys):
    bad = _plant(tmp_path, "128Kトークン", "長いトークン")
    code, out, _ = run_cli(monkeypatch, capsys, "qa", str(SOURCE), str(bad))
    assert code == 1
    line = next(n for n, t in enumerate(SOURCE.read_text().splitlines(), 1) if "128K" in t)
    assert f"line {line}: error: numbers: number '128K' of the source is missing" in out


def test_untranslated_unit(glossary):
    src = "# Title\n\nThe model learns to plan with tools.\n\n[Paper](https://a.b/c)\n"
    ja = "# タイトル\n\nThe model learns to plan with tools.\n\n[Paper](https://a.b/c)\n"
    report = qa.check(src, ja, glossary)
    assert [(i.check, i.line) for i in report.errors] == [("untranslated", 3)]
    marked = ja.replace("The model", "〔未翻訳〕The model")
    assert [i.check for i in qa.check(src, marked, glossary).errors] == ["untranslated"]
    ok = ja.replace(
        "The model learns to plan with tools.", "モデルはツールを使った計画を学習します。"
    )
    assert qa.check(src, ok, glossary).issues == []


def test_style_mixing_is_a_warning():
    src = "First point here.\n\nSecond point here.\n\nThird point here.\n"
    ja = "最初の点を示します。\n\n次の点を示す。\n\n三つ目の点を示します。\n"
    report = qa.check(src, ja)
    assert not report.errors
    [warning] = report.warnings
    assert warning.check == "style" and "line(s) 3" in warning.message
    assert qa.check(src, ja.replace("示す。", "示します。")).warnings == []


def test_configured_politeness():
    src = "First point here.\n\nSecond point here.\n"
    plain = "最初の点を示す。\n\n次の点を示す。\n"
    [warning] = qa.check(src, plain, politeness="desu_masu").warnings
    assert "all 2 sentence endings are だ・である" in warning.message
    assert qa.check(src, plain, politeness="da_dearu").issues == []
    assert qa.check(src, plain).issues == []


def test_structure_mismatch():
    report = qa.check("# A title\n\nSome text.\n", "# タイトル\n")
    assert [i.check for i in report.errors] == ["structure"]


def test_units_that_still_line_up_are_checked_after_a_deleted_row():
    """A translator deletes a table row and, elsewhere, changes a URL and drops a number: the
    structure error names where the posts diverge and the other units are still checked."""
    lines = TRANSLATION.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("| 3)"))
    text = text.replace("https://arxiv.org/abs/2506.21407", "https://arxiv.org/abs/2506.21408")
    text = text.replace("予算の30%", "予算の一部")
    report = qa.check(SOURCE.read_text(encoding="utf-8"), text)
    found = {(i.check, i.line) for i in report.errors}
    assert ("structure", 9) in found  # row 3) is line 9 of the English post
    assert ("markup", 7) in found and ("numbers", 7) in found
    # rows after the deleted one are paired with their own translations: no false alarms
    assert not [i for i in report.errors if i.line > 9 and i.check != "structure"]


@pytest.mark.parametrize(
    ("english", "japanese", "missing"),
    [
        ("a 175B model, 3.5% gains in 2023", "1750億パラメータのモデル、3.5％の改善（2023年）", []),
        ("1.5M tokens, 7M more", "150万トークン、さらに700万", []),
        ("1,000 users over 30 days", "1000人のユーザー、３０日間", []),
        ("GSM8K and Qwen2.5-7B on 12 tasks", "GSM8KとQwen2.5-7Bでのタスク", ["12"]),
        ("scores 3.5 and 3", "スコアは3.5", ["3"]),
        ("cuts memory by 4.2x", "メモリを4.2倍削減", []),
        ("Python 3.10 and v1.5, 2025-06-30", "Python 3.10とv1.5、2025年6月30日", []),
        ("Llama-3.1-8B beats GPT-4 by 2.0 points", "Llama-3.1-8BはGPT-4を2ポイント上回る", []),
        ("see [v2](https://x.org/2024) for 7 runs", "[v2](https://x.org/2024)を参照", ["7"]),
        # a scale word with the wrong Japanese magnitude: 70 billion is 700億, not 70億
        ("beyond 70 billion parameters", "70億パラメータを超えて", ["70 billion"]),
        ("beyond 70 billion parameters", "700億パラメータを超えて", []),
        ("a 70B model", "70Bのモデル", []),
        ("1.5M tokens", "1.5万トークン", ["1.5M"]),
        ("5.5 trillion tokens, 15T more", "5.5兆トークン、さらに15T", []),
        ("5.5 trillion tokens", "5. 5の三つのトークン", ["5.5 trillion"]),
        # a title's capitals (real digests: "Retrieval and Reasoning in 1 Million Context Window")
        ("in 1 Million Context Window", "100万コンテキストウィンドウで", []),
        ("Scaling Transformer to 1 Billion Tokens", "Transformerを1億トークンに", ["1 Billion"]),
        # a bare count before a scaled one shares its scale (the 3 of "3 to 34 billion" is 30億)
        ("from 3 to 34 billion parameters", "30億から340億パラメータ", []),
        ("between 10 and 20 million examples", "1000万～2000万の例", []),
        ("from 3 to 34 billion parameters", "3億から340億パラメータ", ["3"]),
        ("from 1,000 to 2 billion", "1000から20億", []),  # 1,000 billion would exceed 2
    ],
)
def test_numbers(english, japanese, missing):
    assert qa.missing_numbers(english, japanese) == missing


def test_both_stdin_refused(monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "qa", "-", "-")
    assert code != 0 and "stdin" in err


def test_a_repeated_missing_number_is_one_finding_and_keep_terms_read_well(glossary) -> None:
    from jtrans.segment import segment

    (unit,) = segment("A 4×4 grid with RL and RL.\n")
    issues = qa.check_unit(unit, "グリッドとRLです。", glossary)
    numbers = [i.message for i in issues if i.check == "numbers"]
    assert numbers == ["number '4' of the source is missing (2 times in the English)"]
    terms = [i.message for i in issues if i.check == "glossary"]
    assert terms == ["'RL' should stay in English: 2 in the English, 1 in the Japanese"]
    assert issues[0].describe().startswith("line 1: ") and "error" not in issues[0].describe()
