"""Shared fixtures: a workspace folder, settings on it, and an in-memory MCP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mcp import Client

from server.app import build_server
from server.core.workspace import Workspace
from server.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    return root


@pytest.fixture
def settings(workspace_dir: Path) -> Settings:
    return Settings(Workspace.of([workspace_dir]))


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[Client]:
    """An in-memory MCP client on a server confined to `workspace_dir`."""
    async with Client(build_server(settings)) as connected:
        yield connected


@pytest.fixture
async def repo_client() -> AsyncIterator[Client]:
    """An in-memory MCP client on a server whose workspace is this repository (examples/, tests/fixtures/)."""
    async with Client(build_server(Settings(Workspace.of([REPO])))) as connected:
        yield connected
