"""`detect_findings(run)` judges one run's series and events; `diagnose(...)` folds in the code scan, the
config scan and the model-inspection findings, ranks the causes and writes the `Diagnosis`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cancel import check_cancelled
from ..catalogue import ROOT_CAUSES
from ..logs.model import Run
from ..logs.summary import json_step
from .calibration import HEALTHY_PRECISION, calibrated
from .classes import classes_of_run, find_classes
from .codescan import scan_code
from .config_scan import scan_config
from .detectors import MIN_POINTS, View, detect_rank_disagreement, run_detectors
from .detectors.events import dead_confidence
from .detectors.quality import improving_quality
from .detectors.trend import explores, names_a_value_loss
from .findings import REPORTABLE, Finding, QuickWin, evidence
from .models import Diagnosis, Implementation, Inputs, RecommendedFix, RootCause, StepsCovered, Verdict
from .ranking import backed_by_logs, merge
from .thresholds import MODEL_CONFIDENCE, SHORT_RUN_POINTS

if TYPE_CHECKING:
    import numpy as np

    from ..inspect.models import Finding as ModelFinding
    from ..inspect.models import ModelReport

PROVEN_BACKED_GAIN = 0.1
"""A proven code bug whose signature the logs show (its id or one it explains) gains this much confidence."""
PROVEN_CALM_LOSS = 0.1
"""A proven code bug the (judgeable) logs show no sign of loses this much: the bug is certain, its harm in
this run less so. The code confidences (defects.py) stay at or above REPORTABLE + this, so a proven bug
stays a root cause on a calm run."""
MAX_PROVEN_CONFIDENCE = 0.95
"""Code and logs agreeing still leave room for a bug that does not matter in this run."""

EXPECTED_IMPACT = {
    "lr_too_high": "the loss falls steadily instead of blowing up; no NaN/inf; grad norm within ~10x its median",
    "lr_too_low": "the loss falls visibly within the first few hundred steps",
    "exploding_gradients": "gradient-norm spikes capped; no loss jump or NaN at the steps cited",
    "vanishing_gradients": "early-layer gradients within ~1e-2 of the last layer's; the loss starts to fall",
    "dead_relu": "the dead-unit fraction drops well below 50%; the loss moves again",
    "saturated_activations": "fewer saturated units; gradients reach the early layers",
    "numerical_instability": "no NaN/inf at the step cited; the loss curve otherwise unchanged",
    "loss_spike": "no isolated spikes; a smoother loss curve",
    "loss_plateau": "the loss keeps falling past the plateau",
    "loss_oscillation": "the loss curve settles instead of swinging",
    "overfitting": "validation loss keeps falling (or stops rising) while training loss falls",
    "mode_collapse": "no variance=0 warnings; outputs keep their spread",
    "parameter_imbalance": "the budget spread across components; the starved part learns",
    "data_issue": "no periodic pattern, no too-good-to-be-true loss, no non-finite batches",
    "missing_zero_grad": "gradient norm stays flat or falls as the loss falls",
    "poor_initialization": "initial loss near chance (ln C for C classes); healthy early gradient norms",
}


def shown(path: Path, display_root: Path | None) -> str:
    """`path` as the user knows it: relative to `display_root` when inside it."""
    if display_root is not None and path.is_relative_to(display_root):
        return path.relative_to(display_root).as_posix()
    return str(path)


def detect_findings(run: Run) -> list[Finding]:
    """Findings of the series detectors on one run, one per root cause, most confident first."""
    return merge(run_detectors(run))


def model_findings(report: ModelReport | None) -> list[Finding]:
    """The inspection's findings (each a catalogue id measured on a module) as model evidence."""
    if report is None:
        return []
    return [
        Finding(
            item.id,
            model_confidence(item),
            [evidence("model", item.module or "model", f"{item.detail} (value {item.value})")],
            kind="model",
        )
        for item in report.findings
    ]


