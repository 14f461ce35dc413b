"""Bounded, JSON-safe summaries of runs: what `read_training_log` returns.

However long the run, a summary holds per-metric statistics, a downsampled
series of at most `max_points` points that keeps every bucket's extremes and
its first non-finite value (so a spike or a NaN is never hidden), and at most
`max_events` events.
"""

from __future__ import annotations

import fnmatch
import math
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from ..cancel import check_cancelled
from .model import Event, Run, Series
from .roles import RoleInfo

if TYPE_CHECKING:
    import numpy as np

NonFinite = Literal["nan", "inf", "-inf"]
Value = float | NonFinite
Step = int | float

DEFAULT_MAX_POINTS = 40
DEFAULT_MAX_EVENTS = 20
MAX_RUNS_SHOWN = 20
"""Runs summarised in one answer; the others are named in `notes`. At the defaults a run of a few metrics is
~3 KB: a folder of 2,000 runs answered 2.9 MB."""
MAX_METRICS_SHOWN = 50
"""Metrics summarised per run when `metrics` does not narrow them; the others are named in the run's notes.
At max_points 2000 one metric is ~40 KB: 50 of them already make a 2 MB answer."""
MAX_NAMES_LISTED = 20
"""Names listed in a note about what was left out (the rest counted)."""
MAX_SAMPLES_SHOWN = 3
"""Sample events shown per run: the last printed (what the model produces by the end); diagnose_training measures
them all."""
MAX_SAMPLE_CHARS = 200
"""Characters of a shown sample (nanoGPT prints 500 a sample)."""


def json_value(value: float) -> Value:
    """A float as JSON allows it: non-finite values become the strings "nan", "inf", "-inf"."""
    if value != value:
        return "nan"
    if value == math.inf:
        return "inf"
    if value == -math.inf:
        return "-inf"
    return value


def json_step(step: float) -> Step:
    return int(step) if step.is_integer() else step


class MetricSummary(BaseModel):
    role: str = Field(
        default="other",
        description="What the series is for the tools that judge: train_loss (the one judged), val_loss, "
        "loss_component, accuracy, error, learning_rate, grad_norm, progress or other.",
    )
    role_reason: str = Field(default="", description="Why the series has its role (pass loss_metric= to override).")
    higher_is_better: bool | None = Field(default=None, description="The direction of a loss or quality measure.")
    scale: str | None = Field(default=None, description="A loss unit the name tells: nats, bits, perplexity.")
    count: int = Field(description="Number of logged values.")
    first_step: Step | None = Field(description="Step of the first value.")
    last_step: Step | None = Field(description="Step of the last value.")
    first: Value | None = Field(description="First logged value.")
    last: Value | None = Field(description="Last logged value.")
    min: float | None = Field(description="Smallest finite value (null when none is finite).")
    max: float | None = Field(description="Largest finite value (null when none is finite).")
    nan_count: int = Field(description="Number of NaN values.")
    inf_count: int = Field(description="Number of +inf/-inf values.")
    first_nonfinite_step: Step | None = Field(default=None, description="Step of the first NaN/inf value, if any.")
    series: list[tuple[Step, Value]] = Field(
        description="Downsampled [step, value] pairs; each bucket keeps its extremes and its first NaN/inf."
    )


class StepRange(BaseModel):
    first: Step | None
    last: Step | None
    count: int = Field(description="Distinct steps seen across all metrics.")


class EventSummary(BaseModel):
    line: int | None = Field(description="1-based line number in the file (null for non-text formats).")
    level: str = Field(description="warning or error.")
    kind: str = Field(
        description="nan, inf, oom, overflow, traceback, variance_zero, skipped_step, warning, error or other."
    )
    text: str
    step: Step | None = None
    file: str | None = None


class SampleSummary(BaseModel):
    step: Step | None = Field(description="The step of the nearest preceding step mention.")
    line: int = Field(description="The line of the file where the sample ends.")
    file: str | None = None
    text: str = Field(description="The sample's text (the model's output).")
    source: str | None = Field(default=None, description="The input it answers, when printed before it.")


class RunSummary(BaseModel):
    source: str = Field(description="The path (or store/run name) this run was read from.")
    format: str = Field(description="The detected or requested log format.")
    files: list[str] = Field(
        default_factory=list,
        description="Files that make up this run, relative to the workspace root holding them (as paths are given).",
    )
    rank: int | None = None
    steps: StepRange
    judged: dict[str, str] = Field(
        default_factory=dict,
        description="The series the debugger judges, by role (train_loss, val_loss, learning_rate, grad_norm); "
        "name another training loss with loss_metric= on the tools that judge.",
    )
    metrics: dict[str, MetricSummary]
    axes: dict[str, str] = Field(
        default_factory=dict,
        description="Counters logged beside the step that are the run's other axes, not metrics (a fractional "
        "`epoch`, a `percentage` done), each as its value at the first and at the last step: `0.03 -> 3.0`.",
    )
    events: list[EventSummary]
    events_total: int = Field(description="All warning/error events found, including those not listed.")
    samples: list[SampleSummary] = Field(
        default_factory=list,
        description=f"The last {MAX_SAMPLES_SHOWN} sample events: model outputs the run printed (generated text, "
        f"predictions), cut to {MAX_SAMPLE_CHARS} characters; never metrics.",
    )
    samples_total: int = Field(default=0, description="All sample events found.")
    notes: list[str] = Field(default_factory=list, description="What could not be read, and why.")


