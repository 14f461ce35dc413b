"""Saved metric histories (Keras `history.history` dumped as JSON or printed as a Python dict) and the safe reading
of a printed literal, against real Keras 3 fits (tests/fixtures/formats/keras_history, scripts/make_format_fixtures.py).
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError, UserError
from server.core.logs import history
from server.core.logs.model import Run, Series
from server.core.logs.reading import read_logs
from server.core.safe_literal import MAX_LITERAL_CHARS, MAX_LITERAL_DEPTH, read_literal
from server.core.workspace import Workspace

FOLDER = Path(__file__).resolve().parent / "fixtures" / "formats" / "keras_history"
EXPECTED = json.loads((FOLDER / "expected.json").read_text())
FIT = EXPECTED["history.json"]["history"]  # a fit validated every 2nd epoch
DIVERGED = EXPECTED["history.txt"]["history"]  # a fit whose loss went 1.06, 4229.7, then nan


def values(series: Series) -> list[str]:
    return [repr(v) for v in series.values]


def logged(numbers: list[float]) -> list[str]:
    return [repr(float(v)) for v in numbers]


def read_in(folder: Path, name: str) -> Run:
    (run,) = read_logs(Workspace.of([folder]), [name]).runs
    return run


def test_a_keras_history_saved_with_json_dump_is_one_point_per_epoch_numbered_from_1(tmp_path: Path) -> None:
    shutil.copy(FOLDER / "history.json", tmp_path / "history.json")
    run = read_in(tmp_path, "history.json")
    assert run.format == "history"
    assert set(run.metrics) == set(FIT) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for name in ("loss", "accuracy"):
        assert list(run.metrics[name].steps) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        assert values(run.metrics[name]) == logged(FIT[name])
    assert run.roles["loss"].role == "train_loss" and run.roles["val_loss"].role == "val_loss"


def test_validation_logged_every_kth_epoch_is_spread_over_the_epochs_it_ran_at() -> None:
    assert EXPECTED["history.json"]["validation_freq"] == 2
    (run,) = history.read(FOLDER / "history.json", "history.json")
    for name in ("val_loss", "val_accuracy"):
        assert list(run.metrics[name].steps) == [2.0, 4.0, 6.0]
        assert values(run.metrics[name]) == logged(FIT[name])


def test_a_printed_history_with_nan_is_read_without_eval_nan_kept_as_a_value(tmp_path: Path) -> None:
    text = (FOLDER / "history.txt").read_text()
    assert text.startswith("{'") and "nan" in text
    shutil.copy(FOLDER / "history.txt", tmp_path / "history.txt")
    run = read_in(tmp_path, "history.txt")
    assert run.format == "history"
    assert values(run.metrics["loss"]) == logged(DIVERGED["loss"])  # repr(nan) == repr(float('nan'))
    assert math.isnan(run.metrics["loss"].values[-1]) and run.metrics["loss"].values[1] == DIVERGED["loss"][1]
    assert values(run.metrics["accuracy"]) == logged(DIVERGED["accuracy"])


def test_a_history_printed_one_key_per_line_is_read_as_the_dict(tmp_path: Path) -> None:
    (tmp_path / "training_logs.txt").write_text(
        "".join(f"{name}: {FIT[name]}\n" for name in ("loss", "accuracy", "val_loss", "val_accuracy"))
    )  # `for key, values in history.history.items(): print(f"{key}: {values}")`
    run = read_in(tmp_path, "training_logs.txt")
    assert run.format == "history"
    assert values(run.metrics["loss"]) == logged(FIT["loss"]) and list(run.metrics["loss"].steps)[-1] == 6.0
    assert list(run.metrics["val_loss"].steps) == [2.0, 4.0, 6.0]  # every 2nd epoch, as the dict gives it


def test_a_list_of_printed_loss_tensors_is_read_by_their_values(tmp_path: Path) -> None:
    """`print(f"loss_log: {losses}")` of the loss tensors a loop kept, a list a line (round61's GY-008): each repr's
    value, its `grad_fn=<...>` (no Python) and `device=` aside."""
    import torch

    from tests.tiny_runs import train_step

    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    kept = []
    for _ in range(5):
        loss = torch.nn.functional.mse_loss(model(x), y)
        kept.append(loss)  # the tensor, its graph with it
        train_step(model, optimizer, x, y, torch.nn.functional.mse_loss)
    assert "grad_fn=<MseLossBackward0>" in str(kept)
    (tmp_path / "train_log.txt").write_text(f"loss_log: {kept}\nlr_log: {[0.1] * len(kept)}\n")
    run = read_in(tmp_path, "train_log.txt")
    assert run.format == "history"
    assert list(run.metrics["loss_log"].values) == pytest.approx([t.item() for t in kept], abs=1e-4)


def test_a_history_whose_first_list_is_longer_than_the_sniffed_head_is_still_a_history(tmp_path: Path) -> None:
    """`val_loss:[...]` then `loss:[...]`, each list of 4,000 epochs longer than the 64 KiB the readers sniff (round22's
    BN-015): the one line the head holds opens on a key and its numbers."""
    from server.core.logs.contract import HEAD_BYTES
    from tests.tiny_runs import train_tiny

    run = train_tiny(0.05, steps=4000)
    losses = list(run.metrics["loss"].values)
    text = f"val_loss:{losses[::-1]}\nloss:{losses}\n"
    assert text.index("\n") > HEAD_BYTES
    (tmp_path / "loss_log.txt").write_text(text)
    read = read_in(tmp_path, "loss_log.txt")
    assert read.format == "history" and values(read.metrics["loss"]) == logged(losses)
    assert len(read.metrics["val_loss"]) == 4000


def test_a_pandas_to_json_history_has_row_numbered_columns_and_its_nulls_are_the_nan_pandas_wrote() -> None:
    text = (FOLDER / "history_df.json").read_text()
    assert text.startswith('{"accuracy":{"0":') and "null" in text
    assert EXPECTED["history_df.json"]["history"] == DIVERGED
    (run,) = history.read(FOLDER / "history_df.json", "history_df.json")
    loss = run.metrics["loss"]
    assert list(loss.steps) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert list(loss.values[:2]) == pytest.approx(DIVERGED["loss"][:2], rel=1e-9)  # to_json keeps 10 decimals
    assert all(math.isnan(v) for v in loss.values[2:]) and all(math.isnan(v) for v in DIVERGED["loss"][2:])
    assert list(run.metrics["accuracy"].values) == DIVERGED["accuracy"]


def test_a_null_in_a_plain_list_is_a_missing_point_the_others_keeping_their_epochs(tmp_path: Path) -> None:
    val_loss = [None, FIT["val_loss"][0], None, FIT["val_loss"][1], None, FIT["val_loss"][2]]
    (tmp_path / "h.json").write_text(json.dumps({"history": {"loss": FIT["loss"], "val_loss": val_loss}}))
    (run,) = history.read(tmp_path / "h.json", "h.json")
    assert list(run.metrics["history/val_loss"].steps) == [2.0, 4.0, 6.0]
    assert values(run.metrics["history/val_loss"]) == logged(FIT["val_loss"])
    assert values(run.metrics["history/loss"]) == logged(FIT["loss"])


def test_numpy_and_torch_scalar_reprs_in_a_printed_history_are_their_numbers(tmp_path: Path) -> None:
    losses = ", ".join(f"np.float64({v!r})" for v in FIT["loss"])
    accuracies = ", ".join(f"tensor({v!r}, dtype=torch.float32)" for v in FIT["accuracy"])
    (tmp_path / "h.txt").write_text(f"{{'loss': [{losses}], 'accuracy': array([{accuracies}], dtype=object)}}\n")
    (run,) = history.read(tmp_path / "h.txt", "h.txt")
    assert values(run.metrics["loss"]) == logged(FIT["loss"])
    assert values(run.metrics["accuracy"]) == logged(FIT["accuracy"])


def test_metadata_beside_the_lists_is_no_metric_and_a_final_float_is_a_point_at_the_last_epoch(tmp_path: Path) -> None:
    document = {
        "timestamp": "2026-04-18T17:21:59",
        "img_size": 112,
        "classes": ["Happy", "Neutral", "Sad"],
        "phase_starts": [0, 2, 4],
        "train": {"loss": FIT["loss"]},
        "test_acc": FIT["val_accuracy"][-1],
    }
    (tmp_path / "training_history.json").write_text(json.dumps(document, indent=2))
    (run,) = history.read(tmp_path / "training_history.json", "training_history.json")
    assert sorted(run.metrics) == ["test_acc", "train/loss"]
    assert values(run.metrics["train/loss"]) == logged(FIT["loss"])
    assert list(run.metrics["test_acc"].steps) == [6.0]
    assert values(run.metrics["test_acc"]) == logged([FIT["val_accuracy"][-1]])
    assert any(note.startswith("phase_starts: lists of integers shorter") for note in run.notes)
    assert any(note.startswith("img_size: single integers") for note in run.notes)


def test_an_epoch_list_of_the_same_length_is_the_axis_not_a_metric(tmp_path: Path) -> None:
    epochs = [10, 20, 30, 40, 50, 60]
    (tmp_path / "h.json").write_text(json.dumps({"epoch": epochs, "loss": FIT["loss"]}))
    (run,) = history.read(tmp_path / "h.json", "h.json")
    assert list(run.metrics) == ["loss"]
    assert list(run.metrics["loss"].steps) == [float(e) for e in epochs]
    (tmp_path / "h.json").write_text(json.dumps({"history": {"epoch": epochs, "loss": FIT["loss"]}}))
    (run,) = history.read(tmp_path / "h.json", "h.json")
    assert list(run.metrics) == ["history/loss"]
    assert list(run.metrics["history/loss"].steps) == [float(e) for e in epochs]


def sniffed(tmp_path: Path, content: bytes) -> bool:
    path = tmp_path / "file"
    path.write_bytes(content)
    return history.sniff(path.resolve(), content[: 64 << 10])


def test_sniff_takes_a_document_of_lists_and_leaves_lines_of_objects_to_the_other_readers(tmp_path: Path) -> None:
    assert sniffed(tmp_path, (FOLDER / "history.json").read_bytes())
    assert sniffed(tmp_path, (FOLDER / "history.txt").read_bytes())
    assert sniffed(tmp_path, b"\xef\xbb\xbf" + json.dumps(FIT, indent=2).encode() + b"\n\n")
    assert not sniffed(tmp_path, b'{"step": 1, "lr": [0.1]}\n{"step": 2, "lr": [0.1]}\n')
    assert not sniffed(tmp_path, b"{'loss': 0.5, 'grad_norm': 1.2}\n{'loss': 0.4, 'grad_norm': 1.1}\n")
    assert not sniffed(tmp_path, b'{"model": "resnet", "lr": 0.1}\n')


def test_records_under_one_key_of_a_document_beside_its_settings_are_the_run(tmp_path: Path) -> None:
    """`json.dump({"config": {...}, "history": records, "final_val_loss": x, "total_params": n}, f, indent=2)`, as
    scripts save a run: each record is one epoch; the settings and the parameter count are no metric."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    records = [
        {"epoch": epoch, "train_loss": losses[25 * epoch - 1], "val_loss": val} for epoch, val in enumerate(vals, 1)
    ]
    saved = {"config": {"lr": 0.05, "epochs": len(records)}, "history": records, "total_params": 321}
    (tmp_path / "training_log.json").write_text(json.dumps(saved, indent=2) + "\n")
    assert history.sniff((tmp_path / "training_log.json").resolve(), (tmp_path / "training_log.json").read_bytes())
    read = read_in(tmp_path, "training_log.json")
    assert sorted(read.metrics) == ["train_loss", "val_loss"]
    assert list(read.metrics["val_loss"].values) == list(vals)
    assert list(read.metrics["train_loss"].steps) == [float(epoch) for epoch in range(1, len(vals) + 1)]