def model_confidence(item: ModelFinding) -> float:
    """MODEL_CONFIDENCE, except a dead-unit fraction, graded like a logged one (`dead_confidence`)."""
    if item.id == "dead_relu" and isinstance(item.value, (int, float)):
        return dead_confidence(float(item.value))
    return MODEL_CONFIDENCE


def diagnose(
    runs: Sequence[Run],
    *,
    code_paths: Iterable[Path] = (),
    config_path: Path | None = None,
    model_report: ModelReport | None = None,
    symptoms: str | None = None,
    unreadable: Sequence[str] = (),
    display_root: Path | None = None,
    extra_findings: Sequence[Finding] = (),
) -> Diagnosis:
    """Rank root causes from every piece of evidence given; `display_root` names files in citations and patches;
    `extra_findings` are judged beside the detectors' (the samples the logs print, measured by the use case)."""
    inputs = describe_inputs(runs, unreadable)
    findings: list[Finding] = []
    code_paths = list(code_paths)
    head_width = model_report.head_width if model_report is not None else None
    classes = find_classes(code_paths, config_path, display_root, head_width)
    for run in runs:
        check_cancelled()
        findings += run_detectors(run, classes or classes_of_run(run))
    findings += detect_rank_disagreement(list(runs))
    findings += extra_findings
    log_ids: set[str] = {f.id for f in findings if f.confidence >= REPORTABLE}
    judged = any(has_judgeable_loss(r) for r in runs)
    quality = None if judged else next((q for r in runs if (q := improving_quality(r)) is not None), None)
    judged = judged or quality is not None
    code_wins: list[QuickWin] = []
    for path in code_paths:
        inputs.code.append(shown(path, display_root))
        scanned = scan_code(path, log_ids, display_root)
        findings += [weigh_proven(f, log_ids, judged) for f in scanned.findings]
        code_wins += scanned.quick_wins
    if config_path is not None:
        inputs.config = shown(config_path, display_root)
        findings += scan_config(config_path, log_ids, display_root)
    if model_report is not None:
        inputs.model = True
        findings += model_findings(model_report)
    if not judged:
        inputs.missing.append(f"a loss series of at least {MIN_POINTS} points (none found)")
    elif quality is not None:
        inputs.missing.append(
            f"a training loss of at least {MIN_POINTS} points (none found: judged on {quality}, which improved, alone)"
        )
    causes = [f for f in merge(findings) if f.confidence >= REPORTABLE]
    unbacked = unbacked_ids(causes, findings, log_ids) if judged else set()
    causes = [f for f in causes if f.id not in unbacked]
    causes = [replace(f, confidence=calibrated(f.confidence)) for f in causes]  # scores become probabilities
    code_wins += [as_quick_win(f) for f in findings if f.id in unbacked and f.confidence >= REPORTABLE]
    cause_ids = {f.id for f in causes}
    code_wins += [as_quick_win(f) for f in findings if f.defect and f.id not in cause_ids | unbacked]
    verdict: Verdict
    if causes:
        verdict = "problems_found"
    elif judged:
        verdict = "healthy"
    else:
        verdict = "inconclusive"
    return Diagnosis(
        verdict=verdict,
        confidence=causes[0].confidence if causes else HEALTHY_PRECISION if verdict == "healthy" else None,
        summary=summarize(verdict, causes, inputs, symptoms, len(unbacked)),
        root_causes=[root_cause(f) for f in causes],
        quick_wins=quick_wins(causes, code_wins),
        recommended_fixes=recommended_fixes(causes),
        inputs=inputs,
    )


def weigh_proven(finding: Finding, log_ids: set[str], judged: bool) -> Finding:
    """A bug the code proves, its confidence raised when the logs show its signature, lowered when judgeable
    logs show none (unchanged without logs); risks (no defect) are returned as they are."""
    if finding.defect is None or not judged:
        return finding
    if backed_by_logs(finding.id, log_ids):
        return replace(
            finding, confidence=round(min(MAX_PROVEN_CONFIDENCE, finding.confidence + PROVEN_BACKED_GAIN), 3)
        )
    return replace(finding, confidence=round(finding.confidence - PROVEN_CALM_LOSS, 3))


