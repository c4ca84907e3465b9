"""Glossary files: TSV reading/writing, TBX and CSV exchange (lossless round trips), layered
loading, and validated atomic edits that never corrupt a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtrans.glossary import Entry, GlossaryError, edit, load
from jtrans.glossary.csvio import export_csv, import_csv
from jtrans.glossary.io import format_tsv, read_entries
from jtrans.glossary.tbx import export_tbx, import_tbx

REPO_GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
HEADER = "term\tja\tpolicy\tforbidden\tvariants\tpos\tnote\tsource\n"


def shipped() -> list[Entry]:
    return [e.with_origin(None, 0) for e in load([REPO_GLOSSARY])]


def test_shipped_glossary_round_trips_through_tbx() -> None:
    entries = shipped()
    assert len(entries) >= 500
    back = import_tbx(export_tbx(entries))
    assert back == entries  # every field: term, ja, policy, forbidden, variants, pos, note, source


def test_tbx_marks_forbidden_renderings_deprecated() -> None:
    data = export_tbx([Entry("Transformer", policy="keep", forbidden=("トランス",))]).decode()
    assert "deprecatedTerm-admn-sts" in data and "トランス" in data
    assert '<note from="policy">keep</note>' in data


def test_foreign_tbx_without_policy(tmp_path: Path) -> None:
    data = export_tbx([Entry("agent", "エージェント"), Entry("LLM", policy="keep")])
    data = data.replace(b'<note from="policy">translate</note>', b"")
    data = data.replace(b'<note from="policy">keep</note>', b"")
    assert import_tbx(data) == [Entry("agent", "エージェント"), Entry("LLM", policy="keep")]


def test_bad_tbx_is_a_glossary_error() -> None:
    with pytest.raises(GlossaryError, match="not a TBX file"):
        import_tbx(b"<html>nope", "x.tbx")


def test_shipped_glossary_round_trips_through_csv() -> None:
    entries = shipped()
    assert import_csv(export_csv(entries)) == entries


def test_csv_accepts_cat_tool_headers() -> None:
    text = "English,Japanese\nagent,エージェント\nLLM,\n"
    assert import_csv(text) == [Entry("agent", "エージェント"), Entry("LLM", policy="keep")]
    with pytest.raises(GlossaryError, match=r"x\.csv:3: unknown policy"):
        import_csv("term,ja,policy\na,b,translate\nc,d,nope\n", "x.csv")


def test_tsv_is_written_sorted_with_header() -> None:
    text = format_tsv([Entry("token", "トークン"), Entry("Agent", "エージェント")])
    lines = text.splitlines()
    assert lines[0] == HEADER.strip("\n")
    assert [line.split("\t")[0] for line in lines[1:]] == ["Agent", "token"]


def test_read_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "agent\tエージェント\ttranslate\nx\t\tmaybe\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.tsv:3: unknown policy 'maybe'"):
        read_entries(path)


def test_layers_later_wins_and_overrides_are_reported(tmp_path: Path) -> None:
    team = tmp_path / "team.tsv"
    team.write_text(HEADER + "agent\tエージェント型システム\ttranslate\n", encoding="utf-8")
    g = load([REPO_GLOSSARY, team])
    assert g.get("agent").ja == "エージェント型システム"
    (override,) = [o for o in g.overrides if o.new.term == "agent"]
    assert override.conflicting and not override.same_layer
    assert "team.tsv:2" in override.message()


def write(path: Path, *rows: str) -> None:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_add_keeps_the_file_sorted_and_valid(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    write(path, "agent\tエージェント\ttranslate\t\t\t\t\t", "token\tトークン\ttranslate\t\t\t\t\t")
    assert edit.add(path, Entry("reward", "報酬", pos="noun")) == "added"
    assert [e.term for e in read_entries(path)] == ["agent", "reward", "token"]
    assert edit.add(path, Entry("reward", "報酬", pos="noun")) == "unchanged"
    with pytest.raises(GlossaryError, match="already in the glossary"):
        edit.add(path, Entry("reward", "リワード"))
    assert edit.add(path, Entry("reward", "リワード"), replace=True) == "replaced"
    assert [e.ja for e in read_entries(path)] == ["エージェント", "リワード", "トークン"]


def test_invalid_edits_leave_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    write(path, "Transformer\t\tkeep\tトランス\t\tnoun\t\t")
    before = path.read_bytes()
    bad = [
        Entry("transformer block", "トランス"),  # a forbidden rendering of another term
        Entry("ＬＬＭ", policy="keep"),  # full-width
        Entry("agent", "ｴｰｼﾞｪﾝﾄ"),  # half-width katakana
        Entry("agent ", "エージェント"),  # stray whitespace
    ]
    for entry in bad:
        with pytest.raises(GlossaryError, match="refusing to write"):
            edit.add(path, entry)
        assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*tmp"))  # no temporary files left behind


def test_add_checks_sibling_files(tmp_path: Path) -> None:
    write(tmp_path / "acronyms.tsv", "LLM\t\tkeep\t\t\tacronym\t\t")
    with pytest.raises(GlossaryError, match="conflicting rendering for 'LLM'"):
        edit.add(tmp_path / "terms.tsv", Entry("LLM", "大規模言語モデル"))
    assert not (tmp_path / "terms.tsv").exists()


def test_remove(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    write(path, "agent\tエージェント\ttranslate\t\t\t\t\t", "token\tトークン\ttranslate\t\t\t\t\t")
    assert edit.remove(path, "agent").ja == "エージェント"
    assert [e.term for e in read_entries(path)] == ["token"]
    with pytest.raises(GlossaryError, match="not in this file"):
        edit.remove(path, "agent")


def test_merge_and_replace(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    write(path, "agent\tエージェント\ttranslate\t\t\t\t\t", "token\tトークン\ttranslate\t\t\t\t\t")
    incoming = [
        Entry("token", "トークン"),
        Entry("agent", "エージェント型"),
        Entry("reward", "報酬"),
    ]
    result = edit.merge(path, incoming)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 1)
    assert {e.term: e.ja for e in read_entries(path)} == {
        "agent": "エージェント型",
        "reward": "報酬",
        "token": "トークン",
    }
    result = edit.merge(path, [Entry("token", "トークン")], replace_all=True)
    assert (result.unchanged, result.removed) == (1, 2)
    assert [e.term for e in read_entries(path)] == ["token"]


def test_other_tsv_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "data.tsv").write_text("English sentence\tJapanese sentence\n", encoding="utf-8")
    path = tmp_path / "team.tsv"
    assert edit.add(path, Entry("agent", "エージェント")) == "added"
    assert [e.term for e in read_entries(path)] == ["agent"]


def test_tabs_and_newlines_inside_fields_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "team.tsv"
    for entry in (Entry("a\tb", "x"), Entry("agent", "エージェント", note="one\ntwo")):
        with pytest.raises(GlossaryError, match="tab or newline"):
            edit.add(path, entry)
    assert not path.exists()


def test_malformed_csv_is_an_error_with_its_line() -> None:
    import pytest

    from jtrans.glossary import GlossaryError
    from jtrans.glossary.csvio import import_csv

    with pytest.raises(GlossaryError, match=r"malformed CSV"):
        import_csv('term,ja\n"unterminated,x\n', "bad.csv")
