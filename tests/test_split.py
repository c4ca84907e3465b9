"""The long-segment splitter used by the ct2 engine (``jtrans.engines.chunking``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jtrans.engines.chunking import split_text, token_windows


def words(text: str) -> int:
    return len(text.split())


def test_short_text_is_one_chunk() -> None:
    assert split_text("a b c.", words, 3) == ["a b c."]


def test_sentence_ends_come_first() -> None:
    text = "One two three. Four five six! Seven eight nine? Ten eleven twelve."
    assert split_text(text, words, 6) == [
        "One two three. Four five six! ",
        "Seven eight nine? Ten eleven twelve.",
    ]


def test_then_clauses_then_commas_then_words() -> None:
    text = "alpha beta gamma; delta epsilon, zeta eta theta iota kappa"
    chunks = split_text(text, words, 3)
    assert chunks == ["alpha beta gamma; ", "delta epsilon, ", "zeta eta theta ", "iota kappa"]


def test_placeholders_are_never_cut() -> None:
    text = "use ⟦0⟧ with ⟦12⟧, then ⟦3⟧ and ⟦4⟧ again. " * 5
    chunks = split_text(text, words, 4)
    assert "".join(chunks) == text
    for chunk in chunks:
        assert chunk.count("⟦") == chunk.count("⟧")


def test_unbreakable_word_is_returned_whole() -> None:
    assert split_text("a " + "x" * 50, len, 10) == ["a ", "x" * 50]


def test_token_windows() -> None:
    assert token_windows([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert token_windows([], 3) == [[]]
    with pytest.raises(ValueError):
        token_windows([1], 0)


@pytest.mark.slow  # hypothesis
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "x", "⟦1⟧", ",", ".", ";", " ", "  ", "—", "end. ", "a, "]),
        max_size=60,
    ),
    st.integers(min_value=1, max_value=8),
)
def test_nothing_is_lost_and_chunks_fit(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    chunks = split_text(text, words, limit)
    assert "".join(chunks) == text
    # with words as tokens every word fits, so every chunk does
    assert all(words(chunk) <= limit for chunk in chunks)
