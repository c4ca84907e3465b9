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


def test_export_averages_a_shipped_model_directory_with_checkpoints(
    tiny: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped model is a checkpoint like any snapshot: it can be averaged with a later
    phase's snapshots (a path named twice counts twice), and the card's step is the latest."""
    from transformers import MarianMTModel

    from jtrans.train import architecture, export
    from jtrans.train.ct2_weights import load_marian_weights

    hf, dest = tiny
    config = MarianMTModel.from_pretrained(hf).config
    sizes = ("d_model", "encoder_layers", "decoder_layers", "encoder_attention_heads")
    sizes += ("decoder_attention_heads", "encoder_ffn_dim", "decoder_ffn_dim")
    monkeypatch.setitem(architecture.ARCHS, "tiny", {k: getattr(config, k) for k in sizes})
    (dest / "model.json").write_text(
        json.dumps({"training": {"resume": {"step": 1000}}}), encoding="utf-8"
    )
    spm_model = hf / "source.spm"
    shipped, state = export.load_weights(dest, spm_model, "tiny")
    assert state == {"step": 1000}
    # a trainer snapshot holds every weight, tied copies and positions too (their own values
    # here: averaged over fewer checkpoints, a tied copy would overwrite the shared embedding)
    full = {k: 3 * v for k, v in MarianMTModel.from_pretrained(hf).state_dict().items()}
    later = tmp_path / "snap-2000.pt"
    torch.save(
        {"model": full | {k: 3 * v for k, v in shipped.items()}, "state": {"step": 2000}}, later
    )

    weights, state = export.average([dest, dest, later], spm_model, "tiny")
    assert state["step"] == 2000 and set(weights) == set(shipped)
    for name, value in shipped.items():
        assert torch.allclose(weights[name], value * 5 / 3, atol=1e-5), name

    export.main(
        [str(dest), str(later), "--spm", str(spm_model), "--arch", "tiny"]
        + ["--name", "avg", "--models", str(tmp_path / "models")]
    )
    out = tmp_path / "models" / "avg"
    assert json.loads((out / "model.json").read_text())["training"]["resume"]["step"] == 2000
    back = load_marian_weights(out, config)
    for name, value in shipped.items():
        if name.endswith("shared.weight"):  # the <pad> row is not stored
            value, back[name] = value[:-1], back[name][:-1]
        assert torch.allclose(back[name], 2 * value, atol=2e-2, rtol=1e-2), name


def test_export_refuses_a_folder_that_is_not_a_model(
    tiny: tuple[Path, Path], tmp_path: Path
) -> None:
    from jtrans.train.export import load_weights

    spm_model = tiny[0] / "source.spm"
    with pytest.raises(SystemExit, match=r"^export: .*: not a model directory"):
        load_weights(tmp_path, spm_model, "small")
    with pytest.raises(SystemExit, match="no such model directory or checkpoint"):
        load_weights(tmp_path / "missing.pt", spm_model, "small")


TINY_SIZES = dict(d_model=16, encoder_layers=2, decoder_layers=1)
TINY_SIZES |= dict(encoder_attention_heads=2, decoder_attention_heads=2)


def _grown(seed: int, sizes: dict, grown_sizes: dict):  # noqa: ANN202
    """A tiny model of ``sizes``, the model of ``grown_sizes`` grown from it, the first one's
    logits on a random batch and the grown one's output (with loss) on the same batch."""
    from transformers import MarianMTModel

    from jtrans.train.architecture import grow, make_config

    torch.manual_seed(seed)
    small = MarianMTModel(make_config(30, "small", **sizes)).eval()
    large = MarianMTModel(make_config(30, "small", **grown_sizes)).eval()
    large.load_state_dict(grow(small.state_dict(), large.state_dict()))
    x = torch.randint(2, 30, (3, 7))
    y = torch.randint(2, 30, (3, 5))
    with torch.no_grad():
        before = small(input_ids=x, labels=y).logits
    return small, large, before, large(input_ids=x, labels=y)


def test_a_model_grows_into_wider_feed_forward_layers_computing_the_same_function() -> None:
    """``grow`` keeps every output of the narrow model, and the new units can learn: their
    output columns start at zero but get a gradient."""
    ffn, wide_ffn = ({"encoder_ffn_dim": n, "decoder_ffn_dim": n} for n in (8, 24))
    _, wide, before, after = _grown(1, TINY_SIZES | ffn, TINY_SIZES | wide_ffn)
    assert torch.allclose(before, after.logits, atol=1e-5)
    layer = wide.model.encoder.layers[0]
    assert layer.fc2.weight[:, 8:].abs().sum() == 0 and layer.fc1.weight[8:].abs().sum() > 0
    after.loss.backward()
    assert layer.fc2.weight.grad[:, 8:].abs().sum() > 0


def test_a_model_grows_new_decoder_layers_on_top_that_start_as_identities() -> None:
    """New decoder layers go on top: the old ones keep their weights, the new ones add nothing
    to their residuals at first (exactly, for a layer norm of uniform gain and no bias) and
    their output projections get a gradient."""
    shallow, deep, before, after = _grown(2, TINY_SIZES, TINY_SIZES | {"decoder_layers": 3})
    assert torch.allclose(before, after.logits, atol=1e-5)
    assert torch.equal(
        deep.model.decoder.layers[0].fc1.weight, shallow.model.decoder.layers[0].fc1.weight
    )
    new = deep.model.decoder.layers[2]
    assert new.fc2.weight.abs().sum() == 0 and new.fc1.weight.abs().sum() > 0
    after.loss.backward()
    assert new.fc2.weight.grad.abs().sum() > 0
    assert new.encoder_attn.out_proj.weight.grad.abs().sum() > 0


def test_new_decoder_layers_rescale_a_trained_layer_norm_back() -> None:
    """With the old top layer's norm trained (gain and bias not 1 and 0) the grown model's
    outputs stay near the old ones; a plain fresh norm would move them far."""
    from transformers import MarianMTModel

    from jtrans.train.architecture import grow, make_config

    torch.manual_seed(3)
    sizes = {**TINY_SIZES, "d_model": 64}
    shallow = MarianMTModel(make_config(30, "small", **sizes)).eval()
    norm = shallow.model.decoder.layers[0].final_layer_norm
    with torch.no_grad():
        norm.weight.copy_(3 + 0.3 * torch.randn(64))
        norm.bias.copy_(0.1 * torch.randn(64))
    deep = MarianMTModel(make_config(30, "small", **{**sizes, "decoder_layers": 2})).eval()
    grown = grow(shallow.state_dict(), deep.state_dict())
    x = torch.randint(2, 30, (4, 9))
    y = torch.randint(2, 30, (4, 6))
    with torch.no_grad():
        before = shallow(input_ids=x, labels=y).logits
        deep.load_state_dict(grown)
        near = (deep(input_ids=x, labels=y).logits - before).abs().mean()
        for key in [k for k in grown if "layers.1." in k and "layer_norm" in k]:
            grown[key] = torch.ones_like(grown[key]) if key.endswith("weight") else grown[key] * 0
        deep.load_state_dict(grown)
        plain = (deep(input_ids=x, labels=y).logits - before).abs().mean()
    assert near < plain / 3


def test_only_feed_forward_layers_and_decoder_depth_grow() -> None:
    from transformers import MarianMTModel

    from jtrans.train.architecture import grow, make_config

    narrow = MarianMTModel(make_config(30, "small", **TINY_SIZES))
    wider = MarianMTModel(make_config(30, "small", **{**TINY_SIZES, "d_model": 32}))
    with pytest.raises(ValueError, match="cannot grow"):
        grow(narrow.state_dict(), wider.state_dict())


def test_the_trainer_grows_a_shipped_small_model_from_its_card(
    tiny: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # noqa: ANN001
    """``--init`` a model whose card says it is ``tiny`` with ``--arch tiny-wide``: the trainer
    grows it and its first dev loss is the narrow model's; an architecture it cannot grow
    into is one line."""
    import shutil

    import numpy as np
    from transformers import MarianMTModel

    from jtrans.train import architecture
    from jtrans.train.marian import main

    hf, dest = tiny
    config = MarianMTModel.from_pretrained(hf).config
    sizes = {k: getattr(config, k) for k in (*TINY_SIZES, "encoder_ffn_dim", "decoder_ffn_dim")}
    monkeypatch.setitem(architecture.ARCHS, "tiny", sizes)
    monkeypatch.setitem(
        architecture.ARCHS, "tiny-wide", sizes | {"encoder_ffn_dim": 3 * sizes["encoder_ffn_dim"]}
    )
    monkeypatch.setitem(architecture.ARCHS, "tiny-deep", sizes | {"encoder_layers": 3})
    resume = {"step": 1000, "arch": "tiny"}
    (dest / "model.json").write_text(json.dumps({"training": {"resume": resume}}), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(hf / "source.spm", data / "spm.model")
    rng = np.random.default_rng(0)
    for name, n in (("train", 16), ("dev", 6)):
        lens = rng.integers(3, 8, (2, n))
        np.savez(
            data / f"{name}.npz",
            en_ids=rng.integers(2, 100, lens[0].sum()),
            en_len=lens[0],
            ja_ids=rng.integers(2, 100, lens[1].sum()),
            ja_len=lens[1],
        )
    common = ["--data", str(data), "--init", str(dest), "--max-tokens", "80", "--bf16", "off"]
    common += ["--threads", "1", "--eval-every", "1", "--max-steps", "1001"]

    def first_dev_loss(arch: str | None) -> str:
        flags = ["--arch", arch] if arch else []  # none: the card's architecture
        main([*common, *flags, "--ckpt", str(tmp_path / (arch or "default"))])
        out = capsys.readouterr().out
        assert ("grown from tiny to tiny-wide" in out) == (arch == "tiny-wide")
        return next(line for line in out.splitlines() if line.startswith("dev loss"))

    assert first_dev_loss("tiny") == first_dev_loss("tiny-wide") == first_dev_loss(None)
    with pytest.raises(SystemExit, match=r"a tiny model cannot grow into --arch tiny-deep"):
        main([*common, "--arch", "tiny-deep", "--ckpt", str(tmp_path / "deep")])
    # what a checkpoint was trained as: a card, a snapshot's folder, else the default
    from jtrans.train.architecture import checkpoint_arch

    assert checkpoint_arch(dest) == "tiny"
    assert checkpoint_arch(tmp_path / "tiny-wide" / "last.pt") == "tiny-wide"
    assert checkpoint_arch(tmp_path / "nothing.pt") == checkpoint_arch(None) == "small"


def test_export_of_another_size_is_one_line(
    tiny: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkpoint exported as an architecture of other sizes (a wide snapshot as small) is a
    one-line error, not a traceback."""
    from transformers import MarianMTModel

    from jtrans.train import architecture, export

    hf, _ = tiny
    config = MarianMTModel.from_pretrained(hf).config
    sizes = {k: getattr(config, k) for k in (*TINY_SIZES, "encoder_ffn_dim", "decoder_ffn_dim")}
    monkeypatch.setitem(architecture.ARCHS, "tiny-wide", sizes | {"encoder_ffn_dim": 99})
    snap = tmp_path / "snap.pt"
    torch.save({"model": MarianMTModel.from_pretrained(hf).state_dict(), "state": {}}, snap)
    args = [str(snap), "--spm", str(hf / "source.spm"), "--models", str(tmp_path / "m")]
    with pytest.raises(SystemExit, match="do not fit the tiny-wide architecture"):
        export.main([*args, "--arch", "tiny-wide"])
