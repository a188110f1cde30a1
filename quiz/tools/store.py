"""Accepted sign-off records in SQLite, so history accumulates across reports.

One row per record, keyed by its digest (a record imported twice is stored once). The whole
record is kept as JSON next to the columns the report needs, so stored records are
re-verified on every report (a database edited by hand is caught like an edited file).
Without --db the report uses an in-memory database: the same code, nothing kept.

Several reports may share one database (two clerks, a scheduled run): each run takes the
write lock first (BEGIN IMMEDIATE), waiting up to `timeout` seconds for another run to finish,
then reads the history and adds its records, so both runs complete and neither loses the
other's records. When the history can be read but not written (a read-only file or folder,
or a lock held longer than the timeout) the run goes on without saving, and `problem` says
why; the report says so and exits 1. Only a history that cannot be read stops a report.
"""
import json
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    digest TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    order_slug TEXT NOT NULL,
    order_version TEXT NOT NULL,
    result TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_at TEXT NOT NULL, as_of TEXT NOT NULL, roster TEXT NOT NULL, records_dir TEXT NOT NULL,
    accepted INTEGER NOT NULL, rejected INTEGER NOT NULL
);
"""
DEFAULT_TIMEOUT = 30.0


class StoreError(Exception):
    """The history cannot be used at all (the report would be wrong without it)."""


class Store:
    def __init__(self, path: str = ":memory:", timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path, self.timeout = path, timeout
        self.problem: str | None = None  # why this run's records are not saved
        try:
            # isolation_level=None: transactions are begun and ended here, explicitly.
            self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(self.describe(exc))

    def describe(self, exc: sqlite3.Error) -> str:
        """A database error in words a clerk can act on."""
        text = str(exc)
        lowered = text.lower()
        if "readonly" in lowered or "read-only" in lowered:
            return (f"the history database {self.path} is read-only (check the permissions of "
                    "the file and of its folder)")
        if "locked" in lowered or "busy" in lowered:
            return (f"the history database {self.path} is in use by another program (waited "
                    f"{self.timeout:g} s for it); run the report again when it is done")
        if "unable to open" in lowered:
            return (f"cannot open the history database {self.path} or create its journal file "
                    "beside it (does the folder exist, and may this account write to it?)")
        if "not a database" in lowered or "malformed" in lowered:
            return (f"{self.path} is not a usable history database (damaged, or another kind "
                    f"of file): {text}")
        return f"database error on {self.path}: {text}"

    def begin(self) -> None:
        """Take the write lock for this run; if it cannot be had, carry on without saving."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self.problem = self.describe(exc)

    def stored(self) -> list[tuple[str, bytes]]:
        """[(source, record JSON bytes)] of everything stored, oldest first."""
        try:
            rows = self.db.execute(
                "SELECT source, record FROM records ORDER BY finished_at, digest").fetchall()
        except sqlite3.Error as exc:
            raise StoreError("cannot read the records already stored: " + self.describe(exc))
        return [(str(source), record.encode("utf-8") if isinstance(record, str) else b"")
                for source, record in rows]

    def add(self, record: dict[str, Any], source: str, now: str) -> None:
        self._write("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (record["digest"], record["member"]["id"].upper(), record["order"]["slug"],
                     record["order"]["version"], record["result"], record["finished_at"],
                     source, now, json.dumps(record, ensure_ascii=False, sort_keys=True)))

    def log_run(self, now: str, as_of: str, roster: str, records_dir: str, accepted: int,
                rejected: int) -> None:
        self._write("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)",
                    (now, as_of, roster, records_dir, accepted, rejected))

    def _write(self, sql: str, values: tuple[Any, ...]) -> None:
        if self.problem:
            return
        try:
            self.db.execute(sql, values)
        except sqlite3.Error as exc:
            self._give_up(exc)

    def commit(self) -> None:
        """Save this run's records (nothing when a problem stopped saving)."""
        if self.problem:
            return
        try:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._give_up(exc)

    def _give_up(self, exc: sqlite3.Error) -> None:
        self.problem = self.describe(exc)
        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.db.close()
        except sqlite3.Error:
            pass
