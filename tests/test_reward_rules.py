"""An RL run is judged on its reward: a policy-gradient loss crosses zero (or sits at it) and says nothing by its
ratios, the reward says whether the agent learns. Real tiny REINFORCE runs on a 4-armed bandit (tests/tiny_runs.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from server.core.diagnosis.detectors.quality import detect_reward, improved, improving_quality
from server.core.diagnosis.detectors.trend import detect_trend
from server.core.diagnosis.detectors.view import View, finite_loss
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.thresholds import REWARD_FLAT_CONFIDENCE
from server.core.logs.model import Run
from server.core.logs.roles import MetricRole
from tests.tiny_runs import casebook_run, train_bandit, train_dqn, train_tiny


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


def test_a_flat_reward_beside_a_game_score_that_climbs_is_no_agent_that_learns_nothing() -> None:
    """Round85's KQ-005: each episode's final state, its last step's `reward` (0 at most ends) beside the game's
    `total_score`, which climbs 69 -> 250: the score says the agent learns."""
    run = train_bandit(lr=1e-5)  # a reward that never rises
    assert detect_reward(View(run))
    learner = train_bandit(lr=0.05)  # a learning agent's score, 100 a pull that paid
    for step, value in zip(learner.metrics["reward_mean"].steps, learner.metrics["reward_mean"].values, strict=True):
        run.series("total_score").append(step, 100 * value)
    run.roles = {}  # assigned again with the score
    assert improving_quality(run, losses=False) == "total_score"
    assert detect_reward(View(run)) == []


def test_a_policy_loss_of_exactly_zero_is_no_blow_up_and_its_zero_reward_is_the_finding() -> None:
    run = train_bandit(lr=0.05, rewarded=False)  # no sample ever rewarded: advantage 0, pg_loss 0.0 at every step
    assert set(run.metrics["pg_loss"].values) == {0.0}
    assert finite_loss(View(run)) is None  # 0 >= 1.5 x 0 would read as a loss that "never fell"
    assert detect_trend(View(run)) == []
    top = diagnose([run]).root_causes[0]
    assert top.id == "loss_plateau" and "0 at start, 0 at end" in top.evidence[0].detail


def test_an_rl_runs_loss_is_left_to_its_reward(tmp_path: Path) -> None:
    """A healthy DQN's TD loss spikes whenever its target network is updated and rises as its returns grow: judged
    as a loss it was a loss spike; judged on the return it raises, it is healthy."""
    dqn = casebook_run(tmp_path, "dqn", "healthy", seed=1)
    assert finite_loss(View(dqn)) is None
    assert diagnose([dqn]).verdict == "healthy"


def test_a_preference_runs_loss_is_its_objective_not_its_implicit_rewards() -> None:
    """DPO logs the implicit rewards of chosen and rejected answers, which fall by design: the run is judged on its
    loss, and those rewards are no RL reward."""
    run = train_tiny(lr=0.05, steps=120)  # a positive loss that falls
    bandit = train_bandit(lr=1e-5)  # a reward that never rises
    for name in ("rewards/chosen", "rewards(c/r)"):
        for step, value in zip(bandit.metrics["reward_mean"].steps, bandit.metrics["reward_mean"].values, strict=True):
            run.series(name).append(step, value)
    assert finite_loss(View(run)) is not None
    assert detect_reward(View(run)) == []


def test_a_reward_that_climbs_through_the_last_fifth_kept_its_gain() -> None:
    run = train_bandit(lr=0.05, steps=300, learning_starts=260)  # learns only in its last 40 updates
    del run.metrics["pg_loss"]
    reward = np.array(run.metrics["reward_mean"].values)
    assert np.median(reward[-60:]) < (np.median(reward[:3]) + reward[-6:].mean()) / 2  # the fifth's median: halfway
    assert improving_quality(run) == "reward_mean"
    assert diagnose([run]).verdict == "healthy"


def test_a_validation_accuracy_that_never_changed_its_answers_learned_nothing(tmp_path: Path) -> None:
    """Dead ReLUs in a multitask net: the summed loss falls with its regression part while the classifier prints the
    same validation accuracy at every evaluation (a constant output); a healthy run's accuracy moves."""
    from server.core.diagnosis.detectors.quality import detect_frozen_accuracy

    dead = casebook_run(tmp_path, "multitask", "dead_relu", seed=2)
    accuracy = list(dead.metrics["val_acc"].values)
    held = next(i for i, value in enumerate(accuracy) if value != accuracy[0])  # the first answer that changed
    assert held >= len(accuracy) / 2
    (found,) = detect_frozen_accuracy(View(dead))
    assert found.id == "loss_plateau" and f"first {held} of {len(accuracy)}" in found.evidence[0].detail
    assert "loss_plateau" in {c.id for c in diagnose([dead]).root_causes}
    assert detect_frozen_accuracy(View(casebook_run(tmp_path, "multitask", "healthy"))) == []
    blanks = casebook_run(tmp_path, "ctc", "dead_relu")  # a CTC model emitting blanks only: every character wrong
    (found,) = detect_frozen_accuracy(View(blanks))
    assert found.id == "loss_plateau" and found.evidence[0].detail.startswith("val_cer printed 1 at each")


