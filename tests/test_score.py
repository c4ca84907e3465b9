"""Scoring: tokenizer, metrics (checked against sacrebleu's own CLI), markup integrity and the
``jtrans score`` / ``jtrans eval`` commands with their quality gates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from jtrans import metrics, score, tokenizers
from jtrans.metrics import markup

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SACREBLEU = Path(sys.executable).with_name("sacrebleu")

HYPS = [
    "Transformerの推論を高速化します。",
    "大規模言語モデルは人間の選好に合わせて調整されます。",
    "本研究ではLoRAを用いた新しい手法を提案します。",
    "結果",
    "強化学習(RLHF)は効果的ですが、ラベルの収集が課題です。",
]
REFS = [
    "Transformerの推論を高速化する手法を示しています。",
    "大規模言語モデルを人間の選好に合わせるのに効果的です。",
    "本研究では、LoRAを用いた新たな手法を提案しています。",
    "主な結果として、性能が向上しました。",
    "人間のフィードバックからの強化学習(RLHF)は効果的ですが、ラベル収集がボトルネックです。",
]


# --- tokenizer ---------------------------------------------------------------------------
def test_tokenizer_splits_unidic_words_and_keeps_placeholders() -> None:
    tok = tokenizers.get("ja-unidic")
    assert tok("Transformer の推論⟦0⟧を高速化します。") == (
        "Transformer の 推論 ⟦0⟧ を 高速 化 し ます 。"
    )
    assert re.fullmatch(r"ja-unidic\(fugashi-[\d.]+,unidic-lite-1\.0\.8\)", tok.signature())
    with pytest.raises(ValueError):
        tokenizers.get("nope")


# --- metrics vs sacrebleu CLI --------------------------------------------------------------
def _sacrebleu(*args: str) -> list[float]:
    if not SACREBLEU.exists():
        pytest.skip("sacrebleu console script not installed next to the interpreter")
    out = subprocess.run(
        [str(SACREBLEU), *args, "-b", "-w", "4"], capture_output=True, text=True, check=True
    ).stdout
    return [float(x) for x in out.split()]


@settings(deadline=None, max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            ["モデル", "の", "性能", "を", "⟦0⟧", "⟦12⟧", " ", "　", "GPT-4o", "学習", "。"]
        )
        | st.text(alphabet="あいうアイウ漢字abc 1.,", max_size=6),
        max_size=12,
    ).map("".join)
)
def test_words_are_the_surfaces_of_the_morphemes(text: str) -> None:
    """``words`` (the repetition check's and BLEU's tokens) parses without reading features;
    it gives exactly the surfaces of ``morphemes``, placeholders whole, no whitespace."""
    from jtrans.tokenizers.ja_unidic import clear_cache, morphemes, words

    clear_cache()
    assert words(text) == [m.surface for m in morphemes(text) if m.surface.strip()]


def test_bleu_matches_sacrebleu_cli_on_tokenised_text(tmp_path: Path) -> None:
    bleu = metrics.get("bleu")
    hyp, ref = tmp_path / "hyp.tok", tmp_path / "ref.tok"
    hyp.write_text("\n".join(bleu.tokenize(HYPS)) + "\n", encoding="utf-8")
    ref.write_text("\n".join(bleu.tokenize(REFS)) + "\n", encoding="utf-8")
    corpus = bleu.corpus_score(HYPS, REFS)
    assert _sacrebleu(str(ref), "-i", str(hyp), "-tok", "none") == [round(corpus.score, 4)]
    cli_seg = _sacrebleu(str(ref), "-i", str(hyp), "-tok", "none", "-sl")
    assert cli_seg == [round(s, 4) for s in bleu.sentence_scores(HYPS, REFS)]
    assert "tok:ja-unidic(fugashi-" in corpus.signature and "tok:none" not in corpus.signature


def test_chrf_matches_sacrebleu_cli(tmp_path: Path) -> None:
    chrf = metrics.get("chrf")
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    corpus = chrf.corpus_score(HYPS, REFS)
    assert _sacrebleu(str(ref), "-i", str(hyp), "-m", "chrf") == [round(corpus.score, 4)]
    cli_seg = _sacrebleu(str(ref), "-i", str(hyp), "-m", "chrf", "-sl")
    assert cli_seg == [round(s, 4) for s in chrf.sentence_scores(HYPS, REFS)]


def test_identical_text_scores_100() -> None:
    report = score.score(REFS, REFS)
    assert report.bleu.score == pytest.approx(100.0)
    assert report.chrf.score == pytest.approx(100.0)
    assert report.markup.score == 100.0


# --- markup ------------------------------------------------------------------------------
def test_markup_extracts_protected_items() -> None:
    items = markup.extract(
        "See [paper](https://arxiv.org/abs/2308.1) and `pip install x`, $O(n)$, ⟦3⟧, "
        "https://github.com/a/b. [top](./#week)"
    )
    assert set(items["url"]) == {
        "https://arxiv.org/abs/2308.1",
        "https://github.com/a/b",
        "./#week",
    }
    assert list(items["code"]) == ["`pip install x`"]
    assert list(items["math"]) == ["$O(n)$"]
    assert list(items["placeholder"]) == ["⟦3⟧"]


def test_markup_compare_reports_missing_and_extra() -> None:
    src = "Read [the paper](https://arxiv.org/abs/1) with `torch.compile`."
    good = "[論文](https://arxiv.org/abs/1)を`torch.compile`とともに読みます。"
    bad = "[論文](https://arxiv.org/abs/2)を読みます。"
    assert markup.compare(good, src) == []
    assert markup.compare(bad, src) == [
        "url missing: https://arxiv.org/abs/1",
        "url extra: https://arxiv.org/abs/2",
        "code missing: `torch.compile`",
    ]


def test_markup_documents_tables_and_code() -> None:
    base = "| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nx = 1\n```\n"
    assert markup.compare_documents(base, base) == []
    broken = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n```py\nx = 2\n```\n"
    issues = markup.compare_documents(broken, base)
    assert "table shape: 3x2 (expected 2x2)" in issues
    assert any(i.startswith("code block missing") for i in issues)


def test_visible_text_drops_targets_keeps_labels() -> None:
    assert score.visible_text("**[Paper](https://x.y/1)** at <https://a.b> see https://c.d/e") == (
        "Paper at see"
    )


# --- jtrans score ------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _outside_the_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder without config: the repo's own [tool.jtrans.quality] gate (CI's) must
    not apply to these tests' files."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    return hyp, ref


def test_score_gate(monkeypatch, capsys, pair) -> None:
    hyp, ref = map(str, pair)
    code, out, err = run_cli(monkeypatch, capsys, "score", hyp, ref, "--min-bleu", "100")
    assert code == 1
    assert re.fullmatch(
        r"jtrans: quality gate failed: BLEU \d+\.\d\d < 100", one_line_error(err, "jtrans")
    )
    assert "BLEU" in out and "worst" in out
    # the worst segments say which line is the translation and which the reference
    assert "hyp: " in out and "ref: " in out
    code, _, err = run_cli(monkeypatch, capsys, "score", hyp, ref, "--min-bleu", "0")
    assert (code, err) == (0, "jtrans: quality gate passed (BLEU ≥ 0)\n")


def test_score_json(monkeypatch, capsys, pair) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "score", *map(str, pair), "--json", "--worst", "2")
    data = json.loads(out)
    expected = metrics.get("bleu").corpus_score(HYPS, REFS).score
    assert code == 0 and data["bleu"] == round(expected, 2)
    assert data["signatures"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:ja-unidic(")
    assert data["counts"]["segments"] == 5 and data["passed"] is True
    chrf = metrics.get("chrf").sentence_scores(HYPS, REFS)
    order = sorted(range(5), key=lambda i: chrf[i])[:2]
    assert [w["label"] for w in data["worst"]] == [f"line {i + 1}" for i in order]
    assert [w["chrf"] for w in data["worst"]] == [round(chrf[i], 2) for i in order]
    assert data["term_accuracy"] is None and "needs the source" in data["notes"][0]


def test_score_min_chrf_and_multiple_reasons(monkeypatch, capsys, pair) -> None:
    code, _, err = run_cli(
        monkeypatch, capsys, "score", *map(str, pair), "--min-chrf", "99", "--min-bleu", "99"
    )
    line = one_line_error(err, "jtrans: quality gate failed: ")
    assert code == 1 and "BLEU" in line and "chrF" in line and ";" in line


@pytest.mark.parametrize(
    ("hyp_text", "message"),
    [
        ("one line\n", "has 1 lines but"),
        (None, "no such file"),
    ],
)
def test_score_bad_input(monkeypatch, capsys, tmp_path, pair, hyp_text, message) -> None:
    hyp = tmp_path / "bad.txt"
    if hyp_text is not None:
        hyp.write_text(hyp_text, encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "score", str(hyp), str(pair[1]))
    assert code == 3 and message in one_line_error(err)  # input file problem


POST_EN = """## Top papers

