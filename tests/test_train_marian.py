"""The trainer's step: the output layer on real target positions only, a chunk at a time.
Needs torch and transformers (the ``train`` extra)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

pytestmark = pytest.mark.slow  # torch


def test_the_training_loss_on_real_positions_equals_the_full_output_loss() -> None:
    """The trainer's loss (``train_loss``: real target positions only, the output layer a chunk
    at a time) and its gradients are those of the full output with the padding ignored, and
    eager attention (the trainer's choice on CPU) computes what SDPA does."""
    from transformers import MarianMTModel
    from transformers.models.marian.modeling_marian import shift_tokens_right

    from jtrans.train.marian import make_config, train_loss

    torch.manual_seed(0)
    config = make_config(40, "small", d_model=16, encoder_layers=1, decoder_layers=1)
    config.dropout = 0.0
    pad = 40
    model = MarianMTModel(config).train()
    x = torch.randint(1, 40, (3, 7))
    m = torch.ones_like(x)
    m[1, 5:] = 0
    x[1, 5:] = pad
    y = torch.randint(1, 40, (3, 6))
    y[0, 4:] = -100  # padded targets
    y[2, 2:] = -100
    dec = shift_tokens_right(y, pad, pad)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=0.1)

    def grads(loss: torch.Tensor) -> list[torch.Tensor]:
        model.zero_grad()
        loss.backward()
        return [p.grad.clone() for p in model.parameters() if p.grad is not None]

    full = model(input_ids=x, attention_mask=m, decoder_input_ids=dec).logits
    reference = loss_fn(full.view(-1, full.size(-1)), y.view(-1))
    g_ref = grads(reference)
    loss = train_loss(model, x, m, dec, y, 0.1, bf16=False)
    assert float(loss.detach()) == pytest.approx(float(reference.detach()), rel=1e-6)
    got = grads(loss)
    assert len(got) == len(g_ref)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(got, g_ref, strict=True))
    model.set_attn_implementation("eager")
    eager = train_loss(model, x, m, dec, y, 0.1, bf16=False)
    assert float(eager.detach()) == pytest.approx(float(reference.detach()), rel=1e-5)


@pytest.mark.parametrize("chunk", [1, 4, 7, 64])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_the_chunked_output_loss_equals_the_plain_one(chunk: int, smoothing: float) -> None:
    """``output_loss`` over chunks that do not divide the positions gives the loss and the
    gradients (hidden states, weight, bias) of ``linear`` + ``CrossEntropyLoss``; in bf16 it
    stays within bf16 rounding of the float32 result."""
    from jtrans.train.output_loss import output_loss

    torch.manual_seed(1)
    n, d, vocab = 23, 8, 50
    hidden = torch.randn(n, d, requires_grad=True)
    weight = torch.randn(vocab, d, requires_grad=True)
    bias = torch.randn(vocab, requires_grad=True)
    labels = torch.randint(0, vocab, (n,))

    def run(fn) -> tuple[float, list[torch.Tensor]]:  # noqa: ANN001
        for t in (hidden, weight, bias):
            t.grad = None
        loss = fn()
        loss.backward()
        return float(loss), [t.grad.clone() for t in (hidden, weight, bias)]

    plain = torch.nn.CrossEntropyLoss(label_smoothing=smoothing)
    ref_loss, ref_grads = run(lambda: plain(hidden @ weight.t() + bias, labels))
    loss, got = run(lambda: output_loss(hidden, weight, bias, labels, smoothing, chunk))
    assert loss == pytest.approx(ref_loss, rel=1e-6)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(got, ref_grads, strict=True))
    half_loss, half = run(lambda: output_loss(hidden, weight, bias, labels, smoothing, chunk, True))
    assert half_loss == pytest.approx(ref_loss, rel=2e-2)
    assert all(
        torch.allclose(a, b, atol=2e-2, rtol=5e-2) for a, b in zip(half, ref_grads, strict=True)
    )
    with pytest.raises(ValueError, match="no target positions"):
        output_loss(hidden[:0], weight, bias, labels[:0])


def test_the_trainer_without_prepared_data_is_one_line(tmp_path) -> None:  # noqa: ANN001
    from jtrans.train.marian import main

    with pytest.raises(SystemExit) as exc:
        main(["--data", str(tmp_path / "nope"), "--ckpt", str(tmp_path / "ckpt")])
    assert "no prepared data" in str(exc.value) and "spm.model" in str(exc.value)
    assert not (tmp_path / "ckpt").exists()


