"""Every kind of bad or odd input gives a one-line message, a documented exit code
and leaves the input file byte-for-byte unchanged (and no stray output or temp file).

Exit codes: 0 ok, 1 quality gate, 2 usage, 3 input/output file, 4 model, 5 glossary,
70 internal error, 130 SIGINT, 143 SIGTERM (see README "Exit codes").
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans.engines import register

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "post.md"


class GarbleJa:
    """A Japanese-producing test engine: every sentence becomes fixed Japanese (placeholders
    kept), so any text that reaches it visibly changes."""

    name = "test-garble-ja"
    target_lang = "ja"
    calls: list[str] = []

    def __init__(self, **_: object) -> None:
        pass

    def translate_batch(self, sentences: list[str]) -> list[str]:
        GarbleJa.calls.extend(sentences)
        return ["翻訳です。" + "".join(re.findall(r"⟦\d+⟧", s)) for s in sentences]


class Boom:
    """An engine that fails on its second batch (a crash half way through a long post)."""

    name = "test-boom"
    target_lang = None
    batches = 0
    fail_at = 2

    def __init__(self, **_: object) -> None:
        Boom.batches = 0

    def translate_batch(self, sentences: list[str]) -> list[str]:
        Boom.batches += 1
        if Boom.batches >= Boom.fail_at:
            raise ZeroDivisionError("engine crashed")
        return list(sentences)


register("test-garble-ja")(GarbleJa)
register("test-boom")(Boom)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (temp files included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no repo config, relative paths in messages

    def call(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, *args)

    return call


# -- bad input files: message, exit code 3, nothing written ------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no.md: no such file"),
        ("dir", "is a directory"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        (b"# Title\n\ncaf\xe9 au lait\n", "is not UTF-8 text (byte 12: 0xe9)"),
        (b"ok\n\xff\xfe", "(byte 3: 0xff)"),
    ],
)
def test_unreadable_input_is_exit_3(cli, tmp_path: Path, content, message: str) -> None:
    post = tmp_path / ("no.md" if content is None else "post.md")
    if content == "dir":
        post.mkdir()
    elif content is not None:
        post.write_bytes(content)
    before = snapshot(tmp_path)
    code, out, err = cli("translate", "--engine", "identity", str(post), "-o", "out.md")
    assert code == 3 and out == ""
    assert message in one_line_error(err)
    assert snapshot(tmp_path) == before  # input unchanged, no output, no temp file


def test_invalid_utf8_names_the_byte_and_encoding_overrides(cli, tmp_path: Path) -> None:
    post = tmp_path / "latin1.md"
    post.write_bytes(b"# Caf\xe9\n\nNa\xefve text.\n")
    before = post.read_bytes()
    code, _, err = cli("translate", "--engine", "identity", str(post))
    line = one_line_error(err)
    assert code == 3 and "byte 5: 0xe9" in line and "--encoding" in line
    code, out, err = cli("translate", "--engine", "identity", "--encoding", "latin-1", str(post))
    assert code == 0, err
    assert out == "# Café\n\nNaïve text.\n"  # decoded, written as UTF-8
    code, out, _ = cli("segment", "--encoding", "cp1252", str(post))
    assert code == 0 and '"text": "Café"' in out
    code, _, err = cli("translate", "--engine", "identity", "--encoding", "klingon", str(post))
    assert code == 2 and "unknown encoding 'klingon'" in one_line_error(err)
    assert post.read_bytes() == before


def test_bom_is_kept_and_not_translated(cli, tmp_path: Path) -> None:
    post = tmp_path / "bom.md"
    data = "\ufeff# Hello\n\nWorld.\n".encode()
    post.write_bytes(data)
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", "out.md")
    assert code == 0, err
    assert (tmp_path / "out.md").read_bytes() == "\ufeff# HELLO\n\nWORLD.\n".encode()
    assert post.read_bytes() == data


def test_crlf_line_endings_are_preserved(cli, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8") + "\nA paragraph that\nwraps.\n\n> quote\n> more\n"
    data = text.replace("\n", "\r\n").encode()
    post = tmp_path / "crlf.md"
    post.write_bytes(data)
    code, _, err = cli("translate", "--engine", "identity", str(post), "-o", "same.md")
    assert code == 0, err
    assert (tmp_path / "same.md").read_bytes() == data  # byte for byte
    code, _, err = cli("translate", "--engine", "test-garble-ja", str(post), "-o", "ja.md")
    assert code == 0, err
    ja = (tmp_path / "ja.md").read_bytes()
    assert "翻訳です".encode() in ja
    assert re.search(rb"(?<!\r)\n", ja) is None  # no lone LF
    assert ja.count(b"\r\n\r\n") == data.count(b"\r\n\r\n")  # every blank line kept
    align = re.findall(rb"(?m)^\|[-:| ]+\|\r$", data)
    assert align and re.findall(rb"(?m)^\|[-:| ]+\|\r$", ja) == align
    assert post.read_bytes() == data


@pytest.mark.slow
def test_crlf_with_the_default_model_has_no_lone_lf(cli, tmp_path: Path) -> None:
    pytest.importorskip("ctranslate2")
    if not (Path(__file__).resolve().parents[1] / "models" / "DEFAULT").is_file():
        pytest.skip("no default model in this checkout")
    text = (
        "# Efficient agents\n\nThis paper studies agents.\nIt wraps onto two lines.\n\n"
        "| **Paper** | **Links** |\n|---|---|\n"
        "| A new method for reasoning. | [Paper](https://a.org) |\n\n- First item\n- Second item\n"
    )
    data = text.replace("\n", "\r\n").encode()
    post = tmp_path / "crlf.md"
    post.write_bytes(data)
    code, _, err = cli("translate", str(post), "-o", "ja.md", "-q")
    assert code == 0, err
    ja = (tmp_path / "ja.md").read_bytes()
    assert re.search(rb"(?<!\r)\n", ja) is None and b"\r\n|---|---|\r\n" in ja
    assert ja.count(b"\r\n\r\n") == data.count(b"\r\n\r\n") and ja.endswith(b"\r\n")
    assert post.read_bytes() == data


def test_empty_file_gives_empty_output(cli, tmp_path: Path) -> None:
    post = tmp_path / "empty.md"
    post.write_bytes(b"")
    code, out, err = cli("translate", "--engine", "test-garble-ja", str(post))
    assert (code, out, err) == (0, "", "")
    code, _, _ = cli("translate", "--engine", "test-garble-ja", str(post), "-o", "e.ja.md")
    assert code == 0 and (tmp_path / "e.ja.md").read_bytes() == b""
    assert post.read_bytes() == b""


ODD_MARKDOWN = """\
# Unbalanced **bold and `code

