"""Before/after: what changed between two runs, and whether the candidate is better.

A run is named by a log path or by the `run_id` of a quick test (looked up in
the ledger). Both are read with the log readers and judged with the diagnosis
detectors, on the series whose role is the training loss. The loss is compared
over the same steps (those both runs logged: up to the earlier last step),
final against final and best against best, and a difference counts only when it
is beyond the runs' own noise (their step-to-step scatter) and at least 10%.

Verdict, in order:
1. NaN/inf appearing in the loss is `regressed`;
2. when the baseline had findings (causes a diagnosis would report, confidence
   >= 0.5): `improved` only when every one is cleared, none is new and the loss is
   not worse; `regressed` when findings are new and none cleared; else `unchanged`;
3. when it had none: a new finding is `regressed`; NaN/inf gone, or a loss better
   beyond the noise (final, and best not worse) is `improved`; worse is `regressed`.
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
"""The smallest relative change of the loss that counts, whatever the noise (the 10% the loop has always used)."""
NOISE_MULTIPLE = 2.0
"""A loss difference counts beyond this many times the runs' noise (two standard deviations: ~95% of the scatter)."""
NOISE_TAIL = 0.25
"""The last quarter of the compared steps is where the noise is measured (the trend is slowest there)."""
MIN_NOISE_POINTS = 4
"""Fewer finite values than this in the tail: no noise estimate (the 10% floor alone applies)."""
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


class Window(BaseModel):
    """The loss of both runs over the steps both logged."""

    last_step: float | None = Field(description="The losses are compared at steps up to this one (null: none shared).")
    baseline_points: int = Field(description="Loss values of the baseline at those steps.")
    candidate_points: int = Field(description="Loss values of the candidate at those steps.")
    baseline_final: Value | None = Field(description="The baseline's last loss at those steps.")
    candidate_final: Value | None = Field(description="The candidate's last loss at those steps.")
    baseline_best: float | None = Field(description="The baseline's smallest finite loss at those steps.")
    candidate_best: float | None = Field(description="The candidate's smallest finite loss at those steps.")
    noise: float | None = Field(
        description="The runs' own step-to-step scatter of the loss (the larger of the two; null when too short)."
    )
    candidate_noise: float | None = Field(default=None, description="The candidate's own scatter alone.")


class Comparison(BaseModel):
    baseline: str = Field(description="The baseline log that was read.")
    candidate: str = Field(description="The candidate log that was read.")
    verdict: Verdict = Field(description="improved, regressed or unchanged (see evidence).")
    evidence: list[str] = Field(description="The observations the verdict rests on, strongest first.")
    deltas: dict[str, Delta] = Field(
        description="final_loss and best_loss over the same steps (see steps_compared); loss_nonfinite, "
        "grad_norm_peak, steps_seen over the whole runs: baseline vs candidate."
    )
    steps_compared: Window = Field(description="The steps both runs logged, over which the losses are compared.")
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
    """A log path for `reference`: a quick test's `run_id` (from the ledger) or a path as given.

    A quick test that judged a log file its command wrote is read from the copy of that file it kept."""
    reference = reference.strip()
    if RUN_ID.fullmatch(reference):
        entry = Ledger(state_dir).get("quick_test", reference)
        if entry is None:
            raise UserError(f"no quick test {reference} in the ledger; pass a log path or a run_id from run_quick_test")
        return entry.data.get("judged_log") or entry.data["log_path"]
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


def nonfinite(metrics: RunMetrics) -> int:
    return metrics.loss_nan_count + metrics.loss_inf_count


def loss_series(run: Run, metrics: RunMetrics) -> Series:
    return run.metrics[metrics.loss_metric] if metrics.loss_metric else Series()


def up_to(series: Series, last: float) -> list[float]:
    """The values logged at steps up to `last`."""
    return [v for s, v in zip(series.steps, series.values, strict=True) if s <= last]


