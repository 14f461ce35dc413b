"""Merge findings per root cause and rank them: one cause, one confidence, its strongest evidence first."""

from __future__ import annotations

from ..catalogue import RootCauseId
from .findings import Finding

MAX_EVIDENCE = 4
MAX_CAUSES = 6

EXPLAINS: dict[str, frozenset[str]] = {
    "lr_too_high": frozenset({"loss_oscillation", "exploding_gradients", "loss_spike"}),
    "exploding_gradients": frozenset({"lr_too_high", "loss_spike"}),
    "missing_zero_grad": frozenset({"exploding_gradients", "lr_too_high", "loss_oscillation"}),
    "lr_too_low": frozenset({"loss_plateau"}),
    "loss_plateau": frozenset({"lr_too_low", "vanishing_gradients"}),
    "numerical_instability": frozenset({"data_issue"}),
    "data_issue": frozenset({"loss_oscillation", "numerical_instability"}),
}
"""The log signatures a cause found in code or config would leave besides its own id (a missing
`zero_grad` makes gradients grow like a too-high learning rate; softmax fed to cross-entropy flattens the loss)."""


def backed_by_logs(cause: str, log_ids: set[str]) -> bool:
    """Do the log findings show `cause`, or a signature it explains?"""
    return cause in log_ids or bool(EXPLAINS.get(cause, frozenset()) & log_ids)


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per id, most confident first.

    Independent kinds of evidence agreeing (a log signature and a code line) raise the
    confidence (noisy-or, capped at 0.97). Findings of one kind are not independent (the
    same log copied to every rank, two lines of one script): they keep the best.
    """
    by_id: dict[RootCauseId, list[Finding]] = {}
    for finding in findings:
        by_id.setdefault(finding.id, []).append(finding)
    merged = []
    for cause, group in by_id.items():
        group.sort(key=lambda f: -f.confidence)
        best = group[0]
        kinds = {best.kind}
        doubt = 1 - best.confidence
        for other in group[1:]:
            if other.kind not in kinds:
                doubt *= 1 - 0.5 * other.confidence
                kinds.add(other.kind)
        evidence = [ev for f in group for ev in f.evidence][:MAX_EVIDENCE]
        patch = next((f.patch for f in group if f.patch), None)
        file = next((f.file for f in group if f.patch), None)
        fix = next((f.fix for f in group if f.fix), None)
        defect = next((f.defect for f in group if f.defect), None)
        confidence = round(min(0.97, 1 - doubt), 3)
        merged.append(Finding(cause, confidence, evidence, fix, patch, file, best.kind, defect))
    merged.sort(key=lambda f: -f.confidence)
    return merged[:MAX_CAUSES]
