"""Diagnosis reports kept as JSON under the state folder (`.ml-skills/reports/diag-<8hex>.json`)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from .errors import InputNotFoundError, UserError
from .state import ensure_state_dir, state_path

REPORT_ID = re.compile(r"^diag-[0-9a-f]{8}$")


def new_report_id() -> str:
    return f"diag-{secrets.token_hex(4)}"


def save_report(state_dir: Path, report_id: str, text: str) -> None:
    """Store one report (JSON text) under `report_id`; an existing report is never overwritten."""
    folder = ensure_state_dir(state_dir, "reports")
    with open(folder / f"{report_id}.json", "x", encoding="utf-8") as out:
        out.write(text)


def load_report(state_dir: Path, report_id: str) -> str:
    """The JSON text of report `report_id`."""
    if not REPORT_ID.match(report_id):
        raise UserError(
            f"{report_id!r} is not a report id; ids look like diag-1a2b3c4d (see diagnose_training's answer)"
        )
    path = state_path(state_dir, "reports", f"{report_id}.json")
    if not path.is_file():
        raise InputNotFoundError(f"no report {report_id}; run diagnose_training to make one")
    return path.read_text(encoding="utf-8")
