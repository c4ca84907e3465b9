"""Atomic file writes: a temporary file in the same folder, fsync, then ``os.replace``.

A reader (or a crash) never sees a half-written output; an existing file keeps its permission
bits; a read-only existing file (by its mode bits, so also for root) is refused rather than
silently replaced.

Only regular files are replaced by rename. A symlink is followed and its target is written
atomically (the link stays a link); character devices and FIFOs (``/dev/null``,
``/dev/stdout``, a named pipe) are written straight through, as a shell redirection would.

Each temp file (``.NAME.XXXXXXXX.tmp``) is locked (``flock``) while it is written; a run killed
with ``kill -9`` leaves it unlocked, and the next write to the same target removes it.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_TMP_RE = re.compile(r"[A-Za-z0-9_]{8}\.tmp")  # what tempfile.mkstemp puts after the prefix


class ReadOnlyError(PermissionError):
    """The target exists and is not writable (``os.replace`` would replace it anyway)."""


class NotAFileError(OSError):
    """The target is something that can be neither replaced nor written (a socket, a block
    device)."""


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically; return the path."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with atomic_writer(path) as fh:
        fh.write(data)
    return Path(path)


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether an existing ``path`` must not be written: no write bit at all in its mode (root
    included, for whom ``os.access`` is always true) or not writable for this user."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is written straight through rather than replaced: a character device,
    a FIFO, or one of the process's own descriptors (``/dev/stdout``, ``/dev/fd/N``)."""
    name = os.fspath(path)
    if name in ("/dev/stdout", "/dev/stderr") or name.startswith(("/dev/fd/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def target_of(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` really replaces: a symlink's final target, else ``path``."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only when the block ends without an exception
    (large outputs are written progressively, yet ``path`` never holds half a file)."""
    if is_stream(path):
        with open(path, "wb") as fh:  # noqa: PTH123 - a device or pipe: no temp, no rename
            yield fh
        return
    path = target_of(path)
    if path.exists() and not path.is_dir():
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise NotAFileError(f"{path} is not a regular file")
    if is_read_only(path):
        raise ReadOnlyError(f"{path} is read-only")
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_temps(path)
    fd, tmp = _locked_temp(path, folder)
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
            os.replace(tmp, path)  # still locked: no other run takes it for a stale temp
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _locked_temp(path: Path, folder: Path) -> tuple[int, str]:
    """A new temp file for ``path``, created and locked (``flock``) by this process."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:  # not removed as stale between mkstemp and flock
            return fd, tmp
        os.close(fd)


def remove_stale_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temp files of earlier writes to ``path`` whose writer is gone (killed with
    ``kill -9``, a power cut): they are not locked any more. Return what was removed."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    removed: list[Path] = []
    for tmp in folder.glob(glob.escape(prefix) + "*.tmp"):
        if not _TMP_RE.fullmatch(tmp.name[len(prefix) :]):
            continue
        try:
            fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # a live writer holds it
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
        finally:
            os.close(fd)
    return removed
