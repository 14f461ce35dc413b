"""Structured layouts the real-log corpus showed misread: Keras' TensorBoard split folders, MLflow metric names with a
space, and the learning rates of Ultralytics/YOLOv5 results.csv; against files the real writers wrote
(tests/fixtures/formats/, scripts/make_format_fixtures.py).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from server.core.logs import tensorboard
from server.core.logs.model import Run, Series, metric_name
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace
from tests.conftest import FIXTURES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
KERAS_TB = FORMATS / "keras_tensorboard"
MLFLOW = FORMATS / "mlflow_spaces"


def expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text())


def assert_series(series: Series, logged: list[list[float]]) -> None:
    assert list(series.steps) == [float(step) for step, _ in logged]
    assert [repr(v) for v in series.values] == [repr(float(value)) for _, value in logged]


def read_in(folder: Path, path: str) -> list[Run]:
    return read_logs(Workspace.of([folder]), [path]).runs


# --- TensorBoard: Keras' train/ and validation/ ----------------------------------------------------------------------


def test_keras_tensorboard_train_and_validation_folders_are_one_run_with_validation_tags_named_so() -> None:
    assert sorted(p.name for p in (KERAS_TB / "logs").iterdir()) == ["train", "validation"]
    (run,) = read_in(KERAS_TB, "logs")
    truth = expected(KERAS_TB)["logged"]
    assert run.source == "logs"
    assert_series(run.metrics["epoch_loss"], truth["loss"])
    assert_series(run.metrics["epoch_accuracy"], truth["accuracy"])
    assert_series(run.metrics["validation/epoch_loss"], truth["val_loss"])
    assert_series(run.metrics["validation/epoch_accuracy"], truth["val_accuracy"])
    # a tag of validation/ that names its split already keeps its name (Keras' per-iteration evaluation)
    assert [repr(v) for v in run.metrics["evaluation_loss_vs_iterations"].values] == [
        repr(float(v)) for _, v in truth["val_loss"]
    ]
    assert run.roles["epoch_loss"].role == "train_loss"
    assert run.roles["validation/epoch_loss"].role == "val_loss" and run.roles["validation/epoch_loss"].primary
    assert any("train/, validation/ read as one run" in note for note in run.notes)


def test_one_split_folder_alone_or_folders_named_otherwise_stay_runs_of_their_own(tmp_path: Path) -> None:
    shutil.copytree(KERAS_TB / "logs" / "train", tmp_path / "logs" / "train")
    (run,) = tensorboard.read(tmp_path / "logs", "logs")
    assert run.source == "logs/train" and "epoch_loss" in run.metrics
    shutil.copytree(KERAS_TB / "logs" / "validation", tmp_path / "runs" / "lr_0.1")
    shutil.copytree(KERAS_TB / "logs" / "train", tmp_path / "runs" / "lr_0.01")
    runs = tensorboard.read(tmp_path / "runs", "runs")
    assert [r.source for r in runs] == ["runs/lr_0.01", "runs/lr_0.1"]
    assert all("epoch_loss" in r.metrics for r in runs)


def test_split_folders_of_several_runs_are_joined_per_run(tmp_path: Path) -> None:
    for run_name in ("fit_a", "fit_b"):
        shutil.copytree(KERAS_TB / "logs", tmp_path / "tb" / run_name)
    runs = tensorboard.read(tmp_path / "tb", "tb")
    assert [r.source for r in runs] == ["tb/fit_a", "tb/fit_b"]
    truth = expected(KERAS_TB)["logged"]
    for run in runs:
        assert_series(run.metrics["validation/epoch_loss"], truth["val_loss"])


# --- MLflow: metric names with a space, a nested run ------------------------------------------------------------


def test_mlflow_metric_files_named_with_a_space_are_read_with_an_underscore(tmp_path: Path) -> None:
    store = shutil.copytree(MLFLOW / "mlruns", tmp_path / "mlruns")
    for run_folder in store.glob("*/*/"):  # the empty metrics/ folders MLflow wrote, which git does not keep
        if (run_folder / "meta.yaml").exists():
            (run_folder / "metrics").mkdir(exist_ok=True)
    runs = {run.source.split("#")[-1]: run for run in read_in(tmp_path, "mlruns")}
    assert set(runs) == {"sweep", "gan"}  # the parent run, and the run nested in it
    gan = runs["gan"]
    truth = expected(MLFLOW)["runs"]["gan"]
    assert sorted(gan.metrics) == ["Discriminator_loss", "Generator_loss"]
    assert_series(gan.metrics["Generator_loss"], truth["Generator loss"])
    assert_series(gan.metrics["Discriminator_loss"], truth["Discriminator loss"])
    assert not runs["sweep"].metrics


@pytest.mark.parametrize(
    ("written", "name"),
    [("Generator loss", "Generator_loss"), (" Train  Loss\t", "Train_Loss"), ("val/loss", "val/loss")],
)
def test_a_metric_name_reads_blank_runs_as_one_underscore(written: str, name: str) -> None:
    assert metric_name(written) == name


def test_a_csv_header_with_blanks_in_names_gives_underscored_names(tmp_path: Path) -> None:
    truth = expected(MLFLOW)["runs"]["gan"]
    rows = zip(truth["Generator loss"], truth["Discriminator loss"], strict=True)
    lines = ["step,Generator loss,Discriminator loss"] + [f"{g[0]},{g[1]!r},{d[1]!r}" for g, d in rows]
    (tmp_path / "gan.csv").write_text("\n".join(lines) + "\n")
    (run,) = read_in(tmp_path, "gan.csv")
    assert_series(run.metrics["Generator_loss"], truth["Generator loss"])


# --- Ultralytics / YOLOv5 results.csv: learning rates -----------------------------------------------------------


def test_ultralytics_and_yolov5_lr_columns_are_learning_rates_not_metrics_judged_as_quality(tmp_path: Path) -> None:
    source = (FORMATS / "ultralytics" / "results.csv").read_text().splitlines()
    header = source[0].split(",")
    yolov5 = [",".join(name.replace("lr/pg0", "x/lr0") for name in header), *source[1:]]
    (tmp_path / "results.csv").write_text("\n".join(yolov5) + "\n")
    (ultralytics,) = read_in(FORMATS / "ultralytics", "results.csv")
    (v5,) = read_in(tmp_path, "results.csv")
    assert ultralytics.roles["lr/pg0"].role == "learning_rate"
    assert v5.roles["x/lr0"].role == "learning_rate"
    assert ultralytics.roles["train/box_loss"].role == "train_loss"
    assert v5.roles["val/box_loss"].role == "val_loss"


# --- CSV: fits appended to one file -----------------------------------------------------------------------------


def test_a_csvlogger_file_with_fits_appended_keeps_every_row_and_says_where_the_epochs_go_back(tmp_path: Path) -> None:
    lines = (FORMATS / "keras" / "training.log").read_text().splitlines()
    (tmp_path / "training.log").write_text("\n".join([*lines, *lines[1:], *lines[1:]]) + "\n")  # append=True, 3 fits
    (run,) = read_in(tmp_path, "training.log")
    epochs = len(lines) - 1
    assert len(run.metrics["loss"]) == 3 * epochs
    assert list(run.metrics["loss"].steps) == 3 * list(run.metrics["loss"].steps[:epochs])
    first, second = epochs + 2, 2 * epochs + 2  # file lines where epoch 0 comes again
    assert f"the 'epoch' column goes back 2 time(s) (lines {first}, {second}): several fits" in " ".join(run.notes)
    (single,) = read_in(FORMATS / "keras", "training.log")
    assert not any("goes back" in note for note in single.notes)


def test_a_table_whose_header_each_appended_run_wrote_again_is_read_as_csv_whatever_its_ending(tmp_path: Path) -> None:
    """Round46's EM-005: a script opening `train.log` in append mode writes the header at each start, so the header
    stands twice at the top where a run stopped before its first row, and again before each later run's rows."""
    lines = (FORMATS / "keras" / "training.log").read_text().splitlines()
    (tmp_path / "train.log").write_text("\n".join([lines[0], *lines, *lines]) + "\n")
    (run,) = read_in(tmp_path, "train.log")
    (single,) = read_in(FORMATS / "keras", "training.log")
    assert run.format == "csv" and set(run.metrics) == set(single.metrics)
    assert list(run.metrics["val_loss"].values) == 2 * list(single.metrics["val_loss"].values)