def test_each_splits_records_under_its_own_key_are_that_splits_series(tmp_path: Path) -> None:
    """`json.dump({"train": train_stats, "val": val_stats}, f, indent=4)`, each a list of one dict per epoch (round64's
    HS-001): both splits are read, `train/loss` and `val/loss`, one point an epoch; not the longest list alone."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses, vals = run.metrics["loss"].values, run.metrics["val_loss"].values
    saved = {
        "train": [{"loss": losses[25 * epoch - 1], "accuracy": 0.5} for epoch in range(1, len(vals) + 1)],
        "val": [{"loss": val, "accuracy": 0.5} for val in vals],
    }
    (tmp_path / "training_stats.json").write_text(json.dumps(saved, indent=4))
    read = read_in(tmp_path, "training_stats.json")
    assert sorted(read.metrics) == ["train/accuracy", "train/loss", "val/accuracy", "val/loss"]
    assert list(read.metrics["val/loss"].values) == list(vals)
    assert list(read.metrics["train/loss"].steps) == [float(epoch) for epoch in range(1, len(vals) + 1)]


def test_records_keyed_by_their_round_are_read_on_that_axis_and_per_client_records_left_out(tmp_path: Path) -> None:
    """A federated run's history (round83's KM-012): `{"global": {"1": {"loss": .., "accuracy": ..}, "2": ...},
    "post-fit": {"1": {"66": {"accuracy": ..}}, ...}, "comm_costs": {"1": 7124400, ...}}`, a round a key: the global
    records are series on the rounds, each client's records no run-wide series."""
    from tests.tiny_runs import train_tiny

    vals = list(train_tiny(lr=0.05, steps=150).metrics["val_loss"].values)
    rounds = [2 * n for n in range(1, len(vals) + 1)]  # evaluated every 2nd round
    saved = {
        "global": {str(r): {"loss": val, "accuracy": 1 / (1 + val)} for r, val in zip(rounds, vals, strict=True)},
        "post-fit": {str(r): {str(client): {"accuracy": 0.5} for client in (66, 95)} for r in rounds},
        "locals": {},
    }
    (tmp_path / "history.json").write_text(json.dumps(saved, indent=4))
    assert history.sniff((tmp_path / "history.json").resolve(), (tmp_path / "history.json").read_bytes())
    read = read_in(tmp_path, "history.json")
    assert sorted(read.metrics) == ["global/accuracy", "global/loss"]
    assert list(read.metrics["global/loss"].values) == vals
    assert list(read.metrics["global/loss"].steps) == [float(r) for r in rounds]


