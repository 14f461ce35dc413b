"""Generate the reader fixtures in tests/fixtures/tools/ with the real tools, on tiny seeded CPU runs.

Each fixture is written by the tool itself (Lightning's CSVLogger, transformers'
Trainer, torch's SummaryWriter, MLflow's SQLite and file stores) and comes
with a sidecar `expected.json` holding what this script handed the tool, so
that tests compare the readers' output with the logged truth, never with
hand-typed numbers. Model weights and checkpoints are deleted; only the logs
stay (each fixture well under 300 KB).

The tools are not dependencies of the server: run this in a throwaway venv
that reuses the system torch, e.g.

    python -m venv --system-site-packages /tmp/venv-fixtures
    /tmp/venv-fixtures/bin/pip install lightning transformers accelerate mlflow torch==2.13.0
    /tmp/venv-fixtures/bin/python scripts/make_tool_fixtures.py [--only lightning,hf,tensorboard,mlflow]

It takes well under a minute on two CPU cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tools"
SEED = 0


def regression_steps(lr: float, steps: int) -> Iterator[tuple[int, float, float]]:
    """(step, loss, grad_norm) of a tiny MLP regression trained with SGD; a large `lr` diverges to inf/NaN."""
    import torch

    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    inputs = torch.randn(64, 4) * 3
    targets = inputs.sum(1, keepdim=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(inputs), targets)
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
        optimizer.step()
        yield step, loss.item(), grad_norm.item()


def write_expected(folder: Path, expected: dict) -> None:
    """The sidecar: what was logged, NaN/inf as JSON's NaN/Infinity tokens (Python's json reads them back)."""
    (folder / "expected.json").write_text(json.dumps(expected, sort_keys=True) + "\n")


def fresh(name: str, out: Path = OUT) -> Path:
    """An empty fixture folder `out/name` (the old one removed)."""
    folder = out / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def make_lightning() -> None:
    """Lightning CSVLogger metrics.csv: train_loss every step, val_loss once per validation epoch."""
    import lightning as L
    import torch
    from lightning.pytorch.loggers import CSVLogger
    from torch.utils.data import DataLoader, TensorDataset

    folder = fresh("lightning")
    logged: dict[str, list] = {"train_loss": [], "val_loss": []}

    class Regressor(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
            self.val_losses: list[float] = []

        def training_step(self, batch, batch_idx):
            inputs, targets = batch
            loss = torch.nn.functional.mse_loss(self.net(inputs), targets)
            self.log("train_loss", loss, on_step=True, on_epoch=False)
            logged["train_loss"].append([self.global_step, loss.item()])
            return loss

        def validation_step(self, batch, batch_idx):
            inputs, targets = batch
            loss = torch.nn.functional.mse_loss(self.net(inputs), targets)
            self.log("val_loss", loss, on_step=False, on_epoch=True)
            self.val_losses.append(loss.item())

        def on_validation_epoch_end(self) -> None:
            if not self.trainer.sanity_checking:
                mean = sum(self.val_losses) / len(self.val_losses)
                logged["val_loss"].append([self.global_step, mean])
            self.val_losses.clear()

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.01)

    L.seed_everything(SEED, verbose=False)
    inputs = torch.randn(160, 4)
    targets = inputs.sum(1, keepdim=True)
    train = DataLoader(TensorDataset(inputs[:128], targets[:128]), batch_size=16)
    val = DataLoader(TensorDataset(inputs[128:], targets[128:]), batch_size=16)
    trainer = L.Trainer(
        max_epochs=3,
        logger=CSVLogger(folder, name="lightning_logs"),
        log_every_n_steps=1,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        accelerator="cpu",
        num_sanity_val_steps=0,
    )
    trainer.fit(Regressor(), train, val)
    write_expected(folder, {"tool": f"lightning {L.__version__}", "epochs": 3, "logged": logged})


def make_hf_trainer() -> None:
    """transformers Trainer on a tiny GPT-2 built from a config: trainer_state.json (end, checkpoints), console.log."""
    import torch
    import transformers
    from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainerCallback, TrainingArguments

    folder = fresh("hf_trainer")
    logged: list[dict] = []

    class RecordLogs(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            logged.append({"step": state.global_step, **logs})

    transformers.set_seed(SEED)
    config = GPT2Config(vocab_size=16, n_positions=8, n_embd=8, n_layer=1, n_head=1)
    model = GPT2LMHeadModel(config)
    generator = torch.Generator().manual_seed(SEED)
    tokens = torch.randint(0, 16, (96, 8), generator=generator)
    train = [{"input_ids": row, "labels": row} for row in tokens[:64]]
    evaluation = [{"input_ids": row, "labels": row} for row in tokens[64:]]
    arguments = TrainingArguments(
        output_dir=str(folder),
        max_steps=40,
        per_device_train_batch_size=8,
        per_device_eval_batch_size=16,
        learning_rate=5e-3,
        warmup_steps=5,
        logging_steps=2,
        eval_strategy="steps",
        eval_steps=10,
        save_steps=20,
        report_to=[],
        use_cpu=True,
        seed=SEED,
        disable_tqdm=True,
    )
    trainer = Trainer(
        model=model, args=arguments, train_dataset=train, eval_dataset=evaluation, callbacks=[RecordLogs()]
    )
    with (folder / "console.log").open("w") as console, contextlib.redirect_stdout(console):
        trainer.train()
    trainer.save_state()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in ("trainer_state.json", "console.log"):
            path.unlink()
    write_expected(
        folder,
        {"tool": f"transformers {transformers.__version__}", "max_steps": 40, "logged": logged},
    )


def make_tensorboard() -> None:
    """SummaryWriter runs: a healthy one, one diverging into inf/NaN, and one of tensor-valued (TF2-style) scalars."""
    import torch
    from tensorboard.plugins.scalar import summary_v2
    from torch.utils.tensorboard import SummaryWriter

    folder = fresh("tensorboard")
    expected: dict[str, dict[str, list]] = {}
    for name, lr, steps in (("healthy", 0.01, 60), ("diverging", 0.5, 60)):
        logged: dict[str, list] = {"train/loss": [], "train/grad_norm": [], "train/lr": []}
        with SummaryWriter(log_dir=str(folder / name)) as writer:
            for step, loss, grad_norm in regression_steps(lr, steps):
                for tag, value in (("train/loss", loss), ("train/grad_norm", grad_norm), ("train/lr", lr)):
                    writer.add_scalar(tag, value, step)
                    logged[tag].append([step, value])
        expected[name] = logged
    tensors: dict[str, list] = {"new_style/loss": [], "tf2/loss": []}
    with SummaryWriter(log_dir=str(folder / "tensor_scalars")) as writer:
        for step, loss, _ in regression_steps(0.01, 20):
            writer.add_scalar("new_style/loss", loss, step, new_style=True)
            writer.file_writer.add_summary(summary_v2.scalar_pb("tf2/loss", torch.tensor(loss).double()), step)
            tensors["new_style/loss"].append([step, loss])
            tensors["tf2/loss"].append([step, loss])
    expected["tensor_scalars"] = tensors
    write_expected(folder, {"tool": f"torch {torch.__version__} SummaryWriter", "runs": expected})


def make_mlflow() -> None:
    """MLflow runs in a SQLite store (mlflow.db) and, if this MLflow still writes one, a file store (mlruns/)."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # MLflow 3 keeps the file store in maintenance mode, opt-in
    import mlflow

    folder = fresh("mlflow")
    runs = {"healthy": 0.01, "diverging": 0.5}
    expected: dict = {"tool": f"mlflow {mlflow.__version__}", "stores": {}}
    stores = {"sqlite": f"sqlite:///{folder / 'mlflow.db'}", "file": (folder / "mlruns").as_uri()}
    for store, uri in stores.items():
        mlflow.set_tracking_uri(uri)
        try:
            mlflow.set_experiment("fixtures")
        except Exception as exc:  # noqa: BLE001 - newer MLflow may refuse file stores; record why
            expected["stores"][store] = {"unsupported": str(exc)}
            continue
        logged: dict[str, dict[str, list]] = {}
        for name, lr in runs.items():
            values: dict[str, list] = {"loss": [], "grad_norm": []}
            with mlflow.start_run(run_name=name):
                mlflow.log_param("lr", lr)
                for step, loss, grad_norm in regression_steps(lr, 50):
                    mlflow.log_metrics({"loss": loss, "grad_norm": grad_norm}, step=step)
                    values["loss"].append([step, loss])
                    values["grad_norm"].append([step, grad_norm])
            logged[name] = values
        expected["stores"][store] = {"runs": logged}
    shutil.rmtree(folder / "mlruns" / ".trash", ignore_errors=True)
    compact_sqlite(folder / "mlflow.db")
    write_expected(folder, expected)


