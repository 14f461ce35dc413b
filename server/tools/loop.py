"""Tools that run the user's code in a child process: `run_quick_test` (a bounded training run) and `run_tests`."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from ..core import pytest_runner, quick_test
from ..core.pytest_runner import TestRunResult
from ..core.quick_test import QuickTestResult
from ..settings import Settings
from ._annotations import RUNS_USER_CODE
from ._errors import tool_errors
from .logs import LossMetric

Cwd = Annotated[str, Field(description="Folder (inside the workspace) the command runs in.")]
LogFile = Annotated[
    str | None,
    Field(
        description="A log file (or run folder) the command writes, relative to cwd, e.g. 'runs/metrics.jsonl': "
        "judged instead of the printed output when it holds metrics (steps and NaN stops still come from the output)."
    ),
]


def register(mcp: MCPServer, settings: Settings) -> None:
    @mcp.tool(title="Run a quick CPU training test", annotations=RUNS_USER_CODE)
    async def run_quick_test(
        command: Annotated[
            list[str] | str,
            Field(
                description="The training command as an argv list, e.g. ['python', 'train.py', '--steps', '200'] "
                "(a string is split like a shell would, but no shell runs). 'python' means the project's interpreter."
            ),
        ],
        ctx: Context,
        cwd: Cwd = ".",
        timeout_s: Annotated[float, Field(gt=0, le=3600, description="Kill the run after this many seconds.")] = 120,
        memory_mb: Annotated[
            int, Field(ge=64, le=262144, description="Address-space cap of the run in MiB (RLIMIT_AS).")
        ] = 4096,
        max_steps: Annotated[
            int | None,
            Field(ge=1, description="Stop the run once its output shows this step; also the progress total."),
        ] = None,
        env: Annotated[
            dict[str, str] | None,
            Field(
                description="Extra environment variables for the run; the server's own (CUDA_VISIBLE_DEVICES='', "
                "PYTHONUNBUFFERED=1, PYTHONDONTWRITEBYTECODE=1) win over them."
            ),
        ] = None,
        stop_on_nan: Annotated[bool, Field(description="Stop as soon as a logged loss is NaN/inf.")] = True,
        loss_metric: LossMetric = None,
        log_file: LogFile = None,
    ) -> QuickTestResult:
        """Run a training command for a bounded time on CPU, then read and judge what it logged.

        Use it after a fix (apply_patch) to check that training now behaves, before any full retrain. The run
        is a child process: CPU only (CUDA_VISIBLE_DEVICES=""), no stdin, a timeout, a memory cap, its whole
        process group killed at the end. Progress notifications only go up: the steps printed (`step N`,
        `iter N`, `Epoch N/M`) against max_steps, else the elapsed seconds against timeout_s. With stop_on_nan it
        stops at the first NaN/inf loss. The full output is kept in `log_path` (under .ml-skills/runs/) for
        read_training_log, diagnose_training and compare_runs (which also accepts the `run_id`). When the command
        writes its own log (log_file: JSONL, CSV, TensorBoard folder...), that file is copied (`judged_log`) and
        judged instead of the output. Returns exit code, duration,
        the loss summary, the detectors' findings and a verdict: passed, failed (non-zero exit),
        diverged (NaN/inf loss or a confident divergence finding) or timed_out.
        """

        async def progress(done: float, total: float | None, message: str) -> None:
            await ctx.report_progress(done, total, message=message)

        with tool_errors("run_quick_test"):
            return await quick_test.run_quick_test(
                command,
                workspace=settings.workspace,
                state_dir=settings.state_dir,
                python=settings.project_python(),
                cwd=cwd,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                max_steps=max_steps,
                env=env,
                stop_on_nan=stop_on_nan,
                progress=progress,
                loss_metric=loss_metric,
                written_log=log_file,
            )

    @mcp.tool(title="Run the project's tests", annotations=RUNS_USER_CODE)
    async def run_tests(
        args: Annotated[
            list[str] | None,
            Field(description="Extra pytest arguments, e.g. ['tests/test_model.py', '-k', 'shapes', '-x']."),
        ] = None,
        cwd: Cwd = ".",
        timeout_s: Annotated[float, Field(gt=0, le=7200, description="Kill pytest after this many seconds.")] = 600,
    ) -> TestRunResult:
        """Run the project's pytest suite in a child process and return exact counts and each failure.

        Use it after apply_patch to check the change broke nothing. Runs `python -m pytest -q -rA` under the
        project's interpreter in `cwd`, reading the counts from pytest's JUnit report: passed, failed,
        errors, skipped, a one-line summary ('47/48 passing, 1 failed'), and per failure the test id, the
        message and file:line. pytest gets a fresh temporary folder of the server's own (its --basetemp and
        report live under .ml-skills/tests/), so args pass an allowlist: selection and reporting options
        (-k, -m, -x, -v, --tb, -r, --lf, --durations, -W, -n, --cov with --cov-report=term) and test paths
        inside the workspace. Options that write files where they are told are refused with what to do
        instead (--basetemp, --junitxml, --log-file, --report-log, --cov-report=xml/html, --debug, --html),
        as are unknown options, -p NAME (plugins; -p no:NAME is fine), -o and --pdb.
        """
        with tool_errors("run_tests"):
            return await pytest_runner.run_tests(
                args,
                workspace=settings.workspace,
                state_dir=settings.state_dir,
                python=settings.project_python(),
                cwd=cwd,
                timeout_s=timeout_s,
            )
