"""Terminal renderings of tool answers, for the CLI commands (`ml-skills-mcp read`, `ml-skills-mcp diagnose`)."""

from __future__ import annotations

from .diagnosis.models import Diagnosis
from .logs.summary import LogSummary, MetricSummary, RunSummary, Value


def _number(value: Value | float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:.6g}"


def _metric_row(name: str, metric: MetricSummary) -> str:
    steps = f"{metric.first_step}..{metric.last_step}" if metric.count else "-"
    cells = [
        f"{name:<24}",
        f"{metric.count:>8}",
        f"{steps:>16}",
        *(f"{_number(v):>11}" for v in (metric.first, metric.last, metric.min, metric.max)),
        f"{metric.nan_count:>6}",
        f"{metric.inf_count:>6}",
    ]
    return " ".join(cells)


def format_run(run: RunSummary) -> list[str]:
    rank = f", rank {run.rank}" if run.rank is not None else ""
    steps = f"steps {run.steps.first}..{run.steps.last}, {run.steps.count} distinct"
    lines = [f"{run.source} ({run.format}{rank}): {steps}"]
    if run.metrics:
        header = ["metric".ljust(24), "count".rjust(8), "steps".rjust(16)]
        header += [h.rjust(11) for h in ("first", "last", "min", "max")] + ["nan".rjust(6), "inf".rjust(6)]
        lines.append("  " + " ".join(header))
        lines += ["  " + _metric_row(name, metric) for name, metric in run.metrics.items()]
    if run.events_total:
        lines.append(f"  events: {run.events_total} ({len(run.events)} shown)")
        for event in run.events:
            where = f"line {event.line}" if event.line is not None else "-"
            step = f" step {event.step}" if event.step is not None else ""
            lines.append(f"    {where}{step} [{event.level}/{event.kind}] {event.text[:160]}")
    if run.samples_total:
        lines.append(f"  samples: {run.samples_total} (the last {len(run.samples)} shown)")
        for sample in run.samples:
            step = f" step {sample.step}" if sample.step is not None else ""
            lines.append(f"    line {sample.line}{step}: {sample.text[:160]!r}")
    lines += [f"  note: {note}" for note in run.notes]
    return lines


def format_log_summary(summary: LogSummary) -> str:
    """A compact, readable rendering of a `read_training_log` answer (statistics and events, no series)."""
    lines: list[str] = []
    for run in summary.runs:
        lines += format_run(run)
        lines.append("")
    lines += [f"unreadable: {problem}" for problem in summary.unreadable]
    lines += [f"note: {note}" for note in summary.notes]
    if summary.truncated:
        lines.append("(series downsampled or events cut; --json shows the series, the tool takes max_points)")
    return "\n".join(lines).rstrip() + "\n"


def format_diagnosis(answer: Diagnosis) -> str:
    """A readable rendering of a `diagnose_training` answer: causes with evidence and patches, then the fixes."""
    lines = [f"verdict: {answer.verdict}", answer.summary]
    for rank, cause in enumerate(answer.root_causes, 1):
        lines += ["", f"{rank}. {cause.issue} [{cause.id}] confidence {cause.confidence:.2f}"]
        if cause.defect:
            lines.append(f"   defect: {cause.defect.name} at {cause.defect.location}")
        lines += [f"   - {ev.location}: {ev.detail}" for ev in cause.evidence]
        lines.append(f"   fix: {cause.fix}")
        if cause.patch:
            lines.append("   patch (as `git apply` takes it):")
            lines += cause.patch.splitlines()
    if answer.quick_wins:
        lines += ["", "quick wins:"] + [f"  - {win}" for win in answer.quick_wins]
    for fix in answer.recommended_fixes:
        lines += ["", f"[{fix.priority}] {fix.root_cause}: {fix.implementation.change}"]
        lines.append(f"    expect: {fix.expected_impact}")
    if answer.report_id:
        lines += ["", f"report saved: {answer.report_id} (reports://{answer.report_id} for an MCP client)"]
    return "\n".join(lines) + "\n"
