"""A broken glossary stops the run before anything is translated: one line
``jtrans: error: FILE:LINE: …``, exit code 5, no output written, the input untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans.engines import register

HEADER = "term\tja\tpolicy\n"
GOOD = "agent\tエージェント\ttranslate\n"


class Recording:
    """A Japanese test engine that records what it was asked to translate."""

    name = "test-recording-ja"
    target_lang = "ja"
    seen: list[str] = []

    def __init__(self, **_: object) -> None:
        pass

    def translate_batch(self, sentences: list[str]) -> list[str]:
        Recording.seen.extend(sentences)
        return ["訳。" for _ in sentences]


register("test-recording-ja")(Recording)

FAULTS = [
    (
        "bad policy",
        (HEADER + GOOD + "reward\t報酬\tmaybe\n").encode(),
        ":3: unknown policy 'maybe'",
    ),
    (
        "malformed row",
        (HEADER + GOOD + "x\ty\tkeep\ta\tb\tc\td\te\tf\n").encode(),
        ":3: more fields than header columns",
    ),
    ("empty term", (HEADER + GOOD + "\tエ\ttranslate\n").encode(), ":3: empty term"),
    (
        "translate without Japanese",
        (HEADER + "agent\t\ttranslate\n").encode(),
        ":2: policy 'translate' needs a Japanese rendering",
    ),
    ("bad header", b"term\tjapanese\tpolicy\n" + GOOD.encode(), ":1: unknown column 'japanese'"),
    (
        "bad encoding",
        HEADER.encode()
        + GOOD.encode()
        + "café".encode("latin-1")
        + "\tカフェ\ttranslate\n".encode(),
        ":3: not UTF-8",
    ),
    ("empty file", b"", ":1: empty file"),
]


@pytest.fixture
def post(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "post.md"
    p.write_text("# The agent\n\nAn agent uses tools.\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(("what", "data", "message"), FAULTS, ids=[f[0] for f in FAULTS])
def test_broken_glossary_is_exit_5_with_file_and_line(
    monkeypatch, capsys, tmp_path: Path, post: Path, what: str, data: bytes, message: str
) -> None:
    gloss = tmp_path / "team.tsv"
    gloss.write_bytes(data)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    Recording.seen.clear()
    code, out, err = run_cli(
        monkeypatch, capsys, "translate", str(post), "--engine", "test-recording-ja",
        "--glossary", str(gloss), "-o", "post.ja.md",
    )  # fmt: skip
    line = one_line_error(err)
    assert code == 5, err
    assert f"{gloss}{message}" in line, line
    assert Recording.seen == [] and out == ""  # nothing translated with a half-loaded glossary
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written


def test_broken_glossary_from_config_and_missing_glossary(
    monkeypatch, capsys, tmp_path: Path, post: Path
) -> None:
    (tmp_path / "bad.tsv").write_text(HEADER + "x\ty\tnope\n", encoding="utf-8")
    (tmp_path / "jtrans.toml").write_text('[glossary]\npaths = ["bad.tsv"]\n', encoding="utf-8")
    args = ["translate", str(post), "--engine", "test-recording-ja"]
    code, out, err = run_cli(monkeypatch, capsys, *args)
    assert code == 5 and "bad.tsv:2: unknown policy 'nope'" in one_line_error(err)
    (tmp_path / "jtrans.toml").unlink()
    code, out, err = run_cli(monkeypatch, capsys, *args, "--glossary", "gone.tsv")
    assert code == 5 and "gone.tsv" in one_line_error(err) and out == ""


def test_lint_reports_the_same_faults_with_exit_1(monkeypatch, capsys, tmp_path: Path) -> None:
    gloss = tmp_path / "team.tsv"
    gloss.write_text(HEADER + GOOD + "reward\t報酬\tmaybe\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "glossary", "lint", "--no-default", "-g", str(gloss)
    )
    assert code == 1
    assert f"{gloss.name}:3:" in out + err and "maybe" in out + err


def test_qa_with_a_broken_glossary_is_exit_5(monkeypatch, capsys, tmp_path: Path, post) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(HEADER.encode() + b"caf\xe9\tx\tkeep\n")
    ja = tmp_path / "post.ja.md"
    ja.write_text("# エージェント\n\nエージェントはツールを使います。\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "qa", str(post), str(ja), "-g", str(bad))
    assert code == 5 and f"{bad}:2: not UTF-8" in one_line_error(err)


@pytest.mark.parametrize("command", ["score", "eval", "export", "glossary check"])
def test_other_commands_with_a_broken_glossary_are_exit_5(
    monkeypatch, capsys, tmp_path: Path, post, command: str
) -> None:
    """A broken glossary is never skipped quietly (score used to drop term accuracy)."""
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + GOOD + "reward\t報酬\tmaybe\n", encoding="utf-8")
    ja = tmp_path / "post.ja.md"
    ja.write_text("# エージェント\n\nエージェントはツールを使います。\n", encoding="utf-8")
    tsv = tmp_path / "set.tsv"
    tsv.write_text("An agent uses tools.\tエージェントはツールを使います。\n", encoding="utf-8")
    args = {
        "score": ["score", str(ja), str(ja), "--source", str(post)],
        "eval": ["eval", str(tsv), "--engine", "identity"],
        "export": ["export", str(post), "--engine", "test-recording-ja", "-o", "post.po"],
        "glossary check": ["glossary", "check", str(post), str(ja)],
    }[command]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out, err = run_cli(monkeypatch, capsys, *args, "--glossary", str(bad))
    assert code == 5 and f"{bad}:3: unknown policy 'maybe'" in one_line_error(err)
    assert out == "" and {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
