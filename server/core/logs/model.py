"""What a log reader produces: runs of metric series plus warning/error events."""

from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .roles import MetricRole, RoleInfo
    from .samples import SampleEvent

from ..errors import UnreadableInputError

MAX_EVENTS_KEPT = 2000
"""Events kept per run in memory; later ones are only counted (memory stays bounded)."""
MAX_METRICS_PER_RUN = 1000
"""Metric names kept per run; values of names past it are counted, not kept. A real run logs tens to a few
hundred (per-layer grad norms of a 48-layer model: ~150); a CSV of 100,000 columns made a 96 MB answer."""

NO_METRICS_YET = "no metrics yet; the run may not have logged"
"""What every reader says of a run holding no metric value (as the text reader says of an empty log)."""


_BLANKS = re.compile(r"\s+")


def metric_name(written: str) -> str:
    """A metric's name as every reader reports it: as the file writes it, a run of blanks read as one `_`
    (MLflow's `Generator loss` file, a CSV column `Train Loss`), as the text reader names `train loss 0.5`."""
    return _BLANKS.sub("_", written.strip()) if _BLANKS.search(written) else written


def no_metrics_yet(source: str, what: str) -> UnreadableInputError:
    """The error of a file that holds no metric value; `what` says what it does hold."""
    return UnreadableInputError(
        f"{source}: {NO_METRICS_YET} ({what}). Read it again once training has logged, or pass the log that has"
    )


class Series:
    """The (step, value) pairs of one metric in log order, stored compactly.

    Values may be NaN or +/-inf: they are data, not parse errors.
    """

    __slots__ = ("steps", "values")

    def __init__(self) -> None:
        self.steps = array("d")
        self.values = array("d")

    def append(self, step: float, value: float) -> None:
        self.steps.append(step)
        self.values.append(value)

    def __len__(self) -> int:
        return len(self.values)

    def nan_count(self) -> int:
        return sum(1 for v in self.values if v != v)

    def inf_count(self) -> int:
        return sum(1 for v in self.values if v in (math.inf, -math.inf))


@dataclass
class Event:
    """A warning or error line of a log (traceback, NaN warning, OOM, skipped step...)."""

    line: int | None
    level: str  # "warning" | "error"
    text: str
    kind: str = "other"
    """nan, inf, oom, overflow, traceback, variance_zero, diverged, skipped_step, warning, error or other
    (`classify_line`)."""
    step: float | None = None
    file: str | None = None


@dataclass
class Run:
    """One training run (or one rank of a distributed run) as read from one or more files."""

    source: str
    format: str
    metrics: dict[str, Series] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    events_total: int = 0
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: int = 0
    rank: int | None = None
    config_files: list[str] = field(default_factory=list)
    """The run's own config files (W&B's files/config.yaml), for the config scan; shown like `files`."""
    units: dict[str, str] = field(default_factory=dict)
    """The unit a series' values are printed with, where the log shows one (`total: 1.42s` -> `s`; `%`, `ms`, `dB`)."""
    per_epoch: set[str] = field(default_factory=set)
    """Series printed once an epoch, on the epoch's axis (`Epoch 3, Loss 0.0042`): each point is a whole pass."""
    axes: dict[str, Series] = field(default_factory=dict)
    """Counters of progress logged beside the step (`roles.is_axis`: HF's fractional `epoch`, `percentage` done): the
    run's other axes, read by the detectors that need an epoch's length, never judged as metrics."""
    roles: dict[str, RoleInfo] = field(default_factory=dict)
    """Each series' role (`roles.assign_roles`), given by `read_logs` once the run is read."""
    samples: list[SampleEvent] = field(default_factory=list)
    """Sample events: the model outputs the run printed (generated text, predictions), see `samples.py`."""
    samples_total: int = 0
    """All samples found, including those past `samples.MAX_SAMPLES` not kept."""

    values_cut: int = 0
    """Values not kept because their metric name came past MAX_METRICS_PER_RUN others (see `note_cuts`)."""
    classes_stated: tuple[int, int] | None = None
    """K, the classes or vocabulary the run predicts over, as a text log states it (`Target vocab size: 23709`), and
    the line stating it (`stated.classes_stated`, read in the log's first chunk, its head, where configs are echoed): a
    chance level's K where the code and config say none."""

    lr_stated: tuple[float, int] | None = None
    """The learning rate as a text log's echoed config states it, and its line (`stated.lr_stated`): the peak lr the
    detectors judge where the run logs no lr series."""

    loss_stated: tuple[str, str] | None = None
    """The training loss's name where the log's writer prints it under a name that says no loss, and that writer
    (`stated.loss_stated`: DL4J's `Score at iteration 20 is 1.33`): the training loss unless the caller names
    another."""

    def series(self, name: str) -> Series:
        found = self.metrics.get(name)
        if found is None:
            found = self.metrics[name] = Series()
        return found

    def series_within_cap(self, name: str) -> Series | None:
        """The series of `name` (blanks read as `_`: `metric_name`), or None (the value counted in `values_cut`)
        once MAX_METRICS_PER_RUN names are kept: readers of formats with open-ended names (CSV columns, JSON keys,
        TensorBoard tags, MLflow metric files) use this."""
        name = metric_name(name)
        found = self.metrics.get(name)
        if found is None:
            if len(self.metrics) >= MAX_METRICS_PER_RUN:
                self.values_cut += 1
                return None
            found = self.metrics[name] = Series()
        return found

    def note_cuts(self) -> None:
        """Say in `notes` what `series_within_cap` refused (called by the reader once the run is read)."""
        if self.values_cut:
            self.notes.append(
                f"{self.values_cut} values of metrics past the first {MAX_METRICS_PER_RUN} names were not read "
                "(too many distinct metric names for one run); log fewer names, or split the file"
            )

    @property
    def events_full(self) -> bool:
        """True once MAX_EVENTS_KEPT events are kept: later ones are only counted."""
        return len(self.events) >= MAX_EVENTS_KEPT

    def add_event(self, event: Event) -> None:
        self.events_total += 1
        if not self.events_full:
            self.events.append(event)

    def role_map(self) -> dict[str, RoleInfo]:
        """Each series' role: those `read_logs` gave, else assigned now by name (a run built without it)."""
        if not self.roles and self.metrics:
            from .roles import assign_roles

            self.roles = assign_roles(self)
        return self.roles

    def primary(self, role: MetricRole) -> str | None:
        """The name of the series of `role` the detectors judge (the training loss, the validation loss...)."""
        return next((name for name, info in self.role_map().items() if info.role is role and info.primary), None)
