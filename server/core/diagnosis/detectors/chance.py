"""Chance levels: a run whose loss sits at ln K, or whose validation accuracy sits at 1/K, learned nothing.

K comes from the code or the config (`diagnosis.classes`, handed in through the `View`), else from a logged
accuracy: its first value narrows K to the few whose 1/K lies within CHANCE_ACCURACY_BAND of it, and the loss at
the start must then match exactly one of their ln K (never the first loss alone: any loss is ln of something).
- a loss stuck at ln K (its second fifth and its last fifth within the tolerance, no steady fall out of it: a creep
  smaller than the tolerance over the whole run is none) means the model learns nothing: `loss_plateau`, or
  `lr_too_low` when the peak learning rate is tiny;
- a validation accuracy at 1/K (within a guess's binomial noise on the set it counts) while the training loss falls
  under CHANCE_TRAIN_FIT x ln K means the model fits its training labels and nothing that carries to new inputs: the
  labels are cut from the inputs (`data_issue`), or, fitted within MEMORISED_FAST of the run, a set learned by heart
  (`overfitting`: a small one, or one whose labels are random, the evidence says both);
- a training loss that ends far above ln K while the answers sit at 1/K means the model is more wrong than a uniform
  guess, confidently: its logits were thrown far out by steps too large (`lr_too_high`);
- batches answered all right then all wrong, in blocks, again and again, are batches of one class each: the data
  sorted by label (`data_issue`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ...logs.roles import ROC_AUC_WORDS, SHARE_RIGHT_WORDS, MetricRole, Split, game_losses, words
from ..findings import Finding, evidence
from ..thresholds import (
    AUC_CHANCE_EXCEEDED,
    CHANCE_ACCURACY_BAND,
    CHANCE_ACCURACY_REACH,
    CHANCE_ANSWERS_CONFIDENCE,
    CHANCE_BINARY_BAND,
    CHANCE_EXCEEDED,
    CHANCE_EXCEEDED_CONFIDENCE,
    CHANCE_LABELS_CONFIDENCE,
    CHANCE_LOSS_TOLERANCE,
    CHANCE_NOISE_Z,
    CHANCE_STUCK_CONFIDENCE,
    CHANCE_TRAIN_ANSWERS,
    CHANCE_TRAIN_FIT,
    EXACT_SHARE_HITS,
    LR_FAR_TOO_HIGH,
    LR_FAR_TOO_LOW,
    LR_TINY,
    MEMORISED_FAST,
    MIN_EVALUATIONS,
    MIN_POINTS,
    ONE_CLASS_BLOCK,
    ONE_CLASS_CONFIDENCE,
    ONE_CLASS_EXTREME,
    ONE_CLASS_RUNS_Z,
    ONE_CLASS_SWITCHES,
    OVERCONFIDENT_CONFIDENCE,
    STEADY_FALL,
    VANISHING_RATIO,
)
from .gradients import layer_ratio
from .quality import examples_counted
from .stats import rolling_median, runs_z, trend_tau
from .trend import barely_moved, data_period, detect_order_jumps, held_out_fell
from .view import (
    View,
    as_shares,
    finite_loss,
    fmt,
    fmt_step,
    learned_nothing,
    names_a_micro_f1,
    names_an_accuracy,
    peak_lr,
    start_level,
)

if TYPE_CHECKING:
    import numpy as np

MAX_CLASSES = 1 << 20
"""Largest K considered from an accuracy (a vocabulary of a million tokens)."""


def robust_sd(values: np.ndarray) -> float:
    """1.4826 x the MAD of `values` around their 11-point rolling median: their step-to-step noise, a trend left out."""
    import numpy as np

    resid = values - rolling_median(values, 11)
    return 1.4826 * float(np.median(np.abs(resid - np.median(resid)))) if values.size else 0.0


def loss_tolerance(k: int, values: np.ndarray) -> float:
    """How far from ln K a loss level may be and still be at chance: CHANCE_LOSS_TOLERANCE of ln K, or the
    run's own per-step noise when that is wider."""
    return max(CHANCE_LOSS_TOLERANCE * math.log(k), CHANCE_NOISE_Z * robust_sd(values))


