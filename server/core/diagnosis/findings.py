"""What a detector or a scanner reports: a root-cause id, how sure, and the evidence it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique
from typing import Literal

from pydantic import BaseModel, Field

from ..catalogue import ROOT_CAUSES, RootCauseId

MAX_DETAIL = 240
REPORTABLE = 0.5
"""Causes below this confidence are not reported as root causes (a healthy run stays healthy)."""

Kind = Literal["log", "code", "config", "model"]
"""The kind of artefact a finding rests on: evidence of different kinds is independent, of one kind is not."""


class Evidence(BaseModel):
    source: str = Field(description="Where it was seen: a log file, a code file, a config file, or 'model'.")
    location: str = Field(description="A step (`step 700`), a line (`train.py:14`), a key or a module (`fc2`).")
    detail: str = Field(description="What was measured there.")


def evidence(source: str, location: str, detail: str) -> Evidence:
    """An `Evidence` whose detail is cut to a readable length."""
    return Evidence(source=source, location=location, detail=detail[:MAX_DETAIL])


@unique
class DefectName(str, Enum):
    """A bug the code scan proves (not a risk): named beside the catalogue id it is a root cause of."""

    ZERO_GRAD_NEVER_CALLED = "zero_grad never called between optimizer steps"
    """`missing_zero_grad`: gradients add up step after step."""
    ACCUMULATION_UNDIVIDED = "gradient accumulation without dividing the loss"
    """`lr_too_high`: k summed micro-batch gradients make each step k times larger."""
    SCHEDULER_PER_BATCH = "per-epoch scheduler stepped per batch"
    """`lr_too_low`: a schedule sized in epochs runs its course in a few batches."""
    SCHEDULER_NOT_RESTORED = "scheduler not restored on resume"
    """`loss_spike`: the optimizer resumes, the schedule restarts from its first lr."""
    LR_RESET_ON_RESUME = "learning rate re-set after loading the optimizer state"
    """`loss_spike`: the restored (decayed) lr is overwritten with the initial one."""
    PAD_EOS_MASKED = "pad_token = eos_token with pad labels masked: EOS never learned"
    """`data_issue`: every EOS label is masked with the padding, so the model never learns to stop."""
    EVAL_NEVER_BACK_TO_TRAIN = "model.eval() never switched back with model.train()"
    """`overfitting`: after the first validation, training runs without dropout and with frozen BatchNorm."""
    ZERO_GRAD_BEFORE_STEP = "zero_grad() between backward and step"
    """`loss_plateau`: the step applies the gradients zero_grad() has just reset."""
    STEP_BEFORE_BACKWARD = "optimizer.step() before loss.backward()"
    """`loss_plateau`: every step uses gradients zeroed since the last backward: nothing is learned."""
    SOFTMAX_INTO_CROSS_ENTROPY = "softmax output fed to CrossEntropyLoss"
    """`loss_plateau`: CrossEntropyLoss applies log-softmax itself; a second softmax flattens the gradients."""
    WARMUP_LONGER_THAN_RUN = "warmup longer than the run"
    """`lr_too_low`: the learning rate never reaches its peak."""

    def __str__(self) -> str:
        return self.value


class Defect(BaseModel):
    name: DefectName = Field(description="The bug the code proves, named (the root-cause id says what it does).")
    location: str = Field(description="Where the bug is: `file:line`.")


@dataclass
class Finding:
    """One detector's, scanner's or the model inspection's conclusion about one root cause, from one kind of
    artefact (the catalogue id is a type; the check below refuses any other id built at run time)."""

    id: RootCauseId
    confidence: float
    evidence: list[Evidence]
    fix: str | None = None
    patch: str | None = None
    file: str | None = None
    kind: Kind = "log"
    defect: Defect | None = None
    """Set when the code proves a bug (a root cause whatever the logs show); None for a risk or a log sign."""

    def __post_init__(self) -> None:
        if self.id not in ROOT_CAUSES:
            raise ValueError(f"finding id {self.id!r} is not a catalogue root cause")


@dataclass
class QuickWin:
    """A cheap fix worth making that is no training fault of its own (e.g. an unsafe `torch.load`)."""

    location: str
    text: str
    patch: str | None = None

    def render(self) -> str:
        """One quick-win line, followed by its unified diff when there is one."""
        line = f"{self.location}: {self.text}"
        return f"{line}; patch:\n{self.patch}" if self.patch else line
