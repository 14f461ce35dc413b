"""Resources: the persona texts, the quick reference card and the root-cause catalogue."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from mcp.server.mcpserver import MCPServer

from ..core.catalogue import ROOT_CAUSES
from ..settings import Settings

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

SKILLS = {
    "ml-training-debugger": (
        "ML Training Debugger",
        "How to diagnose a failing training run: method, heuristics, tools per step, the Diagnosis JSON shape.",
    ),
    "ml-expert": (
        "ML Expert",
        "How to plan, patch and verify training code: plan before patch, tests before a full retrain.",
    ),
    "quick-reference": (
        "Quick reference card",
        "Symptom -> root cause -> check -> first fix, with the numbers worth remembering.",
    ),
    "diagnose-fix-test": (
        "The diagnose-fix-test loop",
        "The whole loop step by step: read, diagnose, plan, patch, test, quick run, compare, report.",
    ),
}


def skill_text(name: str) -> str:
    """The markdown text of a skill (a key of `SKILLS`)."""
    return (TEXTS_DIR / f"{name}.md").read_text(encoding="utf-8").strip() + "\n"


def catalogue_json() -> str:
    """The root-cause catalogue as JSON: `{"root_causes": [{id, title, looks_like, typical_fixes}, ...]}`."""
    return json.dumps({"root_causes": [asdict(info) for info in ROOT_CAUSES.values()]}, indent=1)


def register(mcp: MCPServer, settings: Settings) -> None:
    for name, (title, description) in SKILLS.items():
        mcp.resource(f"skills://{name}", name=name, title=title, description=description, mime_type="text/markdown")(
            _reader(name)
        )

    @mcp.resource(
        "catalogue://root-causes",
        name="root-causes",
        title="Root-cause catalogue",
        description="Every root-cause id a diagnosis may name, what it looks like, and its typical fixes.",
        mime_type="application/json",
    )
    def root_causes() -> str:
        return catalogue_json()


def _reader(name: str) -> Callable[[], str]:
    """The resource function that reads one skill text."""

    def read_skill() -> str:
        return skill_text(name)

    return read_skill
