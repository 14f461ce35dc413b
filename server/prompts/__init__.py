"""Prompts: the ML Training Debugger, the ML Expert, and the whole diagnose-fix-test loop.

Each prompt is its persona text (the same as the `skills://` resource) followed by the case at hand: the
arguments the user gave, and what to do first with them.
"""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from ..resources import skill_text
from ..settings import Settings

Text = str | None


def case(title: str, given: dict[str, str | None], start: str, missing: str) -> str:
    """The case section of a prompt: the arguments given (in order), then how to start."""
    lines = [f"## {title}"]
    lines += [f"- **{label}**: {value.strip()}" for label, value in given.items() if value and value.strip()]
    lines.append("")
    lines.append(start if len(lines) > 2 else missing)
    return "\n".join(lines)


def register(mcp: MCPServer, settings: Settings) -> None:
    @mcp.prompt(name="ml-training-debugger", title="ML Training Debugger")
    def ml_training_debugger(
        symptoms: Annotated[Text, Field(description="What went wrong, in the user's words.")] = None,
        logs: Annotated[Text, Field(description="Training log paths or run folders in the workspace.")] = None,
        code: Annotated[Text, Field(description="Training script paths (for the code scan and patches).")] = None,
        config: Annotated[Text, Field(description="Hyperparameter file path (YAML, JSON, TOML, Python).")] = None,
    ) -> str:
        """Diagnose a failing training run: ranked root causes with evidence, confidence and fixes."""
        given = {"Symptoms": symptoms, "Logs": logs, "Code": code, "Config": config}
        return "\n\n".join(
            (
                skill_text("ml-training-debugger"),
                case(
                    "This case",
                    given,
                    "Start with `read_training_log` and `plot_metrics` on the logs, then `diagnose_training` with "
                    "the logs, code, config and symptoms above. Answer in the Diagnosis shape.",
                    "No artefacts were named. Ask for the training log paths (and the training script and config) "
                    "before concluding anything.",
                ),
            )
        )

    @mcp.prompt(name="ml-expert", title="ML Expert")
    def ml_expert(
        requirements: Annotated[Text, Field(description="What the model or change must achieve.")] = None,
        constraints: Annotated[Text, Field(description="Compute, memory, latency, data or time limits.")] = None,
        context: Annotated[Text, Field(description="The project: code paths, current results, a diagnosis.")] = None,
        references: Annotated[Text, Field(description="Papers, configs or runs to follow or compare with.")] = None,
    ) -> str:
        """Plan, implement and verify a change to training code: plan before patch, tests before a retrain."""
        given = {"Requirements": requirements, "Constraints": constraints, "Context": context, "References": references}
        return "\n\n".join(
            (
                skill_text("ml-expert"),
                case(
                    "This task",
                    given,
                    "Restate the goal and constraints as measurable targets, inspect what exists (`inspect_model`, "
                    "`read_training_log`), then write the plan before any `apply_patch`.",
                    "No requirements were given. Ask what the change must achieve and under which constraints.",
                ),
            )
        )

    @mcp.prompt(name="diagnose-fix-test", title="Diagnose, fix and test")
    def diagnose_fix_test(
        logs: Annotated[Text, Field(description="Log paths of the failing run (the baseline).")] = None,
        code: Annotated[Text, Field(description="Training script paths to scan and patch.")] = None,
        config: Annotated[Text, Field(description="Hyperparameter file path.")] = None,
        test_command: Annotated[
            Text,
            Field(description="A short CPU training command for run_quick_test, e.g. python train.py --steps 200."),
        ] = None,
    ) -> str:
        """Run the whole loop on a failing run: diagnose, try fixes in isolation, patch the winner, test, quick run,
        compare, report."""
        given = {"Logs": logs, "Code": code, "Config": config, "Quick-test command": test_command}
        return "\n\n".join(
            (
                skill_text("ml-training-debugger"),
                skill_text("diagnose-fix-test"),
                case(
                    "This case",
                    given,
                    "Follow the loop from step 1 with these artefacts: diagnose, then `try_fixes` with the "
                    "quick-test command and the report_id, then `apply_patch` of the winner (one approval), "
                    "`run_tests`, `run_quick_test` with the same command, and `compare_runs` with the logs as "
                    "the baseline.",
                    "No artefacts were named. Ask for the failing run's log paths, the training script and a short "
                    "command that trains for a few hundred steps on CPU.",
                ),
            )
        )
