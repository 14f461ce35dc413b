"""Metric roles: which series of a run is the training loss, a validation loss, an accuracy, the lr...

Every tool that judges a run (`diagnose_training`, `compare_runs`, `run_quick_test`, `plot_metrics` defaults)
reads the roles assigned here, never metric names of its own, and `read_training_log` publishes them with the
reason, so a user sees what will be judged and can name another training loss (`loss_metric=`).

A name is read by its words (`train/box_loss` -> train, box, loss; `valLoss` -> val, loss): a split word
(train / val, valid, eval, dev / test) says which data the value is measured on, the other words what it is.
The training loss is the total when one is logged (`loss`, `train_loss`, `total_loss`, `loss/train`), else a
loss-like name (`mse`, `nll`, `ce`, `bpc`, `perplexity`), else the first component logged; the other training
losses are components (`loss_box_reg` beside `total_loss`) or other views of it (`train_loss_epoch`).
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from enum import Enum, unique
from itertools import pairwise
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from ..diagnosis.thresholds import MIN_POINTS, MIRRORED_GAME

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from .model import Run, Series


@unique
class MetricRole(str, Enum):
    """What a series is, for the tools that judge a run."""

    TRAIN_LOSS = "train_loss"
    """The training loss the debugger judges: one per run."""
    VAL_LOSS = "val_loss"
    """A loss on held-out data (validation, evaluation, dev or test)."""
    LOSS_COMPONENT = "loss_component"
    """Another training loss: a component of the total, another player's (GAN), or another view of the same."""
    ACCURACY = "accuracy"
    """A quality measure where higher is better (accuracy, F1, BLEU, mAP, IoU, AUC, reward...)."""
    ERROR = "error"
    """A quality measure where lower is better that is not the loss (WER, CER, MAE, FID, error rate...)."""
    LEARNING_RATE = "learning_rate"
    GRAD_NORM = "grad_norm"
    PROGRESS = "progress"
    """Bookkeeping: epoch, time, throughput, memory, token counts. Shown, never judged."""
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


Split = Literal["train", "val", "test"]
Scale = Literal["nats", "bits", "perplexity"]


@dataclass(frozen=True)
class RoleInfo:
    """The role of one series, and why it was given."""

    role: MetricRole
    reason: str
    split: Split | None = None
    higher_is_better: bool | None = None
    scale: Scale | None = None
    """The unit of a loss where its name tells it, so that a chance level (ln K nats) can be compared."""
    primary: bool = False
    """The one series of its role the detectors judge (the training loss is always primary)."""


