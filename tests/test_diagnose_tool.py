"""diagnose_training's own wiring: pipes refused, a failed model inspection noted without losing the diagnosis."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import anyio
import pytest
from mcp import Client

from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.anyio


@pytest.fixture
def run(workspace_dir: Path) -> Path:
    shutil.copy(REPO / "examples" / "diverging" / "train.log", workspace_dir / "train.log")
    shutil.copy(FIXTURES / "models" / "zoo.py", workspace_dir / "zoo.py")
    return workspace_dir


async def test_a_named_pipe_as_code_or_config_is_refused_without_hanging(client: Client, run: Path) -> None:
    os.mkfifo(run / "pipe.py")
    with anyio.fail_after(20):
        for argument in ("code", "config"):
            result = await client.call_tool("diagnose_training", {"logs": "train.log", argument: "pipe.py"})
            assert result.is_error
            assert "pipe.py is a named pipe" in result.content[0].text
        after = await client.call_tool("diagnose_training", {"logs": "train.log"})
    assert not after.is_error


async def test_a_model_that_fails_to_build_is_noted_and_the_logs_are_still_diagnosed(client: Client, run: Path) -> None:
    with anyio.fail_after(120):
        result = await client.call_tool("diagnose_training", {"logs": "train.log", "model": "zoo.py:broken"})
    answer = result.structured_content
    assert not result.is_error
    assert answer["root_causes"][0]["id"] == "lr_too_high"
    assert answer["inputs"]["model"] is False
    [note] = [m for m in answer["inputs"]["missing"] if m.startswith("model inspection failed")]
    assert note == (
        "model inspection failed: broken(**{}) raised ValueError: cannot build: width must be even; "
        "call inspect_model with the same model for the details"
    )
