"""Validation and leakage detectors: a validation loss turning up while training falls, a loss too good too
early."""

from __future__ import annotations

import re
from copy import copy
from typing import TYPE_CHECKING

from ...logs.roles import SPLIT_WORDS, MetricRole, share_scale, words
from ..findings import Finding, evidence
from ..thresholds import (
    ANSWERS_FITTED,
    FALL_WITHOUT_LEARNING_CONFIDENCE,
    FIT_ALONE_GAP,
    FIT_ALONE_HELD,
    FIT_ALONE_TRAIN,
    LEAK_CONFIDENCE,
    LEAK_FRACTION,
    LR_FAR_TOO_HIGH,
    MIN_EVALUATIONS,
    MIN_POINTS,
    NEGATIVE_LOSS_CONFIDENCE,
    NEGATIVE_LOSS_SLACK,
    NEVER_BETTERED_EVALUATIONS,
    OVERFIT_BLOWUP,
    OVERFIT_CURVE_POINTS,
    OVERFIT_FEW_EVALUATIONS,
    OVERFIT_GAP,
    OVERFIT_GL,
    OVERFIT_KEEPS_ACCURACY,
    OVERFIT_NEVER_BETTERED_BELOW,
    OVERFIT_NOISE_POINTS,
    OVERFIT_QUALITY_FAR,
    OVERFIT_QUALITY_GAP,
    OVERFIT_QUALITY_STALL,
    OVERFIT_RISE,
    OVERFIT_RISE_Z,
    OVERFIT_STALL_CONFIDENCE,
    OVERFIT_STALL_EVALUATIONS,
    OVERFIT_STALL_SHARE,
    OVERFIT_STALL_TRAIN_FALL,
    OVERFIT_TREND,
    OVERFIT_TREND_Z,
    OVERFIT_UP_STRIPS,
    PERFECT_HELD_OUT_CONFIDENCE,
    PERFECT_HELD_OUT_SHARE,
    PERFECT_HELD_OUT_TRAIN,
    STAIRS_HELD_OUT_KEPT,
    STAIRS_MIN_EPOCH_POINTS,
    STAIRS_MIN_WINDOW,
    STAIRS_RUNNING_MEAN,
    STAIRS_SHARE,
    STAIRS_WINDOW,
    STAIRS_Z,
    ZERO_LOSS_CONFIDENCE,
    ZERO_LOSS_FIRST,
    ZERO_LOSS_SHARE,
)
from .chance import answers_right, labels_apart, stuck_at_chance
from .quality import answers_stood_still, climbed_steadily, improving_quality, perfect_score
from .stats import KENDALL_POINTS, MEDIAN_SE, kendall_tau, mann_kendall_z, rolling_median, step_noise
from .trend import held_out_fell
from .view import (
    Curve,
    View,
    arrays,
    as_shares,
    finite_loss,
    fmt,
    fmt_step,
    learned_nothing,
    names_an_accuracy,
    peak_lr,
    start_level,
    train_after,
    training_fit,
)

if TYPE_CHECKING:
    import numpy as np


_LAYER_COPY = re.compile(r"(.+?)(?:_\d+|_unscaled|_enc|_interm|_dn)+")
"""A loss's copy at another depth or weighting: DETR's and its successors' auxiliary decoding losses (`loss_giou_0` to
`loss_giou_4` beside `loss_giou`), unweighted ones (`loss_giou_unscaled`), and the same loss on Deformable DETR's
encoder proposals (`loss_bbox_enc`), DINO's intermediate ones (`_interm`) and its denoising queries (`_dn`). Judging
every copy would test the same fit thirty times over (round61's HC-001: one of 36 held-out losses rose 13% by noise
while the total held)."""


def detect_overfitting(view: View) -> list[Finding]:
    """Overfitting judged on the validation loss, then, when that one is finite, on each other held-out series named a
    loss against its own training counterpart (Ultralytics' `val/cls_loss` turning up while `val/box_loss`, the one
    judged, holds: round33's CV-006; not `val_rmse` beside `val_mse`, another view of the same fit): the first that
    overfits (`overfitting_on`)."""
    import numpy as np

    found = overfitting_on(view) or fitted_alone(view)
    if found or view.val is None or int(np.isfinite(view.val.values).sum()) < MIN_EVALUATIONS:
        return found
    roles = view.run.role_map()
    for name, info in roles.items():
        if info.role is not MetricRole.VAL_LOSS or name == view.val.name or "loss" not in words(name):
            continue
        if (copy_of := _LAYER_COPY.fullmatch(name)) and copy_of.group(1) in roles:
            continue  # DETR's `test_loss_giou_0`...`_4`, `test_loss_giou_unscaled`: that loss again, judged once
        other = copy(view)
        other.val = Curve(name, *arrays(view.run.metrics[name]))
        if len(other.val.values) >= MIN_EVALUATIONS and (found := overfitting_on(other)):
            return [] if quality_climbed_on(view, other.val) else found
    return []


def quality_climbed_on(view: View, component: Curve) -> bool:
    """Whether a held-out quality measure (an mAP, an accuracy: validation, test or no split) climbed rank by rank
    (`climbed_steadily`) from a component loss's lowest evaluation to the run's end: the answers kept getting better,
    so that component's rise cost nothing (round72's IY-011: YOLOv5's `val/obj_loss` up 48% after epoch 14 while
    `mAP_0.5:0.95` climbed on to 0.90; round33's CV-006, whose mAP fell back as its `val/cls_loss` rose, overfits)."""
    import numpy as np

    held = view.quality("val", "test", None)
    ok = np.isfinite(component.values)
    if held is None or int(ok.sum()) < MIN_EVALUATIONS:
        return False
    low = float(component.steps[ok][int(np.argmin(rolling_median(component.values[ok], 3)))])
    after = held.values[(held.steps >= low) & np.isfinite(held.values)]
    return after.size >= MIN_EVALUATIONS and climbed_steadily(after)


