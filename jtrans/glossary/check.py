"""Term accuracy: does a translation use the glossary's renderings for the source's terms?

For every glossary term found in the source (same matcher as ``protect``) the required
rendering is the Japanese (``translate``) or the English term (``keep``, ``keep+gloss``). A
source occurrence counts as satisfied while the translation holds at least as many
occurrences of the required rendering; term accuracy is satisfied / total occurrences (1.0
when the source has no terms). Forbidden renderings of terms present in the source (e.g.
トランス for Transformer) are listed separately, as many as the term's rendering is short of
(a forbidden string beside every required rendering is another word: 説明, explains, next to
錯覚 for "illusion"); ``check-only`` entries contribute only those, each occurrence on the
lines whose English has the term (where the translation keeps the source's lines: a 提供 for
"provides" is no misreading of "presents" two items further down), up to the term's count
there.
A link the translation keeps exactly as written (``[Paper](…)`` where the house style leaves
link lists in English) is not text to translate: its label counts on neither side.

Terms count in place only: a rendering glued after the translation's last sentence stop
(``…手法です。推論能力大規模言語モデル`` for an English text that ends with its own stop) is
not part of any sentence, so it is a miss (:func:`in_place`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field

from jtrans.glossary.match import HYPHENS, Matcher
from jtrans.glossary.mend import standalone
from jtrans.glossary.model import TRANSLATE, Entry

_STRIP = [
    re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL),  # fenced code
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+|www\.\S+"),  # bare URLs
    re.compile(r"<[^>\n]+>"),  # HTML tags
]


def visible_text(markdown: str) -> str:
    """Text a reader sees: code, URLs, link targets and HTML tags removed."""
    for pattern in _STRIP:
        markdown = pattern.sub(" ", markdown)
    return markdown


@dataclass(frozen=True)
class TermResult:
    term: str
    policy: str
    required: str
    source_count: int
    found_count: int
    where: str = ""

    @property
    def satisfied(self) -> int:
        return min(self.source_count, self.found_count)

    @property
    def ok(self) -> bool:
        return self.found_count >= self.source_count


@dataclass(frozen=True)
class ForbiddenResult:
    term: str
    forbidden: str
    count: int
    where: str = ""


@dataclass(frozen=True)
class CheckReport:
    terms: list[TermResult] = field(default_factory=list)
    forbidden: list[ForbiddenResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(t.source_count for t in self.terms)

    @property
    def satisfied(self) -> int:
        return sum(t.satisfied for t in self.terms)

    @property
    def accuracy(self) -> float:
        return self.satisfied / self.total if self.total else 1.0

    @property
    def missing(self) -> list[TermResult]:
        return [t for t in self.terms if not t.ok]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.forbidden

    def to_dict(self) -> dict[str, object]:
        return {
            "accuracy": round(100 * self.accuracy, 2),  # percent, like score's term_accuracy
            "total": self.total,
            "satisfied": self.satisfied,
            "terms": [asdict(t) | {"ok": t.ok} for t in self.terms],
            "forbidden": [asdict(f) for f in self.forbidden],
        }


_LINK = re.compile(r"\[[^\[\]\n]+\]\([^)\s]*\)")


def _without_kept_links(source: str, translation: str) -> tuple[str, str]:
    """Both texts without the links that ``translation`` kept exactly as ``source`` has them."""
    kept = {m.group(0) for m in _LINK.finditer(source) if m.group(0) in translation}
    for link in kept:
        source = source.replace(link, " ")
        translation = translation.replace(link, " ")
    return source, translation


# a name of two or more capitalised words (small words between them): Group Relative Policy
# Optimization, Reinforcement Learning via Self-Play, LEAst-squares Concept Erasure
_NAME_RUN = re.compile(
    r"(?<![\w-])[A-Z][\w'-]*(?:\s+(?:(?:of|for|via|and|in|on|with|the|to|from|by|at|as)\s+)?"
    r"[A-Z][\w'-]*)+"
)
_CAPITAL_WORD = re.compile(r"(?<![\w-])[A-Z][\w'-]*")


def _without_kept_names(source: str, translation: str) -> tuple[str, str]:
    """Both texts without the multi-word names that ``translation`` kept exactly as ``source``
    writes them: the terms inside a name kept in English are not renderings to check
    (``Group Relative Policy Optimization (GRPO)`` asks for no 方策最適化). A run of capitalised
    words may start with a word that is not part of the name (``Introduces Diverse Preference
    Optimization``, ``A Survey of AI-Generated Content``): its longest part kept counts."""
    kept: set[str] = set()
    for run in _NAME_RUN.finditer(source):
        kept.update(_kept_parts(run.group(0), translation))
    for name in sorted(kept, key=len, reverse=True):
        source = source.replace(name, " ")
        translation = translation.replace(name, " ")
    return source, translation


# capitalised words in one name at most: a run of Title Case prose thousands of words long made
# every pair of its words a candidate (0.44 s for 1,200 words, quadratic)
_MAX_NAME_WORDS = 8


def _kept_parts(run: str, translation: str) -> list[str]:
    """The longest parts of ``run`` (two to :data:`_MAX_NAME_WORDS` of its capitalised words,
    from one to another) that ``translation`` holds, not overlapping."""
    words = list(_CAPITAL_WORD.finditer(run))
    spans = sorted(
        (
            (a.start(), b.end())
            for i, a in enumerate(words)
            for b in words[i + 1 : i + _MAX_NAME_WORDS]
        ),
        key=lambda span: span[0] - span[1],
    )
    taken: list[tuple[int, int]] = []
    for start, end in spans:
        if run[start:end] in translation and all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    return [run[start:end] for start, end in taken]


_EN_END_RE = re.compile(r"[.!?][\"'”’)\]*_`]*$")
_HASHTAGS_RE = re.compile(r"(?:\s*#\w[\w-]*)+\s*$")
_JA_STOPS = "。！？"
_HIRAGANA_RE = re.compile(r"[\u3041-\u309f]")
_WORDISH_RE = re.compile(r"[A-Za-z\u30a1-\u30fa\u4e00-\u9fff]")


def in_place(source: str, translation: str) -> str:
    """``translation`` without a tail glued after its last sentence stop: when the English
    ends with a sentence stop (hashtags after it aside), text after the last 。！？ that has no
    hiragana (only terms and names, no Japanese sentence) was appended, not translated."""
    if not _EN_END_RE.search(_HASHTAGS_RE.sub("", source).rstrip()):
        return translation
    body = _HASHTAGS_RE.sub("", translation).rstrip()
    cut = max(body.rfind(stop) for stop in _JA_STOPS)
    if cut < 0:
        return translation
    tail = body[cut + 1 :]
    if _WORDISH_RE.search(tail) and not _HIRAGANA_RE.search(tail):
        return body[: cut + 1] + translation[len(body) :]
    return translation


def check(matcher: Matcher, source: str, translation: str) -> CheckReport:
    """Per-term report for ``translation`` of ``source`` (both Markdown or plain text)."""
    source, translation = _without_kept_links(source, translation)
    # Unicode hyphens as ASCII on both sides (the pipeline writes diffu‑GRPO as diffu-GRPO,
    # and a term after a hyphen is part of a longer word)
    source_text = visible_text(source).translate(HYPHENS)
    target_text = in_place(source_text, visible_text(translation).translate(HYPHENS))
    source_text, target_text = _without_kept_names(source_text, target_text)
    counts: Counter[str] = Counter()
    entries: dict[str, Entry] = {}
    checked_at: dict[str, list[int]] = {}  # a check-only term → where it occurs in the source
    for match in matcher.find(source_text):
        counts[match.entry.term] += 1
        entries[match.entry.term] = match.entry
        if match.entry.check_only:
            checked_at.setdefault(match.entry.term, []).append(match.start)

    # kept English is found by the matcher of the source's English terms alone, or by the
    # whole glossary's, whichever finds more: they resolve overlaps differently (the first
    # read OpenAI-o1-0912 as o1 where the English had OpenAI; the second reads Llama-3-8B as
    # another entry where the English, with a non-breaking hyphen, had Llama)
    english = [e for e in entries.values() if e.policy != TRANSLATE and not e.check_only]
    alone = Counter(m.entry.term for m in Matcher(english).find(target_text))
    whole = Counter(m.entry.term for m in matcher.find(target_text))
    english_counts = Counter({e.term: max(alone[e.term], whole[e.term]) for e in english})

    terms: list[TermResult] = []
    required_present: list[str] = []
    missing: dict[str, int] = {}  # term → occurrences its rendering is short of
    for term, entry in entries.items():
        if entry.check_only:
            continue
        if entry.policy == TRANSLATE:
            found = target_text.count(entry.ja)
        else:
            found = english_counts[term]
        required_present.append(entry.required())
        missing[term] = max(0, counts[term] - found)
        terms.append(
            TermResult(term, entry.policy, entry.required(), counts[term], found, entry.where())
        )

    forbidden: list[ForbiddenResult] = []
    lines = _line_pairs(source_text, target_text) if checked_at else None
    for entry in entries.values():
        # a forbidden rendering stands for a term only where the term's rendering is short:
        # with 錯覚 there for "illusion", 説明 is "explains", not the model's misreading
        limit = counts[entry.term] if entry.check_only else missing[entry.term]
        for bad in entry.forbidden:
            # occurrences inside a required rendering (e.g. a longer correct term) do not count,
            # nor those inside a longer katakana word (トランス in トランスクリプト), as mend.apply
            if entry.check_only and lines is not None:
                n = _on_its_lines(lines, checked_at[entry.term], bad, required_present)
            else:
                n = min(standalone(_masked(target_text, bad, required_present), bad), limit)
            if n > 0:
                forbidden.append(ForbiddenResult(entry.term, bad, n, entry.where()))
    terms.sort(key=lambda t: (t.ok, t.term.casefold()))
    return CheckReport(terms, forbidden)


def _masked(text: str, bad: str, renderings: list[str]) -> str:
    """``text`` with each required rendering that holds ``bad`` taken out."""
    for rendering in renderings:
        if bad in rendering:
            text = text.replace(rendering, "\0")
    return text


def _line_pairs(source: str, translation: str) -> list[tuple[int, str]] | None:
    """Each source line's start offset with its translated line, where the translation has as
    many lines as the source (a Markdown translation keeps its lines); else None."""
    source_lines = source.split("\n")
    target_lines = translation.split("\n")
    if len(source_lines) != len(target_lines):
        return None
    starts, offset = [], 0
    for line in source_lines:
        starts.append(offset)
        offset += len(line) + 1
    return list(zip(starts, target_lines, strict=True))


def _on_its_lines(
    lines: list[tuple[int, str]], at: list[int], bad: str, renderings: list[str]
) -> int:
    """A check-only term's forbidden rendering ``bad`` on the translated lines of the source
    lines that hold the term (``at``: its offsets), up to the term's count on each: mend.apply
    replaces it sentence by sentence, so a 提供 for "provides" on another line is another
    word, not "presents" misread."""
    starts = [start for start, _ in lines]
    per_line = Counter(bisect_right(starts, offset) - 1 for offset in at)
    return sum(
        min(standalone(_masked(lines[k][1], bad, renderings), bad), n) for k, n in per_line.items()
    )
