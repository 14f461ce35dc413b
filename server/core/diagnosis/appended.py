"""Runs appended to one log: a script rerun into the same file, a Keras `CSVLogger(append=True)`, a sweep or a
K-fold loop printing every fold. The step axis goes back to its start at each new run (`arrays` in the detectors
judges the last run only); the earlier runs are split out here so that each is judged on its own, as a person
reading the file judges a fold that overfits or a rerun that diverged, whatever the last run did."""

from __future__ import annotations

import itertools
import math
from array import array
from dataclasses import replace
from typing import TYPE_CHECKING

from ..logs.model import Run, Series
from ..logs.roles import MetricRole
from .findings import Finding

if TYPE_CHECKING:
    import numpy as np

FRESH_START = 0.5
"""A restart is a new run when the loss goes back up at least this share of the way from where the run before ended
to where the log's first run began (a fresh model starts where this script's models start); a counter that restarts
each epoch or a resumed run carries on from where the loss was, and stays one run."""
ABORTED_SHARE = 0.25
"""An earlier run with fewer loss points than this share of the log's longest run is an aborted start (a crash, a
config fixed and rerun: PySlowFast's 11-point starts before its 20-epoch run, YOLOX's 7-iteration ones): not judged,
unless its loss ended non-finite (round70's IT-003: three Caffe runs at `loss = nan` by iteration 40 among eight that
trained; round62's HE-010, round63's HJ-004: each labelled for its broken run, which the last run hid)."""
PER_EPOCH_STRETCHES = 3
"""Stretches of a step counter, each restarting at one step and ending at one step, that make it a counter of each
epoch's steps (`per_epoch_counter`): two alike may be a run appended to one of the same length, three are a loop."""
RESUMED_POINTS = 3
"""Loss points each side of a restart needs before it is read as training resumed (`resumed`): fewer show no start
and no end to compare."""
SAME_START = 0.05
"""A restart whose first loss lies within this share of the log's very first loss, after the run before it ended under
FRESH_START of that loss, is a fresh model however fast it falls again: a model's loss at initialisation is the same
from run to run (ln K over K classes: round86's KS-020, twenty GNN runs printed every 200 epochs, each starting at
1.948-1.960 = ln 7 and at 0.05-0.18 two hundred epochs later), and a run carried on never climbs back to it at the
first step of a stretch."""
RESTART_FALL = 0.5
"""A step under this share of the step before it starts the axis over too, though later than the series' first step: a
rerun whose first loss line comes at a later epoch than the first run's did (round81's KM-001: a GRU run's training
summary from epoch 3 on, after an LSTM run's epochs 1-18, in one hand-kept file); a run resumed from its last
checkpoint steps back less."""
MAX_EARLIER_RUNS = 16
"""Earlier runs judged, the latest first: a file of a hundred one-epoch restarts holds no more to read in its
oldest ones, and the diagnosis of one file stays a handful of detector passes."""


def restarts(steps: array) -> list[int]:
    """Where the step axis starts over (another run appended): a step below the step before it, at or before the
    series' first one or under RESTART_FALL of that step; an evaluation printed again at one step is no restart.
    `detectors.view.arrays` keeps the part after the last one."""
    import numpy as np

    axis = np.frombuffer(steps, dtype=np.float64)
    back = (axis[1:] <= axis[0]) | (axis[1:] < RESTART_FALL * axis[:-1])
    return (np.flatnonzero(back & (axis[1:] < axis[:-1])) + 1).tolist()


