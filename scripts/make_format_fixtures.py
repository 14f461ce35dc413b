"""Generate the fixtures of the formats of issue 8 in tests/fixtures/formats/, from tiny seeded CPU runs.

- `wandb/`: real offline `wandb` runs (no network: WANDB_MODE=offline, a temporary WANDB_DIR), a plain one, one
  whose metrics follow a step metric (`define_metric`, as transformers' WandbCallback does) and one that diverges
  to inf/NaN; the run folders are kept whole but for W&B's own debug logs' size (they are kept too: the reader
  must not read them as metrics).
- `keras/training.log`: Keras 3 (torch backend) `CSVLogger` writing CSV into a `.log` file.
- `keras_history/`: Keras 3 (torch backend) `history.history` as people save it: `json.dump` of a fit validated
  every 2nd epoch (`validation_freq=2`: shorter validation lists), `print` of a diverging fit (a Python dict
  with `nan`), and the same through `pandas.DataFrame(...).to_json()` (row-numbered columns, NaN as null).
- `keras_pickle/`: the same `history.history` saved with `pickle.dump` (Keras' FAQ way, `trainHistoryDict`; numpy
  scalars at protocol 2; a loop's `[steps, losses]` at text protocol 0).
- `keras_tensorboard/logs/`: Keras 3's own `TensorBoard` callback (torch backend; the callback writes through
  `tf.summary`, so tensorflow-cpu must be installed): `train/` and `validation/` folders with the same tags.
- `tensorboard_long/scalars.csv`: TensorBoard scalars in long form (`run,tag,step,value`, the columns of its
  `get_scalars()`), read by TensorBoard's own data provider from a real run's `train/` and `validation/` folders.
- `mlflow_spaces/mlruns/`: a real MLflow file store of a tiny GAN logging `Generator loss` and
  `Discriminator loss` (names with a space: one file each), in a run nested under a parent run.
- `mmengine/`: a real mmengine `Runner` (epoch-based loop, validation every epoch) writing `vis_data/scalars.json`.
- `detectron2/metrics.json`, `mmdet/*.log.json`, `ultralytics/results.csv`: detectron2 and mmdet 2.x (mmcv 1.x)
  do not install here and ultralytics is too heavy to train with in a test fixture: these are written by the
  writers' own code as their public source has it (quoted in each function), from a real tiny torch run's values.
- `notebook/train.ipynb`: a real notebook executed by Jupyter's `nbclient`, saved with its outputs.
- `xgboost/train.log`: XGBoost's own evaluation log (`xgb.train(..., evals=..., verbose_eval=5)` printing
  `[5]	train-ndcg@3:0.61	val-ndcg@3:0.58`) of a tiny learning-to-rank fit, captured from its stdout.
- `spacy/train.log`: `python -m spacy train` of a blank English NER pipeline on synthetic sentences, its console
  (colour codes and all) captured; `scores.jsonl` is what spaCy's `ConsoleLogger.v3` wrote of the same evaluations.
- `pandas_appended/losses.csv`: a loop's losses written by pandas' `to_csv` (its unnamed index first), a second
  session appended by re-reading and rewriting the file.
- `sb3/progress.csv`, `sb3/train.log`: a real Stable-Baselines3 PPO's CSV and console loggers (CartPole, 1024 steps).
- `rl_episodes/episodes.csv`, `rl_episodes/train_log.txt`: a real REINFORCE bandit's per-episode logs as RL loops
  write them: a table with `episode` beside the environment `step`, and JSON lines of values wrapped in lists.
- `timm/train.log`: timm's `train.py` console (`Train: 1 [  10/40 ( 28%)]  Loss: 0.912 (0.955)  Time: ...`, then
  `Test: [   3/3]  ...  Acc@1: ...`), written by its own f-strings (quoted in the function) on a real tiny run.
- `lightgbm/train.log`, `catboost/train.log`: LightGBM's `log_evaluation` (`[5]	training's binary_logloss: 0.52
  valid_1's binary_logloss: 0.55`) and CatBoost's verbose fit (`0:	learn: 0.68	test: 0.68	best: 0.68 (0)
  total: 58ms	remaining: 5.8s`) of tiny binary classifiers, captured from their stdout.

Each fixture folder holds `expected.json`: what this script handed the tool (or the writer code), so that tests
compare the readers' output with the logged truth, never with hand-typed numbers.

The tools are not dependencies of the server: run this in a venv that has them, e.g.

    pip install wandb mmengine keras tensorflow-cpu mlflow-skinny pandas nbclient ipykernel
    pip install xgboost-cpu lightgbm catboost spacy stable-baselines3 gymnasium deepxde
    python scripts/make_format_fixtures.py [--only wandb,keras,keras_history,...,notebook]

It takes about a minute on two CPU cores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import make_tool_fixtures as tool_fixtures  # a sibling script: scripts/ is on sys.path when this one runs
from make_tool_fixtures import write_expected

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


def fresh(name: str) -> Path:
    return tool_fixtures.fresh(name, OUT)


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
    for listing in folder.glob("wandb/*/files/requirements.txt"):
        listing.unlink()  # the script's venv's package list: nothing the reader reads
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
    """A large lr: the loss goes to inf then NaN; logged with an explicit `step=`, every other step; the run
    finishes with exit code 1."""
    logged: dict[str, list] = {"loss": []}
    run = wandb.init(project="fixtures", name="diverging", settings=settings)
    for step, loss, _, _ in regression_steps(0.5, 60):
        if step % 2 == 0:
            wandb.log({"loss": loss}, step=step)
            logged["loss"].append([step, loss])
    run.finish(exit_code=1)  # the script gave up on the NaN loss
    return {"id": run.id, "logged": logged, "exit_code": 1}


# --- Keras CSVLogger ---------------------------------------------------------------------------------------------


def make_keras() -> None:
    """Keras 3 on the torch backend, `CSVLogger("training.log")`: CSV in a file named .log."""
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    import numpy as np

    folder = fresh("keras")
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)
    inputs = rng.normal(size=(128, 4)).astype("float32")
    labels = (inputs.sum(1) > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])  # fmt: skip
    history = model.fit(inputs, labels, epochs=6, batch_size=32, validation_split=0.25, verbose=0,
                        callbacks=[keras.callbacks.CSVLogger(str(folder / "training.log"))])  # fmt: skip
    logged = {name: [[epoch, value] for epoch, value in enumerate(values)] for name, values in history.history.items()}
    write_expected(folder, {"tool": f"keras {keras.__version__} (torch backend) CSVLogger", "logged": logged})


def keras_classifier(seed: int = SEED):  # noqa: ANN201 - a keras Model and its data
    """A tiny Keras 3 binary classifier (torch backend) and its seeded data."""
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    import numpy as np

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(128, 4)).astype("float32")
    labels = (inputs.sum(1) > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    return keras, model, inputs, labels


def make_keras_history() -> None:
    """`history.history` of two real fits, saved the two ways people save it: `json.dump` (a fit validated every
    2nd epoch) and `print(history.history, file=f)` (a fit whose lr diverges the loss to nan)."""
    keras, model, inputs, labels = keras_classifier()
    folder = fresh("keras_history")
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])  # fmt: skip
    history = model.fit(inputs, labels, epochs=6, batch_size=32, validation_split=0.25, validation_freq=2, verbose=0)
    with (folder / "history.json").open("w") as f:
        json.dump(history.history, f)
    keras, model, inputs, labels = keras_classifier()
    model.compile(
        optimizer=keras.optimizers.SGD(1.0), loss="mse", metrics=[keras.metrics.BinaryAccuracy(name="accuracy")]
    )
    diverging = model.fit(inputs, labels, epochs=6, batch_size=32, verbose=0)  # loss 1.06, 4229.7, then nan
    with (folder / "history.txt").open("w") as f:
        print(diverging.history, file=f)
    import pandas as pd

    with (folder / "history_df.json").open("w") as f:
        pd.DataFrame(diverging.history).to_json(f)  # the TensorFlow tutorials' way: NaN written as null
    write_expected(folder, {
        "tool": f"keras {keras.__version__} (torch backend) History, pandas {pd.__version__} to_json",
        "history.json": {"validation_freq": 2, "history": history.history},
        "history.txt": {"history": diverging.history},
        "history_df.json": {"history": diverging.history},
    })  # fmt: skip


def make_keras_pickle() -> None:
    """`history.history` of a real fit saved with `pickle.dump` as Keras' FAQ answers do
    (`open("trainHistoryDict", "wb")`, the default protocol), the same with its values as `np.float32` at protocol 2
    (tf.keras 2's history held numpy scalars), and a real regression loop's parallel lists `pickle.dump([steps,
    losses], f, 0)` (text protocol 0, saved as .txt)."""
    import pickle

    import numpy as np

    keras, model, inputs, labels = keras_classifier()
    folder = fresh("keras_pickle")
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])  # fmt: skip
    history = model.fit(inputs, labels, epochs=6, batch_size=32, validation_split=0.25, verbose=0).history
    with (folder / "trainHistoryDict").open("wb") as f:
        pickle.dump(history, f)
    with (folder / "history_np.pkl").open("wb") as f:
        pickle.dump({name: [np.float32(v) for v in values] for name, values in history.items()}, f, protocol=2)
    steps, losses = zip(*[(10 * (step + 1), loss) for step, loss, _, _ in regression_steps(0.01, 40)], strict=True)
    with (folder / "losses.txt").open("wb") as f:
        pickle.dump([list(steps), list(losses)], f, protocol=0)
    write_expected(folder, {
        "tool": f"keras {keras.__version__} (torch backend) History, pickle",
        "history": history,
        "history_np": {name: [float(np.float32(v)) for v in values] for name, values in history.items()},
        "losses.txt": [[step, loss] for step, loss in zip(steps, losses, strict=True)],
    })  # fmt: skip


def make_keras_tensorboard() -> None:
    """Keras' own `TensorBoard(log_dir)` callback on a 4-epoch fit with a validation split: it writes `train/`
    and `validation/` event files (tensor scalars `epoch_loss`, `epoch_accuracy`, the lr under `epoch_learning_rate`
    in train/, and `evaluation_*_vs_iterations` in validation/)."""
    keras, model, inputs, labels = keras_classifier()
    folder = fresh("keras_tensorboard")
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        callback = keras.callbacks.TensorBoard(log_dir=str(Path(tmp) / "logs"), write_graph=False)
        history = model.fit(inputs, labels, epochs=4, batch_size=32, validation_split=0.25, verbose=0,
                            callbacks=[callback])  # fmt: skip
        shutil.copytree(Path(tmp) / "logs", folder / "logs")
    write_expected(folder, {"tool": f"keras {keras.__version__} (torch backend) TensorBoard", "logged": {
        name: [[epoch, value] for epoch, value in enumerate(values)] for name, values in history.history.items()
    }})  # fmt: skip


def tensorboard_provider(logdir: str):  # noqa: ANN201 - tensorboard's MultiplexerDataProvider
    """TensorBoard's own data provider over the event files under `logdir` (what its web page reads)."""
    from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer

    events = plugin_event_multiplexer.EventMultiplexer()
    events.AddRunsFromDirectory(logdir)
    events.Reload()
    return data_provider.MultiplexerDataProvider(events, logdir)


def make_tensorboard_csv() -> None:
    """A scalar downloaded from TensorBoard's web page as CSV: a real tiny run's training loss written with
    `torch.utils.tensorboard.SummaryWriter` as `train/loss`, exported by TensorBoard's own scalars plugin
    (`ScalarsPlugin.scalars_impl(..., OutputFormat.CSV)`, what the page's "Download CSV" link serves) and saved under
    the page's file name `run-.-tag-train_loss.csv`: `Wall time,Step,Value`, the tag only in the name."""
    from tensorboard import context
    from tensorboard.plugins import base_plugin
    from tensorboard.plugins.scalar import scalars_plugin
    from torch.utils.tensorboard import SummaryWriter

    folder = fresh("tensorboard_csv")
    logged = [[step, loss] for step, loss, _, _ in regression_steps(0.01, 40)]
    with tempfile.TemporaryDirectory() as tmp:
        writer = SummaryWriter(tmp)
        for step, loss in logged:
            writer.add_scalar("train/loss", loss, step)
        writer.close()
        provider = tensorboard_provider(tmp)
        plugin = scalars_plugin.ScalarsPlugin(base_plugin.TBContext(logdir=tmp, data_provider=provider))
        body, _ = plugin.scalars_impl(context.RequestContext(), "train/loss", ".", "", scalars_plugin.OutputFormat.CSV)
    (folder / "run-.-tag-train_loss.csv").write_text(body)
    write_expected(folder, {"tool": "tensorboard scalars plugin, Download CSV", "logged": {"train_loss": logged}})


def make_tensorboard_long() -> None:
    """TensorBoard scalars in long form, one value a row (`run,tag,step,value`, the columns of TensorBoard's
    `ExperimentFromDev.get_scalars()` DataFrame saved with `to_csv`): a real tiny run's training and validation losses
    written with `torch.utils.tensorboard.SummaryWriter` into `train/` and `validation/` folders under the same tag
    `epoch_loss` (as Keras' TensorBoard callback writes them), read back by TensorBoard's own data provider."""
    import csv

    from tensorboard import context
    from torch.utils.tensorboard import SummaryWriter

    folder = fresh("tensorboard_long")
    steps = list(regression_steps(0.01, 30))
    logged = {
        "train": [[step, loss] for step, loss, _, _ in steps],
        "validation": [[step, val] for step, _, val, _ in steps],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for split, points in logged.items():
            writer = SummaryWriter(str(Path(tmp) / split))
            for step, value in points:
                writer.add_scalar("epoch_loss", value, step)
            writer.close()
        scalars = tensorboard_provider(tmp).read_scalars(
            context.RequestContext(), experiment_id="", plugin_name="scalars", downsample=1000
        )
    with (folder / "scalars.csv").open("w", newline="") as stream:
        table = csv.writer(stream)
        table.writerow(["run", "tag", "step", "value"])
        for run in sorted(scalars):
            for tag, points in scalars[run].items():
                table.writerows([run, tag, point.step, point.value] for point in points)
    read = {run: [[p.step, p.value] for p in tags["epoch_loss"]] for run, tags in scalars.items()}
    write_expected(folder, {"tool": "tensorboard data provider, get_scalars() columns", "logged": read})


def gan_steps(steps: int) -> Iterator[tuple[int, float, float]]:
    """(step, generator loss, discriminator loss) of a tiny 1-D GAN learning N(3, 0.5) with Adam."""
    import torch

    torch.manual_seed(SEED)
    generator = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    critic = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    g_opt = torch.optim.Adam(generator.parameters(), lr=0.01)
    d_opt = torch.optim.Adam(critic.parameters(), lr=0.01)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    ones, zeros = torch.ones(32, 1), torch.zeros(32, 1)
    for step in range(steps):
        real = torch.randn(32, 1) * 0.5 + 3
        fake = generator(torch.randn(32, 2))
        d_opt.zero_grad()
        d_loss = bce(critic(real), ones) + bce(critic(fake.detach()), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = bce(critic(fake), ones)
        g_loss.backward()
        g_opt.step()
        yield step, g_loss.item(), d_loss.item()


def make_mlflow_spaces() -> None:
    """A real MLflow file store (`mlruns/`): a parent run `sweep` and, nested in it, a run `gan` logging
    `Generator loss` and `Discriminator loss` every step (MLflow writes one file per metric, named as logged)."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # MLflow 3 keeps the file store in maintenance mode, opt-in
    import mlflow

    folder = fresh("mlflow_spaces")
    mlflow.set_tracking_uri((folder / "mlruns").as_uri())
    mlflow.set_experiment("gan")
    logged: dict[str, list] = {"Generator loss": [], "Discriminator loss": []}
    with mlflow.start_run(run_name="sweep"), mlflow.start_run(run_name="gan", nested=True):
        for step, g_loss, d_loss in gan_steps(40):
            mlflow.log_metrics({"Generator loss": g_loss, "Discriminator loss": d_loss}, step=step)
            logged["Generator loss"].append([step, g_loss])
            logged["Discriminator loss"].append([step, d_loss])
    shutil.rmtree(folder / "mlruns" / ".trash", ignore_errors=True)
    for tag in folder.glob("mlruns/*/*/tags/mlflow.source.git.*"):
        tag.unlink()  # the commit and branch of the repo this script ran in: nothing the reader reads
    write_expected(folder, {"tool": f"mlflow {mlflow.__version__} file store", "runs": {"gan": logged}})


# --- mmengine ------------------------------------------------------------------------------------------------------


def make_mmengine() -> None:
    """A real mmengine `Runner`: 3 epochs of 8 iterations, logged every 2 (window 1: the iteration's own loss),
    validated every epoch by a metric `regression/mse`; keeps `vis_data/scalars.json`."""
    import mmengine
    import torch
    from mmengine.evaluator import BaseMetric
    from mmengine.model import BaseModel
    from mmengine.runner import Runner
    from torch.utils.data import TensorDataset

    folder = fresh("mmengine")
    torch.manual_seed(SEED)
    inputs = torch.randn(96, 4) * 3
    targets = inputs.sum(1, keepdim=True)
    losses: list[float] = []
    val_mse: list[float] = []

    class Regressor(BaseModel):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))

        def forward(self, inputs, targets, mode="tensor"):  # noqa: ANN001, ANN201 - mmengine's signature
            out = self.net(inputs)
            if mode == "loss":
                loss = torch.nn.functional.mse_loss(out, targets)
                losses.append(loss.item())
                return {"loss": loss}
            return [(out, targets)]

    class Mse(BaseMetric):
        default_prefix = "regression"

        def process(self, data_batch, data_samples) -> None:  # noqa: ANN001
            for out, target in data_samples:
                self.results.append((torch.nn.functional.mse_loss(out, target, reduction="sum").item(), len(target)))

        def compute_metrics(self, results: list) -> dict:
            mse = sum(total for total, _ in results) / sum(count for _, count in results)
            val_mse.append(mse)
            return {"mse": mse}

    def collate(batch: list) -> dict:
        return {"inputs": torch.stack([b[0] for b in batch]), "targets": torch.stack([b[1] for b in batch])}

    def loader(dataset: TensorDataset, batch_size: int) -> dict:
        sampler = {"type": "DefaultSampler", "shuffle": False}
        return {"dataset": dataset, "batch_size": batch_size, "sampler": sampler, "collate_fn": collate}

    with tempfile.TemporaryDirectory() as work_dir:
        runner = Runner(
            model=Regressor(), work_dir=work_dir,
            train_dataloader=loader(TensorDataset(inputs[:64], targets[:64]), 8),
            val_dataloader=loader(TensorDataset(inputs[64:], targets[64:]), 16), val_evaluator=[Mse()],
            train_cfg={"by_epoch": True, "max_epochs": 3, "val_interval": 1}, val_cfg={},
            optim_wrapper={"optimizer": {"type": "SGD", "lr": 0.01}},
            default_hooks={"logger": {"type": "LoggerHook", "interval": 2},
                           "checkpoint": {"type": "CheckpointHook", "interval": 100}},
            log_processor={"window_size": 1},
            visualizer={"type": "Visualizer", "vis_backends": [{"type": "LocalVisBackend"}]},
            randomness={"seed": SEED}, default_scope="mmengine",
        )  # fmt: skip
        runner.train()
        (scalars,) = Path(work_dir).glob("*/vis_data/scalars.json")
        (folder / "vis_data").mkdir()
        shutil.copy(scalars, folder / "vis_data" / "scalars.json")
    iters_per_epoch = 8
    logged = {
        "loss": [[step, losses[step - 1]] for step in range(2, len(losses) + 1, 2)],
        "regression/mse": [[epoch * iters_per_epoch, mse] for epoch, mse in enumerate(val_mse, start=1)],
    }
    write_expected(folder, {"tool": f"mmengine {mmengine.__version__} Runner", "logged": logged})


# --- writers that do not install here: their own code, on a real tiny run's values -----------------------------


@dataclass
class DetectionStep:
    """One step of the tiny two-headed model: its training losses, lr, and its losses and class accuracy on
    held-out data (the stand-in for an evaluator: logged under the writer's metric names, e.g. `bbox_mAP`)."""

    step: int
    loss_cls: float
    loss_box_reg: float
    lr: float
    val_loss_cls: float
    val_loss_box_reg: float
    val_accuracy: float
    foreground: int  # examples of the positive class in the batch (detectron2's `roi_head/num_fg_samples`)


def detection_steps(steps: int) -> Iterator[DetectionStep]:
    """A tiny two-headed model (a class head and a box head) trained with SGD and a linear warmup: the values the
    detectron2, mmdet and Ultralytics fixtures log."""
    import torch

    torch.manual_seed(SEED)
    features = torch.randn(96, 8)
    classes = (features[:, 0] > 0).long()
    boxes = features[:, :4] * 0.5
    body = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU())
    cls_head, box_head = torch.nn.Linear(16, 2), torch.nn.Linear(16, 4)
    parameters = [*body.parameters(), *cls_head.parameters(), *box_head.parameters()]
    optimizer = torch.optim.SGD(parameters, lr=0.05)
    cross_entropy, smooth_l1 = torch.nn.functional.cross_entropy, torch.nn.functional.smooth_l1_loss
    for step in range(steps):
        lr = 0.05 * min(1.0, (step + 1) / 10)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad()
        hidden = body(features[:64])
        loss_cls = cross_entropy(cls_head(hidden), classes[:64])
        loss_box_reg = smooth_l1(box_head(hidden), boxes[:64])
        (loss_cls + loss_box_reg).backward()
        optimizer.step()
        with torch.no_grad():
            hidden = body(features[64:])
            logits = cls_head(hidden)
            val_cls, val_box = cross_entropy(logits, classes[64:]), smooth_l1(box_head(hidden), boxes[64:])
            accuracy = (logits.argmax(1) == classes[64:]).float().mean()
        yield DetectionStep(step, loss_cls.item(), loss_box_reg.item(), lr, val_cls.item(), val_box.item(),
                            accuracy.item(), int(classes[:64].sum()))  # fmt: skip


def make_detectron2() -> None:
    """`metrics.json` as detectron2's `JSONWriter.write` (detectron2/utils/events.py) writes it: one
    `json.dumps(scalars_per_iter, sort_keys=True)` line per written iteration, `"iteration"` in it; losses put with
    `smoothing_hint=True` are the median of the last 20 (`HistoryBuffer.median(window_size=20)`), lr the latest;
    written every 20 iterations (`PeriodicWriter(period=20)`); the evaluation results at the last iteration
    (`bbox/AP`: here the held-out class accuracy in percent, detectron2's scale) on a line of their own, as real
    metrics.json files show them. The ROI head's sample counts (`roi_head/num_fg_samples`, `num_bg_samples`: here the
    batch's examples of each class) are bookkeeping, no metric."""
    import statistics

    folder = fresh("detectron2")
    history: dict[str, list[float]] = {"loss_cls": [], "loss_box_reg": [], "total_loss": []}
    logged: dict[str, list] = {"total_loss": [], "loss_cls": [], "loss_box_reg": [], "lr": []}
    lines = []
    for point in detection_steps(100):
        iteration = point.step
        history["loss_cls"].append(point.loss_cls)
        history["loss_box_reg"].append(point.loss_box_reg)
        history["total_loss"].append(point.loss_cls + point.loss_box_reg)
        if (iteration + 1) % 20 == 0:
            scalars = {name: statistics.median(values[-20:]) for name, values in history.items()}
            scalars.update(lr=point.lr, data_time=0.001, time=0.01, eta_seconds=0.01 * (99 - iteration))
            scalars.update(
                {"roi_head/num_fg_samples": point.foreground, "roi_head/num_bg_samples": 64 - point.foreground}
            )
            for name in logged:
                logged[name].append([iteration, scalars[name]])
            scalars["iteration"] = iteration
            lines.append(json.dumps(scalars, sort_keys=True))
    evaluation = {"bbox/AP": point.val_accuracy * 100}
    lines.append(json.dumps({**evaluation, "iteration": 99}, sort_keys=True))
    logged.update({name: [[99, value]] for name, value in evaluation.items()})
    (folder / "metrics.json").write_text("\n".join(lines) + "\n")
    write_expected(folder, {"writer": "detectron2 JSONWriter (reproduced)", "logged": logged})


def make_timm() -> None:
    """The console of timm's `train.py` (pytorch-image-models): `train_one_epoch` logs every `log_interval` updates

        f'Train: {epoch} [{update_idx:>4d}/{updates_per_epoch} '
        f'({100. * (update_idx + 1) / updates_per_epoch:>3.0f}%)]  '
        f'Loss: {loss_now:#.3g} ({loss_avg:#.3g})  '
        f'Time: {update_time_m.val:.3f}s, {update_sample_count / update_time_m.val:>7.2f}/s  '
        f'({update_time_m.avg:.3f}s, {update_sample_count / update_time_m.avg:>7.2f}/s)  '
        f'LR: {lr:.3e}  '
        f'Data: {data_time_m.val:.3f} ({data_time_m.avg:.3f})'

    and `validate` its first and last batch, `f'{log_name}: [{batch_idx:>4d}/{last_idx}]  Time: ... Loss:
    {losses_m.val:>7.3f} ({losses_m.avg:>6.3f})  Acc@1: {top1_m.val:>7.3f} ({top1_m.avg:>7.3f})  Acc@5: ...'`; here
    on the tiny two-headed model's values (3 epochs of 40 updates, logged every 10)."""
    folder = fresh("timm")
    per_epoch, every = 40, 10
    lines, train, test = [], [], []
    losses: list[float] = []
    for point in detection_steps(3 * per_epoch):
        epoch, update_idx = divmod(point.step, per_epoch)
        losses = [] if update_idx == 0 else losses
        losses.append(point.loss_cls + point.loss_box_reg)
        if update_idx % every == 0 or update_idx == per_epoch - 1:
            loss_now, loss_avg = losses[-1], sum(losses) / len(losses)
            lines.append(
                f"Train: {epoch} [{update_idx:>4d}/{per_epoch} ({100.0 * (update_idx + 1) / per_epoch:>3.0f}%)]  "
                f"Loss: {loss_now:#.3g} ({loss_avg:#.3g})  Time: 0.012s, {64 / 0.012:>7.2f}/s  "
                f"(0.013s, {64 / 0.013:>7.2f}/s)  LR: {point.lr:.3e}  Data: 0.001 (0.001)"
            )
            train.append([point.step, float(f"{loss_now:#.3g}")])
        if update_idx == per_epoch - 1:
            val_loss, top1 = point.val_loss_cls + point.val_loss_box_reg, 100 * point.val_accuracy
            for batch_idx in (0, 3):
                lines.append(
                    f"Test: [{batch_idx:>4d}/3]  Time: 0.004 (0.004)  Loss: {val_loss:>7.3f} ({val_loss:>6.3f})  "
                    f"Acc@1: {top1:>7.3f} ({top1:>7.3f})  Acc@5: {100.0:>7.3f} ({100.0:>7.3f})"
                )
            test.append([point.step, round(val_loss, 3)])
    (folder / "train.log").write_text("\n".join(lines) + "\n")
    write_expected(folder, {"writer": "timm train.py console (reproduced)", "train": train, "test": test})


def make_mmdet() -> None:
    """`<timestamp>.log.json` as mmcv 1.x `TextLoggerHook` (mmdet 2.x) writes it: first `runner.meta`
    (`env_info`, `config`, `seed`), then one `json.dumps` line per log: `mode`, `epoch` (1-based), `iter` (within
    the epoch, 1-based), `lr`, then for train `memory`, `data_time`, `time` and the log buffer's averages since the
    last log (`loss_cls`, `loss_bbox`, `loss`); floats rounded to 5 digits (`_round_float`); after each epoch the
    evaluation, `mode: val` with `iter` = the epoch's last iteration and the metrics (`bbox_mAP`...) and, with a
    `('val', 1)` workflow, the validation losses under the same names as the training ones (here `loss`, the
    held-out loss, and `bbox_mAP`, the held-out class accuracy)."""
    from collections import OrderedDict

    folder = fresh("mmdet")
    iters_per_epoch, interval = 10, 5
    lines = [json.dumps({"env_info": "sys.platform: linux\nPyTorch: 2.x", "config": "model = dict(...)", "seed": 0})]
    logged: dict[str, list] = {"loss": [], "loss_cls": [], "loss_bbox": [], "val/loss": [], "bbox_mAP": []}
    window: list[tuple[float, float]] = []
    for point in detection_steps(3 * iters_per_epoch):
        step, lr = point.step, point.lr
        window.append((point.loss_cls, point.loss_box_reg))
        epoch, inner = step // iters_per_epoch + 1, step % iters_per_epoch + 1
        if inner % interval == 0:
            cls_mean = round(sum(c for c, _ in window) / len(window), 5)
            bbox_mean = round(sum(b for _, b in window) / len(window), 5)
            total = round(sum(c + b for c, b in window) / len(window), 5)
            window.clear()
            record = OrderedDict(mode="train", epoch=epoch, iter=inner, lr=round(lr, 5), memory=12, data_time=0.001)
            record.update(loss_cls=cls_mean, loss_bbox=bbox_mean, loss=total, time=0.01)
            lines.append(json.dumps(record))
            for name in ("loss", "loss_cls", "loss_bbox"):
                logged[name].append([step + 1, record[name]])
        if inner == iters_per_epoch:
            val_loss = round(point.val_loss_cls + point.val_loss_box_reg, 5)
            val_map = round(point.val_accuracy, 5)
            record = OrderedDict(mode="val", epoch=epoch, iter=iters_per_epoch, lr=round(lr, 5), loss=val_loss,
                                 bbox_mAP=val_map)  # fmt: skip
            lines.append(json.dumps(record))
            logged["val/loss"].append([step + 1, val_loss])
            logged["bbox_mAP"].append([step + 1, val_map])
    (folder / "20240101_000000.log.json").write_text("\n".join(lines) + "\n")
    write_expected(folder, {"writer": "mmcv 1.x TextLoggerHook (reproduced)", "iters_per_epoch": 10, "logged": logged})


def make_ultralytics() -> None:
    """`results.csv` as Ultralytics 8.0's `BaseTrainer.save_metrics` writes it (ultralytics/yolo/engine/trainer.py):
    `s = '' if self.csv.exists() else (('%23s,' * n % tuple(['epoch'] + keys)).rstrip(',') + '\\n')` and
    `f.write(s + ('%23.5g,' * n % tuple([self.epoch + 1] + vals)).rstrip(',') + '\\n')`: header and values padded to
    23 characters. The losses are a real tiny run's per-epoch means (training) and end-of-epoch values (held
    out); `metrics/mAP50(B)` holds the held-out class accuracy."""
    folder = fresh("ultralytics")
    keys = ["train/box_loss", "train/cls_loss", "val/box_loss", "val/cls_loss", "metrics/mAP50(B)", "lr/pg0"]
    logged: dict[str, list] = {key: [] for key in keys}
    csv_path = folder / "results.csv"
    steps = list(detection_steps(50))
    for epoch in range(5):
        chunk = steps[epoch * 10 : (epoch + 1) * 10]
        box = sum(point.loss_box_reg for point in chunk) / 10
        cls = sum(point.loss_cls for point in chunk) / 10
        last = chunk[-1]
        vals = [box, cls, last.val_loss_box_reg, last.val_loss_cls, last.val_accuracy, last.lr]
        n = len(keys) + 1
        s = "" if csv_path.exists() else (("%23s," * n % tuple(["epoch", *keys])).rstrip(",") + "\n")
        with csv_path.open("a") as f:
            f.write(s + ("%23.5g," * n % tuple([epoch + 1, *vals])).rstrip(",") + "\n")
        for key, value in zip(keys, vals, strict=True):
            logged[key].append([epoch + 1, float(f"{value:.5g}")])
    write_expected(folder, {"writer": "Ultralytics 8.0 BaseTrainer.save_metrics (reproduced)", "logged": logged})


# --- Jupyter notebook ----------------------------------------------------------------------------------------------

NOTEBOOK_CELLS = (
    """import warnings
import torch
from tqdm import tqdm
torch.manual_seed(0)
x = torch.randn(256, 4)
y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256)
model = torch.nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
print(f"train examples: {len(x)}")""",
    """logged = []
for step in tqdm(range(1, 61), desc="train"):
    batch = torch.randint(0, 256, (32,))
    loss = torch.nn.functional.mse_loss(model(x[batch]).squeeze(1), y[batch])
    optimizer.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9).item()
    optimizer.step()
    if step % 5 == 0:
        entry = {"loss": round(loss.item(), 4), "grad_norm": round(norm, 4), "learning_rate": 0.05,
                 "epoch": round(step / 60, 2)}
        logged.append(entry)
        print(entry)
    if step == 30:
        warnings.warn("learning rate schedule not set; using a constant lr")""",
    "f\"final loss {logged[-1]['loss']}\"",
)


def make_notebook() -> None:
    """A real notebook run by Jupyter (`nbclient`, the `ipykernel` of this venv): a training cell with a tqdm bar
    on stderr, a Hugging Face style dict printed every 5 steps and a warning, saved with its outputs."""
    import nbclient
    import nbformat

    folder = fresh("notebook")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in NOTEBOOK_CELLS])
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    nbformat.write(notebook, folder / "train.ipynb")
    printed = "".join(o.text for o in notebook.cells[1].outputs if o.output_type == "stream" and o.name == "stdout")
    entries = [eval(line) for line in printed.splitlines() if line.startswith("{'loss'")]  # noqa: S307 - our own prints
    logged = {key: [entry[key] for entry in entries] for key in ("loss", "grad_norm")}
    write_expected(folder, {"tool": f"nbclient {nbclient.__version__}", "logged": logged})


@contextlib.contextmanager
def console_log(path: Path) -> Iterator[None]:
    """What the code in the block prints to stdout, written to `path`: a tool's own console log."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        yield
    path.write_text(printed.getvalue())


def make_xgboost() -> None:
    """A real XGBoost ranker (`rank:ndcg`) on synthetic queries, its train and validation NDCG@3 printed by XGBoost's
    `EvaluationMonitor` every 5 rounds and captured as a console log; `evals_result` is what XGBoost recorded."""
    import numpy as np
    import xgboost as xgb

    folder = fresh("xgboost")
    rng = np.random.default_rng(SEED)

    def queries(count: int) -> xgb.DMatrix:
        features = rng.normal(size=(count * 10, 6))
        relevance = np.clip(np.round(features[:, 0] + 0.5 * features[:, 1] + rng.normal(0, 0.5, count * 10)), 0, 3)
        matrix = xgb.DMatrix(features, label=relevance)
        matrix.set_group([10] * count)
        return matrix

    train, val = queries(60), queries(20)
    recorded: dict[str, dict[str, list[float]]] = {}
    params = {"objective": "rank:ndcg", "eval_metric": "ndcg@3", "eta": 0.1, "max_depth": 3, "seed": SEED}
    with console_log(folder / "train.log"):
        xgb.train(params, train, 30, evals=[(train, "train"), (val, "val")], evals_result=recorded, verbose_eval=5)
    write_expected(folder, {"tool": f"xgboost {xgb.__version__}", "evals_result": recorded, "every": 5})


def make_pandas_appended() -> None:
    """A loop's losses saved with pandas as people do (`pd.DataFrame({"loss": ..., "val_loss": ...}).to_csv(path)`:
    an unnamed index column first), then a second session's appended the way a script that re-reads the file does
    (`pd.concat([pd.read_csv(path, index_col=0), new]).to_csv(path)`): the index starts over at 0."""
    import pandas as pd

    folder = fresh("pandas_appended")
    sessions = [list(regression_steps(0.01, 30)), list(regression_steps(0.01, 20))]
    path = folder / "losses.csv"
    for number, steps in enumerate(sessions):
        frame = pd.DataFrame({"loss": [s[1] for s in steps], "val_loss": [s[2] for s in steps]})
        if number:
            frame = pd.concat([pd.read_csv(path, index_col=0), frame])
        frame.to_csv(path)
    write_expected(folder, {"tool": f"pandas {pd.__version__}", "sessions": [len(s) for s in sessions]})


def make_sb3() -> None:
    """A real Stable-Baselines3 PPO on CartPole (gymnasium), 4 rollouts of 256 steps, logging to its `csv` and `stdout`
    outputs (`configure(folder, ["stdout", "csv"])`): `progress.csv` holds `time/total_timesteps` (the step) beside
    `rollout/ep_rew_mean` and the `train/` losses (blank in the first row, before any update), `train.log` its
    console tables."""
    import gymnasium as gym
    from stable_baselines3 import PPO
    from stable_baselines3.common.logger import configure

    folder = fresh("sb3")
    model = PPO("MlpPolicy", gym.make("CartPole-v1"), n_steps=256, batch_size=64, n_epochs=2, seed=SEED, device="cpu")
    model.set_logger(configure(str(folder), ["stdout", "csv"]))
    with console_log(folder / "train.log"):
        model.learn(total_timesteps=1024)
    import stable_baselines3

    write_expected(folder, {"tool": f"stable-baselines3 {stable_baselines3.__version__}", "steps_per_rollout": 256})


def bandit_episodes(count: int) -> Iterator[tuple[int, int, float, float]]:
    """(episode, environment steps so far, episode reward, loss) of REINFORCE learning a two-armed Bernoulli bandit:
    each episode pulls 5-9 times and takes one policy-gradient step."""
    import torch

    torch.manual_seed(SEED)
    logits = torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.SGD([logits], lr=0.1)
    payout = torch.tensor([0.2, 0.8])
    steps = 0
    for episode in range(1, count + 1):
        dist = torch.distributions.Categorical(logits=logits)
        pulls = dist.sample((int(torch.randint(5, 10, ())),))
        rewards = torch.bernoulli(payout[pulls])
        loss = -(dist.log_prob(pulls) * (rewards - 0.5)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        steps += len(pulls)
        yield episode, steps, rewards.sum().item(), loss.item()


def make_rl_episodes() -> None:
    """An RL loop's per-episode logs as people write them (round43's EB-004, EB-010): a CSV with an `episode` column
    beside the environment `step` column (the step; the episode another axis of the run, no metric), and JSON lines
    whose every value is wrapped in a list, the measurements as formatted strings (`{"episode": [3], "loss":
    ["0.512345"]}`: one number each, the episode the step)."""
    folder = fresh("rl_episodes")
    episodes = list(bandit_episodes(40))
    with (folder / "episodes.csv").open("w") as table:
        table.write("episode,step,reward,loss\n")
        table.writelines(f"{e},{s},{r:.1f},{loss:.4f}\n" for e, s, r, loss in episodes)
    with (folder / "train_log.txt").open("w") as lines:
        lines.writelines(json.dumps({"episode": [e], "reward": [f"{r:.6f}"], "loss": [f"{loss:.6f}"]}) + "\n"
                         for e, _, r, loss in episodes)  # fmt: skip
    write_expected(folder, {"episodes": len(episodes)})


def binary_task(rows: int) -> tuple[Any, Any]:
    """Features and 0/1 labels of a noisy linear rule: what the boosting fixtures fit."""
    import numpy as np

    rng = np.random.default_rng(SEED + rows)
    features = rng.normal(size=(rows, 6))
    return features, (features[:, 0] - features[:, 1] + rng.normal(0, 1, rows) > 0).astype(int)


def make_lightgbm() -> None:
    """A real LightGBM binary classifier, its train and validation log loss printed every 5 rounds by
    `lgb.log_evaluation` and captured as a console log; `record_evaluation` is what LightGBM recorded."""
    import lightgbm as lgb

    folder = fresh("lightgbm")
    (x, y), (x_val, y_val) = binary_task(400), binary_task(200)
    train = lgb.Dataset(x, y)
    recorded: dict[str, dict[str, list[float]]] = {}
    params = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 7, "seed": SEED, "verbose": -1}
    with console_log(folder / "train.log"):
        lgb.train(
            params,
            train,
            30,
            valid_sets=[train, lgb.Dataset(x_val, y_val, reference=train)],
            callbacks=[lgb.log_evaluation(5), lgb.record_evaluation(recorded)],
        )
    write_expected(folder, {"tool": f"lightgbm {lgb.__version__}", "record_evaluation": recorded, "every": 5})


def make_catboost() -> None:
    """A real CatBoost binary classifier fitted with `verbose=5` and an eval set: its per-iteration lines (`learn`,
    `test`, `best`, times) captured as a console log, and the `catboost_info/catboost_training.json` it writes into
    its `train_dir` (its other files, the same values as TSV, left out); `get_evals_result` is what CatBoost
    recorded."""
    import catboost

    folder = fresh("catboost")
    (x, y), (x_val, y_val) = binary_task(400), binary_task(200)
    with tempfile.TemporaryDirectory() as scratch, console_log(folder / "train.log"):
        model = catboost.CatBoostClassifier(
            iterations=30, learning_rate=0.1, depth=3, random_seed=SEED, verbose=5, train_dir=scratch
        )
        model.fit(x, y, eval_set=(x_val, y_val))
        (folder / "catboost_info").mkdir()
        shutil.copy(Path(scratch) / "catboost_training.json", folder / "catboost_info" / "catboost_training.json")
    write_expected(folder, {"tool": f"catboost {catboost.__version__}", "evals_result": model.get_evals_result()})


SPACY_NAMES = ("Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy")
SPACY_CITIES = ("Paris", "Berlin", "Madrid", "Rome", "Oslo", "Vienna", "Prague", "Lisbon", "Dublin", "Warsaw")


def make_spacy() -> None:
    """A real `spacy train` (spaCy's CLI in a child process, its default efficiency NER config, 600 steps, an
    evaluation every 100) of a blank English pipeline tagging PERSON and GPE in synthetic sentences."""
    import random
    import subprocess
    import sys

    import spacy
    from spacy.tokens import DocBin

    folder = fresh("spacy")
    rng = random.Random(SEED)
    nlp = spacy.blank("en")

    def sentences(count: int, path: Path) -> None:
        docs = DocBin()
        for _ in range(count):
            who, where = rng.choice(SPACY_NAMES), rng.choice(SPACY_CITIES)
            text = f"{who} flew to {where} on {rng.choice(('Monday', 'Friday', 'Sunday'))}."
            doc = nlp.make_doc(text)
            at = text.index(where)
            doc.ents = [doc.char_span(0, len(who), label="PERSON"), doc.char_span(at, at + len(where), label="GPE")]
            docs.add(doc)
        docs.to_disk(path)

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sentences(200, work / "train.spacy")
        sentences(50, work / "dev.spacy")
        spacy_cli = [sys.executable, "-m", "spacy"]
        subprocess.run([*spacy_cli, "init", "config", "config.cfg", "--lang", "en", "--pipeline", "ner"], cwd=work,
                       check=True, capture_output=True)  # fmt: skip
        config = (work / "config.cfg").read_text()
        logger = '@loggers = "spacy.ConsoleLogger.v3"\noutput_file = "scores.jsonl"\nprogress_bar = null'
        (work / "config.cfg").write_text(
            config.replace('@loggers = "spacy.ConsoleLogger.v1"\nprogress_bar = false', logger)
        )
        overrides = ["--paths.train", "train.spacy", "--paths.dev", "dev.spacy", "--training.max_steps", "600"]
        overrides += ["--training.eval_frequency", "100", "--system.seed", str(SEED)]
        trained = subprocess.run([*spacy_cli, "train", "config.cfg", *overrides], cwd=work, check=True,
                                 capture_output=True, env={**os.environ, "FORCE_COLOR": "1"})  # fmt: skip
        (folder / "train.log").write_bytes(trained.stdout)
        shutil.copy(work / "scores.jsonl", folder / "scores.jsonl")
    write_expected(folder, {"tool": f"spacy {spacy.__version__}"})


def make_deepxde() -> None:
    """A real DeepXDE PINN (its pytorch backend) fitting y' = -y, y(0) = 1 on [0, 2]: `model.train` prints its
    TrainingDisplay table every 20 iterations, each loss a list of its terms (`[2.10e-01, 1.00e+00]`: the ODE residual,
    the initial condition), the metric DeepXDE's `l2 relative error` against exp(-t); `expected.json` holds its
    `LossHistory`."""
    os.environ["DDE_BACKEND"] = "pytorch"
    import deepxde as dde
    import numpy as np

    folder = fresh("deepxde")
    dde.config.set_random_seed(SEED)
    geometry = dde.geometry.TimeDomain(0, 2)
    initial = dde.icbc.IC(geometry, lambda x: np.ones_like(x), lambda _, on_initial: on_initial)
    data = dde.data.PDE(geometry, lambda t, y: dde.grad.jacobian(y, t) + y, [initial], num_domain=32,
                        num_boundary=2, solution=lambda t: np.exp(-t), num_test=50)  # fmt: skip
    model = dde.Model(data, dde.nn.FNN([1, 16, 16, 1], "tanh", "Glorot uniform"))
    with console_log(folder / "train.log"):
        model.compile("adam", lr=1e-3, metrics=["l2 relative error"])
        history, _ = model.train(iterations=300, display_every=20)
    bare = dde.Model(data, dde.nn.FNN([1, 8, 1], "tanh", "Glorot uniform"))
    with console_log(folder / "no_metric.log"):  # no metric asked for: its column holds `[]`
        bare.compile("adam", lr=1e-3)
        bare_history, _ = bare.train(iterations=60, display_every=20)

    def rows(table: list) -> list[list[float]]:
        return [[float(v) for v in row] for row in table]

    write_expected(folder, {
        "tool": f"deepxde {dde.__version__}", "steps": list(history.steps), "loss_train": rows(history.loss_train),
        "loss_test": rows(history.loss_test), "metrics_test": rows(history.metrics_test),
        "no_metric_steps": list(bare_history.steps), "no_metric_loss_train": rows(bare_history.loss_train),
    })  # fmt: skip


MAKERS = {
    "wandb": make_wandb,
    "keras": make_keras,
    "keras_history": make_keras_history,
    "keras_tensorboard": make_keras_tensorboard,
    "tensorboard_csv": make_tensorboard_csv,
    "tensorboard_long": make_tensorboard_long,
    "keras_pickle": make_keras_pickle,
    "mlflow_spaces": make_mlflow_spaces,
    "mmengine": make_mmengine,
    "detectron2": make_detectron2,
    "mmdet": make_mmdet,
    "ultralytics": make_ultralytics,
    "notebook": make_notebook,
    "timm": make_timm,
    "xgboost": make_xgboost,
    "spacy": make_spacy,
    "lightgbm": make_lightgbm,
    "catboost": make_catboost,
    "sb3": make_sb3,
    "pandas_appended": make_pandas_appended,
    "rl_episodes": make_rl_episodes,
    "deepxde": make_deepxde,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(MAKERS), help="comma-separated: " + ", ".join(MAKERS))
    for name in parser.parse_args().only.split(","):
        MAKERS[name.strip()]()


if __name__ == "__main__":
    main()
