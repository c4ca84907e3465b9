"""Start-up stays light: a command imports only what it needs (times: benchmarks/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # fresh processes, timed

PROBE = (
    "import sys, json\n"
    "from jtrans.cli import main\n"
    "sys.argv = ['jtrans', *json.loads(sys.argv[1])]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)


def modules(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=120
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_version_loads_no_command() -> None:
    loaded = modules("--version")
    helpers = {"jtrans.cli.fastparams", "jtrans.cli.errors", "jtrans.cli.verbosity"}
    assert not {m for m in loaded if m.startswith("jtrans.cli.")} - helpers
    assert "jtrans.pipeline" not in loaded


def test_translate_loads_neither_other_commands_nor_pydantic(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# Hello\n\nSome text.\n")
    loaded = modules("translate", "--engine", "identity", "--no-tm", str(post))
    assert "jtrans.pipeline" in loaded  # it did translate
    assert not {"jtrans.score", "jtrans.qa", "jtrans.cli.glossary", "jtrans.cli.score"} & loaded
    assert not any(m == "pydantic" or m.startswith("pydantic.") for m in loaded)


def test_help_still_lists_every_command() -> None:
    from jtrans.cli import COMMANDS

    proc = subprocess.run(
        [sys.executable, "-m", "jtrans", "--help"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0
    for name in COMMANDS:
        assert f" {name} " in proc.stdout


def test_memory_served_run_loads_no_engine_or_postprocessing(tmp_path: Path) -> None:
    """ctranslate2, sentencepiece and the post-processing rules are loaded when a unit needs
    the engine, not for a week the translation memory serves."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "models" / "jtrans-small-enja" / "model.bin").is_file():  # pragma: no cover
        pytest.skip("models/jtrans-small-enja is not available")
    pytest.importorskip("ctranslate2")
    post = tmp_path / "post.md"
    post.write_text(
        "# Weekly notes\n\nThe model is trained on a large dataset.\n\n"
        "- [Paper](https://arxiv.org/abs/2401.00001)\n",
        encoding="utf-8",
    )
    out, tm = tmp_path / "post.ja.md", tmp_path / "tm.sqlite"
    args = ("translate", str(post), "-o", str(out), "--tm", str(tm), "-q")
    heavy = {"ctranslate2", "sentencepiece", "jtrans.postprocess"}
    # the MT stage (decoding, rerank, confidence) and the sentence rules (dates, quantities,
    # names) run on units to translate; the glossary checker is for qa and score only
    stages = {"jtrans.mt_stage", "jtrans.decoding", "jtrans.sentence_rules", "jtrans.dates"}
    first = modules(*args)
    assert heavy | stages <= first  # the first run translates: it needs all of them
    translated = out.read_bytes()
    out.unlink()
    served = modules(*args)
    assert not (heavy | stages | {"jtrans.glossary.check"}) & served
    assert out.read_bytes() == translated


GLOSSING = (
    "import json, sys\n"
    "from jtrans import glossary\n"
    "g = glossary.load()\n"
    "asked = {'glosses': g.glosses(sys.argv[1]), 'built': sorted(vars(g)),\n"
    "         'checker': 'jtrans.glossary.check' in sys.modules}\n"
    "g.protect(sys.argv[1], 0)\n"
    "print(json.dumps({'asked': asked, 'protected': sorted(vars(g))}))\n"
)


def test_glossary_is_not_compiled_to_ask_whether_a_unit_glosses() -> None:
    """What a memory-served run asks of the glossary (does this unit hold a keep+gloss term?)
    builds only the keep+gloss matcher: the protecting and checking matchers, and the checker
    module, wait until a unit is translated or checked."""
    text = "We fine-tune a Transformer with RLHF on the GSM8K benchmark."
    proc = subprocess.run(
        [sys.executable, "-c", GLOSSING, text], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    asked = seen["asked"]
    assert "_glossing" in asked["built"]
    assert not {"_protecting", "_all"} & set(asked["built"])
    assert not asked["checker"]
    assert "_protecting" in seen["protected"]  # built when a unit is protected
