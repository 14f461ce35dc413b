"""run_quick_test: progress that only goes up, and a log file the command writes judged instead of its output."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from mcp import Client

pytestmark = pytest.mark.anyio


def script(folder: Path, name: str, code: str) -> str:
    (folder / name).write_text(code)
    return name


async def test_progress_only_goes_up_when_a_run_is_silent_before_its_first_step(
    client: Client, workspace_dir: Path
) -> None:
    """Before: seconds against the timeout while silent (1, 2...), then steps from 0 against max_steps."""
    code = "import time\ntime.sleep(2.3)\nfor i in range(4):\n    print(f'step {i} | loss 0.5', flush=True)\n"
    name = script(workspace_dir, "late.py", code)
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    with anyio.fail_after(60):
        result = await client.call_tool(
            "run_quick_test", {"command": ["python", name], "max_steps": 3}, progress_callback=on_progress
        )
    assert result.structured_content["last_step"] == 3
    done = [progress for progress, _, _ in seen]
    assert done == sorted(set(done))  # strictly increasing
    assert {total for _, total, _ in seen} == {3}
    assert (seen[0][:2], seen[-1][:2]) == ((0, 3), (3, 3))
    assert "no step seen yet" in seen[0][2]


async def test_a_log_file_the_command_writes_is_judged_and_compare_runs_reads_it(
    client: Client, workspace_dir: Path
) -> None:
    """The output says nothing of the loss; the JSONL file the command writes does (a diverging loss to NaN)."""
    code = (
        "import json, math\n"
        "with open('metrics.jsonl', 'w') as out:\n"
        "    for i in range(30):\n"
        "        loss = 0.5 * 3.0 ** i if i < 25 else float('nan')\n"
        "        print(f'step {i}', flush=True)\n"
        "        out.write(json.dumps({'step': i, 'loss': loss if math.isfinite(loss) else 'nan'}) + '\\n')\n"
    )
    name = script(workspace_dir, "writes.py", code)
    with anyio.fail_after(60):
        plain = (await client.call_tool("run_quick_test", {"command": ["python", name]})).structured_content
        judged = (
            await client.call_tool("run_quick_test", {"command": ["python", name], "log_file": "metrics.jsonl"})
        ).structured_content
        missing = (
            await client.call_tool("run_quick_test", {"command": ["python", name], "log_file": "nowhere.jsonl"})
        ).structured_content
        outside = await client.call_tool("run_quick_test", {"command": ["python", name], "log_file": "../x.jsonl"})
        compared = await client.call_tool("compare_runs", {"baseline": judged["run_id"], "candidate": judged["run_id"]})
    assert (plain["verdict"], plain["metrics"], plain["judged_log"]) == ("passed", None, None)
    assert judged["judged_log"] == f".ml-skills/runs/{judged['run_id']}-metrics.jsonl"
    assert (judged["verdict"], judged["metrics"]["loss_nan_count"], judged["metrics"]["steps_seen"]) == (
        "diverged",
        5,
        30,
    )
    assert judged["metrics"]["best_loss"] == 0.5
    assert "nowhere.jsonl was not written by the command; judged its output instead" in missing["notes"]
    assert outside.is_error and "outside the workspace" in outside.content[0].text
    assert compared.structured_content["baseline"] == judged["judged_log"]
    assert compared.structured_content["baseline_metrics"]["loss_nan_count"] == 5