def test_the_trainer_log_shows_its_resident_size() -> None:
    """``rss_mb`` (in every progress line) follows the process's memory, and ``trim_memory``
    (called at each progress line) is safe to call."""
    from pathlib import Path

    from jtrans.train.marian import rss_mb, trim_memory

    if not Path("/proc/self/statm").is_file():
        pytest.skip("no /proc/self/statm on this system")
    before = rss_mb()
    block = b"\x01" * (300 << 20)  # written, so resident
    assert rss_mb() - before >= 250
    del block
    trim_memory()
    assert rss_mb() > 0


def _tiny_prepared_data(tmp_path, seed: int):  # noqa: ANN001, ANN202
    """What ``jtrans.train.prepare`` writes, in miniature: a 24-piece sentencepiece model and
    random id pairs (64 to train, 8 for dev) in ``tmp_path / "data"``."""
    import numpy as np
    import sentencepiece as spm

    data = tmp_path / "data"
    data.mkdir()
    lines = [f"the model {w} learns {v} tokens" for w in "abcdefgh" for v in "ijklmnop"]
    (tmp_path / "text.txt").write_text("\n".join(lines), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(tmp_path / "text.txt"),
        model_prefix=str(data / "spm"),
        vocab_size=24,
        minloglevel=2,
    )
    rng = np.random.default_rng(seed)

    def pairs(n: int) -> dict[str, np.ndarray]:
        en = [rng.integers(2, 24, rng.integers(3, 9)) for _ in range(n)]
        ja = [rng.integers(2, 24, rng.integers(3, 9)) for _ in range(n)]
        return {
            "en_ids": np.concatenate(en),
            "en_len": np.array([len(s) for s in en]),
            "ja_ids": np.concatenate(ja),
            "ja_len": np.array([len(s) for s in ja]),
        }

    np.savez(data / "train.npz", **pairs(64))
    np.savez(data / "dev.npz", **pairs(8))
    return data


def test_the_trainer_trains_snapshots_and_resumes(tmp_path, capsys) -> None:  # noqa: ANN001
    """A few real steps on tiny prepared data: the loss is finite, the log prints tok/s and the
    resident size, snapshots are written at each evaluation, and a second run resumes from
    ``last.pt`` at the step the first one reached."""
    import numpy as np

    from jtrans.train.marian import main

    data = _tiny_prepared_data(tmp_path, seed=0)
    ckpt = tmp_path / "ckpt"
    common = ["--data", str(data), "--ckpt", str(ckpt), "--max-tokens", "120", "--bf16", "off"]
    common += ["--threads", "1", "--eval-every", "3", "--log-every", "2", "--keep-snapshots", "2"]
    main([*common, "--max-steps", "6"])
    out = capsys.readouterr().out
    assert "saved at step 6" in out and "rss_mb" in out and "tgt_tok/s" in out
    losses = [
        float(line.split(" loss ")[1].split()[0]) for line in out.splitlines() if " loss " in line
    ]
    assert losses and all(np.isfinite(losses))
    assert sorted(p.name for p in ckpt.glob("snap-*.pt")) == ["snap-0000003.pt", "snap-0000006.pt"]
    main([*common, "--max-steps", "8"])
    out = capsys.readouterr().out
    assert "resumed at step 6" in out and "saved at step 8" in out
    state = torch.load(ckpt / "last.pt", weights_only=False)["state"]
    assert state["step"] == 8 and [h["step"] for h in state["history"]] == [3, 6]


def test_unreadable_prepared_data_is_one_line(tmp_path) -> None:  # noqa: ANN001
    from jtrans.train.marian import main

    data = tmp_path / "data"
    data.mkdir()
    spm_model = Path(__file__).parents[1] / "models/jtrans-small-enja/source.spm"
    (data / "spm.model").write_bytes(spm_model.read_bytes())
    for name in ("train.npz", "dev.npz"):
        (data / name).write_text("garbage\n")
    with pytest.raises(SystemExit) as exc:
        main(["--data", str(data), "--ckpt", str(tmp_path / "ckpt")])
    assert str(exc.value).startswith("marian: unreadable prepared data") and "\n" not in str(
        exc.value
    )


def test_the_cooldown_factor_decays_linearly_to_zero() -> None:
    from jtrans.train.marian import cooldown_factor

    assert cooldown_factor(100, 100, 0) == 1.0  # off
    assert cooldown_factor(90, 100, 40) == 1.0  # not started
    assert cooldown_factor(110, 100, 40) == pytest.approx(0.75)
    assert cooldown_factor(130, 100, 40) == pytest.approx(0.25)
    assert cooldown_factor(140, 100, 40) == 0.0
    assert cooldown_factor(500, 100, 40) == 0.0


