"""Prompts: the ML Training Debugger, the ML Expert, and the whole diagnose-fix-test loop."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from ..settings import Settings


def register(mcp: MCPServer, settings: Settings) -> None:
    """Filled in by the personas work."""
