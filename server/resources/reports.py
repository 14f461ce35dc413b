"""The `reports://{report_id}` resource: a saved diagnosis, as JSON."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError

from ..core.errors import UserError
from ..core.reports import load_report
from ..settings import Settings


def register(mcp: MCPServer, settings: Settings) -> None:
    @mcp.resource("reports://{report_id}", mime_type="application/json", title="Diagnosis report")
    def report(report_id: str) -> str:
        """A diagnosis made by diagnose_training, by the report_id it returned."""
        try:
            return load_report(settings.state_dir, report_id)
        except UserError as exc:
            raise ResourceNotFoundError(str(exc)) from exc
