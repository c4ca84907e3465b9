"""``jtrans translate`` / ``jtrans segment`` end to end: byte-exact identity output on the
fixtures and on every week of the real digest, file/stdin handling, atomic output, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DIGEST = SHARED / "digests" / "ml-papers-of-the-week.md"
WEEK_RE = re.compile(r"(?m)^(?=## Top ML Papers of the Week)")


def jtrans(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-c", "from jtrans.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_identity_is_byte_exact_on_fixtures(name: str) -> None:
    path = FIXTURES / name
    result = jtrans("translate", "--engine", "identity", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.read_bytes()


def test_identity_on_crlf_bom_and_trailing_space_input(tmp_path: Path) -> None:
    data = "\ufeff# Week\r\n\r\n| **T** - a; b |  \r\n|---|\r\n\r\nNo final newline.  ".encode()
    path = tmp_path / "odd.md"
    path.write_bytes(data)
    result = jtrans("translate", "--engine", "identity", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == data


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not DIGEST.is_file(), reason="../shared/digests is not available")
def test_identity_is_byte_exact_on_every_real_week() -> None:
    from jtrans.engines import get
    from jtrans.pipeline import Pipeline

    source = DIGEST.read_text(encoding="utf-8")
    weeks = WEEK_RE.split(source)
    assert len(weeks) > 100
    pipeline = Pipeline(get("identity"))
    for week in weeks:
        assert pipeline(week) == week, week[:80]
    assert pipeline(source) == source
    # and through the CLI, on the whole file
    result = jtrans("translate", "--engine", "identity", "-q", str(DIGEST))
    assert result.returncode == 0, result.stderr
    assert result.stdout == DIGEST.read_bytes()


@pytest.mark.shared
@pytest.mark.skipif(not DIGEST.is_file(), reason="../shared/digests is not available")
def test_upper_keeps_links_and_table_pipes_on_real_week() -> None:
    from jtrans.engines import get
    from jtrans.pipeline import Pipeline

    week = WEEK_RE.split(DIGEST.read_text(encoding="utf-8"))[1]
    out = Pipeline(get("upper"))(week)
    assert out != week
    for src, dst in zip(week.splitlines(), out.splitlines(), strict=True):
        assert re.findall(r"\]\([^)]*\)", src) == re.findall(r"\]\([^)]*\)", dst)
        if src.startswith("|"):
            assert src.count("|") == dst.count("|")
            assert src.startswith("| ----") == dst.startswith("| ----")


@pytest.mark.slow
def test_upper_engine_changes_only_translatable_text() -> None:
    result = jtrans("translate", "--engine", "upper", str(FIXTURES / "structure.md"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "THIS PARAGRAPH HAS **BOLD TEXT**, *EMPHASIS*, `inline code`" in out
    assert '[LINK](https://example.com/a_b "Title")' in out
    assert 'print("hello | world")' in out  # code untouched
    assert 'title: "A digest: with front matter"' in out
    assert "| A \\| ESCAPED PIPE | `code` | 1.5 |" in out
    assert '[ref]: https://example.com/ref "Reference"' in out


def test_stdin_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("old content")
    result = jtrans("translate", "--engine", "upper", "-", "-o", str(out), stdin=b"Hello `x`.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert out.read_bytes() == b"HELLO `x`.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temp file left behind


@pytest.mark.slow
def test_report_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    args = ["translate", "--engine", "identity", str(FIXTURES / "digest_week.md")]
    result = jtrans(*args, "--report", str(report))
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text())
    assert data["engine"] == "identity"
    assert data["flags"] == []
    pair = {"source": "Sparse Mixture Routing", "target": "Sparse Mixture Routing"}
    # the identity engine does not translate: no confidence
    assert pair | {"confidence": None} in data["pairs"]


@pytest.mark.slow
def test_report_to_stdout_when_the_translation_goes_to_a_file(tmp_path: Path) -> None:
    post = FIXTURES / "digest_week.md"
    out = tmp_path / "out.md"
    result = jtrans("translate", "--engine", "identity", str(post), "-o", str(out), "--report", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["engine"] == "identity"
    assert out.read_bytes() == post.read_bytes()
    assert not (Path.cwd() / "-").exists()
    result = jtrans(
        "translate", "--engine", "identity", str(post), "--out-dir", str(tmp_path / "ja"),
        "--report", "-",
    )  # fmt: skip
    assert result.returncode == 0 and len(json.loads(result.stdout)["files"]) == 1
    # both on stdout would mix them: refused before anything is translated
    result = jtrans("translate", "--engine", "identity", str(post), "--report", "-")
    assert result.returncode == 2 and result.stdout == b""
    assert b"--report - needs the translation in a file" in result.stderr


@pytest.mark.slow
def test_segment_prints_json_lines() -> None:
    result = jtrans("segment", "--link-lists", str(FIXTURES / "digest_week.md"))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[0]["kind"] == "heading"
    assert {d["kind"] for d in lines} == {"heading", "table-cell"}
    row = lines[3]
    assert row["sentences"][0] == "Sparse Mixture Routing"
    assert row["text"].startswith("1) ⟦0⟧Sparse Mixture Routing⟦1⟧ - proposes")
    assert row["protected"][0] == {"index": 0, "kind": "emphasis", "text": "**"}
    assert lines[4]["sentences"] == ["Paper", "Tweet"]
    no_labels = jtrans("segment", "--no-link-labels", str(FIXTURES / "digest_week.md"))
    assert json.loads(no_labels.stdout.decode().splitlines()[4])["sentences"] == []
    no_lists = jtrans("segment", "--no-link-lists", str(FIXTURES / "digest_week.md"))
    no_lists_lines = [json.loads(line) for line in no_lists.stdout.decode().splitlines()]
    assert no_lists_lines[4]["sentences"] == []
    assert no_lists_lines[4]["text"] == lines[4]["text"]  # labels stay, as ⟦0⟧Paper⟦1⟧…


@pytest.mark.slow
def test_repository_config_keeps_link_list_cells_in_english(tmp_path: Path) -> None:
    """pyproject.toml's [tool.jtrans] sets the house style: link-only cells stay English."""
    result = jtrans("translate", "--engine", "upper", str(FIXTURES / "digest_week.md"))
    out = result.stdout.decode()
    assert "| [Paper](https://arxiv.org/abs/2403.01234), [Tweet](https://x.com/" in out
    assert "**SPARSE MIXTURE ROUTING**" in out


