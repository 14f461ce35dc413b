"""Overfitting read where the labelled real logs showed it on real tiny runs of the family casebook's recipes: beside a
closing summary of the training loss (Hugging Face's `train_loss`, two points: no curve to compare with); from a
held-out loss logged alone; by a validation loss rising at each of its last evaluations, however little (Prechelt's
UP criterion); and while the training loss, already at zero, can fall no further."""

from __future__ import annotations

from copy import copy
from pathlib import Path

import pytest

from server.core.diagnosis.detectors.trend import detect_trend
from server.core.diagnosis.detectors.validation import (
    detect_overfitting,
    detect_quality_overfitting,
    overfitting_on,
    quality_climbed_on,
    training_counterpart,
)
from server.core.diagnosis.detectors.view import Curve, View, arrays
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.thresholds import (
    HELD_OUT_RISE_CONFIDENCE,
    OVERFIT_GL,
    OVERFIT_QUALITY_FAR,
    OVERFIT_RISE,
    OVERFIT_STALL_CONFIDENCE,
    OVERFIT_UP_STRIPS,
)
from server.core.logs.model import Run
from server.core.logs.reading import read_logs
from server.core.logs.roles import MetricRole, assign_roles
from server.core.workspace import Workspace
from tests.tiny_runs import casebook_run, casebook_seeds, first_shaped, train_step, train_tiny


