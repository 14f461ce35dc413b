"""Runs appended to one log (a script rerun into the same file, a K-fold loop, a sweep) are judged one by one: a
fold that overfits is a finding whatever the last fold did; a counter restarting each epoch or a run resumed where its
loss was is no new run. Real tiny runs of the family casebook, appended as a script rerun into one file appends them."""

from __future__ import annotations

from array import array
from pathlib import Path

from server.core.diagnosis.appended import earlier_runs, fresh_start
from server.core.diagnosis.engine import diagnose
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace
from tests.tiny_runs import casebook_run, train_tiny


def appended(tmp_path: Path, *faults: str) -> Path:
    """The JSON Lines logs of the mlp family's `faults` (seed 0), one after another in one file."""
    parts = []
    for index, fault in enumerate(faults):
        folder = tmp_path / f"run{index}"
        folder.mkdir()
        casebook_run(folder, "mlp", fault)
        (log,) = folder.glob("*.jsonl")
        parts.append(log.read_text())
    log = tmp_path / "train.jsonl"
    log.write_text("".join(parts))
    return log


def test_an_earlier_run_that_overfits_is_the_finding_though_the_last_run_is_healthy(tmp_path: Path) -> None:
    log = appended(tmp_path, "overfitting", "healthy")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert len(earlier_runs(run)) == 1
    result = diagnose([run])
    top = result.root_causes[0]
    assert top.id == "overfitting" and top.confidence > 0.5
    assert top.evidence[0].location.startswith("run 1 of 2 appended to the log")
    alone = read_logs(Workspace.of([tmp_path / "run1"]), [next((tmp_path / "run1").glob("*.jsonl")).name]).runs
    assert diagnose(alone).verdict == "healthy"  # the last run alone: what was judged before


def test_healthy_runs_appended_stay_healthy(tmp_path: Path) -> None:
    log = appended(tmp_path, "healthy", "healthy_sgd_momentum")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert len(earlier_runs(run)) == 1 and diagnose([run]).verdict == "healthy"


def test_a_counter_restarting_each_epoch_or_a_resumed_run_is_no_fresh_start() -> None:
    loss = train_tiny(lr=0.05, steps=150).metrics["loss"].values  # MSE 8.3 -> ~0.1
    resumed = array("d", [*loss[:75], *loss[75:]])  # the second half goes on from where the first ended
    assert not fresh_start(resumed, 0, 75, 150)
    rerun = array("d", [*loss[:75], *loss[:75]])  # a fresh model starts where the first began
    assert fresh_start(rerun, 0, 75, 150)
