"""A run's measures of learning other than its loss: a quality measure that improved, an RL reward that never did.

A run that logs no loss is judged on a quality measure (an accuracy, F1, reward; an error, WER, turned so that
higher is better) that improved and kept its gain (`improving_quality`); the engine then judges it healthy unless a
detector says otherwise. Both rules read "improved" the same way (`improved`, QUALITY_RISE).

The loss of an RL run (a policy-gradient surrogate) is computed on data the agent's own policy collects: it crosses
zero or sits at it, and says nothing by its ratios (`finite_loss` leaves it out); the reward is what the agent is
trained to raise (Sutton and Barto, "Reinforcement Learning: An Introduction", 2018, ch. 3: the agent's goal is to
maximise the return). So where the loss cannot be judged, a mean reward that never improved (`improved`) is
`loss_plateau`: the agent learns nothing. A run whose loss can be judged is judged on it (DPO's
loss falls as it learns, while its implicit `rewards` of chosen answers fall by design).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...logs.model import Run
from ...logs.roles import (
    ACCURACY_WORDS,
    AGGREGATE_WORDS,
    NO_SHARE_WORDS,
    RATE_WORDS,
    RETURN_WORDS,
    REWARD_WORDS,
    SHARE_RIGHT_WORDS,
    MetricRole,
    Split,
    share_scale,
    words,
    words_in_run,
)
from ..findings import Finding, evidence
from ..thresholds import (
    ANSWERED_WELL,
    ANSWERS_STILL_CONFIDENCE,
    COUNT_SLACK,
    EXPLAINED_NOTHING_R2,
    FALL_WITHOUT_LEARNING_CONFIDENCE,
    FAR_TOO_HIGH_LR_CONFIDENCE,
    FROZEN_BESIDE_TRAIN_FIT,
    FROZEN_BESIDE_VAL_FALL,
    FROZEN_CONFIDENCE,
    FROZEN_MEASURE_SPREAD,
    FROZEN_SHARE,
    HELD_OUT_SET_MAX,
    MIN_EVALUATIONS,
    MIN_POINTS,
    NO_POSITIVE_CONFIDENCE,
    NO_POSITIVE_SHARE,
    POLICY_KL_FAR,
    PRINTED_PRECISION,
    QUALITY_CLIMB_Z,
    QUALITY_ERROR_SHRINK,
    QUALITY_KEPT,
    QUALITY_LOW,
    QUALITY_NOISE_Z,
    QUALITY_RISE,
    QUALITY_SMOOTHING,
    REWARD_FLAT_CONFIDENCE,
    REWARD_TREND_BLOCKS,
    REWARD_TREND_Z,
    REWARD_WINDOW_HEAD,
    START_POINTS,
    TINY_EVAL_SET,
    TOGGLED_EVALUATIONS,
)
from .stats import MEDIAN_SE, kendall_tau, mann_kendall_z, rolling_median, trend_z
from .view import (
    Curve,
    View,
    arrays,
    as_shares,
    finite_loss,
    fmt,
    fmt_step,
    learned_nothing,
    lr_note,
    start_level,
    training_fit,
)

if TYPE_CHECKING:
    import numpy as np


def improved(start: float, end: float, scale: float = 0.0) -> bool:
    """Whether a measure where higher is better ended at least QUALITY_RISE of the larger of |start|, |end| and its
    `scale` (a share's whole: 0.03 from 0 is no gain of a success rate) above its start (the scale holds for measures
    that are negative, as rewards may be)."""
    gain = end - start
    return gain > 0 and gain >= QUALITY_RISE * max(abs(start), abs(end), scale)


def above_noise(values: np.ndarray, gain: float, end_points: int) -> bool:
    """Whether the gain between the medians of a measure's first START_POINTS and its last `end_points` stands
    QUALITY_NOISE_Z standard errors above its point-to-point noise (the interquartile range of its steps over 1.349, a
    normal's, and over the root of 2: a learning curve's few big early steps stay outside it, and a few points printed
    to a few digits do not make it 0 as they do a MAD; a median's standard error is MEDIAN_SE x the noise over the root
    of its points): six noisy evaluation rewards swinging from 0.3 to 5.1 do not show a gain of 2.4."""
    import numpy as np

    steps = np.diff(values)
    spread = float(np.subtract(*np.percentile(steps, [75, 25]))) if steps.size > 1 else 0.0
    noise = spread / 1.349 / float(np.sqrt(2))
    return gain >= QUALITY_NOISE_Z * MEDIAN_SE * noise * float(np.sqrt(1 / START_POINTS + 1 / end_points))


def perfect_score(values: np.ndarray) -> float | None:
    """The perfect score of an accuracy whose values all lie in [0, 1] (1) or, some above 1, in [0, 100] (a
    percentage: 100); None for a measure on another scale."""
    import numpy as np

    finite = values[np.isfinite(values)]
    if not finite.size or float(finite.min()) < 0 or float(finite.max()) > 100:
        return None
    return 1.0 if float(finite.max()) <= 1 else 100.0


def improving_quality(run: Run, losses: bool = True) -> str | None:
    """With no training loss to judge, the name of a quality measure of at least MIN_POINTS points that improved and
    kept its gain (QUALITY_RISE, QUALITY_KEPT): an accuracy, F1, mAP or reward that rose, or an error rate, WER, pose
    error or validation loss that fell (a training loss logged a few times beside one per epoch: round30's CL-005); or
    an accuracy whose distance to a perfect score halved (QUALITY_ERROR_SHRINK). A run whose quality improves is
    learning, and is judged healthy unless a detector says otherwise; one whose measure stays flat is inconclusive. A
    running best (`best_acc`) improves by construction and is not read. The best is taken on the rolling median
    (QUALITY_SMOOTHING), so one lucky episode of a noisy RL reward is not it. `losses=False` reads no validation loss
    (one that fell may only have come back from a blow-up)."""
    import numpy as np

    direction = {MetricRole.ACCURACY: 1.0, MetricRole.ERROR: -1.0}
    if losses:
        direction[MetricRole.VAL_LOSS] = -1.0
    named = {
        name: direction[info.role]
        for name, info in run.role_map().items()
        if info.role in direction and "best" not in words(name) and len(run.metrics[name]) >= MIN_POINTS
    }
    for name in sorted(named, key=lambda n: -len(run.metrics[n])):
        values = arrays(run.metrics[name])[1]
        better = named[name] * values[np.isfinite(values)]  # higher is better on this scale, whatever the measure
        if better.size < MIN_POINTS:
            continue
        start = float(np.median(better[:START_POINTS]))
        end_points = max(START_POINTS, better.size // 5)
        end = float(np.median(better[-end_points:]))
        window = max(3, better.size // QUALITY_SMOOTHING)
        level = rolling_median(better, window)[window - 1 :]  # whole windows: the first points are raw (a lucky
        # early episode of a noisy reward is no best: round76's JQ-011, 2,520 among returns of ~400)
        best, kept = float(level.max()), float(level[-1])  # the gain kept is read on the level the best was read on
        scale = perfect_score(values) if named[name] > 0 and not NO_SHARE_WORDS & set(words(name)) else None
        errors_shrank = (  # (not from a perfect first point: round40's EK-007, Acc@1 100 at every test batch)
            scale is not None and float(better[0]) < scale and scale - end <= QUALITY_ERROR_SHRINK * (scale - start)
        )
        climbed = climbed_steadily(better)
        gained = (improved(start, end) or errors_shrank or climbed) and above_noise(better, end - start, end_points)
        if gained and kept - start >= QUALITY_KEPT * (best - start):
            return name
    return None


def climbed_steadily(better: np.ndarray) -> bool:
    """Whether a measure (higher is better) climbed rank by rank, however little: its Mann-Kendall score at least
    QUALITY_CLIMB_Z."""
    return trend_z(better) >= QUALITY_CLIMB_Z


def stuck_low_accuracy(view: View) -> str | None:
    """Why an accuracy says the run learned nothing useful, or None: one of MIN_EVALUATIONS steps or more (a running
    best aside) that never improved (`improved`, `climbed_steadily`) and ends under QUALITY_LOW of its scale, beside a
    loss that did not fall to under half its start (`events.learning`) and no other such measure that improved
    (GRU4Rec's MRR flat at 0.42 while its Recall@20 climbs 0.67 -> 0.79: the model learned). A measure on no share's
    scale (NO_SHARE_WORDS: a PSNR) has no "low"."""
    import numpy as np

    from .events import learning

    if learning(view):
        return None  # a loss that fell to under half its start learned: an accuracy that says otherwise is broken
    stuck: list[str] = []
    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.ACCURACY or {"best", *NO_SHARE_WORDS} & set(words(name)):
            continue
        steps, values = arrays(view.run.metrics[name])
        values = values[np.isfinite(values)]
        if values.size < MIN_EVALUATIONS or np.unique(steps).size < MIN_EVALUATIONS:
            continue  # a report's per-class rows, printed at one step, are no curve
        head = max(START_POINTS, values.size // 5)
        start, end = float(np.median(values[:head])), float(np.median(values[-head:]))
        if improved(start, end) or climbed_steadily(values):
            return None
        if end < QUALITY_LOW * share_scale(float(values.max())):
            stuck.append(f"{name} never improved: {fmt(start)} at start, {fmt(end)} at end")
    return stuck[0] if stuck else None


def explained_nothing(view: View) -> str | None:
    """Why a held-out R² says the model explains nothing, or None: its last value is at most EXPLAINED_NOTHING_R2
    (however seldom printed: a test's R² once after training)."""
    import numpy as np

    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.ACCURACY or info.split == "train" or "r2" not in words(name):
            continue
        values = arrays(view.run.metrics[name])[1]
        values = values[np.isfinite(values)]
        if values.size and float(values[-1]) <= EXPLAINED_NOTHING_R2:
            return f"{name} ends at {fmt(float(values[-1]))}: the model explains next to none of its target's variance"
    return None


def answering_well(view: View) -> str | None:
    """The name of an accuracy (a running best aside) of MIN_POINTS points or more whose median over the run is at
    least ANSWERED_WELL of its scale: the model learned, before its first print if not after."""
    import numpy as np

    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.ACCURACY or {"best", *NO_SHARE_WORDS} & set(words(name)):
            continue
        values = arrays(view.run.metrics[name])[1]
        values = values[np.isfinite(values)]
        if values.size >= MIN_POINTS and float(np.median(as_shares(values))) >= ANSWERED_WELL:
            return name
    return None


NOT_THE_REWARD = frozenset(
    {"std", "max", "min", "best", "worst", "time", "timing", "chosen", "rejected", "c", "r", "margin", "margins",
     "accuracies"}
)  # fmt: skip
"""Words that make a reward series something else than the reward the agent raises: its spread or extremes, the time
spent computing it, DPO's implicit rewards of chosen and rejected answers (TRL: `rewards/chosen`, `rewards/margins`;
hand-written loops: `rewards(c/r)=-0.03/-0.02`), which move apart by design as the policy leaves its reference: a
preference-optimisation run is judged on its loss, which is its objective."""


SUCCESS_WORDS = frozenset({"success"})
AGENT_GOAL_WORDS = RETURN_WORDS | SUCCESS_WORDS
"""What an agent raises, judged where the run logs no loss: a reward, a return (`ep_return`) or a goal-conditioned
agent's success rate (HER's `test/success_rate`, round45's EG-001)."""
EPISODE_WORDS = frozenset({"episode", "episodes", "ep", "episodic"})
"""Words of a reward summed over an episode (`mean episode reward`, SB3's `ep_rew_mean`): the return an agent raises,
where a bare `reward` beside it is one step's."""
RANKING_WORDS = frozenset({"auc", "auroc", "roc", "ap", "map", "ndcg", "mrr"})
"""Words of measures that rank scores rather than count answers: they move while a constant classifier's scores shift
(the family casebook's knowledge tracer with dead ReLUs: `val_auc` 0.54 -> 0.59 while `val_acc` prints 0.4005 at
every evaluation)."""


HIT_WORDS = frozenset({"hit", "hits"})
"""Words of a hit ratio (`HR@10`, `Hits @10`): the share of queries whose answer is ranked in the top k, a share of
answers right as an accuracy is (a recommender's or a knowledge-graph embedding's; its chance level is k over the
candidates ranked)."""


def reward_curve(view: View, kinds: frozenset[str] = REWARD_WORDS) -> Curve | None:
    """The run's mean reward (most points; of equals, an episode's or a mean's over one step's, then the plainest
    name), or None when it logs none. `kinds`: the words of what the agent raises (a reward's; `AGENT_GOAL_WORDS`
    where nothing else is judged: a return, a success rate; SB3 Monitor's `r` is a return: `words_in_run`)."""
    said = {name: set(words_in_run(name, view.run.metrics)) for name in view.run.metrics}
    named = [
        name
        for name, series in view.run.metrics.items()
        if kinds & said[name] and not NOT_THE_REWARD & said[name] and len(series) >= MIN_POINTS
    ]
    if not named:
        return None
    summed = EPISODE_WORDS | AGGREGATE_WORDS
    name = min(named, key=lambda n: (-len(view.run.metrics[n]), not summed & set(words(n)), len(words(n))))
    return Curve(name, *arrays(view.run.metrics[name]))


def detect_policy_leaps(view: View) -> list[Finding]:
    """A policy-gradient run whose approximate KL between the policies before and after an update (PPO's `approx_kl`,
    baselines' `approxkl`) stands at POLICY_KL_FAR or more at the median update: every update throws the policy far
    outside any trust region, as steps too large do."""
    import numpy as np

    for name, series in view.run.metrics.items():
        said = words(name)
        if "approxkl" not in said and not ("approx" in said and "kl" in said):
            continue
        steps, values = arrays(series)
        keep = np.isfinite(values)
        if int(keep.sum()) < MIN_POINTS or (median := float(np.median(values[keep]))) < POLICY_KL_FAR:
            continue
        where = f"{fmt_step(float(steps[keep][0]))}-{fmt_step(float(steps[keep][-1]))}"
        detail = (
            f"{name} has a median of {fmt(median)} nats per update (max {fmt(float(values[keep].max()))}): each update "
            "replaces the policy instead of stepping within a trust region (PPO's targets: 0.003-0.03)"
            + lr_note(view, float(steps[keep][int(np.argmax(values[keep]))]))
        )
        return [Finding("lr_too_high", FAR_TOO_HIGH_LR_CONFIDENCE, [evidence(view.source, where, detail)])]
    return []


def detect_reward(view: View) -> list[Finding]:
    """With no loss to judge, a mean reward whose end (median of its last fifth) did not improve (`improved`) on its
    start (median of its first tenth), nor climbs block by block (`climbs`), while no other quality measure improved
    (`improving_quality`: a game's score): the agent learns nothing."""
    import numpy as np

    found = reward_curve(view, AGENT_GOAL_WORDS) if finite_loss(view) is None else None
    if found is None:
        return []
    name, steps, values = found
    keep = np.isfinite(values)
    steps, values = steps[keep], values[keep]
    if values.size < MIN_POINTS:
        return []
    start = float(np.median(values[: max(3, values.size // REWARD_WINDOW_HEAD)]))
    end = float(np.median(values[-max(3, values.size // 5) :]))
    share = SUCCESS_WORDS & set(words(name))  # a success rate gains on its whole scale, 1 or 100%
    if improved(start, end, (perfect_score(values) or 0.0) if share else 0.0) or climbs(values):
        return []
    if improving_quality(view.run, losses=False) not in (None, name):  # a game's score climbed beside a last step's
        return []  # sparse reward (round85's KQ-005: `total_score` 69 -> 250, `reward` 0 at most episodes' end)
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
    detail = (
        f"{name} never improved over {values.size} points: {fmt(start)} at start, {fmt(end)} at end; the reward is "
        "what an RL agent raises as it learns, so the agent learns nothing"
    )
    return [learned_nothing(view, where, detail, REWARD_FLAT_CONFIDENCE)]


def climbs(values: np.ndarray) -> bool:
    """Whether the means of REWARD_TREND_BLOCKS consecutive blocks of `values` rise by the Mann-Kendall test."""
    import numpy as np

    blocks = np.array([block.mean() for block in np.array_split(values, min(REWARD_TREND_BLOCKS, values.size))])
    return mann_kendall_z(kendall_tau(blocks), blocks.size) >= REWARD_TREND_Z


def detect_frozen_accuracy(view: View) -> list[Finding]:
    """A validation accuracy or error measure (one that names no split but is printed at an evaluation's cadence,
    `evaluated`, too) that printed one and the same value (within FROZEN_MEASURE_SPREAD of it) from its first evaluation
    over at least FROZEN_SHARE of them (and MIN_EVALUATIONS): the model's predictions did not change, a constant output
    (one class for every input, blanks only) that learns nothing, whatever its loss does. A healthy model changes its
    answers from one evaluation to the next. No sign: a measure saturated at its best (an accuracy of 1 or 100%, an
    error of 0), an accuracy or error rate that is a share of a handful of examples (`counted`: unless none was ever
    right and the loss did not fall to half its start; an RMSE is no share), a running best, an RL return (the greedy
    policy of a small game scores the same return until it finds the goal), a measure frozen beside a validation loss
    that fell to under FROZEN_BESIDE_VAL_FALL of its start (the model's held-out answers changed: the measure is
    broken), or beside another measure of the answers of its kind (an accuracy's, an error's) that moved at the same
    evaluations (the answers changed: TF Estimator's `accuracy_baseline`, the majority class's accuracy, beside its
    `accuracy`; DINO's last layer's cardinality error beside its first layer's). Not a ranking measure
    (RANKING_WORDS): an AUC moves while scores that still give one class for every input change their order. With a
    tiny peak lr it is the lr (`lr_too_low`), else a plateau."""
    import numpy as np

    from .events import learning

    best_end = {MetricRole.ACCURACY: (1.0, 100.0), MetricRole.ERROR: (0.0,)}
    named = [
        (name, info.role)
        for name, info in view.run.role_map().items()
        if info.role in best_end
        and (info.split in ("val", "test") or (info.split is None and view.evaluated(name)))
        and not {"best", "max", *RETURN_WORDS} & set(words(name))
    ]
    if fitted_apart(view):
        return []  # a training loss at a hundredth of its start: no constant output
    if view.val is not None and view.val.values.size >= MIN_EVALUATIONS:
        val = view.val.values[np.isfinite(view.val.values)]
        if val.size and float(np.median(val[-3:])) <= FROZEN_BESIDE_VAL_FALL * float(val[0]):  # one fixed set
            return []  # the held-out loss fell to under half: the answers on held-out data changed, the measure did not
    frozen, changed = [], set()  # changed: the (role, evaluations) of measures of the answers that moved
    for name, role in named:
        said = set(words(name))
        steps, values = arrays(view.run.metrics[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < MIN_EVALUATIONS or float(values[0]) in (-1.0, *best_end[role]):
            continue  # -1: COCO's "no such objects"
        if role is MetricRole.ERROR and float(np.max(np.abs(values))) > 100:
            continue  # a count, no share of answers: DETR's cardinality error (boxes predicted beyond the targets)
            # is fixed by construction in a model with no "no object" class (round64's HR-009: 294 at 62 epochs)
        moved = np.flatnonzero(np.abs(values - values[0]) > FROZEN_MEASURE_SPREAD * abs(float(values[0])))
        held = int(moved[0]) if moved.size else values.size
        if values.size >= TOGGLED_EVALUATIONS and np.unique(values).size <= 2 and view.loss is None:
            held = values.size  # two values over as many evaluations, no loss logged: one class answered, then
            # another (not RMTPP's marks, whose likelihood rose while its accuracy printed 0.642 or 0.723)
        if held < MIN_EVALUATIONS or held < FROZEN_SHARE * values.size:
            if not RANKING_WORDS & said:
                changed.add((role, steps.tobytes()))
            continue
        share = role is MetricRole.ACCURACY or bool(RATE_WORDS & said)
        if share and counted(values) and (float(values[0]) != 0 or learning(view)):
            continue  # a handful of answers moves in whole examples; none right ever, beside a loss that did not
            # fall to half its start, is a model that learned nothing (a loss that fell learned its training set)
        frozen.append((name, role, steps, values, held))
    for name, role, steps, values, held in frozen:
        if (role, steps.tobytes()) in changed:
            continue  # another measure of the answers moved at the same evaluations: the answers changed
        where = f"{fmt_step(steps[0])}-{fmt_step(steps[held - 1])}"
        printed = " and ".join(fmt(float(v)) for v in np.unique(values[:held]))
        detail = (
            f"{name} printed {printed} at each of its first {held} of {values.size} evaluations: the "
            "model's answers never changed (a constant output), it learns nothing"
        )
        return [learned_nothing(view, where, detail, FROZEN_CONFIDENCE)]
    return []


def fitted_apart(view: View) -> bool:
    """Whether the training loss ended under FROZEN_BESIDE_TRAIN_FIT of its start (`training_fit`)."""
    fit = training_fit(view)
    return fit is not None and fit[1] < FROZEN_BESIDE_TRAIN_FIT * fit[0]


def answers_stood_still(view: View, *splits: Split | None) -> tuple[str, float, float, float] | None:
    """A measure of the answers on one of `splits` (an accuracy, or an error rate turned) that stood still low: within
    QUALITY_RISE of its scale (ten points of a share) of where it started, its first value too, and under QUALITY_LOW of
    it, over MIN_EVALUATIONS or more, and neither climbing rank by rank (`climbed_steadily`) nor up at each of its
    evaluations (round54's FR-002, a word2vec analogy accuracy 0.008 -> 0.116 over five); as (name, its start and end as
    printed, its last step). Only a measure whose name says it counts answers right or wrong (an accuracy, an error
    rate: lstm.py's bare `Train 0.07` is an error) is judged, and not one at 0 throughout, which measured nothing."""
    import numpy as np

    for name, info in view.run.role_map().items():
        if info.role not in (MetricRole.ACCURACY, MetricRole.ERROR) or info.split not in splits:
            continue
        said = set(words_in_run(name, view.run.metrics))  # beside an NDCG, `HR` is a hit ratio
        if {"best", "max", *RANKING_WORDS} & said or not (ACCURACY_WORDS | RATE_WORDS | HIT_WORDS) & said:
            continue  # a running best, a ranking; or a name that does not say what it counts
        steps, values = arrays(view.run.metrics[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        if values.size < MIN_EVALUATIONS or not values.any():
            continue
        shares = as_shares(values)
        right = shares if info.role is MetricRole.ACCURACY else 1 - shares  # a share right, whichever is printed
        head = max(START_POINTS, values.size // 5)
        start, end = float(np.median(right[:head])), float(np.median(right[-head:]))
        moved = max(abs(end - start), abs(end - float(right[0])))  # from its start, or its very first answer
        rose = climbed_steadily(right) or bool(np.all(np.diff(right) > 0))  # at each evaluation: 1/120 by chance at 5
        if moved < QUALITY_RISE and end < QUALITY_LOW and not rose:
            printed = float(np.median(values[:head])), float(np.median(values[-head:]))
            return name, *printed, float(steps[-1])
    return None


def detect_answers_without_learning(view: View) -> list[Finding]:
    """With no loss logged (jax/examples' MLP prints its accuracies alone), or a training loss that did not fall
    (`events.learning`: round56's GA-012, its `train_acc` at 0.161 while its loss went 2.02 -> 2.15): the answers on the
    training data (or on data no split names) stood still low from their start (`answers_stood_still`) and no held-out
    measure of the answers improved (`improving_quality`): the run learned nothing, as a loss stuck at its start
    would say."""
    from .events import learning

    if improving_quality(view.run) is not None or (view.loss is None and view.val is not None):
        return []
    if view.loss is not None and (view.held_out or learning(view)):
        return []
    still = answers_stood_still(view, "train", None)
    if still is None or not (SHARE_RIGHT_WORDS | HIT_WORDS) & set(words_in_run(still[0], view.run.metrics)):
        return []  # a `Training Score` may be a loss (a DQN's TD error): only an accuracy or an error rate counts
    name, start, end, last = still
    steps = view.run.metrics[name].steps
    said = "no loss logged" if view.loss is None else f"{view.loss.name} not falling"
    detail = f"{name} stood at {fmt(start)} -> {fmt(end)} from its start, {said}: the model learns nothing"
    return [learned_nothing(view, f"{fmt_step(steps[0])}-{fmt_step(last)}", detail, ANSWERS_STILL_CONFIDENCE)]


def detect_fall_without_learning(view: View) -> list[Finding]:
    """A training loss that fell to under half its start (`events.learning`) while the answers on the same training
    data stood still low (`answers_stood_still`). A loss falls with no answer improving where it only undoes its own
    blow-up (logits thrown far out by too large steps shrink back) or shrinks the scores of a model that answers one
    class: the fall is no learning, and the run learned nothing (`learned_nothing` names the learning rate when it is
    far from any recipe's, else a plateau). Measured on the tuning families and the seen real logs (round 39): it fires
    on the DoReFa-Net at lr 1.8 (its loss 12.6 -> 1.86 as `train_error` stood at 0.71-0.76, two runs), APPNP at a
    too-high SGD lr and ECAPA with dead ReLUs (two runs), and on no healthy run."""
    import numpy as np

    from .events import learning

    found = finite_loss(view)
    if found is None or not learning(view) or (still := answers_stood_still(view, "train")) is None:
        return []
    name, start, end, last = still
    loss_name, steps, loss = found
    detail = (
        f"{loss_name} fell from {fmt(start_level(loss))} to {fmt(float(np.median(loss[-max(3, loss.size // 5) :])))} "
        f"while {name} stood at {fmt(start)} -> {fmt(end)} on the same training data: the fall is no learning"
    )
    return [learned_nothing(view, f"{fmt_step(steps[0])}-{fmt_step(last)}", detail, FALL_WITHOUT_LEARNING_CONFIDENCE)]


POSITIVE_WORDS = frozenset({"f1", "f1score", "fscore", "precision", "prec", "recall", "iou", "dice", "jaccard"})
"""Measures of the answers that count the positive ones found (an event, an entity, an object; the pixels of a mask
its IoU, Dice or Jaccard overlap): at zero, none was."""


def detect_no_positive(view: View) -> list[Finding]:
    """A held-out F1, precision, recall or mask overlap (or one that names no split) under NO_POSITIVE_SHARE of its
    scale at each of MIN_EVALUATIONS or more evaluations, while the training loss moved (not `barely_moved`: a plateau
    explains it better) and no other measure of the answers improved (`improving_quality`, losses aside): the model
    never found a positive; it answers the negative class for every input (no sound event, no entity), the labels' base
    rate and nothing of their content. The labels carry nothing it can learn (shuffled, misaligned with their inputs,
    thresholded wrong) or the positive class is too rare to be worth predicting: a data issue (round80's KE-005:
    precision, recall and F1 at 0.0 at each of 8 validations as its loss fell 0.17 -> 0.0005; round63's HP-001: a
    segmenter's IoU at 0.0 at each of 25 epochs)."""
    import numpy as np

    from .trend import barely_moved

    found = finite_loss(view)
    if found is not None and barely_moved(found[2]):
        return []  # nothing learned at all: the plateau explains the zero better
    improving = improving_quality(view.run, losses=False)
    for name, info in view.run.role_map().items():
        if info.role is not MetricRole.ACCURACY or info.split == "train" or not POSITIVE_WORDS & set(words(name)):
            continue
        steps, values = arrays(view.run.metrics[name])
        keep = np.isfinite(values)
        steps, values = steps[keep], values[keep]
        none_found = values.size >= MIN_EVALUATIONS and float(as_shares(values).max()) < NO_POSITIVE_SHARE
        if none_found and (improving in (None, name) or another_branch(improving, name)):  # its own creep off zero
            # (0 -> 0.0085) is no improvement, nor another head's (the boxes' `mAP50(B)` beside the keypoints' `(P)`)
            detail = (
                f"{name} at {fmt(float(values.max()))} or less at each of its {values.size} evaluations: the model "
                "never finds a positive (it answers the negative class for every input); check the labels against "
                "their inputs and how rare the positive class is"
            )
            where = f"{fmt_step(float(steps[0]))}-{fmt_step(float(steps[-1]))}"
            return [Finding("data_issue", NO_POSITIVE_CONFIDENCE, [evidence(view.source, where, detail)])]
    return []


_HEAD_TAG = re.compile(r"\((\w+)\)$")
"""The head a measure scores, tagged after its name (Ultralytics' `metrics/mAP50(B)` for boxes, `(M)` for masks,
`(P)` for pose keypoints)."""


def another_branch(one: str | None, other: str) -> bool:
    """Whether two measures score different heads of one model (`metrics/mAP50(B)`, `metrics/recall(P)`): the boxes
    learning says nothing of the keypoints (round90's LB-006, a YOLOv8 pose run whose every `(P)` measure stood at 0
    for 50 epochs: their labels never reached the keypoint head)."""
    tag, other_tag = _HEAD_TAG.search(one or ""), _HEAD_TAG.search(other)
    return tag is not None and other_tag is not None and tag.group(1) != other_tag.group(1)


def counted(values: np.ndarray) -> bool:
    """Whether a measure's values are all shares of one set of at most TINY_EVAL_SET examples (9/12 = 0.75, 10/12 =
    0.8333, as printed): such a measure repeats its value while the model learns, since a handful of answers moves
    it only in whole examples."""
    shares, precision = printed_shares(values)
    return bool(whole_counts(shares, precision)[:, 1:].all(axis=0).any())


def each_counted(values: np.ndarray) -> bool:
    """Whether every value of a measure is a share of its own handful of examples, at most TINY_EVAL_SET each (a
    masked model's accuracy over the ten or so tokens masked at each evaluation: 3/9, 3/10, 3/11, 4/9, 5/10...), as
    printed to a precision finer than such shares lie apart: a share of a handful lands on 1/2 or 1/3 by the count
    of its examples, not by a constant output."""
    shares, precision = printed_shares(values)
    if not shares.size or precision >= 0.5 / TINY_EVAL_SET**2:  # printed too coarsely: any value is near a fraction
        return False
    precision = max(precision, 1e-7)  # a share computed in float32 (torch's `.float().mean()`) is exact to 6e-8
    return bool(whole_counts(shares, precision).any(axis=1).all())


def examples_counted(values: np.ndarray) -> int | None:
    """The size n of the one held-out set an accuracy's values are shares of, read off the values: the smallest n (up
    to HELD_OUT_SET_MAX) of which every value is a whole number of examples within COUNT_SLACK, where they were printed
    finely enough to tell (`0.26562500`, `0.29492188`: 136 and 151 of 512); None for values no set of n explains (an
    average of per-batch accuracies) or too few of them (MIN_EVALUATIONS) to rule a smaller n out."""
    import numpy as np

    shares, precision = printed_shares(values[np.isfinite(values)])
    precision = max(precision, 1e-7)  # a share computed in float32 is exact to 6e-8
    if shares.size < MIN_EVALUATIONS or np.unique(shares).size < 2:
        return None  # one value repeated is a share of K examples as well as of any multiple of them
    top = min(HELD_OUT_SET_MAX, int(COUNT_SLACK / precision))
    for low in range(1, top + 1, 4096):
        n = np.arange(low, min(top, low + 4095) + 1)
        counts = shares[:, None] * n
        whole = (np.abs(counts - np.round(counts)) <= COUNT_SLACK).all(axis=0)
        if whole.any():
            return int(n[np.argmax(whole)])
    return None


def whole_counts(shares: np.ndarray, precision: float) -> np.ndarray:
    """For each share (a row) and each set of n = 1 .. TINY_EVAL_SET examples (a column), whether the share is a
    whole number of those examples to `precision` (a share's, so n times it in examples)."""
    import numpy as np

    n = np.arange(1, TINY_EVAL_SET + 1)
    return np.abs(shares[:, None] * n - np.round(shares[:, None] * n)) <= n * precision


def printed_shares(values: np.ndarray) -> tuple[np.ndarray, float]:
    """An accuracy's values as shares (a percentage read as one) and the precision they were printed to, as a share."""
    scale = share_scale(float(values.max())) if values.size else 1.0
    return values / scale, printed_precision(values) / scale


def printed_precision(values: np.ndarray) -> float:
    """Half a unit of the last decimal place the values were printed to (`0.4005`: 5e-5; the share 2/5 printed so is
    0.4000), at most PRINTED_PRECISION (three decimals, and values printed in exponent form)."""
    printed = [repr(float(value)) for value in values]
    decimals = max(0 if "e" in text else len(text.partition(".")[2]) for text in printed)
    return min(PRINTED_PRECISION, 0.5 * 10.0**-decimals)
