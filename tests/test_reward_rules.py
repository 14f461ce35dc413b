"""An RL run is judged on its reward: a policy-gradient loss crosses zero (or sits at it) and says nothing by its
ratios, the reward says whether the agent learns. Real tiny REINFORCE runs on a 4-armed bandit (tests/tiny_runs.py)."""

from __future__ import annotations

import numpy as np

from server.core.diagnosis.detectors.quality import detect_reward, improving_quality
from server.core.diagnosis.detectors.trend import detect_trend
from server.core.diagnosis.detectors.view import View, finite_loss
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.thresholds import REWARD_FLAT_CONFIDENCE
from tests.tiny_runs import train_bandit


def test_an_agent_whose_reward_rises_is_healthy() -> None:
    run = train_bandit(lr=0.05)
    reward = np.array(run.metrics["reward_mean"].values)
    assert float(np.min(run.metrics["pg_loss"].values)) < 0  # the surrogate crosses zero: no loss to judge
    assert finite_loss(View(run)) is None
    assert reward[:12].mean() < 0.55 and reward[-24:].mean() > 0.85  # printed: 0.51 -> 0.90
    assert detect_reward(View(run)) == []
    assert diagnose([run]).verdict == "healthy"


def test_an_agent_whose_reward_never_rises_learns_nothing() -> None:
    run = train_bandit(lr=1e-5)  # Adam at 1e-5: the policy hardly moves, the reward stays ~0.45
    (finding,) = detect_reward(View(run))
    assert (finding.id, finding.confidence) == ("loss_plateau", REWARD_FLAT_CONFIDENCE)
    assert "reward_mean never improved over 120 points" in finding.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "loss_plateau"


def test_a_policy_loss_of_exactly_zero_is_no_blow_up_and_its_zero_reward_is_the_finding() -> None:
    run = train_bandit(lr=0.05, rewarded=False)  # no sample ever rewarded: advantage 0, pg_loss 0.0 at every step
    assert set(run.metrics["pg_loss"].values) == {0.0}
    assert finite_loss(View(run)) is None  # 0 >= 1.5 x 0 would read as a loss that "never fell"
    assert detect_trend(View(run)) == []
    top = diagnose([run]).root_causes[0]
    assert top.id == "loss_plateau" and "0 at start, 0 at end" in top.evidence[0].detail


def test_a_judgeable_loss_is_judged_on_itself_not_on_a_reward_beside_it() -> None:
    run = train_bandit(lr=1e-5)
    for step, value in zip(run.metrics["reward_mean"].steps, range(120), strict=True):  # a positive loss that falls
        run.series("loss").append(step, 2.0 * 0.98**value)
    assert finite_loss(View(run)) is not None
    assert detect_reward(View(run)) == []  # DPO's loss falls while its implicit `rewards` fall by design


def test_a_reward_that_climbs_through_the_last_fifth_kept_its_gain() -> None:
    run = train_bandit(lr=0.05, steps=300, learning_starts=260)  # learns only in its last 40 updates
    del run.metrics["pg_loss"]
    reward = np.array(run.metrics["reward_mean"].values)
    assert np.median(reward[-60:]) < (np.median(reward[:3]) + reward[-6:].mean()) / 2  # the fifth's median: halfway
    assert improving_quality(run) == "reward_mean"
    assert diagnose([run]).verdict == "healthy"
