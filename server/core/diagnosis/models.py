"""The debugger's answer: the pydantic `Diagnosis` and its parts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..logs.summary import Step
from .findings import Defect, Evidence


class RootCause(BaseModel):
    id: str = Field(description="Root-cause id from the catalogue (catalogue://root-causes).")
    issue: str = Field(description="The catalogue's title for it.")
    confidence: float = Field(ge=0, le=1, description="How sure the evidence makes us (0..1).")
    evidence: list[Evidence] = Field(description="What was seen, where (step, file:line, key, module).")
    fix: str = Field(description="The first thing to change.")
    patch: str | None = Field(default=None, description="A unified diff (`git apply`/apply_patch) when mechanical.")
    defect: Defect | None = Field(
        default=None, description="The code bug behind this cause when the code proves one, with its file:line."
    )


class Implementation(BaseModel):
    file: str | None = Field(default=None, description="The file to change, when known.")
    change: str = Field(description="What to change.")
    patch: str | None = Field(default=None, description="A unified diff for apply_patch, when mechanical.")


class RecommendedFix(BaseModel):
    priority: int = Field(description="1 is the first to try.")
    root_cause: str = Field(description="The root-cause id this fix addresses.")
    implementation: Implementation
    expected_impact: str = Field(description="What should change in the next run if the diagnosis is right.")


class StepsCovered(BaseModel):
    first: Step | None = None
    last: Step | None = None
    count: int = 0


class Inputs(BaseModel):
    files: list[str] = Field(default_factory=list, description="Log files read (at most 40 listed).")
    files_total: int = Field(default=0, description="How many log files were read, listed or not.")
    formats: list[str] = Field(default_factory=list, description="Log formats detected.")
    metrics: list[str] = Field(default_factory=list, description="Metric names found.")
    steps: StepsCovered = Field(default_factory=StepsCovered, description="Steps covered by the loss series.")
    code: list[str] = Field(default_factory=list, description="Code files scanned.")
    config: str | None = Field(default=None, description="Config file read.")
    model: bool = Field(default=False, description="Whether model inspection findings were folded in.")
    samples: int = Field(default=0, description="Samples the logs printed (model outputs), measured per step.")
    output_measures: list[str] = Field(
        default_factory=list,
        description="The output measures run on the samples and the model's outputs: all, unless the symptoms "
        "named some (repetition, one_class, copying, gibberish).",
    )
    missing: list[str] = Field(default_factory=list, description="What was missing or could not be read.")


Verdict = Literal["healthy", "problems_found", "inconclusive"]


class Diagnosis(BaseModel):
    verdict: Verdict
    confidence: float | None = Field(
        default=None,
        description="The probability the verdict is right: problems_found, the top cause's; healthy, the share of "
        "healthy verdicts that were right on labelled real logs (measured, not 1); null when inconclusive.",
    )
    summary: str
    root_causes: list[RootCause] = Field(description="Ranked, most likely first.")
    quick_wins: list[str]
    recommended_fixes: list[RecommendedFix]
    inputs: Inputs
    report_id: str | None = Field(default=None, description="Read the report again as reports://{report_id}.")
