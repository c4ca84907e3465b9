"""Translation memory: storage rules, TMX round trip, pipeline reuse, CLI, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest
from clirun import one_line_error, run_cli
from fake_engines import CannedJapanese

from jtrans import api
from jtrans.config import Config
from jtrans.engines.simple import UpperEngine
from jtrans.glossary import Entry, Glossary
from jtrans.pipeline import Pipeline
from jtrans.tm import TMError, TranslationMemory, context_id, default_path, normalise

POST = """# Weekly digest

| Paper | Links |
| --- | --- |
| **Sparse Routing** - routes tokens; saves compute. | [Paper](https://arxiv.org/abs/1) |
| **Dense Retrieval** - finds passages with `bm25`. | [Paper](https://arxiv.org/abs/2) |

A closing paragraph about [the series](https://example.com/x_y).
"""


class CountingUpper(UpperEngine):
    """The ``upper`` test engine, remembering every sentence it was asked to translate."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.seen += sentences
        return super().translate_batch(sentences)


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    with TranslationMemory(tmp_path / "tm" / "memory.sqlite") as tm:
        yield tm


# -- storage rules --------------------------------------------------------------------------------


def test_default_path_follows_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JTRANS_TM", str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("JTRANS_TM")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "jtrans" / "tm.sqlite"


def test_exact_matches_by_context_and_normalised_source(memory: TranslationMemory) -> None:
    assert memory.put_many([("Hello world.", "こんにちは。"), ("Bye.", "さようなら。")], "c1") == 2
    assert memory.get_many(["  Hello world.\r\n", "Bye.", "Unknown."], "c1") == {
        "Hello world.": "こんにちは。",
        "Bye.": "さようなら。",
    }
    assert memory.get_many(["Hello world."], "c2") == {}  # another model/glossary/settings
    assert memory.get_many(["Hello  world."], "c1") == {}  # inner whitespace is layout
    assert normalise("a\r\nb ") == "a\nb"
    with memory._db:  # journal mode is WAL (safe for concurrent runs)
        assert memory._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_human_entries_win_and_are_never_overwritten_by_mt(memory: TranslationMemory) -> None:
    memory.put_many([("Hello.", "機械訳。")], "c1")
    memory.put_many([("Hello.", "人の訳。")], "c1", origin="human")
    assert memory.put_many([("Hello.", "新しい機械訳。")], "c1") == 0
    assert memory.get_many(["Hello."], "c1") == {"Hello.": "人の訳。"}
    # a reviewed translation applies whatever model produced the draft
    memory.put_many([("Hello.", "別モデルの訳。")], "c2")
    assert memory.get_many(["Hello."], "c2") == {"Hello.": "人の訳。"}
    # ... but a human entry made for this very context beats one from elsewhere
    memory.put_many([("Hello.", "c2 の人の訳。")], "c2", origin="human")
    assert memory.get_many(["Hello."], "c2") == {"Hello.": "c2 の人の訳。"}
    assert memory.stats()["human"] == 2 and memory.stats()["mt"] == 0
    with pytest.raises(ValueError):
        memory.put_many([("a", "b")], "c1", origin="robot")


def test_interrupted_transaction_leaves_nothing_half_written(memory: TranslationMemory) -> None:
    memory.put_many([("Kept.", "残る。")], "c")
    with pytest.raises(KeyboardInterrupt), memory._transaction():
        memory._db.execute(
            "INSERT INTO entries (source, context, target, origin, created, used) "
            "VALUES ('Lost.', 'c', '消える。', 'mt', 0, 0)"
        )
        raise KeyboardInterrupt
    assert memory.get_many(["Kept.", "Lost."], "c") == {"Kept.": "残る。"}
    assert memory.integrity() == "ok"


def test_tmx_round_trip_keeps_context_origin_and_markup(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    source = "**Title** - uses `a|b` & <br> [Paper](https://x.y/a_b)\nsecond line"
    memory.put_many(
        [(source, "**題** - `a|b` を使う & <br> [論文](https://x.y/a_b)\n二行目")], "c1"
    )
    memory.put_many([("Reviewed.", "確認済み。")], "c1", origin="human")
    out = tmp_path / "tm.tmx"
    assert memory.export_tmx(out) == 2
    assert b"<tmx" in out.read_bytes() and b'srclang="en"' in out.read_bytes()
    with TranslationMemory(tmp_path / "other.sqlite") as other:
        assert other.import_tmx(out, origin="mt") == 2
        assert other.get_many([source, "Reviewed."], "c1") == memory.get_many(
            [source, "Reviewed."], "c1"
        )
        assert other.stats()["contexts"] == 1


def test_tmx_from_another_tool_applies_in_every_context(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    tmx = tmp_path / "cat.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        'creationtoolversion="1"/><body><tu><tuv xml:lang="en"><seg>Good model.</seg></tuv>'
        '<tuv xml:lang="ja"><seg>良いモデル。</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    memory.put_many([("Good model.", "よいモデル")], "any-context")
    assert memory.import_tmx(tmx) == 1
    assert memory.get_many(["Good model."], "any-context") == {"Good model.": "良いモデル。"}
    bad = tmp_path / "bad.tmx"
    bad.write_text("not xml", encoding="utf-8")
    with pytest.raises(TMError, match="not a TMX file"):
        memory.import_tmx(bad)


def test_prune_removes_unused_machine_entries(
    memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 100 * 86400)
    memory.put_many([("Old.", "古い。")], "c")
    memory.put_many([("Old review.", "古い確認。")], "c", origin="human")
    monkeypatch.setattr(time, "time", lambda: now)
    memory.put_many([("New.", "新しい。")], "c")
    assert memory.prune(older_than_days=30) == 1
    assert set(memory.get_many(["Old.", "Old review.", "New."], "c")) == {"Old review.", "New."}
    assert memory.prune(older_than_days=None, origin=None) == 2
    assert memory.stats()["entries"] == 0


def test_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(TMError, match="not a usable translation memory"):
        TranslationMemory(junk)
    with pytest.raises(TMError, match="is a directory"):
        TranslationMemory(tmp_path)


def _writer(path: str, worker: int, rounds: int) -> None:
    with TranslationMemory(path) as tm:
        for r in range(rounds):
            pairs = [(f"w{worker} r{r} s{i}", f"訳{worker}-{r}-{i}") for i in range(50)]
            tm.put_many(pairs, "ctx")
            tm.get_many([p[0] for p in pairs], "ctx")


@pytest.mark.slow
def test_two_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite")
    TranslationMemory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 10)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with TranslationMemory(path) as tm:
        assert tm.stats()["entries"] == 2 * 10 * 50
        assert tm.integrity() == "ok"


# -- in the pipeline ------------------------------------------------------------------------------


def test_rerun_sends_nothing_to_the_engine_and_gives_the_same_text(
    memory: TranslationMemory,
) -> None:
    first_engine = CountingUpper()
    first = Pipeline(first_engine, tm=memory).translate(POST)
    assert first_engine.seen and first.reused == []
    engine = CountingUpper()
    again = Pipeline(engine, tm=memory).translate(POST)
    assert engine.seen == []
    assert again.text == first.text == Pipeline(UpperEngine()).translate(POST).text
    assert len(again.reused) == sum(1 for p in again.prepared if p.split.pieces)


def test_only_edited_units_are_translated_again(memory: TranslationMemory) -> None:
    Pipeline(CountingUpper(), tm=memory).translate(POST)
    edited = POST.replace("finds passages", "retrieves passages")
    engine = CountingUpper()
    result = Pipeline(engine, tm=memory).translate(edited)
    assert engine.seen == ["Dense Retrieval", "retrieves passages with ⟦0⟧."]  # that cell only
    assert result.text == Pipeline(UpperEngine()).translate(edited).text


def test_reviewed_translation_wins_over_mt_on_the_next_run(memory: TranslationMemory) -> None:
    pipeline = Pipeline(CountingUpper(), tm=memory)
    pipeline.translate(POST)
    unit = "A closing paragraph about [the series](https://example.com/x_y)."
    memory.put_many([(unit, "シリーズ[の紹介](https://example.com/x_y)です。")], "", "human")
    out = Pipeline(CountingUpper(), tm=memory).translate(POST).text
    assert "シリーズ[の紹介](https://example.com/x_y)です。\n" in out
    assert "A CLOSING PARAGRAPH" not in out


def test_fallbacks_are_memorised_marked_and_retried_only_when_asked(
    memory: TranslationMemory,
) -> None:
    """The same model and settings give the same fallback: an unchanged post sends nothing
    to the engine; ``retry_fallbacks`` (``--retry-untranslated``) sends only the fallback."""
    text = "Speeds up inference.\n\nA study of studies.\n"
    answers = {"Speeds up": "推論を高速化します。", "study": "の研究の研究の研究の研究の研究の研究"}
    first = api.translate(text, engine=CannedJapanese(answers), no_glossary=True, tm=memory)
    assert "〔未翻訳〕A study of studies." in first.text
    engine = CannedJapanese(answers)
    again = api.translate(text, engine=engine, no_glossary=True, tm=memory)
    assert again.text == first.text and engine.seen == []
    assert [f.rule for f in again.flags] == [f.rule for f in first.flags]  # still marked
    assert "guard" in {f.rule for f in again.flags}
    engine = CannedJapanese(answers)
    retried = api.translate(text, engine=engine, no_glossary=True, tm=memory, retry_fallbacks=True)
    assert retried.text == first.text
    assert all("study" in s for s in engine.seen) and engine.seen  # only the fallback again


def test_flags_are_replayed_from_the_memory(memory: TranslationMemory) -> None:
    text = "Uses `code` here.\n"
    # the engine drops the placeholder, then copies the spelled-out code on the retry
    answers = {"`code`": "`code` をここで使います。", "Uses": "ここで使います。"}
    first = api.translate(text, engine=CannedJapanese(answers), no_glossary=True, tm=memory)
    assert "placeholder-retry" in {f.rule for f in first.flags}
    engine = CannedJapanese(answers)
    again = api.translate(text, engine=engine, no_glossary=True, tm=memory)
    assert engine.seen == [] and again.text == first.text
    assert [(f.rule, f.line) for f in again.flags] == [(f.rule, f.line) for f in first.flags]


def test_glossed_first_use_is_not_reused_for_a_later_mention(memory: TranslationMemory) -> None:
    glossary = Glossary([Entry("Low-Rank Adaptation", "低ランク適応", "keep+gloss")])
    answers = {"Uses": "⟦0⟧を使います。", "Intro": "⟦0⟧の紹介。"}
    one = "Uses Low-Rank Adaptation.\n"
    api.translate(one, engine=CannedJapanese(answers), glossary=glossary, tm=memory)
    two = "Intro Low-Rank Adaptation.\n\nUses Low-Rank Adaptation.\n"
    out = api.translate(two, engine=CannedJapanese(answers), glossary=glossary, tm=memory).text
    assert out.count("（低ランク適応）") == 1  # glossed once, at the first mention


def test_context_changes_with_everything_that_changes_the_output(tmp_path: Path) -> None:
    base = api.build_pipeline(engine="upper")
    assert context_id(base) == context_id(api.build_pipeline(engine="upper"))
    others = [
        api.build_pipeline(engine="identity"),
        api.build_pipeline(engine="upper", translate_link_labels=False),
        api.build_pipeline(engine="upper", translate_link_lists=True),
        api.build_pipeline(engine="upper", config=Config(titles="keep")),
    ]
    ja = CannedJapanese({})
    g1 = Glossary([Entry("inference", "推論")])
    g2 = Glossary([Entry("inference", "推定")])
    assert context_id(api.build_pipeline(engine=ja, glossary=g1)) != context_id(
        api.build_pipeline(engine=ja, glossary=g2)
    )
    assert context_id(api.build_pipeline(engine=ja, glossary=g1)) != context_id(
        api.build_pipeline(engine=ja, glossary=g1, postprocess=False)
    )
    no_names = Config(protect_names=False)
    assert context_id(api.build_pipeline(engine=ja, glossary=g1)) != context_id(
        api.build_pipeline(engine=ja, glossary=g1, config=no_names)
    )
    assert len({context_id(p) for p in [base, *others]}) == 1 + len(others)


# -- command line ---------------------------------------------------------------------------------


def test_cli_reuses_the_memory_and_no_tm_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    tm = tmp_path / "cli.sqlite"
    report = tmp_path / "r.json"
    args = ["translate", "--engine", "upper", str(post), "--tm", str(tm), "--report", str(report)]
    code, first, _ = run_cli(monkeypatch, capsys, *args)
    assert code == 0 and json.loads(report.read_text())["reused_units"] == 0
    code, again, _ = run_cli(monkeypatch, capsys, *args)
    assert code == 0 and again == first
    assert json.loads(report.read_text())["reused_units"] == 6
    code, _, _ = run_cli(monkeypatch, capsys, *args, "--no-tm")
    assert code == 2  # --tm and --no-tm together
    plain = ["translate", "--engine", "upper", str(post), "--no-tm", "--report", str(report)]
    code, out, _ = run_cli(monkeypatch, capsys, *plain)
    assert code == 0 and out == first and json.loads(report.read_text())["reused_units"] == 0
    assert not default_path().exists()  # --no-tm: nothing written to the default memory


def test_cli_tm_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(monkeypatch, capsys, "tm", "stats")
    assert code == 3 and "no translation memory" in one_line_error(err)
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    assert run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(post))[0] == 0
    code, out, _ = run_cli(monkeypatch, capsys, "tm", "stats", "--json")
    assert code == 0 and json.loads(out)["mt"] == 6
    tmx = tmp_path / "out.tmx"
    assert run_cli(monkeypatch, capsys, "tm", "export", str(tmx))[0] == 0
    # a translator edits one unit in a CAT tool and the TMX comes back
    data = tmx.read_text(encoding="utf-8").replace("ROUTES TOKENS", "トークンを振り分けます")
    tmx.write_text(data, encoding="utf-8")
    assert run_cli(monkeypatch, capsys, "tm", "import", str(tmx))[0] == 0
    code, out, _ = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(post))
    assert "トークンを振り分けます" in out
    code, out, _ = run_cli(monkeypatch, capsys, "tm", "stats", "--json")
    # only the edited unit became human; the five untouched MT units stay machine entries
    assert json.loads(out)["human"] == 1 and json.loads(out)["mt"] == 5
    code, _, err = run_cli(monkeypatch, capsys, "tm", "prune", "--all")
    assert code == 0 and "removed 5 entries, 1 left" in err
    code, _, err = run_cli(monkeypatch, capsys, "tm", "import", str(post))
    assert code == 3 and "not a TMX file" in one_line_error(err)
    code, _, err = run_cli(monkeypatch, capsys, "tm", "export", str(tmx), "--origin", "x")
    assert code == 2


def test_cli_tm_export_to_stdout_and_import_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(post))[0] == 0
    code, out, err = run_cli(monkeypatch, capsys, "tm", "export", "-")
    assert code == 0 and "<tmx" in out and "entries to stdout" in err
    assert not (tmp_path / "-").exists()  # not a file named "-"
    edited = out.replace("A CLOSING PARAGRAPH", "締めの段落")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(edited.encode("utf-8"))))
    code, _, err = run_cli(monkeypatch, capsys, "tm", "import", "-")
    assert code == 0 and "imported 1 entries from stdin as human" in err
    code, out, _ = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(post))
    assert "締めの段落" in out and "ROUTES TOKENS" in out
    code, _, err = run_cli(monkeypatch, capsys, "tm", "import", str(tmp_path))
    assert code == 3 and "is a directory" in one_line_error(err)
    memory = default_path()
    code, _, err = run_cli(monkeypatch, capsys, "tm", "export", str(memory))
    assert code == 2 and "is the translation memory itself" in one_line_error(err)
    with TranslationMemory(memory) as still:  # still a SQLite memory, not a TMX file
        assert still.integrity() == "ok" and still.stats()["entries"] > 0


