"""Test engines: ``identity`` returns its input, ``upper`` upper-cases text outside placeholders."""

from __future__ import annotations

from jtrans.engines import BaseEngine, register
from jtrans.placeholders import PLACEHOLDER_RE


class IdentityEngine(BaseEngine):
    name = "identity"

    def __init__(self, **_: object) -> None:
        pass

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return list(sentences)


class UpperEngine(BaseEngine):
    name = "upper"

    def __init__(self, **_: object) -> None:
        pass

    def translate_batch(self, sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            parts, last = [], 0
            for m in PLACEHOLDER_RE.finditer(s):
                parts.append(s[last : m.start()].upper())
                parts.append(m.group(0))
                last = m.end()
            parts.append(s[last:].upper())
            out.append("".join(parts))
        return out


register("identity")(IdentityEngine)
register("upper")(UpperEngine)
