"""Gettext PO for review: one entry per unit (translate-toolkit's ``po`` storage).

``msgctxt`` is ``unit N`` (the unit id, so equal English in two units stays two entries), the
reference comment is ``post.md:LINE``, extracted comments (``#.``) carry flags and glossary
hits, and machine output is pre-filled in ``msgstr`` marked ``#, fuzzy``. A reviewer edits
``msgstr`` and removes the fuzzy flag; ``load`` reads that back. A unit with a low-confidence
sentence is always fuzzy and gets a translator comment (``# low confidence 0.21: …``).
"""

from __future__ import annotations

import re

from translate.storage import po

from jtrans.formats import FormatError, Segment

_CONTEXT_RE = re.compile(r"^unit (\d+)$")
_LOCATION_RE = re.compile(r":(\d+)$")


def dump(segments: list[Segment], filename: str) -> bytes:
    """A PO file (UTF-8) for ``segments`` of the post ``filename``."""
    store = po.pofile()
    store.updateheader(
        add=True,
        Content_Type="text/plain; charset=UTF-8",
        Language="ja",
        Project_Id_Version=filename,
        X_Source_Language="en",
    )
    for seg in segments:
        unit = store.addsourceunit(seg.source)
        unit.setcontext(f"unit {seg.id}")
        unit.addlocation(f"{filename}:{seg.line}")
        for note in seg.notes:
            unit.addnote(note, origin="developer")
        if seg.low_confidence and seg.target:
            unit.addnote(low_confidence_comment(seg), origin="translator")
        unit.target = seg.target
        unit.markfuzzy((seg.fuzzy or seg.low_confidence) and bool(seg.target))
    return bytes(store)


def load(data: bytes, name: str = "PO file") -> list[Segment]:
    """The segments of a reviewed PO file (the header entry and obsolete entries skipped)."""
    try:
        store = po.pofile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises ValueError and friends
        raise FormatError(f"{name}: not a readable PO file ({_first_line(exc)})") from None
    out = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        match = _CONTEXT_RE.match(unit.getcontext() or "")
        lines = [_LOCATION_RE.search(loc) for loc in unit.getlocations()]
        line = next((int(m.group(1)) for m in lines if m), 0)
        out.append(
            Segment(
                id=int(match.group(1)) if match else -1,
                line=line,
                source=unit.source or "",
                target=unit.target or "",
                fuzzy=unit.isfuzzy(),
            )
        )
    return out


def low_confidence_comment(seg: Segment) -> str:
    """The translator comment of a low-confidence unit."""
    value = f" {seg.confidence:.2f}" if seg.confidence is not None else ""
    return f"low confidence{value}: check the machine translation against the English"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