def test_a_frozen_reference_beside_an_accuracy_that_moved_is_no_constant_output(tmp_path: Path) -> None:
    """A healthy Wide & Deep model logged by TF's Estimator prints `accuracy_baseline` (the majority class's accuracy:
    one value at every evaluation) beside its `accuracy`, which moves: the answers changed, the model learns."""
    import sys

    from server.core.diagnosis.detectors.quality import detect_frozen_accuracy

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_estimator

    run = casebook_run(tmp_path, "wide_deep", "healthy", write=write_estimator)
    baseline, accuracy = (run.metrics[name].values for name in ("Evaluation_accuracy_baseline", "Evaluation_accuracy"))
    assert len(set(baseline)) == 1 and len(baseline) >= 10 and len(set(accuracy)) > 1
    assert detect_frozen_accuracy(View(run)) == []
    assert diagnose([run]).verdict == "healthy"


def test_a_measure_that_strays_in_its_fifth_digit_or_names_no_split_is_judged_frozen_too(tmp_path: Path) -> None:
    """Dead ReLUs in a depth net: its validation RMSE, written to full precision, strays from its first value by a
    hundred-thousandth (no share of examples, so no `counted` excuse): its answers never changed. A validation
    accuracy logged under a bare name at each evaluation (mmseg's `aAcc`) is judged as the `val_` one is."""
    from server.core.diagnosis.detectors.quality import detect_frozen_accuracy
    from server.core.diagnosis.thresholds import FROZEN_MEASURE_SPREAD
    from server.core.logs.reading import give_roles

    dead = casebook_run(tmp_path, "depth", "dead_relu", seed=1)
    rmse = np.array(dead.metrics["val_rmse"].values)
    assert 0 < np.ptp(rmse) < FROZEN_MEASURE_SPREAD * rmse[0]
    (found,) = detect_frozen_accuracy(View(dead))
    assert found.id == "loss_plateau" and found.evidence[0].detail.startswith("val_rmse printed")
    assert detect_frozen_accuracy(View(casebook_run(tmp_path, "depth", "healthy", seed=1))) == []
    bare = casebook_run(tmp_path, "multitask", "dead_relu", seed=2)
    bare.metrics["acc"] = bare.metrics.pop("val_acc")
    give_roles([bare], None)
    assert bare.roles["acc"].split is None
    (found,) = detect_frozen_accuracy(View(bare))
    assert found.evidence[0].detail.startswith("acc printed")


def test_an_accuracy_on_a_handful_of_examples_repeats_while_the_model_learns() -> None:
    """A classifier scored on 12 held-out examples moves in twelfths: its accuracy repeats from one evaluation to the
    next while it learns, which is no frozen output (`counted`); on 1024 examples (the multitask runs above) a repeat
    is a sign."""
    import torch

    from server.core.diagnosis.detectors.quality import counted

    torch.manual_seed(0)
    x, x_val = torch.randn(256, 4), torch.randn(12, 4)
    y, y_val = (x.sum(1) > 0).long(), (x_val.sum(1) > 0).long()
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
    accuracy = []
    for _ in range(30):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            accuracy.append(round(float((model(x_val).argmax(1) == y_val).float().mean()), 4))  # printed to 4 places
    assert len(set(accuracy)) < len(accuracy) and counted(np.array(accuracy))


