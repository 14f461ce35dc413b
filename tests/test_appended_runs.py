"""Runs appended to one log (a script rerun into the same file, a K-fold loop, a sweep) are judged one by one: a
fold that overfits is a finding whatever the last fold did; a counter restarting each epoch or a run resumed where its
loss was is no new run, and a counter of each epoch's iterations is carried on across the epochs, so that the whole run
is judged, not its last epoch. Real tiny runs of the family casebook, appended as a script rerun into one file appends
them."""

from __future__ import annotations

from array import array
from pathlib import Path

from server.core.diagnosis.appended import carries_on, earlier_runs, fresh_start, resumed, stitched
from server.core.diagnosis.engine import diagnose
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace
from tests.tiny_runs import casebook_run, train_tiny


def appended(tmp_path: Path, *faults: str) -> Path:
    """The JSON Lines logs of the mlp family's `faults` (seed 0), one after another in one file."""
    parts = []
    for index, fault in enumerate(faults):
        folder = tmp_path / f"run{index}"
        folder.mkdir()
        casebook_run(folder, "mlp", fault)
        (log,) = folder.glob("*.jsonl")
        parts.append(log.read_text())
    log = tmp_path / "train.jsonl"
    log.write_text("".join(parts))
    return log


def test_an_earlier_run_that_overfits_is_the_finding_though_the_last_run_is_healthy(tmp_path: Path) -> None:
    log = appended(tmp_path, "overfitting", "healthy")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert len(earlier_runs(run)) == 1
    result = diagnose([run])
    top = result.root_causes[0]
    assert top.id == "overfitting" and top.confidence > 0.5
    assert top.evidence[0].location.startswith("run 1 of 2 appended to the log")
    alone = read_logs(Workspace.of([tmp_path / "run1"]), [next((tmp_path / "run1").glob("*.jsonl")).name]).runs
    assert diagnose(alone).verdict == "healthy"  # the last run alone: what was judged before


