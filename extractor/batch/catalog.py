"""The batch catalog: ``OUTDIR/catalog.sqlite`` (stdlib sqlite3, WAL), one row per distinct input.

Documents are keyed by the sha256 of their bytes; every input path seen is a row of ``paths``
pointing at its document, so one file under two names is extracted once and both names are
kept. Only the parent process writes the catalog; workers write record files and return plain
results.

Statuses:

``pending``   registered, not yet extracted (or to be extracted again)
``running``   handed to a worker by a run that has not recorded the outcome (yet)
``success``   record written; no warnings and no value read with confidence below the
              ``partial_below`` threshold (0.5 unless set)
``partial``   record written, but it carries warnings or at least one value read with
              confidence below the threshold: usable, yet a person should look at it
``failure``   no record: ``category`` says why (an :mod:`extractor.errors` category such as
              ``input-file``, ``encrypted``, ``not-form4``, or ``timeout``, ``memory``,
              ``crash``, ``other``) and ``message`` names the file
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CATALOG_NAME = "catalog.sqlite"
RECORDS_DIR = "records"
SCHEMA_VERSION = 1

PENDING = "pending"
RUNNING = "running"
SUCCESS = "success"
PARTIAL = "partial"
FAILURE = "failure"
DONE = (SUCCESS, PARTIAL)
STATUSES = (PENDING, RUNNING, SUCCESS, PARTIAL, FAILURE)

#: A written record whose lowest confidence on a non-empty value is below this is ``partial``.
PARTIAL_BELOW = 0.5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256          TEXT PRIMARY KEY,          -- of the input's bytes
    path            TEXT NOT NULL,             -- first path it was seen under (absolute)
    name            TEXT NOT NULL,             -- output name: records/<name>.json
    status          TEXT NOT NULL CHECK (status IN
                        ('pending', 'running', 'success', 'partial', 'failure')),
    category        TEXT,                      -- failure category
    message         TEXT,                      -- failure message, naming the file
    exit_code       INTEGER,                   -- the CLI exit code of the failure
    pages           INTEGER,                   -- page count (counted at registration)
    seconds         REAL,                      -- wall time of the last extraction
    attempts        INTEGER NOT NULL DEFAULT 0,
    output          TEXT,                      -- records/<name>.json once written
    fields          INTEGER,                   -- non-empty fields in the record
    low_confidence  INTEGER,                   -- of which below the partial threshold
    warnings        INTEGER,                   -- record warnings
    worker          TEXT,                      -- host:pid of the worker
    peak_rss_mb     REAL,                      -- worker process peak RSS so far (MB)
    note            TEXT,                      -- e.g. output adopted after an interrupted run
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    updated_at      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paths (
    path        TEXT PRIMARY KEY,              -- absolute input path
    sha256      TEXT NOT NULL REFERENCES documents(sha256),
    size        INTEGER NOT NULL,              -- with mtime_ns: skip re-hashing unchanged files
    mtime_ns    INTEGER NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_sha256 ON paths(sha256);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    settings    TEXT NOT NULL,                 -- JSON: input, workers, scheduler, options
    summary     TEXT                           -- JSON: counts at the end
);
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Document:
    """One row of ``documents`` (plus the paths that point at it)."""

    sha256: str
    path: str
    name: str
    status: str
    category: str | None
    message: str | None
    exit_code: int | None
    pages: int | None
    seconds: float | None
    attempts: int
    output: str | None
    note: str | None
    paths: list[str]

    @property
    def output_name(self) -> str:
        return f"{RECORDS_DIR}/{self.name}.json"


def record_counts(record: dict[str, Any], partial_below: float = PARTIAL_BELOW) -> dict[str, int]:
    """Non-empty fields, those below ``partial_below`` confidence, and warnings of a record."""
    from extractor.record import iter_fields

    fields = [f for _, f in iter_fields(record) if f.get("value") is not None]
    low = sum(1 for f in fields if float(f.get("confidence") or 0.0) < partial_below)
    return {"fields": len(fields), "low_confidence": low,
            "warnings": len(record.get("warnings") or [])}


def status_of(counts: dict[str, int]) -> str:
    """``partial`` when the record has warnings or low-confidence values, else ``success``."""
    return PARTIAL if counts["warnings"] or counts["low_confidence"] else SUCCESS


class Catalog:
    """The SQLite catalog of one output directory (parent process only)."""

    def __init__(self, outdir: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.outdir = Path(outdir)
        self.path = self.outdir / CATALOG_NAME
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=30)
        else:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")  # a commit survives power loss
            self.db.execute("PRAGMA foreign_keys=ON")
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE ... COMMIT``: all or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    # --- registration ---------------------------------------------------------------------

    def known_path(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The sha256 of ``path`` when it is registered with this size and mtime."""
        row = self.db.execute(
            "SELECT sha256 FROM paths WHERE path=? AND size=? AND mtime_ns=?",
            (path, size, mtime_ns),
        ).fetchone()
        return row["sha256"] if row else None

    def register(self, path: str, sha256: str, size: int, mtime_ns: int,
                 pages: int | None) -> bool:
        """Record that ``path`` holds ``sha256``; add the document when new (returns True).

        Call inside :meth:`transaction`. The output name is the input's stem, with
        ``-<first 8 hex of sha256>`` only when another live document already has that stem.
        """
        stamp = now()
        self.db.execute(
            "INSERT INTO documents (sha256, path, name, status, pages, created_at, updated_at) "
            "SELECT ?, ?, '', 'pending', ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM documents WHERE sha256=?)",
            (sha256, path, pages, stamp, stamp, sha256),
        )
        new = self.db.execute("SELECT changes()").fetchone()[0] == 1
        self.db.execute(
            "INSERT INTO paths (path, sha256, size, mtime_ns, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
            "sha256=excluded.sha256, size=excluded.size, mtime_ns=excluded.mtime_ns, "
            "last_seen=excluded.last_seen",
            (path, sha256, size, mtime_ns, stamp, stamp),
        )
        if new:
            self.db.execute("UPDATE documents SET name=? WHERE sha256=?",
                            (self._free_name(Path(path).stem, sha256), sha256))
        return new

    def _free_name(self, stem: str, sha256: str) -> str:
        taken = self.db.execute(
            "SELECT 1 FROM documents d WHERE d.name=? AND d.sha256<>? "
            "AND EXISTS (SELECT 1 FROM paths p WHERE p.sha256=d.sha256)",
            (stem, sha256),
        ).fetchone()
        return f"{stem}-{sha256[:8]}" if taken else stem

    # --- reading --------------------------------------------------------------------------

    def documents(self, shas: Iterable[str] | None = None,
                  statuses: Iterable[str] | None = None) -> list[Document]:
        """Documents referenced by at least one path (optionally only ``shas``/``statuses``)."""
        sql = ("SELECT d.*, (SELECT json_group_array(p.path) FROM "
               "(SELECT path FROM paths WHERE sha256=d.sha256 ORDER BY path) p) AS all_paths "
               "FROM documents d WHERE EXISTS (SELECT 1 FROM paths p WHERE p.sha256=d.sha256)")
        args: list[Any] = []
        if statuses is not None:
            statuses = list(statuses)
            sql += f" AND d.status IN ({','.join('?' * len(statuses))})"
            args += statuses
        rows = self.db.execute(sql + " ORDER BY d.path", args).fetchall()
        wanted = set(shas) if shas is not None else None
        out = []
        for r in rows:
            if wanted is not None and r["sha256"] not in wanted:
                continue
            out.append(Document(
                r["sha256"], r["path"], r["name"], r["status"], r["category"], r["message"],
                r["exit_code"], r["pages"], r["seconds"], r["attempts"], r["output"], r["note"],
                json.loads(r["all_paths"] or "[]"),
            ))
        return out

    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    # --- state changes (each one transaction) ---------------------------------------------

    def mark_running(self, sha256: str) -> None:
        stamp = now()
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status='running', attempts=attempts+1, started_at=?, "
                "updated_at=?, category=NULL, message=NULL, exit_code=NULL WHERE sha256=?",
                (stamp, stamp, sha256),
            )

    def mark_result(self, result: dict[str, Any]) -> None:
        """Store a worker's outcome; for success the record file is already in place."""
        stamp = now()
        ok = result["status"] in DONE
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status=?, category=?, message=?, exit_code=?, "
                "pages=COALESCE(?, pages), seconds=?, output=?, fields=?, low_confidence=?, "
                "warnings=?, worker=?, peak_rss_mb=?, note=COALESCE(?, note), "
                "finished_at=?, updated_at=? WHERE sha256=?",
                (
                    result["status"], result.get("category"), result.get("message"),
                    result.get("exit_code"), result.get("pages"), result.get("seconds"),
                    result.get("output") if ok else None, result.get("fields"),
                    result.get("low_confidence"), result.get("warnings"), result.get("worker"),
                    result.get("peak_rss_mb"), result.get("note"), stamp, stamp,
                    result["sha256"],
                ),
            )

    def set_status(self, sha256: str, status: str, note: str | None = None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET status=?, note=COALESCE(?, note), updated_at=? "
                       "WHERE sha256=?", (status, note, now(), sha256))

    def start_run(self, settings: dict[str, Any]) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO runs (started_at, settings) VALUES (?, ?)",
                             (now(), json.dumps(settings, sort_keys=True, default=str)))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished_at=?, summary=? WHERE id=?",
                       (now(), json.dumps(summary, sort_keys=True), run_id))


class OutdirLock:
    """An exclusive ``flock`` on ``OUTDIR/.batch.lock``: one batch per output directory.

    The kernel drops the lock when the holder dies (SIGKILL, power loss), so a later run never
    waits on a dead one.
    """

    def __init__(self, outdir: str | os.PathLike[str]) -> None:
        self.path = Path(outdir) / ".batch.lock"
        self.fd: int | None = None

    def acquire(self) -> bool:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {time.time():.0f}\n".encode())
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
