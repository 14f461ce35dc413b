"""Rules that judge a run against its own noise, on real tiny runs of the family casebook's recipes
(scripts/make_family_casebook.py) and one real Gaussian-likelihood run: a noisy per-batch loss starts where its
first points lie, spikes at one phase of the data's period are the data order, a one-step spike that leaves the
loss higher is a spike, a loss that goes negative is not judged by ratios, swings cross their trend."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from server.core.diagnosis.detectors import run_detectors
from server.core.diagnosis.detectors.stats import detrended_log
from server.core.diagnosis.detectors.trend import crossings, data_period, period_swing
from server.core.diagnosis.detectors.view import View, start_level
from server.core.diagnosis.engine import diagnose
from server.core.logs.model import Run
from server.core.logs.reading import read_logs
from server.core.logs.roles import assign_roles
from server.core.workspace import Workspace
from tests.tiny_runs import casebook_run, log_full_batch_steps, train_step

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))  # the family casebook's writers


def found(run) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for finding in run_detectors(run):
        out.setdefault(finding.id, []).extend(e.detail for e in finding.evidence)
    return out


def tail_residual(run) -> np.ndarray:
    loss = View(run).loss.values
    return detrended_log(loss[loss.size // 4 :])


def test_a_low_first_draw_of_a_noisy_loss_is_not_its_start(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "regression", "lr_too_low", seed=1)  # lr 3e-7: the loss only wobbles
    loss = View(run).loss.values
    assert round(float(loss[0]), 3) == 1.455  # a low draw: the next two are 2.51 and 2.88
    assert round(start_level(loss), 3) == 2.506
    result = diagnose([run])
    assert "lr_too_high" not in {c.id for c in result.root_causes}
    assert result.root_causes[0].id == "lr_too_low"


def test_spikes_that_come_again_one_period_later_are_the_data_order(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "resnet", "sorted_data")  # batches in label order, never shuffled
    assert data_period(View(run)) == 24  # 4 classes of 768 training examples, 32 a batch
    result = diagnose([run])
    assert result.root_causes[0].id == "data_issue"
    assert any("one every 25 logged steps: batches come in a fixed order" in d for d in found(run)["data_issue"])
    assert period_swing(tail_residual(run), 24) == pytest.approx(
        74.5, abs=0.5
    )  # swings by factors as the class changes


def test_a_one_step_spike_that_leaves_the_loss_higher_is_a_loss_spike(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "regression", "corrupt_batches", seed=2)  # 4 batches of inputs x100
    result = diagnose([run])
    assert result.root_causes[0].id == "loss_spike"
    assert found(run)["loss_spike"][0].startswith("mse 2.73e+04 = 2.02e+05x its local median")


def collapsing_run(folder: Path) -> str:
    """A real deep linear network from a tiny initialisation, full-batch gradient descent: the loss sits on its
    saddle, then collapses to ~0 in a few steps (saddle-to-saddle dynamics), smooth and healthy."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1)
    layers = [
        torch.nn.Linear(8, 16, bias=False),
        torch.nn.Linear(16, 16, bias=False),
        torch.nn.Linear(16, 1, bias=False),
    ]
    for layer in layers:
        torch.nn.init.normal_(layer.weight, std=0.003)
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=0.06)
    lines = []
    for step in range(1, 501):
        lines.append(json.dumps({"step": step, "loss": train_step(model, opt, x, y)}))
    (folder / "collapse.jsonl").write_text("\n".join(lines) + "\n")
    return "collapse.jsonl"


def test_swings_cross_their_trend_many_times_and_a_late_collapse_a_few(tmp_path: Path) -> None:
    swinging = casebook_run(tmp_path, "mlp", "sorted_data")
    assert crossings(tail_residual(swinging)) == 19
    collapse = read_logs(Workspace.of([tmp_path]), [collapsing_run(tmp_path)]).runs[0]
    assert crossings(tail_residual(collapse)) == 3
    assert "loss_oscillation" not in found(collapse)