def test_a_share_of_a_handful_is_judged_at_the_precision_the_accuracy_was_printed_to(tmp_path: Path) -> None:
    """Dead ReLUs in a knowledge-tracing model: its validation accuracy, written to full precision, stays at one value
    that lies within a thousandth of 2/5 (0.4005): no share of five examples, as 0.4 printed to four places would be
    exactly. Its answers never changed: a frozen measure, not a tiny set moving in whole examples."""
    from server.core.diagnosis.detectors.quality import counted, detect_frozen_accuracy, printed_precision

    dead = casebook_run(tmp_path, "dkt", "dead_relu")
    accuracy = np.array(dead.metrics["val_acc"].values)
    assert np.ptp(accuracy) == 0 and abs(5 * accuracy[0] - 2) < 5 * 5e-4  # within three decimals' slack of 2/5
    assert printed_precision(accuracy) < 5e-5 and not counted(accuracy)
    assert counted(np.array([0.4, 0.4, 0.6])) and printed_precision(np.array([0.4005])) == 5e-5
    (found,) = detect_frozen_accuracy(View(dead))
    assert found.evidence[0].detail.startswith("val_acc printed")


def test_an_agents_returns_are_no_held_out_quality_however_seldom_printed() -> None:
    """A real REINFORCE bandit logs its policy loss every update and its mean return over the last 10 updates at every
    10th: the return is printed at an evaluation's cadence, but it is earned on the environment the agent trains on,
    so a return that peaks and falls back while the loss falls is no overfitting (round44's ED-006, a PPO trader
    called overfitting for it)."""
    from server.core.logs.roles import assign_roles

    run = train_bandit(lr=0.05)
    rewards = run.metrics.pop("reward_mean")
    del run.metrics["reward"]
    for end in range(10, len(rewards) + 1, 10):
        run.series("mean_return").append(rewards.steps[end - 1], float(np.mean(rewards.values[end - 10 : end])))
    run.roles = assign_roles(run)
    view = View(run)
    assert view.evaluated("mean_return") and run.roles["mean_return"].role is MetricRole.ACCURACY
    assert view.held_out_quality() is None


def dialog_agent(episodes: int = 1200, seed: int = 0) -> Run:
    """A REINFORCE policy over four dialog strategies whose dialogs succeed with chance 0.55-0.95, one episode a step:
    the reward it logs is the episode's, 400 for a success and -150 for a failure (round-11 AH-014's shape)."""
    import torch

    torch.manual_seed(seed)
    succeeds = torch.tensor([0.55, 0.6, 0.65, 0.95])
    logits = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.Adam([logits], lr=0.01)
    run = Run(source="dialog_agent.log", format="text")
    for episode in range(1, episodes + 1):
        dist = torch.distributions.Categorical(logits=logits)
        arm = dist.sample()
        reward = 400.0 if bool(torch.bernoulli(succeeds[arm])) else -150.0
        loss = -dist.log_prob(arm) * (reward - 250.0) / 400.0
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("total_reward").append(episode, reward)
    return run


def test_an_agent_whose_episodes_succeed_more_often_learns_though_its_median_reward_stays() -> None:
    run = dialog_agent()
    reward = np.array(run.metrics["total_reward"].values)
    assert np.median(reward[:120]) == np.median(reward[-240:]) == 400.0  # the medians cannot see it
    assert (reward[:240] > 0).mean() < (reward[-240:] > 0).mean()  # the share of successes grows
    assert detect_reward(View(run)) == []


def test_a_critics_loss_rising_with_the_agents_returns_is_no_divergence() -> None:
    """A real tiny DQN whose returns climb from a few points to hundreds: its TD loss climbs with them (its targets
    scale up), which the trend rules would read as a learning rate too high. With the returns logged beside it the
    run is an agent that learns; without them the rising TD loss is all there is to judge."""
    from server.core.logs.roles import assign_roles

    run = train_dqn(seed=2)  # a seed whose returns end high: per-episode returns swing from 5 to 1090
    run.roles = assign_roles(run)
    loss, returns = np.array(run.metrics["td_loss"].values), np.array(run.metrics["ep_return"].values)
    assert loss[-10:].mean() > 10 * loss[:10].mean() and returns[-10:].mean() > 10 * returns[:10].mean()
    assert improving_quality(run) == "ep_return"
    assert detect_trend(View(run)) == []
    alone = Run(source="dqn", format="text")
    for step, value in zip(run.metrics["td_loss"].steps, loss, strict=True):
        alone.series("td_loss").append(step, float(value))
    alone.roles = assign_roles(alone)
    assert [f.id for f in detect_trend(View(alone))] == ["lr_too_high"]