# --- Tab-separated tables in a file of any ending ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["train_log.txt", "metrics.log", "history.tsv"])
def test_a_tab_separated_table_is_read_as_csv_whatever_its_ending(tmp_path: Path, name: str) -> None:
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    loss, grad = run.metrics["loss"], run.metrics["grad_norm"]
    lines = ["step\tloss\tgrad_norm"] + [
        f"{int(step)}\t{value!r}\t{norm!r}"
        for step, value, norm in zip(loss.steps, loss.values, grad.values, strict=True)
    ]
    (tmp_path / name).write_text("\n".join(lines) + "\n")
    (read,) = read_logs(Workspace.of([tmp_path]), [name]).runs
    assert read.format == "csv"
    assert list(read.metrics["loss"].values) == list(loss.values)
    assert list(read.metrics["grad_norm"].steps) == list(grad.steps)


def test_a_console_line_with_tabs_is_not_taken_for_a_table(tmp_path: Path) -> None:
    (tmp_path / "train.log").write_text("epoch 1\tloss 0.9\nepoch 2\tloss 0.8\nepoch 3\tloss 0.7\n")
    (read,) = read_logs(Workspace.of([tmp_path]), ["train.log"]).runs
    assert read.format == "text" and list(read.metrics["loss"].values) == [0.9, 0.8, 0.7]