class LogSummary(BaseModel):
    runs: list[RunSummary]
    unreadable: list[str] = Field(default_factory=list, description="Inputs that gave no run, with the reason.")
    truncated: bool = Field(
        description="True when series were downsampled, events cut, or runs or metrics left out (see notes); raise "
        "max_points/max_events, or pass fewer paths or `metrics`, to see more."
    )
    notes: list[str] = Field(default_factory=list, description="What the answer leaves out, and how to see it.")


def listed(names: list[str]) -> str:
    """The first MAX_NAMES_LISTED names, and how many more."""
    shown = ", ".join(names[:MAX_NAMES_LISTED])
    return shown + (f" and {len(names) - MAX_NAMES_LISTED} more" if len(names) > MAX_NAMES_LISTED else "")


def downsample(series: Series, max_points: int) -> list[tuple[Step, Value]]:
    """At most `max_points` (>= 2) points, first and last included, never hiding an extreme or a NaN/inf.

    The points are cut into `(max_points - 2) // 2` buckets, each keeping its lowest and highest finite value
    (or, holding a NaN/inf, its first NaN/inf and its highest). With room for one point only between first and
    last (`max_points` 3), that point is the first NaN/inf, else the value farthest from the median; with none
    (`max_points` 2), first and last alone.
    """
    n = len(series)
    if n <= max_points:
        return [(json_step(s), json_value(v)) for s, v in zip(series.steps, series.values, strict=True)]
    import numpy as np

    values = np.frombuffer(series.values, dtype=np.float64)
    finite = np.isfinite(values)
    keep = {0, n - 1}
    if max_points == 3:
        keep.add(_most_telling(values[1:-1], finite[1:-1]) + 1)
    buckets = (max_points - 2) // 2
    edges = np.linspace(0, n, buckets + 1).astype(np.int64)  # no bucket at all when max_points < 4
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        if hi <= lo:
            continue
        chunk_ok = finite[lo:hi]
        bad = np.flatnonzero(~chunk_ok)
        good = np.flatnonzero(chunk_ok)
        if good.size:
            chunk = values[lo:hi][good]
            high = lo + int(good[int(np.argmax(chunk))])
            low = lo + int(good[int(np.argmin(chunk))])
        if bad.size:
            keep.add(lo + int(bad[0]))
            if good.size:
                keep.add(high)
        elif good.size:
            keep.update((low, high))
    return [(json_step(series.steps[i]), json_value(series.values[i])) for i in sorted(keep)]


def _most_telling(values: np.ndarray, finite: np.ndarray) -> int:
    """Index of the first non-finite value, else of the finite value farthest from their median."""
    import numpy as np

    bad = np.flatnonzero(~finite)
    if bad.size:
        return int(bad[0])
    return int(np.argmax(np.abs(values - np.median(values))))


def summarize_metric(series: Series, max_points: int, role: RoleInfo | None = None) -> MetricSummary:
    summary = _statistics(series, max_points)
    if role is not None:
        summary.role, summary.role_reason = str(role.role), role.reason
        summary.higher_is_better, summary.scale = role.higher_is_better, role.scale
    return summary


def _statistics(series: Series, max_points: int) -> MetricSummary:
    n = len(series)
    if n == 0:
        return MetricSummary(
            count=0,
            first_step=None,
            last_step=None,
            first=None,
            last=None,
            min=None,
            max=None,
            nan_count=0,
            inf_count=0,
            series=[],
        )
    import numpy as np

    values = np.frombuffer(series.values, dtype=np.float64)
    finite = np.isfinite(values)
    nan_mask = np.isnan(values)
    nonfinite = np.flatnonzero(~finite)
    has_finite = bool(finite.any())
    return MetricSummary(
        count=n,
        first_step=json_step(series.steps[0]),
        last_step=json_step(series.steps[-1]),
        first=json_value(series.values[0]),
        last=json_value(series.values[-1]),
        min=float(values[finite].min()) if has_finite else None,
        max=float(values[finite].max()) if has_finite else None,
        nan_count=int(nan_mask.sum()),
        inf_count=int(nonfinite.size - nan_mask.sum()),
        first_nonfinite_step=json_step(series.steps[int(nonfinite[0])]) if nonfinite.size else None,
        series=downsample(series, max_points),
    )


