"""Prepared units: a post segmented into units, each protected and split into sentences.

:func:`prepare` is the first half of the pipeline (segment → protect → split), with no engine:
what ``jtrans segment`` prints and what the MT stage translates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from jtrans import markdown_guard
from jtrans.config import Config
from jtrans.protect import Protected, protect_unit
from jtrans.segment import Unit, analyse
from jtrans.sentences import Split, is_link_list, split


@dataclass
class Prepared:
    """A unit after protection and sentence splitting (what ``jtrans segment`` prints)."""

    unit: Unit
    protected: Protected
    split: Split
    # what the Markdown check needs of the post (its text and link reference definitions)
    markdown: markdown_guard.Context | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.unit.id,
            "kind": self.unit.kind,
            "line": self.unit.line,
            "text": self.protected.text,
            "protected": [asdict(s) for s in self.protected.spans],
            "sentences": list(self.split.pieces),
        }


def prepare(
    source: str, config: Config, references: dict[str, Any] | None = None
) -> tuple[list[Prepared], list[int]]:
    """The prepared units of ``source`` and its lines nested too deep to be parsed.
    ``references``: the whole post's link reference definitions when ``source`` is one chunk of
    it (:mod:`jtrans.stream`); the first definition of a label wins."""
    doc = analyse(source)
    if references is not None:
        doc.references = {**doc.references, **references}
    context = markdown_guard.Context(source, doc.references)
    out = []
    for unit in doc.units:
        prot = protect_unit(
            unit.text,
            translate_link_labels=config.translate_link_labels,
            references=doc.references,
        )
        kinds = prot.kind_by_index()
        if not config.translate_link_lists and is_link_list(prot.text, kinds):
            parts = Split([], [prot.text])  # "[Paper](…), [Tweet](…)" stays as is
        else:
            parts = split(prot.text, kinds, titles=config.titles)
        out.append(Prepared(unit, prot, parts, context))
    return out, doc.too_deep
