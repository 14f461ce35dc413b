"""Bounded summaries: statistics, downsampling that never hides a spike or a NaN, JSON-safe values."""

from __future__ import annotations

import json
import math
import statistics

import pytest

from server.core.logs import text
from server.core.logs.model import Event, Run, Series
from server.core.logs.summary import downsample, json_step, json_value, pick_events, summarize
from tests.conftest import REPO


def series_of(values: list[float]) -> Series:
    series = Series()
    for step, value in enumerate(values):
        series.append(float(step), value)
    return series


def test_non_finite_values_become_json_strings() -> None:
    assert [json_value(v) for v in (math.nan, math.inf, -math.inf, 1.5)] == ["nan", "inf", "-inf", 1.5]


def test_a_short_series_is_returned_whole() -> None:
    assert downsample(series_of([3.0, 2.0, math.nan]), 10) == [(0, 3.0), (1, 2.0), (2, "nan")]


def test_downsampling_keeps_a_single_spike_and_a_single_nan() -> None:
    values = [1.0] * 100_000
    values[31_337] = 50.0
    values[77_777] = math.nan
    points = downsample(series_of(values), 20)
    assert len(points) <= 20
    assert (31_337, 50.0) in points
    assert (77_777, "nan") in points
    assert points[0][0] == 0 and points[-1][0] == 99_999


def test_downsampling_keeps_each_bucket_minimum_and_maximum() -> None:
    values = [float(i % 7) for i in range(10_000)]
    points = downsample(series_of(values), 50)
    assert {v for _, v in points} >= {0.0, 6.0}
    assert [s for s, _ in points] == sorted(s for s, _ in points)


def test_metric_statistics_use_finite_values_for_min_and_max() -> None:
    run = Run(source="r", format="text")
    for step, value in enumerate([2.0, 1.0, math.inf, 0.5, math.nan, math.nan]):
        run.series("loss").append(float(step * 10), value)
    summary = summarize([run]).runs[0]
    loss = summary.metrics["loss"]
    assert (loss.count, loss.first_step, loss.last_step) == (6, 0, 50)
    assert (loss.first, loss.last, loss.min, loss.max) == (2.0, "nan", 0.5, 2.0)
    assert (loss.nan_count, loss.inf_count, loss.first_nonfinite_step) == (2, 1, 20)
    assert (summary.steps.first, summary.steps.last, summary.steps.count) == (0, 50, 6)


def test_an_all_nan_metric_has_no_min_or_max() -> None:
    run = Run(source="r", format="text")
    run.series("loss").append(1.0, math.nan)
    loss = summarize([run]).runs[0].metrics["loss"]
    assert loss.min is None and loss.max is None and loss.nan_count == 1


def test_a_million_step_run_summarises_under_16_kb() -> None:
    run = Run(source="big.log", format="text")
    for name in ("loss", "val_loss", "grad_norm", "lr"):
        series = run.series(name)
        for step in range(1_000_000 if name != "val_loss" else 1000):
            series.append(float(step), 1.0 / (step + 1))
    answer = summarize([run])
    assert answer.truncated
    assert len(json.dumps(answer.model_dump(mode="json"))) < 16_000


def test_metric_globs_select_names_and_unknown_ones_are_noted() -> None:
    run = Run(source="r", format="jsonl")
    for name in ("train/loss", "val/loss", "lr"):
        run.series(name).append(0.0, 1.0)
    assert list(summarize([run], metrics=["*/loss"]).runs[0].metrics) == ["train/loss", "val/loss"]
    notes = summarize([run], metrics=["acc"]).runs[0].notes
    assert "no metric matches" in notes[0] and "lr" in notes[0]


def test_events_are_capped_keeping_errors_and_each_kind() -> None:
    events = [Event(line=i, level="warning", text=f"w{i}", kind="warning") for i in range(50)]
    events.append(Event(line=60, level="error", text="Traceback", kind="traceback"))
    events.append(Event(line=61, level="warning", text="nan", kind="nan"))
    chosen = pick_events(events, 5)
    assert len(chosen) == 5
    assert {e.kind for e in chosen} >= {"traceback", "nan", "warning"}
    assert [e.line for e in chosen] == sorted(e.line for e in chosen)


def test_max_points_below_two_is_refused() -> None:
    with pytest.raises(ValueError):
        summarize([], max_points=1)


def example_loss(name: str) -> Series:
    (run,) = text.read(REPO / "examples" / name / "train.log", name)
    return run.metrics["loss"]


@pytest.mark.parametrize("name", ["healthy", "diverging"])
@pytest.mark.parametrize("max_points", range(2, 12))
def test_downsampling_never_exceeds_a_small_bound_and_keeps_first_and_last(name: str, max_points: int) -> None:
    series = example_loss(name)
    points = downsample(series, max_points)
    assert len(series) > max_points
    assert 2 <= len(points) <= max_points
    assert points[0] == (json_step(series.steps[0]), json_value(series.values[0]))
    assert points[-1] == (json_step(series.steps[-1]), json_value(series.values[-1]))


def test_two_points_are_first_and_last_and_a_third_is_the_first_nan_or_the_farthest_from_the_median() -> None:
    healthy, diverging = example_loss("healthy"), example_loss("diverging")
    assert len(downsample(healthy, 2)) == 2
    first_nan = next(i for i, value in enumerate(diverging.values) if value != value)
    assert downsample(diverging, 3)[1] == (json_step(diverging.steps[first_nan]), "nan")
    inside = list(healthy.values[1:-1])
    middle = statistics.median(inside)
    farthest = 1 + max(range(len(inside)), key=lambda i: abs(inside[i] - middle))
    assert downsample(healthy, 3)[1] == (json_step(healthy.steps[farthest]), healthy.values[farthest])


def test_picked_events_are_each_kinds_first_error_then_first_warning_then_the_earliest() -> None:
    levels_kinds = [("warning", "nan")] * 3 + [("warning", "warning"), ("error", "traceback"), ("error", "nan")]
    events = [Event(line=i + 1, level=level, text="", kind=kind) for i, (level, kind) in enumerate(levels_kinds)]
    assert [e.line for e in pick_events(events, 2)] == [5, 6]
    assert [e.line for e in pick_events(events, 3)] == [4, 5, 6]
    assert [e.line for e in pick_events(events, 5)] == [1, 2, 4, 5, 6]
    assert pick_events(events, 6) == events