def overfitting_on(view: View) -> list[Finding]:
    """Validation loss turning up while the training loss keeps falling (ending under its level at the validation
    minimum: round67's IF-009, both thrown up by one spike, is no overfitting; nor ending above the run's start, a model
    that learned nothing to overfit, its fall a recovery from a blow-up; at a learning rate far above any recipe's
    with held-out answers that never improved, `answers_stood_still`, it is the lr's: a model that learned nothing has
    nothing to overfit), the gap between them above OVERFIT_GAP (or grown by as much since the validation minimum,
    climbing rank by rank): past Prechelt's GL5 (under OVERFIT_BLOWUP times its minimum) and beyond the validation
    loss's own noise (its size, or a rise too steady for noise to make), and rising steadily or significantly after the
    minimum, or never bettering its first value over NEVER_BETTERED_EVALUATIONS evaluations; or OVERFIT_RISE above it
    and beyond its noise by any path; or, however noisy, standing GL above its minimum at every evaluation of its last
    third (never back near its best), rising since or that third's median beyond the noise of a median of as many, while
    the training loss fell on by OVERFIT_STALL_TRAIN_FALL (round46's EO-009), or merely held where that third stood
    OVERFIT_RISE above it throughout (round75's JL-001: 0.0028 at epoch 6, then 0.006 -> 0.014, its last five
    0.0098-0.0114, beside a training loss of 0.0028 falling no further).
    Standing still near its best as the training loss falls on is no finding (OVERFIT_STALL_SHARE says why). Rises,
    falls and gaps are shares of the loss's size (|train|, |minimum|): a loss below 0 (a negative SI-SNR, a density's
    NLL) is judged as one above it."""
    import numpy as np

    if view.val is None or view.loss is None:
        return []
    vname, vsteps, val = view.val
    ok = np.isfinite(val)
    vsteps, val = vsteps[ok], val[ok]
    if val.size < 5:
        return rose_in_few_evaluations(view, vname, vsteps, val)
    block = val.size // OVERFIT_CURVE_POINTS
    if block >= 3:  # per-batch validation: the curve of block medians, each block's last step
        skip = val.size % block  # the first points left over: the run's end is what matters
        val = np.median(val[skip:].reshape(-1, block), axis=1)
        vsteps = vsteps[skip:][block - 1 :: block]
        smooth = val
    else:
        smooth = rolling_median(val, 3)
    low_i = int(np.argmin(smooth))
    low = float(smooth[low_i])
    end = low if low_i == val.size - 1 else float(np.median(val[-3:]))  # a bottom at the end rose nowhere
    tname, tsteps, train = training_counterpart(view, vname)
    split = train_after(tsteps, vsteps, low_i)
    later = train[split:]
    later = later[np.isfinite(later)]
    if later.size < 3 or low == 0:
        return []
    window = max(3, later.size // 5) if later.size >= 6 else 1  # both ends of the stretch, as medians (one batch is
    # noise) that do not overlap
    train_start, train_end = float(np.median(later[:window])), float(np.median(later[-window:]))
    since = train_after(tsteps, vsteps, low_i - 1) + 1 if low_i else 0
    meanwhile = train[min(since, split) : split + 1]  # the training loss over the evaluation (or block) that was
    # the validation's lowest: one that ends above it was thrown up with it (a spike both share), not fitted on
    at_low = float(np.nanmedian(meanwhile)) if np.isfinite(meanwhile).any() else train_start
    rise = (end - low) / abs(low)  # shares of the loss's size: a negative loss (SI-SNR, a density's NLL) rises too
    gap = (end - train_end) / max(abs(train_end), 1e-12)
    widened = gap - (low - train_start) / max(abs(train_end), 1e-12)  # the gap's growth since the minimum: judged
    # only where the rise climbs rank by rank (a noisy minimum sits far below its curve, the growth from it with it)
    if 0 < low < train_start and train_end > 0:  # a held-out loss under the training one (dropout, augmentation):
        widened = max(widened, (end / train_end) / (low / at_low) - 1)  # their ratio's growth (round65's HY-011:
        # 49 -> 72 rank by rank against a training MSE of 217, 0.07 in the training loss's unit)
    after = val[low_i:]
    trend = kendall_tau(after) if after.size >= 4 else 1.0
    judged = val[low_i:] if val.size - low_i >= OVERFIT_NOISE_POINTS else val
    noise = step_noise(np.diff(judged))  # the point-to-point noise where the rise is judged
    steady = after.size >= 4 and mann_kendall_z(trend, min(after.size, KENDALL_POINTS)) >= OVERFIT_TREND_Z  # a
    # rise no noise makes: rank by rank (the tau read on at most KENDALL_POINTS, tested on as many)
    beyond_noise = rise >= OVERFIT_GL and (end - low >= OVERFIT_RISE_Z * noise or steady)
    climbing = val.size - low_i > OVERFIT_UP_STRIPS and bool((np.diff(val[-OVERFIT_UP_STRIPS - 1 :]) > 0).all())
    never_bettered = low_i == 0 and val.size >= NEVER_BETTERED_EVALUATIONS and float(val[0]) <= float(val[1:].min())
    rising = trend >= OVERFIT_TREND or steady or never_bettered
    held_up = rise >= OVERFIT_RISE and end - low >= OVERFIT_RISE_Z * noise  # up and staying up, by any path
    last_third = val[-max(3, val.size // 3) :]
    stayed_up = (
        low_i < val.size - last_third.size
        and float(last_third.min()) >= low + OVERFIT_GL * abs(low)
        and (rising or float(np.median(last_third)) - low >= OVERFIT_RISE_Z * MEDIAN_SE * noise / last_third.size**0.5)
    )  # rising since, or standing there beyond the noise of a median of that many (a healthy CutMix's validation
    # loss swinging 0.51-1.43 at every evaluation: its last third's least is no level)
    stayed_far = stayed_up and float(last_third.min()) >= low + OVERFIT_RISE * abs(low)
    blown = rise >= OVERFIT_BLOWUP  # the numerics', or the learning rate's: no overfitting
    turned = not blown and (
        (
            (beyond_noise or climbing)
            and rising
            or held_up
            or stayed_up
            and (train_end <= (1 - OVERFIT_STALL_TRAIN_FALL) * train_start or stayed_far)
        )
        and (gap > OVERFIT_GAP or widened > OVERFIT_GAP and steady)
        and train_end <= min(train_start, at_low)
    )
    first = stretch_levels(train[train_after(tsteps, vsteps, 0) :])  # training from the first evaluation on
    unmoved = (
        not turned
        and first is not None
        and first[1] <= first[0] - OVERFIT_STALL_TRAIN_FALL * abs(first[0])
        and gap > OVERFIT_GAP
        and never_improved(view, val)
    )
    if (turned or blown) and (peak_lr(view) or 0.0) >= LR_FAR_TOO_HIGH:
        still = answers_stood_still(view, "val", "test")
        if still is not None:
            at = float(vsteps[low_i])
            detail = f"{vname} rose from {fmt(low)} at {fmt_step(at)} to {fmt(end)} while {still[0]} stood at "
            detail += f"{fmt(still[1])} -> {fmt(still[2])}: the model never learned what it could overfit"
            return [learned_nothing(view, fmt_step(at), detail, FALL_WITHOUT_LEARNING_CONFIDENCE)]
    whole = stretch_levels(train)
    if (turned or unmoved) and whole is not None and whole[1] >= start_level(train[np.isfinite(train)]) > 0:
        return []  # a training loss that ended above its start learned nothing to overfit (round 49's CRNN at an SGD
        # lr of 16.7: 8 -> 7,000, its validation loss rising as the training one falls back from its peak)
    if turned or unmoved:
        if labels_apart(view) is not None:
            return []  # validation accuracy at chance: nothing learned to overfit (detect_chance: data_issue)
        if stuck_at_chance(view) is not None:
            return []  # the training loss stands at ln K: the model learned nothing to overfit (round51's Kim CNN at
            # an lr of 3, its training loss back at ln 2 while its validation loss swung 0.85 -> 2.4)
        if accuracy_collapsed(view):
            return []  # the model was damaged (a corrupt batch, its normalisation statistics), not overfitted
        at = float(vsteps[low_i])
        fell = "training loss" if tname == view.loss.name else tname
        if turned:
            detail = f"{vname} bottomed at {fmt(low)} at {fmt_step(at)}, rose to {fmt(end)} (+{rise:.0%}) "
            confidence = min(0.9, 0.6 + 0.3 * min(rise, 1.0))
        elif first is not None:  # unmoved: the first evaluation was its best
            at, train_start = float(vsteps[0]), first[0]
            detail = f"{vname} never improved on its first value, {fmt(float(val[0]))} at {fmt_step(at)} (ends at "
            detail += f"{fmt(end)}) "
            confidence = OVERFIT_STALL_CONFIDENCE
        moved = f"fell from {fmt(train_start)} to" if train_end < train_start else "stayed at"
        detail += f"while {fell} {moved} {fmt(train_end)}"
        return [Finding("overfitting", confidence, [evidence(view.source, fmt_step(at), detail)])]
    return []


def fitted_alone(view: View) -> list[Finding]:
    """The training loss fitted to under FIT_ALONE_TRAIN of its start while the validation loss kept FIT_ALONE_HELD of
    its own and ends FIT_ALONE_GAP times above it: the model learned its training set by heart and nothing of it carried
    over, though the held-out loss neither rose nor stood at its first value (`overfitting_on`); OVERFIT_FEW_EVALUATIONS
    of it are enough for a gap that wide (round60's GV-010: a GPT-2 memorising its data, 10.9 -> 0.000002, beside four
    validation losses 10.4 -> 13.2). Not where the held-out accuracy says the labels are apart (`labels_apart`: its own
    finding)."""
    import numpy as np

    fit = training_fit(view)
    if view.val is None or view.loss is None or fit is None:
        return []
    val = view.val.values[np.isfinite(view.val.values)]
    if val.size < OVERFIT_FEW_EVALUATIONS or float(val.min()) <= 0 or np.unique(val).size == 1:
        return []  # (one value printed again is never re-measured: `trend.held_still`)
    (start, end), held_start, held_end = fit, float(val[0]), float(np.median(val[-max(2, val.size // 3) :]))
    kept = held_end >= FIT_ALONE_HELD * held_start and held_end >= FIT_ALONE_GAP * end
    if end > FIT_ALONE_TRAIN * start or not kept:
        return []
    if labels_apart(view) is not None:
        return []
    detail = f"{view.loss.name} fell from {fmt(start)} to {fmt(end)} while {view.val.name} went from "
    ratio = held_end / max(end, 1e-12)
    detail += f"{fmt(held_start)} to {fmt(held_end)} ({f'{ratio:.0f}x' if ratio < 1000 else 'over 1,000x'} above it): "
    detail += "the training set was learned by heart and nothing of it carries to held-out data"
    at = fmt_step(float(view.val.steps[np.isfinite(view.val.values)][0]))
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, at, detail)])]


def rose_in_few_evaluations(view: View, vname: str, vsteps: np.ndarray, val: np.ndarray) -> list[Finding]:
    """Overfitting in a run of OVERFIT_FEW_EVALUATIONS to 4 evaluations: the validation loss ends OVERFIT_GL above a
    minimum reached before its last evaluation, while the training loss fell at every point from there on."""
    import numpy as np

    if val.size < OVERFIT_FEW_EVALUATIONS or view.loss is None:
        return []
    low_i = int(np.argmin(val))
    low, end = float(val[low_i]), float(val[-1])
    tname, tsteps, train = training_counterpart(view, vname)
    since = train[train_after(tsteps, vsteps, low_i) :]
    since = since[np.isfinite(since)]
    if low_i == val.size - 1 or low <= 0 or end < (1 + OVERFIT_GL) * low or since.size < 2:
        return []
    if not (np.diff(since) < 0).all() or labels_apart(view) is not None:
        return []
    at = float(vsteps[low_i])
    detail = f"{vname} bottomed at {fmt(low)} at {fmt_step(at)} and ended at {fmt(end)} (+{end / low - 1:.0%}) while "
    detail += f"{'the training loss' if tname == view.loss.name else tname} fell at every point from "
    detail += f"{fmt(float(since[0]))} to {fmt(float(since[-1]))} ({val.size} evaluations)"
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, fmt_step(at), detail)])]


