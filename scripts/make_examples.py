"""Train tiny seeded models on CPU and write the logs they print: `examples/` and `tests/fixtures/text/`.

    python scripts/make_examples.py            # examples/ and the text fixtures (torch only, seconds)

The Keras and Hugging Face fixtures come from the real libraries and are written only when they are importable
(`keras` with KERAS_BACKEND=torch, `transformers` + `accelerate`); run the script under an environment that has
them to regenerate those two files (python -m venv --system-site-packages V; V/bin/pip install keras
transformers accelerate "torch==2.13.0").

Every log line is printed by the training loop the way real scripts print it; next to each fixture,
`<name>.expected.json` holds what the loop logged (the printed values, or the library's own history), so
tests compare the reader with the run, not with hand-typed numbers.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FIXTURES = REPO / "tests" / "fixtures" / "text"


def load_example_script():
    """examples/diverging/train.py: its data, model and step are what every example and text fixture trains."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("example_train", EXAMPLES / "diverging" / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_data(seed: int, n: int = 256, dim: int = 8):
    return load_example_script().make_data(seed, n, dim)


def mlp(seed: int, dim: int = 8):
    return load_example_script().build_model(seed, dim)


def train_steps(steps: int, lr: float, seed: int, batch: int = 32):
    """Yield (step, loss, grad_norm, lr) of the example's MLP classifier trained with SGD+momentum at `lr`."""
    import torch

    example = load_example_script()
    x, y = example.make_data(seed)
    model = example.build_model(seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for step in range(steps):
        lo = (step * batch) % len(x)
        loss, grad_norm = example.train_step(model, optimizer, x[lo : lo + batch], y[lo : lo + batch])
        yield step, loss, grad_norm, lr


class Recorder:
    """Writes a log file and remembers, per metric, the (step, value) pairs as printed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.metrics: dict[str, list[list[float]]] = {}
        self.extra: dict[str, object] = {}

    def print(self, line: str) -> None:
        self.lines.append(line)

    def record(self, name: str, step: float, printed: str) -> str:
        self.metrics.setdefault(name, []).append([step, float(printed)])
        return printed

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(self.lines) + "\n")
        expected = {"metrics": self.metrics, **self.extra}
        self.path.with_suffix(".expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def pipe_log(path: Path, steps: int, lr: float, seed: int) -> None:
    """`step 10 | loss 0.6931 | grad_norm 1.234 | lr 1.00e-02`, warnings when the loss stops being finite."""
    log = Recorder(path)
    log.print(f"training mlp: params=321 steps={steps} seed={seed}")
    for step, loss, grad_norm, lr_now in train_steps(steps, lr, seed):
        if step % 5:
            continue
        loss_s = log.record("loss", step, f"{loss:.4f}")
        grad_s = log.record("grad_norm", step, f"{grad_norm:.4g}")
        lr_s = log.record("lr", step, f"{lr_now:.2e}")
        log.print(f"step {step} | loss {loss_s} | grad_norm {grad_s} | lr {lr_s}")
        if not math.isfinite(loss):
            log.print(f"WARNING: non-finite loss ({loss}) at step {step}")
            log.extra.setdefault("nonfinite_warning_lines", []).append(len(log.lines))
    log.save()


def kv_log(path: Path, steps: int, seed: int) -> None:
    """Python `logging` lines: `2024-01-01 00:00:00,000 INFO train: step=10 loss=0.6931 grad_norm=1.2`."""
    log = Recorder(path)
    stream = io.StringIO()
    logger = logging.getLogger("train")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    for step, loss, grad_norm, lr in train_steps(steps, 0.05, seed):
        if step % 4 == 0:
            loss_s = log.record("loss", step, f"{loss:.5f}")
            grad_s = log.record("grad_norm", step, f"{grad_norm:.4f}")
            logger.info("step=%d loss=%s grad_norm=%s lr=%s", step, loss_s, grad_s, log.record("lr", step, f"{lr:g}"))
        if step == steps // 2:
            logger.warning("step=%d loader: skipping batch 17 (corrupt record)", step)
    log.lines = stream.getvalue().splitlines()
    log.save()


def nanogpt_log(path: Path, steps: int, seed: int) -> None:
    """nanoGPT's prints: `step 0: train loss 0.69, val loss 0.69` and `iter 10: loss 0.69, time 1.23ms, mfu 0.01%`."""
    import time

    import torch

    log = Recorder(path)
    x, y = make_data(seed)
    xv, yv = make_data(seed + 100, n=64)
    model = mlp(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for it in range(steps + 1):
        if it % 50 == 0:
            with torch.no_grad():
                train_loss = loss_fn(model(x), y).item()
                val_loss = loss_fn(model(xv), yv).item()
            tl = log.record("train_loss", it, f"{train_loss:.4f}")
            vl = log.record("val_loss", it, f"{val_loss:.4f}")
            log.print(f"step {it}: train loss {tl}, val loss {vl}")
        t0 = time.perf_counter()
        lo = (it * 32) % len(x)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[lo : lo + 32]), y[lo : lo + 32])
        loss.backward()
        optimizer.step()
        dt = time.perf_counter() - t0
        if it % 2 == 0:
            ls = log.record("loss", it, f"{loss.item():.4f}")
            ts = log.record("time", it, f"{dt * 1000:.2f}")
            flops = 6 * sum(p.numel() for p in model.parameters()) * 32
            ms = log.record("mfu", it, f"{flops / dt / 1e9 * 100:.2f}")
            log.print(f"iter {it}: loss {ls}, time {ts}ms, mfu {ms}%")
    log.save()


