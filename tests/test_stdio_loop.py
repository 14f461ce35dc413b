"""The loop's tools across a real stdio process boundary: progress arrives, the child reads an empty stdin."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.anyio


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
