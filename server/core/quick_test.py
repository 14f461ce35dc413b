"""A bounded training run on CPU: run the command, watch its output, read and judge what it logged.

The command runs under the runner (argv only, no shell, CPU only, timeout,
memory cap, process-group kill). While it runs, each output line is watched
for the step it reached (`step 12`, `step=12`, `iter 12`, `Epoch 3/10`),
reported as progress, and for a NaN/inf loss, which can stop the run early.
Progress only goes up: steps against `max_steps` when it is given, else
seconds against the timeout (the step in the message).
The whole output is kept in `.ml-skills/runs/<run_id>.log`, then read with
the log readers and judged with the diagnosis detectors; when the command
writes its own log file (`log_file`), that file is copied beside it and judged
instead (any format the readers know), the output still giving steps and NaN stops.

Verdicts, first match wins:
- `timed_out`: killed at `timeout_s`;
- `diverged`: the loss went NaN/inf, or a detector is at least 50% sure of
  a divergence cause (`lr_too_high`, `exploding_gradients`, `numerical_instability`);
- `failed`: the command exited with a non-zero code (not because we stopped it);
- `passed`: it exited cleanly (or reached `max_steps` and was stopped there) with a finite loss.
"""

from __future__ import annotations

import re
import secrets
import shlex
import shutil
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Literal

import anyio
from pydantic import BaseModel, Field

from .compare import RunMetrics, findings_of, measure_run
from .diagnosis.findings import REPORTABLE
from .errors import UserError
from .ledger import Ledger
from .logs.model import Run
from .logs.reading import give_roles
from .runner import CappedLog, ProcessResult, run_process
from .state import ensure_state_dir
from .workspace import Workspace

ProgressFn = Callable[[float, float | None, str], Awaitable[None]]
"""Receives (progress, total, message): steps against max_steps, else seconds against the timeout; progress
only ever goes up."""

STEP = re.compile(r"\b(?:global_)?(?i:step)[ =:]+(\d+)|\biter (\d+)|\bEpoch (\d+)/")
"""`step` as a word of its own (or `global_step`): `max_step=2000` in a printed config is not a step."""
NONFINITE_LOSS = re.compile(r"loss['\"]?\s*[:=]?\s*['\"]?([+-]?(?:nan|inf(?:inity)?))\b", re.IGNORECASE)
DIVERGENCE_IDS = ("lr_too_high", "exploding_gradients", "numerical_instability")
PROGRESS_INTERVAL_S = 0.2
TICK_S = 1.0
TAIL_LINES = 30
MAX_RUN_LOG_BYTES = 16 << 20
"""Output stored per quick test (its first and last 8 MiB): a 200-step CPU run prints ~20 KB, a chatty one a few
MB; 1 GiB printed was kept whole. The verdict reads every line whatever is stored."""
JUDGE_CHUNK_CHARS = 1 << 20
"""Output read by the judge at a time: the text reader's own chunk size (its templates learnt from a chunk's
head)."""
PYTHON_NAMES = ("python", "python3")
Verdict = Literal["passed", "failed", "diverged", "timed_out"]


class QuickTestResult(BaseModel):
    run_id: str = Field(description="Name of this run for compare_runs (also in the ledger).")
    command: list[str] = Field(description="The argv that ran.")
    log_path: str = Field(description="The full output, in the workspace; readable by read_training_log.")
    exit_code: int | None = Field(description="The command's exit code (-9: killed by us).")
    duration_s: float
    timed_out: bool = Field(description="True when the run was killed at timeout_s.")
    stopped_early: bool = Field(description="True when the run was stopped on a NaN/inf loss or at max_steps.")
    stop_reason: str | None = Field(description="Why it was stopped early, if it was.")
    last_step: int | None = Field(description="The last step seen in the output.")
    verdict: Verdict = Field(description="passed, failed, diverged or timed_out.")
    verdict_reason: str = Field(description="What the verdict rests on.")
    judged_log: str | None = Field(
        default=None,
        description="The copy of the log file the command wrote (log_file), when that was judged instead of the "
        "output; compare_runs reads it for this run_id.",
    )
    metrics: RunMetrics | None = Field(description="Loss, NaN/inf counts, grad-norm peak (null when none logged).")
    findings: list[str] = Field(
        description="Root-cause ids the detectors found in the logged metrics (confidence >= 0.5)."
    )
    output_tail: str = Field(description="The last lines of the output.")
    notes: list[str] = Field(default_factory=list, description="What could not be read or judged.")


