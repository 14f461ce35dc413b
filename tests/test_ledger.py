"""The ledger: an SQLite history of the loop in the workspace's state folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.core.ledger import Ledger, record_diagnosis


def test_entries_come_back_with_their_data_and_timestamps(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / ".ml-skills")
    ledger.record("quick_test", "r-00000001", {"verdict": "passed", "log_path": "a.log"})
    ledger.record("quick_test", "r-00000002", {"verdict": "diverged", "log_path": "b.log"})
    entry = ledger.get("quick_test", "r-00000002")
    assert entry is not None
    assert entry.data == {"verdict": "diverged", "log_path": "b.log"}
    assert entry.created == entry.updated
    assert entry.created.endswith("+00:00")
    assert [e.key for e in ledger.entries("quick_test")] == ["r-00000001", "r-00000002"]
    assert [e.key for e in ledger.entries("quick_test", limit=1)] == ["r-00000002"]


def test_the_ledger_lives_in_the_git_ignored_state_folder(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / ".ml-skills")
    assert ledger.path == tmp_path / ".ml-skills" / "ledger.sqlite"
    assert (tmp_path / ".ml-skills" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_an_update_replaces_the_document_of_an_entry(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.record("patch", "p-00000001", {"state": "applied"})
    ledger.update("patch", "p-00000001", {"state": "reverted"})
    assert ledger.get("patch", "p-00000001").data == {"state": "reverted"}
    with pytest.raises(KeyError):
        ledger.update("patch", "p-99999999", {})


def test_unknown_kinds_and_missing_keys_are_told_apart(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    with pytest.raises(ValueError, match="unknown ledger kind"):
        ledger.record("other", "x", {})
    assert ledger.get("patch", "p-12345678") is None
    assert ledger.entries("test_run") == []


def test_a_diagnosis_is_recorded_under_its_report_id(tmp_path: Path) -> None:
    record_diagnosis(tmp_path, "d-abc", "problems_found", ["lr_too_high"], ["train.log"])
    entry = Ledger(tmp_path).get("diagnosis", "d-abc")
    assert entry.data == {"verdict": "problems_found", "root_causes": ["lr_too_high"], "inputs": ["train.log"]}


def test_a_locked_damaged_or_folder_ledger_is_a_ledger_error_saying_what_to_do(tmp_path: Path) -> None:
    import sqlite3
    import time

    from server.core.ledger import LedgerError

    ledger = Ledger(tmp_path / ".ml-skills")
    ledger.record("test_run", "t-1", {})
    holder = sqlite3.connect(ledger.path)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(LedgerError, match="is locked by another program"):
        ledger.check_writable()
    assert time.monotonic() - started < 5  # a short busy timeout, not the 10 s of before
    holder.rollback()
    holder.close()
    ledger.check_writable()
    damaged = Ledger(tmp_path / "damaged")
    damaged.path.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(LedgerError, match="is damaged; nothing was written. Move it aside"):
        damaged.get("patch", "p-00000000")
    folder = Ledger(tmp_path / "folder")
    folder.path.mkdir()
    with pytest.raises(LedgerError, match="cannot be opened"):
        folder.entries("patch")


def test_a_ledger_file_that_is_a_link_is_refused_and_nothing_is_written_through_it(tmp_path: Path) -> None:
    from server.core.ledger import LedgerError

    outside = tmp_path / "outside.sqlite"
    outside.write_bytes(b"")
    state = tmp_path / "ws" / ".ml-skills"
    state.mkdir(parents=True)
    (state / "ledger.sqlite").symlink_to(outside)
    with pytest.raises(LedgerError, match="cannot be opened"):
        Ledger(state).record("test_run", "t-1", {})
    assert outside.read_bytes() == b""
