"""Fuzzing (hypothesis) of segment → protect → split → reassemble → post-processing with random
Unicode and Markdown: nothing raises, the identity engine round-trips every input byte for
byte, the stages' own invariants hold, and with an engine that answers in random Japanese the
post-processed output still carries every URL and code span of the input.

CI runs at least 2,000 examples of each of the two main properties (``FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jtrans.config import Config
from jtrans.engines import get
from jtrans.pipeline import Pipeline
from jtrans.placeholders import PLACEHOLDER_RE, expand
from jtrans.protect import protect_unit
from jtrans.segment import segment
from jtrans.stream import iter_chunks

pytestmark = pytest.mark.slow  # hypothesis

FUZZ_EXAMPLES = int(os.environ.get("JTRANS_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Markdown that changes parsing: block starts, containers, inline markup, line endings and the
# odd characters markdown-it normalises (NUL, lone CR, tabs, Unicode line separators).
FRAGMENTS = [
    "# ", "## ", "> ", "- ", "* ", "1. ", "2) ", "    ", "\t", "  \n", "\\\n", "\n", "\n\n",
    "\r\n", "\r", "\r\n\r\n", "| a | b |\n|---|:-:|\n| c | d |\n", "|", "\\|", "---\n", "===\n",
    "```\n", "```py\nx = 1\n```\n", "~~~\n", "`", "``", "`code`", "**", "*", "_", "~~", "[", "]",
    "(", ")", "[label](https://example.org/a_(b)?c=1)", "![img](x.png)", "[ref]: https://r.org\n",
    "[x][ref]", "<https://auto.link>", "https://arxiv.org/abs/2403.01234", "<br>", "<br>● ",
    "<div>\n", "</div>\n", "<!--", "-->", "$x^2$", "$$", "$5", "&amp;", "&#12354;", "#rlhf",
    "@user", "e.g.", "vs.", "1.5B", "GPT-4o", "3.2%", "U.S.", "...", "…", ";", ". ", "! ", "? ",
    "⟦0⟧", "⟦", "⟧", "\ufeff", "\u2028", "\u0085", "\x0b", "\x0c", "\x00", "\u200b", "é", "ü",
    "日本語", "ﾃｽﾄ", "１２３", "🙂", "👩‍💻", "\u0301", "\u202e", "ß", "İ", "ﬁ", "Ω",
    "The model learns", "agents reason", "fine-tuning", "LLM", "Transformer", "a", "It works",
]  # fmt: skip

markdownish = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
        st.text(alphabet="abc XYZ.,;:!?'\"-", min_size=1, max_size=20),
    ),
    max_size=40,
).map("".join)

IDENTITY = Pipeline(get("identity"))
UPPER = Pipeline(get("upper"))


@FUZZ
@given(markdownish)
def test_identity_round_trip_and_stage_invariants(text: str) -> None:
    units = segment(text)
    last = 0
    for unit in units:
        assert last <= unit.start <= unit.end <= len(text)
        assert text[unit.start : unit.end] == unit.source_text()
        last = unit.end
        prot = protect_unit(unit.text)
        assert expand(prot.text, prot.originals) == unit.text  # protection is lossless
    assert IDENTITY(text) == text
    # chunking at block boundaries changes nothing either
    chunks = list(iter_chunks([text], chunk_chars=16))
    assert "".join(chunks) == text
    assert "".join(IDENTITY(c) for c in chunks) == text


@settings(max_examples=max(FUZZ_EXAMPLES // 4, 50), deadline=None)
@given(markdownish)
@example("`\r\n`")  # a CRLF inside inline code (found by this test)
@example("**```\n`  \n\x1f```\n")  # a control character that is whitespace (found by it)
def test_upper_engine_keeps_lines_and_protected_spans(text: str) -> None:
    out = UPPER(text)
    assert len(out.splitlines()) == len(text.splitlines())
    lf = out.replace("\r\n", "\n").replace("\r", "\n")  # units see line ends as \n
    for unit in segment(text):
        for span in protect_unit(unit.text).spans:
            if span.kind in ("code", "url", "math"):
                # a unit's text leaves out each line's leading whitespace (its gaps: "\x1f" is
                # whitespace to Python), which reassembly puts back
                assert "".join(span.text.split()) in "".join(lf.split()), span


# -- Japanese output: post-processing on random Japanese ----------------------------------------

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろん"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロンー"
KANJI = "日本語学習推論強化事前言語大規模手法提案評価結果性能向上"
PIECES = [*KANA, *KATAKANA, *KANJI, "。", "、", "！", "？", "「", "」", "（", "）", " ", "　",
          "です", "ます", "である", "した", "LLM", "GPT-4o", "3.5", "％", "ー", "!!", "...",
          "**", "`", "|", "[", "]", "*", "\n"]  # fmt: skip


class RandomJapanese:
    """A test engine answering in random Japanese, keeping (and sometimes reordering,
    dropping or repeating) the placeholders of each sentence, as a weak model would."""

    name = "random-ja"
    target_lang = "ja"

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [self._one(s) for s in sentences]

    def _one(self, sentence: str) -> str:
        rng = self.rng
        holders = PLACEHOLDER_RE.findall(sentence)
        tokens = [f"⟦{h}⟧" for h in holders]
        if tokens and rng.random() < 0.1:
            tokens.pop(rng.randrange(len(tokens)))  # a lost placeholder: retried, then appended
        if tokens and rng.random() < 0.1:
            tokens.append(rng.choice(tokens))  # a repeated one: removed
        rng.shuffle(tokens)
        words = [rng.choice(PIECES) for _ in range(rng.randint(0, 12))]
        for t in tokens:
            words.insert(rng.randint(0, len(words)), t)
        return "".join(words)


_POSTPROCESS = None


def postprocessor():  # built once: post-processing loads the UniDic tokenizer
    global _POSTPROCESS
    if _POSTPROCESS is None:
        from jtrans.api import make_postprocessor

        _POSTPROCESS = make_postprocessor(Config())
    return _POSTPROCESS


CODE_AND_URLS = re.compile(r"`[^`\n]+`|https?://[A-Za-z0-9./_?=%-]+[A-Za-z0-9/_=%-]")


@FUZZ
@given(markdownish, st.integers(0, 2**32 - 1))
def test_postprocessed_japanese_keeps_protected_spans(text: str, seed: int) -> None:
    pipeline = Pipeline(RandomJapanese(seed), postprocessor=postprocessor(), config=Config())
    result = pipeline.translate(text)  # must not raise
    out = result.text
    for unit in segment(text):
        prot = protect_unit(unit.text)
        for span in prot.spans:
            if span.kind in ("code", "url") and CODE_AND_URLS.fullmatch(span.text):
                assert span.text in out, (span.text, out)
    assert "⟦" not in out or "⟦" in text  # no placeholder leaks into the output