| **Paper** | **Links** |
| --- | --- |
| 1) **Fast** - speeds up Transformer inference with `vllm`. | [Paper](https://arxiv.org/abs/1) |

Pre-training and fine-tuning, see https://example.com/x.
"""
POST_JA = """## トップ論文

| **Paper** | **Links** |
| --- | --- |
| 1) **高速** - `vllm`でTransformerの推論を高速化します。 | [Paper](https://arxiv.org/abs/1) |

事前学習とファインチューニングについては https://example.com/x を参照してください。
"""


def _glossary(tmp_path: Path) -> Path:
    g = tmp_path / "gloss.tsv"
    g.write_text(
        "term\tja\tpolicy\tforbidden\n"
        "Transformer\tTransformer\tkeep\tトランス\n"
        "pre-training\t事前学習\ttranslate\t\n"
        "fine-tuning\tファインチューニング\ttranslate\t\n",
        encoding="utf-8",
    )
    return g


def test_score_markdown_with_source(monkeypatch, capsys, tmp_path) -> None:
    src, ref, hyp = tmp_path / "p.md", tmp_path / "p.ja.md", tmp_path / "p.hyp.md"
    src.write_text(POST_EN, encoding="utf-8")
    ref.write_text(POST_JA, encoding="utf-8")
    hyp.write_text(POST_JA.replace("arxiv.org/abs/1", "arxiv.org/abs/9"), encoding="utf-8")
    args = ["score", str(hyp), str(ref), "--source", str(src), "-g", str(_glossary(tmp_path))]
    # -g layers on top of the shipped glossary; this test scores the small one alone
    (tmp_path / "jtrans.toml").write_text("[glossary]\ndefault = false\n", encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--json")
    data = json.loads(out)
    assert code == 0 and data["counts"]["segments"] == 6  # heading, 4 cells, paragraph
    assert data["term_accuracy"] == 100.0 and data["counts"]["terms"] == 3
    assert data["markup_integrity"] == pytest.approx(100 * 5 / 6, abs=0.01)
    assert any("url missing: https://arxiv.org/abs/1" in i for i in data["markup_issues"])
    code, _, err = run_cli(monkeypatch, capsys, *args, "--min-term-accuracy", "100")
    assert code == 0
    hyp.write_text(POST_JA.replace("事前学習", "プレトレーニング"), encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, *args, "--min-term-accuracy", "90")
    assert code == 1 and "term accuracy 66.67 < 90" in one_line_error(err, "jtrans")


def test_score_markdown_structure_mismatch(monkeypatch, capsys, tmp_path) -> None:
    ref, hyp = tmp_path / "p.ja.md", tmp_path / "h.md"
    ref.write_text(POST_JA, encoding="utf-8")
    hyp.write_text("## 見出しだけ\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "score", str(hyp), str(ref))
    assert code == 3 and "has 1 segments but" in one_line_error(err)


def test_thresholds_from_config(monkeypatch, capsys, pair) -> None:
    (pair[0].parent / "jtrans.toml").write_text("[quality]\nmin_chrf = 99.5\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "score", *map(str, pair))
    assert code == 1 and "chrF" in one_line_error(err, "jtrans: quality gate failed")
    code, _, _ = run_cli(monkeypatch, capsys, "score", *map(str, pair), "--min-chrf", "0")
    assert code == 0
    (pair[0].parent / "jtrans.toml").write_text("[quality]\nmin_blue = 1\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "score", *map(str, pair))
    assert code == 2 and "min_blue" in one_line_error(err)


# --- jtrans eval -------------------------------------------------------------------------
@pytest.mark.shared
def test_eval_dev_set_identity(monkeypatch, capsys) -> None:
    dev = SHARED / "eval" / "digest-dev.tsv"
    if not dev.exists():
        pytest.skip(f"{dev} not found (../shared is not checked out)")
    code, out, _ = run_cli(monkeypatch, capsys, "eval", str(dev), "--engine", "identity", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["counts"]["segments"] == 19 and data["items"] == 19
    assert 0 <= data["bleu"] < 20 and 0 <= data["chrf"] < 30  # English vs Japanese
    assert "term_accuracy" in data and data["markup_integrity"] == 100.0


def test_eval_tsv_with_glossary_and_save(monkeypatch, capsys, tmp_path) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text(
        "Transformer pre-training.\tTransformerの事前学習。\n\nWe use `pip`.\t`pip`を使います。\n",
        encoding="utf-8",
    )
    save = tmp_path / "out" / "hyp.txt"
    args = ["eval", str(tsv), "-e", "identity", "-g", str(_glossary(tmp_path)), "--json"]
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--save-hyp", str(save))
    data = json.loads(out)
    assert code == 0 and data["counts"]["segments"] == 2
    assert data["term_accuracy"] == 50.0  # identity keeps "Transformer" but not 事前学習
    assert save.read_text(encoding="utf-8") == "Transformer pre-training.\nWe use `pip`.\n"
    code, _, err = run_cli(monkeypatch, capsys, *args, "--min-term-accuracy", "80")
    assert code == 1 and "term accuracy 50.00 < 80" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("only english\n", ":1: expected 'English<TAB>Japanese', found 1 field(s)"),
        ("a\tb\tc\n", ":1: expected 'English<TAB>Japanese', found 3 field(s)"),
        ("ok\tよい\n\t空\n", ":2: empty English side"),
        ("\n\n", "no sentence pairs"),
    ],
)
def test_eval_malformed_tsv(monkeypatch, capsys, tmp_path, content, message) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(content, encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(tsv), "-e", "identity")
    assert code == 3 and message in one_line_error(err)


def test_eval_errors(monkeypatch, capsys, tmp_path) -> None:
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(tmp_path / "nope.tsv"))
    assert code == 3 and "no such file" in one_line_error(err)
    tsv = tmp_path / "s.tsv"
    tsv.write_text("a b c\tあ\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(tsv), "-e", "warp-drive")
    assert code == 2 and "unknown engine" in one_line_error(err)
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(tsv), "--model", str(tmp_path / "no"))
    assert code == 4 and "does not exist" in one_line_error(err)  # model problem


def test_eval_posts_folder(monkeypatch, capsys, tmp_path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "w1.md").write_text(POST_EN, encoding="utf-8")
    (posts / "w1.ja.md").write_text(POST_JA, encoding="utf-8")
    out_dir = tmp_path / "hyps"
    code, out, _ = run_cli(
        monkeypatch, capsys, "eval", str(posts), "-e", "identity", "--json",
        "--no-glossary", "--save-hyp", str(out_dir),
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["items"] == 1 and data["counts"]["segments"] == 6
    assert data["markup_integrity"] == 100.0 and data["markup_issues"] == []
    assert data["worst"][0]["label"].startswith("w1.md: ")
    assert (out_dir / "w1.ja.md").read_text(encoding="utf-8") == POST_EN
    (posts / "w2.ja.md").write_text(POST_JA, encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(posts), "-e", "identity")
    assert code == 3 and "no English post w2.md" in one_line_error(err)


def test_score_counts_fallbacks_and_empty(monkeypatch, capsys, tmp_path) -> None:
    hyp, ref, src = tmp_path / "h.txt", tmp_path / "r.txt", tmp_path / "s.txt"
    src.write_text("A new method.\nTwo.\nThree `x`.\n", encoding="utf-8")
    ref.write_text("新しい手法です。\n二つ。\n三つの `x`。\n", encoding="utf-8")
    hyp.write_text("〔未翻訳〕A new method.\n\n三つの `y`。\n", encoding="utf-8")
    args = ["score", str(hyp), str(ref), "-s", str(src), "--no-glossary", "--json", "--worst", "0"]
    code, out, _ = run_cli(monkeypatch, capsys, *args)
    data = json.loads(out)
    assert code == 0 and data["worst"] == []
    assert data["counts"]["fallbacks"] == 1 and data["counts"]["empty_hypotheses"] == 1
    assert data["markup_issues"] == ["line 3: code missing: `x`", "line 3: code extra: `y`"]
    assert data["notes"] == ["term accuracy skipped: --no-glossary"]


def test_score_rejects_binary(monkeypatch, capsys, tmp_path, pair) -> None:
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")  # read by jtrans.reader: its byte order mark is named
    code, _, err = run_cli(monkeypatch, capsys, "score", str(bad), str(pair[1]))
    assert code == 3 and "is UTF-16 text" in one_line_error(err)  # input file problem
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run_cli(monkeypatch, capsys, "score", str(bad), str(pair[1]))
    assert code == 3 and "looks like a binary file" in one_line_error(err)


def test_markdown_labels_use_source_lines() -> None:
    aligned = score.align_markdown("## 見出し\n\n本文です。\n", "## 見出し\n\n本文。\n")
    assert aligned.labels == ["HYP heading line 1", "HYP paragraph line 3"]
    assert aligned.hyps == ["見出し", "本文です。"]


def test_eval_never_saves_over_the_set_or_its_references(monkeypatch, capsys, tmp_path) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text("A new method.\t新しい手法です。\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(tsv), "-e", "upper", "--save-hyp",
                           str(tsv))  # fmt: skip
    assert code == 2 and "is the evaluation set itself" in one_line_error(err)
    assert tsv.read_text(encoding="utf-8") == "A new method.\t新しい手法です。\n"
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "w1.md").write_text(POST_EN, encoding="utf-8")
    (posts / "w1.ja.md").write_text(POST_JA, encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(posts), "-e", "upper", "--save-hyp",
                           str(posts))  # fmt: skip
    assert code == 2 and "evaluation folder" in one_line_error(err)
    assert (posts / "w1.ja.md").read_text(encoding="utf-8") == POST_JA