def noise_of(values: list[float]) -> float | None:
    """The step-to-step scatter of a loss curve: the spread of its first differences over the last quarter,
    divided by sqrt(2) (the difference of two independent noisy values has sqrt(2) times their spread)."""
    good = [v for v in values if math.isfinite(v)]
    tail = good[-max(MIN_NOISE_POINTS, int(len(good) * NOISE_TAIL)) :]
    if len(tail) < MIN_NOISE_POINTS:
        return None
    diffs = [b - a for a, b in zip(tail, tail[1:], strict=False)]
    scale = max(abs(d) for d in diffs)  # scaled first: a loss near 1e300 must not overflow the squares
    if not math.isfinite(scale):
        return None
    if scale == 0:
        return 0.0
    unit = [d / scale for d in diffs]
    mean = sum(unit) / len(unit)
    return scale * math.sqrt(sum((u - mean) ** 2 for u in unit) / len(unit)) / math.sqrt(2)


def window(base_run: Run, cand_run: Run, base: RunMetrics, cand: RunMetrics) -> Window:
    """Both losses over the steps both runs logged: final against final, best against best."""
    if base.last_step is None or cand.last_step is None:
        return Window(
            last_step=None,
            baseline_points=0,
            candidate_points=0,
            baseline_final=None,
            candidate_final=None,
            baseline_best=None,
            candidate_best=None,
            noise=None,
        )
    last = min(base.last_step, cand.last_step)
    before, after = up_to(loss_series(base_run, base), last), up_to(loss_series(cand_run, cand), last)
    cand_noise = noise_of(after)
    noises = [n for n in (noise_of(before), cand_noise) if n is not None]
    good_before, good_after = [v for v in before if math.isfinite(v)], [v for v in after if math.isfinite(v)]
    return Window(
        last_step=last,
        baseline_points=len(before),
        candidate_points=len(after),
        baseline_final=json_value(before[-1]) if before else None,
        candidate_final=json_value(after[-1]) if after else None,
        baseline_best=min(good_before) if good_before else None,
        candidate_best=min(good_after) if good_after else None,
        noise=round(max(noises), 6) if noises else None,
        candidate_noise=round(cand_noise, 6) if cand_noise is not None else None,
    )


def number(value: Value | float | None) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def beyond_noise(before: float, after: float, noise: float | None) -> int:
    """-1 when `after` is lower beyond the noise (and the 10% floor), +1 when higher, 0 when within."""
    margin = max(NOISE_MULTIPLE * (noise or 0.0), SIGNIFICANT_CHANGE * abs(before))
    if after < before - margin:
        return -1
    if after > before + margin:
        return 1
    return 0


def loss_direction(span: Window) -> tuple[int, str | None]:
    """-1 (better), +1 (worse) or 0 over the same steps, with the evidence line."""
    if span.last_step is None:
        return 0, None
    bf, cf = number(span.baseline_final), number(span.candidate_final)
    bb, cb = span.baseline_best, span.candidate_best
    final = beyond_noise(bf, cf, span.noise) if bf is not None and cf is not None else 0
    best = beyond_noise(bb, cb, span.noise) if bb is not None and cb is not None else 0
    direction = final if final and best != -final else (best if bf is None or cf is None else 0)
    parts = [f"final {span.baseline_final} -> {span.candidate_final}"]
    if bf is not None and cf is not None:
        parts = [f"final {bf:.4g} -> {cf:.4g}" + change_text(bf, cf)]
    if bb is not None and cb is not None:
        parts.append(f"best {bb:.4g} -> {cb:.4g}" + change_text(bb, cb))
    word = {-1: "loss better", 1: "loss worse", 0: "loss about the same"}[direction]
    noise = f"noise {span.noise:.2g}" if span.noise is not None else "noise not measurable"
    return direction, f"{word} over steps up to {span.last_step:g}: {', '.join(parts)} ({noise})"


