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
        is the training loss (see read_training_log; loss_metric names another). The losses are compared over
        the same steps (those both runs logged: steps_compared), final against final and best against best,
        and a difference counts only beyond the runs' own step-to-step noise and 10%. Returns those deltas,
        NaN/inf counts, the gradient-norm peak and steps, the findings cleared, new and kept, and a verdict
        with its evidence: NaN/inf appearing is regressed; when the baseline had findings, improved only
        when all are cleared and none is new; when it had none, improved only when the loss is better
        beyond the noise (or NaN/inf is gone); otherwise unchanged or regressed.
        """
        with tool_errors("compare_runs"):
            return await run_heavy(
                compare.compare_runs, settings.workspace, settings.state_dir, baseline, candidate, loss_metric
            )