def earlier_runs(run: Run) -> list[tuple[str, Run]]:
    """The runs appended before the last one, each with where it stands in the log (`run 2 of 5 appended to the
    log`) and holding the segment of every series that restarts with the training loss (as many times as it); the
    last run is `run` itself, judged as ever."""
    loss = run.primary(MetricRole.TRAIN_LOSS)
    if loss is None:
        return []
    values = run.metrics[loss].values
    cuts = restarts(run.metrics[loss].steps)
    bounds = [0, *cuts, len(values)]
    fresh = [k for k in range(1, len(bounds) - 1) if fresh_start(values, bounds[k - 1], bounds[k], bounds[k + 1])]
    if not fresh:
        return []
    runs_at = [0, *fresh, len(bounds) - 1]  # the runs, as ranges of segments between restarts
    segments: dict[str, list[int]] = {}
    for name, series in run.metrics.items():
        own = restarts(series.steps)
        if len(own) == len(cuts):
            segments[name] = [0, *own, len(series)]
    lengths = [bounds[runs_at[k + 1]] - bounds[runs_at[k]] for k in range(len(runs_at) - 1)]
    broke = [not math.isfinite(values[bounds[runs_at[k + 1]] - 1]) for k in range(len(lengths))]
    judged = [k for k in range(len(runs_at) - 2) if lengths[k] >= ABORTED_SHARE * max(lengths) or broke[k]]
    runs = []
    for index in judged[-MAX_EARLIER_RUNS:]:
        earlier = replace(run, metrics={}, events=[], events_total=0, samples=[], samples_total=0, notes=[])
        for name, edges in segments.items():
            start, stop = edges[runs_at[index]], edges[runs_at[index + 1]]
            series = Series()
            series.steps, series.values = run.metrics[name].steps[start:stop], run.metrics[name].values[start:stop]
            earlier.metrics[name] = series
        earlier.roles = {name: info for name, info in run.roles.items() if name in earlier.metrics}
        runs.append((f"run {index + 1} of {len(lengths)} appended to the log", earlier))
    return runs


def stitched(run: Run) -> Run:
    """`run` with its step counter carried on where it counts each epoch's steps afresh (`per_epoch_counter`: every
    stretch between restarts starts at one step, and all but the last end at one step; `Iteration 1..901` under each
    `Starting Epoch N`) or each stage's (`resumed` at every restart: a staged fine-tune's `P1[ 1/20]` .. `P3[ 8/15]`,
    round71's IW-008), across each restart that carries on the stretch before it (`carries_on`): each stretch is
    shifted past the end of the one before, by the training loss's shift, in every series that restarts as often as
    it. The detectors, which judge a series after its last restart (`detectors.view.arrays`), then judge the whole
    run, not its last epoch (round52's FK-006: a 28,428 loss at the end of epoch 2 of 3, unseen while only epoch 3's 7
    points were read). Runs appended to one log stay apart, for `earlier_runs`."""
    import numpy as np

    loss = run.primary(MetricRole.TRAIN_LOSS)
    if loss is None:
        return run
    values, steps = run.metrics[loss].values, np.frombuffer(run.metrics[loss].steps, dtype=np.float64)
    cuts = restarts(run.metrics[loss].steps)
    bounds = [0, *cuts, len(values)]
    staged = all(resumed(values, a, b, c) for a, b, c in zip(bounds, bounds[1:], bounds[2:], strict=False))
    if not cuts or not (staged or per_epoch_counter(steps, bounds)):
        return run
    shifts = [0.0]  # of each stretch of the loss
    for k in range(1, len(bounds) - 1):
        if not carries_on(values, bounds[k - 1], bounds[k], bounds[k + 1]):
            shifts.append(0.0)  # a new run: its own counter
            continue
        first = bounds[k]
        interval = float(steps[first + 1] - steps[first]) if bounds[k + 1] - first > 1 else 1.0
        shifts.append(shifts[-1] + float(steps[first - 1]) + max(interval, 1.0) - float(steps[first]))
    metrics = dict(run.metrics)
    for name, series in run.metrics.items():
        own = restarts(series.steps)
        if len(own) != len(cuts):
            continue
        axis = np.frombuffer(series.steps, dtype=np.float64).copy()
        for shift, a, b in zip(shifts, [0, *own], [*own, len(axis)], strict=True):
            axis[a:b] += shift
        carried = Series()
        carried.steps, carried.values = array("d", axis.tobytes()), series.values
        metrics[name] = carried
    return replace(run, metrics=metrics)


