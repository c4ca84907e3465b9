"""Messages and exit codes: odd encodings, UTF-16 posts, glossary path types and file
names with line breaks give one line naming the real cause, the documented exit code, and
leave nothing on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import one_line_error

POST = "# Title\n\nHello world.\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex"])
@pytest.mark.parametrize("command", ["translate", "segment"])
def test_codecs_that_are_not_text_encodings_are_usage_errors(
    cli, tmp_path: Path, codec: str, command: str
) -> None:
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    extra = ["--engine", "identity", "-o", "out.md"] if command == "translate" else []
    code, out, err = cli(command, "post.md", "--encoding", codec, *extra)
    line = one_line_error(err)
    assert code == 2 and out == "", err
    assert f"'{codec}' is not a text encoding" in line and "(--encoding)" in line
    assert listing(tmp_path) == ["post.md"]


def test_the_library_refuses_them_too() -> None:
    from jtrans import api

    with pytest.raises(api.EncodingError, match="not a text encoding"):
        api.decode(b"text", "x.md", "rot13")
    with pytest.raises(api.EncodingError, match="unknown encoding"):
        api.decode(b"text", "x.md", "no-such-codec")
    assert isinstance(api.EncodingError("x"), api.InputError)  # old callers still catch it


@pytest.mark.parametrize(("codec", "name"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_utf16_post_names_its_encoding(
    cli, tmp_path: Path, monkeypatch, codec: str, name: str, streamed: bool
) -> None:
    from jtrans.cli import translate as translate_cli

    if streamed:  # the chunked reader of large posts says the same
        monkeypatch.setattr(translate_cli, "STREAM_BYTES", 8)
    post = tmp_path / "post.md"
    post.write_bytes(POST.encode(codec))  # Python writes the byte order mark
    code, out, err = cli("translate", "post.md", "--engine", "identity", "-o", "out.md")
    line = one_line_error(err)
    assert code == 3 and out == ""
    assert f"post.md is {name} text (it starts with a {name} byte order mark)" in line
    assert line.endswith(f"pass --encoding {codec}")
    assert listing(tmp_path) == ["post.md"]
    code, _, err = cli("translate", "post.md", "--engine", "identity", "-o", "out.md",
                       "--encoding", codec)  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == POST


@pytest.mark.parametrize(
    ("toml", "shown"),
    [
        ("[glossary]\npaths = [1, 2]\n", "not [1, 2]"),
        ('[glossary]\npaths = "glossary"\n', "not 'glossary'"),
        ('[glossary]\npaths = [""]\n', "not ['']"),
        ('[glossary]\ndefault = "no"\n', "glossary.default must be true or false"),
    ],
)
def test_glossary_paths_of_the_wrong_type_are_exit_2(
    cli, tmp_path: Path, toml: str, shown: str
) -> None:
    (tmp_path / "jtrans.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    code, out, err = cli("translate", "post.md", "-o", "out.md")
    line = one_line_error(err)
    assert code == 2 and out == ""
    assert shown in line and str(tmp_path / "jtrans.toml") in line
    if "paths" in toml:
        assert 'glossary.paths must be a list of file or folder names, like ["glossary"]' in line
    assert listing(tmp_path) == ["jtrans.toml", "post.md"]


def test_a_file_name_with_a_line_break_is_shown_whole(cli, tmp_path: Path) -> None:
    code, _, err = cli("translate", "bad\nname.md", "--engine", "identity")
    assert code == 3
    assert one_line_error(err) == "jtrans: error: bad\\nname.md: no such file"


def test_a_line_break_in_an_output_name_is_shown_whole(cli, tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    (tmp_path / "x\ny").mkdir()
    code, _, err = cli("translate", "post.md", "--engine", "identity", "-o", "x\ny")
    assert code == 3
    assert one_line_error(err) == "jtrans: error: output x\\ny is a directory"
    assert listing(tmp_path) == ["post.md", "x\ny"]


@pytest.mark.parametrize(
    ("option", "shown"),
    [
        ("beam_size = 1000000", "beam_size = 1000000 is out of range (1 to 64)"),
        ("beam_size = 0", "beam_size = 0 is out of range (1 to 64)"),
        ("threads = 100000", "threads = 100000 is out of range (0 to 256)"),
        ("threads = 1000", "threads = 1000 is out of range (0 to 256)"),
        ("threads = -1", "threads = -1 is out of range (0 to 256)"),
        ("max_batch_tokens = 100000000", "max_batch_tokens = 100000000 is out of range"),
        ("max_input_tokens = 0", "max_input_tokens = 0 is out of range (1 to 4096)"),
        ("max_output_tokens = 10000000", "max_output_tokens = 10000000 is out of range"),
        ("no_repeat_ngram_size = 1000", "no_repeat_ngram_size = 1000 is out of range"),
        ("repetition_penalty = 0", "repetition_penalty = 0 is out of range (0.01 to 10)"),
        ("length_penalty = 1e9", "length_penalty = 1000000000.0 is out of range (-10 to 10)"),
        ('device = "tpu"', "device = 'tpu' must be one of auto, cpu, cuda"),
        ('compute_type = "bogus"', "compute_type = 'bogus' is not a CTranslate2 compute type"),
        ('beam_size = "4"', "beam_size must be a whole number, not '4'"),
    ],
)
def test_engine_options_out_of_range_are_one_line_exit_2(
    cli, tmp_path: Path, option: str, shown: str
) -> None:
    (tmp_path / "jtrans.toml").write_text(f"[engine]\n{option}\n", encoding="utf-8")
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    code, out, err = cli("translate", "post.md", "-o", "out.md", "--no-tm")
    line = one_line_error(err)
    assert code == 2 and out == "", err
    assert shown in line and "truncated or corrupt" not in line
    assert listing(tmp_path) == ["jtrans.toml", "post.md"]


def test_cuda_without_a_gpu_names_the_device(cli, tmp_path: Path) -> None:
    ctranslate2 = pytest.importorskip("ctranslate2")
    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a CUDA GPU")
    (tmp_path / "jtrans.toml").write_text('[engine]\ndevice = "cuda"\n', encoding="utf-8")
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    code, _, err = cli("translate", "post.md", "-o", "out.md", "--no-tm")
    assert code == 2
    assert 'device = "cuda", but CTranslate2 finds no usable CUDA GPU' in one_line_error(err)
    assert listing(tmp_path) == ["jtrans.toml", "post.md"]


def test_the_default_engine_settings_are_in_range() -> None:
    pytest.importorskip("ctranslate2")
    import inspect

    from jtrans.engines.ct2 import RANGES, CT2Engine

    defaults = inspect.signature(CT2Engine).parameters
    for name, (low, high) in RANGES.items():
        value = defaults[name].default
        assert value is None or low <= value <= high, name
