"""CLI conventions: examples in every command's --help, shell completion, global --quiet/--verbose,
``-`` for stdin/stdout, --json on reporting commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from clirun import run_cli

from jtrans.cli import load_commands

app = load_commands()

ROOT = Path(__file__).resolve().parents[1]


def _leaves(cmd, path: list[str]):
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            yield from _leaves(sub, [*path, name])
    else:
        yield path, cmd


COMMANDS = list(_leaves(typer.main.get_command(app), []))


def test_every_command_is_walked():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"translate", "qa", "export", "import", "config show", "glossary check"} <= names


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_has_examples_of_this_command(path, cmd, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(monkeypatch, capsys, *path, "--help")
    assert code == 0
    assert "Examples:" in out
    examples = [
        line.strip(" │")
        for line in out[out.index("Examples:") :].splitlines()
        if line.strip(" │").startswith("jtrans ")
    ]
    invocation = "jtrans " + " ".join(path)
    mine = [e for e in examples if e == invocation or e.startswith(invocation + " ")]
    assert mine, f"no example of {invocation!r} in its --help"
    # every option an example uses exists (examples do not go stale)
    known = {o for p in cmd.params for o in (*p.opts, *getattr(p, "secondary_opts", []))}
    for example in mine:
        for word in example.split():
            if word.startswith("-") and word not in ("-", "--"):
                assert word in known, f"{example!r}: {word} is not an option of {invocation}"


def test_completion_scripts(monkeypatch, capsys):
    for shell, marker in [("bash", "complete -o default -F"), ("zsh", "#compdef jtrans"),
                          ("fish", "complete --command jtrans")]:  # fmt: skip
        code, out, _ = run_cli(monkeypatch, capsys, "completion", shell)
        assert code == 0 and marker in out and "_JTRANS_COMPLETE" in out
    code, _, err = run_cli(monkeypatch, capsys, "completion", "tcsh")
    assert code == 2 and "unknown shell" in err


@pytest.mark.slow
def test_completion_completes_commands():
    exe = Path(sys.executable).with_name("jtrans")
    if not exe.exists():
        pytest.skip("jtrans is not installed as a script")
    env = dict(os.environ, COMP_WORDS="jtrans glossary l", COMP_CWORD="2")
    env["_JTRANS_COMPLETE"] = "complete_bash"
    out = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["list", "lint"]


def test_global_quiet_and_verbose(tmp_path, monkeypatch, capsys):
    post = tmp_path / "post.md"
    post.write_text("# Title\n\nSome text.\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "--verbose", "translate", str(post), "--engine", "upper", "-o", "-"
    )
    assert code == 0 and out == "# TITLE\n\nSOME TEXT.\n"
    assert "2 units, 2 sentences; engine upper" in err
    code, out, err = run_cli(monkeypatch, capsys, "translate", str(post), "--engine", "upper")
    assert code == 0 and err == ""  # normal level: nothing to say
    code, out, err = run_cli(
        monkeypatch, capsys, "-q", "export", str(post), "--engine", "upper", "--to", "po"
    )
    assert code == 0 and 'msgid "Some text."' in out and err == ""
    code, out, err = run_cli(monkeypatch, capsys, "export", str(post), "--engine", "upper")
    assert "exported 2 units" in err


def test_global_flags_after_the_command(tmp_path, monkeypatch, capsys):
    """--debug/--verbose/--quiet work where users type them: after the command too."""
    post = tmp_path / "post.md"
    post.write_text("# Title\n\nSome text.\n", encoding="utf-8")
    code, out, err = run_cli(
        monkeypatch, capsys, "translate", str(post), "--engine", "upper", "--verbose"
    )
    assert code == 0 and out == "# TITLE\n\nSOME TEXT.\n" and "engine upper" in err
    code, _, err = run_cli(monkeypatch, capsys, "translate", str(tmp_path / "no.md"), "--debug")
    assert code == 3 and "Traceback" in err and err.rstrip().endswith("no.md: no such file")
    code, _, err = run_cli(monkeypatch, capsys, "config", "show", "--quiet", "--debug")
    assert code == 0 and "Traceback" not in err
    # after -- it is an argument again (a file named --debug)
    code, _, err = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", "--", "--debug")
    assert code == 3 and "--debug: no such file" in err and "Traceback" not in err


@pytest.mark.slow
def test_glossary_export_to_stdout_and_import_from_stdin(tmp_path, monkeypatch, capsys):
    import io

    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "export", "-o", "-", "-f", "csv")
    assert code == 0 and out.lstrip("\ufeff").startswith("term,ja,policy")
    assert not (tmp_path / "-").exists()  # stdout, not a file named "-"
    code, tbx, _ = run_cli(monkeypatch, capsys, "glossary", "export", "-o", "-")
    assert code == 0 and "<martif" in tbx  # TBX by default
    target = tmp_path / "team" / "terms.tsv"
    for fmt, data in [("csv", out.encode("utf-8")), ("tbx", tbx.encode("utf-8"))]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code, out2, err = run_cli(
            monkeypatch, capsys, "glossary", "import", "-", "-f", fmt, "--into", str(target)
        )
        assert code == 0 and "terms.tsv: " in out2, err
    code, _, err = run_cli(monkeypatch, capsys, "glossary", "import", "-", "--into", str(target))
    assert code == 2 and "needs --format" in err
    bad = b"term\tja\tpolicy\nfoo\t\xe3\x83\x95\tnope\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad)))
    code, _, err = run_cli(
        monkeypatch, capsys, "glossary", "import", "-", "-f", "tsv", "--into", str(target)
    )
    assert code == 5 and "stdin:2: unknown policy 'nope'" in err


def test_stdin_for_glossary_check(monkeypatch, capsys):
    ja = (ROOT / "examples" / "post.ja.md").read_bytes()

    class Stdin:
        buffer = __import__("io").BytesIO(ja)

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "check", str(ROOT / "examples" / "post.md"), "-", "--json"
    )
    assert code == 0 and json.loads(out)["accuracy"] == 100.0


def test_glossary_lint_json(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "terms.tsv"
    bad.write_text("term\tja\tpolicy\nLoRA\tLoRA\tsometimes\n", encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "lint", str(bad), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert report["problems"][0]["line"] == 2 and "policy" in report["problems"][0]["message"]


EN, JA = ROOT / "examples" / "post.md", ROOT / "examples" / "post.ja.md"


@pytest.mark.parametrize(
    "args",
    [
        ["score", str(JA), str(JA), "--source", str(EN), "--json"],
        ["eval", "SET", "--engine", "identity", "--json"],
        ["glossary", "check", str(EN), str(JA), "--json"],
        ["glossary", "lint", "--json"],
        ["qa", str(EN), str(JA), "--json"],
        ["model", "list", "--json"],
        ["model", "info", "default", "--json"],
        ["tm", "stats", "--json"],
        ["config", "show", "--json"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_reporting_commands_print_one_json_document(args, tmp_path, monkeypatch, capsys):
    tsv = tmp_path / "set.tsv"
    tsv.write_text("Scaling laws\tスケーリング則\nA small model\t小さなモデル\n", encoding="utf-8")
    args = [str(tsv) if a == "SET" else a for a in args]
    if args[0] == "tm":  # stats of an existing (empty) memory
        from jtrans import tm

        tm.TranslationMemory(tm.default_path()).close()
    code, out, err = run_cli(monkeypatch, capsys, *args)
    assert code in (0, 1), err  # 1: a quality gate; the report is still printed
    assert isinstance(json.loads(out), (dict, list))


def test_score_reads_stdin(monkeypatch, capsys):
    class Stdin:
        buffer = __import__("io").BytesIO(JA.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run_cli(monkeypatch, capsys, "score", "-", str(JA), "-s", str(EN), "--json")
    assert code == 0 and json.loads(out)["bleu"] == 100.0
    code, _, err = run_cli(monkeypatch, capsys, "score", "-", "-")
    assert code == 3 and "stdin" in err


def test_eval_reads_a_set_from_stdin_and_other_encodings(tmp_path, monkeypatch, capsys):
    pairs = "Café models\tカフェのモデル\nA small model\t小さなモデル\n"

    class Stdin:
        buffer = __import__("io").BytesIO(pairs.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, err = run_cli(monkeypatch, capsys, "eval", "-", "--engine", "identity", "--json")
    assert code in (0, 1), err
    assert json.loads(out)["items"] == 2
    sjis = tmp_path / "set.tsv"
    sjis.write_bytes(pairs.encode("cp932", errors="replace"))
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(sjis), "--engine", "identity")
    assert code == 3 and "not UTF-8 text (byte" in err
    code, out, err = run_cli(
        monkeypatch, capsys, "eval", str(sjis), "--engine", "identity", "--encoding", "cp932",
        "--json",
    )  # fmt: skip
    assert code in (0, 1) and json.loads(out)["items"] == 2, err
    code, _, err = run_cli(monkeypatch, capsys, "eval", str(sjis), "--encoding", "nope")
    assert code == 2 and "unknown encoding" in err


def test_glossary_find_json(monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "find", "fine-tuning", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and any(r["term"] == "fine-tuning" and r["ja"] for r in rows)
    code, out, _ = run_cli(
        monkeypatch, capsys, "glossary", "find", "--text", "We fine-tune with LoRA.", "--json"
    )
    assert code == 0 and "LoRA" in [json.loads(line)["surface"] for line in out.splitlines()]


def test_glossary_lint_reads_stdin(monkeypatch, capsys):
    import io

    bad = "term\tja\tpolicy\nfoo\tフー\ttranslate\nfoo\tフー\ttranslate\nbar\tバー\tnope\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad.encode("utf-8"))))
    code, out, _ = run_cli(monkeypatch, capsys, "glossary", "lint", "-")
    assert code == 1
    assert "stdin:3: duplicate for 'foo' (first at stdin:2)" in out.splitlines()
    assert any(line.startswith("stdin:4: unknown policy 'nope'") for line in out.splitlines())
    good = (ROOT / "glossary" / "terms.tsv").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(good)))
    code, out, err = run_cli(monkeypatch, capsys, "glossary", "lint", "-", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    code, _, err = run_cli(monkeypatch, capsys, "glossary", "lint", "-", "--fix")
    assert code == 2 and "cannot fix stdin" in err


def test_version_flag() -> None:
    import subprocess
    import sys

    import jtrans

    proc = subprocess.run(
        [sys.executable, "-m", "jtrans", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert proc.stdout == f"jtrans {jtrans.__version__}\n"


def test_config_help_shows_the_table_name() -> None:
    """Rich markup swallowed "[tool.jtrans]" ("(jtrans.toml / )")."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "jtrans", "config", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "COLUMNS": "120"},
    )
    assert "(jtrans.toml / [tool.jtrans])" in proc.stdout