@pytest.mark.parametrize(
    ("header", "separator", "name"),
    [
        ("#epoch loss grad_norm", " ", "loss"),  # np.savetxt(header=...), gnuplot data: a commented header, blanks
        ("% total loss\tgrad norm\t", "\t", "total_loss"),  # Torch7 optim.Logger: `% ` header, names with blanks
        ("epoch    loss    grad_norm", "   ", "loss"),  # columns aligned with blanks
    ],
)
def test_a_table_under_a_commented_or_blank_aligned_header_is_read_by_column(
    tmp_path: Path, header: str, separator: str, name: str
) -> None:
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=30)
    loss, grad = run.metrics["loss"], run.metrics["grad_norm"]
    ending = "\t" if header.endswith("\t") else ""
    cells = [[int(step), value, norm] for step, value, norm in zip(loss.steps, loss.values, grad.values, strict=True)]
    if header.startswith("%"):  # optim.Logger writes no step column
        cells = [row[1:] for row in cells]
    lines = [header] + [separator.join(f"{cell!r}" for cell in row) + ending for row in cells]
    (tmp_path / "losses.txt").write_text("\n".join(lines) + "\n")
    (read,) = read_logs(Workspace.of([tmp_path]), ["losses.txt"]).runs
    assert read.format == "csv"
    assert list(read.metrics[name].values) == list(loss.values)
    steps = list(read.metrics[name].steps)
    assert steps == (list(range(len(loss))) if header.startswith("%") else list(loss.steps))


