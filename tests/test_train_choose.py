"""The rule for committing a model update (jtrans.train.choose.beats): a higher dev BLEU is
not enough when the candidate loses terms in place or leaves more sentences in English."""

from __future__ import annotations

from pathlib import Path

from jtrans.train.choose import beats, pooled, resolve


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


def test_dev_sets_are_pooled_into_one(tmp_path) -> None:
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("one\t一\ntwo\t二", encoding="utf-8")  # no final newline
    b.write_text("three\t三\n", encoding="utf-8")
    out = pooled([a, b], tmp_path / "dev.tsv")
    assert out.read_text(encoding="utf-8").splitlines() == ["one\t一", "two\t二", "three\t三"]


def test_prepare_writes_the_abstract_dev_split_as_text(tmp_path) -> None:
    """The raw held-out abstracts are the very pairs of the encoded dev split (same shuffle)."""
    import pytest

    from jtrans.train import prepare

    shared = prepare.shared_dir()
    if not (shared / "corpus" / "ml-abstracts-acl2022.tsv").is_file():
        pytest.skip(f"no corpus under {shared} (a fresh clone has no ../shared)")
    mix, prepare.MIX = prepare.MIX, [("ml-abstracts-acl2022.tsv", 1.0)]
    try:
        prepare.build_text(shared, tmp_path, rules=False)
    finally:
        prepare.MIX = mix
    raw = (tmp_path / prepare.DEV_RAW_FILE).read_text(encoding="utf-8").splitlines()
    dev = (tmp_path / "dev.en").read_text(encoding="utf-8").splitlines()
    assert len(raw) == len(dev) == prepare.DEV_FROM["ml-abstracts-acl2022.tsv"]
    assert [r.split("\t")[0] for r in raw] == dev  # no rules: the text is the same


def test_candidates_name_snapshots_model_directories_and_their_averages(tmp_path: Path) -> None:
    ckpt = tmp_path / "ckpt"
    ckpt.mkdir()
    snaps = [ckpt / f"snap-{step:07d}.pt" for step in (500, 1000, 1500)]
    for snap in [*snaps, ckpt / "best.pt"]:
        snap.write_bytes(b"")
    shipped = tmp_path / "models" / "small"
    shipped.mkdir(parents=True)
    (shipped / "model.bin").write_bytes(b"")
    assert resolve(ckpt, "last-snap") == snaps[-1:]
    assert resolve(ckpt, "avg:2") == snaps[-2:]
    assert resolve(ckpt, "best.pt") == [ckpt / "best.pt"]
    assert resolve(ckpt, str(shipped)) == [shipped]
    assert resolve(ckpt, f"{shipped}+avg:2") == [shipped, *snaps[-2:]]
    assert resolve(ckpt, f"{shipped}+{shipped}+best.pt") == [shipped, shipped, ckpt / "best.pt"]
    # a part that names nothing (a folder without model.bin, a missing file) drops the candidate
    assert resolve(ckpt, str(tmp_path / "models")) == []
    assert resolve(ckpt, f"{shipped}+missing.pt") == []
