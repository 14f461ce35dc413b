"""Detectors of what a run reports besides its curves: warning lines that name a cause, logged health metrics
(dead-unit fractions, output spread), and ranks of one distributed run that disagree."""

from __future__ import annotations

import re

from ...catalogue import RootCauseId
from ...logs.model import Run
from ...logs.roles import words
from ..findings import Evidence, Finding, evidence
from ..thresholds import (
    COLLAPSED_CONFIDENCE,
    COLLAPSED_MODES,
    DEAD_ALL,
    DEAD_AT_CUTOFF,
    DEAD_AT_ONSET,
    DEAD_FRACTION,
    DEAD_LEARNING,
    DEAD_ONSET,
    LOSS_SCALE_FLOOR,
)
from .view import View, arrays, finite_loss, fmt, fmt_step, start_level


def dead_confidence(fraction: float) -> float:
    """How sure a dead-unit fraction makes a dead-ReLU fault: 0 under DEAD_ONSET, then linear from DEAD_AT_ONSET
    through DEAD_AT_CUTOFF at DEAD_FRACTION to DEAD_ALL when every unit is dead."""
    import numpy as np

    if fraction < DEAD_ONSET:
        return 0.0
    grades = ([DEAD_ONSET, DEAD_FRACTION, 1.0], [DEAD_AT_ONSET, DEAD_AT_CUTOFF, DEAD_ALL])
    return round(float(np.interp(fraction, *grades)), 3)