def test_an_objects_list_per_epoch_beside_the_metric_lists_is_read_as_their_lists(tmp_path: Path) -> None:
    """`{"train_loss": [...], "train_metrics": [{"mse": .., "mae": ..}, ...]}` (round32's CR-013, a regression's
    metrics dict appended each epoch): each key of the per-epoch objects is a series, `train_metrics/mae`."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses = [float(loss) for loss in run.metrics["loss"].values[24::25]]
    saved = {
        "train_loss": losses,
        "train_metrics": [{"mse": loss, "rmse": math.sqrt(loss)} for loss in losses],
        "learning_rates": [0.05] * len(losses),
    }
    (tmp_path / "training_history.json").write_text(json.dumps(saved, indent=2) + "\n")
    read = read_in(tmp_path, "training_history.json")
    assert set(read.metrics) == {"train_loss", "train_metrics/mse", "train_metrics/rmse", "learning_rates"}
    assert list(read.metrics["train_metrics/rmse"].values) == [math.sqrt(loss) for loss in losses]
    assert list(read.metrics["train_metrics/mse"].steps) == [float(epoch) for epoch in range(1, len(losses) + 1)]


def test_an_object_per_epoch_beside_a_loss_per_step_is_spread_over_the_epochs_steps(tmp_path: Path) -> None:
    """`{"config": {...}, "steps": [loss per step], "epochs": [{"epoch": 1, "train_loss_avg": .., "valid_loss": ..}]}`
    (round19's CC-008): each epoch's object stands at the last step of its epoch, its `epoch` no metric."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=150)
    losses = [float(loss) for loss in run.metrics["loss"].values]
    epochs = [
        {"epoch": e + 1, "train_loss_avg": sum(losses[e * 30 : e * 30 + 30]) / 30, "valid_loss": losses[e * 30 + 29]}
        for e in range(5)
    ]
    saved = {"config": {"lr": 0.05, "epochs": 5}, "steps": losses, "epochs": epochs}
    (tmp_path / "training_log.json").write_text(json.dumps(saved, indent=4) + "\n")
    read = read_in(tmp_path, "training_log.json")
    assert set(read.metrics) == {"steps", "epochs/train_loss_avg", "epochs/valid_loss", "config/lr"}
    assert list(read.metrics["epochs/valid_loss"].steps) == [30.0, 60.0, 90.0, 120.0, 150.0]
    assert list(read.metrics["epochs/train_loss_avg"].values) == [e["train_loss_avg"] for e in epochs]


def test_a_console_that_prints_a_config_dict_before_its_training_lines_stays_text(tmp_path: Path) -> None:
    config = "{'lr': 0.05,\n 'milestones': [2, 4],\n 'betas': [0.9, 0.999]}\n"
    lines = [f"epoch {epoch} loss {loss!r}" for epoch, loss in enumerate(FIT["loss"], start=1)]
    (tmp_path / "train.log").write_text(config + "\n".join(lines) + "\n")
    assert not history.sniff((tmp_path / "train.log").resolve(), (tmp_path / "train.log").read_bytes())
    run = read_in(tmp_path, "train.log")
    assert run.format == "text"
    assert [repr(v) for v in run.metrics["loss"].values] == logged(FIT["loss"])


def test_a_history_that_is_neither_json_nor_a_literal_is_refused_with_what_to_pass(tmp_path: Path) -> None:
    (tmp_path / "h.json").write_text('{"loss": [0.5, 0.4,')
    with pytest.raises(UnreadableInputError, match="neither JSON .* nor a printed Python dict.*history.history"):
        history.read(tmp_path / "h.json", "h.json")


# --- safety: the printed dict is parsed, never run ------------------------------------------------------------------


def test_code_in_a_printed_history_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payloads = [
        f"{{'loss': [0.5, __import__('os').system('touch {marker}')]}}",
        f"{{'loss': [0.5, open('{marker}', 'w')]}}",
        f"{{'loss': [0.5, float(__import__('pathlib').Path('{marker}').touch())]}}",
        "{'loss': [0.5, (lambda: 1)()]}",
        "{'loss': [0.5, 2**10**10]}",
        "{**{'loss': [0.5]}}",
    ]
    for payload in payloads:
        with pytest.raises(ValueError):
            read_literal(payload)
        (tmp_path / "h.txt").write_text(payload)
        with pytest.raises(UnreadableInputError, match="nor a printed Python dict"):
            history.read(tmp_path / "h.txt", "h.txt")
    assert not marker.exists()


def test_a_printed_literal_too_long_or_too_deep_is_refused_before_it_costs_memory() -> None:
    with pytest.raises(ValueError, match="longer than 1 Mi characters"):
        read_literal("{'loss': [" + "0.5, " * (MAX_LITERAL_CHARS // 5) + "]}")
    with pytest.raises(ValueError, match=f"nested deeper than {MAX_LITERAL_DEPTH}"):
        read_literal("[" * (MAX_LITERAL_DEPTH + 2) + "]" * (MAX_LITERAL_DEPTH + 2))
    with pytest.raises(ValueError, match="not a Python literal"):
        read_literal("[" * 100_000)


def test_an_integer_too_long_to_convert_is_refused_with_what_to_do_not_a_crash(tmp_path: Path) -> None:
    """Python's json raises a bare ValueError (not JSONDecodeError) past 4,300 digits: it must become a user error,
    in the history reader and in trainer_state's alike."""
    digits = "9" * 5000
    (tmp_path / "history.json").write_text(f'{{"loss": [0.5, {digits}]}}\n')
    with pytest.raises(UserError, match="neither JSON .*Exceeds the limit"):
        read_logs(Workspace.of([tmp_path]), ["history.json"])
    (tmp_path / "trainer_state.json").write_text(f'{{"log_history": [{{"step": 1, "loss": {digits}}}]}}\n')
    with pytest.raises(UserError, match="not valid JSON .*Exceeds the limit"):
        read_logs(Workspace.of([tmp_path]), ["trainer_state.json"])


def test_a_list_of_records_as_chainers_log_report_writes_it_is_one_point_per_record(tmp_path: Path) -> None:
    """Chainer's `LogReport` rewrites its file `log` as `json.dump(records, f, indent=4)` at each report: one object
    per logging moment with `epoch`, `iteration`, `elapsed_time` and the observed means (`main/loss`, and
    `validation/main/loss` only where an evaluation ran). Records here are those of a real tiny run."""
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=100)
    loss, val = run.metrics["loss"], run.metrics["val_loss"]
    validated = dict(zip(val.steps, val.values, strict=True))
    records = []
    for index in range(9, 100, 10):  # a report every 10 iterations, of the mean over them
        step = loss.steps[index]
        record = {"main/loss": sum(loss.values[index - 9 : index + 1]) / 10, "epoch": int(step // 50)}
        record |= {"iteration": int(step), "elapsed_time": 0.01 * step}
        if step in validated:
            record["validation/main/loss"] = validated[step]
        records.append(record)
    (tmp_path / "log").write_text(json.dumps(records, indent=4))
    read = read_in(tmp_path, "log")
    assert read.format == "history"
    assert list(read.metrics["main/loss"].steps) == [float(r["iteration"]) for r in records]
    assert list(read.metrics["main/loss"].values) == [r["main/loss"] for r in records]
    assert list(read.metrics["validation/main/loss"].steps) == [s for s in val.steps if s % 10 == 0]
    assert "iteration" not in read.metrics


def test_a_list_of_one_number_lists_is_one_column_on_the_row_index(tmp_path: Path) -> None:
    """`json.dump(np.array(losses).reshape(-1, 1).tolist())` (round76's JQ-001, a DQN's TD losses): one series named by
    the file, one point a row, its values as written; the first column of a wider table is still its step."""
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=40).metrics["loss"].values)
    (tmp_path / "loss.txt").write_text(json.dumps([[v] for v in losses]))
    run = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "loss.txt")]).runs[0]  # found a JSON document
    assert list(run.metrics) == ["loss.txt"]
    assert list(run.metrics["loss.txt"].steps) == list(range(1, 41)) and list(run.metrics["loss.txt"].values) == losses
    (tmp_path / "table.json").write_text(json.dumps([[step, v] for step, v in enumerate(losses, 1)]))
    table = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "table.json")]).runs[0]
    assert list(table.metrics["table.json"].values) == losses  # the step column is no series


