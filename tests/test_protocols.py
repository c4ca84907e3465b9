"""Optional engine capabilities are protocols checked with ``isinstance``, not attribute probes."""

from __future__ import annotations

import ast
from pathlib import Path

from jtrans.engines import BaseEngine
from jtrans.protocols import Engine, LoadingEngine, ProgressEngine

PACKAGE = Path(__file__).resolve().parents[1] / "jtrans"
PROBED = ("name", "on_progress", "close", "read_only", "path", "load")


def probes(path: Path) -> list[str]:
    """``getattr(x, "NAME", …)`` / ``hasattr(x, "NAME")`` calls for a protocol's attribute."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in PROBED
        ):
            found.append(f"{path.name}:{node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
    return found


def test_no_module_probes_engines_or_memories_for_protocol_attributes(tmp_path: Path) -> None:
    found = [p for path in sorted(PACKAGE.rglob("*.py")) for p in probes(path)]
    assert not found
    sample = tmp_path / "sample.py"  # the scan does see a probe
    sample.write_text('x = getattr(engine, "on_progress", None)\n', encoding="utf-8")
    assert probes(sample) == ["sample.py:1: getattr(…, 'on_progress')"]


class Plain(BaseEngine):
    name = "plain"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return sentences


class Reporting(Plain):
    def __init__(self) -> None:
        self.on_progress = None
        self.loaded = False

    def load(self) -> Reporting:
        self.loaded = True
        return self


def test_capabilities_are_recognised_by_isinstance() -> None:
    plain, reporting = Plain(), Reporting()
    assert isinstance(plain, Engine) and isinstance(reporting, Engine)
    assert not isinstance(plain, ProgressEngine) and isinstance(reporting, ProgressEngine)
    assert not isinstance(plain, LoadingEngine) and isinstance(reporting, LoadingEngine)
