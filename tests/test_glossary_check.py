"""``Glossary.check``: term accuracy and forbidden renderings on hand-written pairs."""

from __future__ import annotations

import pytest

from jtrans.glossary import Entry, Glossary

G = Glossary(
    [
        Entry(
            "Transformer",
            policy="keep",
            pos="noun",
            variants=("transformer",),
            forbidden=("トランス", "変圧器"),
        ),
        Entry("inference", "推論"),
        Entry("fine-tuning", "ファインチューニング", forbidden=("微調整",)),
        Entry("LLM", policy="keep", pos="acronym"),
        Entry("Chinchilla", policy="keep", pos="name", forbidden=("チンチラ",)),
        Entry("Mixture-of-Experts", "混合エキスパート", policy="keep+gloss"),
        Entry("we", "私たち", pos="check-only", forbidden=("ユニティ",)),
        Entry("quantized", "量子化", pos="verb", forbidden=("定量的な",)),
    ]
)


def test_correct_translation_scores_one() -> None:
    source = "Efficiently Scaling Transformer Inference for LLMs with fine-tuning."
    translation = "LLMのためのTransformer推論の効率的なスケーリングとファインチューニング。"
    report = G.check(source, translation)
    assert report.accuracy == 1.0
    assert report.total == 4 and report.satisfied == 4
    assert report.forbidden == [] and report.ok


def test_seed_mistranslations_are_flagged() -> None:
    source = "Efficiently Scaling Transformer Inference. We train Chinchilla. QLoRA: quantized LLMs"
    translation = (
        "トランス推論の効率的なスケーリング。ユニティはチンチラを訓練する。QLoRA: 定量的なLLM"
    )
    report = G.check(source, translation)
    bad = {(f.term, f.forbidden) for f in report.forbidden}
    assert bad == {
        ("Transformer", "トランス"),
        ("we", "ユニティ"),
        ("Chinchilla", "チンチラ"),
        ("quantized", "定量的な"),
    }
    missing = {t.term for t in report.missing}
    assert missing == {"Transformer", "Chinchilla", "quantized"}
    # inference→推論 and LLM are right: 2 of 5 occurrences
    assert report.total == 5 and report.satisfied == 2
    assert report.accuracy == pytest.approx(0.4)


def test_counts_occurrences_not_just_presence() -> None:
    source = "fine-tuning, more fine-tuning and finetuning"
    report = G.check(source, "ファインチューニングと微調整と微調整")
    (term,) = report.terms
    assert (term.source_count, term.found_count, term.satisfied) == (3, 1, 1)
    assert report.accuracy == pytest.approx(1 / 3)
    assert [(f.forbidden, f.count) for f in report.forbidden] == [("微調整", 2)]


def test_keep_terms_accept_plurals_and_gloss() -> None:
    source = "Mixture-of-Experts LLMs"
    report = G.check(source, "Mixture-of-Experts（混合エキスパート）のLLM")
    assert report.accuracy == 1.0


def test_forbidden_inside_a_required_rendering_is_not_counted() -> None:
    g = Glossary(
        [
            Entry("Transformer", policy="keep", forbidden=("トランス",)),
            Entry("transducer", "トランスデューサ"),
        ]
    )
    report = g.check("a Transformer transducer", "Transformerトランスデューサ")
    assert report.forbidden == [] and report.accuracy == 1.0


def test_code_and_urls_are_ignored() -> None:
    source = "See `inference()` at https://x.org/inference and [inference](https://a.b/LLM)."
    report = G.check(
        source, "`inference()` は https://x.org/inference と [推論](https://a.b/LLM)。"
    )
    assert report.total == 1 and report.accuracy == 1.0


def test_no_terms_means_accuracy_one() -> None:
    report = G.check("Hello world.", "こんにちは。")
    assert report.total == 0 and report.accuracy == 1.0


