"""Turning the core's expected failures into MCP tool errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError

from ..core.errors import UserError

logger = logging.getLogger("ml_skills")


@contextmanager
def tool_errors(tool: str) -> Iterator[None]:
    """Re-raise a `UserError` (or an OS error on user input) as a `ToolError` the client can read."""
    try:
        yield
    except UserError as exc:
        raise ToolError(str(exc)) from exc
    except RuntimeError as exc:
        if not str(exc).startswith("Symlink loop"):  # pathlib's resolve() on a link leading back to itself
            raise
        where = str(exc).removeprefix("Symlink loop from ").strip("'\"")
        raise ToolError(
            f"{where} is a symbolic link loop (it leads back to itself); pass the real file or folder, or fix the link"
        ) from exc
    except OSError as exc:
        logger.exception("%s failed", tool)
        where = f" ({exc.filename})" if exc.filename else ""
        raise ToolError(
            f"{tool} could not use a file{where}: {exc.strerror or exc}. Check the path and its permissions."
        ) from exc
