"""Gradient detectors: norms orders of magnitude above the run's median, norms that keep growing (gradients
never zeroed), no gradient at all or one no batch changes, and the first-to-last layer ratio when per-layer norms are
logged."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..findings import Finding, evidence
from ..thresholds import (
    BAD_BATCH_CALM,
    CONSTANT_GRAD_CONFIDENCE,
    CONSTANT_GRAD_SPREAD,
    EXPLODING_OVER_FIRST,
    EXPLODING_RATIO,
    EXPLODING_SPIKE,
    EXPLOSION_HARMLESS_CONFIDENCE,
    EXPLOSION_HARMLESS_SHARE,
    MIN_POINTS,
    SPIKE_RATIO,
    SPIKE_Z,
    VANISHING_RATIO,
    ZERO_GRAD_GROWTH,
    ZERO_GRAD_LOG_CONFIDENCE,
    ZERO_GRAD_POINTS,
)
from .view import View, arrays, finite_loss, fmt, fmt_step, lr_note, start_level

if TYPE_CHECKING:
    import numpy as np


def detect_gradients(view: View) -> list[Finding]:
    """Gradient-norm spikes orders of magnitude above the run's level (not one bad batch), and norms that keep
    growing."""
    import numpy as np

    if view.grad is None:
        return []
    name, steps, grad = view.grad
    ok = np.isfinite(grad)
    steps, grad = steps[ok], grad[ok]
    if MIN_POINTS > grad.size >= ZERO_GRAD_POINTS and float(np.abs(grad).max()) == 0:
        return [no_gradient(view.source, name, 0.0, float(steps[0]))]  # exactly 0 each time: no noise to weigh
    if grad.size < MIN_POINTS:
        return []
    skip = max(2, grad.size // 20)
    body = grad[skip:]
    median = float(np.median(body))
    out: list[Finding] = []
    if median > 0:
        exploded = [int(i) for i in np.flatnonzero(explosions(view)[1][skip:]) + skip]
        if exploded:
            i = max(exploded, key=lambda k: grad[k])
            ratio = float(grad[i]) / median
            at = float(steps[i])
            first = f", {fmt(grad[i] / grad[0])}x its first norm" if grad[0] > 0 else ""
            detail = (
                f"{name} {fmt(grad[i])} = {fmt(ratio)}x the run's median {fmt(median)} "
                f"({len(exploded)} such steps{first}, no lone bad batch)"
            )
            conf = min(0.85, 0.65 + 0.08 * np.log10(ratio / 100))
            if converged(view):
                detail += f"; the loss fell to under {fmt(EXPLOSION_HARMLESS_SHARE)} of its start all the same"
                conf = EXPLOSION_HARMLESS_CONFIDENCE
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
            out.append(
                Finding("missing_zero_grad", ZERO_GRAD_LOG_CONFIDENCE, [evidence(view.source, fmt_step(at), detail)])
            )
        elif late >= EXPLODING_SPIKE * early:
            out.append(Finding("exploding_gradients", 0.7, [evidence(view.source, fmt_step(at), detail)]))
    if 0 < median < 1e-7 or (median == 0 and float(grad.max()) == 0):
        out.append(no_gradient(view.source, name, median, float(steps[skip])))
    elif (late_half := grad[grad.size // 2 :]).size >= MIN_POINTS and median >= 1e-7:
        level = float(late_half.mean())
        if float(late_half.max() - late_half.min()) <= CONSTANT_GRAD_SPREAD * level:
            detail = (
                f"{name} is {fmt(level)} at each of the last {late_half.size} logged steps: a gradient that no batch "
                "changes reaches only parameters no unit feeds (an output bias); the units before them pass nothing"
            )
            where = evidence(view.source, fmt_step(steps[grad.size // 2]), detail)
            out.append(Finding("dead_relu", CONSTANT_GRAD_CONFIDENCE, [where]))
    return out


def converged(view: View) -> bool:
    """Whether the loss ended at EXPLOSION_HARMLESS_SHARE of its start or under, no tenth of the run above its start
    on the way (a loss that blew up, then collapsed to 0, converged to nothing; one hard batch may stand above it):
    spikes of the gradient it shrugged off."""
    import numpy as np

    loss = finite_loss(view)
    if loss is None:
        return False
    _, _, values = loss
    start = start_level(values)
    end = float(np.median(values[-max(3, values.size // 5) :]))
    worst = max(float(np.median(tenth)) for tenth in np.array_split(values, 10))
    return end <= EXPLOSION_HARMLESS_SHARE * start and worst <= max(start, float(values[0]))


def no_gradient(source: str, name: str, median: float, at: float) -> Finding:
    """A gradient norm at or near 0 throughout: nothing reaches the weights (frozen, detached, or vanished)."""
    detail = f"{name} median {fmt(median)}: no gradient reaches the weights"
    return Finding("vanishing_gradients", 0.55, [evidence(source, fmt_step(at), detail)])


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


LOCAL = 11
"""Logged steps on each side whose median is a gradient norm's local level (the rolling window of the spike rules)."""