def test_a_short_earlier_run_that_broke_is_judged_though_a_rerun_trained(tmp_path: Path) -> None:
    """A run whose loss went non-finite within its first steps, stopped there, then a rerun that trained, printed into
    the same file (round70's IT-003: Caffe runs at `loss = nan` by iteration 40 among others that trained): the broken
    run is no aborted start to skip, however short, and its loss is the finding; the rerun alone is healthy."""
    broken: list[str] = []
    train_tiny(lr=2.0, steps=40, printed=broken)  # SGD at 2.0 on an MSE: the loss overflows within a few steps
    stop = next(i for i, line in enumerate(broken) if "loss nan" in line or "loss inf" in line)
    assert 3 <= stop <= 20  # a handful of finite steps, then a non-finite loss: the script stops on it
    rerun: list[str] = []
    train_tiny(lr=0.05, steps=150, printed=rerun)
    log = tmp_path / "train.log"
    log.write_text("\n".join(broken[: stop + 1] + rerun) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert [where for where, _ in earlier_runs(run)] == ["run 1 of 2 appended to the log"]
    top = diagnose([run]).root_causes[0]
    assert top.id in ("lr_too_high", "exploding_gradients", "numerical_instability")
    assert top.evidence[0].location.startswith("run 1 of 2 appended to the log") and "non-finite" in str(top.evidence)
    (tmp_path / "rerun").mkdir()
    (tmp_path / "rerun" / "train.log").write_text("\n".join(rerun) + "\n")
    alone = read_logs(Workspace.of([tmp_path / "rerun"]), ["train.log"]).runs
    assert diagnose(alone).verdict == "healthy"


def test_healthy_runs_appended_stay_healthy(tmp_path: Path) -> None:
    log = appended(tmp_path, "healthy", "healthy_sgd_momentum")
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert len(earlier_runs(run)) == 1 and diagnose([run]).verdict == "healthy"


def test_a_counter_restarting_each_epoch_or_a_resumed_run_is_no_fresh_start() -> None:
    loss = train_tiny(lr=0.05, steps=150).metrics["loss"].values  # MSE 8.3 -> ~0.1
    resumed = array("d", [*loss[:75], *loss[75:]])  # the second half goes on from where the first ended
    assert not fresh_start(resumed, 0, 75, 150)
    rerun = array("d", [*loss[:75], *loss[:75]])  # a fresh model starts where the first began
    assert fresh_start(rerun, 0, 75, 150)


def per_epoch_log(folder: Path, corrupt_epoch: int | None) -> Path:
    """A real tiny MLP regression over 3 epochs of 40 iterations, printed as a loop that counts each epoch's
    iterations afresh (`Starting Epoch 2/3`, `Iteration 1, Loss: ...`); at `corrupt_epoch`'s 30th iteration one batch
    has its targets tripled (a unit bug in one shard): the loss spikes 900x and recovers within the epoch."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(512, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(512, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
    lines = []
    for epoch in range(1, 4):
        lines.append(f"Starting Epoch {epoch}/3")
        for iteration in range(1, 41):
            batch = torch.randint(0, 512, (32,))
            target = y[batch] * (3 if (epoch, iteration) == (corrupt_epoch, 30) else 1)
            loss = torch.nn.functional.mse_loss(model(x[batch]), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            lines.append(f"Iteration {iteration}, Loss: {loss.item()}")
    log = folder / "train.log"
    log.write_text("\n".join(lines) + "\n")
    return log


def test_a_counter_of_each_epochs_iterations_is_carried_on_so_a_spike_in_an_earlier_epoch_is_seen(
    tmp_path: Path,
) -> None:
    log = per_epoch_log(tmp_path, corrupt_epoch=2)
    (run,) = read_logs(Workspace.of([tmp_path]), [log.name]).runs
    assert run.metrics["Loss"].steps[40] == 1  # each epoch counts from 1 again
    steps = stitched(run).metrics["Loss"].steps
    assert len(steps) == 120 and all(b > a for a, b in zip(steps, steps[1:], strict=False))  # one axis: 1..120
    top = diagnose([run]).root_causes[0]
    assert top.id == "loss_spike" and top.evidence[0].location == "step 70"  # epoch 2's 30th iteration
    (clean,) = read_logs(Workspace.of([tmp_path]), [per_epoch_log(tmp_path, corrupt_epoch=None).name]).runs
    assert diagnose([clean]).verdict == "healthy"


def test_a_run_started_again_above_where_the_last_one_ended_does_not_carry_it_on() -> None:
    loss = train_tiny(lr=0.05, steps=150).metrics["loss"].values  # MSE 8.3 -> ~0.1
    epochs = array("d", [*loss[:75], *loss[75:]])  # the next epoch's first batches, within the last one's range
    assert carries_on(epochs, 0, 75, 150)
    again = array("d", [*loss[:75], *loss[:75]])  # a fresh model: above all of the last one's second half
    assert not carries_on(again, 0, 75, 150)


def test_a_fine_tune_in_stages_each_counting_its_epochs_afresh_is_judged_whole(tmp_path: Path) -> None:
    """A fine-tune run in three stages of different lengths, each counting its epochs from 1 (`P1[  1/20] Loss ...`,
    round71's IW-008), each starting where the last ended: the stages are one run (`resumed` at each restart), judged
    whole, not its last stage's flat tail (a plateau before round 43); a grid search's configurations, each starting
    again where the script's models start, stay apart."""
    loss = train_tiny(lr=0.05, steps=150).metrics["loss"].values
    stages = [(0, 60), (60, 110), (110, 150)]
    lines = [
        f"P{k}[{i - a + 1:3d}/{b - a}] Loss {loss[i]:.4f}" for k, (a, b) in enumerate(stages, 1) for i in range(a, b)
    ]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["train_log.txt"]).runs
    steps = stitched(run).metrics["Loss"].steps
    assert len(steps) == 150 and all(b > a for a, b in zip(steps, steps[1:], strict=False))
    assert diagnose([run]).verdict == "healthy"
    grid = array("d", [*loss[:60], *loss[:50], *loss[:40]])
    assert not resumed(grid, 0, 60, 110) and resumed(loss, 0, 60, 110)


def sparse_runs_log(folder: Path) -> Path:
    """Four real tiny 7-class classifiers (one per seed) trained full-batch for 1000 epochs, each printed every 200
    epochs from `Epoch: 000` and followed by its test accuracy, into one console (round86's KS-020: twenty GNN runs
    of a sweep, `Epoch: 000, Loss: 1.9547` .. `Epoch: 1000, Loss: 0.0988`, `Test Accuracy: 0.7610`)."""
    import torch

    lines = []
    for seed in range(4):
        torch.manual_seed(seed)
        x, labels = torch.randn(140, 16), torch.randint(0, 7, (140,))
        x += torch.nn.functional.one_hot(labels, 16).float()  # a feature per class: learnable
        model = torch.nn.Sequential(  # dropout as in Kipf and Welling's GCN: the training loss stays noisy
            torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(32, 7)
        )
        optimizer = torch.optim.Adam(model.parameters(), lr=0.05, weight_decay=5e-4)
        for epoch in range(1001):
            loss = torch.nn.functional.cross_entropy(model(x), labels)
            if epoch % 200 == 0:
                lines.append(f"Epoch: {epoch:03d}, Loss: {loss.item():.4f}")
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        accuracy = (model.eval()(x).argmax(1) == labels).float().mean().item()
        lines += [f"Model: MLP{seed}", f"Test Accuracy: {accuracy:.4f}"]
    log = folder / "stats.md"
    log.write_text("\n".join(lines) + "\n")
    return log


def test_runs_back_at_the_first_loss_are_fresh_models_however_fast_they_fall(tmp_path: Path) -> None:
    """Each run of a sweep printed every 200 epochs falls from ln 7 to a tenth of it by its second point, so the
    median of a restart's first three points sits under the last run's end; its first point, back at the log's first
    loss, says a model was initialised afresh: four runs, none carried on into the last, and no spike."""
    (run,) = read_logs(Workspace.of([tmp_path]), [sparse_runs_log(tmp_path).name]).runs
    loss = run.metrics["Loss"].values
    assert abs(loss[0] - 1.946) < 0.1 and abs(loss[6] - loss[0]) < 0.05 * loss[0] and loss[7] < 0.5 * loss[0]
    assert [where for where, _ in earlier_runs(run)] == [f"run {k} of 4 appended to the log" for k in (1, 2, 3)]
    assert list(stitched(run).metrics["Loss"].steps) == list(run.metrics["Loss"].steps)  # each counts its epochs
    assert diagnose([run]).verdict == "healthy"


def test_a_rerun_whose_first_summary_comes_at_a_later_epoch_starts_the_axis_over(tmp_path: Path) -> None:
    """DeepSpeech's hand-kept results (round81's KM-001): `Training Summary Epoch: [1]  Time taken (s): 18  Average
    Loss 39.7` over an LSTM run's epochs 1-18, then a GRU run whose training summaries start at its epoch 3. The
    bracketed epoch leading each line is the step (no `Training_Summary_Epoch` metric), and the fall from epoch 18
    back to 3, though later than the first run's first epoch, starts the axis over (`RESTART_FALL`): the detectors
    judge the rerun, not a spike where two runs meet."""
    import numpy as np

    from server.core.diagnosis.appended import restarts
    from server.core.diagnosis.detectors.view import View

    def epoch_means(seed: int, epochs: range) -> list[tuple[int, float]]:
        loss = train_tiny(lr=0.05, steps=25 * epochs[-1], seed=seed).metrics["loss"].values
        return [(epoch, float(np.mean(loss[25 * (epoch - 1) : 25 * epoch]))) for epoch in epochs]

    first, rerun = epoch_means(0, range(1, 19)), epoch_means(1, range(3, 8))
    lines = [f"Training Summary Epoch: [{e}]     Time taken (s): {7 * e}      Average Loss {x:.3f}" for e, x in first]
    lines += ["", "## Training with 3 layers - GRU:"]
    lines += [f"Training Summary Epoch: [{e}]     Time taken (s): {9 * e}      Average Loss {x:.3f}" for e, x in rerun]
    (tmp_path / "training_results.txt").write_text("\n".join(lines) + "\n")
    (run,) = read_logs(Workspace.of([tmp_path]), ["training_results.txt"]).runs
    assert "Training_Summary_Epoch" not in run.metrics
    loss = run.metrics["Average_Loss"]
    assert list(loss.steps) == [e for e, _ in first + rerun]
    assert restarts(loss.steps) == [len(first)]
    view = View(run)
    assert view.loss is not None and list(view.loss.values) == [round(x, 3) for _, x in rerun]
