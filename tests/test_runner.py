"""The child-process runner: timeouts, memory caps, process groups, output bounds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from server.core.errors import UserError
from server.core.runner import run_process
from tests.helpers import gone

pytestmark = pytest.mark.anyio


async def test_a_command_that_never_ends_is_killed_at_the_timeout(tmp_path: Path) -> None:
    code = "import time\nprint('started', flush=True)\ntime.sleep(60)"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=1.5)
    assert result.timed_out
    assert result.exit_code == -9
    assert result.head == ["started"]
    assert result.duration_s < 10


async def test_children_forked_by_the_command_are_killed_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    code = (
        "import subprocess, sys, time\n"
        "kids = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']) for _ in range(3)]\n"
        f"open({str(pid_file)!r}, 'w').write(' '.join(str(k.pid) for k in kids))\n"
        "print('forked', flush=True)\n"
        "time.sleep(60)\n"
    )
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=3)
    assert result.timed_out
    pids = [int(p) for p in pid_file.read_text().split()]
    assert len(pids) == 3
    assert all(gone(pid) for pid in pids)


async def test_a_command_that_allocates_without_bound_is_stopped_by_the_memory_cap(tmp_path: Path) -> None:
    code = "chunks = []\nwhile True:\n    chunks.append(bytearray(64 * 1024 * 1024))"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=60, memory_mb=512)
    assert not result.timed_out
    assert result.exit_code != 0
    assert result.likely_out_of_memory


async def test_output_keeps_head_and_tail_and_counts_what_it_dropped(tmp_path: Path) -> None:
    code = "for i in range(1000): print(f'line {i}')"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=30, head_lines=5, tail_lines=5)
    assert result.exit_code == 0
    assert result.head == [f"line {i}" for i in range(5)]
    assert result.tail == [f"line {i}" for i in range(995, 1000)]
    assert result.dropped_lines == 990


async def test_the_child_sees_no_gpu_and_no_stdin(tmp_path: Path) -> None:
    code = "import os, sys\nprint(repr(os.environ['CUDA_VISIBLE_DEVICES']))\nprint(repr(sys.stdin.read()))"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=30)
    assert result.head == ["''", "''"]


async def test_a_line_handler_can_stop_the_run_early(tmp_path: Path) -> None:
    code = "import time\nfor i in range(100):\n    print(f'step {i}', flush=True)\n    time.sleep(0.02)"

    async def stop_at_five(line: str) -> bool:
        return line == "step 5"

    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=30, on_line=stop_at_five)
    assert result.stopped_early
    assert not result.timed_out
    assert result.head[-1] == "step 5"


async def test_a_tick_handler_is_called_while_the_child_runs_and_not_after(tmp_path: Path) -> None:
    ticks: list[float] = []

    async def tick() -> None:
        ticks.append(time.monotonic())

    started = time.monotonic()
    result = await run_process(
        [sys.executable, "-c", "import time; time.sleep(0.7)"], cwd=tmp_path, timeout_s=30, on_tick=tick, tick_s=0.2
    )
    assert result.exit_code == 0
    assert 2 <= len(ticks) <= 4
    assert all(t - started < result.duration_s for t in ticks)


async def test_a_missing_program_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        await run_process(["definitely-not-a-program-xyz"], cwd=tmp_path, timeout_s=5)


async def test_bad_environment_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="environment"):
        await run_process([sys.executable, "-c", "pass"], cwd=tmp_path, timeout_s=5, env={"A=B": "x"})


DAEMON = (
    "import os, sys, time\n"
    "print('step 1 | loss 0.5', flush=True)\n"
    "if os.fork() == 0:\n"
    "    os.setsid()  # a daemon: a session of its own, out of the run's process group, stdout still open\n"
    "    open(sys.argv[1], 'w').write(str(os.getpid()))\n"
    "    time.sleep(60)\n"
    "    os._exit(0)\n"
    "time.sleep(0.2)\n"
)


async def test_a_daemon_keeping_stdout_open_does_not_turn_a_finished_run_into_a_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "daemon.pid"
    result = await run_process([sys.executable, "-c", DAEMON, str(pid_file)], cwd=tmp_path, timeout_s=20)
    assert not result.timed_out
    assert result.exit_code == 0
    assert result.head == ["step 1 | loss 0.5"]
    assert result.duration_s < 5
    assert gone(int(pid_file.read_text()))


async def test_a_child_forked_into_the_group_holding_stdout_ends_with_the_run(tmp_path: Path) -> None:
    code = "import os, time\nprint('done', flush=True)\nif os.fork() == 0:\n    time.sleep(60)\n"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=20)
    assert (result.timed_out, result.exit_code, result.head) == (False, 0, ["done"])
    assert result.duration_s < 5
