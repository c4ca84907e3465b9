"""Japanese word segmentation with fugashi (MeCab) and the unidic-lite dictionary.

One tokenizer shared by scoring (BLEU is computed on text split into UniDic short units) and
post-processing (sentence-final style detection), so both agree on what a word is.
Placeholders ``⟦n⟧`` are kept as single opaque tokens; whitespace only separates tokens.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jtrans.placeholders import PLACEHOLDER_RE

NAME = "ja-unidic"


@dataclass(frozen=True)
class Morpheme:
    """One UniDic short unit. ``pos1`` is ``"placeholder"`` for a ``⟦n⟧`` token."""

    surface: str
    pos1: str
    pos2: str = "*"
    pos3: str = "*"  # サ変可能 (a noun that takes する), 形状詞可能 …
    ctype: str = "*"
    cform: str = "*"
    lemma: str = ""
    base: str = ""
    start: int = -1  # character offset of ``surface`` in the analysed text

    @property
    def end(self) -> int:
        return self.start + len(self.surface)

    @property
    def is_placeholder(self) -> bool:
        return self.pos1 == "placeholder"


@lru_cache(maxsize=1)
def _tagger():
    import fugashi
    import unidic_lite

    dicdir = unidic_lite.DICDIR
    rc = os.path.join(dicdir, "mecabrc")
    return fugashi.Tagger(f'-r "{rc}" -d "{dicdir}"')


@lru_cache(maxsize=1)
def signature() -> str:
    """Tokenizer name with versions, e.g. ``ja-unidic(fugashi-1.5.2,unidic-lite-1.0.8)``."""
    versions = []
    for dist in ("fugashi", "unidic-lite"):
        try:
            versions.append(f"{dist}-{importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - broken install
            versions.append(f"{dist}-unknown")
    return f"{NAME}({','.join(versions)})"


def _field(feature: object, name: str) -> str:
    value = getattr(feature, name, None)
    return "*" if value is None else str(value)


def _analyse(chunk: str, offset: int = 0) -> list[Morpheme]:
    # post-processing analyses the same sentence several times (guard, style, scoring): cached
    return list(_analysed(chunk, offset))


def clear_cache() -> None:
    """Forget cached analyses (benchmarks measure a first run with it)."""
    _analysed.cache_clear()
    _surfaces.cache_clear()


@lru_cache(maxsize=4096)
def _surfaces(chunk: str) -> tuple[str, ...]:
    # the same MeCab parse as _analysed without reading any features: what words() needs
    return tuple(word.surface for word in _tagger()(chunk))


@lru_cache(maxsize=4096)
def _analysed(chunk: str, offset: int) -> tuple[Morpheme, ...]:
    out = []
    cursor = 0
    for word in _tagger()(chunk):
        f = word.feature
        found = chunk.find(word.surface, cursor)
        start = found if found >= 0 else cursor
        cursor = start + len(word.surface)
        out.append(
            Morpheme(
                surface=word.surface,
                pos1=_field(f, "pos1"),
                pos2=_field(f, "pos2"),
                pos3=_field(f, "pos3"),
                ctype=_field(f, "cType"),
                cform=_field(f, "cForm"),
                lemma=_field(f, "lemma"),
                base=_field(f, "orthBase"),
                start=offset + start,
            )
        )
    return tuple(out)


def _parts(text: str) -> Iterator[tuple[str, int, bool]]:
    """``text`` cut at its placeholders: (part, offset, is a placeholder), blank parts left out."""
    last = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if text[last : m.start()].strip():
            yield text[last : m.start()], last, False
        yield m.group(0), m.start(), True
        last = m.end()
    if text[last:].strip():
        yield text[last:], last, False


def morphemes(text: str) -> list[Morpheme]:
    """Analyse ``text`` into UniDic short units; placeholders come back as single morphemes."""
    out: list[Morpheme] = []
    for part, offset, placeholder in _parts(text):
        if placeholder:
            out.append(Morpheme(surface=part, pos1="placeholder", start=offset))
        else:
            out.extend(_analyse(part, offset))
    return out


def words(text: str) -> list[str]:
    """Surface forms of the tokens of ``text`` (no whitespace tokens): the surfaces of
    :func:`morphemes`, from a parse that reads no features (a third of the cost; the repetition
    check runs it on every hypothesis the pipeline keeps)."""
    out: list[str] = []
    for part, _, placeholder in _parts(text):
        out.extend([part] if placeholder else _surfaces(part))
    return [w for w in out if w.strip()]


def tokenize(text: str) -> str:
    """``text`` as space-separated tokens: the input to BLEU with ``tokenize="none"``."""
    return " ".join(words(text))
