"""Builds the MCP server: one `register(mcp, settings)` per tool, resource and prompt family."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.types import Icon, ToolAnnotations

from . import __version__
from .settings import Settings

INSTRUCTIONS = """\
ml-skills debugs ML training runs on this machine: it reads the logs, finds what went wrong with
evidence (step, line, module), proposes fixes as patches, applies them reversibly, and tests them on CPU.
Start with `diagnose_training` on the run's log (add `code`/`config` for patches), or `read_training_log`
to look first. Loop: diagnose_training -> try_fixes (candidate patches tried in isolated copies) ->
apply_patch of the winner -> run_tests -> run_quick_test -> compare_runs (revert_patch undoes). The prompts
`ml-training-debugger`, `ml-expert` and `diagnose-fix-test` set the working method; `catalogue://root-causes`
lists the root-cause ids. Paths are inside the workspace.
"""

FAMILIES = (
    "server.tools.logs",
    "server.tools.model",
    "server.tools.loop",
    "server.tools.patches",
    "server.tools.compare",
    "server.tools.fixes",
    "server.tools.diagnose",
    "server.resources",
    "server.resources.reports",
    "server.prompts",
)


class SkillsServer(MCPServer):
    """`MCPServer` whose tool descriptions are their docstrings dedented (`inspect.cleandoc`), as a model should
    read them: the SDK passes `__doc__` on as written, with the indentation of the source."""

    def add_tool(
        self,
        fn: Callable[..., Any],
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        annotations: ToolAnnotations | None = None,
        icons: list[Icon] | None = None,
        meta: dict[str, Any] | None = None,
        structured_output: bool | None = None,
    ) -> None:
        super().add_tool(
            fn,
            name=name,
            title=title,
            description=description or inspect.cleandoc(fn.__doc__ or ""),
            annotations=annotations,
            icons=icons,
            meta=meta,
            structured_output=structured_output,
        )


def build_server(settings: Settings) -> MCPServer:
    """The server with every tool, resource and prompt family registered."""
    mcp = SkillsServer("ml-skills", version=__version__, instructions=INSTRUCTIONS)
    for name in FAMILIES:
        importlib.import_module(name).register(mcp, settings)
    return mcp
