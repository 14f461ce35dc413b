"""Reinforcement learning: a run whose episode reward never improved learned nothing, whatever its losses did.

The loss of an RL run (a policy-gradient surrogate) is computed on data the agent's own policy collects: it crosses
zero or sits at it, and says nothing by its ratios (`finite_loss` leaves it out); the reward is what the agent is
trained to raise (Sutton and Barto, "Reinforcement Learning: An Introduction", 2018, ch. 3: the agent's goal is to
maximise the return). So where the loss cannot be judged, a mean reward that ends no higher than it began
(REWARD_RISE) is `loss_plateau`: the agent learns nothing. A run whose loss can be judged is judged on it (DPO's
loss falls as it learns, while its implicit `rewards` of chosen answers fall by design).
"""

from __future__ import annotations

from ...logs.roles import REWARD_WORDS, words
from ..findings import Finding, evidence
from ..thresholds import MIN_POINTS, REWARD_FLAT_CONFIDENCE, REWARD_RISE, REWARD_WINDOW_HEAD
from .view import Curve, View, arrays, finite_loss, fmt, fmt_step

NOT_THE_REWARD = frozenset(
    {"std", "max", "min", "best", "worst", "time", "timing", "chosen", "rejected", "margin", "margins", "accuracies"}
)
"""Words that make a reward series something else than the reward the agent raises: its spread or extremes, the time
spent computing it, DPO's implicit rewards of chosen and rejected answers (TRL: `rewards/chosen`, `rewards/margins`),
which move apart by design as the policy leaves its reference."""


def reward_curve(view: View) -> Curve | None:
    """The run's mean reward (most points; of equals, the plainest name), or None when it logs none."""
    named = [
        name
        for name, series in view.run.metrics.items()
        if REWARD_WORDS & set(words(name)) and not NOT_THE_REWARD & set(words(name)) and len(series) >= MIN_POINTS
    ]
    if not named:
        return None
    name = min(named, key=lambda n: (-len(view.run.metrics[n]), len(words(n))))
    return Curve(name, *arrays(view.run.metrics[name]))


def detect_reward(view: View) -> list[Finding]:
    """With no loss to judge, a mean reward whose end (median of its last fifth) rose less than REWARD_RISE past its
    start (median of its first tenth): the agent learns nothing."""
    import numpy as np

    found = reward_curve(view) if finite_loss(view) is None else None
    if found is None:
        return []
    name, steps, values = found
    keep = np.isfinite(values)
    steps, values = steps[keep], values[keep]
    if values.size < MIN_POINTS:
        return []
    start = float(np.median(values[: max(3, values.size // REWARD_WINDOW_HEAD)]))
    end = float(np.median(values[-max(3, values.size // 5) :]))
    if end - start > REWARD_RISE * max(abs(start), abs(end)):
        return []
    where = f"{fmt_step(steps[0])}-{fmt_step(steps[-1])}"
    detail = (
        f"{name} never improved over {values.size} points: {fmt(start)} at start, {fmt(end)} at end; the reward is "
        "what an RL agent raises as it learns, so the agent learns nothing"
    )
    return [Finding("loss_plateau", REWARD_FLAT_CONFIDENCE, [evidence(view.source, where, detail)])]
