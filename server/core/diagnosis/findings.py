"""What a detector or a scanner reports: a root-cause id, how sure, and the evidence it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from ..catalogue import ROOT_CAUSES

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


@dataclass
class Finding:
    """One detector's or scanner's conclusion about one root cause, from one kind of artefact."""

    id: str
    confidence: float
    evidence: list[Evidence]
    fix: str | None = None
    patch: str | None = None
    file: str | None = None
    kind: Kind = "log"

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