def test_a_list_of_one_record_lists_is_one_point_per_record_and_its_long_line_no_text_template(tmp_path: Path) -> None:
    """`json.dump` of each episode's final state, each in a list of its own, on one line (round85's KQ-005: 648 KB,
    `[[{"reward": 0, "total_score": 106, ...}], [{...`): a record per episode. The same line in a text log is longer
    than any line a loop prints: no template is learned from it (its regex would cost seconds), and the reader says
    it found no metric line."""
    from server.core.logs.text import MAX_TEMPLATE_BYTES
    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(0.05, steps=400).metrics["loss"].values)
    episodes = [
        [{"reward": round(1 - v, 4), "total_score": round(100 * (1 - v)), "end_game": True, "player": [2, 4]}]
        for v in losses
    ]
    (tmp_path / "train_log.json").write_text(json.dumps(episodes))
    run = read_in(tmp_path, "train_log.json")
    assert run.format == "history"
    assert list(run.metrics["reward"].values) == [e[0]["reward"] for e in episodes]
    assert list(run.metrics["total_score"].steps) == list(range(1, len(episodes) + 1))
    line = f"states {json.dumps(episodes)}"  # printed to a console: no document
    assert len(line) > MAX_TEMPLATE_BYTES
    (tmp_path / "states.log").write_text(line + "\n")
    with pytest.raises(UserError, match="no metric lines found"):
        read_in(tmp_path, "states.log")


