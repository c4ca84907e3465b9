"""Translation memory: translated units kept in SQLite, so unchanged text is never re-translated.

An entry maps a *translatable unit* (heading, paragraph, table cell, list item) to its final
Japanese Markdown, exactly as the pipeline reassembles it. The key is the unit's normalised
source text plus a *context*: a hash of everything that changes the output (the model's files by
content, glossary entries, post-processing and link settings, engine settings, every module the
pipeline runs; see :func:`context_id`), so a new model or glossary never reuses stale output.

Entries are ``mt`` (machine translated) or ``human`` (imported from a reviewed TMX, PO or XLIFF).
A human entry wins over MT for the same source in any context (a reviewed translation does not
depend on the model that produced the draft), and MT never overwrites a human entry.

The database uses WAL journaling and a busy timeout, so two runs can share it; every write is one
transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so an interrupted run leaves either all or none
of a batch. TMX export/import goes through translate-toolkit so CAT tools can load the memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ORIGINS = ("mt", "human")
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
_CHUNK = 500  # bound parameters per query (SQLite's limit is 999 on old builds)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source TEXT NOT NULL,
    context TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('mt', 'human')),
    created REAL NOT NULL,
    used REAL NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, context)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_used ON entries (used);
"""


class TMError(OSError):
    """The translation memory cannot be opened, read or written (one-line message; an
    ``OSError``, so the CLI reports it as a file problem)."""


@dataclass(frozen=True)
class Match:
    """A stored translation: its text, origin and the warnings the pipeline gave for it."""

    target: str
    origin: str
    flags: tuple[tuple[str, str], ...] = ()  # (rule, message), reported again on reuse


def normalise(source: str) -> str:
    """The lookup key for a unit's source text.

    Line-ending style and surrounding whitespace do not matter; inner whitespace is kept because
    it carries layout (hard line breaks, gaps between a title and its text).
    """
    return source.replace("\r\n", "\n").replace("\r", "\n").strip()


def default_path() -> Path:
    """``$JTRANS_TM``, else ``$XDG_CACHE_HOME/jtrans/tm.sqlite`` (``~/.cache`` by default)."""
    env = os.environ.get("JTRANS_TM")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "jtrans" / "tm.sqlite"


