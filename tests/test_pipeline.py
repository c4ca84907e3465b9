"""Pipeline behaviour with small test engines: batching, placeholder repair, Japanese joining,
glossary and post-processing hooks."""

from __future__ import annotations

import re
from pathlib import Path

import jtrans
from jtrans.config import Config
from jtrans.engines import get
from jtrans.pipeline import Pipeline
from jtrans.placeholders import PLACEHOLDER_RE, find, make

FIXTURES = Path(__file__).parent / "fixtures"


class RecordingEngine:
    """Identity engine that records each batch it is given."""

    name = "recording"
    target_lang = None

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.batches.append(list(sentences))
        return list(sentences)


class DroppingEngine:
    """Drops every placeholder on the first call; copies the input on later calls."""

    name = "dropping"
    target_lang = None

    def __init__(self, always: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.always = always

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        if len(self.calls) == 1 or self.always:
            return [PLACEHOLDER_RE.sub("", s) for s in sentences]
        return list(sentences)


class FakeJapanese:
    """Pretends to translate into Japanese: wraps each sentence in 「」 and ends it with 。."""

    name = "fake-ja"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return ["訳(" + s.rstrip(".") + ")。" for s in sentences]


def test_one_engine_call_for_the_whole_post_with_local_placeholders() -> None:
    engine = RecordingEngine()
    source = (FIXTURES / "digest_week.md").read_text(encoding="utf-8")
    assert Pipeline(engine).translate(source).text == source
    assert len(engine.batches) == 1
    batch = engine.batches[0]
    assert "Sparse Mixture Routing" in batch and "Paper" in batch
    for sentence in batch:  # placeholders are renumbered from 0 in every sentence
        assert find(sentence) == list(range(len(find(sentence))))


def test_dropped_placeholders_are_retried_once_with_their_text_spelled_out() -> None:
    engine = DroppingEngine()
    result = Pipeline(engine).translate("Use `pip install x` from https://e.org now.\n")
    assert len(engine.calls) == 2
    assert engine.calls[1] == ["Use `pip install x` from https://e.org now."]
    assert result.text == "Use `pip install x` from https://e.org now.\n"
    assert [f.rule for f in result.flags] == ["placeholder-retry"]


def test_still_missing_content_falls_back_to_marked_english_never_appended() -> None:
    class Lossy:
        """Drops placeholders and anything in backticks, every time."""

        name = "lossy"
        target_lang = None
        calls = 0

        def translate_batch(self, sentences: list[str]) -> list[str]:
            Lossy.calls += 1
            return [re.sub(r"`[^`]*`", "", PLACEHOLDER_RE.sub("", s)) for s in sentences]

    result = Pipeline(Lossy()).translate("Run `make` and `test` today.\n")
    assert Lossy.calls == 2
    assert result.text == "〔未翻訳〕Run `make` and `test` today.\n"  # nothing glued at the end
    assert [f.rule for f in result.flags] == ["placeholder-retry", "placeholder-missing"]
    assert "published in English" in result.flags[-1].message


def test_duplicated_and_unknown_placeholders_are_removed() -> None:
    class Duplicating:
        name = "dup"
        target_lang = None

        def translate_batch(self, sentences: list[str]) -> list[str]:
            return [s + " " + make(0) + make(9) if find(s) else s for s in sentences]

    result = Pipeline(Duplicating()).translate("See `x` here.\n")
    assert result.text.count("`x`") == 1
    assert "⟦" not in result.text


def test_japanese_joining_and_structure() -> None:
    # titles and labels lose the engine's 。, clauses get 。 from the joiner
    source = "| **Big Title** - does X; does Y. | [Paper](https://a.org) |\n|---|---|\n"
    config = Config(translate_link_lists=True)
    result = Pipeline(FakeJapanese(), config=config).translate(source)
    assert result.text == (
        "| **訳(Big Title)** - 訳(does X)。訳(does Y)。 | [訳(Paper)](https://a.org) |\n|---|---|\n"
    )
    # by default a cell made only of links stays as written
    result = Pipeline(FakeJapanese()).translate(source)
    assert result.text.endswith(" | [Paper](https://a.org) |\n|---|---|\n")


def test_glossary_placeholders_are_restored_from_the_glossary_map() -> None:
    class Glossary:
        resets = 0

        def reset(self) -> None:
            Glossary.resets += 1

        def protect(self, text: str, next_index: int) -> tuple[str, dict[int, str], list[str]]:
            if "fine-tuning" not in text:
                return text, {}, []
            return text.replace("fine-tuning", make(next_index)), {next_index: "微調整"}, ["hit"]

    pipe = Pipeline(FakeJapanese(), glossary=Glossary())
    result = pipe.translate("Uses `lora` for fine-tuning.\n")
    assert result.text == "訳(Uses `lora` for 微調整)。\n"
    assert Glossary.resets == 1
    assert result.sentences[0].sent == "Uses ⟦0⟧ for ⟦1⟧."


def test_postprocessor_runs_on_placeholder_text_and_fallback_keeps_english() -> None:
    seen: list[tuple[str, str]] = []

    class Flag:
        def __init__(self, rule: str, fallback: bool) -> None:
            self.rule, self.message, self.fallback = rule, "msg", fallback

    def post(ja: str, source: str, restore: dict[int, str]) -> tuple[str, list[Flag]]:
        seen.append((ja, source))
        if "bad" in source:
            return ja, [Flag("guard", True)]
        return ja.replace("訳", "やく"), [Flag("style", False)]

    result = Pipeline(FakeJapanese(), postprocessor=post).translate("Good `x`. Very bad.\n")
    assert seen[0] == ("訳(Good ⟦0⟧)。", "Good ⟦0⟧.")
    assert result.text.startswith("やく(Good `x`)。")
    assert "Very bad." in result.text and "〔未翻訳〕" in result.text
    assert {f.rule for f in result.flags} == {"guard", "style"}


def test_identity_and_upper_are_not_japanese() -> None:
    source = "Para one. Para two; clause.\n"
    assert jtrans.text(source, engine="identity") == source
    assert jtrans.text(source, engine="upper") == "PARA ONE. PARA TWO; CLAUSE.\n"
    assert Pipeline(get("identity")).japanese is False


def test_api_file_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes("\ufeff# Title\r\n\r\nText.\r\n".encode())
    assert jtrans.file(path, engine="upper") == "\ufeff# TITLE\r\n\r\nTEXT.\r\n"


def test_glossary_layers_extra_file_on_top_of_the_shipped_one(tmp_path: Path) -> None:
    from jtrans.api import build_pipeline

    team = tmp_path / "team.tsv"
    team.write_text(
        "term\tja\tpolicy\tforbidden\tvariants\tpos\tnote\tsource\n"
        "widget tuning\tウィジェット調整\ttranslate\t\t\tnoun\t\tteam\n",
        encoding="utf-8",
    )
    pipe = build_pipeline(engine=FakeJapanese(), glossary=[team], start=tmp_path)
    out = pipe.translate("We study widget tuning and pre-training.\n").text
    assert "ウィジェット調整" in out  # from the team's layer
    assert "事前学習" in out  # still from the shipped glossary


def test_translate_many_equals_one_by_one_with_flags_kept_per_document() -> None:
    docs = [
        "Uses `vllm` for fast inference.\n",
        "# Title\n\nA second post with [a link](https://example.org) and `code`.\n",
        (FIXTURES / "digest_week.md").read_text(encoding="utf-8"),
    ]
    single = [Pipeline(DroppingEngine(always=True)).translate(d) for d in docs]
    engine = DroppingEngine(always=True)
    many = Pipeline(engine).translate_many(docs)
    assert [r.text for r in many] == [r.text for r in single] == docs
    assert [[f.as_dict() for f in r.flags] for r in many] == [
        [f.as_dict() for f in r.flags] for r in single
    ]
    assert all(r.flags for r in many)  # every document lost placeholders and says so
    assert len(engine.calls) == 2  # one batch for all documents, one retry batch


class DropsFirstPlaceholder:
    """A Japanese engine that loses ⟦0⟧ and copies everything else (spelled-out text too)."""

    name = "drop0"
    target_lang = "ja"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.batches.append(list(sentences))
        return ["訳" + s.replace("⟦0⟧", "") for s in sentences]


def test_retry_keeps_links_and_code_byte_exact() -> None:
    src = "See [the paper](https://x.com/p) for details.\n\nUse `a|b` and `c` now.\n"
    out = jtrans.text(src, engine=DropsFirstPlaceholder(), no_glossary=True)
    assert "[the paper](https://x.com/p)" in out
    assert "`a|b`" in out and "`c`" in out


class RepeatsPlaceholders:
    name = "repeat"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [" ".join(["⟦0⟧"] * 12) + " 訳です" for _ in sentences]


def test_repair_leaves_no_indent_and_keeps_code_spans_apart() -> None:
    out = jtrans.text("Use `a` and `b` now.\n", engine=RepeatsPlaceholders(), no_glossary=True)
    assert not out.startswith(" ")
    assert "`a``b`" not in out and "`a`" in out and "`b`" in out
    from jtrans.segment import segment

    assert [u.kind for u in segment(out)] == ["paragraph"]


def test_sentences_without_words_are_not_sent_to_the_engine() -> None:
    engine = RecordingEngine()
    engine.target_lang = "ja"
    jtrans.text("| **LoRA** - reduces memory |\n|---|\n\n## GPT-4o\n", engine=engine)
    sent = [s for batch in engine.batches for s in batch]
    assert sent and all(re.search(r"[A-Za-z]", PLACEHOLDER_RE.sub("", s)) for s in sent)


def test_a_sentence_of_glossary_terms_only_ends_with_a_japanese_stop() -> None:
    """``Robotic planning.`` is all glossary: it never reaches the engine, and the English stop
    after its Japanese rendering becomes 。 (it stayed ``ロボット計画.``); a name stays as
    written."""
    from jtrans.glossary import Entry, Glossary

    glossary = Glossary(
        [Entry("robotic planning", "ロボット計画", "translate"), Entry("GPT-4", "", "keep")]
    )
    engine = RecordingEngine()
    engine.target_lang = "ja"  # type: ignore[misc]
    out = jtrans.text("Robotic planning.\n\nGPT-4.\n", engine=engine, glossary=glossary)
    assert out == "ロボット計画。\n\nGPT-4.\n"
    assert engine.batches == []
