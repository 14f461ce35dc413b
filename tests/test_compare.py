"""compare_runs: before/after verdicts on the logs of real tiny training runs."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client

from server.core.compare import judge, measure_run, read_one
from server.core.ledger import Ledger

pytestmark = pytest.mark.anyio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

TRAIN = Path(__file__).parent / "fixtures" / "loop_project" / "train.py"
VARIANTS = {
    "diverging": ("lr=0.5)", "lr=0.5)", 100),
    "fixed": ("lr=0.5)", "lr=0.05)", 100),
    "short": ("lr=0.5)", "lr=0.05)", 10),
    "clipped": (
        "        optimizer.step()",
        "        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n        optimizer.step()",
        100,
    ),
}


DRIVER = """\
import contextlib, runpy, sys
for name, steps in VARIANTS:
    sys.argv = [name + ".py", "--steps", str(steps)]
    with open(name + ".log", "w") as out, contextlib.redirect_stdout(out):
        runpy.run_path(name + ".py", run_name="__main__")
"""


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The output of the loop project's training script in four variants, run for real (seeded, CPU)."""
    folder = tmp_path_factory.mktemp("runs")
    source = TRAIN.read_text()
    for name, (old, new, _) in VARIANTS.items():
        (folder / f"{name}.py").write_text(source.replace(old, new))
    plan = [(name, steps) for name, (_, _, steps) in VARIANTS.items()]
    driver = f"VARIANTS = {plan!r}\n" + DRIVER
    subprocess.run(
        [sys.executable, "-c", driver], cwd=folder, check=True, timeout=120, env={"CUDA_VISIBLE_DEVICES": ""}
    )
    return {name: folder / f"{name}.log" for name in VARIANTS}


@pytest.fixture
def runs(logs: dict[str, Path], workspace_dir: Path) -> dict[str, str]:
    for path in logs.values():
        shutil.copy(path, workspace_dir / path.name)
    return {name: path.name for name, path in logs.items()}


def printed(log: Path, name: str) -> list[float]:
    """The values of `name` as the run printed them (`step N | loss X | grad_norm Y`), read independently."""
    values = []
    for line in log.read_text().splitlines():
        fields = dict(field.split(" ", 1) for field in line.split(" | "))
        values.append(float(fields[name]))
    return values


async def compare(client: Client, baseline: str, candidate: str) -> dict:
    result = await client.call_tool("compare_runs", {"baseline": baseline, "candidate": candidate})
    assert not result.is_error, result.content
    return result.structured_content


async def test_a_fix_that_removes_the_nans_is_an_improvement(
    client: Client, runs: dict[str, str], logs: dict[str, Path]
) -> None:
    diverging, fixed = printed(logs["diverging"], "loss"), printed(logs["fixed"], "loss")
    nonfinite = sum(1 for v in diverging if not math.isfinite(v))
    assert nonfinite > 0 and all(math.isfinite(v) for v in fixed)
    answer = await compare(client, runs["diverging"], runs["fixed"])
    assert answer["verdict"] == "improved"
    assert answer["evidence"][0] == f"NaN/inf in the loss gone: {nonfinite} non-finite values before, none after"
    assert answer["deltas"]["loss_nonfinite"] == {"baseline": nonfinite, "candidate": 0, "change_pct": -100.0}
    assert answer["deltas"]["final_loss"]["baseline"] == "nan"
    assert answer["deltas"]["final_loss"]["candidate"] == fixed[-1]
    peak = max(printed(logs["fixed"], "grad_norm"))
    assert answer["deltas"]["grad_norm_peak"] == {"baseline": "nan", "candidate": peak, "change_pct": None}
    assert answer["deltas"]["steps_seen"] == {"baseline": 100, "candidate": 100, "change_pct": 0.0}
    assert sorted(answer["findings_cleared"]) == ["exploding_gradients", "lr_too_high"]
    assert answer["findings_new"] == []
    assert answer["baseline_metrics"]["best_loss"] == min(v for v in diverging if math.isfinite(v))


async def test_a_change_that_brings_nans_is_a_regression(
    client: Client, runs: dict[str, str], logs: dict[str, Path]
) -> None:
    nonfinite = sum(1 for v in printed(logs["diverging"], "loss") if not math.isfinite(v))
    answer = await compare(client, runs["fixed"], runs["diverging"])
    assert answer["verdict"] == "regressed"
    assert answer["evidence"][0] == f"NaN/inf in the loss appeared: none before, {nonfinite} after"
    assert sorted(answer["findings_new"]) == ["exploding_gradients", "lr_too_high"]