def test_a_few_noisy_evaluation_rewards_show_no_gain_their_noise_could_make() -> None:
    """A bandit that never updates its policy, its batch mean reward printed at six evaluations (as an RL script
    prints `Total reward in global step N` every few hundred steps: round42's DV-005): the last three lie 12.5 points
    above the first three, more than QUALITY_RISE, by chance alone; the noise between the six points says so. The
    same measure over a learning run's 120 updates shows its gain."""
    from server.core.diagnosis.detectors.quality import improved

    still = train_bandit(lr=0.05, steps=120, seed=6, learning_starts=10**6)
    run = Run(source="six evaluations", format="text")
    means = still.metrics["reward_mean"]
    for step, value in list(zip(means.steps, means.values, strict=True))[::20]:
        run.series("Total_reward").append(step, value)
    values = np.array(run.metrics["Total_reward"].values)
    assert improved(float(np.median(values[:3])), float(np.median(values[-3:])))  # the rise alone would pass
    assert improving_quality(run) is None
    learning = train_bandit(lr=0.05, steps=120)
    del learning.metrics["pg_loss"]
    assert improving_quality(learning) == "reward_mean"


def test_a_goal_agents_success_rate_near_zero_throughout_learns_nothing() -> None:
    """HER's `test/success_rate` from 0.0 to 0.025 over 50 epochs, no loss logged (round45's EG-001): a success rate
    is what a goal-conditioned agent raises, and it gains on its whole scale (1), so a few hundredths are no gain. Here
    the share of steps paying above 0.6 in each twentieth of a bandit that hardly learns (Adam at 1e-5)."""
    rewards = np.array(train_bandit(lr=1e-5).metrics["reward_mean"].values)
    run = Run(source="her", format="text")
    for epoch, block in enumerate(np.array_split(rewards, 20)):
        run.series("test/success_rate").append(epoch, float((block > 0.6).mean()))
    assert max(run.metrics["test/success_rate"].values) <= 0.34
    (finding,) = detect_reward(View(run))
    assert finding.id == "loss_plateau" and "test/success_rate never improved" in finding.evidence[0].detail
    assert improved(0.0, 0.025) and not improved(0.0, 0.025, scale=1.0)  # HER's: up by a fortieth of its scale


def test_stable_baselines3_monitor_returns_are_what_the_agent_raises() -> None:
    """SB3's `monitor.csv` names each episode's return `r` beside its length `l` and time `t`: a DQN whose returns
    rise is healthy, judged on `r` (no loss logged)."""
    dqn = train_dqn(episodes=60)
    run = Run(source="monitor.csv", format="csv")
    for name, column in (("r", "ep_return"), ("l", "ep_length")):
        for episode, value in zip(dqn.metrics[column].steps, dqn.metrics[column].values, strict=True):
            run.series(name).append(episode, value)
    for episode in dqn.metrics["ep_return"].steps:
        run.series("t").append(episode, 0.05 * episode)  # seconds since the start, as the Monitor writes them
    assert run.role_map()["r"].role is MetricRole.ACCURACY
    assert detect_reward(View(run)) == [] and diagnose([run]).verdict == "healthy"
    for episode in dqn.metrics["ep_return"].steps:  # a column the Monitor's `info_keywords` asked for (IW-007)
        run.series("total_asset").append(episode, 1000.0 + episode)
    assert run.role_map()["r"].role is MetricRole.ACCURACY and diagnose([run]).verdict == "healthy"


def test_a_policy_replaced_at_every_update_is_a_learning_rate_too_high() -> None:
    """A real tiny PPO on a contextual bandit: at Adam's 0.01 its approximate KL per update stays in thousandths of a
    nat, as a trust region keeps it; at 100 the median update moves the policy by more than POLICY_KL_FAR nats
    (round74's JG-002: baselines' PPO2 at a median of 24): the steps are too large, whatever the reward did."""
    import numpy as np

    from server.core.diagnosis.detectors.quality import detect_policy_leaps
    from server.core.diagnosis.detectors.view import View
    from server.core.diagnosis.thresholds import POLICY_KL_FAR
    from tests.tiny_runs import first_shaped, ppo_bandit

    def leaps(run: Run) -> bool:  # the median update moves the policy by POLICY_KL_FAR nats or more
        return float(np.median(run.metrics["approx_kl"].values)) >= POLICY_KL_FAR

    calm = ppo_bandit(0.01)
    assert float(np.median(calm.metrics["approx_kl"].values)) < 0.01 * POLICY_KL_FAR
    assert detect_policy_leaps(View(calm)) == []
    leaping = first_shaped(lambda seed: ppo_bandit(100.0, seed=seed), leaps)  # lr 100 is chaos: which seed, the CPU's
    (found,) = detect_policy_leaps(View(leaping))
    assert found.id == "lr_too_high" and "approx_kl has a median of" in found.evidence[0].detail
