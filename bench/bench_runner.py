"""What the loop's runner costs. One command:

    python bench/bench_runner.py [--repeat 20]

1. Overhead of `run_process` (new session, memory cap, output pump, group kill) over a plain
   `subprocess.run` of the same command, `python -c pass`, median of `--repeat` runs each, interleaved.
2. Time from a `run_quick_test` call (in-memory MCP client) to its first progress notification, for a
   command that prints `step 0 | loss ...` at once; and to the call's answer. Median of 5.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mcp import Client  # noqa: E402

from server.app import build_server  # noqa: E402
from server.core.runner import run_process  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402
from server.settings import Settings  # noqa: E402

STEP_SCRIPT = "for i in range(3):\n    print(f'step {i} | loss {1 / (i + 1)}', flush=True)\n"


async def runner_overhead(folder: Path, repeat: int) -> tuple[float, float]:
    argv = [sys.executable, "-c", "pass"]
    direct, ours = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, check=True)
        direct.append(time.perf_counter() - started)
        started = time.perf_counter()
        await run_process(argv, cwd=folder, timeout_s=30)
        ours.append(time.perf_counter() - started)
    return statistics.median(direct), statistics.median(ours)


async def first_progress(folder: Path, repeat: int = 5) -> tuple[float, float]:
    (folder / "steps.py").write_text(STEP_SCRIPT)
    firsts, totals = [], []
    async with Client(build_server(Settings(Workspace.of([folder])))) as client:
        for _ in range(repeat):
            first: list[float] = []

            async def on_progress(progress: float, total: float | None, message: str | None, seen=first) -> None:
                seen.append(time.perf_counter())

            started = time.perf_counter()
            result = await client.call_tool(
                "run_quick_test", {"command": ["python", "steps.py"]}, progress_callback=on_progress
            )
            totals.append(time.perf_counter() - started)
            assert not result.is_error and first, result.content
            firsts.append(first[0] - started)
    return statistics.median(firsts), statistics.median(totals)


async def main(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        direct, ours = await runner_overhead(folder, repeat)
        print(f"python -c pass, median of {repeat}:")
        print(f"  subprocess.run       {direct * 1000:7.1f} ms")
        print(f"  run_process          {ours * 1000:7.1f} ms")
        print(f"  overhead             {(ours - direct) * 1000:+7.1f} ms ({ours / direct:.2f}x)")
        to_progress, to_answer = await first_progress(folder)
        print("run_quick_test of a 3-step script (in-memory client), median of 5:")
        print(f"  call -> first progress notification {to_progress * 1000:7.1f} ms")
        print(f"  call -> answer (read + judged)      {to_answer * 1000:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    anyio.run(main, parser.parse_args().repeat)
