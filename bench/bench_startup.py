"""Start-up cost: process start to the `initialize` answer over real stdio, ours against a bare MCPServer.

Both servers are started the same way (`python ...` as a child process with pipes), sent the same
`initialize` request, and timed until the answer line arrives; the runs alternate so that machine load
hits both alike. Prints the median of each, and the ratio (target: at most 1.2).

    python bench/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_SERVER = '''\
from mcp.server.mcpserver import MCPServer

mcp = MCPServer("bare")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


mcp.run()
'''

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "bench_startup", "version": "0"},
    },
}
TIMEOUT_S = 60.0


def time_to_initialize(argv: list[str], cwd: Path) -> float:
    """Seconds from spawning `argv` to reading its answer to `initialize` on stdout."""
    request = (json.dumps(INITIALIZE) + "\n").encode()
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        process.stdin.write(request)
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT_S)
        if not ready:
            raise TimeoutError(f"{argv} did not answer initialize within {TIMEOUT_S} s")
        answer = json.loads(process.stdout.readline())
        elapsed = time.perf_counter() - started
        if "result" not in answer:
            raise RuntimeError(f"{argv} answered initialize with {answer}")
        return elapsed
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="starts of each server (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_script = folder / "bare_server.py"
        bare_script.write_text(BARE_SERVER)
        ours_argv = [sys.executable, "-m", "server", "--workspace", str(folder)]
        bare_argv = [sys.executable, str(bare_script)]
        time_to_initialize(ours_argv, folder)  # warm the file cache and bytecode for both
        time_to_initialize(bare_argv, folder)
        ours, bare = [], []
        for _ in range(args.runs):
            ours.append(time_to_initialize(ours_argv, folder))
            bare.append(time_to_initialize(bare_argv, folder))
    ours_median, bare_median = statistics.median(ours), statistics.median(bare)
    print(f"runs per server:        {args.runs} (alternating)")
    print(f"bare MCPServer, 1 tool: median {bare_median * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"python -m server:       median {ours_median * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"ratio ours/bare:        {ours_median / bare_median:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
