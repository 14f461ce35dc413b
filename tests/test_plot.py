"""plot_runs: PNG plots of runs made by real tiny training runs."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path

import pytest
from mcp import Client

from server.core.errors import UserError
from server.core.logs.model import Run, Series
from server.core.logs.roles import assign_roles
from server.core.plot import _label, _wants_log_scale, choose_metrics, default_metrics, plot_runs
from tests.tiny_runs import train_tiny

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def healthy() -> Run:
    return train_tiny(lr=0.05)


@pytest.fixture(scope="module")
def diverging() -> Run:
    return train_tiny(lr=1.5)


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_a_healthy_run_plots_as_a_png_with_one_panel_per_default_metric(healthy: Run) -> None:
    plot = plot_runs([healthy], None)
    assert plot.png[:8] == PNG_SIGNATURE
    assert png_size(plot.png) == (1300, 600)  # 2 columns x 2 rows: loss, val_loss, grad_norm, lr
    assert (plot.info.width_px, plot.info.height_px) == (1300, 600)
    assert plot.info.metrics == ["loss", "val_loss", "grad_norm", "lr"]
    assert (plot.info.runs, plot.info.nonfinite_marked) == ([healthy.source], {})


def test_a_diverging_run_with_nan_values_plots_next_to_a_healthy_one(healthy: Run, diverging: Run) -> None:
    assert (diverging.metrics["loss"].nan_count(), diverging.metrics["loss"].inf_count()) == (145, 1)
    plot = plot_runs([healthy, diverging], ["loss", "grad_norm"])
    assert plot.png[:8] == PNG_SIGNATURE
    assert png_size(plot.png) == (650, 600)
    assert plot.info.metrics == ["loss", "grad_norm"]
    assert plot.info.nonfinite_marked["loss"] == 146  # every NaN/inf the loss series holds


def test_default_metrics_take_each_kind_before_a_second_of_any_kind() -> None:
    names = ["acc", "loss", "loss_ce", "loss_aux", "loss_kl", "val_loss", "val/acc", "train/grad_norm", "lr-Adam"]
    run = Run(source="r", format="csv")
    for name in names:
        run.series(name).append(0, 1.0)
    run.roles = assign_roles(run)
    assert default_metrics([run], names) == ["loss", "loss_ce", "loss_aux", "val_loss", "train/grad_norm", "lr-Adam"]


def test_default_metrics_fall_back_to_the_first_six_when_nothing_looks_like_a_loss() -> None:
    names = [f"m{i}" for i in range(8)]
    run = Run(source="r", format="csv")
    for name in names:
        run.series(name).append(0, 1.0)
    run.roles = assign_roles(run)
    assert default_metrics([run], names) == names[:6]


def test_globs_pick_metrics_from_any_run(healthy: Run) -> None:
    assert choose_metrics([healthy], ["*loss"]) == ["loss", "val_loss"]


def test_an_unknown_metric_is_refused_with_the_available_names(healthy: Run) -> None:
    with pytest.raises(UserError, match=r"no metric matches accuracy; available: loss, grad_norm, lr, val_loss"):
        plot_runs([healthy], ["accuracy"])


def test_no_runs_or_empty_runs_are_refused() -> None:
    with pytest.raises(UserError, match="no runs to plot"):
        plot_runs([], None)
    with pytest.raises(UserError, match="no metric values"):
        plot_runs([Run(source="empty.log", format="text")], None)


def test_too_many_matching_metrics_are_refused() -> None:
    run = Run(source="wide.log", format="text")
    for i in range(13):
        run.series(f"m{i}").append(1, 1.0)
    with pytest.raises(UserError, match="13 metrics match"):
        plot_runs([run], ["m*"])


def test_values_spanning_three_decades_get_a_log_axis() -> None:
    assert _wants_log_scale([1e-4, 1e-1])
    assert not _wants_log_scale([1e-3, 1e-1])
    assert not _wants_log_scale([-1.0, 1e3])
    assert not _wants_log_scale([])


def test_a_million_step_series_plots(healthy: Run) -> None:
    """Long series are downsampled to a few thousand points before drawing."""
    long = Run(source="long.log", format="text")
    series = long.metrics["loss"] = Series()
    values = healthy.metrics["loss"].values
    series.steps.extend(float(i) for i in range(1_000_000))
    series.values.extend(values[i % len(values)] for i in range(1_000_000))
    png = plot_runs([long], ["loss"]).png
    assert png[:8] == PNG_SIGNATURE
    assert png_size(png) == (650, 320)


def test_runs_missing_a_metric_still_plot_in_an_odd_number_of_panels(healthy: Run) -> None:
    rank1 = Run(source="train.log", format="text", rank=1)
    rank1.metrics["loss"] = healthy.metrics["loss"]
    rank1.metrics["loss_aux"] = healthy.metrics["grad_norm"]
    assert choose_metrics([healthy, rank1], None) == ["loss", "loss_aux", "val_loss", "grad_norm", "lr"]
    assert _label(rank1) == "train.log (rank 1)"
    plot = plot_runs([healthy, rank1], None)
    assert png_size(plot.png) == (1300, 880)
    assert plot.info.runs == [healthy.source, "train.log (rank 1)"]  # 2 columns x 3 rows, the sixth panel hidden


@pytest.fixture
def train_log(workspace_dir: Path) -> Path:
    """The console output of a real tiny diverging run (NaN from step 6), as a text log in the workspace."""
    printed: list[str] = []
    train_tiny(lr=1.5, steps=60, printed=printed)
    path = workspace_dir / "train.log"
    path.write_text("\n".join(printed) + "\n")
    return path


@pytest.mark.anyio
async def test_plot_metrics_returns_png_image_content_through_the_client(client: Client, train_log: Path) -> None:
    result = await client.call_tool("plot_metrics", {"paths": train_log.name, "metrics": ["loss", "grad_norm"]})
    assert not result.is_error, result.content
    image, text = result.content
    png = base64.b64decode(image.data)
    assert (image.type, image.mime_type, png[:8], png_size(png)) == ("image", "image/png", PNG_SIGNATURE, (650, 600))
    info = result.structured_content
    assert info is not None and json.loads(text.text) == info
    assert (info["format"], info["width_px"], info["height_px"]) == ("png", 650, 600)
    assert (info["metrics"], info["runs"]) == (["loss", "grad_norm"], ["train.log"])
    lines = train_log.read_text().splitlines()
    printed_nonfinite = {
        name: sum(1 for line in lines if f"{name} nan" in line or f"{name} inf" in line)
        for name in ("loss", "grad_norm")
    }
    assert info["nonfinite_marked"] == printed_nonfinite


@pytest.mark.anyio
async def test_plot_metrics_names_the_available_metrics_for_an_unknown_one(client: Client, train_log: Path) -> None:
    refused = await client.call_tool("plot_metrics", {"paths": train_log.name, "metrics": ["accuracy"]})
    assert refused.is_error
    assert refused.content[0].text == (
        "Error executing tool plot_metrics: no metric matches accuracy; available: loss, grad_norm, lr"
    )
    again = await client.call_tool("plot_metrics", {"paths": train_log.name})
    assert not again.is_error
