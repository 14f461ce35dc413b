"""run_quick_test: a bounded CPU run of a training command, watched, read and judged."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client

from server.core.errors import UserError
from server.core.ledger import Ledger
from server.core.quick_test import NONFINITE_LOSS, STEP, parse_command
from tests.helpers import gone

pytestmark = pytest.mark.anyio

PROJECT = Path(__file__).parent / "fixtures" / "loop_project"


def script(folder: Path, name: str, code: str) -> str:
    (folder / name).write_text(code)
    return name


@pytest.mark.parametrize(
    ("line", "step"),
    [
        ("step 12 | loss 0.5", 12),
        ("global_step=40 loss=0.3", 40),
        ("Step: 7, loss: 1.0", 7),
        ("iter 300: loss 4.1, time 20ms", 300),
        ("Epoch 3/10", 3),
        ("steps: 100", None),
        ("Namespace(lr=0.1, max_step=2000, warmup_step=10)", None),
        ("total_step: 5", None),
    ],
)
def test_the_step_is_read_from_the_common_line_shapes(line: str, step: int | None) -> None:
    found = STEP.search(line)
    assert (int(next(g for g in found.groups() if g)) if found else None) == step


@pytest.mark.parametrize(
    ("line", "nonfinite"),
    [
        ("step 6 | loss inf | grad_norm inf", True),
        ("{'loss': nan, 'grad_norm': 1.0}", True),
        ("train_loss=-inf", True),
        ("val_loss: NaN", True),
        ("step 6 | loss 0.5 | grad_norm nan", False),
        ("loss 0.25 nanoseconds", False),
    ],
)
def test_a_non_finite_loss_is_recognised_and_nothing_else(line: str, nonfinite: bool) -> None:
    assert bool(NONFINITE_LOSS.search(line)) is nonfinite


def test_commands_are_argv_lists_and_python_means_the_projects_interpreter() -> None:
    assert parse_command("python train.py --lr '1e-3 x'", "/venv/bin/python") == [
        "/venv/bin/python",
        "train.py",
        "--lr",
        "1e-3 x",
    ]
    assert parse_command(["python3", "-c", "pass; rm -rf /"], "/p") == ["/p", "-c", "pass; rm -rf /"]
    assert parse_command(["bash", "run.sh"], "/p") == ["bash", "run.sh"]
    with pytest.raises(UserError, match="cannot split"):
        parse_command("python 'unclosed", "/p")
    with pytest.raises(UserError, match="empty command"):
        parse_command([], "/p")


async def test_a_diverging_run_is_stopped_at_its_first_non_finite_loss(client: Client, workspace_dir: Path) -> None:
    shutil.copy(PROJECT / "train.py", workspace_dir / "train.py")
    result = await client.call_tool("run_quick_test", {"command": ["python", "train.py"], "timeout_s": 120})
    assert not result.is_error, result.content
    answer = result.structured_content
    assert answer["verdict"] == "diverged"
    assert answer["stopped_early"] is True
    assert answer["stop_reason"] == "loss became non-finite: step 6 | loss inf | grad_norm inf"
    assert answer["exit_code"] == -9
    assert answer["last_step"] == 6
    metrics = answer["metrics"]
    assert metrics["loss_metric"] == "loss"
    assert metrics["final_loss"] == "inf"
    assert (metrics["loss_nan_count"], metrics["loss_inf_count"], metrics["steps_seen"]) == (0, 1, 7)
    assert metrics["grad_norm_peak"] == "inf"
    log = workspace_dir / answer["log_path"]
    assert log.parent == workspace_dir / ".ml-skills" / "runs"
    assert log.read_text().splitlines()[-1] == "step 6 | loss inf | grad_norm inf"
    printed = [float(line.split(" | ")[1].split()[1]) for line in log.read_text().splitlines()]
    assert metrics["best_loss"] == min(printed)
    assert answer["output_tail"].splitlines()[0] == "step 0 | loss 8.8432 | grad_norm 4.33651"


async def test_the_log_is_kept_for_the_other_tools_and_the_run_is_in_the_ledger(
    client: Client, workspace_dir: Path, settings
) -> None:
    code = "for i in range(3):\n    print(f'step {i} | loss {1 / (i + 1):.4f}')\n"
    name = script(workspace_dir, "fit.py", code)
    answer = (await client.call_tool("run_quick_test", {"command": f"python {name}"})).structured_content
    assert answer["verdict"] == "passed"
    assert answer["verdict_reason"] == "exited with code 0 and a finite loss"
    assert (answer["metrics"]["final_loss"], answer["metrics"]["best_loss"]) == (0.3333, 0.3333)
    read = await client.call_tool("read_training_log", {"paths": answer["log_path"]})
    assert read.structured_content["runs"][0]["metrics"]["loss"]["count"] == 3
    entry = Ledger(settings.state_dir).get("quick_test", answer["run_id"])
    assert entry.data["verdict"] == "passed"
    assert entry.data["log_path"] == answer["log_path"]
    assert entry.data["command"] == [sys.executable, name]


async def test_progress_follows_the_steps_and_the_run_stops_at_max_steps(client: Client, workspace_dir: Path) -> None:
    code = "import time\nfor i in range(50):\n    print(f'step {i} | loss 0.5', flush=True)\n    time.sleep(0.05)\n"
    name = script(workspace_dir, "slow.py", code)
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    with anyio.fail_after(60):
        result = await client.call_tool(
            "run_quick_test", {"command": ["python", name], "max_steps": 5}, progress_callback=on_progress
        )
    answer = result.structured_content
    assert (answer["verdict"], answer["stopped_early"], answer["last_step"]) == ("passed", True, 5)
    assert answer["verdict_reason"] == "reached max_steps=5 with a finite loss"
    assert seen[0][:2] == (0, 5)
    assert seen[-1][:2] == (5, 5)
    assert seen[-1][2].startswith("step 5 after ")


async def test_a_printed_config_with_max_step_is_not_taken_for_the_step_reached(
    client: Client, workspace_dir: Path
) -> None:
    code = (
        "import argparse\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--max_step', type=int, default=2000)\n"
        "print(parser.parse_args([]), flush=True)\n"
        "for i in range(1, 6):\n"
        "    print(f'step {i} | loss {1 / i:.3f}', flush=True)\n"
    )
    name = script(workspace_dir, "configured.py", code)
    with anyio.fail_after(60):
        result = await client.call_tool("run_quick_test", {"command": ["python", name], "max_steps": 100})
    answer = result.structured_content
    assert answer["output_tail"].splitlines()[0] == "Namespace(max_step=2000)"
    assert (answer["verdict"], answer["stopped_early"], answer["last_step"]) == ("passed", False, 5)
    assert answer["stop_reason"] is None
    assert (answer["metrics"]["steps_seen"], answer["metrics"]["final_loss"]) == (5, 0.2)


async def test_a_silent_command_reports_elapsed_time_against_the_timeout(client: Client, workspace_dir: Path) -> None:
    name = script(workspace_dir, "quiet.py", "import time\ntime.sleep(1.4)\n")
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    result = await client.call_tool(
        "run_quick_test", {"command": ["python", name], "timeout_s": 30}, progress_callback=on_progress
    )
    assert result.structured_content["verdict"] == "passed"
    assert result.structured_content["notes"] != []
    assert seen and all(total == 30 for _, total, _ in seen)
    assert "no step seen yet" in seen[0][2]


async def test_a_command_that_never_ends_is_killed_with_its_children(client: Client, workspace_dir: Path) -> None:
    code = (
        "import subprocess, sys, time\n"
        "kids = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']) for _ in range(2)]\n"
        "open('pids', 'w').write(' '.join(str(k.pid) for k in kids))\n"
        "print('step 1 | loss 0.5', flush=True)\n"
        "time.sleep(60)\n"
    )
    name = script(workspace_dir, "hang.py", code)
    answer = (
        await client.call_tool("run_quick_test", {"command": ["python", name], "timeout_s": 2})
    ).structured_content
    assert (answer["verdict"], answer["timed_out"], answer["exit_code"]) == ("timed_out", True, -9)
    pids = [int(p) for p in (workspace_dir / "pids").read_text().split()]
    assert len(pids) == 2
    assert all(gone(pid) for pid in pids)


async def test_a_command_that_allocates_without_bound_fails_on_the_memory_cap(
    client: Client, workspace_dir: Path
) -> None:
    name = script(workspace_dir, "hog.py", "chunks = []\nwhile True:\n    chunks.append(bytearray(64 * 1024 * 1024))\n")
    answer = (
        await client.call_tool("run_quick_test", {"command": ["python", name], "memory_mb": 256, "timeout_s": 60})
    ).structured_content
    assert answer["verdict"] == "failed"
    assert answer["exit_code"] == 1
    assert "likely out of memory" in answer["verdict_reason"]
    assert "MemoryError" in answer["output_tail"]


async def test_a_failing_command_is_failed_with_its_exit_code(client: Client, workspace_dir: Path) -> None:
    name = script(workspace_dir, "boom.py", "import sys\nprint('step 0 | loss 0.9')\nsys.exit(3)\n")
    answer = (await client.call_tool("run_quick_test", {"command": ["python", name]})).structured_content
    assert (answer["verdict"], answer["exit_code"]) == ("failed", 3)
    assert answer["verdict_reason"] == "the command exited with code 3"


async def test_nan_without_early_stop_still_diverges(client: Client, workspace_dir: Path) -> None:
    code = "for i, v in enumerate(['0.5', '0.4', 'nan', 'nan']):\n    print(f'step {i} | loss {v}')\n"
    name = script(workspace_dir, "nan.py", code)
    answer = (
        await client.call_tool("run_quick_test", {"command": ["python", name], "stop_on_nan": False})
    ).structured_content
    assert (answer["verdict"], answer["stopped_early"], answer["exit_code"]) == ("diverged", False, 0)
    assert answer["metrics"]["loss_nan_count"] == 2


async def test_the_environment_reaches_the_command_and_bad_input_is_refused(
    client: Client, workspace_dir: Path
) -> None:
    name = script(workspace_dir, "env.py", "import os\nprint(os.environ['ML_SKILLS_TEST'])\n")
    answer = (
        await client.call_tool("run_quick_test", {"command": ["python", name], "env": {"ML_SKILLS_TEST": "yes"}})
    ).structured_content
    assert answer["output_tail"] == "yes"
    outside = await client.call_tool("run_quick_test", {"command": ["python", name], "cwd": ".."})
    assert outside.is_error and "outside the workspace" in outside.content[0].text
    empty = await client.call_tool("run_quick_test", {"command": ""})
    assert empty.is_error and "empty command" in empty.content[0].text
    missing = await client.call_tool("run_quick_test", {"command": ["no-such-program-xyz"]})
    assert missing.is_error and "not found" in missing.content[0].text
    not_dir = await client.call_tool("run_quick_test", {"command": ["python", name], "cwd": name})
    assert not_dir.is_error and "not a folder" in not_dir.content[0].text
    again = await client.call_tool("run_quick_test", {"command": ["python", name], "env": {"ML_SKILLS_TEST": "ok"}})
    assert again.structured_content["output_tail"] == "ok"
