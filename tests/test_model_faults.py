"""A broken model directory is one line naming the broken file, exit code 4, before
anything is translated or written; the input is never touched.

Broken models are copies of the bundled ``models/jtrans-small-enja`` (11 MB) in a temp folder.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

pytest.importorskip("ctranslate2")
BUNDLED = Path(__file__).resolve().parents[1] / "models" / "jtrans-small-enja"
if not (BUNDLED / "model.bin").is_file():  # pragma: no cover - a checkout without the model
    pytest.skip("models/jtrans-small-enja is not available", allow_module_level=True)


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def drop_card_field(model: Path, *keys: str) -> None:
    card = json.loads((model / "model.json").read_text(encoding="utf-8"))
    for key in keys:
        card.pop(key, None)
    (model / "model.json").write_text(json.dumps(card), encoding="utf-8")


BREAKAGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("truncated model.bin", lambda m: truncate(m / "model.bin"), "model.bin is truncated"),
    ("garbage model.bin", lambda m: (m / "model.bin").write_bytes(b"\0" * 64), "model.bin"),
    ("missing model.bin", lambda m: (m / "model.bin").unlink(), "model.bin missing"),
    ("missing source.spm", lambda m: (m / "source.spm").unlink(), "source.spm missing"),
    ("missing target.spm", lambda m: (m / "target.spm").unlink(), "target.spm missing"),
    (
        "corrupt source.spm",
        lambda m: (m / "source.spm").write_bytes(b"not a model"),
        "source.spm is not a sentencepiece model",
    ),
    ("corrupt config.json", lambda m: (m / "config.json").write_text("{"), "config.json"),
    (
        "vocabulary missing",
        lambda m: (m / "shared_vocabulary.json").unlink(),
        "vocabulary missing",
    ),
    (
        "card without languages",
        lambda m: drop_card_field(m, "source_lang", "target_lang", "languages"),
        "model.json lacks required field(s): languages",
    ),
    ("card without name", lambda m: drop_card_field(m, "name"), "model.json lacks"),
    ("card not JSON", lambda m: (m / "model.json").write_text("{oops"), "model.json is not valid"),
]


@pytest.fixture
def post(tmp_path: Path) -> Path:
    p = tmp_path / "post.md"
    p.write_text("# Hello\n\nThe model works.\n", encoding="utf-8")
    return p


def _translate(monkeypatch, capsys, post: Path, model: str) -> tuple[int, str, str]:
    out = post.parent / "post.ja.md"
    return run_cli(monkeypatch, capsys, "translate", str(post), "--model", model, "-o", str(out))


@pytest.mark.parametrize(("what", "breaks", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_model_is_exit_4_naming_the_file(
    monkeypatch, capsys, tmp_path: Path, post: Path, what: str, breaks, message: str
) -> None:
    model = tmp_path / "models" / "broken"
    shutil.copytree(BUNDLED, model)
    breaks(model)
    before = post.read_bytes()
    code, out, err = _translate(monkeypatch, capsys, post, str(model))
    line = one_line_error(err)
    assert code == 4, err
    assert message in line and str(model) in line, line
    assert out == "" and post.read_bytes() == before
    assert sorted(p.name for p in post.parent.iterdir()) == ["models", "post.md"]  # no output


def test_missing_model_dir_and_unknown_name(monkeypatch, capsys, tmp_path: Path, post) -> None:
    before = post.read_bytes()
    code, _, err = _translate(monkeypatch, capsys, post, str(tmp_path / "no-such-model"))
    assert code == 4 and "no-such-model does not exist" in one_line_error(err)
    code, _, err = _translate(monkeypatch, capsys, post, "no-such-name")
    assert code == 4 and "model 'no-such-name' not found" in one_line_error(err)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _translate(monkeypatch, capsys, post, str(empty))
    assert code == 4 and "is not a model directory" in one_line_error(err)
    assert post.read_bytes() == before
