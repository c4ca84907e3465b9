"""A test-only engine, ``slow``: the ``upper`` engine taking ``$JTRANS_SLOW_SECONDS`` per sentence
(import this module to register it; used to interrupt a run mid-way)."""

from __future__ import annotations

import os
import time

from jtrans.engines import register
from jtrans.engines.simple import UpperEngine


class SlowEngine(UpperEngine):
    name = "slow"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        time.sleep(float(os.environ.get("JTRANS_SLOW_SECONDS", "0.05")) * len(sentences))
        return super().translate_batch(sentences)


register("slow")(SlowEngine)
