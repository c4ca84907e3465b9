"""ASCII punctuation in Japanese context → Japanese punctuation.

- ``,`` / ``，`` next to Japanese → ``、``; ``.`` / ``．`` ending a Japanese clause → ``。``
  (``1.5``, ``e.g.`` and ``GPT-4.`` inside English stay);
- ``!`` ``?`` after Japanese → ``！`` ``？`` (``:`` stays ASCII, as in the house references:
  ``例:``);
- ``( … )``: kept by default (``parentheses = "off"``: the house references write
  ``強化学習(RLHF)`` and ``(例:インターネット)``); ``"content"`` makes ``（ … ）`` when the
  content holds Japanese, ``"context"`` also when Japanese surrounds it (JTF style);
- ``"…"`` / ``“…”`` with Japanese content → ``「…」``.

Placeholders count as Latin-ish tokens and are never edited.
"""

from __future__ import annotations

import re

from jtrans.placeholders import strip
from jtrans.postprocess import spaces
from jtrans.postprocess.chars import JA_WORD, SPACES, has_japanese, is_ja_word

NAME = "punctuation"

_JA_END = f"[{JA_WORD}）」』]"
_COMMA = re.compile(
    f"(?<={_JA_END})[{SPACES}]*[,，][{SPACES}]*|[{SPACES}]*[,，][{SPACES}]*(?=[{JA_WORD}「（])"
)
_PERIOD_AFTER_JA = re.compile(f"(?<={_JA_END})[{SPACES}]*[.．](?![.0-9A-Za-z])[{SPACES}]*")
_FINAL_PERIOD = re.compile(r"(?<=[A-Za-z0-9)\]\u27e7])[.．]([)\]」』]?)$")
_BANG = re.compile(f"(?<={_JA_END})[{SPACES}]*([!?])(?![/0-9])[{SPACES}]*")
_FULL = {"!": "！", "?": "？"}
_PARENS = re.compile(r"\(([^()]*)\)")
_QUOTES = re.compile(r"\"([^\"]*)\"|“([^“”]*)”")


def _parens(text: str, mode: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1)
        before = text[: m.start()].rstrip(SPACES)[-1:]
        after = text[m.end() :].lstrip(SPACES)[:1]
        japanese_inside = has_japanese(inner)
        context = is_ja_word(before) and is_ja_word(after)
        if japanese_inside or (mode == "context" and context):
            return f"（{inner.strip(SPACES)}）"
        return m.group(0)

    return _PARENS.sub(repl, text)


def _quotes(m: re.Match[str]) -> str:
    inner = m.group(1) if m.group(1) is not None else m.group(2)
    return f"「{inner.strip(SPACES)}」" if has_japanese(inner) else m.group(0)


def apply(ja: str, parentheses: str = "off") -> str:
    """Convert ASCII punctuation in Japanese context; ``parentheses`` as in the config."""
    if not has_japanese(ja):
        return ja
    out = _QUOTES.sub(_quotes, ja)
    if parentheses != "off":
        out = _parens(out, parentheses)
    out = _COMMA.sub("、", out)
    out = _PERIOD_AFTER_JA.sub("。", out)
    out = _BANG.sub(lambda m: _FULL[m.group(1)], out)
    stripped = out.rstrip()
    tail = out[len(stripped) :]
    last_sentence = re.split("[。！？]", strip(stripped, "X"))[-1]
    if has_japanese(last_sentence):
        stripped = _FINAL_PERIOD.sub(lambda m: "。" + m.group(1), stripped)
    out = stripped + tail
    return spaces.apply(out)  # new 、。（）「」 take no spaces around them