def learning(view: View) -> bool:
    """The training loss ends under DEAD_LEARNING of its start: the run learns, whatever its units do."""
    import numpy as np

    found = finite_loss(view)
    if found is None:
        return False
    loss = found[2]
    return float(np.median(loss[-max(3, loss.size // 5) :])) < DEAD_LEARNING * start_level(loss)


def detect_health_metrics(view: View) -> list[Finding]:
    """Logged activation health: dead-unit fractions graded from 50% (AUTOTRAINER: 70%), a count of the data's modes
    the samples cover stuck at one, output spread at zero."""
    import numpy as np

    out: list[Finding] = []
    for name, series in view.run.metrics.items():
        if not len(series):
            continue
        steps, values = arrays(series)
        ok = np.isfinite(values)
        steps, values = steps[ok], values[ok]
        if not values.size:
            continue
        lower = name.lower()
        late = float(np.median(values[values.size // 2 :]))
        fraction = bool(values.min() >= 0 and values.max() <= 1)  # a count of dead units is no fraction
        if "dead" in lower and fraction and late >= DEAD_ONSET and not learning(view):
            share = "most" if late >= DEAD_FRACTION else "many"
            detail = f"{name} {late:.0%} over the second half of the run ({share} units never fire) while the loss "
            detail += f"stays above {DEAD_LEARNING:.0%} of its start"
            out.append(
                Finding(
                    "dead_relu",
                    dead_confidence(late),
                    [evidence(view.source, fmt_step(steps[values.size // 2]), detail)],
                )
            )
        elif {"mode", "modes"} & set(words(name)) and values.size >= 3 and bool((values == np.round(values)).all()):
            second = values[values.size // 2 :]
            if float(second.max()) == COLLAPSED_MODES:
                detail = (
                    f"{name} at most {COLLAPSED_MODES:g} over the second half of the run (peak {fmt(values.max())}): "
                    "the samples cover one mode of the data"
                )
                at = fmt_step(steps[values.size // 2])
                out.append(Finding("mode_collapse", COLLAPSED_CONFIDENCE, [evidence(view.source, at, detail)]))
        elif re.search(r"(output|pred|head).*(std|var)|(std|var).*(output|pred)", lower) and values.size >= 3:
            zero = np.flatnonzero(values == 0)
            if zero.size >= max(2, values.size // 4):
                detail = f"{name} is 0 at {zero.size} of {values.size} points: the outputs stopped varying"
                out.append(
                    Finding(
                        "mode_collapse",
                        0.75,
                        [evidence(view.source, fmt_step(steps[zero[0]]), detail)],
                    )
                )
    return out


EVENT_CAUSES: dict[str, tuple[RootCauseId, float]] = {
    "variance_zero": ("mode_collapse", 0.85),
    "skipped_step": ("data_issue", 0.6),
    "overflow": ("numerical_instability", 0.8),
    "diverged": ("lr_too_high", 0.7),
}
"""Event kinds (logs.events) that name a cause, with the confidence of the first such line."""


LOSS_SCALE_SET = re.compile(r"loss[ _]?scal\w*.*?\bto:?\s*([0-9.]+(?:e[-+]?\d+)?)", re.IGNORECASE)
"""The scale a dynamic fp16 loss scaler sets after an overflow: fairseq `setting loss scale to: 128.0`, apex `reducing
loss scale to 32768.0`, DeepSpeed `Attempted loss scale: 65536, reducing to 32768`."""


def routine_rescale(text: str) -> bool:
    """An fp16 overflow that the dynamic loss scaler handled: it skipped the step and set a scale still at or above
    LOSS_SCALE_FLOOR. Mixed precision probes its scale upward and backs off on overflow by design (PyTorch's GradScaler
    doubles it every 2000 clean steps): such lines say nothing of the data."""
    found = LOSS_SCALE_SET.search(text)
    return found is not None and float(found.group(1)) >= LOSS_SCALE_FLOOR


def detect_events(view: View) -> list[Finding]:
    """Warnings that name a cause: `variance=0` / collapse lines, skipped steps (not an fp16 loss scaler's routine
    back-off), a float overflow that stopped the run (`OverflowError: math range error`), a run that stopped itself
    because its loss exploded (char-rnn's `loss is exploding, aborting.`: most often a learning rate too high)."""
    out: dict[str, Finding] = {}
    for event in view.run.events:
        kind = event.kind
        if kind not in EVENT_CAUSES and re.search(r"collaps", event.text, re.I):
            kind = "variance_zero"
        if kind not in EVENT_CAUSES or (kind == "skipped_step" and routine_rescale(event.text)):
            continue
        cause, conf = EVENT_CAUSES[kind]
        where = (
            f"{event.file or view.source}:{event.line}"
            if event.line
            else (fmt_step(event.step) if event.step is not None else view.source)
        )
        finding = out.setdefault(cause, Finding(cause, conf, []))
        finding.confidence = min(0.95, finding.confidence + 0.01)
        if len(finding.evidence) < 3:
            finding.evidence.append(evidence(event.file or view.source, where, event.text.strip()))
    return list(out.values())


def detect_rank_disagreement(runs: list[Run]) -> list[Finding]:
    """Ranks of one distributed run whose final losses disagree (one diverged or NaN while others did not).

    A loss that turned non-finite on some ranks while others stayed finite points at their data
    (the code and hyperparameters are the same on every rank), above the numerics reading of that NaN.
    """
    import numpy as np

    ranked = [run for run in runs if run.rank is not None]
    if len(ranked) < 2:
        return []
    finals: list[tuple[Run, float]] = []
    for run in ranked:
        view = View(run)
        if view.loss is None:
            continue
        tail = view.loss.values[-max(3, view.loss.values.size // 10) :]
        finals.append((run, float(np.median(tail)) if np.isfinite(tail).all() else float("inf")))
    if len(finals) < 2:
        return []
    values = np.array([v for _, v in finals])
    middle = float(np.median(values[np.isfinite(values)])) if np.isfinite(values).any() else float("inf")
    odd = [(run, v) for run, v in finals if not np.isfinite(v) or abs(v - middle) > 0.5 * abs(middle)]
    if not odd:
        return []
    ev: list[Evidence] = [
        evidence(run.source, f"rank {run.rank}", f"final loss {fmt(v)} vs the ranks' median {fmt(middle)}")
        for run, v in odd[:3]
    ]
    # the same code and hyperparameters stayed finite on other ranks: a NaN on some ranks alone is their data
    shard = len(odd) < len(finals) and all(not np.isfinite(v) for _, v in odd)
    if shard:
        detail = "non-finite on these ranks only while the others stayed finite: a corrupt shard of the data"
        ev.append(evidence(odd[0][0].source, f"rank {odd[0][0].rank}", detail))
    return [Finding("data_issue", 0.85 if shard else 0.55, ev)]
