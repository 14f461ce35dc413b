"""The loop's history: an SQLite file in the state folder recording diagnoses, patches, quick tests and test runs.

One table, `events`: each row is one thing that happened, of a `kind`
(`diagnosis`, `patch`, `quick_test`, `test_run`), named by a `key` unique
within its kind (report id, patch id, run id), with its UTC timestamp and a
JSON document. A patch's row is updated in place when it is reverted.
The file lives at `<workspace>/.ml-skills/ledger.sqlite` (WAL journal), a
git-ignored folder, so it never shows up as a change of the user's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .state import ensure_state_dir

LEDGER_FILE = "ledger.sqlite"
KINDS = ("diagnosis", "patch", "quick_test", "test_run", "try_fixes")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, key)
)
"""


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str
    created: str
    updated: str
    data: dict[str, Any]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Ledger:
    """The ledger of one workspace; every call opens its own short connection (safe across threads)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = ensure_state_dir(state_dir) / LEDGER_FILE

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
            with db:  # one transaction, committed on success
                yield db

    def record(self, kind: str, key: str, data: dict[str, Any]) -> Entry:
        """Add a new entry; `key` must be new within `kind`."""
        if kind not in KINDS:
            raise ValueError(f"unknown ledger kind {kind!r}")
        now = utc_now()
        with self.connect() as db:
            db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)", (kind, key, now, now, json.dumps(data)))
        return Entry(kind, key, now, now, data)

    def update(self, kind: str, key: str, data: dict[str, Any]) -> None:
        """Replace the document of an existing entry."""
        with self.connect() as db:
            changed = db.execute(
                "UPDATE events SET data = ?, updated = ? WHERE kind = ? AND key = ?",
                (json.dumps(data), utc_now(), kind, key),
            ).rowcount
        if not changed:
            raise KeyError(f"{kind} {key} is not in the ledger")

    def get(self, kind: str, key: str) -> Entry | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM events WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return None if row is None else Entry(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def entries(self, kind: str, limit: int = 100) -> list[Entry]:
        """The latest `limit` entries of `kind`, oldest first."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM events WHERE kind = ? ORDER BY created DESC, rowid DESC LIMIT ?", (kind, limit)
            ).fetchall()
        return [Entry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in reversed(rows)]


def record_diagnosis(state_dir: Path, report_id: str, verdict: str, root_causes: list[str], inputs: list[str]) -> None:
    """Note a diagnosis in the ledger (called by the diagnosis when it saves a report)."""
    Ledger(state_dir).record("diagnosis", report_id, {"verdict": verdict, "root_causes": root_causes, "inputs": inputs})
