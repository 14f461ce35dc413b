"""Detectors over one run's metric series and events, grouped by the signal they read.

- `trend`: the training loss: non-finite values and what preceded them, divergence, plateaus (a loss frozen to its
  sixth digit among them), spikes against the run's own noise, oscillation and the period of the data order;
- `gradients`: gradient norms (explosions, growth without zeroing, none at all, the first-to-last layer ratio);
- `validation`: the validation loss against the training loss (overfitting) and losses too good too early;
- `events`: warning lines, logged health metrics, ranks of one run that disagree;
- `quality`: measures of learning other than the loss (a quality measure that improved, an RL run's reward).

Each detector reads a `View` of the run (its series by role), judges them against the run's own history and
returns `Finding`s that cite the steps they rest on. The confidences already carry the causal reading (a NaN
after many steps of growing gradients points at the learning rate, a NaN out of a calm run at the numerics), so
the ranking only merges and orders them. All work is vectorised: a million-step run takes milliseconds per
detector. Every threshold lives in `..thresholds`.
"""

from __future__ import annotations

from ...logs.model import Run
from ..appended import earlier_runs, in_run, stitched
from ..classes import Classes
from ..findings import Finding
from ..thresholds import MIN_POINTS
from .chance import detect_chance
from .events import detect_events, detect_health_metrics, detect_rank_disagreement
from .gradients import detect_gradients, detect_layer_gradients
from .quality import (
    detect_answers_without_learning,
    detect_fall_without_learning,
    detect_frozen_accuracy,
    detect_no_positive,
    detect_policy_leaps,
    detect_reward,
)
from .trend import (
    detect_component_blowup,
    detect_component_data_order,
    detect_early_blowup,
    detect_far_too_high_lr,
    detect_far_too_low_lr,
    detect_frozen_game,
    detect_frozen_loss,
    detect_game_reconstruction_still,
    detect_game_spikes,
    detect_game_standstill,
    detect_nonfinite,
    detect_order_jumps,
    detect_oscillation_and_period,
    detect_perfect_discriminator,
    detect_posterior_collapse,
    detect_short_run_spikes,
    detect_spikes,
    detect_trend,
)
from .validation import (
    detect_epoch_stairs,
    detect_final_answers_apart,
    detect_leakage,
    detect_negative_loss,
    detect_overfitting,
    detect_perfect_held_out,
    detect_quality_overfitting,
)
from .view import Curve, View, adversarial, epoch_length

DETECTORS = (
    detect_nonfinite,
    detect_component_blowup,
    detect_posterior_collapse,
    detect_early_blowup,
    detect_trend,
    detect_gradients,
    detect_layer_gradients,
    detect_spikes,
    detect_short_run_spikes,
    detect_order_jumps,
    detect_component_data_order,
    detect_oscillation_and_period,
    detect_overfitting,
    detect_quality_overfitting,
    detect_final_answers_apart,
    detect_epoch_stairs,
    detect_leakage,
    detect_perfect_held_out,
    detect_negative_loss,
    detect_health_metrics,
    detect_events,
    detect_chance,
    detect_reward,
    detect_policy_leaps,
    detect_frozen_accuracy,
    detect_fall_without_learning,
    detect_answers_without_learning,
    detect_no_positive,
    detect_frozen_loss,
    detect_far_too_low_lr,
    detect_far_too_high_lr,
)


GAME_DETECTORS = (
    detect_nonfinite,
    detect_early_blowup,
    detect_gradients,
    detect_layer_gradients,
    detect_game_spikes,
    detect_game_standstill,
    detect_frozen_game,
    detect_game_reconstruction_still,
    detect_perfect_discriminator,
    detect_far_too_low_lr,
    detect_health_metrics,
    detect_events,
)
"""What judges a GAN's losses: they are the two sides of a game, not a loss being minimised (a generator's loss rises as
its discriminator improves, and swings while they trade places: Goodfellow, "NIPS 2016 Tutorial: Generative Adversarial
Networks", section 3.2 on non-convergence), so only non-finite values, a loss thrown orders of magnitude up by the first
updates (`detect_early_blowup`: no game swings by 10x its start and its level), gradients, one-step spikes of either
side's loss, both sides standing still or frozen, a reconstruction term the generator minimises that never came down, a
discriminator that wins outright, and the run's own health metrics and warnings say something is wrong; the other trend
rules, the period and validation rules do not apply."""


def run_detectors(run: Run, classes: Classes | None = None) -> list[Finding]:
    """Every detector's findings on one run, and on each run appended to its log before the last
    (`appended.earlier_runs`); `classes` is K when the code or the config states it."""
    run = stitched(run)
    detectors = GAME_DETECTORS if adversarial(run) else DETECTORS
    found = [finding for detector in detectors for finding in detector(View(run, classes))]
    for where, earlier in earlier_runs(run):
        found += [in_run(finding, where) for detector in detectors for finding in detector(View(earlier, classes))]
    return found


__all__ = [
    "DETECTORS",
    "MIN_POINTS",
    "Curve",
    "View",
    "detect_rank_disagreement",
    "epoch_length",
    "run_detectors",
]
