"""Diagnosis reports: saved once under their id, read back, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.core.errors import InputNotFoundError, UserError
from server.core.reports import REPORT_ID, load_report, new_report_id, save_report


def test_a_saved_report_reads_back_and_is_never_overwritten(tmp_path: Path) -> None:
    report_id = new_report_id()
    assert REPORT_ID.match(report_id)
    save_report(tmp_path, report_id, '{"verdict": "healthy"}')
    assert load_report(tmp_path, report_id) == '{"verdict": "healthy"}'
    with pytest.raises(FileExistsError):
        save_report(tmp_path, report_id, '{"verdict": "problems_found"}')
    assert load_report(tmp_path, report_id) == '{"verdict": "healthy"}'
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "*"


def test_bad_and_unknown_report_ids_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="ids look like diag-"):
        load_report(tmp_path, "../../etc/passwd")
    with pytest.raises(InputNotFoundError, match="run diagnose_training"):
        load_report(tmp_path, "diag-00000000")


@pytest.mark.anyio
async def test_an_unknown_report_resource_says_how_to_make_one(client) -> None:
    from mcp.shared.exceptions import MCPError

    with pytest.raises(MCPError, match="no report diag-00000000; run diagnose_training to make one"):
        await client.read_resource("reports://diag-00000000")
    with pytest.raises(MCPError, match="ids look like diag-"):
        await client.read_resource("reports://latest")
