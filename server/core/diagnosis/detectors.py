"""Detectors over one run's metric series and events.

Each detector reads numpy views of the run's series, judges them against the
run's own history (medians of its early part, log-scale trends, ratios to its
own typical values) and returns `Finding`s that cite the steps they rest on.
The confidences already carry the causal reading (a NaN after many steps of
growing gradients points at the learning rate, a NaN out of a calm run at the
numerics), so the ranking only merges and orders them. All work is vectorised:
a million-step run takes milliseconds per detector.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..logs.model import Run, Series
from ..logs.roles import MetricRole
from .findings import Evidence, Finding, evidence
from .thresholds import (
    BLOCKED_ABOVE,
    EXPLODING_SPIKE,
    FLAT_CHANGE,
    LEAK_CONFIDENCE,
    LEAK_FRACTION,
    MIN_EPOCH_PERIOD,
    MIN_HELD_IMPROVEMENT,
    MIN_POINTS,
    OVERFIT_RISE,
    OVERFIT_TREND,
    PERIOD_ACF,
    PERIOD_CONTRAST,
    PERIOD_ECHO,
    PERIOD_TOLERANCE,
    PERIODIC_SPIKES,
    SLIGHT_CHANGE,
    SPIKE_MIN_SHARE,
    SPIKE_RATIO,
    SPIKE_Z,
    START_POINTS,
    STEADY_FALL,
    ZERO_GRAD_GROWTH,
)

if TYPE_CHECKING:
    import numpy as np


def fmt_step(step: float) -> str:
    return f"step {int(step) if float(step).is_integer() else step}"


def fmt(value: float) -> str:
    return f"{value:.3g}"


class Curve(NamedTuple):
    """One series of a run as float64 numpy arrays, with its name."""

    name: str
    steps: np.ndarray
    values: np.ndarray


class View:
    """The series of one run the detectors judge, chosen by their roles (`logs.roles`), never by names here."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.source = run.source
        self.loss = self.curve(MetricRole.TRAIN_LOSS)
        self.val = self.curve(MetricRole.VAL_LOSS)
        self.grad = self.curve(MetricRole.GRAD_NORM)
        self.lr = self.curve(MetricRole.LEARNING_RATE)

    def curve(self, role: MetricRole) -> Curve | None:
        """The judged series of `role`, or None when the run has none (or it holds no point)."""
        name = self.run.primary(role)
        if name is None or not len(self.run.metrics[name]):
            return None
        return Curve(name, *arrays(self.run.metrics[name]))

    def lr_at(self, step: float) -> float | None:
        if self.lr is None:
            return None
        import numpy as np

        i = int(np.searchsorted(self.lr.steps, step, side="right")) - 1
        return float(self.lr.values[max(i, 0)])


def arrays(series: Series) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    return np.frombuffer(series.steps, dtype=np.float64), np.frombuffer(series.values, dtype=np.float64)


