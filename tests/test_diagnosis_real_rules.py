"""Rules the labelled real logs asked for, each on real tiny runs: a run that logs no loss is judged on an accuracy
that rose (else it stays inconclusive); a loss non-finite from its first logged value is the numerics, not the
learning rate (no growth is seen before it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from server.core.diagnosis.detectors.trend import detect_nonfinite
from server.core.diagnosis.detectors.view import View
from server.core.diagnosis.engine import diagnose, rising_quality
from server.core.logs.model import Run
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


def from_first_nonfinite(run: Run) -> Run:
    """`run` as a log that began printing only at its first non-finite loss (a logger every N steps)."""
    steps, values = np.array(run.metrics["loss"].steps), np.array(run.metrics["loss"].values)
    onset = float(steps[int(np.argmax(~np.isfinite(values)))])
    cut = Run(source=run.source, format=run.format)
    for name, series in run.metrics.items():
        for step, value in zip(series.steps, series.values, strict=True):
            if step >= onset:
                cut.series(name).append(step, value)
    return cut


def test_a_loss_non_finite_from_its_first_logged_value_is_not_blamed_on_the_learning_rate(tmp_path: Path) -> None:
    run = from_first_nonfinite(casebook_run(tmp_path, "mlp", "log_of_zero", seed=2, drop=("grad_norm",)))
    assert run.metrics["loss"].steps[0] > 1 and not np.isfinite(run.metrics["loss"].values[0])
    top = detect_nonfinite(View(run))[0]
    assert top.id == "numerical_instability"
    assert "no finite loss or gradient norm shows any growth" in top.evidence[-1].detail