def detect_epoch_stairs(view: View) -> list[Finding]:
    """Memorisation without a rising validation loss: the training loss falls in stairs, most of its fall at the epoch
    boundaries (STAIRS_SHARE) and little of it climbed back within the epochs (under STAIRS_SHARE of the drops: a
    running sum printed through each epoch climbs, then resets, round24's BU-005; a running mean's changes shrink
    through it, `running_mean`), every boundary a drop, the drops together beyond its own noise (STAIRS_Z); unless a
    validation loss improved by Prechelt's GL or a held-out accuracy ended as high as the training one
    (`held_out_kept_up`): the model learned what carries over too. Needs the run's epoch counter (`Run.axes`) and
    STAIRS_MIN_EPOCH_POINTS loss points an epoch."""
    import numpy as np

    found, epochs = finite_loss(view), view.epochs
    if found is None or epochs is None or len(epochs) < 2 or held_out_fell(view, OVERFIT_GL) or held_out_kept_up(view):
        return []
    name, steps, loss = found
    epoch_steps, epoch = arrays(epochs)
    known = np.isfinite(epoch)
    epoch_steps, epoch = epoch_steps[known], epoch[known]
    if epoch.size < 2 or (np.diff(epoch_steps) < 0).any() or (np.diff(epoch) < 0).any():
        return []
    at = np.interp(steps, epoch_steps, epoch)
    # a whole counter names the epoch a point is in; a fraction (HF's 0.5, 1.0) is the share of epochs done after it
    index = np.round(at) if np.allclose(epoch, np.round(epoch)) else np.ceil(at - 1e-9) - 1
    starts = np.flatnonzero(np.diff(index) > 0) + 1
    edges = np.concatenate([[0], starts, [loss.size]])
    length = int(np.median(np.diff(edges)))
    if starts.size < 2 or length < STAIRS_MIN_EPOCH_POINTS:
        return []
    if running_mean(loss, edges):
        return []  # the stairs of a mean reset each epoch, not of examples met again
    window = max(STAIRS_MIN_WINDOW, int(STAIRS_WINDOW * length))
    within = np.concatenate([np.diff(loss[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=True)])
    sigma = step_noise(within)
    drops = [
        float(np.median(loss[b - window : b]) - np.median(loss[b : b + window]))
        for b in starts
        if window <= b <= loss.size - window
    ]
    climbed = sum(  # within each whole epoch, from its first window to its last
        float(np.median(loss[b - window : b]) - np.median(loss[a : a + window]))
        for a, b in zip(edges[:-1], edges[1:], strict=True)
        if b - a >= 2 * window
    )
    first, last = float(np.median(loss[:window])), float(np.median(loss[-window:]))
    error = MEDIAN_SE * sigma * np.sqrt(2 / window) * np.sqrt(len(drops))  # of a median of `window` points, both sides
    if len(drops) < 2 or min(drops) <= 0 or first <= last or climbed >= STAIRS_SHARE * sum(drops):
        return []
    if sum(drops) < STAIRS_SHARE * (first - last) or sum(drops) < STAIRS_Z * error:
        return []
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
    detail = (
        f"{name} fell in stairs at {len(drops)} epoch boundaries ({sum(drops) / (first - last):.0%} of its fall from "
        f"{fmt(first)} to {fmt(last)} came at them, about {length} points an epoch): the model meets each example "
        "again already knowing it, memorised"
    )
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, where, detail)])]


