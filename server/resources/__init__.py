"""Resources: persona texts, the quick reference card, the root-cause catalogue, kept reports."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from ..settings import Settings


def register(mcp: MCPServer, settings: Settings) -> None:
    """Filled in by the personas work."""