def change_text(before: float, after: float) -> str:
    change = relative_change(before, after)
    return "" if change is None else f" ({'+' if change > 0 else ''}{change:g}%)"


def findings_text(cleared: list[str], new: list[str], kept: list[str]) -> str:
    if cleared and not new:
        text = f"findings cleared: {', '.join(cleared)}; none new"
    elif new and not cleared:
        text = f"new findings: {', '.join(new)}; none cleared"
    elif new and cleared:
        text = f"findings cleared: {', '.join(cleared)}; new: {', '.join(new)}"
    else:
        return f"findings kept: {', '.join(kept)}"
    return text + (f"; kept: {', '.join(kept)}" if kept else "")


def judge(
    base: RunMetrics, cand: RunMetrics, base_ids: list[str], cand_ids: list[str], span: Window
) -> tuple[Verdict, list[str]]:
    """The verdict and its evidence (see the module docstring for the rules)."""
    cleared = [i for i in base_ids if i not in cand_ids]
    new = [i for i in cand_ids if i not in base_ids]
    kept = [i for i in cand_ids if i in base_ids]
    base_bad, cand_bad = nonfinite(base), nonfinite(cand)
    evidence: list[str] = []
    if base_bad and not cand_bad:
        evidence.append(f"NaN/inf in the loss gone: {base_bad} non-finite values before, none after")
    elif cand_bad and not base_bad:
        evidence.append(f"NaN/inf in the loss appeared: none before, {cand_bad} after")
    if cleared or new or kept:
        evidence.append(findings_text(cleared, new, kept))
    direction, loss_line = loss_direction(span)
    if loss_line:
        evidence.append(loss_line)
    verdict: Verdict = "unchanged"
    if cand_bad and not base_bad:
        verdict = "regressed"
    elif base_ids:
        if new and not cleared:
            verdict = "regressed"
        elif not kept and not new and direction <= 0:
            verdict = "improved"
    elif new:
        verdict = "regressed"
    elif (base_bad and not cand_bad) or direction < 0:
        verdict = "improved"
    elif direction > 0:
        verdict = "regressed"
    return verdict, evidence or ["nothing measurable differs"]


def compare_read(base_run: Run, cand_run: Run, baseline: str, candidate: str) -> Comparison:
    """Compare two runs already read; `baseline` and `candidate` name them in the answer."""
    base, cand = measure_run(base_run), measure_run(cand_run)
    base_ids, cand_ids = finding_ids(base_run), finding_ids(cand_run)
    span = window(base_run, cand_run, base, cand)
    verdict, evidence = judge(base, cand, base_ids, cand_ids, span)
    return Comparison(
        baseline=baseline,
        candidate=candidate,
        verdict=verdict,
        evidence=evidence,
        deltas={
            "final_loss": delta(span.baseline_final, span.candidate_final),
            "best_loss": delta(span.baseline_best, span.candidate_best),
            "loss_nonfinite": delta(nonfinite(base), nonfinite(cand)),
            "grad_norm_peak": delta(base.grad_norm_peak, cand.grad_norm_peak),
            "steps_seen": delta(base.steps_seen, cand.steps_seen),
        },
        steps_compared=span,
        findings_cleared=[i for i in base_ids if i not in cand_ids],
        findings_new=[i for i in cand_ids if i not in base_ids],
        findings_kept=[i for i in cand_ids if i in base_ids],
        baseline_metrics=base,
        candidate_metrics=cand,
    )


def compare_runs(
    workspace: Workspace, state_dir: Path, baseline: str, candidate: str, loss_metric: str | None = None
) -> Comparison:
    """Compare two runs (log paths or quick-test run_ids) and say whether the candidate is better; `loss_metric`
    names the training loss when its role is not clear from the names."""
    paths = [resolve_run(workspace, state_dir, ref) for ref in (baseline, candidate)]
    base_run, cand_run = (read_one(workspace, path, loss_metric) for path in paths)
    return compare_read(base_run, cand_run, paths[0], paths[1])
