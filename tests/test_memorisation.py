"""Memorisation read off the training loss alone: a loss that falls in stairs at the epoch boundaries (the model meets
each example again already knowing it) is overfitting; one that falls within its epochs is not. Real tiny seeded CPU
runs, logged per step with the fractional epoch a Hugging Face `trainer_state.json` records, read back through it."""

from __future__ import annotations

import json
from pathlib import Path

from server.core.diagnosis.detectors.validation import detect_epoch_stairs
from server.core.diagnosis.detectors.view import View
from server.core.diagnosis.engine import diagnose
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace

EXAMPLES = 128  # a training set small enough to memorise
BATCH = 8  # 16 steps an epoch
EPOCHS = 5


def memorising_run(folder: Path, learnable: bool, val: bool = False, accuracies: bool = False) -> Path:
    """A wide MLP trained by Adam on EXAMPLES examples, reshuffled each epoch: with random labels nothing carries over
    from one example to another, so each is learned only when met again (stairs); with labels a linear rule gives, every
    step teaches the rest too (a fall within the epochs). Written as the Trainer writes `trainer_state.json`, with an
    `eval_loss` on held-out examples each epoch when `val`, and the accuracies on the training and held-out examples at
    the end when `accuracies`."""
    import torch

    torch.manual_seed(0)
    x, x_val = torch.randn(EXAMPLES, 16), torch.randn(64, 16)
    rule = torch.randn(16)
    y = (x @ rule > 0).long() if learnable else torch.randint(0, 4, (EXAMPLES,))
    y_val = (x_val @ rule > 0).long() if learnable else torch.randint(0, 4, (64,))
    model = torch.nn.Sequential(torch.nn.Linear(16, 512), torch.nn.ReLU(), torch.nn.Linear(512, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    history, steps_per_epoch = [], EXAMPLES // BATCH
    for epoch in range(EPOCHS):
        order = torch.randperm(EXAMPLES)
        for i in range(steps_per_epoch):
            batch = order[i * BATCH : (i + 1) * BATCH]
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step = epoch * steps_per_epoch + i + 1
            history.append({"epoch": step / steps_per_epoch, "learning_rate": 3e-3, "loss": round(loss.item(), 4),
                            "step": step})  # fmt: skip
        if val:
            with torch.no_grad():
                held = torch.nn.functional.cross_entropy(model(x_val), y_val).item()
            history.append({"epoch": float(epoch + 1), "eval_loss": held, "step": step})
    if accuracies:
        with torch.no_grad():
            right = (model(x).argmax(1) == y).float().mean().item()
            held_right = (model(x_val).argmax(1) == y_val).float().mean().item()
        history.append({"epoch": float(EPOCHS), "train_accuracy": right, "eval_accuracy": held_right, "step": step})
    path = folder / "trainer_state.json"
    path.write_text(json.dumps({"global_step": EPOCHS * steps_per_epoch, "log_history": history}))
    return path


def read(folder: Path, path: Path):  # noqa: ANN201 - the run read back
    return read_logs(Workspace.of([folder]), [str(path)]).runs[0]


def test_a_loss_falling_in_stairs_at_the_epoch_boundaries_is_memorisation(tmp_path: Path) -> None:
    run = read(tmp_path, memorising_run(tmp_path, learnable=False))
    assert "epoch" in run.axes  # the reader keeps the Trainer's epoch as the run's axis
    found = detect_epoch_stairs(View(run))
    assert [f.id for f in found] == ["overfitting"]
    assert "epoch boundaries" in found[0].evidence[0].detail
    top = diagnose([run]).root_causes[0]
    assert top.id == "overfitting"


def test_a_loss_falling_within_its_epochs_shows_no_stairs(tmp_path: Path) -> None:
    run = read(tmp_path, memorising_run(tmp_path, learnable=True))
    assert detect_epoch_stairs(View(run)) == []


def test_stairs_beside_a_validation_loss_that_improved_are_no_memorisation(tmp_path: Path) -> None:
    """Held-out examples that improved say the model learned what carries over, whatever its training loss's shape:
    the stairs of the random-label run beside the eval loss of the learnable one (which fell)."""
    stairs = read(tmp_path / "stairs", memorising_run(mkdir(tmp_path / "stairs"), learnable=False))
    learned = read(tmp_path / "learned", memorising_run(mkdir(tmp_path / "learned"), learnable=True, val=True))
    eval_loss = learned.metrics["eval_loss"]
    assert eval_loss.values[-1] < 0.9 * eval_loss.values[0]
    stairs.metrics["eval_loss"] = eval_loss
    stairs.roles = {}  # assigned again, the eval loss among them
    assert detect_epoch_stairs(View(stairs)) == []


def rule_learned_accuracies(folder: Path) -> Path:
    """A logistic regression fitted by Adam on 1,024 examples of a linear rule, its accuracy on them and on 256 held-out
    ones written as the Trainer writes them at the end of a run: a model that learned the rule answers both alike."""
    import torch

    torch.manual_seed(0)
    x, x_val, rule = torch.randn(1024, 16), torch.randn(256, 16), torch.randn(16)
    y, y_val = (x @ rule > 0).long(), (x_val @ rule > 0).long()
    model = torch.nn.Linear(16, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(200):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        right, held_right = (model(x).argmax(1) == y).float().mean(), (model(x_val).argmax(1) == y_val).float().mean()
    history = [{"epoch": 1.0, "train_accuracy": right.item(), "eval_accuracy": held_right.item(), "step": 200}]
    path = folder / "trainer_state.json"
    path.write_text(json.dumps({"global_step": 200, "log_history": history}))
    return path


def test_stairs_beside_a_held_out_accuracy_as_high_as_the_training_one_are_no_memorisation(tmp_path: Path) -> None:
    """Held-out examples answered as well as the training ones say nothing was learned by heart (round84's KH-008:
    96.74% on the training set, 96.77% on the test set): the stairs of the random-label run beside the final
    accuracies of a model that learned its rule; beside its own (its training examples learned by heart, its held-out
    ones near chance) they stay memorisation."""
    stairs = read(tmp_path / "stairs", memorising_run(mkdir(tmp_path / "stairs"), learnable=False, accuracies=True))
    train, held = stairs.metrics["train_accuracy"].values[-1], stairs.metrics["eval_accuracy"].values[-1]
    assert held < 0.6 * train  # learned by heart: its held-out examples far behind
    assert [f.id for f in detect_epoch_stairs(View(stairs))] == ["overfitting"]
    learned = read(tmp_path / "learned", rule_learned_accuracies(mkdir(tmp_path / "learned")))
    train, held = learned.metrics["train_accuracy"].values[-1], learned.metrics["eval_accuracy"].values[-1]
    assert 0.98 * train <= held < train
    stairs.metrics["train_accuracy"] = learned.metrics["train_accuracy"]
    stairs.metrics["eval_accuracy"] = learned.metrics["eval_accuracy"]
    stairs.roles = {}  # assigned again
    assert detect_epoch_stairs(View(stairs)) == []


def mkdir(folder: Path) -> Path:
    folder.mkdir()
    return folder
