"""try_fixes: candidate patches tried in isolated copies of a real git project, against a fresh baseline.

The project is a temporary git repository holding `quadratic_lr.py` (plain-Python gradient descent with
LR = 5.0, diverging; it starts in milliseconds), run for real as a child process in each copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client

from server.core import candidates as cands
from server.core.errors import UserError
from server.core.fixes import try_fixes
from server.core.sandbox import OWNER, TRIALS, clean_leftovers, process_start
from server.core.workspace import Workspace
from tests.helpers import git, gone

pytestmark = pytest.mark.anyio

FIXABLE = Path(__file__).parent / "fixtures" / "fixable"


@pytest.fixture
def project(workspace_dir: Path) -> Path:
    shutil.copy(FIXABLE / "quadratic_lr.py", workspace_dir / "train.py")
    git(workspace_dir, "init", "-q")
    git(workspace_dir, "add", "train.py")
    git(workspace_dir, "commit", "-q", "-m", "a diverging run")
    return workspace_dir


async def call(client: Client, tool: str, args: dict, **kw) -> dict:
    result = await client.call_tool(tool, args, **kw)
    assert not result.is_error, result.content
    return result.structured_content


def losses(log: Path, last_step: float) -> list[float]:
    """The losses a run printed (`step N | loss X | ...`) up to `last_step`, read independently of the readers."""
    out = []
    for line in log.read_text().splitlines():
        if line.startswith("step "):
            fields = dict(part.split(" ", 1) for part in line.split(" | "))
            if float(fields["step"]) <= last_step:
                out.append(float(fields["loss"]))
    return out


def leftovers(project: Path) -> list[Path]:
    trials = project / ".ml-skills" / TRIALS
    return list(trials.iterdir()) if trials.exists() else []


async def test_a_diagnosed_learning_rate_is_searched_and_the_verified_patch_wins(client: Client, project: Path) -> None:
    original = (project / "train.py").read_bytes()
    seen: list[tuple[float, float | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total))

    with anyio.fail_after(120):
        baseline = await call(client, "run_quick_test", {"command": ["python", "train.py"], "max_steps": 60})
        diagnosis = await call(client, "diagnose_training", {"logs": baseline["log_path"], "code": "train.py"})
        answer = await call(
            client,
            "try_fixes",
            {"command": ["python", "train.py"], "report_id": diagnosis["report_id"], "max_steps": 60},
            progress_callback=on_progress,
        )
    proposed = next(c["patch"] for c in diagnosis["root_causes"] if c["id"] == "lr_too_high")
    assert "+LR = 0.5\n" in proposed
    trials = {t["label"]: t for t in answer["trials"]}
    assert list(trials) == [
        "train.py:13: 5.0 -> 0.5",
        "train.py:13: 5.0 -> 0.1667",
        "train.py:13: 5.0 -> 1.667",
        "train.py:13: 5.0 -> 0.05",
    ]
    assert trials["train.py:13: 5.0 -> 0.5"]["origin"] == "diagnosis"
    assert trials["train.py:13: 5.0 -> 0.5"]["patch"] == proposed
    assert trials["train.py:13: 5.0 -> 1.667"]["verdict"] == "diverged"
    assert answer["baseline"]["verdict"] == "diverged"
    assert set(answer["baseline"]["findings"]) == {"lr_too_high", "exploding_gradients"}
    winner = answer["winner"]
    assert winner["label"] == "train.py:13: 5.0 -> 0.1667"
    assert "+LR = 0.1667\n" in winner["patch"] and winner["files"] == ["train.py"] and winner["uncommitted"] == []
    won = trials[winner["label"]]
    assert won["verdict"] == "verified"
    assert set(won["findings_cleared"]) == {"lr_too_high", "exploding_gradients"} and won["findings_new"] == []
    printed = losses(project / ".ml-skills" / "runs" / f"{won['run']['run_id']}.log", 60)
    assert won["best_loss_compared"] == min(printed)
    assert won["measures"]["steps_compared"]["last_step"] == 60
    verified = [t for t in answer["trials"] if t["verdict"] == "verified"]
    assert all(t["best_loss_compared"] >= won["best_loss_compared"] for t in verified)
    assert answer["scope"].startswith("Verdicts hold for the first 60 steps (max_steps) on CPU, 1 thread(s) per run")
    # the user's tree is untouched, no copy is left, and the winner applies as it is
    assert (project / "train.py").read_bytes() == original
    assert git(project, "status", "--porcelain") == ""
    assert leftovers(project) == []
    dry = await call(client, "apply_patch", {"diff": winner["patch"], "dry_run": True})
    assert dry["files"] == [{"path": "train.py", "status": "modified", "added": 1, "removed": 1}]
    # progress counts the steps of all five runs and only goes up
    assert {total for _, total in seen} == {5 * 60}
    assert [p for p, _ in seen] == sorted({p for p, _ in seen}) and seen[-1][0] == 5 * 60


async def test_a_named_setting_is_tried_at_the_users_values(client: Client, project: Path) -> None:
    with anyio.fail_after(60):
        answer = await call(
            client,
            "try_fixes",
            {"command": ["python", "train.py"], "setting": "LR", "values": [3.0, 0.1], "max_steps": 60},
        )
    verdicts = {t["label"]: (t["origin"], t["verdict"]) for t in answer["trials"]}
    assert verdicts == {
        "train.py:13: LR 5.0 -> 3.0": ("setting", "diverged"),
        "train.py:13: LR 5.0 -> 0.1": ("setting", "verified"),
    }
    assert answer["winner"]["label"] == "train.py:13: LR 5.0 -> 0.1"
    assert answer["parallel"] >= 1 and answer["trials"][1]["duration_s"] > 0


async def test_uncommitted_changes_and_untracked_files_are_in_the_copies_and_the_winner_says_so(
    client: Client, project: Path
) -> None:
    """The copy is the project as it is now: an uncommitted edit and a new untracked file the run reads."""
    source = (project / "train.py").read_text()
    seeded = "    rng = random.Random(0)\n"
    edited = source.replace(seeded, seeded + "    print(open('note.txt').read())\n")
    (project / "train.py").write_text(edited)
    (project / "note.txt").write_text("read from an untracked file\n")
    (project / ".gitignore").write_text("ignored.bin\n")
    (project / "ignored.bin").write_bytes(b"\0" * 10)
    with anyio.fail_after(60):
        answer = await call(
            client, "try_fixes", {"command": ["python", "train.py"], "setting": "LR", "values": [0.1], "max_steps": 30}
        )
    assert answer["baseline"]["verdict"] == "diverged"  # it ran: note.txt was copied, or it would have failed
    winner = answer["winner"]
    assert winner["uncommitted"] == ["train.py"]
    assert "train.py has uncommitted changes: apply_patch refuses it" in answer["notes"][-1]
    assert (project / "train.py").read_text() == edited
    refused = await client.call_tool("apply_patch", {"diff": winner["patch"]})
    assert refused.is_error and "uncommitted" in refused.content[0].text


async def test_a_patch_that_does_not_apply_is_a_trial_verdict_not_a_failure(client: Client, project: Path) -> None:
    stale = "diff --git a/train.py b/train.py\n--- a/train.py\n+++ b/train.py\n@@ -1,1 +1,1 @@\n-nothing\n+else\n"
    with anyio.fail_after(60):
        answer = await call(client, "try_fixes", {"command": ["python", "train.py"], "patches": [stale]})
    (trial,) = answer["trials"]
    assert (trial["verdict"], trial["run"], trial["origin"]) == ("patch_failed", None, "given")
    assert trial["reason"].startswith("the patch does not apply to the project as it is now: error: patch failed")
    assert answer["winner"] is None
    assert leftovers(project) == []


async def test_bad_requests_are_refused_with_what_to_do(client: Client, project: Path, workspace_dir: Path) -> None:
    nothing = await client.call_tool("try_fixes", {"command": ["python", "train.py"]})
    assert nothing.is_error and "pass report_id" in nothing.content[0].text
    unknown = await client.call_tool("try_fixes", {"command": "python train.py", "setting": "momentum"})
    assert unknown.is_error and "found no number assigned to 'momentum'" in unknown.content[0].text
    shutil.rmtree(project / ".git")
    no_git = await client.call_tool("try_fixes", {"command": "python train.py", "setting": "LR", "values": [0.1]})
    assert no_git.is_error and "not in a git repository" in no_git.content[0].text


async def test_cancellation_kills_every_run_and_removes_every_copy(settings, project: Path, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    (project / "train.py").write_text(
        "import os, sys, time\n"
        "LR = 5.0\n"
        "open(os.path.join(os.environ['PIDS'], str(os.getpid())), 'w').close()\n"
        "for i in range(10_000):\n"
        "    print(f'step {i} | loss {1.0 / (i + 1)}', flush=True)\n"
        "    time.sleep(0.05)\n"
    )
    git(project, "commit", "-qam", "a slow run")
    started = anyio.Event()

    async def on_progress(done: float, total: float | None, message: str) -> None:
        if len(list(pids.iterdir())) >= 2:
            started.set()

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tasks:

            async def run() -> None:
                await try_fixes(
                    ["python", "train.py"],
                    workspace=settings.workspace,
                    state_dir=settings.state_dir,
                    python=sys.executable,
                    setting="LR",
                    values=[0.5, 0.05],
                    env={"PIDS": str(pids)},
                    parallel=2,
                    progress=on_progress,
                )

            tasks.start_soon(run)
            await started.wait()
            tasks.cancel_scope.cancel()
    running = [int(p.name) for p in pids.iterdir()]
    assert len(running) == 2
    assert all(gone(pid) for pid in running)
    assert leftovers(project) == []
    assert git(project, "status", "--porcelain") == ""


async def test_a_run_past_its_timeout_is_killed_and_its_copy_removed(settings, project: Path) -> None:
    (project / "train.py").write_text("import time\nLR = 5.0\nprint('step 0 | loss 1.0', flush=True)\ntime.sleep(60)\n")
    git(project, "commit", "-qam", "a hanging run")
    with anyio.fail_after(60):
        answer = await try_fixes(
            ["python", "train.py"],
            workspace=settings.workspace,
            state_dir=settings.state_dir,
            python=sys.executable,
            setting="LR",
            values=[0.5],
            timeout_s=1.5,
        )
    assert answer.baseline.verdict == "timed_out"
    trial = answer.trials[0]
    assert (trial.verdict, trial.reason[:33]) == ("timed_out", "its quick test timed_out: killed ")
    assert leftovers(project) == []


def test_copies_left_by_a_crashed_server_are_removed_at_the_next_start(settings, project: Path) -> None:
    from server.app import build_server

    trials = settings.state_dir / TRIALS
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (trials / "t-00000001" / "copy").mkdir(parents=True)
    (trials / "t-00000001" / OWNER).write_text(f"{dead.pid} 1\n")
    (trials / "t-00000002").mkdir()  # no owner file: made by a server killed before it wrote one
    (trials / "t-00000003").mkdir()
    (trials / "t-00000003" / OWNER).write_text(f"{os.getpid()} {process_start(os.getpid())}\n")  # a live server
    build_server(settings)
    assert sorted(p.name for p in trials.iterdir()) == ["t-00000003"]
    assert clean_leftovers(settings.state_dir) == []


def test_a_numeric_patch_becomes_a_log_grid_in_its_direction() -> None:
    head = "diff --git a/t.py b/t.py\n--- a/t.py\n+++ b/t.py\n"
    lower = head + "@@ -3,3 +3,3 @@\n a\n-opt = SGD(p, lr=5.0)\n+opt = SGD(p, lr=0.5)\n b\n"
    found = cands.from_patch(lower, "lr_too_high", cands.Origin.DIAGNOSIS, search=True)
    assert [(c.new_value, c.origin.value, c.label) for c in found] == [
        (0.5, "diagnosis", "t.py:4: 5.0 -> 0.5"),
        (0.1667, "grid", "t.py:4: 5.0 -> 0.1667"),
        (1.667, "grid", "t.py:4: 5.0 -> 1.667"),
        (0.05, "grid", "t.py:4: 5.0 -> 0.05"),
    ]
    assert "+opt = SGD(p, lr=0.05)\n" in found[3].patch and "-opt = SGD(p, lr=5.0)\n" in found[3].patch
    raise_ = lower.replace("lr=5.0", "lr=1e-07").replace("lr=0.5", "lr=1e-05")
    assert [c.new_value for c in cands.from_patch(raise_, "lr_too_low", cands.Origin.DIAGNOSIS, True)] == [
        1e-05,
        0.0001,
        0.001,
        3e-06,
    ]
    clip = head + "@@ -3,2 +3,3 @@\n a\n+    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)\n     opt.step()\n"
    assert [c.new_value for c in cands.from_patch(clip, "exploding_gradients", cands.Origin.DIAGNOSIS, True)] == [
        1.0,
        0.5,
        5.0,
        0.1,
    ]
    code = head + "@@ -3,2 +3,3 @@\n a\n+    opt.zero_grad()\n     opt.step()\n"
    assert len(cands.from_patch(code, "missing_zero_grad", cands.Origin.DIAGNOSIS, True)) == 1


def test_the_top_cause_is_searched_first_and_every_other_cause_gets_one_trial() -> None:
    def group(name: str, n: int) -> list[cands.Candidate]:
        return [
            cands.Candidate(label=f"{name}{i}", patch=f"{name}{i}", origin=cands.Origin.GRID, lines_changed=2)
            for i in range(n)
        ]

    chosen = cands.allot([group("lr", 5), group("clip", 4), group("zero", 1)], 5)
    assert [c.label for c in chosen] == ["lr0", "lr1", "lr2", "clip0", "zero0"]


def test_a_named_setting_is_found_where_it_is_assigned(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "# LR = 1.0 in a comment is not it\n"
        "parser.add_argument('--learning-rate', type=float, default=3e-4)\n"
        "opt = Adam(net.parameters(), lr=0.01)\n"
    )
    (tmp_path / "c.yaml").write_text("optim:\n  learning_rate: 0.02\n  warmup_steps: 10\n")
    workspace = Workspace.of([tmp_path])
    found = cands.find_setting(workspace, tmp_path, "learning_rate", [tmp_path / "a.py", tmp_path / "c.yaml"])
    assert [(a.rel, a.line, a.value) for a in found] == [("a.py", 2, 3e-4), ("c.yaml", 2, 0.02)]
    assert [(a.line, a.value) for a in cands.find_setting(workspace, tmp_path, "lr", [tmp_path / "a.py"])] == [
        (3, 0.01)
    ]
    made, _ = cands.from_setting(workspace, tmp_path, "warmup_steps", None, [tmp_path / "c.yaml"], None)
    assert [c.new_value for c in made] == [100.0, 500.0, 1000.0, 50.0]
    with pytest.raises(UserError, match="found no number assigned to 'LR'"):
        cands.from_setting(workspace, tmp_path, "LR", [0.1], [tmp_path / "a.py"], None)


async def test_patches_reaching_out_of_the_project_are_refused_before_anything_runs(
    client: Client, project: Path, workspace_dir: Path
) -> None:
    outside = workspace_dir.parent / "outside.txt"
    escapes = [
        "diff --git a/../outside.txt b/../outside.txt\nnew file mode 100644\n--- /dev/null\n+++ b/../outside.txt\n"
        "@@ -0,0 +1 @@\n+owned\n",
        "diff --git a/.git/config b/.git/config\n--- a/.git/config\n+++ b/.git/config\n@@ -1 +1 @@\n-x\n+y\n",
        "--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-x\n+y\n",
    ]
    for diff in escapes:
        refused = await client.call_tool("try_fixes", {"command": ["python", "train.py"], "patches": [diff]})
        assert refused.is_error, diff
        assert "patch" in refused.content[0].text
    assert not outside.exists()
    assert leftovers(project) == [] and not (project / ".ml-skills" / "runs").exists()


def test_when_nothing_alone_is_verified_the_best_number_and_the_best_code_fix_are_combined_once() -> None:
    from server.core.fixes import Trial, combination

    def trial(label: str, verdict: str, cleared: list[str], best: float | None) -> Trial:
        run = {"run_id": "r-00000001", "verdict": "passed", "verdict_reason": "", "last_step": 9}
        run |= {"duration_s": 1.0, "findings": [], "final_loss": best, "best_loss": best}
        return Trial.model_validate(
            {"label": label, "origin": "grid", "cause": "lr_too_high", "patch": label, "verdict": verdict,
             "reason": "", "run": run, "findings_cleared": cleared, "best_loss_compared": best, "duration_s": 1.0}
        )  # fmt: skip

    def candidate(label: str, old: float | None) -> cands.Candidate:
        return cands.Candidate(
            label=label, patch=f"{label}\n", origin=cands.Origin.GRID, old_value=old, new_value=old and old / 10,
            lines_changed=1,
        )  # fmt: skip

    by_label = {"lr a": candidate("lr a", 5.0), "lr b": candidate("lr b", 5.0), "clip": candidate("clip", None)}
    trials = [
        trial("lr a", "not_better", [], 2.0),
        trial("lr b", "not_better", ["exploding_gradients"], 3.0),
        trial("clip", "not_better", ["exploding_gradients"], 1.0),
    ]
    combined = combination(trials, by_label, budget=1)
    assert combined is not None
    assert (combined.label, combined.origin, combined.patch) == ("lr b + clip", "combined", "lr b\n\0clip\n")
    assert combination(trials, by_label, budget=0) is None
    trials[0].verdict = "verified"
    assert combination(trials, by_label, budget=1) is None


async def test_a_number_and_a_code_fix_that_only_work_together_are_verified_combined(settings, project: Path) -> None:
    """A leftover x10 on the gradients and LR = 5.0: no learning rate tried works alone, nor the code fix."""
    source = (project / "train.py").read_text()
    step = "        w = sgd_step(w, grads, lr=LR)\n"
    (project / "train.py").write_text(source.replace(step, "        grads = [10.0 * g for g in grads]\n" + step))
    git(project, "commit", "-qam", "a leftover gradient scale")
    code_fix = git(project, "diff", "HEAD~1", "HEAD", "-R")
    with anyio.fail_after(60):
        answer = await try_fixes(
            ["python", "train.py"],
            workspace=settings.workspace,
            state_dir=settings.state_dir,
            python=sys.executable,
            setting="LR",
            values=[0.3, 0.1],
            patches=[code_fix],
            max_steps=60,
        )
    assert [(t.origin.value, t.verdict) for t in answer.trials] == [
        ("given", "diverged"),
        ("setting", "diverged"),
        ("setting", "diverged"),
        ("combined", "verified"),
    ]
    combined = answer.trials[-1]
    assert combined.label == "train.py:13: LR 5.0 -> 0.1 + patch (train.py)"
    assert answer.winner is not None and answer.winner.label == combined.label
    assert "-LR = 5.0\n+LR = 0.1\n" in combined.patch
    assert "-        grads = [10.0 * g for g in grads]\n" in combined.patch
    assert leftovers(project) == []


async def test_a_command_run_in_a_subfolder_runs_in_the_same_subfolder_of_each_copy(
    client: Client, project: Path
) -> None:
    (project / "src").mkdir()
    git(project, "mv", "train.py", "src/train.py")
    git(project, "commit", "-qm", "moved")
    with anyio.fail_after(60):
        answer = await call(
            client,
            "try_fixes",
            {"command": ["python", "train.py"], "cwd": "src", "setting": "LR", "values": [0.1], "max_steps": 30},
        )
    assert answer["baseline"]["verdict"] == "diverged"
    assert answer["winner"]["label"] == "src/train.py:13: LR 5.0 -> 0.1"
    assert answer["winner"]["files"] == ["src/train.py"]
    applied = await call(client, "apply_patch", {"diff": answer["winner"]["patch"]})
    assert applied["files"][0]["path"] == "src/train.py"
    assert "LR = 0.1\n" in (project / "src" / "train.py").read_text()
