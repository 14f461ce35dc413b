"""What a detector or a scanner reports: a root-cause id, how sure, and the evidence it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

MAX_DETAIL = 240


class Evidence(BaseModel):
    source: str = Field(description="Where it was seen: a log file, a code file, a config file, or 'model'.")
    location: str = Field(description="A step (`step 700`), a line (`train.py:14`), a key or a module (`fc2`).")
    detail: str = Field(description="What was measured there.")


def evidence(source: str, location: str, detail: str) -> Evidence:
    """An `Evidence` whose detail is cut to a readable length."""
    return Evidence(source=source, location=location, detail=detail[:MAX_DETAIL])


@dataclass
class Finding:
    """One detector's conclusion about one root cause."""

    id: str
    confidence: float
    evidence: list[Evidence]
    steps: list[float] = field(default_factory=list)
    fix: str | None = None
    patch: str | None = None
    file: str | None = None
