"""Before/after: what changed between two runs, and whether the candidate is better.

A run is named by a log path or by the `run_id` of a quick test (looked up in
the ledger). Both are read with the log readers and judged with the
diagnosis detectors; the verdict rests on, in order of weight:

1. non-finite loss: NaN/inf gone is `improved`, NaN/inf appearing is `regressed`;
2. findings (those a diagnosis would report, confidence >= 0.5): some cleared
   and none new is better, the reverse is worse;
3. the final loss (the best loss when the final one is not finite), moving by at least 10%.

Rule 1 decides alone when it applies; otherwise rules 2 and 3 vote, and a
tie or a disagreement is `unchanged` (the evidence says which way each pointed).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from .errors import UserError
from .ledger import Ledger
from .logs.model import Run, Series
from .logs.reading import read_logs
from .logs.summary import Value, json_value
from .workspace import Workspace

RUN_ID = re.compile(r"r-[0-9a-f]{8}")
SIGNIFICANT_CHANGE = 0.10
Verdict = Literal["improved", "regressed", "unchanged"]


class RunMetrics(BaseModel):
    """The handful of numbers that say how a run went."""

    loss_metric: str | None = Field(description="The metric taken as the training loss (null when none was logged).")
    final_loss: Value | None = Field(description="Last logged loss value ('nan'/'inf' when it ended non-finite).")
    best_loss: float | None = Field(description="Smallest finite loss value.")
    loss_nan_count: int = Field(description="NaN values in the loss.")
    loss_inf_count: int = Field(description="+/-inf values in the loss.")
    nonfinite_values: int = Field(description="NaN/inf values across all metrics.")
    grad_norm_peak: Value | None = Field(description="Largest gradient norm logged ('inf'/'nan' if non-finite).")
    steps_seen: int = Field(description="Number of loss values logged.")
    last_step: float | None = Field(description="Last step at which the loss was logged.")
    metrics: list[str] = Field(description="Every metric the run logged.")


class Delta(BaseModel):
    baseline: Value | None
    candidate: Value | None
    change_pct: float | None = Field(description="Relative change in percent (null when not computable).")


class Comparison(BaseModel):
    baseline: str = Field(description="The baseline log that was read.")
    candidate: str = Field(description="The candidate log that was read.")
    verdict: Verdict = Field(description="improved, regressed or unchanged (see evidence).")
    evidence: list[str] = Field(description="The observations the verdict rests on, strongest first.")
    deltas: dict[str, Delta] = Field(
        description="final_loss, best_loss, loss_nonfinite, grad_norm_peak, steps_seen: baseline vs candidate."
    )
    findings_cleared: list[str] = Field(description="Root-cause ids found in the baseline and not in the candidate.")
    findings_new: list[str] = Field(description="Root-cause ids found in the candidate and not in the baseline.")
    findings_kept: list[str] = Field(description="Root-cause ids found in both.")
    baseline_metrics: RunMetrics
    candidate_metrics: RunMetrics


def finite(series: Series) -> list[float]:
    return [v for v in series.values if math.isfinite(v)]


def peak(series: Series) -> float:
    """The largest value, non-finite ones included (NaN counts as the worst)."""
    if any(v != v for v in series.values):
        return math.nan
    return max(series.values)


def measure_run(run: Run) -> RunMetrics:
    """The run's numbers, on the loss and gradient-norm series the diagnosis detectors read."""
    from .diagnosis.detectors import View

    view = View(run)
    name = view.loss.name if view.loss is not None else None
    loss = run.metrics[name] if name else Series()
    good = finite(loss)
    grad_name = view.grad.name if view.grad is not None else None
    return RunMetrics(
        loss_metric=name,
        final_loss=json_value(loss.values[-1]) if len(loss) else None,
        best_loss=min(good) if good else None,
        loss_nan_count=loss.nan_count(),
        loss_inf_count=loss.inf_count(),
        nonfinite_values=sum(s.nan_count() + s.inf_count() for s in run.metrics.values()),
        grad_norm_peak=json_value(peak(run.metrics[grad_name])) if grad_name else None,
        steps_seen=len(loss),
        last_step=loss.steps[-1] if len(loss) else None,
        metrics=sorted(run.metrics),
    )


def findings_of(run: Run) -> list[tuple[str, float]]:
    """(root-cause id, confidence) of what the diagnosis detectors find in `run`, most confident first."""
    from .diagnosis.engine import detect_findings

    return sorted(((f.id, f.confidence) for f in detect_findings(run)), key=lambda pair: -pair[1])


def finding_ids(run: Run) -> list[str]:
    """Root-cause ids the detectors are sure enough of to report (as a diagnosis would), each once."""
    from .diagnosis.findings import REPORTABLE

    return list(dict.fromkeys(i for i, confidence in findings_of(run) if confidence >= REPORTABLE))


