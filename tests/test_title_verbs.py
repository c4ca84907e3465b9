"""A title's opening verb is taken off before decoding and joined after as a Japanese noun."""

from __future__ import annotations

import pytest
from fake_engines import CannedJapanese

from jtrans import api, title_verbs


@pytest.mark.parametrize(
    "sent, expected",
    [
        ("Auditing ⟦0⟧ for Hidden Objectives", ("⟦0⟧ for Hidden Objectives", "監査")),
        ("Mitigating Hallucination in LLMs", ("Hallucination in LLMs", "緩和")),
        ("Rethinking Reflection in Pre-Training", ("Reflection in Pre-Training", "再考")),
        # nouns and adjectives in -ing, an infinitive after the object, two phrases, a
        # preposition or a lower-case word after the verb: left to the model
        ("Reasoning Models Overthink Simple Questions", None),
        ("Scaling Laws for Precision", None),
        ("Training Language Models to Reason Efficiently", None),
        ("Distilling Reasoning into Small Language Models", None),
        ("Rethinking Mixture-of-Agents: Ensemble One Strong LLM", None),
        ("Searching for Best Practices in RAG", None),
        ("Scaling up Test-Time Compute", None),
        ("Auditing large language models is hard.", None),  # a sentence, not a title
        ("Improving the model improves results", None),
        ("Optimizing Data Mixtures Speeds Up Language Model Pretraining", None),
        # "X Meets Y" is XとYの融合 (real weeks: 満たしています, 指標); not a clause, a title of
        # two phrases or a sentence
        ("Long-Context ⟦0⟧ Meet ⟦1⟧", ("Long-Context ⟦0⟧ and ⟦1⟧", "融合")),
        ("Retrieval meets Long Context ⟦0⟧", ("Retrieval and Long Context ⟦0⟧", "融合")),
        ("Vision meets ⟦0⟧", ("Vision and ⟦0⟧", "融合")),
        ("A Survey of Methods That Meet Demand", None),
        ("⟦0⟧: ⟦1⟧ Meets Videos", None),
        ("The model meets the bar.", None),
        # "X Is Not Enough" is Xだけでは不十分 (a real week: エージェントが不十分ではない, the
        # opposite); not a clause or a sentence with its own verb
        ("Agents Are Not Enough", ("Agents", "だけでは不十分")),
        ("⟦0⟧ is Not Enough", ("⟦0⟧", "だけでは不十分")),
        ("Attention Is Not All You Need", ("Attention", "だけでは不十分")),
        ("Scaling Is Not Enough.", ("Scaling.", "だけでは不十分")),
        ("What the Model Knows Is Not Enough", None),
        ("Data: Scale Is Not Enough", None),
        ("the data is not enough for training", None),
        ("Reward Models Is Not Enough to Align Agents", None),
        # "On X" is Xについて (real weeks: …では, …で); not before a gerund, not a sentence
        ("On the Overthinking of ⟦0⟧", ("Overthinking of ⟦0⟧", "について")),
        ("On the Underthinking of ⟦0⟧-like ⟦1⟧", ("Underthinking of ⟦0⟧-like ⟦1⟧", "について")),
        (
            "On ⟦0⟧-Driven Synthetic Data Generation",
            ("⟦0⟧-Driven Synthetic Data Generation", "について"),
        ),
        ("On Bringing Robots Home", None),
        ("On the other hand, it fails.", None),
        ("On ImageNet it scores 90%.", None),
        ("On ImageNet, ⟦0⟧ reaches 76% accuracy", None),
    ],
)
def test_split_takes_a_known_verb_off_a_title(sent: str, expected: object) -> None:
    assert title_verbs.split(sent) == expected


def test_attach_joins_the_noun_after_a_noun_else_before() -> None:
    assert title_verbs.attach("隠れた目的のためのLLM", "監査") == "隠れた目的のためのLLMの監査"
    assert title_verbs.attach("⟦0⟧", "評価") == "⟦0⟧の評価"
    assert title_verbs.attach("推論を小規模言語モデルにします。", "蒸留") == (
        "蒸留: 推論を小規模言語モデルにします"
    )
    assert title_verbs.attach("医師とChatGPTの比較", "比較") == "医師とChatGPTの比較"
    assert title_verbs.attach("", "評価") == "評価"
    assert title_verbs.attach("LLMの過剰思考", "について") == "LLMの過剰思考について"
    assert title_verbs.attach("社会的影響を与える", "について") == "社会的影響を与える"
    assert title_verbs.attach("エージェント", "だけでは不十分") == "エージェントだけでは不十分"
    assert title_verbs.attach("⟦0⟧", "だけでは不十分") == "⟦0⟧だけでは不十分"
    # a sentence keeps its stop (it had glued the next sentence on: …不十分約72%圧縮され)
    assert title_verbs.attach("スケーリング。", "だけでは不十分") == "スケーリングだけでは不十分。"


def test_the_pipeline_decodes_the_rest_and_joins_the_verbs_noun() -> None:
    # real weeks: "Auditing LLMs for Hidden Objectives" came back as 隠れた目的のためのLLMの補足
    engine = CannedJapanese(
        {
            "for Hidden Objectives": "隠れた目的のためのモデル",
            "The authors audit": "著者はモデルを監査します。",
        }
    )
    source = "## Auditing Models for Hidden Objectives\n\nThe authors audit models.\n"
    out = api.text(source, engine=engine, no_glossary=True)
    assert engine.seen[0] == "Models for Hidden Objectives"
    assert out == "## 隠れた目的のためのモデルの監査\n\n著者はモデルを監査します。\n"


def test_a_sentence_that_is_not_enough_keeps_its_full_stop() -> None:
    engine = CannedJapanese({"Agents.": "エージェント。", "It works": "それは機能します。"})
    out = api.text("Agents Are Not Enough. It works.\n", engine=engine, no_glossary=True)
    assert engine.seen[0] == "Agents."
    assert out == "エージェントだけでは不十分。それは機能します。\n"