def test_a_list_of_numbers_is_a_series_and_such_lists_one_a_line_are_runs_appended(tmp_path: Path) -> None:
    """`json.dump(losses, f)` is one series named by the file; `f.write(str(losses) + "\\n")` after each training run
    (round86's KT-021, a DQN's average rewards, 8 runs of 3 to 674 values) is each run's list, appended: their steps
    count from 1 again. Lists of one length a line, a row each, stay the text reader's table; a console whose lines
    open with a bracketed time stamp is no list."""
    from tests.tiny_runs import train_tiny

    runs = [list(train_tiny(lr, steps=steps).metrics["loss"].values) for lr, steps in ((0.05, 40), (0.02, 12))]
    (tmp_path / "loss.json").write_text(json.dumps(runs[0]))
    (tmp_path / "rewards.txt").write_text("".join(f"{values}\n" for values in runs))
    (tmp_path / "rows.txt").write_text("".join(f"{values[:3]}\n" for values in (runs[0][:3], runs[0][3:6])))
    (tmp_path / "console.log").write_text("[2024-12-05 01:13:52 Train.py-INFO:epoch: 1, dice: 0.86]\n" * 3)
    read = read_logs(Workspace.of([tmp_path]), [str(tmp_path / name) for name in ("loss.json", "rewards.txt")]).runs
    assert list(read[0].metrics["loss.json"].values) == runs[0] and read[0].format == "history"
    appended = read[1].metrics["rewards.txt"]
    assert list(appended.values) == runs[0] + runs[1] and read[1].format == "history"
    assert list(appended.steps) == [*range(1, 41), *range(1, 13)]
    rows = read_logs(Workspace.of([tmp_path]), [str(tmp_path / "rows.txt")]).runs[0]
    assert rows.format == "text" and len(rows.metrics) == 3
    assert not history.sniff(tmp_path / "console.log", (tmp_path / "console.log").read_bytes())