def held_out_kept_up(view: View) -> bool:
    """Whether a held-out accuracy (validation, else test) ended at STAIRS_HELD_OUT_KEPT of the training accuracy or
    above, each read at its last value as a share (`as_shares`: a percentage beside a share)."""
    train, held = view.accuracy("train", None), view.accuracy("val", "test")
    if train is None or held is None:
        return False
    trained, kept = float(as_shares(train.values)[-1]), float(as_shares(held.values)[-1])
    return trained > 0 and kept >= STAIRS_HELD_OUT_KEPT * trained


def never_improved(view: View, val: np.ndarray) -> bool:
    """Whether the validation loss never bettered its first value by Prechelt's GL (OVERFIT_GL) over MIN_EVALUATIONS
    evaluations or more, having changed at all (not a value printed again), and no held-out accuracy improved
    (`quality.improved`). With the training loss falling by OVERFIT_STALL_TRAIN_FALL after that first evaluation to
    under it (`overfitting_on`), the model fits its training data and nothing it learns carries over. A stall needs an
    improvement first and a rise a minimum after the start; this is neither (the family casebook's TransE memorising
    random triples; no seen real log's answer changed by it: round35's DB-014, validation 0.45 -> 0.44 as training
    fell 24%, falls short)."""
    import numpy as np

    from .quality import improved

    if val.size < MIN_EVALUATIONS or float(val[0]) == 0 or float(val.min()) < float(val[0]) - OVERFIT_GL * abs(val[0]):
        return False
    if np.unique(val).size == 1:
        return False  # one value printed again, never re-measured (`trend.held_still`)
    held = view.accuracy("val", "test")
    values = held.values[np.isfinite(held.values)] if held is not None else np.empty(0)
    return values.size < 2 or not improved(float(values[0]), float(np.median(values[-3:])))


