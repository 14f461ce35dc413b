"""Gradient detectors: norms orders of magnitude above the run's median, norms that keep growing (gradients
never zeroed), no gradient at all, and the first-to-last layer ratio when per-layer norms are logged."""

from __future__ import annotations

import re

from ..findings import Finding, evidence
from ..thresholds import (
    EXPLODING_RATIO,
    EXPLODING_SPIKE,
    MIN_POINTS,
    VANISHING_RATIO,
    ZERO_GRAD_GROWTH,
)
from .view import View, arrays, finite_loss, fmt, fmt_step, lr_note


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
