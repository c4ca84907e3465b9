"""Mining candidate terms from English digests, to help translators curate the glossary.

Counts three kinds of candidates in the visible text of Markdown files: acronyms and mixed-case
names (``LLM``, ``GPT-4o``, ``DeepSeek-R1``), capitalised multi-word names (``Google DeepMind``,
``Chain of Thought``) and frequent lower-case technical n-grams (``in-context learning``). The
output is a worklist, not glossary data: every entry is curated by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from jtrans.glossary.check import visible_text
from jtrans.glossary.core import Glossary

_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z][a-z]*[A-Z0-9][\w.]*|[A-Z]{2,}[\w]*)(?:-[\w.]+)*(?<!\.)(?![\w-])"
)
# capitalised words, joined by at most a few lower-case connectors, ending on a capitalised word
_CAPS_PHRASE = re.compile(
    r"\b[A-Z][a-z]+(?:[ -](?:(?:of|for|and|the|to|in)[ -]){0,2}[A-Z][\w]*){1,4}\b"
)
_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}[ \t].*$")
_WORD = re.compile(r"[a-z][a-z-]*[a-z]")
STOP = frozenset(
    """a about above after again against all also an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from further
    had has have having he her here hers how i if in into is it its itself just more most my
    no nor not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your new using
    uses used use paper work proposes propose shows show introduces presents based via across
    without while within key findings results approach method methods framework authors study
    like even well many much one two three first large significantly improves improve achieves
    """.split()
)


def candidates(texts: Iterable[str], max_n: int = 3) -> Counter[str]:
    """Candidate term → occurrence count over ``texts`` (Markdown)."""
    counts: Counter[str] = Counter()
    for text in texts:
        text = visible_text(_HEADING.sub("", text))  # headings: "Top ML Papers of the Week"
        counts.update(m.group(0) for m in _NAME.finditer(text))
        counts.update(m.group(0) for m in _CAPS_PHRASE.finditer(text))
        for sentence in re.split(r"[.;:!?()\[\]|\n]", text.lower()):
            words = _WORD.findall(sentence)
            for n in range(1, max_n + 1):
                for i in range(len(words) - n + 1):
                    gram = words[i : i + n]
                    if gram[0] in STOP or gram[-1] in STOP:
                        continue
                    counts[" ".join(gram)] += 1
    return counts


def uncovered(counts: Counter[str], glossary: Glossary) -> Counter[str]:
    """The candidates no glossary entry covers: none matches them fully, and none is spelled
    the same but for case or a plural ``s`` (the lower-cased n-grams ``llm``, ``llms`` are
    covered by ``LLM``)."""
    spellings = {form.casefold() for e in glossary for form in (e.term, *e.variants)}
    out: Counter[str] = Counter()
    for term, n in counts.items():
        folded = term.casefold()
        if folded in spellings or (folded.endswith("s") and folded[:-1] in spellings):
            continue
        hits = glossary.find(term)
        if not (len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(term)):
            out[term] = n
    return out