def test_a_tab_separated_table_whose_names_start_with_a_number_and_end_with_a_tab_is_read(tmp_path: Path) -> None:
    """`2d_loss   \t3d_loss   \t` over rows of `6.04\t7.06\t` (padded names, a tab after the last cell, no step)."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    loss, grad = run.metrics["loss"], run.metrics["grad_norm"]
    rows = [f"{a:.6f}\t{b:.6f}\t" for a, b in zip(loss.values, grad.values, strict=True)]
    lines = ["2d_loss   \t3d_loss   \t", *rows]
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    (read,) = read_logs(Workspace.of([tmp_path]), ["log.txt"]).runs
    assert read.format == "csv" and list(read.metrics) == ["2d_loss", "3d_loss"]
    assert list(read.metrics["2d_loss"].values) == [float(f"{a:.6f}") for a in loss.values]


def test_a_models_size_printed_on_each_epoch_line_is_no_metric(tmp_path: Path) -> None:
    """DETR's and DeiT's `log.txt`: one JSON line per epoch, `{**train_stats, **test_stats, 'epoch', 'n_parameters'}`,
    written here by a tiny real training loop as their `main.py` writes it: the size of the model is left out."""
    import torch

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    n_parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x, xv = torch.randn(256, 8), torch.randn(64, 8)
    w = torch.randn(8, 1)
    lines = []
    for epoch in range(8):
        loss = torch.nn.functional.mse_loss(model(x), x @ w)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            test_loss = torch.nn.functional.mse_loss(model(xv), xv @ w).item()
        stats = {"train_loss": loss.item(), "test_loss": test_loss, "epoch": epoch, "n_parameters": n_parameters}
        lines.append(json.dumps(stats))
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    [run] = read_in(tmp_path, "log.txt")
    assert "n_parameters" not in run.metrics and len(run.metrics["train_loss"]) == 8
    assert any("n_parameters is the model's size" in note for note in run.notes)
    # a second model's run appended to the same log (DETR's `log.txt` resumed with another backbone): still a size
    wider = [json.dumps({**json.loads(line), "n_parameters": n_parameters + 16}) for line in lines]
    (tmp_path / "log.txt").write_text("\n".join(lines + wider) + "\n")
    [run] = read_in(tmp_path, "log.txt")
    assert "n_parameters" not in run.metrics and len(run.metrics["train_loss"]) == 16


def test_the_trainers_epoch_and_flos_counters_are_the_runs_axes_not_metrics() -> None:
    """transformers' trainer_state.json (a real run's): `epoch` beside each step and the cumulative `total_flos` of the
    summary climb with the step; they are the run's axes (`Run.axes`), listed by read_training_log, never judged."""
    state = FIXTURES / "tools" / "hf_trainer" / "trainer_state.json"
    [run] = read_in(state.parent, state.name)
    assert {"epoch", "total_flos"} <= set(run.axes) and not {"epoch", "total_flos"} & set(run.metrics)
    assert run.axes["epoch"].values[-1] == 5.0 and "loss" in run.metrics


def test_a_stable_baselines3_monitor_csv_is_read_under_its_metadata_line(tmp_path: Path) -> None:
    """Stable-Baselines3's `Monitor` writes `#{"t_start": ..., "env_id": ...}` above its header `r,l,t` (round45's
    EJ-005): that line is no header; each episode's return `r`, length `l` and time `t` are read, in order."""
    from tests.tiny_runs import train_dqn

    run = train_dqn(episodes=40)
    returns, lengths = run.metrics["ep_return"].values, run.metrics["ep_length"].values
    path = tmp_path / "monitor.csv"
    with path.open("w", newline="") as stream:  # as SB3's `ResultsWriter` writes it
        stream.write("#{}\n".format(json.dumps({"t_start": 1699895683.21, "env_id": "CoinGuess-v0"})))
        writer = csv.DictWriter(stream, fieldnames=("r", "l", "t"))
        writer.writeheader()
        for episode, (ret, length) in enumerate(zip(returns, lengths, strict=True), start=1):
            writer.writerow({"r": round(ret, 6), "l": int(length), "t": round(0.05 * episode, 6)})
    (read,) = read_logs(Workspace.of([tmp_path]), [str(path)]).runs
    assert sorted(read.metrics) == ["l", "r", "t"]
    assert list(read.metrics["r"].values) == pytest.approx([round(ret, 6) for ret in returns])
    assert list(read.metrics["l"].values) == list(lengths)


def test_a_block_of_nul_bytes_a_crash_left_between_csv_rows_hides_none_of_them(tmp_path: Path) -> None:
    """A crash can leave a block of NUL bytes where a file was extended and never written (round51's FI-007: 521,361 of
    them after the third row of an SB3 monitor.csv): every row on either side of it is read, in order."""
    from tests.tiny_runs import train_dqn

    run = train_dqn(episodes=40)
    returns = [round(ret, 6) for ret in run.metrics["ep_return"].values]
    rows = [
        f"{ret},{length},{0.05 * episode:.6f}\r\n"
        for episode, (ret, length) in enumerate(zip(returns, run.metrics["ep_length"].values, strict=True), start=1)
    ]
    path = tmp_path / "monitor.csv"
    path.write_bytes(
        b'#{"t_start": 1699895683.21, "env_id": "CoinGuess-v0"}\nr,l,t\r\n'
        + "".join(rows[:3]).encode()
        + b"\0" * 300_000
        + "".join(rows[3:]).encode()
    )
    (read,) = read_logs(Workspace.of([tmp_path]), [str(path)]).runs
    assert list(read.metrics["r"].values) == pytest.approx(returns) and len(returns) > 3


