"""No lost work: a translation memory that cannot be written never costs a finished
translation, a read-only memory is read (not written), and an SQLite database that is not a
jtrans memory is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli

from jtrans import tm as tm_mod
from jtrans.engines import register
from jtrans.tm import TMError, TranslationMemory

POST = "# Title\n\nHello world.\n\nAnother paragraph.\n"
UPPER = "# TITLE\n\nHELLO WORLD.\n\nANOTHER PARAGRAPH.\n"


class CountingUpper:
    """``upper``, counting the sentences it is asked to translate."""

    name = "test-counting-upper"
    target_lang = None
    sentences = 0

    def __init__(self, **_: object) -> None:
        pass

    def translate_batch(self, sentences: list[str]) -> list[str]:
        CountingUpper.sentences += len(sentences)
        return [s.upper() for s in sentences]


register("test-counting-upper")(CountingUpper)


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")

    def call(*args: str) -> tuple[int, str, str]:
        CountingUpper.sentences = 0
        return run_cli(monkeypatch, capsys, *args, "--engine", "test-counting-upper")

    return call


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_db(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE users (name TEXT)")
    db.execute("INSERT INTO users VALUES ('ada')")
    db.commit()
    db.close()


# -- write failures --------------------------------------------------------------------------


@pytest.fixture
def locked(tmp_path: Path, monkeypatch):
    """A memory another writer holds locked (BEGIN EXCLUSIVE) past a short busy timeout."""
    monkeypatch.setattr(tm_mod, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "team.sqlite"
    TranslationMemory(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield path
    other.execute("ROLLBACK")
    other.close()


def test_explicit_locked_memory_reports_after_the_output_is_safe(cli, tmp_path, locked) -> None:
    code, out, err = cli("translate", "post.md", "-o", "out.md", "--tm", str(locked))
    assert code == 3 and out == ""
    line = one_line_error(err)
    assert line.startswith("jtrans: error: the translation is complete, but cannot write ")
    assert "database is locked" in line and "(3 new unit(s) not stored)" in line
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == UPPER


def test_default_locked_memory_is_only_a_warning(cli, tmp_path, locked, monkeypatch) -> None:
    monkeypatch.setenv("JTRANS_TM", str(locked))
    code, out, err = cli("translate", "post.md")
    assert code == 0 and out == UPPER
    assert "jtrans: warning: the translation is complete, but cannot write" in err
    code, out, err = cli("translate", "post.md", "-o", "out.md")  # streamed or not: the same
    assert code == 0 and (tmp_path / "out.md").read_text(encoding="utf-8") == UPPER


def test_a_full_disk_never_throws_the_translation_away(cli, tmp_path, monkeypatch) -> None:
    def full(self, *args, **kwargs):
        raise TMError(f"cannot write translation memory {self.path}: database or disk is full")

    monkeypatch.setattr(TranslationMemory, "put_many", full)
    from jtrans.cli import translate as translate_cli

    monkeypatch.setattr(translate_cli, "STREAM_BYTES", 8)  # the chunked path too
    code, _, err = cli("translate", "post.md", "-o", "out.md", "--tm", "team.sqlite")
    assert code == 3 and "database or disk is full" in one_line_error(err)
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == UPPER
    code, _, err = cli("translate", "post.md", "--out-dir", "ja", "--tm", "team.sqlite")
    done = "jtrans: translated 1 file(s) into ja\n"  # after the per-file line (i14)
    assert code == 3 and done in err
    assert "database or disk is full" in one_line_error(err.split(done, 1)[1])
    assert (tmp_path / "ja" / "post.md").read_text(encoding="utf-8") == UPPER


# -- read-only memories ------------------------------------------------------------------------


def test_a_read_only_memory_is_read_and_left_alone(cli, tmp_path: Path) -> None:
    code, _, err = cli("translate", "post.md", "-o", "out.md", "--tm", "ro.sqlite")
    assert code == 0 and CountingUpper.sentences == 3, err
    memory = tmp_path / "ro.sqlite"
    with TranslationMemory(memory) as tm:  # fold the WAL into the file
        tm.prune(older_than_days=10_000)
    os.chmod(memory, 0o444)
    before = digest(memory)
    (tmp_path / "post.md").write_text(POST + "\nA new paragraph.\n", encoding="utf-8")
    code, _, err = cli("translate", "post.md", "-o", "out.md", "--tm", "ro.sqlite")
    assert code == 0, err
    assert CountingUpper.sentences == 1  # three units came from the memory
    assert err.strip() == (
        f"jtrans: warning: translation memory {memory.name} is read-only: its entries are "
        "reused, new translations are not stored"
    )
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == UPPER + "\nA NEW PARAGRAPH.\n"
    assert digest(memory) == before and memory.stat().st_mode & 0o777 == 0o444

    with TranslationMemory(memory) as tm:  # what `jtrans tm stats` reads ("unable to open" before)
        assert tm.stats()["entries"] == 3
    assert digest(memory) == before


def test_tm_stats_reads_a_read_only_memory(monkeypatch, capsys, tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    with TranslationMemory(path) as tm:
        tm.put_many([("Hello", "こんにちは")], "ctx")
    os.chmod(path, 0o444)
    code, out, err = run_cli(monkeypatch, capsys, "tm", "stats", "--tm", str(path), "--json")
    assert code == 0 and '"entries": 1' in out, err


def test_writing_commands_on_a_read_only_memory_fail_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    with TranslationMemory(path) as tm:
        tm.put_many([("Hello", "こんにちは")], "ctx")
    os.chmod(path, 0o444)
    with TranslationMemory(path) as tm:
        assert tm.read_only and tm.get_many(["Hello"], "ctx") == {"Hello": "こんにちは"}
        with pytest.raises(TMError, match="ro.sqlite is read-only"):
            tm.put_many([("Bye", "さようなら")], "ctx")


# -- not a jtrans memory ----------------------------------------------------------------------


def test_an_unrelated_database_is_refused_and_untouched(cli, tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    foreign_db(other)
    before = digest(other)
    code, out, err = cli("translate", "post.md", "-o", "out.md", "--tm", "app.db")
    assert code == 3 and out == ""
    assert one_line_error(err) == (
        "jtrans: error: app.db is an SQLite database but not a jtrans translation memory "
        "(tables: users); give --tm a new file name"
    )
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db", "post.md"]  # no WAL, no out
    db = sqlite3.connect(other)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_an_unrelated_default_memory_only_costs_speed(cli, tmp_path, monkeypatch) -> None:
    other = tmp_path / "app.db"
    foreign_db(other)
    before = digest(other)
    monkeypatch.setenv("JTRANS_TM", str(other))
    code, out, err = cli("translate", "post.md")
    assert code == 0 and out == UPPER
    assert "jtrans: warning: translating without a memory: " in err
    assert "not a jtrans translation memory" in err
    assert digest(other) == before
