"""``jtrans model list/info/convert`` and model resolution (``jtrans.models``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans import models

CARD = {
    "name": "hand",
    "languages": {"source": "en", "target": "ja"},
    "architecture": "MarianMTModel",
    "parameters": 61_000_000,
    "training_data": [
        {"name": "JParaCrawl v3", "license": "research", "attribution": "NTT"},
        {"name": "digest seeds", "license": "CC-BY-4.0", "attribution": "jtrans authors"},
    ],
    "dev_scores": {"digest-dev": {"bleu": 21.3, "chrf": 30.1}},
    "license": "Apache-2.0",
    "created": "2026-11-25T00:00:00+00:00",
    "converter": {"name": "ctranslate2", "version": "4.8.5", "quantization": "int8"},
}


@pytest.fixture
def models_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder whose ./models holds one hand-written model called ``hand``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(models.ENV_VAR, raising=False)
    # only this folder: the repo's own models/ (the bundled default) must not leak in
    monkeypatch.setattr(models, "search_dirs", lambda: [tmp_path / "models"])
    hand = tmp_path / "models" / "hand"
    hand.mkdir(parents=True)
    (hand / "model.bin").write_bytes(b"\0")
    models.write_card(hand, CARD)
    return tmp_path / "models"


def test_list_shows_hand_written_card(models_home: Path, monkeypatch, capsys) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "model", "list", "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["hand"]["card"] == CARD
    assert rows["hand"]["path"] == str(models_home / "hand")
    assert any("vocabulary missing" in p for p in rows["hand"]["problems"])
    code, out, _ = run_cli(monkeypatch, capsys, "model", "list")
    assert code == 0 and "hand" in out and "MarianMTModel" in out and "61.0M" in out


def test_list_marks_default(models_home: Path, monkeypatch, capsys) -> None:
    (models_home / "DEFAULT").write_text("hand\n")
    code, out, _ = run_cli(monkeypatch, capsys, "model", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert code == 0 and rows["hand"]["default"] is True
    code, out, _ = run_cli(monkeypatch, capsys, "model", "info", "default", "--json")
    assert code == 0 and json.loads(out) == CARD


def test_info_summary_full_and_json(models_home: Path, monkeypatch, capsys) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, "model", "info", "hand")
    assert code == 0
    assert len(out.splitlines()) <= 12  # a summary, the rest behind --full / --json
    assert "scores on digest-dev: BLEU 21.3, chrF 30.1" in out and "en→ja" in out
    assert "training data: JParaCrawl v3" in out and "--full" in out
    code, out, _ = run_cli(monkeypatch, capsys, "model", "info", "hand", "--full")
    assert code == 0
    assert "JParaCrawl v3" in out and "attribution: NTT" in out
    assert "61,000,000" in out and "bleu: 21.3" in out and "Apache-2.0" in out
    code, out, _ = run_cli(monkeypatch, capsys, "model", "info", "hand", "--json")
    assert code == 0 and json.loads(out) == CARD


def test_info_missing_model_is_one_line(models_home: Path, monkeypatch, capsys) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "model", "info", "nope")
    assert code == 4 and out == ""  # model problem
    assert "model 'nope' not found" in one_line_error(err)


def test_info_broken_card_is_one_line(models_home: Path, monkeypatch, capsys) -> None:
    (models_home / "hand" / "model.json").write_text("{not json")
    code, _, err = run_cli(monkeypatch, capsys, "model", "info", "hand")
    assert code == 4 and "not valid JSON" in one_line_error(err)


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [  # 4: the checkpoint is not a usable model; 2: bad options
        (["model", "convert", "no/such/dir", "--name", "x"], "does not exist", 4),
        (["model", "convert", ".", "--name", "x"], "no config.json", 4),
        (["model", "convert", "cfg", "--name", "x"], "unsupported model type 'bert'", 4),
        (["model", "convert", "cfg", "--name", "x", "-q", "int3"], "unknown quantization", 2),
        (["model", "convert", "cfg"], "--name NAME is required", 2),
        (["model", "convert", "--name", "x"], "either SRC", 2),
        (["model", "convert", "cfg", "--name", "hand"], "already exists", 2),
    ],
)
def test_convert_bad_input_is_one_line(
    models_home: Path, monkeypatch, capsys, args: list[str], message: str, exit_code: int
) -> None:
    cfg = models_home.parent / "cfg"
    cfg.mkdir()
    (cfg / "config.json").write_text('{"model_type": "bert"}')
    code, _, err = run_cli(monkeypatch, capsys, *args)
    assert code == exit_code
    assert message in one_line_error(err)


def test_convert_without_torch_says_how_to_install(models_home: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    ckpt = models_home.parent / "opus-mt"  # looks like a Marian checkpoint: torch is needed
    ckpt.mkdir()
    (ckpt / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (ckpt / name).write_bytes(b"spm")
    code, _, err = run_cli(monkeypatch, capsys, "model", "convert", str(ckpt), "--name", "x")
    assert code == 4 and "pip install 'jtrans[train]'" in one_line_error(err)


@pytest.mark.slow
def test_convert_tiny_marian(models_home: Path, monkeypatch, capsys) -> None:
    pytest.importorskip("torch", reason="jtrans model convert needs torch (the train extra)")
    pytest.importorskip("transformers", reason="jtrans model convert needs transformers")
    from tiny_marian import build_tiny_marian

    hf = build_tiny_marian(models_home.parent / "hf")
    (hf / "README.md").write_text("---\nlicense: cc-by-sa-4.0\n---\n# tiny\n")
    code, out, err = run_cli(
        monkeypatch,
        capsys,
        *("model", "convert", str(hf), "--name", "tiny", "-q", "float32", "--set-default"),
    )
    assert code == 0, err
    assert (models_home / "DEFAULT").read_text() == "tiny\n"
    assert models.resolve("default") == (models_home / "tiny").resolve()
    dest = models_home / "tiny"
    assert str(dest) in out or "models/tiny" in out
    for f in ("model.bin", "config.json", "shared_vocabulary.json", "source.spm", "target.spm"):
        assert (dest / f).is_file(), f
    assert models.validate(dest) == []
    card = models.load_card(dest)
    assert card["name"] == "tiny" and card["architecture"] == "MarianMTModel"
    assert card["license"] == "cc-by-sa-4.0"
    assert card["converter"]["quantization"] == "float32"
    assert card["placeholders_atomic"] is True and card["max_positions"] == 512
    assert isinstance(card["parameters"], int) and card["parameters"] > 1000
    assert "target_prefix" not in card
    vocab = json.loads((dest / "shared_vocabulary.json").read_text())
    assert vocab[0] == "</s>" and "<pad>" not in vocab and "⟦39⟧" in vocab
    assert models.resolve("tiny") == dest.resolve()
    # no temporary folders left behind; converting again needs --force
    assert sorted(p.name for p in models_home.iterdir()) == ["DEFAULT", "hand", "tiny"]
    code, _, err = run_cli(monkeypatch, capsys, "model", "convert", str(hf), "--name", "tiny")
    assert code == 2 and "--force" in one_line_error(err)
    code, _, err = run_cli(
        monkeypatch,
        capsys,
        *("model", "convert", str(hf), "--name", "tiny", "--force", "--source-token", ">>jpn<<"),
    )
    assert code == 0, err
    card = models.load_card(dest)
    assert card["converter"]["quantization"] == "int8"
    assert card["source_prefix"] == [">>jpn<<"] and "target_prefix" not in card
    # the library call the training recipe uses: card fields completed/removed by the caller
    from jtrans import convert

    own = {"training_data": [{"name": "seeds", "attribution": "us"}], "notes": None}
    card = convert.convert(hf, models_home / "own", card=own | {"dev_scores": {"bleu": 1.0}})
    assert models.load_card(models_home / "own") == card
    assert card["training_data"] == own["training_data"] and "notes" not in card
    assert card["dev_scores"] == {"bleu": 1.0} and card["name"] == "own"
    # a failed conversion leaves nothing behind
    (hf / "model.safetensors").unlink()
    with pytest.raises(convert.ConversionError, match="cannot convert"):
        convert.convert(hf, models_home / "broken")
    assert sorted(p.name for p in models_home.iterdir()) == ["DEFAULT", "hand", "own", "tiny"]


# -- jtrans.models --------------------------------------------------------------------------


def test_resolve_search_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env_dir = tmp_path / "elsewhere"
    (env_dir / "far").mkdir(parents=True)
    (env_dir / "far" / "model.bin").write_bytes(b"\0")
    monkeypatch.setenv(models.ENV_VAR, str(env_dir))
    assert models.resolve("far") == (env_dir / "far").resolve()
    assert models.resolve(env_dir / "far") == (env_dir / "far").resolve()
    assert models.resolve(str(env_dir / "far")) == (env_dir / "far").resolve()
    # ./models/NAME wins over $JTRANS_MODELS
    (tmp_path / "models" / "far").mkdir(parents=True)
    (tmp_path / "models" / "far" / "model.bin").write_bytes(b"\0")
    assert models.resolve("far") == (tmp_path / "models" / "far").resolve()


def test_resolve_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env_dir = tmp_path / "store"
    (env_dir / "v1").mkdir(parents=True)
    (env_dir / "v1" / "model.bin").write_bytes(b"\0")
    (env_dir / "DEFAULT").write_text("v1\n")
    dirs = [tmp_path / "models", env_dir]
    assert models.resolve("default", dirs) == (env_dir / "v1").resolve()
    # a same-named model in an earlier folder does not shadow the one next to DEFAULT
    (tmp_path / "models" / "v1").mkdir(parents=True)
    (tmp_path / "models" / "v1" / "model.bin").write_bytes(b"\0")
    assert models.resolve("default", dirs) == (env_dir / "v1").resolve()
    assert models.resolve("v1", dirs) == (tmp_path / "models" / "v1").resolve()
    (env_dir / "DEFAULT").write_text("v2\n")
    with pytest.raises(models.ModelNotFound, match="default model 'v2'"):
        models.resolve("default", dirs)
    (env_dir / "DEFAULT").unlink()
    with pytest.raises(models.ModelNotFound, match="no default model"):
        models.resolve("default", dirs)


def test_resolve_errors_are_one_line(tmp_path: Path) -> None:
    for bad in ("missing", str(tmp_path / "missing"), "./x", ""):
        with pytest.raises(models.ModelNotFound) as exc:
            models.resolve(bad, [tmp_path])
        assert "\n" not in str(exc.value)
    with pytest.raises(models.ModelNotFound, match="is not a model directory"):
        models.resolve(tmp_path, [tmp_path])


def test_write_card_is_atomic_and_round_trips(tmp_path: Path) -> None:
    f = models.write_card(tmp_path, CARD | {"name": "日本語"})
    assert f == tmp_path / "model.json"
    assert models.load_card(tmp_path)["name"] == "日本語"
    assert "日本語" in f.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_validate_reports_what_is_missing(tmp_path: Path) -> None:
    problems = models.validate(tmp_path)
    assert any("model.bin" in p for p in problems)
    assert any("vocabulary" in p for p in problems)
    assert any("sentencepiece" in p for p in problems)
    assert any("model.json" in p for p in problems)
    models.write_card(tmp_path, {"name": "x"})
    assert any("lacks languages" in p for p in models.validate(tmp_path))
    assert models.validate(tmp_path / "nope") == [f"{tmp_path / 'nope'} is not a directory"]


def test_convert_tiny_nllb_records_language_tokens(models_home: Path, monkeypatch, capsys) -> None:
    pytest.importorskip("torch", reason="jtrans model convert needs torch (the train extra)")
    pytest.importorskip("transformers", reason="jtrans model convert needs transformers")
    from tiny_marian import build_tiny_nllb

    from jtrans.engines.ct2 import CT2Engine

    hf = build_tiny_nllb(models_home.parent / "nllb-tiny")
    code, _, err = run_cli(monkeypatch, capsys, "model", "convert", str(hf), "--name", "nl")
    assert code == 0, err
    dest = models_home / "nl"
    card = models.load_card(dest)
    assert card["architecture"].endswith("(NLLB)")
    assert card["source_prefix"] == ["eng_Latn"] and card["target_prefix"] == ["jpn_Jpan"]
    assert card["max_positions"] == 128
    assert (dest / "source.spm").read_bytes() == (hf / "sentencepiece.bpe.model").read_bytes()
    engine = CT2Engine(dest, beam_size=1)
    assert engine.max_input_tokens == 126  # 128 positions - language token - </s>
    sources = [engine.source_prefix + c + engine.source_suffix for c in engine.chunks("a model")]
    raw = engine.translator.translate_batch(
        sources, target_prefix=[["jpn_Jpan"]], beam_size=1, max_decoding_length=128
    )
    assert raw[0].hypotheses[0][0] == "jpn_Jpan"
    (out,) = engine.translate_batch(["a model"])
    expected = engine.target_spm.decode(raw[0].hypotheses[0][1:]).strip()
    assert out == expected and not out.startswith("jpn_Jpan")


def test_m2m100_is_told_apart_from_nllb(tmp_path: Path) -> None:
    from jtrans.convert import detect as _detect

    (tmp_path / "config.json").write_text('{"model_type": "m2m_100"}')
    (tmp_path / "tokenizer_config.json").write_text('{"tokenizer_class": "M2M100Tokenizer"}')
    assert _detect(tmp_path) == "m2m100"
    (tmp_path / "tokenizer_config.json").write_text('{"tokenizer_class": "NllbTokenizerFast"}')
    assert _detect(tmp_path) == "nllb"


def test_other_card_spellings_are_accepted(models_home: Path, monkeypatch, capsys) -> None:
    """The training recipe's card: source_lang/target_lang, scores, training.data, strings."""
    trained = models_home / "trained"
    trained.mkdir()
    (trained / "model.bin").write_bytes(b"\0")
    card = {
        "name": "trained",
        "source_lang": "en",
        "target_lang": "ja",
        "architecture": "MarianMTModel (small)",
        "parameters": 30_000_000,
        "quantization": "int8",
        "training": {"steps": 10, "data": [{"file": "a.tsv", "license": "MIT"}]},
        "scores": {},
        "license": "CC BY-SA 4.0",
        "created": "2026-11-25",
        "converter": "ctranslate2 4.8.5",
    }
    models.write_card(trained, card)
    assert not [p for p in models.validate(trained) if "model.json" in p]
    assert models.card_languages(card) == ("en", "ja")
    assert models.card_quantization(card) == "int8"
    assert models.card_field(card, "training_data") == card["training"]["data"]
    code, out, err = run_cli(monkeypatch, capsys, "model", "list")
    assert code == 0, err
    assert "trained" in out and "en→ja" in out and "int8" in out
    code, out, _ = run_cli(monkeypatch, capsys, "model", "info", "trained", "--full")
    assert code == 0 and "file: a.tsv" in out


def test_list_without_a_terminal_keeps_whole_names(models_home: Path, monkeypatch, capsys) -> None:
    long = models_home / ("hand-" + "x" * 60)
    long.mkdir()
    for f in (models_home / "hand").iterdir():
        (long / f.name).write_bytes(f.read_bytes())
    code, out, _ = run_cli(monkeypatch, capsys, "model", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t")[0] == "name"
    assert long.name in [line.split("\t")[0] for line in lines]