async def test_the_same_run_twice_is_unchanged(client: Client, runs: dict[str, str], logs: dict[str, Path]) -> None:
    final = printed(logs["fixed"], "loss")[-1]
    answer = await compare(client, runs["fixed"], runs["fixed"])
    assert answer["verdict"] == "unchanged"
    assert len(answer["evidence"]) == 1
    assert answer["evidence"][0].startswith(
        f"loss about the same over steps up to 99: final {final:.4g} -> {final:.4g} (0%), "
        f"best {final:.4g} -> {final:.4g} (0%) (noise "
    )
    assert answer["deltas"]["final_loss"]["change_pct"] == 0.0


async def test_a_longer_run_of_the_same_script_is_compared_over_the_steps_both_ran(
    client: Client, runs: dict[str, str], logs: dict[str, Path]
) -> None:
    """`short` is `fixed` stopped at step 9: over steps 0-9 they are the same run, whatever `fixed` did later."""
    short = printed(logs["short"], "loss")
    answer = await compare(client, runs["short"], runs["fixed"])
    assert answer["verdict"] == "unchanged"
    assert answer["baseline_metrics"]["final_loss"] == short[-1]
    span = answer["steps_compared"]
    assert (span["last_step"], span["baseline_points"], span["candidate_points"]) == (9, 10, 10)
    assert (span["baseline_final"], span["candidate_final"]) == (short[-1], short[-1])
    assert answer["deltas"]["final_loss"] == {"baseline": short[-1], "candidate": short[-1], "change_pct": 0.0}
    assert answer["deltas"]["steps_seen"] == {"baseline": 10, "candidate": 100, "change_pct": 900.0}


async def test_a_diverged_baseline_is_set_best_against_best_over_the_same_steps(
    client: Client, runs: dict[str, str], logs: dict[str, Path]
) -> None:
    """The old bug: the baseline's best loss was set beside the candidate's final one ("loss down 100%")."""
    diverging, fixed = printed(logs["diverging"], "loss"), printed(logs["fixed"], "loss")
    last = len(diverging) - 1  # the run was printed to its end, NaN/inf included: both ran 100 steps
    answer = await compare(client, runs["diverging"], runs["fixed"])
    assert answer["verdict"] == "improved"
    best_before = min(v for v in diverging if math.isfinite(v))
    assert answer["deltas"]["best_loss"]["baseline"] == best_before
    assert answer["deltas"]["best_loss"]["candidate"] == min(fixed[: last + 1])
    assert answer["deltas"]["final_loss"]["candidate"] == fixed[last]
    assert answer["deltas"]["final_loss"]["change_pct"] is None  # nan/inf against a number: no percentage
    assert f"best {best_before:.4g} -> {min(fixed):.4g}" in answer["evidence"][-1]


async def test_a_new_finding_and_a_higher_loss_are_a_regression(
    client: Client, runs: dict[str, str], logs: dict[str, Path]
) -> None:
    answer = await compare(client, runs["fixed"], runs["clipped"])
    assert answer["verdict"] == "regressed"
    assert answer["findings_new"] == ["loss_oscillation"]
    assert answer["evidence"][0] == "new findings: loss_oscillation; none cleared"
    # the clipped run swings from step to step: its higher final loss is within that scatter, the finding decides
    assert answer["evidence"][1].startswith("loss about the same over steps up to 99: final ")
    rise = printed(logs["clipped"], "loss")[-1] - printed(logs["fixed"], "loss")[-1]
    assert answer["steps_compared"]["noise"] > rise / 2


