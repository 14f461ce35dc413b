"""Trend and spike detectors over the training loss: non-finite values and what preceded them, divergence,
plateaus, a learning rate too low, transient spikes against the run's own noise, oscillation and the period of
the data order."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from ...catalogue import RootCauseId
from ...logs.events import says_loss_nonfinite
from ...logs.roles import MetricRole, game_losses, words
from ..appended import resumed_last
from ..findings import REPORTABLE, Finding, evidence
from ..thresholds import (
    ACCUMULATOR_RISE,
    CHANCE_TRAIN_FIT,
    COMPONENT_BLOWUP,
    COMPONENT_BLOWUP_CONFIDENCE,
    DATA_ORDER_HARMLESS_CONFIDENCE,
    DATA_ORDER_HARMLESS_FALL,
    DATA_ORDER_MAX_CONFIDENCE,
    DIVERGED_BY,
    EARLY_BLOWUP,
    EARLY_BLOWUP_CONFIDENCE,
    EARLY_BLOWUP_POINTS,
    EARLY_BLOWUP_Z,
    EARLY_MIN_POINTS,
    EARLY_RISE_SHARE,
    EARLY_SHARE,
    FAR_TOO_HIGH_LR_CONFIDENCE,
    FAR_TOO_LOW_LR_CONFIDENCE,
    FIRST_POINT_FALL,
    FIRST_STEP,
    FLAT_CHANGE,
    FLAT_FROM_START,
    FLAT_UNEXPLAINED,
    FRESH_START_STEP,
    FROZEN_GAME_POINTS,
    FROZEN_LOSS_CONFIDENCE,
    FROZEN_LOSS_DIGITS,
    FROZEN_LOSS_SPREAD,
    FROZEN_SHARE,
    GAME_RECONSTRUCTION_CONFIDENCE,
    GAME_RECONSTRUCTION_POINTS,
    GAME_RECONSTRUCTION_STILL,
    GAME_SPIKE_CONFIDENCE,
    GAVE_BACK_Z,
    HELD_OUT_RISE_CONFIDENCE,
    LATE_START,
    LR_DECAYED,
    LR_FAR_TOO_HIGH,
    LR_FAR_TOO_LOW,
    LR_TINY,
    MIN_EPOCH_PERIOD,
    MIN_EVALUATIONS,
    MIN_HELD_IMPROVEMENT,
    MIN_POINTS,
    NEVER_HELD,
    ORDER_JUMP_FLOOR,
    ORDER_JUMP_HEIGHT,
    ORDER_JUMP_SHARE,
    ORDER_JUMP_WINDOW,
    ORDER_JUMP_Z,
    ORDER_MAX_POINTS,
    ORDER_MIN_PERIOD,
    ORDER_REGAINED,
    OSCILLATION_CROSSINGS,
    OSCILLATION_LEVEL,
    OVERFIT_GL,
    OVERFIT_RISE,
    OVERFIT_TREND_Z,
    OVERSHOOT_DIED_OUT,
    OVERSHOOT_MAX_CONFIDENCE,
    PERFECT_DISCRIMINATOR,
    PERFECT_DISCRIMINATOR_CONFIDENCE,
    PERIOD_ACF,
    PERIOD_CONTRAST,
    PERIOD_ECHO,
    PERIOD_EVENTS,
    PERIOD_SWING,
    PERIOD_TOLERANCE,
    PERIODIC_SPIKES,
    PLATEAU_WITH_FLAT_QUALITY,
    POSTERIOR_COLLAPSE_CONFIDENCE,
    POSTERIOR_COLLAPSE_FALL,
    POSTERIOR_COLLAPSED,
    RELAPSE_CONFIDENCE,
    RELAPSE_SHARE,
    RUNNING_MEAN_DECAY,
    SHORT_SPIKE_CONFIDENCE,
    SHORT_SPIKE_MIN_POINTS,
    SHORT_SPIKE_POINTS,
    SHORT_SPIKE_RATIO,
    SHORT_SPIKE_SHARE,
    SHORT_SPIKE_Z,
    SLIGHT_CHANGE,
    SMALL_LR_CONFIDENCE,
    SPIKE_HELD_OUT_SHARE,
    SPIKE_MERGE_GAP,
    SPIKE_MIN_SHARE,
    SPIKE_PHASE_EVENTS,
    SPIKE_PHASE_LOCK,
    SPIKE_RATIO,
    SPIKE_Z,
    STEADY_FALL,
    SUBNORMAL,
    SUBNORMAL_CONFIDENCE,
    SWING_CONFIDENCE_AT_1X,
    SWING_CONFIDENCE_PER_DOUBLING,
    UNLOGGED_LR_CONFIDENCE,
    VAL_NONFINITE_CONFIDENCE,
    VANISHING_RATIO,
)
from .events import learning
from .gradients import explosions, layer_ratio
from .quality import explained_nothing, stuck_low_accuracy
from .stats import (
    MEDIAN_SE,
    TREND_POINTS,
    autocorrelation,
    detrended_log,
    falling_fit,
    log_noise,
    robust_z,
    rolling_median,
    step_noise,
    trend_tau,
    trend_z,
)
from .view import (
    Curve,
    View,
    arrays,
    as_shares,
    epoch_length,
    finite_loss,
    fmt,
    fmt_step,
    learned_nothing,
    lr_note,
    lr_said,
    peak_lr,
    start_level,
    warmup_peak_near,
)

if TYPE_CHECKING:
    import numpy as np

    from ...logs.model import Run


def detect_nonfinite(view: View) -> list[Finding]:
    """NaN/inf in the loss: isolated or terminal, and what preceded it; or in the validation loss alone
    (`nonfinite_validation`). Isolated non-finite steps in a run that went on finite are the numerics first (an fp16
    overflow, a log of 0 on one batch), a corrupt batch second: the seen real logs of that shape (round37's DF-012,
    round58's GK-006, round59's GR-007) were labelled numerical instability twice, a learning rate too high once, a
    data issue never. A terminal one with no growth before it is the numerics, unless the peak lr stands far above any
    recipe's (LR_FAR_TOO_HIGH)."""
    import numpy as np

    curve = view.loss or nonfinite_error(view)
    if curve is not None and np.isfinite(curve.values).all():
        curve = nonfinite_term(view) or curve
    if curve is None:
        return reported_nonfinite(view)
    name, steps, loss = curve
    bad = ~np.isfinite(loss)
    if not bad.any():
        return subnormal_loss(view) or nonfinite_validation(view) or reported_nonfinite(view)
    first = int(np.argmax(bad))
    onset = float(steps[first])
    where = f"{name} is {loss[first]} at {fmt_step(onset)}"
    recovered = first < loss.size - 1 and bool(np.isfinite(loss[-max(1, loss.size // 20) :]).all())
    if recovered:
        count = int(bad.sum())
        detail = f"{name} non-finite at {count} isolated steps (first {fmt_step(onset)}) while the run went on finite"
        ev = [evidence(view.source, fmt_step(onset), detail)]
        return [Finding("numerical_instability", 0.75, ev), Finding("data_issue", 0.4, ev)]
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
    lr = peak_lr(view)
    if lr is not None and lr >= LR_FAR_TOO_HIGH:  # no growth to see, but steps far beyond any recipe's
        ev.append(evidence(view.source, fmt_step(onset), f"at a peak lr of {lr_said(view, lr)}, above any recipe's"))
        return [Finding("lr_too_high", FAR_TOO_HIGH_LR_CONFIDENCE, ev), Finding("numerical_instability", 0.6, ev[:2])]
    return [Finding("numerical_instability", 0.8, ev), Finding("data_issue", 0.4, ev[:1])]


def nonfinite_error(view: View) -> Curve | None:
    """With no loss logged, a training error measure that turned non-finite, judged as a loss would be: the objective
    the run prints under that name (StarSpace's `Train error : nan`, its hinge loss; an error rate never reaches NaN
    while the model's outputs stay finite). The one with most points."""
    return nonfinite_training(view, MetricRole.ERROR)


def nonfinite_term(view: View) -> Curve | None:
    """Beside a judged loss that stayed finite, a term of the training loss (`MetricRole.LOSS_COMPONENT` of the training
    split) that turned non-finite, judged in its place: the total's batches printed before the term broke, or the same
    loss summed over an epoch (mvts_transformer's `Epoch 6 Training Summary: epoch: 6.000000 | loss:      nan |` after
    its batches' last finite `loss: 1.35464`). The one with most points."""
    return nonfinite_training(view, MetricRole.LOSS_COMPONENT)


def nonfinite_training(view: View, role: MetricRole) -> Curve | None:
    """The series of `role` on the training split (or none named) holding a non-finite value, the one with most
    points."""
    import numpy as np

    named = [
        name
        for name, info in view.run.role_map().items()
        if info.role is role
        and info.split in ("train", None)
        and not np.isfinite(arrays(view.run.metrics[name])[1]).all()
    ]
    if not named:
        return None
    name = max(named, key=lambda n: len(view.run.metrics[n]))
    return Curve(name, *arrays(view.run.metrics[name]))


def reported_nonfinite(view: View) -> list[Finding]:
    """A non-finite loss the log reports in words (a warning, an exception: `logs.events.says_loss_nonfinite`) where no
    logged value is one: the batch was skipped, or the run stopped before printing it (round 39's families:
    SpeechBrain's ECAPA, MindSpore's transformer, lstm.py, each answered healthy or too short before). Judged as a
    terminal one at the report's step: a loss (or gradient norm) that grew before it is the learning rate's, else the
    numerics."""
    import numpy as np

    said = next(
        (e for e in view.run.events if e.kind in ("nan", "inf", "traceback", "error") and says_loss_nonfinite(e.text)),
        None,
    )
    if said is None:
        return []
    where = f"{said.file or view.source}:{said.line}" if said.line else view.source
    ev = [evidence(view.source, where, f"the log reports a non-finite loss: {said.text.strip()[:160]}")]
    if view.loss is not None:
        steps, loss = view.loss.steps, view.loss.values
        onset = float(said.step) if said.step is not None else float(steps[-1]) + 1
        grew, rationale = grew_before(view, onset, loss[(steps <= onset) & np.isfinite(loss)])
        ev.append(evidence(view.source, fmt_step(onset), rationale))
        if grew:
            return [Finding("exploding_gradients", 0.8, ev), Finding("lr_too_high", 0.6, ev)]
    return [Finding("numerical_instability", 0.8, ev), Finding("data_issue", 0.4, ev[:1])]


def subnormal_loss(view: View) -> list[Finding]:
    """A training loss printed under SUBNORMAL and not 0: a number no model computed (uninitialised memory, an
    underflow read back), so the numerics of the loss are broken from there on."""
    import numpy as np

    if view.loss is None:
        return []
    name, steps, loss = view.loss
    garbage = (loss != 0) & (np.abs(loss) < SUBNORMAL)
    if not garbage.any():
        return []
    first = int(np.argmax(garbage))
    detail = (
        f"{name} is {loss[first]:.6g} at {fmt_step(float(steps[first]))} ({int(garbage.sum())} such points), under "
        "float32's smallest normal number: no loss the model computed, but uninitialised memory or an underflow"
    )
    return [
        Finding(
            "numerical_instability",
            SUBNORMAL_CONFIDENCE,
            [evidence(view.source, fmt_step(float(steps[first])), detail)],
        )
    ]


def nonfinite_validation(view: View) -> list[Finding]:
    """NaN/inf in the validation loss while the training loss stays finite: training is sound, the evaluation's
    numerics are not (a log(0) on a validation batch, an empty batch's mean, a half-precision overflow in eval), and
    every judgement of the validation curve rests on it."""
    import numpy as np

    if view.val is None:
        return []
    name, steps, values = view.val
    bad = ~np.isfinite(values)
    if not bad.any():
        return []
    first = int(np.argmax(bad))
    detail = (
        f"{name} is {values[first]} at {int(bad.sum())} of its {values.size} evaluations (first at "
        f"{fmt_step(float(steps[first]))}) while the training loss stays finite: the validation's numerics"
    )
    ev = [evidence(view.source, fmt_step(float(steps[first])), detail)]
    return [Finding("numerical_instability", VAL_NONFINITE_CONFIDENCE, ev), Finding("data_issue", 0.4, ev)]


def detect_component_blowup(view: View) -> list[Finding]:
    """A component of the training loss ending COMPONENT_BLOWUP times above its start while the whole loss ends no
    higher than it started: one term's numerics broke (a VAE's KL term whose posterior variance overflowed) where the
    total, dominated by the others or clipped, hides it."""
    import numpy as np

    found = finite_loss(view)
    if found is None:
        return []
    loss = found[2]
    if float(np.median(loss[-max(3, loss.size // 5) :])) > start_level(loss):
        return []  # the whole loss rose too: the trend and spike rules judge it
    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.LOSS_COMPONENT:
            continue
        steps, values = arrays(view.run.metrics[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < MIN_POINTS or float(values.min()) <= 0:
            continue
        start, end = start_level(values), float(np.median(values[-max(3, values.size // 5) :]))
        if end < COMPONENT_BLOWUP * start:
            continue
        at = float(steps[int(np.argmax(values > COMPONENT_BLOWUP * start))])
        detail = (
            f"{name}, a component of {found[0]}, went from {fmt(start)} to {fmt(end)} ({fmt(end / start)}x) while "
            f"{found[0]} did not rise: that term's numerics broke"
        )
        ev = [evidence(view.source, fmt_step(at), detail)]
        return [Finding("numerical_instability", COMPONENT_BLOWUP_CONFIDENCE, ev)]
    return []


KL_WORDS = frozenset({"kl", "kld"})
"""Words naming a VAE's KL term (`kl_loss`, `train/kl`, `KLD`), beside a reconstruction term
(`RECONSTRUCTION_WORDS`)."""


def detect_posterior_collapse(view: View) -> list[Finding]:
    """A VAE whose KL term (`KL_WORDS`, beside a reconstruction term) fell to under POSTERIOR_COLLAPSED nats from a peak
    POSTERIOR_COLLAPSE_FALL times higher: the posterior collapsed onto the prior, and the decoder reconstructs without
    its latent code (mode collapse). A KL weight (`kl_weight`) is no KL term; the training split's term is read
    first."""
    import numpy as np

    names = view.run.metrics
    if not any(RECONSTRUCTION_WORDS & set(words(name)) for name in names):
        return []
    roles = view.run.role_map()
    terms = [n for n in names if KL_WORDS & set(words(n)) and not {"weight", "beta", "w"} & set(words(n))]
    for name in sorted(terms, key=lambda n: roles[n].split not in ("train", None)):
        steps, values = arrays(names[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < MIN_POINTS or float(values.min()) < 0:
            continue
        end = float(np.median(values[-max(3, values.size // 5) :]))
        smooth = rolling_median(values, 3)
        peak_i = int(np.argmax(smooth))
        peak = float(smooth[peak_i])
        if end >= POSTERIOR_COLLAPSED or peak < POSTERIOR_COLLAPSE_FALL * end:
            continue
        detail = (
            f"{name} fell from {fmt(peak)} at {fmt_step(steps[peak_i])} to {fmt(end)} nats: the posterior collapsed "
            "onto the prior, and the decoder ignores its latent code"
        )
        where = f"{fmt_step(steps[peak_i])}-{fmt_step(steps[-1])}"
        return [Finding("mode_collapse", POSTERIOR_COLLAPSE_CONFIDENCE, [evidence(view.source, where, detail)])]
    return []


def grew_before(view: View, onset: float, before: np.ndarray) -> tuple[bool, str]:
    """Whether gradients (else the loss) grew for a while before `onset`, with the numbers that say so."""
    import numpy as np

    if view.grad is not None:
        name, steps, grad = view.grad
        grad = grad[(steps < onset) & np.isfinite(grad)]
        if grad.size >= 2:
            # growth is judged against the larger of the early quarter's median and the first steps' norm (at most
            # the first half's: two norms before a NaN are a start and its blow-up): a norm that decayed to ~0 and
            # came back to a tenth of where it started did not explode
            first = float(np.median(grad[: max(1, min(3, grad.size // 2))]))
            base = max(float(np.median(grad[: max(1, grad.size // 4)])), first)
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
    first_logged = view.loss.steps[0] if view.loss is not None else onset  # (no loss: an error measure's onset)
    if before.size == 0 and first_logged <= FIRST_STEP:
        return False, "non-finite at the first step, before any update: the forward pass, not the learning rate"
    if before.size == 0:  # issue 9: growth before the first NaN is what blames the lr
        return False, (
            f"non-finite from the first value logged ({fmt_step(first_logged)}): no finite loss or gradient "
            "norm shows any growth before it, so nothing points at the learning rate"
        )
    if view.grad is not None and not np.isfinite(view.grad.values[view.grad.steps < onset]).all():
        return False, (  # `triplet_loss 0.77 | grad_norm nan` then `triplet_loss nan`: the backward pass first
            "the gradient norm was non-finite before the loss was, with no growth: a backward pass that divides by "
            "zero (a hand-written sqrt or log at 0), not the learning rate"
        )
    lr = view.lr_at(onset)  # one finite value before it: no growth to see, so only an lr far too high is blamed
    if lr is not None and lr >= LR_FAR_TOO_HIGH:
        return True, f"non-finite from the second value logged, at an lr of {fmt(lr)}: far above the usual peaks"
    return False, f"one finite value ({fmt(float(before[0]))}) before it: no growth shown, nothing points at the lr"


def gave_back(start: float, low: float, end: float) -> bool:
    """The loss rose after falling: to 3x its low and back near its start, or giving back 80% of a real (30%+)
    improvement."""
    tripled = end > 3.0 * low and end > 0.8 * start
    improved = start - low >= 0.3 * start
    return tripled or (improved and end - low >= 0.8 * (start - low))


def relapsed(start: float, low: float, end: float, floor: float) -> bool:
    """The loss gave back RELAPSE_SHARE of its fall in log terms (a loss's scale is multiplicative), with its whole end,
    down to `floor` (the 10th percentile of its last fifth), 3x above its low: not a median lifted by a few batches off
    a loss that still touches its low (a margin loss at 0)."""
    return low > 0 and floor > 3.0 * low and math.log(end / low) >= RELAPSE_SHARE * math.log(start / low)


def held_out_rose(view: View, loss: np.ndarray, low_i: int, low: float) -> bool:
    """Whether a held-out loss judged alone (`View.held_out`) turned up after its best as early stopping reads it: its
    end OVERFIT_RISE above the smoothed low and climbing rank by rank after it (Mann-Kendall, OVERFIT_TREND_Z), with no
    training loss to compare (round45's EI-011: a validation MSE from 0.933 at epoch 9 to 1.33 at epoch 64)."""
    import numpy as np

    if not view.held_out or low <= 0:
        return False
    after, end = loss[low_i:], float(np.median(loss[-max(3, loss.size // 5) :]))
    return end >= (1 + OVERFIT_RISE) * low and climbs(after)


def climbs(after: np.ndarray) -> bool:
    """Whether a held-out loss climbs rank by rank over `after` (4 points at least): its Mann-Kendall score, over at
    most TREND_POINTS, at least OVERFIT_TREND_Z."""
    return after.size >= 4 and trend_z(after, TREND_POINTS) >= OVERFIT_TREND_Z


def rose_beyond_noise(loss: np.ndarray, low: float, end: float) -> bool:
    """Whether a rise from the smoothed curve's low to the end stands GAVE_BACK_Z of the low's own uncertainty above
    noise: the low is the least of rolling medians over `levels`' window, so on a noisy per-batch loss it sits about
    MEDIAN_SE x noise / sqrt(window) under the curve by chance (the median's standard error), and a rise of that size is
    the noise's, not a learning rate's."""
    if low <= 0 or end <= 0:
        return True
    window = max(3, loss.size // 50)
    return math.log(end / low) >= GAVE_BACK_Z * MEDIAN_SE * log_noise(loss) / math.sqrt(window)


def moved(start: float, first: float, end: float) -> float:
    """How far a loss ended from where it began: from its start level, or from its very first point when that is
    nearer (a start read from a few noisy points is uncertain between the two)."""
    return min(abs(end - start), abs(end - first))


def levels(loss: np.ndarray) -> tuple[np.ndarray, float, float, float]:
    """A loss's smoothed curve (rolling median over a fiftieth of it), start level, end (median of its last fifth)
    and smoothed peak."""
    import numpy as np

    n = loss.size
    window = max(3, n // 50)
    smooth = rolling_median(loss, window).copy()
    if n >= window:  # the first points have no full window: their level is the first window's median, not a draw
        smooth[: window - 1] = smooth[window - 1]
    return smooth, start_level(loss), float(np.median(loss[-max(3, n // 5) :])), float(smooth.max())


def barely_moved(loss: np.ndarray) -> bool:
    """The loss ended within FLAT_CHANGE of its start without a peak on the way, and within SLIGHT_CHANGE of it or
    without a steady fall."""
    smooth, start, end, peak = levels(loss)
    change = moved(start, float(loss[0]), end)
    return (
        change < FLAT_CHANGE * start
        and peak < 1.5 * start
        and (change < SLIGHT_CHANGE * start or trend_tau(smooth) > STEADY_FALL)
    )


def held_still(view: View) -> str | None:
    """Why the validation loss says the run learned nothing, or None: logged at least MIN_EVALUATIONS times, it never
    left SLIGHT_CHANGE of its first value. A validation loss is measured on one fixed set, free of the per-batch
    noise that can hide a flat training loss (a regression of batch 32 swings 2x from step to step)."""
    import numpy as np

    if view.val is None:
        return None
    values = view.val.values[np.isfinite(view.val.values)]
    if values.size < MIN_EVALUATIONS or float(values[0]) <= 0:
        return None
    spread = float(np.abs(values - values[0]).max())
    if spread >= SLIGHT_CHANGE * float(values[0]):
        return None
    if spread == 0 and view.loss is not None and not barely_moved(view.loss.values[np.isfinite(view.loss.values)]):
        return None  # the same value to the last digit while the model changes: printed again, never re-measured
    return f"{view.val.name} stayed within {fmt(spread)} of {fmt(values[0])} over {values.size} evaluations"


def learned_after_its_rise(view: View, smooth: np.ndarray, start: float, end: float) -> bool:
    """Whether a loss that rose from its start peaked early (EARLY_RISE_SHARE of its points), came down by FLAT_CHANGE
    of its peak by the end yet stayed far above its start (half as high again: one back at its start after a blow-up
    learned nothing since), and a measure of quality improved meanwhile (an accuracy rose, an error fell; not a
    validation loss, which falls back from a blow-up as well): its objective grew harder as it started (a queue of
    negatives filling), and the model learned since. Not at a learning rate far above any recipe's (LR_FAR_TOO_HIGH):
    there the rise is the rate's."""
    import numpy as np

    from .quality import improving_quality

    peak_i = int(np.argmax(smooth))
    return (
        (peak_lr(view) or 0.0) < LR_FAR_TOO_HIGH
        and peak_i <= EARLY_RISE_SHARE * smooth.size
        and 1.5 * start <= end <= (1 - FLAT_CHANGE) * float(smooth[peak_i])
        and improving_quality(view.run, losses=False) is not None
    )


def rose_with_its_objective(view: View) -> bool:
    """Whether a training loss that rose and never fell rose with a term a schedule weights up, not against the model:
    its validation loss fell (`held_out_fell`) and an accuracy or an error improved and kept its gain, at a learning
    rate under LR_FAR_TOO_HIGH. Mean Teacher's consistency cost, ramped up by a sigmoid over the first epochs (Tarvainen
    & Valpola, 2017), outgrows its falling class loss while the held-out answers climb (round 62's families: 0.27 ->
    2.3 beside a validation loss 1.67 -> 0.52 and accuracy 35% -> 81%); a VAE's KL term annealed in does the same."""
    from .quality import improving_quality

    return (
        (peak_lr(view) or 0.0) < LR_FAR_TOO_HIGH
        and held_out_fell(view)
        and improving_quality(view.run, losses=False) is not None
    )


def held_out_fell(view: View, by: float = FLAT_CHANGE) -> bool:
    """The validation loss, logged at least MIN_EVALUATIONS times, ended (the median of its last three) more than
    `by` (FLAT_CHANGE) under its first evaluation: the model learned what carries over, even where its training
    loss barely moved (a flow-matching or diffusion loss sits near its irreducible floor from the first steps on: the
    round-17 families' flow matching, healthy at 2.95 -> 2.12 while its validation loss fell 2.60 -> 2.12)."""
    import numpy as np

    if view.val is None:
        return False
    values = view.val.values[np.isfinite(view.val.values)]
    if values.size < MIN_EVALUATIONS or float(values[0]) <= 0:
        return False
    return float(np.median(values[-3:])) < (1 - by) * float(values[0])


def held_out_falling_since(view: View, at: float, train_fall: float) -> bool:
    """Whether the validation loss, evaluated at least MIN_EVALUATIONS times from `at` on, fell there rank by rank
    (a Mann-Kendall score of -OVERFIT_TREND_Z or lower), by SLIGHT_CHANGE more than the training loss's `train_fall`
    over the same stretch (a share of its level): the model still learns what carries over while its training loss
    stands still, which is no plateau (round52's FN-001: a seq2seq RNN's training loss flat at 2.23-2.36 as
    scheduled sampling hardens its task, its validation loss falling 5.57 -> 4.93 at every epoch but one). A model
    crawling after its lr was cut creeps down on both alike."""
    import numpy as np

    if view.val is None:
        return False
    steps, values = view.val.steps, view.val.values
    values = values[np.isfinite(values) & (steps >= at)]
    if values.size < MIN_EVALUATIONS or float(values[0]) <= 0:
        return False
    fall = 1 - float(np.median(values[-3:])) / float(values[0])
    return fall > train_fall + SLIGHT_CHANGE and trend_z(values, TREND_POINTS) <= -OVERFIT_TREND_Z


VALUE_LOSS_WORDS = frozenset({"critic", "value", "vf", "qf", "td"})
"""Words naming an RL agent's value-function loss (baselines' `train/loss_critic`, SB3's `train/value_loss`, `qf1_loss`,
`td_loss`): its targets are the agent's own returns, so it grows as they do (DQN clipped its rewards to keep this
loss's scale: Mnih et al., 2015)."""


def names_a_value_loss(name: str) -> bool:
    """Whether `name` is an RL value-function loss's: a word of VALUE_LOSS_WORDS, `value` only right before `loss`
    (SB3's `train/value_loss`; Torch7's `Cost function value` is a loss's value)."""
    parts = words(name)
    return bool((VALUE_LOSS_WORDS - {"value"}) & set(parts)) or "value loss" in " ".join(parts)


EXPLORATION_WORDS = frozenset({"epsilon", "exploration"})
"""Words naming an epsilon-greedy agent's exploration rate (a DQN's `Epsilon`, keras-rl's `mean_eps` aside): a run
that logs one trains a Q-network, whose loss, whatever its name, is a TD loss against its own bootstrapped targets."""


def explores(run: Run) -> bool:
    """Whether `run` logs an exploration rate (EXPLORATION_WORDS) that moved or stood within [0, 1]: a value-based RL
    agent's, its plain `Loss` a TD loss (round91's LD-013, a card game's DQN: `Episode,Loss,Epsilon,WinRandom`)."""
    return any(
        EXPLORATION_WORDS & set(words(name)) and len(series) and 0 <= min(series.values) <= max(series.values) <= 1
        for name, series in run.metrics.items()
    )


def value_loss_of_a_learning_agent(view: View, name: str) -> bool:
    """Whether `name` is an RL value-function loss (`VALUE_LOSS_WORDS`) in a run whose return or success rate improved
    and kept its gain (`improving_quality`): the agent learns, and its critic's loss rising with the returns is no
    divergence, nor its standing still a plateau."""
    from .quality import improving_quality

    return names_a_value_loss(name) and improving_quality(view.run) is not None


def detect_trend(view: View) -> list[Finding]:
    """Divergence (rising after falling, or never falling), plateaus, and a learning rate too low; not on the value
    loss of an RL agent whose returns improve (`value_loss_of_a_learning_agent`). A training loss that rose from its
    start and never fell, with nothing tying the rise to the lr (no lr logged) or by less than a divergence, learned
    nothing (`flat_run`), unless a quality measure improved (`learned_nothing_by_rising`). A rise the data's order
    makes, back at its start each epoch (`detect_order_jumps`), is no divergence."""
    import numpy as np

    found = finite_loss(view)
    if found is None or value_loss_of_a_learning_agent(view, found[0]):
        return []
    name, steps, loss = found
    n = loss.size
    smooth, start, end, peak = levels(loss)
    total = float(steps[-1] - steps[0]) or 1.0
    out: list[Finding] = []
    low_i = int(np.argmin(smooth))
    low = float(smooth[low_i])
    held = float(np.mean(smooth < 0.8 * start))  # the share of the run spent below 80% of its start
    resumed = shows_no_start(view, steps)
    risen = end >= (1.5 if resumed else 0.95) * start  # a resumed run's first point is no start to fall from
    floor = float(np.quantile(loss[-max(3, n // 5) :], 0.1))  # where nearly all of the end sits
    if (
        risen
        and peak >= 1.5 * start
        and held < NEVER_HELD
        and not learned_after_its_rise(view, smooth, start, end)
        and not rose_with_its_objective(view)
        and not fitted_under_chance(view, end)
        and not detect_order_jumps(view)  # climbing through each epoch and back at its start: the data's order
    ):
        peak_step = float(steps[int(np.argmax(smooth))])
        detail = (
            f"{name} never fell: {fmt(start)} at start, peak {fmt(peak)} at {fmt_step(peak_step)}, {fmt(end)} at end"
        )
        conf = 0.9 if warmup_peak_near(view, peak_step, total) else 0.88
        out.append(turned_up(view, conf, peak_step, detail, peak >= DIVERGED_BY * start))
        if out[-1].confidence < REPORTABLE and learned_nothing_by_rising(view, name):
            out += flat_run(view, f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}", detail)
    elif (
        risen
        and end > (1 + FLAT_CHANGE) * start  # moved, upwards
        and not resumed
        and rose_beyond_noise(loss, start, end)
        and not rose_beyond_noise(loss, low, start)
        and learned_nothing_by_rising(view, name)
    ):
        where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"  # a training loss that crept up beyond its noise and
        # never fell beyond it (round74's JH-005: a growing term outweighing the one that fell): no learning
        out += flat_run(view, where, f"{name} never fell below its start: {fmt(start)} at start, {fmt(end)} at end")
    elif (
        (
            (gave := gave_back(start, low, end))
            or relapsed(start, low, end, floor)
            or held_out_rose(view, loss, low_i, low)
        )
        and low_i < 0.8 * n
        and rose_beyond_noise(loss, low, end)
        and not rise_in_no_term(view, name, float(steps[low_i]), end - low)
        and not rose_with_its_objective(view)
    ):
        rise = float(steps[low_i])
        detail = f"{name} fell to {fmt(low)} at {fmt_step(rise)} then rose to {fmt(end)}"
        conf = 0.85 if warmup_peak_near(view, rise, total) else 0.65 if gave else RELAPSE_CONFIDENCE
        out.append(turned_up(view, conf, rise, detail, end >= DIVERGED_BY * low))
    elif (
        barely_moved(loss)
        and not held_out_fell(view)
        and not held_out_falling_since(view, float(steps[0]), (start - end) / start if start > 0 else 0.0)
    ):  # a validation loss falling at every evaluation learns, however little the training loss moved (round76's
        # JP-010, a LoRA fine-tune: 1.27 -> 1.15 over ten evaluations beside a noisy 1.30 -> 1.16)
        where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
        out += flat_run(view, where, f"{name} barely moved over {n} points: {fmt(start)} at start, {fmt(end)} at end")
    elif (still := held_still(view)) is not None and not learning(view):
        out += flat_run(view, f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}", still)
    else:
        third = int(0.3 * n)
        mid = float(np.median(loss[third : third + max(3, n // 10)]))
        at = float(steps[third])
        if (
            end > 0.45 * start
            and abs(end - mid) < 0.2 * mid
            and start - mid > 0.1 * start
            and not held_out_falling_since(view, at, (mid - end) / mid)
        ):
            ev = [
                evidence(
                    view.source,
                    f"{fmt_step(at)}-{fmt_step(steps[-1])}",
                    f"{name} flat at {fmt(mid)} -> {fmt(end)} after falling from {fmt(start)}",
                )
            ]
            conf = 0.45
            lr_then, lr_max = view.lr_at(at), (float(view.lr.values.max()) if view.lr is not None else None)
            if lr_then is not None and lr_max and decayed(view, at, lr_max):
                conf = 0.75
                ev.append(
                    evidence(
                        view.source,
                        fmt_step(at),
                        f"the learning rate had already dropped to {fmt(lr_then)} from {fmt(lr_max)}",
                    )
                )
            out.append(Finding("loss_plateau", conf, ev))
    return [corroborated(view, f) for f in out]


def fitted_under_chance(view: View, end: float) -> bool:
    """Whether a loss ends under CHANCE_TRAIN_FIT x ln K (K as `chance.chance_classes` reads it, or held-out answers
    at 1/K say): the model answers its training batches far better than a guess, so a rise from its start is no
    divergence but a start too easy (batches sorted by class, the first all of one, fitted at once: cnn_graph's
    ChebNet 0.17 -> 0.92 -> 0.52 beside ln 4)."""
    from .chance import chance_classes, classes_of_still_answers

    held = view.accuracy("val", "test")
    known = chance_classes(view) or (classes_of_still_answers(held.name, as_shares(held.values)) if held else None)
    return known is not None and end < CHANCE_TRAIN_FIT * math.log(known[0])


def learned_nothing_by_rising(view: View, name: str) -> bool:
    """Whether a training loss that rose from its start and never fell says the run learned nothing: it is the training
    loss (not a held-out one judged in its place), no quality measure improved (a DQN's TD loss grows as its values do
    while its return climbs: round59's GK-003) and no accuracy answers well throughout (`quality.answering_well`)."""
    from .quality import answering_well, improving_quality

    return (
        view.run.role_map()[name].role is MetricRole.TRAIN_LOSS
        and improving_quality(view.run) is None
        and answering_well(view) is None
    )


def corroborated(view: View, finding: Finding) -> Finding:
    """A plateau under the reporting bar raised to PLATEAU_WITH_FLAT_QUALITY when an accuracy stuck low says the same
    (`quality.stuck_low_accuracy`), or a held-out R² near that of the target's mean (`quality.explained_nothing`)."""
    if finding.id != "loss_plateau" or finding.confidence >= PLATEAU_WITH_FLAT_QUALITY:
        return finding
    why = stuck_low_accuracy(view) or explained_nothing(view)
    if why is None:
        return finding
    where = finding.evidence[0].location if finding.evidence else ""
    return replace(
        finding,
        confidence=PLATEAU_WITH_FLAT_QUALITY,
        evidence=[*finding.evidence, evidence(view.source, where, why)],
    )


def detect_frozen_loss(view: View) -> list[Finding]:
    """The judged loss (the training loss, else the only held-out one) whose last FROZEN_SHARE of points
    (MIN_EVALUATIONS at least; all of them in a run of fewer than twice that: round54's FU-005, a deepfake detector's
    `val_loss` 0.8132617461681366 at each of its 5 epochs) stayed within FROZEN_LOSS_SPREAD of one value printed to
    FROZEN_LOSS_DIGITS digits: the weights stopped changing (zero gradients: dead units, saturated outputs), whatever
    the loss did before. No sign: a loss at 0 (a perfect fit), an lr logged at 0 where it froze (the schedule ended),
    or a validation loss alone beside a training loss that moves (a value printed again, never re-measured:
    `trend.held_still`)."""
    import numpy as np

    curve = view.loss
    if curve is None:
        return []
    finite = np.isfinite(curve.values)
    steps, values = curve.steps[finite], curve.values[finite]
    if values.size < MIN_EVALUATIONS:
        return []
    if values.size < 2 * MIN_EVALUATIONS:  # too few for a share of them: frozen from its first point, or not at all
        tail = values
    else:
        tail = values[-max(MIN_EVALUATIONS, int(np.ceil(FROZEN_SHARE * values.size))) :]
    level = float(np.median(tail))
    spread = float(tail.max() - tail.min())
    if level == 0 or spread > FROZEN_LOSS_SPREAD * abs(level) or _digits(level) < FROZEN_LOSS_DIGITS:
        return []
    if view.lr_at(float(steps[-1])) == 0:
        return []
    detail = (
        f"{curve.name} stayed at {level:.8g} (spread {spread:.2g}) over its last {tail.size} of {values.size} "
        "points: the weights stopped changing (zero gradients: dead units or saturated outputs), it learns nothing"
    )
    where = f"{fmt_step(steps[-tail.size])}-{fmt_step(steps[-1])}"
    return [learned_nothing(view, where, detail, FROZEN_LOSS_CONFIDENCE)]


def _digits(value: float) -> int:
    """Significant digits of `value` as printed (its shortest round-trip form: 0.69 has 2, 0.0420535 has 6)."""
    return len(repr(abs(value)).lower().split("e")[0].replace(".", "").strip("0"))


def rise_in_no_term(view: View, name: str, at: float, rise: float) -> bool:
    """Whether a total loss's rise after `at` is carried by none of the terms it sums, logged beside it (`loss_wave`
    and `loss_mag` under `loss`): their rises add up to under half of it, so a term the log does not show was added
    to the objective (a resumed run's new loss term: round59's GR-008, `loss` 0.12 -> 0.68 while both its terms held
    at 0.04 and 0.16). A model thrown off by its steps shows the rise in its terms."""
    import numpy as np

    stem = "loss" if name in ("loss", "total_loss") else name
    terms = [
        term
        for term, info in view.run.role_map().items()
        if info.role is MetricRole.LOSS_COMPONENT and term.startswith(f"{stem}_")
    ]
    carried = 0.0
    for term in terms:
        steps, values = arrays(view.run.metrics[term])
        before, after = values[(steps <= at) & np.isfinite(values)], values[(steps > at) & np.isfinite(values)]
        if before.size < 3 or after.size < 3:
            return False
        carried += float(np.median(after[-max(3, after.size // 5) :])) - float(np.median(before[-3:]))
    return len(terms) >= 2 and carried < 0.5 * rise


def held_out_rose_too(view: View, at: float) -> bool:
    """Whether the validation loss, beside the training loss that rose after `at`, rose with it: ending OVERFIT_RISE
    above its best up to `at`, climbing rank by rank from there (Mann-Kendall, OVERFIT_TREND_Z) or never back within
    OVERFIT_GL of that best (a jump that stays up). The two curves
    turning up together is no misread curve (a held-out loss, an RL or GAN loss, a file written newest-first): the
    model got worse on data it never trained on too, as a step too large damages it (round66's HZ-010: an LSTM's
    loss 0.20 -> 0.47 and its validation loss 0.19 -> 0.45 over four epochs)."""
    import numpy as np

    if view.val is None:
        return False
    steps, values = view.val.steps, view.val.values
    ok = np.isfinite(values)
    before, after = values[ok & (steps <= at)], values[ok & (steps > at)]
    if before.size < 1 or after.size < 4 or float(before.min()) <= 0:
        return False
    best, end = float(before.min()), float(np.median(after[-3:]))
    return end >= (1 + OVERFIT_RISE) * best and (climbs(after) or float(after.min()) >= (1 + OVERFIT_GL) * best)


def turned_up(view: View, confidence: float, at: float, detail: str, diverged: bool = False) -> Finding:
    """A loss that rose: the learning rate, too high, when it is the training loss (at UNLOGGED_LR_CONFIDENCE at most
    when the log has no learning rate to tie the rise to, at the bar when it `diverged` all the same, DIVERGED_BY-fold;
    at UNLOGGED_LR_CONFIDENCE when the lr was at most LR_FAR_TOO_LOW as it rose). When the run logs only a held-out
    loss, judged in its place, a rise after its best is how overfitting shows (HELD_OUT_RISE_CONFIDENCE), unless the
    held-out accuracy collapsed with it: then the model was damaged, as a too-high lr does."""
    from .validation import accuracy_collapsed

    if view.held_out and not accuracy_collapsed(view):
        said = "; no training loss is logged, and a held-out loss turning up while the model trains on is overfitting"
        return Finding("overfitting", HELD_OUT_RISE_CONFIDENCE, [evidence(view.source, fmt_step(at), detail + said)])
    note = lr_note(view, at)
    if view.lr is None and held_out_rose_too(view, at):
        note += "; the held-out loss rose with it: the model itself got worse, on data it never trained on too"
    elif view.lr is None:  # the loss's shape alone: nothing in the log ties the rise to the learning rate
        confidence = min(confidence, REPORTABLE if diverged else UNLOGGED_LR_CONFIDENCE)
    elif (lr := view.lr_at(at)) is not None and lr <= LR_FAR_TOO_LOW:  # no step that small blows a loss up
        confidence = min(confidence, UNLOGGED_LR_CONFIDENCE)
        note = f"; lr {fmt(lr)} then, too small to blow a loss up"
    return Finding("lr_too_high", confidence, [evidence(view.source, fmt_step(at), detail + note)])


def counted(values: np.ndarray) -> bool:
    """Whether every finite value of a loss is a whole number: a count read for a loss (`nTargets`, instances), not a
    loss that learned nothing."""
    import numpy as np

    values = values[np.isfinite(values)]
    return bool(values.size) and bool(np.all(values == np.round(values)))


def shows_no_start(view: View, steps: np.ndarray) -> bool:
    """Whether the judged part of the log (`steps` of its loss) shows no fresh start: it begins past LATE_START of its
    last step (resumed, or cut), or it is a session appended after a restart that carries on the run before it
    (`appended.resumed_last`: its loss where the earlier session's ended)."""
    late = float(steps[-1]) > 0 and float(steps[0]) >= LATE_START * float(steps[-1])
    return late or (view.loss is not None and resumed_last(view.run.metrics[view.loss.name]))


def decayed(view: View, at: float, lr_max: float) -> bool:
    """Whether the learning rate had decayed by `at`: under LR_DECAYED of its peak there and never back above that
    after it. A warmup still climbing at `at` is under its peak too, and rises after it: no decay."""
    import numpy as np

    lr_then = view.lr_at(at)
    if view.lr is None or lr_then is None or lr_then >= LR_DECAYED * lr_max:
        return False
    after = view.lr.values[(view.lr.steps > at) & np.isfinite(view.lr.values)]
    return not bool((after >= LR_DECAYED * lr_max).any())


def flat_run(view: View, where: str, detail: str) -> list[Finding]:
    """A loss that never left its start: a learning rate too small to move it, else a run that learned nothing.

    With a normal peak learning rate the loss stuck where it began is a plateau (unless the per-layer
    gradients show the early layers starved, which detect_layer_gradients reports as vanishing gradients). With no
    lr logged, or a log that starts late in its run (LATE_START: a resumed run), and no chance level (which
    detect_chance judges), the loss alone cannot tell a stuck run from one resumed at its converged level:
    FLAT_UNEXPLAINED, below the reporting bar. Nor can a loss printed once an epoch (`Run.per_epoch`): its first point
    comes after a whole pass of learning, so a curve flat from there may have converged in its first epoch (round50's
    FC-002 and FC-004: a loss of 0.0086 from epoch 0 on, a click model's 0.136 at a validation AUC of 0.69).
    """
    import numpy as np

    lr = peak_lr(view)
    if lr is not None and lr <= LR_TINY:
        found = learned_nothing(view, where, detail, 0.7)
        if found.id == "lr_too_low":
            return [found]
        small = f"{detail}; peak lr {lr_said(view, lr)}"
        return [found, Finding("lr_too_low", SMALL_LR_CONFIDENCE, [evidence(view.source, where, small)])]
    ratio = layer_ratio(view)
    if ratio is not None and ratio[0] < VANISHING_RATIO:
        return []
    assert view.loss is not None  # detect_trend judged it
    first, last = float(view.loss.steps[0]), float(view.loss.steps[-1])
    resumed = shows_no_start(view, view.loss.steps)  # a plateau is flat *from early on*
    spacing = float(np.median(np.diff(view.loss.steps))) if view.loss.steps.size > 1 else 0.0
    fresh = first <= max(FRESH_START_STEP, spacing)  # its first point is its first logging step (`100` of every 100)
    fresh &= view.loss.name not in view.run.per_epoch  # an epoch's loss is printed after a whole pass of learning
    _, start, end, _ = levels(view.loss.values)
    fell = float(view.loss.values[0]) >= FIRST_POINT_FALL * max(start, end) > 0  # at once, from its first point
    if lr is None and not resumed and fresh and not fell and not counted(view.loss.values):
        said = f"; the log starts at {fmt_step(first)}: a fresh run that learned nothing (lr not logged)"
        return [
            Finding("loss_plateau", FLAT_FROM_START, [evidence(view.source, where, detail + said)]),
            Finding("lr_too_low", FLAT_UNEXPLAINED, [evidence(view.source, where, detail)]),
        ]
    if lr is None or resumed:  # a model stuck where it began, or one resumed where it had converged
        said = ": a model that learns nothing (too small a learning rate?) or one resumed at its converged level"
        said += f" (the log starts at {fmt_step(first)} of {fmt_step(last)})" if resumed else ""
        return [
            Finding("loss_plateau", FLAT_UNEXPLAINED, [evidence(view.source, where, detail + said)]),
            Finding("lr_too_low", FLAT_UNEXPLAINED, [evidence(view.source, where, detail)]),
        ]
    if lr >= LR_FAR_TOO_HIGH:
        return [learned_nothing(view, where, detail, 0.55)]
    said = f"; peak lr {lr_said(view, lr)}, a normal one"
    return [Finding("loss_plateau", 0.55, [evidence(view.source, where, f"{detail}{said}: the run learned nothing")])]


def detect_far_too_low_lr(view: View) -> list[Finding]:
    """A peak learning rate at or under LR_FAR_TOO_LOW (below any usual recipe's) beside a training loss that did not
    fall beyond its own noise (`quality.above_noise`, as a quality measure's gain is judged), however it wobbled or
    drifted: steps too small to move the weights. A flat loss is `flat_run`'s; this finds the noisy ones it leaves. A
    loss that fell beyond its noise at such an lr (a DPO fine-tune at 5e-7) learns."""
    lr = peak_lr(view)
    if lr is None or lr > LR_FAR_TOO_LOW:
        return []
    return unmoved_at(view, lr, "lr_too_low", FAR_TOO_LOW_LR_CONFIDENCE, "steps too small to move the weights")


def detect_far_too_high_lr(view: View) -> list[Finding]:
    """A peak learning rate at or over LR_FAR_TOO_HIGH (above any usual recipe's) beside a training loss that did not
    fall beyond its own noise from its start to its end, however it wobbled or climbed: steps that overshoot every
    minimum. The mirror of `detect_far_too_low_lr`; a run that learns at such an lr (PyTorch's word-LM example at SGD
    20) is never judged by it."""
    lr = peak_lr(view)
    if lr is None or lr < LR_FAR_TOO_HIGH:
        return []
    why = "steps that overshoot every minimum"
    return unmoved_at(view, lr, "lr_too_high", FAR_TOO_HIGH_LR_CONFIDENCE, why, after_first_fifth=True)


def unmoved_at(
    view: View, lr: float, cause: RootCauseId, confidence: float, why: str, after_first_fifth: bool = False
) -> list[Finding]:
    """`cause` when the training loss did not fall beyond its own noise from its start (`start_level`; with
    `after_first_fifth`, the median of its first fifth: a fall in the first steps that stood still after, ENet at Adam's
    lr of 0.9 1.58 -> 1.31 in 20 steps, then 1.34 for 280) to its end (its last fifth's median) at a peak lr of `lr`,
    said with `why`."""
    import numpy as np

    from .quality import above_noise

    found = finite_loss(view)
    if found is None or found[2].size < MIN_POINTS:
        return []
    name, steps, loss = found
    _, start, end, _ = levels(loss)
    if after_first_fifth:
        start = float(np.median(loss[: max(3, loss.size // 5)]))
    if above_noise(loss, start - end, max(3, loss.size // 5)):
        return []
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
    detail = f"{name} did not fall beyond its noise ({fmt(start)} at start, {fmt(end)} at end) at a peak lr of "
    return [Finding(cause, confidence, [evidence(view.source, where, f"{detail}{lr_said(view, lr)}: {why}")])]


def regular_interval(at: list[int]) -> int | None:
    """The interval at which spikes recur, when at least PERIODIC_SPIKES of them come at one (the data order). A period
    may hold up to PERIOD_EVENTS spikes at uneven gaps (a label-sorted epoch jumps at each change of class: 25 then 70
    steps, every 95): each spike then comes again one period later."""
    import numpy as np

    if len(at) < PERIODIC_SPIKES:
        return None
    events = np.asarray(at, dtype=np.float64)
    for k in range(1, PERIOD_EVENTS + 1):
        gaps = events[k:] - events[:-k]
        if gaps.size < (1 if k == 1 else PERIODIC_SPIKES):  # a few gaps of k spikes fit one period by chance
            break
        typical = float(np.median(gaps))
        steady = np.abs(gaps - typical) <= PERIOD_TOLERANCE * typical
        if typical >= 2 and steady.mean() >= 0.75:
            return int(typical)
    return None


def detect_early_blowup(view: View) -> list[Finding]:
    """The loss thrown EARLY_BLOWUP times above both its first value and its median over the run, and EARLY_BLOWUP_Z of
    its own noise, on at least EARLY_BLOWUP_POINTS of its first EARLY_SHARE of points: the first updates overshoot
    (a learning rate too high), however well the run recovers after (where `detect_spikes` does not look: it skips a
    run's first twentieth). Runs of at least EARLY_MIN_POINTS / EARLY_SHARE points: their first few points are their
    first steps. Not one side of a game (a discriminator's loss swings by 40x as it wins and loses: round42's
    DU-002), but the total a GAN-like run logs beside its sides (ELECTRA's generator and discriminator losses, a
    pix2pix's sum). Not a loss that rose at every point of those first ones: a running sum printed as it accumulates,
    where an overshoot throws the loss up and about."""
    import numpy as np

    found = finite_loss(view)
    if found is None or found[2].size < EARLY_MIN_POINTS / EARLY_SHARE or found[0] in game_losses(view.run):
        return []
    name, steps, loss = found
    early = loss[1 : 1 + max(EARLY_MIN_POINTS, int(EARLY_SHARE * loss.size))]
    base = max(float(loss[0]), float(np.median(loss)))
    second = float(np.sort(early)[-EARLY_BLOWUP_POINTS])
    if float(loss[0]) <= 0 or second < EARLY_BLOWUP * base:
        return []
    if math.log(second / base) < EARLY_BLOWUP_Z * log_noise(loss):
        return []  # a per-sample loss scattering over decades, not an overshoot
    worst = 1 + int(np.argmax(early))
    if bool((np.diff(loss[: early.size + 1]) > 0).all()):
        return []  # round24's BU-005, `loss_sum / num_batches` after each batch; an overshoot throws the loss about
    at = float(steps[worst])
    detail = (
        f"{name} {fmt(loss[worst])} at {fmt_step(at)}, {fmt(loss[worst] / loss[0])}x its first value "
        f"{fmt(loss[0])} and far above its level over the run ({fmt(float(np.median(loss)))}), within its first "
        f"{early.size + 1} logged points: the first updates overshoot"
    )
    return [
        Finding(
            "lr_too_high", EARLY_BLOWUP_CONFIDENCE, [evidence(view.source, fmt_step(at), detail + lr_note(view, at))]
        )
    ]


def detect_spikes(view: View) -> list[Finding]:
    """Transient loss spikes (>= 10x the local median and z > 6 against the run's own noise) that recover within a
    few steps; spikes at one regular interval are the data order (an unshuffled or sorted shard) instead."""
    import numpy as np

    found = finite_loss(view)
    if found is None or float(np.median(found[2][-10:])) == 0:
        return []
    name, steps, loss = found
    n = loss.size
    skip = max(5, n // 20)
    local, z = robust_z(loss, min(11, max(3, n // 3)) | 1)  # a run of a few dozen points: a shorter window
    ratio = loss[skip:] / np.maximum(local[skip:], 1e-30)
    per_epoch = name in view.run.per_epoch  # an epoch's mean has no per-batch noise to filter
    floor = 0.0 if per_epoch else SPIKE_MIN_SHARE * start_level(loss)
    big = loss[skip:] - local[skip:] >= floor
    jumped = np.flatnonzero((ratio >= SPIKE_RATIO) & (z[skip:] >= SPIKE_Z)) + skip
    candidates = [int(i) for i in jumped if big[i - skip] or held_out_jumped(view, float(steps[i]))]
    after = min(10, max(3, n // 10))  # points after a spike to judge it on: 10, fewer in a run of a few dozen points
    recovered = [
        int(i)
        for i in candidates
        if i + after < n and np.median(loss[i + 1 + after // 4 : i + 1 + after]) < 3 * local[i]
    ]
    damaged = [
        int(i)
        for i in candidates
        if i + after < n and int(i) not in recovered and np.median(loss[i + 1 : i + 1 + after]) * SPIKE_RATIO < loss[i]
    ]  # a one-step spike after which the loss settled higher: the batch at that step damaged the model
    recovered = sorted(recovered + damaged)
    every = regular_interval(separate_events([int(i) for i in candidates]))  # slow to decay or quick, all of them
    jumps = not recovered and every is not None  # slow to decay, at one period: a sorted epoch's change of class
    if jumps:
        recovered = [int(i) for i in candidates]
    if not recovered:
        return []
    worst = max(recovered, key=lambda i: loss[i] / max(float(local[i]), 1e-30))  # a local median of 0: no division
    gsteps, exploded = explosions(view)
    if float(steps[worst]) in set(gsteps[exploded].tolist()):
        return []  # an exploding-gradient event, reported by detect_gradients (judged by the same rule)
    at = float(steps[worst])
    size = f"= {fmt(loss[worst] / local[worst])}x its local median" if local[worst] > 0 else "over a local median of 0"
    detail = f"{name} {fmt(loss[worst])} {size} (z {fmt(z[worst])} against its own noise), " + (
        f"{len(recovered)} such jumps"
        if jumps
        else f"back down within {after} logged points ({len(recovered)} such spikes)"
    )
    interval = every or regular_interval(recovered)
    if interval is not None:
        detail += f", one every {interval} logged steps: batches come in a fixed order (unshuffled or sorted data)"
        return [Finding("data_issue", 0.75, [evidence(view.source, fmt_step(at), detail)])]
    period, locked = locked_period(separate_events(recovered), data_period(view))
    if period is not None and locked >= SPIKE_PHASE_LOCK:
        detail += (
            f", at one phase of the loss's period of {period} logged steps (phase locking {fmt(locked)}): "
            "batches come in a fixed order (unshuffled or sorted data)"
        )
        return [Finding("data_issue", 0.75, [evidence(view.source, fmt_step(at), detail)])]
    conf = min(0.8, 0.55 + 0.05 * len(recovered))
    return [Finding("loss_spike", conf, [evidence(view.source, fmt_step(at), detail + lr_note(view, at))])]


def held_out_jumped(view: View, at: float) -> bool:
    """Whether the validation loss jumped SPIKE_RATIO times its previous evaluation, to SPIKE_HELD_OUT_SHARE of its
    first value, at its first evaluation from `at` on: a spike it shares is the model's however small beside the
    training loss's start (SPIKE_MIN_SHARE)."""
    import numpy as np

    if view.val is None:
        return False
    finite = np.isfinite(view.val.values)
    steps, values = view.val.steps[finite], view.val.values[finite]
    j = int(np.searchsorted(steps, at))
    return (
        0 < j < values.size
        and float(values[j - 1]) > 0
        and float(values[j]) >= max(SPIKE_RATIO * float(values[j - 1]), SPIKE_HELD_OUT_SHARE * float(values[0]))
    )


def detect_short_run_spikes(view: View) -> list[Finding]:
    """A spike in a training loss too short for `detect_spikes` (SHORT_SPIKE_POINTS points at most: epoch means): a
    point SHORT_SPIKE_RATIO times the level the loss had fallen to (its low, or the median of the three points before
    it when higher: one noisy point's dip is no level; round60's Neural CDE, the last batch's loss printed each epoch,
    0.45, 0.35, 0.099, then 0.48), giving back SHORT_SPIKE_SHARE of that fall and
    SHORT_SPIKE_Z of the run's own point-to-point noise above the low, whether the loss came back after or not; the
    second point may spike from the first when the loss later falls under that first (round58's GN-002: 0.095, 0.53,
    0.044 ...)."""
    import numpy as np

    found = finite_loss(view)
    if found is None or view.held_out or not SHORT_SPIKE_MIN_POINTS <= found[2].size <= SHORT_SPIKE_POINTS:
        return []
    if (found[2] <= 0).any():  # a loss that reaches 0 or below has no ratio to its low
        return []
    name, steps, loss = found
    low = np.minimum.accumulate(loss)[:-1]  # the lowest before each point
    high = np.maximum.accumulate(loss)[:-1]
    level = np.maximum(low, [np.median(loss[max(0, i - 2) : i + 1]) for i in range(loss.size - 1)])  # where the loss
    # stood before each point: its low, unless that was one point's dip (a last batch's loss, printed once an epoch)
    after = loss[1:]
    noise = step_noise(np.diff(np.log(loss))) or 1e-12
    fallen = low < loss[0]  # the loss had fallen before the point: or, for the second point, falls under the first
    fallen[0] = loss.size > 2 and float(loss[2:].min()) < float(loss[0])  # after it (the first was a level it held)
    spikes = np.flatnonzero(
        fallen
        & (after >= SHORT_SPIKE_RATIO * level)
        & (after - low >= SHORT_SPIKE_SHARE * (high - low))
        & (np.log(after / level) >= SHORT_SPIKE_Z * noise)
    )
    if not spikes.size:
        return []
    worst = int(spikes[np.argmax(after[spikes] / level[spikes])])
    at = float(steps[worst + 1])
    back = "came back" if float(loss[-1]) < SHORT_SPIKE_RATIO * float(level[worst]) else "never came back"
    detail = (
        f"{name} {fmt(after[worst])} at {fmt_step(at)}, {fmt(after[worst] / level[worst])}x the {fmt(level[worst])} it "
        f"had fallen to, far beyond its own point-to-point noise; it {back} ({fmt(loss[-1])} at the end)"
    )
    return [
        Finding("loss_spike", SHORT_SPIKE_CONFIDENCE, [evidence(view.source, fmt_step(at), detail + lr_note(view, at))])
    ]


def detect_game_spikes(view: View) -> list[Finding]:
    """Transient spikes (detect_spikes' rule) in either side's loss of a GAN, as weak evidence (GAME_SPIKE_CONFIDENCE):
    a game swings its losses as the two sides trade places, and a batch the discriminator gets badly wrong spikes its
    loss in healthy runs too (labelled real CycleGAN and BicycleGAN logs), as a corrupt batch does; at one interval too
    (a CycleGAN's D_A once an epoch: round44's EB-007), which on a loss of its own is the data order. A discriminator
    that won outright (`detect_perfect_discriminator`) jumps from ~0 whenever the generator lands one: ratios to ~0 are
    no spikes, the won game is the finding."""
    if detect_perfect_discriminator(view):
        return []
    out: list[Finding] = []
    for name in game_losses(view.run):
        spikes = detect_spikes(view.judging(name))
        out += [replace(f, confidence=min(f.confidence, GAME_SPIKE_CONFIDENCE)) for f in spikes]
    return out


def detect_order_jumps(view: View) -> list[Finding]:
    """Batches in a fixed order seen as the loss jumping up to a new level and falling again, at one interval: each jump
    ORDER_JUMP_Z standard errors of the run's own noise (on its log: a jump is a factor), giving back ORDER_JUMP_SHARE
    of the run's fall, recurring every ORDER_MIN_PERIOD points or more (`regular_interval`). Each time a label-sorted
    epoch moves on to the next class the model meets what it has not fitted: the loss climbs at once and decays, where
    `detect_spikes` wants a one-step spike of 10x (a MADE's NLL jumps from 11.5 to 15.2 three times, once an epoch).
    Each jump also rises ORDER_JUMP_HEIGHT of the loss's start in its own units. Not a lr schedule's warm restart (the
    lr is not logged jumping up there), nor a loss that swings up and down as a whole (`detect_oscillation_and_period`:
    an optimizer overshooting with momentum 0.995).

    The mirror image is the same order: batches sorted by difficulty, easiest first, make a loss that climbs through
    each epoch and drops back at its start (round 53's VoxelMorph, pairs in order of their deformation's size: 0.009
    -> 0.028 each epoch, three times). Its drops are judged as the jumps are, on the loss's rise over its start for
    the fall they give back, each regained before the next (`ORDER_REGAINED`: a step decay's drops stay down), where
    the lr is not logged dropping (a schedule's step)."""
    import numpy as np

    found = finite_loss(view)
    w = ORDER_JUMP_WINDOW
    if found is None or found[2].size < 12 * w or float(found[2].min()) <= 0:
        return []
    name, steps, loss = found
    if loss.size > ORDER_MAX_POINTS:  # a long run, judged on block medians: the data order's period spans thousands
        block = -(-loss.size // ORDER_MAX_POINTS)
        cut = loss.size // block * block
        loss, steps = np.median(loss[:cut].reshape(-1, block), axis=1), steps[:cut][block - 1 :: block]
    logs = np.log(np.maximum(loss, ORDER_JUMP_FLOOR * float(np.median(loss[:w]))))
    for sign in (1.0, -1.0):
        jumps = _order_jumps(view, steps, logs, sign)
        if jumps is None:
            continue
        events, jump, medians, error = jumps
        levels = np.exp(sign * medians)
        height = float(np.median([abs(levels[i] - levels[i - w]) for i in events]))
        if height < ORDER_JUMP_HEIGHT * float(np.exp(np.median(logs[:w]))):
            continue  # tenfold jumps of a loss converged near 0 (an easy task's noise), not the data turning new
        if sign < 0 and not _regained(events, jump, medians):
            continue  # drops that stay down: a schedule's steps, or a model learning in bursts
        if any(f.id == "loss_oscillation" and f.confidence >= REPORTABLE for f in detect_oscillation_and_period(view)):
            return []  # it swings up and down as a whole (an overshooting optimizer's momentum), not in jumps
        worst = max(events, key=lambda i: jump[i - w])
        size = float(jump[worst - w])
        every = fmt(float(np.median(np.diff(steps[events]))))
        if sign > 0:
            moved = f"jumped {len(events)} times, one every {every} steps, up to {fmt(np.exp(size))}x its level before"
            after, order = "falling again after each", "each change of kind undoing what the last taught"
        else:
            moved = f"dropped {len(events)} times, one every {every} steps, to {fmt(np.exp(-size))}x its level before"
            after, order = "climbing again after each", "each epoch starting with its easiest examples"
        detail = (
            f"{name} {moved} (z {fmt(size / error)} against its own noise), {after}: batches come in a fixed order "
            f"(unshuffled or sorted data), {order}"
        )
        return [Finding("data_issue", 0.75, [evidence(view.source, fmt_step(float(steps[worst])), detail)])]
    return []


def _regained(events: list[int], jump: np.ndarray, medians: np.ndarray) -> bool:
    """Whether the loss climbed back ORDER_REGAINED of each drop (on the negated log: `jump`) before the next."""
    import numpy as np

    w = ORDER_JUMP_WINDOW
    back = [(medians[i] - medians[after - w]) / jump[i - w] for i, after in zip(events, events[1:], strict=False)]
    return bool(back) and float(np.median(back)) >= ORDER_REGAINED


def _order_jumps(
    view: View, steps: np.ndarray, logs: np.ndarray, sign: float
) -> tuple[list[int], np.ndarray, np.ndarray, float] | None:
    """The points where a loss's log jumps up (`sign` 1) or drops (-1) at one interval by ORDER_JUMP_Z of its noise and
    ORDER_JUMP_SHARE of its move from its start the other way, away from the lr's own moves in that direction
    (`lr_moved`): the jumps, the (signed) jump at each window, the windows' (signed) medians and the jumps' standard
    error; or None."""
    import numpy as np

    w = ORDER_JUMP_WINDOW
    logs = sign * logs
    sigma = step_noise(np.diff(logs))
    fall = float(np.median(logs[:w]) - logs.min())
    if sigma == 0 or fall <= 0:
        return None
    medians = np.median(np.lib.stride_tricks.sliding_window_view(logs, w), axis=1)  # [i]: of logs[i : i + w]
    at = np.arange(w, logs.size - w + 1)
    jump = medians[at] - medians[at - w]
    error = MEDIAN_SE * sigma * np.sqrt(2 / w)
    events: list[int] = []
    for i in at[(jump > ORDER_JUMP_Z * error) & (at >= max(5, logs.size // 20))].tolist():
        if events and i - events[-1] <= w:  # one jump seen from several windows: keep its largest
            if jump[i - w] > jump[events[-1] - w]:
                events[-1] = i
            continue
        events.append(i)
    every = regular_interval(events)
    if every is None or every < ORDER_MIN_PERIOD:
        return None
    if float(np.median([jump[i - w] for i in events])) < ORDER_JUMP_SHARE * fall:
        return None
    if lr_moved(view, steps, events, sign):
        return None
    return events, jump, medians, error


def lr_moved(view: View, steps: np.ndarray, events: list[int], sign: float) -> bool:
    """Whether the logged learning rate rose (`sign` 1: a warm restart, a cyclic schedule) or fell to under half a
    point before (-1: a step decay) near most `events` (within ORDER_JUMP_WINDOW points of each): counted on the
    moves' running sum, one search per event."""
    import numpy as np

    if view.lr is None or view.lr.values.size < 2:
        return False
    order = np.argsort(view.lr.steps, kind="stable")
    lr_steps, lr = view.lr.steps[order], view.lr.values[order]
    moves = np.diff(lr) > 0 if sign > 0 else lr[1:] < 0.5 * lr[:-1]
    moved = np.concatenate([[0], np.cumsum(moves)])  # moved[k]: moves among the first k + 1 points
    at = np.asarray(events)
    lo = np.searchsorted(lr_steps, steps[np.maximum(0, at - ORDER_JUMP_WINDOW)], side="left")
    hi = np.searchsorted(lr_steps, steps[np.minimum(steps.size - 1, at + ORDER_JUMP_WINDOW)], side="right") - 1
    near = (hi > lo) & (moved[np.maximum(hi, 0)] - moved[np.minimum(lo, lr.size - 1)] > 0)
    return int(near.sum()) * 2 > len(events)


def detect_component_data_order(view: View) -> list[Finding]:
    """Batches in a fixed order seen in a term of the training loss when the total hides it: a term that jumps at one
    interval or at one phase of the data's period (`detect_spikes`' data-order rule, nothing else of it: a spike in one
    term alone is no fault of the run). A policy-value net's value loss jumps from 0.001 to 0.9 at each change of its
    value-sorted positions while the total, the policy's cross-entropy about 2.2 beside it, moves to 2.4."""
    out: list[Finding] = []
    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.LOSS_COMPONENT or info.split not in ("train", None):
            continue
        out += [f for f in detect_spikes(view.judging(name)) if f.id == "data_issue"]
    return out[:1]


def detect_game_standstill(view: View) -> list[Finding]:
    """A GAN whose two losses both barely moved (`barely_moved`): the game never started, as a run whose loss never
    left its start (`flat_run`: a learning rate too small to move it, else a model that cannot learn). A healthy game
    moves at least one side (family casebook: every healthy GAN run's generator loss rises past 1.5x its start)."""
    import numpy as np

    sides = []
    for name in game_losses(view.run):
        _, values = arrays(view.run.metrics[name])
        if values.size < MIN_POINTS or not np.isfinite(values).all() or float(values.min()) < 0:
            return []
        if not barely_moved(values):
            return []
        sides.append(
            f"{name} {fmt(start_level(values))} -> {fmt(float(np.median(values[-max(3, values.size // 5) :])))}"
        )
    if len(sides) < 2:
        return []
    steps = view.loss.steps if view.loss is not None else None
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}" if steps is not None and steps.size else view.source
    return flat_run(view, where, f"both sides of the game barely moved ({', '.join(sides)})")


def detect_frozen_game(view: View) -> list[Finding]:
    """A GAN whose two sides each end printing one value, exactly, for FROZEN_GAME_POINTS points or more: the game
    stopped, the discriminator saturated, and neither side learns from vanishing gradients; not a perfect fit, whatever
    the values (a generator's loss of 0 is a discriminator fooled by a clamp, not a solved task)."""
    import numpy as np

    sides = []
    for name in game_losses(view.run):
        steps, values = arrays(view.run.metrics[name])
        changed = np.flatnonzero(values != values[-1]) if values.size else np.array([])
        held = values.size - (int(changed[-1]) + 1 if changed.size else 0)  # the points at its last value
        if held < FROZEN_GAME_POINTS or not np.isfinite(values[-1]):
            return []
        sides.append((name, float(values[-1]), held, float(steps[-held])))
    if len(sides) < 2:
        return []
    frozen = ", ".join(f"{name} at {value:g}" for name, value, _, _ in sides)
    count, since = min(size for _, _, size, _ in sides), max(at for *_, at in sides)
    detail = f"both sides of the game froze ({frozen}) over their last {count}+ points: the discriminator saturated"
    detail += " and neither side gets a gradient"
    return [
        Finding(
            "vanishing_gradients", FROZEN_LOSS_CONFIDENCE, [evidence(view.source, f"from {fmt_step(since)}", detail)]
        )
    ]


RECONSTRUCTION_WORDS = frozenset({"l1", "l2", "rec", "recon", "reconstruction", "cycle", "cyc", "idt", "pixel"})
"""Words naming a GAN generator's reconstruction term (pix2pix's `G_L1`, CycleGAN's `cycle_A` and `idt_A`): a loss the
generator minimises against its target, beside the game."""


def reconstruction_terms(view: View) -> list[tuple[str, np.ndarray, float, float]]:
    """A GAN generator's reconstruction terms (`RECONSTRUCTION_WORDS`) of GAME_RECONSTRUCTION_POINTS or more, never
    negative, with their steps and where each started and ended (medians of its first and last tenths). pix2pix's
    `G_L1` is of the generator's side: a term of its loss, minimised all the same."""
    import numpy as np

    terms = []
    for name, series in view.run.metrics.items():
        if not RECONSTRUCTION_WORDS & set(words(name)):
            continue
        steps, values = arrays(series)
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < GAME_RECONSTRUCTION_POINTS or float(values.min()) < 0:
            continue
        tenth = max(3, values.size // 10)
        terms.append((name, steps, float(np.median(values[:tenth])), float(np.median(values[-tenth:]))))
    return terms


def detect_game_reconstruction_still(view: View) -> list[Finding]:
    """A GAN whose generator's reconstruction term (`reconstruction_terms`) ends at or above GAME_RECONSTRUCTION_STILL
    of where it started: the adversarial losses trade places by design, but this term is minimised, and one that
    never came down is a generator that stopped learning its task (a plateau)."""
    for name, steps, start, end in reconstruction_terms(view):
        if start > 0 and end >= GAME_RECONSTRUCTION_STILL * start:
            detail = (
                f"the generator's {name} never came down: {fmt(start)} over its first tenth, {fmt(end)} over its "
                f"last, in {steps.size} points: the generator stopped learning its task while the game went on"
            )
            where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
            return [Finding("loss_plateau", GAME_RECONSTRUCTION_CONFIDENCE, [evidence(view.source, where, detail)])]
    return []


def detect_perfect_discriminator(view: View) -> list[Finding]:
    """A GAN whose discriminator's loss (each side that is one, never negative) ends under PERFECT_DISCRIMINATOR: it
    wins the game outright and the generator learns from vanishing gradients; unless a reconstruction term of the
    generator came down (`reconstruction_terms`): it learns its task all the same (round18's BG-012, a CycleGAN whose
    D_B wins while its cycle losses fall 0.83 -> 0.34 and 0.76 -> 0.18). A discriminator's loss already under it at
    its start never played a game to win: its adversarial term was off (round28's CF-002, an SR GAN whose `adv_weight`
    ramps up from 0, its `d_loss` 0 until then)."""
    import numpy as np

    if any(end < GAME_RECONSTRUCTION_STILL * start for _, _, start, end in reconstruction_terms(view)):
        return []

    for name, side in game_losses(view.run).items():
        steps, values = arrays(view.run.metrics[name])
        values, steps = values[np.isfinite(values)], steps[np.isfinite(values)]
        if side != "d" or values.size < MIN_POINTS or float(values.min()) < 0:
            continue
        third = values.size // 3
        level = float(np.median(values[-third:]))
        if level < PERFECT_DISCRIMINATOR <= start_level(values):
            detail = (
                f"the discriminator's {name} is {fmt(level)} over the last third of the run (from "
                f"{fmt(start_level(values))}): it tells real from fake almost perfectly, so the generator's "
                "gradients vanish"
            )
            where = f"{fmt_step(steps[-third])}-{fmt_step(steps[-1])}"
            return [
                Finding("vanishing_gradients", PERFECT_DISCRIMINATOR_CONFIDENCE, [evidence(view.source, where, detail)])
            ]
    return []


def separate_events(at: list[int]) -> list[int]:
    """Spike indices with runs of neighbours (at most SPIKE_MERGE_GAP apart) kept as one event, at its start."""
    return [i for k, i in enumerate(at) if k == 0 or i - at[k - 1] > SPIKE_MERGE_GAP]


def phase_locking(events: list[int], period: int) -> float:
    """How tightly `events` fall at one phase of `period` (the mean resultant length of their phases: 1 for the
    same phase every time, about 1/sqrt(n) for n at random); 0 for fewer than SPIKE_PHASE_EVENTS events."""
    import numpy as np

    if len(events) < SPIKE_PHASE_EVENTS:
        return 0.0
    return float(abs(np.exp(2j * np.pi * np.asarray(events, dtype=np.float64) / period).mean()))


def locked_period(events: list[int], period: int | None) -> tuple[int | None, float]:
    """The period within one logged step of `period` (the autocorrelation's lag is a whole number of logged
    steps, the data's period need not be) at which `events` lock best, with their phase locking."""
    if period is None:
        return None, 0.0
    return max(((p, phase_locking(events, p)) for p in (period - 1, period, period + 1)), key=lambda pl: pl[1])


def data_period(view: View) -> int | None:
    """The loss's period in logged steps when it is the data order (see detect_oscillation_and_period)."""
    found = swinging_tail(view)
    if found is None:
        return None
    _, steps, loss, tail = found
    resid = detrended_log(tail)
    p = dominant_period(autocorrelation(resid, min(tail.size // 3, 2000)))
    if p is None or data_order_evidence(view, p, steps[loss.size // 4 :], resid) is None:
        return None
    return p


def swinging_tail(view: View) -> tuple[str, np.ndarray, np.ndarray, np.ndarray] | None:
    """(name, steps, values, tail) of a finite loss of 40 points or more not at 0 at its end, its tail the last three
    quarters (at most 20,000 points) where swings and periods are judged; None when there is none, or when the tail
    is a running sum printed through each epoch (`running_sum`), whose sawtooth is its printing. A running mean
    restarted each epoch is judged at each epoch's end (`epoch_means`)."""
    import numpy as np

    found = finite_loss(view)
    if found is None:
        return None
    name, steps, loss = found
    steps, loss = epoch_means(view, steps, loss) or (steps, loss)
    if loss.size < 40 or float(np.median(loss[-10:])) == 0:
        return None
    tail = loss[loss.size // 4 :][-20_000:]
    return None if running_sum(tail) else (name, steps, loss, tail)


def epoch_means(view: View, steps: np.ndarray, loss: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(steps, values) of each epoch's last point when the loss is a running mean restarted each epoch: its first
    moves in an epoch are RUNNING_MEAN_DECAY times those of the epoch's second half (the median over its epochs of
    8 points or more, 3 such epochs at least). None otherwise, or when the run logs no epoch."""
    import numpy as np

    axis = view.epochs
    if axis is None or len(axis) < 2 or float(loss.min()) <= 0:
        return None
    axis_steps, axis_epochs = arrays(axis)
    epoch = np.round(np.interp(steps, axis_steps, axis_epochs))
    starts = np.flatnonzero(np.r_[True, np.diff(epoch) != 0])
    ends = np.r_[starts[1:], loss.size]
    logs = np.log(loss)
    decays = [
        float(np.abs(np.diff(logs[a : a + 4])).mean() / max(np.abs(np.diff(logs[a + (b - a) // 2 : b])).mean(), 1e-12))
        for a, b in zip(starts, ends, strict=True)
        if b - a >= 8
    ]
    if len(decays) < 3 or float(np.median(decays)) < RUNNING_MEAN_DECAY:
        return None
    return steps[ends - 1], loss[ends - 1]


def running_sum(tail: np.ndarray) -> bool:
    """Whether the loss climbs on most of its moves (ACCUMULATOR_RISE) and its few falls give back at least half of
    the climb: a running sum or mean printed through each epoch (`loss_sum / num_batches`) that resets at the next,
    whose sawtooth is its printing, neither the data order nor an oscillation (a diverging loss keeps its climb)."""
    import numpy as np

    moves = np.diff(tail)
    climb, fall = float(moves[moves > 0].sum()), float(-moves[moves < 0].sum())
    return moves.size >= 2 and float(np.mean(moves > 0)) >= ACCUMULATOR_RISE and fall >= climb / 2


def crossings(resid: np.ndarray) -> int:
    """How many times the smoothed residual crosses its median: swings go up and down many times, a bend of the
    trend that a quadratic does not follow (a late collapse of the loss) crosses a few times."""
    import numpy as np

    smooth = rolling_median(resid, max(3, resid.size // 50))
    sign = np.sign(smooth - np.median(smooth))
    sign = sign[sign != 0]
    return int((np.diff(sign) != 0).sum())


def period_swing(resid: np.ndarray, period: int) -> float:
    """How many times over the loss varies within one period: exp of the range of the residual folded over
    `period` (its median at each phase)."""
    import numpy as np

    folded = np.array([np.median(resid[k::period]) for k in range(period)])
    return float(np.exp(folded.max() - folded.min()))


def consistent_period(resid: np.ndarray, period: int) -> bool:
    """The period holds in both halves of the series (when each half is long enough to tell)."""
    half = resid.size // 2
    if half < 4 * period:
        return True
    return all(autocorrelation(part, period)[period] >= PERIOD_ACF for part in (resid[:half], resid[half:]))


def data_order_evidence(view: View, period: int, steps: np.ndarray, resid: np.ndarray) -> str | None:
    """Why a period of `period` logged steps is the data order, or None when it cannot be.

    An epoch is long (at least MIN_EPOCH_PERIOD logged steps), the same in every part of the run, swings the loss
    by a factor (PERIOD_SWING: the kind of batch changes, not the same examples coming round again) and, when the
    run logs its epoch, the period is a whole number of epochs; a loss printed once an epoch shows none.
    """
    import numpy as np

    if period < MIN_EPOCH_PERIOD or not consistent_period(resid, period) or period_swing(resid, period) < PERIOD_SWING:
        return None
    if view.loss is not None and view.loss.name in view.run.per_epoch:
        return None  # a loss printed once an epoch: each point is a whole pass, no order within one to repeat
    length = epoch_length(view)
    if length is not None and steps.size > 1 and length < MIN_EPOCH_PERIOD * float(np.median(np.diff(steps))):
        return None  # an epoch of a few logged points: no order within it to repeat (round88's KX-015, a Chainer
        # LogReport of one iteration an epoch, its loss's 20-epoch swings no data order)
    if length is None:
        return f"a period of {period} logged steps, the same across the run: the data comes in a fixed order"
    epochs = whole_epochs(view, period, steps)
    if not epochs:
        return None
    return f"the period is {epochs} epoch(s) of {fmt(length)} steps: the data comes in a fixed order"


def whole_epochs(view: View, period: int, steps: np.ndarray) -> int:
    """How many epochs a period of `period` logged steps spans when that is a whole number (within a tenth), else 0:
    a loss that repeats once an epoch follows the epoch (its data order, its first batches), not the optimizer. With
    no epoch logged, one epoch when the step axis's uneven gaps (`400, 422, 472`: a per-epoch counter on one global
    axis, its epoch not a multiple of the logging interval) recur every `period` points."""
    import numpy as np

    if steps.size < 3:
        return 0
    length = epoch_length(view)
    gaps = np.diff(steps)
    if length is None:  # no epoch logged: an epoch's end shows as the one uneven gap of the step axis, every epoch
        every = np.diff(np.flatnonzero(np.abs(gaps - np.median(gaps)) > 0.01 * np.median(gaps)))
        return 1 if every.size >= 2 and float(np.mean(every == period)) >= 0.9 else 0
    period_steps = period * float(np.mean(gaps))  # uneven gaps (`1, 100, 200, 292, 293`): their mean is the pace
    epochs = period_steps / length
    return round(epochs) if round(epochs) >= 1 and abs(epochs - round(epochs)) <= 0.1 else 0


def sawtooth(resid: np.ndarray, period: int) -> bool:
    """Whether the loss's swing at `period` is a sawtooth: over the period it falls step after step and jumps back up
    at one step only (the mean of each phase, folded at the period). Local steps that restart from a shared start draw
    it (FedAvg's clients, each fitting its own shard from the global weights; tasks taken in turn); an optimizer
    overshooting a minimum rises as often as it falls, so a period of two or more rises is never one."""
    import numpy as np

    if period < 3:  # up, down: every period of two is both
        return False
    folded = resid[: resid.size // period * period].reshape(-1, period).mean(axis=0)
    return int(np.sum(np.diff(np.append(folded, folded[0])) > 0)) == 1


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


def level_swing(logs: np.ndarray) -> float:
    """How far the loss's local level strays from the closest only-falling curve: the spread (standard deviation) of
    its rolling median over a fiftieth of the run, on a log scale, around that median's isotonic fit. Per-batch
    scatter around a smooth decline moves the points, not the level."""
    import numpy as np

    window = max(3, logs.size // 50)
    level = rolling_median(logs, window)[window - 1 :]
    return float(np.std(level - falling_fit(level)))


def swing_confidence(swing: float, cap: float) -> float:
    """How sure a period makes its cause: SWING_CONFIDENCE_AT_1X plus SWING_CONFIDENCE_PER_DOUBLING for each doubling
    of the loss's swing about its trend, up to `cap`."""
    return round(min(cap, SWING_CONFIDENCE_AT_1X + SWING_CONFIDENCE_PER_DOUBLING * math.log2(swing)), 3)


def detect_oscillation_and_period(view: View) -> list[Finding]:
    """Swings of the loss: at a fixed period that is the data order, short fast swings, or slow ones.

    A period long enough to be an epoch and the same across the run is the data order (unshuffled or
    sorted data). A period of a few steps with large swings is the optimizer overshooting (a learning
    rate too high; a full-batch run has no data order at all). Slow swings are oscillation too.
    """
    import numpy as np

    found = swinging_tail(view)
    if found is None:
        return []
    name, steps, loss, tail = found
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
            detail = f"{measured}, swinging {fmt(swing)}x: {why}"
            conf = swing_confidence(swing, DATA_ORDER_MAX_CONFIDENCE)
            if held_out_fell(view, 1 - DATA_ORDER_HARMLESS_FALL):  # the order did no harm a person calls a fault
                detail += (
                    f", though {view.val.name if view.val else 'the validation loss'} fell to under half its start"
                )
                conf = min(conf, DATA_ORDER_HARMLESS_CONFIDENCE)
            return [Finding("data_issue", conf, [evidence(view.source, f"from {fmt_step(at)}", detail)])]
        third = resid.size // 3
        lasting = float(np.std(resid[-third:])) >= OVERSHOOT_DIED_OUT * float(np.std(resid[:third]))
        overshoot = not whole_epochs(view, p, steps[loss.size // 4 :]) and not sawtooth(resid, p)
        if p < MIN_EPOCH_PERIOD and swing >= 1.5 and lasting and overshoot:
            detail = (
                f"{measured}, swinging {fmt(swing)}x: too short for an epoch, the optimizer overshoots "
                "back and forth (learning rate too high)"
            )
            ev = [evidence(view.source, f"from {fmt_step(at)}", detail + lr_note(view, at))]
            return [Finding("loss_oscillation", swing_confidence(swing, OVERSHOOT_MAX_CONFIDENCE), ev)]
    spikes = float(np.mean(tail >= SPIKE_RATIO * rolling_median(tail, 11)))
    logs = np.log(np.maximum(tail, 1e-30))
    falling = logs - falling_fit(logs)
    if (
        spread >= 0.4
        and acf[1] >= 0.5
        and spikes < 0.01
        and crossings(resid) >= OSCILLATION_CROSSINGS
        and float(np.std(falling)) >= 0.4  # a loss that only falls through a knee misfits a quadratic, not this
        and level_swing(logs) >= OSCILLATION_LEVEL  # the level swings, not only the points around it
    ):  # swings made of spikes are left to detect_spikes
        detail = f"{name} swings {fmt(swing)}x up and down around its trend (lag-1 autocorrelation {fmt(acf[1])})"
        return [
            Finding(
                "loss_oscillation",
                min(0.85, 0.55 + 0.3 * (spread - 0.4)),
                [evidence(view.source, f"from {fmt_step(at)}", detail + lr_note(view, at))],
            )
        ]
    return []
