"""Atomic file writes: a temporary file in the same folder, fsync, then ``os.replace``.

A reader (or a crash) never sees a half-written output; an existing file keeps its permission
bits; a read-only existing file is refused rather than silently replaced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class ReadOnlyError(PermissionError):
    """The target exists and is not writable (``os.replace`` would replace it anyway)."""


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically; return the path."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with atomic_writer(path) as fh:
        fh.write(data)
    return Path(path)


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only when the block ends without an exception
    (large outputs are written progressively, yet ``path`` never holds half a file)."""
    path = Path(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise ReadOnlyError(f"{path} is read-only")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
