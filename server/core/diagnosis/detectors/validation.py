"""Validation and leakage detectors: a validation loss turning up while training falls, a loss too good too
early."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Finding, evidence
from ..thresholds import (
    LEAK_CONFIDENCE,
    LEAK_FRACTION,
    OVERFIT_RISE,
    OVERFIT_TREND,
)
from .chance import labels_apart
from .stats import kendall_tau, rolling_median
from .view import View, finite_loss, fmt, fmt_step, start_level

if TYPE_CHECKING:
    pass


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
        if labels_apart(view) is not None:
            return []  # validation accuracy at chance: nothing learned to overfit (detect_chance: data_issue)
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
