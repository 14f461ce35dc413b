"""The before/after tool: `compare_runs`."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from ..core import compare
from ..core.cancel import run_heavy
from ..core.compare import Comparison
from ..settings import Settings
from ._annotations import READ_ONLY
from ._errors import tool_errors
from .logs import LossMetric

RunRef = Annotated[str, Field(description="A log path in the workspace, or a run_id from run_quick_test.")]


def register(mcp: MCPServer, settings: Settings) -> None:
    @mcp.tool(title="Compare two runs", annotations=READ_ONLY)
    async def compare_runs(baseline: RunRef, candidate: RunRef, loss_metric: LossMetric = None) -> Comparison:
        """Compare a run before a fix (baseline) with one after it (candidate) and say whether it improved.

        Both are read with the log readers and judged with the diagnosis detectors, on the series whose role
        is the training loss (see read_training_log; loss_metric names another). Returns metric deltas
        (final and best loss, NaN/inf count, gradient-norm peak, steps), the findings cleared, new and kept,
        and a verdict: improved, regressed or unchanged, with the evidence for it (e.g. "NaN/inf in the loss
        gone", "loss down 62%"). NaN/inf appearing or disappearing decides alone; otherwise findings and a
        change of at least 10% in the final loss vote.
        """
        with tool_errors("compare_runs"):
            return await run_heavy(
                compare.compare_runs, settings.workspace, settings.state_dir, baseline, candidate, loss_metric
            )