def classes_from_accuracy(view: View) -> tuple[int, str] | None:
    """K that the first logged accuracy and the loss at the start agree on, with how it was read: of the K whose 1/K
    lies within CHANCE_ACCURACY_BAND of the accuracy, the one whose ln K is nearest the loss's start, if within its
    tolerance; else, or where they disagree, the K an accuracy that stays at chance and the loss's end agree on
    (`classes_at_chance_throughout`)."""
    found = finite_loss(view)
    acc = view.accuracy("val", "test", "train", None)
    if found is None or acc is None or not acc.values.size or acc.steps[0] >= found[1][-1]:
        return None  # an accuracy first printed once the training ended (a test score) tells no untrained level
    import numpy as np

    first = float(acc.values[0])
    if not np.isfinite(first) or first <= 0:
        return None
    if first > 1:  # a percentage
        first /= 100
    lo = max(2, math.ceil((1 - CHANCE_ACCURACY_BAND) / first))
    hi = min(MAX_CLASSES, math.floor((1 + CHANCE_ACCURACY_BAND) / first))
    start = start_level(found[2])
    head = found[2][: max(MIN_POINTS, found[2].size // 10)]
    counted = examples_counted(acc.values)
    while lo < hi and 1 / lo - first > guess_noise(counted, lo):
        lo += 1  # an accuracy that far under 1/K after training is no guess over K classes
    if lo > hi:
        return None
    throughout = classes_at_chance_throughout(acc.name, acc.values, found, range(lo, hi + 1))
    k = min(range(lo, hi + 1), key=lambda k: abs(start - math.log(k)))  # ln 9, 10, 11 lie within 0.1 ln K of 2.30
    if abs(start - math.log(k)) > loss_tolerance(k, head) or (throughout is not None and throughout[0] != k):
        return throughout
    return k, f"{acc.name} starts at {fmt(first)} (1/{k} = {fmt(1 / k)}) and {found[0]} at {fmt(start)} (ln {k})"


def classes_at_chance_throughout(
    name: str, accuracy: np.ndarray, loss: tuple[str, np.ndarray, np.ndarray], candidates: range
) -> tuple[int, str] | None:
    """K for a run whose accuracy stays at 1/K and whose loss ends at ln K, whatever its start (an initialisation above
    chance, a blow-up on its first steps: a start of 1.62 reads as ln 5 where the accuracy sits at 1/4): the K whose
    1/K is nearest the accuracy's median, when both agree on it."""
    import numpy as np

    acc = as_shares(accuracy[np.isfinite(accuracy)])
    if not acc.size:
        return None
    k = min(candidates, key=lambda k: abs(float(np.median(acc)) - 1 / k))
    tail = loss[2][-max(MIN_POINTS, loss[2].size // 5) :]
    end = float(np.median(tail))
    if accuracy_at_chance(accuracy, k) is None or abs(end - math.log(k)) > loss_tolerance(k, tail):
        return None
    return k, f"{name} stays at 1/{k} = {fmt(1 / k)} and {loss[0]} ends at {fmt(end)} (ln {k})"


def classes_from_exact_share(view: View) -> tuple[int, str] | None:
    """K from a held-out accuracy printed at exactly 1/K (to its printed precision) at EXACT_SHARE_HITS evaluations or
    more: the share a constant output scores on balanced classes (round62's HD-005: `Accuracy: 0.100000` at three of
    eleven tests, 10 classes, beside a training loss that fell 4-fold); not where each value is a share of its own
    handful of examples (`each_counted`: round63's HK-010, a masked model's accuracy at 5/10 and 6/12 again and
    again)."""
    import numpy as np

    from .quality import each_counted, printed_shares

    acc = view.accuracy("val", "test")
    if acc is None:
        return None
    values = acc.values[np.isfinite(acc.values)]
    if each_counted(values):
        return None
    shares, precision = printed_shares(values)
    hits = {round(1 / share) for share in shares if 0 < share <= 0.5}
    for k in sorted(hits):
        exact = int(np.sum(np.abs(shares - 1 / k) <= precision))
        if exact >= EXACT_SHARE_HITS and precision < 1 / k - 1 / (k + 1):
            return k, f"{acc.name} printed {fmt(1 / k)} = 1/{k} exactly at {exact} evaluations (a constant output)"
    return None


def chance_classes(view: View) -> tuple[int, str] | None:
    if view.classes is not None:
        return view.classes.k, f"K = {view.classes.k} read at {view.classes.source}"
    return classes_from_accuracy(view) or classes_from_exact_share(view)


def binary_by_level(view: View) -> tuple[int, str] | None:
    """K = 2 read off the loss alone, when nothing else tells K: its second and last fifths both within
    CHANCE_BINARY_BAND of ln 2 (a two-way cross-entropy that never left the guess of the prior); not a game's loss (a
    GAN's discriminator sits near ln 2 when the game is balanced)."""
    import numpy as np

    found = finite_loss(view)
    if found is None or found[0] in game_losses(view.run) or found[2].size < 2 * MIN_POINTS:
        return None
    name, _, loss = found
    fifth = max(3, loss.size // 5)
    levels = (float(np.median(loss[fifth : 2 * fifth])), float(np.median(loss[-fifth:])))
    if any(abs(level - math.log(2)) > CHANCE_BINARY_BAND * math.log(2) for level in levels):
        return None
    return 2, f"{name} sits within {CHANCE_BINARY_BAND:.0%} of ln 2 = {fmt(math.log(2))}, a two-way guess"


def detect_chance(view: View) -> list[Finding]:
    """A loss stuck at ln K, or answers at 1/K throughout; a validation accuracy at 1/K while the training loss is
    fitted (else a validation loss far above ln K then); a training loss far above ln K."""
    held_out = labels_apart(view) or overconfident_held_out(view)
    stuck = stuck_at_chance(view) or guessing_throughout(view)
    return [f for f in (stuck, held_out, worse_than_chance(view), one_class_batches(view)) if f is not None]


def one_class_batches(view: View) -> Finding | None:
    """A training accuracy logged each batch that sits at 0 or 1 (within ONE_CLASS_EXTREME) in blocks of
    ONE_CLASS_BLOCK batches or more, switching side ONE_CLASS_SWITCHES times or more, its runs far fewer than
    independent batches make (ONE_CLASS_RUNS_Z): each batch holds one class, and the model answers every batch as
    the class it was last pushed to, right while the class lasts, all wrong when the next begins. The data comes
    sorted by label (round 61's AttentionDeepMIL and EDL, their batch accuracy 1, 1, ..., 0, 0, ...), however small
    the loss's swing at the period (0.4 -> 1.1 near ln 2: `data_order_evidence` wants a factor of PERIOD_SWING)."""
    import numpy as np

    answers = answers_right(view, "train", None)
    if answers is None or answers[0] in view.run.per_epoch:
        return None
    said, right = answers
    right = right[np.isfinite(right)]
    side = np.where(right <= ONE_CLASS_EXTREME, 0, np.where(right >= 1 - ONE_CLASS_EXTREME, 1, -1))
    changes = np.flatnonzero(np.diff(side)) + 1
    starts, ends = np.r_[0, changes], np.r_[changes, side.size]
    blocks = [int(side[a]) for a, b in zip(starts, ends, strict=True) if side[a] >= 0 and b - a >= ONE_CLASS_BLOCK]
    switches = sum(a != b for a, b in zip(blocks, blocks[1:], strict=False))
    if switches < ONE_CLASS_SWITCHES or runs_z(side[side >= 0]) > ONE_CLASS_RUNS_Z:
        return None
    steps = view.run.metrics[said].steps
    detail = (
        f"{said} sits at 0 or 1 in blocks of {ONE_CLASS_BLOCK} batches or more that switch side {switches} times: each "
        f"batch holds one class, answered as the class before it: the data comes sorted by label (shuffle it)"
    )
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
    return Finding("data_issue", ONE_CLASS_CONFIDENCE, [evidence(view.source, where, detail)])


def guessing_throughout(view: View) -> Finding | None:
    """An accuracy (`names_an_accuracy`: no error measure, no ROC AUC) at 1/K over the first third of the run and its
    last (`at_chance_throughout`, K as the run states it or as the answers say it, 3 or more), its middle half within
    that band's width, never climbing rank by rank, beside a logged loss that never fell to half its start
    (`events.learning`) and no validation loss that fell (`trend.held_out_fell`: round78's JZ-010, a segmenter's
    validation loss 0.30 -> 0.18 beside an odd `Train Accuracy` of 3.45): the model learns nothing
    (CHANCE_ANSWERS_CONFIDENCE). Answers alone tell no cause (labels apart from inputs, or nothing learned) but beside
    a learning rate far outside any recipe's (ConvMixer's console prints accuracies alone)."""
    import numpy as np

    from .events import learning
    from .quality import climbed_steadily

    answers = answers_right(view)
    lr = peak_lr(view)
    far_off = lr is not None and not LR_FAR_TOO_LOW < lr < LR_FAR_TOO_HIGH  # the lr names the cause (`learned_nothing`)
    if answers is None or not names_an_accuracy(answers[0]) or (view.loss is None and not far_off):
        return None
    if learning(view) or held_out_fell(view):
        return None
    said, right = answers
    right = right[np.isfinite(right)]
    known = chance_classes(view) or classes_of_still_answers(said, right)  # K as the run states it, else as they do
    if known is None or known[0] < 3 or not at_chance_throughout(right, known[0]) or climbed_steadily(right):
        return None
    low, high = np.percentile(right, [25, 75])
    if high - low > 2 * CHANCE_ACCURACY_BAND / known[0]:
        return None  # answers swinging about 1/K (each federated round's local fit, reset): no guess held throughout
    k, how = known
    steps = view.run.metrics[said].steps
    detail = f"{said} stays at {fmt(float(np.median(right)))}, the chance level 1/{k}: the model learns nothing ({how})"
    return learned_nothing(view, f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}", detail, CHANCE_ANSWERS_CONFIDENCE)


def has_chance_level(view: View, *names: str) -> bool:
    """Whether the losses `names` can be read against ln K: no side of a game (a GAN's), no likelihood judged negated
    (a density's, of continuous values, has no chance level)."""
    roles = view.run.role_map()
    game = game_losses(view.run)
    return not any(name in game or (name in roles and roles[name].higher_is_better) for name in names)


def overconfident_held_out(view: View) -> Finding | None:
    """The validation loss's last fifth above CHANCE_EXCEEDED x ln K (and beyond its own noise) while the training loss
    ends under CHANCE_TRAIN_FIT x ln K: the model answers its training data with confidence and new inputs worse than a
    uniform guess, with confidence too: it learned its training set, not the task (overfitting). Measured on the
    tuning families (round 40, K as the debugger reads it): every healthy run's validation loss ends under 1.2 x ln K
    with its training loss fitted; overfitting runs end at 1.8-8 x. Where the held-out answers sit at chance,
    `labels_apart` says more."""
    import numpy as np

    found = finite_loss(view)
    known = chance_classes(view) if found is not None and view.val is not None else None
    if found is None or view.val is None or known is None or not has_chance_level(view, found[0], view.val.name):
        return None
    k, how = known
    name, _, loss = found
    val = view.val.values[np.isfinite(view.val.values)]
    if val.size < MIN_EVALUATIONS:
        return None
    train = float(np.median(loss[-max(3, loss.size // 5) :]))
    tail = val[-max(3, val.size // 5) :]
    level, chance = float(np.median(tail)), math.log(k)
    if train >= CHANCE_TRAIN_FIT * chance or level < CHANCE_EXCEEDED * chance:
        return None
    if level - chance <= CHANCE_NOISE_Z * robust_sd(val):
        return None
    steps = view.val.steps[np.isfinite(view.val.values)]
    detail = (
        f"{view.val.name} ends at {fmt(level)}, {level / chance:.1f} x the chance level ln {k} = {fmt(chance)}, while "
        f"{name} fell to {fmt(train)}: sure of its training answers and more wrong than a uniform guess on new inputs, "
        f"the model learned its training set, not the task ({how})"
    )
    where = fmt_step(steps[-tail.size])
    return Finding("overfitting", OVERCONFIDENT_CONFIDENCE, [evidence(view.source, where, detail)])


def worse_than_chance(view: View) -> Finding | None:
    """The training loss's last fifth above CHANCE_EXCEEDED x ln K (and beyond its own noise) while the share of right
    answers sits at 1/K and never climbed (`answers_right`, `accuracy_at_chance`): a uniform guess scores ln K, so a
    model scoring far worse answers wrong with confidence, its logits thrown far out by steps too large and never
    brought back; not at a peak lr of at most LR_TINY, whose steps throw nothing out, nor for a loss falling rank by
    rank (`climbed_steadily` of its negation), which its steps bring down. K as the code, the config or the log states
    it, or as the answers say it, at 1/K from their start to their end (`classes_of_still_answers`: a loss thrown up
    tells no K; an ROC AUC tells 2, its loss then above AUC_CHANCE_EXCEEDED x ln 2). Without answers logged there is no
    sign: a loss summed over a batch or a sequence ends above ln K in a healthy run too."""
    import numpy as np

    from .quality import climbed_steadily

    found = finite_loss(view)
    answers = answers_right(view)
    if found is None or answers is None or not has_chance_level(view, found[0]) or found[2].size < MIN_POINTS:
        return None
    said, right = answers
    if climbed_steadily(right[np.isfinite(right)]):
        return None  # answers getting better: the model learns, whatever its loss's scale
    if (lr := peak_lr(view)) is not None and lr <= LR_TINY:
        return None  # steps this small throw no logits out: the loss is scaled otherwise (a sum, a composite)
    known = chance_classes(view)
    exceeded = CHANCE_EXCEEDED if known is not None or not ROC_AUC_WORDS & set(words(said)) else AUC_CHANCE_EXCEEDED
    known = known or classes_of_still_answers(said, right) or two_way_guess(said, right)
    if known is None:
        return None
    k, how = known
    name, steps, loss = found
    tail = loss[-max(3, loss.size // 5) :]
    level, chance = float(np.median(tail)), math.log(k)
    if level < exceeded * chance or level - chance <= CHANCE_NOISE_Z * robust_sd(tail):
        return None
    if climbed_steadily(-loss):
        return None  # falling rank by rank: its steps bring it down, so the excess is its own scale (the HAR LSTM's L2
        # term in its cost), not logits they threw out
    if part_under(view, exceeded * chance):
        return None  # a component of the total within its bar (`pure loss` beside a `loss` with an attention penalty)
    if (share := accuracy_at_chance(right, k)) is None:
        return None
    where = f"{fmt_step(steps[-tail.size])}-{fmt_step(steps[-1])}"
    detail = (
        f"{name} ends at {fmt(level)}, {level / chance:.1f} x the chance level ln {k} = {fmt(chance)}, while {said} "
        f"sits at {fmt(share)}, its chance level 1/{k}: the model answers worse than a uniform guess, with confidence "
        f"(its logits thrown far out by steps too large) ({how})"
    )
    return Finding("lr_too_high", CHANCE_EXCEEDED_CONFIDENCE, [evidence(view.source, where, detail)])


def part_under(view: View, bar: float) -> str | None:
    """A component of the training loss (`MetricRole.LOSS_COMPONENT`, the training split's) whose last fifth lies under
    `bar`: the total's excess over it is another term's (freda's structured self-attention prints `loss 3.29 | pure
    loss 1.41`, its total adding the attention matrix's penalty ||AA^T - I||^2 to the cross-entropy), not logits thrown
    out. None where no component is logged or each stands above it too."""
    import numpy as np

    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.LOSS_COMPONENT or info.split not in (None, "train"):
            continue
        values = np.asarray(view.run.metrics[name].values, dtype=float)
        values = values[np.isfinite(values)]
        if values.size >= MIN_POINTS and float(np.median(values[-max(3, values.size // 5) :])) < bar:
            return name
    return None


DISTANCE_WORDS = frozenset({"px", "pixel", "pixels", "cm", "mm", "deg", "degree", "degrees"})
"""Units of a distance a share of errors is thresholded at (PSMNet's `3-px error`: the share of pixels whose disparity
is off by more than 3; a pose's `5cm`): a regression's error counted, no answer among K classes, no chance level 1/K."""


def answers_right(view: View, *splits: Split | None, least: int = MIN_POINTS) -> tuple[str, np.ndarray] | None:
    """The share of right answers on the first of `splits` that logs one at `least` points (by default the training
    data, else data no split names, else held out), as (name, values): an accuracy, or an error rate turned (`top1_err`
    75 -> 0.25), or an ROC AUC (at 1/2 by chance, as a two-way answer: PNN's `train-auc`), or a micro-averaged F1
    (`names_a_micro_f1`); a percentage read as a share. Not a share of errors beyond a distance (`DISTANCE_WORDS`)."""
    import numpy as np

    roles = view.run.role_map()
    for split in splits or ("train", None, "val", "test"):
        for name, info in roles.items():
            said = set(words(name))
            if (
                info.split != split
                or {"best", *DISTANCE_WORDS} & said
                or not ((SHARE_RIGHT_WORDS | ROC_AUC_WORDS) & said or names_a_micro_f1(name))
            ):
                continue
            if info.role not in (MetricRole.ACCURACY, MetricRole.ERROR) or len(view.run.metrics[name]) < least:
                continue
            shares = as_shares(np.asarray(view.run.metrics[name].values, dtype=float))
            return name, shares if info.role is MetricRole.ACCURACY else 1 - shares
    return None


def classes_of_still_answers(name: str, right: np.ndarray) -> tuple[int, str] | None:
    """K from a share of right answers within CHANCE_ACCURACY_BAND of 1/K over its first third and its last: a model
    that never left the chance level of K classes; 2 for an ROC AUC there, whose chance level is 1/2 whatever the
    classes (its guesses fall on either side of it)."""
    import numpy as np

    finite = right[np.isfinite(right)]
    if finite.size < MIN_POINTS:
        return None
    if ROC_AUC_WORDS & set(words(name)):
        k, how = 2, f"{name}, an ROC AUC, stays at 1/2, a guess's"
    elif 0 < (middle := float(np.median(finite))) <= 0.5:
        k, how = round(1 / middle), f"{name} sits at 1/{round(1 / middle)} from its start to its end"
    else:
        return None
    return (k, how) if at_chance_throughout(finite, k) else None


def two_way_guess(name: str, right: np.ndarray) -> tuple[int, str] | None:
    """K = 2 from a share of right answers a little above 1/2 (within CHANCE_ACCURACY_REACH) over its first third and
    its last: a two-way guess lands on either side of 1/2 (round 61's AttentionDeepMIL at x300 Adam, its training error
    0.46-0.52 beside a loss at 8.8 x ln 2). Read for a loss far above ln K only (`worse_than_chance`): a held-out share
    there is as likely a model that learned little (`labels_apart` wants 1/K from under it)."""
    import numpy as np

    finite = right[np.isfinite(right)]
    if finite.size < MIN_POINTS or not 0.5 < float(np.median(finite)) <= 0.5 + CHANCE_ACCURACY_REACH:
        return None
    return (2, f"{name} sits at 1/2 from its start to its end") if at_chance_throughout(finite, 2) else None


def at_chance_throughout(right: np.ndarray, k: int) -> bool:
    """Whether shares of right answers sit within CHANCE_ACCURACY_BAND of 1/K over their first third and their last."""
    import numpy as np

    third = max(2, right.size // 3)
    return all(
        abs(float(np.median(end)) - 1 / k) <= CHANCE_ACCURACY_BAND / k for end in (right[:third], right[-third:])
    )


def stuck_at_chance(view: View) -> Finding | None:
    """The loss at ln K over the run's second and last fifths (its last two, where it never went under ln K: thrown
    above chance and fallen back), not falling steadily out of it (a run creeping down by less than its tolerance over
    its whole length is still at chance): the model learns nothing."""
    import numpy as np

    found = finite_loss(view)
    known = chance_classes(view) or binary_by_level(view)
    if found is None or known is None:
        return None
    k, how = known
    name, steps, loss = found
    chance = math.log(k)
    fifth = max(3, loss.size // 5)
    last = loss[-fifth:]
    tol = loss_tolerance(k, last)
    smooth = rolling_median(loss, max(3, loss.size // 50))
    from_above = float(smooth.min()) >= chance - tol  # knocked above chance and back, never under it: stuck at the
    # end is stuck (ChebNet at an lr of 0.9: 1380 -> 1.41 beside ln 4)
    middle_fifth = loss[-2 * fifth : -fifth] if from_above else loss[fifth : 2 * fifth]
    level, middle = float(np.median(last)), float(np.median(middle_fifth))
    if abs(level - chance) > tol or abs(middle - chance) > tol or tol >= chance:
        return None  # (a band as wide as ln K holds a perfect fit too: noise that wide tells no chance level)
    if trend_tau(smooth) <= STEADY_FALL and not crept_at_chance(view, k, start_level(loss) - level, smooth):
        return None
    ratio = layer_ratio(view)
    if ratio is not None and ratio[0] < VANISHING_RATIO:
        return None  # the early layers starve: detect_layer_gradients says vanishing gradients
    if data_period(view) is not None:
        return None  # a sawtooth about ln K: each run of one kind of batch learned, then forgotten (the data order)
    where = f"{fmt_step(steps[fifth])}-{fmt_step(steps[-1])}"
    detail = (
        f"{name} stuck at {fmt(level)}, the chance level ln {k} = {fmt(chance)} (within {fmt(tol)}): "
        f"the model learns nothing ({how})"
    )
    return learned_nothing(view, where, detail, CHANCE_STUCK_CONFIDENCE)


def crept_at_chance(view: View, k: int, fall: float, smooth: np.ndarray) -> bool:
    """A steady fall that never left chance: smaller than CHANCE_LOSS_TOLERANCE x ln K over the whole run, or one from
    above that never went under ln K by more than that (a model knocked above chance by its first steps falling back
    to the guess of the prior: the family casebook's ViT at lr 0.9, 1.62 -> 1.43 on 4 classes), while the accuracy,
    when one is logged, ends at 1/K too (an accuracy climbing from 0.035 to 0.26 on 200 classes is learning, however
    slowly its loss falls)."""
    tolerance = CHANCE_LOSS_TOLERANCE * math.log(k)
    if fall >= tolerance and float(smooth.min()) < math.log(k) - tolerance:
        return False
    acc = view.accuracy("val", "test", "train", None)
    return acc is None or accuracy_at_chance(acc.values, k) is not None


def accuracy_at_chance(values: np.ndarray, k: int) -> float | None:
    """The median of an accuracy's last third when it lies at 1/K (within CHANCE_ACCURACY_BAND / K, at most
    CHANCE_ACCURACY_REACH, or its own noise), else None; a percentage is read as a share."""
    import numpy as np

    acc = as_shares(values[np.isfinite(values)])
    if acc.size < 3:
        return None
    tail = acc[-max(2, acc.size // 3) :]
    middle = float(np.median(tail))
    if abs(middle - 1 / k) > max(
        min(CHANCE_ACCURACY_BAND / k, CHANCE_ACCURACY_REACH), CHANCE_NOISE_Z * robust_sd(tail)
    ):
        return None
    return None if middle - 1 / k > guess_noise(examples_counted(values), k) else middle


def guess_noise(n: int | None, k: int) -> float:
    """How far above 1/K a guess may score on a held-out set of n examples (as `quality.examples_counted` reads n off an
    accuracy's values): CHANCE_NOISE_Z binomial standard errors of a share right by chance, sqrt(1/K (1 - 1/K) / n);
    infinite when n is unknown. A model 32% right on 512 examples of 4 classes (3.7 errors above 1/4) learned
    something."""
    return math.inf if n is None else CHANCE_NOISE_Z * math.sqrt((1 - 1 / k) / (k * n))


def labels_apart(view: View) -> Finding | None:
    """Validation accuracy at 1/K (its last third, within CHANCE_ACCURACY_BAND or its own noise) while the training loss
    ends under CHANCE_TRAIN_FIT x ln K, not where it stood from its start (`trend.barely_moved`), or (that loss not
    fitted, or none logged: ConvMixer's console prints accuracies alone) the training answers end at least
    CHANCE_TRAIN_ANSWERS of the way from 1/K to all right (`answers_right`; answers being a coarser sign than a loss,
    the held-out ones then within half the band): the labels do not follow
    from the inputs, or the training batches tell them some other way (sorted by class, each batch's answer is the last
    batch's); or, when the training loss was fitted in the run's first MEMORISED_FAST (`memorised_fast`), a training set
    too small to carry over (overfitting), unless the loss jumps as the batches' kind changes (`detect_order_jumps`:
    sorted batches, each fitted at once). K as `chance_classes` reads it, or as the held-out answers say it, at 1/K from
    their start to their end (`classes_of_still_answers`)."""
    import numpy as np

    found = finite_loss(view)
    val_acc = view.accuracy("val", "test")
    if val_acc is None:
        return None
    known = chance_classes(view) or classes_of_still_answers(val_acc.name, as_shares(val_acc.values))
    if known is None:
        return None
    k, how = known
    loss = found[2] if found is not None else None
    level = float(np.median(loss[-max(3, loss.size // 5) :])) if loss is not None else math.inf
    if (middle := accuracy_at_chance(val_acc.values, k)) is None:
        return None
    fitted = f"{found[0]} fell to {fmt(level)}" if found is not None else ""
    if level >= CHANCE_TRAIN_FIT * math.log(k) or (loss is not None and barely_moved(loss)):  # not fitted (a loss low
        # from its start that stood there fitted nothing here: DeepLab's per-pixel loss at a tiny lr), or no loss
        # logged (ConvMixer's console): the answers
        trained = answers_right(view, "train")
        right = trained[1][np.isfinite(trained[1])] if trained is not None else np.empty(0)
        end = float(np.median(right[-max(2, right.size // 3) :])) if right.size >= MIN_EVALUATIONS else 0.0
        if trained is None or end < 1 / k + CHANCE_TRAIN_ANSWERS * (1 - 1 / k):
            return None
        if abs(middle - 1 / k) > CHANCE_ACCURACY_BAND / (2 * k):
            return None
        fitted = f"{trained[0]} ends at {fmt(end)} of its answers right"
    finite = int(np.isfinite(val_acc.values).sum())
    at = float(val_acc.steps[np.isfinite(val_acc.values)][-max(2, finite // 3)])
    detail = (
        f"{val_acc.name} {fmt(middle)} from {fmt_step(at)}, the chance level 1/{k} = {fmt(1 / k)}, while {fitted}: "
        "the model fits its training labels and nothing that carries to new inputs"
    )
    quickly = memorised_fast(loss) if loss is not None else None
    if quickly is not None and not detect_order_jumps(view):
        detail += f", learned by heart by {quickly:.0%} of the run: a set too small, or labels apart from inputs"
        detail += f" ({how})"
        return Finding("overfitting", CHANCE_LABELS_CONFIDENCE, [evidence(view.source, fmt_step(at), detail)])
    if quickly is not None:  # fitted at once, but jumping at each change of the batches' kind: each batch's answer
        detail += f", sorted data: each run of batches fitted at once, the loss jumping as their kind changes ({how})"
    else:
        detail += f", the labels do not follow from the inputs ({how})"
    return Finding("data_issue", CHANCE_LABELS_CONFIDENCE, [evidence(view.source, fmt_step(at), detail)])


def memorised_fast(loss: np.ndarray) -> float | None:
    """The share of the run at which the training loss (a 5-point running mean) first stood under a tenth of its
    start, when that is within MEMORISED_FAST; else None."""
    import numpy as np

    if loss.size < 10:
        return None
    mean = np.convolve(loss, np.ones(5) / 5, mode="valid")
    under = np.flatnonzero(mean < 0.1 * start_level(loss))
    share = float(under[0]) / mean.size if under.size else 1.0
    return share if share <= MEMORISED_FAST else None