def test_a_validation_column_padded_with_a_filler_between_evaluations_keeps_its_evaluations(tmp_path: Path) -> None:
    """A masked model's custom loop (round63's HK-010) writes one csv row a step and its validation accuracy every
    10th, `0.0` on the rows between: the filler is no measurement, the evaluations are the curve; each is a share of
    the handful of tokens masked that time, so its landing on 1/2 again and again tells no class count."""
    import numpy as np
    import torch

    from server.core.diagnosis.detectors.chance import classes_from_exact_share
    from server.core.diagnosis.detectors.view import View

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    x, y = torch.randn(512, 8), torch.randint(0, 3, (512,))
    y[x[:, 0] > 0.5] = 0  # a learnable part
    model = torch.nn.Linear(8, 3)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    with (tmp_path / "train_metrics.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["step", "total_loss", "mlm_validation_accuracy"])
        for step in range(1, 201):
            batch = torch.randint(0, 512, (16,))
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            accuracy = 0.0
            if step % 10 == 0:
                masked = torch.randint(0, 512, (int(rng.integers(8, 13)),))  # the tokens masked this time
                with torch.no_grad():
                    accuracy = float((model(x[masked]).argmax(1) == y[masked]).float().mean())
            writer.writerow([step, loss.item(), accuracy])
    (run,) = read_in(tmp_path, "train_metrics.csv")
    assert len(run.metrics["total_loss"]) == 200
    accuracy = run.metrics["mlm_validation_accuracy"]
    assert list(accuracy.steps) == [float(step) for step in range(10, 201, 10)]
    assert "mlm_validation_accuracy: measured every 10 steps; the 180 rows between hold a filler value" in run.notes[0]
    run.roles = {}
    assert classes_from_exact_share(View(run)) is None
    (tmp_path / "every_row.csv").write_text(
        "step,train_acc\n" + "".join(f"{step},{min(1.0, step / 12)}\n" for step in range(1, 41))
    )
    (measured,) = read_in(tmp_path, "every_row.csv")  # an accuracy at 1.0 on most rows once fitted: measured each
    assert len(measured.metrics["train_acc"]) == 40 and not measured.notes


def test_an_agents_cumulative_frame_and_update_counters_are_axes_not_metrics(tmp_path: Path) -> None:
    """A DQN's episode table as Atari loops write it (round77's JT-007: `Episode,Total Reward,...,Total Frames,Loss,
    Model Updates`) from a real tiny run: the cumulative `Total Frames` and `Model Updates` counters are axes of the run
    beside its episode, as SB3's `train/n_updates` is; the reward and the loss stay metrics."""
    from itertools import accumulate

    from tests.tiny_runs import train_dqn

    run = train_dqn(episodes=40)
    lengths = [int(v) for v in run.metrics["ep_length"].values]
    frames = list(accumulate(lengths))
    with (tmp_path / "training_stats.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Episode", "Total Reward", "Total Frames", "Loss", "Model Updates"])
        rows = zip(run.metrics["ep_return"].values, frames, run.metrics["td_loss"].values, strict=True)
        for episode, (reward, frame, loss) in enumerate(rows):
            out.writerow([episode, reward, frame, loss, frame // 4])
    (read,) = read_logs(Workspace.of([tmp_path]), ["training_stats.csv"]).runs
    counters = {"Total_Frames", "Model_Updates"}
    assert counters <= set(read.axes) and not counters & set(read.metrics)
    assert {"Total_Reward", "Loss"} <= set(read.metrics)


def test_a_step_counted_within_each_epoch_is_put_on_one_global_axis(tmp_path: Path) -> None:
    """`epoch,step,train_loss,val_loss` with the step counted within its epoch (round64's HT-012: `1,299`, `1,599`,
    `2,299`, ...) from a real tiny run: the steps continue across epochs, one run (read as 49 runs appended, its last
    one judged on 2 points, until round 47)."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(0.05, steps=300)
    val = dict(zip(run.metrics["val_loss"].steps, run.metrics["val_loss"].values, strict=True))
    per_epoch = 75  # steps an epoch, printed every 25
    with (tmp_path / "log.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["epoch", "step", "train_loss", "val_loss"])
        for step, loss in zip(run.metrics["loss"].steps, run.metrics["loss"].values, strict=True):
            if step % 25 == 0:
                epoch, within = divmod(int(step) - 1, per_epoch)
                out.writerow([epoch + 1, within + 1, loss, val.get(step, "")])
    (read,) = read_logs(Workspace.of([tmp_path]), ["log.csv"]).runs
    steps = list(read.metrics["train_loss"].steps)
    assert steps == sorted(steps) and len(set(steps)) == len(steps) == 12
    loss = run.metrics["loss"]
    assert list(read.metrics["train_loss"].values) == [
        v for s, v in zip(loss.steps, loss.values, strict=True) if s % 25 == 0
    ]
    assert any("starts again with each epoch" in note for note in read.notes)
    assert not any("goes back" in note for note in read.notes)


def test_a_table_saved_as_txt_with_a_dict_a_cell_is_read_as_its_csv(tmp_path: Path) -> None:
    """A detector's `results.txt` written by `csv.writer`: epoch, losses, mAP, then its per-class AP as a dict the
    writer quotes whole (`"{0: np.float64(0.17), 1: ...}"`, round86's KT-015, unreadable before): the numeric columns
    are read, the dict column is no metric."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(0.05, steps=60)
    losses, val = list(run.metrics["loss"].values)[::10], list(run.metrics["val_loss"].values)
    with (tmp_path / "results.txt").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["epoch", "train_loss", "val_loss", "AP50_per_class"])
        for epoch, (loss, held) in enumerate(zip(losses, val, strict=False)):
            writer.writerow([epoch, loss, held, str({0: f"np.float64({held / 2})", 1: held / 3})])
    (read,) = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "results.txt")]).runs
    assert read.format == "csv" and set(read.metrics) == {"train_loss", "val_loss"}
    assert list(read.metrics["train_loss"].values) == pytest.approx(losses[: len(read.metrics["train_loss"])])