class StreamJudge:
    """Reads the output with the text reader as it arrives, in chunks of whole lines as a file would be read, so
    that the run is judged on every line it printed, whatever part of it the stored log keeps."""

    def __init__(self, source: str) -> None:
        from .logs.text import TextReader

        self.run = Run(source=source, format="text")
        self.reader = TextReader(self.run)
        self.pending: list[str] = []
        self.pending_chars = 0
        self.next_line = 1

    def add(self, line: str) -> bool:
        """Take one line; True when a chunk's worth is pending (then call `flush`, off the event loop)."""
        self.pending.append(line)
        self.pending_chars += len(line) + 1
        return self.pending_chars >= JUDGE_CHUNK_CHARS

    def flush(self) -> None:
        """Read the pending lines (blocking: about 20 ms a chunk)."""
        if not self.pending:
            return
        chunk = ("\n".join(self.pending) + "\n").encode("utf-8", "replace")
        self.reader.read_chunk(chunk, self.next_line)
        self.next_line += len(self.pending)
        self.run.lines = self.next_line - 1
        self.pending, self.pending_chars = [], 0

    def finish(self) -> None:
        """Read what is pending and settle what needs the whole output (configuration echoes, epoch axes)."""
        self.flush()
        self.reader.finish()


class Watcher:
    """Follows the output: the step reached, progress reports (throttled), the reasons to stop early, and every
    line to the judge."""

    def __init__(
        self,
        progress: ProgressFn | None,
        max_steps: int | None,
        timeout_s: float,
        stop_on_nan: bool,
        judge: StreamJudge | None = None,
    ):
        self.judge = judge
        self.progress = progress
        self.max_steps = max_steps
        self.timeout_s = timeout_s
        self.stop_on_nan = stop_on_nan
        self.started = time.monotonic()
        self.last_report = -1.0
        self.last_progress = -1.0
        self.step: int | None = None
        self.stop_reason: str | None = None
        self.nonfinite_loss_line: str | None = None

    async def on_line(self, line: str) -> bool:
        if self.judge is not None and self.judge.add(line):
            await anyio.to_thread.run_sync(self.judge.flush)
        found = STEP.search(line)
        if found:
            self.step = int(next(g for g in found.groups() if g is not None))
            await self.report(force=self.max_steps is not None and self.step >= self.max_steps)
        if self.nonfinite_loss_line is None and NONFINITE_LOSS.search(line):
            self.nonfinite_loss_line = line.strip()[:200]
            if self.stop_on_nan:
                self.stop_reason = f"loss became non-finite: {self.nonfinite_loss_line}"
                return True
        if self.max_steps is not None and self.step is not None and self.step >= self.max_steps:
            self.stop_reason = f"reached max_steps={self.max_steps}"
            return True
        return False

    async def report(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is None or (not force and now - self.last_report < PROGRESS_INTERVAL_S):
            return
        elapsed = round(now - self.started, 1)
        if self.max_steps is not None:  # one scale for the whole run: steps, never seconds then steps
            done, total = float(min(self.step or 0, self.max_steps)), float(self.max_steps)
        else:
            done, total = min(elapsed, self.timeout_s), self.timeout_s
        if done <= self.last_progress:
            return
        self.last_report, self.last_progress = now, done
        seen = f"step {self.step} after {elapsed}s" if self.step is not None else None
        await self.progress(done, total, seen or f"running for {elapsed}s, no step seen yet")

    async def tick(self) -> None:
        """Report while the output is silent: elapsed time (no max_steps), or once that no step was seen yet."""
        await self.report()


def parse_command(command: list[str] | str, python: str) -> list[str]:
    """The argv to run: a string is split like a shell would (no shell runs); `python` means the project's."""
    if isinstance(command, str):
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise UserError(f"cannot split the command {command!r}: {exc}; pass it as a list of arguments") from exc
    else:
        argv = list(command)
    if not argv or not all(isinstance(a, str) for a in argv) or not argv[0].strip():
        raise UserError("empty command; pass the program and its arguments, e.g. ['python', 'train.py', '--test']")
    if argv[0] in PYTHON_NAMES:
        argv[0] = python
    return argv


def judge_run(
    run: Run, notes: list[str], loss_metric: str | None = None
) -> tuple[RunMetrics | None, list[tuple[str, float]]]:
    """The metrics and findings of the run the judge read (blocking: runs on a worker thread), or none (with a
    note) when the output logged no metrics; `loss_metric` names its training loss where the roles would not."""
    if not run.metrics:
        notes.append(f"the output holds no metric lines (e.g. 'step 10 | loss 0.69') in {run.lines} lines")
        return None, []
    try:
        give_roles([run], loss_metric)
    except UserError as exc:
        notes.append(f"{exc}: the training loss was chosen by its role")
        give_roles([run], None)
    return measure_run(run), findings_of(run)


def decide(
    result: ProcessResult, watcher: Watcher, metrics: RunMetrics | None, findings: list[tuple[str, float]]
) -> tuple[Verdict, str]:
    if result.timed_out:
        return "timed_out", f"killed after {result.duration_s:g}s (timeout); raise timeout_s or pass max_steps"
    if watcher.nonfinite_loss_line is not None:
        return "diverged", f"the loss became NaN/inf ({watcher.nonfinite_loss_line})"
    if metrics is not None and metrics.loss_nan_count + metrics.loss_inf_count > 0:
        return "diverged", f"the loss became NaN/inf ({metrics.loss_metric})"
    sure = [f"{i} ({c:.2f})" for i, c in findings if i in DIVERGENCE_IDS and c >= REPORTABLE]
    if sure:
        return "diverged", f"the detectors found {', '.join(sure)}"
    if result.stopped_early:
        return "passed", f"{watcher.stop_reason} with a finite loss"
    if result.exit_code != 0:
        return "failed", f"the command exited with code {result.exit_code}" + (
            " (likely out of memory: raise memory_mb or shrink the run)" if result.likely_out_of_memory else ""
        )
    return "passed", "exited with code 0" + (" and a finite loss" if metrics else "")


MTIME_SLACK_S = 2.0
"""A log file last written more than this before the run started is stale (coarse file-system clocks)."""


def keep_written_log(
    workspace: Workspace, folder: Path, log_file: str, dest: Path, started: float, notes: list[str]
) -> Path | None:
    """Copy the log file (or run folder) the command wrote to `dest`, through the workspace gate; None (noted)
    when it is missing, a link, or older than the run."""
    source = workspace.resolve(folder / log_file, must_exist=False)
    if not source.exists():
        notes.append(f"{log_file} was not written by the command; judged its output instead")
        return None
    if (folder / log_file).is_symlink() or not (source.is_file() or source.is_dir()):
        notes.append(f"{log_file} is a link or not a regular file or folder; judged the output instead")
        return None
    if source.stat().st_mtime < started - MTIME_SLACK_S:
        notes.append(f"{log_file} was not written during this run (older than its start); judged the output instead")
        return None
    if source.is_dir():
        shutil.copytree(source, dest, symlinks=True)
    else:
        shutil.copyfile(source, dest)
    return dest


def judge_written_log(
    workspace: Workspace, path: Path, notes: list[str], loss_metric: str | None = None
) -> tuple[RunMetrics, list[tuple[str, float]]] | None:
    """The metrics and findings of a log the command wrote (any format the readers know), or None (noted) when
    it holds none (blocking: runs on a worker thread)."""
    from .logs.reading import read_logs

    try:
        runs = [r for r in read_logs(workspace, [str(path)], "auto", loss_metric).runs if r.metrics]
    except UserError as exc:
        notes.append(f"no metrics read from {workspace.relative(path)}: {exc}; judged the output instead")
        return None
    if not runs:
        notes.append(f"{workspace.relative(path)} holds no metrics; judged the output instead")
        return None
    return measure_run(runs[0]), findings_of(runs[0])


async def run_quick_test(
    command: list[str] | str,
    *,
    workspace: Workspace,
    state_dir: Path,
    python: str,
    cwd: str = ".",
    timeout_s: float = 120,
    memory_mb: int | None = 4096,
    max_steps: int | None = None,
    env: Mapping[str, str] | None = None,
    stop_on_nan: bool = True,
    progress: ProgressFn | None = None,
    loss_metric: str | None = None,
    written_log: str | None = None,
) -> QuickTestResult:
    """Run a training command for a bounded time on CPU and return its metrics and verdict; `written_log`
    (relative to `cwd`) is a log the command writes, judged instead of its output when it holds metrics."""
    argv = parse_command(command, python)
    folder = workspace.resolve_folder(cwd, "the project folder the command runs in as cwd")
    started = time.time()
    run_id = f"r-{secrets.token_hex(4)}"
    log_path = ensure_state_dir(state_dir, "runs") / f"{run_id}.log"
    judge = StreamJudge(workspace.relative(log_path))
    watcher = Watcher(progress, max_steps, timeout_s, stop_on_nan, judge)
    log = CappedLog(log_path, MAX_RUN_LOG_BYTES)
    try:
        result = await run_process(
            argv,
            cwd=folder,
            timeout_s=timeout_s,
            memory_mb=memory_mb,
            env=env,
            on_line=watcher.on_line,
            log=log,
            tail_lines=TAIL_LINES,
            on_tick=watcher.tick,
            tick_s=TICK_S,
        )
    finally:
        log.close()
    notes: list[str] = []
    if log.cut_lines:
        notes.append(
            f"the stored log keeps the first and last {MAX_RUN_LOG_BYTES / 2**21:g} MiB of output: "
            f"{log.cut_lines} lines ({log.cut_bytes} bytes) between them were cut; the verdict reads every line"
        )
    await anyio.to_thread.run_sync(judge.finish)
    metrics, findings = await anyio.to_thread.run_sync(judge_run, judge.run, notes, loss_metric)
    verdict, reason = decide(result, watcher, metrics, findings)
    judged_log = None  # a log the command wrote, when it holds metrics, is judged instead of the output
    if written_log:
        dest = log_path.with_name(f"{run_id}-{Path(written_log).name}")
        kept = keep_written_log(workspace, folder, written_log, dest, started, notes)
        judged = None
        if kept is not None:
            judged = await anyio.to_thread.run_sync(judge_written_log, workspace, kept, notes, loss_metric)
        if judged is not None and kept is not None:
            (metrics, findings), judged_log = judged, workspace.relative(kept)
            verdict, reason = decide(result, watcher, metrics, findings)
    answer = QuickTestResult(
        run_id=run_id,
        command=argv,
        log_path=workspace.relative(log_path),
        exit_code=result.exit_code,
        duration_s=result.duration_s,
        timed_out=result.timed_out,
        stopped_early=result.stopped_early,
        stop_reason=watcher.stop_reason if result.stopped_early else None,
        last_step=watcher.step,
        verdict=verdict,
        verdict_reason=reason,
        judged_log=judged_log,
        metrics=metrics,
        findings=list(dict.fromkeys(i for i, confidence in findings if confidence >= REPORTABLE)),
        output_tail=result.last_lines(TAIL_LINES),
        notes=notes,
    )
    Ledger(state_dir).record(
        "quick_test",
        run_id,
        answer.model_dump(
            mode="json",
            include={"command", "log_path", "judged_log", "exit_code", "duration_s", "verdict", "findings", "metrics"},
        )
        | {"cwd": workspace.relative(folder)},
    )
    return answer