def detect_quality_overfitting(view: View) -> list[Finding]:
    """With no validation loss: a held-out quality (accuracy, F1, AUC, NDCG: higher is better; `held_out_quality`) whose
    best stands OVERFIT_STALL_SHARE of its evaluations before the end while the training loss fell on by
    OVERFIT_STALL_TRAIN_FALL, ending OVERFIT_GL under that best and beyond its own noise, or standing
    OVERFIT_QUALITY_GAP under the same measure on the training data; or one whose first evaluation stayed its best
    over NEVER_BETTERED_EVALUATIONS (under OVERFIT_NEVER_BETTERED_BELOW of a perfect score) while the training loss
    fell on, as a validation loss that never bettered its first (`overfitting_on`); or one that reached the level it
    kept (within OVERFIT_GL of its best) OVERFIT_QUALITY_STALL of its evaluations before the end, far from perfect
    (under OVERFIT_QUALITY_FAR of its scale), while the training loss fell on by OVERFIT_STALL_TRAIN_FALL: the model
    fits its training data and what it learns no longer carries over. Beside a validation loss (judged by
    `detect_overfitting`), only the training answers fitted far apart from held-out ones that stood
    (`answers_fitted_apart`), where that loss stopped improving too (`left_its_best`)."""
    import numpy as np

    held = view.held_out_quality() or answers_against_their_loss(view)
    if held is None:
        return []
    if view.val is not None:  # the answers apart, but only where the held-out loss stopped improving too
        return answers_fitted_apart(view, held) if left_its_best(view.val.values) else []
    if view.loss is None:
        return answers_fitted_apart(view, held)
    ok = np.isfinite(held.values)
    steps, values = held.steps[ok], held.values[ok]
    if values.size < 5 or labels_apart(view) is not None or accuracy_collapsed(view):
        return []
    smooth = rolling_median(values, 3)
    best_i = int(np.argmax(smooth))
    best, end = float(smooth[best_i]), float(np.median(values[-3:]))
    if best <= 0:
        return []
    scale = share_scale(best)  # a percentage, or a share
    level_i = int(np.argmax(smooth >= (1 - OVERFIT_GL) * best))  # where it reached the level it kept
    stood = values.size - 1 - level_i >= max(OVERFIT_STALL_EVALUATIONS, OVERFIT_QUALITY_STALL * values.size)
    stood = stood and end >= (1 - OVERFIT_GL) * best  # and stayed there (one that fell back is judged below)
    if stood and end < OVERFIT_QUALITY_FAR * scale and fell_on(view, steps, level_i) and not kept_pace(view, held):
        at = fmt_step(float(steps[level_i]))
        detail = f"{held.name} reached {fmt(float(smooth[level_i]))} at {at} and stood there (best {fmt(best)}, "
        detail += f"ends at {fmt(end)}) while {view.loss.name} fell on"
        return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, at, detail)])]
    first_best = values.size >= NEVER_BETTERED_EVALUATIONS and float(values[0]) >= float(values[1:].max())
    if first_best and float(values[0]) < OVERFIT_NEVER_BETTERED_BELOW * scale and fell_on(view, steps, 0):
        at = fmt_step(float(steps[0]))
        detail = f"{held.name} never bettered its first evaluation's {fmt(float(values[0]))} at {at} over "
        detail += f"{values.size} evaluations (ends at {fmt(end)}) while {view.loss.name} fell on"
        return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, at, detail)])]
    best_ago = values.size - 1 - max(best_i, int(np.argmax(values)))
    if best_ago < max(OVERFIT_STALL_EVALUATIONS, OVERFIT_STALL_SHARE * values.size) or not fell_on(view, steps, best_i):
        return []
    noise = step_noise(np.diff(values[best_i:] if values.size - best_i >= OVERFIT_NOISE_POINTS else values))
    declined = end <= (1 - OVERFIT_GL) * best and best - end >= OVERFIT_RISE_Z * noise
    trained = view.quality("train", None, like=held.name)
    gap = float(np.median(trained.values[-3:])) - end if trained is not None and trained.values.size >= 3 else 0.0
    if not declined and gap < OVERFIT_QUALITY_GAP * scale:
        return []
    at = fmt_step(float(steps[best_i]))
    detail = f"{held.name} peaked at {fmt(best)} at {at} and ends at {fmt(end)}"
    detail += f", {fmt(gap)} under {trained.name}" if trained is not None and not declined else ""
    detail += f", while {view.loss.name} fell on"
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, at, detail)])]


