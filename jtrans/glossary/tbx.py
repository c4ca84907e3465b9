"""TBX (TermBase eXchange) export and import through translate-toolkit, for CAT tools.

Mapping, lossless for jtrans glossaries: one ``termEntry`` per entry; the English langSet
holds the term then its variants; the Japanese langSet holds the rendering, then each
forbidden rendering marked ``administrativeStatus = deprecatedTerm-admn-sts``; the policy,
part of speech, note and source travel as ``<note from="policy">``, ``<termNote>``,
``<note from="translator">`` and ``<note from="source">``. Foreign TBX files without a policy
note import as ``translate`` when they have a Japanese term, else ``keep``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from translate.storage import tbx

from jtrans.glossary.model import KEEP, POLICIES, TRANSLATE, Entry, GlossaryError

DEPRECATED = "deprecatedTerm-admn-sts"


def export_tbx(entries: Iterable[Entry]) -> bytes:
    """Serialise ``entries`` as a TBX document (UTF-8 bytes)."""
    store = tbx.tbxfile(sourcelanguage="en", targetlanguage="ja")
    for number, entry in enumerate(entries, start=1):
        unit = store.addsourceunit(entry.term)
        unit.setid(f"t{number}")
        unit.set_source_terms([entry.term, *entry.variants], "en")
        targets = ([entry.ja] if entry.ja else []) + list(entry.forbidden)
        if targets:
            unit.set_target_terms(targets, "ja")
            lang = unit.target_dom
            tigs = lang.findall(unit.namespaced("tig"))
            for tig in tigs[len(targets) - len(entry.forbidden) :]:
                note = etree.SubElement(tig, unit.namespaced("termNote"))
                note.set("type", "administrativeStatus")
                note.text = DEPRECATED
        unit.addnote(entry.policy, origin="policy")
        if entry.pos:
            unit.addnote(entry.pos, origin="pos")
            unit.xmlelement.findall(unit.namespaced("termNote"))[-1].set("type", "partOfSpeech")
        if entry.note:
            unit.addnote(entry.note, origin="translator")
        if entry.source:
            unit.addnote(entry.source, origin="source")
    return bytes(store)


def import_tbx(data: bytes, name: str = "<tbx>") -> list[Entry]:
    """Entries from TBX ``data``; raises ``GlossaryError`` when it is not usable TBX."""
    try:
        store = tbx.tbxfile.parsestring(data)
    except Exception as exc:  # lxml and translate-toolkit raise many kinds
        raise GlossaryError(f"not a TBX file ({exc})", Path(name)) from None
    entries: list[Entry] = []
    for unit in store.units:
        source_terms = [t.text for t in unit.get_source_terms() if t.text.strip()]
        if not source_terms:
            continue
        targets = unit.get_target_terms("ja")
        preferred = [t.text for t in targets if not t.deprecated and t.text.strip()]
        forbidden = tuple(t.text for t in targets if t.deprecated and t.text.strip())
        policy = unit.getnotes("policy").strip()
        if not policy:
            policy = TRANSLATE if preferred else KEEP
        if policy not in POLICIES:
            raise GlossaryError(f"unknown policy {policy!r} for {source_terms[0]!r}", Path(name))
        note = unit.getnotes("translator").strip()
        if len(preferred) > 1:
            extra = "also: " + ", ".join(preferred[1:])
            note = f"{note}; {extra}" if note else extra
        entries.append(
            Entry(
                term=source_terms[0],
                ja=preferred[0] if preferred else "",
                policy=policy,
                forbidden=forbidden,
                variants=tuple(source_terms[1:]),
                pos=unit.getnotes("pos").strip(),
                note=note,
                source=unit.getnotes("source").strip(),
            )
        )
    return entries