def gaussian_likelihood_run(folder: Path) -> str:
    """A real regression with a learned variance (GaussianNLLLoss): the loss goes below zero as the variance
    shrinks, which is healthy."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(512, 4)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [0.0]]) + 0.05 * torch.randn(512, 1)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    lines = []
    for step in range(1, 201):
        idx = torch.randint(0, 512, (32,))
        out = model(x[idx])
        loss = torch.nn.functional.gaussian_nll_loss(out[:, :1], y[idx], out[:, 1:].exp())
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append(json.dumps({"step": step, "loss": loss.item()}))
    (folder / "nll.jsonl").write_text("\n".join(lines) + "\n")
    return "nll.jsonl"


def test_a_loss_that_goes_negative_is_not_judged_by_ratios(tmp_path: Path) -> None:
    run = read_logs(Workspace.of([tmp_path]), [gaussian_likelihood_run(tmp_path)]).runs[0]
    loss = View(run).loss.values
    assert loss[0] > 0 > loss[-1]
    assert found(run) == {}
    assert diagnose([run]).verdict == "healthy"


@pytest.mark.parametrize("fault", ["healthy", "healthy_warmup_cosine"])
def test_healthy_regression_runs_stay_healthy(tmp_path: Path, fault: str) -> None:
    assert diagnose([casebook_run(tmp_path, "regression", fault)]).verdict == "healthy"


def test_a_loss_non_finite_at_the_first_step_is_the_numerics_not_the_learning_rate(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "transformer_lm", "log_of_zero")  # softmax by hand in fp16: exp overflows
    loss = View(run).loss
    assert (loss.steps[0], float(loss.values[0])) == (1.0, float("inf"))
    result = diagnose([run])
    assert result.root_causes[0].id == "numerical_instability"
    details = [e.detail for e in result.root_causes[0].evidence]
    assert "non-finite at the first step, before any update: the forward pass, not the learning rate" in details
    assert "lr_too_high" not in {c.id for c in result.root_causes}


def test_a_loss_blown_up_early_that_only_dips_below_its_start_by_noise_never_fell(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "regression", "lr_too_high")  # Adam at 300x: 3.39, then 2.4e4 and 3.9e6
    result = diagnose([run])
    assert result.root_causes[0].id == "lr_too_high"
    assert any(d.startswith("mse never fell: 3.39 at start, peak 3.24e+04 at step ") for d in found(run)["lr_too_high"])


def test_the_mann_kendall_score_of_a_steady_rise_grows_with_its_length_and_vanishes_without_a_trend() -> None:
    """Kendall's tau over its standard deviation under no trend: 5 points rising rank by rank score 2.45 (one-sided
    p ~ 0.007), 3 points cannot reach 2 whatever their order, swings around a level score near 0."""
    from server.core.diagnosis.detectors.stats import kendall_tau, mann_kendall_z

    rising = np.array([0.41, 0.42, 0.43, 0.44, 0.45])
    assert mann_kendall_z(kendall_tau(rising), rising.size) == pytest.approx(2.4495, abs=1e-4)
    assert mann_kendall_z(1.0, 3) < 2.0
    swings = np.array([0.5, 0.6, 0.5, 0.6, 0.5, 0.6])
    assert abs(mann_kendall_z(kendall_tau(swings), swings.size)) < 1.0


def test_a_gradient_non_finite_before_the_loss_is_numerics_not_the_learning_rate(tmp_path: Path) -> None:
    """The siamese family's distances computed by hand: sqrt's gradient at distance 0 is NaN, so `grad_norm` is nan
    at the first step while the loss is finite, and the loss turns nan next: no growth before it, so
    numerical_instability, not lr_too_high (issue 9: growth before the first non-finite value blames the lr)."""
    run = casebook_run(tmp_path, "siamese", "log_of_zero")
    from server.core.logs.roles import MetricRole

    loss = run.metrics[run.primary(MetricRole.TRAIN_LOSS) or ""]
    assert not np.isfinite(run.metrics["grad_norm"].values[0]) and np.isfinite(loss.values[0])
    result = diagnose([run])
    assert result.root_causes[0].id == "numerical_instability"


def test_a_rise_from_the_smoothed_low_counts_only_beyond_the_lows_own_noise() -> None:
    """A real converged per-batch loss (a tiny MLP's last 300 steps): its smoothed low sits under the curve by chance,
    and the "rise" back to its end is within GAVE_BACK_Z standard errors; the same loss tripled over its last fifth
    (a rate that gave the gain back) stands far beyond them."""
    from server.core.diagnosis.detectors.trend import levels, rose_beyond_noise
    from tests.tiny_runs import train_tiny

    loss = np.asarray(train_tiny(0.05, steps=600).metrics["loss"].values)[300:]
    smooth, _, end, _ = levels(loss)
    assert not rose_beyond_noise(loss, float(smooth.min()), end)
    worse = loss.copy()
    worse[-60:] *= 3
    smooth, _, end, _ = levels(worse)
    assert rose_beyond_noise(worse, float(smooth.min()), end)


def test_a_blip_of_a_converged_per_batch_loss_is_no_spike_and_a_corrupt_batch_is(tmp_path: Path) -> None:
    """An MLP-Mixer on small batches near a converged loss (~0.003) blips to 0.24 on a hard batch: 80x its local
    median, yet a sixth of its start (SPIKE_MIN_SHARE); a corrupt batch undoes all the progress and more."""
    from server.core.diagnosis.detectors.trend import detect_spikes
    from server.core.diagnosis.thresholds import SPIKE_MIN_SHARE

    calm = casebook_run(tmp_path, "mixer", "healthy_small_batch", seed=1)
    loss = np.array(calm.metrics["loss"].values)
    assert loss.max(initial=0.0, where=np.arange(loss.size) > loss.size // 2) > 10 * np.median(loss[-50:])
    assert detect_spikes(View(calm)) == []
    corrupt = casebook_run(tmp_path, "mlp", "corrupt_batches")
    (spike,) = detect_spikes(View(corrupt))
    bad = np.array(corrupt.metrics["loss"].values)
    assert spike.id == "loss_spike" and bad.max() - np.median(bad) >= SPIKE_MIN_SHARE * start_level(bad)


def test_a_spike_over_a_loss_collapsed_to_zero_is_judged_without_dividing_by_zero(tmp_path: Path) -> None:
    """DINO at a learning rate far too high: its loss collapses to exactly 0 (a local median of 0) between bursts that
    blow its gradients up; the burst is the gradients' finding, and no ratio divides by the zero median."""
    import warnings

    from server.core.diagnosis.detectors.trend import detect_spikes

    run = casebook_run(tmp_path, "dino", "lr_too_high", seed=1)
    assert list(run.metrics["loss"].values).count(0.0) >= 50  # stretches of exact zeros, then bursts of 1e5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (divide by zero) fails the test
        assert detect_spikes(View(run)) == []


def summed_gradient_run(zero_grad: bool) -> Run:
    """A real MLP regression trained with SGD at 1e-4, full batch, with or without `optimizer.zero_grad()`: without
    it the gradients add up, their norm 5.9 -> ~400 while the loss still falls 9.6 -> 3.5."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    run = Run(source=f"zero_grad={zero_grad}", format="jsonl")

    def loss_of() -> torch.Tensor:
        return torch.nn.functional.mse_loss(model(x), y)

    log_full_batch_steps(run, 200, loss_of, optimizer, list(model.parameters()), zero_grad=zero_grad)
    run.roles = assign_roles(run)
    return run


def test_a_gradient_norm_growing_20x_while_the_loss_falls_is_a_thing_to_check_not_a_cause(tmp_path: Path) -> None:
    """From the logs alone gradients summed across steps look like a model sharpening (a Bradley-Terry reward model's
    norm grows 20x from its symmetric start): a finding under the bar; the code scan proves a missing zero_grad."""
    from server.core.diagnosis.detectors.gradients import detect_gradients
    from server.core.diagnosis.findings import REPORTABLE
    from server.core.diagnosis.thresholds import ZERO_GRAD_LOG_CONFIDENCE

    summed = summed_gradient_run(zero_grad=False)
    found = [f for f in detect_gradients(View(summed)) if f.id == "missing_zero_grad"]
    assert [f.confidence for f in found] == [ZERO_GRAD_LOG_CONFIDENCE] and ZERO_GRAD_LOG_CONFIDENCE < REPORTABLE
    assert "gradients accumulate across steps" in found[0].evidence[0].detail
    assert not [f for f in detect_gradients(View(summed_gradient_run(zero_grad=True))) if f.id == "missing_zero_grad"]
    sharpening = casebook_run(tmp_path, "reward_model", "healthy", seed=1)  # grad norm 0.03 -> 0.7, loss ln 2 -> 0.3
    assert diagnose([sharpening]).verdict == "healthy"


def test_spike_events_at_one_phase_of_a_period_lock_and_events_at_random_do_not() -> None:
    """Phase locking (the mean resultant length of the events' phases) judges spikes against the loss's period when
    some periods pass without one: at one phase it is 1 and the period is found within one logged step; events at
    random lock weakly; fewer than SPIKE_PHASE_EVENTS are not judged."""
    import random

    from server.core.diagnosis.detectors.trend import locked_period, phase_locking, regular_interval

    periodic = [25 * k + 3 for k in (0, 2, 3, 7, 8, 13)]  # some periods without a spike
    assert regular_interval(periodic) is None  # no steady gap of one, two or three spikes
    assert locked_period(periodic, 24) == (25, pytest.approx(1.0))
    rng = random.Random(0)
    assert phase_locking(sorted(rng.sample(range(400), 8)), 25) < 0.8
    assert phase_locking(periodic[:4], 25) == 0.0
    assert regular_interval([3, 28, 98, 123, 193, 218, 288]) == 95  # two uneven gaps an epoch: 25 then 70


def test_a_spike_among_a_runs_first_points_is_judged_against_the_first_windows_median(tmp_path: Path) -> None:
    """Caffe's LeNet logged every 5 iterations (61 points): a corrupt batch throws the 9th point 1,300x up. The trailing
    11-point median has no full window there; it used to stand at the point itself (a ratio of 1, z 0), now at the
    first full window's median, so the spike is seen. A healthy run's first points stand within their noise."""
    from make_family_casebook import write_caffe

    from server.core.diagnosis.detectors.stats import robust_z
    from server.core.diagnosis.detectors.trend import detect_spikes

    run = casebook_run(tmp_path, "lenet_caffe", "corrupt_batches", write=write_caffe)
    loss = View(run).loss.values
    first = int(np.argmax(loss))
    assert first < 10 and loss.size < 100  # inside the first window, past detect_spikes' five skipped points
    local, z = robust_z(loss)
    assert loss[first] / local[first] > 100 and z[first] > 6
    (found,) = detect_spikes(View(run))
    assert found.id == "loss_spike" and "back down within" in found.evidence[0].detail
    (tmp_path / "healthy").mkdir()
    healthy = casebook_run(tmp_path / "healthy", "lenet_caffe", "healthy", write=write_caffe)
    assert robust_z(View(healthy).loss.values)[1][:10].max() < 6


def damaged_regression(with_validation: bool, at: int = 200, lr_after: float = 0.2) -> Run:
    """A real linear regression trained to its noise floor on batches of 64, its weights knocked off at step `at` (one
    damaging update, as a corrupt batch makes) and trained back at `lr_after`: the loss jumps ~100x its level, far
    below its start; the validation loss, measured at each step, jumps with it when logged."""
    import torch

    torch.manual_seed(0)
    w = torch.randn(8, 1)
    x, xv = torch.randn(1024, 8), torch.randn(128, 8)
    y, yv = x @ w + 0.1 * torch.randn(1024, 1), xv @ w + 0.1 * torch.randn(128, 1)
    model = torch.nn.Linear(8, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
    run = Run(source="damaged", format="text")
    for step in range(1, 301):
        if step == at:
            with torch.no_grad():
                model.weight.add_(0.4 * torch.randn_like(model.weight))
            optimizer.param_groups[0]["lr"] = lr_after
        batch = torch.randint(0, 1024, (64,))
        run.series("loss").append(step, train_step(model, optimizer, x[batch], y[batch]))
        if with_validation:
            with torch.no_grad():
                run.series("val_loss").append(step, torch.nn.functional.mse_loss(model(xv), yv).item())
    run.roles = assign_roles(run)
    return run


def test_a_spike_the_validation_loss_shares_is_the_models_however_small_beside_the_start() -> None:
    """A jump of the training loss under its start level (SPIKE_MIN_SHARE) may be a batch's noise; the validation
    loss jumping tenfold with it (to SPIKE_HELD_OUT_SHARE of its first value) says the model itself was thrown off
    (round67's IF-009, a GRU's 0.0003 thrown to 0.30 as its validation loss went 0.00027 -> 0.15)."""
    alone, shared = damaged_regression(with_validation=False), damaged_regression(with_validation=True)
    loss = shared.metrics["loss"].values
    assert 10 * float(np.median(loss[180:199])) < loss[199] < start_level(np.asarray(loss))  # ~100x, under the start
    assert "loss_spike" not in found(alone)
    assert found(shared)["loss_spike"][0].startswith("loss ")
    assert "step 200" in [e.location for f in run_detectors(shared) if f.id == "loss_spike" for e in f.evidence]


def test_a_validation_loss_thrown_up_by_a_spike_it_shares_is_no_overfitting() -> None:
    """Knocked off at step 250 and trained back slowly, both losses end far above their levels before the spike: the
    validation loss "rose" from its minimum while the training loss "fell" from the spike, but the training loss ended
    above its level at the validation minimum: nothing was fitted on (round67's IF-009, called overfitting at 0.94)."""
    run = damaged_regression(with_validation=True, at=250, lr_after=0.01)
    loss, val = run.metrics["loss"].values, run.metrics["val_loss"].values
    assert float(np.median(loss[-10:])) > 5 * float(np.median(loss[230:249]))  # still far above its old level
    assert float(np.median(val[-10:])) > 5 * min(val)
    assert "overfitting" not in found(run)


def test_a_trend_over_tens_of_thousands_of_points_is_read_in_bounded_memory() -> None:
    """A perplexity printed at each of 38,826 steps (round 51's look at round82): Kendall's tau over every pair wanted
    11 GiB and killed the server; read over KENDALL_POINTS evenly spaced values it costs tens of MiB, and a trend test
    counts the points it read, so noise is no trend however long the run."""
    import tracemalloc

    import numpy as np

    from server.core.diagnosis.detectors.stats import KENDALL_POINTS, kendall_tau, trend_z
    from tests.tiny_runs import train_tiny

    losses = np.array(train_tiny(lr=0.05, steps=40).metrics["loss"].values)
    long = np.tile(losses, 1000)  # 40,000 points: the same short run over and over, no trend
    tracemalloc.start()
    tau, z = kendall_tau(long), trend_z(long)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * KENDALL_POINTS**2 * 8  # a few of the sampled pairs' matrices, not the 12 GiB of every pair
    assert abs(tau) < 0.1 and abs(z) < 4.0
    assert kendall_tau(np.arange(40_000.0)) == 1.0