def test_a_document_of_final_results_is_one_point_per_measure_a_settings_dump_none(tmp_path: Path) -> None:
    """`json.dump(results, f, indent=4)` of a real tiny classifier's held-out precision, recall and average precision
    (sklearn's), as a detector's evaluation writes its `output/metrics.json` (round90's LB-007): a point per measure
    (refused as JSON Lines holding "7 blank lines, no record" until round 58); its settings dumped alike are none."""
    import torch
    from sklearn.metrics import average_precision_score, precision_score, recall_score

    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(512)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(30):
        train_step(model, optimizer, x[:384], y[:384], torch.nn.functional.cross_entropy)
    with torch.no_grad():
        score = torch.softmax(model(x[384:]), 1)[:, 0].numpy()
    positive = (y[384:] == 0).numpy()
    results = {
        "Precision": float(precision_score(positive, score > 0.5)),
        "Recall": float(recall_score(positive, score > 0.5)),
        "Average Precision": float(average_precision_score(positive, score)),
    }
    (tmp_path / "metrics.json").write_text(json.dumps(results, indent=4))
    run = read_logs(Workspace.of([tmp_path]), ["metrics.json"]).runs[0]
    assert {name: list(series.values) for name, series in run.metrics.items()} == {
        "Precision": [results["Precision"]],
        "Recall": [results["Recall"]],
        "Average_Precision": [results["Average Precision"]],
    }
    (tmp_path / "settings.json").write_text(json.dumps({"lr": 0.5, "momentum": 0.9, "weight_decay": 0.0001}, indent=4))
    with pytest.raises(UserError, match="no metrics yet"):
        read_logs(Workspace.of([tmp_path]), ["settings.json"])


