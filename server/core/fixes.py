"""Verified fixes: each candidate patch tried in an isolated copy of the project, against a fresh baseline.

Every run (the baseline: the project as it is now; each trial: the same with one
candidate patch) is `run_quick_test` in its own copy (`sandbox.py`), with the
same command, limits and steps, one torch thread per run unless told otherwise,
as many at once as the cores and memory allow. Each trial is compared with the
baseline by `compare_runs`'s rules (same steps, final against final, best against
best, noise). A trial is **verified** when its quick test passed and the
comparison says `improved` (the baseline's findings all cleared and none new; or,
without findings, a loss better beyond the noise). The winner is the verified
trial with the lowest best loss over the steps compared; among those within the
noise of it, the smallest change. When no candidate alone is verified and two
kinds of fix were tried (a number and a code change), the best of each are tried
together once, if the trial budget allows.

Verdicts hold for the steps the runs made (at most `max_steps`); a full run may differ.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import anyio
from pydantic import BaseModel, Field

from . import candidates as cands
from .candidates import Candidate, Origin
from .compare import NOISE_MULTIPLE, SIGNIFICANT_CHANGE, Comparison, compare_runs
from .diagnosis.codescan import make_patch
from .errors import UserError
from .ledger import Ledger
from .patches import check_path, parse_headers
from .quick_test import QuickTestResult, run_quick_test
from .reports import load_report
from .sandbox import Sandbox, clean_leftovers, git, project_files, repo_top
from .workspace import Workspace

DEFAULT_MAX_TRIALS = 6
"""Trials per call unless told (the issue's budget: a verified fix within 6 trials)."""
THREADS_PER_RUN = 1
"""Torch/OpenMP/MKL threads per run: runs in parallel share the cores instead of fighting over them."""
RUN_MEMORY_MB = 600
"""Memory one tiny CPU run takes (a Python process with torch imported and a small model: ~350-500 MB RSS,
measured with /usr/bin/time -v on the bench's scripts), for deciding how many run at once."""
ProgressFn = Callable[[float, float | None, str], Awaitable[None]]
TrialVerdict = Literal["verified", "not_better", "regressed", "diverged", "failed", "timed_out", "patch_failed"]


class RunSummary(BaseModel):
    run_id: str | None = Field(description="The quick test's run_id (compare_runs and read_training_log take it).")
    verdict: str = Field(description="The quick test's verdict: passed, failed, diverged or timed_out.")
    verdict_reason: str
    last_step: int | None
    duration_s: float
    findings: list[str] = Field(description="Root-cause ids the detectors found in the run.")
    final_loss: float | str | None
    best_loss: float | None


class Trial(BaseModel):
    label: str = Field(description="What the candidate changes.")
    origin: Origin = Field(description="diagnosis (its own patch), grid, given, setting or combined.")
    cause: str | None = Field(description="The root-cause id it targets.")
    patch: str = Field(description="The unified diff tried (ready for apply_patch).")
    verdict: TrialVerdict = Field(
        description="verified (quick test passed and compare_runs says improved), not_better, regressed, diverged, "
        "failed, timed_out, or patch_failed (the patch does not apply to the project as it is now)."
    )
    reason: str = Field(description="What the verdict rests on.")
    run: RunSummary | None = Field(description="The trial's quick test (null when the patch did not apply).")
    comparison_evidence: list[str] = Field(default_factory=list, description="compare_runs' evidence vs the baseline.")
    measures: dict[str, Any] = Field(
        default_factory=dict, description="compare_runs' deltas (final/best loss over the same steps, NaN/inf...)."
    )
    findings_cleared: list[str] = Field(default_factory=list)
    findings_new: list[str] = Field(default_factory=list)
    findings_kept: list[str] = Field(default_factory=list)
    best_loss_compared: float | None = Field(default=None, description="Its best loss over the steps compared.")
    duration_s: float = Field(description="Wall time of the trial: copy, patch, run, compare.")


class Winner(BaseModel):
    label: str
    patch: str = Field(description="Pass it to apply_patch (diff=...) to make the change in the user's tree.")
    files: list[str] = Field(description="The files it changes, relative to the repository.")
    why: str = Field(description="Why it won: causes cleared, no new finding, its loss, the smallest change.")
    run_id: str | None = Field(description="Its trial's run_id: compare_runs(baseline=..., candidate=...) takes it.")
    uncommitted: list[str] = Field(
        description="Files it touches that have uncommitted changes: apply_patch refuses them until committed or "
        "stashed."
    )


class TryFixesResult(BaseModel):
    baseline: RunSummary = Field(description="The unpatched project, run fresh under the same limits and steps.")
    trials: list[Trial]
    winner: Winner | None = Field(description="The best verified candidate, or null when none was verified.")
    scope: str = Field(description="What the verdicts hold for: the steps run, the limits.")
    parallel: int = Field(description="Runs at once.")
    duration_s: float = Field(description="Wall time of the whole call.")
    notes: list[str] = Field(default_factory=list)


def default_parallel(memory_mb_free: int | None = None) -> int:
    """Runs at once: the cores this process may use, fewer when memory would not hold them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    free = memory_mb_free if memory_mb_free is not None else available_memory_mb()
    by_memory = free // RUN_MEMORY_MB if free else cores
    return max(1, min(cores, by_memory))


def available_memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def summarize(result: QuickTestResult) -> RunSummary:
    metrics = result.metrics
    return RunSummary(
        run_id=result.run_id,
        verdict=result.verdict,
        verdict_reason=result.verdict_reason,
        last_step=result.last_step,
        duration_s=result.duration_s,
        findings=result.findings,
        final_loss=metrics.final_loss if metrics else None,
        best_loss=metrics.best_loss if metrics else None,
    )


class Progress:
    """One progress line for all runs: steps summed against runs x max_steps (else finished runs against runs);
    only ever goes up."""

    def __init__(self, report: ProgressFn | None, runs: int, max_steps: int | None) -> None:
        self.report = report
        self.unit = float(max_steps or 1)
        self.total = runs * self.unit
        self.done: dict[str, float] = {}
        self.finished = 0
        self.sent = -1.0

    def add_runs(self, count: int) -> None:
        self.total += count * self.unit

    def of(self, name: str) -> ProgressFn:
        async def on_progress(done: float, total: float | None, message: str) -> None:
            share = min(done / total, 1.0) * self.unit if total else 0.0
            self.done[name] = max(self.done.get(name, 0.0), share)
            await self.send(f"{name}: {message}")

        return on_progress

    async def finish(self, name: str) -> None:
        self.done[name] = self.unit
        self.finished += 1
        await self.send(f"{name} done")

    async def send(self, message: str) -> None:
        value = round(sum(self.done.values()), 2)
        if self.report is None or value <= self.sent:
            return
        self.sent = value
        runs = round(self.total / self.unit)
        await self.report(value, self.total, f"{self.finished}/{runs} runs done; {message}")


class Trials:
    """Runs the baseline and the candidates of one call in a sandbox and judges them."""

    def __init__(
        self,
        *,
        workspace: Workspace,
        state_dir: Path,
        sandbox: Sandbox,
        cwd_in_repo: Path,
        run_args: dict[str, object],
        limiter: anyio.CapacityLimiter,
        progress: Progress,
        loss_metric: str | None,
    ) -> None:
        self.workspace = workspace
        self.state_dir = state_dir
        self.sandbox = sandbox
        self.cwd_in_repo = cwd_in_repo
        self.run_args = run_args
        self.limiter = limiter
        self.progress = progress
        self.loss_metric = loss_metric

    async def run(self, name: str, patches: list[str]) -> tuple[QuickTestResult | None, str | None, str | None]:
        """Copy, patch and run once: (quick test, patch failure, the combined diff of the copy when patched)."""
        async with self.limiter:
            copy = await anyio.to_thread.run_sync(self.sandbox.copy, name)
            try:
                for i, diff in enumerate(patches):
                    failure = await anyio.to_thread.run_sync(self.sandbox.apply, copy, diff, f"{name}-{i}")
                    if failure is not None:
                        await self.progress.finish(name)
                        return None, failure, None
                combined = self.combined_diff(copy, patches) if len(patches) > 1 else None
                result = await run_quick_test(
                    progress=self.progress.of(name),
                    cwd=str(copy / self.cwd_in_repo),
                    workspace=self.workspace,
                    state_dir=self.state_dir,
                    loss_metric=self.loss_metric,
                    **self.run_args,  # type: ignore[arg-type]
                )
            finally:
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(self.sandbox.remove_copy, copy)
            await self.progress.finish(name)
            return result, None, combined

    def combined_diff(self, copy: Path, patches: list[str]) -> str | None:
        """The diff from the project to the patched copy, file by file (for combined candidates)."""
        parts = []
        for rel in dict.fromkeys(f for diff in patches for f in cands.diff_files(diff)):
            old = (self.sandbox.top / rel).read_text(encoding="utf-8").splitlines(keepends=True)
            new = (copy / rel).read_text(encoding="utf-8").splitlines(keepends=True)
            part = make_patch(rel, old, new)
            if part:
                parts.append(part)
        return "".join(parts) or None

    async def trial(self, name: str, candidate: Candidate, baseline: anyio.Event, base: list[QuickTestResult]) -> Trial:
        started = time.monotonic()
        patches = [candidate.patch] if candidate.origin is not Origin.COMBINED else candidate.patch.split("\0")
        result, failure, combined = await self.run(name, patches)
        if combined:
            candidate = candidate.model_copy(update={"patch": combined})
        if result is None:
            failed = new_trial(candidate, "patch_failed", None)
            failed.reason = f"the patch does not apply to the project as it is now: {failure}"
            failed.duration_s = round(time.monotonic() - started, 2)
            return failed
        await baseline.wait()
        trial = await anyio.to_thread.run_sync(self.judge, candidate, result, base[0] if base else None)
        trial.duration_s = round(time.monotonic() - started, 2)
        return trial

    def judge(self, candidate: Candidate, result: QuickTestResult, base: QuickTestResult | None) -> Trial:
        """The trial's verdict: its own quick test, then compare_runs against the baseline."""
        trial = new_trial(candidate, "not_better", summarize(result))
        if result.verdict in ("failed", "timed_out", "diverged"):
            trial.verdict = result.verdict
            trial.reason = f"its quick test {result.verdict}: {result.verdict_reason}"
        if base is None or base.metrics is None:
            trial.reason = trial.reason or "the baseline logged no loss to compare with; see the baseline's notes"
            return trial
        if result.metrics is None:
            trial.verdict = "failed" if trial.verdict == "not_better" else trial.verdict
            trial.reason = trial.reason or "it logged no loss; see its output"
            return trial
        try:
            comparison = compare_runs(self.workspace, self.state_dir, base.run_id, result.run_id, self.loss_metric)
        except UserError as exc:
            trial.reason = trial.reason or f"not comparable with the baseline: {exc}"
            return trial
        fill(trial, comparison)
        if trial.verdict != "not_better":  # failed, timed out or diverged: said above
            return trial
        if comparison.verdict == "improved" and result.verdict == "passed":
            trial.verdict = "verified"
        elif comparison.verdict == "regressed":
            trial.verdict = "regressed"
        trial.reason = f"compare_runs: {comparison.verdict}; " + "; ".join(comparison.evidence[:3])
        return trial


def new_trial(candidate: Candidate, verdict: TrialVerdict, run: RunSummary | None) -> Trial:
    return Trial(
        label=candidate.label,
        origin=candidate.origin,
        cause=candidate.cause,
        patch=candidate.patch,
        verdict=verdict,
        reason="",
        run=run,
        duration_s=0,
    )


def fill(trial: Trial, comparison: Comparison) -> None:
    trial.comparison_evidence = comparison.evidence
    trial.measures = {k: v.model_dump() for k, v in comparison.deltas.items()} | {
        "steps_compared": comparison.steps_compared.model_dump()
    }
    trial.findings_cleared = comparison.findings_cleared
    trial.findings_new = comparison.findings_new
    trial.findings_kept = comparison.findings_kept
    trial.best_loss_compared = comparison.steps_compared.candidate_best


def pick_winner(
    trials: list[Trial], candidates: dict[str, Candidate], top_cause: str | None = None
) -> tuple[Trial, str] | None:
    """The verified trial with the lowest best loss; among those within the noise of it, the smallest change
    (fewest lines, then one aimed at the top cause, then the number moved the least)."""
    verified = [t for t in trials if t.verdict == "verified"]
    if not verified:
        return None
    scored = [t for t in verified if t.best_loss_compared is not None]
    if not scored:
        top = min(verified, key=lambda t: candidates[t.label].lines_changed)
        return top, "the only kind of evidence: verified with no loss to rank by"
    best = min(scored, key=lambda t: t.best_loss_compared or 0.0)
    best_loss = best.best_loss_compared or 0.0

    def noise(trial: Trial) -> float:  # the trial's own scatter: a diverged baseline's says nothing here
        return float(trial.measures.get("steps_compared", {}).get("candidate_noise") or 0.0)

    def equal(trial: Trial) -> bool:
        margin = max(NOISE_MULTIPLE * max(noise(best), noise(trial)), SIGNIFICANT_CHANGE * abs(best_loss))
        return (trial.best_loss_compared or 0.0) <= best_loss + margin

    equals = [t for t in scored if equal(t)]
    top = min(
        equals,
        key=lambda t: (candidates[t.label].lines_changed, t.cause != top_cause, candidates[t.label].distance),
    )
    cleared = ", ".join(top.findings_cleared) or "none to clear"
    why = f"verified: quick test passed; findings cleared: {cleared}; no new finding; best loss "
    why += f"{top.best_loss_compared:.4g} over the steps compared"
    base_best = top.measures.get("best_loss", {}).get("baseline")
    if isinstance(base_best, (int, float)):
        why += f" (baseline {base_best:.4g})"
    if len(equals) > 1:
        why += f"; the smallest change among {len(equals)} verified candidates within the noise of the best"
    elif len(verified) > 1:
        why += f"; the lowest loss of {len(verified)} verified candidates"
    return top, why


def uncommitted(top: Path, files: list[str]) -> list[str]:
    """The files among `files` with uncommitted changes (staged or not) in the user's repository."""
    if not files:
        return []
    status = git(top, "status", "--porcelain", "-z", "--", *files)
    entries = [e for e in status.stdout.decode("utf-8", "surrogateescape").split("\0") if len(e) > 3]
    return sorted({e[3:] for e in entries if e[:2].strip() and not e.startswith("??")})


def diagnosis_candidates(state_dir: Path, report_id: str) -> tuple[list[list[Candidate]], list[str], str | None]:
    """The candidate groups of a diagnosis (one per root cause with a patch), notes, and its first cause."""
    report = json.loads(load_report(state_dir, report_id.strip()))
    groups, notes = [], []
    causes = report.get("root_causes", [])
    for cause in causes:
        if cause.get("patch"):
            groups.append(cands.from_patch(cause["patch"], cause["id"], Origin.DIAGNOSIS, True, cause.get("fix")))
        else:
            notes.append(f"{cause['id']}: no patch in the diagnosis ({cause.get('fix')}); change it by hand")
    if not groups:
        notes.append(f"the diagnosis {report_id} has no root cause with a patch; pass patches= or setting=")
    return groups, notes, causes[0]["id"] if causes else None


def diagnosis_files(workspace: Workspace, state_dir: Path, report_id: str) -> list[Path]:
    report = json.loads(load_report(state_dir, report_id.strip()))
    inputs = report.get("inputs", {})
    named = list(inputs.get("code", [])) + ([inputs["config"]] if inputs.get("config") else [])
    return [workspace.resolve_file(name, "a code or config file") for name in named]


def scope_text(max_steps: int | None, timeout_s: float, threads: int, base: QuickTestResult) -> str:
    steps = f"the first {max_steps} steps (max_steps)" if max_steps else f"the steps the runs made ({base.last_step})"
    return (
        f"Verdicts hold for {steps} on CPU, {threads} thread(s) per run, {timeout_s:g}s timeout per run, "
        "compared with a fresh baseline run of the unpatched project under the same limits; a full-length run "
        "may still differ: confirm the winner with a longer run_quick_test after apply_patch."
    )


async def try_fixes(
    command: list[str] | str,
    *,
    workspace: Workspace,
    state_dir: Path,
    python: str,
    report_id: str | None = None,
    patches: list[str] | None = None,
    setting: str | None = None,
    values: list[float] | None = None,
    files: list[str] | None = None,
    cwd: str = ".",
    timeout_s: float = 120,
    memory_mb: int | None = 4096,
    max_steps: int | None = None,
    env: Mapping[str, str] | None = None,
    threads: int = THREADS_PER_RUN,
    max_trials: int = DEFAULT_MAX_TRIALS,
    parallel: int | None = None,
    loss_metric: str | None = None,
    log_file: str | None = None,
    progress: ProgressFn | None = None,
) -> TryFixesResult:
    """Try candidate fixes in isolated copies, each against a fresh baseline; return the trials and the winner."""
    started = time.monotonic()
    if not (report_id or patches or setting):
        raise UserError("nothing to try: pass report_id (a diagnosis with patches), patches, or setting (and values)")
    if values and not setting:
        raise UserError("values need setting= (the name of the number to change, e.g. 'lr' or 'LR')")
    folder = workspace.resolve_folder(cwd, "the project folder the command runs in as cwd")
    top = repo_top(workspace, folder)
    clean_leftovers(state_dir)
    groups: list[list[Candidate]] = []
    notes: list[str] = []
    first_cause = None
    if report_id:
        found, said, first_cause = diagnosis_candidates(state_dir, report_id)
        groups += found
        notes += said
    for diff in patches or []:
        if not isinstance(diff, str) or not diff.strip():
            raise UserError("an empty patch was given; pass unified diffs as `git diff` prints them")
        for header in parse_headers(diff):  # refused now as apply_patch would refuse it later
            check_path(top, header.path)
        groups.append(cands.from_patch(diff, None, Origin.GIVEN, search=False))
    if setting:
        search = (
            [workspace.resolve_file(f, "a code or config file") for f in files]
            if files
            else (diagnosis_files(workspace, state_dir, report_id) if report_id else [])
        )
        search = search or cands.setting_files(top, project_files(top))
        found_setting, said = cands.from_setting(workspace, top, setting, values, search, first_cause)
        groups.append(found_setting)
        notes += said
    kinds = sum(1 for g in groups if g)
    budget = max(1, max_trials - (1 if kinds > 1 else 0))  # one trial kept for a combination
    chosen = cands.allot(groups, budget)
    if not chosen:
        raise UserError("no candidate fix to try; " + (notes[-1] if notes else "pass patches= or setting="))
    threads_env = {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)} | dict(env or {})
    runs = parallel or default_parallel()
    run_args: dict[str, object] = {
        "command": command,
        "python": python,
        "timeout_s": timeout_s,
        "memory_mb": memory_mb,
        "max_steps": max_steps,
        "env": threads_env,
        "written_log": log_file,
    }
    sandbox = await anyio.to_thread.run_sync(Sandbox, workspace, state_dir, top)
    meter = Progress(progress, len(chosen) + 1, max_steps)
    trials_of = Trials(
        workspace=workspace,
        state_dir=state_dir,
        sandbox=sandbox,
        cwd_in_repo=folder.relative_to(top),
        run_args=run_args,
        limiter=anyio.CapacityLimiter(runs),
        progress=meter,
        loss_metric=loss_metric,
    )
    by_label = {c.label: c for c in chosen}
    results: dict[str, Trial] = {}
    base: list[QuickTestResult] = []
    baseline_done = anyio.Event()
    try:

        async def run_baseline() -> None:
            try:
                result, _, _ = await trials_of.run("baseline", [])
                if result is not None:
                    base.append(result)
            finally:
                baseline_done.set()

        async def run_trial(index: int, candidate: Candidate) -> None:
            results[candidate.label] = await trials_of.trial(f"trial-{index}", candidate, baseline_done, base)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(run_baseline)
            for index, candidate in enumerate(chosen, start=1):
                tasks.start_soon(run_trial, index, candidate)
        trials = [results[c.label] for c in chosen]
        extra = combination(trials, by_label, max_trials - len(trials))
        if extra is not None:
            by_label[extra.label] = extra
            meter.add_runs(1)
            trials.append(await trials_of.trial(f"trial-{len(trials) + 1}", extra, baseline_done, base))
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(sandbox.remove)
    if not base:
        raise UserError("the baseline run could not start; check the command")
    notes += sandbox.notes
    baseline = base[0]
    if not baseline.findings and baseline.verdict == "passed":
        notes.append(
            "the baseline showed no finding over these steps: only a loss better beyond the noise verifies a "
            "candidate; raise max_steps if the fault shows later in the run"
        )
    picked = pick_winner(trials, by_label, chosen[0].cause)
    winner = None
    if picked is not None:
        top_trial, why = picked
        changed = cands.diff_files(top_trial.patch)
        dirty = uncommitted(top, changed)
        winner = Winner(
            label=top_trial.label,
            patch=top_trial.patch,
            files=changed,
            why=why,
            run_id=top_trial.run.run_id if top_trial.run else None,
            uncommitted=dirty,
        )
        if dirty:
            notes.append(
                f"{', '.join(dirty)} has uncommitted changes: apply_patch refuses it until they are committed or "
                "stashed (the trials ran on the files as they are now, changes included)"
            )
    answer = TryFixesResult(
        baseline=summarize(baseline),
        trials=trials,
        winner=winner,
        scope=scope_text(max_steps, timeout_s, threads, baseline),
        parallel=runs,
        duration_s=round(time.monotonic() - started, 2),
        notes=notes,
    )
    key = f"f-{baseline.run_id[2:]}"
    Ledger(state_dir).record(
        "try_fixes",
        key,
        {
            "baseline": baseline.run_id,
            "trials": [(t.label, t.verdict, t.run.run_id if t.run else None) for t in trials],
            "winner": winner.label if winner else None,
        },
    )
    return answer


def combination(trials: list[Trial], by_label: dict[str, Candidate], budget: int) -> Candidate | None:
    """When nothing was verified: the best numeric candidate with the best code fix of another cause, together."""
    if budget < 1 or any(t.verdict == "verified" for t in trials):
        return None
    ran = [t for t in trials if t.run is not None and t.verdict not in ("failed", "timed_out", "patch_failed")]

    def score(t: Trial) -> tuple[int, float, float]:
        """Most findings cleared, then the lowest best loss, then the lowest final loss over the steps compared."""
        best = t.best_loss_compared if t.best_loss_compared is not None else float("inf")
        final = t.measures.get("final_loss", {}).get("candidate")
        return (-len(t.findings_cleared), best, final if isinstance(final, (int, float)) else float("inf"))

    numeric = sorted((t for t in ran if by_label[t.label].old_value is not None), key=score)
    code = sorted((t for t in ran if by_label[t.label].old_value is None), key=score)
    if not numeric or not code:
        return None
    first, second = by_label[numeric[0].label], by_label[code[0].label]
    return cands.combine(first, second, first.patch + "\0" + second.patch)