SPLIT_WORDS: dict[str, Split] = {
    "train": "train",
    "training": "train",
    "trn": "train",
    "tr": "train",
    "val": "val",
    "valid": "val",
    "validation": "val",
    "validate": "val",
    "validating": "val",
    "eval": "val",
    "evaluation": "val",
    "evaluating": "val",
    "dev": "val",
    "vl": "val",
    "v": "val",
    "va": "val",
    "vld": "val",
    "test": "test",
    "tst": "test",
    "testing": "test",
}
FOREIGN_SPLIT_WORDS: dict[str, Split] = {
    "entrenamiento": "train", "treinamento": "train", "treino": "train", "entraînement": "train",
    "entrainement": "train", "addestramento": "train", "validación": "val", "validacion": "val", "validação": "val",
    "validacao": "val", "validazione": "val", "validierung": "val", "prueba": "test",
}  # fmt: skip
"""Split words of Spanish, Portuguese, French, Italian and German consoles (`Calculando métricas de validación...`):
read as their English split (`words`)."""
SPLIT_WORDS |= FOREIGN_SPLIT_WORDS
LOSS_WORDS = frozenset({"loss", "losses", "objective", "cost"})
LOSS_LIKE_WORDS = frozenset(
    {
        "nll",
        "ce",
        "xent",
        "crossentropy",
        "mse",
        "rmse",
        "mae",
        "l1",
        "l2",
        "bpc",
        "bpd",
        "ppl",
        "perplexity",
        "elbo",
        "logloss",
        "mlogloss",
        "recon",
    }
)
"""Names of losses that do not say `loss` (`logloss`: XGBoost's and LightGBM's `train-logloss`, `valid_1's
binary_logloss`; an autoencoder's reconstruction error, `tr_recon`: round66's HK-008): judged as the training loss only
when no `*loss*` series exists."""
ERROR_MEASURE_WORDS = frozenset({"mse", "rmse", "mae", "l1", "l2"})
"""Loss-like names that measure an output's error rather than the model's likelihood: the loss where nothing else is,
an error measure beside a likelihood (`_errors_beside_a_likelihood`)."""
NOT_A_COMPONENT = frozenset(
    {"total", "avg", "average", "mean", "epoch", "step", "overall", "all", "sum", "running", "batch", "smooth",
     "smoothed", "ema", "value", "main", "global", "iter", "it", "train", "training", "final", "on", "per", "full"}
)  # fmt: skip
"""Words beside `loss` that leave it the whole training loss (`train_loss_epoch`, `avg_loss`, `loss/total`)."""
AGGREGATE_WORDS = frozenset({"epoch", "avg", "average", "mean", "running", "smooth", "smoothed", "ema"})
"""A loss named with these is a summary of another (`train_loss_epoch` beside `train_loss_step`)."""
REWARD_WORDS = frozenset({"reward", "rewards", "rew"})
"""Names of an RL reward (`reward_mean`, `critic/rewards/mean`, SB3's `rollout/ep_rew_mean`, `Cumulative Reward`):
higher is better, and the diagnosis judges an RL run on it (`diagnosis/detectors/quality.py`)."""
SB3_MONITOR = frozenset({"r", "l", "t"})
"""Stable-Baselines3's `Monitor` columns (`monitor.csv`): each episode's return `r`, length `l` and time `t`."""
RETURN_WORDS = REWARD_WORDS | {"return"}
"""Names of what an RL agent earns, a reward or a return: no share of a fixed scale, and earned on the environment the
agent trains on (no held-out measure, however seldom printed)."""
NO_SHARE_WORDS = RETURN_WORDS | {"psnr", "db"}
"""Quality measures on no share's scale, whatever their values: a return, a PSNR in decibels (an image restorer's
20-40 dB; a gain of 1.6 dB cuts its squared error by 30%). A PSNR of 30 is no 30% right (round52's FK-002: an MRI
denoiser's `val_psnr` rising 28.1 -> 30.6 while both losses fell, labelled healthy)."""
ACCURACY_WORDS = frozenset(
    {"acc", "accuracy", "top1", "top5", "f1", "f1score", "bleu", "rouge", "rouge1", "rouge2", "rougel", "meteor",
     "auc", "auroc", "map", "map50", "ap", "ap50", "ap75", "iou", "miou", "dice", "precision", "recall", "r2",
     "psnr", "ssim", "em", "exact", "match", "reward", "return", "score", "mcc", "kappa", "correct", "hit", "hits",
     "ndcg", "mrr", "spearman", "pearson", "fscore", "sacrebleu", "chrf", "wins", "prec", "rewards", "returns",
     "cos", "cosine", "similarity", "perf"}
)  # fmt: skip
LIKELIHOOD_WORDS = frozenset({"likelihood", "loglikelihood", "loglik"})
NEGATION_WORDS = frozenset({"neg", "negative", "minus"})
"""A (log-)likelihood is a quality measure, higher is better (scikit-learn's BernoulliRBM prints its
`pseudo-likelihood = -10.20` each iteration; GMMs and HMMs their log-likelihood); negated it is a loss
(`neg_log_likelihood`, `negative_likelihood`), as `nll` is."""
MODEL_SIZE_WORDS = frozenset({"parameters", "params", "nparams"})
"""Words of a model's size (`n_parameters` on each line of DETR's and DeiT's `log.txt`, `num_params`): a property of
the model, printed again at each epoch, never a quantity the run measures as it trains (`is_model_size`)."""
MODEL_SIZE_CHANGES = 3
"""Changes of value a model's size may show and still be one (appended runs of other models; DETR logs of 2-3 runs in
the real-log corpus, BG-009, CU-014, BT-004): a series that changes more often is no size."""
AXIS_WORDS = frozenset(
    {"epoch", "percentage", "flos", "episode", "episodes", "iteration", "iterations", "iters", "updates", "frames",
     "timesteps"}
)  # fmt: skip
"""Last words of a counter logged beside the step that is another axis of the run (`is_axis`): HF's fractional `epoch`
(trainer_state.json, its console dicts, `train/epoch` in W&B), Lightning's `epoch` column, LLaMA-Factory's
`percentage` of the run done, the Trainer's cumulative `total_flos`, an RL table's `episode` beside its `step` column,
SB3's `time/iterations` and `train/n_updates`, an Atari agent's `Total Frames`. Of the real-log corpus' labelled rows,
156 name such an epoch, percentage or flos counter `junk` or `bookkeeping` and none a metric of the run; 104 name an
episode or iteration counter so and none a metric but names holding a measure (`evaluation_loss_vs_iterations`, which
`is_axis` leaves a metric) and one `eval_best_iters`; 35 an updates, frames or timesteps counter, and one a `frames`
metric (bench/real_logs_round*.tsv, the rounds opened by round 47)."""
SHARE_RIGHT_WORDS = frozenset({"acc", "accuracy", "err", "error"})
"""Words of a measure that is a share of answers right or wrong over K classes (`top1_err`, `train_accuracy`): not a
score, a BLEU, a recall at k or an agreement, whose chance level is no 1/K."""
ROC_AUC_WORDS = frozenset({"auc", "auroc"})
"""An area under the ROC curve: the chance a positive example is ranked above a negative one, 1/2 for a guess whatever
the classes (Hanley and McNeil, 1982), as a two-way answer's share right is."""
RATE_WORDS = frozenset({"wer", "cer", "error", "err", "ter", "eer"})
"""Error measures that are shares of examples (an error rate, a word error rate): like an accuracy, a handful of
examples moves them in whole steps; an RMSE, an MAE or a FID is no share."""
ERROR_WORDS = RATE_WORDS | {"fid", "mape", "smape", "kid", "lpips", "ade", "fde", "minade", "minfde", "brier", "miss"}
"""Measures lower is better that are no loss: rates above, a FID, a trajectory's average and final displacement errors
(`minADE6`), a Brier score, a miss rate."""
_COUNTED = re.compile(r"([a-z]+?)[0-9]+k?")
"""A measure's word with the count it is taken over glued to it (`fid50k`, `minade6`, `acc1`): the measure's word."""
LR_WORDS = frozenset({"lr", "lrs", "learningrate"})
GRAD_WORDS = frozenset({"grad", "grads", "gradient", "gradients", "gnorm", "gradnorm"})
PROGRESS_WORDS = frozenset(
    {"epoch", "epochs", "time", "runtime", "sec", "secs", "seconds", "ms", "duration", "eta", "elapsed", "mfu",
     "throughput", "samples", "tokens", "toks", "tok", "memory", "mem", "gpu", "speed", "flos", "flops", "it",
     "its", "wps", "ups", "wpb", "bsz", "num", "count", "batch",
     "size", "data", "iter", "step", "steps", "global", "wall", "clip", "scale"}
)  # fmt: skip
TIME_UNITS = frozenset({"s", "sec", "ms"})
"""Units of a time (`lines.py` reads them glued to a value): a series printed in them is a time whatever its name
(CatBoost's `total: 1.42s`, `remaining: 35m 31s`), never a loss."""
TIME_COST_WORDS = frozenset({"time", "batch", "reader", "data"})
"""With `cost`, a time in seconds, not a loss: PaddlePaddle's `batch_cost`/`reader_cost` (PaddleVideo's
utils/record.py), MXNet Gluon's `time_cost`."""
ABBREVIATED_LOSSES: dict[str, Split] = {"trl": "train", "tel": "val"}
"""llm.c's console (`s:100 trl:3.41`, `s:250 tel:3.40`: train_gpt2.cu prints the training loss as trl, the
evaluation loss as tel): whole names that are a split's loss."""
DARKNET_NAMES = {"avg": ["avg", "loss"], "rate": ["lr"]}
"""darknet's classifier (`1, 0.010: 1.41, 1.41 avg, 0.003 rate, 0.05 seconds, 32 images`: classifier.c prints the
batch's loss unnamed, then its running average as `avg` and the learning rate as `rate`): side by side, `avg` is the
training loss's running mean and `rate` the learning rate. Alone, `Avg:` is any average (an RL agent's or a
population's reward: round45's EH-005, round58's GK-007)."""
CJK_WORDS = {
    "损失": "loss", "准确率": "accuracy", "正确率": "accuracy", "精度": "accuracy", "学习率": "lr",
    "训练": "train", "验证": "val", "测试": "test", "梯度": "grad", "奖励": "reward", "样本": "samples",
}  # fmt: skip
"""The words of metric names in Chinese consoles (loss, accuracy, learning rate, the splits, gradient, reward, samples),
read as their English words so that `当前损失值` is a loss, `验证准确率` a validation accuracy and `训练样本数` a
count of training samples (round70's IT-007), bookkeeping."""
_CJK_TERM = re.compile("|".join(sorted(CJK_WORDS, key=len, reverse=True)))
_CAMEL = re.compile(r"([a-z0-9])(?=[A-Z][a-z])|([A-Z])(?=[A-Z][a-z]{2})")
"""Where camel case starts a word: `valLoss`, and a capitalised word after capitals (`GLoss`, `MSELoss`, `DLoss`;
not `IoU`, `mAP`)."""
_WORD = re.compile(r"[a-z0-9]+")
_FOREIGN_SPLIT = re.compile(r"(?<![^\W_])(?:" + "|".join(FOREIGN_SPLIT_WORDS) + r")(?![^\W_])")