def test_report_as_dict() -> None:
    data = G.check("Transformer inference", "トランス推論").to_dict()
    assert data["accuracy"] == 50.0 and data["total"] == 2  # percent, as everywhere
    assert {t["term"]: t["ok"] for t in data["terms"]} == {"Transformer": False, "inference": True}
    assert data["forbidden"][0]["forbidden"] == "トランス"


def test_links_kept_as_written_are_not_counted_but_translated_labels_are() -> None:
    g = Glossary([Entry("paper", "論文", variants=("papers",))])
    source = "| **Paper** | [Paper](https://arxiv.org/abs/1), [Tweet](https://x.com/a) |"
    kept = "| **論文** | [Paper](https://arxiv.org/abs/1), [Tweet](https://x.com/a) |"
    assert g.check(source, kept).total == 1 and g.check(source, kept).accuracy == 1.0
    relabelled = "| **論文** | [論文](https://arxiv.org/abs/1), [Tweet](https://x.com/a) |"
    assert g.check(source, relabelled).total == 2 and g.check(source, relabelled).accuracy == 1.0
    untranslated = "| **Paper** | [Paper](https://arxiv.org/abs/1), [Tweet](https://x.com/a) |"
    assert g.check(source, untranslated).accuracy == 0.0


def test_a_name_that_is_a_prefix_of_another_is_not_miscounted() -> None:
    """DeepSeek-R1 0/1 and DeepSeek 2/1 when both occur (each alone was fine)."""
    from jtrans.glossary import Entry, Glossary

    names = [
        Entry("DeepSeek", "", "keep", pos="name"),
        Entry("DeepSeek-R1", "", "keep", pos="name"),
    ]
    en = "Models like DeepSeek-R1 reason.\nLLMs like DeepSeek code.\n"
    ja = "DeepSeek-R1のようなモデルは推論します。\nDeepSeekのようなLLMはコードを書きます。\n"
    for entries in (names, names[::-1]):
        report = Glossary(entries).check(en, ja)
        counts = {t.term: (t.found_count, t.source_count) for t in report.terms}
        assert counts == {"DeepSeek": (1, 1), "DeepSeek-R1": (1, 1)}
        assert report.accuracy == 1.0


def test_kept_names_count_the_same_on_both_sides() -> None:
    """Real weeks, jtrans qa: "OpenAI-o1-0912" counted as OpenAI in the English and as the o1
    variant "OpenAI-o1" in the Japanese (0 of 1 kept); "diffu‑GRPO" with a non-breaking hyphen
    counted GRPO in the English, while the pipeline writes diffu-GRPO, where it did not."""
    from jtrans.glossary import Entry, Glossary

    entries = [
        Entry("OpenAI", "", "keep", pos="name"),
        Entry("o1", "", "keep", pos="name", variants=("OpenAI-o1",)),
        Entry("GRPO", "", "keep", pos="acronym"),
    ]
    en = "It matches OpenAI-o1-0912's score; close to OpenAI-o1-mini. Then diffu\u2011GRPO runs."
    ja = "OpenAI-o1-0912のスコアに匹敵。OpenAI-o1-miniに近い。次にdiffu-GRPOを実行します。"
    report = Glossary(entries).check(en, ja)
    counts = {t.term: (t.found_count, t.source_count) for t in report.terms}
    assert all(found >= source for found, source in counts.values()), counts
    assert report.accuracy == 1.0


