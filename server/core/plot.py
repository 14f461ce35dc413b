"""PNG plots of training metrics: one panel per metric, one line per run, NaN/inf marked.

matplotlib is imported inside `plot_runs` (never at server start) and used through `Figure` and the Agg
canvas directly, without pyplot's global state, so plots are safe to draw from worker threads.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .errors import UserError
from .logs.model import Run, Series
from .logs.roles import MetricRole
from .logs.summary import downsample, select_metrics

MAX_PANELS = 6
MAX_RUNS_PLOTTED = 10
"""Lines per panel: one per run, in the 10 colours of matplotlib's cycle (more are not told apart); the figure's
title says how many runs were left out."""
POINTS_PER_LINE = 3000
"""Points drawn per line: long series are downsampled, keeping each bucket's extremes and first NaN/inf."""
LOG_SCALE_DECADES = 3.0
"""Positive values spanning at least this many decades get a logarithmic y axis."""

PLOTTED_ROLES = (MetricRole.TRAIN_LOSS, MetricRole.VAL_LOSS, MetricRole.GRAD_NORM, MetricRole.LEARNING_RATE)
"""The roles plotted by default, in panel order (then components of the loss when there is room)."""


def default_metrics(runs: list[Run], available: list[str]) -> list[str]:
    """The metrics plotted when none are asked for, by their roles: the training loss, the validation loss, the
    gradient norm and the lr each get a panel (judged series first), then loss components (at most six panels).
    Without any of them, the first six metrics."""
    ranked: dict[str, tuple[int, int]] = {}
    for run in runs:
        for name, info in run.role_map().items():
            if name not in available:
                continue
            if info.role in PLOTTED_ROLES:
                rank = (PLOTTED_ROLES.index(info.role), 0 if info.primary else 1)
            elif info.role is MetricRole.LOSS_COMPONENT:
                rank = (0, 1)  # beside the training loss, after every judged series
            else:
                continue
            ranked[name] = min(rank, ranked.get(name, rank))
    if not ranked:
        return available[:MAX_PANELS]
    # one panel per role (its judged series) before any role gets a second
    order = sorted(ranked, key=lambda n: (ranked[n][1], ranked[n][0]))[:MAX_PANELS]
    return sorted(order, key=lambda n: ranked[n][0])


def choose_metrics(runs: list[Run], metrics: list[str] | None) -> list[str]:
    """The metric names to plot: those matching `metrics` (names or globs) in any run, else the defaults."""
    available = list(dict.fromkeys(name for run in runs for name in run.metrics if len(run.metrics[name])))
    if not available:
        raise UserError("the runs hold no metric values to plot; check the log with read_training_log first")
    if not metrics:
        return default_metrics(runs, available)
    missing = [pattern for pattern in metrics if not any(select_metrics(run, [pattern]) for run in runs)]
    if missing:
        shown = ", ".join(available[:50]) + (" ..." if len(available) > 50 else "")
        raise UserError(f"no metric matches {', '.join(missing)}; available: {shown}")
    chosen = list(dict.fromkeys(name for run in runs for name in select_metrics(run, metrics)))
    if len(chosen) > MAX_PANELS * 2:
        raise UserError(
            f"{len(chosen)} metrics match {metrics}; plot at most {MAX_PANELS * 2} at a time (name them exactly)"
        )
    return chosen


def _points(series: Series) -> tuple[list[float], list[float], list[float]]:
    """Downsampled (steps, values) of the finite points, and the steps of the NaN/inf points."""
    steps: list[float] = []
    values: list[float] = []
    nonfinite: list[float] = []
    for step, value in downsample(series, POINTS_PER_LINE):
        number = float(value)  # "nan", "inf", "-inf" parse back to floats
        if math.isfinite(number):
            steps.append(float(step))
            values.append(number)
        else:
            nonfinite.append(float(step))
    return steps, values, nonfinite


def _wants_log_scale(values: list[float]) -> bool:
    if not values or min(values) <= 0:
        return False
    return math.log10(max(values) / min(values)) >= LOG_SCALE_DECADES


def _label(run: Run) -> str:
    return run.source if run.rank is None else f"{run.source} (rank {run.rank})"


class PlotInfo(BaseModel):
    """What the PNG shows; the picture itself comes as image content beside it."""

    format: Annotated[Literal["png"], Field(description="The format of the picture sent with this answer.")] = "png"
    width_px: int = Field(description="Width of the PNG in pixels.")
    height_px: int = Field(description="Height of the PNG in pixels.")
    metrics: list[str] = Field(description="The metrics drawn, one panel each, in panel order.")
    runs: list[str] = Field(description="The runs drawn, one line each (with its rank for per-rank logs).")
    log_scale: list[str] = Field(description="Metrics whose panel has a logarithmic y axis.")
    nonfinite_marked: dict[str, int] = Field(
        description="Per metric with any, the NaN/inf points marked with red crosses on the panel's top edge."
    )


@dataclass(frozen=True)
class Plot:
    png: bytes
    info: PlotInfo


def plot_runs(runs: list[Run], metrics: list[str] | None) -> Plot:
    """A PNG of `metrics` (names or globs; defaults when None) of `runs`: one panel per metric, one line per run,
    and what it shows.

    NaN/inf points are marked with red crosses on the panel's top edge at their steps; a panel whose positive
    values span three decades or more gets a log y axis. Raises `UserError` for metrics no run has.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not runs:
        raise UserError("no runs to plot; pass log paths that read_training_log can read")
    left_out = len(runs) - MAX_RUNS_PLOTTED
    runs = runs[:MAX_RUNS_PLOTTED]
    names = choose_metrics(runs, metrics)
    columns = 1 if len(names) <= 3 else 2
    rows = math.ceil(len(names) / columns)
    figure = Figure(figsize=(6.5 * columns, 2.8 * rows + 0.4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    if left_out > 0:
        figure.suptitle(
            f"the first {MAX_RUNS_PLOTTED} runs; {left_out} more not plotted (pass their paths in another call)",
            fontsize=9,
        )
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    colors = [f"C{i % 10}" for i in range(len(runs))]
    log_scale: list[str] = []
    nonfinite_marked: dict[str, int] = {}
    for ax, name in zip(axes, names, strict=False):
        plotted: list[float] = []
        marked: list[float] = []
        for run, color in zip(runs, colors, strict=True):
            series = run.metrics.get(name)
            if series is None or not len(series):
                continue
            steps, values, nonfinite = _points(series)
            ax.plot(steps, values, color=color, linewidth=1.2, label=_label(run))
            plotted.extend(values)
            if nonfinite:
                ax.plot(
                    nonfinite,
                    [1.0] * len(nonfinite),
                    linestyle="none",
                    marker="x",
                    markersize=7,
                    color="red",
                    transform=ax.get_xaxis_transform(),
                    clip_on=False,
                )
                marked.extend(nonfinite)
        if _wants_log_scale(plotted):
            ax.set_yscale("log")
            log_scale.append(name)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("step", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(True, alpha=0.3)
        if marked:
            ax.plot([], [], linestyle="none", marker="x", color="red", label=f"NaN/inf ({len(marked)} shown)")
            nonfinite_marked[name] = len(marked)
        if len(runs) > 1 or marked:
            ax.legend(fontsize=7, loc="best")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    width, height = figure.canvas.get_width_height()
    info = PlotInfo(
        width_px=width,
        height_px=height,
        metrics=names,
        runs=[_label(run) for run in runs],
        log_scale=log_scale,
        nonfinite_marked=nonfinite_marked,
    )
    return Plot(png=buffer.getvalue(), info=info)