_TOP1_ACCURACY = re.compile(r"(?<![a-z])accuracy01(?![0-9])")
"""Catalyst's top-1 accuracy (its AccuracyCallback writes `accuracy01`, `accuracy03`, `accuracy05` for top-1, 3, 5):
the accuracy."""


_PAPER_TERM = re.compile(r"L(?:[a-qs-z]|kl|rec|adv)")
"""A loss term written as a paper writes it, `L` and its subscript: ericjang/draw's `iter=0 : Lx: 98.77 Lz: 1.23`, the
reconstruction's and the latent's (round 53's families). Not `Lr`, a learning rate."""


def words(name: str) -> list[str]:
    """The words of a metric name, lower case: `train/box_loss` -> train, box, loss; `valLoss` -> val, loss; `GLoss`
    -> g, loss.

    `learning_rate`, `cross_entropy`, `grad_norm` and `f1_score` are kept as one word each; a loss word glued to a
    short head is two (`vloss` -> v, loss), and so is a paper's loss term (`Lx` -> l, x: `_PAPER_TERM`)."""
    if _PAPER_TERM.fullmatch(name):
        return ["l", name[1:]]
    text = _CAMEL.sub(lambda m: (m.group(1) or m.group(2)) + "_", name).lower()
    text = re.sub(r"learning[_ -]?rate", "learningrate", text)
    text = re.sub(r"cross[_ -]?entropy", "crossentropy", text)
    text = re.sub(r"grad(?:ient)?[_ -]?norm", "gradnorm", text)
    text = re.sub(r"f1[_ -]?score", "f1score", text)
    text = _TOP1_ACCURACY.sub("accuracy", text)
    text = _GLUED_LOSS.sub(r"\1_\2", text)
    text = _FOREIGN_SPLIT.sub(lambda word: f"_{FOREIGN_SPLIT_WORDS[word.group()]}_", text)  # `validación_miou`
    if not text.isascii():  # `当前损失值` (current loss value): the words a Chinese console names its metrics with
        text = _CJK_TERM.sub(lambda term: f" {CJK_WORDS[term.group()]} ", text)
    return _WORD.findall(text)


def words_in_run(name: str, names: Collection[str]) -> list[str]:
    """`words(name)`, where the run's other names tell what a bare letter means: Stable-Baselines3's Monitor writes an
    episode's return as `r` beside its length `l` and time `t` (`SB3_MONITOR`), then the `info_keywords` it was asked
    for (round71's IW-007: a trading agent's `total_asset`); `l1` beside `l0` and `l2` is a numbered loss term
    (`_NUMBERED_TERM`)."""
    if name == "r" and set(names) >= SB3_MONITOR:
        return ["episode", "return"]
    said = words(name)
    if said[:1] == ["hr"] and any(RANKED_WORDS & set(words(other)) for other in names):
        return ["hit", "ratio", *said[1:]]  # `HR: 0.203  NDCG: 0.092`: a recommender's hit ratio (ECG2DIG's `hr` is a
        # heart rate's loss term)
    if _NUMBERED_TERM.fullmatch(name) and sum(bool(_NUMBERED_TERM.fullmatch(other)) for other in names) >= 3:
        return ["l", name[1:]]  # U^2-Net's side outputs' losses `l0: 0.67, l1: 0.73, l2: 0.64, l3: 0.60`: terms
    return said


RANKED_WORDS = frozenset({"ndcg", "mrr"})
"""A recommender's ranking measures: beside one, `HR` is the hit ratio (`HR@10`), the share of users whose item is
ranked in the top k (NCF, BPR, SASRec print the two together)."""
_NUMBERED_TERM = re.compile(r"[lL][0-9]")
"""A loss term numbered by its head or stage: beside two more so named (`l0`, `l1`, `l2`), `l1` and `l2` are terms of
the loss, not L1 and L2 errors."""


def is_model_size(name: str, values: Sequence[float]) -> bool:
    """Whether a series is a model's size: named so (MODEL_SIZE_WORDS), whole numbers, and one value throughout but
    for at most MODEL_SIZE_CHANGES changes (runs of other models appended to one log: DETR's `log.txt` of three)."""
    if not MODEL_SIZE_WORDS & set(words(name)) or not all(float(v).is_integer() for v in values):
        return False
    return sum(a != b for a, b in pairwise(values)) <= MODEL_SIZE_CHANGES


def is_axis(name: str, values: Sequence[float], steps: Sequence[float] | None = None) -> bool:
    """Whether a series is a counter of the run's progress (its last word one of AXIS_WORDS, no measure named) that
    never goes down but where its `steps` go back too (a run appended to the log starts its count again: round68's
    IH-009, two Trainer runs' fractional `epoch`): another axis of the run beside its step, not a quantity it
    measures."""
    said = words(name)
    counter = bool(said) and said[-1] in AXIS_WORDS and not names_a_measure(name)
    steps = range(len(values)) if steps is None else steps
    return counter and all(a <= b or s >= t for (a, b), (s, t) in zip(pairwise(values), pairwise(steps), strict=True))


_GLUED_LOSS = re.compile(r"(?<![a-z])([a-z]{1,5})(loss(?:es)?)(?![a-z])")
"""A loss word glued to a short head (`vloss`, `tloss`, `dloss`, `ploss`, `totalloss`, `kldloss`): two words."""


def names_a_measure(name: str) -> bool:
    """Whether a name holds a loss, quality or error word (`mean loss`, `segmentation accuracy`, `box IoU`): what a
    loop measures, never one of its settings."""
    return bool(set(words(name)) & (LOSS_WORDS | LOSS_LIKE_WORDS | ACCURACY_WORDS | ERROR_WORDS))


def split_of(parts: list[str]) -> Split | None:
    for part in parts:
        if part in SPLIT_WORDS:
            return SPLIT_WORDS[part]
    return None


