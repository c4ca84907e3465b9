"""Training-data preparation: placeholders in the training pairs look like run-time input."""

from __future__ import annotations

import pytest

from jtrans import dates, names, quantities
from jtrans.glossary import load
from jtrans.placeholders import find
from jtrans.train.prepare import (
    detok_ja,
    glossary_pair,
    keep,
    protect_pair,
    replace_word,
    rule_pair,
    without_era,
)


def test_spans_on_both_sides_share_placeholders_in_source_order() -> None:
    en, ja = protect_pair(
        "See [the guide](https://a.b/c) for $x^2$ and `trl`.",
        "`trl` と $x^2$ の詳細は[ガイド](https://a.b/c)を参照。",
    )
    assert en == "See ⟦0⟧the guide⟦1⟧ for ⟦2⟧ and ⟦3⟧."
    assert ja == "⟦3⟧ と ⟦2⟧ の詳細は⟦0⟧ガイド⟦1⟧を参照。"


def test_spans_without_a_partner_stay_text() -> None:
    en, ja = protect_pair("Run `pip install x` now.", "今すぐ実行してください。")
    assert (en, ja) == ("Run `pip install x` now.", "今すぐ実行してください。")
    en, ja = protect_pair("Use `a` and `b`.", "`b` を使います。")
    assert en == "Use `a` and ⟦0⟧." and ja == "⟦0⟧ を使います。"


@pytest.fixture(scope="module")
def glossary():
    return load()


def test_glossary_terms_become_placeholders_only_where_the_japanese_uses_them(glossary) -> None:
    en, ja = glossary_pair(
        glossary,
        "Pre-training large language models is costly.",
        "大規模言語モデルの事前学習はコストがかかります。",
    )
    assert en == "⟦0⟧ ⟦1⟧ is costly."
    assert ja == "⟦1⟧の⟦0⟧はコストがかかります。"
    # the Japanese says 微調整, not the glossary's rendering: the term stays English text
    en, ja = glossary_pair(glossary, "We use fine-tuning.", "微調整を使います。")
    assert en == "We use fine-tuning." and ja == "微調整を使います。"


def test_placeholders_are_dense_after_undone_hits(glossary) -> None:
    en, ja = protect_pair("Fine-tuning `x` with RLHF.", "`x` を RLHF で調整します。")
    en, ja = glossary_pair(glossary, en, ja)
    assert sorted(set(find(en))) == list(range(len(set(find(en)))))
    assert sorted(find(en)) == sorted(find(ja))


def test_cleaning_and_detokenisation() -> None:
    assert detok_ja("トロント 大学 へ ようこそ 。") == "トロント大学へようこそ。"
    assert keep("A long enough sentence.", "十分に長い文です。")
    assert not keep("Same", "Same")
    assert not keep("English only here.", "English only here too.")


def test_run_time_rules_become_placeholders_where_the_japanese_has_their_rendering() -> None:
    en, ja = rule_pair(quantities, "It is 4.5x larger and 20% smaller.", "4.5倍大きい、20%小さい。")
    assert (en, ja) == ("It is ⟦0⟧ and ⟦1⟧.", "⟦0⟧、⟦1⟧。")
    # a rendering the Japanese words otherwise (4.5倍高速 for 4.5倍速い) stays text on both sides
    en, ja = rule_pair(quantities, "It is 4.5x faster and 2x wider.", "4.5倍高速で、2倍広い。")
    assert (en, ja) == ("It is 4.5x faster and ⟦0⟧ wider.", "4.5倍高速で、⟦0⟧広い。")
    # "twice as fast as" is rephrased as at run time ("2x faster than"), kept or put back
    en, ja = rule_pair(quantities, "It is twice as fast as X.", "Xより2倍速い。")
    assert (en, ja) == ("It is ⟦0⟧ than X.", "Xより⟦0⟧。")
    en, ja = rule_pair(quantities, "It is twice as fast as X.", "Xの2倍の速さ。")
    assert (en, ja) == ("It is 2x faster than X.", "Xの2倍の速さ。")
    en, ja = rule_pair(names, "LongMix beats WebArena.", "LongMixは強い。")
    assert (en, ja) == ("⟦0⟧ beats WebArena.", "⟦0⟧は強い。")  # WebArena: not in the Japanese
    en, ja = rule_pair(dates, "Out on June 23", "6月23日に公開")
    assert (en, ja) == ("Out on ⟦0⟧", "⟦0⟧に公開")
    assert rule_pair(dates, "Out on June 23", "6月に公開") == ("Out on June 23", "6月に公開")
    # a match the rule turned down (Llama 3 May 2024 is a name) does not shift the spans put
    # back for the placeholders the Japanese lacks
    en, ja = rule_pair(dates, "Llama 3 May 2024 on 24 December", "Llama 3 May 2024を12月に")
    assert (en, ja) == ("Llama 3 May 2024 on 24 December", "Llama 3 May 2024を12月に")


