"""Cancellation and starvation (issue 11 item 11): cancelled reads stop their threads, and heavy reads never
take the threads quick calls need."""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import pytest
from mcp import Client

from server.core import cancel
from server.core.logs import tensorboard
from server.core.logs.model import Run

pytestmark = pytest.mark.anyio

SLOW_READS = 41
"""One more than anyio's default pool of 40 threads, where the SDK runs sync tools such as list_patches."""


@pytest.fixture
def zero_events(workspace_dir: Path) -> Path:
    """A 64 MiB event file of zeros (sparse): 4 million empty records, ~6 s of decoding on this machine."""
    path = workspace_dir / "events.out.tfevents.0.zeros"
    with path.open("wb") as out:
        out.truncate(64 << 20)
    return path


def cpu_seconds_over(seconds: float) -> float:
    """The process's CPU time (all threads) spent over the next `seconds` of wall time."""
    before = time.process_time()
    time.sleep(seconds)
    return time.process_time() - before


async def test_cancelled_slow_reads_stop_their_threads_and_quick_calls_answer_meanwhile(
    client: Client, zero_events: Path
) -> None:
    async def read(scope: anyio.CancelScope) -> None:
        with scope:
            await client.call_tool("read_training_log", {"paths": zero_events.name})

    scopes = [anyio.CancelScope() for _ in range(SLOW_READS)]
    with anyio.fail_after(30):
        async with anyio.create_task_group() as tasks:
            for scope in scopes:
                tasks.start_soon(read, scope)
            await anyio.sleep(0.5)  # the reads have started
            started = time.perf_counter()
            listed = await client.call_tool("list_patches", {})
            quick_s = time.perf_counter() - started
            for scope in scopes:
                scope.cancel()
        cancelled_at = time.perf_counter()
    assert listed.structured_content == {"patches": []}
    assert quick_s < 10.0  # before: 49.6 s and more, waiting for a reader's thread (41 reads on 2 cores)
    await anyio.sleep(0.5)
    assert time.perf_counter() - cancelled_at < 5
    assert await anyio.to_thread.run_sync(cpu_seconds_over, 1.0) < 0.3  # before: every core busy reading on


def test_a_read_on_a_cancelled_thread_stops_at_its_next_check(zero_events: Path) -> None:
    async def main() -> float:
        run = Run(source="zeros", format="tensorboard")
        with anyio.move_on_after(0.3):
            await cancel.run_heavy(tensorboard.read_event_file, zero_events, run)
        return time.perf_counter()

    cancelled_at = anyio.run(main)
    assert time.perf_counter() - cancelled_at < cancel.CANCEL_GRACE_S
    assert cpu_seconds_over(0.5) < 0.15


async def test_heavy_work_runs_at_most_heavy_workers_at_once() -> None:
    running = 0
    peak = 0

    def work() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        time.sleep(0.05)
        running -= 1

    with anyio.fail_after(30):
        async with anyio.create_task_group() as tasks:
            for _ in range(6):
                tasks.start_soon(cancel.run_heavy, work)
    assert peak == cancel.HEAVY_WORKERS