def detect_final_answers_apart(view: View) -> list[Finding]:
    """A held-out share of right answers printed only at the end (fewer than MIN_EVALUATIONS evaluations: a final
    test) OVERFIT_QUALITY_GAP or more under training answers that end at ANSWERS_FITTED of a perfect score or above:
    the training set was learned and what was learned does not carry over (round 61's AttentionDeepMIL on random
    labels: every training bag right at the end, 52% of the test bags). Measured on the tuning data (round 58): the
    only two runs of that shape, families and real logs of rounds 79-90 alike, are both such runs; no healthy one."""
    import numpy as np

    trained = answers_right(view, "train", None)
    held = answers_right(view, "val", "test", least=1)
    if trained is None or held is None or held[0] == trained[0] or held[1].size >= MIN_EVALUATIONS:
        return []
    fit, kept = trained[1][np.isfinite(trained[1])], held[1][np.isfinite(held[1])]
    if fit.size < MIN_POINTS or kept.size == 0:
        return []
    fitted, end = float(np.median(fit[-3:])), float(kept[-1])
    if not learned_apart(fitted, end):
        return []
    steps = view.run.metrics[held[0]].steps
    detail = (
        f"the training answers ({trained[0]}) end {fmt(fitted)} right, the held-out ones ({held[0]}) {fmt(end)}: the "
        "training set learned by heart, and it does not carry over"
    )
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, fmt_step(steps[-1]), detail)])]


def learned_apart(fitted: float, held: float) -> bool:
    """Whether training answers (a share right) ending at `fitted` are learned (ANSWERS_FITTED or above) and held-out
    ones at `held` stand OVERFIT_QUALITY_GAP or more under them: the training set learned by heart."""
    return fitted >= ANSWERS_FITTED and fitted - held >= OVERFIT_QUALITY_GAP


def answers_against_their_loss(view: View) -> Curve | None:
    """An accuracy (`names_an_accuracy`) naming no split, printed on the training loss's own lines, whose best (over a
    rolling median of 3) stands OVERFIT_STALL_SHARE of its points before the end and which ends OVERFIT_GL under it,
    while that loss fell on after the best: answers on the training data get better as their loss falls, so these are
    held-out answers (round90's LB-020, `epoch = 57   accuracy = 85.56 %   loss = 11.9`: down to 71% as the loss fell
    to 5.4), judged as a held-out quality is."""
    import numpy as np

    if view.loss is None or view.val is not None:
        return None
    _, tsteps, _ = view.loss
    for name, info in view.run.role_map().items():
        series = view.run.metrics[name]
        steps, values = arrays(series)
        if info.split is not None or not names_an_accuracy(name) or not np.array_equal(steps, tsteps):
            continue  # (an F1 or an mAP on a detector's epoch line is its evaluation's: round87's KU-008)
        ok = np.isfinite(values)
        steps, values = steps[ok], values[ok]
        if values.size < 5:
            continue
        smooth = rolling_median(values, 3)
        best_i = int(np.argmax(smooth))
        ended = float(np.median(values[-3:])) <= (1 - OVERFIT_GL) * float(smooth[best_i])
        if ended and values.size - 1 - best_i >= OVERFIT_STALL_SHARE * values.size and fell_on(view, steps, best_i):
            return Curve(name, steps, values)
    return None


def kept_pace(view: View, held: Curve) -> bool:
    """Whether the same measure on the training data is logged and ends less than OVERFIT_QUALITY_GAP above the
    held-out one (each as a share): both converged together, no training set learned apart (round 61's soft decision
    tree, a long converged run at 81% of its batches right and 74% of its test glyphs)."""
    import numpy as np

    trained = view.quality("train", None, like=held.name)
    if trained is None or trained.name == held.name:
        return False
    fit, values = (c.values[np.isfinite(c.values)] for c in (trained, held))
    if fit.size < 3 or values.size < 3:
        return False
    return float(np.median(as_shares(fit)[-3:])) - float(np.median(as_shares(values)[-3:])) < OVERFIT_QUALITY_GAP


def answers_fitted_apart(view: View, held: Curve) -> list[Finding]:
    """With no loss logged at all (jax/examples' `Training set accuracy` and `Test set accuracy` prints): a held-out
    quality that reached its level (within OVERFIT_GL of its best) OVERFIT_QUALITY_STALL of its evaluations before the
    end, and stood there or fell back, while the same measure on the training data ends at ANSWERS_FITTED of its
    scale or more and OVERFIT_QUALITY_GAP of it above the held-out one: the training set learned by heart, and what the
    model learned there does not carry over (`detect_quality_overfitting` reads the same off a training loss that
    falls on)."""
    import numpy as np

    trained = view.quality("train", None, like=held.name)
    if trained is None or trained.name == held.name:
        return []
    values = held.values[np.isfinite(held.values)]
    fit = trained.values[np.isfinite(trained.values)]
    if values.size < 5 or fit.size < 3:
        return []
    smooth = rolling_median(values, 3)
    best, end, fitted = float(smooth.max()), float(np.median(values[-3:])), float(np.median(fit[-3:]))
    level_i = int(np.argmax(smooth >= (1 - OVERFIT_GL) * best))
    stood = values.size - 1 - level_i >= max(OVERFIT_STALL_EVALUATIONS, OVERFIT_QUALITY_STALL * values.size)
    end_share, fitted_share = (
        float(np.median(as_shares(v)[-3:])) for v in (values, fit)
    )  # whichever scale each prints
    if not stood or not learned_apart(fitted_share, end_share):
        return []
    at = fmt_step(float(held.steps[np.isfinite(held.values)][level_i]))
    detail = (
        f"{held.name} reached {fmt(float(smooth[level_i]))} at {at} and never rose further (ends at {fmt(end)}) while "
        f"{trained.name} ends at {fmt(fitted)}: the training set learned by heart, and it does not carry over"
    )
    return [Finding("overfitting", OVERFIT_STALL_CONFIDENCE, [evidence(view.source, at, detail)])]


