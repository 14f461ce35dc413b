"""Every tool family across a real stdio process boundary, on the shipped diverging example.

One server process: diagnose the example (and its model), try the proposed fixes in copies, apply the verified
winner, run the example's test and a quick training run, compare before/after, plot, read the report back,
revert byte for byte.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from server.core.ledger import Ledger
from tests.conftest import FIXTURES, REPO
from tests.helpers import init_repo

pytestmark = pytest.mark.anyio


@pytest.fixture
def project(workspace_dir: Path) -> Path:
    """The diverging example as a git repository, with a model whose checkpoint was trained into dead ReLUs."""
    for name in ("train.py", "test_train.py", "train.log"):
        shutil.copy(REPO / "examples" / "diverging" / name, workspace_dir / name)
    for name in ("zoo.py", "dead_relu.pt"):
        shutil.copy(FIXTURES / "models" / name, workspace_dir / name)
    return init_repo(workspace_dir, "the diverging example")


async def call(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    result = await client.call_tool(tool, args)
    assert not result.is_error, result.content
    return result.structured_content


async def test_the_whole_loop_runs_over_stdio(project: Path) -> None:
    original = (project / "train.py").read_bytes()
    server = StdioServerParameters(command=sys.executable, args=["-m", "server", "--workspace", str(project)])
    with anyio.fail_after(240):
        async with Client(server) as client:
            diagnosis = await call(client, "diagnose_training", {"logs": "train.log", "code": "train.py"})
            [first, *_] = diagnosis["root_causes"]
            assert (diagnosis["verdict"], first["id"]) == ("problems_found", "lr_too_high")
            report = await client.read_resource(f"reports://{diagnosis['report_id']}")
            assert f'"report_id":"{diagnosis["report_id"]}"' in report.contents[0].text

            tried = await call(
                client,
                "try_fixes",
                {"command": ["python", "train.py"], "report_id": diagnosis["report_id"], "max_steps": 100},
            )
            assert (project / "train.py").read_bytes() == original  # tried in copies only
            winner = tried["winner"]
            assert {t["label"]: t["verdict"] for t in tried["trials"]}[winner["label"]] == "verified"
            patch = await call(client, "apply_patch", {"diff": winner["patch"], "message": winner["label"]})
            assert [f["path"] for f in patch["files"]] == ["train.py"]
            assert (project / "train.py").read_bytes() != original

            tests = await call(client, "run_tests", {})
            assert (tests["passed"], tests["failed"]) == (1, 0)
            quick = await call(
                client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 120, "max_steps": 100}
            )
            assert quick["verdict"] == "passed"
            comparison = await call(client, "compare_runs", {"baseline": "train.log", "candidate": quick["run_id"]})
            assert comparison["verdict"] == "improved"
            assert "lr_too_high" in comparison["findings_cleared"]

            plot = await client.call_tool("plot_metrics", {"paths": ["train.log", quick["log_path"]]})
            assert plot.content[0].mime_type == "image/png"

            model_args = {"model": "zoo.py:ReluNet", "checkpoint": "dead_relu.pt", "input_shape": [64, 10]}
            inspection = await call(client, "inspect_model", {**model_args, "probe": True})
            assert "dead_relu" in {f["id"] for f in inspection["findings"]}
            with_model = await call(client, "diagnose_training", {"logs": "train.log", **model_args})
            assert "dead_relu" in {cause["id"] for cause in with_model["root_causes"]}

            reverted = await call(client, "revert_patch", {"patch_id": patch["patch_id"]})
            assert reverted["restored"] == ["train.py"]
            listed = await call(client, "list_patches", {})
            assert [p["state"] for p in listed["patches"]] == ["reverted"]
    assert (project / "train.py").read_bytes() == original
    recorded = {entry.key for entry in Ledger(project / ".ml-skills").entries("diagnosis")}
    assert recorded == {diagnosis["report_id"], with_model["report_id"]}