def unbacked_ids(causes: list[Finding], findings: list[Finding], log_ids: set[str]) -> set[str]:
    """Causes resting on code or config risks alone that the (judgeable) logs do not back.

    A risk in a code line or a config key (no clipping, an lr at the top of its range) is a root cause
    when the run shows its signature (its id or a signature it explains); with the logs healthy it is only
    worth fixing: a quick win. A bug the code proves (a finding with a defect) is a root cause either way.
    """
    evidenced = {f.id for f in findings if f.kind in ("log", "model")}
    evidenced |= {f.id for f in findings if f.defect is not None and f.confidence >= REPORTABLE}
    return {f.id for f in causes if f.id not in evidenced and not backed_by_logs(f.id, log_ids)}


def as_quick_win(finding: Finding) -> QuickWin:
    """A code or config finding the logs do not show, as a quick win citing its file:line and patch."""
    ev = finding.evidence[0]
    return QuickWin(
        ev.location, f"{ev.detail} ({finding.id}, not seen in the logs): {first_fix(finding)}", finding.patch
    )


def has_judgeable_loss(run: Run) -> bool:
    """Does `run` have a loss series with enough points to judge the run healthy: MIN_POINTS, or SHORT_RUN_POINTS
    that fell at every one (`falls_throughout`)? Not an RL agent's value loss (`trend.names_a_value_loss`): its targets
    are the agent's own returns, so its fall says nothing of the agent learning; such a run is judged on its return
    (`improving_quality`), inconclusive where none improved (round91's LD-007, PPO's `loss_vf_loss` falling over 18
    iterations while its mean episode reward stood near 0); so is a Q-network's loss, whatever its name, where the run
    logs an exploration rate (`trend.explores`)."""
    loss = View(run).loss
    if loss is None or names_a_value_loss(loss.name) or explores(run):
        return False
    points = len(run.metrics.get(loss.name, ()))
    return points >= MIN_POINTS or (points >= SHORT_RUN_POINTS and falls_throughout(loss.values))


def falls_throughout(values: Sequence[float] | np.ndarray) -> bool:
    """Whether a loss fell at each of its points, every one finite (a short run learning as it should)."""
    import numpy as np

    array = np.asarray(values, dtype=float)
    return bool(np.isfinite(array).all() and (np.diff(array) < 0).all())


def describe_inputs(runs: Sequence[Run], unreadable: Sequence[str]) -> Inputs:
    inputs = Inputs(missing=list(unreadable))
    first = last = None
    count = 0
    for run in runs:
        inputs.files += run.files or [run.source]
        if run.format not in inputs.formats:
            inputs.formats.append(run.format)
        inputs.metrics += [name for name in run.metrics if name not in inputs.metrics]
        view = View(run)
        if view.loss is not None and view.loss.steps.size:
            steps = view.loss.steps
            first = float(steps[0]) if first is None else min(first, float(steps[0]))
            last = float(steps[-1]) if last is None else max(last, float(steps[-1]))
            count = max(count, int(steps.size))
    inputs.metrics = inputs.metrics[:40]
    inputs.steps = StepsCovered(
        first=None if first is None else json_step(first), last=None if last is None else json_step(last), count=count
    )
    if not any(name for run in runs for name in run.metrics if "grad" in name.lower()):
        inputs.missing.append("gradient norm (log grad_norm to tell exploding from too-high lr)")
    if not any(View(run).lr for run in runs):
        inputs.missing.append("learning rate (log lr to see the schedule at the moment things broke)")
    return inputs


def title(cause: str) -> str:
    info = ROOT_CAUSES.get(cause)
    return info.title if info else cause.replace("_", " ")


def first_fix(finding: Finding) -> str:
    if finding.fix:
        return finding.fix
    info = ROOT_CAUSES.get(finding.id)
    return info.typical_fixes[0] if info and info.typical_fixes else "see catalogue://root-causes"


