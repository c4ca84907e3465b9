"""The shipped glossary: size, house-style renderings, the seeds' mistranslations forbidden,
and (with ../shared) agreement with the dev-set references and coverage of real digests."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jtrans.glossary import KEEP, TRANSLATE, load
from jtrans.glossary.mine import candidates, uncovered

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (digests, seeds, dev set) is not available"
)


@pytest.fixture(scope="module")
def glossary():
    return load()


def test_size_and_files(glossary) -> None:
    assert len(glossary) >= 500
    files = {e.path.name for e in glossary}
    assert {"terms.tsv", "names.tsv", "acronyms.tsv"} <= files
    assert not glossary.overrides  # no term is defined twice in the default glossary
    assert all(e.source for e in glossary), "every entry says where it was seen"


@pytest.mark.parametrize(
    ("term", "ja"),
    [
        ("pre-training", "事前学習"),
        ("fine-tuning", "ファインチューニング"),
        ("reinforcement learning", "強化学習"),
        ("inference", "推論"),
        ("embedding", "埋め込み"),
        ("hallucination", "ハルシネーション"),
        ("self-attention", "自己注意"),
        ("reasoning", "推論"),
        ("agent", "エージェント"),
        ("benchmark", "ベンチマーク"),
        ("dataset", "データセット"),
        ("prompt", "プロンプト"),
        ("alignment", "アライメント"),
    ],
)
def test_house_style_renderings(glossary, term: str, ja: str) -> None:
    entry = glossary.get(term)
    assert entry is not None and entry.policy == TRANSLATE and entry.ja == ja


@pytest.mark.parametrize(
    "term",
    [
        "Transformer",
        "LLM",
        "RLHF",
        "LoRA",
        "RAG",
        "SFT",
        "DPO",
        "MoE",
        "GPT-4o",
        "Llama",
        "OpenAI",
        "Google DeepMind",
        "Chinchilla",
        "MMLU",
        "GSM8K",
    ],
)
def test_kept_in_english(glossary, term: str) -> None:
    assert glossary.get(term).policy == KEEP


@pytest.mark.parametrize(
    ("term", "bad"),
    [
        ("Transformer", "トランス"),
        ("Attention Is All You Need", "必要なのは注意力だけです"),
        ("Dense Passage Retrieval", "高密度チャネル取得"),
        ("FAIR", "メタでの公正"),
        ("we", "ユニティ"),
        ("quantized", "定量的な"),
        ("Chinchilla", "チンチラ"),
    ],
)
def test_seed_mistranslations_are_forbidden(glossary, term: str, bad: str) -> None:
    assert bad in glossary.get(term).forbidden


def test_seed_examples_are_caught(glossary) -> None:
    cases = [
        ("Efficiently Scaling Transformer Inference", "トランス推論の効率的なスケーリング"),
        ("Attention Is All You Need", "必要なのは注意力だけです"),
        (
            "Dense Passage Retrieval for Open-Domain Question Answering",
            "オープンドメインの質問応答のための高密度チャネル取得",
        ),
        (
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "QLoRA: 定量的な大規模言語モデルの効率的な微調整",
        ),
        (
            "Chinchilla: Training Compute-Optimal Large Language Models",
            "チンチラ: 最適な計算効率で大規模な言語モデルをトレーニングする",
        ),
        ("Authors: FAIR at Meta", "著者:メタでの公正"),
    ]
    for en, ja in cases:
        report = glossary.check(en, ja)
        assert report.forbidden, (en, ja)
        assert report.accuracy < 1.0


def test_protects_a_realistic_description(glossary) -> None:
    glossary.reset()
    text = (
        "Proposes a test-time scaling method for LLMs that combines RLHF with "
        "chain-of-thought fine-tuning on GSM8K; outperforms GPT-4o."
    )
    out, restore, _ = glossary.protect(text, 0)
    assert set(restore.values()) >= {
        "テスト時スケーリング",
        "LLM",
        "RLHF",
        "思考の連鎖",
        "ファインチューニング",
        "GSM8K",
        "GPT-4o",
    }
    assert "⟦" in out and "LLMs" not in out


@needs_shared
def test_dev_references_follow_the_glossary(glossary) -> None:
    """The dev set's reference translations use the glossary's renderings (house style)."""
    total = satisfied = 0
    for line in (SHARED / "eval" / "digest-dev.tsv").read_text(encoding="utf-8").splitlines():
        en, ja = line.split("\t")[:2]
        report = glossary.check(en, ja)
        total += report.total
        satisfied += report.satisfied
        assert not report.forbidden, (en[:80], report.forbidden)
    assert total > 150
    assert satisfied / total >= 0.95


@needs_shared
def test_covers_frequent_names_and_acronyms_of_real_digests(glossary) -> None:
    text = (SHARED / "digests" / "ml-papers-of-the-week.md").read_text(encoding="utf-8")
    counts = candidates([text])
    frequent = Counter(
        {
            t: n
            for t, n in counts.items()
            if n >= 10 and t[:1].isupper() and sum(c.isupper() for c in t) >= 2 and " " not in t
        }
    )
    missing = uncovered(frequent, glossary)
    assert len(frequent) >= 30
    assert len(missing) <= 0.1 * len(frequent), missing