def left_its_best(val: np.ndarray) -> bool:
    """Whether a validation loss stopped improving: it ends (the median of its last 3 points) OVERFIT_GL above its best
    (Prechelt's generalization loss), or its best stands OVERFIT_STALL_SHARE of its evaluations (and
    OVERFIT_STALL_EVALUATIONS) before the end (his "no progress"); a loss still at its best at the end is improving
    (round55's EH-003: Kipf's GCN on Cora, 0.97 of its training nodes right and 0.78 of its validation ones, its
    validation loss lowest at its last epoch), at its last evaluation at least."""
    import numpy as np

    val = val[np.isfinite(val)]
    if val.size < 3:
        return False
    low = float(val.min())
    best_ago = val.size - 1 - int(np.argmin(val))
    stalled = best_ago >= max(OVERFIT_STALL_EVALUATIONS, OVERFIT_STALL_SHARE * val.size)
    return stalled or (best_ago > 0 and float(np.median(val[-3:])) - low >= OVERFIT_GL * abs(low))


def running_mean(loss: np.ndarray, edges: np.ndarray) -> bool:
    """Whether a loss is printed as a running mean over each epoch (`STAIRS_RUNNING_MEAN`): the median step-to-step
    change over each epoch's first quarter against its last quarter's, their medians over the epochs."""
    import numpy as np

    early, late = [], []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        moves = np.abs(np.diff(loss[a:b]))
        if moves.size >= 8:
            early.append(float(np.median(moves[: moves.size // 4])))
            late.append(float(np.median(moves[-(moves.size // 4) :])))
    return bool(early) and float(np.median(early)) >= STAIRS_RUNNING_MEAN * float(np.median(late))


def fell_on(view: View, steps: np.ndarray, since: int) -> bool:
    """Whether the training loss fell by OVERFIT_STALL_TRAIN_FALL after the evaluation `since` (`stretch_levels`)."""
    assert view.loss is not None
    _, tsteps, train = view.loss
    levels = stretch_levels(train[train_after(tsteps, steps, since) :])
    return levels is not None and levels[1] <= (1 - OVERFIT_STALL_TRAIN_FALL) * levels[0]


def stretch_levels(train: np.ndarray) -> tuple[float, float] | None:
    """Where a stretch of the training loss starts and ends (the medians of its first and last fifths, 3 points at
    least: one batch is noise), or None under 3 finite points."""
    import numpy as np

    finite = train[np.isfinite(train)]
    window = max(3, finite.size // 5)
    if finite.size < 3:
        return None
    return float(np.median(finite[:window])), float(np.median(finite[-window:]))


def training_counterpart(view: View, vname: str) -> Curve:
    """The training series measuring what the validation series `vname` measures (`train_rmse` beside `val_rmse`),
    else the training loss: a gap between a validation RMSE and a training MSE is no gap. A counterpart logged less
    than half as often as the validation series is a summary (HF's closing `train_loss`, the mean over the run), no
    curve to compare with; nor is one printed at fewer than half as many steps (round53's FO-011: DeepSpeech's report
    of 15 test samples' `loss`, all at the last epoch)."""
    assert view.loss is not None
    measure = [w for w in words(vname) if w not in SPLIT_WORDS]
    evaluations = len(set(view.run.metrics[vname].steps))
    for name, info in view.run.role_map().items():
        same = [w for w in words(name) if w not in SPLIT_WORDS] == measure
        curve = 2 * len(set(view.run.metrics[name].steps)) >= evaluations
        if same and curve and name not in (vname, view.loss.name) and info.split in ("train", None):
            return Curve(name, *arrays(view.run.metrics[name]))
    return view.loss


def accuracy_collapsed(view: View) -> bool:
    """The validation accuracy, when logged, ends (median of its last 3 points) under OVERFIT_KEEPS_ACCURACY of its
    best (its rolling median's over 3 evaluations: one value printed out of line is no best): more than overfitting
    takes away."""
    import numpy as np

    acc = view.accuracy("val", "test")
    if acc is None:
        return False
    values = acc.values[np.isfinite(acc.values)]
    if values.size < 3:
        return False
    best = float(rolling_median(values, 3).max())
    return best > 0 and float(np.median(values[-3:])) < OVERFIT_KEEPS_ACCURACY * best


def zero_from_start(view: View) -> Finding | None:
    """A training loss exactly 0 from its first point on, or its second (ZERO_LOSS_FIRST), at ZERO_LOSS_SHARE of its
    points: nothing to learn from. Not beside a quality measure that improved (`improving_quality`: a YOLO run's mAP
    climbing while its loss columns print 0.0 at every epoch, never filled in): the model learned from its labels, so
    the 0 is the logger's."""
    import numpy as np

    if view.loss is None or view.held_out or view.rewarded or view.loss.values.size < MIN_POINTS:
        return None
    name, steps, loss = view.loss
    zeros = float(np.mean(loss == 0))
    first = int(np.argmax(loss == 0))
    if loss[first] != 0 or first > ZERO_LOSS_FIRST or zeros < ZERO_LOSS_SHARE or fit_measured_elsewhere(view):
        return None
    if improving_quality(view.run, losses=False) is not None:
        return None  # the model learned: its labels reached it, so the 0 is its logger's (round57's GG-003)
    since = "its first logged point" if first == 0 else f"its point {first + 1} (after {fmt(float(loss[0]))})"
    detail = (
        f"{name} is exactly 0 from {since}, at {zeros:.0%} of {loss.size}: no model starts at a perfect fit nor "
        "reaches one in a step, so the targets are trivial (one class), a mask drops every label, or the loss never "
        "sees them"
    )
    return Finding("data_issue", ZERO_LOSS_CONFIDENCE, [evidence(view.source, fmt_step(steps[0]), detail)])


def fit_measured_elsewhere(view: View) -> bool:
    """Whether an error measure of the training data (`mean_squared_error` beside Keras' `loss`) is logged and is not
    0 where the loss is: the fit is measured and imperfect, so a loss printed as 0 is its logger's, not the data's
    (round33's CT-005: a Levenberg-Marquardt trainer printing `loss: 0.0000e+00` as its MSE falls 0.46 -> 7e-8)."""
    import numpy as np

    for name, info in view.run.role_map().items():
        if info.role is MetricRole.ERROR and info.split in ("train", None) and len(view.run.metrics[name]):
            values = np.asarray(view.run.metrics[name].values, dtype=float)
            if float(np.mean(values == 0)) < ZERO_LOSS_SHARE:
                return True
    return False


NON_NEGATIVE_LOSS_WORDS = frozenset(
    {"dice", "jaccard", "bce", "ce", "crossentropy", "mse", "mae", "rmse", "l1", "l2", "kl", "kld", "focal", "hinge",
     "huber", "smoothl1", "perplexity", "ppl"}
)  # fmt: skip
"""Words of losses no prediction takes below 0: a Dice or Jaccard loss is 1 minus a ratio in [0, 1], a cross-entropy of
targets in [0, 1] and a KL divergence are never negative, nor are squared and absolute errors or a perplexity. Not
`nll` nor `bpd`: a density over continuous data takes them below 0."""
NEGATED_RATIO_WORDS = frozenset({"dice", "jaccard"})
"""Words of overlap losses also written as the ratio negated: nnU-Net's soft Dice returns `-dc`
(`MemoryEfficientSoftDiceLoss`), its `dice_loss` in [-1, 0] from its first point on (-0.24 untrained, -0.95 once
learned). One that starts above 0 and crosses it is 1 minus the ratio out of its range."""


def detect_negative_loss(view: View) -> list[Finding]:
    """A loss named as one that cannot be negative (NON_NEGATIVE_LOSS_WORDS) that went below 0 by more than rounding
    (NEGATIVE_LOSS_SLACK of its largest value), unless it is an overlap ratio negated (NEGATED_RATIO_WORDS, in [-1, 0]
    throughout): its targets lie outside the range the loss assumes (class indices fed to a binary Dice or BCE as a
    mask), or the loss is computed with a sign error (round30's CV-010, a Dice loss at -8428)."""
    import numpy as np

    judged = (MetricRole.TRAIN_LOSS, MetricRole.VAL_LOSS, MetricRole.LOSS_COMPONENT)
    for name, info in view.run.role_map().items():
        named = set(words(name))
        if info.role not in judged or not NON_NEGATIVE_LOSS_WORDS & named:
            continue
        steps, values = arrays(view.run.metrics[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < MIN_POINTS or float(values.min()) >= -NEGATIVE_LOSS_SLACK * max(1.0, float(values.max())):
            continue
        if NEGATED_RATIO_WORDS & named and float(values.max()) <= 0 and float(values.min()) >= -1 - NEGATIVE_LOSS_SLACK:
            continue  # the ratio negated, in [-1, 0] at every point: nnU-Net's `-dc`
        first = int(np.argmax(values < 0))
        detail = f"{name} went below 0 ({fmt(float(values[first]))} at {fmt_step(float(steps[first]))}, lowest "
        detail += f"{fmt(float(values.min()))}), which this loss cannot: its targets lie outside the range it assumes "
        detail += "(class indices as a binary mask), or it is computed with a sign error"
        return [
            Finding(
                "data_issue", NEGATIVE_LOSS_CONFIDENCE, [evidence(view.source, fmt_step(float(steps[first])), detail)]
            )
        ]
    return []


def detect_perfect_held_out(view: View) -> list[Finding]:
    """A held-out accuracy at its perfect score at each of its last PERFECT_HELD_OUT_SHARE of evaluations (at least
    MIN_EVALUATIONS) while the training accuracy over the same stretch stands at most PERFECT_HELD_OUT_TRAIN of
    perfect: a held-out set no model that misses a tenth of its training examples gets all right by learning. It is
    degenerate (a handful of examples, one class, the training data again, or an easier split)."""
    import numpy as np

    held_out = view.accuracy("val", "test")
    trained = view.accuracy("train", None)
    if held_out is None or trained is None or held_out.values.size < MIN_EVALUATIONS:
        return []
    perfect = perfect_score(held_out.values)
    values = held_out.values[np.isfinite(held_out.values)]
    tail = values[-max(MIN_EVALUATIONS, int(np.ceil(PERFECT_HELD_OUT_SHARE * values.size))) :]
    if perfect is None or tail.size < MIN_EVALUATIONS or not bool((tail == perfect).all()):
        return []
    since = float(held_out.steps[np.isfinite(held_out.values)][-tail.size])
    scale = perfect_score(trained.values)
    train = trained.values[(trained.steps >= since) & np.isfinite(trained.values)]
    if scale is None or not train.size or float(np.median(train)) > PERFECT_HELD_OUT_TRAIN * scale:
        return []
    detail = (
        f"{held_out.name} at {fmt(perfect)} at each of its last {tail.size} evaluations while {trained.name} stood at "
        f"{fmt(float(np.median(train)))} (median since {fmt_step(since)}): the held-out set is degenerate (a handful "
        "of examples, one class, or the training data again)"
    )
    return [Finding("data_issue", PERFECT_HELD_OUT_CONFIDENCE, [evidence(view.source, fmt_step(since), detail)])]


def detect_leakage(view: View) -> list[Finding]:
    """A loss no fit gives (exactly 0 from its first point: `zero_from_start`), or one that is too good too early:
    near zero within the first fifth of the run, and on validation too.

    Training loss under 1% of its start that early is suspicious; under 5% counts when the validation
    loss is as low (held-out data that easy means the target leaks into the inputs).
    """
    import numpy as np

    if (zero := zero_from_start(view)) is not None:
        return [zero]
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
