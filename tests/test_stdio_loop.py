"""The loop's tools across a real stdio process boundary: progress arrives, the child reads an empty stdin."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from tests.helpers import git, init_repo

pytestmark = pytest.mark.anyio

FIXABLE = Path(__file__).parent / "fixtures" / "fixable"


async def test_a_quick_test_over_stdio_reports_progress_and_gives_the_child_an_empty_stdin(workspace_dir: Path) -> None:
    code = (
        "import sys\n"
        "for i in range(3):\n"
        "    print(f'step {i} | loss {1 / (i + 1):.3f}', flush=True)\n"
        "print('stdin:', repr(sys.stdin.read()))\n"
    )
    (workspace_dir / "fit.py").write_text(code)
    seen: list[tuple[float, float | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total))

    server = StdioServerParameters(command=sys.executable, args=["-m", "server", "--workspace", str(workspace_dir)])
    with anyio.fail_after(60):
        async with Client(server) as client:
            result = await client.call_tool(
                "run_quick_test", {"command": ["python", "fit.py"], "max_steps": 10}, progress_callback=on_progress
            )
            listed = await client.call_tool("list_patches", {})
    answer = result.structured_content
    assert answer["verdict"] == "passed"
    assert answer["output_tail"].splitlines()[-1] == "stdin: ''"
    assert answer["metrics"]["final_loss"] == 0.333
    assert seen[0] == (0, 10)
    assert listed.structured_content == {"patches": []}


def processes_in(folder: Path) -> list[int]:
    """Pids of processes whose working folder is inside `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")).is_relative_to(folder):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


async def test_the_lr_5_regression_ends_with_a_verified_patch_applied_over_stdio(workspace_dir: Path) -> None:
    """diagnose -> try_fixes -> apply_patch of the winner -> run_quick_test -> compare_runs, through a real client.

    The diagnosis proposes LR = 0.5, which still diverges on this regression: try_fixes must find a value that
    trains, in copies, leaving the user's tree untouched until apply_patch, and nothing behind."""
    shutil.copy(FIXABLE / "regression_lr5.py", workspace_dir / "train.py")
    init_repo(workspace_dir, "a regression with LR = 5.0")
    original = (workspace_dir / "train.py").read_bytes()

    async def call(client: Client, tool: str, args: dict) -> dict:
        result = await client.call_tool(tool, args)
        assert not result.is_error, result.content
        return result.structured_content

    server = StdioServerParameters(
        command=sys.executable, args=["-m", "server", "--workspace", str(workspace_dir), "--python", sys.executable]
    )
    with anyio.fail_after(600):
        async with Client(server) as client:
            failing = await call(client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 300})
            assert failing["verdict"] == "diverged"
            diagnosis = await call(client, "diagnose_training", {"logs": failing["log_path"], "code": "train.py"})
            proposed = next(c for c in diagnosis["root_causes"] if c["id"] == "lr_too_high")
            assert "+LR = 0.5\n" in proposed["patch"]
            tried = await call(
                client,
                "try_fixes",
                {"command": ["python", "train.py"], "report_id": diagnosis["report_id"], "max_steps": 100},
            )
            assert (workspace_dir / "train.py").read_bytes() == original  # untouched until apply_patch
            assert git(workspace_dir, "status", "--porcelain") == ""
            trials = {t["label"]: t for t in tried["trials"]}
            assert trials["train.py:12: 5.0 -> 0.5"]["verdict"] == "diverged"  # the diagnosis's guess alone fails
            winner = tried["winner"]
            assert trials[winner["label"]]["verdict"] == "verified"
            assert winner["uncommitted"] == []
            applied = await call(client, "apply_patch", {"diff": winner["patch"], "message": winner["label"]})
            assert applied["files"] == [{"path": "train.py", "status": "modified", "added": 1, "removed": 1}]
            fixed = await call(
                client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 300, "max_steps": 100}
            )
            assert fixed["verdict"] == "passed"
            comparison = await call(
                client, "compare_runs", {"baseline": failing["run_id"], "candidate": fixed["run_id"]}
            )
            assert comparison["verdict"] == "improved"
            assert set(comparison["findings_cleared"]) == {"lr_too_high", "exploding_gradients"}
            assert comparison["findings_new"] == []
    value = winner["label"].rsplit(" ", 1)[-1]
    assert f"LR = {value}\n" in (workspace_dir / "train.py").read_text()
    assert git(workspace_dir, "status", "--porcelain") == " M train.py\n"
    trials_dir = workspace_dir / ".ml-skills" / "trials"
    assert not trials_dir.exists() or list(trials_dir.iterdir()) == []
    assert processes_in(workspace_dir) == []
