"""The readers of formats written by real tools, against files those tools wrote.

The fixtures under tests/fixtures/tools/ come from scripts/make_tool_fixtures.py
(Lightning, transformers' Trainer, torch's SummaryWriter, MLflow), each with an
expected.json of what the script handed the tool: values are compared with it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from server.core.errors import UnreadableInputError, UserError
from server.core.logs import csv_reader, mlflow_store, tensorboard, text, trainer_state
from server.core.logs.model import Run, Series
from server.core.logs.roles import MetricRole

TOOLS = Path(__file__).resolve().parent / "fixtures" / "tools"
LIGHTNING = TOOLS / "lightning"
LIGHTNING_CSV = LIGHTNING / "lightning_logs" / "version_0" / "metrics.csv"
HF = TOOLS / "hf_trainer"
TENSORBOARD = TOOLS / "tensorboard"
MLFLOW = TOOLS / "mlflow"
PADDLE = TOOLS / "paddle"


def expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text())


def assert_series(series: Series, logged: list[list[float]], rel: float = 1e-6) -> None:
    """Same steps exactly, same values to float32 precision, NaN where NaN was logged."""
    assert list(series.steps) == [step for step, _ in logged]
    assert list(series.values) == pytest.approx([value for _, value in logged], rel=rel, nan_ok=True)


def nan_count(logged: list[list[float]]) -> int:
    return sum(1 for _, value in logged if math.isnan(value))


def head(path: Path) -> bytes:
    return path.read_bytes()[:65536]


def only_run(runs: list[Run]) -> Run:
    assert len(runs) == 1
    return runs[0]


# --- CSV and Lightning's metrics.csv -------------------------------------------------------------------------


def test_lightning_metrics_csv_gives_every_logged_train_loss_at_its_global_step() -> None:
    run = only_run(csv_reader.read(LIGHTNING_CSV, "metrics.csv"))
    assert run.format == "csv"
    assert_series(run.metrics["train_loss"], expected(LIGHTNING)["logged"]["train_loss"])


def test_lightning_sparse_val_loss_has_one_value_per_validation_epoch() -> None:
    run = only_run(csv_reader.read(LIGHTNING_CSV, "metrics.csv"))
    truth = expected(LIGHTNING)
    val_loss = run.metrics["val_loss"]
    assert len(val_loss) == truth["epochs"]
    assert list(val_loss.values) == pytest.approx([value for _, value in truth["logged"]["val_loss"]], rel=1e-6)
    assert set(val_loss.steps) <= set(run.metrics["train_loss"].steps)
    assert len(run.metrics["epoch"]) == len(truth["logged"]["train_loss"]) + truth["epochs"]


def test_lightning_folder_is_claimed_and_read_as_one_run_per_version_in_version_order(tmp_path: Path) -> None:
    logs = tmp_path / "lightning_logs"
    for version in (10, 2):
        shutil.copytree(LIGHTNING_CSV.parent, logs / f"version_{version}")
    assert csv_reader.claims_dir(tmp_path)
    runs = csv_reader.read(tmp_path, "out")
    assert [run.source for run in runs] == ["out/lightning_logs/version_2", "out/lightning_logs/version_10"]
    assert len(runs[1].metrics["train_loss"]) == len(expected(LIGHTNING)["logged"]["train_loss"])


def test_a_folder_with_metrics_csv_is_one_run_named_after_the_folder() -> None:
    assert csv_reader.claims_dir(LIGHTNING_CSV.parent)
    run = only_run(csv_reader.read(LIGHTNING_CSV.parent, "v0"))
    assert run.source == "v0"


def test_a_folder_without_metrics_csv_is_not_claimed(tmp_path: Path) -> None:
    assert not csv_reader.claims_dir(tmp_path)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream, csv.excel_tab if path.suffix == ".tsv" else csv.excel)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def diverging_losses() -> list[list[float]]:
    """The real losses of the diverging SummaryWriter run (finite, then inf, then NaN)."""
    return expected(TENSORBOARD)["runs"]["diverging"]["train/loss"]


def test_csv_nan_and_inf_cells_are_values_and_iteration_is_the_step(tmp_path: Path) -> None:
    logged = diverging_losses()
    path = write_csv(tmp_path / "log.csv", ["iteration", "loss"], [[step, value] for step, value in logged])
    run = only_run(csv_reader.read(path, "log.csv"))
    assert_series(run.metrics["loss"], logged, rel=0)
    assert run.metrics["loss"].nan_count() == nan_count(logged)
    assert run.metrics["loss"].inf_count() == sum(1 for _, v in logged if math.isinf(v))


def test_csv_without_step_column_numbers_rows_from_zero_and_says_so(tmp_path: Path) -> None:
    logged = diverging_losses()[:5]
    path = write_csv(tmp_path / "log.tsv", ["loss", "note"], [[value, "ok"] for _, value in logged])
    run = only_run(csv_reader.read(path, "log.tsv"))
    assert list(run.metrics["loss"].steps) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert "note" not in run.metrics
    assert run.notes == [
        "5 non-numeric cells skipped",
        "no step column (step, global_step, total_timesteps, timesteps_total, timestep, timesteps, iteration, iter, "
        "frame, epoch, episode): steps are row numbers from 0",
    ]


def test_csv_row_too_big_for_the_csv_module_keeps_the_rows_before_it(tmp_path: Path) -> None:
    logged = diverging_losses()[:3]
    path = write_csv(tmp_path / "log.csv", ["step", "loss"], [*logged, [3, "x" * 200_000], *logged])
    run = only_run(csv_reader.read(path, "log.csv"))
    assert_series(run.metrics["loss"], logged, rel=0)
    assert run.notes == ["line 5: field larger than field limit (131072); the rest of the file was skipped"]


def test_csv_whose_header_is_unreadable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("step," + "x" * 200_000 + "\n")
    with pytest.raises(UnreadableInputError, match="header row cannot be read"):
        csv_reader.read(path, "log.csv")


def test_empty_csv_is_refused_with_what_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(UnreadableInputError, match="first row names its columns"):
        csv_reader.read(path, "empty.csv")


def test_csv_sniff_wants_a_header_of_names_and_under_another_ending_rows_of_numbers(tmp_path: Path) -> None:
    assert csv_reader.sniff(LIGHTNING_CSV, head(LIGHTNING_CSV))
    assert not csv_reader.sniff(tmp_path / "numbers.csv", b"1,2,3\n4,5,6\n")
    assert csv_reader.sniff(tmp_path / "train.log", head(LIGHTNING_CSV))
    assert not csv_reader.sniff(tmp_path / "train.log", b"step 1 | loss 0.5\nstep 2 | loss 0.4\n")
    assert not csv_reader.sniff(tmp_path / "train.log", b"epoch,loss\nstarting, now\n0,0.5\n")
    assert not csv_reader.sniff(tmp_path / "train.log", b"Namespace(lr=0.1, bs=4)\n1,2\n")


# --- Hugging Face trainer_state.json ---------------------------------------------------------------------------


def test_trainer_state_gives_every_logged_number_of_every_entry_at_its_step() -> None:
    run = only_run(trainer_state.read(HF / "trainer_state.json", "trainer_state.json"))
    assert run.format == "trainer_state"
    logged = expected(HF)["logged"]
    names = {name for entry in logged for name in entry if name != "step"}
    assert set(run.metrics) == names
    for name in names:
        truth = [[entry["step"], entry[name]] for entry in logged if name in entry]
        assert_series(run.metrics[name], truth, rel=0)
    assert len(run.metrics["eval_loss"]) == 4
    assert run.notes == []


def test_trainer_output_folder_reads_its_top_level_trainer_state() -> None:
    assert trainer_state.claims_dir(HF)
    run = only_run(trainer_state.read(HF, "out"))
    assert run.files == [str(HF / "trainer_state.json")]


def test_checkpoint_folders_read_the_latest_checkpoint(tmp_path: Path) -> None:
    for name in ("checkpoint-20", "checkpoint-40"):
        shutil.copytree(HF / name, tmp_path / name)
    assert trainer_state.claims_dir(tmp_path)
    run = only_run(trainer_state.read(tmp_path, "out"))
    assert run.files == [str(tmp_path / "checkpoint-40" / "trainer_state.json")]
    assert run.metrics["loss"].steps[-1] == 40.0


def test_a_checkpoint_before_the_end_notes_where_training_stopped() -> None:
    run = only_run(trainer_state.read(HF / "checkpoint-20" / "trainer_state.json", "ckpt"))
    assert run.notes == ["training stopped at global_step 20 of max_steps 40"]
    assert run.metrics["loss"].steps[-1] == 20.0


def test_trainer_state_sniff_by_name_or_by_log_history_key(tmp_path: Path) -> None:
    assert trainer_state.sniff(HF / "trainer_state.json", b"")
    assert trainer_state.sniff(tmp_path / "state.json", head(HF / "trainer_state.json"))
    assert not trainer_state.sniff(tmp_path / "log.jsonl", b'{"loss": 1.0}\n')


def test_cut_short_trainer_state_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "trainer_state.json"
    path.write_bytes((HF / "trainer_state.json").read_bytes()[:500])
    with pytest.raises(UnreadableInputError, match="not valid JSON"):
        trainer_state.read(path, "trainer_state.json")


def test_json_without_log_history_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps({"global_step": 3}))
    with pytest.raises(UnreadableInputError, match="no log_history"):
        trainer_state.read(path, "trainer_state.json")


def test_folder_without_trainer_state_is_not_claimed_and_refused_when_forced(tmp_path: Path) -> None:
    assert not trainer_state.claims_dir(tmp_path)
    with pytest.raises(UnreadableInputError, match="no trainer_state.json"):
        trainer_state.read(tmp_path, "out")


# --- TensorBoard event files ---------------------------------------------------------------------------------


def test_tensorboard_folder_gives_one_run_per_subfolder_with_every_logged_scalar() -> None:
    truth = expected(TENSORBOARD)["runs"]
    assert tensorboard.claims_dir(TENSORBOARD)
    runs = tensorboard.read(TENSORBOARD, "tb")
    assert [run.source for run in runs] == ["tb/diverging", "tb/healthy", "tb/tensor_scalars"]
    for run in runs:
        logged = truth[run.source.removeprefix("tb/")]
        assert set(run.metrics) == set(logged)
        for tag, values in logged.items():
            assert_series(run.metrics[tag], values)
        assert run.notes == []


def test_tensorboard_nan_and_inf_are_counted_as_logged() -> None:
    logged = expected(TENSORBOARD)["runs"]["diverging"]["train/loss"]
    run = only_run(tensorboard.read(TENSORBOARD / "diverging", "diverging"))
    assert run.metrics["train/loss"].nan_count() == nan_count(logged) == 22
    assert run.metrics["train/loss"].inf_count() == 2


def event_file(run: str) -> Path:
    return tensorboard.event_files(TENSORBOARD / run)[0]


def test_event_file_read_in_small_chunks_gives_the_same_series(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tensorboard, "CHUNK_BYTES", 100)
    run = only_run(tensorboard.read(event_file("healthy"), "healthy"))
    assert_series(run.metrics["train/loss"], expected(TENSORBOARD)["runs"]["healthy"]["train/loss"])


def test_truncated_event_file_reads_the_complete_records_and_notes_the_cut(tmp_path: Path) -> None:
    path = tmp_path / event_file("healthy").name
    path.write_bytes(event_file("healthy").read_bytes()[:-10])
    run = only_run(tensorboard.read(path, "cut"))
    assert [len(run.metrics[tag]) for tag in ("train/loss", "train/grad_norm", "train/lr")] == [60, 60, 59]
    assert len(run.notes) == 1
    assert "last record is cut short" in run.notes[0]


def test_a_record_that_is_not_an_event_stops_the_file_with_a_note(tmp_path: Path) -> None:
    good = event_file("healthy").read_bytes()
    garbage = b"\xff" * 6
    path = tmp_path / "events.out.tfevents.bad"
    path.write_bytes(good + len(garbage).to_bytes(8, "little") + b"\0" * 4 + garbage + b"\0" * 4)
    run = only_run(tensorboard.read(path, "bad"))
    assert len(run.metrics["train/lr"]) == 60
    assert run.notes == [
        f"events.out.tfevents.bad: the record at byte {len(good)} is not a TensorBoard event; the rest was skipped"
    ]


def test_a_record_length_past_the_end_of_the_file_stops_reading_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = event_file("healthy").read_bytes()
    path = tmp_path / "events.out.tfevents.bogus"
    path.write_bytes(good + (1 << 40).to_bytes(8, "little") + b"\0" * 4 + b"\0" * (1 << 20))
    monkeypatch.setattr(tensorboard, "CHUNK_BYTES", 1024)
    decoded: list[int] = []
    decode = tensorboard._Decoder.decode
    monkeypatch.setattr(tensorboard._Decoder, "decode", lambda self, *args: decoded.append(1) or decode(self, *args))
    run = only_run(tensorboard.read(path, "bogus"))
    assert len(decoded) == -(-(len(good) + 12) // 1024)  # the chunks up to the bogus header, none of the rest
    assert len(run.metrics["train/lr"]) == 60
    assert run.notes == [
        f"events.out.tfevents.bogus: the last record is cut short or corrupt (its length, at byte {len(good)}, runs "
        f"past the end of the file); the {12 + (1 << 20)} bytes from there were skipped (file still being written, "
        "or copied while it was?)"
    ]


def test_another_file_forced_as_tensorboard_is_refused_at_its_first_record(tmp_path: Path) -> None:
    path = tmp_path / "train.log"
    path.write_bytes((TOOLS.parent / "text" / "pipe.log").read_bytes() * 1000)
    with pytest.raises(UnreadableInputError, match="train.log does not start with a complete TensorBoard record"):
        tensorboard.read(path, "train.log")


def write_events(path: Path, values_by_step: list[list]) -> Path:
    """An event file in TFRecord framing (CRCs left zero: the reader does not check them) of summary values."""
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary

    with path.open("wb") as stream:
        for step, values in enumerate(values_by_step):
            record = Event(step=step, summary=Summary(value=values)).SerializeToString()
            stream.write(len(record).to_bytes(8, "little") + b"\0" * 4 + record + b"\0" * 4)
    return path


def test_tensor_scalars_of_every_numeric_dtype_are_read_and_other_tensors_skipped(tmp_path: Path) -> None:
    import numpy as np
    from tensorboard.compat.proto.summary_pb2 import Summary, SummaryMetadata
    from tensorboard.compat.proto.tensor_pb2 import TensorProto
    from tensorboard.util.tensor_util import make_tensor_proto

    loss = expected(TENSORBOARD)["runs"]["healthy"]["train/loss"][0][1]
    scalars = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars"))
    histograms = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="histograms"))
    typed = {
        "float16": make_tensor_proto(np.float16(loss)),
        "float16_content": TensorProto(dtype=19, tensor_content=np.float16(loss).tobytes()),
        "float32_content": TensorProto(dtype=1, tensor_content=np.float32(loss).tobytes()),
        "float64": make_tensor_proto(np.float64(loss)),
        "int32": make_tensor_proto(np.int32(7)),
        "int64": make_tensor_proto(np.int64(8)),
    }
    first = [Summary.Value(tag=tag, tensor=tensor, metadata=scalars) for tag, tensor in typed.items()]
    first += [
        Summary.Value(tag="histogram", tensor=make_tensor_proto(np.float32(1.0)), metadata=histograms),
        Summary.Value(tag="vector", tensor=make_tensor_proto(np.array([1.0, 2.0], np.float32))),
        Summary.Value(tag="text", tensor=make_tensor_proto(np.array(b"hello"))),
        Summary.Value(tag="empty", tensor=TensorProto(dtype=1)),
    ]
    later = [Summary.Value(tag=tag, tensor=tensor) for tag, tensor in typed.items()]
    later.append(Summary.Value(tag="histogram", tensor=make_tensor_proto(np.float32(2.0))))
    run = only_run(tensorboard.read(write_events(tmp_path / "events.out.tfevents.x", [first, later]), "x"))
    assert set(run.metrics) == set(typed)
    assert list(run.metrics["float16"].values) == [float(np.float16(loss))] * 2
    assert list(run.metrics["float16_content"].values) == [float(np.float16(loss))] * 2
    assert list(run.metrics["float32_content"].values) == [float(np.float32(loss))] * 2
    assert list(run.metrics["float64"].values) == [loss, loss]
    assert list(run.metrics["int32"].values) == [7.0, 7.0]
    assert list(run.metrics["int64"].steps) == [0.0, 1.0]


def test_event_file_without_scalars_says_no_metrics_yet_and_what_it_skipped(tmp_path: Path) -> None:
    path = write_events(tmp_path / "events.out.tfevents.y", [[], []])
    with pytest.raises(UnreadableInputError) as refused:
        tensorboard.read(path, "y")
    assert str(refused.value) == (
        "y: no metrics yet; the run may not have logged (no scalar summary; images, histograms, graphs and text "
        "are not read). Read it again once training has logged, or pass the log that has"
    )


def test_a_file_that_is_not_an_event_file_is_refused_when_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "train.log"
    path.write_text("step 1 | loss 0.5\n")
    with pytest.raises(UnreadableInputError, match="does not start with a complete TensorBoard record"):
        tensorboard.read(path, "train.log")


def test_a_broken_event_file_in_a_run_folder_is_noted_and_the_others_read(tmp_path: Path) -> None:
    shutil.copy(event_file("healthy"), tmp_path / event_file("healthy").name)
    (tmp_path / "events.out.tfevents.zz").write_bytes(b"\xff" * 40)
    (tmp_path / "events.out.tfevents.zzz").write_bytes((4).to_bytes(8, "little") + b"\0" * 4 + b"\xff" * 8)
    run = only_run(tensorboard.read(tmp_path, "run"))
    assert len(run.metrics["train/loss"]) == 60
    assert [note.split(" does not start")[0] for note in run.notes] == [
        "events.out.tfevents.zz",
        "events.out.tfevents.zzz",
    ]


def test_tensorboard_sniff_by_name_or_by_version_record(tmp_path: Path) -> None:
    assert tensorboard.sniff(event_file("healthy"), b"")
    assert tensorboard.sniff(tmp_path / "renamed.bin", head(event_file("healthy")))
    assert not tensorboard.sniff(tmp_path / "train.log", b"step 1 | loss 0.5\n")
    assert not tensorboard.sniff(tmp_path / "tiny", b"abc")


def test_folder_without_event_files_is_not_claimed(tmp_path: Path) -> None:
    assert not tensorboard.claims_dir(tmp_path)


def test_missing_tensorboard_package_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto.event_pb2", None)
    with pytest.raises(UserError, match=r"pip install 'ml-skills-mcp\[tensorboard\]'"):
        tensorboard.read(event_file("healthy"), "healthy")


# --- MLflow stores -------------------------------------------------------------------------------------------


def assert_mlflow_runs(runs: list[Run], prefix: str, logged: dict) -> None:
    assert sorted(run.source for run in runs) == sorted(f"{prefix}#{name}" for name in logged)
    for run in runs:
        assert run.format == "mlflow"
        for key, values in logged[run.source.split("#")[1]].items():
            assert_series(run.metrics[key], values, rel=0)


def test_mlflow_sqlite_store_gives_one_run_per_mlflow_run_with_nan_and_inf_restored() -> None:
    logged = expected(MLFLOW)["stores"]["sqlite"]["runs"]
    runs = mlflow_store.read(MLFLOW / "mlflow.db", "mlflow.db")
    assert_mlflow_runs(runs, "mlflow.db", logged)
    diverging = next(run for run in runs if run.source == "mlflow.db#diverging")
    assert diverging.metrics["loss"].nan_count() == nan_count(logged["diverging"]["loss"]) == 12
    assert diverging.metrics["loss"].inf_count() == 2
    assert diverging.notes[0].endswith("of experiment 'fixtures'")


def test_mlflow_file_store_gives_the_same_runs() -> None:
    logged = expected(MLFLOW)["stores"]["file"]["runs"]
    assert mlflow_store.claims_dir(MLFLOW / "mlruns")
    runs = mlflow_store.read(MLFLOW / "mlruns", "mlruns")
    assert_mlflow_runs(runs, "mlruns", logged)
    assert runs[0].notes[0].endswith("of experiment 'fixtures'")


def test_mlflow_project_folder_reads_both_stores_under_distinct_names() -> None:
    assert mlflow_store.claims_dir(MLFLOW)
    sources = sorted(run.source for run in mlflow_store.read(MLFLOW, "proj"))
    assert sources == [
        "proj/mlflow.db#diverging",
        "proj/mlflow.db#healthy",
        "proj/mlruns#diverging",
        "proj/mlruns#healthy",
    ]


def test_a_single_file_store_run_folder_is_one_run() -> None:
    (run_folder,) = [f for f in mlflow_store.file_store_runs(MLFLOW) if "healthy" in (f / "meta.yaml").read_text()]
    run = only_run(mlflow_store.read(run_folder, "run"))
    assert run.source == "run#healthy"


def test_reading_the_sqlite_store_leaves_its_bytes_and_folder_untouched(tmp_path: Path) -> None:
    shutil.copy(MLFLOW / "mlflow.db", tmp_path / "mlflow.db")
    before = hashlib.sha256((tmp_path / "mlflow.db").read_bytes()).hexdigest()
    assert mlflow_store.sniff(tmp_path / "mlflow.db", head(tmp_path / "mlflow.db"))
    mlflow_store.read(tmp_path / "mlflow.db", "mlflow.db")
    assert hashlib.sha256((tmp_path / "mlflow.db").read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["mlflow.db"]


def test_a_corrupt_mlflow_db_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "mlflow.db"
    path.write_bytes(b"this is not a database\n" * 100)
    assert mlflow_store.sniff(path, head(path))
    with pytest.raises(UnreadableInputError, match="cannot be read as an MLflow SQLite store"):
        mlflow_store.read(path, "mlflow.db")


def test_an_sqlite_file_that_is_not_mlflow_is_not_sniffed_and_refused_when_forced(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE patches (id TEXT)")
        connection.commit()
    assert not mlflow_store.sniff(path, head(path))
    with pytest.raises(UnreadableInputError, match="not an MLflow store"):
        mlflow_store.read(path, "ledger.sqlite")


def test_deleted_mlflow_runs_are_skipped(tmp_path: Path) -> None:
    shutil.copy(MLFLOW / "mlflow.db", tmp_path / "mlflow.db")
    with closing(sqlite3.connect(tmp_path / "mlflow.db")) as connection:
        connection.execute("UPDATE runs SET lifecycle_stage = 'deleted' WHERE name = 'diverging'")
        connection.commit()
    shutil.copytree(MLFLOW / "mlruns", tmp_path / "mlruns")
    for meta in (tmp_path / "mlruns").glob("*/*/meta.yaml"):
        if "run_name: diverging" in meta.read_text():
            meta.write_text(meta.read_text().replace("lifecycle_stage: active", "lifecycle_stage: deleted"))
    sources = sorted(run.source for run in mlflow_store.read(tmp_path, "p"))
    assert sources == ["p/mlflow.db#healthy", "p/mlruns#healthy"]


def test_mlflow_runs_sharing_a_name_are_told_apart_by_run_id(tmp_path: Path) -> None:
    shutil.copy(MLFLOW / "mlflow.db", tmp_path / "mlflow.db")
    with closing(sqlite3.connect(tmp_path / "mlflow.db")) as connection:
        connection.execute("UPDATE tags SET value = 'same' WHERE key = 'mlflow.runName'")
        connection.commit()
        run_ids = sorted(uuid for (uuid,) in connection.execute("SELECT run_uuid FROM runs"))
    runs = mlflow_store.read(tmp_path / "mlflow.db", "db")
    assert sorted(run.source for run in runs) == [f"db#{run_id}" for run_id in run_ids]


def test_a_store_whose_runs_are_all_deleted_is_refused(tmp_path: Path) -> None:
    shutil.copy(MLFLOW / "mlflow.db", tmp_path / "mlflow.db")
    with closing(sqlite3.connect(tmp_path / "mlflow.db")) as connection:
        connection.execute("UPDATE runs SET lifecycle_stage = 'deleted'")
        connection.commit()
    with pytest.raises(UnreadableInputError, match="holds no MLflow run"):
        mlflow_store.read(tmp_path / "mlflow.db", "mlflow.db")


def test_a_folder_without_mlflow_store_is_not_claimed(tmp_path: Path) -> None:
    assert not mlflow_store.claims_dir(tmp_path)


# --- through the MCP tool -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_read_training_log_detects_each_tool_format_and_reports_the_logged_numbers(repo_client) -> None:
    fixtures = "tests/fixtures/tools"
    paths = [
        f"{fixtures}/lightning",
        f"{fixtures}/hf_trainer/trainer_state.json",
        f"{fixtures}/tensorboard/diverging",
        f"{fixtures}/mlflow/mlflow.db",
    ]
    result = await repo_client.call_tool("read_training_log", {"paths": paths, "metrics": ["*loss"]})
    assert not result.is_error, result.content
    runs = {run["source"]: run for run in result.structured_content["runs"]}
    assert {source: run["format"] for source, run in runs.items()} == {
        f"{fixtures}/lightning/lightning_logs/version_0": "csv",
        f"{fixtures}/hf_trainer/trainer_state.json": "trainer_state",
        f"{fixtures}/tensorboard/diverging": "tensorboard",
        f"{fixtures}/mlflow/mlflow.db#healthy": "mlflow",
        f"{fixtures}/mlflow/mlflow.db#diverging": "mlflow",
    }
    lightning = expected(LIGHTNING)["logged"]
    val_loss = runs[f"{fixtures}/lightning/lightning_logs/version_0"]["metrics"]["val_loss"]
    assert (val_loss["count"], val_loss["last"]) == (3, pytest.approx(lightning["val_loss"][-1][1], rel=1e-6))
    eval_loss = runs[f"{fixtures}/hf_trainer/trainer_state.json"]["metrics"]["eval_loss"]
    assert eval_loss["last"] == [e["eval_loss"] for e in expected(HF)["logged"] if "eval_loss" in e][-1]
    tb_loss = runs[f"{fixtures}/tensorboard/diverging"]["metrics"]["train/loss"]
    assert (tb_loss["count"], tb_loss["nan_count"], tb_loss["inf_count"], tb_loss["last"]) == (60, 22, 2, "nan")
    mlflow_loss = runs[f"{fixtures}/mlflow/mlflow.db#diverging"]["metrics"]["loss"]
    assert (mlflow_loss["count"], mlflow_loss["nan_count"], mlflow_loss["inf_count"]) == (50, 12, 2)


def test_lightnings_hp_metric_placeholder_is_no_metric_and_a_real_hp_metric_stays(tmp_path: Path) -> None:
    """Lightning's TensorBoardLogger logs `hp_metric` -1 when given no metric: a placeholder, dropped; an
    `hp_metric` the user logged (a real value) is kept."""
    from torch.utils.tensorboard import SummaryWriter

    from tests.tiny_runs import train_tiny

    losses = list(train_tiny(lr=0.05, steps=6).metrics["loss"].values)
    for folder, hp_metric in (("placeholder", -1.0), ("logged", 0.83)):
        with SummaryWriter(str(tmp_path / folder)) as writer:
            writer.add_scalar("hp_metric", hp_metric, 0)
            for step, loss in enumerate(losses):
                writer.add_scalar("train_loss", loss, step)
        (run,) = tensorboard.read(tmp_path / folder, folder)
        assert len(run.metrics["train_loss"]) == len(losses)
        assert ("hp_metric" in run.metrics) is (hp_metric != -1)


@pytest.mark.parametrize("note", [False, True])
def test_paddle_progress_lines_under_eval_begin_are_each_epochs_held_out_loss_at_its_end(
    tmp_path: Path, note: bool
) -> None:
    """paddle.Model.fit prints each epoch's `step 5/8 - loss: ...` lines, then `Eval begin...` over the evaluation's
    own `step 2/2 - loss: ...`: that line is the held-out loss at the epoch's last training step, and its counter
    (2 of 2) leaves the training's axis alone; a sentence of explanation between them changes nothing."""
    log = tmp_path / "console.log"
    written = (PADDLE / "console.log").read_text()
    note_line = "The loss value printed in the log is the current batch, and the metric is the average value.\n"
    log.write_text(written.replace("Eval begin...\n", "Eval begin...\n" + note_line) if note else written)
    (run,) = text.read(log, "console.log")
    roles = run.role_map()
    val = next(name for name, info in roles.items() if info.role is MetricRole.VAL_LOSS)
    train = next(name for name, info in roles.items() if info.role is MetricRole.TRAIN_LOSS)
    logged = expected(PADDLE)["eval_losses"]
    assert run.metrics[val].values == pytest.approx(logged, abs=5e-5)  # printed to 4 decimals
    assert list(run.metrics[val].steps) == [8.0, 16.0, 24.0, 32.0]  # 8 steps an epoch, 4 epochs
    assert list(run.metrics[train].steps) == [5.0, 8.0, 13.0, 16.0, 21.0, 24.0, 29.0, 32.0]
