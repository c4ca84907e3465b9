"""The default glossary is found after ``pip install`` (wheel data-files), not only in a
checkout. Builds a wheel from a copy of the working tree and installs it into a fresh venv
without dependencies (``jtrans.glossary`` needs only the standard library)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from jtrans.glossary import load

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "work", "models", "build", "dist", "*.egg-info", "__pycache__", ".*cache"
)


@pytest.mark.slow
def test_installed_package_finds_the_default_glossary(tmp_path: Path) -> None:
    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip().splitlines()[-1:]}")
    (wheel,) = wheels.glob("jtrans-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import jtrans.glossary as g; p = g.default_paths(); print(p[0]); print(len(g.load()))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    folder, count = probe.stdout.split()
    assert Path(folder) == env_dir / "share" / "jtrans" / "glossary"
    assert int(count) == len(load())
