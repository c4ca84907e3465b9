"""Finding glossary terms in English text: leftmost-longest, word-boundary, case-aware.

Matching rules (documented for translators in glossary/README.md):

* A word of the term written in lower case matches it as is, Capitalised or in UPPER CASE
  (``fine-tuning`` matches ``Fine-Tuning``, not ``PROmpting``); a word containing a capital
  matches exactly (``RAG`` never matches
  ``rag``, ``Meta`` never matches ``meta``). List other spellings in the variants column.
* Words may be joined by a hyphen, white space or nothing: ``fine-tuning`` also matches
  ``fine tuning`` and ``finetuning``; ``GPT-4`` matches ``GPT4``. Unicode hyphens (U+2010,
  and U+2011, the non-breaking one some digests write: ``fine‑tuning``) count as ``-``.
* The last word takes a plural (``-s``, ``-es``, ``-y``→``-ies``) when ``pos`` is empty,
  ``noun`` or ``acronym`` (not for ``name``, ``adj``, ``verb``, ``phrase``); a lower-case
  plural right before a number is the verb and left to the model (``the model gains +21%``).
* Matches start and end at word boundaries, and never start right after ``word-``
  (``attention`` is not matched in ``cross-attention``, ``Qwen`` not in ``R1-Distill-Qwen``).
  ``translate`` and ``keep+gloss`` terms must not be followed by ``-word`` either, while
  ``keep`` terms may (``LLM`` in ``LLM-based``).
* A ``name`` absorbs following hyphenated segments that hold a digit or a capital, so a
  model id stays one protected span: ``Qwen2.5-7B-Instruct``, ``Llama-3-8B``.
* Among overlapping candidates the leftmost, then the longest wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from jtrans.glossary.model import KEEP, Entry

#: ``pos`` values whose last word takes plural endings (names, adjectives, verbs do not).
PLURAL_POS = frozenset({"", "noun", "acronym"})
_WORD_SPLIT = re.compile(r"[-\s]+")
_SEP = r"(?:-|\s+)?"
_LEFT = r"(?<![A-Za-z0-9_#@/])(?<![A-Za-z0-9]-)"
_NAME_EXT = r"(?P<ext>(?:-(?=[a-z0-9.]*[A-Z0-9])[A-Za-z0-9.]*[A-Za-z0-9])*)"
_RIGHT = r"(?![A-Za-z0-9_])(?!\.\d)"
_RIGHT_GLUED = r"(?!-[A-Za-z0-9])"
#: Unicode hyphens read as ``-`` (one character for one, so offsets stay those of the text)
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True)
class Match:
    """One occurrence of an entry in a text (offsets into that text)."""

    entry: Entry
    start: int
    end: int
    surface: str
    plural: str = ""
    ext: str = ""

    @property
    def base(self) -> str:
        """The surface form without its plural ending (``LLMs`` → ``LLM``)."""
        core = self.surface[: len(self.surface) - len(self.ext)]
        if not self.plural:
            return core
        stem = core[: -len(self.plural)]
        return stem + "y" if self.plural.lower() == "ies" else stem

    def english(self) -> str:
        """The English to emit for ``keep``/``keep+gloss``: a name exactly as written; other
        terms in the author's spelling when it only differs from the term by separators,
        otherwise as the canonical term (``transformers`` → ``Transformer``, ``LLMs`` → ``LLM``)."""
        if self.entry.is_name:
            return self.surface
        base = self.base
        if _WORD_SPLIT.sub(" ", base) == _WORD_SPLIT.sub(" ", self.entry.term):
            return base + self.ext
        return self.entry.term + self.ext


def _cases(word: str) -> list[str]:
    """Spellings of a lower-case word that match: as is, Capitalised and UPPER CASE."""
    return list(dict.fromkeys([word, word[:1].upper() + word[1:], word.upper()]))


def _word_pattern(word: str, last: bool, plural: bool) -> str:
    lower = not any(c.isupper() for c in word)
    if not (last and plural and word[-1:].isalpha()):
        stems, suffix = [word], ""
    elif lower and re.search(r"[^aeiou]y$", word):
        stems, suffix = [word[:-1]], r"(?:[yY]|(?P<pl>ies|IES))"
    elif re.search(r"(s|x|z|ch|sh)$", word, re.IGNORECASE):
        stems, suffix = [word], r"(?P<pl>es|ES)?"
    else:
        stems, suffix = [word], r"(?P<pl>s|S)?"
    forms = [c for stem in stems for c in (_cases(stem) if lower else [stem])]
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")" + suffix


def form_pattern(form: str, entry: Entry) -> str:
    """Regular expression source for one spelling (term or variant) of ``entry``."""
    return _form_pattern(form, entry.pos in PLURAL_POS, entry.is_name, entry.policy != KEEP)


@cache
def _form_pattern(form: str, plural: bool, name: bool, glued: bool) -> str:
    words = [w for w in _WORD_SPLIT.split(form.strip()) if w]
    body = _SEP.join(_word_pattern(w, i == len(words) - 1, plural) for i, w in enumerate(words))
    right = _RIGHT
    if name:
        body += _NAME_EXT
    if glued:
        right += _RIGHT_GLUED
    return _LEFT + body + right


def _anchor(form: str) -> str:
    """A lower-case substring every match of ``form`` contains (cheap pre-filter): its first
    word, less the last letter when that word may take a plural (``-y`` → ``-ies``)."""
    words = _WORD_SPLIT.split(form.strip())
    first = words[0].lower()
    return first[:-1] if len(words) == 1 and first.endswith("y") else first


_TOKEN = re.compile(r"[a-z0-9._'\u2019]+")
_PREFIX_MAX = 12


def _prefixes(folded: str) -> set[str]:
    """Every prefix (up to ``_PREFIX_MAX`` characters) of every token of ``folded``."""
    out: set[str] = set()
    for token in set(_TOKEN.findall(folded)):
        for i in range(1, min(len(token), _PREFIX_MAX) + 1):
            out.add(token[:i])
    return out


# Patterns are written and compiled on first use and shared by every matcher: a glossary has
# thousands of forms and a post needs a few dozen, so preparing all of them made loading slow.
_compile = lru_cache(maxsize=None)(re.compile)


# a number after the word: "the model gains +21.4% accuracy" is the verb, not the noun gains
# (or an amount's placeholder: quantities are protected before the glossary is matched)
_AMOUNT_AFTER = re.compile(r"\s+(?:[+~≈]?\d|⟦\d+⟧)")


def a_verb(text: str, match: Match) -> bool:
    """Whether a lower-case noun with an English ``-s`` is a verb there: a number right after
    it (``the model gains +21.4% accuracy``: a real week's came back as …向上のモデル with
    ``gain`` → 改善 taken as the noun; ``gains of up to 10%`` is the noun). So is an ``-ing``
    adjective before a preposition (``issues emerging from the rapid adoption``: with
    ``emerging`` → 新たな the model left 新たな stranded at the end)."""
    if (
        match.entry.pos == "adj"
        and match.surface.lower().endswith("ing")
        and _PREPOSITION_AFTER.match(text, match.end)
    ):
        return True
    return (
        bool(match.plural)
        and match.surface.islower()
        and bool(_AMOUNT_AFTER.match(text, match.end))
    )


_PREPOSITION_AFTER = re.compile(
    r"\s+(?:from|in|into|out|as|at|to|with|over|on|across|during|under|between|among|within)\b",
    re.IGNORECASE,
)


class Matcher:
    """Matcher for a list of entries (order breaks exact ties: later wins)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        # forms grouped by anchor, so each anchor is looked up once per text; their patterns
        # are written when a text holds the anchor (see form_pattern)
        self._by_anchor: dict[str, list[tuple[int, str, Entry]]] = {}
        for rank, entry in enumerate(entries):
            for form in dict.fromkeys((entry.term, *entry.variants)):
                if not form.strip():
                    continue
                self._by_anchor.setdefault(_anchor(form), []).append((rank, form, entry))
        # word-like anchors are found through the text's token prefixes (one set lookup per
        # prefix, not one test per anchor); the few others by substring search
        self._by_prefix: dict[str, list[list[tuple[int, str, Entry]]]] = {}
        self._by_substring: list[tuple[str, list[tuple[int, str, Entry]]]] = []
        for anchor, forms in self._by_anchor.items():
            if _TOKEN.fullmatch(anchor):
                self._by_prefix.setdefault(anchor[:_PREFIX_MAX], []).append(forms)
            else:
                self._by_substring.append((anchor, forms))

    def candidates(self, text: str) -> Iterator[tuple[int, Match]]:
        original, text = text, text.translate(HYPHENS)
        folded = text.lower()
        groups = [forms for key in _prefixes(folded) for forms in self._by_prefix.get(key, ())]
        groups += [forms for anchor, forms in self._by_substring if anchor in folded]
        for forms in groups:
            for rank, form, entry in forms:
                for m in _compile(form_pattern(form, entry)).finditer(text):
                    if m.end() > m.start():
                        named = m.groupdict()
                        match = Match(
                            entry,
                            m.start(),
                            m.end(),
                            original[m.start() : m.end()],
                            named.get("pl") or "",
                            named.get("ext") or "",
                        )
                        yield rank, match

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text``, leftmost-longest, in text order; of two equally
        long matches the one spelled as its entry (no name extension: ``DeepSeek-R1`` over
        ``DeepSeek`` + ``-R1``) wins, then the later entry."""
        found = sorted(
            self.candidates(text),
            key=lambda rm: (rm[1].start, -(rm[1].end - rm[1].start), bool(rm[1].ext), -rm[0]),
        )
        chosen: list[Match] = []
        end = -1
        for _, match in found:
            if match.start >= end and not a_verb(text, match):
                chosen.append(match)
                end = match.end
        return chosen