def test_a_csv_of_runs_one_row_per_configuration_is_refused_as_no_curve(tmp_path: Path) -> None:
    """A sweep's result grid (round83's KN-002, round85's KQ-003, round84's KV-008): real tiny runs of two optimizers
    at two learning rates and two seeds, one row each with its final loss and accuracy. The `optimizer` column repeats
    a few settings and no column counts steps: a table of runs, refused with what to pass instead (rows read as
    steps made a curve of unrelated runs). A per-epoch log with a text column of its own (`checkpoint`: saved or
    skipped) under a counting `epoch` column stays a curve."""
    import torch

    from server.core.errors import UserError
    from tests.tiny_runs import four_way_linear, train_step

    rows = ["optimizer,lr,seed,final_loss,accuracy"]
    epochs = ["epoch,loss,checkpoint"]
    for optimizer in ("SGD", "Adam"):
        for lr in (0.01, 0.1):
            for seed in (0, 1):
                x, y, model = four_way_linear(256, seed)
                step = getattr(torch.optim, optimizer)(model.parameters(), lr=lr)
                losses = [train_step(model, step, x, y, torch.nn.functional.cross_entropy) for _ in range(40)]
                right = (model(x).argmax(1) == y).float().mean().item()
                rows.append(f"{optimizer},{lr},{seed},{losses[-1]},{right}")
                if (optimizer, lr, seed) == ("Adam", 0.1, 0):
                    for i, loss in enumerate(losses):
                        epochs.append(f"{i},{loss},{'saved' if loss == min(losses[: i + 1]) else 'skipped'}")
    (tmp_path / "results.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(UserError, match=r"table of runs.*'optimizer' column names SGD, Adam.*pass one run's own log"):
        read_logs(Workspace.of([tmp_path]), ["results.csv"])
    (tmp_path / "history.csv").write_text("\n".join(epochs) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["history.csv"]).runs
    assert len(run.metrics["loss"]) == 40 and list(run.metrics["loss"].steps) == list(range(40))
    clocked = ["time,loss", *(f"10:00:{i // 8:02d},{line.split(',')[1]}" for i, line in enumerate(epochs[1:]))]
    (tmp_path / "batches.csv").write_text("\n".join(clocked) + "\n")  # no step column, a clock repeated by rows
    (run,) = read_logs(Workspace.of([tmp_path]), ["batches.csv"]).runs  # logged within one second: still a curve
    assert len(run.metrics["loss"]) == 40


def test_a_csv_of_one_row_of_settings_is_refused_a_row_of_final_measures_read(tmp_path: Path) -> None:
    """A run's settings written as one CSV row beside its metrics (round79's KH-001, guided-diffusion's `progress.csv`
    of its flags): no column names a measure, so no metric is made of each setting; one row of final measures (a
    real tiny run's test loss and accuracy) is read, one point each."""
    import argparse

    import torch

    from server.core.errors import UserError
    from tests.tiny_runs import four_way_linear, train_step

    flags = argparse.Namespace(batch_size=256, lr=0.1, dropout=0.0, seed=0, image_size=8, use_fp16=False)
    with (tmp_path / "progress.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(vars(flags)))
        writer.writeheader()
        writer.writerow(vars(flags))
    with pytest.raises(UserError, match=r"one row of settings \(batch_size, lr, dropout, seed, \.\.\.\)"):
        read_logs(Workspace.of([tmp_path]), ["progress.csv"])
    x, y, model = four_way_linear(256)
    optimizer = torch.optim.SGD(model.parameters(), lr=flags.lr)
    for _ in range(20):
        train_step(model, optimizer, x[:192], y[:192], torch.nn.functional.cross_entropy)
    with torch.no_grad():
        loss = torch.nn.functional.cross_entropy(model(x[192:]), y[192:]).item()
        right = (model(x[192:]).argmax(1) == y[192:]).float().mean().item()
    (tmp_path / "final.csv").write_text(f"test_loss,test_accuracy\n{loss},{right}\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["final.csv"]).runs
    assert list(run.metrics["test_loss"].values) == [loss] and list(run.metrics["test_accuracy"].values) == [right]


def test_an_evaluations_row_again_at_its_episode_is_no_new_point_nor_a_table_of_runs(tmp_path: Path) -> None:
    """Round91's LD-013, a card game's DQN `metrics.csv` (`Episode,Loss,Epsilon,WinRandom,WinChampion`): every 250th
    episode's row is written again with its win rate against a random player, every 1000th once more with `Failed` or
    `Promoted` against the champion. A real tiny loop logs its regression's loss that way. The repeated step is no
    move of the counter (round91's file was refused as a table of runs until round 59) and repeats its values: one
    point each (each evaluation's row doubled a point before)."""
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    rows = [["Episode", "Loss", "Epsilon", "WinRandom", "WinChampion"]]
    for episode in range(50, 3001, 50):
        x = torch.randn(32, 4)
        loss = torch.nn.functional.mse_loss(model(x), x.sum(1, keepdim=True))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        row = [str(episode), f"{loss.item():.4f}", "0.1000"]
        rows.append([*row, "", ""])
        if episode % 250 == 0:
            with torch.no_grad():
                x = torch.randn(100, 4)
                right = ((model(x) > 0) == (x.sum(1, keepdim=True) > 0)).float().mean().item()
            rows.append([*row, f"{100 * right:.1f}%", ""])
        if episode % 1000 == 0:
            rows.append([*row, "", "Promoted" if right > 0.9 else "Failed"])
    with (tmp_path / "metrics.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    run = read_logs(Workspace.of([tmp_path]), ["metrics.csv"]).runs[0]
    assert len(run.metrics["Loss"]) == 60 and list(run.metrics["Loss"].steps) == list(range(50, 3001, 50))
    assert len(run.metrics["WinRandom"]) == 12 and run.metrics["Loss"].values[-1] < run.metrics["Loss"].values[0]