class TranslationMemory:
    """A SQLite translation memory at ``path`` (created with its folder when missing)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise TMError(f"translation memory {self.path} is a directory")
        # a memory the user cannot write (mode bits, read-only folder) is still read
        self.read_only = self.path.exists() and _unwritable(self.path)
        try:
            if self.read_only:
                self._db = _connect_read_only(self.path)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(
                    str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
        except (OSError, sqlite3.Error) as exc:
            raise TMError(f"cannot open translation memory {self.path}: {exc}") from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            self._check_foreign(version)  # before WAL: another program's database is left as is
            if version > SCHEMA_VERSION:
                raise TMError(
                    f"translation memory {self.path} was written by a newer jtrans "
                    f"(schema {version})"
                )
            if not self.read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                with self._transaction():
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except TMError:
            self._db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise TMError(f"{self.path} is not a usable translation memory: {exc}") from None

    def _check_foreign(self, version: int) -> None:
        """Refuse an SQLite database that is not a jtrans memory (tables of its own, or a
        versioned file without the ``entries`` table): it is never changed."""
        tables = [
            row[0]
            for row in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        if (version == 0 and tables) or (version > 0 and "entries" not in tables):
            shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "") or "none"
            raise TMError(
                f"{self.path} is an SQLite database but not a jtrans translation memory "
                f"(tables: {shown}); give --tm a new file name"
            )

    # -- lookups and writes -------------------------------------------------------------------

    def get_many(self, sources: list[str], context: str) -> dict[str, str]:
        """``normalise(source) → target`` for every source with an entry in ``context``.

        A human entry (in this context, else in any context, the latest) wins over MT.
        """
        return {key: match.target for key, match in self.lookup(sources, context).items()}

    def lookup(self, sources: list[str], context: str) -> dict[str, Match]:
        """Like :meth:`get_many` with each entry's origin and stored warnings."""
        keys = list(dict.fromkeys(normalise(s) for s in sources))
        best: dict[str, tuple[int, float, str, Match]] = {}  # key → (rank, created, ctx, …)
        for part in _chunks(keys):
            marks = ",".join("?" * len(part))
            rows = self._read(
                f"SELECT source, context, target, origin, created, flags FROM entries "
                f"WHERE source IN ({marks}) AND (context = ? OR origin = 'human')",
                [*part, context],
            )
            for source, ctx, target, origin, created, flags in rows:
                rank = (2 if ctx == context else 1) if origin == "human" else 0
                old = best.get(source)
                if old is None or (rank, created) > old[:2]:
                    best[source] = (rank, created, ctx, Match(target, origin, _flags(flags)))
        if best:
            self._touch([(key, value[2]) for key, value in best.items()])
        return {key: value[3] for key, value in best.items()}

    def put_many(
        self,
        pairs: list[tuple[str, str]],
        context: str,
        origin: str = "mt",
        flags: dict[str, list[tuple[str, str]]] | None = None,
    ) -> int:
        """Store ``(source, target)`` pairs in one transaction; return how many were written.

        An ``mt`` entry never replaces a ``human`` one; a ``human`` entry replaces anything.
        ``flags`` maps a source to the ``(rule, message)`` warnings its translation had.
        """
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        now = time.time()
        flags = flags or {}
        rows = [
            (normalise(s), context, t, origin, now, now, json.dumps(flags.get(s, [])))
            for s, t in pairs
            if s.strip()
        ]
        if not rows:
            return 0
        guard = "" if origin == "human" else "WHERE entries.origin != 'human'"
        sql = (
            "INSERT INTO entries (source, context, target, origin, created, used, flags) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, context) DO UPDATE SET "
            "target = excluded.target, origin = excluded.origin, created = excluded.created, "
            f"used = excluded.used, flags = excluded.flags {guard}"
        )
        with self._transaction():
            before = self._db.total_changes
            self._db.executemany(sql, rows)
            return self._db.total_changes - before

    # -- maintenance ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts by origin, number of contexts, size on disk, oldest and latest use."""
        by_origin = dict(self._read("SELECT origin, COUNT(*) FROM entries GROUP BY origin"))
        contexts = self._read("SELECT COUNT(DISTINCT context) FROM entries")[0][0]
        oldest, latest = self._read("SELECT MIN(used), MAX(used) FROM entries")[0]
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"))
            if p.exists()  # the WAL holds recent writes until a checkpoint
        )
        return {
            "path": str(self.path),
            "entries": sum(by_origin.values()),
            "mt": by_origin.get("mt", 0),
            "human": by_origin.get("human", 0),
            "contexts": contexts,
            "bytes": size,
            "oldest_use": _iso(oldest),
            "latest_use": _iso(latest),
        }

    def entries(self, origin: str | None = None) -> Iterator[tuple[str, str, str, str]]:
        """``(source, target, context, origin)`` of every entry, oldest first."""
        sql = "SELECT source, target, context, origin FROM entries"
        args: list[Any] = []
        if origin is not None:
            sql += " WHERE origin = ?"
            args.append(origin)
        yield from self._read(sql + " ORDER BY created, source", args)

    def export_tmx(self, path: str | os.PathLike[str], origin: str | None = None) -> int:
        """Write the memory (or one origin) as TMX 1.4 (en → ja); return the number of units.

        Each unit carries its context as ``<prop type="x-context">`` and its origin as a note,
        so :meth:`import_tmx` puts it back where it came from.
        """
        from translate.storage import tmx

        from jtrans.fileio import write_atomic

        store = tmx.tmxfile(sourcelanguage="en", targetlanguage="ja")
        count = 0
        for source, target, context, kind in self.entries(origin):
            unit = store.addsourceunit(source)
            unit.target = target
            unit.setcontext(context)
            unit.addnote(f"origin: {kind}")
            count += 1
        write_atomic(path, bytes(store))
        return count

    def import_tmx(
        self, path: str | os.PathLike[str], origin: str = "human", data: bytes | None = None
    ) -> int:
        """Load the en → ja pairs of a TMX file (as ``origin``); return how many were stored.

        A unit's ``x-context`` property (written by :meth:`export_tmx`) is kept; units without
        one (from another tool) are stored with an empty context, which human entries match in
        every context. A unit exported as ``origin: mt`` whose translation nobody changed is left
        alone (it stays a machine entry), so importing a whole exported memory after editing a
        few units promotes only those. ``data``: the file's bytes, already read (stdin).
        """
        from translate.storage import tmx

        if data is None:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise TMError(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            store = tmx.tmxfile.parsestring(data, sourcelanguage="en", targetlanguage="ja")
        except Exception as exc:  # lxml and translate-toolkit raise many kinds
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise TMError(f"{path} is not a TMX file: {first}") from None
        grouped: dict[str, list[tuple[str, str]]] = {}
        machine: list[tuple[str, str, str]] = []  # units exported as MT: (context, source, target)
        for unit in store.units:
            source, target = unit.source, unit.target
            if source and target and source.strip() and target.strip():
                context = unit.getcontext() or ""
                if origin == "human" and "origin: mt" in (unit.getnotes() or ""):
                    machine.append((context, source, target))
                else:
                    grouped.setdefault(context, []).append((source, target))
        for context, source, target in machine:  # unchanged MT stays MT; edited MT is human
            row = self._read(
                "SELECT target FROM entries WHERE source = ? AND context = ?",
                (normalise(source), context),
            )
            if not row or row[0][0] != target:
                grouped.setdefault(context, []).append((source, target))
        return sum(self.put_many(pairs, ctx, origin) for ctx, pairs in grouped.items())

    def prune(
        self,
        older_than_days: float | None = None,
        origin: str | None = "mt",
        keep_context: str | None = None,
    ) -> int:
        """Delete entries unused for ``older_than_days`` (all ages when ``None``), of ``origin``
        only (``None`` = both), except those in ``keep_context``; return how many went."""
        where: list[str] = []
        args: list[object] = []
        if older_than_days is not None:
            where.append("used < ?")
            args.append(time.time() - older_than_days * 86400)
        if origin is not None:
            where.append("origin = ?")
            args.append(origin)
        if keep_context is not None:
            where.append("context != ?")
            args.append(keep_context)
        sql = "DELETE FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        with self._transaction():
            removed = self._db.execute(sql, args).rowcount
        try:  # give the space back (skipped while another run uses the file)
            if removed:
                self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        return removed

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` (``"ok"`` when the file is consistent)."""
        return "; ".join(row[0] for row in self._read("PRAGMA integrity_check"))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, list(args)).fetchall()
        except sqlite3.Error as exc:
            raise TMError(f"translation memory {self.path}: {exc}") from None

    def _touch(self, keys: list[tuple[str, str]]) -> None:
        """Record that these entries were used (for ``prune``); skipped if the file is busy."""
        if self.read_only:
            return
        now = time.time()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return
        try:
            self._db.executemany(
                "UPDATE entries SET used = ?, uses = uses + 1 WHERE source = ? AND context = ?",
                [(now, source, context) for source, context in keys],
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` on any exception (interrupts included)."""

    def __init__(self, tm: TranslationMemory) -> None:
        self.tm = tm

    def __enter__(self) -> None:
        if self.tm.read_only:
            raise TMError(f"translation memory {self.tm.path} is read-only")
        try:
            self.tm._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise TMError(f"cannot write translation memory {self.tm.path}: {exc}") from None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _: object
    ) -> None:
        db = self.tm._db
        if kind is None:
            try:
                db.execute("COMMIT")
                return
            except sqlite3.Error as error:
                exc = error
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise TMError(f"cannot write translation memory {self.tm.path}: {exc}") from None


def _unwritable(path: Path) -> bool:
    """No write bit in the file's mode (root included), or a file or folder this user cannot
    write (SQLite needs the folder for its journal)."""
    from jtrans.fileio import is_read_only

    return is_read_only(path) or not os.access(path.parent if str(path.parent) else ".", os.W_OK)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; ``immutable`` when SQLite cannot even create its shared-memory
    file next to a WAL database (a read-only folder), where ``mode=ro`` alone fails."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def context_id(pipeline: Any) -> str:
    """A short hash of everything besides the source text that decides a unit's translation."""
    from jtrans.engines import fingerprint
    from jtrans.fingerprint import code_version

    engine = pipeline.engine
    roots = {type(pipeline).__module__, type(engine).__module__}
    if pipeline.glossary is not None:
        roots.add(type(pipeline.glossary).__module__)
    parts: dict[str, Any] = {
        "engine": fingerprint(engine),
        "glossary": _glossary_version(pipeline.glossary),
        "postprocess": (
            None
            if pipeline.postprocessor is None
            else json.dumps(pipeline.config.postprocess, sort_keys=True, default=str)
        ),
        "link_labels": pipeline.config.translate_link_labels,
        "link_lists": pipeline.config.translate_link_lists,
        "names": pipeline.config.protect_names,
        "mbr": pipeline.config.mbr_candidates,
        "titles": pipeline.config.titles,
        "code": code_version(roots),  # the modules the pipeline runs, found from its imports
    }
    blob = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:24]


def _glossary_version(glossary: Any) -> str | None:
    """A hash of the loaded glossary entries (every field that changes rendering)."""
    if glossary is None:
        return None
    digest = hashlib.sha256()
    try:
        entries = list(glossary)
    except TypeError:  # a glossary-like object that cannot list its entries
        return repr(glossary)
    rows = sorted(
        json.dumps(e.to_row() if hasattr(e, "to_row") else repr(e), ensure_ascii=False)
        for e in entries
    )
    for row in rows:
        digest.update(row.encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def _flags(blob: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple((str(rule), str(message)) for rule, message in json.loads(blob or "[]"))
    except (ValueError, TypeError):
        return ()


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