def test_a_cooldown_run_stops_at_zero_with_a_snapshot_of_its_end(tmp_path, capsys) -> None:  # noqa: ANN001
    """``--cooldown N`` scales the learning rate down to zero over N steps from where the run
    starts, stops there, and snapshots the end even between evaluations; a later run with
    ``--cooldown`` starts a new one rather than stopping at once."""

    from jtrans.train.marian import lr_at, main

    data = _tiny_prepared_data(tmp_path, seed=1)
    ckpt = tmp_path / "ckpt"
    common = ["--data", str(data), "--ckpt", str(ckpt), "--max-tokens", "120", "--bf16", "off"]
    common += ["--threads", "1", "--eval-every", "5", "--log-every", "1", "--warmup", "2"]
    main([*common, "--cooldown", "4", "--max-steps", "100"])
    out = capsys.readouterr().out
    assert "saved at step 3" in out
    lrs = [float(line.split(" lr ")[1].split()[0]) for line in out.splitlines() if " lr " in line]
    expected = [lr_at(s, 1e-3, 2) * factor for s, factor in ((1, 0.75), (2, 0.5), (3, 0.25))]
    assert lrs == pytest.approx(expected, rel=0.01)  # the log prints 3 digits
    assert [p.name for p in ckpt.glob("snap-*.pt")] == ["snap-0000003.pt"]
    main([*common, "--cooldown", "2", "--max-steps", "100"])
    out = capsys.readouterr().out
    assert "resumed at step 3" in out and "saved at step 4" in out


def test_a_negative_cooldown_is_refused_in_one_line(tmp_path, capsys) -> None:  # noqa: ANN001
    from jtrans.train.marian import main

    with pytest.raises(SystemExit) as exc:
        main(
            ["--data", str(tmp_path / "data"), "--ckpt", str(tmp_path / "ckpt"), "--cooldown", "-5"]
        )
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("--cooldown must be 0 (off) or a number of steps, not -5")
    assert not (tmp_path / "ckpt").exists()
    with pytest.raises(SystemExit) as exc:
        main(["--data", str(tmp_path / "data"), "--ckpt", str(tmp_path / "ckpt"), "--seed", "-1"])
    assert exc.value.code == 2
    assert (
        capsys.readouterr()
        .err.strip()
        .splitlines()[-1]
        .endswith("--seed must be 0 (the historic data order) or a positive number, not -1")
    )
    assert not (tmp_path / "ckpt").exists()


def test_a_seed_gives_another_order_of_the_same_pairs_and_zero_keeps_the_old_one(
    tmp_path,  # noqa: ANN001
) -> None:
    """Independent phases from one start differ only if their data order does: seed 0 is the
    order every earlier run trained on, another seed reorders the same pairs, reproducibly."""
    import numpy as np

    from jtrans.train.marian import Data

    data = Data(_tiny_prepared_data(tmp_path, seed=1) / "train.npz", max_len=160)

    def flat(batches: list[np.ndarray]) -> list[int]:
        return [int(i) for b in batches for i in b]

    old = flat(data.batches(60, epoch=2))
    assert flat(data.batches(60, epoch=2, seed=0)) == old
    other = flat(data.batches(60, epoch=2, seed=3))
    assert other != old and sorted(other) == sorted(old) == sorted(int(i) for i in data.index)
    assert flat(data.batches(60, epoch=2, seed=3)) == other
    assert flat(data.batches(60, epoch=3, seed=3)) != other


def test_the_seed_is_kept_across_resumes(tmp_path, capsys) -> None:  # noqa: ANN001
    from jtrans.train.marian import main

    data = _tiny_prepared_data(tmp_path, seed=2)
    ckpt = tmp_path / "ckpt"
    common = ["--data", str(data), "--ckpt", str(ckpt), "--max-tokens", "120", "--bf16", "off"]
    common += ["--threads", "1", "--eval-every", "2"]
    main([*common, "--max-steps", "2", "--seed", "5"])
    main([*common, "--max-steps", "3"])
    capsys.readouterr()
    state = torch.load(ckpt / "last.pt", weights_only=False)["state"]
    assert state["step"] == 3 and state["seed"] == 5


def test_dropout_is_an_option_and_a_wrong_one_is_refused_in_one_line(tmp_path, capsys) -> None:  # noqa: ANN001
    """Session 29 trained phases at dropout 0.0 and 0.2: the config carries it (0.1 by
    default), and a value outside [0, 1) stops the trainer in one line before it writes."""
    from jtrans.train.architecture import make_config
    from jtrans.train.marian import main

    assert make_config(100, "small").dropout == 0.1
    assert make_config(100, "small", dropout=0.0).dropout == 0.0
    for bad in ("-0.1", "1.0"):
        with pytest.raises(SystemExit) as exc:
            main(["--data", str(tmp_path / "d"), "--ckpt", str(tmp_path / "c"), "--dropout", bad])
        assert exc.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].endswith(f"--dropout must be at least 0 and below 1, not {float(bad)}")
    assert not (tmp_path / "c").exists()