def rank_logs(folder: Path, steps: int) -> None:
    """Two ranks of one data-parallel run (different data shards): `rank0.log`, `rank1.log`."""
    for rank in (0, 1):
        log = Recorder(folder / f"rank{rank}.log")
        for step, loss, _, _ in train_steps(steps, 0.05, seed=10 + rank):
            if step % 10 == 0:
                log.print(f"[rank{rank}] step {step} | loss {log.record('loss', step, f'{loss:.4f}')}")
        log.save()


def crash_log(path: Path, seed: int) -> None:
    """A run that logs a few steps, warns, then dies with a real traceback (a shape mismatch)."""
    import torch

    log = Recorder(path)
    for step, loss, _, _ in train_steps(12, 0.05, seed):
        if step % 3 == 0:
            log.print(f"step {step} | loss {log.record('loss', step, f'{loss:.4f}')}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.tensor([0.0, 1.0]).log().sum().item()
        warnings.warn("variance=0 in batch statistics of layer bn1", RuntimeWarning, stacklevel=1)
    for warning in caught:
        log.print(f"train.py:88: {warning.category.__name__}: {warning.message}")
    try:
        torch.nn.Linear(8, 4)(torch.zeros(2, 5))
    except RuntimeError:
        import traceback

        log.print(traceback.format_exc().rstrip())
    log.save()


def jsonl_log(path: Path, steps: int, seed: int) -> None:
    """One JSON object per step, nested metrics flattened by the reader (`train/loss`)."""
    lines = []
    expected: dict[str, list[list[float]]] = {}
    for step, loss, grad_norm, lr in train_steps(steps, 0.05, seed):
        if step % 5:
            continue
        record = {"step": step, "train": {"loss": loss, "grad_norm": grad_norm}, "lr": lr}
        lines.append(json.dumps(record))
        for name, value in (("train/loss", loss), ("train/grad_norm", grad_norm), ("lr", lr)):
            expected.setdefault(name, []).append([step, value])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    path.with_suffix(".expected.json").write_text(json.dumps({"metrics": expected}, indent=1) + "\n")


KERAS_SCRIPT = """
import json, os, sys
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32"); y = (x @ rng.normal(size=(8, 1)) > 0).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=["accuracy"])
history = model.fit(x, y, epochs=6, batch_size=32, validation_split=0.25, verbose=2)
json.dump({"history": history.history, "keras": keras.__version__}, open(sys.argv[1], "w"))
"""

KERAS_BAR_SCRIPT = KERAS_SCRIPT.replace("verbose=2", "verbose=1") + "print(model.evaluate(x, y, return_dict=True))\n"
"""`fit`'s default console: a bar redrawn after each batch (on Linux Keras 3 draws it dynamically into a file too: a
backspace per drawn character, then `\\r`), then `evaluate`'s bar and the dict it returns, printed."""

HF_SCRIPT = """
import json, sys, torch
from transformers import Trainer, TrainingArguments, set_seed
set_seed(0)
class Data(torch.utils.data.Dataset):
    def __init__(self, n, seed):
        g = torch.Generator().manual_seed(seed); self.x = torch.randn(n, 8, generator=g)
        self.y = (self.x.sum(1) > 0).long()
    def __len__(self): return len(self.x)
    def __getitem__(self, i): return {"x": self.x[i], "labels": self.y[i]}
class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    def forward(self, x, labels=None):
        logits = self.net(x)
        return {"loss": torch.nn.functional.cross_entropy(logits, labels), "logits": logits}
args = TrainingArguments(output_dir=sys.argv[2], num_train_epochs=3, per_device_train_batch_size=16,
    learning_rate=5e-3, logging_steps=4, eval_strategy="epoch", save_strategy="no", report_to=[], use_cpu=True,
    disable_tqdm=True, seed=0)
trainer = Trainer(model=Model(), args=args, train_dataset=Data(128, 1), eval_dataset=Data(32, 2))
trainer.train()
json.dump({"log_history": trainer.state.log_history, "logging_steps": 4}, open(sys.argv[1], "w"))
"""


def tool_log(path: Path, script: str, needs: str, env: dict[str, str] | None = None) -> None:
    """Run a real library's training in a child process; its console output is the log."""
    probe = subprocess.run([sys.executable, "-c", f"import {needs}"], capture_output=True, env=env)
    if probe.returncode:
        print(f"skipping {path.name}: {needs} is not importable here", file=sys.stderr)
        return
    sidecar = path.with_suffix(".expected.json")
    with open(path, "w") as out:
        done = subprocess.run(
            [sys.executable, "-c", script, str(sidecar), "/tmp/hf-out"],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=600,
        )
    done.check_returncode()


def main() -> None:
    jobs: list[tuple[str, Callable[[], None]]] = [
        ("examples/healthy/train.log", lambda: pipe_log(EXAMPLES / "healthy" / "train.log", 300, 0.05, 0)),
        ("examples/diverging/train.log", lambda: pipe_log(EXAMPLES / "diverging" / "train.log", 300, 8.0, 0)),
        ("examples/jsonl/metrics.jsonl", lambda: jsonl_log(EXAMPLES / "jsonl" / "metrics.jsonl", 200, 1)),
        ("fixtures/text/pipe.log", lambda: pipe_log(FIXTURES / "pipe.log", 200, 0.05, 3)),
        ("fixtures/text/kv.log", lambda: kv_log(FIXTURES / "kv.log", 200, 4)),
        ("fixtures/text/nanogpt.log", lambda: nanogpt_log(FIXTURES / "nanogpt.log", 300, 5)),
        ("fixtures/text/ranks/", lambda: rank_logs(FIXTURES / "ranks", 100)),
        ("fixtures/text/crash.log", lambda: crash_log(FIXTURES / "crash.log", 6)),
        (
            "fixtures/text/keras.log",
            lambda: tool_log(FIXTURES / "keras.log", KERAS_SCRIPT, "keras", {**os.environ, "KERAS_BACKEND": "torch"}),
        ),
        (
            "fixtures/text/keras_bar.log",
            lambda: tool_log(
                FIXTURES / "keras_bar.log", KERAS_BAR_SCRIPT, "keras", {**os.environ, "KERAS_BACKEND": "torch"}
            ),
        ),
        ("fixtures/text/hf.log", lambda: tool_log(FIXTURES / "hf.log", HF_SCRIPT, "transformers, accelerate")),
    ]
    for name, job in jobs:
        with contextlib.redirect_stdout(sys.stderr):
            job()
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