def test_terms_inside_a_name_kept_in_english_are_not_asked_for() -> None:
    """Real weeks, jtrans qa: 30 of 38 missing-rendering warnings were terms inside a name the
    translation kept as written (Group Relative Policy Optimization (GRPO) asks for no
    方策最適化); a term outside the name, or in a name the translation did not keep, still is."""
    g = Glossary(
        [
            Entry("policy optimization", "方策最適化"),
            Entry("preference optimization", "選好最適化"),
            Entry("content", "コンテンツ"),
        ]
    )
    en = (
        "It uses Group Relative Policy Optimization (GRPO) for policy optimization. "
        "Introduces Diverse Preference Optimization (DivPO) for preference optimization."
    )
    kept = (
        "Group Relative Policy Optimization(GRPO)を方策最適化に使用します。"
        "選好最適化のためのDiverse Preference Optimization(DivPO)を導入します。"
    )
    counts = {t.term: (t.found_count, t.source_count) for t in g.check(en, kept).terms}
    assert counts == {"policy optimization": (1, 1), "preference optimization": (1, 1)}
    # the name translated, the term outside it left out: both asked for again
    translated = "グループ相対方策最適化(GRPO)を使用します。多様な選好最適化(DivPO)を導入します。"
    counts = {t.term: (t.found_count, t.source_count) for t in g.check(en, translated).terms}
    assert counts == {"policy optimization": (1, 2), "preference optimization": (1, 2)}
    # a title kept in part: "A Survey of" translated, "AI-Generated Content" kept
    report = g.check("A Survey of AI-Generated Content", "AI-Generated Contentのサーベイ")
    assert report.total == 0


def test_a_kept_name_inside_a_long_run_of_capitalised_words_is_still_found() -> None:
    """A name is looked for among parts of at most eight capitalised words, so a wall of Title
    Case text (thousands of words) is no quadratic search; the name inside it still counts."""
    g = Glossary([Entry("policy optimization", "方策最適化")])
    wall = " ".join(["Many Capitalised Words"] * 700)
    en = f"{wall} Group Relative Policy Optimization {wall}"
    report = g.check(en, "Group Relative Policy Optimizationを使います。")
    assert report.total == 0  # kept as written: nothing asked for
    report = g.check(en, "グループ相対方策最適化を使います。")
    assert (report.total, report.satisfied) == (1, 1)


def test_a_forbidden_rendering_inside_a_longer_katakana_word_is_another_word() -> None:
    """トランス in トランスクリプト is no rendering of Transformer, and ビデオ in インターネット
    ビデオ is left by jtrans's mending: the check does not count what mend.apply would not
    replace."""
    glossary = Glossary(
        [
            Entry("Transformer", policy="keep", pos="noun", forbidden=("トランス",)),
            Entry("video", "動画", pos="check-only", forbidden=("ビデオ",), variants=("videos",)),
        ]
    )
    source = "A Transformer writes a transcript of internet videos."
    assert glossary.check(source, "Transformerはインターネットビデオのトランスクリプトを書く").ok
    assert _forbidden(glossary, source, "Transformerはビデオのトランスを書く。") == [("ビデオ", 1)]
    # a check-only entry's every one counts (up to its term's occurrences), as jtrans mends
    # them all: its forbidden renderings are that word only
    assert _forbidden(glossary, "A video.", "動画とビデオ。") == [("ビデオ", 1)]


def test_a_check_only_rendering_counts_on_the_lines_whose_english_has_the_term() -> None:
    """The row "presents" → 提示 is a check-only row whose forbidden 提供 is also the right word for
    "provides": on another line of the post it is that word, not "presents" misread (the
    pipeline mends it sentence by sentence); on the same line it counts."""
    presents = Entry("presents", "提示", pos="check-only", forbidden=("提供",))
    glossary = Glossary([presents])
    source = "- provides an overview.\n- presents a benchmark.\n"
    assert glossary.check(source, "- 概要を提供します。\n- ベンチマークを提示します。\n").ok
    two = "- 概要を提供します。\n- ベンチマークを提供します。\n"
    assert _forbidden(glossary, source, two) == [("提供", 1)]
    # the same line: up to the term's count there
    assert _forbidden(glossary, "presents and provides it.", "提示し提供する。") == [("提供", 1)]
    # lines that do not pair up (a translation that joined them): the whole text, as before
    joined = "概要を提供し、ベンチマークを提示します。"
    assert _forbidden(glossary, source, joined) == [("提供", 1)]


def _forbidden(glossary: Glossary, source: str, translation: str) -> list[tuple[str, int]]:
    """(forbidden rendering, count) of each one ``check`` reports."""
    return [(f.forbidden, f.count) for f in glossary.check(source, translation).forbidden]
