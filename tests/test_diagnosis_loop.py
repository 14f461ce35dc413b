"""The debugger on real runs of the loop project's training script (tests/fixtures/loop_project/train.py).

A tiny full-batch regression trained by SGD at lr=0.5: without clipping it blows up within a few
steps; with clipping it swings between two losses every other step. Each test runs the script in a
subprocess on a temporary copy (about a second) and diagnoses what it printed, with the code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server.core.diagnosis.engine import diagnose
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace

PROJECT = Path(__file__).resolve().parent / "fixtures" / "loop_project"
STEP_LINE = "        optimizer.step()\n"
CLIP_LINE = "        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def train(root: Path, steps: int) -> Path:
    """Run the script for `steps` steps; its output is the log."""
    out = subprocess.run(
        [sys.executable, "train.py", "--steps", str(steps)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    log = root / "train.log"
    log.write_text(out)
    return log


def add_clipping(root: Path) -> None:
    script = root / "train.py"
    script.write_text(script.read_text().replace(STEP_LINE, CLIP_LINE + STEP_LINE))


def lr_line(root: Path) -> int:
    lines = (root / "train.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if "lr=0.5)" in line)


def first_nonfinite_step(log: Path) -> int:
    for line in log.read_text().splitlines():
        if "loss inf" in line or "loss nan" in line:
            return int(line.split()[1])
    raise AssertionError("the run never blew up")


def test_a_loss_that_blows_up_before_ever_improving_ranks_the_learning_rate_above_clipping(project: Path) -> None:
    log = train(project, 30)
    onset = first_nonfinite_step(log)
    run = read_logs(Workspace.of([project]), ["train.log"]).runs[0]
    result = diagnose([run], code_paths=[project / "train.py"], display_root=project)
    ids = [cause.id for cause in result.root_causes]
    assert ids[:2] == ["lr_too_high", "exploding_gradients"]
    top = result.root_causes[0]
    locations = [ev.location for ev in top.evidence]
    assert locations[0] == f"step {onset}"
    assert f"train.py:{lr_line(project)}" in locations
    assert "without ever holding an improvement" in " ".join(ev.detail for ev in top.evidence)
    assert "+    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)" in top.patch
    subprocess.run(["git", "apply", "--check", "-"], cwd=project, input=top.patch.encode(), check=True)


def test_a_clipped_full_batch_run_swinging_every_other_step_is_oscillation_not_data_order(project: Path) -> None:
    add_clipping(project)
    log = train(project, 100)
    losses = [float(line.split(" | ")[1].split()[1]) for line in log.read_text().splitlines()]
    assert losses[-1] == pytest.approx(losses[-3], rel=0.05) and losses[-1] != pytest.approx(losses[-2], rel=0.3)
    run = read_logs(Workspace.of([project]), ["train.log"]).runs[0]
    logs_only = diagnose([run])
    assert [cause.id for cause in logs_only.root_causes] == ["loss_oscillation"]
    assert "repeats every 2 logged steps" in logs_only.root_causes[0].evidence[0].detail
    assert logs_only.root_causes[0].evidence[0].location == "from step 25"
    with_code = diagnose([run], code_paths=[project / "train.py"], display_root=project)
    top = with_code.root_causes[0]
    assert [cause.id for cause in with_code.root_causes] == ["loss_oscillation"]
    assert top.evidence[1].location == f"train.py:{lr_line(project)}"
    subprocess.run(["git", "apply", "--check", "-"], cwd=project, input=top.patch.encode(), check=True)
