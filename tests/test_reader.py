"""The input reader: one error type that says where (path, line, byte offset), one BOM rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtrans import api, reader


def test_a_bad_byte_is_reported_with_its_path_line_and_offset(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"# Title\n\nfine line\nbad \xff byte\n")
    with pytest.raises(reader.InputError) as caught:
        reader.read_text(post)
    err = caught.value
    offset = post.read_bytes().index(b"\xff")
    assert (err.path, err.line, err.offset) == (str(post), 4, offset)
    assert str(err) == (
        f"{post} is not UTF-8 text (byte {offset}: 0xff); pass --encoding ENC if it uses "
        "another encoding"
    )


def test_nul_bytes_and_utf16_are_located_too(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"ab\ncd\0ef")
    with pytest.raises(reader.InputError) as caught:
        reader.read_text(binary)
    assert (caught.value.line, caught.value.offset) == (2, 5)
    wide = tmp_path / "wide.md"
    wide.write_bytes("# Hi\n".encode("utf-16"))
    with pytest.raises(reader.InputError) as caught:
        reader.read_text(wide)
    assert "UTF-16" in str(caught.value) and caught.value.offset == 0


def test_other_encodings_and_missing_files(tmp_path: Path) -> None:
    post = tmp_path / "sjis.md"
    post.write_bytes("モデル\n".encode("cp932"))
    assert reader.read_text(post, "cp932") == "モデル\n"
    with pytest.raises(reader.EncodingError):
        reader.read_text(post, "rot13")
    with pytest.raises(reader.InputError) as caught:
        reader.read_text(tmp_path / "nope.md")
    assert str(caught.value).endswith("no such file") and caught.value.line is None


def test_the_bom_rule_and_the_api_names_are_the_reader() -> None:
    assert reader.strip_bom("\ufeff# A\n") == "# A\n"
    assert reader.strip_bom("# A\n\ufeff") == "# A\n\ufeff"  # only a leading one
    assert api.InputError is reader.InputError and api.read_text is reader.read_text
    assert api.text("\ufeffHello.\n", engine="identity") == "\ufeffHello.\n"  # kept, as read


def test_score_and_glossary_files_are_decoded_by_the_reader(tmp_path: Path) -> None:
    """The score inputs and glossary files go through reader.decode: the same message with the
    byte offset, a line number for the glossary, and the BOM and CRLF handled the same way."""
    from jtrans import score
    from jtrans.glossary import GlossaryError
    from jtrans.glossary.io import read_entries

    hyp = tmp_path / "hyp.txt"
    hyp.write_bytes(b"ok\nbad \xe9\n")
    with pytest.raises(score.ScoreError) as caught:
        score.read_text(hyp)
    with pytest.raises(reader.InputError) as direct:
        reader.read_text(hyp)
    assert str(caught.value) == str(direct.value)
    hyp.write_bytes("\ufeffモデル\r\nです\r\n".encode())
    assert score.read_text(hyp) == "モデル\nです\n"
    terms = tmp_path / "terms.tsv"
    terms.write_bytes(b"term\tja\tpolicy\nok\t\xe3\x81\x82\ttranslate\ncaf\xe9\tx\tkeep\n")
    with pytest.raises(GlossaryError) as bad:
        read_entries(terms)
    offset = terms.read_bytes().index(b"\xe9")
    assert str(bad.value) == (
        f"{terms}:3: not UTF-8 text (byte {offset}: 0xe9); save the file as UTF-8"
    )
    terms.write_bytes("\ufeffterm\tja\tpolicy\r\nagent\tエージェント\ttranslate\r\n".encode())
    assert [e.term for e in read_entries(terms)] == ["agent"]
