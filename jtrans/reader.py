"""Reading input text: files, standard input, pipes and devices, in any text encoding.

Every input (a post, a hypothesis or reference, a review file) is read through here: bounded
reads (:func:`read_bytes`, :func:`read_stdin`), decoding with a one-line :class:`InputError`
naming the path and the offset (and line) of a bad byte (:func:`decode`), and the byte order
mark (:data:`BOM`, :func:`strip_bom`), which jtrans keeps out of the pipeline and writes back.
Writing lives next door in :mod:`jtrans.fileio`.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

BOM = "\ufeff"
# What is read into memory from an input without a size (stdin, a pipe, a device such as
# /dev/zero): larger posts belong in a file, which is translated chunk by chunk.
MAX_UNSIZED_BYTES = 64 << 20
_BLOCK = 1 << 16


class InputError(ValueError):
    """The input cannot be read as text: a missing or unreadable file, a folder, binary data,
    bytes invalid in its encoding. The message is one line; ``path``, ``line`` and ``offset``
    (of the bad byte, 0-based; ``line`` 1-based) say where, when known; ``reason`` is the
    message without the leading name (for callers that put ``path:line:`` in front)."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        offset: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.offset = offset
        self.reason = reason or message


class EncodingError(InputError):
    """``encoding`` names no codec, or one that does not turn bytes into text (``rot13``,
    ``base64``, ``zlib``): a usage error rather than a problem of the file."""


def text_codec(encoding: str) -> codecs.CodecInfo:
    """The codec for ``encoding``; ``EncodingError`` unless it decodes bytes to text."""
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise EncodingError(f"unknown encoding {encoding!r}") from None
    if not getattr(codec, "_is_text_encoding", True):
        raise EncodingError(
            f"{encoding!r} is not a text encoding (it is a bytes-to-bytes or text-to-text codec)"
        )
    return codec


def bom_hint(data: bytes, name: str) -> str | None:
    """A message for UTF-16/UTF-32 text read as UTF-8 (its byte order mark gives it away)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return (
                f"{name} is {codec.upper()} text (it starts with a {codec.upper()} byte order "
                f"mark); pass --encoding {codec}"
            )
    return None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read a text file exactly (no newline translation); refuse binary files.

    ``encoding`` (default UTF-8) is any Python codec name; the text is returned decoded."""
    return decode(read_bytes(path), str(path), encoding)


def read_bytes(path: Path, what: str = "a Markdown file", limit: int | None = None) -> bytes:
    """The bytes of ``path``; ``InputError`` for a folder, a missing or unreadable file, or
    more than ``limit`` bytes (a pipe or device: at most :data:`MAX_UNSIZED_BYTES` anyway)."""
    if path.is_dir():
        raise InputError(f"{path} is a directory, not {what}")
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return read_capped(fh, str(path), limit)
            if limit is not None and st.st_size > limit:
                raise InputError(_too_large(str(path), st.st_size, limit, what))
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_stdin(limit: int | None = None) -> bytes:
    """Standard input, at most ``limit`` bytes (default :data:`MAX_UNSIZED_BYTES`;
    ``InputError`` beyond: an endless pipe)."""
    return read_capped(sys.stdin.buffer, "stdin", limit)


def read_capped(fh: BinaryIO, name: str, limit: int | None = None) -> bytes:
    """Read ``fh`` block by block; ``InputError`` as soon as it gives more than ``limit``
    bytes (default :data:`MAX_UNSIZED_BYTES`), so memory stays bounded however much the other
    end writes."""
    limit = min(limit or MAX_UNSIZED_BYTES, MAX_UNSIZED_BYTES)
    blocks: list[bytes] = []
    size = 0
    while True:
        block = fh.read(_BLOCK)
        if not block:
            return b"".join(blocks)
        size += len(block)
        if size > limit:
            raise InputError(
                f"{name} gives more than {_mib(limit)} and is not a regular file; jtrans reads "
                "at most that much from a pipe or device (save it to a file: large files are "
                "translated in chunks)"
            )
        blocks.append(block)


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.0f} MiB" if size >= 1 << 20 else f"{size} bytes"


def _too_large(name: str, size: int, limit: int, what: str) -> str:
    return f"{name} is {size / (1 << 20):.1f} MiB, more than {_mib(limit)} for {what}"


ENCODING_ADVICE = "pass --encoding ENC if it uses another encoding"


def decode(
    data: bytes, name: str, encoding: str = "utf-8", *, advice: str = ENCODING_ADVICE
) -> str:
    """``data`` as text; ``InputError`` for binary input or bytes invalid in ``encoding``
    (the message names the byte offset and, for UTF-8 input, ends with ``advice``: how to
    pass another encoding, or what to do where there is no such option)."""
    codec = text_codec(encoding)
    utf8 = codec.name == "utf-8"
    hint = bom_hint(data[:4], name) if utf8 else None
    if hint:
        reason = hint.removeprefix(f"{name} is ")
        raise InputError(hint, name, 1, 0, reason=reason)
    if utf8 and b"\0" in data:
        at = data.index(b"\0")
        reason = "a binary file (it contains NUL bytes)"
        raise InputError(f"{name} looks like {reason}", name, _line(data, at), at, reason=reason)
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if utf8 else encoding
        bad = data[exc.start : exc.start + 1].hex()
        reason = f"not {label} text (byte {exc.start}: 0x{bad})" + (f"; {advice}" if utf8 else "")
        raise InputError(
            f"{name} is {reason}", name, _line(data, exc.start), exc.start, reason=reason
        ) from None
    if "\0" in text:
        reason = "a binary file (it contains NUL characters)"
        raise InputError(f"{name} looks like {reason}", name, reason=reason)
    return text


def universal_newlines(text: str) -> str:
    """``text`` with CRLF and CR line ends as ``\\n`` (as Python's text mode reads it)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset`` of ``data``."""
    return data.count(b"\n", 0, offset) + 1


def strip_bom(text: str) -> str:
    """``text`` without its leading byte order mark (U+FEFF), if it has one."""
    return text[1:] if text.startswith(BOM) else text
