"""The diagnosis use case, one for the `diagnose_training` tool and the `diagnose` command.

Two steps, so that the tool can inspect the model (a child process, awaited on the event loop) in between:
`prepare` reads the logs and checks the code and config paths (regular files inside the workspace: a named pipe
is refused unopened); `conclude` judges, saves the report under `.ml-skills/reports/` and notes it in the
ledger. Both block: the tool runs them on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ledger import record_diagnosis
from ..logs.reading import ReadResult, read_logs
from ..reports import new_report_id, save_report
from ..workspace import Workspace
from .models import Diagnosis

MAX_MODEL_PROBLEM_CHARS = 1000
"""A failed model inspection is noted in `inputs.missing` cut to this length (its traceback can run long)."""


@dataclass
class DiagnosisRequest:
    """What `prepare` found: the runs read and the code and config files, all checked."""

    logs: ReadResult
    code_paths: list[Path] = field(default_factory=list)
    config_path: Path | None = None


def prepare(workspace: Workspace, logs: list[str], code: list[str], config: str | None) -> DiagnosisRequest:
    """Read the logs and check the code and config paths; `UserError` saying what to pass when one is wrong."""
    result = read_logs(workspace, logs, "auto")
    code_paths = [workspace.resolve_file(p, "a Python file of the training code") for p in code]
    config_path = workspace.resolve_file(config, "a YAML, JSON, TOML or Python config file") if config else None
    return DiagnosisRequest(result, code_paths, config_path)


def conclude(
    request: DiagnosisRequest,
    workspace: Workspace,
    state_dir: Path,
    *,
    model_report: Any = None,
    model_problem: str | None = None,
    symptoms: str | None = None,
) -> Diagnosis:
    """Judge what `prepare` found, save the report (its id in `report_id`) and record it in the ledger."""
    from .engine import diagnose  # the detectors load on first use, not at start-up

    answer = diagnose(
        request.logs.runs,
        code_paths=request.code_paths,
        config_path=request.config_path,
        model_report=model_report,
        symptoms=symptoms,
        unreadable=request.logs.unreadable,
        display_root=workspace.primary,
    )
    if model_problem:
        answer.inputs.missing.append(model_problem[:MAX_MODEL_PROBLEM_CHARS])
    answer.report_id = new_report_id()
    save_report(state_dir, answer.report_id, answer.model_dump_json())
    record_diagnosis(
        state_dir, answer.report_id, answer.verdict, [cause.id for cause in answer.root_causes], answer.inputs.files
    )
    return answer
