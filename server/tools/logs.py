"""Tools that read training logs: `read_training_log` and `plot_metrics`."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Image, MCPServer
from mcp.types import CallToolResult, TextContent
from pydantic import Field

from ..core.cancel import run_heavy
from ..core.errors import UserError
from ..core.logs.reading import FORMAT_NAMES, read_logs
from ..core.logs.summary import DEFAULT_MAX_EVENTS, DEFAULT_MAX_POINTS, LogSummary, summarize
from ..core.plot import Plot, PlotInfo, plot_runs
from ..settings import Settings
from ._annotations import READ_ONLY
from ._errors import tool_errors

Paths = Annotated[
    str | list[str],
    Field(
        description="Log files or run folders inside the workspace (one path or a list). Per-rank logs of one "
        "distributed run (rank0.log, rank1.log...) come back as one run per rank, with `rank` set."
    ),
]
Format = Annotated[
    str,
    Field(description=f"'auto' (detect) or one of: {', '.join(FORMAT_NAMES)}."),
]
Metrics = Annotated[
    list[str] | None,
    Field(description="Metric names or globs to keep (e.g. ['loss', 'val_*']); all metrics when omitted."),
]


LossMetric = Annotated[
    str | None,
    Field(
        description="The series to judge as the training loss, when the one read_training_log marks as "
        "`train_loss` is not it (e.g. 'recon_loss'); by default it is chosen by the metric roles."
    ),
]
MAX_PATHS_PER_CALL = 100
"""Paths one call may name (a folder holding many runs counts once): 1,000 paths made a 6.6 MB answer."""


def as_list(paths: str | list[str]) -> list[str]:
    """One path or a list of them, as a list; `UserError` past MAX_PATHS_PER_CALL."""
    listed = [paths] if isinstance(paths, str) else list(paths)
    if len(listed) > MAX_PATHS_PER_CALL:
        raise UserError(
            f"{len(listed)} paths given, more than {MAX_PATHS_PER_CALL} in one call; pass the folder that holds "
            "the runs, or fewer paths per call"
        )
    return listed


def register(mcp: MCPServer, settings: Settings) -> None:
    workspace = settings.workspace

    @mcp.tool(title="Read training log", annotations=READ_ONLY)
    async def read_training_log(
        paths: Paths,
        format: Format = "auto",
        metrics: Metrics = None,
        max_points: Annotated[int, Field(ge=2, le=2000, description="Points per metric series.")] = DEFAULT_MAX_POINTS,
        max_events: Annotated[
            int, Field(ge=0, le=500, description="Warning/error events per run.")
        ] = DEFAULT_MAX_EVENTS,
        loss_metric: LossMetric = None,
    ) -> LogSummary:
        """Read one or more training runs and summarise every metric, whatever the log's size.

        Use this first on a run's logs to see what was logged and how it went. Formats are detected:
        plain-text console output (`step 10 | loss 0.69`, `key=value`, nanoGPT, Keras, Hugging Face dicts),
        JSON Lines (detectron2 metrics.json), CSV (Lightning metrics.csv, Keras CSVLogger whatever its name,
        Ultralytics results.csv), trainer_state.json, TensorBoard event files or folders, MLflow stores (mlflow.db
        or mlruns/), W&B run folders (wandb/run-*, wandb/offline-run-*, a wandb/ folder, a .wandb file),
        OpenMMLab logs (mmengine scalars.json, mmdet *.log.json), saved Keras histories (history.json or a printed
        dict), Jupyter notebooks saved with outputs (.ipynb: what the cells printed). Per run and metric you get
        count, first/last step,
        first/last/min/max (min/max over finite values), NaN and inf counts, and a downsampled series that
        keeps each bucket's extremes and first NaN/inf. Non-finite values are the strings "nan", "inf",
        "-inf". Warning/error lines (tracebacks, NaN warnings, variance=0, OOM, skipped steps) come back as
        events with line numbers. Every metric has a role (train_loss: the one the debugger judges, val_loss,
        loss_component, accuracy, error, learning_rate, grad_norm, progress, other) with the reason, and each
        run says which series are judged (`judged`); pass loss_metric to judge another series as the loss.
        The answer stays small: raise max_points or max_events to see more.
        Limits: at most 100 paths per call; 20 runs and 50 metrics per run summarised (pass `metrics` to
        choose), 1,000 metric names read per run; `notes` say what was left out.
        """

        def read_and_summarize() -> LogSummary:
            result = read_logs(workspace, as_list(paths), format, loss_metric)
            return summarize(result.runs, metrics, max_points, max_events, result.unreadable)

        with tool_errors("read_training_log"):
            return await run_heavy(read_and_summarize)

    @mcp.tool(title="Plot training metrics", annotations=READ_ONLY)
    async def plot_metrics(
        paths: Paths,
        metrics: Metrics = None,
        format: Format = "auto",
    ) -> Annotated[CallToolResult, PlotInfo]:
        """Plot chosen metrics (loss, val loss, grad norm, lr...) of one or more runs as a PNG image.

        One panel per metric, one line per run; NaN/inf points are marked with red crosses at the panel's
        edge; the y axis goes logarithmic when positive values span several decades. Without `metrics`, the
        series by role are plotted: the training loss and its components, the validation loss, the gradient
        norm and the learning rate (at most six panels; at most twelve when named). Returns the PNG as image
        content, and as structured content what it shows: its size, the metrics and runs drawn, which panels
        are logarithmic, the NaN/inf points marked.
        """

        def read_and_plot() -> Plot:
            return plot_runs(read_logs(workspace, as_list(paths), format).runs, metrics)

        with tool_errors("plot_metrics"):
            plot = await run_heavy(read_and_plot)
        image = Image(data=plot.png, format="png").to_image_content()
        text = TextContent(type="text", text=plot.info.model_dump_json())
        return CallToolResult(content=[image, text], structured_content=plot.info.model_dump(mode="json"))
