"""Generate the fixtures of the formats of issue 8 in tests/fixtures/formats/, from tiny seeded CPU runs.

- `wandb/`: real offline `wandb` runs (no network: WANDB_MODE=offline, a temporary WANDB_DIR), a plain one, one
  whose metrics follow a step metric (`define_metric`, as transformers' WandbCallback does) and one that diverges
  to inf/NaN; the run folders are kept whole but for W&B's own debug logs' size (they are kept too: the reader
  must not read them as metrics).
- `keras/training.log`: Keras 3 (torch backend) `CSVLogger` writing CSV into a `.log` file.
- `mmengine/`: a real mmengine `Runner` (epoch-based loop, validation every epoch) writing `vis_data/scalars.json`.
- `detectron2/metrics.json`, `mmdet/*.log.json`, `ultralytics/results.csv`: detectron2 and mmdet 2.x (mmcv 1.x)
  do not install here and ultralytics is too heavy to train with in a test fixture: these are written by the
  writers' own code as their public source has it (quoted in each function), from a real tiny torch run's values.

Each fixture folder holds `expected.json`: what this script handed the tool (or the writer code), so that tests
compare the readers' output with the logged truth, never with hand-typed numbers.

The tools are not dependencies of the server: run this in a venv that has them, e.g.

    pip install wandb mmengine keras
    python scripts/make_format_fixtures.py [--only wandb,keras,mmengine,detectron2,mmdet,ultralytics]

It takes about a minute on two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
SEED = 0


def regression_steps(lr: float, steps: int) -> Iterator[tuple[int, float, float, float]]:
    """(step, train loss, validation loss, grad norm) of a tiny MLP regression trained with SGD; a large `lr`
    diverges to inf/NaN."""
    import torch

    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    inputs = torch.randn(96, 4) * 3
    targets = inputs.sum(1, keepdim=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(inputs[:64]), targets[:64])
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
        optimizer.step()
        with torch.no_grad():
            val_loss = torch.nn.functional.mse_loss(model(inputs[64:]), targets[64:])
        yield step, loss.item(), val_loss.item(), grad_norm.item()


def write_expected(folder: Path, expected: dict) -> None:
    """The sidecar: what was logged, NaN/inf as JSON's NaN/Infinity tokens (Python's json reads them back)."""
    (folder / "expected.json").write_text(json.dumps(expected, sort_keys=True) + "\n")


def fresh(name: str) -> Path:
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# --- W&B -------------------------------------------------------------------------------------------------------


def make_wandb() -> None:
    """Three offline runs in one `wandb/` folder, copied whole (with `latest-run`, a link to the last one)."""
    import wandb

    folder = fresh("wandb")
    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            WANDB_MODE="offline", WANDB_DIR=tmp, WANDB_SILENT="true", WANDB_DISABLE_GIT="true",
            WANDB_DISABLE_CODE="true", WANDB_ANONYMOUS="never", WANDB_CONSOLE="wrap",
        )  # fmt: skip
        settings = wandb.Settings(mode="offline", x_disable_stats=True, x_disable_meta=True, console="wrap")
        runs["plain"] = wandb_plain(wandb, settings)
        runs["step_metric"] = wandb_step_metric(wandb, settings)
        runs["diverging"] = wandb_diverging(wandb, settings)
        source = Path(tmp) / "wandb"
        for log in source.glob("*/*.wandb"):
            assert log.stat().st_size > len(b":W&B") + 3, f"wandb-core wrote no record to {log}: run the script again"
        shutil.copytree(source, folder / "wandb", symlinks=True)
    for link in folder.glob("wandb/*/logs/debug-core.log"):
        link.unlink()  # a link to wandb-core's log in the user's cache, outside the fixture
    for scratch in folder.glob("wandb/*/tmp"):
        shutil.rmtree(scratch)
    plain = next(folder.glob(f"wandb/offline-run-*-{runs['plain']['id']}"))
    write_synced_files(plain, runs["plain"])
    write_expected(folder, {"tool": f"wandb {wandb.__version__}", "runs": runs})


def write_synced_files(run_folder: Path, run: dict) -> None:
    """`files/wandb-summary.json` and `files/config.yaml` as a synced (online) run has them: wandb 0.31 writes
    them only when it syncs (core/internal/stream/sender.go, uploadSummaryFile/uploadConfigFile), never offline,
    so they are written here in the sender's layout from what the run logged: the summary holds each key's last
    value plus `_step`, `_runtime`, `_timestamp`, `_wandb`; the config holds `wandb_version: 1` and each key as
    `{desc: null, value: ...}` (the layout of synced runs' config.yaml)."""
    import yaml

    logged = run["logged"]
    summary = {name: values[-1][1] for name, values in logged.items()}
    last_step = max(values[-1][0] for values in logged.values())
    summary.update({"_step": last_step, "_runtime": 1.0, "_timestamp": 1764596000.0, "_wandb": {"runtime": 1}})
    (run_folder / "files" / "wandb-summary.json").write_text(json.dumps(summary))
    config = {"wandb_version": 1, **{key: {"desc": None, "value": value} for key, value in run["config"].items()}}
    (run_folder / "files" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


def wandb_plain(wandb, settings) -> dict:  # noqa: ANN001 - the wandb module and its Settings
    """`wandb.log` every step (train/loss, train/grad_norm, lr), val/loss every 10 steps, console prints."""
    logged: dict[str, list] = {"train/loss": [], "train/grad_norm": [], "lr": [], "val/loss": []}
    run = wandb.init(project="fixtures", name="plain", config={"lr": 0.01, "steps": 40}, settings=settings)
    for step, loss, val_loss, grad_norm in regression_steps(0.01, 40):
        row = {"train/loss": loss, "train/grad_norm": grad_norm, "lr": 0.01}
        if step % 10 == 9:
            row["val/loss"] = val_loss
            print(f"step {step} | loss {loss:.4f} | val_loss {val_loss:.4f}")
        wandb.log(row)
        for name, value in row.items():
            logged[name].append([step, value])
    print("UserWarning: this is a warning printed by the training script")
    run.finish()
    return {"id": run.id, "logged": logged, "config": {"lr": 0.01, "steps": 40}}


def wandb_step_metric(wandb, settings) -> dict:  # noqa: ANN001
    """As transformers' WandbCallback: `define_metric("train/global_step")`, every other metric on that axis
    (`step_metric`, `step_sync`), logged every 5 optimizer steps; final values set on the summary only."""
    logged: dict[str, list] = {"train/loss": [], "train/learning_rate": [], "train/epoch": []}
    run = wandb.init(project="fixtures", name="step_metric", settings=settings)
    run.define_metric("train/global_step")
    run.define_metric("*", step_metric="train/global_step", step_sync=True)
    losses = []
    for step, loss, _, _ in regression_steps(0.01, 40):
        losses.append(loss)
        if (step + 1) % 5 == 0:
            global_step = step + 1
            lr = 0.01 * (1 - step / 40)
            row = {"train/loss": loss, "train/learning_rate": lr, "train/epoch": global_step / 20}
            wandb.log({**row, "train/global_step": global_step})
            for name, value in row.items():
                logged[name].append([global_step, value])
    summary_only = {"train_loss": sum(losses) / len(losses), "train_runtime": 1.5}
    for name, value in summary_only.items():
        run.summary[name] = value
    run.finish()
    return {"id": run.id, "logged": logged, "summary_only": summary_only}


def wandb_diverging(wandb, settings) -> dict:  # noqa: ANN001
    """A large lr: the loss goes to inf then NaN; logged with an explicit `step=`, every other step."""
    logged: dict[str, list] = {"loss": []}
    run = wandb.init(project="fixtures", name="diverging", settings=settings)
    for step, loss, _, _ in regression_steps(0.5, 60):
        if step % 2 == 0:
            wandb.log({"loss": loss}, step=step)
            logged["loss"].append([step, loss])
    run.finish()
    return {"id": run.id, "logged": logged}


MAKERS = {"wandb": make_wandb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(MAKERS), help="comma-separated: " + ", ".join(MAKERS))
    for name in parser.parse_args().only.split(","):
        MAKERS[name.strip()]()


if __name__ == "__main__":
    main()