def resolve_run(workspace: Workspace, state_dir: Path, reference: str) -> str:
    """A log path for `reference`: a quick test's `run_id` (from the ledger) or a path as given."""
    reference = reference.strip()
    if RUN_ID.fullmatch(reference):
        entry = Ledger(state_dir).get("quick_test", reference)
        if entry is None:
            raise UserError(f"no quick test {reference} in the ledger; pass a log path or a run_id from run_quick_test")
        return entry.data["log_path"]
    return reference


def read_one(workspace: Workspace, path: str, loss_metric: str | None = None) -> Run:
    result = read_logs(workspace, [path], loss_metric=loss_metric)
    runs = [r for r in result.runs if r.metrics]
    if not runs:
        raise UserError(f"{path} holds no metrics to compare; pass the log a training run wrote")
    return runs[0]


def relative_change(before: float, after: float) -> float | None:
    if before == 0 or not (math.isfinite(before) and math.isfinite(after)):
        return None
    return round((after - before) / abs(before) * 100, 1)


def delta(before: Value | float | None, after: Value | float | None) -> Delta:
    change = None
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        change = relative_change(float(before), float(after))
    return Delta(baseline=before, candidate=after, change_pct=change)


def comparable_loss(metrics: RunMetrics) -> float | None:
    """The final loss when finite, else the best one."""
    final = metrics.final_loss
    return float(final) if isinstance(final, (int, float)) else metrics.best_loss


def nonfinite(metrics: RunMetrics) -> int:
    return metrics.loss_nan_count + metrics.loss_inf_count


def judge(base: RunMetrics, cand: RunMetrics, cleared: list[str], new: list[str]) -> tuple[Verdict, list[str]]:
    """The verdict and its evidence (see the module docstring for the rules)."""
    base_bad, cand_bad = nonfinite(base), nonfinite(cand)
    evidence: list[str] = []
    if base_bad and not cand_bad:
        evidence.append(f"NaN/inf in the loss gone: {base_bad} non-finite values before, none after")
    elif cand_bad and not base_bad:
        evidence.append(f"NaN/inf in the loss appeared: none before, {cand_bad} after")
    votes = 0
    if cleared and not new:
        votes += 1
        evidence.append(f"findings cleared: {', '.join(cleared)}; none new")
    elif new and not cleared:
        votes -= 1
        evidence.append(f"new findings: {', '.join(new)}; none cleared")
    elif new and cleared:
        evidence.append(f"findings cleared: {', '.join(cleared)}; new: {', '.join(new)}")
    before, after = comparable_loss(base), comparable_loss(cand)
    if before is not None and after is not None:
        change = relative_change(before, after)
        if change is not None and abs(change) >= SIGNIFICANT_CHANGE * 100:
            votes += 1 if change < 0 else -1
            word = "down" if change < 0 else "up"
            evidence.append(f"loss {word} {abs(change):g}%: {before:.4g} -> {after:.4g}")
        else:
            evidence.append(f"loss about the same: {before:.4g} -> {after:.4g}")
    if base_bad and not cand_bad:
        return "improved", evidence
    if cand_bad and not base_bad:
        return "regressed", evidence
    if votes > 0:
        return "improved", evidence
    if votes < 0:
        return "regressed", evidence
    return "unchanged", evidence or ["nothing measurable differs"]


def compare_runs(
    workspace: Workspace, state_dir: Path, baseline: str, candidate: str, loss_metric: str | None = None
) -> Comparison:
    """Compare two runs (log paths or quick-test run_ids) and say whether the candidate is better; `loss_metric`
    names the training loss when its role is not clear from the names."""
    paths = [resolve_run(workspace, state_dir, ref) for ref in (baseline, candidate)]
    base_run, cand_run = (read_one(workspace, path, loss_metric) for path in paths)
    base, cand = measure_run(base_run), measure_run(cand_run)
    base_ids, cand_ids = finding_ids(base_run), finding_ids(cand_run)
    cleared = [i for i in base_ids if i not in cand_ids]
    new = [i for i in cand_ids if i not in base_ids]
    verdict, evidence = judge(base, cand, cleared, new)
    return Comparison(
        baseline=paths[0],
        candidate=paths[1],
        verdict=verdict,
        evidence=evidence,
        deltas={
            "final_loss": delta(base.final_loss, cand.final_loss),
            "best_loss": delta(base.best_loss, cand.best_loss),
            "loss_nonfinite": delta(
                base.loss_nan_count + base.loss_inf_count, cand.loss_nan_count + cand.loss_inf_count
            ),
            "grad_norm_peak": delta(base.grad_norm_peak, cand.grad_norm_peak),
            "steps_seen": delta(base.steps_seen, cand.steps_seen),
        },
        findings_cleared=cleared,
        findings_new=new,
        findings_kept=[i for i in cand_ids if i in base_ids],
        baseline_metrics=base,
        candidate_metrics=cand,
    )
