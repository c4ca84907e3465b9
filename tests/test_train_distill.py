"""Self-distillation pairs: the pipeline's confident finished translations of digest weeks."""

from __future__ import annotations

from jtrans.api import build_pipeline
from jtrans.engines import Hypothesis
from jtrans.train import distill


class Scored:
    """A scored 'Japanese' engine: canned (text, score) answers chosen by a substring."""

    name = "scored-ja"
    target_lang = "ja"
    scores = True

    def __init__(self, answers: dict[str, tuple[str, float]]) -> None:
        self.answers = answers

    def _hyp(self, sentence: str) -> Hypothesis:
        text, score = next(v for k, v in self.answers.items() if k in sentence)
        return Hypothesis(text, score)

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [self._hyp(s).text for s in sentences]

    def translate_batch_with_options(self, sentences: list[str], **options):  # noqa: ANN003
        hyps = [[self._hyp(s)] for s in sentences]
        if options.get("num_hypotheses") is None and not options.get("return_scores"):
            return [h[0].text for h in hyps]
        return hyps


def test_weeks_split_at_each_weekly_heading() -> None:
    head = "## Top ML Papers of the Week"
    text = f"# Intro\n\n{head} (May 1)\nA\n{head} (May 8)\nB\n"
    assert [w.splitlines()[0] for w in distill.weeks(text)] == [
        "# Intro",
        "## Top ML Papers of the Week (May 1)",
        "## Top ML Papers of the Week (May 8)",
    ]


def test_pairs_keep_placeholders_and_only_confident_sentences_once() -> None:
    engine = Scored(
        {
            "beats": ("⟦0⟧は数学で⟦1⟧を上回ります。", -0.1),
            "unsure": ("よくわかりません。", -3.0),  # exp(-3): far below the threshold
            "Short": ("短い。", -0.1),
        }
    )
    pipeline = build_pipeline(engine=engine, no_glossary=True)
    week = (
        "GPT-4o beats Llama-3-8B on hard math today.\n\nThis is an unsure sentence here.\n\n"
        "Short.\n"
    )
    got = list(distill.pairs(pipeline, [week, week]))
    assert got == [("⟦0⟧ beats ⟦1⟧ on hard math today.", "⟦0⟧は数学で⟦1⟧を上回ります。")]
