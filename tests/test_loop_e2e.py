"""The whole loop through an MCP client: diagnose -> apply_patch -> run_tests -> run_quick_test -> compare -> revert.

The project is a temporary git repository holding a tiny torch regression whose learning rate is far too
high (it diverges to inf within seven steps) and a pytest test of its model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import anyio
import pytest
from mcp import Client

from tests.helpers import git

pytestmark = pytest.mark.anyio

PROJECT = Path(__file__).parent / "fixtures" / "loop_project"


@pytest.fixture
def project(workspace_dir: Path) -> Path:
    for name in ("train.py", "test_train.py"):
        shutil.copy(PROJECT / name, workspace_dir / name)
    git(workspace_dir, "init", "-q")
    git(workspace_dir, "add", "train.py", "test_train.py")
    git(workspace_dir, "commit", "-q", "-m", "a diverging training script")
    return workspace_dir


def patch_for(diagnosis: dict, cause_id: str) -> str:
    """The diff the diagnosis proposes for the root cause `cause_id`."""
    return next(cause["patch"] for cause in diagnosis["root_causes"] if cause["id"] == cause_id)


async def call(client: Client, tool: str, args: dict) -> dict:
    result = await client.call_tool(tool, args)
    assert not result.is_error, result.content
    return result.structured_content


async def test_a_diverging_run_is_diagnosed_patched_tested_compared_and_reverted(client: Client, project: Path) -> None:
    original = (project / "train.py").read_bytes()
    with anyio.fail_after(240):
        baseline = await call(client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 120})
        assert baseline["verdict"] == "diverged"

        diagnosis = await call(client, "diagnose_training", {"logs": baseline["log_path"], "code": "train.py"})
        assert diagnosis["verdict"] == "problems_found"
        ranked = [cause["id"] for cause in diagnosis["root_causes"]]
        assert set(ranked[:2]) == {"lr_too_high", "exploding_gradients"}
        diff = patch_for(diagnosis, "lr_too_high")

        applied = await call(client, "apply_patch", {"diff": diff, "message": "lower the learning rate"})
        assert applied["files"] == [{"path": "train.py", "status": "modified", "added": 1, "removed": 1}]
        assert "lr=0.05)" in (project / "train.py").read_text()
        assert git(project, "status", "--porcelain", "--", "train.py") == " M train.py\n"

        tests = await call(client, "run_tests", {"args": ["-p", "no:cacheprovider"]})
        assert tests["summary"] == "1/1 passing"

        candidate = await call(client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 120})
        assert candidate["verdict"] == "passed"
        assert candidate["metrics"]["steps_seen"] == 100
        assert candidate["metrics"]["loss_nan_count"] + candidate["metrics"]["loss_inf_count"] == 0

        comparison = await call(
            client, "compare_runs", {"baseline": baseline["run_id"], "candidate": candidate["run_id"]}
        )
        assert comparison["verdict"] == "improved"
        assert comparison["evidence"][0] == "NaN/inf in the loss gone: 1 non-finite values before, none after"
        assert set(comparison["findings_cleared"]) == {"lr_too_high", "exploding_gradients"}
        assert comparison["findings_new"] == []

        reverted = await call(client, "revert_patch", {"patch_id": applied["patch_id"]})
        assert reverted["restored"] == ["train.py"]
    assert (project / "train.py").read_bytes() == original
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""
    listed = await call(client, "list_patches", {})
    assert [(p["patch_id"], p["state"]) for p in listed["patches"]] == [(applied["patch_id"], "reverted")]


async def test_a_quick_test_runs_on_while_diagnose_training_reads_a_log(
    client: Client, workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """diagnose_training reads and judges on a worker thread: the event loop keeps pumping other calls' output."""
    import threading

    from server.core.diagnosis import usecase

    shutil.copy(Path(__file__).parent / "fixtures" / "text" / "nanogpt.log", workspace_dir / "train.log")
    (workspace_dir / "steps.py").write_text("for i in range(1, 4):\n    print(f'step {i} | loss {1 / i:.3f}')\n")
    reading = anyio.Event()
    released = threading.Event()
    real_read = usecase.read_logs

    def read_once_released(*args):
        anyio.from_thread.run_sync(reading.set)  # raises unless called from a worker thread
        if not released.wait(timeout=30):
            raise TimeoutError("the quick test never finished while the log was being read")
        return real_read(*args)

    monkeypatch.setattr(usecase, "read_logs", read_once_released)
    answers = {}

    async def diagnose() -> None:
        answers["diagnosis"] = await client.call_tool("diagnose_training", {"logs": "train.log"})

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(diagnose)
            await reading.wait()
            quick = await call(client, "run_quick_test", {"command": ["python", "steps.py"], "timeout_s": 30})
            released.set()
    assert (quick["verdict"], quick["last_step"], quick["metrics"]["steps_seen"]) == ("passed", 3, 3)
    assert not answers["diagnosis"].is_error, answers["diagnosis"].content
    assert answers["diagnosis"].structured_content["inputs"]["files"] == ["train.log"]