| a | b
|---
| c | d | e |

[link without end(https://x.org
<div>
unclosed html

* list
    * deep
 > quote in list?

```python
def f():
    never closed fence
"""


def test_odd_markdown_keeps_every_byte_outside_translated_text(cli, tmp_path: Path) -> None:
    post = tmp_path / "odd.md"
    post.write_text(ODD_MARKDOWN, encoding="utf-8")
    code, _, err = cli("translate", "--engine", "identity", str(post), "-o", "same.md")
    assert code == 0, err
    assert (tmp_path / "same.md").read_text(encoding="utf-8") == ODD_MARKDOWN
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", "up.md")
    up = (tmp_path / "up.md").read_text(encoding="utf-8")
    assert code == 0, err
    assert up.lower() == ODD_MARKDOWN.lower()  # only letter case of translatable text changed
    assert "def f():\n    never closed fence" in up  # the unclosed fence is code, untouched
    assert "https://x.org" in up
    assert post.read_text(encoding="utf-8") == ODD_MARKDOWN


@pytest.mark.slow
def test_extremely_long_sentence(cli, tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97}" for i in range(50_000))  # one 50,000-word sentence
    post = tmp_path / "long.md"
    post.write_text(f"| **Long Title** - {words}. |\n|---|\n", encoding="utf-8")
    before = post.read_bytes()
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", "long.up.md")
    assert code == 0, err
    assert (tmp_path / "long.up.md").read_bytes() == before.upper()
    assert post.read_bytes() == before


def test_text_with_no_english_is_not_sent_to_the_engine(cli, tmp_path: Path) -> None:
    text = "# 日本語の見出し\n\n12,345 — 67.8%\n\n| ３ | 🙂 |\n|---|---|\n| ⟦ | → |\n"
    post = tmp_path / "ja.md"
    post.write_text(text, encoding="utf-8")
    GarbleJa.calls.clear()
    code, _, err = cli("translate", "--engine", "test-garble-ja", str(post), "-o", "out.md")
    assert code == 0, err
    assert GarbleJa.calls == []
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == text
    assert post.read_text(encoding="utf-8") == text


def test_japanese_that_names_models_in_latin_letters_is_kept(cli, tmp_path: Path) -> None:
    """A post (or a part of one) already in Japanese is not garbled by the English→Japanese
    model nor restyled by post-processing, even where it names GPT-4o or Llama 3 8B; English
    with a Japanese word in it is still translated."""
    text = (
        "# 今週の論文\n\nこの手法はLlama 3 8BとGPT-4oで検証されており、精度が向上する。\n\n"
        "| 1) **BudgetVerify** - 予算の30%を検証に充てる | [Paper](https://a.b/1) |\n"
        "|---|---|\n\nThe word 改善 means improvement in this post.\n"
    )
    post = tmp_path / "ja.md"
    post.write_text(text, encoding="utf-8")
    GarbleJa.calls.clear()
    code, _, err = cli("translate", "--engine", "test-garble-ja", str(post), "-o", "out.md")
    assert code == 0, err
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "この手法はLlama 3 8BとGPT-4oで検証されており、精度が向上する。" in out  # not restyled
    assert "予算の30%を検証に充てる" in out
    assert not any("Llama" in c or "予算" in c for c in GarbleJa.calls)
    assert any("means improvement" in c for c in GarbleJa.calls)  # English is still translated
    assert post.read_text(encoding="utf-8") == text


# -- outputs: -o, --in-place, atomicity -------------------------------------------------------


def test_output_onto_the_input_needs_in_place(cli, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("Hello world.\n", encoding="utf-8")
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", str(post))
    line = one_line_error(err)
    assert code == 2 and "is the input file" in line and "--in-place" in line
    assert post.read_text(encoding="utf-8") == "Hello world.\n"
    code, out, err = cli("translate", "--engine", "upper", str(post), "--in-place")
    assert code == 0 and out == "", err
    assert post.read_text(encoding="utf-8") == "HELLO WORLD.\n"
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", "x.md", "--in-place")
    assert code == 2 and "--in-place" in one_line_error(err)
    code, _, err = cli("translate", "--engine", "upper", "-", "--in-place")
    assert code == 2 and "stdin" in one_line_error(err)


def test_in_place_leaves_the_input_alone_when_translation_fails(cli, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("One.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("translate", "--engine", "test-garble-ja", str(post), "--in-place",
                       "--glossary", "missing.tsv")  # fmt: skip
    assert code == 5 and "missing.tsv" in one_line_error(err)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("target", "message"),
    [("nowhere/out.md", "does not exist"), (".", "is a directory"), ("ro.md", "read-only")],
)
def test_unwritable_output_is_exit_3(cli, tmp_path: Path, target: str, message: str) -> None:
    post = tmp_path / "post.md"
    post.write_text("Hello.\n", encoding="utf-8")
    ro = tmp_path / "ro.md"
    ro.write_text("keep\n", encoding="utf-8")
    ro.chmod(0o444)
    if os.geteuid() == 0 and target == "ro.md":
        pytest.skip("root may write read-only files")
    before = snapshot(tmp_path)
    code, _, err = cli("translate", "--engine", "upper", str(post), "-o", target)
    assert code == 3 and message in one_line_error(err)
    assert snapshot(tmp_path) == before


# -- a large post: chunks, bounded memory, never a half file -----------------------------------


def big_post(size: int) -> str:
    base = EXAMPLE.read_text(encoding="utf-8")
    extra = "\n```\ncode block\n\nwith a blank line\n```\n\n- loose\n\n- list\n\n"
    reps = size // (len(base) + len(extra)) + 1
    return "".join(f"\n## Week {i}\n\n{base}{extra}" for i in range(reps))


@pytest.mark.slow  # chunked input
def test_large_post_is_translated_in_chunks_byte_exact(cli, tmp_path: Path, monkeypatch) -> None:
    from jtrans.cli import translate as translate_cli

    monkeypatch.setattr(translate_cli, "STREAM_BYTES", 64 * 1024)
    text = big_post(2_000_000).replace("\n", "\r\n")
    post = tmp_path / "big.md"
    post.write_bytes(text.encode())
    code, _, err = cli("translate", "--engine", "identity", str(post), "-o", "big.out.md",
                       "--report", "r.json")  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "big.out.md").read_bytes() == post.read_bytes()
    import json

    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["chunks"] > 4 and report["units"] > 1000
    # stdout streams too, and decoding problems surface before anything is written
    post.write_bytes(text.encode() + b"\n\xff\n")
    code, out, err = cli("translate", "--engine", "identity", str(post))
    assert code == 3 and out == "" and "0xff" in one_line_error(err)


@pytest.mark.slow  # chunked input
def test_large_post_failing_half_way_writes_nothing(cli, tmp_path: Path, monkeypatch) -> None:
    from jtrans.cli import translate as translate_cli

    monkeypatch.setattr(translate_cli, "STREAM_BYTES", 16 * 1024)
    post = tmp_path / "big.md"
    post.write_text(big_post(300_000), encoding="utf-8")
    (tmp_path / "old.ja.md").write_text("previous translation\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("translate", "--engine", "test-boom", str(post), "-o", "old.ja.md")
    assert Boom.batches >= 2  # it failed after the first chunk had been written out
    assert code == 70
    assert one_line_error(err, "jtrans: internal error: ZeroDivisionError: engine crashed")
    assert snapshot(tmp_path) == before  # old output intact, no temp file left


# -- errors in general: internal errors, --debug, usage, signals -------------------------------


def test_internal_error_is_one_line_and_debug_shows_the_traceback(
    cli, tmp_path: Path, monkeypatch
) -> None:
    post = tmp_path / "p.md"
    post.write_text("One.\n\nTwo.\n", encoding="utf-8")
    monkeypatch.setattr(Boom, "fail_at", 1)
    code, _, err = cli("translate", "--engine", "test-boom", str(post))
    assert code == 70 and "(run with --debug for the traceback)" in one_line_error(
        err, "jtrans: internal error: "
    )
    code, _, err = cli("--debug", "translate", "--engine", "test-boom", str(post))
    assert code == 70 and "Traceback (most recent call last)" in err
    assert err.rstrip().endswith("(run with --debug for the traceback)")


def test_usage_errors_are_one_line_exit_2(cli) -> None:
    code, _, err = cli("translate", "--no-such-flag", "x.md")
    assert code == 2 and "No such option: --no-such-flag" in one_line_error(err)
    code, _, err = cli("translate")
    assert code == 2 and "Missing argument" in one_line_error(err)


SLOW_ENGINE = """
import time
from jtrans.engines import register

class Slow:
    name = "slow"
    target_lang = None
    def __init__(self, **_): pass
    def translate_batch(self, s):
        print("started", flush=True)
        time.sleep(60)
        return s

register("slow")(Slow)
"""


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [(signal.SIGTERM, 143, "jtrans: terminated"), (signal.SIGINT, 130, "jtrans: interrupted")],
)
@pytest.mark.slow
def test_signals_exit_cleanly(tmp_path: Path, sig: int, code: int, message: str) -> None:
    (tmp_path / "slow.py").write_text(SLOW_ENGINE, encoding="utf-8")
    post = tmp_path / "p.md"
    post.write_text("Hello world.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    proc = subprocess.Popen(
        [sys.executable, "-c", "import slow; from jtrans.cli import main; main()",
         "translate", "--engine", "slow", str(post), "-o", str(tmp_path / "out.md")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"started\n"
    time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err.decode().strip() == message
    after = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("__pycache__")}
    assert after == before  # no output, no temp file, input unchanged


@pytest.mark.slow  # chunked input
def test_large_post_in_place(cli, tmp_path: Path, monkeypatch) -> None:
    from jtrans.cli import translate as translate_cli

    monkeypatch.setattr(translate_cli, "STREAM_BYTES", 16 * 1024)
    post = tmp_path / "big.md"
    text = big_post(100_000)
    post.write_text(text, encoding="utf-8")
    code, out, err = cli("translate", "--engine", "upper", str(post), "--in-place")
    assert code == 0 and out == "", err
    from jtrans.engines import get
    from jtrans.pipeline import Pipeline

    assert post.read_text(encoding="utf-8") == Pipeline(get("upper"))(text)  # as unchunked
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.md"]  # no temp file left


def test_score_names_the_bad_byte_and_takes_encoding(cli, tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_bytes("モデルです。\n".encode("cp932"))
    ref.write_text("モデルです。\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("score", str(hyp), str(ref))
    assert code == 3 and "hyp.txt is not UTF-8 text (byte 0: 0x83)" in one_line_error(err)
    code, _, err = cli("score", str(hyp), str(ref), "--encoding", "cp932", "--json")
    assert code == 3 and "ref.txt is not cp932 text" in one_line_error(err)  # both are read so
    code, _, err = cli("score", str(hyp), str(ref), "--encoding", "nope")
    assert code == 2 and "unknown encoding 'nope'" in one_line_error(err)
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_closed_stdout_is_quiet_exit_141(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(EXAMPLE.read_text(encoding="utf-8") * 60, encoding="utf-8")  # ~300 KB
    proc = subprocess.Popen(
        [sys.executable, "-c", "from jtrans.cli import main; main()",
         "translate", "--engine", "identity", "-q", str(post)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader went away before the output came (`| true`, `| head`)
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141 and err == b""


@pytest.mark.slow  # chunked input
def test_large_stdin_is_chunked_too(cli, tmp_path: Path, monkeypatch) -> None:
    import io
    import json

    from jtrans.cli import translate as translate_cli

    monkeypatch.setattr(translate_cli, "STREAM_BYTES", 16 * 1024)
    text = "\ufeff" + big_post(800_000)  # chunks of ~256K characters
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, _, err = cli("translate", "--engine", "identity", "-", "-o", "o.md", "--report", "r.json")
    assert code == 0, err
    assert (tmp_path / "o.md").read_text(encoding="utf-8") == text  # BOM kept, byte-exact
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["chunks"] > 3


def test_qa_reads_other_encodings(cli, tmp_path: Path) -> None:
    src, ja = tmp_path / "p.md", tmp_path / "p.ja.md"
    src.write_bytes("# Model\n".encode("utf-16"))
    ja.write_bytes("# モデル\n".encode("utf-16"))
    before = snapshot(tmp_path)
    code, _, err = cli("qa", str(src), str(ja), "--no-glossary")
    assert code == 3 and "p.md is UTF-16 text" in one_line_error(err)  # not "binary"
    assert one_line_error(err).endswith("; pass --encoding utf-16")
    code, _, err = cli("qa", str(src), str(ja), "--no-glossary", "--encoding", "utf-16")
    assert code == 0, err
    assert snapshot(tmp_path) == before


def test_input_is_never_opened_for_writing(cli, tmp_path: Path, monkeypatch) -> None:
    import builtins
    import io

    post = tmp_path / "post.md"
    post.write_text("# Hello\n\nWorld.\n", encoding="utf-8")
    opened: list[tuple[str, str]] = []
    real_open = io.open

    def spy(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            opened.append((os.path.realpath(file), str(mode)))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    for args in (["-o", "out.md"], ["--in-place"], []):
        code, _, err = cli("translate", "--engine", "upper", str(post), *args)
        assert code == 0, err
    mine = [mode for path, mode in opened if path == os.path.realpath(post)]
    assert mine and all(not set(mode) & set("wax+") for mode in mine), mine
    assert post.read_text(encoding="utf-8") == "# HELLO\n\nWORLD.\n"  # replaced by rename only


@pytest.mark.parametrize(
    "command", [["glossary", "mine"], ["glossary", "check", "{good}"], ["qa", "{good}"]]
)
@pytest.mark.slow
def test_other_markdown_readers_report_bad_input_as_exit_3(cli, tmp_path: Path, command) -> None:
    """glossary mine/check and qa read posts like translate: a missing file is an input
    problem (3, not a glossary problem 5), an undecodable one names the byte, --encoding works."""
    good = tmp_path / "good.md"
    good.write_text("# Café models\n\nCafé models use Café models.\n", encoding="utf-8")
    latin = tmp_path / "latin.md"
    latin.write_bytes(good.read_text(encoding="utf-8").encode("latin-1"))
    before = snapshot(tmp_path)
    args = [part.format(good=good) for part in command]
    code, _, err = cli(*args, str(tmp_path / "missing.md"))
    assert code == 3 and "missing.md: no such file" in one_line_error(err)
    code, _, err = cli(*args, str(tmp_path))
    assert code == 3 and "is a directory" in one_line_error(err)
    code, _, err = cli(*args, str(latin))
    assert code == 3 and "latin.md is not UTF-8 text (byte 5: 0xe9)" in one_line_error(err)
    if command == ["glossary", "mine"]:
        code, out, err = cli(*args, "--encoding", "latin-1", "--min-count", "1", str(latin))
        assert code == 0 and "2\tmodels" in out.splitlines(), err  # headings are not mined
    elif command[:2] == ["glossary", "check"]:
        code, out, err = cli(*command[:2], "--encoding", "latin-1", str(latin), str(latin))
        assert code == 0 and "term accuracy" in out, err
    assert snapshot(tmp_path) == before