def compact_sqlite(path: Path) -> None:
    """Rewrite the store with 512-byte pages (same content): MLflow's ~65 tables and indexes take 1 MB at 4 KiB."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA page_size = 512")
        connection.execute("VACUUM")


def make_paddle() -> None:
    """paddle.Model.fit's ProgBarLogger on a tiny seeded classifier: console.log (`Epoch 1/4`, `step 5/8 - loss: ...`,
    `Eval begin...`, `step 2/2 - loss: ...`, `Eval samples: 64`). PaddlePaddle wants its own venv (no torch needed):
    `pip install paddlepaddle` there and run `--only paddle`."""
    import numpy as np
    import paddle

    folder = fresh("paddle")
    paddle.seed(SEED)
    rng = np.random.default_rng(SEED)
    features = rng.normal(size=(320, 8)).astype("float32")
    labels = (features[:, :2].sum(1) > 0).astype("int64")[:, None]

    class Rows(paddle.io.Dataset):
        def __init__(self, start: int, stop: int) -> None:
            self.start, self.stop = start, stop

        def __getitem__(self, index: int) -> tuple:
            return features[self.start + index], labels[self.start + index]

        def __len__(self) -> int:
            return self.stop - self.start

    eval_losses: list[float] = []

    class RecordEval(paddle.callbacks.Callback):
        def on_eval_end(self, logs=None):
            eval_losses.append(float(np.asarray(logs["loss"]).ravel()[0]))

    net = paddle.nn.Sequential(paddle.nn.Linear(8, 16), paddle.nn.ReLU(), paddle.nn.Linear(16, 2))
    model = paddle.Model(net)
    optimizer = paddle.optimizer.Adam(learning_rate=0.01, parameters=net.parameters())
    model.prepare(optimizer, paddle.nn.CrossEntropyLoss(), paddle.metric.Accuracy())
    with (folder / "console.log").open("w") as console, contextlib.redirect_stdout(console):
        model.fit(Rows(0, 256), Rows(256, 320), epochs=4, batch_size=32, log_freq=5, verbose=2,
                  callbacks=[RecordEval()])  # fmt: skip
    write_expected(folder, {"tool": f"paddlepaddle {paddle.__version__}", "epochs": 4, "eval_losses": eval_losses})


MAKERS = {
    "lightning": make_lightning,
    "hf": make_hf_trainer,
    "tensorboard": make_tensorboard,
    "mlflow": make_mlflow,
    "paddle": make_paddle,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(MAKERS), help=f"comma-separated subset of {', '.join(MAKERS)}")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING)
    for name in args.only.split(","):
        MAKERS[name]()
        print(f"{name}: written under {OUT}")
    sizes = {p.relative_to(OUT).as_posix(): p.stat().st_size for p in OUT.rglob("*") if p.is_file()}
    too_big = {name: size for name, size in sizes.items() if size > 300_000}
    if too_big:
        raise SystemExit(f"fixtures over 300 KB: {too_big}")


if __name__ == "__main__":
    main()
