"""The state folder `.ml-skills/`: made by the server, git-ignored, never a link (nor any folder in it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from server.core.errors import UserError
from server.core.state import ensure_state_dir, state_path
from server.settings import STATE_DIR_NAME
from tests.tiny_runs import train_tiny

pytestmark = pytest.mark.anyio


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_state_folder_is_made_and_ignores_itself_in_git(workspace_dir: Path) -> None:
    runs = ensure_state_dir(workspace_dir / STATE_DIR_NAME, "runs")
    assert runs == workspace_dir / STATE_DIR_NAME / "runs" and runs.is_dir()
    assert (workspace_dir / STATE_DIR_NAME / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_state_folder_linked_out_of_the_workspace_is_refused_and_nothing_is_written_there(
    workspace_dir: Path, outside: Path
) -> None:
    (workspace_dir / STATE_DIR_NAME).symlink_to(outside)
    with pytest.raises(UserError) as refused:
        ensure_state_dir(workspace_dir / STATE_DIR_NAME, "runs")
    assert str(refused.value) == (
        f"{workspace_dir / STATE_DIR_NAME} is a link (to {outside}); the server keeps its ledger, reports and run "
        "logs only in a real folder. Remove the link (the server creates .ml-skills/ itself) and call again"
    )
    with pytest.raises(UserError, match="is a link"):
        state_path(workspace_dir / STATE_DIR_NAME, "reports", "diag-00000000.json")
    assert list(outside.iterdir()) == []


def test_a_folder_inside_the_state_folder_linked_out_is_refused(workspace_dir: Path, outside: Path) -> None:
    state = workspace_dir / STATE_DIR_NAME
    ensure_state_dir(state)
    (state / "patches").symlink_to(outside)
    with pytest.raises(UserError, match=r"\.ml-skills/patches is a link"):
        ensure_state_dir(state, "patches", "p-1a2b3c4d")
    (state / "reports").mkdir()
    (state / "reports" / "diag-00000000.json").symlink_to(outside / "secret.json")
    with pytest.raises(UserError, match=r"reports/diag-00000000.json is a link"):
        state_path(state, "reports", "diag-00000000.json")
    assert list(outside.iterdir()) == []


def test_a_gitignore_link_in_the_state_folder_is_not_written_through(workspace_dir: Path, outside: Path) -> None:
    state = workspace_dir / STATE_DIR_NAME
    state.mkdir()
    (state / ".gitignore").symlink_to(outside / "written.txt")
    assert ensure_state_dir(state, "runs").is_dir()
    assert list(outside.iterdir()) == []


async def test_tools_that_write_state_refuse_a_linked_state_folder(
    client: Client, workspace_dir: Path, outside: Path
) -> None:
    printed: list[str] = []
    train_tiny(lr=0.05, steps=30, printed=printed)
    (workspace_dir / "train.log").write_text("\n".join(printed) + "\n")
    (workspace_dir / "train.py").write_text("print('step 1 | loss 0.5')\n")
    (workspace_dir / STATE_DIR_NAME).symlink_to(outside)
    calls = {
        "run_quick_test": {"command": ["python", "train.py"]},
        "diagnose_training": {"logs": "train.log"},
        "list_patches": {},
        "compare_runs": {"baseline": "train.log", "candidate": "r-1a2b3c4d"},
    }
    for tool, arguments in calls.items():
        result = await client.call_tool(tool, arguments)
        assert result.is_error, tool
        link = f"{workspace_dir / STATE_DIR_NAME} is a link (to {outside})"
        assert result.content[0].text.startswith(f"Error executing tool {tool}: {link}"), tool
    assert list(outside.iterdir()) == []
