"""Format detection, per-rank runs and refusals of `read_logs` (the readers' entry point)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.core.errors import UserError
from server.core.logs import reading
from server.core.logs.reading import candidate_formats, rank_of, read_logs
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

    def refuse(path: Path, shown: str, fmt: str) -> list:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "read_path", refuse)
    with pytest.raises(UserError, match="locked.log: cannot be read \\(Permission denied\\); check its permissions"):
        read_logs(workspace, ["locked.log"])


def test_extension_hints_come_first_then_every_format_with_text_last() -> None:
    assert candidate_formats(Path("a.json"))[:2] == ["trainer_state", "jsonl"]
    assert candidate_formats(Path("a.weird"))[-1] == "text"


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