def loss_spiked(view: View, steps: np.ndarray) -> np.ndarray:
    """Per step of `steps`: whether the loss logged at that very step stands SPIKE_Z robust sds of its own noise above
    its local median (OLMo's spike rule): the forward pass saw something far off. The SPIKE_RATIO that makes such a
    point an event of its own (detect_spikes) is not asked: a frozen-base fine-tune's loss rises only 9-10x on a
    corrupt batch that sends its gradient 130x up (family casebook)."""
    import numpy as np

    from .stats import robust_z

    out = np.zeros(steps.size, dtype=bool)
    if view.loss is None or view.loss.values.size < MIN_POINTS or not np.isfinite(view.loss.values).all():
        return out
    _, lsteps, loss = view.loss
    _, z = robust_z(loss)
    i = np.minimum(np.searchsorted(lsteps, steps), loss.size - 1)
    return (lsteps[i] == steps) & (z[i] >= SPIKE_Z)


def explosions(view: View) -> tuple[np.ndarray, np.ndarray]:
    """The steps of the gradient's finite norms, and per step whether it is an explosion: EXPLODING_SPIKE x the
    run's median, well past what the loss of that step explains (3x its ratio to the loss's median),
    EXPLODING_OVER_FIRST x the first norm (a norm no higher than the untrained model's is no explosion), and not
    one bad batch.

    A bad batch is a spike of the gradient whose step's loss spikes too (`loss_spiked`: the forward pass already
    saw something far off, before any update could cause it) while the norms of the BAD_BATCH_CALM logged steps on
    each side stay under SPIKE_RATIO x their local median or are bad batches themselves: nothing built up, nothing
    followed.
    """
    import numpy as np

    if view.grad is None:
        return np.empty(0), np.zeros(0, dtype=bool)
    steps, grad = view.grad.steps, view.grad.values
    ok = np.isfinite(grad)
    steps, grad = steps[ok], grad[ok]
    exploded = np.zeros(grad.size, dtype=bool)
    if grad.size < MIN_POINTS:
        return steps, exploded
    median = float(np.median(grad[max(2, grad.size // 20) :]))
    if median <= 0:
        return steps, exploded
    exploded = (grad >= EXPLODING_SPIKE * median) & (grad >= EXPLODING_OVER_FIRST * grad[0])
    if view.loss is not None and exploded.any():
        finite = view.loss.values[np.isfinite(view.loss.values)]
        if finite.size:
            lsteps, loss = view.loss.steps, view.loss.values
            i = np.minimum(np.searchsorted(lsteps, steps), loss.size - 1)
            ratio = np.where((lsteps[i] == steps) & np.isfinite(loss[i]), loss[i], 0.0) / max(
                float(np.median(finite)), 1e-30
            )
            exploded &= grad >= 3 * median * ratio
    if not exploded.any():
        return steps, exploded
    spiked = loss_spiked(view, steps)
    for j in np.flatnonzero(exploded & spiked).tolist():
        near = [k for k in range(max(0, j - BAD_BATCH_CALM), min(grad.size, j + BAD_BATCH_CALM + 1)) if k != j]
        level = float(np.median(np.r_[grad[max(0, j - LOCAL) : j], grad[j + 1 : j + 1 + LOCAL]]))
        if near and all(grad[k] < SPIKE_RATIO * level or spiked[k] for k in near):
            exploded[j] = False
    return steps, exploded


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