@pytest.mark.slow
def test_config_file_sets_link_labels(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text("translate_link_labels = false\n")
    post = tmp_path / "post.md"
    post.write_text("Read the [Paper](https://a.org)\n")
    result = jtrans("translate", "--engine", "upper", str(post), cwd=tmp_path)
    assert result.stdout == b"READ THE [Paper](https://a.org)\n"
    result = jtrans("translate", "--engine", "upper", "--link-labels", str(post), cwd=tmp_path)
    assert result.stdout == b"READ THE [PAPER](https://a.org)\n"


@pytest.mark.slow
def test_link_lists_stay_english_by_default_and_on_request_are_translated(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("[Paper](https://a.org), [Tweet](https://b.org)\n")
    result = jtrans("translate", "--engine", "upper", str(post), cwd=tmp_path)
    assert result.stdout == b"[Paper](https://a.org), [Tweet](https://b.org)\n"
    result = jtrans("translate", "--engine", "upper", "--link-lists", str(post), cwd=tmp_path)
    assert result.stdout == b"[PAPER](https://a.org), [TWEET](https://b.org)\n"


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ["translate", "--engine", "identity", "{tmp}/missing.md"], "no such file"),
        (None, ["translate", "--engine", "identity", "{tmp}"], "is a directory"),
        (b"\x00\x01binary", ["translate", "--engine", "identity", "{file}"], "binary"),
        (b"caf\xe9\n", ["translate", "--engine", "identity", "{file}"], "not UTF-8"),
        (b"# Hi\n", ["translate", "--engine", "nope", "{file}"], "unknown engine"),
        (b"# Hi\n", ["segment", "{tmp}/missing.md"], "no such file"),
        (b"# Hi\n", ["translate", "--glossary", "{tmp}/none.tsv", "{file}"], "does not exist"),
        (b"# Hi\n", ["translate", "--engine", "upper", "{file}", "-o", "{tmp}"], "directory"),
        (
            b"# Hi\n",
            ["translate", "--engine", "upper", "{file}", "-o", "{tmp}/no/x.md"],
            "does not exist",
        ),
    ],
)
def test_bad_input_is_one_line_error_and_input_is_untouched(
    tmp_path: Path, setup: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "input.md"
    if setup is not None:
        path.write_bytes(setup)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = jtrans(*[a.format(tmp=tmp_path, file=path) for a in args])
    stderr = result.stderr.decode()
    assert result.returncode != 0
    assert stderr.startswith("jtrans: error: ") and stderr.count("\n") == 1, stderr
    assert message in stderr
    assert "Traceback" not in stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


@pytest.mark.slow
def test_warnings_go_to_stderr(tmp_path: Path) -> None:
    plugin = tmp_path / "dropper.py"
    plugin.write_text(
        "from jtrans.engines import register\n"
        "import re\n"
        "class Dropper:\n"
        "    name = 'dropper'\n"
        "    target_lang = None\n"
        "    def __init__(self, **_): pass\n"
        "    def translate_batch(self, s):\n"
        "        return [re.sub(r'\\u27e6\\d+\\u27e7|`[^`]*`', '', x) for x in s]\n"
        "register('dropper')(Dropper)\n"
    )
    code = "import dropper; from jtrans.cli import main; main()"
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    result = subprocess.run(
        [sys.executable, "-c", code, "translate", "--engine", "dropper", "-"],
        input=b"Run `make` now.\n",
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "〔未翻訳〕Run `make` now.\n".encode()  # marked, never appended
    assert b"jtrans: warning: line 1: placeholder-missing" in result.stderr


def test_bad_config_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text("engine = [\n")
    post = tmp_path / "post.md"
    post.write_text("# Hi\n")
    result = jtrans("translate", "--engine", "identity", str(post), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("jtrans: error: cannot read ")
    assert result.stderr.count(b"\n") == 1


def test_progress_bar_only_for_many_sentences_on_a_terminal() -> None:
    import io

    from rich.console import Console

    from jtrans.cli.translate import _Progress

    few = _Progress(threshold=10, console=Console(file=io.StringIO(), force_terminal=True))
    few(0, 3)
    assert few._bar is None
    pipe = _Progress(threshold=10, console=Console(file=io.StringIO(), force_terminal=False))
    pipe(0, 50)
    assert pipe._bar is None
    buf = io.StringIO()
    many = _Progress(threshold=10, console=Console(file=buf, force_terminal=True))
    many(0, 50)
    many(50, 50)
    many.close()
    assert many._bar is not None and "translating 50 sentences" in buf.getvalue()


def test_engine_option_typo_in_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "jtrans.toml").write_text('[engine]\nname = "ct2"\nbeam = 4\n', encoding="utf-8")
    post = tmp_path / "p.md"
    post.write_text("Hello.\n", encoding="utf-8")
    res = jtrans("translate", str(post), cwd=tmp_path)
    err = res.stderr.decode()
    assert res.returncode == 2 and err.count("\n") == 1, err
    assert "bad [tool.jtrans.engine] option" in err and "beam" in err


@pytest.mark.parametrize("flag", ["-o", "--report"])
def test_output_or_report_onto_the_input_is_refused(tmp_path: Path, flag: str) -> None:
    post = tmp_path / "p.md"
    post.write_text("Hello world.\n", encoding="utf-8")
    res = jtrans("translate", str(post), "--engine", "upper", flag, str(post))
    assert res.returncode == 2 and b"is the input file" in res.stderr
    assert post.read_text(encoding="utf-8") == "Hello world.\n"


def test_mbr_flag_reaches_the_pipeline(monkeypatch, capsys, tmp_path) -> None:
    from clirun import one_line_error, run_cli

    import jtrans.cli.translate as cli_translate

    seen = []
    real = cli_translate.build_pipeline
    monkeypatch.setattr(
        cli_translate, "build_pipeline", lambda cfg, **kw: seen.append(cfg) or real(cfg, **kw)
    )
    post = tmp_path / "p.md"
    post.write_text("Hello there.\n", encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch, capsys, "translate", "--engine", "upper", "--mbr", "0", str(post)
    )
    assert code == 0 and out == "HELLO THERE.\n" and seen[-1].mbr_candidates == 0
    code, _, err = run_cli(monkeypatch, capsys, "translate", "--mbr", "65", str(post))
    assert code == 2 and "--mbr" in one_line_error(err)


def test_titles_flag_keeps_or_adds_the_original_paper_title(monkeypatch, capsys, tmp_path):
    """Japanese digests keep a paper's English title, alone or after its translation as
    (原文: Title) (../shared/seeds): --titles keep leaves it as written, --titles both adds it
    after the translated one; the description is translated either way."""
    from clirun import one_line_error, run_cli

    post = tmp_path / "p.md"
    post.write_text(
        "| **Paper** | **Links** |\n|---|---|\n"
        "| 1) **Drag Your GAN** - moves points. | [Paper](https://a.org/1) |\n"
        "| 2) Few Tokens Suffice  Researchers tune prefixes. | [Paper](https://a.org/2) |\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        monkeypatch, capsys, "translate", "--engine", "upper", "--titles", "keep", str(post)
    )
    assert code == 0
    assert "| 1) **Drag Your GAN** - MOVES POINTS. |" in out
    assert "| 2) Few Tokens Suffice  RESEARCHERS TUNE PREFIXES. |" in out
    code, out, _ = run_cli(
        monkeypatch, capsys, "translate", "--engine", "upper", "--titles", "both", str(post)
    )
    assert code == 0
    assert "| 1) **DRAG YOUR GAN** (原文: Drag Your GAN) - MOVES POINTS. |" in out
    assert "| 2) FEW TOKENS SUFFICE (原文: Few Tokens Suffice)  RESEARCHERS" in out
    code, _, err = run_cli(monkeypatch, capsys, "translate", "--titles", "all", str(post))
    assert code == 2 and "--titles" in one_line_error(err)