def test_a_cause_kept_or_a_new_one_is_never_an_improvement(settings, logs: dict[str, Path]) -> None:
    from server.core.compare import window

    shutil.copy(logs["fixed"], settings.workspace.primary / "fixed.log")
    shutil.copy(logs["short"], settings.workspace.primary / "short.log")
    fixed_run, short_run = read_one(settings.workspace, "fixed.log"), read_one(settings.workspace, "short.log")
    fixed, short = measure_run(fixed_run), measure_run(short_run)
    span = window(short_run, fixed_run, short, fixed)
    verdict, evidence = judge(short, fixed, base_ids=["overfitting"], cand_ids=["loss_plateau"], span=span)
    assert (verdict, evidence[0]) == ("unchanged", "findings cleared: overfitting; new: loss_plateau")
    verdict, evidence = judge(short, fixed, ["overfitting", "lr_too_high"], ["lr_too_high"], span)
    assert (verdict, evidence[0]) == ("unchanged", "findings cleared: overfitting; none new; kept: lr_too_high")
    verdict, evidence = judge(short, fixed, ["overfitting"], [], span)
    assert (verdict, evidence[0]) == ("improved", "findings cleared: overfitting; none new")
    verdict, evidence = judge(short, fixed, [], ["loss_plateau"], span)
    assert (verdict, evidence[0]) == ("regressed", "new findings: loss_plateau; none cleared")


def test_without_findings_only_a_loss_better_beyond_the_noise_is_an_improvement() -> None:
    from server.core.compare import Window, loss_direction

    def span(before: float, after: float, noise: float) -> Window:
        return Window(
            last_step=99, baseline_points=100, candidate_points=100, baseline_final=before,
            candidate_final=after, baseline_best=before, candidate_best=after, noise=noise,
        )  # fmt: skip

    assert loss_direction(span(1.0, 0.8, 0.01))[0] == -1  # 20% lower, noise 1%
    assert loss_direction(span(1.0, 0.8, 0.15))[0] == 0  # 20% lower, but the runs scatter by 15%
    assert loss_direction(span(1.0, 0.95, 0.0))[0] == 0  # below the 10% floor
    assert loss_direction(span(1.0, 1.5, 0.1))[0] == 1


async def test_runs_are_named_by_their_quick_test_run_id(client: Client, runs: dict[str, str], settings) -> None:
    ledger = Ledger(settings.state_dir)
    ledger.record("quick_test", "r-0000000a", {"log_path": runs["diverging"]})
    ledger.record("quick_test", "r-0000000b", {"log_path": runs["fixed"]})
    answer = await compare(client, "r-0000000a", "r-0000000b")
    assert (answer["baseline"], answer["candidate"], answer["verdict"]) == (
        runs["diverging"],
        runs["fixed"],
        "improved",
    )


async def test_unknown_run_ids_and_logs_without_metrics_are_refused(
    client: Client, runs: dict[str, str], workspace_dir: Path
) -> None:
    unknown = await client.call_tool("compare_runs", {"baseline": "r-deadbeef", "candidate": runs["fixed"]})
    assert unknown.is_error and "no quick test r-deadbeef in the ledger" in unknown.content[0].text
    (workspace_dir / "words.log").write_text("hello\nworld\n")
    empty = await client.call_tool("compare_runs", {"baseline": "words.log", "candidate": runs["fixed"]})
    assert empty.is_error
    outside = await client.call_tool("compare_runs", {"baseline": "../x.log", "candidate": runs["fixed"]})
    assert outside.is_error and "outside the workspace" in outside.content[0].text
    assert (await compare(client, runs["fixed"], runs["fixed"]))["verdict"] == "unchanged"


def test_the_loss_compared_is_the_training_loss_the_detectors_read_even_after_a_validation_loss(tmp_path: Path) -> None:
    import json

    import torch
    from make_casebook import blobs, mlp, split, train

    from server.core.diagnosis.detectors import View
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    torch.manual_seed(4)
    x, y = blobs(4)
    (xt, yt), (xv, yv) = split(x, y, 384)
    model = mlp(16, 32, 4)
    with torch.no_grad():  # an evaluation before the first step: loss/val is the first metric in the log
        before = torch.nn.functional.cross_entropy(model(xv), yv).item()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    log = train(seed=4, model=model, x=xt, y=yt, opt=opt, steps=50, val=(xv, yv))
    names = {"loss": "loss/train", "val_loss": "loss/val"}
    records = [{"step": 0, "loss/val": before}] + [{names.get(k, k): v for k, v in r.items()} for r in log.records]
    (tmp_path / "run.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    run = read_logs(Workspace.of([tmp_path]), ["run.jsonl"]).runs[0]
    assert next(iter(run.metrics)) == "loss/val"
    measured = measure_run(run)
    assert (measured.loss_metric, measured.steps_seen) == (View(run).loss[0], 50) == ("loss/train", 50)
    assert measured.final_loss == log.series("loss")[-1]
    assert measured.grad_norm_peak == max(log.series("grad_norm"))