def root_cause(finding: Finding) -> RootCause:
    return RootCause(
        id=finding.id,
        issue=title(finding.id),
        confidence=finding.confidence,
        evidence=finding.evidence,
        fix=first_fix(finding),
        patch=finding.patch,
        defect=finding.defect,
    )


MIN_QUICK_WINS = 3
"""The skill card's shape: at least three quick wins on a run with a problem, each specific to this run."""


def quick_wins(causes: list[Finding], code_wins: Sequence[QuickWin] = ()) -> list[str]:
    """Patches to apply first, the code scan's quick wins (with their diffs), then for each cause its first fix at
    the place it was seen; on a run with a problem, checks named by this run's files and steps fill up to three."""
    wins = [f"apply the patch for {f.id} ({f.file}) with apply_patch, then run_quick_test" for f in causes if f.patch]
    wins += [win.render() for win in code_wins]
    for cause in causes:
        seen = cause.evidence[0] if cause.evidence else None
        where = f" (seen at {seen.location} of {seen.source})" if seen else ""
        wins.append(f"{title(cause.id)}{where}: {first_fix(cause)}")
    logged = [ev for cause in causes for ev in cause.evidence if ev.location.startswith("step")]
    if causes and logged and len(wins) < MIN_QUICK_WINS:
        wins.append(f"look at it: plot_metrics(paths='{logged[0].source}') around {logged[0].location}")
    if causes and logged and len(wins) < MIN_QUICK_WINS:
        wins.append(
            f"after the fix, run_quick_test past {logged[-1].location} and compare_runs with {logged[-1].source}: "
            "the finding should clear"
        )
    return list(dict.fromkeys(wins))[: 5 + len(code_wins)]


def recommended_fixes(causes: list[Finding]) -> list[RecommendedFix]:
    """At least three fixes when anything was found: the causes' own fixes, then the catalogue's next ones."""
    fixes: list[RecommendedFix] = []
    for depth in range(3):
        for finding in causes:
            info = ROOT_CAUSES.get(finding.id)
            options = ([finding.fix] if finding.fix else []) + list(info.typical_fixes if info else ())
            if depth >= len(options) or len(fixes) >= 5:
                continue
            patch = finding.patch if depth == 0 else None
            fixes.append(
                RecommendedFix(
                    priority=len(fixes) + 1,
                    root_cause=finding.id,
                    implementation=Implementation(
                        file=finding.file if patch else None, change=options[depth], patch=patch
                    ),
                    expected_impact=EXPECTED_IMPACT.get(finding.id, "the cited signature disappears"),
                )
            )
        if len(fixes) >= 3:
            break
    return fixes


def summarize(verdict: Verdict, causes: list[Finding], inputs: Inputs, symptoms: str | None, unbacked: int = 0) -> str:
    read = f"Read {len(inputs.files)} log file(s) ({', '.join(inputs.formats) or 'none'})"
    if inputs.steps.count:
        read += f", loss over {inputs.steps.count} points (steps {inputs.steps.first:g}-{inputs.steps.last:g})"
    read += "."
    if symptoms:
        read += f" Reported symptoms: {symptoms[:200]}."
    if verdict == "inconclusive":
        return f"{read} Inconclusive: missing {'; '.join(inputs.missing) or 'usable metrics'}."
    if verdict == "healthy":
        text = f"{read} Healthy: no detector found a fault above {REPORTABLE} confidence"
        text += f" (about {HEALTHY_PRECISION:.0%} of such verdicts were right on labelled real logs)."
        if unbacked:
            text += f" The code/config scan found {unbacked} cause(s) the logs do not show: see quick_wins."
        return text
    top = causes[0]
    where = top.evidence[0].location if top.evidence else ""
    others = ", ".join(f"{f.id} ({f.confidence:.2f})" for f in causes[1:4])
    text = f"{read} Most likely: {title(top.id)} ({top.id}, confidence {top.confidence:.2f}) at {where}: "
    text += (top.evidence[0].detail if top.evidence else "") + "."
    if top.defect is not None:
        text += f" The code proves it: {top.defect.name} at {top.defect.location}."
    return text + (f" Also: {others}." if others else "")