SPREAD_WORDS = frozenset({"std", "stdev", "stddev"})
"""Words naming a measure's spread over examples or seeds (`val_dice=0.71 ± 0.27` read as `val_dice_std`,
`reward_std`): how much it varies, neither better nor worse as it moves."""
POLICY_WORDS = frozenset({"pi", "p", "policy", "actor"})
"""Words naming an RL policy's loss or measure (`loss_pi`, `ploss`, `policy_entropy`, `actor_loss`): beside them a `v`
is the value function (`loss_v`, `v_loss`: Spinning Up's and many PPO scripts' names), not the validation split."""


def scale_of(parts: list[str]) -> Scale | None:
    if {"bpc", "bpd", "bits", "bit"} & set(parts):
        return "bits"
    if {"ppl", "perplexity"} & set(parts):
        return "perplexity"
    if {"nll", "ce", "xent", "crossentropy"} & set(parts):
        return "nats"
    return None


def _qualifiers(parts: list[str]) -> set[str]:
    """The words of a loss name that are neither the loss word, a split nor a summary word."""
    return {p for p in parts if p not in LOSS_WORDS and p not in SPLIT_WORDS and p not in NOT_A_COMPONENT}


def _is_loss(parts: list[str]) -> bool:
    """A loss by its name: a loss word, numbered too (USAD's `val_loss1`, `val_loss2`), or a loss term named
    `l_<what>` (BasicSR and MMEditing: `l_pix`, `l_percep`, `l_g_gan`; `L_steg`)."""
    return bool(LOSS_WORDS & numbered_words(parts)) or (len(parts) >= 2 and parts[0] == "l")


def numbered_words(parts: list[str]) -> set[str]:
    """The words of a name with any number they end in taken off (`loss1` -> `loss`)."""
    return {part.rstrip("0123456789") or part for part in parts}


def _is_loss_like(parts: list[str]) -> bool:
    found = set(parts)
    return bool(LOSS_LIKE_WORDS & found) or bool(LIKELIHOOD_WORDS & found and NEGATION_WORDS & found)


def names_a_learning_rate(name: str) -> bool:
    """Whether a name is a learning rate's (`lr`, `learning rate`, `lr-Adam`, `lr0`)."""
    parts = words(name)
    return bool(set(parts) & LR_WORDS) or any(p.startswith("lr") and p[2:].isdigit() for p in parts)


def _describe(name: str, parts: list[str]) -> RoleInfo | None:
    """The role a name alone gives a series that is not a loss, or None for a loss (chosen among the run's)."""
    found = set(parts) | {counted.group(1) for part in parts if (counted := _COUNTED.fullmatch(part))}
    split = split_of(parts)
    if names_a_learning_rate(name):
        return RoleInfo(MetricRole.LEARNING_RATE, f"'{name}' names a learning rate")
    if "gradnorm" in found or (found & GRAD_WORDS and "norm" in found) or "gnorm" in found:
        return RoleInfo(MetricRole.GRAD_NORM, f"'{name}' names a gradient norm")
    if {"loss", "scale"} <= found:
        return RoleInfo(MetricRole.PROGRESS, f"'{name}' is a mixed-precision loss scale, not a loss")
    if "cost" in found and found & TIME_COST_WORDS:
        return RoleInfo(MetricRole.PROGRESS, f"'{name}' is a time cost (seconds per batch), not a loss", split)
    if found & SPREAD_WORDS:
        return RoleInfo(MetricRole.OTHER, f"'{name}' is the spread of a measure (its std), not the measure", split)
    if _is_loss(parts) or _is_loss_like(parts):
        return None
    if found & ERROR_WORDS:  # before the measure it is the error of (`top1_err`, `acc_error`)
        return RoleInfo(MetricRole.ERROR, f"'{name}' names an error measure (lower is better)", split, False)
    if found & (ACCURACY_WORDS | LIKELIHOOD_WORDS):
        return RoleInfo(
            MetricRole.ACCURACY, f"'{name}' names a quality measure (higher is better)", split, higher_is_better=True
        )
    if found & PROGRESS_WORDS:
        return RoleInfo(MetricRole.PROGRESS, f"'{name}' is bookkeeping (time, epoch, throughput, memory)", split)
    return RoleInfo(MetricRole.OTHER, f"'{name}' is not a loss, accuracy, lr or gradient norm by its name", split)


GENERATOR_WORDS = frozenset({"g", "gen", "generator", "netg", "errg", "gan"})
DISCRIMINATOR_WORDS = frozenset({"d", "dis", "disc", "discriminator", "critic", "netd", "errd"})
JUDGED_WORDS = frozenset({"real", "fake"})
"""What a discriminator's loss terms are measured on (`real_loss`, `loss_fake`): a side named by its inputs; a
generator's adversarial loss is the GAN loss (`GAN_loss`, pix2pix's `G_GAN`)."""
_NOT_A_SIDE = ACCURACY_WORDS | PROGRESS_WORDS | LR_WORDS | GRAD_WORDS | {"norm"}


def game_side(parts: list[str]) -> Literal["g", "d"] | None:
    """The side of a GAN's game whose loss a name gives: `g_loss`, `loss_D`, `generator_loss`, `critic_loss`, and the
    bare side names CycleGAN and pix2pix print (`G_A`, `D_B`, `G_GAN`, `D_real`, `G`; DCGAN's `errD`): a side word
    heading a name of at most two words that names nothing else (`g_norm` is no loss); a loss on `real` or `fake`
    inputs is the discriminator's, a `GAN_loss` the generator's (`game_losses` asks for both sides)."""
    found = set(parts)
    bare = 0 < len(parts) <= 2 and parts[0] in GENERATOR_WORDS | DISCRIMINATOR_WORDS and not found & _NOT_A_SIDE
    if not (found & LOSS_WORDS or bare):
        return None
    if found & GENERATOR_WORDS:
        return "g"
    return "d" if found & (DISCRIMINATOR_WORDS | JUDGED_WORDS) else None


def game_losses(run: Run) -> dict[str, Literal["g", "d"]]:
    """The losses of a GAN's two sides, by name, when the run logs both a generator's and a discriminator's (else
    none): a GAN, whose losses are a game's."""
    sides = {name: side for name in run.metrics if (side := game_side(words(name))) is not None}
    return sides if set(sides.values()) == {"g", "d"} else _mirrored_game(run)


