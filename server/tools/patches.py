"""Tools that change files, reversibly: `apply_patch`, `revert_patch`, `list_patches`."""

from __future__ import annotations

import logging
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, Field

from ..core import patches
from ..core.errors import UserError
from ..core.patches import PatchInfo, PatchResult, RevertResult
from ..settings import Settings
from ._annotations import READ_ONLY, WRITES_FILES
from ._errors import tool_errors


class PatchList(BaseModel):
    patches: list[PatchInfo] = Field(description="Patches applied through this server, oldest first.")


logger = logging.getLogger(__name__)


def register(mcp: MCPServer, settings: Settings) -> None:
    try:  # a patch operation a killed server left half-done is undone before anything else
        for note in patches.recover_at_start(settings.workspace, settings.state_dir):
            logger.warning("%s", note)
    except UserError as exc:
        logger.warning("patch recovery at start skipped: %s", exc)

    @mcp.tool(title="Apply a patch", annotations=WRITES_FILES)
    def apply_patch(
        diff: Annotated[str, Field(description="A unified diff as `git diff` prints it (a/ and b/ paths).")],
        repo: Annotated[str, Field(description="The git repository (or a folder in it) inside the workspace.")] = ".",
        dry_run: Annotated[bool, Field(description="Only check that the patch applies; write nothing.")] = False,
        message: Annotated[str | None, Field(description="What the patch does, for list_patches.")] = None,
    ) -> PatchResult:
        """Apply a unified diff (e.g. a patch from diagnose_training) to a git repository, reversibly.

        Checks first and writes nothing if any check fails: paths relative to the repository top, no '..',
        nothing under .git/, no symbolic links, no binary patches, `git apply --check` passes, and none of
        the touched files has uncommitted changes (commit or stash them first: the user's work is never
        overwritten). Applies all or nothing, into the working tree only: it does not commit, so the change
        shows in `git diff`. Safe under a kill: a server stopped midway leaves the files all as before (the
        next start undoes it). Returns the patch_id (for revert_patch), the files and a diff stat.
        Use dry_run=True to check a patch without applying it.
        """
        with tool_errors("apply_patch"):
            return patches.apply_patch(settings.workspace, settings.state_dir, diff, repo, dry_run, message)

    @mcp.tool(title="Revert a patch", annotations=WRITES_FILES)
    def revert_patch(
        patch_id: Annotated[str, Field(description="The id apply_patch returned, e.g. 'p-1a2b3c4d'.")],
    ) -> RevertResult:
        """Undo a patch applied by apply_patch: every file it touched gets back its exact bytes.

        Files the patch created are removed, files it deleted come back. Refused (nothing written) when any
        of those files changed since the patch was applied, so later edits are never lost. Safe under a kill:
        a revert cut short is undone at the next start (the patch is then still applied; revert it again).
        """
        with tool_errors("revert_patch"):
            return patches.revert_patch(settings.workspace, settings.state_dir, patch_id)

    @mcp.tool(title="List patches", annotations=READ_ONLY)
    def list_patches() -> PatchList:
        """List the patches applied through this server (latest 50): id, time, message, files, applied/reverted."""
        with tool_errors("list_patches"):
            return PatchList(patches=patches.list_patches(settings.state_dir))
