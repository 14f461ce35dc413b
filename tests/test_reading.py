"""Format detection, per-rank runs and refusals of `read_logs` (the readers' entry point)."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from server.core.errors import UserError
from server.core.logs import reading
from server.core.logs.reading import ReadResult, rank_of, read_logs
from server.core.logs.registry import READERS, candidates
from server.core.workspace import Workspace
from tests.conftest import FIXTURES, REPO

TEXT = FIXTURES / "text"


@pytest.fixture
def workspace(workspace_dir: Path) -> Workspace:
    return Workspace.of([workspace_dir])


def test_each_rank_file_gives_its_own_run_with_the_rank_set() -> None:
    result = read_logs(Workspace.of([REPO]), ["tests/fixtures/text/ranks/rank1.log", "tests/fixtures/text/ranks"])
    assert [(run.source, run.rank) for run in result.runs] == [
        ("tests/fixtures/text/ranks/rank1.log", 1),
        ("tests/fixtures/text/ranks/rank0.log", 0),
        ("tests/fixtures/text/ranks/rank1.log", 1),
    ]
    assert result.unreadable == []


@pytest.mark.parametrize(
    ("name", "rank"),
    [("rank0.log", 0), ("rank_1.txt", 1), ("train-rank3.log", 3), ("node0_rank1.log", 1), ("frank2.log", None)],
)
def test_rank_is_read_from_the_file_name(name: str, rank: int | None) -> None:
    assert rank_of(Path(name)) == rank


def test_formats_are_detected_by_content_whatever_the_extension(workspace_dir: Path, workspace: Workspace) -> None:
    shutil.copy(REPO / "examples" / "jsonl" / "metrics.jsonl", workspace_dir / "metrics.log")
    shutil.copy(TEXT / "pipe.log", workspace_dir / "train.jsonl")
    result = read_logs(workspace, ["metrics.log", "train.jsonl"])
    assert [(run.source, run.format) for run in result.runs] == [("metrics.log", "jsonl"), ("train.jsonl", "text")]


def test_prints_saved_under_a_table_ending_are_read_as_the_console_log_they_are(
    workspace_dir: Path, workspace: Workspace
) -> None:
    """A script that writes its prints to `train_log.csv`: the commas make a header of the first print, no cell under
    it holds a number, and the text reader reads the lines; a CSV of a header alone still says no metric came yet."""
    from tests.tiny_runs import train_tiny

    losses = [round(v, 6) for v in train_tiny(lr=0.05, steps=3).metrics["loss"].values]
    lines = [f"Epoch: [{e}/3], training loss: {v:.6f}, training accuracy: 67.0000%" for e, v in enumerate(losses, 1)]
    (workspace_dir / "train_log.csv").write_text("\n".join(lines) + "\n")
    (run,) = read_logs(workspace, ["train_log.csv"]).runs
    assert run.format == "text"
    assert list(run.metrics["training_loss"].values) == losses
    assert list(run.metrics["training_loss"].steps) == [1, 2, 3]
    (workspace_dir / "metrics.csv").write_text("epoch,step,train_loss\n")
    with pytest.raises(UserError, match="no metrics yet; the run may not have logged"):
        read_logs(workspace, ["metrics.csv"])


def test_a_forced_format_is_used_and_an_unknown_one_lists_the_names(workspace_dir: Path, workspace: Workspace) -> None:
    shutil.copy(REPO / "examples" / "jsonl" / "metrics.jsonl", workspace_dir / "m.jsonl")
    (run,) = read_logs(workspace, ["m.jsonl"], "text").runs
    assert run.format == "text"
    with pytest.raises(UserError, match="unknown format 'yaml'; use 'auto' or one of: text, jsonl, csv"):
        read_logs(workspace, ["m.jsonl"], "yaml")


def test_one_bad_path_among_good_ones_is_listed_as_unreadable(workspace_dir: Path, workspace: Workspace) -> None:
    shutil.copy(TEXT / "pipe.log", workspace_dir / "train.log")
    (workspace_dir / "empty.log").write_bytes(b"")
    result = read_logs(workspace, ["train.log", "empty.log", "gone.log"])
    assert [run.source for run in result.runs] == ["train.log"]
    assert len(result.unreadable) == 2
    assert result.unreadable[0].startswith("empty.log is empty")
    assert result.unreadable[1].startswith("gone.log does not exist")


def test_when_no_path_reads_every_reason_is_given(workspace_dir: Path, workspace: Workspace) -> None:
    (workspace_dir / "empty.log").write_bytes(b"")
    with pytest.raises(UserError, match="no path gave a run: empty.log is empty.*; gone.log does not exist"):
        read_logs(workspace, ["empty.log", "gone.log"])
    with pytest.raises(UserError, match="no path given"):
        read_logs(workspace, [])


def test_a_folder_reads_the_logs_inside_and_names_the_problem_of_a_bad_one(
    workspace_dir: Path, workspace: Workspace
) -> None:
    run_dir = workspace_dir / "run"
    run_dir.mkdir()
    (run_dir / "notes.txt").write_text("nothing to see\n")
    with pytest.raises(UserError, match="run holds no run .*notes.txt: no metric lines found"):
        read_logs(workspace, ["run"])
    shutil.copy(TEXT / "kv.log", run_dir / "train.log")
    (run,) = read_logs(workspace, ["run"]).runs
    assert run.source == "run/train.log"


def test_an_os_error_while_reading_is_reported_with_what_to_check(
    workspace_dir: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace_dir / "locked.log").write_text("step 1 | loss 0.5\n")

    def refuse(*args: object) -> list:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "read_path", refuse)
    with pytest.raises(UserError, match="locked.log: cannot be read \\(Permission denied\\); check its permissions"):
        read_logs(workspace, ["locked.log"])


def test_extension_hints_come_first_then_every_format_with_text_last() -> None:
    assert [r.FORMAT for r in candidates(".JSON")[:5]] == ["trainer_state", "openmmlab", "notebook", "history", "jsonl"]
    assert [r.FORMAT for r in candidates(".wandb")[:1]] == ["wandb"]
    assert [r.FORMAT for r in candidates(".weird")] == [r.FORMAT for r in READERS]
    assert READERS[-1].FORMAT == "text"


def test_text_is_offered_a_log_file_last_so_that_csv_or_json_content_is_read_as_such() -> None:
    formats = [r.FORMAT for r in candidates(".log")]
    assert formats[-1] == "text"
    assert formats.index("csv") < formats.index("text")


def test_the_terminal_report_shows_each_run_its_metrics_events_and_what_was_unreadable() -> None:
    from server.core.logs.summary import summarize
    from server.core.report import format_log_summary

    result = read_logs(
        Workspace.of([REPO]),
        ["examples/diverging/train.log", "tests/fixtures/text/ranks/rank1.log", "tests/fixtures/text/nope.log"],
    )
    report = format_log_summary(summarize(result.runs, ["loss"], max_events=1, unreadable=result.unreadable))
    diverging, rank, unreadable = report.split("\n\n")
    loss = summarize(result.runs[:1]).runs[0].metrics["loss"]
    assert diverging.splitlines()[0].startswith("examples/diverging/train.log (text): steps 0..")
    row = next(line for line in diverging.splitlines() if line.startswith("  loss "))
    assert row.split()[1:] == [
        str(loss.count),
        f"{loss.first_step}..{loss.last_step}",
        f"{loss.first:.6g}",
        "nan",
        f"{loss.min:.6g}",
        f"{loss.max:.6g}",
        str(loss.nan_count),
        "0",
    ]
    assert f"  events: {result.runs[0].events_total} (1 shown)" in diverging
    assert "[warning/nan] WARNING: non-finite loss (nan)" in diverging
    assert rank.startswith("tests/fixtures/text/ranks/rank1.log (text, rank 1)")
    assert unreadable.startswith("unreadable: tests/fixtures/text/nope.log does not exist")
    assert report.endswith("(series downsampled or events cut; --json shows the series, the tool takes max_points)\n")


# --- one gate for every file a reader opens: no symlink out of the workspace, no named pipe -----------------

TOOLS = FIXTURES / "tools"
TENSORBOARD_EVENTS = TOOLS / "tensorboard" / "healthy" / "events.out.tfevents.1795674395.vm.18935.0"


def read_within(workspace: Workspace, paths: list[str], fifos: list[Path], seconds: float = 20.0) -> ReadResult:
    """`read_logs` in a thread, waited for at most `seconds`: a read blocked on a named pipe is released (its
    write end opened) and the test fails instead of hanging. A `UserError` is re-raised here."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = read_logs(workspace, paths)
        except UserError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(seconds)
        pytest.fail(f"reading {paths} blocked (on a named pipe?)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


@pytest.fixture
def outside(workspace_dir: Path) -> Path:
    """A folder next to the workspace, holding files the server must never read."""
    folder = workspace_dir.parent / "outside"
    folder.mkdir()
    return folder


def test_a_link_out_of_the_workspace_in_a_folder_of_logs_is_skipped_and_named(
    workspace_dir: Path, workspace: Workspace, outside: Path
) -> None:
    (outside / "private.log").write_text("step 1 | secret 42.0\n")
    runs = workspace_dir / "runs"
    runs.mkdir()
    shutil.copy(TEXT / "pipe.log", runs / "train.log")
    (runs / "evil.log").symlink_to(outside / "private.log")
    os.mkfifo(runs / "pipe.log")
    result = read_within(workspace, ["runs"], [runs / "pipe.log"])
    assert [(run.source, run.files) for run in result.runs] == [("runs/train.log", ["runs/train.log"])]
    assert result.unreadable == [
        f"runs/evil.log is a link to {outside / 'private.log'}, outside the workspace ({workspace_dir}); "
        "it is not read",
        "runs/pipe.log is a named pipe; pass a log file or a run folder",
    ]
    (runs / "train.log").unlink()
    with pytest.raises(UserError, match="runs holds no run \\(runs/evil.log is a link to .*runs/pipe.log is a named"):
        read_within(workspace, ["runs"], [runs / "pipe.log"])


def test_tensorboard_event_files_linked_from_outside_or_piped_are_skipped_with_a_note(
    workspace_dir: Path, workspace: Workspace, outside: Path
) -> None:
    board = workspace_dir / "tb"
    board.mkdir()
    shutil.copy(TENSORBOARD_EVENTS, board / TENSORBOARD_EVENTS.name)
    shutil.copy(TENSORBOARD_EVENTS, outside / "secret")
    (board / "events.out.tfevents.2.evil").symlink_to(outside / "secret")
    os.mkfifo(board / "events.out.tfevents.3.pipe")
    (run,) = read_within(workspace, ["tb"], [board / "events.out.tfevents.3.pipe"]).runs
    assert run.files == [f"tb/{TENSORBOARD_EVENTS.name}"]
    assert run.notes == [
        f"tb/events.out.tfevents.2.evil is a link to {outside / 'secret'}, outside the workspace ({workspace_dir}); "
        "it is not read; skipped",
        "tb/events.out.tfevents.3.pipe is a named pipe; pass a log file or a run folder; skipped",
    ]
    truth = tensorboard_series(TENSORBOARD_EVENTS)
    assert {name: len(series) for name, series in run.metrics.items()} == truth
    (board / TENSORBOARD_EVENTS.name).unlink()
    with pytest.raises(UserError, match="tb: no event file could be read \\(tb/events.out.tfevents.2.evil is a link"):
        read_within(workspace, ["tb"], [board / "events.out.tfevents.3.pipe"])


def tensorboard_series(path: Path) -> dict[str, int]:
    from server.core.logs import tensorboard

    (run,) = tensorboard.read(path, path.name)
    return {name: len(series) for name, series in run.metrics.items()}


def test_lightning_versions_linked_from_outside_or_piped_are_skipped_with_a_note(
    workspace_dir: Path, workspace: Workspace, outside: Path
) -> None:
    logs = workspace_dir / "lightning_logs"
    shutil.copytree(TOOLS / "lightning" / "lightning_logs" / "version_0", logs / "version_0")
    shutil.copy(logs / "version_0" / "metrics.csv", outside / "metrics.csv")
    (logs / "version_1").mkdir()
    (logs / "version_1" / "metrics.csv").symlink_to(outside / "metrics.csv")
    (logs / "version_2").mkdir()
    os.mkfifo(logs / "version_2" / "metrics.csv")
    (run,) = read_within(workspace, ["."], [logs / "version_2" / "metrics.csv"]).runs
    assert (run.source, run.files) == ("ws/lightning_logs/version_0", ["lightning_logs/version_0/metrics.csv"])
    assert run.notes[-2:] == [
        f"lightning_logs/version_1/metrics.csv is a link to {outside / 'metrics.csv'}, outside the workspace "
        f"({workspace_dir}); it is not read; skipped",
        "lightning_logs/version_2/metrics.csv is a named pipe; pass a log file or a run folder; skipped",
    ]
    shutil.rmtree(logs / "version_0")
    with pytest.raises(UserError, match="no metrics.csv could be read \\(lightning_logs/version_1/metrics.csv is a"):
        read_within(workspace, ["."], [logs / "version_2" / "metrics.csv"])


def test_a_trainer_state_linked_from_outside_or_piped_is_skipped_for_the_latest_checkpoint(
    workspace_dir: Path, workspace: Workspace, outside: Path
) -> None:
    out = workspace_dir / "out"
    shutil.copytree(TOOLS / "hf_trainer" / "checkpoint-20", out / "checkpoint-20")
    shutil.copy(TOOLS / "hf_trainer" / "trainer_state.json", outside / "trainer_state.json")
    (out / "trainer_state.json").symlink_to(outside / "trainer_state.json")
    (out / "checkpoint-40").mkdir()
    os.mkfifo(out / "checkpoint-40" / "trainer_state.json")
    (run,) = read_within(workspace, ["out"], [out / "checkpoint-40" / "trainer_state.json"]).runs
    assert run.files == ["out/checkpoint-20/trainer_state.json"]
    assert run.notes[:2] == [
        f"out/trainer_state.json is a link to {outside / 'trainer_state.json'}, outside the workspace "
        f"({workspace_dir}); it is not read; skipped",
        "out/checkpoint-40/trainer_state.json is a named pipe; pass a log file or a run folder; skipped",
    ]
    shutil.rmtree(out / "checkpoint-20")
    with pytest.raises(UserError, match="out holds no trainer_state.json .*\\(out/trainer_state.json is a link"):
        read_within(workspace, ["out"], [out / "checkpoint-40" / "trainer_state.json"])


def test_mlflow_files_linked_from_outside_or_piped_are_skipped_with_a_note(
    workspace_dir: Path, workspace: Workspace, outside: Path
) -> None:
    store = workspace_dir / "store"
    shutil.copytree(TOOLS / "mlflow" / "mlruns", store / "mlruns")
    shutil.copy(TOOLS / "mlflow" / "mlflow.db", outside / "mlflow.db")
    (store / "mlflow.db").symlink_to(outside / "mlflow.db")
    run_folder = next(p for p in sorted((store / "mlruns").glob("*/*")) if (p / "metrics").is_dir())
    metrics = run_folder / "metrics"
    shutil.move(metrics / "loss", outside / "loss")
    (metrics / "loss").symlink_to(outside / "loss")
    os.mkfifo(metrics / "piped")
    result = read_within(workspace, ["store"], [metrics / "piped"])
    relative = metrics.relative_to(workspace_dir)
    assert result.runs[0].notes[-3:] == [
        f"{relative}/loss is a link to {outside / 'loss'}, outside the workspace ({workspace_dir}); it is not read; "
        "skipped",
        f"{relative}/piped is a named pipe; pass a log file or a run folder; skipped",
        f"store/mlflow.db is a link to {outside / 'mlflow.db'}, outside the workspace ({workspace_dir}); it is not "
        "read; skipped",
    ]
    assert sorted(result.runs[0].metrics) == ["grad_norm"]
    assert [run.files for run in result.runs] == [[str(p.relative_to(workspace_dir))] for p in file_store(store)]


def file_store(store: Path) -> list[Path]:
    from server.core.logs.mlflow_store import file_store_runs

    return file_store_runs(store)


def test_a_named_pipe_given_by_name_is_refused_without_blocking(workspace_dir: Path, workspace: Workspace) -> None:
    os.mkfifo(workspace_dir / "train.log")
    with pytest.raises(UserError, match="train.log is a named pipe"):
        read_within(workspace, ["train.log"], [workspace_dir / "train.log"])


def test_a_training_log_and_the_held_out_logs_written_beside_it_are_one_run(tmp_path: Path) -> None:
    """`train.log` + `valid.log` with the same columns (a loop writing one CSV per split), and `log_train.txt` +
    `log_val.txt` holding one unnamed value per line: each pair is one run whose held-out series carry the split."""
    from server.core.logs.roles import MetricRole
    from tests.tiny_runs import train_tiny

    run = train_tiny(lr=0.05, steps=200)
    loss, val = run.metrics["loss"], run.metrics["val_loss"]
    at = {step: value for step, value in zip(loss.steps, loss.values, strict=True) if step in set(val.steps)}
    csv_runs, plain_runs = tmp_path / "csv", tmp_path / "plain"
    csv_runs.mkdir()
    plain_runs.mkdir()
    (csv_runs / "train.log").write_text("step,loss\n" + "".join(f"{int(s)},{v!r}\n" for s, v in at.items()))
    rows = zip(val.steps, val.values, strict=True)
    (csv_runs / "valid.log").write_text("step,loss\n" + "".join(f"{int(s)},{v!r}\n" for s, v in rows))
    (plain_runs / "log_train.txt").write_text("".join(f"{v!r}\n" for v in at.values()))
    (plain_runs / "log_val.txt").write_text("".join(f"{v!r}\n" for v in val.values))
    (joined,) = read_logs(Workspace.of([tmp_path]), [str(csv_runs)]).runs
    assert list(joined.metrics) == ["loss", "valid_loss"] and len(joined.files) == 2
    assert list(joined.metrics["valid_loss"].values) == list(val.values)
    assert joined.role_map()["valid_loss"].role is MetricRole.VAL_LOSS
    assert any("valid.log holds this run's valid series" in note for note in joined.notes)
    (plain,) = read_logs(Workspace.of([tmp_path]), [str(plain_runs)]).runs
    roles = plain.role_map()
    assert roles["train"].role is MetricRole.TRAIN_LOSS and roles["val"].role is MetricRole.VAL_LOSS
    assert list(plain.metrics["val"].values) == list(val.values)
    apart = tmp_path / "apart"
    apart.mkdir()
    shutil.copy(csv_runs / "train.log", apart / "train_a.log")
    shutil.copy(csv_runs / "valid.log", apart / "valid_b.log")
    assert len(read_logs(Workspace.of([tmp_path]), [str(apart)]).runs) == 2  # names that differ beyond the split
