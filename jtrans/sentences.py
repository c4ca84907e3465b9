"""Sentence and clause splitting of placeholder-bearing unit text, and joining back.

:func:`split` cuts a protected unit text (``⟦n⟧`` placeholders in it) into translatable
*pieces* and the *separators* around them, so that ``seps[0] + pieces[0] + seps[1] + … +
seps[-1]`` is the input again. Cuts happen at:

* line-break placeholders (``<br>``) and runs of two or more spaces (the digest's
  ``Title  Description`` layout), with a following bullet (``●``) kept in the separator;
* the `` - `` / ``: `` after a bold title (``**Title** - description``); a title of one word
  before a dash (``**Chameleon** -``, ``**Sora** -``: in the digest's 1,034 numbered items every
  one of the 278 such titles is a model or paper name) goes to the separators, kept as written
  (the model wrote チャメント), and so does one word with a version (``**Genie 2** -``,
  ``**Translatotron 3** -``: all 11 in the digests are names; the model wrote 元家2 and
  翻訳者3); a one-word label before a colon (``**Note**:``) is translated; a one-word title
  before the layout gap is kept as written too (``4) Chain-of-Agents  A new framework…``: all
  69 in the digests are names; the model wrote チャットエージェント and lowercased
  Chain-of-Tools);
* sentence ends (``.``/``!``/``?`` + space + a sentence start), except after abbreviations
  (e.g., i.e., et al., vs., Fig., Eq., initials …); decimals and versions (``1.5B``, ``GPT-4o``)
  have no space and are never cut;
* the dash after a bullet item's label (``<br> ● Kernel Runtime Speedups – The paper …``, a
  capitalised phrase of up to 12 words): the model had run the two together, the dash lost,
  in 118 of 474 such items of the real digests (``原理を統一するためのソフト誘導バイアス論文は``);
* top-level ``;`` between clauses (digest descriptions are ``;``-joined clause lists);
* the markers of an inline enumeration (``steps: 1) draft a response, 2) plan checks, and
  3) answer``, also ``(1)`` and ``(i)``), counting up from one: each item is its own piece
  (the small model dropped items 2–4 of such a list, numbers and all).

Leading enumerators (``1)``), paired markup placeholders at a piece's edges (``⟦0⟧Title⟦1⟧``),
an emphasis or link marker at a piece's edge whose partner is in another piece (a bold title
cut at its ``?``) and pieces without any letter go to the separators, so the engine only sees
words and the markup stays where the English has it.

:func:`join` puts translations back: verbatim separators for non-Japanese output (so the
identity engine round-trips byte for byte), Japanese punctuation rules otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from jtrans.config import TITLES
from jtrans.placeholders import PLACEHOLDER_RE, strip
from jtrans.protect import BREAK_KINDS, MARKUP_KINDS

ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "al", "vs", "fig", "figs", "eq", "eqs", "cf", "approx", "resp", "sec",
        "tab", "no", "nos", "vol", "pp", "dr", "mr", "mrs", "ms", "prof", "st", "ref", "refs",
        "ch", "appx", "viz", "incl", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mt", "min", "max", "avg", "std",
    }
)  # fmt: skip
TERMINAL_JA = "。！？!?．."
BULLETS = "●•▪◦·‣∙"

_SENT_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?P<ws>\s+)(?=\S)")
_MULTISPACE_RE = re.compile(r"[ \t]{2,}(?:[" + BULLETS + r"][ \t]*)?")
_CLAUSE_RE = re.compile(r";\s+")
_TITLE_SEP_RE = re.compile(r"\u27e6(?P<ph>\d+)\u27e7(?P<sep>[ \t]*[-–—:][ \t]+)")
_NAME_TITLE_RE = re.compile(
    r"\u27e6(?P<open>\d+)\u27e7(?P<word>(?:[A-Z][A-Za-z0-9.+\-]*[A-Za-z0-9+]|[A-Z])"
    r"(?: [0-9]+(?:\.[0-9]+)*)?)\u27e6\d+\u27e7$"  # with a version: Genie 2, Granite 3.0
)
_PLAIN_TITLE_SEP_RE = re.compile(r"[ \t]+[-–—][ \t]+(?=\S)")
_PLAIN_NAME_RE = re.compile(r"(?:[A-Z][A-Za-z0-9.+\-]*[A-Za-z0-9+]|[A-Z])(?: [0-9]+(?:\.[0-9]+)*)?")
# a bullet item's label before its dash (``● Kernel Runtime Speedups – The paper …``): a
# capitalised phrase of a few words with no sentence end, clause or bracket in it
_LABEL_SEP_RE = re.compile(
    r"(?P<label>[A-Z\u27e6“\"][^.;:!?()\[\]\n–—]{1,110}?)(?P<sep>[ \t]+[–—-][ \t]+)"
    r"(?=[A-Z0-9\u27e6“\"])"
)
_ENUM_RE = re.compile(r"(?:\d{1,3}[.)]|[" + BULLETS + r"\-*+])[ \t]+")
_INLINE_ENUM_RE = re.compile(
    r"(?<![\w(])(?:\((?P<paren>\d{1,2}|[ivx]{1,4})\)|(?P<half>\d{1,2}|[ivx]{1,4})\))[ \t]+(?=\S)"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_CONNECTOR_RE = re.compile(r"[,;]?[ \t]*(?:(?:and|or|then)[ \t]+)?$")  # before an item's marker
_ENUM_SEP_RE = re.compile(
    r"[ \t]*(?P<comma>[,;]?)[ \t]*(?:(?:and|or|then)[ \t]+)?(?P<mark>\(?\w+\))[ \t]*"
)
_COLON_END_RE = re.compile(r"[:：](?:\u27e6\d+\u27e7)*\s*$")
# a topic or object particle after a word that is no hiragana (chars.HIRAGANA): 主な詳細は, not
# ください
_PARTICLE_END_RE = re.compile(r"[^\u3041-\u3096][はがを]\s*$")
_SOURCE_STOP_RE = re.compile(r"[.!?。！？…:：][\"'”’)\]]*(?:\u27e6\d+\u27e7)*\s*$")
_LATIN_END_RE = re.compile(r"[A-Za-z0-9][.!?)\"']*$")
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.){2,}")


@dataclass
class Split:
    """``seps[0] + pieces[0] + seps[1] + … + pieces[-1] + seps[-1]`` is the split text."""

    pieces: list[str]
    seps: list[str]

    def join(self, translations: list[str] | None = None, japanese: bool = False) -> str:
        return join(self.pieces if translations is None else translations, self.seps, japanese)


ORIGINAL = " (原文: {})"  # after a translated title with titles="both" (../shared/seeds)
_ORIGINAL_RE = re.compile(r"(?P<closing>(?:\u27e6\d+\u27e7)*) \(原文: .*\)(?P<rest>[^)]*)$")


def split(text: str, kinds: Mapping[int, str] | None = None, titles: str = "translate") -> Split:
    """Split protected ``text`` into translatable pieces; ``kinds`` maps placeholder → kind.

    ``titles``: what becomes of a paper title, the piece that opens a text before its
    description (``**Title** - …``, ``1) Title  This paper…``): ``translate`` it, ``keep`` it
    as written (it goes to the separators), or translate it and add ``(原文: Title)``
    (``both``, after the separator's markup: the way Japanese digests write a title)."""
    if titles not in TITLES:
        raise ValueError(f"titles must be one of {', '.join(TITLES)}, not {titles!r}")
    kinds = kinds or {}
    cuts = _cut_ranges(text, kinds)
    pieces: list[str] = []
    seps: list[str] = []
    sep_start = 0
    title_at = _title_end(text, kinds) if titles != "translate" else None
    title: list[tuple[int, int]] = []  # the title's pieces (a "?" inside cuts it in two)
    for a, b in _complement(cuts, len(text)):
        a, b = _trim_piece(text, a, b, kinds)
        if a >= b:
            continue
        if title_at is not None and b <= title_at:
            title.append((a, b))
            if titles == "keep":
                continue  # the title stays in the separator, as written
        seps.append(text[sep_start:a])
        pieces.append(text[a:b])
        sep_start = b
    seps.append(text[sep_start:])
    if title and titles == "both":  # after its closing markup: not **日本語 (原文: Title)**
        k = len(title)
        closing = _closing_markup(seps[k], kinds)
        original = ORIGINAL.format(text[title[0][0] : title[-1][1]])
        seps[k] = seps[k][:closing] + original + seps[k][closing:]
    return Split(pieces, seps)


def _title_end(text: str, kinds: Mapping[int, str]) -> int | None:
    """Where the title that opens ``text`` ends (its closing bold, or the layout gap after a
    numbered title), or None when ``text`` opens with no title before a description."""
    enum = _ENUM_RE.match(text)
    start = enum.end() if enum else 0
    opening = PLACEHOLDER_RE.match(text, start)
    if opening and kinds.get(int(opening.group(1))) == "emphasis":  # **Title** - …
        m = _TITLE_SEP_RE.search(text, opening.end())
        if m and kinds.get(int(m.group("ph"))) == "emphasis" and _has_letter(text[: m.start()]):
            return m.start()
        return None
    plain = _plain_title_sep(text, kinds)
    if plain:  # 3) Long Context vs. RAG for LLMs - performs …
        return plain.start()
    if enum and enum.group(0)[0].isdigit():  # 1) Title  This paper…
        gap = _title_gap(text)
        if gap and not gap.group(0).strip() and _has_letter(text[gap.end() :]):
            return gap.start()
    return None


def _title_gap(text: str) -> re.Match[str] | None:
    """The layout gap that ends a numbered item's title (``1) Title  This paper…``): its first
    run of 2+ spaces, unless a lower-case word follows ("presents the state-of-the-art
    text-to-image model", a real week in the "N) Title - description" layout, is one sentence
    with a double space)."""
    enum = _ENUM_RE.match(text.lstrip())
    gap = _MULTISPACE_RE.search(text)
    if not enum or not enum.group(0)[0].isdigit() or not gap:
        return None
    return None if text[gap.end() : gap.end() + 1].islower() else gap


def _plain_title_sep(text: str, kinds: Mapping[int, str]) -> re.Match[str] | None:
    """The dash after a numbered title written without bold (``3) Long Context vs. RAG for
    LLMs - performs …``; 36 items in ../shared/digests): a capitalised title of at most 14
    words with no sentence end, clause or layout gap in it, within 160 characters. The model
    dropped the dash when the description opened with a verb (``…RAGは、RAGシステムと…``)."""
    enum = _ENUM_RE.match(text)
    if not enum or not enum.group(0)[0].isdigit():
        return None
    start = enum.end()
    opening = PLACEHOLDER_RE.match(text, start)
    if opening and kinds.get(int(opening.group(1))) == "emphasis":
        return None  # **Title** - …: the bold title's own rule
    m = _PLAIN_TITLE_SEP_RE.search(text, start, start + 160)
    if not m or not _has_letter(text[m.end() :]):
        return None
    title = text[start : m.start()]
    if not (title[:1].isupper() or PLACEHOLDER_RE.match(title)) or len(title.split()) > 14:
        return None
    if ";" in title or _MULTISPACE_RE.search(title):
        return None
    if any(_is_sentence_end(title, e.start(), e.end()) for e in _SENT_END_RE.finditer(title)):
        return None
    return m


def _closing_markup(sep: str, kinds: Mapping[int, str]) -> int:
    """The length of the markup placeholders that open ``sep`` (a title's closing bold)."""
    end = 0
    for m in PLACEHOLDER_RE.finditer(sep):
        if m.start() != end or kinds.get(int(m.group(1))) not in ("emphasis", "link-close"):
            break
        end = m.end()
    return end


def join(pieces: list[str], seps: list[str], japanese: bool = False) -> str:
    """Interleave ``seps`` and ``pieces``; with ``japanese`` use Japanese joining rules.

    Japanese rules: a clause separator (``; ``) becomes ``。`` (unless the clause already ends
    in terminal punctuation); a single space between sentences disappears unless the previous
    piece ends in English (an untranslated fallback); whitespace holding a line break or wider
    gaps (layout) and separators holding markup are kept.
    """
    if len(seps) != len(pieces) + 1:
        raise ValueError("need exactly one more separator than pieces")
    out = [seps[0]]
    for i, piece in enumerate(pieces):
        out.append(piece)
        sep = seps[i + 1]
        if japanese and i + 1 < len(pieces):
            sep = _japanese_sep(piece, sep)
        out.append(sep)
    return "".join(out)


def match_final_stop(ja: str, source: str) -> str:
    """Drop a final ``。`` the engine added to a piece whose English has no final stop (titles,
    headings, labels, clauses of a ``;`` list: the joiner adds the clause stops itself), and
    put back the colon of an English that ends with one where the Japanese stops at a particle
    (a real week's "Key details:" came back as 主な詳細は)."""
    if _COLON_END_RE.search(source) and _PARTICLE_END_RE.search(ja):
        stripped = ja.rstrip()
        return stripped + ":" + ja[len(stripped) :]
    if _SOURCE_STOP_RE.search(source) or not ja.rstrip().endswith("。"):
        return ja
    stripped = ja.rstrip()
    return stripped[:-1] + ja[len(stripped) :]


def _japanese_sep(prev: str, sep: str) -> str:
    original = _ORIGINAL_RE.match(sep) if "(原文: " in sep else None  # (every separator)
    if original and not _has_japanese(prev):  # a title kept as written: no (原文: …) after it
        sep = original.group("closing") + original.group("rest")
    enum = _ENUM_SEP_RE.fullmatch(sep)
    if enum and (enum.group("comma") or sep != sep.lstrip()):  # ", and 2) " → "、2) "
        end = prev.rstrip()[-1:]
        if enum.group("comma"):
            head = "" if end in ("、", "。") else "、"
        else:  # the first marker, after "steps:" (or a Japanese colon)
            head = " " if end == ":" else ""
        return head + enum.group("mark") + " "
    if _CLAUSE_RE.fullmatch(sep.lstrip(" \t")) or sep.strip() == ";":
        return "" if prev.rstrip().endswith(tuple(TERMINAL_JA)) else "。"
    if sep.isspace():
        if "\n" in sep or _LATIN_END_RE.search(prev):
            return sep  # line breaks, and a space after English (fallbacks)
        if len(sep) >= 2 and not prev.rstrip().endswith(tuple(TERMINAL_JA)):
            return sep  # layout gap after a title
        return ""
    return sep


# -- cutting -----------------------------------------------------------------------------------


def _cut_ranges(text: str, kinds: Mapping[int, str]) -> list[tuple[int, int]]:
    """Separator ranges (start, end), unsorted and possibly overlapping."""
    cuts: list[tuple[int, int]] = []
    for m in PLACEHOLDER_RE.finditer(text):
        if kinds.get(int(m.group(1))) in BREAK_KINDS:
            a, b = m.start(), m.end()
            while a > 0 and text[a - 1] in " \t":
                a -= 1
            while b < len(text) and text[b] in " \t\n":
                b += 1
            bullet = _ENUM_RE.match(text, b)
            if bullet and not bullet.group(0)[0].isdigit():
                b = bullet.end()
                label = _LABEL_SEP_RE.match(text, b)
                if label and len(label.group("label").split()) <= 12:
                    cuts.append(label.span("sep"))
            cuts.append((a, b))
    cuts.extend(_layout_gaps(text))
    gap, enum = _title_gap(text), _ENUM_RE.match(text)
    if gap and enum and _PLAIN_NAME_RE.fullmatch(text[enum.end() : gap.start()]):
        cuts.append((enum.end(), gap.start()))  # 4) Chain-of-Agents  A new … (all 69 names)
    for m in _TITLE_SEP_RE.finditer(text):
        if kinds.get(int(m.group("ph"))) == "emphasis" and _has_letter(text[: m.start()]):
            cuts.append(m.span("sep"))
            name = _NAME_TITLE_RE.search(text, 0, m.start("sep"))
            if (
                ":" not in m.group("sep")  # **Note**: … is a label, not a name
                and name
                and kinds.get(int(name.group("open"))) == "emphasis"
                and not _has_letter(text[: name.start()])
            ):
                cuts.append(name.span("word"))
    plain = _plain_title_sep(text, kinds)
    if plain:
        cuts.append(plain.span())
        enum = _ENUM_RE.match(text)
        title = text[enum.end() if enum else 0 : plain.start()]
        if _PLAIN_NAME_RE.fullmatch(title):  # one name (Search-o1, MEM1): kept as written
            cuts.append((plain.start() - len(title), plain.start()))
    cuts.extend(_link_list_cuts(text, kinds))
    depth_at = _depths(text)
    for m in _SENT_END_RE.finditer(text):
        if _is_sentence_end(text, m.start(), m.end()):
            cuts.append(m.span("ws"))
    for m in _CLAUSE_RE.finditer(text):
        if depth_at[m.start()] == 0:
            cuts.append(m.span())
    cuts.extend(_enumeration_cuts(text))
    return cuts


def _enumeration_cuts(text: str) -> list[tuple[int, int]]:
    """The markers (with the ``, and`` before them) of each inline enumeration in ``text``:
    two or more markers of one style counting 1, 2, 3 … (``1)``, ``(1)``, ``(i)``)."""
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    last: tuple[str, bool, int] | None = None
    for m in _INLINE_ENUM_RE.finditer(text):
        label = m.group("paren") or m.group("half")
        value = int(label) if label.isdigit() else _ROMAN.get(label)
        if value is None:
            continue
        style = ("paren" if m.group("paren") else "half", label.isdigit())
        if run and last == (*style, value - 1):
            run.append(m)
        elif value == 1:
            runs.append(run)
            run = [m]
        else:
            continue
        last = (*style, value)
    runs.append(run)
    cuts = []
    for found in (r for r in runs if len(r) >= 2):
        for k, m in enumerate(found):
            a = m.start()
            if k:  # take the ", and " before the marker along
                window = max(0, a - 16)
                connector = _CONNECTOR_RE.search(text, window, a)
                a = connector.start() if connector else a
            cuts.append((a, m.end()))
    return cuts


def _layout_gaps(text: str) -> list[tuple[int, int]]:
    """Runs of 2+ spaces that separate parts rather than words: the gap after a numbered title
    (``1) Title  This paper…``, not before a lower-case word), before a bullet, or after a
    colon. Other double spaces (common in the digest's prose) are ordinary whitespace."""
    cuts = []
    title_gap = _title_gap(text)
    for m in _MULTISPACE_RE.finditer(text):
        before = text[: m.start()].rstrip()
        if (title_gap and m.start() == title_gap.start()) or before.endswith(":"):
            cuts.append(m.span())
        elif m.group(0).strip() or (m.end() < len(text) and text[m.end()] in BULLETS):
            cuts.append(m.span())
    return cuts


def is_link_list(text: str, kinds: Mapping[int, str]) -> bool:
    """True when ``text`` is only links and punctuation (``⟦0⟧Paper⟦1⟧, ⟦2⟧Tweet⟦3⟧``)."""
    phs = list(PLACEHOLDER_RE.finditer(text))
    if not any(kinds.get(int(m.group(1))) in ("link-close", "link") for m in phs):
        return False
    outside, depth, last = [], 0, 0
    for m in phs:
        kind = kinds.get(int(m.group(1)))
        if kind == "link-open":
            if depth == 0:
                outside.append(text[last : m.start()])
            depth += 1
        elif kind == "link-close" and depth > 0:
            depth -= 1
            last = m.end()
    outside.append(text[last:] if depth == 0 else "")
    return not any(_has_letter(s) for s in outside)


def _link_list_cuts(text: str, kinds: Mapping[int, str]) -> list[tuple[int, int]]:
    """Cuts between the links of a text made only of links (``[Paper](…), [Tweet](…)``)."""
    phs = list(PLACEHOLDER_RE.finditer(text))
    closes = [m for m in phs if kinds.get(int(m.group(1))) == "link-close"]
    if len(closes) < 2 or not is_link_list(text, kinds):
        return []
    cuts = []
    for m in closes:
        nxt = PLACEHOLDER_RE.search(text, m.end())
        if nxt and kinds.get(int(nxt.group(1))) == "link-open":
            cuts.append((m.end(), nxt.start()))
    return cuts


def _is_sentence_end(text: str, dot: int, nxt: int) -> bool:
    follow = text[nxt]
    if follow.islower() or follow in ",;:)]}%":
        return False
    if text[dot] != ".":
        return True
    word = _WORD_BEFORE_RE.search(text[max(0, dot - 20) : dot + 1])
    if word:
        w = word.group(1)
        if w.lower().rstrip(".") in ABBREVIATIONS or _INITIALS_RE.fullmatch(w + "."):
            # "et al." / "e.g." / "U.S." / "J." never end a sentence here
            return False
    return True


def _depths(text: str) -> list[int]:
    """Bracket depth before each character (placeholders count as plain text)."""
    depth, out = 0, []
    for c in text:
        out.append(depth)
        if c in "([":
            depth += 1
        elif c in ")]" and depth > 0:
            depth -= 1
    out.append(depth)
    return out


def _complement(cuts: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(cuts):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        out.append((pos, n))
    return out


def _trim_piece(text: str, a: int, b: int, kinds: Mapping[int, str]) -> tuple[int, int]:
    """Shrink ``text[a:b]`` to its translatable core; ``a >= b`` when nothing is left."""
    while True:
        start = (a, b)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        m = _ENUM_RE.match(text, a, b)
        if m and _has_letter(text[m.end() : b]):
            a = m.end()
        first = PLACEHOLDER_RE.match(text, a, b)
        last = _last_placeholder(text, a, b)
        if first and last and first.start() != last.start():
            fk, lk = kinds.get(int(first.group(1))), kinds.get(int(last.group(1)))
            if _paired(fk, lk) and _inner_ok(text, first.end(), last.start(), kinds):
                a, b = first.end(), last.start()
        if (a, b) == start:
            a, b = _drop_lone_edge(text, a, b, kinds)
        if (a, b) == start:
            break
    if not _has_letter(text[a:b]):
        return b, b
    return a, b


def _drop_lone_edge(text: str, a: int, b: int, kinds: Mapping[int, str]) -> tuple[int, int]:
    """``text[a:b]`` without an emphasis or link marker at its start or end whose partner is in
    another piece (the only one of its kind in this piece): a bold title cut at its ``?``
    (``**Is Sora a World Simulator? A Comprehensive Survey …**``) left the closing ``**`` to
    the second piece, where the model put it mid-sentence and shortened the bold."""
    for group in (("emphasis",), ("link-open", "link-close")):  # (opener, closer) kinds
        found = [
            m for m in PLACEHOLDER_RE.finditer(text, a, b) if kinds.get(int(m.group(1))) in group
        ]
        if len(found) != 1:
            continue
        m, kind = found[0], kinds.get(int(found[0].group(1)))
        if m.start() == a and kind == group[0] and _has_letter(text[m.end() : b]):
            return m.end(), b
        if m.end() == b and kind == group[-1] and _has_letter(text[a : m.start()]):
            return a, m.start()
    return a, b


def _paired(first: str | None, last: str | None) -> bool:
    return (first == "emphasis" and last == "emphasis") or (
        first == "link-open" and last == "link-close"
    )


def _inner_ok(text: str, a: int, b: int, kinds: Mapping[int, str]) -> bool:
    """True when markup inside ``text[a:b]`` (if any) also sits at both of its edges."""
    inner = [
        m for m in PLACEHOLDER_RE.finditer(text, a, b) if kinds.get(int(m.group(1))) in MARKUP_KINDS
    ]
    if not inner:
        return True
    return inner[0].start() == a and inner[-1].end() == b and len(inner) % 2 == 0


def _last_placeholder(text: str, a: int, b: int) -> re.Match[str] | None:
    if b <= a or text[b - 1] != "\u27e7":
        return None
    found = list(PLACEHOLDER_RE.finditer(text, a, b))
    return found[-1] if found and found[-1].end() == b else None


def _has_letter(s: str) -> bool:
    return bool(_LETTER_RE.search(strip(s, " ")))


def _has_japanese(text: str) -> bool:
    from jtrans.postprocess.chars import has_japanese  # (post-processing loads lazily)

    return has_japanese(text)
