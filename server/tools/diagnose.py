"""The debugger tool: `diagnose_training`."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from ..core.cancel import run_heavy
from ..core.diagnosis.models import Diagnosis
from ..core.diagnosis.usecase import conclude, inspect_for_diagnosis, prepare
from ..settings import Settings
from ._annotations import RUNS_USER_CODE
from ._errors import tool_errors
from .logs import Format, LossMetric, as_list


def register(mcp: MCPServer, settings: Settings) -> None:
    workspace = settings.workspace

    @mcp.tool(title="Diagnose training run", annotations=RUNS_USER_CODE)
    async def diagnose_training(
        logs: Annotated[str | list[str], Field(description="Log files or run folders of the run (any format).")],
        code: Annotated[str | list[str] | None, Field(description="Training code files to scan (Python).")] = None,
        config: Annotated[str | None, Field(description="Hyperparameter file: YAML, JSON, TOML or Python.")] = None,
        model: Annotated[str | None, Field(description="`path/to/file.py:factory` to inspect the model.")] = None,
        checkpoint: Annotated[str | None, Field(description="A .pt/.pth/.safetensors checkpoint to inspect.")] = None,
        input_shape: Annotated[list[int] | None, Field(description="Input shape for the model probe.")] = None,
        sample_input: Annotated[str | None, Field(description="A saved tensor file of a real batch.")] = None,
        prompts: Annotated[
            list[str] | list[list[int]] | None,
            Field(description="Prompts for the model's continuations (token ids, or texts with `vocabulary`)."),
        ] = None,
        vocabulary: Annotated[
            str | None, Field(description="Vocabulary file (JSON list or one token a line) for text prompts.")
        ] = None,
        symptoms: Annotated[
            str | None,
            Field(
                description="What the person saw, in their words. Words like 'repeats', 'gibberish', 'same output', "
                "'copies the input' choose which output measures run (all when it names none); never a confidence."
            ),
        ] = None,
        format: Format = "auto",
        loss_metric: LossMetric = None,
    ) -> Diagnosis:
        """Diagnose a training run: ranked root causes with evidence, fixes and ready patches.

        Use it first when a run misbehaves (loss diverging or NaN, flat, spiking, oscillating, overfitting,
        collapsed outputs). Give the logs (the series judged are chosen by their roles: see read_training_log's
        `judged`; loss_metric names another training loss); add `code` and `config` for file:line evidence and
        patches that apply_patch accepts; add `model`/`checkpoint` to fold in the model inspection (dead ReLUs,
        saturation, imbalance; this runs the model's file in a child process, as inspect_model does, and a
        failed inspection is noted in inputs.missing rather than failing the diagnosis).
        What the model produces counts too: samples the logs print (nanoGPT's separated samples, `Generated:`/
        `Prediction:` lines) are measured per step, and `prompts` (with `vocabulary`) or `sample_input` run
        inspect_model's output probe; loops, one output for every input, copied inputs, or a language model
        scoring its real batch worse than a uniform guess (confident gibberish) are `mode_collapse` with the step
        or prompt that shows it. `symptoms` may narrow which of these output measures run.
        Returns verdict (healthy | problems_found | inconclusive), a summary, root_causes ranked by
        confidence (catalogue ids, evidence with step/line/key/module, fix, patch), quick_wins, at least
        three recommended_fixes when problems are found, what was read (inputs), and a report_id readable
        again as reports://{report_id}. The answer stays under 16 KB: at most 200 runs are judged and 40 log
        files listed; inputs.missing says what was not judged or was cut.
        """
        with tool_errors("diagnose_training"):
            # reading and judging a big log takes a while: off the event loop, so other calls keep going
            request = await run_heavy(
                prepare, workspace, as_list(logs), as_list(code) if code else [], config, format, loss_metric
            )
            model_report, model_problem = await inspect_for_diagnosis(
                workspace,
                settings.state_dir,
                settings.project_python(),
                model=model,
                checkpoint=checkpoint,
                input_shape=input_shape,
                sample_input=sample_input,
                prompts=prompts,
                vocabulary=vocabulary,
                symptoms=symptoms,
            )
            return await run_heavy(
                partial(
                    conclude,
                    request,
                    workspace,
                    settings.state_dir,
                    model_report=model_report,
                    model_problem=model_problem,
                    symptoms=symptoms,
                )
            )
