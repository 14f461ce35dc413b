"""Rules the labelled real logs asked for, each on real tiny runs: a run that logs no loss long enough to judge is
judged on an accuracy or a validation loss that improved (else it stays inconclusive); a loss non-finite from its first
logged value is the numerics, not the learning rate (no growth is seen before it); llm.c's `trl`/`tel` and
build-nanogpt's bare `train`/`val` are losses, and a loss long enough to judge is chosen over one of two points; an lr
logged on another step axis (per epoch) is not read at the loss's iteration steps beyond it; per-batch scatter around a
smooth decline does not move the loss's level (no oscillation); a loss flat from its start with no lr logged is below
the bar unless its chance level decides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from server.core.diagnosis.appended import resumed_last
from server.core.diagnosis.classes import Classes, classes_of_run
from server.core.diagnosis.detectors.chance import loss_tolerance, stuck_at_chance
from server.core.diagnosis.detectors.quality import improving_quality, stuck_low_accuracy
from server.core.diagnosis.detectors.stats import falling_fit
from server.core.diagnosis.detectors.trend import detect_nonfinite, detect_trend, level_swing
from server.core.diagnosis.detectors.view import View
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.findings import REPORTABLE
from server.core.diagnosis.thresholds import (
    FLAT_FROM_START,
    FLAT_UNEXPLAINED,
    MIN_POINTS,
    OSCILLATION_LEVEL,
    PLATEAU_WITH_FLAT_QUALITY,
)
from server.core.logs.contract import LogFormat
from server.core.logs.model import Run
from server.core.logs.reading import read_logs
from server.core.logs.roles import MetricRole, assign_roles
from server.core.logs.stated import classes_stated, lr_stated
from server.core.workspace import Workspace
from tests.tiny_runs import casebook_run, first_shaped, log_full_batch_steps, train_step, train_tiny

if TYPE_CHECKING:
    import torch

LOSSES = ("loss", "val_loss")


def test_a_run_logging_only_a_rising_accuracy_is_judged_healthy_on_it(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "lstm", "healthy", drop=LOSSES)  # val_acc 0.48 -> 0.79
    assert not any("loss" in name for name in run.metrics) and len(run.metrics["val_acc"]) >= 10
    assert improving_quality(run) == "val_acc"
    result = diagnose([run])
    assert result.verdict == "healthy"
    assert any("judged on val_acc" in item for item in result.inputs.missing)


def test_a_run_logging_only_a_falling_error_rate_is_judged_healthy_on_it(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "lstm", "healthy", drop=LOSSES)
    accuracy = run.metrics.pop("val_acc")
    error = run.metrics["val_error"] = type(accuracy)()  # the error rate of the same evaluations, 1 - accuracy
    for step, value in zip(accuracy.steps, accuracy.values, strict=True):
        error.append(step, 1 - value)
    run.roles = assign_roles(run)
    assert run.roles["val_error"].role is MetricRole.ERROR
    assert improving_quality(run) == "val_error"
    result = diagnose([run])
    assert result.verdict == "healthy"
    assert any("judged on val_error, which improved" in item for item in result.inputs.missing)


def test_a_run_logging_only_an_accuracy_at_chance_stays_inconclusive(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "lstm", "random_labels", drop=LOSSES)  # validation accuracy never leaves 1/K
    assert improving_quality(run) is None
    assert diagnose([run]).verdict == "inconclusive"


def with_sparse_training_loss(run: Run, kept: int = 4) -> Run:
    """`run` with its training loss logged `kept` times only (Lightning's CSVLogger at `log_every_n_steps` larger
    than an epoch: round30's CL-005, 4 training points beside 100 validation ones)."""
    loss = run.metrics["loss"]
    sparse = type(loss)()
    for i in np.linspace(0, len(loss) - 1, kept).astype(int):
        sparse.append(loss.steps[i], loss.values[i])
    run.metrics["loss"] = sparse
    return run


def test_a_run_whose_training_loss_is_too_short_is_judged_on_a_validation_loss_that_fell(tmp_path: Path) -> None:
    run = with_sparse_training_loss(casebook_run(tmp_path, "lstm", "healthy"))
    assert len(run.metrics["loss"]) < MIN_POINTS <= len(run.metrics["val_loss"])
    assert improving_quality(run) == "val_loss"
    result = diagnose([run])
    assert result.verdict == "healthy"
    assert any("judged on val_loss, which improved" in item for item in result.inputs.missing)
    stuck = with_sparse_training_loss(casebook_run(tmp_path, "lstm", "random_labels"))  # its val_loss never falls
    assert improving_quality(stuck) is None
    assert diagnose([stuck]).verdict != "healthy"


def rising_at_a_tiny_lr(lr: float, steps: int = 120) -> Run:
    """A linear regressor trained with SGD at `lr` on a stream whose targets grow noisier step by step (a curriculum
    of harder batches): at a tiny lr the model stands still and the loss rises with the data, not the step size
    (round21's BR-002: a loss that rose 2x during a warm-up still at 5e-7)."""
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    weights = torch.randn(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = Run(source="train.log", format="text")
    for step in range(1, steps + 1):
        x = torch.randn(64, 4)
        y = x @ weights + (0.5 + step / 20) * torch.randn(64, 1)
        loss = torch.nn.functional.mse_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        run.series("loss").append(step, loss.item())
        run.series("lr").append(step, lr)
    run.roles = assign_roles(run)
    return run


def test_a_loss_that_rose_while_the_lr_was_far_too_small_to_blow_it_up_is_no_confident_lr_too_high() -> None:
    from server.core.diagnosis.thresholds import LR_FAR_TOO_LOW, UNLOGGED_LR_CONFIDENCE

    run = rising_at_a_tiny_lr(5e-7)
    loss = np.array(run.metrics["loss"].values)
    assert np.median(loss[-20:]) > 2 * np.median(loss[:20]) and LR_FAR_TOO_LOW >= 5e-7
    [rose] = [f for f in detect_trend(View(run)) if f.id == "lr_too_high"]
    assert rose.confidence <= UNLOGGED_LR_CONFIDENCE and "too small to blow a loss up" in rose.evidence[0].detail


def fine_tune_warmed_to_a_too_high_lr(peak: float = 2.0, seed: int = 1) -> Run:
    """A fitted classifier fine-tuned with Adam whose lr warms up to `peak` (far too high) over 40 of 100 steps, then
    decays: the training loss logged as the Hugging Face Trainer logs it (the mean of every 20 steps: 5 points), the
    evaluation loss every 5 steps (round30's CM-008, a Whisper fine-tune warmed up to 3e-3)."""
    import torch

    torch.manual_seed(seed)
    x, w = torch.randn(512, 8), torch.randn(8, 1)
    y, xv = ((x @ w).sign() + 1) / 2, torch.randn(256, 8)
    yv = ((xv @ w).sign() + 1) / 2
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    run = Run(source="trainer_state.json", format="trainer_state")
    losses: list[float] = []
    for step in range(-199, 101):
        if step > 0:
            for group in optimizer.param_groups:
                group["lr"] = peak * min(step / 40, (100 - step) / 60 + 1e-3)
        batch = torch.randint(0, 512, (64,))
        loss = bce(model(x[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step > 0:
            losses.append(loss.item())
            if step % 20 == 0:
                run.series("loss").append(step, sum(losses[-20:]) / 20)
            if step % 5 == 0:
                with torch.no_grad():
                    run.series("eval_loss").append(step, bce(model(xv), yv).item())
    run.roles = assign_roles(run)
    return run


def test_a_validation_loss_that_rose_while_a_sparse_training_loss_rose_too_is_no_overfitting() -> None:
    """Round30's CM-008: the evaluations rose beside 5 training points that rose too (1.24 -> 2.16 -> 1.79). The ends
    of a stretch of 5 points are its first and last points, not medians of 3 sharing the middle one (which read a fall
    there and called the run overfitting at 0.80): the model got worse on its own data too, no overfitting."""
    from server.core.diagnosis.detectors.validation import detect_overfitting

    def medians_fell_ends_rose(run: Run) -> bool:  # the stretch's medians of 3 read a fall where its ends rose
        train = list(run.metrics["loss"].values)
        return len(train) == 5 and train[-1] > train[0] and np.median(train[:3]) > np.median(train[2:])

    run = first_shaped(lambda seed: fine_tune_warmed_to_a_too_high_lr(seed=seed), medians_fell_ends_rose, range(1, 20))
    assert run.metrics["eval_loss"].values[-1] > 3 * min(run.metrics["eval_loss"].values)
    assert detect_overfitting(View(run)) == []


def linear_classifier_accuracy(spread: float, lr: float, epochs: int = 12) -> Run:
    """A linear classifier of 4 Gaussian blobs `spread` apart, its held-out accuracy logged in percent after each
    epoch and no loss (round24's BY-009, an MNIST CNN printing `Accuracy` alone)."""
    import torch

    torch.manual_seed(0)
    centres = torch.randn(4, 8) * spread

    def data(n: int) -> tuple[torch.Tensor, torch.Tensor]:
        y = torch.randint(0, 4, (n,))
        return centres[y] + torch.randn(n, 8), y

    (x, y), (xv, yv) = data(2048), data(2048)
    model = torch.nn.Linear(8, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = Run(source="train.log", format="text")
    for epoch in range(1, epochs + 1):
        for i in range(0, 2048, 64):
            loss = torch.nn.functional.cross_entropy(model(x[i : i + 64]), y[i : i + 64])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            run.series("Accuracy").append(epoch, 100 * float((model(xv).argmax(1) == yv).float().mean()))
    run.roles = assign_roles(run)
    return run


def test_an_accuracy_near_perfect_from_its_first_epoch_whose_errors_shrank_is_judged_healthy() -> None:
    from server.core.diagnosis.thresholds import QUALITY_ERROR_SHRINK, QUALITY_RISE

    run = linear_classifier_accuracy(3.0, 0.01)  # 91.2, 97.8, 99.2 ... 99.76: its errors fall 4x, it gains 2%
    acc = run.metrics["Accuracy"].values
    start, end = float(np.median(acc[:3])), float(np.median(acc[-3:]))
    assert end - start < QUALITY_RISE * end and 100 - end <= QUALITY_ERROR_SHRINK * (100 - start)
    assert improving_quality(run) == "Accuracy"
    assert diagnose([run]).verdict == "healthy"
    flat = linear_classifier_accuracy(2.2, 0.05)  # at its Bayes limit from the first epoch: 97.5 -> 98.4
    assert improving_quality(flat) is None


def from_first_nonfinite(run: Run) -> Run:
    """`run` as a log that began printing only at its first non-finite loss (a logger every N steps)."""
    steps, values = np.array(run.metrics["loss"].steps), np.array(run.metrics["loss"].values)
    onset = float(steps[int(np.argmax(~np.isfinite(values)))])
    cut = Run(source=run.source, format=run.format)
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            if step >= onset:
                cut.series(name).append(step, value)
    return cut


def test_a_loss_non_finite_from_its_first_logged_value_is_not_blamed_on_the_learning_rate(tmp_path: Path) -> None:
    run = from_first_nonfinite(casebook_run(tmp_path, "mlp", "log_of_zero", seed=2, drop=("grad_norm",)))
    assert run.metrics["loss"].steps[0] > 1 and not np.isfinite(run.metrics["loss"].values[0])
    top = detect_nonfinite(View(run))[0]
    assert top.id == "numerical_instability"
    assert "no finite loss or gradient norm shows any growth" in top.evidence[-1].detail


def test_a_training_error_measure_gone_non_finite_is_judged_as_the_loss_no_loss_logged(tmp_path: Path) -> None:
    """StarSpace prints its hinge loss as `Train error : nan` and logs no loss: an error measure that turned non-finite
    is judged as the loss would be (inconclusive before round 43): NaN from its first epoch is the numerics (a log of
    0), one that grew from 4e12 first is the learning rate; the runs whose error stays finite keep their judgment."""
    for fault, blamed in (("log_of_zero", "numerical_instability"), ("lr_too_high_sgd", "lr_too_high")):
        run = casebook_run(tmp_path, "starspace_tagspace", fault, seed=0, fmt="text_kv")
        view = View(run)
        assert view.loss is None and run.role_map()["Train_error"].role is MetricRole.ERROR
        assert detect_nonfinite(view)[0].id == blamed
        assert diagnose([run]).root_causes[0].id == blamed
    assert detect_nonfinite(View(casebook_run(tmp_path, "starspace_tagspace", "healthy", fmt="text_kv"))) == []


def test_one_finite_loss_before_the_first_nan_blames_the_lr_only_when_it_is_far_too_high(tmp_path: Path) -> None:
    from server.core.diagnosis.thresholds import LR_FAR_TOO_HIGH

    for family, fault, seed, blamed in (
        ("yolo", "log_of_zero", 1, "numerical_instability"),
        ("egnn", "lr_too_high", 0, "lr_too_high"),
    ):
        view = View(casebook_run(tmp_path, family, fault, seed=seed))
        assert view.loss is not None and view.lr is not None
        first = int(np.argmax(~np.isfinite(view.loss.values)))
        assert first == 1  # one finite value, then NaN: no growth to see
        assert (view.lr.values[0] >= LR_FAR_TOO_HIGH) == (blamed == "lr_too_high")
        assert detect_nonfinite(view)[0].id == blamed


def test_a_nan_with_no_growth_before_it_is_the_lr_s_only_at_a_peak_lr_far_too_high(tmp_path: Path) -> None:
    """Round 50's HED at Adam's lr x300 (3), its own console: the epoch's loss is NaN from its first print, no growth to
    see, at a logged lr far beyond any recipe's: the lr's, no numerics'. Without its lr, the same log is the numerics'.
    """
    from server.core.diagnosis.detectors.trend import grew_before
    from server.core.diagnosis.thresholds import LR_FAR_TOO_HIGH

    run = casebook_run(tmp_path, "hed_xwjabc", "lr_too_high", seed=1, fmt="text_kv")
    view = View(run)
    assert view.loss is not None and view.lr is not None and float(view.lr.values.max()) >= LR_FAR_TOO_HIGH
    first = int(np.argmax(~np.isfinite(view.loss.values)))
    assert not grew_before(view, float(view.loss.steps[first]), view.loss.values[:first])[0]
    assert [f.id for f in detect_nonfinite(view)] == ["lr_too_high", "numerical_instability"]
    assert view.lr.name in run.metrics
    del run.metrics[view.lr.name]
    run.roles = assign_roles(run)
    assert View(run).lr is None and detect_nonfinite(View(run))[0].id == "numerical_instability"


def test_two_gradient_norms_before_the_first_nan_are_a_start_and_its_blow_up(tmp_path: Path) -> None:
    """Round 27's SchNet family at a learning rate of 0.9: norms 212, then 1.6e19, then NaN. The first steps' median
    was taken over both, so the blow-up was its own baseline ("calm before": numerics); the start alone is it."""
    view = View(casebook_run(tmp_path, "schnet", "lr_too_high", seed=0))
    assert view.loss is not None and view.grad is not None
    first = int(np.argmax(~np.isfinite(view.loss.values)))
    norms = view.grad.values[:first][np.isfinite(view.grad.values[:first])]
    assert norms.size == 2 and norms[1] > 1e6 * norms[0]
    assert detect_nonfinite(view)[0].id == "lr_too_high"


def logged(values: dict[str, list[float]]) -> Run:
    """A run holding each named series with the values a tool printed (steps 1, 2, ...)."""
    run = Run(source="console.log", format="text")
    for name, series in values.items():
        for step, value in enumerate(series, start=1):
            run.series(name).append(step, value)
    return run


def test_llm_c_abbreviations_and_bare_split_names_are_the_losses() -> None:
    falling = [11.0 - 0.5 * i for i in range(12)]
    llmc = assign_roles(logged({"trl": falling, "tel": falling[::3]}))  # llm.c: `s:100 trl:3.41`, `tel:3.40`
    assert (llmc["trl"].role, llmc["trl"].primary, llmc["tel"].role) == (
        MetricRole.TRAIN_LOSS,
        True,
        MetricRole.VAL_LOSS,
    )
    nanogpt = assign_roles(logged({"train": falling, "val": falling[::3], "hella": [0.25, 0.3, 0.33]}))
    assert nanogpt["train"].role is MetricRole.TRAIN_LOSS and nanogpt["val"].role is MetricRole.VAL_LOSS
    rising = [0.5 + 0.04 * i for i in range(12)]  # `train 0.93 val 0.91` accuracies rise: scores, no loss
    accuracies = assign_roles(logged({"train": rising, "val": rising}))
    assert {info.role for info in accuracies.values()} == {MetricRole.ACCURACY}


def test_a_loss_long_enough_to_judge_is_chosen_over_one_of_two_points() -> None:
    run = logged({"loss": [0.3, 0.1], "loss_avg": [3.9 - 0.15 * i for i in range(25)]})
    assert assign_roles(run)["loss_avg"].primary
    run = logged({"val_loss": [2.7], "test_loss": [3.6 - 0.04 * i for i in range(25)]})
    assert assign_roles(run)["test_loss"].primary


def test_an_lr_logged_on_another_step_axis_says_nothing_of_the_loss_steps_beyond_it() -> None:
    run = train_tiny(lr=0.05, steps=150)
    del run.metrics["lr"]
    for epoch in range(1, 7):  # the lr printed once an epoch, at steps 1..6, beside a loss at iterations 1..150
        run.series("lr").append(epoch, 0.05 * 0.3 ** (epoch // 3))
    view = View(run)
    assert view.lr_at(4) == 0.05 * 0.3 and view.lr_at(7) == 0.05 * 0.3**2
    assert view.lr_at(100) is None  # iteration 100 lies far beyond the lr's own steps: no lr known there


def test_per_batch_scatter_around_a_smooth_decline_does_not_move_the_level() -> None:
    run = train_tiny(lr=0.01, steps=2000)  # per-batch MSE 8.3 -> 0.02, its points scattering ~25% around the curve
    logs = np.log(np.array(run.metrics["loss"].values)[500:])
    assert float(np.std(logs - falling_fit(logs))) > 2 * OSCILLATION_LEVEL  # the points stray from a falling curve
    assert level_swing(logs) < OSCILLATION_LEVEL  # their rolling median does not
    steps = np.arange(1500)
    swinging = np.log(np.exp(-steps / 500) + 0.1) + 0.3 * np.sin(steps / 40)  # a decline that swings as it goes
    assert level_swing(swinging) > OSCILLATION_LEVEL


def test_a_flat_loss_with_no_lr_is_a_plateau_from_a_fresh_start_and_a_question_from_a_resumed_one(
    tmp_path: Path,
) -> None:
    run = casebook_run(tmp_path, "mlp", "lr_too_low", drop=("lr",))  # 4 classes, loss stuck at ln 4, no lr logged
    top = diagnose([run]).root_causes[0]  # its validation accuracy gives K: the loss sits at ln K, chance
    assert top.id == "loss_plateau" and top.confidence > REPORTABLE
    assert {f.id: f.confidence for f in detect_trend(View(run))}["loss_plateau"] == PLATEAU_WITH_FLAT_QUALITY
    for name in [n for n in run.metrics if "acc" in n]:  # the loss alone: its accuracy stuck low corroborates it
        del run.metrics[name]
    run.roles = assign_roles(run)
    flat = {f.id: f.confidence for f in detect_trend(View(run))}
    assert flat == {"loss_plateau": FLAT_FROM_START, "lr_too_low": FLAT_UNEXPLAINED}  # logged from step 1: stuck
    assert FLAT_UNEXPLAINED < REPORTABLE < FLAT_FROM_START < PLATEAU_WITH_FLAT_QUALITY
    every_tenth = Run(source="every_tenth.log", format="text")  # the same run logged every 10 steps from step 10
    for step, value in zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True):
        if step % 10 == 0 and step:
            every_tenth.series("loss").append(step, value)
    assert every_tenth.metrics["loss"].steps[0] == 10  # its first logging step: still a fresh run
    flat = {f.id: f.confidence for f in detect_trend(View(every_tenth))}
    assert flat == {"loss_plateau": FLAT_FROM_START, "lr_too_low": FLAT_UNEXPLAINED}
    fell = Run(source="fell.log", format="text")  # the same, its first point ten times the level it then keeps
    level = float(np.median(every_tenth.metrics["loss"].values))
    fell.series("loss").append(1, 10 * level)
    for step, value in zip(every_tenth.metrics["loss"].steps, every_tenth.metrics["loss"].values, strict=True):
        fell.series("loss").append(step, value)
    flat = {f.id: f.confidence for f in detect_trend(View(fell))}  # it fell at once: no run that learned nothing
    assert flat == {"loss_plateau": FLAT_UNEXPLAINED, "lr_too_low": FLAT_UNEXPLAINED}
    resumed = Run(source="resumed.log", format="text")  # the same run as a log resumed at its step 201 would hold it
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            if step > 200:
                resumed.series(name).append(step, value)
    flat = {f.id: f.confidence for f in detect_trend(View(resumed))}
    assert flat == {"loss_plateau": FLAT_UNEXPLAINED, "lr_too_low": FLAT_UNEXPLAINED}  # stuck, or resumed converged?
    counts = Run(source="counts.log", format="text")  # a column of counts read for the loss (`nTargets`, instances)
    for step in run.metrics["loss"].steps:
        counts.series("loss").append(step, 30405.0 + step % 3)
    assert {f.id: f.confidence for f in detect_trend(View(counts))}["loss_plateau"] == FLAT_UNEXPLAINED


def test_a_session_resumed_at_its_converged_level_into_the_same_log_is_no_fresh_plateau() -> None:
    """A healthy run, then a second session appended that resumes from its checkpoint (its step counter starting
    over at 1, its loss where the first ended): the part judged is flat from step 1, yet no fresh run that learned
    nothing."""
    run = train_tiny(lr=0.05, steps=300)
    del run.metrics["lr"], run.metrics["val_loss"]
    log = Run(source="two_sessions.log", format="text")
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            log.series(name).append(step, value)
        for step, value in zip(series.steps[200:], series.values[200:], strict=True):  # the converged tail again
            log.series(name).append(step - 200, value)
    assert resumed_last(log.metrics["loss"])
    assert not any(f.confidence > REPORTABLE for f in detect_trend(View(log)))
    assert not resumed_last(run.metrics["loss"])


def test_a_validation_loss_that_is_nan_while_training_is_sound_is_the_evaluations_numerics() -> None:
    """An evaluation over an empty validation split: its mean squared error is NaN at every evaluation while the
    training loss falls: the training is sound, the validation's numerics are not."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, val_size=0)
    assert all(v != v for v in run.metrics["val_loss"].values)
    assert all(v == v for v in run.metrics["loss"].values)
    (top, *_) = diagnose([run]).root_causes
    assert top.id == "numerical_instability" and "while the training loss stays finite" in top.evidence[0].detail
    assert detect_nonfinite(View(run))[0].id == "numerical_instability"


def test_a_loss_component_that_blows_up_under_a_sound_total_is_the_numerics(tmp_path: Path) -> None:
    """A regression whose loss adds an auxiliary term at a tiny weight, that term's parameter stepped up its gradient
    (a negative step size, a sign bug): the term grows 1.69x per step to ~1e13 while the total (1e-16 of it) falls as
    the fit improves.
    A VAE's KL term rising as its posterior leaves the prior (the casebook's healthy VAE, 40-170x) is no such thing."""
    import torch

    from server.core.diagnosis.detectors.trend import detect_component_blowup
    from tests.tiny_runs import casebook_run

    torch.manual_seed(0)
    x, weight = torch.randn(256, 4), torch.randn(4, 1)
    y = x @ weight
    model, aux = torch.nn.Linear(4, 1), torch.ones(1, requires_grad=True)
    optimizer = torch.optim.SGD([{"params": model.parameters(), "lr": 0.05}, {"params": [aux], "lr": -0.15}])
    run = Run(source="train.log", format="text")
    for step in range(1, 61):
        fit, term = torch.nn.functional.mse_loss(model(x), y), (aux**2).sum()
        total = fit + 1e-16 * term
        optimizer.zero_grad()
        (fit + term).backward()  # the term's own gradient steps its parameter away from 0: the sign of its lr
        optimizer.step()
        for name, value in (("loss", total), ("mse_loss", fit), ("aux_loss", term)):
            run.series(name).append(step, value.item())
    run.roles = assign_roles(run)
    assert run.roles["aux_loss"].role is MetricRole.LOSS_COMPONENT
    (found,) = detect_component_blowup(View(run))
    assert found.id == "numerical_instability" and found.evidence[0].detail.startswith("aux_loss, a component of loss")
    assert detect_component_blowup(View(casebook_run(tmp_path, "vae", "healthy", seed=1))) == []


def test_a_validation_error_is_compared_with_the_same_error_on_training_data_not_with_the_loss() -> None:
    """A regression logging its training MSE (the loss), its training RMSE and only an RMSE on validation data (real
    log AV-010: MSE 151 against a validation RMSE of 29): the validation RMSE's gap is judged against the training
    RMSE, not against the MSE, whose units differ."""
    import math

    import torch

    from server.core.diagnosis.detectors.validation import training_counterpart

    torch.manual_seed(0)
    w = torch.randn(16, 1)
    x, xv = torch.randn(24, 16), torch.randn(256, 16)
    y, yv = 30 * (x @ w + 2 * torch.randn(24, 1)), 30 * (xv @ w + 2 * torch.randn(256, 1))
    model = torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    run = Run(source="rul", format="csv")
    for epoch in range(1, 101):
        loss = train_step(model, optimizer, x, y)
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(xv), yv).item()
        run.series("train_loss").append(epoch, loss)
        run.series("train_rmse").append(epoch, math.sqrt(loss))
        run.series("val_rmse").append(epoch, math.sqrt(val))
    run.roles = assign_roles(run)
    view = View(run)
    assert view.loss is not None and view.loss.name == "train_loss" and view.val is not None
    assert view.val.name == "val_rmse" and training_counterpart(view, "val_rmse").name == "train_rmse"


def test_a_loss_printed_as_zero_at_its_end_is_judged_without_error(tmp_path: Path) -> None:
    """A noiseless linear regression fitted exactly, its loss printed to 5 decimals: it ends at 0.00000 (real log
    W-009 prints its training loss so): the log-scale rules take no logarithm of 0."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.randn(4, 1)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    lines = []
    for step in range(1, 201):
        lines.append(f"[{step}/200] Train loss: {train_step(model, optimizer, x, y):.5f}")
    log = tmp_path / "log_train.txt"
    log.write_text("\n".join(lines) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert run.metrics["Train_loss"].values[-1] == 0.0
    assert diagnose([run]).verdict == "healthy"


def test_a_gradient_norm_of_exactly_zero_on_a_few_records_is_no_gradient_however_short_the_run() -> None:
    """A model left frozen (every parameter's requires_grad False, a lone scale trained beside it): the norm over the
    model's parameters is 0.0 at every one of its 4 logged records, too few to judge any curve, yet conclusive."""
    import torch

    from server.core.diagnosis.detectors.gradients import detect_gradients
    from server.core.diagnosis.thresholds import ZERO_GRAD_POINTS

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)).requires_grad_(False)
    scale = torch.ones(1, requires_grad=True)
    optimizer = torch.optim.SGD([scale], lr=0.01)
    x, y = torch.randn(64, 8), torch.randn(64, 1)

    def loss_of() -> torch.Tensor:
        return torch.nn.functional.mse_loss(model(x) * scale, y)

    run = log_full_batch_steps(Run(source="frozen.log", format="text"), 4, loss_of, optimizer, list(model.parameters()))
    assert ZERO_GRAD_POINTS <= len(run.metrics["grad_norm"]) < MIN_POINTS
    assert set(run.metrics["grad_norm"].values) == {0.0}
    (found,) = detect_gradients(View(run))
    assert found.id == "vanishing_gradients"


OVERFLOWING_SCRIPT = """
import math
import torch

torch.manual_seed(0)
vocab, width = 50, 16
model = torch.nn.Sequential(torch.nn.Embedding(vocab, width), torch.nn.Linear(width, vocab))
optimizer = torch.optim.SGD(model.parameters(), lr=100.0)  # far too high
data = torch.randint(0, vocab, (64, 9))
print("Validation perplexity: %.1f" % vocab)
for step in range(1, 301):
    logits = model(data[:, :-1])
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), data[:, 1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 2 == 0:  # OpenNMT's report: the perplexity, exp of the mean loss, and the time
        ppl = math.exp(loss.item())
        print("Epoch  1, %5d/ 300; ; ppl: %6.2f ; lr: 100.0000000 ; 0:00:%02d elapsed" % (step, ppl, step))
"""


def test_a_run_stopped_by_a_float_overflow_is_numerical_instability_however_few_its_points(tmp_path: Path) -> None:
    """An LM trained by SGD at lr 100 prints its perplexity as `math.exp(loss)` (OpenNMT's report, its time as
    `0:00:02 elapsed`) until the loss passes ~710 (5.7, 461, then 1.6e6 at step 6) and `math.exp` raises: the child dies
    with `OverflowError: math range error` after two points, too few to judge a curve; the overflow is the finding."""
    import subprocess
    import sys

    script = tmp_path / "train.py"
    script.write_text(OVERFLOWING_SCRIPT)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "OverflowError: math range error" in done.stderr
    (tmp_path / "train.log").write_text(done.stdout + done.stderr)
    [run] = read_logs(Workspace.of([tmp_path]), ["train.log"]).runs
    assert "elapsed" not in run.metrics  # `0:00:01 elapsed`: a clock, no value named `elapsed`
    assert [e.kind for e in run.events if "OverflowError" in e.text] == ["overflow"]
    assert len(run.metrics["ppl"].values) < MIN_POINTS
    result = diagnose([run])
    assert result.root_causes[0].id == "numerical_instability"
    assert "OverflowError: math range error" in result.root_causes[0].evidence[0].detail


def test_a_run_that_stops_itself_because_its_loss_exploded_is_a_learning_rate_too_high(tmp_path: Path) -> None:
    """char-rnn's train.lua at a learning rate far too high: two iterations, then its own `loss is exploding,
    aborting.` (a loss over three times the first). Two points are too few to judge a curve; the run's own words are
    the finding, at the line that says them."""
    run = casebook_run(tmp_path, "char_rnn_torch7", "lr_too_high", seed=1, fmt="text_kv")
    [aborted] = [e for e in run.events if e.kind == "diverged"]
    assert aborted.text.strip() == "loss is exploding, aborting." and aborted.level == "error"
    assert len(run.metrics["train_loss"].values) < MIN_POINTS
    top = diagnose([run]).root_causes[0]
    assert top.id == "lr_too_high" and "loss is exploding" in top.evidence[0].detail


def test_a_count_of_exploding_gradients_or_a_setting_that_prevents_them_is_no_event() -> None:
    from server.core.logs.events import classify_line

    assert classify_line("Exploding gradients: 0 (0.00%)") is None
    assert classify_line("clip_grad_norm: 1.0  # stops the loss from exploding") is None
    assert classify_line("Loss diverged at step 300, stopping training.") == ("error", "diverged")


def test_a_checkpoints_first_improvement_over_its_initial_infinity_is_no_event() -> None:
    from server.core.logs.events import classify_line

    line = "Epoch 1: val_loss improved from inf to 0.40621, saving model to ./models/fall_detection_20251017.h5"
    assert classify_line(line) is None
    assert classify_line("WARNING: loss became inf at step 40, detected by the guard") == ("warning", "inf")


def test_kaldis_tdnn_is_judged_on_its_objective_a_log_likelihood_read_off_its_nnet3_logs(tmp_path: Path) -> None:
    """A Kaldi nnet3 TDNN overfitting a tiny training set, its logs as `steps/nnet3/train_dnn.py` leaves them: the
    training objective and the held-out log-probability per frame are log-likelihoods, higher is better; read so, the
    held-out one falling while the training one rises is overfitting (unread, the run was `inconclusive`)."""
    run = casebook_run(tmp_path, "tdnn_kaldi", "overfitting", seed=0, fmt="text_kv")
    roles = run.role_map()
    assert roles["train_log-likelihood"].role is MetricRole.TRAIN_LOSS and roles["train_log-likelihood"].primary
    assert roles["valid_log-likelihood"].role is MetricRole.VAL_LOSS and roles["valid_log-likelihood"].primary
    assert max(run.metrics["valid_log-likelihood"].values) < 0  # as printed: log-probabilities, not negated
    assert diagnose([run]).root_causes[0].id == "overfitting"


def test_a_training_loss_that_rose_with_its_validation_loss_is_a_step_too_large_though_no_lr_is_logged() -> None:
    """A classifier trained by SGD at 0.05 for 36 epochs, then at 2.0 (the lr is not logged; round66's HZ-010, an LSTM
    whose two losses went back to their first epoch's level together): the training loss's rise alone, with nothing
    to tie it to the lr, stays under the reporting bar; the validation loss jumping with it and staying up says the
    model itself got worse, and the rise is reported."""
    import torch

    torch.manual_seed(0)
    centres = torch.randn(4, 8)

    def data(k: int) -> tuple[torch.Tensor, torch.Tensor]:
        y = torch.randint(0, 4, (k,))
        return centres[y] + torch.randn(k, 8), y

    (x, y), (xv, yv) = data(1024), data(512)
    model = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.Tanh(), torch.nn.Linear(64, 4))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    run = Run(source="train.log", format="text")
    for epoch in range(1, 46):
        if epoch == 37:
            optimizer.param_groups[0]["lr"] = 2.0
        losses = []
        for i in range(0, 1024, 64):
            loss = torch.nn.functional.cross_entropy(model(x[i : i + 64]), y[i : i + 64])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        with torch.no_grad():
            run.series("val_loss").append(epoch, torch.nn.functional.cross_entropy(model(xv), yv).item())
        run.series("loss").append(epoch, sum(losses) / len(losses))
    run.roles = assign_roles(run)
    [found] = detect_trend(View(run))
    assert found.id == "lr_too_high" and found.confidence >= REPORTABLE
    assert "held-out loss rose with it" in found.evidence[0].detail
    del run.metrics["val_loss"]
    run.roles = assign_roles(run)
    [alone] = detect_trend(View(run))
    assert alone.id == "lr_too_high" and alone.confidence < REPORTABLE


def test_a_validation_loss_below_a_label_smoothed_training_loss_that_turns_up_is_overfitting() -> None:
    """A classifier of 96 noisy points trained with label smoothing 0.3: its training loss floors at the smoothed
    targets' entropy (~0.78) while the validation's plain cross-entropy bottoms far below it (~0.44) and then climbs
    back towards it as the model memorises (round66's IA-001). The gap (validation - training) ends below 0, yet it grew
    by half the training loss since the minimum: overfitting (the gap's level alone said no)."""
    import torch

    from server.core.diagnosis.detectors.validation import detect_overfitting

    torch.manual_seed(1)
    centres = torch.randn(4, 16)

    def data(k: int) -> tuple[torch.Tensor, torch.Tensor]:
        y = torch.randint(0, 4, (k,))
        return centres[y] + 1.5 * torch.randn(k, 16), y

    (x, y), (xv, yv) = data(96), data(1024)
    model = torch.nn.Sequential(torch.nn.Linear(16, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    run = Run(source="train.log", format="text")
    for epoch in range(1, 201):
        loss = torch.nn.functional.cross_entropy(model(x), y, label_smoothing=0.3)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            run.series("val_loss").append(epoch, torch.nn.functional.cross_entropy(model(xv), yv).item())
        run.series("loss").append(epoch, loss.item())
    run.roles = assign_roles(run)
    train, val = np.array(run.metrics["loss"].values), np.array(run.metrics["val_loss"].values)
    assert val[-1] < train[-1] and val[-1] > 1.3 * val.min()
    [found] = detect_overfitting(View(run))
    assert found.id == "overfitting" and "rose to" in found.evidence[0].detail


def test_a_held_out_score_at_chance_while_the_training_score_reaches_perfect_is_overfitting(tmp_path: Path) -> None:
    """VQA's `score` and `eval score` (bottom-up-attention's names) are qualities like an accuracy: a model that
    memorises random answers (its training score to 100, its held-out score flat) overfits, its held-out score
    compared with the same measure on the training data."""
    from server.core.diagnosis.detectors.validation import detect_quality_overfitting

    measured = casebook_run(tmp_path, "vqa", "random_labels", seed=0, drop=("val_loss",))
    run = Run(source="train.log", format="text")
    for name, vqa_name in (("loss", "train_loss"), ("acc", "score"), ("val_acc", "eval_score")):
        for step, value in zip(measured.metrics[name].steps, measured.metrics[name].values, strict=True):
            run.series(vqa_name).append(step, value)
    view = View(run)
    assert view.accuracy("val", "test") is None  # no classification accuracy by name: a quality all the same
    held, trained = view.quality("val", "test"), view.quality("train", None, like="eval_score")
    assert held is not None and trained is not None and (held.name, trained.name) == ("eval_score", "score")
    top = detect_quality_overfitting(view)[0]
    assert top.id == "overfitting" and top.evidence[0].detail.startswith("eval_score peaked at")


def test_a_psnr_is_no_share_so_a_psnr_of_thirty_is_not_stuck_low() -> None:
    run = train_tiny(lr=0.01, steps=300)  # a regression; from step 100 on its loss creeps down by a third
    late = Run(source="denoiser.csv", format="csv")
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            if step >= 100 and name in ("loss", "val_loss"):
                late.series(name).append(step, value)
                if name == "val_loss":  # dB of a peak of 10 over its squared error, as a denoiser's PSNR
                    late.series("val_psnr").append(step, 10 * np.log10(100 / value))
                    late.series("val_acc").append(step, 10 * np.log10(100 / value))  # the same, read as a percentage
    late.roles = assign_roles(late)
    assert 25 < late.metrics["val_psnr"].values[-1] < 50  # under 50 of "100"
    why = stuck_low_accuracy(View(late))
    assert why is not None and why.startswith("val_acc")  # a percentage that ends under half and barely moved
    del late.metrics["val_acc"]
    late.roles = assign_roles(late)
    assert stuck_low_accuracy(View(late)) is None  # a PSNR has no "low"


def noisy_targets_run(steps: int = 300) -> Run:
    """A real tiny regression trained on targets with heavy label noise, its validation measured on clean targets: the
    training loss falls to the noise's floor and stands there, while the validation loss keeps falling."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(2048, 8)
    clean = 1 + torch.sin(x @ torch.randn(8, 1) / 3)
    noisy = clean + 2 * torch.randn(2048, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.002)
    run = Run(source="noisy.log", format="text")
    for step in range(1, steps + 1):
        batch = torch.randint(256, 2048, (64,))
        loss = train_step(model, optimizer, x[batch], noisy[batch])
        run.series("loss").append(step, loss)
        if step % 20 == 0:
            with torch.no_grad():
                run.series("val_loss").append(step, float(torch.nn.functional.mse_loss(model(x[:256]), clean[:256])))
    run.roles = assign_roles(run)
    return run


def test_a_training_loss_standing_still_while_the_validation_loss_falls_rank_by_rank_is_no_plateau() -> None:
    run = noisy_targets_run()
    val = np.array(run.metrics["val_loss"].values)
    assert val[-1] < 0.7 * val[len(val) // 3]  # validation still falling after the training loss stood still
    assert "loss_plateau" not in {f.id for f in detect_trend(View(run))}
    del run.metrics["val_loss"]  # the training loss alone: flat after a fall
    run.roles = assign_roles(run)
    assert "loss_plateau" in {f.id for f in detect_trend(View(run))}


def test_a_loss_printed_as_a_subnormal_number_is_the_numerics() -> None:
    run = train_tiny(lr=0.05, steps=100)
    garbage = float(np.array([100], dtype=np.int64).view(np.float64)[0])  # a step counter's bytes read as a double
    assert 0 < garbage < 1e-300
    broken = Run(source="losses.txt", format="text")
    for step, value in zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True):
        broken.series("loss").append(step, value if step <= 60 else garbage)
    broken.roles = assign_roles(broken)
    (found,) = detect_nonfinite(View(broken))
    assert found.id == "numerical_instability" and found.evidence[0].location == "step 61"
    assert detect_nonfinite(View(run)) == []


def stuck_classifier_log(folder: Path, stated: bool) -> Path:
    """A real tiny 10-class classifier at lr 0 (it learns nothing: its loss stays at ln 10), printed as a loop that
    echoes its config first (`num_classes: 10`) when `stated`."""
    import torch

    torch.manual_seed(0)
    x, labels = torch.randn(512, 16), torch.randint(0, 10, (512,))
    model = torch.nn.Linear(16, 10)
    torch.nn.init.zeros_(model.weight)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
    head = ["config: num_classes: 10, batch_size: 32"] if stated else ["config: batch_size: 32"]
    return logged_steps(folder, model, optimizer, x, labels, head)


def logged_steps(folder: Path, model: Any, optimizer: Any, x: Any, labels: Any, head: list[str]) -> Path:
    """`train.log`: `head` (a config echoed), then 100 real cross-entropy steps of `model` on random batches of
    (x, labels), printed as `step N | loss X`."""
    import torch

    lines = list(head)
    for step in range(1, 101):
        batch = torch.randint(0, len(labels), (32,))
        loss = train_step(model, optimizer, x[batch], labels[batch], torch.nn.functional.cross_entropy)
        lines.append(f"step {step} | loss {loss:.4f}")
    log = folder / "train.log"
    log.write_text("\n".join(lines) + "\n")
    return log


def far_too_high_lr_log(folder: Path, stated: bool) -> Path:
    """A real tiny linear classifier on labels apart from its inputs at plain SGD 3.0 (its loss never falls: 1.8 at
    start and end, above ln 4), printed as HGNN's train.py prints its config first (pprint's `'lr': 3.0,`) when
    `stated`; no lr is logged with the loss."""
    import torch

    torch.manual_seed(0)
    x, labels = torch.randn(512, 16), torch.randint(0, 4, (512,))
    model = torch.nn.Linear(16, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=3.0)
    head = ["{'batch_size': 32,", " 'lr': 3.0,", " 'max_epoch': 100}"] if stated else ["{'batch_size': 32}"]
    return logged_steps(folder, model, optimizer, x, labels, head)


def test_a_learning_rate_the_log_states_is_its_peak_where_none_is_logged(tmp_path: Path) -> None:
    """The config a log echoes states the lr the run used: a loss that never fell at SGD 3.0 is a learning rate far
    too high, the evidence citing the line; the same curve with no lr stated is no such finding."""
    (run,) = read_logs(Workspace.of([tmp_path]), [far_too_high_lr_log(tmp_path, stated=True).name]).runs
    assert run.lr_stated == (3.0, 2)
    top = diagnose([run]).root_causes[0]
    assert top.id == "lr_too_high" and "peak lr of 3 (stated at line 2)" in top.evidence[0].detail
    (bare,) = read_logs(Workspace.of([tmp_path]), [far_too_high_lr_log(tmp_path, stated=False).name]).runs
    assert bare.lr_stated is None and "stated at line" not in str(diagnose([bare]).root_causes)
    assert lr_stated(b"Namespace(batch=32, lr=0.001, lr_decay=0.1, min_lr=1e-06)") == (0.001, 1)
    assert lr_stated(b"learning_rate: 2e-05\nwarmup_lr: 1e-06\n") == (2e-05, 1)
    assert lr_stated(b"lr: 0.1\nlr: 0.01\n") is None  # two: param groups, or a sweep's runs appended
    assert lr_stated(b"lr_scheduler: cosine\n") is None


def test_k_stated_in_the_log_gives_the_chance_level(tmp_path: Path) -> None:
    (run,) = read_logs(Workspace.of([tmp_path]), [stuck_classifier_log(tmp_path, stated=True).name]).runs
    assert run.classes_stated == (10, 1)
    top = diagnose([run]).root_causes[0]
    assert top.id == "loss_plateau" and "ln 10" in top.evidence[0].detail and "train.log:1" in top.evidence[0].detail
    (bare,) = read_logs(Workspace.of([tmp_path]), [stuck_classifier_log(tmp_path, stated=False).name]).runs
    assert bare.classes_stated is None and "ln 10" not in str(diagnose([bare]).root_causes)
    assert classes_stated(b"Namespace(lr=1e-3)\nSource vocab size: 40748, Target vocab size: 23709\n") == (23709, 2)
    assert classes_stated(b"src vocab_size=40748\ntgt_other vocab_size=23709\n") is None  # two, neither a target
    one = Run(source="regression.log", format="text", classes_stated=(1, 1))  # `num_classes: 1`: a regression head
    assert classes_of_run(one) is None and classes_of_run(run) == Classes(10, f"{run.source}:1")


def test_a_noise_band_as_wide_as_ln_k_tells_no_chance_level() -> None:
    import torch

    torch.manual_seed(0)  # an untrained regression's loss printed per example: squared errors scatter widely
    x = torch.randn(200, 8)
    y = x @ torch.randn(8, 1)
    model = torch.nn.Linear(8, 1)
    run = Run(source="per_example.log", format="text")
    with torch.no_grad():
        for step, error in enumerate(((model(x) - y) ** 2).flatten().tolist(), start=1):
            run.series("loss").append(step, error)
    run.roles = assign_roles(run)
    last = np.array(run.metrics["loss"].values[-40:])
    k = round(float(np.exp(np.median(last))))  # K whose ln K is the loss's level, narrower than its noise band
    assert loss_tolerance(k, last) >= np.log(k) and abs(np.median(last) - np.log(k)) < 0.1
    assert stuck_at_chance(View(run, Classes(k, "config.yaml:num_classes"))) is None


def thp_run(folder: Path, fault: str, fmt: str) -> Run:
    """A tiny real RMTPP run of the family casebook logged by THP's and RMTPP's own writers: `fmt` "text_pipe", its
    `[ Epoch 1 ]` blocks of `(Training)` and `(Testing)` log-likelihood, accuracy and RMSE; "csv", its `Epoch,
    Log-likelihood, Accuracy, RMSE` table of the test set's."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_thp

    return casebook_run(
        folder, "rmtpp_events", fault, write=lambda logged, out, name: write_thp(logged, out, name, fmt)
    )


def test_a_likelihood_logged_without_a_loss_is_the_objective_judged_negated_and_rmse_beside_it_an_error(
    tmp_path: Path,
) -> None:
    run = thp_run(tmp_path, "healthy", "text_pipe")
    roles = run.role_map()
    assert roles["loglikelihood"].role is MetricRole.TRAIN_LOSS and roles["loglikelihood"].higher_is_better
    assert roles["eval_loglikelihood"].role is MetricRole.VAL_LOSS and roles["eval_loglikelihood"].primary
    assert roles["RMSE"].role is MetricRole.ERROR and roles["eval_RMSE"].role is MetricRole.ERROR
    view = View(run)
    assert view.loss is not None and view.val is not None
    assert list(view.loss.values) == [-v for v in run.metrics["loglikelihood"].values]  # the loss it is trained on
    assert float(view.loss.values[-1]) < float(view.loss.values[0])  # the likelihood rose: the loss fell
    assert diagnose([run]).verdict == "healthy"


def test_a_likelihood_that_never_moves_at_a_tiny_lr_is_a_plateau_not_a_healthy_run(tmp_path: Path) -> None:
    run = thp_run(tmp_path, "lr_too_low", "text_pipe")
    causes = [c.id for c in diagnose([run]).root_causes]
    assert causes[:1] in (["loss_plateau"], ["lr_too_low"])


def test_a_table_of_one_row_an_epoch_is_read_as_printed_once_an_epoch(tmp_path: Path) -> None:
    run = thp_run(tmp_path, "healthy", "csv")
    assert run.per_epoch == {"Log-likelihood", "Accuracy", "RMSE"}  # the `Epoch` column is its step
    assert run.role_map()["Log-likelihood"].role is MetricRole.TRAIN_LOSS
    assert diagnose([run]).verdict == "healthy"  # flat after its first epoch's learning: no fresh run stuck


def test_a_five_epoch_run_whose_loss_fell_at_every_epoch_is_judged_and_one_that_wavered_is_not() -> None:
    """A tiny real run in five epochs (epoch means, as a Keras history prints them): falling at each is a run
    learning (five values in falling order: 1 in 120 by chance), judged healthy; a wobble leaves five points too few."""
    from server.core.diagnosis.engine import falls_throughout
    from server.core.diagnosis.thresholds import MIN_POINTS, SHORT_RUN_POINTS

    loss = train_tiny(0.01).metrics["loss"]
    size = len(loss) // SHORT_RUN_POINTS  # five epochs of the whole run
    per_epoch = [sum(loss.values[i : i + size]) / size for i in range(0, SHORT_RUN_POINTS * size, size)]
    assert len(per_epoch) == SHORT_RUN_POINTS < MIN_POINTS and falls_throughout(per_epoch)
    short = Run(source="history.csv", format=LogFormat.CSV)
    for epoch, value in enumerate(per_epoch):
        short.series("loss").append(epoch, value)
    assert diagnose([short]).verdict == "healthy"
    short.metrics["loss"].values[3] = per_epoch[1]  # up again at epoch 3: no longer falling at every one
    short.roles = {}
    assert diagnose([short]).verdict == "inconclusive"


def logistic_epochs(x: torch.Tensor, y: torch.Tensor, lr: float, epochs: int, batch: int) -> Iterator[torch.nn.Module]:
    """A logistic regression trained on (x, y) with SGD at `lr` in shuffled batches, yielded after each epoch."""
    import torch

    model = torch.nn.Linear(x.shape[1], 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        for rows in torch.randperm(len(x)).split(batch):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x[rows]).squeeze(1), y[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        yield model


def accuracy_of(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    import torch

    with torch.no_grad():
        return float(((model(x).squeeze(1) > 0).float() == y).float().mean())


def slow_accuracy(lr: float, shuffled_labels: bool = False) -> list[float]:
    """A logistic regression on 2,048 examples trained at `lr` for 22 epochs, its training accuracy in percent after
    each (labels shuffled: nothing to learn)."""
    import torch

    torch.manual_seed(0)
    x, w = torch.randn(2048, 16), torch.randn(16)
    y = ((x @ w + 0.8 * torch.randn(2048)) > 0).float()
    if shuffled_labels:
        y = y[torch.randperm(2048)]
    return [100 * accuracy_of(model, x, y) for model in logistic_epochs(x, y, lr, epochs=22, batch=64)]


def test_an_accuracy_logged_alone_that_climbs_rank_by_rank_shows_a_learning_run_however_small_its_gain() -> None:
    """round52's FM-006: a mean-class accuracy alone, rising 76.3% -> 85.5% over 22 epochs, under QUALITY_RISE of its
    level and yet a run learning; an accuracy of labels shuffled away from their inputs does not climb so."""
    from server.core.diagnosis.thresholds import QUALITY_RISE

    slow = Run(source="metrics.csv", format=LogFormat.CSV)
    for epoch, value in enumerate(slow_accuracy(3e-4)):
        slow.series("mean class accuracy (train set)").append(epoch, value)
    values = slow.metrics["mean class accuracy (train set)"].values
    assert values[-1] - values[0] < QUALITY_RISE * values[-1]  # short of the gain the old rule asked for
    assert improving_quality(slow) == "mean class accuracy (train set)"
    assert diagnose([slow]).verdict == "healthy"
    noise = Run(source="metrics.csv", format=LogFormat.CSV)
    for epoch, value in enumerate(slow_accuracy(3e-4, shuffled_labels=True)):
        noise.series("accuracy").append(epoch, value)
    assert improving_quality(noise) is None


def held_out_of(examples: int, label_noise: float, epochs: int = 12) -> Run:
    """A logistic regression trained on 512 examples whose labels are flipped at `label_noise`, its training accuracy
    and its accuracy on a held-out set of `examples` after each epoch: a handful (8 at most) lie far on either side of
    the boundary, easy ones; more are drawn as the training data is."""
    import torch

    torch.manual_seed(0)
    w = torch.randn(8)
    x = torch.randn(512, 8)
    signs = torch.tensor([1.0, -1.0]).repeat(examples // 2)
    xv = signs[:, None] * w + 0.1 * torch.randn(examples, 8) if examples <= 8 else torch.randn(examples, 8)
    y = ((x @ w > 0) ^ (torch.rand(512) < label_noise)).float()
    yv = (xv @ w > 0).float()
    run = Run(source="history.csv", format=LogFormat.CSV)
    for epoch, model in enumerate(logistic_epochs(x, y, lr=0.1, epochs=epochs, batch=32)):
        run.series("train_acc").append(epoch, accuracy_of(model, x, y))
        run.series("val_acc").append(epoch, accuracy_of(model, xv, yv))
    return run


def test_a_held_out_accuracy_perfect_at_every_evaluation_beside_a_training_one_far_from_it_is_a_data_issue() -> None:
    """round53's FO-009 (val_acc 1.0 at all 30 epochs, train_acc 0.4-0.8): four easy held-out examples beside
    training labels a quarter flipped; a held-out set of 512 is not perfect, nor is one beside clean labels flagged."""
    from server.core.diagnosis.detectors.validation import detect_perfect_held_out

    tiny = held_out_of(4, label_noise=0.25)
    assert set(tiny.metrics["val_acc"].values) == {1.0} and max(tiny.metrics["train_acc"].values) < 0.9
    (found,) = detect_perfect_held_out(View(tiny))
    assert found.id == "data_issue" and "held-out set is degenerate" in found.evidence[0].detail
    assert detect_perfect_held_out(View(held_out_of(512, label_noise=0.25))) == []
    clean = held_out_of(4, label_noise=0.0)
    assert float(np.median(clean.metrics["train_acc"].values)) > 0.9 and detect_perfect_held_out(View(clean)) == []


def test_isolated_non_finite_losses_in_a_run_that_went_on_are_the_numerics() -> None:
    """A classifier whose loss is computed by hand as `-log(softmax(logits))`: on the batches where a logit runs far
    ahead, the softmax underflows to exactly 0 and the log to -inf; the step is skipped (as an AMP scaler skips it)
    and the run goes on finite. Isolated non-finite losses are the numerics first (round59's GR-007, round37's
    DF-012: labelled numerical instability), a corrupt batch second."""
    import torch

    from server.core.logs.model import Run

    torch.manual_seed(0)
    x, y = torch.randn(256, 8), torch.randint(0, 4, (256,))
    model = torch.nn.Linear(8, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    run = Run(source="train.log", format="text")
    for step in range(1, 201):
        batch = torch.randint(0, 256, (32,))
        scale = 400.0 if step % 50 == 25 else 1.0  # a few batches whose inputs run far out of range
        probabilities = torch.softmax(model(x[batch] * scale), dim=1)
        loss = -torch.log(probabilities[torch.arange(32), y[batch]]).mean()
        run.series("loss").append(step, loss.item())
        if torch.isfinite(loss):
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    values = np.array(run.metrics["loss"].values)
    assert 1 <= int((~np.isfinite(values)).sum()) <= 4 and np.isfinite(values[-20:]).all()
    found = {f.id: f.confidence for f in detect_nonfinite(View(run))}
    assert found["numerical_instability"] > found["data_issue"]
    assert diagnose([run]).root_causes[0].id == "numerical_instability"


def test_a_blow_up_only_the_epochs_average_saw_is_the_learning_rate_not_a_plateau(tmp_path: Path) -> None:
    """DiffPool at too high an lr (a tiny real run of the family casebook, logged as RexYing/diffpool's train.py
    prints): its `Iter: 20 , loss: ...` lines, one every 20 batches, never show the blow-up its epoch's `Avg loss`
    (222 at epoch 0) does before both sit at ln 2: the lr, not a plateau. Its `Best result: {...}` dicts are the
    running best's, no points of the curve; without the average the same run says only that it learned nothing."""
    from server.core.diagnosis.detectors.view import blown_beside

    run = casebook_run(tmp_path, "diffpool_rexying", "lr_too_high", fmt="text_kv")
    assert len(run.metrics["loss"]) == len(run.metrics["Avg_loss"]) and "best_loss" in run.metrics
    found = blown_beside(View(run), "loss")
    assert found is not None and found[0] == "Avg_loss" and found[1] > 100
    assert diagnose([run]).root_causes[0].id == "lr_too_high"
    del run.metrics["Avg_loss"]
    run.roles = assign_roles(run)
    assert blown_beside(View(run), "loss") is None
    assert diagnose([run]).root_causes[0].id == "loss_plateau"


def test_a_loss_creeping_up_beside_answers_right_from_the_first_print_learned(tmp_path: Path) -> None:
    """DiffPool's healthy long run (a tiny real run of the family casebook): its loss, one batch's an epoch, creeps up
    (0.29 -> 0.73) while its accuracies stand at 0.81-0.90 from their first print: the model learned before it, and
    the batch's noise is no run that learned nothing (ANSWERED_WELL). Without its accuracies the rise alone says so."""
    from server.core.diagnosis.detectors.quality import answering_well
    from server.core.diagnosis.detectors.trend import learned_nothing_by_rising

    run = casebook_run(tmp_path, "diffpool_rexying", "healthy_long_converged", seed=1, fmt="text_pipe")
    assert answering_well(View(run)) is not None
    assert not learned_nothing_by_rising(View(run), "loss")
    assert diagnose([run]).verdict == "healthy"
    for name in [n for n in run.metrics if "acc" in n.lower() or "prec" in n.lower() or "recall" in n.lower()]:
        del run.metrics[name]
    run.roles = assign_roles(run)
    assert answering_well(View(run)) is None and learned_nothing_by_rising(View(run), "loss")


def test_a_validation_loss_falling_rank_by_rank_is_no_plateau_however_little_the_training_loss_moved() -> None:
    """A fine-tune's batch loss that barely moved beside a validation loss falling at nearly every evaluation (round76's
    JP-010, a LoRA fine-tune: 1.27 -> 1.15 over ten evaluations): the model learns what carries over, no plateau (a
    tiny real fine-tune). The same run with its validation loss held at its first value is one."""
    from server.core.diagnosis.detectors.trend import barely_moved, held_out_fell
    from server.core.logs.model import Series
    from tests.tiny_runs import fine_tune_regression

    run = fine_tune_regression()
    view = View(run)
    assert view.loss is not None and barely_moved(view.loss.values) and not held_out_fell(view)
    assert not any(f.id == "loss_plateau" for f in detect_trend(view))
    val, held = run.metrics["val_loss"], Series()
    for step in val.steps:
        held.append(step, val.values[0])
    run.metrics["val_loss"] = held
    assert any(f.id == "loss_plateau" for f in detect_trend(View(run)))


def test_a_split_word_and_its_epoch_alone_on_a_line_heads_that_splits_evaluation(tmp_path: Path) -> None:
    """hysts' Shake-Shake logs `Test 1` over `Epoch 1 Loss 0.93 Accuracy 0.56` after each epoch's `Train 1` block of
    `Epoch 1 Step 0/20 Loss ...`: the line under `Test N` is the test set's (`Test_Loss`), at the training's step. Read
    as one `Loss` (round 46), the test points between the batches' were a period-3 "oscillation" of a healthy run
    (round 49's Shake-Shake on the easy task, seed 2: loss_oscillation at 0.91)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_shake

    run = casebook_run(tmp_path, "shakeshake_hysts", "healthy_easy", seed=2, write=write_shake)
    test, train = run.metrics["Test_Loss"], run.metrics["Loss"]
    assert "Test_Accuracy" in run.metrics and len(test.values) < len(train.values)
    assert test.values[0] > 1.3 and test.values[-1] < 0.1  # the untrained model's test, then the last epoch's
    assert list(test.steps) == sorted(test.steps) and set(test.steps[1:]) <= set(train.steps)  # the step in force
    assert diagnose([run]).verdict == "healthy"


def test_an_argparse_echo_of_class_number_states_k(tmp_path: Path) -> None:
    """freda's structured self-attention echoes its arguments (`Namespace(..., class_number=4, ...)`): K = 4, where the
    first accuracy (0.266) and the first loss (an epoch's mean) had read 3, and its validation accuracy at 0.32 sat at
    that 1/3 (round 49's runs on a tiny training set answered data_issue); the names CLASS_NAMES holds in code too."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_structattn

    run = casebook_run(tmp_path, "structattn_freda", "overfitting", write=write_structattn)
    assert run.classes_stated == (4, 2)
    top = diagnose([run]).root_causes[0]
    assert top.id == "overfitting" and "1/3" not in str(top.evidence)
    assert classes_stated(b"args: n_class: 10\n") == (10, 1) and classes_stated(b"num_class=3\n") == (3, 1)
    assert classes_stated(b"train_class=5, class_count: 7\n") == (7, 1)  # `train_class` states nothing


def test_a_training_loss_fitted_while_the_held_out_loss_kept_its_start_is_a_set_learned_by_heart(
    tmp_path: Path,
) -> None:
    """libFM on random ratings (a tiny real run of the family casebook, in its console's `#Iter= 14\\tTrain=...\\tTest=`
    lines): the training RMSE falls 1000x while the test RMSE keeps 90% of its start, hundreds of times above it:
    overfitting, though the held-out loss neither rose nor stood at its first value. libFM's healthy run, whose test
    RMSE follows its training one down, is no such finding."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_libfm

    from server.core.diagnosis.detectors.validation import fitted_alone

    (tmp_path / "random").mkdir(), (tmp_path / "healthy").mkdir()
    random = casebook_run(tmp_path / "random", "libfm_srendle", "random_labels", seed=1, write=write_libfm)
    (found,) = fitted_alone(View(random))
    assert found.id == "overfitting" and "learned by heart" in found.evidence[0].detail
    assert diagnose([random]).root_causes[0].id == "overfitting"
    healthy = casebook_run(tmp_path / "healthy", "libfm_srendle", "healthy", write=write_libfm)
    assert fitted_alone(View(healthy)) == [] and diagnose([healthy]).verdict == "healthy"


def test_a_held_out_measure_frozen_beside_a_training_loss_fitted_a_hundredfold_is_no_constant_output(
    tmp_path: Path,
) -> None:
    """SR-GNN memorising a small set of sessions (a tiny real run of the family casebook, in its main.py's console):
    its `Best Result:` block prints the same `Recall@20` at every epoch while its loss falls from 4.6 to under a
    hundredth of it. A constant output scores the labels' prior entropy, never a hundredth of its start: no frozen
    model, and the recall that stood while the loss fell on is overfitting."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_srgnn

    from server.core.diagnosis.detectors.quality import detect_frozen_accuracy, fitted_apart

    run = casebook_run(tmp_path, "srgnn_cripac", "overfitting", write=write_srgnn)
    assert len(set(run.metrics["Recall@20"].values)) == 1 and fitted_apart(View(run))
    assert detect_frozen_accuracy(View(run)) == []
    assert diagnose([run]).root_causes[0].id == "overfitting"


def test_a_validation_loss_rising_beside_a_training_loss_stuck_at_chance_is_no_overfitting(tmp_path: Path) -> None:
    """Kim's sentence CNN at Adam's lr x300 (a tiny real run of the family casebook): its training loss blew up, then
    came back to ln 2 and stayed there while the validation loss swung up: nothing was learned to overfit; the learning
    rate is the cause."""
    from server.core.diagnosis.detectors.chance import stuck_at_chance
    from server.core.diagnosis.detectors.validation import overfitting_on

    run = casebook_run(tmp_path, "kimcnn_yoonkim", "lr_too_high", seed=1)
    assert stuck_at_chance(View(run)) is not None and overfitting_on(View(run)) == []
    assert diagnose([run]).root_causes[0].id == "lr_too_high"


def test_a_held_out_f1_that_never_left_zero_is_labels_the_model_cannot_learn(tmp_path: Path) -> None:
    """SED-CRNN on shuffled event labels (a tiny real run of the family casebook, in sed.py's console): its
    `F1_overall` stays at 0 through its epochs (0.0085 at the last) while its loss falls a little: the model never
    detects an event, answering the labels' base rate. Its healthy run finds events: no such finding there."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_sed

    from server.core.diagnosis.detectors.quality import detect_no_positive

    (tmp_path / "shuffled").mkdir()
    (tmp_path / "healthy").mkdir()
    run = casebook_run(tmp_path / "shuffled", "sedcrnn_adavanne", "random_labels", write=write_sed)
    (found,) = detect_no_positive(View(run))
    assert found.id == "data_issue" and "F1_overall" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "data_issue"
    healthy = casebook_run(tmp_path / "healthy", "sedcrnn_adavanne", "healthy", write=write_sed)
    assert max(healthy.metrics["F1_overall"].values) > 0.1 and detect_no_positive(View(healthy)) == []


def rare_foreground_segmenter(visible: bool, epochs: int = 20, seed: int = 0) -> Run:
    """A two-layer CNN segmenting a 2 x 2 square (1.6% of a 16 x 16 image) by a BCE, its held-out IoU of the square
    logged each epoch; `visible`: the square drawn into the image, else noise that says nothing of where it is."""
    import torch

    torch.manual_seed(seed)

    def data(n: int) -> tuple[torch.Tensor, torch.Tensor]:
        masks = torch.zeros(n, 1, 16, 16)
        for i, (r, c) in enumerate(torch.randint(0, 14, (n, 2)).tolist()):
            masks[i, :, r : r + 2, c : c + 2] = 1.0
        return torch.randn(n, 1, 16, 16) + (4.0 * masks if visible else 0.0), masks

    (x, y), (xv, yv) = data(256), data(64)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 1, 3, padding=1))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    run = Run(source="train_metrics.csv", format="csv")
    for epoch in range(1, epochs + 1):
        losses = [train_step(net, optimizer, x[i : i + 32], y[i : i + 32], bce) for i in range(0, 256, 32)]
        with torch.no_grad():
            out = net(xv)
        found, square = out > 0, yv > 0
        run.series("train_loss").append(epoch, sum(losses) / len(losses))
        run.series("valid_loss").append(epoch, bce(out, yv).item())
        run.series("valid_iou").append(epoch, (found & square).sum().item() / (found | square).sum().item())
    run.roles = assign_roles(run)
    return run


def test_a_held_out_iou_that_never_left_zero_is_a_mask_the_model_cannot_learn() -> None:
    """Round63's HP-001: a segmenter's `valid_iou` exactly 0.0 at each of 25 epochs as its loss fell 0.31 -> 0.07: it
    marks no pixel of the object (IoU, Dice and Jaccard count found positives as F1 does). Drawn into the image, the
    square is found: its IoU leaves zero, no such finding."""
    from server.core.diagnosis.detectors.quality import detect_no_positive

    blind = rare_foreground_segmenter(visible=False)
    assert set(blind.metrics["valid_iou"].values) == {0.0}
    (found,) = detect_no_positive(View(blind))
    assert found.id == "data_issue" and "valid_iou" in found.evidence[0].detail
    assert diagnose([blind]).root_causes[0].id == "data_issue"
    seen = rare_foreground_segmenter(visible=True)
    assert max(seen.metrics["valid_iou"].values) > 0.1 and detect_no_positive(View(seen)) == []


def test_a_heads_measure_at_zero_is_no_positive_found_while_another_heads_learns() -> None:
    """Round90's LB-006, a YOLOv8 pose run: its boxes learned (`metrics/mAP50(B)` 0.006 -> 0.83) while every keypoint
    measure (`(P)`) stood at exactly 0 for 50 epochs. A two-headed CNN of a real tiny run, one head marking a square
    drawn into the image, the other one no pixel shows, measured per head as Ultralytics tags them: the boxes' rise says
    nothing of the other head, which never found a positive (no finding before round 58: one measure improving
    excused every other)."""
    import torch

    from server.core.diagnosis.detectors.quality import detect_no_positive

    torch.manual_seed(0)

    def squares(n: int) -> torch.Tensor:
        masks = torch.zeros(n, 1, 16, 16)
        for i, (r, c) in enumerate(torch.randint(0, 14, (n, 2)).tolist()):
            masks[i, :, r : r + 2, c : c + 2] = 1.0
        return masks

    def data(n: int) -> tuple[torch.Tensor, torch.Tensor]:
        drawn, unseen = squares(n), squares(n)
        return torch.randn(n, 1, 16, 16) + 4.0 * drawn, torch.cat([drawn, unseen], dim=1)

    (x, y), (xv, yv) = data(256), data(64)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 2, 3, padding=1))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    run = Run(source="results.csv", format="csv")
    for epoch in range(1, 21):
        for i in range(0, 256, 32):
            train_step(net, optimizer, x[i : i + 32], y[i : i + 32], bce)
        with torch.no_grad():
            out = net(xv)
        for head, tag in enumerate("BP"):
            found, square = out[:, head] > 0, yv[:, head] > 0
            run.series(f"val/{tag.lower()}_loss").append(epoch, bce(out[:, head], yv[:, head]).item())
            iou = (found & square).sum().item() / max((found | square).sum().item(), 1)
            run.series(f"metrics/IoU({tag})").append(epoch, iou)
        run.series("train/loss").append(epoch, bce(net(x), y).item())
    run.roles = assign_roles(run)
    assert max(run.metrics["metrics/IoU(B)"].values) > 0.3 and set(run.metrics["metrics/IoU(P)"].values) == {0.0}
    (found,) = detect_no_positive(View(run))
    assert found.id == "data_issue" and "metrics/IoU(P)" in found.evidence[0].detail


def test_a_share_of_pixels_off_by_more_than_three_has_no_chance_level(tmp_path: Path) -> None:
    """PSMNet at a tiny lr (a tiny real run of the family casebook, in its finetune.py's console): its `total 3-px
    error in val` stays near 0.6 while its loss, a smooth L1 of disparities, barely moves at 3.5. The error counts
    pixels off by more than 3, a regression's misses, not answers among K classes: no chance level 1/K, and no loss
    above ln K to read as logits thrown out by a too-high lr."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_psm

    from server.core.diagnosis.detectors.chance import answers_right, worse_than_chance

    run = casebook_run(tmp_path, "psmnet_jiaren", "lr_too_low", seed=1, write=write_psm)
    assert "total_3-px_error_in_val" in run.metrics and answers_right(View(run)) is None
    assert worse_than_chance(View(run)) is None
    assert "lr_too_high" not in {cause.id for cause in diagnose([run]).root_causes}


def usad_run(adversarial: bool, epochs: int = 12, seed: int = 0) -> Run:
    """USAD (Audibert et al. 2020, manigalati/usad) in small: an encoder shared by two sigmoid decoders on windows of a
    sine, `loss1 = ||W - AE1(W)||/n + (1 - 1/n)||W - AE2(AE1(W))||` against `loss2 = ||W - AE2(W)||/n - (1 -
    1/n)||W - AE2(AE1(W))||` at epoch n, each stepped by its own Adam and logged per step; not `adversarial`: each
    decoder only reconstructs (the second term left out of both)."""
    import torch

    torch.manual_seed(seed)
    t = torch.arange(256 + 16, dtype=torch.float32)
    windows = torch.stack([0.5 + 0.4 * torch.sin(t[i : i + 16] / 4) for i in range(256)])
    windows += 0.02 * torch.randn_like(windows)
    held = torch.stack([0.5 + 0.4 * torch.sin((t[:16] + 300 + i) / 4) for i in range(32)])  # windows further on
    layer = torch.nn.Linear

    def decoder() -> torch.nn.Module:
        return torch.nn.Sequential(layer(4, 8), torch.nn.ReLU(), layer(8, 16), torch.nn.Sigmoid())

    encoder, first, second = torch.nn.Sequential(layer(16, 8), torch.nn.ReLU(), layer(8, 4)), decoder(), decoder()
    opt1 = torch.optim.Adam([*encoder.parameters(), *first.parameters()], lr=1e-2)
    opt2 = torch.optim.Adam([*encoder.parameters(), *second.parameters()], lr=1e-2)
    mse = torch.nn.functional.mse_loss
    run, step = Run(source="train.csv", format="csv"), 0
    for n in range(1, epochs + 1):
        share = 1 - 1 / n if adversarial else 0.0
        for batch in windows.split(32):
            step += 1
            for opt, which in ((opt1, 1), (opt2, 2)):
                z = encoder(batch)
                w1, w2 = first(z), second(z)
                w3 = second(encoder(w1))
                loss1 = mse(w1, batch) / n + share * mse(w3, batch) if adversarial else mse(w1, batch)
                loss2 = mse(w2, batch) / n - share * mse(w3, batch) if adversarial else mse(w2, batch)
                opt.zero_grad()
                (loss1 if which == 1 else loss2).backward()
                opt.step()
            run.series("loss1").append(step, loss1.item())
            run.series("loss2").append(step, loss2.item())
        with torch.no_grad():  # USAD's `evaluate`: both losses on held-out windows, printed per epoch
            z = encoder(held)
            w1 = first(z)
            w3 = second(encoder(w1))
            run.series("val_loss1").append(step, (mse(w1, held) / n + share * mse(w3, held)).item())
            run.series("val_loss2").append(step, (mse(second(z), held) / n - share * mse(w3, held)).item())
    run.roles = assign_roles(run)
    return run


def test_two_losses_that_mirror_each_other_across_zero_are_a_game_whatever_their_names() -> None:
    """USAD's healthy run (round 55's family, opened in round 53): its `loss1` climbs as `loss2` falls below zero, by
    design (the adversarial term's weight grows each epoch). Read as two players of a game (`MIRRORED_GAME`), not a
    loss that never fell (`lr_too_high` at 0.93 before); so are its held-out losses where its console prints them
    alone. Two decoders that only reconstruct are no game."""
    from server.core.logs.roles import game_losses

    played = usad_run(adversarial=True)
    loss1, loss2 = played.metrics["loss1"].values, played.metrics["loss2"].values
    assert loss1[-1] > loss1[0] > 0 and loss2[0] > 0 > loss2[-1]
    assert game_losses(played) == {"loss1": "g", "loss2": "d"}
    assert diagnose([played]).verdict == "healthy"
    apart = usad_run(adversarial=False)
    assert game_losses(apart) == {} and min(apart.metrics["loss2"].values) > 0
    printed = Run(source="usad.log", format="text")  # its console: `Epoch [0], val_loss1: ..., val_loss2: ...` alone
    for name in ("val_loss1", "val_loss2"):
        for step, value in zip(played.metrics[name].steps, played.metrics[name].values, strict=True):
            printed.series(name).append(step, value)
    printed.roles = assign_roles(printed)
    assert game_losses(printed) == {"val_loss1": "g", "val_loss2": "d"}
    assert {info.role for info in printed.roles.values()} == {MetricRole.VAL_LOSS}  # held out, played there
    assert diagnose([printed]).verdict == "healthy"
    negated = Run(source="negated.csv", format="csv")  # a loss beside its own negation starts below zero: no game
    for step, value in zip(played.metrics["loss1"].steps, loss1, strict=True):
        negated.series("loss").append(step, value)
        negated.series("neg_loss").append(step, -value)
    assert game_losses(negated) == {}


def test_a_micro_f1_is_the_accuracy_whose_chance_level_tells_labels_apart_from_inputs() -> None:
    """DGL's HAN example logs `Train Micro f1` and `Val Micro f1`: over single-label classes a micro-averaged F1 counts
    each answer once, right or wrong, so it is the accuracy, at 1/K by chance. A small MLP fitting 3 random labels of
    96 points: its training answers near all right, its held-out ones at 1/3: labels apart from the inputs."""
    import torch

    from server.core.diagnosis.detectors.chance import labels_apart
    from server.core.diagnosis.detectors.view import names_an_accuracy

    torch.manual_seed(0)
    x, y = torch.randn(96, 8), torch.randint(0, 3, (96,))
    xv, yv = torch.randn(300, 8), torch.randint(0, 3, (300,))
    net = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    run = Run(source="han.log", format="text")
    for epoch in range(1, 61):
        loss = train_step(net, optimizer, x, y, torch.nn.functional.cross_entropy)
        with torch.no_grad():
            right, held = (net(x).argmax(1) == y).float().mean(), (net(xv).argmax(1) == yv).float().mean()
        for name, value in (("Train Loss", loss), ("Train Micro f1", right.item()), ("Val Micro f1", held.item())):
            run.series(name).append(epoch, value)
    run.roles = assign_roles(run)
    assert names_an_accuracy("Val Micro f1") and not names_an_accuracy("Val Macro f1")
    assert run.metrics["Train Micro f1"].values[-1] > 0.95
    found = labels_apart(View(run))
    assert found is not None and "Val Micro f1" in found.evidence[0].detail and "1/3" in found.evidence[0].detail


def blind_classifier(see: bool, epochs: int = 12, seed: int = 0) -> Run:
    """A linear classifier of 10 balanced classes of Gaussian clusters, its training accuracy logged each epoch; not
    `see`: the inputs zeroed by the data pipeline (a transform that multiplies by 0), so only the biases learn."""
    import torch

    torch.manual_seed(seed)
    centres = 3 * torch.randn(10, 16)
    y = torch.arange(640) % 10
    x = (centres[y] + torch.randn(640, 16)) * (1.0 if see else 0.0)
    net = torch.nn.Linear(16, 10)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    run = Run(source="training_metrics.csv", format="csv")
    for epoch in range(1, epochs + 1):
        losses = [
            train_step(net, optimizer, x[i : i + 64], y[i : i + 64], torch.nn.functional.cross_entropy)
            for i in range(0, 640, 64)
        ]
        with torch.no_grad():
            right = (net(x).argmax(1) == y).float().mean().item()
        run.series("Loss").append(epoch, sum(losses) / len(losses))
        run.series("Accuracy").append(epoch, right)
    run.roles = assign_roles(run)
    return run


def test_an_accuracy_at_one_in_k_from_start_to_end_is_a_model_that_learns_nothing() -> None:
    """Round63's HL-010: a 10-class accuracy at 0.098-0.102 for all ten epochs beside a loss that never fell to half
    its start. Zeroed inputs leave a classifier the class prior alone: its accuracy stays at 1/10, a plateau whatever
    the loss's level. Seen inputs lift it off 1/10: no such finding."""
    from server.core.diagnosis.detectors.chance import guessing_throughout

    blind = blind_classifier(see=False)
    assert all(abs(v - 0.1) < 0.02 for v in blind.metrics["Accuracy"].values)
    found = guessing_throughout(View(blind))
    assert found is not None and found.id == "loss_plateau" and "1/10" in found.evidence[0].detail
    assert diagnose([blind]).root_causes[0].id == "loss_plateau"
    seen = blind_classifier(see=True)
    assert seen.metrics["Accuracy"].values[-1] > 0.5 and guessing_throughout(View(seen)) is None


def test_a_training_summary_that_turned_nan_after_its_batches_last_finite_print_is_the_numerics(tmp_path: Path) -> None:
    """gzerveas/mvts_transformer's console (round 55's TST family, opened in round 53), its loss taking log(0): the
    batches printed every 10 stay finite (`loss: 1.35464`), then `Epoch 6 Training Summary: epoch: 6.000000 | loss:
    nan |`. The summary, a term beside the judged batch loss, turned non-finite: numerical instability, not a healthy
    run. Its `Epoch runtime: 0.0 hours, 0.0 minutes, 1.04 seconds` is one time in seconds, no `hours` nor `minutes`."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_tst

    run = casebook_run(tmp_path, "mvts_gzerveas", "log_of_zero", seed=1, write=write_tst)
    assert np.isfinite(list(run.metrics["loss"].values)).all()
    assert not np.isfinite(run.metrics["epoch_loss"].values[-1])
    assert diagnose([run]).root_causes[0].id == "numerical_instability"
    assert run.units["Epoch_runtime"] == "s" and not {"hours", "minutes"} & set(run.metrics)
    assert run.metrics["Epoch_runtime"].values[0] == 1.04
