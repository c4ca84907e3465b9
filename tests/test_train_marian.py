"""The trainer's step: the output layer on real target positions only. Needs torch and
transformers (the ``train`` extra)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

pytestmark = pytest.mark.slow  # torch


def test_the_training_loss_on_real_positions_equals_the_full_output_loss() -> None:
    """The trainer's output layer skips padded target positions (``target_logits``): the loss
    and its gradients are those of the full output with the padding ignored, and eager
    attention (the trainer's choice on CPU) computes what SDPA does."""
    from transformers import MarianMTModel
    from transformers.models.marian.modeling_marian import shift_tokens_right

    from jtrans.train.marian import make_config, target_logits

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
    logits, labels = target_logits(model, x, m, dec, y)
    assert logits.shape == (int((y != -100).sum()), 41) and (labels != -100).all()
    loss = loss_fn(logits, labels)
    assert float(loss) == pytest.approx(float(reference), rel=1e-6)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(grads(loss), g_ref, strict=True))
    model.set_attn_implementation("eager")
    eager = loss_fn(*target_logits(model, x, m, dec, y))
    assert float(eager) == pytest.approx(float(reference), rel=1e-5)


def test_the_trainer_without_prepared_data_is_one_line(tmp_path) -> None:  # noqa: ANN001
    from jtrans.train.marian import main

    with pytest.raises(SystemExit) as exc:
        main(["--data", str(tmp_path / "nope"), "--ckpt", str(tmp_path / "ckpt")])
    assert "no prepared data" in str(exc.value) and "spm.model" in str(exc.value)
    assert not (tmp_path / "ckpt").exists()
