"""Runs that stopped learning, or never had anything to learn, as round 13's real logs showed them, each on real tiny
runs: a loss frozen to its sixth digit (a network whose output is dead: its weights no longer change) is a plateau, a
converging one is not; a plateau the loss alone leaves under the bar is raised by an accuracy stuck low; an overfitting
run whose validation accuracy printed one value out of line is still overfitting, not a damaged model; a loss exactly 0
from its first step (it never saw the labels) is a data issue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from server.core.diagnosis.detectors.quality import stuck_low_accuracy
from server.core.diagnosis.detectors.trend import detect_frozen_loss, detect_trend
from server.core.diagnosis.detectors.validation import accuracy_collapsed, detect_leakage, detect_overfitting
from server.core.diagnosis.detectors.view import View
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.findings import REPORTABLE
from server.core.diagnosis.thresholds import (
    CONSTANT_GRAD_CONFIDENCE,
    FROZEN_LOSS_CONFIDENCE,
    LR_FAR_TOO_HIGH,
    OVERFIT_KEEPS_ACCURACY,
    PLATEAU_WITH_FLAT_QUALITY,
    ZERO_LOSS_CONFIDENCE,
)
from server.core.logs.model import Run
from server.core.logs.roles import MetricRole
from tests.tiny_runs import CHAOTIC_SEEDS, casebook_run, casebook_seeds, first_shaped, train_step


def epoch_means(dead_output: bool, epochs: int = 12, seed: int = 0) -> Run:
    """A Keras-style run: a regression MLP whose output passes a ReLU, trained with Adam on batches of 32, logging
    each epoch's mean training loss and its validation loss. `dead_output`: the output ReLU's bias starts at -50, so
    the output is 0 for every input and no gradient reaches any weight (the network is dead from the start)."""
    import torch

    torch.manual_seed(seed)
    x = torch.randn(512, 8)
    y = (x @ torch.randn(8, 1)).abs() + 0.1
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1), torch.nn.ReLU())
    if dead_output:
        with torch.no_grad():
            model[2].bias.fill_(-50.0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    run = Run(source="history.log", format="history")
    for epoch in range(1, epochs + 1):
        losses = []
        for batch in torch.randperm(384).split(32):
            loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(x[384:]), y[384:]).item()
        run.series("loss").append(epoch, float(np.mean(losses)))
        run.series("val_loss").append(epoch, val)
    return run


def test_a_loss_frozen_to_its_sixth_digit_is_a_plateau_and_a_converging_one_is_not() -> None:
    dead = epoch_means(dead_output=True)
    values = np.asarray(dead.metrics["loss"].values)
    assert float(np.ptp(values)) <= 1e-6 * float(values.mean())  # the run really froze: only summation order moves it
    (found,) = detect_frozen_loss(View(dead))
    assert found.id == "loss_plateau" and found.confidence == FROZEN_LOSS_CONFIDENCE
    assert "weights stopped changing" in found.evidence[0].detail
    assert diagnose([dead]).root_causes[0].id == "loss_plateau"
    assert detect_frozen_loss(View(epoch_means(dead_output=False))) == []


def test_a_dead_network_frozen_from_its_first_of_five_epochs_is_a_plateau_and_four_are_too_few() -> None:
    """round54's FU-005: a validation loss alone, the same to its 16th digit at each of 5 epochs: too short a run for
    the last half of it to be judged apart, so all of it is (fewer than MIN_EVALUATIONS points say nothing)."""
    dead = epoch_means(dead_output=True, epochs=5)
    (found,) = detect_frozen_loss(View(dead))
    assert found.id == "loss_plateau" and "over its last 5 of 5 points" in found.evidence[0].detail
    assert detect_frozen_loss(View(epoch_means(dead_output=True, epochs=4))) == []
    assert detect_frozen_loss(View(epoch_means(dead_output=False, epochs=5))) == []


def test_a_loss_repeating_by_rounding_to_one_decimal_is_no_frozen_model() -> None:
    dead = epoch_means(dead_output=True)
    rounded = Run(source="history.log", format="history")
    for step, value in zip(dead.metrics["loss"].steps, dead.metrics["loss"].values, strict=True):
        rounded.series("loss").append(step, round(value, 1))  # `loss: 1.3` at every epoch: rounding, not a dead net
    assert detect_frozen_loss(View(rounded)) == []


@pytest.mark.parametrize(("digits", "frozen"), [(5, True), (4, False)])
def test_a_dead_loss_printed_to_five_significant_digits_is_frozen_and_to_four_says_nothing(
    digits: int, frozen: bool
) -> None:
    """round65's HV-010 printed its epoch loss as `189.04` for 44 epochs: five digits of a dead net's loss are a
    frozen model (FROZEN_LOSS_DIGITS); four repeat by rounding in a converged healthy run too."""
    dead = epoch_means(dead_output=True)
    printed = Run(source="history.log", format="history")
    for step, value in zip(dead.metrics["loss"].steps, dead.metrics["loss"].values, strict=True):
        printed.series("loss").append(step, float(f"{value:.{digits}g}"))
    assert len(repr(printed.metrics["loss"].values[-1]).replace(".", "").strip("0")) == digits
    assert bool(detect_frozen_loss(View(printed))) is frozen


def stuck_classifier(log_accuracy: bool) -> Run:
    """An MLP on labels drawn at random (4 classes): its cross-entropy stays near ln 4 and its accuracy near 1/4,
    logged per step with no learning rate from step 5001 on (a resumed run's log: its loss alone cannot tell a run
    stuck where it began from one resumed where it had converged)."""
    import torch

    torch.manual_seed(0)
    x, y = torch.randn(2048, 16), torch.randint(0, 4, (2048,))
    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    run = Run(source="train.log", format="text")
    for step in range(1, 201):
        batch = torch.randint(0, 2048, (64,))
        logits = model(x[batch])
        loss = torch.nn.functional.cross_entropy(logits, y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("loss").append(5000 + step, loss.item())
        if log_accuracy:
            run.series("accuracy").append(5000 + step, float((logits.argmax(1) == y[batch]).float().mean()))
    return run


def test_an_accuracy_stuck_low_raises_a_plateau_the_loss_alone_left_under_the_bar() -> None:
    alone = [f for f in detect_trend(View(stuck_classifier(log_accuracy=False))) if f.id == "loss_plateau"]
    assert alone and alone[0].confidence < REPORTABLE
    run = stuck_classifier(log_accuracy=True)
    assert stuck_low_accuracy(View(run)) is not None
    (raised,) = [f for f in detect_trend(View(run)) if f.id == "loss_plateau"]
    assert raised.confidence == PLATEAU_WITH_FLAT_QUALITY >= REPORTABLE
    assert any("accuracy never improved" in e.detail for e in raised.evidence)


def test_a_learning_runs_accuracy_corroborates_no_plateau(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "mlp", "healthy")
    assert stuck_low_accuracy(View(run)) is None


def test_one_validation_accuracy_printed_out_of_line_is_no_best_the_model_fell_from(tmp_path: Path) -> None:
    """An overfitting run's validation accuracy with one value printed far above the rest (a line of another run
    appended in between, round22's BM-014; here a percentage among fractions): its best is read on the rolling
    median, and the run still overfits."""
    run = casebook_run(tmp_path, "mlp", "overfitting")
    (acc,) = [name for name in run.metrics if name.startswith("val_acc")]
    series = run.metrics[acc]
    assert not accuracy_collapsed(View(run))
    overfits = detect_overfitting(View(run))
    series.values[len(series) // 2] = 100 * max(series.values)
    assert max(series.values) * OVERFIT_KEEPS_ACCURACY > float(np.median(series.values[-3:]))  # the one value's best
    assert not accuracy_collapsed(View(run))
    assert [f.id for f in detect_overfitting(View(run))] == [f.id for f in overfits] == ["overfitting"]


def test_a_loss_exactly_zero_from_its_first_step_never_saw_the_labels() -> None:
    """A loop whose loss compares the model's output with itself (`mse_loss(out, out.detach())`, the labels never
    read): 0.0 at every step, from the first: a data issue, whatever else the run logs; the same loop on its labels is
    no such run."""
    import torch

    torch.manual_seed(0)
    x, y = torch.randn(256, 8), torch.randn(256, 1)
    for buggy in (True, False):
        model = torch.nn.Linear(8, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        run = Run(source="train.log", format="text")
        for step in range(1, 61):
            batch = torch.randint(0, 256, (32,))
            criterion = (lambda out, _: torch.nn.functional.mse_loss(out, out.detach())) if buggy else None
            run.series("loss").append(step, train_step(model, optimizer, x[batch], y[batch], criterion))
        found = detect_leakage(View(run))
        if buggy:
            assert set(run.metrics["loss"].values) == {0.0}
            assert [(f.id, f.confidence) for f in found] == [("data_issue", ZERO_LOSS_CONFIDENCE)]
            assert diagnose([run]).root_causes[0].id == "data_issue"
        else:
            assert found == []


def test_a_loss_exactly_zero_from_its_second_step_lost_its_labels_after_the_first_batch() -> None:
    """A causal LM whose collator masks the prompt by a length it keeps from the first batch, longer than every later
    sequence: from the second batch every label is -100, and a summed cross-entropy over no label is 0.0. One real
    value, then 0.0 at every step: no fit gets there in a step, so the labels are gone (a data issue)."""
    import torch

    torch.manual_seed(0)
    vocab = 20
    model = torch.nn.Sequential(torch.nn.Embedding(vocab, 8), torch.nn.Linear(8, vocab))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    run = Run(source="train.log", format="text")
    prompt_length = None
    for step in range(1, 41):
        tokens = torch.randint(0, vocab, (8, 12 if step == 1 else 6))
        prompt_length = prompt_length or tokens.shape[1] - 2  # kept from the first batch: the bug
        labels = tokens[:, 1:].clone()
        labels[:, : prompt_length - 1] = -100
        logits = model(tokens[:, :-1])
        loss = (
            torch.nn.functional.cross_entropy(
                logits.reshape(-1, vocab), labels.reshape(-1), ignore_index=-100, reduction="sum"
            )
            / tokens.shape[0]
        )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("loss").append(step, round(loss.item(), 4))
    values = run.metrics["loss"].values
    assert values[0] > 0 and set(values[1:]) == {0.0}
    [finding] = detect_leakage(View(run))
    assert (finding.id, finding.confidence) == ("data_issue", ZERO_LOSS_CONFIDENCE)
    assert "exactly 0 from its point 2" in finding.evidence[0].detail


def test_a_loss_printed_as_zero_beside_a_training_error_that_is_not_is_the_loggers_not_the_datas() -> None:
    """Round33's CT-005: a Levenberg-Marquardt trainer for Keras prints `loss: 0.0000e+00` from its second epoch while
    its `mean_squared_error`, the same fit measured, falls 0.46 -> 7e-8. An error measure of the training data that
    is not 0 says the fit is imperfect: the zero is the logger's, no data issue. Without it, the zero stands."""
    from tests.tiny_runs import train_tiny

    fitted = train_tiny(lr=0.05, steps=60).metrics["loss"]
    runs = Run(source="train.log", format="text"), Run(source="train.log", format="text")
    for run in runs:
        for step, value in zip(fitted.steps, fitted.values, strict=True):
            run.series("loss").append(step, value if step == 1 else 0.0)
    alone, measured = runs
    measured.metrics["mean_squared_error"] = fitted
    assert [f.id for f in detect_leakage(View(alone))] == ["data_issue"]
    assert measured.role_map()["mean_squared_error"].role is MetricRole.ERROR
    assert not detect_leakage(View(measured))