def select_metrics(run: Run, patterns: list[str] | None) -> list[str]:
    """Metric names of `run` matching any of `patterns` (exact names or shell globs like `val/*`)."""
    names = list(run.metrics)
    if not patterns:
        return names
    return [name for name in names if any(name == p or fnmatch.fnmatchcase(name, p) for p in patterns)]


def step_range(run: Run, names: list[str]) -> StepRange:
    import numpy as np

    arrays = [np.frombuffer(run.metrics[name].steps, dtype=np.float64) for name in names if len(run.metrics[name])]
    if not arrays:
        return StepRange(first=None, last=None, count=0)
    steps = np.unique(np.concatenate(arrays))
    return StepRange(first=json_step(float(steps[0])), last=json_step(float(steps[-1])), count=int(steps.size))


def summarize_event(event: Event) -> EventSummary:
    return EventSummary(
        line=event.line,
        level=event.level,
        kind=event.kind,
        text=event.text[:300],
        step=json_step(event.step) if event.step is not None else None,
        file=event.file,
    )


def pick_events(events: list[Event], max_events: int) -> list[Event]:
    """At most `max_events` events, in file order. When there are more, chosen in this order until the limit:
    the first error of each kind, then the first warning of each kind no error has covered, then the earliest
    events not chosen yet (so a late traceback is never crowded out by a flood of early warnings)."""
    if len(events) <= max_events:
        return events
    chosen: list[int] = []
    seen_kinds: set[str] = set()
    for wanted in ("error", "warning"):
        for i, event in enumerate(events):
            if event.level == wanted and event.kind not in seen_kinds and len(chosen) < max_events:
                seen_kinds.add(event.kind)
                chosen.append(i)
    for i in range(len(events)):
        if len(chosen) >= max_events:
            break
        if i not in chosen:
            chosen.append(i)
    return [events[i] for i in sorted(chosen)]


def summarize_run(run: Run, metrics: list[str] | None, max_points: int, max_events: int) -> tuple[RunSummary, bool]:
    names = select_metrics(run, metrics)
    notes = list(run.notes)
    left_out = names[MAX_METRICS_SHOWN:]
    if left_out:
        names = names[:MAX_METRICS_SHOWN]
        notes.append(
            f"{len(left_out)} metrics past the first {MAX_METRICS_SHOWN} are not shown: {listed(left_out)}; pass "
            "metrics=[names or globs] to choose"
        )
    roles = run.role_map()
    summaries = {name: summarize_metric(run.metrics[name], max_points, roles.get(name)) for name in names}
    events = pick_events(run.events, max_events)
    truncated = bool(left_out) or run.events_total > len(events) or any(len(run.metrics[n]) > max_points for n in names)
    if metrics and not names:
        notes.append(f"no metric matches {metrics}; available: {listed(sorted(run.metrics))}")
    summary = RunSummary(
        source=run.source,
        format=run.format,
        files=run.files,
        rank=run.rank,
        steps=step_range(run, names),
        judged={str(info.role): name for name, info in roles.items() if info.primary},
        metrics=summaries,
        axes={name: f"{axis.values[0]:g} -> {axis.values[-1]:g}" for name, axis in run.axes.items() if len(axis)},
        events=[summarize_event(e) for e in events],
        events_total=run.events_total,
        samples=[
            SampleSummary(
                step=json_step(sample.step) if sample.step is not None else None,
                line=sample.line,
                file=sample.file,
                text=sample.text[:MAX_SAMPLE_CHARS],
                source=sample.source[:MAX_SAMPLE_CHARS] if sample.source is not None else None,
            )
            for sample in run.samples[-MAX_SAMPLES_SHOWN:]
        ],
        samples_total=run.samples_total,
        notes=notes,
    )
    return summary, truncated


def summarize(
    runs: list[Run],
    metrics: list[str] | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
    max_events: int = DEFAULT_MAX_EVENTS,
    unreadable: list[str] | None = None,
) -> LogSummary:
    """The bounded summary of `runs` (the `read_training_log` answer)."""
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    results = []
    for run in runs[:MAX_RUNS_SHOWN]:
        check_cancelled()
        results.append(summarize_run(run, metrics, max_points, max_events))
    notes = []
    if len(runs) > MAX_RUNS_SHOWN:
        notes.append(
            f"{len(runs) - MAX_RUNS_SHOWN} runs past the first {MAX_RUNS_SHOWN} are not shown: "
            f"{listed([run.source for run in runs[MAX_RUNS_SHOWN:]])}; pass their paths in another call"
        )
    unreadable = unreadable or []
    if len(unreadable) > MAX_NAMES_LISTED:
        unreadable = [*unreadable[:MAX_NAMES_LISTED], f"and {len(unreadable) - MAX_NAMES_LISTED} more inputs"]
    return LogSummary(
        runs=[summary for summary, _ in results],
        unreadable=unreadable,
        truncated=bool(notes) or any(truncated for _, truncated in results),
        notes=notes,
    )
