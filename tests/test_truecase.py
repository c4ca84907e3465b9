"""Title Case titles and list items' labels reach the model in sentence case; nothing else
changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jtrans.engines.ct2 import CT2Engine
from jtrans.placeholders import find
from jtrans.truecase import WORDS_FILE, is_title, ordinary_words, sentence_case

ORDINARY = {"aligned", "models", "many", "shot", "linear", "time", "state", "spaces", "size"}


def known(word: str) -> bool:
    return word in ORDINARY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jailbreaking Aligned Models with Many-Shot Prompts",
         "Jailbreaking aligned models with many-shot Prompts"),
        ("Mamba-3: Linear-Time State Spaces", "Mamba-3: linear-time state spaces"),
        ("⟦0⟧ for ⟦1⟧ Vocabulary Size", "⟦0⟧ for ⟦1⟧ Vocabulary size"),
        # acronyms, inner capitals and words glued to placeholders are names: kept
        ("RULER Models and LongMix Time ⟦2⟧Spaces", "RULER models and LongMix time ⟦2⟧Spaces"),
    ],
)  # fmt: skip
def test_title_words_the_model_knows_are_lower_cased(text: str, expected: str) -> None:
    assert sentence_case(text, known) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list item's label in Title Case: its words as in a title, its first word too
        ("● Linear Time State Spaces: Models show.", "● linear time state spaces: Models show."),
        # after a placeholder (a <br> before the bullet); the rest of the sentence is kept
        ("⟦3⟧● Aligned Models: Time is Size.", "⟦3⟧● aligned models: Time is Size."),
        # a label in sentence case: only its first word, when the model knows it
        ("Time and size don't matter: Many Models", "time and size don't matter: Many Models"),
        # a label before a dash (the model kept "Kernel Runtime Speedups" in English)
        ("● Aligned Models – Time is Size.", "● aligned models – Time is Size."),
        ("Label-Time Spaces - the models", "Label-time spaces - the models"),
        # a term's placeholder inside the label (the model kept "Supervised" in English)
        ("⟦1⟧● Aligned Models ⟦2⟧ - the time", "⟦1⟧● aligned models ⟦2⟧ - the time"),
        # a name, a hyphenated first word or a one-word label stays as it is
        ("Mamba models win: Time", "Mamba models win: Time"),
        ("Many-shot models: ok", "Many-shot models: ok"),
        ("Models: the time is short", "Models: the time is short"),
    ],
)  # fmt: skip
def test_a_label_reaches_the_model_in_sentence_case(text: str, expected: str) -> None:
    assert sentence_case(text, known) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Proposes Aligned Models for State Spaces.",  # a sentence (final stop)
        "uses aligned models with many shots",  # not Title Case
        "Models",  # one word
        "State of the art models for time series",  # most long words lower case
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    assert not is_title(text)
    assert sentence_case(text, known) == text


@given(st.text(alphabet=st.sampled_from(list("AaBbMmSs -:⟦⟧0123.'")), max_size=60))
def test_only_letter_case_ever_changes(text: str) -> None:
    out = sentence_case(text, lambda word: True)
    assert len(out) == len(text)
    assert out.lower() == text.lower()
    assert find(out) == find(text)
    assert sentence_case(out, lambda word: True) == out  # idempotent


def test_default_model_knows_words_not_names() -> None:
    engine = CT2Engine()  # the committed default model: only its sentencepiece model is read
    assert engine.knows_word("kernel") and engine.knows_word("aligned")
    assert not engine.knows_word("sora") and not engine.knows_word("mamba")
    # split by the vocabulary (diff + us + ion) but listed in the model's words.txt
    assert "diffusion" in engine.words and engine.knows_word("diffusion")
    pieces = engine.chunks("Selective State Spaces for Sora")[0]
    assert "▁state" in pieces and "▁sora" not in pieces  # Sora is not lower-cased
    assert engine.source_spm.decode(pieces) == "Selective state spaces for Sora"
    off = CT2Engine(sentence_case_titles=False).chunks("Selective State Spaces for Sora")[0]
    assert off != pieces
    with pytest.raises(ValueError, match="sentence_case_titles"):
        CT2Engine(sentence_case_titles="yes")  # type: ignore[arg-type]


def test_ordinary_words_are_those_written_in_lower_case() -> None:
    lines = ["we use diffusion here."] * 3 + ["Then Mamba and mamba, and Mamba again."] * 3
    lines += ["The Diffusion step.", "a mix of Diffusion and tuning"]
    assert ordinary_words(lines, minimum=3) == ["again", "and", "diffusion", "here", "use"]


def test_a_model_without_words_file_uses_its_vocabulary_alone(tmp_path) -> None:
    import shutil

    model, default = tmp_path / "m", CT2Engine().path
    shutil.copytree(default, model, ignore=shutil.ignore_patterns("model.bin", WORDS_FILE))
    (model / "model.bin").symlink_to(default / "model.bin")  # never loaded here
    engine = CT2Engine(model=str(model))
    assert engine.words == frozenset()
    assert engine.knows_word("kernel") and not engine.knows_word("diffusion")
    (model / WORDS_FILE).write_text("diffusion\nkernel\n", encoding="utf-8")
    assert CT2Engine(model=str(model)).knows_word("diffusion")