def _mirrored_game(run: Run) -> dict[str, Literal["g", "d"]]:
    """Two training losses (held-out ones where no training loss is logged: USAD's `evaluate` prints `val_loss1` and
    `val_loss2` alone) whose names say no side, both starting above zero, one ending below it as the other climbs,
    their values anti-correlated (`MIRRORED_GAME`): an adversarial objective's players (USAD's `loss1` and `loss2`);
    the one below zero plays against the other, as a discriminator does."""
    losses = [name for name in run.metrics if LOSS_WORDS & numbered_words(words(name))]
    trained = [name for name in losses if split_of(words(name)) in (None, "train")]
    losses = trained or losses  # the training losses' game; a run that logs only held-out losses plays it there
    found: dict[str, Literal["g", "d"]] = {}
    for against in losses:
        values = run.metrics[against].values
        if len(values) < MIN_POINTS or not values[0] > 0 or not any(value < 0 for value in values):
            continue
        for player in losses:
            if player == against or (split_of(words(player)) or "train") != (split_of(words(against)) or "train"):
                continue
            pairs = _at_common_steps(run.metrics[player], run.metrics[against])
            if (
                len(pairs) >= MIN_POINTS
                and all(mine > 0 for mine, _ in pairs)
                and pairs[-1][1] < 0
                and _correlation([mine for mine, _ in pairs], [theirs for _, theirs in pairs]) <= MIRRORED_GAME
            ):
                found |= {player: "g", against: "d"}
    return found


def _at_common_steps(first: Series, second: Series) -> list[tuple[float, float]]:
    """The finite values of two series at the steps both logged, in the second's order."""
    at = {step: value for step, value in zip(first.steps, first.values, strict=True) if math.isfinite(value)}
    return [(at[step], value) for step, value in zip(second.steps, second.values, strict=True)
            if step in at and math.isfinite(value)]  # fmt: skip


def _correlation(xs: list[float], ys: list[float]) -> float:
    """Pearson's r of two lists of one length, 0.0 where either is constant."""
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return 0.0


def assign_roles(run: Run, loss_metric: str | None = None) -> dict[str, RoleInfo]:
    """The role of every series of `run`; `loss_metric` names the training loss when the caller knows better.

    Raises KeyError when `loss_metric` is not a series of the run (the caller says which names there are)."""
    if loss_metric is not None and loss_metric not in run.metrics:
        raise KeyError(loss_metric)
    roles: dict[str, RoleInfo] = {}
    train_losses: list[tuple[str, list[str]]] = []
    held_out_losses: list[tuple[str, list[str]]] = []
    game = game_losses(run)
    acting = any(POLICY_WORDS & set(words(name)) for name in run.metrics)
    for name in run.metrics:
        parts = words_in_run(name, run.metrics)
        if name == loss_metric:
            continue
        if acting and "v" in parts:  # PPO's `loss_v` beside its `loss_pi`: the value function's, no validation's
            parts = ["value" if part == "v" else part for part in parts]
        if name in game and split_of(parts) not in ("val", "test"):  # a side of a GAN's game: a training loss
            train_losses.append((name, [*parts, "loss"]))  # whatever its name (`G_A`, `D_real`)
            continue
        if len(parts) == 1 and parts[0] in ABBREVIATED_LOSSES:  # llm.c: trl, tel
            parts = [ABBREVIATED_LOSSES[parts[0]], "loss"]
        said = name
        if name in DARKNET_NAMES and DARKNET_NAMES.keys() <= run.metrics.keys():
            parts = DARKNET_NAMES[name]
            said = "_".join(parts)
        described = _describe(said, parts)
        if run.units.get(name) in TIME_UNITS:
            described = RoleInfo(MetricRole.PROGRESS, f"'{name}' is printed in {run.units[name]}: a time")
        if described is not None:
            roles[name] = described
        elif split_of(parts) in ("val", "test"):
            held_out_losses.append((name, parts))
        else:
            train_losses.append((name, parts))
    train_losses = _errors_beside_a_likelihood(_errors_beside_a_loss(train_losses, roles), roles)
    held_out_losses = _errors_beside_a_likelihood(_errors_beside_a_loss(held_out_losses, roles), roles)
    if not train_losses and loss_metric is None:
        train_losses, held_out_terms = _named_by_a_loss_file(run, roles)
        held_out_losses += held_out_terms
    _choose_train_loss(run, train_losses, loss_metric, roles)
    if not train_losses and loss_metric is None and (held_out_losses or not _likelihood_as_the_loss(run, roles)):
        _total_as_the_loss(roles)
        if not held_out_losses:
            _lone_series_as_the_loss(run, roles)
    if loss_metric is None:
        held_out_losses += _splits_as_losses(run, roles)
    held_out_losses += _splits_as_accuracies(run, roles)
    _choose_val_loss(run, held_out_losses, roles)
    _held_out_column(run, roles)
    _mark_primary(run, roles, MetricRole.LEARNING_RATE)
    _mark_primary(run, roles, MetricRole.GRAD_NORM)
    return {name: roles[name] for name in run.metrics}


def _errors_beside_a_loss(
    losses: list[tuple[str, list[str]]], roles: dict[str, RoleInfo]
) -> list[tuple[str, list[str]]]:
    """Where a series is named `*loss*`, the loss-like names beside it (`mae`, `val_ppl`) are error measures."""
    if not any(_is_loss(parts) for _, parts in losses):
        return losses
    kept = []
    for name, parts in losses:
        if _is_loss(parts):
            kept.append((name, parts))
        else:
            why = f"'{name}' is a lower-is-better measure logged beside the loss"
            roles[name] = RoleInfo(MetricRole.ERROR, why, split_of(parts), False, scale_of(parts))
    return kept


def _likelihoods(roles: dict[str, RoleInfo]) -> list[tuple[str, RoleInfo]]:
    """The series named a (log-)likelihood and read as a quality measure (higher is better), a running best aside."""
    return [
        (name, info)
        for name, info in roles.items()
        if info.role is MetricRole.ACCURACY and LIKELIHOOD_WORDS & set(words(name)) and "best" not in words(name)
    ]


def _errors_beside_a_likelihood(
    losses: list[tuple[str, list[str]]], roles: dict[str, RoleInfo]
) -> list[tuple[str, list[str]]]:
    """Where a run logs its (log-)likelihood, that is its objective: an error measure beside it (`RMSE`, `MAE`) is a
    secondary measure of one output, not the loss (RMTPP's `loglikelihood: -2.19907, accuracy: 0.53392, RMSE: 1.30319`:
    the marks' and times' likelihood is trained, the times' RMSE barely moves as it learns)."""
    if not _likelihoods(roles):
        return losses
    kept = []
    for name, parts in losses:
        if _is_loss(parts) or not ERROR_MEASURE_WORDS & set(parts):
            kept.append((name, parts))
        else:
            why = f"'{name}' is an error measure logged beside the run's likelihood, its objective"
            roles[name] = RoleInfo(MetricRole.ERROR, why, split_of(parts), False, scale_of(parts))
    return kept


