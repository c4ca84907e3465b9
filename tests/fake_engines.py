"""Fake engines shared by tests, and whether the bundled default model can run here."""

from __future__ import annotations

from jtrans.engines import Hypothesis


class CannedJapanese:
    """Japanese-producing fake: canned answers by substring, empty output otherwise."""

    name = "canned"
    target_lang = "ja"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.seen: list[str] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.seen += sentences
        return [next((v for k, v in self.answers.items() if k in s), "") for s in sentences]


class EchoJapanese:
    """A 'Japanese' engine that returns its input, placeholders included: what a sentence rule
    rendered comes back through the pipeline's restore."""

    name = "echo-ja"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return list(sentences)


class Scored:
    """A scored Japanese engine with one canned answer (text, score) per source substring."""

    name = "scored"
    target_lang = "ja"
    scores = True

    def __init__(self, answers: dict[str, tuple[str, float]]) -> None:
        self.answers = answers

    def _one(self, sentence: str) -> Hypothesis:
        key = next(k for k in self.answers if k in sentence)
        return Hypothesis(*self.answers[key])

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [self._one(s).text for s in sentences]

    def translate_batch_with_options(self, sentences: list[str], **options):  # noqa: ANN003
        return [[self._one(s)] for s in sentences]


def default_model_available() -> bool:
    """Whether the bundled default model resolves and CTranslate2 is installed."""
    try:
        from jtrans.models import resolve

        resolve("default")
        import ctranslate2  # noqa: F401
    except Exception:  # noqa: BLE001 - no model, no ctranslate2: skip
        return False
    return True