def test_skorchs_history_is_read_on_one_axis_of_training_batches(tmp_path: Path) -> None:
    """A real skorch `NeuralNetClassifier` fitted 3 epochs on the four-way task, its `history.to_file` (round90's
    LB-016): every training batch's `train_loss` on one axis counted across epochs, each epoch's mean and its
    `valid_loss` and `valid_acc` at that epoch's last batch; its batch sizes, counts, `*_best` flags and `dur` no
    metrics (one point each, the batches lost, until round 58)."""
    import torch
    from skorch import NeuralNetClassifier

    from tests.tiny_runs import four_way_linear

    x, y, _ = four_way_linear(640)
    net = NeuralNetClassifier(
        torch.nn.Linear, module__in_features=8, module__out_features=4, criterion=torch.nn.CrossEntropyLoss,
        max_epochs=3, lr=0.1, batch_size=64, verbose=0,
    )  # fmt: skip
    net.fit(x.numpy(), y.numpy())
    net.history.to_file(str(tmp_path / "history.json"))
    run = read_logs(Workspace.of([tmp_path]), ["history.json"]).runs[0]
    expected, steps, step = [], [], 0
    for epoch in net.history:  # each training batch's loss at its step, then the epoch's mean at its last
        for batch in epoch["batches"]:
            if "train_loss" in batch:
                step += 1
                expected.append(batch["train_loss"])
                steps.append(step)
        expected.append(epoch["train_loss"])
        steps.append(step)
    loss = run.metrics["train_loss"]
    assert list(loss.values) == expected
    assert list(loss.steps) == steps
    assert list(run.metrics["valid_acc"].values) == [e["valid_acc"] for e in net.history]
    assert not {"train_batch_size", "train_batch_count", "valid_loss_best", "dur", "epoch"} & set(run.metrics)
