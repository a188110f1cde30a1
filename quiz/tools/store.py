"""Accepted sign-off records in SQLite, so history accumulates across reports.

One row per record, keyed by its digest (a record imported twice is stored once). The whole
record is kept as JSON next to the columns the report needs, so stored records are
re-verified on every report (a database edited by hand is caught like an edited file).
Without --db the report uses an in-memory database: the same code, nothing kept.
"""
import json
import sqlite3

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


class StoreError(Exception):
    pass


class Store:
    def __init__(self, path=":memory:"):
        try:
            self.db = sqlite3.connect(path)
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {path}: {exc}")

    def add(self, record, source, now):
        self.db.execute(
            "INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record["digest"], record["member"]["id"].upper(), record["order"]["slug"],
             record["order"]["version"], record["result"], record["finished_at"], source, now,
             json.dumps(record, ensure_ascii=False, sort_keys=True)))

    def stored(self):
        """[(source, record JSON text)] of everything stored, oldest first."""
        return self.db.execute("SELECT source, record FROM records ORDER BY finished_at, digest").fetchall()

    def log_run(self, now, as_of, roster, records_dir, accepted, rejected):
        self.db.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)",
                        (now, as_of, roster, records_dir, accepted, rejected))

    def commit(self):
        try:
            self.db.commit()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save to the database: {exc}")
