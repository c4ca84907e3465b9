"""``pip install <repo>`` (not editable) gives a jtrans that translates from any folder.

Builds a wheel from a copy of the working tree (without the training checkpoint) and checks
that it carries the default model (the folder ``models/DEFAULT`` names, whatever that is) and
the glossary. The wheel is then installed into a fresh venv without dependencies (they are
borrowed from this interpreter through a ``.pth`` file) and a post is translated from an empty
folder and from inside the repository: the outputs must be byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "work", "checkpoint", "build", "dist", "*.egg-info", "__pycache__", ".*cache"
)
pytestmark = pytest.mark.slow


def _env(**extra: str) -> dict[str, str]:
    """The environment without this checkout on PYTHONPATH (the installed copy must be used)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return env | extra


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    out = tmp / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q"]
        + ["-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_env(),
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip().splitlines()[-1:]}")
    (found,) = out.glob("jtrans-*.whl")
    return found


def test_wheel_carries_the_default_model_and_the_glossary(wheel: Path) -> None:
    name = (REPO / "models" / "DEFAULT").read_text(encoding="utf-8").strip()
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert zf.read("jtrans/data/models/DEFAULT").decode().strip() == name
        model_bin = zf.getinfo(f"jtrans/data/models/{name}/model.bin")
    assert model_bin.file_size == (REPO / "models" / name / "model.bin").stat().st_size
    for f in (REPO / "models" / name).iterdir():
        assert f"jtrans/data/models/{name}/{f.name}" in names
    for f in (REPO / "glossary").glob("*.tsv"):
        assert f"jtrans/data/glossary/{f.name}" in names
    assert not any("checkpoint" in n for n in names)  # training state stays out
    assert not any(n.endswith(".data/data/share/jtrans/glossary/terms.tsv") for n in names)


def test_installed_jtrans_translates_from_any_folder_like_inside_the_repo(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    with zipfile.ZipFile(wheel) as zf:  # what pip would unpack (no scripts are needed)
        zf.extractall(site)
    # dependencies from this interpreter, after the installed jtrans on sys.path
    borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_borrowed_deps.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(REPO / "examples" / "post.md", empty / "post.md")
    env = _env(JTRANS_CONFIG_DIR=str(tmp_path / "no-user-config"))

    def run(post: Path, cwd: Path) -> bytes:
        proc = subprocess.run(
            [str(python), "-m", "jtrans", "translate", str(post), "--no-tm"],
            cwd=cwd,
            capture_output=True,
            env=env,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout

    where = subprocess.run(
        [str(python), "-c", "import jtrans.models as m; print(m.resolve('default'))"],
        cwd=empty,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site)
    outside = run(empty / "post.md", empty)
    inside = run(REPO / "examples" / "post.md", REPO)
    assert outside == inside
    text = outside.decode("utf-8")
    assert "[Paper](https://arxiv.org/abs/2506.21407), [Tweet](" in text  # link lists stay English
    assert sum(0x3040 <= ord(c) <= 0x30FF for c in text) > 100  # Japanese out


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build --sdist --no-isolation`` of a copy of the working tree (the same
    backend call, without needing the ``build`` package)."""
    pytest.importorskip("setuptools")
    tmp = tmp_path_factory.mktemp("sdist")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=IGNORE)
    out = tmp / "dist"
    call = f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"
    build = subprocess.run(
        [sys.executable, "-c", call], cwd=src, capture_output=True, text=True, timeout=600,
        env=_env(),
    )  # fmt: skip
    if build.returncode != 0:
        pytest.skip(f"cannot build an sdist here: {build.stderr.strip().splitlines()[-1:]}")
    (found,) = out.glob("jtrans-*.tar.gz")
    return found


def test_sdist_carries_the_default_model_and_the_glossary(sdist: Path) -> None:
    """A wheel built from the sdist (``pip install jtrans-*.tar.gz``) runs the same build hook,
    so the sdist must hold what it copies, at its places in the checkout."""
    name = (REPO / "models" / "DEFAULT").read_text(encoding="utf-8").strip()
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1]: m for m in tf.getmembers() if "/" in m.name}
        default = tf.extractfile(members["models/DEFAULT"])
        assert default is not None and default.read().decode().strip() == name
    for f in (REPO / "models" / name).iterdir():
        if f.is_file() and not f.name.startswith("."):
            assert members[f"models/{name}/{f.name}"].size == f.stat().st_size
    for f in [*(REPO / "glossary").glob("*.tsv"), REPO / "glossary" / "README.md"]:
        assert f"glossary/{f.name}" in members
    assert "setup.py" in members  # the hook that bundles them into the wheel
    assert not any("checkpoint" in n for n in members)  # training state stays out
