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
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import UserError
from .state import ensure_state_dir
from .workspace import sqlite_opened

LEDGER_FILE = "ledger.sqlite"
BUSY_TIMEOUT_S = 2.0
"""How long a write waits for another connection's lock: the server's own transactions take milliseconds (measured
under 50 concurrent calls), so a longer wait means something else holds the ledger, and the caller is told so."""
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


DAMAGED = ("file is not a database", "database disk image is malformed")
"""SQLite's words for a damaged file, where its error name is missing."""


class LedgerError(UserError):
    """The ledger cannot be read or written: locked by another program, corrupt, or not a file."""

    def __init__(self, path: Path, exc: sqlite3.Error) -> None:
        text = str(exc)
        name = getattr(exc, "sqlite_errorname", "")
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or text.startswith("database is locked"):
            advice = (
                f"is locked by another program (held over {BUSY_TIMEOUT_S:g} s); nothing was written. Close what "
                "holds it (an sqlite3 shell, another tool) and try again"
            )
        elif name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or text.startswith(DAMAGED):
            advice = "is damaged; nothing was written. Move it aside (the server starts a new one) and try again"
        else:
            advice = "cannot be opened; nothing was written. Check that it is a file the server may write"
        super().__init__(f"the ledger {path} {advice} ({text})")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Ledger:
    """The ledger of one workspace; every call opens its own short connection (safe across threads)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = ensure_state_dir(state_dir) / LEDGER_FILE

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed on success; a locked, corrupt or unopenable ledger is a `LedgerError`."""
        identity = self.check_file()
        try:
            with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as db:
                sqlite_opened(db, self.path, identity)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(SCHEMA)
                with db:
                    yield db
        except sqlite3.Error as exc:
            raise LedgerError(self.path, exc) from exc

    def check_file(self) -> tuple[int, int]:
        """The ledger file's device and inode, made (empty) if missing; a link or a non-file there is refused."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            cannot = sqlite3.OperationalError(f"unable to open database file ({exc.strerror})")
            raise LedgerError(self.path, cannot) from exc
        try:
            info = os.fstat(fd)
        finally:
            os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LedgerError(self.path, sqlite3.OperationalError("unable to open database file: not a regular file"))
        return info.st_dev, info.st_ino

    def check_writable(self) -> None:
        """Take the write lock and let it go: refuse now, before anything is written, if the ledger cannot be."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")

    def delete(self, kind: str, key: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM events WHERE kind = ? AND key = ?", (kind, key))

    def all(self, kind: str) -> list[Entry]:
        """Every entry of `kind`, oldest first."""
        with self.connect() as db:
            rows = db.execute("SELECT * FROM events WHERE kind = ? ORDER BY created, rowid", (kind,)).fetchall()
        return [Entry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

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
