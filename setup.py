"""Build hook: the wheel carries the default model and the default glossary inside the package.

``pip install .`` (not editable) copies, into ``jtrans/data/`` of the build:

* ``models/DEFAULT`` and the model folder it names (whatever that is at build time, so replacing
  the default model needs no change here), as ``jtrans/data/models/``;
* ``glossary/*.tsv`` and its README, as ``jtrans/data/glossary/``.

``jtrans.locations`` finds them there. Editable installs read ``models/`` and ``glossary/`` of
the checkout directly, so nothing is copied for them.

The source distribution (``python -m build --sdist``) carries the same files at their places in
the checkout (``models/DEFAULT``, its model folder, ``glossary/``), so a wheel built from it, or
``pip install jtrans-*.tar.gz``, bundles them the same way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent


def bundled_files() -> dict[str, Path]:
    """Path inside the package (``data/…``) → source file, for the default model and glossary."""
    files: dict[str, Path] = {}
    default = ROOT / "models" / "DEFAULT"
    if default.is_file():
        name = default.read_text(encoding="utf-8").strip()
        folder = ROOT / "models" / name
        if not name or not folder.is_dir():
            raise SystemExit(f"models/DEFAULT names {name!r}, which is not a folder in models/")
        files["data/models/DEFAULT"] = default
        for f in sorted(folder.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                files[f"data/models/{name}/{f.name}"] = f
    for f in sorted((ROOT / "glossary").glob("*.tsv")) + [ROOT / "glossary" / "README.md"]:
        if f.is_file():
            files[f"data/glossary/{f.name}"] = f
    return files


class BuildWithData(build_py):
    """``build_py`` that also copies the default model and glossary into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "jtrans"
        for rel, src in bundled_files().items():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)


class SdistWithData(sdist):
    """``sdist`` that also ships the default model and glossary the build hook bundles."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        extra = [src.relative_to(ROOT).as_posix() for src in bundled_files().values()]
        super().make_release_tree(base_dir, [*files, *(f for f in extra if f not in files)])


setup(cmdclass={"build_py": BuildWithData, "sdist": SdistWithData})
