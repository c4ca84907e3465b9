"""Post-processing rules on realistic MT output (one group of cases per rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jtrans import config, postprocess
from jtrans.placeholders import find, make
from jtrans.postprocess import (
    FALLBACK_MARKER,
    RULES,
    Finding,
    PostprocessConfig,
    era,
    fallback_text,
    guard,
    is_fallback,
    latin_spacing,
    long_vowel,
    punctuation,
    run,
    spaces,
    stutter,
    style,
    width,
)

LITERALS_IN_SOURCE = PostprocessConfig().without("markup")


# --- spaces ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Transformer の 推論 を 高速 化 し ます", "Transformer の推論を高速化します"),
        ("大規模 言語 モデル （ LLM ） は 有用 です 。", "大規模言語モデル（LLM）は有用です。"),
        ("学習\u3000データ", "学習データ"),
        ("the large model", "the large model"),  # Latin↔Latin spaces stay
    ],
)
def test_spaces(raw: str, expected: str) -> None:
    assert spaces.apply(raw) == expected


@pytest.mark.parametrize(
    "ja, source, expected",
    [
        # real weeks: the consensus picked Magentic-Onene; LLM Agents can Hack → Hackck
        (
            "Magentic-Oneneは複数の⟦0⟧で",
            "Magentic-One achieves on ⟦0⟧.",
            "Magentic-Oneは複数の⟦0⟧で",
        ),
        ("LLMエージェントはHackck可能", "LLM Agents can Hack", "LLMエージェントはHack可能"),
        # a word of the English, a plural, another word: left alone
        ("Llamas と Llama と adds", "Llama and ad", "Llamas と Llama と adds"),
        ("Onene は Onene", "One", "One は One"),
    ],
)
def test_stutter(ja: str, source: str, expected: str) -> None:
    assert stutter.apply(ja, source) == expected


@pytest.mark.slow  # hypothesis
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["One", "Hack", "ne", "ck", "e", "は", "⟦0⟧", " ", "-", "x"])).map(
        "".join
    ),
    st.lists(st.sampled_from(["One", "Hack", " ", "GPT", "ne"]), max_size=6).map("".join),
)
def test_stutter_keeps_english_words_and_placeholders_and_is_idempotent(
    ja: str, source: str
) -> None:
    out = stutter.apply(ja, source)
    assert find(out) == find(ja)
    assert stutter.apply(out, source) == out
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", source))
    kept = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", ja) if w in words]
    assert all(w in re.findall(r"[A-Za-z][A-Za-z0-9]*", out) for w in kept)


def test_run_removes_spaces_and_applies_spacing_convention() -> None:
    out, flags = run("Transformer の 推論 を 高速 化 し ます", "speeds up Transformer inference")
    assert out == "Transformerの推論を高速化します"
    assert flags == []


# --- latin spacing -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "none", "half"),
    [
        ("GPT-4 で 評価", "GPT-4で評価", "GPT-4 で評価"),
        ("LoRAを使う", "LoRAを使う", "LoRA を使う"),
        ("約 70 ％", "約70 ％", "約 70 ％"),
        ("学習 (RLHF) は", "学習(RLHF)は", "学習 (RLHF) は"),
        ("の ⟦0⟧ を", "の⟦0⟧を", "の ⟦0⟧ を"),
    ],
)
def test_latin_spacing(raw: str, none: str, half: str) -> None:
    assert latin_spacing.apply(spaces.apply(raw), "none") == none
    assert latin_spacing.apply(spaces.apply(raw), "half") == half


def test_latin_spacing_knows_japanese_placeholders() -> None:
    restore = {0: "事前学習", 1: "LoRA"}
    assert latin_spacing.apply("の ⟦0⟧ と⟦1⟧", "half", restore) == "の⟦0⟧と ⟦1⟧"


# --- width -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＧＰＴ－４", "GPT-4"),
        ("精度は９５．２％です", "精度は95.2%です"),
        ("ﾄﾗﾝｽﾌｫｰﾏｰのｶﾞｳｽ分布", "トランスフォーマーのガウス分布"),
        ("（注）と「引用」", "（注）と「引用」"),  # Japanese punctuation is not ASCII
        ("⟦12⟧ＡＩ", "⟦12⟧AI"),
    ],
)
def test_width(raw: str, expected: str) -> None:
    assert width.apply(raw) == expected


# --- punctuation -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "この手法は, 推論を高速化します. 次に評価します.",
            "この手法は、推論を高速化します。次に評価します。",
        ),
        ("強化学習(RLHF)は効果的です", "強化学習(RLHF)は効果的です"),  # house style: kept
        ("性能(精度)が向上しました", "性能(精度)が向上しました"),  # default: ASCII kept
        ("外部リソース(例:インターネット)", "外部リソース(例:インターネット)"),
        ("モデルv1.5は1,000件を使います。", "モデルv1.5は1,000件を使います。"),
        ('結果は"良い"です!', "結果は「良い」です！"),
        ('"Attention Is All You Need"の登場', '"Attention Is All You Need"の登場'),
        ("GPT-4と比較しました.", "GPT-4と比較しました。"),
        ("⟦0⟧と比較しました ⟦1⟧.", "⟦0⟧と比較しました ⟦1⟧。"),
        ("The model is fast.", "The model is fast."),  # no Japanese: untouched
    ],
)
def test_punctuation(raw: str, expected: str) -> None:
    assert punctuation.apply(raw) == expected


def test_punctuation_parentheses_modes() -> None:
    assert punctuation.apply("強化学習(RLHF)は", "context") == "強化学習（RLHF）は"
    assert punctuation.apply("強化学習(RLHF)は", "content") == "強化学習(RLHF)は"
    assert punctuation.apply("性能(精度)が", "content") == "性能（精度）が"
    assert punctuation.apply("性能(精度)が", "off") == "性能(精度)が"
    cfg = PostprocessConfig(parentheses="content")
    assert run("性能 (精度) が向上しました", "x", cfg)[0] == "性能（精度）が向上しました"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "コードは https://github.com/x で公開します。",
            "コードは https://github.com/x で公開します。",
        ),
        ("コードはhttps://github.com/x。", "コードは https://github.com/x 。"),
        ("詳細は(https://a.b/c_d)を参照します", "詳細は(https://a.b/c_d)を参照します"),
        ("示されています。 #rlhf #llm", "示されています。 #rlhf #llm"),
        ("示されています。#rlhf", "示されています。 #rlhf"),
    ],
)
def test_urls_and_hashtags_keep_a_space(raw: str, expected: str) -> None:
    # literal spans in raw output come from a spelled-out retry: the source had them too
    assert run(raw, "Code is released.", LITERALS_IN_SOURCE)[0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("パラメータ$W$の核ノルム", "パラメータ $W$ の核ノルム"),
        ("一方で、$W$で直接", "一方で、$W$ で直接"),
        ("スクリプトは`train_rm.py`の1つ", "スクリプトは `train_rm.py` の1つ"),
        ("コストは$5と$10です", "コストは$5と$10です"),  # prices are not math
    ],
)
def test_code_and_math_keep_a_space_from_kana_kanji(raw: str, expected: str) -> None:
    assert run(raw, "The cost is given.", LITERALS_IN_SOURCE)[0] == expected


def test_url_placeholders_keep_a_space_given_restore() -> None:
    restore = {0: "https://github.com/x", 1: "`code`"}
    assert run("コードは⟦0⟧で⟦1⟧を公開します", "x", restore=restore)[0] == (
        "コードは ⟦0⟧ で ⟦1⟧ を公開します"
    )


# --- long vowel --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LLMの効率的な⟦0⟧ー", "LLMの効率的な⟦0⟧"),  # 推論ー
        ("⟦1⟧ーと⟦2⟧ー", "⟦1⟧と⟦2⟧ー"),  # ハルシネーションー; パラメータ + ー may stand
        ("⟦9⟧ー", "⟦9⟧ー"),  # unknown placeholder: left alone
    ],
)
def test_long_vowel_mark_stuck_to_a_term_is_dropped(raw: str, expected: str) -> None:
    restore = {0: "推論", 1: "ハルシネーション", 2: "パラメータ"}
    assert long_vowel.apply(raw, [], restore) == expected
    assert run(raw, "x", restore=restore)[0] == expected


def test_long_vowel_follows_glossary() -> None:
    terms = long_vowel.terms_from_renderings(["コンピューター", "パラメータ", "事前学習"])
    assert terms == [("コンピューター", ("コンピュータ",)), ("パラメータ", ("パラメーター",))]
    text = "コンピュータでパラメーター数を数え、コンピューターを使う"
    assert (
        long_vowel.apply(text, terms) == "コンピューターでパラメータ数を数え、コンピューターを使う"
    )


def test_long_vowel_only_whole_katakana_words() -> None:
    terms = long_vowel.terms_from_renderings(["コンピューター"])
    assert long_vowel.apply("スーパーコンピュータ", terms) == "スーパーコンピュータ"
    assert long_vowel.apply("⟦0⟧コンピュータ", terms) == "⟦0⟧コンピューター"
    # the middle dot joins two words (the model wrote デコーダー・デコーダ)
    terms = long_vowel.terms_from_renderings(["デコーダ"])
    assert long_vowel.apply("デコーダー・デコーダのLLM", terms) == "デコーダ・デコーダのLLM"


def test_long_vowel_from_a_glossary(tmp_path) -> None:
    from jtrans import glossary

    g = tmp_path / "g.tsv"
    g.write_text(
        "term\tja\tpolicy\ncomputer\tコンピューター\ttranslate\nparameter\tパラメータ\ttranslate\n",
        encoding="utf-8",
    )
    cfg = PostprocessConfig().with_glossary(glossary.load([g]))
    out, _ = run("コンピュータのパラメーターを調整します。", "tune the computer's parameters", cfg)
    assert out == "コンピューターのパラメータを調整します。"


def test_long_vowel_via_config() -> None:
    cfg = PostprocessConfig().with_terms(["コンピューター"])
    assert run("コンピュータを使います。", "use a computer", cfg)[0] == "コンピューターを使います。"
    cfg = PostprocessConfig.from_mapping({"long_vowel_terms": ["パラメータ"]})
    assert (
        run("パラメーターを調整します。", "tune parameters", cfg)[0] == "パラメータを調整します。"
    )


# --- style -------------------------------------------------------------------------------
def test_a_clause_final_copula_without_a_stop_is_made_polite() -> None:
    # a real week: a clause cut at ";" came back as …RAGは大幅に安価である beside です・ます (unidic
    # reads a final である with no 。 as 接続詞 + 連体詞 或る)
    assert style.apply("⟦6⟧は大幅に⟦7⟧である")[0] == "⟦6⟧は大幅に⟦7⟧です"
    assert style.apply("新しい言語モデルである")[0] == "新しい言語モデルです"
    assert style.apply("ある日の結果")[0] == "ある日の結果"  # 或る (a certain) is no copula


@pytest.mark.parametrize(
    ("plain", "polite"),
    [
        ("本研究では新しい手法を提案する。", "本研究では新しい手法を提案します。"),
        ("この手法は推論を高速化した。", "この手法は推論を高速化しました。"),
        ("これは重要な結果である。", "これは重要な結果です。"),
        ("結果は良好だった。", "結果は良好でした。"),
        ("性能は十分ではない。", "性能は十分ではありません。"),
        ("モデルは収束しない。", "モデルは収束しません。"),
        ("精度が向上しなかった。", "精度が向上しませんでした。"),
        ("研究者はデータを集めている。", "研究者はデータを集めています。"),
        ("モデルは大きい。", "モデルは大きいです。"),
        ("文書を書いた。", "文書を書きました。"),
        ("これはLLMの限界だろう。", "これはLLMの限界でしょう。"),
        ("可能性がある。", "可能性があります。"),
        ("タスクを解かせる。", "タスクを解かせます。"),
        ("手法を改善したい。", "手法を改善したいです。"),
        ("この結果はモデルの限界と考えられる。", "この結果はモデルの限界と考えられます。"),
        ("性能は向上するかもしれない。", "性能は向上するかもしれません。"),
        ("ベースラインを上回った。", "ベースラインを上回りました。"),
    ],
)
def test_style_converts_to_desu_masu_and_back(plain: str, polite: str) -> None:
    out, counts, changed = style.apply(plain, style.POLITE)
    assert (out, counts[style.PLAIN], changed) == (polite, 1, 1)
    back, counts, _ = style.apply(polite, style.PLAIN)
    assert counts[style.POLITE] == 1
    # だ・である output uses である for the copula, so だ / だった come back as である / であった
    expected_back = plain.replace("良好だった", "良好であった")
    assert back == expected_back


def test_style_leaves_noun_endings_and_placeholders() -> None:
    assert style.detect("LLMを用いた新手法。")[style.NEUTRAL] == 1
    assert style.apply("⟦0⟧を示す⟦1⟧", style.POLITE)[0] == "⟦0⟧を示す⟦1⟧"
    assert style.apply("「提案する」", style.POLITE)[0] == "「提案する」"


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Chain-of-Thought Is Not Always Faithful", True),
        ("Attention Is All You Need", True),
        ("speeds up inference with a new kernel", False),
        ("This Paper Shows That Models Learn.", False),  # ends like a sentence
    ],
)
def test_titles_keep_their_ending(source: str, title: bool) -> None:
    out, _ = run("思考の連鎖は常に忠実とは限らない", source)
    assert (out == "思考の連鎖は常に忠実とは限らない") is title


def test_style_mixing_is_flagged_and_fixed() -> None:
    raw = "本研究では手法を提案する。性能は高いです。"
    out, flags = run(raw, "We propose a method. Performance is high.")
    assert out == "本研究では手法を提案します。性能は高いです。"
    assert [f.rule for f in flags] == ["style"]
    assert "mixed" in flags[0].message and not flags[0].fallback


def test_style_da_dearu_config() -> None:
    cfg = PostprocessConfig(politeness="da_dearu")
    out, _ = run("手法を提案します。精度が向上しました。", "x y z", cfg)
    assert out == "手法を提案する。精度が向上した。"


# --- guard -------------------------------------------------------------------------------
def test_guard_catches_loops() -> None:
    flag = guard("本論文はの研究の研究の研究の研究の研究の研究", "This paper studies X.")
    assert flag is not None and flag.fallback and "looping" in flag.message


def test_guard_catches_word_level_loops() -> None:
    looped = "モデルは学習を行い、" * 3 + "データを学習する。データを学習する。" * 10
    flag = guard(looped, "The model is trained on data " * 8)
    assert flag is not None and flag.fallback


@pytest.mark.parametrize(
    ("ja", "source", "message"),
    [
        ("", "A new method for reasoning.", "empty"),
        ("   ", "A new method for reasoning.", "empty"),
        ("A new method for reasoning.", "A new method for reasoning.", "no Japanese"),
        ("One, two, three.", "One, two, three.", "no Japanese"),  # number words kept English
        ("1 , 3。", "One, two, three.", "no Japanese"),  # a number dropped
        ("1、2、3。", "Train one, two, three models.", "no Japanese"),  # words left out
        ("1、2、3。", "One, three, two.", "no Japanese"),  # not in order
        ("".join(chr(0x4E00 + i) for i in range(200)), "Short text.", "too long"),
    ],
)
def test_guard_fallbacks(ja: str, source: str, message: str) -> None:
    flag = guard(ja, source)
    assert flag is not None and flag.fallback and message in flag.message


@pytest.mark.parametrize(
    ("ja", "source"),
    [
        ("GPT-4o", "GPT-4o"),  # names may stay English
        ("LoRA と QLoRA", "LoRA and QLoRA"),
        ("", ""),
        ("⟦0⟧", "⟦0⟧"),
        ("手法を提案します。", "We propose ⟦0⟧ and ⟦1⟧."),  # the pipeline repairs placeholders
        ("ーーーーーーーー", "----"),
        ("2024年10月10日", "October 10, 2024"),
        ("1、2、3、4。", "One, two, three, four."),  # counting, in digits (Coursera test)
        ("20、30、40。", "Twenty, thirty, forty."),
        ("Transformerにおける自己注意の最適化幾何を調べます。", "Studies self-attention."),
    ],
)
def test_guard_accepts_good_output(ja: str, source: str) -> None:
    assert guard(ja, source) is None


def test_run_reports_guard_flag() -> None:
    _, flags = run("の研究の研究の研究の研究の研究", "research on research")
    assert flags and flags[0] == Finding("guard", flags[0].message, fallback=True)


def test_fallback_text() -> None:
    out = fallback_text("A study of `code`.")
    assert out == f"{FALLBACK_MARKER}A study of `code`." and is_fallback(out)
    assert not is_fallback("翻訳です")


# --- registry and config -----------------------------------------------------------------
def test_each_rule_can_be_disabled() -> None:
    raw = "ＧＰＴ－４ の 推論 は 速い."
    assert run(raw, "x", PostprocessConfig().only())[0] == raw
    assert run(raw, "x")[0] == "GPT-4の推論は速いです。"
    assert run(raw, "x", PostprocessConfig().without("width"))[0] == "ＧＰＴ－４の推論は速いです。"
    assert run(raw, "x", PostprocessConfig().without("style"))[0] == "GPT-4の推論は速い。"
    for name in RULES:
        assert run(raw, "x", PostprocessConfig().only(name))[0] is not None


def test_config_from_mapping() -> None:
    cfg = PostprocessConfig.from_mapping(
        {"width": False, "spacing": "half", "politeness": "da_dearu"}
    )
    assert not cfg.enabled("width") and cfg.enabled("style")
    assert cfg.spacing == "half" and cfg.politeness == "da_dearu"
    for bad in ({"spacing": "wide"}, {"nonsense": True}, {"style": "yes"}):
        with pytest.raises(ValueError):
            PostprocessConfig.from_mapping(bad)


def test_config_load_reads_toml(tmp_path, monkeypatch) -> None:
    (tmp_path / "jtrans.toml").write_text('[postprocess]\nspacing = "half"\nstyle = false\n')
    monkeypatch.chdir(tmp_path)
    cfg = config.load().postprocess_settings()
    assert cfg.spacing == "half" and not cfg.enabled("style")


def test_the_stage_reads_no_file_its_settings_come_from_the_config(tmp_path, monkeypatch) -> None:
    """The post-processing stage gets its section from the Config passed in: with every way
    of opening a file blocked, a Config built in memory still sets how it runs."""
    pp = config.from_mapping({"postprocess": {"width": False}}).postprocess_settings()

    def no_files(*args, **kwargs):
        raise AssertionError(f"the post-processing stage opened a file: {args}")

    monkeypatch.setattr("builtins.open", no_files)
    monkeypatch.setattr(Path, "open", no_files)
    monkeypatch.setattr(Path, "read_text", no_files)
    monkeypatch.setattr(Path, "read_bytes", no_files)
    raw = "ＧＰＴ－４の推論は速いです。"
    assert run(raw, "x", pp)[0] == raw  # width switched off by the Config
    assert run(raw, "x", PostprocessConfig())[0] != raw
    assert not hasattr(PostprocessConfig, "load") and not hasattr(postprocess, "tool_table")


_ja_text = st.lists(
    st.sampled_from(list("あいうアイウ漢字 、。,.()ＡＢ１２abc12-") + [make(0), make(3)]),
    max_size=40,
).map("".join)


@pytest.mark.slow  # hypothesis
@settings(max_examples=150, deadline=None)
@given(_ja_text)
def test_placeholders_survive_every_rule(text: str) -> None:
    out, _ = run(text, text)
    assert find(out) == find(text)


def test_house_style_references_pass_unchanged() -> None:
    """The in-repo eval references are house style: no rule may change them."""
    path = Path(__file__).resolve().parents[1] / "examples" / "eval" / "digest-eval.tsv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    changed = []
    for line in path.read_text(encoding="utf-8").splitlines():
        en, ja = line.split("\t")
        out, flags = run(ja, en)
        if out != ja or flags:
            changed.append((ja, out, flags))
    assert changed == []


_mt_pieces = st.sampled_from(
    ["推論", "を", "高速化", "する", "。", "、", ", ", ". ", " ", "GPT-4", "ＧＰＴ", "(", ")", '"']
    + ["です", "だ", "https://a.b/c", "#tag", "`x`", "$W$", make(0), "コンピュータ", "ｶﾞ", "した"]
    + ["ない", "!", "1.5", "LLM", "2016年", "(昭和14年)", "(2016年)", "平成28年", "（"]
)


@pytest.mark.slow  # hypothesis
@settings(max_examples=300, deadline=None)
@example("2016年 (昭和14年)")  # era ran before spaces joined the parenthesis to the year
@example("2016年  (昭和14年)")  # and with two spaces
@given(st.lists(_mt_pieces, max_size=14).map("".join))
def test_postprocessing_is_idempotent(text: str) -> None:
    once, _ = run(text, "a source sentence")
    assert run(once, "a source sentence")[0] == once


# --- markup -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [
        # stray backticks would turn Japanese into code; a stray pipe adds a table column
        ("` は、その手法 ` を示します|", "shows ⟦0⟧ the method", " は、その手法  を示します"),
        ("**重要な**結果です", "an important result", "重要な結果です"),
        ("x_1 と y_1 を比べます", "compares x_1 and y_1", "x_1 と y_1 を比べます"),  # in source
        ("[注] 結果 [1]", "note [1] result", "[注] 結果 1"),  # only the extra ones (last) go
        # percent-encoded junk learned from URLs goes; percentages and encoded source text stay
        ("速度の1BAT%E3%82%B%E3%83%AEEに移行", "moves to 1B", "速度のに移行"),
        ("精度は30%と50%です", "accuracy 30% and 50%", "精度は30%と50%です"),
        ("%E3%82%A2を参照", "see %E3%82%A2", "%E3%82%A2を参照"),
        # web addresses the model invented (WMT22 news: "Al Zeyoudi" came back as a link to the
        # TensorFlow docs) go, with the link syntax and brackets they leave empty
        (
            "ほぼ4,000, Al Ze(https://www.tensorflow.org/apidocs/python)に到達しました。",
            "it has reached almost 4,000, Al Zeyoudi stated.",
            "ほぼ4,000, Al Zeに到達しました。",
        ),
        ("詳細はwww.example.com/a?b=1を参照。", "see the details", "詳細はを参照。"),
        ("Al Ze](https://a.org/x 年)に投資", "invests [in] trade", "Al Ze 年に投資"),
        # a closing parenthesis that closes nothing, where the source has none (a title came
        # back as コード研究者)); one the source has, or one that closes, stays
        ("コード研究者)", "Code Researcher", "コード研究者"),
        ("(RAG)と検索）の結果", "RAG and search results", "(RAG)と検索の結果"),
        ("結果)", "the result (a", "結果)"),
        ("結果(a)", "the result", "結果(a)"),
        # an address the source has as plain text stays
        ("https://a.org/x を参照", "see https://a.org/x", "https://a.org/x を参照"),
    ],
)
def test_markup_rule_removes_invented_markdown_characters(raw, source, expected) -> None:
    only = PostprocessConfig().only("markup")
    out, flags = run(raw, source, only)
    assert out == expected
    assert bool(flags) == (raw != expected)


def test_markup_rule_keeps_placeholders_and_literals_the_source_had() -> None:
    raw = "⟦0⟧ で `vllm` を使い ⟦1⟧ を高速化します"
    out, flags = run(
        raw, "uses `vllm` with ⟦0⟧ to speed up ⟦1⟧", PostprocessConfig().only("markup")
    )
    assert out == raw and flags == []


def test_guard_rejects_the_unknown_token_marker() -> None:
    flag = guard("⁇ は、新しい手法を提案します。", "Proposes a new method.")
    assert flag is not None and flag.fallback and "⁇" in flag.message
    assert guard("新しい手法を提案します。", "Proposes a new method.") is None


# --- era ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "source", "restore", "expected"),
    [
        # the encyclopedic training data's habit, seen on news and digests
        ("1939年(昭和14年)に火災", "A fire in 1939", None, "1939年に火災"),
        ("1939年(昭和39)に火災", "A fire in 1939", None, "1939年に火災"),  # no 年 inside
        ("2016年 (昭和14年)", "in 2016", None, "2016年"),  # a space before it (hypothesis)
        ("⟦0⟧(昭和27年)から", "since ⟦0⟧", {0: "1994年"}, "⟦0⟧から"),
        ("⟦0⟧(⟦0⟧)、農場", "In ⟦0⟧, a pig", {0: "2016年"}, "⟦0⟧、農場"),
        ("⟦0⟧（2016年）、農場", "In ⟦0⟧, a pig", {0: "2016年"}, "⟦0⟧、農場"),
        ("寛永11年(1635年)まで", "up to 1635", None, "1635年まで"),
        ("2016年(2016年)(平成28年)に", "in 2016", None, "2016年に"),
        # the English has the number, or names the era, or the placeholder is no year
        ("創業10年(2014年)", "10 years after its founding in 2014", None, "創業10年(2014年)"),
        ("明治21年(1888年)に", "in 1888 (Meiji 21)", None, "明治21年(1888年)に"),
        ("⟦0⟧(昭和27年)", "uses ⟦0⟧", {0: "GPT-4"}, "⟦0⟧(昭和27年)"),
        ("2016年(2017年)", "in 2016 or 2017", None, "2016年(2017年)"),
    ],
)
def test_era_years_the_english_lacks_are_dropped(
    raw: str, source: str, restore: dict[int, str] | None, expected: str
) -> None:
    assert era.apply(raw, source, restore) == expected


def test_era_rule_runs_in_the_pipeline_and_can_be_switched_off() -> None:
    raw, source = "1939年(昭和14年)に火災が起きました。", "A fire broke out in 1939."
    assert run(raw, source)[0] == "1939年に火災が起きました。"
    assert run(raw, source, PostprocessConfig().without("era"))[0] == raw