def _likelihood_as_the_loss(run: Run, roles: dict[str, RoleInfo]) -> bool:
    """With no loss logged, a (log-)likelihood is the run's objective: judged negated, as the loss it is trained on
    (`higher_is_better` on a loss role: `detectors.view.View` negates it), the training split's as the training loss,
    the held-out split's as the validation loss (RMTPP's `(Training) loglikelihood: -2.19907` and `(Testing)
    loglikelihood: -1.78953`; a GMM's or an HMM's log-likelihood per iteration). True when one was found."""
    count = {name: len(series) for name, series in run.metrics.items()}
    likelihoods = _likelihoods(roles)
    for role, splits in ((MetricRole.TRAIN_LOSS, ("train", None)), (MetricRole.VAL_LOSS, ("val", "test"))):
        named = [(name, info) for name, info in likelihoods if info.split in splits]
        if not named:
            continue
        chosen, info = max(named, key=lambda item: (item[1].split == splits[0], count[item[0]]))
        why = f"'{chosen}' is a likelihood and no loss is logged: the run's objective, judged negated as its loss"
        roles[chosen] = RoleInfo(role, why, info.split or "train", True, primary=True)
    return any(info.role is MetricRole.TRAIN_LOSS for info in roles.values())


def _loss_info(role: MetricRole, reason: str, parts: list[str], split: Split | None, primary: bool) -> RoleInfo:
    return RoleInfo(role, reason, split, higher_is_better=False, scale=scale_of(parts), primary=primary)


def _choose_train_loss(
    run: Run, losses: list[tuple[str, list[str]]], loss_metric: str | None, roles: dict[str, RoleInfo]
) -> None:
    count = {name: len(series) for name, series in run.metrics.items()}
    chosen: str | None = loss_metric
    reason = f"'{loss_metric}' was named as the training loss (loss_metric)"
    if chosen is None and run.loss_stated is not None and run.loss_stated[0] in run.metrics:
        chosen, writer = run.loss_stated
        reason = f"'{chosen}' is the loss as {writer} prints it"
    if chosen is None and losses:
        whole = [(n, p) for n, p in losses if _is_loss(p) and not _qualifiers(p)]
        like = [(n, p) for n, p in losses if not _is_loss(p) and not _qualifiers(p) - LOSS_LIKE_WORDS]
        if whole:
            # a series long enough for the debugger to judge (MIN_POINTS) first (real logs, dev: PaddleVideo's
            # per-epoch `loss_avg` of 25 epochs over 2 stray per-batch `loss` lines), then the total, then a
            # curve at least half as long as the longest (Lightning's `train_loss_step` logged every 50 steps of
            # short epochs: 21 points beside 68 of `train_loss_epoch`), then the per-step loss over its per-epoch
            # summary, then the series with most points
            longest = max(count[name] for name, _ in whole)
            chosen = max(
                whole,
                key=lambda np_: (
                    count[np_[0]] >= MIN_POINTS,
                    "total" in np_[1],
                    2 * count[np_[0]] >= longest,
                    -bool(AGGREGATE_WORDS & set(np_[1])),
                    count[np_[0]],
                ),
            )[0]
            reason = f"'{chosen}' is the whole training loss by its name"
        elif like:
            # a log scale first (nll over its perplexity), then most points
            chosen = max(like, key=lambda np_: (scale_of(np_[1]) != "perplexity", count[np_[0]]))[0]
            reason = f"'{chosen}' is a loss by its name and no series is named loss"
        else:
            chosen = max(losses, key=lambda np_: count[np_[0]])[0]
            reason = f"no total loss is logged: '{chosen}', the training-loss component with most points, stands for it"
    for name, parts in losses:
        if name == chosen:
            continue
        why = (
            f"a component of the training loss '{chosen}'"
            if _qualifiers(parts)
            else f"another view of the training loss (judged: '{chosen}')"
        )
        roles[name] = _loss_info(MetricRole.LOSS_COMPONENT, why, parts, split_of(parts) or "train", False)
    if chosen is not None:
        parts = words(chosen)
        roles[chosen] = _loss_info(MetricRole.TRAIN_LOSS, reason, parts, "train", True)


_LOSS_FILE = re.compile(r"(?i)(?:^|[_.-])loss(?:es)?(?:[_.-]|$)")
"""A file named for the losses it holds: pix2pix's and CycleGAN's `Visualizer.print_current_losses` appends every loss
of the model to `loss_log.txt`, whatever the model names them (`mtm`, `warp`, `segmt`: round32's CS-008)."""


