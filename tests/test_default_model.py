"""The bundled default model, end to end: real Japanese out, every non-text byte intact.

These run the committed CTranslate2 model on CPU (a few seconds per post). The real-week tests
need ../shared and skip without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jtrans import api
from jtrans.glossary import load
from jtrans.metrics.markup import compare_documents
from jtrans.models import ModelError, resolve
from jtrans.placeholders import PLACEHOLDER_RE
from jtrans.protect import protect_unit
from jtrans.segment import segment

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DIGEST = SHARED / "digests" / "ml-papers-of-the-week.md"
JA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
URL = re.compile(r"https?://[^\s)>\]]+")

try:
    MODEL = resolve("default")
except ModelError:  # pragma: no cover - the default model is committed
    MODEL = None

pytestmark = [
    pytest.mark.skipif(MODEL is None, reason="no default model under models/"),
    pytest.mark.slow,  # the default model, end to end
]


def week(title_fragment: str) -> str:
    text = DIGEST.read_text(encoding="utf-8")
    start = text.index(f"## Top ML Papers of the Week ({title_fragment}")
    end = text.index("\n## ", start + 1)
    return text[start : end + 1]


def description_cells(source: str, output: str) -> list[str]:
    """The output's table cells that hold a paper description in the source (not the header
    or the link cells)."""
    src = [u for u in segment(source) if u.kind == "table-cell"]
    out = [u for u in segment(output) if u.kind == "table-cell"]
    assert len(src) == len(out)
    return [
        o.source_text()
        for s, o in zip(src, out, strict=True)
        if len(PLACEHOLDER_RE.sub("", protect_unit(s.text).text)) > 60
    ]


def check_structure(source: str, output: str) -> None:
    assert sorted(URL.findall(output)) == sorted(URL.findall(source))
    src_lines, out_lines = source.splitlines(), output.splitlines()
    assert len(out_lines) == len(src_lines)
    for s, o in zip(src_lines, out_lines, strict=True):
        assert o.count("|") == s.count("|"), (s, o)
        if set(s.strip()) <= set("|-: "):
            assert o == s  # alignment rows and blank lines byte-identical
    assert compare_documents(output, source) == []


def test_example_post_translates_to_japanese_with_structure_intact() -> None:
    source = (REPO / "examples" / "post.md").read_text(encoding="utf-8")
    output = api.text(source, start=REPO)
    check_structure(source, output)
    descriptions = description_cells(source, output)
    assert descriptions and all(JA.search(d) for d in descriptions)


@pytest.mark.skipif(not DIGEST.exists(), reason="needs ../shared/digests (not in a fresh clone)")
def test_real_week_every_description_japanese_terms_enforced() -> None:
    source = week("July 31 - August 6")
    output = api.text(source, start=REPO)
    check_structure(source, output)
    descriptions = description_cells(source, output)
    assert len(descriptions) == 10
    assert all(JA.search(d) for d in descriptions)
    report = load().check(source, output)
    assert report.forbidden == []
    assert report.accuracy >= 0.95, report.missing


@pytest.mark.skipif(
    not (SHARED / "eval" / "digest-dev.tsv").exists(),
    reason="needs ../shared/eval (not in a fresh clone)",
)
def test_model_card_dev_scores_reproduce() -> None:
    import json

    from jtrans.train.evaluate import score_pinned

    card = json.loads((MODEL / "model.json").read_text(encoding="utf-8"))
    reproduce = card["scores"]["reproduce"]
    stated, tolerance = reproduce["digest-dev"], reproduce["tolerance"]
    # the card's numbers are measured in float32 on one thread with CTranslate2's portable
    # kernels pinned (CT2_FORCE_CPU_ISA=GENERIC): the default int8 kernels differ by CPU, even
    # pinned (35.40 on an AMD EPYC, 35.84 on an Intel Xeon for the session-6 model)
    assert reproduce["engine"] == {"compute_type": "float32", "threads": 1}
    measured = score_pinned(SHARED / "eval" / "digest-dev.tsv", MODEL)
    assert measured["bleu"] == pytest.approx(stated["bleu"], abs=tolerance)
    assert measured["chrf"] == pytest.approx(stated["chrf"], abs=tolerance)
    # and the default int8 kernels stay close to it: 19 abstracts, and the consensus of the
    # 8-best (jtrans.mbr) can pick another hypothesis when a score moves in the last digits
    # (session 8: float32 40.43, int8 41.11 on an Intel Xeon)
    assert measured["bleu"] == pytest.approx(card["scores"]["digest-dev"]["bleu"], abs=1.0)
