"""Review round trip: ``jtrans export`` to PO/XLIFF, a reviewer edits entries, ``jtrans import``
rebuilds the Japanese post and stores the reviewed entries in the translation memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import one_line_error, run_cli
from translate.storage import po, xliff

from jtrans import api, formats, review, tm
from jtrans.markdown_guard import escape_line_start
from jtrans.segment import segment

POST = """\
---
title: keep me
---
# Weekly notes

The first paper studies agents.

| **Paper** | **Links** |
| --- | --- |
| Same cell | [Paper](https://a.b/1) |
| Same cell | [Paper](https://a.b/2) |

- a list item with `code`
"""


@pytest.fixture
def post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JTRANS_TM", str(tmp_path / "tm.sqlite"))
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    return path


def _review_po(path: Path, edits: dict[str, str]) -> None:
    """What a reviewer's PO editor does: new msgstr, fuzzy flag removed."""
    store = po.pofile.parsestring(path.read_bytes())
    for unit in store.units:
        if unit.getcontext() in edits:
            unit.target = edits[unit.getcontext()]
            unit.markfuzzy(False)
    path.write_bytes(bytes(store))


def _context(unit_text: str, source: str = POST) -> str:
    [unit] = [u for u in segment(source) if u.text == unit_text][:1]
    return f"unit {unit.id}"


def test_po_round_trip_edits_reach_post_and_memory(post, tmp_path, monkeypatch, capsys):
    out_po = tmp_path / "post.po"
    code, _, err = run_cli(
        monkeypatch, capsys, "export", str(post), "--to", "po", "-o", str(out_po),
        "--engine", "upper",
    )  # fmt: skip
    assert code == 0, err
    store = po.pofile.parsestring(out_po.read_bytes())
    entries = [u for u in store.units if not u.isheader()]
    # one fuzzy entry per translatable unit (link-only cells stay English by the repo's
    # config), pre-filled with the engine's output
    translatable = [p.unit.text for p in api.build_pipeline(engine="upper").prepare(POST)]
    assert [u.source for u in entries] == [t for t in translatable if not t.startswith("[")]
    assert all(u.isfuzzy() for u in entries)
    assert [u.target for u in entries] == [
        "WEEKLY NOTES", "THE FIRST PAPER STUDIES AGENTS.", "**PAPER**", "**LINKS**",
        "SAME CELL", "SAME CELL", "A LIST ITEM WITH `code`",
    ]  # fmt: skip
    assert entries[0].getlocations() == ["post.md:4"]
    # the two identical cells stay two entries
    assert [u.source for u in entries].count("Same cell") == 2

    first = _context("The first paper studies agents.")
    cells = [f"unit {u.id}" for u in segment(POST) if u.text == "Same cell"]
    _review_po(out_po, {first: "最初の論文はエージェントを研究します。", cells[1]: "同じセル"})

    ja = tmp_path / "post.ja.md"
    code, _, err = run_cli(
        monkeypatch, capsys, "import", str(post), str(out_po), "-o", str(ja), "--engine", "upper"
    )
    assert code == 0, err
    assert "2 reviewed (2 stored in the memory)" in err
    text = ja.read_text(encoding="utf-8")
    assert "最初の論文はエージェントを研究します。" in text
    assert "| SAME CELL | [Paper](https://a.b/1) |" in text  # unreviewed: the MT draft
    assert "| 同じセル | [Paper](https://a.b/2) |" in text
    assert text.startswith("---\ntitle: keep me\n---\n# WEEKLY NOTES\n")
    assert "- A LIST ITEM WITH `code`" in text
    assert post.read_text(encoding="utf-8") == POST  # the English post is untouched

    with tm.TranslationMemory(tmp_path / "tm.sqlite") as memory:
        context = tm.context_id(api.build_pipeline(engine="upper"))
        found = memory.get_many(["The first paper studies agents.", "Same cell"], context)
        human = sorted(memory.entries(origin="human"))
    assert found == {
        "The first paper studies agents.": "最初の論文はエージェントを研究します。",
        "Same cell": "同じセル",
    }
    first_ja = "最初の論文はエージェントを研究します。"
    # the next translation of the post reuses the reviewed units from the memory
    code, again, _ = run_cli(monkeypatch, capsys, "translate", str(post), "--engine", "upper")
    assert code == 0 and first_ja in again and "| 同じセル |" in again
    assert human == [
        ("Same cell", "同じセル", context, "human"),
        ("The first paper studies agents.", first_ja, context, "human"),
    ]

    # the next export starts from the memory: reviewed units go out reviewed (not fuzzy)
    again_po = tmp_path / "again.po"
    code, _, err = run_cli(
        monkeypatch, capsys, "export", str(post), "-o", str(again_po), "--engine", "upper"
    )
    assert code == 0, err
    entries = [u for u in po.pofile.parsestring(again_po.read_bytes()).units if not u.isheader()]
    reviewed = {(u.source, u.target) for u in entries if not u.isfuzzy()}
    assert reviewed == {("The first paper studies agents.", first_ja), ("Same cell", "同じセル")}
    assert all("reviewed (translation memory)" in u.getnotes() for u in entries if not u.isfuzzy())
    # the memory is keyed on the English: both "Same cell" cells get the reviewed rendering
    assert sum(not u.isfuzzy() for u in entries) == 3
    # --no-tm: everything is machine output again
    code, out, _ = run_cli(monkeypatch, capsys, "export", str(post), "--engine", "upper", "--no-tm")
    assert code == 0 and first_ja not in out and "#, fuzzy" in out


def test_xliff_round_trip(post, tmp_path, monkeypatch, capsys):
    out = tmp_path / "post.xlf"
    code, _, err = run_cli(
        monkeypatch, capsys, "export", str(post), "-o", str(out), "--engine", "upper", "--no-tm"
    )
    assert code == 0, err
    store = xliff.xlifffile.parsestring(out.read_bytes())
    units = list(store.units)
    assert all(u.isfuzzy() for u in units)
    target_id = next(u.id for u in segment(POST) if u.text == "Weekly notes")
    for unit in units:
        if unit.xmlelement.get("id") == str(target_id):
            unit.target = "週次ノート"
            unit.markfuzzy(False)
    out.write_bytes(bytes(store))
    code, stdout, err = run_cli(
        monkeypatch, capsys, "import", str(post), str(out), "--engine", "upper", "--no-tm"
    )
    assert code == 0, err
    assert stdout.startswith("---\ntitle: keep me\n---\n# 週次ノート\n")
    assert "memory not updated" in err
    assert not (tmp_path / "tm.sqlite").exists()


def test_stale_review_file_is_refused(post, tmp_path, monkeypatch, capsys):
    segs = [formats.Segment(1, 4, "Old heading text", "古い見出し", fuzzy=False)]
    reviewed = tmp_path / "old.po"
    reviewed.write_bytes(formats.get("po").dump(segs, "post.md"))
    ja = tmp_path / "post.ja.md"
    code, _, err = run_cli(monkeypatch, capsys, "import", str(post), str(reviewed), "-o", str(ja))
    assert code == 3
    assert "line 4" in one_line_error(err) and "Old heading text" in err
    assert not ja.exists()


def test_not_a_review_file(post, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "import", str(post), str(bad))
    assert code == 3 and "not a PO or XLIFF file" in one_line_error(err)


def test_apply_keeps_empty_entries_english_and_fuzzy_out_of_memory():
    units = segment(POST)
    segs = [  # translations that keep each unit's markup (links, code, bold)
        formats.Segment(u.id, u.line, u.text, "" if i == 0 else f"訳{i} {u.text}", fuzzy=i != 1)
        for i, u in enumerate(units)
    ]
    applied = review.apply(POST, segs)
    assert applied.empty == 1 and applied.fuzzy == len(units) - 2
    assert applied.reviewed == [(units[1].text, f"訳1 {units[1].text}")]
    assert applied.warnings == [] and applied.fallbacks == 0
    assert "# Weekly notes\n" in applied.text and "訳1" in applied.text
    # the structure outside the units is byte-exact
    assert [u.kind for u in segment(applied.text)] == [u.kind for u in units]


def test_exported_notes_mark_flags_for_cat_tools():
    from test_bilingual import POST as FLAGGED
    from test_bilingual import FakeJa

    result = api.translate(FLAGGED, engine=FakeJa())
    segs = review.export_segments(result)
    notes = {s.source: s.notes for s in segs}
    code_unit = "We study fine-tuning with [code](https://github.com/x/y) in detail."
    assert any(n.startswith("⚠ dropped placeholder: ") for n in notes[code_unit])
    assert "glossary: fine-tuning → ファインチューニング" in notes[code_unit]
    assert not any("**" in n for ns in notes.values() for n in ns)
    data = formats.get("po").dump(segs, "post.md")
    [entry] = [u for u in po.pofile.parsestring(data).units if u.source == code_unit]
    assert "⚠ dropped placeholder" in entry.getnotes("developer")


def test_import_warns_about_a_url_the_reviewer_broke(post, tmp_path, monkeypatch, capsys):
    units = {u.text: u for u in segment(POST)}
    first = units["The first paper studies agents."]
    segs = [
        formats.Segment(
            first.id, first.line, first.text, "[論文](https://wrong.example)です。", False
        )
    ]
    reviewed = tmp_path / "r.po"
    reviewed.write_bytes(formats.get("po").dump(segs, "post.md"))
    code, out, err = run_cli(monkeypatch, capsys, "import", str(post), str(reviewed), "--no-tm")
    assert code == 0 and "[論文](https://wrong.example)です。" in out
    assert f"jtrans: warning: line {first.line}: markup: url extra: https://wrong.example" in err
    assert "warning: line" in err and ": error: " not in err  # one severity word, not two


def test_import_never_writes_over_its_inputs(post, tmp_path, monkeypatch, capsys):
    reviewed = tmp_path / "post.po"
    assert run_cli(monkeypatch, capsys, "export", str(post), "-o", str(reviewed),
                   "--engine", "upper", "--no-tm")[0] == 0  # fmt: skip
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for target in (reviewed, post):  # the reviewer's file and the English post are inputs
        code, out, err = run_cli(
            monkeypatch, capsys, "import", str(post), str(reviewed), "-o", str(target),
            "--engine", "upper", "--no-tm",
        )  # fmt: skip
        line = one_line_error(err)
        assert code == 2 and "is the input file" in line and "--in-place" not in line
    code, _, err = run_cli(
        monkeypatch, capsys, "export", str(post), "-o", str(post), "--engine", "upper"
    )
    assert code == 2 and "--in-place" not in one_line_error(err)  # export has no --in-place
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_export_and_import_take_encoding(tmp_path, monkeypatch, capsys):
    post = tmp_path / "latin.md"
    post.write_bytes("# Café\n\nNaïve text.\n".encode("latin-1"))
    out = tmp_path / "latin.po"
    args = ["--engine", "upper", "--no-tm"]
    code, _, err = run_cli(monkeypatch, capsys, "export", str(post), "-o", str(out), *args)
    assert code == 3 and "(byte 5: 0xe9)" in one_line_error(err) and not out.exists()
    code, _, err = run_cli(
        monkeypatch, capsys, "export", str(post), "-o", str(out), *args, "--encoding", "latin-1"
    )
    assert code == 0 and 'msgid "Café"' in out.read_text(encoding="utf-8"), err
    code, ja, err = run_cli(
        monkeypatch, capsys, "import", str(post), str(out), *args, "--encoding", "latin-1"
    )
    assert code == 0 and ja == "# CAFÉ\n\nNAÏVE TEXT.\n", err


# -- imported translations pass the Markdown guard (issue 16) ----------------------------------

LINKED = "# Weekly notes\n\nSee [the paper](https://a.org) now.\n\nMinus five degrees.\n"


def _one(source: str, english: str, target: str, fuzzy: bool = False) -> review.Applied:
    [unit] = [u for u in segment(source) if u.text == english]
    return review.apply(source, [formats.Segment(unit.id, unit.line, english, target, fuzzy)])


@pytest.mark.parametrize("target", ["# 五度", "- 五度", "1. 五度", "> 五度", "---", "`五`度"])
def test_an_imported_translation_starting_with_a_block_marker_is_escaped(target: str) -> None:
    from hostile_markdown import changed

    applied = _one(LINKED, "Minus five degrees.", target)
    assert changed(LINKED, applied.text) == []
    escaped = escape_line_start(target) if target[0] != "`" else "\\" + target
    assert escaped != target and escaped in applied.text  # the words kept, the marker escaped
    assert applied.reviewed == [("Minus five degrees.", escaped)]  # as published
    [warning] = applied.warnings
    assert warning.startswith("line 5: markdown: the translation would change the Markdown (")
    assert warning.endswith("); escaped")


def test_an_imported_translation_that_breaks_a_link_stays_english() -> None:
    from hostile_markdown import changed

    applied = _one(LINKED, "See [the paper](https://a.org) now.", "[論文]を今すぐ見る。")
    assert changed(LINKED, applied.text) == []
    assert "〔未翻訳〕See [the paper](https://a.org) now.\n" in applied.text
    assert applied.reviewed == [] and applied.fallbacks == 1  # nothing broken is memorised
    [warning] = applied.warnings
    assert warning.startswith("line 3: markdown: the translation changed the Markdown (")
    assert "loses a link 'https://a.org'" in warning and warning.endswith("kept the English")


def test_import_reports_the_markdown_fallback(tmp_path, monkeypatch, capsys) -> None:
    post = tmp_path / "post.md"
    post.write_text(LINKED, encoding="utf-8")
    [unit] = [u for u in segment(LINKED) if u.text.startswith("See ")]
    reviewed = tmp_path / "r.po"
    segs = [formats.Segment(unit.id, unit.line, unit.text, "- [論文]を見る。", False)]
    reviewed.write_bytes(formats.get("po").dump(segs, "post.md"))
    code, out, err = run_cli(monkeypatch, capsys, "import", str(post), str(reviewed), "--no-tm")
    assert code == 0 and out == LINKED.replace("See [", "〔未翻訳〕See [")
    assert "jtrans: warning: line 3: markdown: the translation changed the Markdown" in err
    assert "1 kept in English (they broke the Markdown)" in err


# -- a memory that cannot be written never costs the imported post (issue 16) -----------------


@pytest.fixture
def full_disk(monkeypatch):
    def full(self, *args, **kwargs):
        raise tm.TMError(f"cannot write translation memory {self.path}: database or disk is full")

    monkeypatch.setattr(tm.TranslationMemory, "put_many", full)


def _reviewed_first_unit(tmp_path: Path) -> Path:
    units = {u.text: u for u in segment(POST)}
    first = units["The first paper studies agents."]
    segs = [formats.Segment(first.id, first.line, first.text, "最初の論文。", False)]
    reviewed = tmp_path / "r.po"
    reviewed.write_bytes(formats.get("po").dump(segs, "post.md"))
    return reviewed


def test_import_with_an_explicit_memory_that_cannot_be_written_keeps_the_output(
    post, tmp_path, monkeypatch, capsys, full_disk
) -> None:
    reviewed, ja = _reviewed_first_unit(tmp_path), tmp_path / "post.ja.md"
    code, out, err = run_cli(
        monkeypatch, capsys, "import", str(post), str(reviewed), "-o", str(ja),
        "--engine", "upper", "--tm", str(tmp_path / "team.sqlite"), "-q",
    )  # fmt: skip
    assert code == 3 and out == ""
    line = one_line_error(err)
    assert line.startswith("jtrans: error: the translation is complete, but cannot write")
    assert "database or disk is full" in line and "(1 new unit(s) not stored)" in line
    assert ja.read_text(encoding="utf-8") == POST.replace(
        "The first paper studies agents.", "最初の論文。"
    )


def test_import_with_a_default_memory_that_cannot_be_written_only_warns(
    post, tmp_path, monkeypatch, capsys, full_disk
) -> None:
    reviewed = _reviewed_first_unit(tmp_path)
    code, out, err = run_cli(
        monkeypatch, capsys, "import", str(post), str(reviewed), "--engine", "upper"
    )
    assert code == 0 and "最初の論文。" in out
    assert "jtrans: warning: the translation is complete, but cannot write" in err
    assert "0 stored in the memory" in err