def test_rule_placeholders_follow_existing_ones_and_stay_dense() -> None:
    en, ja = protect_pair("Run `a` 3x and `b` on GSM8K", "`a`を3倍、GSM8Kで`b`")
    en, ja = rule_pair(quantities, en, ja)
    en, ja = rule_pair(names, en, ja)
    assert sorted(set(find(en))) == list(range(4)) and sorted(set(find(ja))) == list(range(4))
    assert "GSM8K" not in en and "3x" not in en


@pytest.mark.parametrize(
    ("en", "ja", "expected"),
    [
        ("A fire in 1939.", "1939年（昭和14年）に火災。", "1939年に火災。"),
        ("He was born in 1850.", "天保3年(1850年)に生まれた。", "1850年に生まれた。"),
        # an era year standing for the English year: the pair would teach the model eras
        ("In 1998, the festival was held.", "平成10年、まつりが開催された。", None),
        # a count of years the English has too, or an era the English names, stays
        (
            "Founded in 1868, it lasted 10 years.",
            "1868年に創設され、以後10年続いた。",
            "1868年に創設され、以後10年続いた。",
        ),
        (
            "In Meiji 2 (1869), it ended.",
            "明治2年（1869年）に終わった。",
            "明治2年（1869年）に終わった。",
        ),
    ],
)
def test_targets_lose_the_era_years_their_english_lacks(en: str, ja: str, expected) -> None:
    assert without_era(en, ja) == expected


@pytest.mark.parametrize(
    ("ja", "value", "expected"),
    [
        ("パラメーターを数える", "パラメータ", None),  # the front of a longer katakana word
        ("パラメータを数える", "パラメータ", "⟦0⟧を数える"),
        ("GPT-4oとGPT-4", "GPT-4", "GPT-4oと⟦0⟧"),
        ("15%と5%", "5%", "15%と⟦0⟧"),
        ("学習率を下げる", "学習", "⟦0⟧率を下げる"),  # kanji compounds are not checked
    ],
)
def test_renderings_are_placed_on_whole_words(ja: str, value: str, expected) -> None:
    assert replace_word(ja, value, "⟦0⟧") == expected


def test_the_digest_mix_keeps_every_held_out_dev_pair(tmp_path) -> None:  # noqa: ANN001
    """``--mix digest`` only re-weights the default mix's files, in the same order, so the dev
    pairs (and the raw abstracts that choose checkpoints) are the same pairs and only the
    training shares change."""
    from jtrans.train.prepare import DEV_RAW_FILE, DIGEST_MIX, MIX, build_text

    assert [name for name, _ in DIGEST_MIX] == [name for name, _ in MIX]
    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    for name, topic in (("ml-abstracts-acl2022.tsv", "abstract"), ("tensorflow-docs.tsv", "doc")):
        rows = [
            f"The {topic} number {k} describes a model.\tモデルを説明する{topic}{k}番。"
            for k in range(200)
        ]
        (corpus / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    default = [("ml-abstracts-acl2022.tsv", 4.0), ("tensorflow-docs.tsv", 2.0)]
    digest = [("ml-abstracts-acl2022.tsv", 4.0), ("tensorflow-docs.tsv", 0.5)]
    one = build_text(tmp_path / "shared", tmp_path / "one", mix=default)
    two = build_text(tmp_path / "shared", tmp_path / "two", mix=digest)
    for name in ("dev.en", "dev.ja", DEV_RAW_FILE):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    assert one["dev"] == two["dev"] == 300
    assert one["tensorflow-docs.tsv"] == 100 and two["tensorflow-docs.tsv"] == 25
    assert one["ml-abstracts-acl2022.tsv"] == two["ml-abstracts-acl2022.tsv"] == 200


def test_self_distilled_pairs_join_the_training_pairs_only(tmp_path) -> None:  # noqa: ANN001
    """``--self``: the distilled pairs (already at the engine's level) are added
    ``self_weight`` times to the training pairs as written; the dev split does not change."""
    from jtrans.train.prepare import build_text

    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    rows = [
        f"The abstract number {k} describes a model.\tモデルを説明する要旨{k}番。"
        for k in range(200)
    ]
    (corpus / "ml-abstracts-acl2022.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    mix = [("ml-abstracts-acl2022.tsv", 1.0)]
    own = [("⟦0⟧ beats ⟦1⟧ on math.", "⟦0⟧は数学で⟦1⟧を上回ります。")]
    plain = build_text(tmp_path / "shared", tmp_path / "plain", mix=mix)
    both = build_text(
        tmp_path / "shared", tmp_path / "both", mix=mix, self_pairs=own, self_weight=3
    )
    assert both["self"] == 3 and both["train"] == plain["train"] + 3
    en = (tmp_path / "both" / "train.en").read_text(encoding="utf-8").splitlines()
    ja = (tmp_path / "both" / "train.ja").read_text(encoding="utf-8").splitlines()
    assert [(e, j) for e, j in zip(en, ja, strict=True) if e == own[0][0]] == own * 3
    assert (tmp_path / "both" / "dev.en").read_text() == (tmp_path / "plain" / "dev.en").read_text()