def pix2pix_log(
    folder: Path, generator_lr: float, discriminator_lr: float = 2e-4, noise: float = 0.0, offset: float = 0.0
) -> Path:
    """A tiny conditional GAN trained as pix2pix trains (a generator under L1 x 100 plus the adversarial term, a
    discriminator on (input, output) pairs, Adam with beta1 0.5), logged as pix2pix's `loss_log.txt` prints."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = torch.tanh(x @ torch.randn(8, 8)) + noise * torch.randn(256, 8)  # a deterministic generator cannot add noise
    generator = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 8))
    with torch.no_grad():
        generator[2].bias += offset  # a generator that starts this far off its targets
    discriminator = nn.Sequential(nn.Linear(16, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1))
    opt_g = torch.optim.Adam(generator.parameters(), lr=generator_lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=discriminator_lr, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(16, 1), torch.zeros(16, 1)
    lines = []
    for it in range(1, 401):
        pick = torch.randint(0, 256, (16,))
        a, b = x[pick], y[pick]
        fake = generator(a)
        d_real = bce(discriminator(torch.cat([a, b], 1)), ones)
        d_fake = bce(discriminator(torch.cat([a, fake.detach()], 1)), zeros)
        opt_d.zero_grad()
        ((d_real + d_fake) / 2).backward()
        opt_d.step()
        g_gan = bce(discriminator(torch.cat([a, fake], 1)), ones)
        g_l1 = 100 * (fake - b).abs().mean()
        opt_g.zero_grad()
        (g_gan + g_l1).backward()
        opt_g.step()
        if it % 4 == 0:
            epoch, iters = (it - 1) // 100 + 1, (it - 1) % 100 * 16 + 16
            lines.append(
                f"(epoch: {epoch}, iters: {iters}, time: 0.010, data: 0.001) G_GAN: {g_gan.item():.3f} "
                f"G_L1: {g_l1.item():.3f} D_real: {d_real.item():.3f} D_fake: {d_fake.item():.3f} "
            )
    log = folder / "loss_log.txt"
    log.write_text("================ Training Loss (Sat Nov 21 10:00:00 2026) ================\n" + "\n".join(lines))
    return log


def test_a_gans_reconstruction_term_that_never_came_down_is_a_plateau_and_one_that_fell_is_a_game(
    tmp_path: Path,
) -> None:
    """pix2pix's `G_L1` is minimised beside the game: with the generator's lr at 1e-7 it stays where it started (a
    plateau, whatever G_GAN and D do); at 2e-3 it falls, and the game's swings alone say nothing is wrong."""
    from server.core.diagnosis.detectors import run_detectors
    from server.core.diagnosis.thresholds import GAME_RECONSTRUCTION_CONFIDENCE
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    (tmp_path / "stuck").mkdir()
    (tmp_path / "learning").mkdir()
    stuck = read_logs(Workspace.of([tmp_path]), [str(pix2pix_log(tmp_path / "stuck", 1e-7))]).runs[0]
    learning = read_logs(Workspace.of([tmp_path]), [str(pix2pix_log(tmp_path / "learning", 2e-3))]).runs[0]
    l1 = learning.metrics["G_L1"].values
    assert np.median(l1[-10:]) < 0.5 * np.median(l1[:10])  # the learning generator's L1 halved, at least
    [finding] = [f for f in run_detectors(stuck) if f.id == "loss_plateau"]
    assert finding.confidence == GAME_RECONSTRUCTION_CONFIDENCE
    assert finding.evidence[0].detail.startswith("the generator's G_L1 never came down")
    assert diagnose([stuck]).root_causes[0].id == "loss_plateau"
    assert not [f for f in run_detectors(learning) if "never came down" in f.evidence[0].detail]


