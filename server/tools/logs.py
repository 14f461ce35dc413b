"""Tools that read training logs: `read_training_log` and `plot_metrics`."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Image, MCPServer
from pydantic import Field

from ..core.logs.reading import FORMAT_NAMES, read_logs
from ..core.logs.summary import DEFAULT_MAX_EVENTS, DEFAULT_MAX_POINTS, LogSummary, summarize
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


def as_list(paths: str | list[str]) -> list[str]:
    return [paths] if isinstance(paths, str) else list(paths)


def register(mcp: MCPServer, settings: Settings) -> None:
    workspace = settings.workspace

    @mcp.tool(title="Read training log", annotations=READ_ONLY)
    def read_training_log(
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
        OpenMMLab logs (mmengine scalars.json, mmdet *.log.json). Per run and metric you get count, first/last step,
        first/last/min/max (min/max over finite values), NaN and inf counts, and a downsampled series that
        keeps each bucket's extremes and first NaN/inf. Non-finite values are the strings "nan", "inf",
        "-inf". Warning/error lines (tracebacks, NaN warnings, variance=0, OOM, skipped steps) come back as
        events with line numbers. Every metric has a role (train_loss: the one the debugger judges, val_loss,
        loss_component, accuracy, error, learning_rate, grad_norm, progress, other) with the reason, and each
        run says which series are judged (`judged`); pass loss_metric to judge another series as the loss.
        The answer stays small: raise max_points or max_events to see more.
        """
        with tool_errors("read_training_log"):
            result = read_logs(workspace, as_list(paths), format, loss_metric)
            return summarize(result.runs, metrics, max_points, max_events, result.unreadable)

    @mcp.tool(title="Plot training metrics", annotations=READ_ONLY)
    def plot_metrics(
        paths: Paths,
        metrics: Metrics = None,
        format: Format = "auto",
    ) -> Image:
        """Plot chosen metrics (loss, val loss, grad norm, lr...) of one or more runs as a PNG image.

        One panel per metric, one line per run; NaN/inf points are marked with red crosses at the panel's
        edge; the y axis goes logarithmic when positive values span several decades. Without `metrics`, the
        series by role are plotted: the training loss and its components, the validation loss, the gradient
        norm and the learning rate (at most six panels).
        """
        from ..core.plot import plot_runs

        with tool_errors("plot_metrics"):
            result = read_logs(workspace, as_list(paths), format)
            return Image(data=plot_runs(result.runs, metrics), format="png")
