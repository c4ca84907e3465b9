"""The rule for committing a model update (jtrans.train.choose.beats): a higher dev BLEU is
not enough when the candidate loses terms in place or leaves more sentences in English."""

from __future__ import annotations

from jtrans.train.choose import beats


def result(bleu: float, terms: float, fallbacks: int) -> dict:
    return {"bleu": bleu, "term_accuracy": terms, "counts": {"fallbacks": fallbacks}}


def test_higher_bleu_with_terms_and_fallbacks_kept_beats() -> None:
    assert beats(result(31.0, 93.0, 1), result(28.2, 92.7, 1))


def test_higher_bleu_with_lost_terms_does_not_beat() -> None:
    assert not beats(result(31.25, 91.78, 1), result(28.2, 92.69, 1))


def test_higher_bleu_with_more_fallbacks_does_not_beat() -> None:
    assert not beats(result(31.0, 95.0, 3), result(28.2, 92.7, 1))


def test_lower_or_equal_bleu_does_not_beat() -> None:
    assert not beats(result(28.2, 99.0, 0), result(28.2, 92.7, 1))


def test_evaluate_refuses_a_folder_without_a_model_in_one_line(tmp_path) -> None:
    import pytest

    from jtrans.train import evaluate

    with pytest.raises(SystemExit) as exc:
        evaluate.main([str(tmp_path / "missing"), "--no-write"])
    assert (
        str(exc.value)
        == f"evaluate: error: {tmp_path / 'missing'} is not a model folder (no model.bin)"
    )