def test_an_accuracy_frozen_beside_a_validation_loss_that_halved_is_a_broken_measure_not_a_dead_model() -> None:
    """A loop that scores its accuracy with a copy of the model taken before training (a stale `eval_model`): the
    accuracy prints one value at every evaluation while the validation loss, computed by the live model on the same
    examples, falls to a fraction of its start. The answers changed; the measure did not follow them. The same
    accuracy beside a validation loss that stood still is a frozen model (a plateau)."""
    import copy

    import torch

    from server.core.diagnosis.detectors.quality import detect_frozen_accuracy
    from server.core.logs.roles import assign_roles

    torch.manual_seed(0)
    x = torch.randn(512, 8)
    y = (x[:, :2].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    stale = copy.deepcopy(model)  # the bug: scored with the untrained copy
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    run = Run(source="train.log", format="text")
    for epoch in range(1, 11):
        cross_entropy = torch.nn.functional.cross_entropy
        losses = [
            train_step(model, optimizer, x[batch : batch + 32], y[batch : batch + 32], cross_entropy)
            for batch in range(0, 384, 32)
        ]
        with torch.no_grad():
            val_loss = torch.nn.functional.cross_entropy(model(x[384:]), y[384:]).item()
            accuracy = (stale(x[384:]).argmax(1) == y[384:]).float().mean().item()
        run.series("val_loss").append(epoch, val_loss)
        run.series("val_accuracy").append(epoch, accuracy)
        run.series("train_loss").append(epoch, sum(losses) / len(losses))
    run.roles = assign_roles(run)
    val = run.metrics["val_loss"].values
    assert len(set(run.metrics["val_accuracy"].values)) == 1 and val[-1] < 0.5 * val[0]
    assert detect_frozen_accuracy(View(run)) == []
    still = Run(source="train.log", format="text")
    for name in ("val_accuracy", "train_loss"):
        for step, value in zip(run.metrics[name].steps, run.metrics[name].values, strict=True):
            still.series(name).append(step, value)
    for step in run.metrics["val_loss"].steps:
        still.series("val_loss").append(step, val[0])  # the loss of a model that stood still: its first value
    still.roles = assign_roles(still)
    assert [f.id for f in detect_frozen_accuracy(View(still))] == ["loss_plateau"]


def test_a_discriminator_that_wins_while_the_generators_reconstruction_comes_down_is_no_vanishing_gradient(
    tmp_path: Path,
) -> None:
    """pix2pix on noisy targets: a deterministic generator cannot draw the noise, so a fast discriminator tells real
    from fake almost perfectly (both its losses under 0.01 over the last third), while the generator's L1 still falls
    from ~360 to ~160: it learns its task. Without the L1 logged, the won game is all there is (vanishing gradients)."""
    from server.core.diagnosis.detectors.trend import detect_perfect_discriminator
    from server.core.diagnosis.thresholds import PERFECT_DISCRIMINATOR
    from server.core.logs.reading import read_logs
    from server.core.logs.roles import assign_roles
    from server.core.workspace import Workspace

    log = pix2pix_log(tmp_path, 2e-3, discriminator_lr=3e-2, noise=2.0, offset=4.0)
    run = read_logs(Workspace.of([tmp_path]), [str(log)]).runs[0]
    third = len(run.metrics["D_real"]) // 3
    assert max(np.median(run.metrics[n].values[-third:]) for n in ("D_real", "D_fake")) < PERFECT_DISCRIMINATOR
    l1 = run.metrics["G_L1"].values
    assert np.median(l1[-40:]) < 0.5 * np.median(l1[:10])
    assert detect_perfect_discriminator(View(run)) == []
    del run.metrics["G_L1"]
    run.roles = assign_roles(run)
    assert [f.id for f in detect_perfect_discriminator(View(run))] == ["vanishing_gradients"]


def test_a_training_loss_near_its_floor_is_no_plateau_while_the_validation_loss_falls(tmp_path: Path) -> None:
    """Rectified flow matching (the casebook's `flow_matching`, healthy): its velocity MSE sits near an irreducible
    floor from the first steps, so the training loss barely moves; the validation loss falling over 12% says the
    model learned. Without the validation loss the same curve reads as a run that learned nothing; a tiny lr stays
    a tiny lr."""
    healthy = casebook_run(tmp_path, "flow_matching", "healthy")
    assert not [f for f in detect_trend(View(healthy)) if f.id == "loss_plateau" and f.confidence >= REPORTABLE]
    assert diagnose([healthy]).verdict == "healthy"
    blind = casebook_run(tmp_path, "flow_matching", "healthy", drop=("val_loss",))
    assert [f.id for f in diagnose([blind]).root_causes][:1] == ["loss_plateau"]
    slow = casebook_run(tmp_path, "flow_matching", "lr_too_low")
    assert [f.id for f in diagnose([slow]).root_causes][:1] == ["lr_too_low"]


def test_a_run_that_learns_nothing_at_a_learning_rate_far_above_any_recipes_is_named_for_it(tmp_path: Path) -> None:
    """Deep knowledge tracing under SGD at lr 10 (the casebook's `lr_too_high_sgd`): its BCE stays at ln 2 from the
    start; at LR_FAR_TOO_HIGH or more the steps are the cause, named first with the flat loss as evidence. The same
    run with its lr not logged is a plateau: the lr is what names the cause."""
    stalled = casebook_run(tmp_path, "dkt", "lr_too_high_sgd")
    assert float(max(stalled.metrics[name].values[0] for name in stalled.metrics if "lr" in name)) >= LR_FAR_TOO_HIGH
    top = diagnose([stalled]).root_causes[0]
    assert top.id == "lr_too_high" and "far above any usual recipe" in top.evidence[0].detail
    blind = casebook_run(tmp_path, "dkt", "lr_too_high_sgd", drop=("lr",))
    assert [f.id for f in diagnose([blind]).root_causes][:1] == ["loss_plateau"]


def test_a_gradient_norm_no_batch_changes_names_a_dead_network(tmp_path: Path) -> None:
    """Quantile regression with every ReLU dead (the casebook's `dead_relu`: biases at -8): only the output bias
    learns, under a pinball loss whose gradient is a sign, so the logged gradient norm is one value to the last digit
    while the loss creeps down. The healthy run's norm moves with its batches."""
    from server.core.diagnosis.detectors.gradients import detect_gradients

    dead = casebook_run(tmp_path, "quantile", "dead_relu")
    found = [f for f in detect_gradients(View(dead)) if f.id == "dead_relu"]
    assert [f.confidence for f in found] == [CONSTANT_GRAD_CONFIDENCE]
    assert diagnose([dead]).root_causes[0].id == "dead_relu"
    healthy = casebook_run(tmp_path, "quantile", "healthy")
    assert not [f for f in detect_gradients(View(healthy)) if f.id == "dead_relu"]
    assert diagnose([healthy]).verdict == "healthy"


def test_a_gan_whose_both_sides_froze_at_a_saturated_discriminator_has_vanishing_gradients() -> None:
    """A discriminator trained at lr 500 saturates (round35's CZ-006 printed `d_loss 50.000000, g_loss 0.000000` for
    4,689 rows): both sides frozen, named vanishing gradients, not a healthy run whose generator loss reached 0; at
    lr 0.05 the game moves and nothing freezes."""
    from server.core.diagnosis.detectors.trend import detect_frozen_game
    from tests.tiny_runs import train_gan

    frozen = train_gan(d_lr=500.0)
    assert set(frozen.metrics["d_loss"].values[1:]) == {50.0} and set(frozen.metrics["g_loss"].values[1:]) == {0.0}
    (finding,) = detect_frozen_game(View(frozen))
    assert finding.id == "vanishing_gradients" and "both sides of the game froze" in finding.evidence[0].detail
    assert diagnose([frozen]).root_causes[0].id == "vanishing_gradients"
    assert detect_frozen_game(View(train_gan(d_lr=0.05))) == []


def test_a_dice_loss_below_zero_is_a_data_issue_and_a_density_nll_below_zero_is_not() -> None:
    """A binary Dice loss trained on masks of class indices (0-3, not 0/1) goes below 0, which no prediction gives a
    Dice loss on its own range (round30's CV-010 printed -8428): its targets are out of range. A negative `nll` is a
    continuous density's, no sign of it."""
    import torch

    from server.core.diagnosis.detectors.validation import detect_negative_loss

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = (x[:, :2].abs().sum(1, keepdim=True) * 2).round().clamp(0, 3)  # class indices where a 0/1 mask belongs
    net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1), torch.nn.Sigmoid())
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    run = Run(source="dice.log", format="text")
    for step in range(1, 61):
        p = net(x)
        loss = 1 - 2 * (p * y).sum() / (p.sum() + y.sum() + 1e-6)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("dice_loss").append(step, loss.item())
    assert min(run.metrics["dice_loss"].values) < 0 < run.metrics["dice_loss"].values[0]
    (finding,) = detect_negative_loss(View(run))
    assert finding.id == "data_issue" and "dice_loss went below 0" in finding.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "data_issue"
    run.metrics["nll"] = run.metrics.pop("dice_loss")
    run.roles = {}
    assert detect_negative_loss(View(run)) == []