def carries_on(values: array, start: int, cut: int, stop: int) -> bool:
    """Whether the stretch `cut:stop` carries on the one at `start:cut`: it starts (the median of its first 3 points)
    no higher than the highest point of that one's second half, as the next epoch's first batches do, however noisy
    (round52's FK-006: 2.33 after an epoch ending 5.38, 15.3, 4.10, 4.27, 1.44); a fine-tune started again on other
    data starts above where the last one had converged (round43's EA-006: 0.81 after a file fitted to 0.000)."""
    import numpy as np

    before, after = finite_points(values, start, cut), finite_points(values, cut, stop)
    if before.size < 2 or after.size == 0 or back_at_start(values, start, cut):
        return False
    return float(np.median(after[:3])) <= float(before[before.size // 2 :].max())


def resumed(values: array, start: int, cut: int, stop: int) -> bool:
    """Whether the stretch `cut:stop` resumes the training of the one at `start:cut` (a stage of a staged fine-tune, a
    session resumed from a checkpoint, its counter started afresh; round71's IW-008): the loss had fallen over the
    stretch before, and the next starts less than FRESH_START of the way back up to where that one began (a grid
    search's next configuration starts where its models start). Starts and ends are read as in `fresh_start` (`levels`),
    each stretch holding RESUMED_POINTS finite points or more."""
    before, after = finite_points(values, start, cut), finite_points(values, cut, stop)
    if min(before.size, after.size) < RESUMED_POINTS:
        return False
    began, ended, restarted = levels(before, before, after)
    return began > ended and restarted - ended < FRESH_START * (began - ended)


def per_epoch_counter(steps: np.ndarray, bounds: list[int]) -> bool:
    """Whether the stretches of `steps` between restarts (`bounds`) count the steps of one epoch each: all start at
    one step, and all but the last (cut short where the log ends) end at one step, over at least 3 points, and there
    are PER_EPOCH_STRETCHES of them or more."""
    if len(bounds) < PER_EPOCH_STRETCHES + 1:
        return False
    firsts = {float(steps[a]) for a in bounds[:-1]}
    lasts = {float(steps[b - 1]) for b in bounds[1:-1]}
    return len(firsts) == 1 and len(lasts) == 1 and min(b - a for a, b in itertools.pairwise(bounds[:-1])) >= 3


def resumed_last(series: Series) -> bool:
    """Whether the last run of `series` (the part after its last restart, which the detectors judge) carries on a
    run before it instead of starting fresh: a session resumed from a checkpoint, not a new model."""
    cuts = restarts(series.steps)
    if not cuts:
        return False
    bounds = [0, *cuts, len(series.values)]
    return not fresh_start(series.values, bounds[-3], bounds[-2], bounds[-1])


def fresh_start(values: array, start: int, cut: int, stop: int) -> bool:
    """Whether the segment `cut:stop` starts a new run after the one at `start:cut`: its loss back up FRESH_START of
    the way from where the run before ended to where the log's first run began (a fresh model starts where models of
    this script start; a resumed one, its moving average reset, near where it was), or the run before it ended
    non-finite (a rerun after a crash). Starts and ends are `levels` of the finite points (a segment that itself ends
    non-finite may start on fewer than 3)."""
    if not math.isfinite(values[cut - 1]) and any(map(math.isfinite, values[cut:stop])):
        return True  # the run before broke: what follows is a rerun
    first, before, after = (finite_points(values, a, b) for a, b in ((0, cut), (start, cut), (cut, stop)))
    broken = not math.isfinite(values[stop - 1])  # a run that broke within its first points has fewer to start on
    if before.size < 3 or after.size < (1 if broken else 3):
        return False
    began, ended, restarted = levels(first, before, after)
    back_up = began > ended and restarted - ended >= FRESH_START * (began - ended)
    return back_up or back_at_start(values, start, cut)


def back_at_start(values: array, start: int, cut: int) -> bool:
    """Whether the stretch from `cut` starts where the log's first loss stood (within SAME_START of it) after the
    stretch at `start:cut` ended under FRESH_START of that loss (its end read as in `levels`): a model initialised
    afresh."""
    import numpy as np

    first, before = finite_points(values, 0, cut), finite_points(values, start, cut)
    if first.size == 0 or before.size < 3 or not math.isfinite(values[cut]):
        return False
    began, ended = float(first[0]), float(np.median(before[-max(3, before.size // 10) :]))
    return began > 0 and ended < FRESH_START * began and abs(values[cut] - began) <= SAME_START * began


def finite_points(values: array, start: int, stop: int) -> np.ndarray:
    """The finite points of `values[start:stop]`."""
    import numpy as np

    part = np.asarray(values[start:stop])
    return part[np.isfinite(part)]


def levels(first: np.ndarray, before: np.ndarray, after: np.ndarray) -> tuple[float, float, float]:
    """Where `first` began, `before` ended and `after` restarted: the median of a stretch's first 3 points, of its last
    tenth (at least 3)."""
    import numpy as np

    began, ended = float(np.median(first[:3])), float(np.median(before[-max(3, before.size // 10) :]))
    return began, ended, float(np.median(after[:3]))


def in_run(finding: Finding, where: str) -> Finding:
    """`finding` of the earlier run `where` stands for, its evidence saying which."""
    evidence = [ev.model_copy(update={"location": f"{where}, {ev.location}"}) for ev in finding.evidence]
    return replace(finding, evidence=evidence)