@pytest.fixture(scope="module")
def overfit(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The mlp memorising a small training set: loss 1.35 -> 0.0, val_loss 1.14 -> 2.19 over 30 evaluations."""
    return casebook_run(tmp_path_factory.mktemp("overfit"), "mlp", "overfitting")


def rebuilt(
    run: Run, keep: dict[str, slice] | None = None, extra: dict[str, list[tuple[float, float]]] | None = None
) -> Run:
    """A copy of `run` with some series cut to a slice and others added, its roles given again."""
    out = Run(source=run.source, format=run.format)
    for name, series in run.metrics.items():
        points = list(zip(series.steps, series.values, strict=True))[(keep or {}).get(name, slice(None))]
        for step, value in points:
            out.series(name).append(step, value)
    for name, points in (extra or {}).items():
        for step, value in points:
            out.series(name).append(step, value)
    out.roles = assign_roles(out)
    return out


def test_a_closing_summary_of_the_training_loss_is_no_curve_to_compare_validation_with(overfit: Run) -> None:
    loss = overfit.metrics["loss"]
    end = float(loss.steps[-1])
    summary = rebuilt(overfit, extra={"train_loss": [(end, sum(loss.values) / len(loss)), (end, loss.values[-1])]})
    assert training_counterpart(View(summary), "val_loss").name == "loss"
    (finding,) = detect_overfitting(View(summary))
    assert finding.id == "overfitting" and "training loss fell" in finding.evidence[0].detail


def test_a_report_of_per_example_losses_printed_at_one_step_is_no_curve_to_compare_validation_with(
    overfit: Run,
) -> None:
    """DeepSpeech's closing report (round53's FO-011): each test example's `loss`, all at the last epoch, as many as
    half the validation's evaluations: values at one step, no training curve."""
    loss = overfit.metrics["loss"]
    evaluations = len(overfit.metrics["val_loss"])
    end = float(loss.steps[-1])
    report = rebuilt(overfit, extra={"train_loss": [(end, v) for v in loss.values[-(evaluations // 2) :]]})
    assert 2 * len(report.metrics["train_loss"]) >= evaluations
    assert training_counterpart(View(report), "val_loss").name == "loss"


def test_a_held_out_loss_logged_alone_that_turns_up_is_overfitting_not_the_learning_rate(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "mlp", "overfitting", drop=("loss",))
    view = View(run)
    assert view.held_out and view.loss is not None and view.loss.name == "val_loss"
    found = detect_trend(view)
    assert [(f.id, f.confidence) for f in found] == [("overfitting", HELD_OUT_RISE_CONFIDENCE)]
    assert "no training loss is logged" in found[0].evidence[0].detail


def test_a_held_out_loss_logged_alone_climbing_back_part_of_its_fall_is_overfitting(tmp_path: Path) -> None:
    """The cnn memorising a small set, its validation loss logged alone: 1.02 -> 0.49 at its third evaluation, then
    climbing evaluation by evaluation to 0.86 (round45's EI-011: a validation MSE 0.93 -> 1.33): short of giving back
    its fall, which a training loss must to be a learning rate's, yet overfitting as early stopping reads it."""
    run = casebook_run(tmp_path, "cnn", "overfitting", drop=("loss",))
    val = run.metrics["val_loss"].values
    low = min(val)
    assert val[-1] - low < 0.8 * (val[0] - low) and val[-1] > (1 + OVERFIT_RISE) * low
    found = detect_trend(View(run))
    assert [(f.id, f.confidence) for f in found] == [("overfitting", HELD_OUT_RISE_CONFIDENCE)]


def test_a_held_out_loss_rising_with_its_accuracy_collapsed_stays_the_learning_rate(overfit: Run) -> None:
    acc = overfit.metrics["val_acc"]
    collapsed = [(step, 0.05) for step in acc.steps[-5:]]  # the model broken at the end, not overfitted
    run = rebuilt(overfit, keep={"loss": slice(0), "val_acc": slice(0, len(acc) - 5)}, extra={"val_acc": collapsed})
    assert View(run).held_out
    assert {f.id for f in detect_trend(View(run))} == {"lr_too_high"}


def test_a_validation_loss_rising_at_each_of_its_last_evaluations_is_overfitting_however_little(overfit: Run) -> None:
    window = slice(19, 19 + OVERFIT_UP_STRIPS + 2)  # a log resumed late: val_loss 2.064 -> 2.133, +3% (under GL5)
    run = rebuilt(overfit, keep={"val_loss": window, "val_acc": window})
    values = list(run.metrics["val_loss"].values)
    assert values == sorted(values) and values[-1] / values[0] - 1 < OVERFIT_GL
    (finding,) = detect_overfitting(View(run))
    assert finding.id == "overfitting"
    steps = list(run.metrics["val_loss"].steps)
    shuffled = rebuilt(
        run,
        keep={"val_loss": slice(0)},
        extra={"val_loss": list(zip(steps, [*values[:-2], values[-1], values[-2]], strict=True))},
    )
    rose = [f for f in detect_overfitting(View(shuffled)) if "rose to" in f.evidence[0].detail]
    assert rose == []  # the same values, one fall among the last: no rise but noise (never bettering its first
    # value as the training loss fell is another sign: `never_improved`)


def test_a_validation_loss_turning_up_while_the_printed_training_loss_stays_at_zero_is_overfitting(
    overfit: Run,
) -> None:
    loss = overfit.metrics["loss"]
    printed = [(step, round(value, 3)) for step, value in zip(loss.steps, loss.values, strict=True)]  # `loss: 0.000`
    late = slice(10, None)  # val_loss 1.87 -> 2.19 while the printed loss reads 0.000 throughout
    run = rebuilt(overfit, keep={"loss": slice(0), "val_loss": late, "val_acc": late}, extra={"loss": printed})
    (finding,) = detect_overfitting(View(run))
    assert finding.id == "overfitting" and finding.evidence[0].detail.endswith("while training loss stayed at 0")


def test_a_held_out_accuracy_standing_still_far_from_perfect_as_the_loss_falls_on_is_overfitting(
    tmp_path: Path,
) -> None:
    """The mlp memorising its small training set, logged with no validation loss: its validation accuracy stands at
    0.59-0.60 from step 40 to the end of 30 evaluations while the training loss falls from 0.09 to 0. Near perfect the
    same standstill is convergence; beside a training loss that stopped falling it is a plateau, not a gap opening."""
    run = casebook_run(tmp_path, "mlp", "overfitting", drop=("val_loss",))
    (finding,) = detect_quality_overfitting(View(run))
    assert (finding.id, finding.confidence) == ("overfitting", OVERFIT_STALL_CONFIDENCE)
    assert finding.evidence[0].detail.startswith("val_acc reached 0.59") and "stood there" in finding.evidence[0].detail
    accuracy = run.metrics["val_acc"]
    higher = [(s, v + 0.3) for s, v in zip(accuracy.steps, accuracy.values, strict=True)]  # standing at 0.89-0.90
    assert min(v for _, v in higher[-3:]) >= OVERFIT_QUALITY_FAR
    assert not detect_quality_overfitting(View(rebuilt(run, keep={"val_acc": slice(0)}, extra={"val_acc": higher})))
    loss = run.metrics["loss"]
    stopped = [(s, max(v, 0.09)) for s, v in zip(loss.steps, loss.values, strict=True)]  # no lower than at step 40
    assert not detect_quality_overfitting(View(rebuilt(run, keep={"loss": slice(0)}, extra={"loss": stopped})))


def two_headed_run(epochs: int = 40, seed: int = 0, quality: bool = False) -> Run:
    """A shared trunk with a box head (a regression the inputs determine) and a class head (labels drawn at random,
    as a detector's labels of too few images are noise to it), logged per epoch as Ultralytics names the terms: the
    box term generalises, the class term is memorised, and its validation loss turns up. With `quality`, the boxes'
    held-out R^2 too (`val/box_r2`: how good the answers are, as a detector's mAP)."""
    import torch

    torch.manual_seed(seed)
    x, xv = torch.randn(64, 8), torch.randn(256, 8)
    weights = torch.randn(8, 4)
    box, box_val = x @ weights, xv @ weights
    cls, cls_val = torch.randint(0, 4, (64,)), torch.randint(0, 4, (256,))
    trunk = torch.nn.Sequential(torch.nn.Linear(8, 128), torch.nn.ReLU())
    heads = torch.nn.Linear(128, 4), torch.nn.Linear(128, 4)
    params = [*trunk.parameters(), *heads[0].parameters(), *heads[1].parameters()]
    optimizer = torch.optim.Adam(params, lr=3e-3)
    run = Run(source="results.csv", format="csv")

    def losses(inputs, boxes, classes):
        hidden = trunk(inputs)
        mse = torch.nn.functional.mse_loss(heads[0](hidden), boxes)
        return mse, torch.nn.functional.cross_entropy(heads[1](hidden), classes)

    for epoch in range(1, epochs + 1):
        box_loss, cls_loss = losses(x, box, cls)
        optimizer.zero_grad()
        (box_loss + cls_loss).backward()
        optimizer.step()
        with torch.no_grad():
            val_box, val_cls = losses(xv, box_val, cls_val)
        for name, value in (("train/box_loss", box_loss), ("train/cls_loss", cls_loss)):
            run.series(name).append(epoch, value.item())
        for name, value in (("val/box_loss", val_box), ("val/cls_loss", val_cls)):
            run.series(name).append(epoch, value.item())
        if quality:
            run.series("val/box_r2").append(epoch, 1 - val_box.item() / box_val.var().item())
    return run


def test_a_held_out_loss_term_that_turns_up_is_overfitting_while_the_judged_one_holds() -> None:
    """Round33's CV-006 (an Ultralytics run): `val/cls_loss` bottoms and climbs back while its training term falls
    on; `val/box_loss`, the held-out loss judged first, keeps improving. The term that overfits is found; a run logging
    only the box terms shows none."""
    run = two_headed_run()
    view = View(run)
    assert view.val is not None and view.val.name == "val/box_loss"
    assert not overfitting_on(view)  # the judged term alone: no overfitting
    found = detect_overfitting(view)
    assert [f.id for f in found] == ["overfitting"] and "val/cls_loss" in found[0].evidence[0].detail
    boxes = Run(source="results.csv", format="csv")
    for name in ("train/box_loss", "val/box_loss"):
        boxes.metrics[name] = run.metrics[name]
    assert not detect_overfitting(View(boxes))


def test_a_held_out_loss_term_turning_up_while_the_answers_improve_on_is_no_overfitting() -> None:
    """Round72's IY-011 (YOLOv5's `results.txt`): `val/obj_loss` rose 48% after epoch 14 while mAP@.5:.95 climbed on
    to 0.90 at the last epoch, a run its labeller called healthy. Held-out answers that got better at evaluation after
    evaluation since the term's minimum (`quality_climbed_on`) are no overfitting, whatever that term does; the same
    term with no such measure beside it overfits (the test above)."""
    run = two_headed_run(quality=True)
    view = View(run)
    cls = Curve("val/cls_loss", *arrays(run.metrics["val/cls_loss"]))
    assert overfitting_on(_with_val(view, cls))  # the term turned up...
    assert quality_climbed_on(view, cls)  # ...while the boxes' R^2 climbed on
    assert detect_overfitting(view) == []


def _with_val(view: View, curve: Curve) -> View:
    judged = copy(view)
    judged.val = curve
    return judged


def noisy_labels_run(epochs: int = 600, seed: int = 0) -> Run:
    """A small MLP regressing targets whose training copies carry noise 30x the signal's scale and whose validation
    copies are clean (labels cleaned for evaluation only): its training MSE stays near the noise's 900 while the
    validation MSE bottoms near 13, then climbs as the model fits the noise."""
    import torch

    torch.manual_seed(seed)
    x, xv = torch.randn(256, 16), torch.randn(512, 16)
    weights = torch.randn(16, 1)
    y, yv = x @ weights + 30.0 * torch.randn(256, 1), xv @ weights
    net = torch.nn.Sequential(torch.nn.Linear(16, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    run = Run(source="train_val_loss.csv", format="csv")
    for epoch in range(epochs):
        loss = torch.nn.functional.mse_loss(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(net(xv), yv)
        run.series("train_loss").append(epoch, loss.item())
        run.series("val_loss").append(epoch, val.item())
    return run


def test_a_held_out_loss_far_under_the_training_one_that_climbs_rank_by_rank_is_overfitting() -> None:
    """Round65's HY-011: a validation MSE of 49 climbing to 72 rank by rank while the training MSE of 217 fell on; in
    the training loss's unit the gap grew 0.07, under OVERFIT_GAP, so it read healthy. Where the held-out loss sits
    under the training one, the growth of their ratio is the gap's growth."""
    run = noisy_labels_run()
    val, train = run.metrics["val_loss"].values, run.metrics["train_loss"].values
    assert max(val) < min(train) and val[-1] > 2 * min(val)
    (finding,) = overfitting_on(View(run))
    assert finding.id == "overfitting" and "val_loss bottomed at" in finding.evidence[0].detail


def test_a_held_out_loss_copied_per_decoder_layer_is_judged_once() -> None:
    """DETR logs each loss again per auxiliary decoder layer and unweighted (`test_loss_giou_0`...`_4`,
    `test_loss_giou_unscaled`): with 36 held-out losses, one rose 13% by noise while the total held (round61's
    HC-001). A copy's turn is no finding of its own; the same curves under a term's own name are (the test above)."""
    run = two_headed_run()
    copies = Run(source="log.txt", format="jsonl")
    renamed = {"train/box_loss": "train_loss_giou", "val/box_loss": "test_loss_giou"}
    renamed |= {"train/cls_loss": "train_loss_giou_0", "val/cls_loss": "test_loss_giou_0"}
    for name, new in renamed.items():
        copies.metrics[new] = run.metrics[name]
    view = View(copies)
    assert view.val is not None and view.val.name == "test_loss_giou"
    assert detect_overfitting(view) == []
    for suffix in ("_enc", "_interm", "_dn"):  # Deformable DETR's encoder proposals, DINO's intermediate and
        proposals = Run(source="log.txt", format="jsonl")  # denoising queries: the same loss again (round64's HR-009)
        for name, series in copies.metrics.items():
            proposals.metrics[name.replace("_0", suffix)] = series
        assert detect_overfitting(View(proposals)) == []


def test_a_validation_loss_that_never_bettered_its_first_value_as_training_fell_is_overfitting(tmp_path: Path) -> None:
    """TransE on random triples: the training loss falls as it memorises them, the held-out loss never gets below its
    first evaluation by Prechelt's GL (a stall needs an improvement first; a rise needs a minimum after the start)."""
    run = casebook_run(tmp_path, "transe", "random_labels")
    view = View(run)
    assert view.val is not None and float(view.val.values.min()) >= (1 - OVERFIT_GL) * float(view.val.values[0])
    (finding,) = detect_overfitting(view)
    assert (finding.id, finding.confidence) == ("overfitting", OVERFIT_STALL_CONFIDENCE)
    assert "never improved on its first value" in finding.evidence[0].detail


def test_a_negative_validation_loss_that_turns_up_is_overfitting_too(tmp_path: Path) -> None:
    """A speech enhancer trained on a tiny set to maximise SI-SNR (its loss, the negative SI-SNR, runs below 0): the
    training loss falls from -3 to -14 while the validation loss turns up from its best near -4 towards -2. Rises and
    gaps are shares of the loss's size, so a negative loss rises as a positive one does."""
    run = casebook_run(tmp_path, "speech_enhance", "overfitting")
    view = View(run)
    assert view.val is not None and float(view.val.values.max()) < 0
    (finding,) = detect_overfitting(view)
    assert finding.id == "overfitting" and "rose to" in finding.evidence[0].detail


def test_a_held_out_quality_named_without_a_split_is_found_by_its_evaluation_cadence(tmp_path: Path) -> None:
    """A DnCNN denoiser on a tiny set, its validation PSNR logged under a bare name at each evaluation beside the
    per-step training PSNR (as mmseg logs `mIoU`): printed twenty times less often than the loss, it is the held-out
    measure, and it stood still while the training loss fell on: overfitting, as under its `val_` name."""
    from server.core.logs.reading import give_roles

    named = casebook_run(tmp_path, "dncnn", "overfitting", seed=1)
    del named.metrics["val_G_loss"]  # no validation loss: the quality measure is what is judged
    give_roles([named], None)
    (expected,) = detect_quality_overfitting(View(named))
    bare = casebook_run(tmp_path, "dncnn", "overfitting", seed=1)
    del bare.metrics["val_G_loss"]
    bare.metrics["PSNR"] = bare.metrics.pop("val_psnr")
    give_roles([bare], None)
    held = View(bare).held_out_quality()
    assert held is not None and held.name == "PSNR" and bare.roles["PSNR"].split is None
    (found,) = detect_quality_overfitting(View(bare))
    assert found.id == expected.id == "overfitting"
    assert found.evidence[0].detail.replace("PSNR", "val_psnr") == expected.evidence[0].detail


def test_a_validation_loss_that_left_its_best_by_gl_and_never_came_back_is_overfitting_however_noisy() -> None:
    """An MLP fitting 48 examples with noisy labels, its validation loss measured on a new draw of 16 held-out examples
    each time: the draws make it too noisy for a rise beyond noise, yet every point of its last third stands at least
    Prechelt's GL above its best as its training loss falls on (round46's EO-009: 0.53 -> 0.59-0.61 over its last
    three epochs as training fell 0.47 -> 0.25)."""
    from tests.test_run_shape_rules import noisy_label_fit

    run = noisy_label_fit(steps=1500, seed=1, drawn=16)
    run.roles = assign_roles(run)
    val = list(run.metrics["val_loss"].values)
    best = min(val)
    last_third = val[-(len(val) // 3) :]
    assert min(last_third) >= (1 + OVERFIT_GL) * best and val.index(best) < len(val) - len(last_third)
    (finding,) = overfitting_on(View(run))
    assert finding.id == "overfitting" and "bottomed at" in finding.evidence[0].detail


def wide_sine_fit(seed: int = 10, lr: float = 0.05, epochs: int = 20) -> Run:
    """An MLP fitting sin(3x) on 64 noisy points of [-1, 1] by Adam in batches of 8, its validation MSE measured each
    epoch on 64 points of [-1.2, 1.2]: what it makes of the edges it never saw wanders once the fit is done."""
    import torch

    torch.manual_seed(seed)
    x = torch.rand(64, 1) * 2 - 1
    y = torch.sin(3 * x) + 0.05 * torch.randn(64, 1)
    xv = torch.rand(64, 1) * 2.4 - 1.2
    yv = torch.sin(3 * xv) + 0.05 * torch.randn(64, 1)
    net = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh())
    net.append(torch.nn.Linear(64, 1))
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    run = Run(source="training_log.csv", format="csv")
    for epoch in range(epochs):
        losses = [train_step(net, optimizer, x[i : i + 8], y[i : i + 8]) for i in range(0, 64, 8)]
        run.series("loss").append(epoch, sum(losses) / len(losses))
        with torch.no_grad():
            run.series("val_loss").append(epoch, torch.nn.functional.mse_loss(net(xv), yv).item())
    run.roles = assign_roles(run)
    return run


def test_a_validation_loss_whose_last_third_stood_far_above_its_best_is_overfitting_beside_a_held_training_loss() -> (
    None
):
    """Round75's JL-001: a validation loss at 0.0028 at epoch 6, then 0.006 -> 0.014 and its last five 0.0098-0.0114,
    too noisy for a rise beyond noise, beside a training loss held at 0.0028 (not falling on by 30%). A last third
    never back within OVERFIT_RISE of the best is overfitting without the training loss falling further."""
    run = wide_sine_fit()
    val, train = list(run.metrics["val_loss"].values), list(run.metrics["loss"].values)
    best = min(val)
    last_third = val[-(len(val) // 3) :]
    assert min(last_third) >= (1 + OVERFIT_RISE) * best and val.index(best) < len(val) - len(last_third)
    assert train[-1] > 0.7 * train[val.index(best)]  # the training loss held: no 30% fall after the best
    (finding,) = overfitting_on(View(run))
    assert finding.id == "overfitting" and "bottomed at" in finding.evidence[0].detail


def per_epoch(run: Run, epochs: int) -> Run:
    """`run`'s first `epochs` evaluations as a Keras history writes them: each epoch's mean training loss beside the
    validation loss taken at its end."""
    loss, val = run.metrics["loss"], run.metrics["val_loss"]
    out = Run(source=run.source, format=run.format)
    for epoch, (end, held) in enumerate(list(zip(val.steps, val.values, strict=True))[:epochs]):
        batches = [v for s, v in zip(loss.steps, loss.values, strict=True) if end - val.steps[0] < s <= end]
        out.series("loss").append(epoch, sum(batches) / len(batches))
        out.series("val_loss").append(epoch, held)
    out.roles = assign_roles(out)
    return out


@pytest.mark.parametrize("epochs", [3, 4])
def test_a_validation_loss_past_gl_of_its_best_in_a_run_of_three_or_four_epochs_is_overfitting(
    overfit: Run, epochs: int
) -> None:
    short = per_epoch(overfit, epochs)
    val, loss = short.metrics["val_loss"].values, short.metrics["loss"].values
    assert val[-1] >= (1 + OVERFIT_GL) * min(val) and all(b < a for a, b in zip(loss, loss[1:], strict=False))
    (finding,) = detect_overfitting(View(short))
    assert finding.id == "overfitting" and finding.confidence == OVERFIT_STALL_CONFIDENCE
    assert f"({epochs} evaluations)" in finding.evidence[0].detail


def test_too_few_evaluations_or_a_training_loss_that_did_not_fall_at_every_one_is_no_overfitting(overfit: Run) -> None:
    assert detect_overfitting(View(per_epoch(overfit, 2))) == []  # two points: no minimum before the last
    short = per_epoch(overfit, 4)
    loss = short.metrics["loss"]
    loss.values[-1] = loss.values[-2] * 1.01  # training up again at the end: not fitting on while validation rose
    assert detect_overfitting(View(short)) == []


def test_a_validation_loss_at_its_lowest_at_its_last_evaluation_rose_nowhere() -> None:
    """Minibatch SGD whose learning rate drops tenfold at step 286 of 300: the validation loss, evaluated at every step,
    falls to its lowest over the last evaluations, and the training loss's last step is drawn again at the end (as
    Lightning's bar redraws it with the closing evaluation's values; round61's GX-012). A bottom at the very end is
    no turn: the last evaluations' median stands above the lowest one only because it reaches back before it."""
    import torch

    torch.manual_seed(0)
    x, xv, weights = torch.randn(256, 8), torch.randn(256, 8), torch.randn(8, 1)
    y, yv = x @ weights + 0.1 * torch.randn(256, 1), xv @ weights + 0.1 * torch.randn(256, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    run = Run(source="bar.log", format="text")
    for step in range(1, 301):
        if step == 286:
            optimizer.param_groups[0]["lr"] = 0.01
        rows = slice((step * 8) % 256, (step * 8) % 256 + 8)
        loss = train_step(model, optimizer, x[rows], y[rows])
        run.series("loss").append(step, loss)
        with torch.no_grad():
            run.series("val_loss").append(step, torch.nn.functional.mse_loss(model(xv), yv).item())
    for _ in range(3):
        run.series("loss").append(300, loss)
    val = run.metrics["val_loss"].values
    assert min(val[-15:]) < min(val[:-15])  # lowest in the last block of evaluations
    assert overfitting_on(View(run)) == []


def test_a_step_counter_restarting_under_a_closing_epoch_line_is_read_on_one_axis(tmp_path: Path) -> None:
    """Recommenders' xDeepFM prints `step 10 , total_loss: ...` counting again from each epoch's start and closes the
    epoch with `at epoch 1` (the family casebook's, memorising its clicks): the counter goes on one global axis, so its
    validation logloss 1.47 -> 2.55 is seen to turn up while the training loss falls (answered healthy before round
    39, every point at steps 10 and 20)."""
    run = casebook_run(tmp_path, "xdeepfm_recommenders", "overfitting", fmt="text_pipe")
    steps = list(run.metrics["total_loss"].steps)
    assert steps == sorted(steps) and len(set(steps)) == len(steps) > 40
    assert diagnose([run]).root_causes[0].id == "overfitting"


def test_a_held_out_loss_thrown_a_thousandfold_is_no_overfitting(tmp_path: Path) -> None:
    """SpeechBrain's ECAPA at lr 0.9 (the family casebook's): its validation loss goes 33 -> 3.6e15 while its validation
    error stands at 0.75 on a 4-way task: a model that never learned has nothing to overfit, and a rise past
    OVERFIT_BLOWUP is no overfitting's; at a learning rate far above any recipe's, the lr. With dead ReLUs and a normal
    lr, the held-out loss thrown to 1e13 beside a training loss at ln 4 is no overfitting either."""
    from server.core.diagnosis.thresholds import OVERFIT_BLOWUP

    def rose_past_blowup(run: Run) -> bool:  # from its least, the held-out loss rose past OVERFIT_BLOWUP times it
        val = list(run.metrics["valid_loss"].values)
        return val.index(max(val)) > val.index(min(val)) and max(val) > OVERFIT_BLOWUP * min(val)

    made = casebook_seeds(tmp_path, "ecapa_speechbrain", "lr_too_high", fmt="text_pipe")
    run = first_shaped(made, rose_past_blowup)  # seed 0 on the machines of rounds 40-54, 9 on an AMD EPYC
    causes = diagnose([run]).root_causes
    assert causes[0].id == "lr_too_high" and "overfitting" not in [cause.id for cause in causes]
    assert any("never learned what it could overfit" in e.detail for e in causes[0].evidence)
    (tmp_path / "dead").mkdir()
    dead = casebook_run(tmp_path / "dead", "ecapa_speechbrain", "dead_relu", fmt="csv")
    assert overfitting_on(View(dead)) == []


def _casebook_writer(name: str):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import make_family_casebook

    return getattr(make_family_casebook, name)


def test_a_held_out_loss_far_above_ln_k_beside_a_fitted_training_loss_is_overfitting(tmp_path: Path) -> None:
    """The family casebook's RevNet memorising a small training set (Orbit's lines): its training loss falls to
    ~0.001 while its validation loss ends over twice ln 4 and its held-out accuracy stays well above 1/4: sure of its
    training answers, worse than a uniform guess on new inputs. A healthy run of it ends far under ln 4 on both."""
    import math

    from server.core.diagnosis.classes import classes_of_run
    from server.core.diagnosis.detectors.chance import overconfident_held_out
    from server.core.diagnosis.thresholds import CHANCE_EXCEEDED
    from tests.tiny_runs import casebook_run

    write = _casebook_writer("write_orbit")
    (tmp_path / "over").mkdir()
    (tmp_path / "healthy").mkdir()
    run = casebook_run(tmp_path / "over", "revnet_tfm", "overfitting", write=write)
    found = overconfident_held_out(View(run, classes_of_run(run)))
    assert found is not None and found.id == "overfitting"
    assert min(run.metrics["validation_loss"].values[-3:]) > CHANCE_EXCEEDED * math.log(4)
    assert diagnose([run]).root_causes[0].id == "overfitting"
    healthy = casebook_run(tmp_path / "healthy", "revnet_tfm", "healthy", write=write)
    assert overconfident_held_out(View(healthy, classes_of_run(healthy))) is None


def test_with_no_loss_a_training_accuracy_at_one_far_above_a_stalled_held_out_one_is_overfitting(
    tmp_path: Path,
) -> None:
    """jax/examples' MLP prints accuracies and no loss (`Training set accuracy 1.0`, `Test set accuracy 0.52`): a
    training set learned by heart while the held-out accuracy stalled far under it is overfitting; a healthy run's
    accuracies end a few points apart and it is judged healthy on them."""
    from server.core.diagnosis.detectors.validation import answers_fitted_apart
    from server.core.diagnosis.thresholds import ANSWERS_FITTED, OVERFIT_QUALITY_GAP
    from tests.tiny_runs import casebook_run

    write = _casebook_writer("write_stax")
    (tmp_path / "over").mkdir()
    (tmp_path / "healthy").mkdir()
    run = casebook_run(tmp_path / "over", "jax_stax_mlp", "overfitting", seed=1, write=write)
    assert View(run).loss is None
    trained, held = run.metrics["Training_set_accuracy"].values, run.metrics["Test_set_accuracy"].values
    assert trained[-1] >= ANSWERS_FITTED and trained[-1] - held[-1] >= OVERFIT_QUALITY_GAP
    top = diagnose([run]).root_causes[0]
    assert top.id == "overfitting" and "learned by heart" in top.evidence[0].detail
    healthy = casebook_run(tmp_path / "healthy", "jax_stax_mlp", "healthy", write=write)
    view = View(healthy)
    assert answers_fitted_apart(view, view.held_out_quality()) == [] and diagnose([healthy]).verdict == "healthy"


def test_training_answers_far_above_held_out_ones_beside_a_validation_loss_that_stopped_improving_are_overfitting(
    tmp_path: Path,
) -> None:
    """The HAR LSTM on a tiny training set (a real run of the family casebook): its training answers end far above its
    validation ones, which stood, while its validation loss left its best: overfitting, read off the answers too. The
    same answers beside a validation loss cut at its best (still improving at its end) are no such sign (round55's
    EH-003: Kipf's GCN on Cora, 0.97 of its training nodes right against 0.78, its validation loss lowest at the
    end)."""
    import numpy as np

    from server.core.diagnosis.detectors.validation import detect_quality_overfitting, left_its_best
    from server.core.diagnosis.thresholds import ANSWERS_FITTED, OVERFIT_QUALITY_GAP

    run = casebook_run(tmp_path, "har_lstm_tf", "overfitting")
    trained, held = run.metrics["acc"].values, run.metrics["val_acc"].values
    assert np.median(trained[-3:]) >= ANSWERS_FITTED and np.median(trained[-3:]) - held[-1] >= OVERFIT_QUALITY_GAP
    assert left_its_best(np.asarray(run.metrics["val_loss"].values))
    (found,) = detect_quality_overfitting(View(run))
    assert found.id == "overfitting" and "learned by heart" in found.evidence[0].detail
    best = int(np.argmin(run.metrics["val_loss"].values))
    still_improving = rebuilt(run, keep={"val_loss": slice(0, best + 1)})
    assert not left_its_best(np.asarray(still_improving.metrics["val_loss"].values))
    assert detect_quality_overfitting(View(still_improving)) == []


def test_a_validation_loss_rising_while_a_blown_up_training_loss_falls_back_is_no_overfitting(tmp_path: Path) -> None:
    """CRNN at an SGD lr of 16.7: its training loss 8 -> 10,600 -> 7,000, its validation loss 2,000 -> 11,000 as the
    training one falls back from its peak. A training loss ending above its start learned nothing to overfit (round 49's
    run answered overfitting at 0.94): the learning rate's."""
    run = casebook_run(tmp_path, "crnn_meijieru", "lr_too_high_sgd", fmt="csv")
    loss = View(run).loss.values
    assert loss[-1] > 100 * loss[0]
    assert overfitting_on(View(run)) == []
    assert diagnose([run]).root_causes[0].id == "lr_too_high"


def test_a_validation_loss_within_its_own_swings_of_its_minimum_is_no_overfitting(tmp_path: Path) -> None:
    """PyramidNet's healthy run: its validation loss swings 0.55-1.64 between evaluations (batch norms on 32-image
    batches) and ends at 0.99, 66% over its smoothed minimum but within three of its own point-to-point swings: no
    overfitting (answered at 0.88 until round 47, the 15% rise needing no noise estimate); its accuracy ends at 0.71."""
    import numpy as np

    from server.core.diagnosis.detectors.stats import step_noise

    run = casebook_run(tmp_path, "pyramidnet_dyhan", "healthy", seed=2)
    val = np.asarray(run.metrics["val_loss"].values)
    assert float(np.median(val[-3:])) > (1 + OVERFIT_RISE) * float(val.min())
    assert float(np.median(val[-3:])) - float(val.min()) < 3 * step_noise(np.diff(val))
    assert overfitting_on(View(run)) == []
    assert diagnose([run]).verdict == "healthy"


def test_a_validation_loss_swinging_far_about_a_level_is_no_loss_that_stayed_up(tmp_path: Path) -> None:
    """Round 55's CutMix (opened in round 53), healthy and trained long: its validation loss swings 0.51-1.43 from one
    evaluation to the next (batch norms, pasted boxes), so its last third's least, 0.61, stands above its smoothed
    minimum of 0.57 by noise alone. Standing there says overfitting only when the loss rose since (its tau) or the
    third's median stands beyond the noise of a median of that many."""

    def swung_never_back(run: Run) -> bool:  # swinging over 2x, its last third never back near its best
        val = list(run.metrics["val_loss"].values)
        return max(val) > 2 * min(val) and min(val[-(len(val) // 3) :]) >= (1 + OVERFIT_GL) * min(val)

    run = first_shaped(
        casebook_seeds(tmp_path, "cutmix_clovaai", "healthy_long_converged"), swung_never_back
    )  # seed 0 on the machines of rounds 53-54
    assert overfitting_on(View(run)) == []


def test_a_loss_printed_as_its_epochs_running_mean_falls_in_stairs_of_the_printing_not_memorised(
    tmp_path: Path,
) -> None:
    """Round 56's WaveRNN (opened after round 53's look) prints `| Epoch: 3/16 (5/20) | Loss: 2.6388 |`, the mean of
    the epoch's batches so far: it lags above the batches' loss as that falls and drops to it at each reset, 61% of
    its fall at the boundaries in a healthy run. Its changes shrink through each epoch as a mean's do
    (`running_mean`): stairs of the printing, not of examples met again."""
    import sys

    import numpy as np

    from server.core.diagnosis.detectors.validation import detect_epoch_stairs, running_mean
    from server.core.diagnosis.detectors.view import arrays

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_wavernn

    run = casebook_run(tmp_path, "wavernn_fatchord", "healthy_easy", seed=1, write=write_wavernn)
    view = View(run)
    assert view.epochs is not None
    loss = arrays(run.metrics["Loss"])[1]
    edges = np.arange(0, loss.size + 1, 20)  # 20 batches an epoch
    assert running_mean(loss, edges)
    batches = np.asarray(train_tiny(lr=0.05, steps=loss.size).metrics["loss"].values)  # a loss printed per batch
    assert not running_mean(batches, edges)
    assert detect_epoch_stairs(view) == []


def test_a_test_accuracy_that_stood_beside_a_training_accuracy_that_stood_with_it_is_convergence(
    tmp_path: Path,
) -> None:
    """The soft decision tree's long converged run (round 61's family, its own console): its test accuracy reached
    its level a fifth of the way in and stood there while its loss fell on, but its batches' share right stood within
    a few points of it: both converged together, no training set learned apart (`kept_pace`): healthy, where the
    stall rule alone says overfitting at 0.73."""
    run = casebook_run(tmp_path, "sdt_xuyxu", "healthy_long_converged", seed=0, fmt="text_pipe")
    assert 30 < run.metrics["Testing_Accuracy"].values[-1] <= 100  # the share printed, not the count of `tensor(N.)`
    assert diagnose([run]).verdict == "healthy"


def _memorising_console(seed: int) -> str:
    """`print(f"epoch = {epoch:4d}   accuracy = {test_accuracy:.2f} %   loss = {train_loss:.4f}")` (round90's LB-020's
    card recommender) over a real tiny run that learns its small noisy training set by heart: 48 rows of the four-way
    task, a third of their labels flipped, an MLP of 256 units, Adam at 0.01 for 300 epochs; the accuracy is on 256
    clean rows held out."""
    import torch

    from tests.tiny_runs import four_way_linear

    x, y, _ = four_way_linear(304, seed=seed)
    noisy = y.clone()
    noisy[:16] = (noisy[:16] + 1) % 4
    model = torch.nn.Sequential(torch.nn.Linear(8, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    lines = []
    for epoch in range(300):
        loss = train_step(model, optimizer, x[:48], noisy[:48], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            accuracy = 100.0 * (model(x[48:]).argmax(1) == y[48:]).float().mean().item()
        lines.append(f"epoch = {epoch:4d}   accuracy = {accuracy:.2f} %   loss = {loss:.4f}")
    return "\n".join(lines) + "\n"


def test_an_accuracy_on_the_loss_lines_that_falls_as_the_loss_falls_is_a_held_out_one(tmp_path: Path) -> None:
    """An accuracy naming no split, printed on each line beside the training loss, peaks early and slides down while
    that loss falls on: answers on the training data would get better as their loss falls, so these are held-out
    answers, and the model overfits (`answers_against_their_loss`; healthy until round 58)."""

    def slid(console: str) -> bool:
        accuracy = [float(line.split()[5]) for line in console.splitlines()]
        return max(accuracy[:100]) - sum(accuracy[-20:]) / 20 > 8  # eight points under its early best

    (tmp_path / "bigboy_training.txt").write_text(first_shaped(_memorising_console, slid))
    run = read_logs(Workspace.of([tmp_path]), ["bigboy_training.txt"]).runs[0]
    assert run.role_map()["accuracy"].split is None
    assert diagnose([run]).root_causes[0].id == "overfitting"


def test_a_final_test_far_under_training_answers_learned_by_heart_is_overfitting(tmp_path: Path) -> None:
    """AttentionDeepMIL's prints (`Epoch: 1, Loss: 0.6938, Train error: 0.4938`, then once `Test Set, Loss: 2.6490,
    Test error: 0.4766`; round 61's family) over a real tiny run of an MLP on 64 rows whose binary labels are random:
    every training row right at the end, a coin's share of the test rows. One test at the end is enough to see the
    training set learned by heart (`detect_final_answers_apart`; healthy until round 58)."""
    import torch

    from server.core.diagnosis.detectors.validation import detect_final_answers_apart

    torch.manual_seed(0)
    x, y = torch.randn(320, 8), torch.randint(0, 2, (320,))
    model = torch.nn.Sequential(torch.nn.Linear(8, 256), torch.nn.ReLU(), torch.nn.Linear(256, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    lines = ["Start Training"]
    for epoch in range(1, 201):
        loss = train_step(model, optimizer, x[:64], y[:64], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            error = (model(x[:64]).argmax(1) != y[:64]).float().mean().item()
        lines.append(f"Epoch: {epoch}, Loss: {loss:.4f}, Train error: {error:.4f}")
    with torch.no_grad():
        test_loss = torch.nn.functional.cross_entropy(model(x[64:]), y[64:]).item()
        test_error = (model(x[64:]).argmax(1) != y[64:]).float().mean().item()
    lines += ["Start Testing", f"Test Set, Loss: {test_loss:.4f}, Test error: {test_error:.4f}"]
    (tmp_path / "attmil.log").write_text("\n".join(lines) + "\n")
    run = read_logs(Workspace.of([tmp_path]), ["attmil.log"]).runs[0]
    assert run.metrics["Train_error"].values[-1] == 0.0 and 0.35 < test_error < 0.65
    (found,) = detect_final_answers_apart(View(run))
    assert found.id == "overfitting" and diagnose([run]).root_causes[0].id == "overfitting"


def test_a_headerless_columns_loss_that_starts_with_the_training_loss_is_its_validation_loss(tmp_path: Path) -> None:
    """Round91's LD-002, a small GPT's `loss_history.json`: a list of `[step, train_loss, val_loss]` with no names. A
    real tiny run (an MLP fitting 128 noisy rows, evaluated on others) saved the same way: the third column starts where
    the training loss starts (an untrained model's loss is the same on any data) and falls, so it is the validation
    loss (`roles._held_out_column`), and its later rise is overfitting (healthy until round 59)."""
    import json

    import torch

    torch.manual_seed(0)
    x = torch.randn(1280, 8)
    y = x[:, :1] + 0.5 * torch.randn(1280, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    history = []
    for step in range(1, 801):
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(x[128:]), y[128:]).item()
        loss = train_step(model, optimizer, x[:128], y[:128])  # both before the step
        if step == 1 or step % 32 == 0:
            history.append([step, loss, val])
    (tmp_path / "loss_history.json").write_text(json.dumps(history, indent=2))
    run = read_logs(Workspace.of([tmp_path]), ["loss_history.json"]).runs[0]
    roles = run.role_map()
    assert roles["loss_history.json column 3"].role is MetricRole.VAL_LOSS
    assert diagnose([run]).root_causes[0].id == "overfitting"
