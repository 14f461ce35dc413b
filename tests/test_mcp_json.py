"""The shipped `mcp.json` starts a working server, as a client configured with it would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.conftest import REPO

pytestmark = pytest.mark.anyio


async def test_the_shipped_mcp_json_starts_a_server_that_answers(tmp_path: Path) -> None:
    config = json.loads((REPO / "mcp.json").read_text())
    entry = config["mcpServers"]["ml-skills"]
    command = shutil.which(entry["command"])
    assert command, f"{entry['command']} is not on PATH; install the package (pip install -e .)"
    params = StdioServerParameters(command=command, args=entry["args"], env=entry.get("env") or None, cwd=tmp_path)
    with anyio.fail_after(60):
        async with Client(params) as client:
            assert client.server_info is not None and client.server_info.name == "ml-skills"
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert "read_training_log" in names
            result = await client.call_tool("read_training_log", {"paths": "missing.log"})
            assert result.is_error
            assert "does not exist" in result.content[0].text
