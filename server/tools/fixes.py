"""The verified-fix tool: `try_fixes`."""

from __future__ import annotations

import logging
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from ..core import fixes
from ..core.fixes import TryFixesResult
from ..core.sandbox import clean_leftovers
from ..settings import Settings
from ._annotations import RUNS_USER_CODE
from ._errors import tool_errors
from .logs import LossMetric
from .loop import Cwd, LogFile

logger = logging.getLogger("ml_skills")


def register(mcp: MCPServer, settings: Settings) -> None:
    removed = clean_leftovers(settings.state_dir)  # copies a crashed server left behind
    if removed:
        logger.info("removed %d leftover trial folder(s): %s", len(removed), ", ".join(removed))

    @mcp.tool(title="Try candidate fixes in isolation", annotations=RUNS_USER_CODE)
    async def try_fixes(
        command: Annotated[
            list[str] | str,
            Field(description="The quick-test training command, as for run_quick_test, e.g. ['python', 'train.py']."),
        ],
        ctx: Context,
        report_id: Annotated[
            str | None, Field(description="A diagnosis (diagnose_training's report_id) whose patches to try.")
        ] = None,
        patches: Annotated[list[str] | None, Field(description="Unified diffs to try, each as it is.")] = None,
        setting: Annotated[
            str | None,
            Field(description="A number to vary, by the name it is set under in the code or config (e.g. 'LR', 'lr')."),
        ] = None,
        values: Annotated[
            list[float] | None, Field(description="Values to try for `setting` (default: a grid its name suggests).")
        ] = None,
        files: Annotated[
            list[str] | None,
            Field(description="Files where `setting` is set (default: the diagnosis's code/config, else the project)."),
        ] = None,
        cwd: Cwd = ".",
        max_steps: Annotated[
            int | None, Field(ge=1, description="Stop every run at this step: the verdicts hold for these steps.")
        ] = None,
        timeout_s: Annotated[float, Field(gt=0, le=3600, description="Kill each run after this many seconds.")] = 120,
        memory_mb: Annotated[int, Field(ge=64, le=262144, description="Address-space cap of each run in MiB.")] = 4096,
        env: Annotated[dict[str, str] | None, Field(description="Extra environment variables for every run.")] = None,
        threads: Annotated[
            int, Field(ge=1, le=256, description="Torch/OpenMP threads per run (OMP_NUM_THREADS, MKL_NUM_THREADS).")
        ] = fixes.THREADS_PER_RUN,
        max_trials: Annotated[
            int, Field(ge=1, le=20, description="At most this many candidates are tried.")
        ] = fixes.DEFAULT_MAX_TRIALS,
        parallel: Annotated[
            int | None, Field(ge=1, le=64, description="Runs at once (default: the cores, fewer if memory is short).")
        ] = None,
        loss_metric: LossMetric = None,
        log_file: LogFile = None,
    ) -> TryFixesResult:
        """Try candidate fixes, each in an isolated copy of the project, and return the best verified patch.

        Use it after diagnose_training and before apply_patch: instead of applying a guessed fix to the user's
        tree, each candidate runs in its own copy (the project as it is now, uncommitted changes and untracked
        non-ignored files included, under .ml-skills/trials/; the user's files are never touched) with the same
        command and limits as run_quick_test (CPU only, timeout, memory cap, max_steps, process-group kill, one
        thread per run unless told), in parallel up to the cores, and each is compared (compare_runs' rules:
        same steps, final vs final, best vs best, beyond noise) with a fresh baseline run of the unpatched copy.
        Candidates: a diagnosis's numeric patch (a learning rate, a clip norm) becomes a log grid around the
        number (lr /10, /3, /30, /100; x for lr_too_low), its code fixes one candidate each; or patches as given;
        or `setting` with your `values`. At most max_trials. Returns the baseline, every trial (patch, verdict,
        reason, measures, findings cleared/new/kept, duration), and the winner: the verified trial (quick test
        passed, compare_runs improved) with the lowest loss, the smallest change among equals, with its patch
        ready for apply_patch, why it won, and which of its files have uncommitted changes (apply_patch refuses
        those). Verdicts hold for the steps run (see scope). Copies are removed at the end, on timeout and on
        cancellation. Progress counts steps (or runs) over all runs and only goes up.
        """

        async def progress(done: float, total: float | None, message: str) -> None:
            await ctx.report_progress(done, total, message=message)

        with tool_errors("try_fixes"):
            return await fixes.try_fixes(
                command,
                workspace=settings.workspace,
                state_dir=settings.state_dir,
                python=settings.project_python(),
                report_id=report_id,
                patches=patches,
                setting=setting,
                values=values,
                files=files,
                cwd=cwd,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                max_steps=max_steps,
                env=env,
                threads=threads,
                max_trials=max_trials,
                parallel=parallel,
                loss_metric=loss_metric,
                log_file=log_file,
                progress=progress,
            )
