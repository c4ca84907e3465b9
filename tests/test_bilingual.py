"""``jtrans translate --bilingual``: English and Japanese side by side, flags marked."""

from __future__ import annotations

from clirun import run_cli

from jtrans import api, bilingual
from jtrans.placeholders import PLACEHOLDER_RE
from jtrans.segment import segment

POST = """\
# Weekly notes

We study fine-tuning with [code](https://github.com/x/y) in detail.

The model loops forever and ever.

| **Paper** | **Links** |
| --- | --- |
| A \\| B method for agents | [Paper](https://a.b/1) |
"""


class FakeJa:
    """A Japanese "engine": drops placeholders of sentences about code, answers English to
    sentences about loops (the guard falls back to 〔未翻訳〕), else Japanese + placeholders."""

    name = "fake-ja"
    target_lang = "ja"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            marks = "".join(m.group(0) for m in PLACEHOLDER_RE.finditer(s))
            if "loops" in s:
                out.append(s)
            elif "code" in s:
                out.append("詳しく研究します。")
            else:
                out.append(f"{marks}について説明します。")
        return out


def _table_rows(doc: str) -> list[list[str]]:
    units = [u for u in segment(doc) if u.kind == "table-cell"]
    rows: dict[int, list[str]] = {}
    for u in units:
        rows.setdefault(u.line, []).append(u.text)
    # without the header row; an empty notes cell is no unit
    return [(r + [""] * 4)[:4] for r in list(rows.values())[1:]]


def test_rows_side_by_side_with_flags():
    result = api.translate(POST, engine=FakeJa())
    doc = bilingual.render(result, title="post.md")
    rows = _table_rows(doc)
    assert len(rows) == len(result.prepared)
    by_english = {r[1]: r for r in rows}
    # every source unit appears once in the English column, with its own line number
    for p in result.prepared:
        row = by_english[bilingual.cell(p.unit.text)]
        assert row[0] == str(p.unit.line)
        assert row[2] == bilingual.cell(result.unit_texts[p.unit.id])
    dropped = by_english["We study fine-tuning with [code](https://github.com/x/y) in detail."]
    assert "**dropped placeholder**" in dropped[3]
    # the note names what went missing (the table shows no placeholders) and the sentence
    assert "⟦" not in dropped[3]
    assert '"ファインチューニング"' in dropped[3] and '"](https://github.com/x/y)"' in dropped[3]
    assert '(in "We study fine-tuning with [code](https://github.com/x/y) in…")' in dropped[3]
    assert "glossary: fine-tuning → ファインチューニング" in dropped[3]
    looping = by_english["The model loops forever and ever."]
    assert looping[2].startswith("〔未翻訳〕")
    assert "**loop guard**" in looping[3] and "**untranslated**" in looping[3]
    assert "**untranslated**" not in by_english["Weekly notes"][3]
    # the escaped pipe of the source cell stays one cell
    assert by_english["A \\| B method for agents"][1] == "A \\| B method for agents"


def test_missing_term_marked():
    class Literal(FakeJa):
        def translate_batch(self, sentences: list[str]) -> list[str]:
            return ["エージェントについて。" for _ in sentences]

    post = "Agents use benchmarks.\n"
    result = api.translate(post, engine=Literal(), no_glossary=True)
    glossary = api.load_glossary(None, api.config_mod.Config())
    doc = bilingual.render(result, glossary)
    assert "**missing term**" in doc and "ベンチマーク" in doc


def test_cli_bilingual(tmp_path, monkeypatch, capsys):
    src = tmp_path / "post.md"
    src.write_text("# Hello | world\n\nSome text.\n", encoding="utf-8")
    code, out, _ = run_cli(monkeypatch, capsys, "translate", str(src), "--engine", "upper",
                           "--bilingual")  # fmt: skip
    assert code == 0
    rows = _table_rows(out)
    assert [r[:3] for r in rows] == [
        ["1", "Hello \\| world", "HELLO \\| WORLD"],
        ["3", "Some text.", "SOME TEXT."],
    ]
    assert not (tmp_path / "post.ja.md").exists()


def test_cli_bilingual_never_replaces_the_input(tmp_path, monkeypatch, capsys):
    src = tmp_path / "post.md"
    src.write_text("# Hello\n\nSome text.\n", encoding="utf-8")
    before = src.read_bytes()
    code, out, err = run_cli(
        monkeypatch, capsys, "translate", str(src), "--engine", "upper", "--bilingual",
        "--in-place",
    )  # fmt: skip
    assert code == 2 and out == "" and "--bilingual" in err and "--in-place" in err
    assert src.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["post.md"]
