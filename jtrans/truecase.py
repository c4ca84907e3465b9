"""Title Case → sentence case before decoding: paper titles and list items' labels.

A model trained on sentence-case text reads a capitalised word as a name and copies it
(``Jailbreaking Aligned Models with Many-Shot Prompts`` came back as
``…を使用したJailbreaking Aligned Models``, ``Selective State Spaces`` kept in English). So a
title's capitalised words that the model knows as ordinary lower-case words are lower-cased
before it sees them (``Mamba-3: Linear-time sequence modeling with selective state spaces``);
names it does not know (``Mamba``, ``Sora``, ``Claude``), acronyms (``RULER``), words with inner
capitals (``LongMix``) and placeholders are left as written, and so is the first word. A list
item's label before its colon or dash is treated the same way (``● Ablations Confirm Component
Importance: Experiments show …``: the model wrote コンポーネントのインポート), and its first word
is lower-cased too when the model knows it (``● Core method: …`` came back as Core手法,
``Temperature and test-time compute …`` as Temperatureと…). On the labelled items of
../shared/digests the model copied fewer English words: 266 against 319 in the 308 items (first
sentences) with a label before a dash, 1,243 against 1,268 in the 351 items with one before a
colon. Only the engine's input changes: the published text comes from the translation.

:func:`is_title` decides what a title is (two or more words of four letters or more, at least
three in four of them capitalised, no final full stop); :func:`sentence_case` rewrites one,
given ``known(word)``, which the engine answers from its own vocabulary and the model's
``words.txt`` (:data:`WORDS_FILE`): :func:`ordinary_words` of its training data, the words
written in lower case there at least as often as capitalised inside a sentence, which a
sentencepiece vocabulary splits too often to tell (``diff`` + ``us`` + ``ion``, ``tun`` +
``ing``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from jtrans.placeholders import strip

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")
# a capitalised word (not an acronym, not LongMix, not glued to digits or a placeholder)
_CAPITALISED_RE = re.compile(r"(?<![\w⟧'])[A-Z][a-z]+(?![\w⟦'])")
TITLE_SHARE = 0.75  # of the words of four letters or more
WORDS_FILE = "words.txt"  # in a model folder: its ordinary English words
_LOWER_RE = re.compile(r"(?<![\w⟧'-])[a-z]{3,}(?![\w⟦'])")
# capitalised inside a sentence: after a lower-case word or a comma (Llama, Mamba, Adam)
_INNER_CAPITAL_RE = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}(?![\w⟦'])")
# a label that opens a sentence, before its colon or dash (a list item's "● Core method: At
# each …", "● Kernel Runtime Speedups – The team …"), after any bullet, markup or placeholder;
# the model copied its words as English (Core手法, Temperatureとテスト時計算, Kernel Runtime
# Speedups) or misread a title-cased one (Component Importance → コンポーネントのインポート)
_LABEL_RE = re.compile(r"(?:⟦\d+⟧|[^\w⟦])*(?P<label>[A-Z][^:.!?–—]{2,79}?)(?:: | [–—-] )(?=\S)")
# the label's first word, an ordinary capitalised word before a space (not Pan-Cancer)
_FIRST_WORD_RE = re.compile(r"[A-Z][a-z]+(?= )")


def ordinary_words(lines: Iterable[str], minimum: int = 10) -> list[str]:
    """The lower-case words of English ``lines`` (training sources) seen in lower case at least
    ``minimum`` times and at least as often as capitalised inside a sentence (so ``llama``,
    written Llama, is no ordinary word), sorted."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for line in lines:
        lower.update(_LOWER_RE.findall(line))
        capital.update(w.lower() for w in _INNER_CAPITAL_RE.findall(line))
    return sorted(w for w, n in lower.items() if n >= minimum and n >= capital[w])


def is_title(text: str) -> bool:
    """Whether ``text`` (placeholders in it are ignored) is written in Title Case."""
    plain = strip(text, " ").strip()
    if not plain or plain.endswith("."):
        return False
    long = [w for w in _WORD_RE.findall(plain) if len(w) >= 4]
    if len(long) < 2:
        return False
    return sum(w[0].isupper() for w in long) >= TITLE_SHARE * len(long)


def sentence_case(text: str, known: Callable[[str], bool]) -> str:
    """``text`` with the capitalised words of a title that ``known`` accepts lower-cased (all
    but the first word); a sentence opened by a label (``Ablations Confirm Component
    Importance: Experiments show …``) gets the same for the label, whose first word is
    lower-cased too when ``known`` accepts it (``Temperature and test-time compute don't solve
    the issue: …``); any other text is returned as it is."""
    if is_title(text):
        return _title_words(text, known)
    m = _LABEL_RE.match(text)
    if m is None:
        return text
    label = m.group("label")
    if is_title(label):
        label = _title_words(label, known)
    first = _FIRST_WORD_RE.match(label)
    if first is not None and known(first.group(0).lower()):
        label = first.group(0).lower() + label[first.end() :]
    return text[: m.start("label")] + label + text[m.end("label") :]


def _title_words(text: str, known: Callable[[str], bool]) -> str:
    first = len(text) - len(text.lstrip(" \"'“‘(["))  # the first word stays capitalised

    def lower(m: re.Match[str]) -> str:
        word = m.group(0)
        if m.start() == first:
            return word
        return word.lower() if known(word.lower()) else word

    return _CAPITALISED_RE.sub(lower, text)
