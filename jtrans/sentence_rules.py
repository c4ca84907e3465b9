"""The sentence rules: spans of an engine input rendered by rule, not by the model.

Each rule turns spans into placeholders numbered after those already in the sentence. They run
in :data:`ORDER` at translation time (:mod:`jtrans.pipeline`) and when training data is made
(:func:`jtrans.train.prepare.build_text`), so the model learns from the inputs it will see.
"""

from __future__ import annotations

from jtrans import dates, names, ordinals, quantities
from jtrans.protocols import SentenceRule

GLOSSARY = "glossary"
# dates, quantities and ordinals first (their numbers are never a term), then the glossary's
# terms, then the names the glossary does not know (kept verbatim)
ORDER: tuple[str, ...] = ("dates", "quantities", "ordinals", GLOSSARY, "names")
# the rule modules by name (each a :class:`jtrans.protocols.SentenceRule`)
MODULES: dict[str, SentenceRule] = {
    "dates": dates,
    "quantities": quantities,
    "ordinals": ordinals,
    "names": names,
}
