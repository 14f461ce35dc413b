"""Metric roles: the names real tools write, and the series the debugger judges for each."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from server.core.logs.model import Run
from server.core.logs.roles import MetricRole, assign_roles, game_losses, words
from tests.tiny_runs import train_step

R = MetricRole


def run_of(*names: str, points: dict[str, int] | None = None) -> Run:
    """A run holding the named series (the names as a tool writes them; only counts matter for roles)."""
    run = Run(source="r", format="csv")
    for name in names:
        for step in range((points or {}).get(name, 10)):
            run.series(name).append(step, 1.0)
    return run


def roles_of(run: Run, loss_metric: str | None = None) -> dict[str, MetricRole]:
    return {name: info.role for name, info in assign_roles(run, loss_metric).items()}


def judged(run: Run, loss_metric: str | None = None) -> dict[MetricRole, str]:
    return {info.role: name for name, info in assign_roles(run, loss_metric).items() if info.primary}


def test_words_split_separators_and_camel_case_and_keep_compound_names_whole() -> None:
    assert words("train/box_loss") == ["train", "box", "loss"]
    assert words("valLoss") == ["val", "loss"]
    assert words("GLoss") == ["g", "loss"] and words("MSELoss") == ["mse", "loss"]  # a word after capitals
    assert words("IoU") == ["iou"] and words("mAP") == ["map"]
    assert words("learning_rate") == ["learningrate"]
    assert words("train/grad_norm") == ["train", "gradnorm"]
    assert words("metrics/mAP50(B)") == ["metrics", "map50", "b"]
    assert words("vloss") == ["v", "loss"] and words("totalloss") == ["total", "loss"]  # a loss word glued to its head
    assert words("losses") == ["losses"] and words("gloss_rate") == ["g", "loss", "rate"]


def test_detectron2_total_loss_is_judged_and_its_parts_are_components() -> None:
    run = run_of("total_loss", "loss_box_reg", "loss_cls", "loss_rpn_cls", "lr", "fast_rcnn/cls_accuracy")
    assert roles_of(run) == {
        "total_loss": R.TRAIN_LOSS,
        "loss_box_reg": R.LOSS_COMPONENT,
        "loss_cls": R.LOSS_COMPONENT,
        "loss_rpn_cls": R.LOSS_COMPONENT,
        "lr": R.LEARNING_RATE,
        "fast_rcnn/cls_accuracy": R.ACCURACY,
    }


def test_ultralytics_results_without_a_total_judge_the_first_component_and_say_so() -> None:
    run = run_of(
        "train/box_loss", "train/cls_loss", "metrics/mAP50(B)", "val/box_loss", "val/cls_loss", "lr/pg0", "lr/pg1"
    )
    roles = assign_roles(run)
    assert judged(run) == {
        R.TRAIN_LOSS: "train/box_loss",
        R.VAL_LOSS: "val/box_loss",
        R.LEARNING_RATE: "lr/pg0",
    }
    assert "no total loss is logged" in roles["train/box_loss"].reason
    assert roles["train/cls_loss"].role is R.LOSS_COMPONENT
    assert roles["val/cls_loss"].role is R.VAL_LOSS and not roles["val/cls_loss"].primary
    assert roles["metrics/mAP50(B)"].higher_is_better is True


def test_lightning_per_step_loss_is_judged_over_its_epoch_summary() -> None:
    run = run_of("train_loss_step", "train_loss_epoch", "val_loss", "val_acc", "epoch", points={"train_loss_epoch": 3})
    assert roles_of(run) == {
        "train_loss_step": R.TRAIN_LOSS,
        "train_loss_epoch": R.LOSS_COMPONENT,
        "val_loss": R.VAL_LOSS,
        "val_acc": R.ACCURACY,
        "epoch": R.PROGRESS,
    }


def test_a_per_step_loss_logged_sparsely_gives_way_to_its_longer_epoch_curve() -> None:
    # Lightning's log_every_n_steps=50 over 16-step epochs: 21 step points beside 68 epoch points
    run = run_of(
        "train_loss_step", "train_loss_epoch", "val_loss", points={"train_loss_step": 21, "train_loss_epoch": 68}
    )
    assert judged(run)[R.TRAIN_LOSS] == "train_loss_epoch"


def test_hugging_face_trainer_names() -> None:
    run = run_of(
        "loss", "grad_norm", "learning_rate", "epoch", "eval_loss", "eval_runtime", "eval_samples_per_second",
        "train_loss", "total_flos", points={"train_loss": 1, "total_flos": 1},
    )  # fmt: skip
    assert judged(run) == {
        R.TRAIN_LOSS: "loss",
        R.VAL_LOSS: "eval_loss",
        R.GRAD_NORM: "grad_norm",
        R.LEARNING_RATE: "learning_rate",
    }
    roles = roles_of(run)
    assert roles["train_loss"] is R.LOSS_COMPONENT  # the run's one-point average
    assert {roles[n] for n in ("epoch", "eval_runtime", "eval_samples_per_second", "total_flos")} == {R.PROGRESS}


def test_a_loss_that_does_not_say_loss_is_the_training_loss_with_its_scale() -> None:
    assert judged(run_of("train_mse", "val_mse")) == {R.TRAIN_LOSS: "train_mse", R.VAL_LOSS: "val_mse"}
    roles = assign_roles(run_of("train_ppl", "train_nll"))
    assert roles["train_nll"].role is R.TRAIN_LOSS and roles["train_nll"].scale == "nats"
    assert roles["train_ppl"].scale == "perplexity"
    assert assign_roles(run_of("bpc"))["bpc"].scale == "bits"


def test_keras_measures_beside_a_named_loss_are_error_measures_not_components() -> None:
    assert roles_of(run_of("loss", "mae", "val_loss", "val_mae")) == {
        "loss": R.TRAIN_LOSS,
        "mae": R.ERROR,
        "val_loss": R.VAL_LOSS,
        "val_mae": R.ERROR,
    }


def test_split_words_in_any_position_and_case_keep_train_and_validation_apart() -> None:
    run = run_of("Train_Loss", "Valid_Loss", "Test_Loss", "valLoss", "loss/val", "Dev_BLEU-2")
    roles = assign_roles(run)
    assert roles["Train_Loss"].role is R.TRAIN_LOSS
    assert {roles[n].role for n in ("Valid_Loss", "Test_Loss", "valLoss", "loss/val")} == {R.VAL_LOSS}
    assert roles["Test_Loss"].split == "test" and not roles["Test_Loss"].primary
    assert roles["Dev_BLEU-2"].role is R.ACCURACY and roles["Dev_BLEU-2"].split == "val"


def test_a_mixed_precision_loss_scale_is_no_loss() -> None:
    assert roles_of(run_of("loss", "loss_scale")) == {"loss": R.TRAIN_LOSS, "loss_scale": R.PROGRESS}


def test_a_per_layer_gradient_norm_is_not_the_one_judged() -> None:
    run = run_of("grad_norm/fc1", "grad_norm", "grad_norm/fc2", "gnorm_x")
    assert judged(run)[R.GRAD_NORM] == "grad_norm"


def test_loss_metric_overrides_the_choice_and_an_unknown_name_is_refused() -> None:
    run = run_of("loss", "recon_loss", "kl_loss")
    assert judged(run, "recon_loss")[R.TRAIN_LOSS] == "recon_loss"
    assert roles_of(run, "recon_loss")["loss"] is R.LOSS_COMPONENT
    with pytest.raises(KeyError):
        assign_roles(run, "nope")


def test_a_run_with_no_loss_has_no_training_loss_and_names_nothing_as_judged() -> None:
    run = run_of("accuracy", "lr")
    assert judged(run) == {R.LEARNING_RATE: "lr"}
    alone = run_of("lrs")  # a DDP script's `lrs:` printed each epoch, its one series: a learning rate, never the loss
    assert judged(alone) == {R.LEARNING_RATE: "lrs"}


def test_a_time_cost_is_bookkeeping_and_the_loss_beside_it_is_judged() -> None:
    paddle = run_of("loss", "lr", "batch_cost", "reader_cost", "val_loss", "val_batch_cost", "val_reader_cost")
    assert judged(paddle)[R.TRAIN_LOSS] == "loss" and judged(paddle)[R.VAL_LOSS] == "val_loss"
    roles = roles_of(paddle)
    assert {roles[n] for n in ("batch_cost", "reader_cost", "val_batch_cost", "val_reader_cost")} == {R.PROGRESS}
    mxnet = run_of("accuracy", "time_cost", "cost")
    assert roles_of(mxnet)["time_cost"] is R.PROGRESS
    assert judged(mxnet)[R.TRAIN_LOSS] == "cost"  # a cost alone is still a loss


def test_a_lone_total_is_the_training_loss_when_nothing_names_a_training_loss() -> None:
    assert judged(run_of("total", "lr"))[R.TRAIN_LOSS] == "total"
    assert roles_of(run_of("loss", "total"))["total"] is not R.TRAIN_LOSS  # beside a loss it is something else
    beside_validation = judged(run_of("total", "Valid_MSE", "lr"))  # `total: 0.42` per step, `[Valid] MSE: 0.36`
    assert beside_validation[R.TRAIN_LOSS] == "total" and beside_validation[R.VAL_LOSS] == "Valid_MSE"


def test_a_one_or_two_letter_split_prefix_names_the_validation_loss() -> None:
    """`v_loss` beside `loss` (a VAE's console: `loss`, `v_loss`, `kl`, `v_kl`) is the validation loss, not a
    component of the training loss."""
    roles = assign_roles(run_of("loss", "v_loss", "kl", "v_kl"))
    assert roles["loss"].role is R.TRAIN_LOSS
    assert roles["v_loss"].role is R.VAL_LOSS and roles["v_loss"].split == "val"


def test_cyclegan_and_pix2pix_side_names_are_a_game_s_losses_only_with_both_sides() -> None:
    """CycleGAN's `loss_log.txt` names its losses `D_A`, `G_A`, `cycle_A`, `idt_A` (pix2pix: `G_GAN`, `D_real`):
    with a generator's and a discriminator's side both logged, they are a GAN's losses and one is the judged
    training loss; `g_norm` (a gradient norm) and a lone `D_A` without a generator side are no game."""
    cyclegan = run_of("D_A", "G_A", "cycle_A", "idt_A", "D_B", "G_B", "time")
    assert set(game_losses(cyclegan)) == {"D_A", "G_A", "D_B", "G_B"}
    assert judged(cyclegan)[R.TRAIN_LOSS] in {"D_A", "G_A", "D_B", "G_B"}
    assert set(game_losses(run_of("G_GAN", "G_L1", "D_real", "D_fake"))) == {"G_GAN", "G_L1", "D_real", "D_fake"}
    assert game_losses(run_of("D_A", "cycle_A")) == {}
    assert "g_norm" not in game_losses(run_of("g_norm", "g_loss", "d_loss"))
    assert game_losses(run_of("loss_gen", "loss_dis", "elapsed_time")) == {"loss_gen": "g", "loss_dis": "d"}  # Chainer
    # a DCGAN loop naming the discriminator's terms by their inputs (round19's BJ-002): real and fake are D's
    assert game_losses(run_of("real_loss", "fake_loss", "GAN_loss")) == {
        "real_loss": "d",
        "fake_loss": "d",
        "GAN_loss": "g",
    }
    assert game_losses(run_of("real_loss", "fake_loss")) == {}  # no generator side: no game


def test_basicsr_loss_terms_chinese_names_and_a_lone_unnamed_series_are_losses() -> None:
    """BasicSR names its loss terms `l_pix`, `l_percep` (one of them stands for the loss when no total is logged); a
    Chinese console names its loss `当前损失值`, its accuracy `当前准确率` and its count of samples
    `训练样本数`; a log of one unnamed series (read as the file's name) is the training loss a script printed."""
    basicsr = assign_roles(run_of("l_pix", "l_percep", "lr", points={"l_pix": 20, "l_percep": 10}))
    assert basicsr["l_pix"].role is R.TRAIN_LOSS and basicsr["l_percep"].role is R.LOSS_COMPONENT
    chinese = assign_roles(run_of("当前损失值", "当前准确率", "验证准确率", "训练样本"))
    assert chinese["当前损失值"].role is R.TRAIN_LOSS and chinese["训练样本"].role is R.PROGRESS  # a count of samples
    assert chinese["当前准确率"].role is R.ACCURACY and chinese["验证准确率"].split == "val"
    printed = Run(source="r", format="text")
    for step, loss in enumerate((2.31, 1.94, 1.52, 1.33)):
        printed.series("train_log.txt").append(step, loss)
    assert assign_roles(printed)["train_log.txt"].role is R.TRAIN_LOSS
    assert assign_roles(run_of("throughput"))["throughput"].role is R.PROGRESS


def test_split_words_of_spanish_portuguese_and_german_consoles_are_their_splits() -> None:
    """`validación_mIoU_macro` (a Spanish console's validation heading over its values), Portuguese `validação_acc`,
    Spanish `entrenamiento_mIoU`: the validation's and the training's, as `val_mIoU_macro` would be."""
    assert words("validación_mIoU_macro") == ["val", "m", "iou", "macro"]
    roles = assign_roles(run_of("loss", "validación_loss", "validação_acc", "entrenamiento_mIoU"))
    assert roles["validación_loss"].role is R.VAL_LOSS and roles["validação_acc"].split == "val"
    assert roles["entrenamiento_mIoU"].split == "train" and roles["loss"].role is R.TRAIN_LOSS


def test_a_lone_series_of_whole_numbers_is_a_setting_echoed_per_run_not_the_loss() -> None:
    """Six runs appended, each under `Latent Space Dimension = N` and a line of unnamed losses: the only series read
    is the setting (6, 2, 4, 8, 10, 20), which no loss takes; judging it found an lr too high at 0.93."""
    echoed = Run(source="r", format="text")
    for step, size in enumerate((6, 2, 4, 8, 10, 20)):
        echoed.series("Latent_Space_Dimension").append(step, size)
    assert assign_roles(echoed)["Latent_Space_Dimension"].role is R.OTHER


def test_bare_split_names_are_the_losses_when_the_series_named_loss_is_too_short_to_judge(tmp_path) -> None:
    """`step 100 | train 2.59 | val 2.59 | lr 1e-3` at each evaluation and `  step 500 | loss 1.91` now and then
    (round23's BP-015): `train` of 6 points is the training loss, `val` the validation loss, `loss` of 3 a component."""
    from pathlib import Path

    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    run = train_tiny(0.05)
    loss, val = run.metrics["loss"], run.metrics["val_loss"]
    lines = []
    for step, value in zip(val.steps, val.values, strict=True):
        lines.append(f"step {int(step):5d} | train {loss.values[int(step) - 1]:.4f} | val {value:.4f} | lr 5.00e-02")
        if step % 50 == 0:
            lines.append(f"  step {int(step):5d} | loss {loss.values[int(step) - 1]:.4f} | lr 5.00e-02")
    (Path(tmp_path) / "log.txt").write_text("\n".join(lines) + "\n")
    (read,) = read_logs(Workspace.of([Path(tmp_path)]), ["log.txt"]).runs
    assert len(read.metrics["train"]) == 6 and len(read.metrics["loss"]) == 3
    assert read.primary(MetricRole.TRAIN_LOSS) == "train" and read.primary(MetricRole.VAL_LOSS) == "val"
    assert read.role_map()["loss"].role is MetricRole.LOSS_COMPONENT


def test_a_v_beside_a_policy_loss_is_the_value_function_not_the_validation_split(tmp_path: Path) -> None:
    """Spinning Up's PPO logs `loss_pi` and `loss_v`: beside a policy's loss, `v` is the value function's (its loss
    falling then creeping up is no overfitting). With no policy in the run, `v_loss` stays a validation loss."""
    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    trained = casebook_run(tmp_path, "ppo", "healthy_easy")
    renamed = {"policy_loss": "loss_pi", "value_loss": "loss_v"}
    run = Run(source="progress.txt", format="text")
    for name, series in trained.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            run.series(renamed.get(name, name)).append(step, value)
    roles = run.role_map()
    assert roles["loss_v"].role is MetricRole.LOSS_COMPONENT and roles["loss_v"].split == "train"
    assert "overfitting" not in {cause.id for cause in diagnose([run]).root_causes}
    plain = Run(source="train.log", format="text")
    for step, value in enumerate(trained.metrics["value_loss"].values):
        plain.series("loss").append(step, 2 * value)
        plain.series("v_loss").append(step, value)
    assert plain.role_map()["v_loss"].role is MetricRole.VAL_LOSS


def test_a_ppo_scripts_glued_ploss_and_vloss_are_its_policy_and_value_losses(tmp_path: Path) -> None:
    """`ploss`, `vloss`, `ent` per update (round19's AX-009, a multi-agent PPO): glued names are a loss word and its
    head, and beside the policy's `p` the `v` is the value function's: the run is judged, on a training loss."""
    from tests.tiny_runs import casebook_run

    trained = casebook_run(tmp_path, "ppo", "healthy_easy")
    renamed = {"policy_loss": "ploss", "value_loss": "vloss", "entropy": "ent"}
    run = Run(source="log.txt", format="text")
    for name, new in renamed.items():
        series = trained.metrics[name]
        for step, value in zip(series.steps, series.values, strict=True):
            run.series(new).append(step, value)
    roles = run.role_map()
    assert {roles["ploss"].role, roles["vloss"].role} == {MetricRole.TRAIN_LOSS, MetricRole.LOSS_COMPONENT}
    assert roles["vloss"].split != "val"


def test_the_first_column_of_a_headerless_table_no_name_places_is_the_training_loss(tmp_path: Path) -> None:
    """`f.write(f"{loss} {grad_norm}\n")` into train_log.txt (round23's CD-015): the columns take the file's name, and
    the first, as a lone unnamed series would be, is the training loss; the others stay unplaced."""
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    rows = zip(run.metrics["loss"].values, run.metrics["grad_norm"].values, strict=True)
    (tmp_path / "train_log.txt").write_text("".join(f"{loss:.6f} {norm:.6f}\n" for loss, norm in rows))
    [read] = read_logs(Workspace.of([tmp_path]), ["train_log.txt"]).runs
    assert sorted(read.metrics) == ["train_log.txt", "train_log.txt column 2"]
    assert read.roles["train_log.txt"].role is MetricRole.TRAIN_LOSS
    assert read.roles["train_log.txt column 2"].role is MetricRole.OTHER


@pytest.mark.parametrize(("file", "loss_role"), [("loss_log.txt", R.TRAIN_LOSS), ("train.log", None)])
def test_series_no_name_places_in_a_file_named_for_its_losses_are_the_loss_terms(
    tmp_path: Path, file: str, loss_role: MetricRole | None
) -> None:
    """pix2pix's `print_current_losses` line, `(epoch: 1, iters: 100, time: 0.106) mtm: 0.145 warp: 0.084`, appended
    to `loss_log.txt` (round32's CS-008): whatever the model names its losses, the file says what they are; the first
    is judged, the rest are its terms, the time is bookkeeping. The same lines in `train.log` name no loss."""
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    rows = zip(run.metrics["loss"].values, run.metrics["grad_norm"].values, strict=True)
    lines = [f"(epoch: 1, iters: {i}, time: 0.106) mtm: {a:.3f} warp: {b:.3f} \n" for i, (a, b) in enumerate(rows, 1)]
    (tmp_path / file).write_text("".join(lines))
    [read] = read_logs(Workspace.of([tmp_path]), [file]).runs
    roles = {name: info.role for name, info in read.roles.items()}
    assert roles["time"] is R.PROGRESS
    if loss_role is None:
        assert roles["mtm"] is roles["warp"] is R.OTHER
    else:
        assert (roles["mtm"], roles["warp"]) == (loss_role, R.LOSS_COMPONENT)


def test_terms_of_a_loss_file_named_by_a_held_out_split_are_held_out_losses(tmp_path: Path) -> None:
    """round56's GB-001, a `losses.csv` of `epoch,val eval,val mate,train eval,train mate`: the file says they are
    losses, their split words which data each was measured on, so the training ones are the training loss and its
    term, the validation ones the validation losses, not terms of the training loss."""
    import torch

    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    torch.manual_seed(0)
    x = torch.randn(320, 6)
    y = x @ torch.randn(6, 1)
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    rows = ["epoch,val eval,val mate,train eval,train mate"]
    for epoch in range(1, 9):
        for lo in range(0, 256, 32):
            train_step(model, optimizer, x[lo : lo + 32], y[lo : lo + 32])
        with torch.no_grad():
            out = [model(x[256:]) - y[256:], model(x[:256]) - y[:256]]
        rows.append(f"{epoch}," + ",".join(f"{(e**2).mean():.5f},{e.abs().mean():.4f}" for e in out))
    (tmp_path / "losses.csv").write_text("\n".join(rows) + "\n")
    [read] = read_logs(Workspace.of([tmp_path]), ["losses.csv"]).runs
    roles = {name: (info.role, info.primary) for name, info in read.roles.items()}
    assert roles["train_eval"] == (R.TRAIN_LOSS, True) and roles["train_mate"][0] is R.LOSS_COMPONENT
    assert roles["val_eval"] == (R.VAL_LOSS, True) and roles["val_mate"] == (R.VAL_LOSS, False)


def test_a_likelihood_is_the_objective_where_no_loss_is_logged_a_quality_beside_one_and_negated_a_loss(
    tmp_path: Path,
) -> None:
    """scikit-learn's BernoulliRBM prints `pseudo-likelihood = -10.20` each iteration: higher is better, the objective
    the model is trained on, so a real RBM run logged that way (round 27's RBM family) is judged on it, negated, and
    found healthy, where with no loss it was inconclusive. Beside a loss it is a quality measure; negated, a loss, as
    `nll` is."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import FAMILIES, FAULTS, NAMINGS, train, write_log

    from server.core.diagnosis.engine import diagnose
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    assert roles_of(run_of("pseudo-likelihood", "val_log_likelihood")) == {
        "pseudo-likelihood": R.TRAIN_LOSS,
        "val_log_likelihood": R.VAL_LOSS,
    }
    assert roles_of(run_of("loss", "log_likelihood")) == {"loss": R.TRAIN_LOSS, "log_likelihood": R.ACCURACY}
    assert judged(run_of("neg_log_likelihood"))[R.TRAIN_LOSS] == "neg_log_likelihood"
    (recipe,) = [f.recipe for f in FAULTS if f.name == "healthy"]
    logged, task = train("rbm", recipe, FAMILIES.index("rbm"))  # seed 0, as the casebook seeds it
    name = write_log(logged, tmp_path, "rbm-healthy-s0", "text_pipe", NAMINGS[0], task)  # scikit-learn's console
    [run] = read_logs(Workspace.of([tmp_path]), [name]).runs
    assert roles_of(run) == {"pseudo-likelihood": R.TRAIN_LOSS, "time": R.PROGRESS}
    assert diagnose([run]).verdict == "healthy"


def test_a_headerless_tables_first_column_that_climbed_near_100_percent_is_an_accuracy_and_the_falling_one_the_loss(
    tmp_path: Path,
) -> None:
    """round54's FQ-012, a C MLP writing `epoch accuracy% loss` rows: here a tiny real CNN's validation accuracy in
    percent before its validation loss. The accuracy rose to 94%: higher is better, no loss that barely moved."""
    from server.core.diagnosis.engine import diagnose
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace
    from tests.tiny_runs import casebook_run

    (tmp_path / "run").mkdir()
    run = casebook_run(tmp_path / "run", "cnn", "healthy")
    rows = zip(run.metrics["val_acc"].values, run.metrics["val_loss"].values, strict=True)
    (tmp_path / "training_metrics.csv").write_text(
        "".join(f"{epoch} {100 * acc:.3f} {loss:.6f}\n" for epoch, (acc, loss) in enumerate(rows, 1))
    )
    [table] = read_logs(Workspace.of([tmp_path]), ["training_metrics.csv"], fmt="text").runs
    assert roles_of(table) == {
        "training_metrics.csv": R.ACCURACY,
        "training_metrics.csv column 3": R.TRAIN_LOSS,
    }
    assert diagnose([table]).verdict == "healthy"


def test_series_named_by_their_split_alone_that_climb_beside_no_loss_are_the_splits_accuracies(tmp_path: Path) -> None:
    """PyTorch Geometric's graph_unet.py prints accuracies alone, `Epoch: 020, Train: 0.4109, Val: 0.3182, Test:
    0.3295` (the family casebook's Graph U-Net, a tiny real run): no loss, each split's bare name, values in [0, 1],
    the training one climbing. They are each split's accuracy, and the run is judged on them; the same names falling
    are losses (`_splits_as_losses`), never scores."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_pyg_graph_unet

    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "graph_unet_pyg", "healthy", seed=1, write=write_pyg_graph_unet)
    assert sorted(run.metrics) == ["Test", "Train", "Val"]
    roles = run.role_map()
    assert {roles[name].role for name in run.metrics} == {MetricRole.ACCURACY}
    assert (roles["Val"].split, roles["Val"].higher_is_better) == ("val", True)
    assert diagnose([run]).verdict == "healthy"
    falling = Run(source="train.log", format="text")
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            falling.series(name).append(step, 1.0 - value)
    assert MetricRole.ACCURACY not in {info.role for info in assign_roles(falling).values()}


def test_a_held_out_series_named_by_its_split_alone_that_falls_with_the_loss_is_that_splits_loss() -> None:
    """A real logistic regression printed as round56's GD-001 prints its run (`loss 0.6931` on its training lines,
    `>> val 0.4238 | validity ...` every few hundred steps): beside the named loss, a bare `val` in [0, 1] that fell
    as the loss fell is the validation loss, not a score (PyG's `Val: 0.2560`, a score, climbs)."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(512, 6)
    y = (x @ torch.randn(6, 1) > 0).float()
    model = torch.nn.Linear(6, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits
    run = Run(source="train.log", format="text")
    for step in range(1, 201):
        run.series("loss").append(step, train_step(model, optimizer, x[:384], y[:384], cross_entropy))
        if step % 20 == 0:
            with torch.no_grad():
                run.series("val").append(step, cross_entropy(model(x[384:]), y[384:]).item())
    values = run.metrics["val"].values
    assert all(0 <= v <= 1 for v in values) and values[-1] < values[0]
    roles = assign_roles(run)
    assert roles["loss"].role is MetricRole.TRAIN_LOSS
    assert roles["val"].role is MetricRole.VAL_LOSS and roles["val"].primary


def test_measures_named_in_the_plural_with_their_counts_or_by_their_field_have_their_direction() -> None:
    """Round 44: a DQN's `Rewards` column, StyleGAN2-ADA's `fid50k_full`, a trajectory forecaster's `minADE6`,
    `minFDE6`, `brier_fde` and `miss_rate`, a distillation's `val_cos` (cosine similarity) were no measure (`other`),
    and runs logging only those were inconclusive though their measures improved; `acc1` and `map50` as before."""
    names = ("Rewards", "fid50k_full", "train/minADE6", "val/minFDE6", "train/brier_fde", "train/miss_rate", "val_cos")
    roles = roles_of(run_of(*names, "acc1", "map50"))
    higher, lower = {"Rewards", "val_cos", "acc1", "map50"}, set(names) - {"Rewards", "val_cos"}
    assert roles == {**dict.fromkeys(higher, R.ACCURACY), **dict.fromkeys(lower, R.ERROR)}


def test_splits_named_alone_whose_values_turn_non_finite_are_the_losses(tmp_path: Path) -> None:
    """NFM's console at too high an lr (a tiny real run of the family casebook, logged as hexiangnan's NeuralFM.py
    prints its RMSEs: `Epoch 1 [0.4 s]\\ttrain=nan, validation=nan, test=nan`): no series names a loss and the values
    never fall, but they went non-finite, as a loss does and a share of right answers cannot: `train` is the training
    loss, `validation` the held-out one, and the run is numerically unstable."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_nfm

    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "nfm_hexiangnan", "lr_too_high_sgd", write=write_nfm)
    assert not all(map(math.isfinite, run.metrics["train"].values))
    roles = run.role_map()
    assert roles["train"].role is MetricRole.TRAIN_LOSS and "non-finite" in roles["train"].reason
    assert roles["validation"].role is MetricRole.VAL_LOSS
    assert diagnose([run]).root_causes[0].id == "numerical_instability"


def test_a_libfm_run_that_never_moved_is_judged_on_its_bare_train_series_at_its_stated_learnrate(
    tmp_path: Path,
) -> None:
    """libFM at a learnrate of 1e-06 (a tiny real run of the family casebook, logged as srendle/libfm prints it:
    `learnrate=1e-06`, `#Iter=  0\\tTrain=2.46466\\tTest=2.4449` at every iteration): `#Iter` is the step, `Train`
    standing at one value is the training loss (a series named by its split alone that never moved), and the stated
    learnrate makes the flat curve a learning rate too low."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_libfm

    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "libfm_srendle", "lr_too_low", seed=1, write=write_libfm)
    train = run.metrics["Train"]
    assert len(set(train.values)) == 1 and list(train.steps) == [float(i) for i in range(len(train))]
    assert run.primary(MetricRole.TRAIN_LOSS) == "Train" and run.lr_stated is not None and run.lr_stated[0] == 1e-06
    assert diagnose([run]).root_causes[0].id == "lr_too_low"


def test_kims_train_perf_and_val_perf_are_accuracies_and_a_run_logging_only_them_is_judged(tmp_path: Path) -> None:
    """Kim's sentence CNN prints `epoch 1, train perf 54.166669 %, val perf 48.828125` and no loss (a tiny real run
    of the family casebook): `perf` is a quality measure, higher better, so the run is judged, not inconclusive."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_kimcnn

    from server.core.diagnosis.engine import diagnose
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "kimcnn_yoonkim", "healthy", write=write_kimcnn)
    roles = run.role_map()
    assert roles["train_perf"].role is MetricRole.ACCURACY and roles["val_perf"].higher_is_better
    assert diagnose([run]).verdict == "healthy"


def test_a_papers_loss_terms_are_losses_the_first_the_training_loss() -> None:
    """ericjang/draw's `iter=0 : Lx: 97.78 Lz: 28.89` (round 53's families): `Lx` and `Lz`, the reconstruction's and
    the latent's terms written as its paper writes them, are losses; `Lr` is a learning rate's name, no loss."""
    run = run_of("Lx", "Lz")
    assert roles_of(run) == {"Lx": R.TRAIN_LOSS, "Lz": R.LOSS_COMPONENT}
    assert words("Lx") == ["l", "x"] and words("Lr") == ["lr"]


def test_a_lone_headerless_series_that_rose_and_levelled_on_a_percentage_is_an_accuracy() -> None:
    """A headerless `epoch,accuracy` CSV a script appends to (round81's KJ-009: 49.2 -> 82.4 by epoch 41 of 100 ->
    84.3): a learning curve of a quality, read as an accuracy; a file's lone series that falls stays the loss."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(512, 8)
    y = (x[:, :2].sum(1) > 0).long()
    y = torch.where(torch.rand(512) < 0.2, 1 - y, y)  # a fifth mislabelled: it levels off near 76%
    model = torch.nn.Linear(8, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    accuracy, loss = Run(source="progress.csv", format="text"), Run(source="loss.csv", format="text")
    for epoch in range(1, 41):
        value = train_step(model, optimizer, x, y, torch.nn.functional.cross_entropy)
        with torch.no_grad():
            right = float((model(x).argmax(1) == y).float().mean()) * 100
        accuracy.series("progress.csv").append(epoch, right)
        loss.series("loss.csv").append(epoch, value)
    values = accuracy.metrics["progress.csv"].values
    assert values[-1] - values[0] > 10 and max(values) < 100  # a climb, short of a share's top (`SHARE_TOP`)
    assert roles_of(accuracy) == {"progress.csv": R.ACCURACY}
    assert roles_of(loss) == {"loss.csv": R.TRAIN_LOSS}


def test_a_share_a_float_sum_prints_a_rounding_over_one_is_a_share() -> None:
    """Chainer's `validation/main/ap/maru: 1.0000000000000002` (round81's KJ-014): on a share's scale, no percentage."""
    from server.core.logs.roles import share_scale

    mean_ap = sum([1 / 9] * 9)  # nine classes' APs of 1, averaged by a running sum
    assert mean_ap > 1 and share_scale(mean_ap) == 1.0
    assert share_scale(1.5) == 100.0
