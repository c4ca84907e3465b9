"""The shipped float16 CTranslate2 model is also the training resume point.

A tiny Marian is converted with ctranslate2's converter exactly as the recipe exports the
default model, read back with ``jtrans.train.ct2_weights`` and compared weight by weight; the
trainer's ``--init MODEL_DIR`` takes the step and history from the card. Needs torch and
transformers (the ``train`` extra).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_marian import build_tiny_marian  # noqa: E402

pytestmark = pytest.mark.slow  # torch and the default model


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from jtrans.train.export import convert

    root = tmp_path_factory.mktemp("resume")
    hf = build_tiny_marian(root / "hf", d_model=16, layers=2)
    dest = root / "ct2"
    convert(hf, dest, "float16")
    return hf, dest


def test_float16_model_reads_back_as_the_marian_weights(tiny: tuple[Path, Path]) -> None:
    from transformers import MarianMTModel

    from jtrans.train.ct2_weights import load_marian_weights
    from jtrans.train.export import tied_or_static

    hf, dest = tiny
    model = MarianMTModel.from_pretrained(hf)
    weights = load_marian_weights(dest, model.config)
    reference = {k: v for k, v in model.state_dict().items() if not tied_or_static(k)}
    reference.pop("final_logits_bias", None)  # a zero buffer the converter drops
    assert set(weights) >= set(reference)
    for name, value in reference.items():
        got = weights[name]
        assert got.shape == value.shape, name
        # float16 storage: equal up to half precision (the <pad> row is dropped and stays 0)
        if name.endswith("shared.weight"):
            value, got = value[:-1], got[:-1]
        assert torch.allclose(got, value.half().float(), atol=1e-3), name


def test_init_from_model_dir_takes_weights_and_card_state(tiny: tuple[Path, Path]) -> None:
    from transformers import MarianMTModel

    from jtrans.train.export import tied_or_static
    from jtrans.train.marian import load_init

    hf, dest = tiny
    resume = {"step": 1234, "tokens": 99, "history": [{"step": 1000, "dev_loss": 3.0}]}
    (dest / "model.json").write_text(json.dumps({"training": {"resume": resume}}), encoding="utf-8")
    config = MarianMTModel.from_pretrained(hf).config
    weights, state = load_init(dest, config)
    assert state == resume
    fresh = MarianMTModel(config)
    missing, unexpected = fresh.load_state_dict(weights, strict=False)
    assert not unexpected
    assert not [k for k in missing if not tied_or_static(k)]


def test_a_model_converted_with_changed_values_is_refused(tiny: tuple[Path, Path]) -> None:
    """The mapping is found by value; a file whose variables do not fit raises, never
    loads garbage."""
    from transformers import MarianMTModel

    from jtrans.train.ct2_weights import load_marian_weights

    hf, dest = tiny
    config = MarianMTModel.from_pretrained(hf).config
    config.d_model = 32  # another architecture than the file holds
    config.encoder_ffn_dim = config.decoder_ffn_dim = 64
    with pytest.raises((ValueError, RuntimeError)):
        load_marian_weights(dest, config)


def test_export_ships_the_words_list_read_before_the_folder_is_replaced(tmp_path: Path) -> None:
    from jtrans.train.export import _words

    beside_spm, in_model = tmp_path / "data-words.txt", tmp_path / "model-words.txt"
    in_model.write_text("kernel\n", encoding="utf-8")
    assert _words(None, [beside_spm, in_model]) == b"kernel\n"  # the model's own, kept
    beside_spm.write_text("diffusion\n", encoding="utf-8")
    assert _words(None, [beside_spm, in_model]) == b"diffusion\n"  # a fresh prepare's
    assert _words(in_model, [beside_spm]) == b"kernel\n"  # given explicitly
    assert _words(None, [tmp_path / "none.txt"]) is None


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
