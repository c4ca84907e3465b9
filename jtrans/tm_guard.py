"""A translation memory that can never cost a finished translation.

:class:`GuardedMemory` wraps a :class:`jtrans.tm.TranslationMemory` for ``jtrans translate``:
a lookup or write that fails (disk full, the file locked by another writer past the busy
timeout, a read-only file) is recorded instead of raised, and the run goes on translating
without the memory. The caller writes its output first and only then asks :attr:`problem`
what to report: the default memory only costs speed (a warning), an explicit ``--tm`` is an
error after the output is safe.
"""

from __future__ import annotations

from typing import Any

from jtrans.tm import Match, TMError, TranslationMemory


class GuardedMemory:
    """``lookup`` and ``put_many`` of ``memory``, with failures kept in :attr:`problem`."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory
        self.problem: str | None = None  # the first failure, one line
        self.skipped = 0  # units not stored (after a failure, or read-only)

    @property
    def path(self) -> Any:
        return self.memory.path

    @property
    def read_only(self) -> bool:
        return self.memory.read_only

    def lookup(self, sources: list[str], context: str) -> dict[str, Match]:
        if self.problem is not None:
            return {}
        try:
            return self.memory.lookup(sources, context)
        except TMError as exc:
            self.problem = str(exc)
            return {}

    def get_many(self, sources: list[str], context: str) -> dict[str, str]:
        return {key: match.target for key, match in self.lookup(sources, context).items()}

    def put_many(self, pairs: list[tuple[str, str]], *args: Any, **kwargs: Any) -> int:
        if self.problem is not None or self.read_only:
            self.skipped += len(pairs)
            return 0
        try:
            return self.memory.put_many(pairs, *args, **kwargs)
        except TMError as exc:
            self.problem = str(exc)
            self.skipped += len(pairs)
            return 0

    def close(self) -> None:
        self.memory.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.memory, name)
