"""The diagnosis use case, one for the `diagnose_training` tool and the `diagnose` command.

Two steps, so that the tool can inspect the model (a child process, awaited on the event loop) in between:
`prepare` reads the logs and checks the code and config paths (regular files inside the workspace: a named pipe
is refused unopened); `conclude` judges, saves the report under `.ml-skills/reports/` and notes it in the
ledger. Both block: the tool runs them on a worker thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from ..ledger import record_diagnosis
from ..logs.model import Run
from ..logs.reading import ReadResult, read_logs
from ..logs.samples import SampleEvent
from ..outputs import OutputMeasure, measures_for
from ..reports import new_report_id, save_report
from ..workspace import Workspace
from .models import Diagnosis

if TYPE_CHECKING:
    from ..inspect.models import ModelReport

MAX_MODEL_PROBLEM_CHARS = 300
"""A failed model inspection is one short line in `inputs.missing`: the reason, never a traceback."""
MAX_RUNS_JUDGED = 200
"""Runs judged in one diagnosis (ranks of one job, or runs of one folder); the rest are named as not judged.
Judging takes ~1 ms a run of a few hundred points; 2,000 runs made a 68.7 KB answer."""
MAX_ANSWER_BYTES = 16 << 10
"""The answer's size bound, as the README and the tool's description promise: 16 KB of JSON."""
MAX_FILES_LISTED = 40
"""Log files listed in `inputs.files` (all counted in `inputs.files_total`)."""
MAX_MISSING_LISTED = 12
"""Entries of `inputs.missing` kept (unreadable inputs first met, then what the logs lack); the rest counted."""


@dataclass
class DiagnosisRequest:
    """What `prepare` found: the runs read and the code and config files, all checked."""

    logs: ReadResult
    code_paths: list[Path] = field(default_factory=list)
    config_path: Path | None = None


def prepare(
    workspace: Workspace,
    logs: list[str],
    code: list[str],
    config: str | None,
    fmt: str = "auto",
    loss_metric: str | None = None,
) -> DiagnosisRequest:
    """Read the logs (in `fmt`, with `loss_metric` as the training loss where given) and check the code and config
    paths; `UserError` saying what to pass when one is wrong."""
    result = read_logs(workspace, logs, fmt, loss_metric)
    code_paths = [workspace.resolve_file(p, "a Python file of the training code") for p in code]
    config_path = workspace.resolve_file(config, "a YAML, JSON, TOML or Python config file") if config else None
    return DiagnosisRequest(result, code_paths, config_path)


def logged_sample_findings(runs: list[Run], measures: Collection[OutputMeasure]) -> list[Any]:
    """The sample events of each run (what its logs printed of the model's outputs), measured per step and file."""
    from .samples import sample_findings

    found = []
    for run in runs:
        by_file: dict[str, list[SampleEvent]] = {}
        for sample in run.samples:
            by_file.setdefault(sample.file or run.source, []).append(sample)
        for name, samples in by_file.items():
            found += sample_findings(samples, name, measures)
    return found


def first_line(exc: Exception) -> str:
    """The first line of an error's message, cut to `MAX_MODEL_PROBLEM_CHARS`."""
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    line = lines[0].rstrip(" :.")
    return line if len(line) <= MAX_MODEL_PROBLEM_CHARS else line[: MAX_MODEL_PROBLEM_CHARS - 3] + "..."


async def inspect_for_diagnosis(
    workspace: Workspace,
    state_dir: Path,
    python: str,
    *,
    model: str | None,
    checkpoint: str | None,
    input_shape: list[int] | None = None,
    sample_input: str | None = None,
    prompts: list[str] | list[list[int]] | None = None,
    vocabulary: str | None = None,
    symptoms: str | None = None,
) -> tuple[ModelReport | None, str | None]:
    """The model inspection a diagnosis folds in (a child process under `python`, probing when an input is given,
    running the output measures the `symptoms` call for): `(report, None)`, or `(None, why)` when it failed, which
    the diagnosis notes instead of failing."""
    from ..inspect import inspect_model
    from ..inspect.request import build_request

    if not (model or checkpoint):
        return None, None
    inspection, cwd = build_request(
        workspace,
        model=model,
        checkpoint=checkpoint,
        input_shape=input_shape,
        sample_input=sample_input,
        probe=bool(input_shape or sample_input),
        prompts=prompts,
        vocabulary=vocabulary,
        measures=measures_for(symptoms),
    )
    try:
        return await inspect_model(inspection, python=python, cwd=cwd, timeout_s=120, state_dir=state_dir), None
    except UserError as exc:
        return (
            None,
            f"model inspection failed: {first_line(exc)}; call inspect_model with the same model for the details",
        )


def conclude(
    request: DiagnosisRequest,
    workspace: Workspace,
    state_dir: Path,
    *,
    model_report: ModelReport | None = None,
    model_problem: str | None = None,
    symptoms: str | None = None,
) -> Diagnosis:
    """Judge what `prepare` found, save the report (its id in `report_id`) and record it in the ledger."""
    from .engine import diagnose  # the detectors load on first use, not at start-up

    runs = request.logs.runs
    unreadable = list(request.logs.unreadable)
    if len(runs) > MAX_RUNS_JUDGED:
        unreadable.insert(
            0,
            f"{len(runs) - MAX_RUNS_JUDGED} runs past the first {MAX_RUNS_JUDGED} were not judged (from "
            f"{runs[MAX_RUNS_JUDGED].source}); diagnose them in another call",
        )
        runs = runs[:MAX_RUNS_JUDGED]
    measures = measures_for(symptoms)
    answer = diagnose(
        runs,
        code_paths=request.code_paths,
        config_path=request.config_path,
        model_report=model_report,
        symptoms=symptoms,
        extra_findings=logged_sample_findings(runs, measures),
        unreadable=unreadable,
        display_root=workspace.primary,
    )
    answer.inputs.samples = sum(run.samples_total for run in runs)
    answer.inputs.output_measures = sorted(measures)
    if model_problem:
        answer.inputs.missing.append(model_problem[:MAX_MODEL_PROBLEM_CHARS])
    fit(answer)
    answer.report_id = new_report_id()
    save_report(state_dir, answer.report_id, answer.model_dump_json())
    record_diagnosis(
        state_dir, answer.report_id, answer.verdict, [cause.id for cause in answer.root_causes], answer.inputs.files
    )
    return answer


def size(answer: Diagnosis) -> int:
    return len(answer.model_dump_json()) + len('"report_id":"diag-00000000"')


def fit(answer: Diagnosis) -> None:
    """Bound the answer to MAX_ANSWER_BYTES, saying what was cut: long lists first (files, what is missing),
    then, only while still too big, repeated patches, evidence past the first two per cause, the quick wins'
    diffs, and the causes past the first three."""
    inputs = answer.inputs
    inputs.files_total = len(inputs.files)
    inputs.files = inputs.files[:MAX_FILES_LISTED]
    if len(inputs.missing) > MAX_MISSING_LISTED:
        more = len(inputs.missing) - MAX_MISSING_LISTED + 1
        inputs.missing = [*inputs.missing[: MAX_MISSING_LISTED - 1], f"and {more} more inputs missing or unreadable"]
    cuts: list[str] = []
    steps = (
        ("the recommended fixes' patches (each is its root cause's patch)", _drop_fix_patches),
        ("evidence past the first two per cause", _trim_evidence),
        ("the quick wins past the first three", _trim_quick_wins),
        ("the causes past the first three", _trim_causes),
        ("the patches (ask again with fewer inputs to get them)", _drop_patches),
    )
    for what, step in steps:
        if size(answer) <= MAX_ANSWER_BYTES:
            break
        step(answer)
        cuts.append(what)
    if cuts:
        inputs.missing.append(f"cut to stay under {MAX_ANSWER_BYTES >> 10} KB: {'; '.join(cuts)}")


def _drop_fix_patches(answer: Diagnosis) -> None:
    for fix in answer.recommended_fixes:
        fix.implementation.patch = None


def _trim_evidence(answer: Diagnosis) -> None:
    for cause in answer.root_causes:
        cause.evidence = cause.evidence[:2]


def _trim_quick_wins(answer: Diagnosis) -> None:
    answer.quick_wins = [win[:MAX_MODEL_PROBLEM_CHARS] for win in answer.quick_wins[:3]]


def _trim_causes(answer: Diagnosis) -> None:
    answer.root_causes = answer.root_causes[:3]
    kept = {cause.id for cause in answer.root_causes}
    answer.recommended_fixes = [fix for fix in answer.recommended_fixes if fix.root_cause in kept]


def _drop_patches(answer: Diagnosis) -> None:
    for cause in answer.root_causes:
        cause.patch = None
