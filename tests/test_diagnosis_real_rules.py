"""Rules the labelled real logs asked for, each on real tiny runs: a run that logs no loss is judged on an accuracy
that rose (else it stays inconclusive); per-batch scatter around a smooth decline is no oscillation."""

from __future__ import annotations

from pathlib import Path

from server.core.diagnosis.engine import diagnose, rising_quality
from tests.tiny_runs import casebook_run

LOSSES = ("loss", "val_loss")


def test_a_run_logging_only_a_rising_accuracy_is_judged_healthy_on_it(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "lstm", "healthy", drop=LOSSES)  # val_acc 0.48 -> 0.79
    assert not any("loss" in name for name in run.metrics) and len(run.metrics["val_acc"]) >= 10
    assert rising_quality(run) == "val_acc"
    result = diagnose([run])
    assert result.verdict == "healthy"
    assert any("judged on val_acc" in item for item in result.inputs.missing)


def test_a_run_logging_only_an_accuracy_at_chance_stays_inconclusive(tmp_path: Path) -> None:
    run = casebook_run(tmp_path, "lstm", "random_labels", drop=LOSSES)  # validation accuracy never leaves 1/K
    assert rising_quality(run) is None
    assert diagnose([run]).verdict == "inconclusive"
