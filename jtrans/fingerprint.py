"""Identities of what decides a translation: the pipeline's own code and a model's files.

:func:`code_version` hashes every module of ``jtrans`` the pipeline runs. The modules are found
from the code, not from a list: starting at :mod:`jtrans.pipeline` (and the modules of the engine
and glossary in use), every ``import`` inside ``jtrans`` is followed, lazy ones in functions too,
so a new stage is hashed as soon as the pipeline imports it.

:func:`model_digest` hashes the content of a model directory's files, so the same model copied
elsewhere (a repository checkout and a virtual environment, with different modification times)
has the same identity. Each file's hash is cached by (path, size, modification time), in memory
and in ``$XDG_CACHE_HOME/jtrans/model-digests.json``, so a model is read once, not on every run;
the installed package's code version is kept there too, keyed by its source files' sizes and
modification times.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PACKAGE = "jtrans"
PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_MODULE = "jtrans.pipeline"
_CACHE_NAME = "model-digests.json"
_READ_BLOCK = 1 << 20


# -- the pipeline's code ------------------------------------------------------------------------


def module_file(name: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The source file of the ``jtrans`` module ``name`` under ``package_dir`` (None: not one)."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file() and len(parts) > 1:
        return base.with_suffix(".py")
    return None


def imported_modules(name: str, source: str, package_dir: Path = PACKAGE_DIR) -> set[str]:
    """The ``jtrans`` modules that module ``name`` (its ``source``) imports anywhere in its
    body. ``from jtrans import x`` names the module ``jtrans.x``, not the package."""
    is_package = module_file(name, package_dir) == package_dir.joinpath(
        *name.split(".")[1:], "__init__.py"
    )
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if module_file(child, package_dir) else base)
    return {m for m in found if module_file(m, package_dir) is not None}


def pipeline_modules(
    roots: Iterable[str] = (ROOT_MODULE,), package_dir: Path = PACKAGE_DIR
) -> dict[str, Path]:
    """Every ``jtrans`` module reachable by imports from ``roots`` (with the packages that
    hold them): name → source file."""
    seen: dict[str, Path] = {}
    todo = [r for r in roots if module_file(r, package_dir) is not None]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        file = module_file(name, package_dir)
        assert file is not None
        seen[name] = file
        todo.extend(imported_modules(name, file.read_text(encoding="utf-8"), package_dir))
        # importing a.b.c runs the package a.b first (``jtrans`` itself only re-exports the
        # API, lazily, so the walk starts below it)
        parent = name.rpartition(".")[0]
        if parent and parent != PACKAGE:
            todo.append(parent)
    return dict(sorted(seen.items()))


def code_version(roots: Iterable[str] = (ROOT_MODULE,), package_dir: Path | None = None) -> str:
    """A hash of the source of every module :func:`pipeline_modules` finds: a fix to any stage
    the pipeline runs invalidates output made by the old code. The installed package's hash is
    computed once per process; another ``package_dir`` (a copy) is read every time."""
    key = tuple(sorted(set(roots)))
    if package_dir is None:
        return _installed_code_version(key)
    return _hash_modules(pipeline_modules(key, package_dir))


@lru_cache(maxsize=8)
def _installed_code_version(roots: tuple[str, ...]) -> str:
    """Served from the file-hash cache while no source file of the package changed (size or
    modification time): walking the imports parses ~50 modules, most of a memory-served run."""
    prefix, key = _tree_key(roots)
    cache = _DigestCache.shared()
    known = cache.entries.get(key)
    if known is not None:
        return known
    version = _hash_modules(pipeline_modules(roots, PACKAGE_DIR))
    for old in [k for k in cache.entries if k.startswith(prefix)]:  # older versions of the tree
        del cache.entries[old]
    cache.entries[key] = version
    cache.dirty = True
    cache.save()
    return version


def _tree_key(roots: tuple[str, ...]) -> tuple[str, str]:
    """``(prefix, key)``: the cache key of the package's code for ``roots`` — the sizes and
    modification times of every source file under :data:`PACKAGE_DIR`."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        st = file.stat()
        rel = file.relative_to(PACKAGE_DIR).as_posix()
        digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    prefix = f"code\0{PACKAGE_DIR}\0{','.join(roots)}\0"
    return prefix, prefix + digest.hexdigest()


def _hash_modules(modules: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name, file in modules.items():
        digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# -- a model's files ----------------------------------------------------------------------------


def model_digest(path: str | os.PathLike[str]) -> str | None:
    """A hash of the names and contents of the regular files in the model directory ``path``
    (None when it cannot be read). Two copies of one model give the same digest."""
    folder = Path(path)
    try:
        files = sorted(f for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))
    except OSError:
        return None
    cache = _DigestCache.shared()
    digest = hashlib.sha256()
    try:
        for file in files:
            digest.update(file.name.encode() + b"\0" + cache.file_digest(file).encode() + b"\0")
    except OSError:
        return None
    finally:
        cache.save()
    return digest.hexdigest()[:24]


class _DigestCache:
    """File content hashes keyed by (resolved path, size, mtime), kept between runs."""

    _shared: _DigestCache | None = None

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries: dict[str, str] = {}
        self.dirty = False
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.entries = {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError):
            pass

    @classmethod
    def shared(cls) -> _DigestCache:
        file = cache_file()
        if cls._shared is None or cls._shared.file != file:
            cls._shared = cls(file)
        return cls._shared

    def file_digest(self, file: Path) -> str:
        st = file.stat()
        key = f"{file.resolve()}\0{st.st_size}\0{st.st_mtime_ns}"
        known = self.entries.get(key)
        if known is not None:
            return known
        digest = hashlib.sha256()
        with open(file, "rb") as fh:
            while block := fh.read(_READ_BLOCK):
                digest.update(block)
        stale = [k for k in self.entries if k.split("\0", 1)[0] == key.split("\0", 1)[0]]
        for old in stale:  # an older version of the same file
            del self.entries[old]
        self.entries[key] = digest.hexdigest()
        self.dirty = True
        return self.entries[key]

    def save(self) -> None:
        """Write the cache (best effort: a read-only cache folder only costs a re-hash)."""
        if not self.dirty:
            return
        from jtrans.fileio import write_atomic

        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps(self.entries, sort_keys=True).encode("utf-8"))
            self.dirty = False
        except OSError:
            pass


def cache_file() -> Path:
    """Where file hashes are kept: ``$XDG_CACHE_HOME/jtrans/model-digests.json``."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "jtrans" / _CACHE_NAME
