"""The readers of issue 8's formats, against files the tools (or their writers' code) wrote.

The fixtures under tests/fixtures/formats/ come from scripts/make_format_fixtures.py: real offline W&B runs, a real
Keras CSVLogger and a real mmengine Runner; detectron2, mmdet (mmcv 1.x) and Ultralytics files written by their
writers' code on a real tiny run's values. Each has an expected.json of what was logged: values are compared with
it, exactly.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError, UserError
from server.core.logs import csv_reader, jsonl, openmmlab, trainer_state, wandb_run
from server.core.logs.model import Run, Series
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
WANDB = FORMATS / "wandb"
HF_STATE = Path(__file__).resolve().parent / "fixtures" / "tools" / "hf_trainer" / "trainer_state.json"


def expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text())


def assert_series(series: Series, logged: list[list[float]]) -> None:
    """The same steps and values as logged, exactly (NaN where NaN was logged)."""
    assert list(series.steps) == [step for step, _ in logged]
    assert [repr(v) for v in series.values] == [repr(float(value)) for _, value in logged]


def only_run(runs: list[Run]) -> Run:
    assert len(runs) == 1
    return runs[0]


def wandb_folder(name: str) -> Path:
    run_id = expected(WANDB)["runs"][name]["id"]
    (folder,) = (WANDB / "wandb").glob(f"offline-run-*-{run_id}")
    return folder


def read_in(workspace_dir: Path, path: str) -> list[Run]:
    return read_logs(Workspace.of([workspace_dir]), [path]).runs


# --- W&B -----------------------------------------------------------------------------------------------------------


def test_a_wandb_folder_is_one_run_per_run_folder_and_latest_run_is_not_read_twice() -> None:
    assert (WANDB / "wandb" / "latest-run").is_symlink()
    runs = wandb_run.read(WANDB / "wandb", "wandb")
    names = sorted(wandb_folder(name).name for name in ("plain", "step_metric", "diverging"))
    assert [run.source for run in runs] == [f"wandb/{name}" for name in names]  # by start time, then id
    assert {run.format for run in runs} == {"wandb"}


def test_wandb_history_gives_every_logged_metric_at_its_step() -> None:
    truth = expected(WANDB)["runs"]["plain"]["logged"]
    run = only_run(wandb_run.read(wandb_folder("plain"), "run"))
    assert set(run.metrics) == set(truth) == {"train/loss", "train/grad_norm", "lr", "val/loss"}
    for name, logged in truth.items():
        assert_series(run.metrics[name], logged)
    assert len(run.metrics["val/loss"]) == 4


def test_wandb_step_metric_is_the_axis_and_summary_only_values_are_noted() -> None:
    truth = expected(WANDB)["runs"]["step_metric"]
    run = only_run(wandb_run.read(wandb_folder("step_metric"), "run"))
    assert set(run.metrics) == set(truth["logged"])  # train/global_step is the axis, not a series
    for name, logged in truth["logged"].items():
        assert_series(run.metrics[name], logged)
    summary = truth["summary_only"]
    assert run.notes == [
        f"set on the summary only (not in the history): train_loss={summary['train_loss']:g}, "
        f"train_runtime={summary['train_runtime']:g}",
        "steps are the run's step metric train/global_step (define_metric), not W&B's _step",
    ]


def test_wandb_nan_and_inf_are_values_and_a_failed_exit_is_an_error_event() -> None:
    truth = expected(WANDB)["runs"]["diverging"]
    logged = truth["logged"]["loss"]
    run = only_run(wandb_run.read(wandb_folder("diverging"), "run"))
    assert_series(run.metrics["loss"], logged)
    assert run.metrics["loss"].nan_count() == sum(1 for _, v in logged if math.isnan(v)) == 10
    assert run.metrics["loss"].inf_count() == 1
    assert [(event.level, event.text) for event in run.events] == [
        ("error", f"the run exited with code {truth['exit_code']}")
    ]


def test_wandb_run_folder_keeps_config_and_console_events_and_never_reads_debug_logs() -> None:
    folder = wandb_folder("plain")
    run = only_run(wandb_run.read(folder, "run"))
    assert run.config_files == [str(folder / "files" / "config.yaml")]
    assert [Path(file).relative_to(folder).as_posix() for file in run.files] == [
        f"run-{expected(WANDB)['runs']['plain']['id']}.wandb",
        "files/output.log",
        "files/wandb-summary.json",
    ]
    assert [(event.level, event.text, event.file) for event in run.events] == [
        ("warning", "UserWarning: this is a warning printed by the training script", "run/files/output.log")
    ]
    assert "loss" not in run.metrics and "val_loss" not in run.metrics  # the console's metric lines: history has them


def test_wandb_debug_logs_beside_the_runs_never_give_metrics(tmp_path: Path) -> None:
    shutil.copytree(WANDB / "wandb", tmp_path / "wandb", symlinks=True)
    runs = read_in(tmp_path, "wandb")
    names = {name for run in runs for name in run.metrics}
    assert names == {"train/loss", "train/grad_norm", "lr", "val/loss", "train/learning_rate", "loss"}
    assert {name for run in runs for name in run.axes} == {"train/epoch"}  # the Trainer's epoch counter: an axis
    assert not any("debug" in file for run in runs for file in run.files)


def test_a_wandb_debug_log_given_alone_is_refused_with_a_pointer_to_the_run_folder(tmp_path: Path) -> None:
    folder = tmp_path / "wandb" / "run-20260101_000000-abc123"
    shutil.copytree(wandb_folder("plain"), folder)
    for name in ("debug.log", "debug-internal.log"):
        with pytest.raises(UserError, match="is W&B's own debug log .* pass the run folder"):
            read_in(tmp_path, f"wandb/run-20260101_000000-abc123/logs/{name}")
    with pytest.raises(UserError, match="holds no run .*W&B's own debug log"):
        read_in(tmp_path, "wandb/run-20260101_000000-abc123/logs")
    plain_log = tmp_path / "debug.log"
    plain_log.write_text("step 1 | loss 0.5\nstep 2 | loss 0.4\n")  # a user's own debug.log is a log like any
    assert list(only_run(read_in(tmp_path, "debug.log")).metrics["loss"].values) == [0.5, 0.4]


def test_an_unreadable_run_folder_beside_readable_ones_is_skipped_with_a_note(tmp_path: Path) -> None:
    shutil.copytree(wandb_folder("plain"), tmp_path / "wandb" / wandb_folder("plain").name)
    broken = tmp_path / "wandb" / "run-20200101_000000-broken"
    broken.mkdir()
    (broken / "run-broken.wandb").write_bytes(b"not a W&B log")
    runs = wandb_run.read(tmp_path / "wandb", "wandb")
    assert [run.source for run in runs] == [f"wandb/{wandb_folder('plain').name}"]
    assert runs[0].notes[-1].startswith("wandb/run-20200101_000000-broken is a W&B run folder with nothing readable")


def test_read_logs_shows_a_wandb_runs_config_file_relative_to_the_workspace(tmp_path: Path) -> None:
    name = wandb_folder("plain").name
    shutil.copytree(wandb_folder("plain"), tmp_path / "wandb" / name)
    run = only_run(read_in(tmp_path, f"wandb/{name}"))
    assert run.config_files == [f"wandb/{name}/files/config.yaml"]
    assert run.files[1:] == [f"wandb/{name}/files/output.log", f"wandb/{name}/files/wandb-summary.json"]


def test_a_project_folder_holding_wandb_is_claimed() -> None:
    assert wandb_run.claims_dir(WANDB)
    assert len(wandb_run.read(WANDB, "project")) == 3
    assert not wandb_run.claims_dir(FORMATS / "keras")


def test_a_wandb_run_without_history_reads_the_console_metrics(tmp_path: Path) -> None:
    folder = tmp_path / "offline-run-20260101_000000-abc123"
    shutil.copytree(wandb_folder("plain"), folder)
    for log in folder.glob("*.wandb"):
        log.unlink()
    run = only_run(wandb_run.read(folder, "run"))
    printed = expected(WANDB)["runs"]["plain"]["logged"]["val/loss"]
    assert list(run.metrics["val_loss"].steps) == [step for step, _ in printed]
    assert list(run.metrics["val_loss"].values) == [round(value, 4) for _, value in printed]
    assert "the history holds no metric: metrics read from the console (files/output.log)" in run.notes


def test_a_wandb_run_with_only_its_summary_gives_one_point_series(tmp_path: Path) -> None:
    folder = tmp_path / "run-20260101_000000-abc123"
    (folder / "files").mkdir(parents=True)
    shutil.copy(wandb_folder("plain") / "files" / "wandb-summary.json", folder / "files")
    run = only_run(wandb_run.read(folder, "run"))
    logged = expected(WANDB)["runs"]["plain"]["logged"]
    assert {name: (list(s.steps), list(s.values)) for name, s in run.metrics.items()} == {
        name: ([39.0], [values[-1][1]]) for name, values in logged.items()
    }
    assert run.notes[-1] == "the history holds no metric: the summary's 4 final values are one-point series"


def test_a_wandb_file_alone_is_sniffed_read_and_points_to_its_folder() -> None:
    (log,) = wandb_folder("plain").glob("*.wandb")
    assert wandb_run.sniff(log, log.read_bytes()[:100])
    assert not wandb_run.sniff(log, b"step 1 | loss 0.5\n")
    run = only_run(wandb_run.read(log, "log.wandb"))
    assert_series(run.metrics["train/loss"], expected(WANDB)["runs"]["plain"]["logged"]["train/loss"])
    assert run.notes == [f"read {log.name} alone: pass its run folder ({log.parent.name}) to read its console "
                         "(files/output.log) and config too"]  # fmt: skip


def test_a_cut_wandb_file_keeps_its_complete_records_and_notes_the_cut(tmp_path: Path) -> None:
    (log,) = wandb_folder("plain").glob("*.wandb")
    data = log.read_bytes()
    cut = tmp_path / "cut.wandb"
    cut.write_bytes(data[: len(data) // 2])
    run = only_run(wandb_run.read(cut, "cut.wandb"))
    count = len(run.metrics["train/loss"])
    assert 0 < count < 40
    assert_series(run.metrics["train/loss"], expected(WANDB)["runs"]["plain"]["logged"]["train/loss"][:count])
    assert len(run.notes) == 1 and "cut short" in run.notes[0]


def test_a_corrupt_wandb_chunk_stops_reading_with_a_note(tmp_path: Path) -> None:
    (log,) = wandb_folder("plain").glob("*.wandb")
    data = bytearray(log.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.wandb"
    bad.write_bytes(bytes(data))
    run = only_run(wandb_run.read(bad, "bad.wandb"))
    assert 0 < len(run.metrics["train/loss"]) < 40
    assert len(run.notes) == 1 and "checksum does not match" in run.notes[0]


def varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def frame_like_wandb(records: list[bytes]) -> bytes:
    """A .wandb file of `records`, framed as wandb's DataStore._write_data does (datastore.py): 32 KiB blocks, a
    record that does not fit split into FIRST/MIDDLE/LAST chunks, a block tail under 7 bytes zero-padded."""
    import struct
    import zlib

    block, header = wandb_run.BLOCK_BYTES, wandb_run.CHUNK_HEADER.size
    out = bytearray(wandb_run.HEADER)

    def chunk(data: bytes, kind: int) -> None:
        out.extend(struct.pack("<IHB", zlib.crc32(data, zlib.crc32(bytes([kind]))), len(data), kind) + data)

    for record in records:
        left = block - len(out) % block
        if left < header:
            out.extend(b"\0" * left)
            left = block
        if len(record) + header <= left:
            chunk(record, wandb_run.FULL)
            continue
        room = left - header
        chunk(record[:room], wandb_run.FIRST)
        rest = record[room:]
        while len(rest) > block - header:
            chunk(rest[: block - header], wandb_run.MIDDLE)
            rest = rest[block - header :]
        chunk(rest, wandb_run.LAST)
    return bytes(out)


def test_wandb_records_split_across_blocks_are_reassembled(tmp_path: Path) -> None:
    (log,) = wandb_folder("plain").glob("*.wandb")
    records = list(wandb_run.records_of(log, Run(source="x", format="wandb")))
    history = [record for record in records if any(number == 2 for number, _ in wandb_run._fields(record))]
    assert len(history) == 40
    item = b"\x0a\x00"  # HistoryItem field 1, empty: a name with no value, skipped
    items = item * 41_000  # 82,000 bytes: the record spans three blocks (FIRST, MIDDLE, LAST)
    big = b"\x12" + varint(len(items)) + items  # Record field 2 (history)
    path = tmp_path / "run.wandb"
    path.write_bytes(frame_like_wandb([big, *history * 40]))
    run = only_run(wandb_run.read(path, "run.wandb"))
    logged = expected(WANDB)["runs"]["plain"]["logged"]["train/loss"]
    assert len(path.read_bytes()) > 3 * wandb_run.BLOCK_BYTES
    assert list(run.metrics["train/loss"].values) == [value for _, value in logged] * 40
    assert run.notes == []


def test_a_file_that_is_not_a_wandb_log_is_refused_when_forced(tmp_path: Path) -> None:
    path = tmp_path / "train.log"
    path.write_text("step 1 | loss 0.5\n")
    with pytest.raises(UnreadableInputError, match="does not start with the W&B header"):
        wandb_run.read(path, "train.log")
    header_only = tmp_path / "empty.wandb"
    header_only.write_bytes(wandb_run.HEADER)
    with pytest.raises(UnreadableInputError, match="not a W&B transaction log"):
        wandb_run.read(header_only, "empty.wandb")


def test_a_wandb_console_linked_out_of_the_workspace_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.log"
    outside.write_text("step 1 | loss 0.5\nRuntimeError: secret\n")
    workspace_dir = tmp_path / "ws"
    folder = workspace_dir / "wandb" / "run-20260101_000000-abc123"
    shutil.copytree(wandb_folder("plain"), folder)
    (folder / "files" / "output.log").unlink()
    (folder / "files" / "output.log").symlink_to(outside)
    run = only_run(read_in(workspace_dir, "wandb"))
    assert run.events == []
    assert not any("outside" in file for file in run.files)
    assert any("outside the workspace" in note for note in run.notes)


# --- Keras CSVLogger, Ultralytics results.csv ---------------------------------------------------------------------


def test_keras_csvlogger_training_log_is_read_as_csv_with_every_logged_value(tmp_path: Path) -> None:
    shutil.copy(FORMATS / "keras" / "training.log", tmp_path / "training.log")
    run = only_run(read_in(tmp_path, "training.log"))
    assert run.format == "csv"
    truth = expected(FORMATS / "keras")["logged"]
    assert set(run.metrics) == set(truth) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for name, logged in truth.items():
        assert_series(run.metrics[name], logged)


def test_a_keras_log_with_crlf_and_blank_rows_is_still_csv(tmp_path: Path) -> None:
    text = (FORMATS / "keras" / "training.log").read_text()
    path = tmp_path / "training.log"
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\r\n").encode())
    run = only_run(read_in(tmp_path, "training.log"))
    assert_series(run.metrics["val_loss"], expected(FORMATS / "keras")["logged"]["val_loss"])


def test_a_keras_log_written_with_a_semicolon_separator_is_read_whatever_its_ending(tmp_path: Path) -> None:
    """`CSVLogger(path, separator=";")` (csv.DictWriter with that delimiter; round41's DR-008, a `log.csv`): the
    same table with `;` between cells, read as a .csv and as a .log."""
    text = (FORMATS / "keras" / "training.log").read_text().replace(",", ";")
    truth = expected(FORMATS / "keras")["logged"]
    for name in ("log.csv", "training.log"):
        (tmp_path / name).write_text(text)
        run = only_run(read_in(tmp_path, name))
        assert run.format == "csv" and set(run.metrics) == set(truth)
        assert_series(run.metrics["val_loss"], truth["val_loss"])


def test_a_table_of_tensor_reprs_is_read_as_the_numbers_inside(tmp_path: Path) -> None:
    """A loop that writes its tensors, not their `.item()` (`2\ttensor(3.3929, device='cuda:0')\t0.1`: round21's
    BL-010, a `train.log` tab-separated table): each cell is the number its repr holds, and the file is a table."""
    import torch

    from tests.tiny_runs import train_tiny

    losses = train_tiny(0.05, steps=40).metrics["loss"].values
    rows = [
        f"{epoch}\t{torch.tensor(v, requires_grad=True) * 1!s}\t{torch.tensor(v / 2)!s}\t0.1"
        for epoch, v in enumerate(losses)
    ]
    (tmp_path / "train.log").write_text("epoch\tloss\tacc\tlr\n" + "\n".join(rows) + "\n")
    assert "grad_fn=<MulBackward0>" in rows[0]
    run = only_run(read_in(tmp_path, "train.log"))
    assert run.format == "csv" and len(run.metrics["loss"]) == len(losses)
    assert run.metrics["loss"].values[-1] == pytest.approx(losses[-1], abs=5e-5)  # a repr prints 4 decimals


def test_tensorflows_eager_tensor_reprs_and_a_timestep_column_are_read(tmp_path: Path) -> None:
    """A pandas CSV whose cells are TensorFlow's eager reprs (`"tf.Tensor(960.0452, shape=(), dtype=float32)"`, its
    `shape=()` in parentheses: round71's IX-011, no numeric cell read before round 43), and an RL evaluation's
    `timestep,episode,reward` rows (round71's IW-009): the numbers inside; the timestep is the step, not the episode
    within each evaluation."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(0.05, steps=12).metrics["loss"].values
    rows = [f'{i},{i},"tf.Tensor({v:.7g}, shape=(), dtype=float32)"' for i, v in enumerate(losses)]
    (tmp_path / "loss_log.csv").write_text(",epoch,train_loss\n" + "\n".join(rows) + "\n")
    run = only_run(read_in(tmp_path, "loss_log.csv"))
    assert list(run.metrics["train_loss"].values) == pytest.approx(list(losses), rel=1e-6)
    evaluations = [f"{5000 * (i + 1)},{e},{v:.3f}" for i, v in enumerate(losses) for e in range(3)]
    (tmp_path / "eval.csv").write_text("timestep,episode,reward\n" + "\n".join(evaluations) + "\n")
    run = only_run(read_in(tmp_path, "eval.csv"))
    assert run.metrics["reward"].steps[-1] == 5000 * len(losses)


def test_ultralytics_padded_header_names_are_stripped_and_epoch_is_the_step() -> None:
    path = FORMATS / "ultralytics" / "results.csv"
    assert path.read_text().startswith(" " * 18 + "epoch,")
    run = only_run(csv_reader.read(path, "results.csv"))
    truth = expected(FORMATS / "ultralytics")["logged"]
    assert set(run.metrics) == set(truth)
    for name, logged in truth.items():
        assert_series(run.metrics[name], logged)


def test_a_tensorboard_csv_download_is_named_by_its_tag_and_found_in_a_folder_of_no_log_files(tmp_path: Path) -> None:
    shutil.copytree(FORMATS / "tensorboard_csv", tmp_path / "exported")
    (tmp_path / "exported" / "expected.json").unlink()
    run = only_run(read_in(tmp_path, "exported"))
    assert run.format == "csv"
    assert set(run.metrics) == {"train_loss"}  # the tag from the file name; the wall time is no metric
    assert_series(run.metrics["train_loss"], expected(FORMATS / "tensorboard_csv")["logged"]["train_loss"])
    assert run.roles["train_loss"].role == "train_loss"


def test_a_csv_of_one_named_column_is_that_series_on_the_row_index(tmp_path: Path) -> None:
    """`pd.Series(losses, name="loss").to_csv("loss_history.csv", index=False)` (round31's CP-003): the header's one
    name names the values under it, not the file."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=30).metrics["loss"].values)
    (tmp_path / "loss_history.csv").write_text("loss\n" + "".join(f"{value!r}\n" for value in losses))
    run = only_run(read_in(tmp_path, "loss_history.csv"))
    assert run.format == "csv" and set(run.metrics) == {"loss"}
    assert list(run.metrics["loss"].values) == losses and list(run.metrics["loss"].steps) == list(range(30))


def test_a_comma_table_saved_as_txt_may_name_its_columns_with_blanks(tmp_path: Path) -> None:
    """`f.write("Epoch,Train loss,Val loss\n")` then a row an epoch, saved as `losses.txt` (round32's CR-009): the
    commas delimit, so `Train loss` is one column's name and the file a table, not two unnamed text columns."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    rows = [f"{epoch},{losses[25 * epoch + 24]!r},{val!r}" for epoch, val in enumerate(vals)]
    (tmp_path / "losses.txt").write_text("Epoch,Train loss,Val loss\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "losses.txt"))
    assert read.format == "csv" and set(read.metrics) == {"Train_loss", "Val_loss"}
    assert list(read.metrics["Val_loss"].values) == list(vals)
    assert list(read.metrics["Train_loss"].steps) == [float(epoch) for epoch in range(len(vals))]
    assert read.roles["Val_loss"].role == "val_loss"


def test_accuracies_written_as_percentages_are_read_in_percent(tmp_path: Path) -> None:
    """`f"{epoch}, {lr:.4f}, {loss:.4f}, {acc:.3f}%"` rows (round32's CQ-001): a cell with a trailing `%` is its
    number, not a missing value, so the accuracy columns are series."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=20).metrics["loss"].values
    accuracies = [100 * (1 - min(loss, 1.0)) for loss in losses]  # a monotone stand-in for an accuracy, in percent
    rows = [
        f"{step}, 0.0500, {loss:.4f}, {acc:.3f}%"
        for step, (loss, acc) in enumerate(zip(losses, accuracies, strict=True))
    ]
    (tmp_path / "train_log.csv").write_text("Epoch, lr, Train_Loss, Train_Acc\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "train_log.csv"))
    assert set(read.metrics) == {"lr", "Train_Loss", "Train_Acc"}
    assert list(read.metrics["Train_Acc"].values) == [round(acc, 3) for acc in accuracies]


def test_a_table_with_a_row_per_phase_keeps_each_phases_series_apart(tmp_path: Path) -> None:
    """`epoch,phase,loss` with a `train` and a `val` row per epoch (round34's CX-012): one series per phase
    (`train/loss`, `val/loss`, their roles the training and the validation loss), not one series of both."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    rows = [f"{epoch},train,{losses[25 * epoch - 1]!r}\n{epoch},val,{val!r}" for epoch, val in enumerate(vals, 1)]
    (tmp_path / "train_log.csv").write_text("epoch,phase,loss\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "train_log.csv"))
    assert set(read.metrics) == {"train/loss", "val/loss"}
    assert list(read.metrics["val/loss"].values) == list(vals)
    assert list(read.metrics["train/loss"].steps) == [float(epoch) for epoch in range(1, len(vals) + 1)]
    assert (read.roles["train/loss"].role, read.roles["val/loss"].role) == ("train_loss", "val_loss")
    (tmp_path / "training.log").write_text((tmp_path / "train_log.csv").read_text())  # the same table as a .log
    assert set(only_run(read_in(tmp_path, "training.log")).metrics) == {"train/loss", "val/loss"}  # round52's FK-011


def test_a_type_column_splits_the_rows_a_learning_rate_and_a_split_named_column_aside(tmp_path: Path) -> None:
    """`epoch,type,loss,lr` with a `train` and a `validation` row per epoch (round68's II-003), and a column a split
    already names (`val_macro_f1`, filled on the validation rows alone: round62's HH-010): the loss per split, the
    learning rate one schedule over every row, the split's own column under its name."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    rows = [
        f"{epoch},train,{losses[25 * epoch - 1]!r},0.05,\n{epoch},validation,{val!r},0.05,{1 - val:.4f}"
        for epoch, val in enumerate(vals, 1)
    ]
    (tmp_path / "loss_log.csv").write_text("epoch,type,loss,lr,val_macro_f1\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "loss_log.csv"))
    assert set(read.metrics) == {"train/loss", "validation/loss", "lr", "val_macro_f1"}
    assert list(read.metrics["validation/loss"].values) == list(vals) and len(read.metrics["lr"]) == 2 * len(vals)
    assert len(read.metrics["val_macro_f1"]) == len(vals)


def test_an_epochs_column_is_the_step_of_its_rows(tmp_path: Path) -> None:
    """`epochs,train_loss,val_loss` from a resumed run (round66's HZ-001, epochs 249-801): the plural names the step
    column as the singular does, not a metric over row numbers."""
    from tests.tiny_runs import train_tiny

    vals = train_tiny(lr=0.05, steps=150).metrics["val_loss"].values
    rows = [f"{249 + 5 * i},{val * 1.1!r},{val!r}" for i, val in enumerate(vals)]
    (tmp_path / "metrics_history.csv").write_text("epochs,train_loss,val_loss\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "metrics_history.csv"))
    assert set(read.metrics) == {"train_loss", "val_loss"} and read.metrics["val_loss"].steps[-1] == 249 + 5 * (
        len(vals) - 1
    )
    assert "val_loss" in read.per_epoch


def test_an_object_keyed_by_epoch_numbers_is_its_records_in_epoch_order(tmp_path: Path) -> None:
    """pandas' `to_json(orient="index")` of a history indexed by epoch, its keys out of order as a dict of epochs is
    dumped (round65's HW-004: `{"5": {"val": ..., "train": ...}, "16": ...}`): one record per key, at its epoch."""
    import pandas as pd

    from tests.tiny_runs import train_tiny

    vals = list(train_tiny(lr=0.05, steps=150).metrics["val_loss"].values)
    frame = pd.DataFrame({"val": vals, "train": [v * 0.9 for v in vals]}, index=range(1, len(vals) + 1))
    frame.sample(frac=1.0, random_state=0).to_json(tmp_path / "losses.json", orient="index")
    assert (tmp_path / "losses.json").read_text().startswith('{"') and "\n" not in (
        tmp_path / "losses.json"
    ).read_text()
    read = only_run(read_in(tmp_path, "losses.json"))
    assert set(read.metrics) == {"val", "train"}
    assert list(read.metrics["val"].steps) == [float(e) for e in range(1, len(vals) + 1)]
    assert list(read.metrics["val"].values) == pytest.approx(vals)


def test_a_frame_of_numbered_columns_is_read_under_its_numbers(tmp_path: Path) -> None:
    """`pd.DataFrame(rows).to_csv("loss.csv")` of per-epoch rows with no column names (round61's GY-011): the header
    `,0,1,2` names the columns 0, 1 and 2; it is no row of numbers."""
    import pandas as pd

    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    vals = list(run.metrics["val_loss"].values)
    pd.DataFrame([[v * 1.1, v, v * 0.9] for v in vals]).to_csv(tmp_path / "loss.csv")
    assert (tmp_path / "loss.csv").read_text().startswith(",0,1,2\n")
    read = only_run(read_in(tmp_path, "loss.csv"))
    assert read.format == "csv" and set(read.metrics) == {"0", "1", "2"}
    assert list(read.metrics["1"].values) == pytest.approx(vals) and read.metrics["1"].steps[0] == 0.0


def test_tensorboard_scalars_in_long_form_are_one_run_whose_validation_split_is_named() -> None:
    """`run,tag,step,value` (TensorBoard's `get_scalars()` columns): the runs named after splits are one run's
    `train` and `validation` folders, the validation tag prefixed as the TensorBoard reader prefixes it."""
    run = only_run(read_in(FORMATS / "tensorboard_long", "scalars.csv"))
    logged = expected(FORMATS / "tensorboard_long")["logged"]
    assert set(run.metrics) == {"epoch_loss", "validation/epoch_loss"}
    assert_series(run.metrics["epoch_loss"], logged["train"])
    assert_series(run.metrics["validation/epoch_loss"], logged["validation"])
    assert (run.roles["epoch_loss"].role, run.roles["validation/epoch_loss"].role) == ("train_loss", "val_loss")


def test_a_metric_history_in_long_form_gives_one_run_per_run_id(tmp_path: Path) -> None:
    """MLflow's metric history exported in long form (`Run,Run ID,metric,step,timestamp,value`, round29's CJ-008):
    each run id is a run of its own, its metrics named by the `metric` column, the time stamp no metric."""
    from tests.tiny_runs import train_tiny

    losses = {lr: list(train_tiny(lr=lr, steps=20).metrics["loss"].values) for lr in (0.01, 0.1)}
    rows = ['"Run","Run ID","metric","step","timestamp","value"']
    for index, (lr, values) in enumerate(losses.items()):
        rows += [
            f'"lr{lr}","id{index}","loss","{step}","1761884192934","{value!r}"' for step, value in enumerate(values)
        ]
    (tmp_path / "loss.csv").write_text("\n".join(rows) + "\n")
    runs = csv_reader.read(tmp_path / "loss.csv", "loss.csv")
    assert [run.source for run in runs] == ["loss.csv (id0)", "loss.csv (id1)"]
    for run, values in zip(runs, losses.values(), strict=True):
        assert set(run.metrics) == {"loss"} and list(run.metrics["loss"].values) == values
        assert list(run.metrics["loss"].steps) == list(range(20))


def test_a_folder_reads_its_tables_only_when_no_log_file_gives_a_run(tmp_path: Path) -> None:
    (tmp_path / "train.log").write_text("".join(f"step {i} | loss {1 / i:.4f}\n" for i in range(1, 30)))
    (tmp_path / "data.csv").write_text("feature_a,feature_b\n" + "1,2\n" * 10)
    (run,) = read_in(tmp_path, ".")
    assert set(run.metrics) == {"loss"} and run.files[0].endswith("train.log")


# --- pickled histories ---------------------------------------------------------------------------------------------

PICKLED = FORMATS / "keras_pickle"


def epochs_of(values: list[float]) -> list[list[float]]:
    return [[epoch, value] for epoch, value in enumerate(values, 1)]


def test_a_pickled_keras_history_is_read_as_the_dict_it_holds() -> None:
    """`pickle.dump(history.history, open("trainHistoryDict", "wb"))`: no ending, a binary pickle."""
    run = only_run(read_in(PICKLED, "trainHistoryDict"))
    truth = expected(PICKLED)["history"]
    assert run.format == "history" and set(run.metrics) == set(truth)
    for name, values in truth.items():
        assert_series(run.metrics[name], epochs_of(values))


def test_a_pickled_history_of_numpy_scalars_gives_their_values() -> None:
    run = only_run(read_in(PICKLED, "history_np.pkl"))
    for name, values in expected(PICKLED)["history_np"].items():
        assert_series(run.metrics[name], epochs_of(values))


def test_parallel_lists_pickled_at_protocol_0_are_a_step_column_and_a_value_column() -> None:
    """`pickle.dump([steps, losses], f, 0)` saved as .txt (round22's BT-006): two long lists are columns, not rows."""
    assert (PICKLED / "losses.txt").read_bytes().startswith(b"(lp0\n")
    run = only_run(read_in(PICKLED, "losses.txt"))
    assert_series(run.metrics["losses.txt"], expected(PICKLED)["losses.txt"])


def test_lists_of_their_own_lengths_pickled_together_are_a_series_each(tmp_path: Path) -> None:
    """`pickle.dump([batch_losses, epoch_losses], open("train_loss.txt", "wb"))` of a real tiny run (round85's KQ-008,
    refused as neither a history nor a table until round 57): each list is a series on its own index, the first named
    by the file, the other `<file> row 2`, as the text reader names a row of numbers."""
    import pickle

    from tests.tiny_runs import train_tiny

    batches = list(train_tiny(lr=0.05, steps=100).metrics["loss"].values)
    epochs = [sum(batches[i : i + 25]) / 25 for i in range(0, 100, 25)]
    (tmp_path / "train_loss.txt").write_bytes(pickle.dumps([batches, epochs]))
    run = only_run(read_in(tmp_path, "train_loss.txt"))
    assert list(run.metrics) == ["train_loss.txt", "train_loss.txt row 2"]
    assert list(run.metrics["train_loss.txt"].values) == batches
    assert list(run.metrics["train_loss.txt row 2"].values) == epochs
    assert list(run.metrics["train_loss.txt row 2"].steps) == [1.0, 2.0, 3.0, 4.0]


class RunsACommand:
    """What a hostile pickle holds: unpickling it would call `os.system`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        import os

        return os.system, (f"touch {self.marker}",)


def test_a_pickle_naming_any_other_callable_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "ran"
    for protocol in (0, 2, 5):
        (tmp_path / "history.pkl").write_bytes(pickle.dumps({"loss": [0.5, RunsACommand(marker)]}, protocol=protocol))
        with pytest.raises(UserError, match=r"names (posix|os)\.system, which no metric history needs"):
            read_in(tmp_path, "history.pkl")
    assert not marker.exists()


def test_a_pickle_holding_a_list_inside_itself_is_refused(tmp_path: Path) -> None:
    import pickle

    cyclic: list = [0.5, 0.4]
    cyclic.append(cyclic)
    (tmp_path / "history.pkl").write_bytes(pickle.dumps({"loss": cyclic}))
    with pytest.raises(UserError, match="inside itself"):
        read_in(tmp_path, "history.pkl")


# --- trainer_state.json entries without step ----------------------------------------------------------------------


def test_trainer_state_entries_without_step_take_the_step_of_the_entry_before(tmp_path: Path) -> None:
    state = json.loads(HF_STATE.read_text())
    eval_entries = [entry for entry in state["log_history"] if "eval_loss" in entry]
    for entry in eval_entries:
        del entry["step"]
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps(state))
    run = only_run(trainer_state.read(path, "trainer_state.json"))
    history = state["log_history"]
    before = [history[history.index(entry) - 1]["step"] for entry in eval_entries]
    assert list(run.metrics["eval_loss"].steps) == before
    assert list(run.metrics["eval_loss"].values) == [entry["eval_loss"] for entry in eval_entries]
    assert run.notes == [f"{len(eval_entries)} log_history entries have no step: each is put at the step of the "
                         "entry before it"]  # fmt: skip


def test_trainer_state_without_any_step_puts_each_entry_at_its_epoch(tmp_path: Path) -> None:
    state = json.loads(HF_STATE.read_text())
    for entry in state["log_history"]:
        entry.pop("step", None)
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps(state))
    run = only_run(trainer_state.read(path, "trainer_state.json"))
    train = [entry for entry in state["log_history"] if "loss" in entry]
    assert list(run.metrics["loss"].steps) == [entry["epoch"] for entry in train]
    assert run.notes == ["no log_history entry has a step: each is put at its epoch (else its index)"]


# --- OpenMMLab and detectron2 JSON lines ---------------------------------------------------------------------------


def test_mmengine_scalars_json_puts_validation_at_the_last_training_step_of_its_epoch() -> None:
    path = FORMATS / "mmengine" / "vis_data" / "scalars.json"
    assert openmmlab.sniff(path, path.read_bytes()[:65536])
    run = only_run(openmmlab.read(path, "scalars.json"))
    for name, logged in expected(FORMATS / "mmengine")["logged"].items():
        assert_series(run.metrics[name], logged)
    assert {"epoch", "iter", "step"}.isdisjoint(run.metrics)
    assert list(run.metrics["val/time"].steps) == [8.0, 16.0, 24.0]  # the validation's own timing, apart
    assert run.notes == ["3 validation records give the epoch as their step (mmengine, epoch-based loop): each is "
                         "put at the last training step logged in that epoch"]  # fmt: skip


def test_mmdet_log_json_is_on_one_global_step_with_val_metrics_apart() -> None:
    path = next((FORMATS / "mmdet").glob("*.log.json"))
    truth = expected(FORMATS / "mmdet")
    run = only_run(read_in(FORMATS, f"mmdet/{path.name}"))
    assert run.format == "openmmlab"
    for name, logged in truth["logged"].items():
        assert_series(run.metrics[name], logged)
    assert len(run.metrics["lr"]) == len(truth["logged"]["loss"])  # the lr val records repeat is not kept
    assert "env_info" not in run.metrics and "seed" not in run.metrics
    assert run.notes == [
        "steps are (epoch - 1) * 10 + iter (mmcv's iter restarts every epoch); a val record is at the end of its epoch"
    ]
    assert run.roles["val/loss"].role == "val_loss" and run.roles["loss"].role == "train_loss"


def test_mmdet_val_workflow_records_counting_val_iterations_stay_at_their_epochs_end(tmp_path: Path) -> None:
    path = next((FORMATS / "mmdet").glob("*.log.json"))
    text = path.read_text().replace('"mode": "val", "epoch": 1, "iter": 10', '"mode": "val", "epoch": 1, "iter": 2')
    (tmp_path / "run.log.json").write_text(text)  # a ('val', 1) workflow: iter is the val loader's length
    run = only_run(openmmlab.read(tmp_path / "run.log.json", "run.log.json"))
    assert list(run.metrics["val/loss"].steps) == [10.0, 20.0, 30.0]
    assert list(run.metrics["loss"].steps) == [5.0, 10.0, 15.0, 20.0, 25.0, 30.0]


def test_mmdet_log_without_val_records_takes_the_largest_iter_and_says_so(tmp_path: Path) -> None:
    path = next((FORMATS / "mmdet").glob("*.log.json"))
    lines = [line for line in path.read_text().splitlines() if '"mode": "val"' not in line]
    (tmp_path / "run.log.json").write_text("\n".join(lines) + "\n")
    run = only_run(openmmlab.read(tmp_path / "run.log.json", "run.log.json"))
    assert list(run.metrics["loss"].steps) == [5.0, 10.0, 15.0, 20.0, 25.0, 30.0]
    assert run.notes[0].startswith("no val record tells the iterations per epoch: taken as 10")


def test_openmmlab_sniff_leaves_plain_json_lines_to_jsonl() -> None:
    path = FORMATS / "detectron2" / "metrics.json"
    assert not openmmlab.sniff(path, path.read_bytes())
    assert not openmmlab.sniff(Path("log.jsonl"), b'{"step": 1, "loss": 0.5}\n')
    assert openmmlab.sniff(Path("x.json"), b'{"lr": 0.1, "loss": 1.0, "epoch": 1, "memory": 2965, "step": 96}\n')


def test_detectron2_metrics_json_gives_every_written_value_at_its_iteration() -> None:
    run = only_run(read_in(FORMATS, "detectron2/metrics.json"))
    assert run.format == "jsonl"
    for name, logged in expected(FORMATS / "detectron2")["logged"].items():
        assert_series(run.metrics[name], logged)
    assert run.roles["total_loss"].role == "train_loss"
    assert run.roles["loss_cls"].role == "loss_component"
    assert run.format == jsonl.FORMAT
    assert b'"roi_head/num_fg_samples": ' in (FORMATS / "detectron2" / "metrics.json").read_bytes()
    assert not [name for name in run.metrics if "num_" in name]  # counts of samples: bookkeeping, no metric


# --- through the MCP tool ------------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_read_training_log_reads_each_new_format_with_the_logged_numbers(repo_client) -> None:
    base = "tests/fixtures/formats"
    paths = [
        f"{base}/wandb/wandb",
        f"{base}/keras/training.log",
        f"{base}/mmengine/vis_data/scalars.json",
        f"{base}/ultralytics/results.csv",
        f"{base}/detectron2/metrics.json",
    ]
    result = await repo_client.call_tool("read_training_log", {"paths": paths, "metrics": ["*"]})
    assert not result.is_error, result.content
    runs = {run["source"]: run for run in result.structured_content["runs"]}
    plain = f"{base}/wandb/wandb/{wandb_folder('plain').name}"
    assert {source: run["format"] for source, run in runs.items()} == {
        plain: "wandb",
        f"{base}/wandb/wandb/{wandb_folder('step_metric').name}": "wandb",
        f"{base}/wandb/wandb/{wandb_folder('diverging').name}": "wandb",
        f"{base}/keras/training.log": "csv",
        f"{base}/mmengine/vis_data/scalars.json": "openmmlab",
        f"{base}/ultralytics/results.csv": "csv",
        f"{base}/detectron2/metrics.json": "jsonl",
    }
    wandb_loss = runs[plain]["metrics"]["train/loss"]
    logged = expected(WANDB)["runs"]["plain"]["logged"]["train/loss"]
    assert (wandb_loss["count"], wandb_loss["last_step"], wandb_loss["last"]) == (40, 39, logged[-1][1])
    assert runs[plain]["judged"]["train_loss"] == "train/loss"
    assert runs[plain]["judged"]["val_loss"] == "val/loss"
    keras = runs[f"{base}/keras/training.log"]["metrics"]["val_loss"]
    assert keras["last"] == expected(FORMATS / "keras")["logged"]["val_loss"][-1][1]
    mse = runs[f"{base}/mmengine/vis_data/scalars.json"]["metrics"]["regression/mse"]
    assert (mse["count"], mse["last_step"]) == (3, 24)
    box = runs[f"{base}/ultralytics/results.csv"]["metrics"]["train/box_loss"]
    assert (box["count"], box["last"]) == (5, expected(FORMATS / "ultralytics")["logged"]["train/box_loss"][-1][1])
    total = runs[f"{base}/detectron2/metrics.json"]["metrics"]["total_loss"]
    assert (total["count"], total["last_step"], total["role"]) == (5, 99, "train_loss")


@pytest.mark.anyio
async def test_read_training_log_reads_a_wandb_file_forced_or_alone(repo_client) -> None:
    (log,) = wandb_folder("diverging").glob("*.wandb")
    shown = log.relative_to(FORMATS.parent.parent.parent).as_posix()
    result = await repo_client.call_tool("read_training_log", {"paths": [shown], "format": "wandb"})
    assert not result.is_error, result.content
    loss = result.structured_content["runs"][0]["metrics"]["loss"]
    assert (loss["count"], loss["nan_count"], loss["inf_count"], loss["last"]) == (30, 10, 1, "nan")


def test_xgboost_evaluation_log_gives_each_printed_round_under_its_metric_name() -> None:
    folder = FORMATS / "xgboost"
    truth = expected(folder)
    run = only_run(read_in(folder, "train.log"))
    assert set(run.metrics) == {"train-ndcg@3", "val-ndcg@3"}
    for split in ("train", "val"):
        recorded = truth["evals_result"][split]["ndcg@3"]
        rounds = [*range(0, len(recorded), truth["every"]), len(recorded) - 1]  # XGBoost prints the last round too
        series = run.metrics[f"{split}-ndcg@3"]
        assert list(series.steps) == [float(r) for r in rounds]
        assert list(series.values) == [round(recorded[r], 5) for r in rounds]  # printed with 5 decimals
    assert run.roles["val-ndcg@3"].role == "accuracy"  # higher is better: the quality the debugger judges


def test_deepxde_table_gives_each_loss_as_the_total_of_its_terms_and_its_duration_no_metric() -> None:
    """DeepXDE's TrainingDisplay prints each loss as a list of its terms (`[2.16e+00, 1.00e+00]`: the ODE residual, the
    initial condition) under `Step  Train loss  Test loss  Test metric`: each row's total (the loss DeepXDE plots) at
    its step; `'train' took 0.19 s` is a duration, not a metric named `s`."""
    folder = FORMATS / "deepxde"
    truth = expected(folder)
    run = only_run(read_in(folder, "train.log"))
    train = run.metrics["Train_loss"]
    assert list(train.steps) == [float(step) for step in truth["steps"]]
    printed = [sum(float(f"{term:.2e}") for term in terms) for terms in truth["loss_train"]]  # printed with 2 digits
    assert list(train.values) == pytest.approx(printed, rel=1e-6)
    assert run.metrics["Test_metric"].values[-1] == pytest.approx(float(f"{truth['metrics_test'][-1][0]:.2e}"))
    assert "s" not in run.metrics and run.roles["Train_loss"].role == "train_loss"
    bare = only_run(read_in(folder, "no_metric.log"))  # no metric asked for: `[]` in every row, a blank column
    printed = [sum(float(f"{term:.2e}") for term in terms) for terms in truth["no_metric_loss_train"]]
    assert list(bare.metrics["Train_loss"].values) == pytest.approx(printed, rel=1e-6)
    assert list(bare.metrics["Train_loss"].steps) == [float(step) for step in truth["no_metric_steps"]]
    assert "Test_metric" not in bare.metrics


def test_stable_baselines3_progress_csv_steps_by_total_timesteps_as_its_console_tables_do() -> None:
    """SB3's `csv` output names its step `time/total_timesteps` (a section before `/`): each rollout's row at its
    environment step, the losses from the second rollout on (the first row's `train/` cells are blank), the same
    points its console tables print."""
    folder = FORMATS / "sb3"
    every = expected(folder)["steps_per_rollout"]
    table = only_run(read_in(folder, "progress.csv"))
    assert "time/total_timesteps" not in table.metrics and not any("no step column" in n for n in table.notes)
    assert list(table.metrics["rollout/ep_rew_mean"].steps) == [every * i for i in (1, 2, 3, 4)]
    assert list(table.metrics["train/loss"].steps) == [every * i for i in (2, 3, 4)]
    console = only_run(read_in(folder, "train.log"))
    assert list(console.metrics["train/loss"].steps) == list(table.metrics["train/loss"].steps)
    for got, printed in zip(table.metrics["train/loss"].values, console.metrics["train/loss"].values, strict=True):
        assert math.isclose(got, printed, rel_tol=5e-3)  # the console prints 3 significant digits
    assert table.roles["train/loss"].role == "train_loss"


def test_pandas_index_column_is_the_step_and_an_appended_session_starts_it_over() -> None:
    folder = FORMATS / "pandas_appended"
    first, second = expected(folder)["sessions"]
    run = only_run(read_in(folder, "losses.csv"))
    assert set(run.metrics) == {"loss", "val_loss"}  # the unnamed index is no metric
    steps = [*range(first), *range(second)]
    assert list(run.metrics["loss"].steps) == [float(s) for s in steps]
    assert any("goes back 1 time(s)" in note for note in run.notes)  # the second session, said


def test_an_rl_loops_episode_logs_read_on_their_steps_the_episode_an_axis_and_listed_values_unwrapped() -> None:
    folder = FORMATS / "rl_episodes"
    rows = (folder / "episodes.csv").read_text().splitlines()[1:]
    table = only_run(read_in(folder, "episodes.csv"))
    assert set(table.metrics) == {"reward", "loss"}  # the episode counter is no metric: an axis beside the step
    assert list(table.metrics["loss"].steps) == [float(row.split(",")[1]) for row in rows]
    assert list(table.axes["episode"].values) == [float(row.split(",")[0]) for row in rows]
    lines = only_run(read_in(folder, "train_log.txt"))
    assert set(lines.metrics) == {"reward", "loss"}
    assert list(lines.metrics["loss"].steps) == [float(e) for e in range(1, expected(folder)["episodes"] + 1)]
    for printed, row in zip(lines.metrics["loss"].values, rows, strict=True):
        assert math.isclose(printed, float(row.split(",")[3]), abs_tol=5e-5)  # the same run, printed to 6 places
    assert lines.roles["loss"].role == "train_loss"


def test_lightgbm_evaluation_log_gives_each_printed_round_with_its_set_and_metric() -> None:
    folder = FORMATS / "lightgbm"
    truth = expected(folder)
    run = only_run(read_in(folder, "train.log"))
    assert set(run.metrics) == {"training's_binary_logloss", "valid_1's_binary_logloss"}
    for written in ("training", "valid_1"):
        recorded = truth["record_evaluation"][written]["binary_logloss"]
        rounds = range(truth["every"], len(recorded) + 1, truth["every"])  # LightGBM counts its rounds from 1
        series = run.metrics[f"{written}'s_binary_logloss"]
        assert list(series.steps) == [float(r) for r in rounds]
        assert list(series.values) == [float(f"{recorded[r - 1]:g}") for r in rounds]  # printed with %g
    assert run.roles["training's_binary_logloss"].role == "train_loss"
    assert run.roles["valid_1's_binary_logloss"].role == "val_loss"


def test_catboost_verbose_fit_is_read_at_its_iterations_its_times_apart() -> None:
    folder = FORMATS / "catboost"
    truth = expected(folder)["evals_result"]
    run = only_run(read_in(folder, "train.log"))
    printed = [
        int(line.split(":")[0]) for line in (folder / "train.log").read_text().splitlines() if "\tlearn:" in line
    ]
    assert printed == [0, 5, 10, 15, 20, 25, 29]
    for name, recorded in (("learn", truth["learn"]["Logloss"]), ("test", truth["validation"]["Logloss"])):
        assert list(run.metrics[name].steps) == [float(i) for i in printed]  # the iteration, not the line's place
        assert list(run.metrics[name].values) == [round(recorded[i], 7) for i in printed]
    assert run.roles["total"].role == "progress"  # `total: 46.9ms`: time spent


def test_catboost_training_json_is_read_at_its_iterations_under_its_declared_metrics() -> None:
    """CatBoost's own `catboost_info/catboost_training.json` (round67's IG-010, refused before): its `iterations`
    records, each set's values named by the metrics its `meta` declares; one document, though a record a line."""
    folder = FORMATS / "catboost"
    truth = expected(folder)["evals_result"]
    run = only_run(read_in(folder / "catboost_info", "catboost_training.json"))
    assert run.format == "history"
    for name, recorded in (
        ("learn/Logloss", truth["learn"]["Logloss"]),
        ("test/Logloss", truth["validation"]["Logloss"]),
    ):
        assert list(run.metrics[name].steps) == [float(i) for i in range(30)]
        assert list(run.metrics[name].values) == pytest.approx(recorded, abs=1e-9)
    assert run.roles["learn/Logloss"].role == "train_loss" and run.roles["test/Logloss"].role == "val_loss"


def test_spacy_training_table_is_read_by_column_at_its_steps() -> None:
    """spaCy's console table (`E    #       LOSS TOK2VEC  LOSS NER  ENTS_F ...`): names of two words one blank apart,
    columns two or more apart, the epoch and step columns `E` and `#`, colour codes around the pipeline's notes."""
    folder = FORMATS / "spacy"
    logged = [json.loads(line) for line in (folder / "scores.jsonl").read_text().splitlines()]
    run = only_run(read_in(folder, "train.log"))
    assert set(run.metrics) == {"LOSS_TOK2VEC", "LOSS_NER", "ENTS_F", "ENTS_P", "ENTS_R", "SCORE"}
    steps = [float(entry["step"]) for entry in logged]
    for name, value in (
        ("LOSS_NER", lambda e: e["losses"]["ner"]),
        ("ENTS_F", lambda e: e["scores"]["ents_f"]),
        ("SCORE", lambda e: e["score"]),
    ):
        assert list(run.metrics[name].steps) == steps
        assert list(run.metrics[name].values) == [round(value(entry), 2) for entry in logged]  # printed `%.2f`


def test_timm_console_puts_each_update_on_the_global_step_its_epoch_and_counter_give() -> None:
    """`Train: 1 [  10/40 ( 28%)]`: the epoch, then the update within it and its total, a percentage in the same
    bracket (padded one way at 28%, another at 100%: one line shape all the same)."""
    folder = FORMATS / "timm"
    truth = expected(folder)
    run = only_run(read_in(folder, "train.log"))
    assert [[int(s), v] for s, v in zip(run.metrics["Loss"].steps, run.metrics["Loss"].values, strict=True)] == truth[
        "train"
    ]
    test = run.metrics["Test_Loss"]
    at_end = {int(step): value for step, value in zip(test.steps, test.values, strict=True)}  # its last batch's
    assert [[step, value] for step, value in at_end.items()] == truth["test"]
    assert run.roles["Loss"].role == "train_loss" and run.roles["Test_Loss"].role == "val_loss"


def test_an_episode_column_is_the_step_and_blank_rows_are_no_rows(tmp_path: Path) -> None:
    """An RL script's `csv.writer` through a Windows text-mode file (`episode,total_reward\\r\\r\\n`: round26's
    CA-012): each episode is a step, and the blank row after each record neither counts nor shifts the index of a
    table that has no step column."""
    import csv

    from tests.tiny_runs import train_dqn

    run = train_dqn(episodes=100)
    returns, losses = run.metrics["ep_return"].values, run.metrics["td_loss"].values
    for header, steps in (
        (["episode", "total_reward"], range(1, len(returns) + 1)),
        (["total_reward", "td_loss"], range(len(returns))),
    ):
        path = tmp_path / "rewards.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\r\n")
            writer.writerow(header)
            cells = [[episode, value] for episode, value in enumerate(returns, start=1)]
            writer.writerows(cells if header[0] == "episode" else zip(returns, losses, strict=True))
        run = only_run(read_in(tmp_path, "rewards.csv"))
        assert list(run.metrics["total_reward"].steps) == [float(step) for step in steps]
        assert list(run.metrics["total_reward"].values) == list(returns)


def test_a_json_list_of_rows_is_a_table_with_no_header(tmp_path: Path) -> None:
    """`json.dump(history)` of `history.append([step, train_loss, val_loss])` (round27's CB-004): a first column of
    increasing integers is the step, the values are named as a headerless text table's are; rows with no such
    column are steps 1, 2, ...."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=40)
    steps, losses = run.metrics["loss"].steps, run.metrics["loss"].values
    norms = run.metrics["grad_norm"].values
    (tmp_path / "loss_history.json").write_text(
        json.dumps([[int(s), v, g] for s, v, g in zip(steps, losses, norms, strict=True)])
    )
    read = only_run(read_in(tmp_path, "loss_history.json"))
    assert read.format == "history"
    assert list(read.metrics["loss_history.json"].steps) == list(steps)
    assert list(read.metrics["loss_history.json"].values) == list(losses)
    assert list(read.metrics["loss_history.json column 3"].values) == list(norms)
    (tmp_path / "pairs.json").write_text(json.dumps([[v, g] for v, g in zip(losses, norms, strict=True)]))
    pairs = only_run(read_in(tmp_path, "pairs.json"))
    assert list(pairs.metrics["pairs.json"].steps) == list(range(1, len(losses) + 1))
    assert list(pairs.metrics["pairs.json column 2"].values) == list(norms)


def test_a_frame_column_is_the_step_of_an_rl_table(tmp_path: Path) -> None:
    """A DQN's `Frame,Reward,Epsilon,Loss,QValue` every 5,000 frames (round27's CC-014): the frames are the steps."""
    from tests.tiny_runs import train_dqn

    run = train_dqn(episodes=100)
    returns, losses = run.metrics["ep_return"].values, run.metrics["td_loss"].values
    rows = [f"{5000 * i},{ret},{loss}" for i, (ret, loss) in enumerate(zip(returns, losses, strict=True), start=1)]
    (tmp_path / "training_logs.txt").write_text("Frame,Reward,Loss\n" + "\n".join(rows) + "\n")
    read = only_run(read_in(tmp_path, "training_logs.txt"))
    assert list(read.metrics["Loss"].steps) == [5000.0 * i for i in range(1, len(losses) + 1)]
    assert "Frame" not in read.metrics


def test_a_history_list_named_steps_that_holds_losses_is_a_metric_not_the_axis(tmp_path: Path) -> None:
    """`{"config": {...}, "steps": [8.40, 8.38, ...]}`: one loss per step under the name `steps` (round27's CC-008)
    is a metric; an axis lists whole numbers in order (`"epoch": [1, 2, 3]`, or fractional epochs)."""
    from tests.tiny_runs import train_tiny

    losses = train_tiny(lr=0.05, steps=40).metrics["loss"].values
    (tmp_path / "training_log.json").write_text(json.dumps({"config": {"lr": 0.0001}, "steps": list(losses)}))
    read = only_run(read_in(tmp_path, "training_log.json"))
    assert list(read.metrics["steps"].values) == list(losses)
    (tmp_path / "history.json").write_text(json.dumps({"epoch": [0.5, 1.0, 1.5], "loss": list(losses[:3])}))
    assert list(only_run(read_in(tmp_path, "history.json")).metrics["loss"].steps) == [0.5, 1.0, 1.5]
