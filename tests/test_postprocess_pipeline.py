"""Post-processing inside the real pipeline (a fake Japanese engine stands in for the model)."""

from __future__ import annotations

from fake_engines import CannedJapanese

from jtrans import api
from jtrans.postprocess import FALLBACK_MARKER


def test_pipeline_applies_rules_around_protected_code() -> None:
    engine = CannedJapanese({"Speeds up": "⟦0⟧ で Transformer の 推論 を 高速 化 する."})
    out = api.text(
        "Speeds up Transformer inference with `vllm`.\n", engine=engine, no_glossary=True
    )
    assert "⟦0⟧" in engine.seen[0]
    assert out == "`vllm` でTransformerの推論を高速化します。\n"  # house style: code spaced


def test_pipeline_falls_back_to_marked_english_on_loops() -> None:
    engine = CannedJapanese({"study": "の研究の研究の研究の研究の研究の研究"})
    out = api.text("A study of studies.\n", engine=engine, no_glossary=True)
    assert out == f"{FALLBACK_MARKER}A study of studies.\n"


def test_pipeline_postprocess_can_be_switched_off() -> None:
    engine = CannedJapanese({"Speeds up": "Transformer の 推論 を 高速 化 する"})
    out = api.text("Speeds up Transformer inference\n", engine=engine, postprocess=False,
                   no_glossary=True)  # fmt: skip
    assert out == "Transformer の 推論 を 高速 化 する\n"


class LoopsThenRecovers(CannedJapanese):
    """Loops under plain decoding; answers properly when re-decoded with anti-loop options."""

    def __init__(self, recovered: str | None) -> None:
        super().__init__({"study": "の研究の研究の研究の研究の研究の研究"})
        self.recovered = recovered
        self.option_calls: list[dict] = []

    def translate_batch_with_options(self, sentences: list[str], **options) -> list[str]:
        self.option_calls.append(options)
        if self.recovered is None:
            return self.translate_batch(sentences)
        return [self.recovered for _ in sentences]


def test_pipeline_redecodes_a_looping_sentence_before_giving_up() -> None:
    engine = LoopsThenRecovers("研究についての研究です。")
    result = api.translate("A study of studies.\n", engine=engine, no_glossary=True)
    assert result.text == "研究についての研究です。\n"
    assert engine.option_calls and engine.option_calls[0]["no_repeat_ngram_size"] > 0
    assert [f.rule for f in result.flags] == ["redecode"]


def test_pipeline_publishes_marked_english_when_the_redecode_loops_too() -> None:
    engine = LoopsThenRecovers(None)
    out = api.text("A study of studies.\n", engine=engine, no_glossary=True)
    assert len(engine.option_calls) == 1
    assert out == f"{FALLBACK_MARKER}A study of studies.\n"