def rolling_median(values: np.ndarray, window: int) -> np.ndarray:
    """Median over a trailing window (NaN-free input); short series come back unchanged."""
    import numpy as np

    if window <= 1 or values.size < window:
        return values
    if values.size > BLOCKED_ABOVE and window > 8:  # long runs: rolling median over block medians
        block = -(-values.size // 10_000)
        padded = np.concatenate([values, np.full(-values.size % block, values[-1])])
        blocks = np.median(padded.reshape(-1, block), axis=1)
        return np.repeat(rolling_median(blocks, max(1, window // block)), block)[: values.size]
    windows = np.lib.stride_tricks.sliding_window_view(values, window)
    return np.concatenate([values[: window - 1], np.median(windows, axis=1)])


def lr_note(view: View, step: float) -> str:
    lr = view.lr_at(step)
    if lr is None or view.lr is None:
        return ""
    peak = float(view.lr.values.max())
    where = " (its peak)" if lr >= 0.95 * peak and peak > view.lr.values[0] * 1.5 else ""
    return f"; lr {fmt(lr)}{where}"


def warmup_peak_near(view: View, step: float, total: float) -> bool:
    """Was the learning rate ramping up (warmup) at `step`, or had it reached its peak shortly before?"""
    if view.lr is None:
        return False
    import numpy as np

    _, steps, values = view.lr
    peak_i = int(np.argmax(values))
    ramped = values[peak_i] > 3 * max(values[0], 1e-12)
    return bool(ramped and step <= steps[peak_i] + 0.25 * total)


def detect_nonfinite(view: View) -> list[Finding]:
    """NaN/inf in the loss: isolated (a corrupt batch) or terminal, and what preceded it."""
    import numpy as np

    if view.loss is None:
        return []
    name, steps, loss = view.loss
    bad = ~np.isfinite(loss)
    if not bad.any():
        return []
    first = int(np.argmax(bad))
    onset = float(steps[first])
    where = f"{name} is {loss[first]} at {fmt_step(onset)}"
    recovered = first < loss.size - 1 and bool(np.isfinite(loss[-max(1, loss.size // 20) :]).all())
    if recovered:
        count = int(bad.sum())
        detail = f"{name} non-finite at {count} isolated steps (first {fmt_step(onset)}) while the run went on finite"
        return [Finding("data_issue", 0.75, [evidence(view.source, fmt_step(onset), detail)])]
    before = loss[:first]
    grew, rationale = grew_before(view, onset, before)
    total = float(steps[-1] - steps[0]) or 1.0
    ev = [evidence(view.source, fmt_step(onset), where + lr_note(view, onset))]
    if grew:
        ev.append(evidence(view.source, fmt_step(onset), rationale))
        held = int((before < 0.8 * before[0]).sum()) if before.size else 0
        early = held < MIN_HELD_IMPROVEMENT
        if warmup_peak_near(view, onset, total) or early:
            why = (
                "as warmup reached its peak lr"
                if warmup_peak_near(view, onset, total)
                else f"without ever holding an improvement (below 80% of its start at {held} logged steps)"
            )
            ev.append(evidence(view.source, fmt_step(onset), f"the loss blew up {why}: the learning rate is too high"))
            return [Finding("lr_too_high", 0.85, ev), Finding("exploding_gradients", 0.55, ev[:2])]
        return [Finding("exploding_gradients", 0.8, ev), Finding("lr_too_high", 0.6, ev[:2])]
    ev.append(evidence(view.source, fmt_step(onset), rationale))
    return [Finding("numerical_instability", 0.8, ev), Finding("data_issue", 0.4, ev[:1])]


def grew_before(view: View, onset: float, before: np.ndarray) -> tuple[bool, str]:
    """Whether gradients (else the loss) grew for a while before `onset`, with the numbers that say so."""
    import numpy as np

    if view.grad is not None:
        name, steps, grad = view.grad
        grad = grad[(steps < onset) & np.isfinite(grad)]
        if grad.size >= 2:
            # growth is judged against the larger of the early quarter's median and the first steps' norm:
            # a norm that decayed to ~0 and came back to a tenth of where it started did not explode
            base = max(float(np.median(grad[: max(1, grad.size // 4)])), float(np.median(grad[:3])))
            last = float(grad[-max(1, grad.size // 20) :].max())
            ratio = last / max(base, 1e-30)
            if ratio >= 10:
                return True, f"{name} grew {fmt(ratio)}x (from {fmt(base)} to {fmt(last)}) before the first non-finite"
            return False, f"calm before: {name} {fmt(last)} just before vs {fmt(base)} early ({fmt(ratio)}x)"
    if before.size >= 2:
        base = float(np.median(before[: max(1, before.size // 4)]))
        last = float(before[-1])
        if last >= 10 * base:
            return True, f"loss grew {fmt(last / base)}x before the first non-finite"
        return False, f"calm before: loss {fmt(last)} just before vs {fmt(base)} early"
    return True, "non-finite from the first steps"


def finite_loss(view: View) -> tuple[str, np.ndarray, np.ndarray] | None:
    """The loss series when it is finite throughout and long enough to judge."""
    import numpy as np

    if view.loss is None:
        return None
    name, steps, loss = view.loss
    if loss.size < MIN_POINTS or not np.isfinite(loss).all():
        return None
    return name, steps, loss


def start_level(loss: np.ndarray) -> float:
    """Where a loss started: the median of its first points, never above the first one (a run that blew up on
    its second step started where its first step was)."""
    import numpy as np

    return min(float(loss[0]), float(np.median(loss[:START_POINTS])))


def gave_back(start: float, low: float, end: float) -> bool:
    """The loss rose after falling: to 3x its low, or giving back 80% of a real (30%+) improvement."""
    tripled = end > 3.0 * low and end > 0.8 * start
    improved = start - low >= 0.3 * start
    return tripled or (improved and end - low >= 0.8 * (start - low))


def detect_trend(view: View) -> list[Finding]:
    """Divergence (rising after falling, or never falling), plateaus, and a learning rate too low."""
    import numpy as np

    found = finite_loss(view)
    if found is None:
        return []
    name, steps, loss = found
    n = loss.size
    smooth = rolling_median(loss, max(3, n // 50))
    start = start_level(loss)
    end = float(np.median(loss[-max(3, n // 5) :]))
    peak = float(smooth.max())
    total = float(steps[-1] - steps[0]) or 1.0
    out: list[Finding] = []
    low_i = int(np.argmin(smooth))
    low = float(smooth[low_i])
    if end >= 0.95 * start and peak >= 1.5 * start and low >= 0.8 * start:
        peak_step = float(steps[int(np.argmax(smooth))])
        detail = (
            f"{name} never fell: {fmt(start)} at start, peak {fmt(peak)} at {fmt_step(peak_step)}, {fmt(end)} at end"
        )
        conf = 0.9 if warmup_peak_near(view, peak_step, total) else 0.88
        out.append(
            Finding(
                "lr_too_high",
                conf,
                [evidence(view.source, fmt_step(peak_step), detail + lr_note(view, peak_step))],
            )
        )
    elif gave_back(start, low, end) and low_i < 0.8 * n:
        rise = float(steps[low_i])
        detail = f"{name} fell to {fmt(low)} at {fmt_step(rise)} then rose to {fmt(end)}"
        conf = 0.85 if warmup_peak_near(view, rise, total) else 0.65
        out.append(Finding("lr_too_high", conf, [evidence(view.source, fmt_step(rise), detail + lr_note(view, rise))]))
    elif (
        abs(end - start) < FLAT_CHANGE * start
        and peak < 1.5 * start
        and (abs(end - start) < SLIGHT_CHANGE * start or trend_tau(smooth) > STEADY_FALL)
    ):
        where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
        out += flat_run(view, where, f"{name} barely moved over {n} points: {fmt(start)} at start, {fmt(end)} at end")
    else:
        third = int(0.3 * n)
        mid = float(np.median(loss[third : third + max(3, n // 10)]))
        if end > 0.45 * start and abs(end - mid) < 0.2 * mid and start - mid > 0.1 * start:
            at = float(steps[third])
            ev = [
                evidence(
                    view.source,
                    f"{fmt_step(at)}-{fmt_step(steps[-1])}",
                    f"{name} flat at {fmt(mid)} -> {fmt(end)} after falling from {fmt(start)}",
                )
            ]
            conf = 0.45
            lr_then, lr_max = view.lr_at(at), (float(view.lr.values.max()) if view.lr is not None else None)
            if lr_then is not None and lr_max and lr_then < 0.1 * lr_max:
                conf = 0.75
                ev.append(
                    evidence(
                        view.source,
                        fmt_step(at),
                        f"the learning rate had already dropped to {fmt(lr_then)} from {fmt(lr_max)}",
                    )
                )
            out.append(Finding("loss_plateau", conf, ev))
    return out


def peak_lr(view: View) -> float | None:
    """The run's highest finite learning rate (a schedule decaying to 0 does not make the run's lr small)."""
    import numpy as np

    if view.lr is None:
        return None
    finite = view.lr.values[np.isfinite(view.lr.values)]
    return float(finite.max()) if finite.size else None


def flat_run(view: View, where: str, detail: str) -> list[Finding]:
    """A loss that never left its start: a learning rate too small to move it, else a run that learned nothing.

    With a normal peak learning rate the loss stuck where it began is a plateau (unless the per-layer
    gradients show the early layers starved, which detect_layer_gradients reports as vanishing gradients).
    """
    lr = peak_lr(view)
    if lr is not None and lr <= 1e-4:
        return [Finding("lr_too_low", 0.7, [evidence(view.source, where, f"{detail}; peak lr {fmt(lr)}")])]
    ratio = layer_ratio(view)
    if ratio is not None and ratio[0] < VANISHING_RATIO:
        return []
    said = f"; peak lr {fmt(lr)}, a normal one" if lr is not None else ""
    plateau = Finding("loss_plateau", 0.55, [evidence(view.source, where, f"{detail}{said}: the run learned nothing")])
    if lr is None:  # no lr logged: too small a learning rate is as likely
        return [plateau, Finding("lr_too_low", 0.45, [evidence(view.source, where, detail)])]
    return [plateau]


def detect_gradients(view: View) -> list[Finding]:
    """Gradient-norm spikes orders of magnitude above the run's median, and norms that keep growing."""
    import numpy as np

    if view.grad is None:
        return []
    name, steps, grad = view.grad
    ok = np.isfinite(grad)
    steps, grad = steps[ok], grad[ok]
    if grad.size < MIN_POINTS:
        return []
    skip = max(2, grad.size // 20)
    body = grad[skip:]
    median = float(np.median(body))
    out: list[Finding] = []
    if median > 0:
        i = int(np.argmax(body))
        ratio = float(body[i]) / median
        loss_ratio = spike_loss_ratio(view, float(steps[skip + i]))
        if ratio >= EXPLODING_SPIKE and ratio >= 3 * loss_ratio:
            at = float(steps[skip + i])
            spikes = int((body >= EXPLODING_SPIKE * median).sum())
            detail = f"{name} {fmt(body[i])} = {fmt(ratio)}x the run's median {fmt(median)} ({spikes} steps above 100x)"
            conf = min(0.85, 0.65 + 0.08 * np.log10(ratio / 100))
            out.append(
                Finding("exploding_gradients", conf, [evidence(view.source, fmt_step(at), detail + lr_note(view, at))])
            )
    early = float(np.median(grad[:3]))
    late = float(np.median(grad[grad.size // 2 :]))
    loss = finite_loss(view)
    if early > 0 and late >= ZERO_GRAD_GROWTH * early and loss is not None:
        lname, _, lvalues = loss
        falling = np.median(lvalues[-max(3, lvalues.size // 5) :]) < 0.5 * np.median(lvalues[:skip])
        at = float(steps[grad.size // 2])
        detail = f"{name} grew from {fmt(early)} to a median {fmt(late)} ({fmt(late / early)}x)"
        if falling:
            detail += f" while {lname} fell: gradients accumulate across steps (optimizer.zero_grad() missing?)"
            out.append(Finding("missing_zero_grad", 0.65, [evidence(view.source, fmt_step(at), detail)]))
        elif late >= EXPLODING_SPIKE * early:
            out.append(Finding("exploding_gradients", 0.7, [evidence(view.source, fmt_step(at), detail)]))
    if 0 < median < 1e-7 or (median == 0 and float(grad.max()) == 0):
        detail = f"{name} median {fmt(median)}: no gradient reaches the weights"
        out.append(
            Finding(
                "vanishing_gradients",
                0.55,
                [evidence(view.source, fmt_step(steps[skip]), detail)],
            )
        )
    return out


def spike_loss_ratio(view: View, step: float) -> float:
    """The loss at `step` over the loss's median (1.0 when unknown)."""
    import numpy as np

    if view.loss is None:
        return 1.0
    _, steps, loss = view.loss
    i = int(np.searchsorted(steps, step))
    finite = loss[np.isfinite(loss)]
    if i >= loss.size or not finite.size or not np.isfinite(loss[i]):
        return 1.0
    return float(loss[i]) / max(float(np.median(finite)), 1e-30)


VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 70
"""AUTOTRAINER's first/last layer gradient-norm ratios."""


def layer_ratio(view: View) -> tuple[float, str] | None:
    """Median first-layer over median last-layer gradient norm, with where it was measured.

    Layers logged as `grad_norm/<layer>` are taken in the order they first appear in the log
    (a loop over `named_parameters()` logs them input to output), never sorted by name.
    """
    import numpy as np

    layers = [(name, s) for name, s in view.run.metrics.items() if re.match(r"grad[_-]?norm/", name) and len(s)]
    layers = [(name, s) for name, s in layers if name.split("/", 1)[1] not in ("total", "global")]
    if len(layers) < 2:
        return None
    (first_name, first), (last_name, last) = layers[0], layers[-1]
    a, b = arrays(first)[1], arrays(last)[1]
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if not a.size or not b.size or float(np.median(b)) == 0:
        return None
    return float(np.median(a)) / float(np.median(b)), f"{first_name} vs {last_name}"


def detect_layer_gradients(view: View) -> list[Finding]:
    """First-to-last layer gradient ratio when per-layer norms are logged as `grad_norm/<layer>` (AUTOTRAINER)."""
    import numpy as np

    measured = layer_ratio(view)
    if measured is None:
        return []
    ratio, where = measured
    if ratio < VANISHING_RATIO:
        detail = f"first/last layer gradient ratio {fmt(ratio)} (< 1e-3): early layers barely learn"
        conf = min(0.92, 0.75 + 0.03 * -np.log10(ratio / VANISHING_RATIO))
        return [Finding("vanishing_gradients", conf, [evidence(view.source, where, detail)])]
    if ratio > EXPLODING_RATIO:
        detail = f"first/last layer gradient ratio {fmt(ratio)} (> 70)"
        return [Finding("exploding_gradients", 0.7, [evidence(view.source, where, detail)])]
    return []


def robust_z(loss: np.ndarray, window: int = 11) -> tuple[np.ndarray, np.ndarray]:
    """Per point: the rolling median of the loss, and how many robust standard deviations (1.4826 x the MAD of
    the log-loss around its rolling median) the point's log stands above it: the run's own noise as the scale."""
    import numpy as np

    local = rolling_median(loss, window)
    logs = np.log(np.maximum(loss, 1e-30)) - np.log(np.maximum(local, 1e-30))
    sigma = 1.4826 * float(np.median(np.abs(logs - np.median(logs)))) or 1e-12
    return local, logs / sigma


def regular_interval(at: list[int]) -> int | None:
    """The interval at which spikes recur, when at least PERIODIC_SPIKES of them come at one (the data order)."""
    import numpy as np

    if len(at) < PERIODIC_SPIKES:
        return None
    gaps = np.diff(np.asarray(at, dtype=np.float64))
    typical = float(np.median(gaps))
    steady = np.abs(gaps - typical) <= PERIOD_TOLERANCE * typical
    return int(typical) if typical >= 2 and steady.mean() >= 0.75 else None


def detect_spikes(view: View) -> list[Finding]:
    """Transient loss spikes (>= 10x the local median and z > 6 against the run's own noise) that recover within a
    few steps; spikes at one regular interval are the data order (an unshuffled or sorted shard) instead."""
    import numpy as np

    found = finite_loss(view)
    if found is None or float(np.median(found[2][-10:])) == 0:
        return []
    name, steps, loss = found
    n = loss.size
    local, z = robust_z(loss)
    skip = max(5, n // 20)
    ratio = loss[skip:] / np.maximum(local[skip:], 1e-30)
    big = loss[skip:] - local[skip:] >= SPIKE_MIN_SHARE * start_level(loss)
    candidates = np.flatnonzero((ratio >= SPIKE_RATIO) & (z[skip:] >= SPIKE_Z) & big) + skip
    recovered = [int(i) for i in candidates if i + 10 < n and np.median(loss[i + 3 : i + 11]) < 3 * local[i]]
    if not recovered:
        return []
    worst = max(recovered, key=lambda i: loss[i] / local[i])
    grad_ratio = 1.0
    if view.grad is not None:
        g = view.grad.values[np.isfinite(view.grad.values)]
        j = int(np.searchsorted(view.grad.steps, steps[worst]))
        if g.size and j < view.grad.values.size:
            grad_ratio = float(view.grad.values[j]) / max(float(np.median(g)), 1e-30)
    if grad_ratio >= EXPLODING_SPIKE and grad_ratio >= 3 * spike_loss_ratio(view, float(steps[worst])):
        return []  # an exploding-gradient event, reported by detect_gradients (judged by the same rule)
    at = float(steps[worst])
    detail = (
        f"{name} {fmt(loss[worst])} = {fmt(loss[worst] / local[worst])}x its local median "
        f"(z {fmt(z[worst])} against its own noise), back down within 10 steps ({len(recovered)} such spikes)"
    )
    interval = regular_interval(recovered)
    if interval is not None:
        detail += f", one every {interval} logged steps: batches come in a fixed order (unshuffled or sorted data)"
        return [Finding("data_issue", 0.75, [evidence(view.source, fmt_step(at), detail)])]
    conf = min(0.8, 0.55 + 0.05 * len(recovered))
    return [Finding("loss_spike", conf, [evidence(view.source, fmt_step(at), detail + lr_note(view, at))])]


def detrended_log(loss: np.ndarray) -> np.ndarray:
    import numpy as np

    logs = np.log(np.maximum(loss, max(1e-12, 1e-4 * float(np.median(loss[:3])))))
    x = np.linspace(-1.0, 1.0, logs.size)
    return logs - np.polyval(np.polyfit(x, logs, 2), x)  # a quadratic: the bend of a decaying loss is no swing


def autocorrelation(values: np.ndarray, max_lag: int) -> np.ndarray:
    """Autocorrelation at lags 0..max_lag via FFT."""
    import numpy as np

    centred = values - values.mean()
    size = 1 << int(2 * centred.size - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acf = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 1]
    return acf / acf[0] if acf[0] > 0 else np.zeros(max_lag + 1)


def epoch_length(view: View) -> float | None:
    """Steps per epoch when the run logs an `epoch` metric that advances (HF, Lightning), else None."""
    import numpy as np

    series = view.run.metrics.get("epoch")
    if series is None or len(series) < 2:
        return None
    steps, epochs = arrays(series)
    span = float(epochs[-1] - epochs[0])
    return float(steps[-1] - steps[0]) / span if span > 0 and np.isfinite(span) else None


def consistent_period(resid: np.ndarray, period: int) -> bool:
    """The period holds in both halves of the series (when each half is long enough to tell)."""
    half = resid.size // 2
    if half < 4 * period:
        return True
    return all(autocorrelation(part, period)[period] >= PERIOD_ACF for part in (resid[:half], resid[half:]))


def data_order_evidence(view: View, period: int, steps: np.ndarray, resid: np.ndarray) -> str | None:
    """Why a period of `period` logged steps is the data order, or None when it cannot be.

    An epoch is long (at least MIN_EPOCH_PERIOD logged steps), the same in every part of the run,
    and, when the run logs its epoch, the period is a whole number of epochs.
    """
    import numpy as np

    if period < MIN_EPOCH_PERIOD or not consistent_period(resid, period):
        return None
    length = epoch_length(view)
    if length is None:
        return f"a period of {period} logged steps, the same across the run: the data comes in a fixed order"
    period_steps = period * float(np.median(np.diff(steps))) if steps.size > 1 else float(period)
    epochs = period_steps / length
    if round(epochs) < 1 or abs(epochs - round(epochs)) > 0.1:
        return None
    return f"the period is {round(epochs)} epoch(s) of {fmt(length)} steps: the data comes in a fixed order"


def dominant_period(acf: np.ndarray) -> int | None:
    """The lag of the first autocorrelation peak after the first dip below zero, when it is a real period: high
    (PERIOD_ACF), well above the trough before it (PERIOD_CONTRAST) and, where measured, echoed at twice the lag."""
    import numpy as np

    below = np.flatnonzero(acf[1:] < 0)
    if not below.size:
        return None
    first = int(below[0]) + 1
    last = acf.size // 2
    if last <= first:
        return None
    p = first + int(np.argmax(acf[first : last + 1]))
    trough = float(acf[1:p].min()) if p > 1 else 0.0
    echoed = 2 * p >= acf.size or acf[2 * p] >= PERIOD_ECHO
    return p if acf[p] >= PERIOD_ACF and acf[p] - trough >= PERIOD_CONTRAST and echoed and p >= 2 else None


def detect_oscillation_and_period(view: View) -> list[Finding]:
    """Swings of the loss: at a fixed period that is the data order, short fast swings, or slow ones.

    A period long enough to be an epoch and the same across the run is the data order (unshuffled or
    sorted data). A period of a few steps with large swings is the optimizer overshooting (a learning
    rate too high; a full-batch run has no data order at all). Slow swings are oscillation too.
    """
    import numpy as np

    found = finite_loss(view)
    if found is None or found[2].size < 40 or float(np.median(found[2][-10:])) == 0:
        return []
    name, steps, loss = found
    tail = loss[loss.size // 4 :][-20_000:]
    resid = detrended_log(tail)
    spread = float(np.std(resid))
    swing = float(np.exp(np.percentile(resid, 95) - np.percentile(resid, 5)))
    acf = autocorrelation(resid, min(tail.size // 3, 2000))
    at = float(steps[loss.size // 4])
    p = dominant_period(acf)
    if p is not None:
        measured = f"{name} repeats every {p} logged steps (autocorrelation {fmt(acf[p])} at lag {p})"
        why = data_order_evidence(view, p, steps[loss.size // 4 :], resid)
        if why is not None:
            detail = f"{measured}: {why}"
            return [Finding("data_issue", 0.75, [evidence(view.source, f"from {fmt_step(at)}", detail)])]
        if p < MIN_EPOCH_PERIOD and swing >= 1.5:
            detail = (
                f"{measured}, swinging {fmt(swing)}x: too short for an epoch, the optimizer overshoots "
                "back and forth (learning rate too high)"
            )
            conf = min(0.85, 0.6 + 0.15 * float(np.log2(swing)))
            ev = [evidence(view.source, f"from {fmt_step(at)}", detail + lr_note(view, at))]
            return [Finding("loss_oscillation", round(conf, 3), ev)]
    spikes = float(np.mean(tail >= SPIKE_RATIO * rolling_median(tail, 11)))
    if spread >= 0.4 and acf[1] >= 0.5 and spikes < 0.01:  # swings made of spikes are left to detect_spikes
        detail = f"{name} swings {fmt(swing)}x up and down around its trend (lag-1 autocorrelation {fmt(acf[1])})"
        return [
            Finding(
                "loss_oscillation",
                min(0.85, 0.55 + 0.3 * (spread - 0.4)),
                [evidence(view.source, f"from {fmt_step(at)}", detail + lr_note(view, at))],
            )
        ]
    return []


def kendall_tau(values: np.ndarray) -> float:
    """Kendall's tau of `values` against their order: 1 for a steady rise, near 0 for swings without a trend."""
    import numpy as np

    diff = np.sign(values[None, :] - values[:, None])
    upper = np.triu_indices(values.size, 1)
    return float(diff[upper].mean())


def trend_tau(values: np.ndarray, points: int = 200) -> float:
    """`kendall_tau` over at most `points` evenly spaced values (bounded work on million-step runs)."""
    import numpy as np

    if values.size > points:
        values = values[np.linspace(0, values.size - 1, points).astype(np.int64)]
    return kendall_tau(values) if values.size >= 2 else 0.0


def detect_overfitting(view: View) -> list[Finding]:
    """Validation loss turning up while the training loss keeps falling ((val - train) / train > 0.1)."""
    import numpy as np

    if view.val is None or view.loss is None:
        return []
    vname, vsteps, val = view.val
    ok = np.isfinite(val)
    vsteps, val = vsteps[ok], val[ok]
    if val.size < 5:
        return []
    smooth = rolling_median(val, 3)
    low_i = int(np.argmin(smooth))
    low = float(smooth[low_i])
    end = float(np.median(val[-3:]))
    _, tsteps, train = view.loss
    later = train[(tsteps >= vsteps[low_i]) & np.isfinite(train)]
    if later.size < 3 or low <= 0:
        return []
    train_end = float(np.median(later[-max(3, later.size // 5) :]))
    rise = end / low - 1
    gap = (end - train_end) / max(train_end, 1e-12)
    after = val[low_i:]
    trend = kendall_tau(after) if after.size >= 4 else 1.0
    if rise >= OVERFIT_RISE and trend >= OVERFIT_TREND and gap > 0.1 and train_end < float(later[0]):
        at = float(vsteps[low_i])
        detail = (
            f"{vname} bottomed at {fmt(low)} at {fmt_step(at)}, rose to {fmt(end)} (+{rise:.0%}) "
            f"while training loss fell to {fmt(train_end)}"
        )
        return [
            Finding("overfitting", min(0.9, 0.6 + 0.3 * min(rise, 1.0)), [evidence(view.source, fmt_step(at), detail)])
        ]
    return []


def detect_leakage(view: View) -> list[Finding]:
    """A loss that is too good too early: near zero within the first fifth of the run, and on validation too.

    Training loss under 1% of its start that early is suspicious; under 5% counts when the validation
    loss is as low (held-out data that easy means the target leaks into the inputs).
    """
    import numpy as np

    found = finite_loss(view)
    if found is None:
        return []
    name, steps, loss = found
    n = loss.size
    start = start_level(loss)
    window = loss[n // 10 : max(n // 10 + 3, n // 5)]
    early = float(np.median(window))
    if start <= 0 or early > LEAK_FRACTION * start:
        return []
    at = float(steps[n // 10])
    ev = [
        evidence(
            view.source, fmt_step(at), f"{name} already {fmt(early)} ({early / start:.2%} of its start {fmt(start)})"
        )
    ]
    val = view.val.values[np.isfinite(view.val.values)] if view.val is not None else np.empty(0)
    val_end = float(np.median(val[-3:])) if val.size else float("inf")
    if val_end >= LEAK_FRACTION * start and early > 0.01 * start:
        return []  # a fast fall on training data alone (overfitting, an easy set) is no sign of leakage
    if view.val is not None and val_end < LEAK_FRACTION * start:
        detail = f"validation loss as low ({fmt(val_end)}): the target leaks into the inputs, or the task is easy"
        ev.append(evidence(view.source, view.val.name, detail))
    return [Finding("data_issue", LEAK_CONFIDENCE, ev)]


DEAD_FRACTION = 0.7
"""AUTOTRAINER: 70% of units never active is a dying-ReLU network."""


def detect_health_metrics(view: View) -> list[Finding]:
    """Logged activation health: dead-unit fractions (AUTOTRAINER >= 70%) and output spread collapsing to zero."""
    import numpy as np

    out: list[Finding] = []
    for name, series in view.run.metrics.items():
        if not len(series):
            continue
        steps, values = arrays(series)
        ok = np.isfinite(values)
        steps, values = steps[ok], values[ok]
        if not values.size:
            continue
        lower = name.lower()
        late = float(np.median(values[values.size // 2 :]))
        fraction = bool(values.min() >= 0 and values.max() <= 1)  # a count of dead units is no fraction
        if "dead" in lower and fraction and late >= DEAD_FRACTION:
            detail = f"{name} {late:.0%} over the second half of the run (>= 70%: most units never fire)"
            out.append(
                Finding(
                    "dead_relu",
                    min(0.9, 0.6 + (late - DEAD_FRACTION)),
                    [evidence(view.source, fmt_step(steps[values.size // 2]), detail)],
                )
            )
        elif re.search(r"(output|pred|head).*(std|var)|(std|var).*(output|pred)", lower) and values.size >= 3:
            zero = np.flatnonzero(values == 0)
            if zero.size >= max(2, values.size // 4):
                detail = f"{name} is 0 at {zero.size} of {values.size} points: the outputs stopped varying"
                out.append(
                    Finding(
                        "mode_collapse",
                        0.75,
                        [evidence(view.source, fmt_step(steps[zero[0]]), detail)],
                    )
                )
    return out


EVENT_CAUSES = {"variance_zero": ("mode_collapse", 0.85), "skipped_step": ("data_issue", 0.6)}


def detect_events(view: View) -> list[Finding]:
    """Warnings that name a cause: `variance=0` / collapse lines, skipped steps."""
    out: dict[str, Finding] = {}
    for event in view.run.events:
        kind = event.kind
        if kind not in EVENT_CAUSES and re.search(r"collaps", event.text, re.I):
            kind = "variance_zero"
        if kind not in EVENT_CAUSES:
            continue
        cause, conf = EVENT_CAUSES[kind]
        where = (
            f"{event.file or view.source}:{event.line}"
            if event.line
            else (fmt_step(event.step) if event.step is not None else view.source)
        )
        finding = out.setdefault(cause, Finding(cause, conf, []))
        finding.confidence = min(0.95, finding.confidence + 0.01)
        if len(finding.evidence) < 3:
            finding.evidence.append(evidence(event.file or view.source, where, event.text.strip()))
    return list(out.values())


DETECTORS = (
    detect_nonfinite,
    detect_trend,
    detect_gradients,
    detect_layer_gradients,
    detect_spikes,
    detect_oscillation_and_period,
    detect_overfitting,
    detect_leakage,
    detect_health_metrics,
    detect_events,
)


def run_detectors(run: Run) -> list[Finding]:
    """Every detector's findings on one run."""
    view = View(run)
    return [finding for detector in DETECTORS for finding in detector(view)]


def detect_rank_disagreement(runs: list[Run]) -> list[Finding]:
    """Ranks of one distributed run whose final losses disagree (one diverged or NaN while others did not).

    A loss that turned non-finite on some ranks while others stayed finite points at their data
    (the code and hyperparameters are the same on every rank), above the numerics reading of that NaN.
    """
    import numpy as np

    ranked = [run for run in runs if run.rank is not None]
    if len(ranked) < 2:
        return []
    finals: list[tuple[Run, float]] = []
    for run in ranked:
        view = View(run)
        if view.loss is None:
            continue
        tail = view.loss.values[-max(3, view.loss.values.size // 10) :]
        finals.append((run, float(np.median(tail)) if np.isfinite(tail).all() else float("inf")))
    if len(finals) < 2:
        return []
    values = np.array([v for _, v in finals])
    middle = float(np.median(values[np.isfinite(values)])) if np.isfinite(values).any() else float("inf")
    odd = [(run, v) for run, v in finals if not np.isfinite(v) or abs(v - middle) > 0.5 * abs(middle)]
    if not odd:
        return []
    ev: list[Evidence] = [
        evidence(run.source, f"rank {run.rank}", f"final loss {fmt(v)} vs the ranks' median {fmt(middle)}")
        for run, v in odd[:3]
    ]
    # the same code and hyperparameters stayed finite on other ranks: a NaN on some ranks alone is their data
    shard = len(odd) < len(finals) and all(not np.isfinite(v) for _, v in odd)
    if shard:
        detail = "non-finite on these ranks only while the others stayed finite: a corrupt shard of the data"
        ev.append(evidence(odd[0][0].source, f"rank {odd[0][0].rank}", detail))
    return [Finding("data_issue", 0.85 if shard else 0.55, ev)]