def test_a_soft_dice_negated_as_nnunet_writes_it_is_no_negative_loss() -> None:
    """nnU-Net's soft Dice loss returns the ratio negated (`-dc`): trained on true 0/1 masks it starts below 0 and
    falls toward -1 as the model learns, in [-1, 0] throughout: its convention, not targets out of range."""
    import torch

    from server.core.diagnosis.detectors.validation import detect_negative_loss

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = (x[:, 0] > 0).float().unsqueeze(1)  # a true 0/1 mask
    net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1), torch.nn.Sigmoid())
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    run = Run(source="nnunet.log", format="text")
    for step in range(1, 61):
        p = net(x)
        loss = -2 * (p * y).sum() / (p.sum() + y.sum() + 1e-6)  # MemoryEfficientSoftDiceLoss: `return -dc`
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("dice_loss").append(step, loss.item())
    values = run.metrics["dice_loss"].values
    assert -1 < min(values) < -0.8 < values[0] < 0
    assert detect_negative_loss(View(run)) == []
    assert diagnose([run]).verdict == "healthy"


def test_a_loss_that_wobbles_without_falling_at_a_far_too_low_lr_is_the_lr(tmp_path: Path) -> None:
    """A sparse autoencoder at lr 3e-7 (its recipe's 1e-4): its loss wobbles up and down, never falling beyond its
    own noise, so no flat-run rule names it; a peak lr that low is the cause. The healthy run's loss falls: no sign."""
    from server.core.diagnosis.detectors.trend import detect_far_too_low_lr
    from server.core.diagnosis.detectors.view import peak_lr
    from server.core.diagnosis.thresholds import FAR_TOO_LOW_LR_CONFIDENCE, LR_FAR_TOO_LOW

    slow = casebook_run(tmp_path, "sae", "lr_too_low")
    lr = peak_lr(View(slow))
    assert lr is not None and lr <= LR_FAR_TOO_LOW
    (found,) = detect_far_too_low_lr(View(slow))
    assert (found.id, found.confidence) == ("lr_too_low", FAR_TOO_LOW_LR_CONFIDENCE)
    assert "did not fall beyond its noise" in found.evidence[0].detail
    assert detect_far_too_low_lr(View(casebook_run(tmp_path, "sae", "healthy"))) == []