def test_cli_several_inputs_into_out_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.md", tmp_path / "sub" / "b.md"
    b.parent.mkdir()
    a.write_text(POST, encoding="utf-8")
    b.write_text("\ufeffSecond post.\r\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = run_cli(
        monkeypatch, capsys, "translate", "--engine", "upper", str(a), str(b), "--out-dir", str(out)
    )
    assert code == 0 and stdout == ""
    code, single, _ = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(a))
    assert (out / "a.md").read_text(encoding="utf-8") == single and "SPARSE ROUTING" in single
    assert (out / "sub" / "b.md").read_bytes() == "\ufeffSECOND POST.\r\n".encode()
    refusals = [
        [str(a), str(tmp_path / "sub" / ".." / "a.md"), "--out-dir", str(out)],  # same name
        [str(a), "--out-dir", str(tmp_path)],  # would replace the input
        [str(a), str(b)],  # several inputs, no --out-dir
        [str(a), str(b), "-o", str(tmp_path / "x.md"), "--out-dir", str(out)],
        ["-", str(b), "--out-dir", str(out)],
    ]
    for args in refusals:
        code, _, err = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", *args)
        assert code == 2, args
        one_line_error(err)
    assert a.read_text(encoding="utf-8") == POST
    code, _, err = run_cli(
        monkeypatch, capsys, "translate", str(a), str(tmp_path / "missing.md"), "--out-dir", "o"
    )
    assert code == 3 and "missing.md" in one_line_error(err)


