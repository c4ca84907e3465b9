"""Low-confidence sentences reach the reviewer: bilingual notes, PO (fuzzy + translator
comment), XLIFF (state), the translate report and ``jtrans qa``."""

from __future__ import annotations

from fake_engines import Scored

from jtrans import api, bilingual, confidence, formats, qa, review

SOURCE = "Fast decoding for everyone.\n\nThe method does not scale.\n"
ENGINE = Scored(
    {
        "Fast": ("誰でも使える高速なデコーディング。", -0.1),
        "method": ("その手法はスケールします。", -0.3),
    }
)


def translated():
    return api.translate(SOURCE, engine=ENGINE, no_glossary=True)


def test_low_confidence_is_flagged_with_its_reasons() -> None:
    result = translated()
    first, second = result.sentences
    assert first.confidence is not None and first.confidence >= confidence.LOW
    assert second.confidence is not None and second.confidence < confidence.LOW
    flags = [f for f in result.flags if f.rule == "low-confidence"]
    assert [f.line for f in flags] == [3]
    assert "negation 'not' not translated" in flags[0].message
    notes = bilingual.notes(result)
    assert any(n.startswith("**low confidence**") for n in notes[flags[0].unit])
    assert not any("low confidence" in n for n in notes[result.prepared[0].unit.id])
    assert "low confidence" in bilingual.render(result)


def test_po_marks_low_confidence_units_fuzzy_with_a_translator_comment() -> None:
    segments = review.export_segments(translated())
    assert [s.low_confidence for s in segments] == [False, True]
    assert segments[1].confidence is not None and segments[1].confidence < confidence.LOW
    data = formats.get("po").dump(segments, "post.md").decode()
    entry = data[data.index("The method") - 200 :]
    assert "# low confidence 0." in entry and "#, fuzzy" in entry
    first = data[data.index('msgctxt "unit 1"') - 300 : data.index("Fast decoding")]
    assert "# low confidence" not in first
    back = formats.get("po").load(data.encode())
    assert [s.fuzzy for s in back] == [True, True]


def test_xliff_gives_low_confidence_units_the_needs_translation_state() -> None:
    segments = review.export_segments(translated())
    data = formats.get("xliff").dump(segments, "post.md").decode()
    assert data.count('state="needs-translation"') == 1
    assert data.count('state="needs-review-translation"') == 1
    assert "low confidence 0." in data
    back = formats.get("xliff").load(data.encode())
    assert [s.fuzzy for s in back] == [True, True]  # neither counts as reviewed


def test_qa_warns_about_units_to_read_against_the_english() -> None:
    bad = qa.check("The method does not scale.\n", "その手法はスケールします。\n")
    assert [(i.check, i.severity) for i in bad.issues] == [("confidence", qa.WARNING)]
    assert "negation 'not'" in bad.issues[0].message
    loop = qa.check("Distributed training.\n", "分散分散学習。\n")
    assert [i.check for i in loop.issues] == ["confidence"] and "'分散'" in loop.issues[0].message
    good = qa.check("The method does not scale.\n", "その手法はスケールしません。\n")
    assert good.issues == [] and good.to_dict()["by_check"]["confidence"] == 0