def test_a_loss_that_climbs_at_a_far_too_high_lr_is_the_lr(tmp_path: Path) -> None:
    """The CIFAR-10 tutorial's Net under SGD at lr 10 (its recipe's 3e-3 under Adam): its loss climbs and never falls
    beyond its own noise; a peak lr that high is the cause. The healthy run's loss falls: no sign."""
    from server.core.diagnosis.detectors.trend import detect_far_too_high_lr
    from server.core.diagnosis.detectors.view import peak_lr
    from server.core.diagnosis.thresholds import FAR_TOO_HIGH_LR_CONFIDENCE, LR_FAR_TOO_HIGH

    fast = casebook_run(tmp_path, "deepspeed_cifar_net", "lr_too_high_sgd")
    lr = peak_lr(View(fast))
    assert lr is not None and lr >= LR_FAR_TOO_HIGH
    (found,) = detect_far_too_high_lr(View(fast))
    assert (found.id, found.confidence) == ("lr_too_high", FAR_TOO_HIGH_LR_CONFIDENCE)
    assert "did not fall beyond its noise" in found.evidence[0].detail
    assert detect_far_too_high_lr(View(casebook_run(tmp_path, "deepspeed_cifar_net", "healthy"))) == []


def test_a_loss_that_fell_in_its_first_steps_then_stood_at_a_far_too_high_lr_is_the_lr(tmp_path: Path) -> None:
    """Round 56's ENet (opened after round 53's look) under Adam at 0.9: its weighted cross-entropy falls 1.58 -> 1.31
    in its first 20 steps, then stands at 1.34 for 280 as its mean IoU sinks. Judged from its first fifth's level, it
    never fell beyond its noise at a peak lr above any recipe's: the lr, as a loss that never moved at all would be."""
    from server.core.diagnosis.detectors.trend import detect_far_too_high_lr, levels
    from server.core.diagnosis.detectors.view import finite_loss

    def fell_then_stood(run: Run) -> bool:  # from its very first value it fell, from its first fifth's level it stood
        found = finite_loss(View(run))
        if found is None:
            return False
        _, start, end, _ = levels(found[2])
        first_fifth = float(np.median(found[2][: max(3, found[2].size // 5)]))
        return end < 0.9 * start and abs(end - first_fifth) < 0.1 * first_fifth

    made = casebook_seeds(tmp_path, "enet_davidtvs", "lr_too_high")
    stalled = first_shaped(made, fell_then_stood, (1, *CHAOTIC_SEEDS))  # seed 1 on the machines of rounds 53-54
    (finding,) = detect_far_too_high_lr(View(stalled))
    assert finding.id == "lr_too_high" and "did not fall beyond its noise" in finding.evidence[0].detail


def test_a_two_way_cross_entropy_that_never_left_ln_2_is_at_chance_with_no_accuracy_to_tell_k() -> None:
    """A binary classifier on labels cut from its inputs logs its loss alone: it sits at ln 2 from its second fifth
    to its end, so K = 2 is read off the loss and the run learned nothing; the same model on true labels leaves ln 2."""
    import math

    import torch

    from server.core.diagnosis.detectors.chance import binary_by_level, chance_classes, stuck_at_chance
    from server.core.logs.roles import assign_roles

    def logged(labels_follow_inputs: bool) -> Run:
        torch.manual_seed(0)
        x = torch.randn(2048, 8)
        y = (x[:, :2].sum(1) > 0).long() if labels_follow_inputs else torch.randint(0, 2, (2048,))
        model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        run = Run(source="train.log", format="text")
        for step in range(60):
            batch = slice(32 * step, 32 * step + 32)
            run.series("loss").append(
                step, train_step(model, optimizer, x[batch], y[batch], torch.nn.functional.cross_entropy)
            )
        run.roles = assign_roles(run)
        return run

    blind = View(logged(labels_follow_inputs=False))
    assert chance_classes(blind) is None and binary_by_level(blind) is not None
    found = stuck_at_chance(blind)
    assert found is not None and found.id == "loss_plateau" and f"ln 2 = {math.log(2):.3g}" in found.evidence[0].detail
    learning = View(logged(labels_follow_inputs=True))
    assert binary_by_level(learning) is None and stuck_at_chance(learning) is None


def test_a_zero_loss_column_beside_a_climbing_accuracy_is_the_loggers_not_beside_a_perfect_one() -> None:
    """Round57's GG-003: a YOLO script's CSV whose loss columns print 0.0 at every epoch (never filled in) while its
    mAP climbs. A held-out measure that improved says the labels reached the model: the zero is the logger's. A
    measure perfect from its first point improved nothing (round40's EK-007: Acc@1 100 at every test batch beside a
    loss of 0.0), so there the zero stands."""
    import torch

    from server.core.diagnosis.detectors.quality import improving_quality
    from server.core.diagnosis.detectors.validation import zero_from_start
    from server.core.logs.roles import assign_roles

    torch.manual_seed(0)
    x = torch.randn(1024, 8)
    y = (x[:, :2].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
    unfilled, perfect = Run(source="results.csv", format="csv"), Run(source="results.csv", format="csv")
    for epoch in range(1, 16):
        for batch in range(0, 768, 64):
            train_step(
                model, optimizer, x[batch : batch + 64], y[batch : batch + 64], torch.nn.functional.cross_entropy
            )
        with torch.no_grad():
            accuracy = (model(x[768:]).argmax(1) == y[768:]).float().mean().item()
        for run, held_out in ((unfilled, accuracy), (perfect, 1.0)):
            run.series("train_loss").append(epoch, 0.0)  # the script's loss column, never filled in
            run.series("val_accuracy").append(epoch, round(held_out, 4))
    for run in (unfilled, perfect):
        run.roles = assign_roles(run)
    climbed = unfilled.metrics["val_accuracy"].values
    assert climbed[-1] > climbed[0] + 0.1
    assert improving_quality(unfilled, losses=False) == "val_accuracy" and zero_from_start(View(unfilled)) is None
    assert improving_quality(perfect, losses=False) is None
    found = zero_from_start(View(perfect))
    assert found is not None and found.id == "data_issue"


def test_a_loss_that_falls_while_the_training_error_stands_still_is_no_learning(tmp_path: Path) -> None:
    """tensorpack's DoReFa-Net at lr 1.8 (the family casebook's, its own log): the first steps throw the loss to ~13,
    then it falls 5x while `train_error` stands at 0.71-0.76 on a 4-way task: the fall only undoes the blow-up, and
    the lr far above any recipe's is the cause (round 39: answered healthy before)."""
    from server.core.diagnosis.detectors.quality import detect_fall_without_learning
    from server.core.logs.roles import assign_roles

    run = casebook_run(tmp_path, "dorefa_tensorpack", "lr_too_high", fmt="text_pipe")
    loss, error = run.metrics["cost"].values, np.asarray(run.metrics["train_error"].values)
    assert loss[-1] < 0.5 * loss[0] and float(np.ptp(error)) < 0.1
    (found,) = detect_fall_without_learning(View(run))
    assert found.id == "lr_too_high" and "the fall is no learning; peak lr 1.8" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "lr_too_high"
    run.metrics["Train"] = run.metrics.pop("train_error")  # the same values named by no measure word: unjudged
    run.roles = assign_roles(run)
    assert detect_fall_without_learning(View(run)) == []


def test_a_non_finite_loss_the_log_reports_only_in_words_is_the_numerics() -> None:
    """Runs of the family casebook that met a log of 0 and said so in words, no NaN among their logged values:
    SpeechBrain's `Loss is tensor(nan, ...)` warnings and its `ValueError: Loss is not finite and patience is
    exhausted`, MindSpore's `Invalid loss, terminating training.` at its first step, tensorpack's single epoch block of
    `cost: nan` (answered healthy or too short before round 39)."""
    import tempfile

    from server.core.logs.events import says_loss_nonfinite

    for family, seed, fmt in (("ecapa_speechbrain", 0, "text_kv"), ("mindspore_transformer", 1, "text_pipe"),
                              ("dorefa_tensorpack", 0, "text_kv")):  # fmt: skip
        run = casebook_run(Path(tempfile.mkdtemp()), family, "log_of_zero", seed=seed, fmt=fmt)
        top = diagnose([run]).root_causes[0]
        assert top.id == "numerical_instability", family
        if family != "dorefa_tensorpack":
            assert "the log reports a non-finite loss" in top.evidence[0].detail
            assert all(np.isfinite(series.values).all() for series in run.metrics.values())
        else:  # the run died after its first epoch: its one block of monitor lines is read, NaN and all
            assert np.isnan(run.metrics["cost"].values).all() and len(run.metrics["cost"]) == 1
    bar = "Epoch 99: batch 14/14, v_num=l7yp, train/loss=0.00441, val/accuracy=nan.0"  # round60's GX-012: healthy
    assert not says_loss_nonfinite(bar)


def test_with_no_loss_answers_that_stood_still_low_from_their_start_learned_nothing(tmp_path: Path) -> None:
    """jax/examples' MLP with deep sigmoid layers (a tiny real run of the family casebook, its `Training set
    accuracy` and `Test set accuracy` prints, no loss): both accuracies stand at 1/4 from the first epoch to the last.
    With no loss to judge, answers that never moved say the run learned nothing (before: inconclusive)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_stax

    from server.core.diagnosis.detectors.quality import detect_answers_without_learning
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "jax_stax_mlp", "deep_sigmoid", write=write_stax)
    accuracy = run.metrics["Training_set_accuracy"].values
    assert View(run).loss is None and max(accuracy) - min(accuracy) < 0.1
    (found,) = detect_answers_without_learning(View(run))
    assert found.id == "loss_plateau" and "no loss logged" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "loss_plateau"


def test_a_hit_ratio_that_stood_still_low_with_no_loss_learned_nothing(tmp_path: Path) -> None:
    """BPR at a tiny lr (a tiny real run of the family casebook, guoyang9/BPR-pytorch's console: `HR: 0.203	NDCG:
    0.092` an epoch, no loss): its hit ratio stands at about 0.2 from the first epoch to the last. Beside an NDCG, `HR`
    is the hit ratio, a share of users answered right, and one that never moved says the run learned nothing (before:
    inconclusive). Beside no ranking measure, `hr` keeps its own words (ECG2DIG's heart rate)."""
    from server.core.diagnosis.detectors.quality import detect_answers_without_learning
    from server.core.logs.roles import words_in_run

    run = casebook_run(tmp_path, "bpr_guoyang9", "lr_too_low", fmt="text_kv")
    assert View(run).loss is None and run.role_map()["HR"].role is MetricRole.ACCURACY
    (found,) = detect_answers_without_learning(View(run))
    assert found.id == "loss_plateau" and found.evidence[0].detail.startswith("HR stood at")
    assert diagnose([run]).root_causes[0].id == "loss_plateau"
    assert words_in_run("hr", ["hr", "cls", "dig"]) == ["hr"]


def test_answers_that_stood_still_while_the_loss_did_not_fall_learned_nothing(tmp_path: Path) -> None:
    """MindSpore's transformer with dead ReLUs (a tiny real run of the family casebook): its loss wanders 1.45 ->
    1.22, never under half its start, while its `Accuracy` stands at about 0.31 from the first evaluation to the last:
    the run learned nothing (answered healthy before round 41), with a validation loss logged or not."""
    from server.core.diagnosis.detectors.quality import detect_answers_without_learning

    for seed, fmt in ((0, "text_kv"), (1, "csv")):  # its console; a CSV with a validation loss too
        (tmp_path / fmt).mkdir()
        run = casebook_run(tmp_path / fmt, "mindspore_transformer", "dead_relu", seed=seed, fmt=fmt)
        assert View(run).loss is not None and (View(run).val is not None) == (fmt == "csv")
        (found,) = detect_answers_without_learning(View(run))
        assert found.id == "loss_plateau" and "not falling" in found.evidence[0].detail
        assert diagnose([run]).root_causes[0].id == "loss_plateau"


def test_answers_up_at_each_evaluation_did_not_stand_still() -> None:
    """A linear classifier on labels mostly noise, at SGD 1e-3: its training accuracy rises at each of five
    evaluations (0.26 -> 0.30), short of ten points: it learns, slowly (round54's FR-002, a word2vec analogy accuracy
    0.008 -> 0.116). The same five values out of order stood still."""
    import torch

    from server.core.diagnosis.detectors.quality import answers_stood_still

    torch.manual_seed(0)
    x, w = torch.randn(8192, 16), torch.randn(16, 4)
    y = (x @ w).argmax(1)
    noise = torch.rand(8192) > 0.12
    y[noise] = torch.randint(0, 4, (int(noise.sum()),))
    model = torch.nn.Linear(16, 4)
    with torch.no_grad():
        model.weight.mul_(0.01)
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    accuracy: list[float] = []
    for step in range(1, 301):
        batch = torch.randint(0, 6144, (32,))
        train_step(model, optimizer, x[batch], y[batch], torch.nn.functional.cross_entropy)
        if step % 60 == 0:
            with torch.no_grad():
                accuracy.append((model(x[:6144]).argmax(1) == y[:6144]).float().mean().item())
    assert all(b > a for a, b in zip(accuracy, accuracy[1:], strict=False)) and accuracy[-1] - accuracy[0] < 0.1
    rising, shuffled = Run(source="train.log", format="text"), Run(source="train.log", format="text")
    for i, (value, other) in enumerate(zip(accuracy, [accuracy[j] for j in (0, 3, 1, 4, 2)], strict=True)):
        rising.series("train_accuracy").append(60 * (i + 1), value)
        shuffled.series("train_accuracy").append(60 * (i + 1), other)
    assert answers_stood_still(View(rising), "train") is None
    assert answers_stood_still(View(shuffled), "train") is not None


def test_a_held_out_accuracy_toggling_between_two_values_is_a_constant_output(tmp_path: Path) -> None:
    """Haiku's MNIST MLP with dead ReLUs prints only its accuracies (`[Step 20] Train / Test accuracy: 0.241 /
    0.293.`): its test accuracy takes two values over 15 evaluations, each one class's share of the test set (the one
    class it answers changed once or twice), which read as a gain (healthy) before round 44: a constant output, it
    learns nothing; the family's healthy run keeps its verdict."""
    from server.core.diagnosis.thresholds import TOGGLED_EVALUATIONS
    from tests.tiny_runs import casebook_run

    dead = casebook_run(tmp_path, "mlp_haiku", "dead_relu", seed=0, fmt="text_kv")
    test = np.asarray(dead.metrics["Test_accuracy"].values)
    assert test.size >= TOGGLED_EVALUATIONS and np.unique(test).size == 2
    assert diagnose([dead]).root_causes[0].id == "loss_plateau"
    (tmp_path / "healthy").mkdir()
    assert diagnose([casebook_run(tmp_path / "healthy", "mlp_haiku", "healthy", fmt="text_kv")]).verdict == "healthy"


def test_an_accuracy_only_run_fitting_its_training_set_at_chance_on_held_out_data_overfits(tmp_path: Path) -> None:
    """Haiku's MLP on random labels prints only accuracies: its training accuracy ends near 0.94 (it memorises the
    labels), its test accuracy stays at chance; with `ANSWERS_FITTED` at 0.95 (before round 44) a training set fitted
    to 0.94 (its last three evaluations' median) was "not fitted" and the run read healthy."""
    from server.core.diagnosis.thresholds import ANSWERS_FITTED
    from tests.tiny_runs import casebook_run

    noise = casebook_run(tmp_path, "mlp_haiku", "random_labels", seed=0, fmt="text_kv")
    fitted = float(np.median(noise.metrics["Train_accuracy"].values[-3:]))
    assert ANSWERS_FITTED <= fitted < 0.95
    assert diagnose([noise]).root_causes[0].id in ("overfitting", "data_issue")


def test_a_loss_that_rises_with_a_ramped_consistency_cost_while_held_out_answers_climb_is_healthy(
    tmp_path: Path,
) -> None:
    """Round 62's Mean Teacher (CuriousAI/mean-teacher: a student and its EMA model, the consistency cost weighted up by
    a sigmoid ramp over the first epochs), healthy: its total loss climbs from 0.27 as the weight grows while its
    validation loss falls and its held-out accuracy climbs. The rise is its objective's, not a learning rate's
    (`trend.rose_with_its_objective`; `lr_too_high` until round 59)."""
    from server.core.diagnosis.detectors.trend import rose_with_its_objective

    run = casebook_run(tmp_path, "meanteacher_curiousai", "healthy")
    loss, cons = run.metrics["loss"].values, run.metrics["cons_loss"].values
    assert float(np.median(loss[-30:])) > 2 * float(np.median(loss[:30])) and cons[-1] > 10 * cons[0]
    accuracy = run.metrics["val_acc"].values
    assert accuracy[-1] > accuracy[0] + 0.3 and rose_with_its_objective(View(run))
    assert not any(f.id == "lr_too_high" for f in detect_trend(View(run)))
    assert diagnose([run]).verdict == "healthy"


def test_a_critics_falling_loss_alone_is_no_sign_of_learning() -> None:
    """Round91's LD-007, PPO1's progress.csv: `loss_vf_loss` fell over 18 iterations while `EpRewMean` stood near 0.
    A real tiny actor-critic, as short, on a bandit that pays at random whatever the arm: its critic learns the mean
    reward (its loss falls), its policy has nothing to learn. A value loss's targets are the agent's own returns, so
    its fall says nothing of learning: the run is judged on its return, here none (`engine.has_judgeable_loss`;
    healthy until round 59). Torch7's `Cost function value` is no critic's (round80's KB-006 stays judged)."""
    import torch

    from server.core.diagnosis.detectors.trend import names_a_value_loss

    torch.manual_seed(0)
    policy, critic = torch.nn.Linear(4, 4), torch.nn.Linear(4, 1)
    optimizer = torch.optim.Adam([*policy.parameters(), *critic.parameters()], lr=0.01)
    run = Run(source="progress.csv", format="csv")
    for iteration in range(1, 19):  # as short as LD-007
        contexts = torch.randn(256, 4)
        dist = torch.distributions.Categorical(logits=policy(contexts))
        actions = dist.sample()
        reward = (torch.rand(256) < 0.3).float()  # the arm does not matter
        value = critic(contexts).squeeze(1)
        advantage = (reward - value).detach()
        vf_loss = torch.nn.functional.mse_loss(value, reward)
        loss = -(dist.log_prob(actions) * advantage).mean() + vf_loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("loss_vf_loss").append(iteration, vf_loss.item())  # its return, flat, not logged here: judged
        # flat, it would be a finding of its own (`quality.detect_reward`)
    vf = run.metrics["loss_vf_loss"].values
    assert vf[-1] < 0.5 * vf[0] and names_a_value_loss("loss_vf_loss")
    assert not names_a_value_loss("Cost function value") and names_a_value_loss("train/value_loss")
    assert diagnose([run]).verdict == "inconclusive"


def test_a_q_networks_plain_loss_beside_an_exploration_rate_is_no_sign_of_learning() -> None:
    """Round91's LD-013, a card game's DQN `metrics.csv` (`Episode,Loss,Epsilon,WinRandom,...`): its loss is named
    plainly, but a run that logs an exploration rate trains a Q-network, whose loss is a TD loss against its own
    targets (`trend.explores`). A real tiny epsilon-greedy Q-learner on a two-armed bandit that pays at random whatever
    the arm: its Q-values learn the mean payout (its loss falls), it has nothing to learn; judged on its return, none
    logged here, it is inconclusive (healthy until round 59)."""
    import torch

    torch.manual_seed(0)
    q = torch.nn.Linear(1, 2)
    optimizer = torch.optim.SGD(q.parameters(), lr=0.05)
    run = Run(source="metrics.csv", format="csv")
    for episode in range(1, 41):
        epsilon = max(0.1, 1 - episode / 30)
        state = torch.ones(64, 1)
        explore = torch.rand(64) < epsilon
        actions = torch.where(explore, torch.randint(0, 2, (64,)), q(state).argmax(1))
        payout = (torch.rand(64) < 0.5).float()  # the arm does not matter
        loss = torch.nn.functional.mse_loss(q(state).gather(1, actions[:, None]).squeeze(1), payout)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("Loss").append(episode, loss.item())
        run.series("Epsilon").append(episode, epsilon)
    assert run.metrics["Loss"].values[-1] < 0.5 * run.metrics["Loss"].values[0]
    assert diagnose([run]).verdict == "inconclusive"