def test_engine_batches_posts_together(memory: TranslationMemory) -> None:
    class Recording(CountingUpper):
        def __init__(self) -> None:
            super().__init__()
            self.calls = 0

        def translate_batch(self, sentences: list[str]) -> list[str]:
            self.calls += 1
            return super().translate_batch(sentences)

    engine = Recording()
    results = Pipeline(engine).translate_many([POST, "Second post.\n", "Third one.\n"])
    assert engine.calls == 1 and [r.text for r in results][1:] == ["SECOND POST.\n", "THIRD ONE.\n"]


def test_sqlite_file_is_consistent_after_a_run(memory: TranslationMemory) -> None:
    Pipeline(CountingUpper(), tm=memory).translate(POST)
    db = sqlite3.connect(str(memory.path))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_unusable_default_memory_only_warns_but_an_explicit_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.md"
    post.write_text("Hello.\n", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JTRANS_TM", str(blocker / "tm.sqlite"))
    code, out, err = run_cli(monkeypatch, capsys, "translate", "--engine", "upper", str(post))
    assert code == 0 and out == "HELLO.\n"
    assert "warning: translating without a memory" in err
    args = ["translate", "--engine", "upper", str(post), "--tm", str(blocker / "x.sqlite")]
    code, out, err = run_cli(monkeypatch, capsys, *args)
    assert code == 3 and out == "" and "translation memory" in one_line_error(err)


DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "jtrans-small-enja"


@pytest.mark.skipif(not (DEFAULT_MODEL / "model.bin").is_file(), reason="no default model")
def test_rerun_from_the_memory_never_loads_the_model(memory: TranslationMemory) -> None:
    text = "# Weekly picks\n\nA new model for speech.\n"
    first = api.build_pipeline(model=str(DEFAULT_MODEL), tm=memory)
    assert first.engine._translator is None  # loaded lazily
    done = first.translate(text)
    assert first.engine._translator is not None
    again = api.build_pipeline(model=str(DEFAULT_MODEL), tm=memory)
    assert again.translate(text).text == done.text
    assert again.engine._translator is None


def test_units_served_from_the_memory_need_no_glossary_work(memory: TranslationMemory) -> None:
    """Start-up time of a re-run: units the memory holds are not protected again, except
    those with a keep+gloss term (glossed on first use, so they depend on the document)."""

    class CountingGlossary(Glossary):
        protected: list[str] = []

        def protect(self, text, next_index, limit=40):  # noqa: ANN001
            type(self).protected.append(text)
            return super().protect(text, next_index, limit)

    entries = [
        Entry("inference", "推論", "translate"),
        Entry("Mixture of Experts", "混合エキスパート", "keep+gloss"),
    ]
    text = "Fast inference.\n\nUses Mixture of Experts.\n\nMore Mixture of Experts here.\n"

    class UpperJa(CountingUpper):
        target_lang = "ja"  # glossary protection runs for Japanese engines only

    first = Pipeline(UpperJa(), glossary=CountingGlossary(entries), tm=memory).translate(text)
    assert any("inference" in t for t in CountingGlossary.protected)
    CountingGlossary.protected = []
    engine = UpperJa()
    again = Pipeline(engine, glossary=CountingGlossary(entries), tm=memory).translate(text)
    assert again.text == first.text and "推論" in again.text
    assert engine.seen == ["More ⟦0⟧ here."]  # a later keep+gloss mention is never memorised
    assert not any("inference" in t for t in CountingGlossary.protected)
    assert any("Mixture" in t for t in CountingGlossary.protected)  # keep+gloss: looked at
