"""What the detectors read of a run: its judged series by role (`View`, `Curve`), and how they cite steps."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from ...logs.model import Run, Series
from ...logs.roles import AGGREGATE_WORDS, RETURN_WORDS, SPLIT_WORDS, MetricRole, Split, game_losses, words
from ..appended import restarts
from ..findings import Finding, evidence
from ..thresholds import (
    BLEW_UP_BEFORE,
    BLEW_UP_FROM_START,
    EARLY_BLOWUP,
    LR_FAR_TOO_HIGH,
    LR_FAR_TOO_LOW,
    LR_TINY,
    MIN_POINTS,
    SPIKE_RATIO,
    START_JUMP_Z,
    START_POINTS,
)
from .stats import log_noise

if TYPE_CHECKING:
    import numpy as np

    from ..classes import Classes

ACCURACY_WORDS = frozenset({"acc", "accuracy", "top1", "correct"})
"""Names of a classification accuracy (its chance level is 1/K), among the higher-is-better measures (F1, BLEU,
reward... have other chance levels)."""
MICRO_F1_WORDS = frozenset({"f1", "f1score", "fscore"})
"""...and a micro-averaged F1 (`Val Micro f1`, DGL's HAN example), which over single-label classes counts every
answer once as right or wrong: it is the accuracy (scikit-learn's `f1_score(average="micro")` documents the
identity)."""


def names_a_micro_f1(name: str) -> bool:
    """Whether a name is a micro-averaged F1's (`MICRO_F1_WORDS`): `Val Micro f1`, `micro_f1`."""
    found = set(words(name))
    return "micro" in found and bool(MICRO_F1_WORDS & found)


def names_an_accuracy(name: str) -> bool:
    """Whether a name is a classification accuracy's (`ACCURACY_WORDS`) or a micro-averaged F1's."""
    return bool(ACCURACY_WORDS & set(words(name))) or names_a_micro_f1(name)


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

    def __init__(self, run: Run, classes: Classes | None = None) -> None:
        self.run = run
        self.source = run.source
        self.classes = classes
        """K read from the code or the config (`diagnosis.classes`), when given."""
        self.loss = self.curve(MetricRole.TRAIN_LOSS)
        self.val = self.curve(MetricRole.VAL_LOSS)
        self.held_out = self.loss is None and self.val is not None
        """Whether the judged loss is a held-out one: a run that logs only a validation loss (modded-nanoGPT's val-only
        logs, an evaluation log) is judged on it, its trend, spikes and plateau being the run's."""
        if self.held_out:
            self.loss, self.val = self.val, None
        self.grad = self.curve(MetricRole.GRAD_NORM)
        self.lr = self.curve(MetricRole.LEARNING_RATE)

    @cached_property
    def rewarded(self) -> bool:
        """Whether the run logs the reward an RL agent raises (`quality.reward_curve`): then its loss is not judged."""
        from .quality import reward_curve

        return reward_curve(self) is not None

    @property
    def epochs(self) -> Series | None:
        """The run's epoch counter at its steps (`Run.axes`, HF's and Lightning's fractional `epoch`; else a metric
        named `epoch`), or None."""
        return self.run.axes.get("epoch", self.run.metrics.get("epoch"))

    def judging(self, name: str) -> View:
        """A view of the same run whose judged loss is the series `name` (a GAN's side, a term of the loss)."""
        other = View(self.run, self.classes)
        other.loss = Curve(name, *arrays(self.run.metrics[name]))
        return other

    def curve(self, role: MetricRole) -> Curve | None:
        """The judged series of `role`, or None when the run has none (or it holds no point)."""
        name = self.run.primary(role)
        if name is None or not len(self.run.metrics[name]):
            return None
        steps, values = arrays(self.run.metrics[name])
        if self.run.role_map()[name].higher_is_better:  # a likelihood judged as the loss it is the negation of
            values = -values
        return Curve(name, steps, values)

    def accuracy(self, *splits: Split | None) -> Curve | None:
        """The classification accuracy logged on one of `splits` (None: no split named): of the first split that has
        one, the one with most points."""
        roles = self.run.role_map()
        named = [
            name
            for name, info in roles.items()
            if info.role is MetricRole.ACCURACY
            and info.split in splits
            and names_an_accuracy(name)
            and len(self.run.metrics[name])
        ]
        if not named:
            return None
        name = min(named, key=lambda n: (splits.index(roles[n].split), -len(self.run.metrics[n])))
        return Curve(name, *arrays(self.run.metrics[name]))

    def quality(self, *splits: Split | None, like: str | None = None) -> Curve | None:
        """A measure of quality, higher better (the ACCURACY role: an accuracy, F1, AUC, NDCG, BLEU, a VQA score),
        logged on one of `splits`: of the first split that has one, the one with most points; with `like`, only one
        measuring what the series named `like` measures (`score` beside `eval_score`; a classification accuracy
        however named, beside one)."""
        roles = self.run.role_map()
        measure = like and [w for w in words(like) if w not in SPLIT_WORDS]
        named = [
            name
            for name, info in roles.items()
            if info.role is MetricRole.ACCURACY
            and info.split in splits
            and len(self.run.metrics[name])
            and name != like
            and (not measure or [w for w in words(name) if w not in SPLIT_WORDS] == measure)
        ]
        if not named:
            return self.accuracy(*splits) if like and names_an_accuracy(like) else None
        name = min(named, key=lambda n: (splits.index(roles[n].split), -len(self.run.metrics[n])))
        return Curve(name, *arrays(self.run.metrics[name]))

    def evaluated(self, name: str) -> bool:
        """Whether a series that names no split was printed at an evaluation's cadence: at most half as often as the
        training loss (mmseg's `aAcc`, `mIoU` of each validation, beside its per-iteration `loss`), so held out."""
        return self.loss is not None and 2 * len(self.run.metrics[name]) <= self.loss.values.size

    def held_out_quality(self) -> Curve | None:
        """The validation (or test) quality measure (`quality`), else the one naming no split printed at an
        evaluation's cadence (`evaluated`) with most points: not an RL return (an episode's reward is earned on the
        environment the agent trains on, however seldom it is printed)."""
        held = self.quality("val", "test")
        if held is not None:
            return held
        roles = self.run.role_map()
        named = [
            n
            for n, i in roles.items()
            if i.role is MetricRole.ACCURACY
            and i.split is None
            and self.evaluated(n)
            and not RETURN_WORDS & set(words(n))
        ]
        if not named:
            return None
        name = max(named, key=lambda n: len(self.run.metrics[n]))
        return Curve(name, *arrays(self.run.metrics[name]))

    def lr_at(self, step: float) -> float | None:
        """The learning rate in force at `step`, or None when the lr's logged steps do not reach it (within one of
        its logging intervals): an lr logged per epoch (steps 18-447) says nothing of iteration 25006."""
        if self.lr is None:
            return None
        import numpy as np

        steps = self.lr.steps
        gap = float(np.median(np.diff(steps))) if steps.size > 1 else 0.0
        if not steps[0] - gap <= step <= steps[-1] + gap:
            return None
        i = int(np.searchsorted(steps, step, side="right")) - 1
        return float(self.lr.values[max(i, 0)])


def adversarial(run: Run) -> bool:
    """Whether the run logs a generator's loss and a discriminator's: a GAN, whose losses are a game's."""
    return bool(game_losses(run))


def as_shares(values: np.ndarray) -> np.ndarray:
    """Values of a share of answers as shares: a percentage (its median above 1: one odd value aside) divided by 100."""
    import numpy as np

    finite = values[np.isfinite(values)]
    return values / 100 if finite.size and float(np.median(np.abs(finite))) > 1 else values


def arrays(series: Series) -> tuple[np.ndarray, np.ndarray]:
    """The series' steps and values; of a log that several runs appended to (its step axis goes back to or before
    its first step: a Keras CSVLogger(append=True), a script rerun into one file), the last run's. A step printed
    again is no going back: one step for every evaluation (`TEST in epoch0` under the last training step), or per
    block of lines, holds all of its points."""
    import numpy as np

    steps = np.frombuffer(series.steps, dtype=np.float64)
    values = np.frombuffer(series.values, dtype=np.float64)
    cuts = restarts(series.steps) if steps.size > 1 else []
    if cuts:
        return steps[cuts[-1] :], values[cuts[-1] :]
    return steps, values


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


def finite_loss(view: View) -> tuple[str, np.ndarray, np.ndarray] | None:
    """The loss series when it is finite throughout, long enough to judge, never negative and not at zero from its
    start: the detectors judge a loss by its ratios to its own levels, which mean nothing for one that crosses zero (a
    policy-gradient loss, a negative log-likelihood of densities, an ELBO) or starts at it (a GRPO policy loss that is
    0.0 while no sample earns a reward: 0 >= 1.5 x 0 is no blow-up): such a run is left to its other series. So is the
    loss of an RL run, one that logs the reward its agent raises (`quality.reward_curve`): a DQN's TD loss is measured
    against a target network that moves as the agent improves (Mnih et al., "Human-level control through deep
    reinforcement learning", 2015), a policy loss on samples the agent's own policy collects; neither falls as the
    agent learns (a healthy DQN's TD loss spikes at its target updates), and the reward judges the run instead."""
    import numpy as np

    if view.loss is None or view.rewarded:
        return None
    name, steps, loss = view.loss
    if loss.size < MIN_POINTS or not np.isfinite(loss).all() or float(loss.min()) < 0 or start_level(loss) <= 0:
        return None
    return name, steps, loss


def start_level(loss: np.ndarray) -> float:
    """Where a loss started: the median of its first points, unless the first point lies below it by more than
    the run's own noise (START_JUMP_Z): a run that blew up on its second step started where its first step was,
    while a low first draw of a noisy per-batch loss is noise."""
    import numpy as np

    first, median = float(loss[0]), float(np.median(loss[:START_POINTS]))
    if first >= median or first <= 0:
        return min(first, median)
    return first if np.log(median / first) > START_JUMP_Z * log_noise(loss) else median


def training_fit(view: View) -> tuple[float, float] | None:
    """Where the training loss started (`start_level`) and where it ended (the median of its last fifth), for a
    training loss (not a held-out one judged in its place) of MIN_POINTS or more finite values, none below 0, that
    started above 0; else None."""
    import numpy as np

    if view.loss is None or view.held_out:
        return None
    train = view.loss.values[np.isfinite(view.loss.values)]
    if train.size < MIN_POINTS or float(train.min()) < 0 or (start := start_level(train)) <= 0:
        return None
    return start, float(np.median(train[-max(3, train.size // 5) :]))


def peak_lr(view: View) -> float | None:
    """The run's highest finite learning rate (a schedule decaying to 0 does not make the run's lr small); where no lr
    is logged, the one its text log's echoed config states (`Run.lr_stated`)."""
    import numpy as np

    if view.lr is None:
        return view.run.lr_stated[0] if view.run.lr_stated is not None else None
    finite = view.lr.values[np.isfinite(view.lr.values)]
    return float(finite.max()) if finite.size else None


def lr_said(view: View, lr: float) -> str:
    """`lr` as evidence: with the line of the log's config that states it where the run logs no lr."""
    stated = view.run.lr_stated
    return f"{fmt(lr)} (stated at line {stated[1]})" if view.lr is None and stated is not None else fmt(lr)


def learned_nothing(view: View, where: str, detail: str, confidence: float) -> Finding:
    """A run that learns nothing: its learning rate when its peak is below any usual recipe's (LR_FAR_TOO_LOW) or far
    above (LR_FAR_TOO_HIGH), or when it first blew the loss up (`blow_up_bar`), unless one step threw it up and the
    next gave it back at an lr under LR_FAR_TOO_HIGH (`one_step_peak`: a batch broke the model, a spike); else a
    plateau, with a small peak lr (LR_TINY, a fine-tune's usual one) named in its evidence."""
    lr = peak_lr(view)
    if lr is not None and lr <= LR_FAR_TOO_LOW:
        return Finding(
            "lr_too_low", confidence, [evidence(view.source, where, f"{detail}; peak lr {lr_said(view, lr)}")]
        )
    loss = finite_loss(view)
    if loss is not None and float(loss[2].max()) >= blow_up_bar(loss[2], lr is not None):
        peak = int(loss[2].argmax())
        at = float(loss[1][peak])
        if one_step_peak(loss[2], peak) and (lr is None or lr < LR_FAR_TOO_HIGH):
            thrown, back = fmt(float(loss[2][peak])), fmt(float(loss[2][peak + 1]))
            said = f"one step threw the loss to {thrown} at {fmt_step(at)} and the next gave it back ({back}): that "
            said += "batch damaged the model, not the lr; since, "
            return Finding("loss_spike", confidence, [evidence(view.source, where, said + detail)])
        said = f"; it got there after the loss rose to {fmt(float(loss[2].max()))} at {fmt_step(at)}"
        said += f", peak lr {fmt(lr)}" if lr is not None else ""
        return Finding("lr_too_high", confidence, [evidence(view.source, where, detail + said)])
    if loss is not None and (elsewhere := blown_beside(view, loss[0])) is not None:
        averaged, height, when = elsewhere
        said = f"; it got there after {averaged} rose to {fmt(height)} at {fmt_step(when)}, between {loss[0]}'s prints"
        return Finding("lr_too_high", confidence, [evidence(view.source, where, detail + said)])
    if lr is not None and lr >= LR_FAR_TOO_HIGH:
        said = f"; peak lr {fmt(lr)}, far above any usual recipe's: steps too large to descend"
        return Finding("lr_too_high", confidence, [evidence(view.source, where, detail + said)])
    if lr is not None and lr <= LR_TINY:
        detail += f"; peak lr {fmt(lr)}: small for training from scratch, usual for a fine-tune"
    return Finding("loss_plateau", confidence, [evidence(view.source, where, detail)])


def blown_beside(view: View, judged: str) -> tuple[str, float, float] | None:
    """The judged loss averaged (AGGREGATE_WORDS) that rose past its own `blow_up_bar` (as name, peak, step): an epoch's
    mean beside a loss printed every few batches (DiffPool's `Avg loss:  222.95` over an epoch whose `Iter: 20, loss:
    0.94` never showed it) saw a blow-up between the judged loss's prints."""
    import numpy as np

    lr_logged = peak_lr(view) is not None
    for name in view.run.metrics:
        said = set(words(name))
        if name == judged or not said & AGGREGATE_WORDS or said - AGGREGATE_WORDS != set(words(judged)):
            continue  # the same loss averaged (`Avg loss` beside `loss`), not another term of it
        steps, values = arrays(view.run.metrics[name])
        finite = np.isfinite(values)
        steps, values = steps[finite], values[finite]
        if values.size >= MIN_POINTS and float(values.max()) >= blow_up_bar(values, lr_logged):
            return name, float(values.max()), float(steps[int(values.argmax())])
    return None


def one_step_peak(loss: np.ndarray, i: int) -> bool:
    """Whether point `i` stands SPIKE_RATIO times above both its neighbours: one step threw the loss up and the next
    gave it back (a corrupt batch), where a learning rate too high climbs over steps."""
    return 0 < i < loss.size - 1 and float(loss[i]) >= SPIKE_RATIO * max(float(loss[i - 1]), float(loss[i + 1]))


def blow_up_bar(loss: np.ndarray, lr_logged: bool) -> float:
    """The height a stuck loss must have reached on its way for its learning rate to be blamed. Where it rose after its
    first logged point: BLEW_UP_BEFORE times its start beside a logged lr; with none, EARLY_BLOWUP times both its start
    and the level it came to rest at (the All-CNN's epoch-1 loss of 4e10 before it sat at ln 4; not MoCo's contrastive
    loss, 0.004 on its empty queue's first batch, then 6.2 and 4.8 as its ReLUs died). Where it was highest at its
    first logged point, lr logged or not: BLEW_UP_FROM_START times both (not round68's IK-003, a CTC fine-tune first
    logged at 32.3, then at 5 for 2,700 steps at lr 3e-4: where an initialisation starts, no rise)."""
    import numpy as np

    rose = int(loss.argmax()) > 0
    if rose and lr_logged:
        return BLEW_UP_BEFORE * start_level(loss)
    rest = max(start_level(loss), float(np.median(loss[-max(3, loss.size // 5) :])))
    return (EARLY_BLOWUP if rose else BLEW_UP_FROM_START) * rest


def epoch_length(view: View) -> float | None:
    """Steps per epoch when the run logs an `epoch` counter that advances (HF, Lightning: `Run.axes`), else None."""
    import numpy as np

    series = view.epochs
    if series is None or len(series) < 2:
        return None
    steps, epochs = arrays(series)
    span = float(epochs[-1] - epochs[0])
    return float(steps[-1] - steps[0]) / span if span > 0 and np.isfinite(span) else None


def train_after(train_steps: np.ndarray, val_steps: np.ndarray, i: int) -> int:
    """Where the training series stands when validation point `i` of `val_steps` was taken: the index of its first
    point at or after it.

    Read on the shared step axis when the two series share one: the validation steps advance and reach into the
    second half of the training axis. Otherwise (validation logged per epoch beside per-iteration training steps, a
    validation step printed once for every evaluation), read on the log's order: validation point i of n closes the
    (i+1)/n share of the training points, as an evaluation at the end of each epoch does."""
    import numpy as np

    first, last = float(train_steps[0]), float(train_steps[-1])
    shared = (
        val_steps.size > 1
        and bool((np.diff(val_steps) > 0).all())
        and first + 0.5 * (last - first) <= val_steps[-1] <= last + (last - first)
    )
    if shared:
        return int(np.searchsorted(train_steps, val_steps[i]))
    return int(np.ceil(train_steps.size * (i + 1) / val_steps.size))