def _named_by_a_loss_file(
    run: Run, roles: dict[str, RoleInfo]
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """With no series named a training loss, in a file named for its losses (`loss_log.txt`, `losses.txt`): the series
    no word places, of values not all whole (a whole number is a count), are the losses' terms: the training loss's,
    and the held-out losses' where a split names them (round56's GB-001, `losses.csv` of `val eval, val mate, train
    eval, train mate`). Returned as (training terms, held-out terms)."""
    if not any(_LOSS_FILE.search(PurePath(file).name) for file in run.files):
        return [], []
    terms = [
        (name, words(name))
        for name, info in roles.items()
        if info.role is MetricRole.OTHER and not all(float(v).is_integer() for v in run.metrics[name].values)
    ]
    for name, _ in terms:
        del roles[name]
    held_out = [(name, parts) for name, parts in terms if split_of(parts) in ("val", "test")]
    return [term for term in terms if term not in held_out], held_out


def _total_as_the_loss(roles: dict[str, RoleInfo]) -> None:
    """With no series named a training loss, a series named just `total` (`[epoch: 0/200, iter: 25/448] total: 1.93`,
    beside a `[Valid] MSE` or not) is the total training loss: a log names its loss's total that way, never its time or
    count without a unit."""
    for name, info in roles.items():
        if info.role is MetricRole.OTHER and words(name) == ["total"]:
            reason = f"'{name}' is the only total the run logs and no series names a loss: the total training loss"
            roles[name] = _loss_info(MetricRole.TRAIN_LOSS, reason, ["total"], "train", True)
            return


_FILE_NAME = re.compile(r"\.[A-Za-z]\w{0,4}$")
"""A series named by its file (`train_log.txt`): a headerless table's first column."""


def _lone_series_as_the_loss(run: Run, roles: dict[str, RoleInfo]) -> None:
    """A log holding one series and no name for it (a script's `print(loss.item())`, one value per line: the series
    takes the file's name) or one no word places: the training loss, the one thing such scripts print; so is the first
    column of a headerless table (the file's name, beside `<file> column N`: `f.write(f"{loss} {acc}")`, round23's
    CD-015) when nothing else is. Not a series of whole numbers: that is a count or a setting echoed per run (`Latent
    Space Dimension = 6`), never a loss."""
    if len(roles) == 1:
        ((name, info),) = roles.items()
        values = run.metrics[name].values
        if info.role is not MetricRole.OTHER:
            return
        if _FILE_NAME.search(name) and _rose_and_levelled(values):
            why = f"'{name}' rose from its lowest and levelled off on a percentage's or a share's scale: a quality's"
            roles[name] = RoleInfo(MetricRole.ACCURACY, why + " learning curve, higher is better", None, True)
        elif not all(float(v).is_integer() for v in values):
            reason = f"'{name}' is the only series the log holds and no name places it: read as the training loss"
            roles[name] = _loss_info(MetricRole.TRAIN_LOSS, reason, words(name), "train", True)
        return
    if not roles:
        return
    first = next(iter(roles))  # a headerless table: the file's name, then `<file> column N`, ...
    table = all(name == first or name.startswith(f"{first} column ") for name in roles)
    unplaced = table and _FILE_NAME.search(first) is not None and roles[first].role is MetricRole.OTHER
    if not unplaced:
        return
    chosen = first
    if _climbed_to_a_share(run.metrics[first].values):  # `93.405 ... 0.215935` per epoch: accuracy first, then loss
        why = f"'{first}' rose to near the top of a percentage's or a share's scale: an accuracy, higher is better"
        roles[first] = RoleInfo(MetricRole.ACCURACY, why, None, higher_is_better=True)
        fell = [name for name in roles if name != first and _fell(run.metrics[name].values)]
        chosen = fell[0] if fell else first
    if chosen != first or not all(float(v).is_integer() for v in run.metrics[first].values):
        reason = f"'{chosen}' is the first column of a table no name places that fell: read as the training loss"
        roles[chosen] = _loss_info(MetricRole.TRAIN_LOSS, reason, words(chosen), "train", True)


HELD_OUT_TWIN_START = 0.1
"""A headerless table's column that starts within this share of its training loss's first value, and falls, is that
loss on held-out data (a loop's `history.append([step, train_loss, val_loss])`: round91's LD-002, 6.02 beside 5.95, a
1% gap; an untrained model's loss is the same on any data). An accuracy starts near a loss by chance but rises."""


def _held_out_column(run: Run, roles: dict[str, RoleInfo]) -> None:
    """In a headerless table whose first column is the training loss and that names no held-out loss, the first other
    column that starts within HELD_OUT_TWIN_START of the loss's first value and falls: the validation loss."""
    first = next((n for n, info in roles.items() if info.role is MetricRole.TRAIN_LOSS and info.primary), None)
    if first is None or not _FILE_NAME.search(first):
        return
    if any(info.role is MetricRole.VAL_LOSS for info in roles.values()):
        return
    loss = run.metrics[first].values
    for name in roles:
        values = run.metrics[name].values
        if (
            name.startswith(f"{first} column ")
            and roles[name].role in (MetricRole.OTHER, MetricRole.LOSS_COMPONENT)
            and len(values) >= MIN_POINTS
            and abs(values[0] - loss[0]) <= HELD_OUT_TWIN_START * abs(loss[0])
            and values[-1] < values[0]
            and not all(float(v).is_integer() for v in values)
        ):
            why = f"'{name}' starts where the training loss '{first}' starts and falls: the same loss on held-out data"
            roles[name] = _loss_info(MetricRole.VAL_LOSS, why, ["val", "loss"], "val", True)
            return


SHARE_TOP = 0.9
"""A headerless column that rose to at least this share of a percentage's (100) or a share's (1) scale, every value
on it, is an accuracy, not a loss (round54's FQ-012: a C MLP's `93.405 ... 0.215935` rows, accuracy to 99.995% beside
its loss falling to 0.0006, read as a loss that barely moved)."""


ROUNDING_OVER_ONE = 1e-9
"""A share's float sum may print a rounding over 1 (Chainer's `validation/main/ap/maru: 1.0000000000000002`, round81's
KJ-014): still a share of 1, no percentage."""


def share_scale(high: float) -> float:
    """The top of a quality's scale from its highest value: 100 for a percentage, 1 for a share."""
    return 100.0 if high > 1 + ROUNDING_OVER_ONE else 1.0


def _climbed_to_a_share(values: Sequence[float]) -> bool:
    top = share_scale(max(values))
    return min(values) >= 0 and max(values) <= top and values[-1] > values[0] and values[-1] >= SHARE_TOP * top


RISEN_BY_MIDPOINT = 0.75
"""The share of its whole rise a file's lone unnamed series has made by its middle point, from its lowest value near
its start, for its rise to be a learning curve levelling off (a quality measure), not a loss: a loss that climbs
diverges and grows faster as it goes; none rises and flattens on a bounded scale. Round81's KJ-009, a headerless
`epoch,accuracy` CSV, 49.2 -> 82.4 by epoch 41 of 100 -> 84.3, read as a loss that never fell."""

STARTED_NEAR_LOWEST = 0.1
"""How far above its lowest value, as a share of its range, such a series may start (an accuracy's early noise)."""


def _rose_and_levelled(values: Sequence[float]) -> bool:
    low, high = min(values), max(values)
    top = share_scale(high)
    if len(values) < MIN_POINTS or low < 0 or high > top or values[-1] <= values[0]:
        return False
    if values[0] - low > STARTED_NEAR_LOWEST * (high - low):
        return False  # it fell first: a loss that turned up
    return values[len(values) // 2] - low >= RISEN_BY_MIDPOINT * (values[-1] - low)


def _fell(values: Sequence[float]) -> bool:
    return len(values) > 1 and values[-1] < values[0] and not all(float(v).is_integer() for v in values)


def _bare_splits(roles: dict[str, RoleInfo]) -> dict[str, Split]:
    """The series no word placed that a split's name alone names (`train`, `Val`, `test`), with their split."""
    return {
        name: SPLIT_WORDS[parts[0]]
        for name, info in roles.items()
        if info.role is MetricRole.OTHER and len(parts := words(name)) == 1 and parts[0] in SPLIT_WORDS
    }


def _splits_as_losses(run: Run, roles: dict[str, RoleInfo]) -> list[tuple[str, list[str]]]:
    """With no series named a loss long enough to judge (MIN_POINTS), series named just by a split (`train`, `val`:
    build-nanogpt's log.txt writes `19072 train 2.94` and `19072 val 2.91`) are that split's loss when their values
    fall, as a loss does and an accuracy does not, or turn non-finite, as a loss does and a count of answers right
    cannot (NFM's `Epoch 1 [0.4 s]\\ttrain=nan, validation=nan, test=nan`, its RMSEs), or stand at one value over
    MIN_POINTS prints (libFM's `#Iter= 14\\tTrain=2.46466\\tTest=2.4449`, as at its first): the training one becomes the
    training loss (a `loss` of 4 points printed beside `train` of 21 becomes a component); the held-out ones are
    returned to be chosen from. Beside a training series read so, a held-out one is the same measure on held-out data
    whichever way it goes (a validation loss that rises is overfitting, no accuracy)."""
    import math

    named = [n for n, info in roles.items() if info.role is MetricRole.TRAIN_LOSS and info.primary]
    if named and len(run.metrics[named[0]]) >= MIN_POINTS:
        return []
    bare = _bare_splits(roles)

    def falls(name: str) -> bool:
        values = run.metrics[name].values
        stood = len(values) >= MIN_POINTS and len(set(values)) == 1  # libFM's `Train=2.46466` at every iteration
        return (len(values) >= 2 and values[-1] < values[0]) or not all(map(math.isfinite, values)) or stood

    trained = [name for name, split in bare.items() if split == "train" and falls(name)]
    if named and not (trained and len(run.metrics[trained[0]]) >= MIN_POINTS):
        return []  # a short loss beside no longer training split: the loss is what there is
    if trained:
        reason = f"'{trained[0]}' names only the training split, its values fall (or turn non-finite) and no series "
        reason += "names a loss: the loss"
        roles[trained[0]] = _loss_info(MetricRole.TRAIN_LOSS, reason, words(trained[0]), "train", True)
        for name in named:
            why = f"'{name}' is too short to judge (under {MIN_POINTS} points) beside '{trained[0]}'"
            roles[name] = _loss_info(MetricRole.LOSS_COMPONENT, why, words(name), "train", False)
    return [
        (name, [words(name)[0], "loss"])
        for name, split in bare.items()
        if split != "train" and (trained or falls(name))
    ]


def _splits_as_accuracies(run: Run, roles: dict[str, RoleInfo]) -> list[tuple[str, list[str]]]:
    """Beside a training loss named as one, series named just by a split whose values all lie in [0, 1] are that
    split's accuracy (PyTorch Geometric's examples print `Epoch: 001, Loss: 1.3858, Train: 0.2660, Val: 0.2560, Test:
    0.2160`): the loss has its name, and what the split alone names beside it is the score the script reports. A
    held-out one that fell as the loss fell is that split's loss instead, returned to be chosen from (round56's
    GD-001: `loss 4.0317` ... `loss 0.1866` on its training lines, `>> val 0.4238` ... `>> val 0.1566` on its
    validation lines): a score climbs as the model learns."""
    import math

    named = [n for n, info in roles.items() if info.role is MetricRole.TRAIN_LOSS and info.primary]
    if not named:
        _rising_splits_as_accuracies(run, roles)
        return []
    if not _is_loss(words(named[0])):
        return []
    held_out: list[tuple[str, list[str]]] = []
    for name, split in _bare_splits(roles).items():
        values = [v for v in run.metrics[name].values if math.isfinite(v)]
        if values and all(0.0 <= v <= 1.0 for v in values):
            if split != "train" and _fell(values) and _fell(run.metrics[named[0]].values):
                held_out.append((name, [*words(name), "loss"]))
                continue
            why = f"'{name}' names only the {split} split beside the loss '{named[0]}', its values in [0, 1]: a score"
            roles[name] = RoleInfo(MetricRole.ACCURACY, why, split, True)
    return held_out


def _rising_splits_as_accuracies(run: Run, roles: dict[str, RoleInfo]) -> None:
    """With no loss at all, series named just by a split whose values all lie in [0, 1], the training one risen from
    its first value (the median of its first fifth) to its last, are each split's accuracy (PyTorch Geometric's
    graph_unet.py prints `Epoch: 020, Train: 0.4109, Val: 0.3182, Test: 0.3295`, accuracies alone): a score climbs as
    the model learns, as `_splits_as_losses` reads the ones that fall as losses."""
    import math
    import statistics

    bare = _bare_splits(roles)
    values = {name: [v for v in run.metrics[name].values if math.isfinite(v)] for name in bare}
    trained = [name for name, split in bare.items() if split == "train" and len(values[name]) >= MIN_POINTS]
    if not trained or not all(values[name] and all(0.0 <= v <= 1.0 for v in values[name]) for name in bare):
        return
    train = values[trained[0]]
    fifth = max(1, len(train) // 5)
    if statistics.median(train[-fifth:]) <= statistics.median(train[:fifth]):
        return
    for name, split in bare.items():
        why = f"'{name}' names only the {split} split, no series names a loss, its values in [0, 1] and the training "
        roles[name] = RoleInfo(MetricRole.ACCURACY, why + "one rose: a score", split, True)


def _choose_val_loss(run: Run, losses: list[tuple[str, list[str]]], roles: dict[str, RoleInfo]) -> None:
    if not losses:
        return
    count = {name: len(series) for name, series in run.metrics.items()}
    # long enough to judge first, then validation before test, the whole loss before a component, then most points
    primary = max(
        losses,
        key=lambda np_: (
            count[np_[0]] >= MIN_POINTS,
            split_of(np_[1]) == "val",
            _is_loss(np_[1]) and not _qualifiers(np_[1]),
            count[np_[0]],
        ),
    )[0]
    for name, parts in losses:
        split = split_of(parts)
        reason = f"a loss on {'test' if split == 'test' else 'validation'} data by its name"
        if name == primary:
            reason += " (the one judged)"
        roles[name] = _loss_info(MetricRole.VAL_LOSS, reason, parts, split, name == primary)


def _mark_primary(run: Run, roles: dict[str, RoleInfo], role: MetricRole) -> None:
    """The series of `role` the detectors read: the one with fewest extra words (`lr` before `lr_pg1`,
    `grad_norm` before `grad_norm/layer3`), then most points."""
    named = [name for name, info in roles.items() if info.role is role]
    if not named:
        return
    best = min(named, key=lambda n: (len(words(n)), -len(run.metrics[n])))
    info = roles[best]
    roles[best] = RoleInfo(
        info.role, info.reason + " (the one judged)", info.split, info.higher_is_better, primary=True
    )
