"""XLIFF 1.1 for review: one ``trans-unit`` per unit (translate-toolkit's ``xliff`` storage).

The ``id`` is the unit id, a ``line N`` developer note gives the source line, further notes
carry flags and glossary hits. Machine output is pre-filled in ``<target>`` with
``approved="no"`` and ``state="needs-review-translation"``; a CAT tool marks reviewed units
``approved="yes"`` (or a final state), which ``load`` reads back as not fuzzy. A unit with a
low-confidence sentence gets ``state="needs-translation"`` instead (the MT is only a draft) and
a note saying so.
"""

from __future__ import annotations

import re

from translate.storage import xliff

from jtrans.formats import FormatError, Segment

_LINE_RE = re.compile(r"^line (\d+)$", re.MULTILINE)


def dump(segments: list[Segment], filename: str) -> bytes:
    """An XLIFF file (UTF-8) for ``segments`` of the post ``filename``."""
    store: xliff.xlifffile = xliff.xlifffile(sourcelanguage="en", targetlanguage="ja")
    store.setfilename(store.getfilenode("NoName"), filename)  # the one <file> element
    for seg in segments:
        unit = store.addsourceunit(seg.source, filename=filename)
        unit.setid(str(seg.id))
        unit.addnote(f"line {seg.line}", origin="developer")
        for note in seg.notes:
            unit.addnote(note, origin="developer")
        unit.target = seg.target
        if seg.target and seg.low_confidence:
            from jtrans.formats.po import low_confidence_comment

            unit.addnote(low_confidence_comment(seg), origin="translator")
            unit.set_state_n(unit.S_NEEDS_TRANSLATION)
            unit.markapproved(False)
        elif seg.target and seg.fuzzy:
            unit.set_state_n(unit.S_NEEDS_REVIEW)
            unit.markapproved(False)
        elif seg.target:
            unit.markfuzzy(False)
    return bytes(store)


def load(data: bytes, name: str = "XLIFF file") -> list[Segment]:
    """The segments of a reviewed XLIFF file."""
    try:
        store = xliff.xlifffile.parsestring(data)
    except Exception as exc:  # lxml's XMLSyntaxError, ValueError
        raise FormatError(f"{name}: not a readable XLIFF file ({_first_line(exc)})") from None
    out = []
    for unit in store.units:
        if unit.isheader():
            continue
        raw_id = str(unit.xmlelement.get("id") or "")
        line = _LINE_RE.search(unit.getnotes("developer") or "")
        out.append(
            Segment(
                id=int(raw_id) if raw_id.isdigit() else -1,
                line=int(line.group(1)) if line else 0,
                source=unit.source or "",
                target=unit.target or "",
                fuzzy=not _reviewed(unit),
            )
        )
    return out


def _reviewed(unit: xliff.xliffunit) -> bool:
    return bool(unit.target) and (unit.isapproved() or unit.get_state_n() >= unit.S_UNREVIEWED)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
