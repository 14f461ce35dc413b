"""Load on one real stdio server: latency and memory over many calls, some of them concurrent.

    python bench/bench_load.py [--calls 500] [--concurrency 8]

Starts the server over stdio on a temporary git repository holding the shipped diverging example, then sends
`--calls` tool calls in waves of `--concurrency` (a mix of read_training_log, diagnose_training, compare_runs,
list_patches and a bad path that must come back as a clear error). Prints p50/p95/max latency per tool, the
number of errors that were not the expected clear refusal, and the server's resident memory after the first
wave and after the last (from /proc: the child process the client started).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

REPO = Path(__file__).resolve().parent.parent
MIX = (
    ("read_training_log", {"paths": "train.log"}),
    ("diagnose_training", {"logs": "train.log", "code": "train.py"}),
    ("compare_runs", {"baseline": "train.log", "candidate": "train.log"}),
    ("list_patches", {}),
    ("read_training_log", {"paths": "../../etc/passwd"}),  # refused: outside the workspace
)


def server_rss_mib(parent: int) -> float:
    """Resident memory of the `-m server` child of this process, in MiB (0 when not found)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().split()
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[3]) == parent and b"server" in cmdline:
            return int(stat[23]) * 4096 / 2**20
    return 0.0


async def run(calls: int, concurrency: int, project: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "server", "--workspace", str(project)])
    latency: dict[str, list[float]] = defaultdict(list)
    unexpected: list[str] = []
    rss: list[float] = []
    async with Client(params) as client:

        async def one(i: int) -> None:
            tool, args = MIX[i % len(MIX)]
            started = time.perf_counter()
            result = await client.call_tool(tool, args)
            latency[tool].append(time.perf_counter() - started)
            refused = "etc/passwd" in str(args)
            if result.is_error != refused:
                unexpected.append(f"{tool} {args}: {result.content[0].text[:100] if result.content else ''}")

        for wave in range(0, calls, concurrency):
            async with anyio.create_task_group() as group:
                for i in range(wave, min(calls, wave + concurrency)):
                    group.start_soon(one, i)
            if wave == 0:
                rss.append(server_rss_mib(os.getpid()))
        rss.append(server_rss_mib(os.getpid()))
    print(f"{calls} calls, {concurrency} at a time; unexpected errors: {len(unexpected)}")
    for line in unexpected[:5]:
        print("  " + line)
    for tool, values in sorted(latency.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        p50 = statistics.median(values)
        print(f"  {tool:20s} n={len(values):4d} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
    print(f"server RSS after the first wave {rss[0]:.0f} MiB, after the last {rss[-1]:.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in ("train.py", "train.log"):
            shutil.copy(REPO / "examples" / "diverging" / name, project / name)
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        anyio.run(run, args.calls, args.concurrency, project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
