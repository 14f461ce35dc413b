"""Write the console-log shapes of issue 8 from tiny seeded CPU training runs: `tests/fixtures/text/shapes/`.

    python scripts/make_text_shapes.py      # needs torch, tqdm, colorlog, transformers; ~40 s
    (pip install tqdm colorlog transformers accelerate stable-baselines3 lightning)

Each log is printed by a real training loop (the example MLP of `examples/diverging/train.py`) the way real
scripts print: Python `logging` with colorlog's ANSI colours and `file.py:line` prefixes, tqdm bars redrawn with
`\\r`, torchrun `[rank0]:` prefixes, glog-style lines (torch's own log format), an argparse `Namespace` echoed at
start, Python warnings written to the same stream in the middle of a metric line, 70 KB of compiler warnings
before the first metric line (from a real `cc -Wall` run where a C compiler exists), counters that restart every
epoch, epoch headers over indented blocks. Next to each log, `<name>.expected.json` holds what the loop logged:
`metrics` {name: [[step, value as printed], ...]} on the step axis a person reads off the file, `absent` (names
that must not become metrics), `events` (kinds of the warning/error lines) where the shape has them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from itertools import product
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "text" / "shapes"
SEED = 0
EPOCHS = 3
STEPS_PER_EPOCH = 40
LOG_EVERY = 10


def example():
    spec = importlib.util.spec_from_file_location("example_train", REPO / "examples" / "diverging" / "train.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def batches(
    seed: int = SEED, lr: float = 0.05, epochs: int = EPOCHS, errors: bool = False, per_epoch: int = STEPS_PER_EPOCH
):
    """Yield (epoch, batch, loss, grad_norm, val) of the example MLP, `per_epoch` batches an epoch: val None but at an
    epoch's last batch, there (validation loss, validation accuracy, training accuracy), with `errors` also each
    validation example's |probability - label|."""
    import torch

    run = example()
    x, y = run.make_data(seed)
    xv, yv = run.make_data(seed + 100, 64)
    model = run.build_model(seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    size = len(x) // per_epoch
    for epoch in range(epochs):
        for batch in range(per_epoch):
            lo = batch * size
            loss, grad_norm = run.train_step(model, optimizer, x[lo : lo + size], y[lo : lo + size])
            val = None
            if batch == per_epoch - 1:
                with torch.no_grad():
                    logits = model(xv)
                    val_loss = float(torch.nn.functional.binary_cross_entropy_with_logits(logits, yv))
                    train_acc = float(((model(x) > 0).float() == y).float().mean())
                    val = (val_loss, float(((logits > 0).float() == yv).float().mean()), train_acc)
                    if errors:
                        val += ((torch.sigmoid(logits) - yv).abs(),)
            yield epoch, batch, loss, grad_norm, val


class Expected:
    def __init__(self) -> None:
        self.metrics: dict[str, list[list[float]]] = {}
        self.extra: dict[str, object] = {}

    def add(self, name: str, step: float, printed: str) -> str:
        self.metrics.setdefault(name, []).append([step, float(printed.rstrip("%").replace(",", ""))])
        return printed

    def save(self, log: Path) -> None:
        data = {"metrics": self.metrics, **self.extra}
        log.with_suffix(".expected.json").write_text(json.dumps(data, indent=1) + "\n")


def stream_logger(stream, formatter: logging.Formatter, name: str) -> logging.Logger:
    """The logger `name`, writing only to `stream` with `formatter`, at INFO: what a training script sets up."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger(name)
    logger.handlers[:], logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    return logger


def colour_logger(stream, fmt: str) -> logging.Logger:
    import colorlog

    return stream_logger(stream, colorlog.ColoredFormatter(fmt, force_color=True), f"shapes.{fmt}")


def colorlog_epoch_step(path: Path) -> None:
    """colorlog ANSI levels + `train.py:123` prefixes; a Namespace echo, versions and a parameter count at start;
    `Epoch 1 | Step 10/40 | loss .. | lr ..` (the step restarts each epoch; total printed) and per-epoch
    `Train Loss .., Valid Loss ..` on one line."""
    import torch

    expected = Expected()
    with path.open("w") as stream:
        log = colour_logger(
            stream, "%(log_color)s%(levelname)-8s%(reset)s %(asctime)s %(filename)s:%(lineno)d - %(message)s"
        )
        args = argparse.Namespace(lr=0.05, batch_size=6, epochs=EPOCHS, seed=SEED, momentum=0.9)
        log.info(args)
        log.info(f"torch version: {torch.__version__}")
        big = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.Linear(64, 2))
        log.info(f"Total params: {sum(p.numel() for p in big.parameters()):,}")
        for epoch, batch, loss, _, val in batches():
            step = epoch * STEPS_PER_EPOCH + batch
            if batch % LOG_EVERY == 0:
                loss_s = expected.add("loss", step, f"{loss:.4f}")
                lr_s = expected.add("lr", step, f"{0.05:.2e}")
                log.info(f"Epoch {epoch} | Step {batch}/{STEPS_PER_EPOCH} | loss {loss_s} | lr {lr_s}")
            if val is not None:
                train_s = expected.add("Train_Loss", epoch, f"{loss:.4f}")
                valid_s = expected.add("Valid_Loss", epoch, f"{val[0]:.4f}")
                log.warning(f"Epoch {epoch} done: Train Loss {train_s}, Valid Loss {valid_s}")
    expected.extra["absent"] = ["lr=0.05", "batch_size", "torch_version", "Total_params", "train.py", "Loss"]
    expected.save(path)


TQDM_CHILD = r"""
import sys, warnings, json
sys.path.insert(0, sys.argv[1])
from make_text_shapes import batches, STEPS_PER_EPOCH, LOG_EVERY
from tqdm import tqdm
printed = []
stream = sys.stdout
bar = None
for epoch, batch, loss, grad_norm, val in batches():
    if batch == 0:
        bar = tqdm(total=STEPS_PER_EPOCH, desc=f"train {epoch}", file=stream, mininterval=0, miniters=1,
                   ascii=False, dynamic_ncols=False, ncols=80)
    bar.update(1)
    if batch % LOG_EVERY == LOG_EVERY - 1:
        step = epoch * STEPS_PER_EPOCH + batch
        text = f"{loss:.4f}"
        if batch == LOG_EVERY - 1 and epoch == 1:
            stream.write(f"step {step} loss {text} ")
            stream.flush()
            warnings.warn_explicit("np.bool is deprecated", DeprecationWarning, "data.py", 17)
        else:
            bar.write(f"step {step} loss {text}", file=stream)
        printed.append(["loss", step, text])
    if val is not None:
        bar.close()
        acc = f"{val[1]:.1%}"
        print(f"epoch {epoch}: val_loss={val[0]:.4f} acc={acc}", file=stream, flush=True)
        printed.append(["val_loss", epoch, f"{val[0]:.4f}"])
        printed.append(["acc", epoch, acc])
with open(sys.argv[2], "w") as out:
    out.write(json.dumps(printed))
"""


def tqdm_slurm(path: Path) -> None:
    """A Slurm-style `.out`: tqdm bars redrawn with `\\r` (stdout and stderr in one file), `tqdm.write` metric lines,
    a DeprecationWarning written into a metric line, per-epoch `val_loss=.. acc=85.2%`."""
    expected = Expected()
    printed = path.with_suffix(".printed.json")
    with path.open("w") as out:
        subprocess.run(
            [sys.executable, "-W", "always", "-c", TQDM_CHILD, str(Path(__file__).parent), str(printed)],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    for name, step, text in json.loads(printed.read_text()):
        expected.add(name, step, text)
    printed.unlink()
    expected.extra["absent"] = ["train", "it/s", "np.bool"]
    expected.extra["events"] = ["warning"]
    expected.save(path)


def rank_glog(path: Path) -> None:
    """torchrun `[rank0]:` prefixes on nanoGPT-style lines and torch's glog-style warnings
    (`W1201 13:00:01.123000 4242 convert_frame.py:1233] ...`)."""
    import io

    expected = Expected()
    glog = io.StringIO()
    handler = logging.StreamHandler(glog)
    handler.setFormatter(
        logging.Formatter(
            "%(levelname).1s%(asctime)s.%(msecs)03d000 %(process)d %(filename)s:%(lineno)d] %(message)s",
            datefmt="%m%d %H:%M:%S",
        )
    )
    logger = logging.getLogger("shapes.glog")
    logger.handlers[:] = [handler]
    logger.propagate = False
    lines = []
    for epoch, batch, loss, grad_norm, _ in batches(lr=0.05):
        step = epoch * STEPS_PER_EPOCH + batch
        if step % 5:
            continue
        loss_s = expected.add("loss", step, f"{loss:.4f}")
        grad_s = expected.add("grad_norm", step, f"{grad_norm:.4f}")
        lines.append(f"[rank0]: iter {step}: loss {loss_s}, grad_norm {grad_s}, time {12.5:.2f}ms")
        if step == 20:
            logger.warning("[0/0] torch._dynamo hit config.recompile_limit (8)")
            lines.append("[rank0]:" + glog.getvalue().splitlines()[-1])
    path.write_text("\n".join(lines) + "\n")
    expected.metrics["time"] = [[s, 12.5] for s, _ in expected.metrics["loss"]]
    expected.extra["absent"] = ["rank0", "W1201", "make_text_shapes.py", "0/0"]
    expected.save(path)


def noise_first(path: Path) -> None:
    """70 KB of C compiler warnings (a real `cc -Wall` run where a compiler exists), then nanoGPT lines."""
    expected = Expected()
    noise = compiler_warnings(70_000)
    lines = [noise]
    for epoch, batch, loss, _, _ in batches():
        step = epoch * STEPS_PER_EPOCH + batch
        if step % 2 == 0:
            lines.append(f"iter {step}: loss {expected.add('loss', step, f'{loss:.4f}')}, time {3.25:.2f}ms\n")
    path.write_text("".join(lines))
    expected.metrics["time"] = [[s, 3.25] for s, _ in expected.metrics["loss"]]
    expected.extra["noise_bytes"] = len(noise.encode())
    expected.save(path)


def compiler_warnings(size: int) -> str:
    """At least `size` bytes of warnings from compiling a C file full of unused variables."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    source = "".join(f"int f{i}(void) {{ int unused_{i} = {i}; return 0; }}\n" for i in range(2000))
    text = ""
    if compiler:
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "ops.c"
            file.write_text(source)
            done = subprocess.run(
                [compiler, "-Wall", "-c", str(file), "-o", os.devnull], capture_output=True, text=True
            )
            text = done.stderr.replace(tmp + "/", "")
    if len(text) < size:  # no compiler here: the lines gcc prints for this source
        text = "".join(
            f"ops.c: In function 'f{i}':\nops.c:{i + 1}:{i % 9 + 15}: warning: unused variable 'unused_{i}' "
            "[-Wunused-variable]\n"
            for i in range(2000)
        )
    lines = text.splitlines(keepends=True)
    kept = []
    total = 0
    for line in lines:
        kept.append(line)
        total += len(line.encode())
        if total >= size:
            break
    return "".join(kept)


def restarting_counter(path: Path) -> None:
    """`ep: 0, batch: 10, loss: 0.69`: the batch counter restarts each epoch and no total is printed."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, _ in batches():
        if batch % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch  # logged every 10 of 40: each restart adds 30 + 10
            lines.append(f"ep: {epoch}, batch: {batch}, loss: {expected.add('loss', step, f'{loss:.4f}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def epoch_colon_value(path: Path) -> None:
    """`epoch 3:0.6931...`: a loop's `f.write(f"epoch {epoch}:{mean_loss}\\n")` into a file named after the value
    (round28's CG-003, `train_loss.txt`): no name on the line, the file's name names the series."""
    epoch_mean_lines(path, "epoch {epoch}:{value}", repr)


def epoch_ellipsis(path: Path) -> None:
    """`Epoch 1/3... Train loss: 0.6931 Val loss: 0.6912` once per epoch: an ellipsis glued to the epoch's total."""
    expected = Expected()
    lines = []
    train: list[float] = []
    for epoch, _, loss, _, val in batches():
        train.append(loss)
        if val is not None:
            mean = f"{sum(train) / len(train):.6f}"
            lines.append(
                f"Epoch {epoch + 1}/{EPOCHS}... Train loss: {expected.add('Train_loss', epoch + 1, mean)} "
                f"Val loss: {expected.add('Val_loss', epoch + 1, f'{val[0]:.6f}')}"
            )
            train = []
    path.write_text("\n\n".join(lines) + "\n")
    expected.save(path)


def truncated_by_logrotate(path: Path) -> None:
    """A nanoGPT-style log cut by logrotate's `copytruncate` while the loop kept writing at its file offset: the file
    starts with a hole of NUL bytes as long as what was cut, then the lines written after."""
    expected = Expected()
    logged = [
        (epoch * STEPS_PER_EPOCH + batch, f"{loss:.4f}")
        for epoch, batch, loss, _, _ in batches()
        if batch % LOG_EVERY == 0
    ]
    lines = [f"iter {step}: loss {loss}" for step, loss in logged]
    cut = len(lines) // 2
    for step, loss in logged[cut:]:
        expected.add("loss", step, loss)
    hole = b"\x00" * len("\n".join(lines[:cut]).encode())
    path.write_bytes(hole + ("\n".join(lines[cut:]) + "\n").encode())
    expected.save(path)


def split_in_epoch_glued(path: Path) -> None:
    """`TRAIN in epoch 3 , step 10, loss = 0.69` (a split, then its epoch: a restarting step counter) and, after each
    epoch, `TEST in epoch3, loss = 0.70, acc = 51.5625%` with the epoch glued to its word: twelve epochs, so that
    `epoch10` and on read as the same line as `epoch9` (one template, the evaluation at the step in force)."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, val in batches(epochs=12):
        step = epoch * STEPS_PER_EPOCH + batch
        if batch % LOG_EVERY == 0:
            lines.append(f"TRAIN in epoch {epoch} , step {batch}, loss = {expected.add('loss', step, f'{loss:.6f}')}")
        if val is not None:
            at = epoch * STEPS_PER_EPOCH + STEPS_PER_EPOCH - LOG_EVERY  # the last logged step of the epoch
            test_loss, acc = expected.add("TEST_loss", at, f"{val[0]:.6f}"), f"{100 * val[1]:.4f}"
            lines.append(f"TEST in epoch{epoch}, loss = {test_loss}, acc = {expected.add('TEST_acc', at, acc)}%")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def bracket_split_tags(path: Path) -> None:
    """Lines opened by their split in brackets, as a tag, not a logger's `[module]`: `[train] epoch:1 iter:10/40
    lr:0.050000 loss:0.69` (a per-epoch counter under its epoch: one global axis) and `[val] epoch:1 acc:0.52` (at
    its epoch, as printed); each epoch's evaluation again as a `[VAL] Total loss: 0.70` line under a python-logging
    `[VAL][Epoch 1/3]` line (the marker's epoch)."""
    expected = Expected()
    logger_line = "2025-09-09 10:37:01,494 [INFO] [VAL][Epoch {}/3]"
    lines = []
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch
        if batch % LOG_EVERY == 0:
            printed = expected.add("loss", step, f"{loss:.6f}")
            lines.append(f"[train] epoch:{epoch} iter:{batch}/{STEPS_PER_EPOCH} lr:0.050000 loss:{printed}")
        if val is not None:
            lines.append(f"[val] epoch:{epoch} acc:{expected.add('val_acc', epoch, f'{val[1]:.4f}')}")
            lines.append(logger_line.format(epoch + 1))
            lines.append(f"[VAL] Total loss: {expected.add('VAL_Total_loss', epoch + 1, f'{val[0]:.4f}')}")
    expected.metrics["lr"] = [[s, 0.05] for s, _ in expected.metrics["loss"]]
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def word_language_model(path: Path) -> None:
    """PyTorch's examples/word_language_model/main.py: `| epoch   1 |    10/   40 batches | lr 0.05 | ms/batch 11.61 |
    loss  0.69 | ppl     2.00` (the batch counter named by the word after its total: one global axis, epoch index *
    total + batch) and, between dashed lines, `| end of epoch   1 | time:  0.50s | valid loss  0.70 | valid ppl  2.01`
    (an event's position, no counter: at the step in force, the epoch's last logged batch)."""
    import math

    expected = Expected()
    lines = []
    for epoch, batch, loss, _, val in batches():
        if batch % LOG_EVERY == 0 and batch:
            step = epoch * STEPS_PER_EPOCH + batch
            printed, ppl = expected.add("loss", step, f"{loss:5.2f}"), f"{math.exp(float(f'{loss:5.2f}')):8.2f}"
            lines.append(
                f"| epoch {epoch + 1:3d} | {batch:5d}/{STEPS_PER_EPOCH:5d} batches | lr 0.05 | ms/batch {11.61:5.2f} | "
                f"loss {printed} | ppl {expected.add('ppl', step, ppl)}"
            )
        if val is not None:
            at = epoch * STEPS_PER_EPOCH + STEPS_PER_EPOCH - LOG_EVERY  # the last logged step of the epoch
            valid, took = expected.add("valid_loss", at, f"{val[0]:5.2f}"), expected.add("time", at, f"{0.5:5.2f}")
            lines += ["-" * 89, f"| end of epoch {epoch + 1:3d} | time: {took}s | valid loss {valid} | valid ppl "
                      f"{expected.add('valid_ppl', at, f'{math.exp(float(valid)):8.2f}')}", "-" * 89]  # fmt: skip
    expected.metrics["lr"] = [[s, 0.05] for s, _ in expected.metrics["loss"]]
    expected.metrics["ms/batch"] = [[s, 11.61] for s, _ in expected.metrics["loss"]]
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def darknet_console(path: Path) -> None:
    """Darknet's (AlexeyAB's YOLO) training console, as src/detector.c prints each iteration: `\n 6: 0.512345, 0.498765
    avg loss, 0.001000 rate, 0.572401 seconds, 288 images, 0.578963 hours left` (the iteration leads the line; the
    running average and the rate name their values after them; seconds, images and hours left are bookkeeping), under
    a `Loaded: 0.000041 seconds` line each."""
    expected = Expected()
    lines = ["mini_batch = 1, batch = 48, time_steps = 1, train = 1", "Learning Rate: 0.001, Momentum: 0.9"]
    average = None
    for epoch, batch, loss, _, _ in batches():
        i = epoch * STEPS_PER_EPOCH + batch + 1
        average = loss if average is None else 0.9 * average + 0.1 * loss
        avg = expected.add("avg_loss", i, f"{average:.6f}")
        rate = expected.add("rate", i, "0.001000")
        lines += ["Loaded: 0.000041 seconds", "", f" {i}: {loss:.6f}, {avg} avg loss, {rate} rate, 0.572401 seconds, "
                  f"{48 * i} images, {0.5 - i / 1000:.6f} hours left"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def detectron2_console(path: Path) -> None:
    """detectron2's console, as its `CommonMetricPrinter` writes every 20 iterations through the `d2.utils.events`
    logger (`[09/02 02:37:24 d2.utils.events]:  eta: 0:05:22  iter: 19  total_loss: 1.986  time: 1.1678  data_time:
    0.0222  lr: 1.6068e-05  max_mem: 2725M`): the `eta` clock before `iter` is no value, `iter` is the step
    (round31's CO-006); the times are read, as bookkeeping, and the memory with its unit is not."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, _ in batches():
        i = epoch * STEPS_PER_EPOCH + batch
        if i % LOG_EVERY == LOG_EVERY - 1:
            left = (EPOCHS * STEPS_PER_EPOCH - i) * 2
            total, lr = expected.add("total_loss", i, f"{loss:.4g}"), expected.add("lr", i, "0.05")
            time, data_time = expected.add("time", i, "1.1678"), expected.add("data_time", i, "0.0222")
            lines.append(
                f"[09/02 02:37:{i % 60:02d} d2.utils.events]:  eta: 0:{left // 60:02d}:{left % 60:02d}  iter: {i}  "
                f"total_loss: {total}  time: {time}  data_time: {data_time}  lr: {lr}  max_mem: 2725M"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def loop_index_and_phase_words(path: Path) -> None:
    """A bare loop printing `i=10  loss=0.69  grad=1.2` (the loop's index `i` is the step) and, after each epoch,
    python logging's `Validating Epoch: 1, loss: 0.70, accuracy: 0.52` (a phase named by its -ing word: validation)."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, grad_norm, val in batches():
        i = epoch * STEPS_PER_EPOCH + batch + 1
        if i % LOG_EVERY == 0:
            printed, grad = expected.add("loss", i, f"{loss:.5f}"), expected.add("grad", i, f"{grad_norm:.4f}")
            lines.append(f"i={i}  loss={printed}  grad={grad}")
        if val is not None:
            at = epoch + 1  # the epoch printed
            loss_v, acc = expected.add("Validating_loss", at, f"{val[0]:.4f}"), f"{val[1]:.4f}"
            lines.append(
                f"2019-05-23 10:31:26,771 - INFO - Validating Epoch: {epoch + 1}, loss: {loss_v}, "
                f"accuracy: {expected.add('Validating_accuracy', at, acc)}"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def epoch_blocks(path: Path) -> None:
    """`epoch 3` headers over indented blocks: `->> lr: ..`, an `eval:` block with `F1 score: 0.81`,
    `accuracy: 85.2%` (the eval's: `eval_F1_score`, `eval_accuracy`), `LR: [0.05]`, `tokens seen: 12,345`; per-batch
    `Batch loss` lines between headers."""
    expected = Expected()
    lines = []
    tokens = 0
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            lines.append(f"epoch {epoch + 1}")
        tokens += 6 * 8
        if batch % LOG_EVERY == 0:  # under the header: the epoch in force is their step, kept in order
            lines.append(f"  Batch loss: {expected.add('Batch_loss', epoch + 1, f'{loss:.4f}')}")
        if val is not None:
            epoch_no = epoch + 1
            lines.append(f"  ->> lr: {expected.add('lr', epoch_no, '0.05')}")
            lines.append(f"  LR: [{expected.add('LR', epoch_no, '0.05')}]")
            lines.append(f"  tokens seen: {expected.add('tokens_seen', epoch_no, f'{tokens:,}')}")
            lines.append("  eval:")
            lines.append(f"    val loss: {expected.add('val_loss', epoch_no, f'{val[0]:.4f}')}")
            lines.append(f"    accuracy: {expected.add('eval_accuracy', epoch_no, f'{100 * val[1]:.1f}%')}")
            f1 = 2 * val[1] / (1 + val[1])  # F1 of a classifier whose precision is 1 at this recall: a toy score
            lines.append(f"    F1 score: {expected.add('eval_F1_score', epoch_no, f'{f1:.2f}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def per_batch_epoch(path: Path) -> None:
    """Python logging `Epoch 1 - Batch loss: ..` (the epoch on every line, no batch index) and
    `Epoch 1 - Average Train Loss: ..`: per-batch values keep their order instead of piling on epoch numbers."""
    import io

    expected = Expected()
    stream = io.StringIO()
    logger = stream_logger(stream, logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"), "shapes.batch")
    index = 0
    total = 0.0
    for epoch, batch, loss, _, val in batches():
        total += loss
        if batch % 4 == 0:
            index += 1
            logger.info(f"Epoch {epoch + 1} - Batch loss: {expected.add('Batch_loss', index, f'{loss:.4f}')}")
        if val is not None:
            average = f"{total / STEPS_PER_EPOCH:.4f}"
            logger.info(
                f"Epoch {epoch + 1} - Average Train Loss: {expected.add('Average_Train_Loss', epoch + 1, average)}"
            )
            total = 0.0
    path.write_text(stream.getvalue())
    expected.save(path)


def unmoving_epoch_marker(path: Path) -> None:
    """Blocks between `=====` rules under an `Epoch: 0-----` marker that never moves (the script prints a fixed
    epoch), one update each: `Train_loss` and a class's IoU that stays at 0. The marker is no axis: the updates keep
    their order on an index axis, and a value repeated at one epoch is no line printed twice (every update kept)."""
    expected = Expected()
    lines = []
    for index, (_, _, loss, _, _) in enumerate(batches(), start=1):
        lines += ["=" * 84, "Epoch: 0" + "-" * 29, f"Train_loss: {expected.add('Train_loss', index, f'{loss:.6f}')}"]
        lines += [f"rare_class_iou: {expected.add('rare_class_iou', index, '0.000000')}", "=" * 84]
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def train_eval_blocks(path: Path) -> None:
    """st-gcn's `[03.24.23|09:56:31] Training epoch: 0` / `Eval epoch: 0` headers over tab-indented blocks
    that both say `mean_loss:`: the evaluation's is `Eval_mean_loss`, never merged into the training's."""
    import datetime

    expected = Expected()
    lines = []
    total = 0.0
    clock = datetime.datetime(2026, 3, 24, 9, 56, 11)
    for epoch, _batch, loss, _, val in batches():
        total += loss
        if val is None:
            continue
        stamp = (clock + datetime.timedelta(seconds=20 * epoch)).strftime("[%m.%d.%y|%H:%M:%S]")
        lines.append(f"{stamp} Training epoch: {epoch}")
        lines.append(f"{stamp} \tmean_loss: {expected.add('mean_loss', epoch, f'{total / STEPS_PER_EPOCH:.4f}')}")
        lines.append(f"{stamp} Eval epoch: {epoch}")
        lines.append(f"{stamp} \tmean_loss: {expected.add('Eval_mean_loss', epoch, f'{val[0]:.4f}')}")
        lines.append(f"{stamp} \tTop1: {expected.add('Eval_Top1', epoch, f'{100 * val[1]:.2f}%')}")
        total = 0.0
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def hydra_events(path: Path) -> None:
    """A Hydra job log (`[date][module][LEVEL] - msg`) with a warning and a traceback and no metric curve."""
    import io

    stream = io.StringIO()
    hydra = logging.Formatter("[%(asctime)s][%(name)s][%(levelname)s] - %(message)s")
    logger = stream_logger(stream, hydra, "__main__")
    logger.info("Instantiating datamodule <src.datamodules.mnist_datamodule.MNISTDataModule>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("The dataloader does not have many workers which may be a bottleneck.", UserWarning, 1)
    logger.warning(warnings.formatwarning(caught[0].message, caught[0].category, "trainer.py", 88).strip())
    try:
        example().build_model(SEED, dim=-1)
    except Exception:  # noqa: BLE001 - the real error of a bad config, logged as Hydra logs it
        logger.exception("Error executing job with overrides: ['model.dim=-1']")
    path.write_text(stream.getvalue().replace(str(REPO), "/project").replace(sys.prefix, "/venv"))
    Expected().save(path)


def tqdm_description(path: Path) -> None:
    """Values in a tqdm bar's description (`bar.set_description(f"loss: {loss:.4f};gnorm: ..")` after each
    `bar.update(1)`), every redraw written with `\\r`: each position is drawn twice, first with the previous
    step's values, then with its own. The description has no counter: the bar's position is the step."""
    from tqdm import tqdm

    expected = Expected()
    with path.open("w") as stream:
        bar = tqdm(total=EPOCHS * STEPS_PER_EPOCH, file=stream, mininterval=0, miniters=1, ncols=100)
        for epoch, batch, loss, grad_norm, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1  # the bar's position once updated
            bar.update(1)
            loss_s, norm_s = expected.add("loss", step, f"{loss:.4f}"), expected.add("gnorm", step, f"{grad_norm:.3f}")
            bar.set_description(f"loss: {loss_s};gnorm: {norm_s}")
        bar.close()
    expected.extra["absent"] = ["it/s", "bar"]
    expected.save(path)


def tqdm_postfix_then_update(path: Path) -> None:
    """3D Gaussian Splatting's training bar: every 10 iterations `bar.set_postfix({"Loss": f"{ema:.7f}"})` (which
    redraws at once, at the count before those iterations) then `bar.update(10)` (drawn again at the new count, the
    same postfix): each value read once, at the count once its iterations are done."""
    from tqdm import tqdm

    expected = Expected()
    ema = 0.0
    with path.open("w") as stream:
        bar = tqdm(total=EPOCHS * STEPS_PER_EPOCH, desc="Training progress", file=stream, mininterval=0, miniters=1)
        for epoch, batch, loss, _, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            ema = 0.4 * loss + 0.6 * ema  # the script's `ema_loss_for_log`
            if step % LOG_EVERY == 0:
                bar.set_postfix({"Loss": expected.add("Loss", step, f"{ema:.7f}")})
                bar.update(LOG_EVERY)
        bar.close()
    expected.extra["absent"] = ["it/s", "batch"]
    expected.save(path)


def tqdm_postfix_redrawn(path: Path) -> None:
    """A cascade trainer's bar under nohup (round41's DT-010): at each iteration `bar.set_postfix(...)` (drawn at
    once, at the count before the iteration), `bar.update(1)` (drawn at the new count, the same postfix), then
    `bar.set_description(...)` (drawn a third time, the same count and postfix): each value read once, at the count
    once its iteration is done."""
    from tqdm import tqdm

    expected = Expected()
    with path.open("w") as stream:
        bar = tqdm(total=EPOCHS * STEPS_PER_EPOCH, file=stream, mininterval=0, miniters=1)
        for epoch, batch, loss, _, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            stage = expected.add("Stage", step, str(batch % 2))
            bar.set_postfix(Stage=stage, CurrLoss=expected.add("CurrLoss", step, f"{loss:.4f}"))
            bar.update(1)
            bar.set_description(f"Epoch:{epoch}")
        bar.close()
    expected.extra["absent"] = ["it/s", "batch"]
    expected.save(path)


def cifar_tutorial(path: Path) -> None:
    """PyTorch's "Training a Classifier" tutorial as written: the running loss every LOG_EVERY batches as
    `[epoch, batch] loss: 0.693` (the batch counted within the epoch: on one global axis, batch 10 of the second epoch
    is step 50), then `Accuracy of the network on the 64 test images: 52 %` and one `Accuracy of <class> : 50 %` per
    class, named by their phrases."""
    expected = Expected()
    running = 0.0
    last_val = None
    with path.open("w") as stream:
        for epoch, batch, loss, _, val in batches():
            running += loss
            if (batch + 1) % LOG_EVERY == 0:
                step = epoch * STEPS_PER_EPOCH + batch + 1
                printed = expected.add("loss", step, f"{running / LOG_EVERY:.3f}")
                print(f"[{epoch + 1}, {batch + 1:5d}] loss: {printed}", file=stream)
                running = 0.0
            last_val = val if val is not None else last_val
        print("Finished Training", file=stream)
        assert last_val is not None
        step = EPOCHS * STEPS_PER_EPOCH
        accuracy = expected.add("Accuracy_of_the_network_on_the_64_test_images", step, f"{100 * last_val[1]:.0f}")
        print(f"Accuracy of the network on the 64 test images: {accuracy} %", file=stream)
        for name, share in (("plane", 0.5), ("car", 0.75)):  # two classes' shares of the same test accuracy
            printed = expected.add(f"Accuracy_of_{name}", step, f"{100 * last_val[1] * share:.0f}")
            print(f"Accuracy of {name:>5s} : {printed:>2s} %", file=stream)
    expected.save(path)


def avalanche_text_logger(path: Path) -> None:
    """Avalanche's `TextLogger` on a continual learner: one experience (task) after another, each epoch's mean loss
    under a name ending in the task's index (`Loss_Epoch/train_phase/train_stream/Task001 = 0.4012`) between banners
    that number the experience and the task (`-- Starting training on experience 1 (Task 1) from train stream --`):
    every task's loss read under its own name, the banners' indices no metric."""
    expected = Expected()
    tasks, epochs = 3, 3 * EPOCHS
    with path.open("w") as stream:
        print("-- >> Start of training phase << --", file=stream)
        for epoch, batch, loss, _, val in batches(epochs=epochs):
            task = epoch * tasks // epochs
            if batch == 0 and epoch * tasks % epochs == 0:
                print(f"-- Starting training on experience {task} (Task {task}) from train stream --", file=stream)
            if val is not None:
                print(f"Epoch {epoch} ended.", file=stream)
                name = f"Loss_Epoch/train_phase/train_stream/Task{task:03d}"
                print(f"\t{name} = {expected.add(name, epoch, f'{loss:.4f}')}", file=stream)
                print(f"-- Starting eval on experience {task} (Task {task}) from test stream --", file=stream)
                print(f"> Eval on experience {task} (Task {task}) from test stream ended.", file=stream)
    expected.extra["absent"] = ["Task", "experience", "Eval_on_experience", "eval_Task"]
    expected.save(path)


def per_class_rows(path: Path) -> None:
    """An NER trainer's evaluation (python logging): the overall line `Valid: [ 1/3] Final Accuracy 0.326 Recall 0.063
    F1 0.106`, then one row per entity type, `Category: name Accuracy 0.182 Recall 0.004 F1 0.008`, and conlleval's
    `LOC: precision: 7.08%; recall: 0.77%; FB1: 1.39`: each type's measures are its own series (`name_Recall`,
    `LOC_recall`), not more points of the overall ones (`Valid_Recall`, at the epoch printed)."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, _, _, _, val in batches():
            if val is None:
                continue
            accuracy = val[1]
            cells = {"Accuracy": accuracy, "Recall": 0.9 * accuracy, "F1": 0.95 * accuracy}
            names = {"Accuracy": "Valid_Final_Accuracy", "Recall": "Valid_Recall", "F1": "Valid_F1"}
            overall = " ".join(f"{k} {expected.add(names[k], epoch + 1, f'{v:.3f}')}" for k, v in cells.items())
            print(f"2021-12-19 01:35:00,796 Valid: [ {epoch + 1}/{EPOCHS}] Final {overall}", file=stream)
            for category, share in (("name", 0.5), ("address", 0.8)):  # each type's share of the overall values
                row = " ".join(
                    f"{k} {expected.add(f'{category}_{k}', epoch + 1, f'{v * share:.3f}')}" for k, v in cells.items()
                )
                print(f"2021-12-19 01:35:00,796 Category: {category} {row}", file=stream)
            row = "; ".join(
                f"{k.lower()}: {expected.add(f'LOC_{k.lower()}', epoch + 1, f'{100 * v:.2f}')}%"
                for k, v in cells.items()
            )
            print(f"              LOC: {row}", file=stream)
    expected.save(path)


def conlleval_blocks(path: Path) -> None:
    """A BiLSTM-CRF tagger's log (python logging): the loss at its iteration, then `evaluate:dev` over conlleval's
    block (`accuracy:  89.60%; precision:   0.81%; recall: ...`, one `LOC: precision: ...` row per type), then
    `evaluate:test` over the test set's: the announced split names the block's values (`dev_accuracy`,
    `test_LOC_precision`) until the next line with its own step."""
    expected = Expected()
    prefix = "2021-04-12 23:35:14,786 - log/train.log - INFO - "
    with path.open("w") as stream:
        for epoch, batch, loss, _, val in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            if step % LOG_EVERY == 0:
                printed = expected.add("NER_loss", step, f"{loss:.6f}")
                print(f"{prefix}step:{step}, NER loss:{printed}", file=stream)
            if val is None:
                continue
            for split, share in (("dev", 1.0), ("test", 0.9)):  # the test set's share of the dev set's accuracy
                scores = {"accuracy": 100 * val[1] * share, "precision": 90 * val[1] * share}
                print(f"{prefix}evaluate:{split}", file=stream)
                cells = "; ".join(f"{k}: {expected.add(f'{split}_{k}', step, f'{v:6.2f}')}%" for k, v in scores.items())
                print(f"{prefix}{cells}", file=stream)
                row = expected.add(f"{split}_LOC_precision", step, f"{0.8 * scores['precision']:6.2f}")
                print(f"{prefix}              LOC: precision: {row}%", file=stream)
    expected.save(path)


def pipe_table_repeated_name(path: Path) -> None:
    """A two-head detector's table (round41's DS-003): `epoch iter rate | top_cls_loss reg_loss | fuse_cls_loss
    reg_loss |` over a dashed rule, one row per iteration; the second `reg_loss` (the fused head's) is a column of its
    own, `reg_loss.1` as pandas names a repeated column, not a second value of the first."""
    expected = Expected()
    with path.open("w") as stream:
        print("epoch     iter    rate   |  top_cls_loss   reg_loss   |  fuse_cls_loss  reg_loss  |  ", file=stream)
        print("-" * 85, file=stream)
        for epoch, batch, loss, grad_norm, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch
            cells = [expected.add(name, step, f"{value:.5f}") for name, value in
                     (("top_cls_loss", loss), ("reg_loss", grad_norm), ("fuse_cls_loss", 0.9 * loss),
                      ("reg_loss.1", 10 * grad_norm))]  # fmt: skip
            rate = expected.add("rate", step, "0.0500")
            print(
                f"{step:.1f}   {step}   {rate}   |   {cells[0]}   {cells[1]}   |   {cells[2]}   {cells[3]}  ",
                file=stream,
            )
    expected.save(path)


def tqdm_epoch_description(path: Path) -> None:
    """One wide tqdm bar per epoch (a 200-column terminal) whose description, set at each batch, holds the epoch
    and the batch's values (`Epoch: [1/3] Loss: 0.6931 Grad: 0.123`): redrawn many times per epoch, the epoch is
    the step and the last drawn values are the epoch's."""
    from tqdm import tqdm

    expected = Expected()
    with path.open("w") as stream:
        bar = None
        for epoch, batch, loss, grad_norm, _ in batches():
            if batch == 0:
                bar = tqdm(total=STEPS_PER_EPOCH, file=stream, mininterval=0, miniters=1, ncols=200)
            assert bar is not None
            bar.set_description(f"Epoch: [{epoch}/{EPOCHS}] Loss: {loss:.4f} Grad: {grad_norm:.3f}")
            bar.update(1)
            if batch == STEPS_PER_EPOCH - 1:
                expected.add("Loss", epoch, f"{loss:.4f}")
                expected.add("Grad", epoch, f"{grad_norm:.3f}")
                bar.close()
    expected.extra["absent"] = ["it/s", "bar", "batch"]
    expected.save(path)


def yolo_results_txt(path: Path) -> None:
    """YOLOv5's `results.txt` (also YOLOv7's), written with the format strings of yolov5's `train.py`: no header,
    per epoch `('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, targets, img_size)` then
    `'%10.4g' * 7 % results` (P, R, mAP@.5, mAP@.5-.95, val box, obj, cls). The tiny run's epoch-mean loss, grad norm
    and validation loss/accuracy fill the columns (box: mean loss, obj: mean grad norm, total: their sum, P, R and
    both mAPs: validation accuracy, last batch loss, last grad norm, accuracy squared, val box/obj: validation loss
    and its half); cls is 0 as in a one-class run. The layout is the point, not what the numbers mean."""
    train = ["train/box_loss", "train/obj_loss", "train/cls_loss", "train/total_loss"]
    write_yolo_results(path, train, lambda box, obj: (box, obj, 0.0, box + obj), "0.213G", (6, 640))


def yolov5_face_results_txt(path: Path) -> None:
    """yolov5-face's `results.txt` (round66's IC-005): YOLOv5's, its `mloss` holding a landmark loss after the class
    loss, `('%10s' * 2 + '%10.4g' * 7) % (epoch, mem, box, obj, cls, landmark, total, targets, img_size)` then the
    same seven results. The tiny run's numbers fill the columns as in `yolo_results_txt` (landmark: the mean grad norm
    halved)."""
    train = ["train/box_loss", "train/obj_loss", "train/cls_loss", "train/landmark_loss", "train/total_loss"]
    write_yolo_results(path, train, lambda box, obj: (box, obj, 0.0, obj / 2, box + 1.5 * obj), "12.8G", (5, 1280))


def yolov5_variant_results_txt(path: Path) -> None:
    """A modified YOLOv5's `results.txt` (round72's IY-009, a RoboMaster armour detector): YOLOv5's row, its `mloss`
    holding six loss terms and their total, `('%10s' * 2 + '%10.4g' * 9) % (epoch, mem, *mloss, targets, img_size)`
    then the same seven results. The terms have no names the file gives (`train/loss_1`...); the tiny run's numbers
    fill the columns as in `yolo_results_txt` (the terms: the mean loss and grad norm in shares)."""
    train = [*(f"train/loss_{term}" for term in range(1, 7)), "train/total_loss"]

    def terms(box: float, obj: float) -> tuple[float, ...]:
        parts = (box / 2, box / 4, box / 4, obj / 2, obj / 4, obj / 4)
        return (*parts, box + obj)

    write_yolo_results(path, train, terms, "1.66G", (3, 832))


def write_yolo_results(
    path: Path, train: list[str], mloss: Callable[[float, float], tuple[float, ...]], mem: str, sizes: tuple[int, int]
) -> None:
    """A headerless `results.txt` of YOLOv5's lineage: per epoch its `mloss` (the `train` losses, from the epoch's mean
    loss and grad norm), the target count and image size (`sizes`), then the seven results (P, R, mAP@.5, mAP@.5-.95,
    val box, obj, cls)."""
    names = [*train, "metrics/precision", "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5_0.95", "val/box_loss",
             "val/obj_loss", "val/cls_loss"]  # fmt: skip
    expected = Expected()
    rows = []
    for epoch, box, obj, loss, grad_norm, val in epoch_ends():
        losses = mloss(box, obj)
        line = ("%10s" * 2 + "%10.4g" * (len(losses) + 2)) % (f"{epoch:g}/{EPOCHS - 1:g}", mem, *losses, *sizes)
        line += "%10.4g" * 7 % (val[1], loss, grad_norm, val[1] ** 2, val[0], val[0] / 2, 0.0)
        cells = line.split()
        for name, cell in zip(names, cells[2 : 2 + len(losses)] + cells[4 + len(losses) :], strict=True):
            expected.add(name, epoch, cell)
        rows.append(line + "\n")
    path.write_text("".join(rows))
    expected.extra["absent"] = ["Epoch", "epoch", "gpu_mem", "targets", "img_size"]
    expected.save(path)


def allennlp_console(path: Path) -> None:
    """`allennlp train`'s console (2.x, `%(asctime)s - %(levelname)s - %(name)s - %(message)s`): each epoch `Epoch
    0/2`, `Training` and the final state of its tqdm bar (`accuracy: 0.6729, batch_loss: 0.6472, loss: 0.9061 ||:
    100%|##########| 40/40 [...]`), `Validating` and its bar (the same names), then the console logger's table:
    `Training |  Validation` over the sorted metrics, `%s |  %8.3f  |  %8.3f`, `N/A` where a split has none. Read: the
    table's rows, the training's bare and the validation's as `Validation_`, on the epoch's axis; the bars (the same
    values, the two loops' under one set of names) and the memory's `N/A` are not."""
    expected = Expected()
    name = "allennlp.training.callbacks.console_logger"
    lines: list[str] = []
    for epoch, loss, _, last, _, val in epoch_ends():
        trainer = f"2026-12-05 01:0{epoch}:00,000 - INFO - allennlp.training.gradient_descent_trainer"
        lines += [f"{trainer} - Epoch {epoch}/{EPOCHS - 1}", f"{trainer} - Training",
                  f"accuracy: {val[2]:.4f}, batch_loss: {last:.4f}, loss: {loss:.4f} ||: 100%|##########| 40/40 "
                  "[00:01<00:00, 17.43it/s]", f"{trainer} - Validating",
                  f"accuracy: {val[1]:.4f}, batch_loss: {val[0]:.4f}, loss: {val[0]:.4f} ||: 100%|##########| 2/2 "
                  "[00:00<00:00, 52.10it/s]"]  # fmt: skip
        rows = [("accuracy", f"{val[2]:8.3f}", f"{val[1]:8.3f}"), ("loss", f"{loss:8.3f}", f"{val[0]:8.3f}"),
                ("worker_0_memory_MB", f"{412.0:8.3f}", f"{'N/A':>8}")]  # fmt: skip
        lines.append(f"2026-12-05 01:0{epoch}:01,199 - INFO - {name} - {'Training'.rjust(31)} |  {'Validation':<10}")
        for metric, train, held_out in rows:
            expected.add(metric, epoch, train.strip())
            if held_out.strip() != "N/A":
                expected.add(f"Validation_{metric}", epoch, held_out.strip())
            stamp = f"2026-12-05 01:0{epoch}:01,199 - INFO - {name}"
            lines.append(f"{stamp} - {metric.ljust(18)} |  {train}  |  {held_out}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["batch_loss", "Validation_worker_0_memory_MB", "Training_loss"]
    expected.save(path)


def yolov3_results_txt(path: Path) -> None:
    """The `results.txt` of Ultralytics' YOLOv3 of 2018-2019 (round34's CY-002): no header, per epoch
    `('%8s%12s' + '%10.3g' * 7) % ('%g/%g' % (epoch, epochs - 1), '%g/%g' % (i, nb - 1), *mloss, nt, time)` (mloss =
    xy, wh, conf, cls, total) then `'%11.3g' * 5 % results` (P, R, mAP, F1, test loss). The tiny run's numbers fill
    the columns as in `yolo_results_txt`; the batch, the target count and the time are no metric."""
    names = ["xy", "wh", "conf", "cls", "total", "P", "R", "mAP", "F1", "test_loss"]
    expected = Expected()
    rows = []
    for epoch, xy, wh, loss, grad_norm, val in epoch_ends():
        mloss = (xy, wh, loss, grad_norm, xy + wh + loss + grad_norm)
        counters = (f"{epoch:g}/{EPOCHS - 1:g}", f"{STEPS_PER_EPOCH - 1:g}/{STEPS_PER_EPOCH - 1:g}")
        line = ("%8s%12s" + "%10.3g" * 7) % (*counters, *mloss, 17, 0.284)
        line += "%11.3g" * 5 % (val[1], val[1] ** 2, val[1] ** 3, 2 * val[1] ** 2 / (val[1] + val[1] ** 2), val[0])
        cells = line.split()
        for name, cell in zip(names, cells[2:7] + cells[9:], strict=True):
            expected.add(name, epoch, cell)
        rows.append(line + "\n")
    path.write_text("".join(rows))
    expected.extra["absent"] = ["Epoch", "epoch", "nTargets", "time"]
    expected.save(path)


def ultralytics_console(path: Path, segment: bool = False) -> None:
    """Ultralytics' console, written with the format strings of its trainer and validator: per epoch the header
    `("\\n" + "%11s" * (4 + len(loss_names))) % ("Epoch", "GPU_mem", *loss_names, "Instances", "Size")`, a tqdm bar
    whose description, set at every batch, is the row `("%11s" * 2 + "%11.4g" * (2 + len(loss_names))) %
    (f"{epoch + 1}/{epochs}", f"{mem:.3g}G", *mean_losses, instances, size)`, then the validation bar (its
    description the header `("%22s" + "%11s" * 6) % ("Class", "Images", "Instances", "Box(P", "R", "mAP50",
    "mAP50-95)")`) and the `all` row `("%22s" + "%11i" * 2 + "%11.3g" * 4)`. The tiny run's running mean loss and
    grad norm fill box_loss and cls_loss; its validation accuracy and loss fill P, R and the mAPs (the layout is the
    point). The last drawn row of an epoch holds its values: the epoch (1-based, as printed) is the step. The trainer
    echoes its settings first (`epochs=3, imgsz=640, save=True, ...`): no metric. A segmentation run (`segment`) logs
    four losses (their values the tiny run's, squared for the last two) and validates boxes and masks under one header,
    `Box(P  R  mAP50  mAP50-95)  Mask(P  R  mAP50  mAP50-95)` (SegmentationValidator's `get_desc`): each group's
    names under its own (`Box_P`, `Mask_P`)."""
    from tqdm import tqdm

    losses = ("box_loss", "seg_loss", "cls_loss", "dfl_loss") if segment else ("box_loss", "cls_loss")
    columns = ("Box(P", "R", "mAP50", "mAP50-95)")
    names = ["P", "R", "mAP50", "mAP50-95"]
    if segment:
        columns, names = (
            (*columns, "Mask(P", "R", "mAP50", "mAP50-95)"),
            [f"{g}_{n}" for g in ("Box", "Mask") for n in names],
        )
    expected = Expected()
    with path.open("w") as stream:
        # the trainer's settings echo, `LOGGER.info(f"{colorstr('engine/trainer: ')}{', '.join(f'{k}={v}' ...)}")`,
        # with values of Ultralytics' cfg/default.yaml
        settings = {
            "task": "segment" if segment else "detect",
            "mode": "train",
            "model": "yolov8n.pt",
            "data": "coco8.yaml",
            "epochs": EPOCHS,
        }
        settings |= {"time": None, "patience": 100, "batch": 16, "imgsz": 640, "save": True, "save_period": -1}
        settings |= {"cache": False, "device": "cpu", "lr0": 0.01, "lrf": 0.01, "momentum": 0.937, "warmup_epochs": 3.0}
        echo = ", ".join(f"{key}={value}" for key, value in settings.items())
        print(f"\x1b[34m\x1b[1mengine/trainer: \x1b[0m{echo}", file=stream)
        bar = None
        loss_sum = norm_sum = 0.0
        best: tuple[float, tuple[float, ...]] = (-math.inf, ())
        for epoch, batch, loss, grad_norm, val in batches():
            if batch == 0:
                header = ("\n" + "%11s" * (4 + len(losses))) % ("Epoch", "GPU_mem", *losses, "Instances", "Size")
                print(header, file=stream)
                bar = tqdm(total=STEPS_PER_EPOCH, file=stream, mininterval=0, miniters=1, ncols=140)
                loss_sum = norm_sum = 0.0
            assert bar is not None
            loss_sum, norm_sum = loss_sum + loss, norm_sum + grad_norm
            means = (loss_sum / (batch + 1), norm_sum / (batch + 1))
            means = (*means, means[0] ** 2, means[1] ** 2)[: len(losses)]
            row = ("%11s" * 2 + "%11.4g" * (2 + len(losses))) % (f"{epoch + 1}/{EPOCHS}", f"{0.0:.3g}G", *means, 6, 32)
            bar.set_description(row)
            bar.update(1)
            if val is None:
                continue
            bar.close()
            cells = row.split()
            for name, cell in zip(losses, cells[2:], strict=False):
                expected.add(name, epoch + 1, cell)
            desc = ("%22s" + "%11s" * (2 + len(columns))) % ("Class", "Images", "Instances", *columns)
            for _ in tqdm(range(4), desc=desc, file=stream, mininterval=0, ncols=140):
                pass
            results = (val[1], 1 - val[1], val[1] ** 2, val[0] / 10)
            results = (*results, *(0.9 * r for r in results)) if segment else results  # the masks' a little below
            line = ("%22s" + "%11i" * 2 + "%11.3g" * len(results)) % ("all", 64, 64, *results)
            print(line, file=stream)
            for name, cell in zip(names, line.split()[3:], strict=True):
                expected.add(name, epoch + 1, cell)
            fitness = 0.1 * results[2] + 0.9 * results[3]  # Ultralytics' `Metric.fitness`: it keeps best.pt by it
            if fitness >= best[0]:
                best = (fitness, results)
        # the trainer's end (`_do_train` then `final_eval`): the best checkpoint validated again, apart from the curve
        print(f"\n{EPOCHS} epochs completed in {0.001:.3f} hours.", file=stream)
        for weights in ("last", "best"):
            print(f"Optimizer stripped from runs/detect/train/weights/{weights}.pt, 6.2MB", file=stream)
        print("\nValidating runs/detect/train/weights/best.pt...", file=stream)
        print("Model summary (fused): 72 layers, 3,006,038 parameters, 0 gradients, 8.1 GFLOPs", file=stream)
        for _ in tqdm(range(4), desc=desc, file=stream, mininterval=0, ncols=140):
            pass
        line = ("%22s" + "%11i" * 2 + "%11.3g" * len(best[1])) % ("all", 64, 64, *best[1])
        print(line, file=stream)
        for name, cell in zip(names, line.split()[3:], strict=True):
            expected.add(f"best_{name}", EPOCHS, cell)
        timings = {"preprocess": 0.2, "inference": 1.9, "loss": 0.0, "postprocess_per_image": 0.5}  # ms per image
        speed = ", ".join(f"{ms:.1f}ms {name.replace('_', ' ')}" for name, ms in timings.items())
        print(f"Speed: {speed}", file=stream)
        for name, ms in timings.items():
            expected.add(f"best_{name}", EPOCHS, f"{ms:.1f}")
        print("Results saved to runs/detect/train", file=stream)
    expected.extra["absent"] = ["GPU_mem", "Instances", "Size", "Images", "Epoch", "all", "Class", *settings]
    expected.save(path)


def epoch_bar_restarting(path: Path) -> None:
    """CycleGAN-style `(epoch: 2, iters: 40, time: ..) , G_A: 0.5` lines written with `tqdm.write` between the redraws
    of a bar described `Epoch 2/3` (a header of the same epoch); the iters counter restarts each epoch (no total
    printed). Steps: each restart adds the counter's last value and its usual gap (the reader's rule without a
    total), so epoch 1's 10, 20, 30, 40 are followed by 50 + iters."""
    from tqdm import tqdm

    expected = Expected()
    offset, last = 0, 0
    with path.open("w") as stream:
        for epoch, batch, loss, _, _ in batches():
            if batch == 0:
                bar = tqdm(total=STEPS_PER_EPOCH, desc=f"Epoch {epoch + 1}/{EPOCHS}", file=stream, mininterval=0,
                           ncols=80)  # fmt: skip
                if last:
                    offset += last + LOG_EVERY
            bar.update(1)
            if batch % LOG_EVERY == LOG_EVERY - 1:
                iters = batch + 1
                last = iters
                took = expected.add("time", offset + iters, "1.283")  # measured time: a progress series
                text = expected.add("G_A", offset + iters, f"{loss:.3f}")
                bar.write(f"(epoch: {epoch + 1}, iters: {iters}, time: {took}) , G_A: {text}", file=stream)
            if batch == STEPS_PER_EPOCH - 1:
                bar.close()
    expected.extra["absent"] = ["Epoch", "epoch", "iters", "bar"]
    expected.save(path)


def _hf_trainer_run(stream, progress_bar: bool, batch: int = 8, epoch_decimals: int | None = None) -> list[dict]:
    """A tiny Hugging Face `Trainer` run of the example MLP (256 samples, batches of 8: 32 steps per epoch, 3 epochs,
    a dict every 10 steps, an evaluation each epoch) printing to `stream` as on a console (stdout and stderr both);
    returns the Trainer's `log_history` (each entry with its `step`). `epoch_decimals=2`: the epoch rounded as
    transformers 4.x's `Trainer.log` did (`logs["epoch"] = round(self.state.epoch, 2)`)."""
    import contextlib

    import torch
    import transformers

    run = example()
    x, y = run.make_data(SEED)
    xv, yv = run.make_data(SEED + 100, 64)

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = run.build_model(SEED)

        def forward(self, x, labels=None):
            logits = self.net(x)
            return {"loss": torch.nn.functional.binary_cross_entropy_with_logits(logits, labels), "logits": logits}

    args = transformers.TrainingArguments(
        output_dir=tempfile.mkdtemp(), num_train_epochs=EPOCHS, per_device_train_batch_size=batch,
        logging_steps=LOG_EVERY, eval_strategy="epoch", save_strategy="no", report_to="none", use_cpu=True, seed=SEED,
        learning_rate=0.01, disable_tqdm=not progress_bar, per_device_eval_batch_size=8,
    )  # fmt: skip

    class Trainer(transformers.Trainer):
        def log(self, logs, start_time=None):
            if epoch_decimals is not None and self.state.epoch is not None:
                self.state.epoch = round(self.state.epoch, epoch_decimals)
            super().log(logs, start_time)

    train = [{"x": a, "labels": b} for a, b in zip(x, y, strict=True)]
    valid = [{"x": a, "labels": b} for a, b in zip(xv, yv, strict=True)]
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        handler = logging.StreamHandler(stream)
        transformers.utils.logging.add_handler(handler)
        transformers.utils.logging.set_verbosity(logging.WARNING if progress_bar else logging.INFO)
        try:
            trainer = Trainer(model=Model(), args=args, train_dataset=train, eval_dataset=valid)
            trainer.train()
        finally:
            transformers.utils.logging.remove_handler(handler)
            transformers.utils.logging.set_verbosity(logging.WARNING)
    shutil.rmtree(args.output_dir, ignore_errors=True)
    return trainer.state.log_history


def _hf_expected(history: list[dict], printed) -> Expected:
    """What the dicts print, at each entry's step (`log_history`), as `printed` writes a value."""
    expected = Expected()
    for entry in history:
        for name, value in entry.items():
            if name not in ("step", "total_flos") and isinstance(value, float | int):
                expected.add(name, entry["step"], printed(value))
    return expected


def _hf_printed(value: float | int) -> str:
    """A value as the Trainer's console callbacks print it (`f"{v:.4g}"` for a float, `str` otherwise)."""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def hf_trainer_bar(path: Path) -> None:
    """A Hugging Face `Trainer` console at its default verbosity: its training bar (`tqdm(total=max_steps)`,
    redrawn with `\r`) and, above it, the dicts its `ProgressCallback.on_log` writes with every float as `.4g`
    text (`{'loss': '0.6931', ..., 'epoch': '0.3125'}`): no step in them. Step: the dict's epoch times the bar's total
    over the number of epochs (`max_steps / num_train_epochs` steps per epoch)."""
    with path.open("w") as stream:
        history = _hf_trainer_run(stream, progress_bar=True)
    expected = _hf_expected(history, _hf_printed)
    expected.extra["absent"] = ["it/s", "step"]
    expected.save(path)


def hf_trainer_info(path: Path) -> None:
    """A Hugging Face `Trainer` console at INFO verbosity with its bar disabled (`disable_tqdm=True`, as in a batch
    job): the `***** Running training *****` block (`Num Epochs = 3`, `Total optimization steps = 96`) and the dicts
    `PrinterCallback` prints (`print(logs)`, floats as `.4g` text too), no step in them."""
    with path.open("w") as stream:
        history = _hf_trainer_run(stream, progress_bar=False)
    expected = _hf_expected(history, _hf_printed)
    expected.extra["absent"] = ["Num_examples", "Num_Epochs", "Total_optimization_steps"]
    expected.save(path)


def hf_trainer_round2(path: Path) -> None:
    """As `hf_trainer_info`, with 128 steps per epoch (batches of 2) and the epoch rounded to 2 decimals as
    transformers 4.x printed it (`'epoch': 0.08` for step 10 of 128): the epoch alone misses the step by up to
    0.64 steps, the dicts' spacing (`logging_steps`) puts them back on their grid."""
    with path.open("w") as stream:
        history = _hf_trainer_run(stream, progress_bar=False, batch=2, epoch_decimals=2)
    expected = _hf_expected(history, _hf_printed)
    expected.save(path)


def swift_console(path: Path) -> None:
    """ms-swift's `swift sft` console (round72's IZ-001): its arguments echoed one `name=value,` a line (121 of them),
    then the dicts its logging callback prints at the first step and every `logging_steps`, `{'loss': ..., 'epoch':
    0.25, 'global_step/max_steps': '10/120', 'percentage': '8.33%', ...}`: the step is the quoted counter's."""
    expected = Expected()
    total = EPOCHS * STEPS_PER_EPOCH
    lines = ["run sh: `python swift/cli/sft.py --model_type qwen --logging_steps 10`"]
    heads = ("adam", "adapter", "bnb", "dataset", "deepspeed", "eval", "galore", "lisa", "lora", "model", "optim")
    tails = ("alpha", "beta", "decay", "dropout", "length", "rank", "ratio", "scale", "size", "steps", "warmup")
    echoed = [f"{head}_{tail}={(k % 9) / 7:.3g}," for k, (head, tail) in enumerate(product(heads, tails))]  # 121
    lines += ["[INFO:swift] args: TrainArguments(", *echoed, "logging_steps=10,", ")"]
    for epoch, batch, loss, grad_norm, _ in batches():
        step = epoch * STEPS_PER_EPOCH + batch + 1
        if step != 1 and step % LOG_EVERY:
            continue
        shown = {"loss": f"{loss:.8f}", "grad_norm": f"{grad_norm:.8f}", "learning_rate": "0.0001"}
        shown["epoch"] = f"{round(step / STEPS_PER_EPOCH, 2)}"
        cells = [f"'{name}': {expected.add(name, step, text)}" for name, text in shown.items()]
        percentage = expected.add("percentage", step, f"{100 * step / total:.2f}")
        cells += [f"'global_step/max_steps': '{step}/{total}'", f"'percentage': '{percentage}%'"]
        lines.append("{" + ", ".join(cells) + "}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["global_step", "global_step/max_steps", "adam_alpha", "optim_warmup", "logging_steps"]
    expected.save(path)


def batch_and_epoch_lines(path: Path) -> None:
    """Python logging with a time-only prefix: `[1/3] batch 10/40 loss=0.6931 lr=5.00e-02` every 10 batches (the
    batch counts within the epoch, its total printed), then per epoch `Epoch 1/3 (0.2s) | loss=0.5432 | val=0.61`
    (the epoch's mean loss, the validation loss): the epoch line's `loss` is the epoch's aggregate (`epoch_loss`),
    apart from the per-batch curve on its global axis ((epoch - 1) * 40 + batch)."""
    import io

    stream = io.StringIO()
    time_only = logging.Formatter("%(asctime)s [%(levelname)s]   %(message)s", datefmt="%H:%M:%S")
    logger = stream_logger(stream, time_only, "shapes.batch_and_epoch")
    expected = Expected()
    losses: list[float] = []
    for epoch, batch, loss, _, val in batches():
        losses.append(loss)
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            text, lr = expected.add("loss", step, f"{loss:.4f}"), expected.add("lr", step, "5.00e-02")
            logger.info(f"  [{epoch + 1}/{EPOCHS}] batch {batch + 1}/{STEPS_PER_EPOCH} loss={text} lr={lr}")
        if val is not None:
            mean = expected.add("epoch_loss", epoch + 1, f"{sum(losses) / len(losses):.4f}")
            text = expected.add("val", epoch + 1, f"{val[0]:.4f}")
            logger.info(f"Epoch {epoch + 1}/{EPOCHS} (0.2s) | loss={mean} | val={text}")
            losses = []
    path.write_text(stream.getvalue())
    expected.extra["absent"] = ["batch", "Epoch"]
    expected.save(path)


def split_heading_blocks(path: Path) -> None:
    """Python logging (`INFO:__main__:` prefixes) of a script that decorates its lines with emoji: a YAML-like config
    echoed at start with a `TEST:` section, `Epoch 1 | Step 10/40 | Loss: .. | LR: ..` lines, and after each epoch a
    heading naming a split over step-less values (`📊 Evaluation Results:` then `   Loss: ..`, `   Perplexity: ..`)
    and `✅ Epoch 1 completed | Avg Loss: ..`: the values under the heading are the evaluation's
    (`Evaluation_Loss`, apart from the training curve's `Loss`); the emoji are no part of any name; the config's
    `TEST:` section gives no metric."""
    import io
    import math

    stream = io.StringIO()
    logger = stream_logger(stream, logging.Formatter("%(levelname)s:%(name)s:%(message)s"), "__main__")
    expected = Expected()
    for line in ("Config:", "TEST:", "  IMS_PER_BATCH: 128", "  GAMMA: 0.1", "SOLVER:", "  BASE_LR: 0.05"):
        logger.info(line)
    losses: list[float] = []
    for epoch, batch, loss, _, val in batches():
        losses.append(loss)
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            text, lr = expected.add("Loss", step, f"{loss:.4f}"), expected.add("LR", step, "5.00e-02")
            logger.info(f"Epoch {epoch} | Step {batch + 1}/{STEPS_PER_EPOCH} | Loss: {text} | LR: {lr}")
        if val is not None:
            logger.info("\U0001f4ca Evaluation Results:")
            logger.info(f"   Loss: {expected.add('Evaluation_Loss', (epoch + 1) * STEPS_PER_EPOCH, f'{val[0]:.4f}')}")
            ppl = f"{math.exp(val[0]):.2f}"
            logger.info(f"   Perplexity: {expected.add('Evaluation_Perplexity', (epoch + 1) * STEPS_PER_EPOCH, ppl)}")
            mean = expected.add("Avg_Loss", epoch, f"{sum(losses) / len(losses):.4f}")
            logger.info(f"\u2705 Epoch {epoch} completed | Avg Loss: {mean}")
            losses = []
    path.write_text(stream.getvalue())
    expected.extra["absent"] = ["TEST_GAMMA", "GAMMA", "IMS_PER_BATCH", "TEST_IMS_PER_BATCH", "BASE_LR"]
    expected.save(path)


def epoch_block_batch_size(path: Path) -> None:
    """The PyTorch transfer-learning tutorial's epoch block (`print(f'Epoch {epoch}/{num_epochs - 1}')`, a line of
    dashes), with the number of batches printed in it (`batch = 40`, the same at every epoch) and the epoch's
    `train Loss: 0.4552 Acc: 0.6523`: the batch count is a size, not a step; the epochs are the axis."""
    expected = Expected()
    lines: list[str] = []
    losses: list[float] = []
    for epoch, batch, loss, _, val in batches():
        losses.append(loss)
        if batch == 0:
            lines += [f"Epoch {epoch}/{EPOCHS - 1}", "-" * 10, f"batch = {STEPS_PER_EPOCH}"]
        if val is not None:
            mean = expected.add("train_Loss", epoch, f"{sum(losses) / len(losses):.4f}")
            lines += [f"train Loss: {mean} Acc: {expected.add('Acc', epoch, f'{val[1]:.4f}')}", ""]
            losses = []
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["batch"]
    expected.save(path)


def epoch_line_every_batch(path: Path) -> None:
    """A TensorFlow custom loop (the TF transformer tutorial's prints): `Epoch 1 Batch 10 Loss 0.6931 Accuracy 0.5`
    every 10 batches, and `Epoch 1 Loss 0.6931 Accuracy 0.5` (the running means) after every batch: epoch lines
    repeating their epoch are per-batch values, one curve with the batch lines, in log order on an index axis."""
    expected = Expected()
    lines: list[str] = []
    losses: list[float] = []
    for epoch, batch, loss, _, _ in batches():
        losses = [] if batch == 0 else losses
        losses.append(loss)
        mean = f"{sum(losses) / len(losses):.4f}"
        if batch % LOG_EVERY == 0:
            lines.append(f"Epoch {epoch + 1} Batch {batch} Loss {expected.add('Loss', len(lines) + 1, mean)}")
        lines.append(f"Epoch {epoch + 1} Loss {expected.add('Loss', len(lines) + 1, mean)}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["epoch_Loss", "Batch"]
    expected.save(path)


def epoch_only_every_batch(path: Path) -> None:
    """A loop that prints each batch's loss with its epoch alone (`epoch: 0 | loss: 0.6931`, no batch counter): the
    points in log order on an index axis, each one's epoch the run's `epoch` axis beside it."""
    expected = Expected()
    epochs: list[list[int]] = []
    with path.open("w") as stream:
        for step, (epoch, _, loss, _, _) in enumerate(batches(), start=1):
            print(f"epoch: {epoch} | loss: {expected.add('loss', step, repr(loss))}", file=stream)
            epochs.append([step, epoch])
    expected.extra["epoch_axis"] = epochs
    expected.save(path)


def hf_markdown(path: Path) -> None:
    """A Markdown report (a README's results section) holding a tiny Trainer run's dicts in a code fence, as pasted
    from its console, between prose and a results table whose header row names a value (`| Final eval_loss: 1.954 |`).
    The prose is no metric and takes no place on the axis: the dicts, with no total printed, keep the index of the
    training dict (1, 2, ...; an evaluation the index of the dict before it); a table's header row is names."""
    import io

    path = path.with_suffix(".md")
    console = io.StringIO()
    history = _hf_trainer_run(console, progress_bar=False)
    dicts = [line for line in console.getvalue().splitlines() if line.startswith("{")]
    expected, trained = Expected(), 0
    for entry in history:
        trained += "loss" in entry
        for name, value in entry.items():
            if name not in ("step", "total_flos") and isinstance(value, float | int):
                expected.add(name, trained, _hf_printed(value))
    last_eval = _hf_printed(history[-2]["eval_loss"])
    path.write_text(
        "# Fine-tuning results\n\n"
        f"We fine-tuned the 321-parameter MLP for {EPOCHS} epochs with batches of 8 and a learning rate of 0.01.\n"
        "Training took 2 seconds.\n\n## Training log\n\n```\n" + "\n".join(dicts) + "\n```\n\n"
        f"| Run | Final eval_loss: {last_eval} | Epochs |\n|---|---|---|\n| mlp | {last_eval} | {EPOCHS} |\n"
    )
    expected.extra["absent"] = ["Final_eval_loss", "Training_took", "Epochs"]
    expected.save(path)


def tqdm_final_bar_per_epoch(path: Path) -> None:
    """One tqdm bar per epoch (`unit="batch"`, ASCII) whose postfix holds the loss, written to a file that keeps
    only each bar's final state (`Epoch 0001: 100%|==| 40/40 [00:00<00:00, 26.94batch/s, loss=0.69]`, as a log
    captured without its `\\r` redraws keeps it): one line per epoch, the epoch its step. The rate glued to a long
    unit (`26.94batch/s`) varies from line to line."""
    import io

    from tqdm import tqdm

    expected = Expected()
    lines: list[str] = []
    bar = None
    for epoch, batch, loss, _, _ in batches():
        if batch == 0:
            screen = io.StringIO()
            bar = tqdm(total=STEPS_PER_EPOCH, desc=f"Epoch {epoch + 1:04d}", unit="batch", ascii=" =", file=screen)
            bar.set_postfix(loss=f"{loss:.2f}")
        assert bar is not None
        bar.update(1)
        bar.set_postfix(loss=f"{loss:.2f}")
        if batch == STEPS_PER_EPOCH - 1:
            bar.close()
            final = screen.getvalue().split("\r")[-1].strip()  # the bar's last redraw
            expected.add("loss", epoch + 1, f"{loss:.2f}")
            lines.append(final)
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["batch", "Epoch"]
    expected.save(path)


def index_value_table(path: Path) -> None:
    """A headerless two-column file, `epoch value` per line (`f.write(f"{epoch} {loss:.6f}\\n")`): the series has
    no name but the file's, which it takes (`index_value_table.log`); the first column is its step."""
    epoch_mean_lines(path, "{epoch} {value}", lambda mean: f"{mean:.6f}")


def epoch_mean_lines(path: Path, line: str, printed: Callable[[float], str]) -> None:
    """Each epoch's mean training loss on a line of its own, `line` formatted with the epoch and the mean as `printed`,
    and no name: the file's name is the series'."""
    expected = Expected()
    lines: list[str] = []
    losses: list[float] = []
    for epoch, _, loss, _, val in batches():
        losses.append(loss)
        if val is not None:
            mean = printed(sum(losses) / len(losses))
            lines.append(line.format(epoch=epoch, value=expected.add(path.name, epoch, mean)))
            losses = []
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def index_columns_table(path: Path) -> None:
    """A headerless tab-separated table, `epoch<TAB>loss<TAB>val_loss<TAB>val_acc` per line (`np.savetxt` or
    `f.write("\\t".join(...))`): the first value column takes the file's name, the others `<file> column 3`, ..."""
    expected = Expected()
    lines = []
    for epoch, mean, (val_loss, val_acc) in epoch_summaries():
        row = [
            expected.add(path.name, epoch, f"{mean:.6f}"),
            expected.add(f"{path.name} column 3", epoch, f"{val_loss:.6f}"),
            expected.add(f"{path.name} column 4", epoch, f"{val_acc:.4f}"),
        ]
        lines.append("\t".join([str(epoch), *row]))
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def listed_rows(path: Path) -> None:
    """One Python list a line, `[loss, val_loss, val_acc]` per epoch and nothing else (`f.write(str([...]) + "\\n")`,
    round30's CL-015): a headerless table on the line's index (1, 2, ...), its first column the file's name, the
    others `<file> column 2`, ..."""
    expected = Expected()
    lines = []
    for epoch, mean, (val_loss, val_acc) in epoch_summaries():
        row = [
            expected.add(path.name, epoch + 1, repr(mean)),
            expected.add(f"{path.name} column 2", epoch + 1, repr(val_loss)),
            expected.add(f"{path.name} column 3", epoch + 1, repr(val_acc)),
        ]
        lines.append(f"[{', '.join(row)}]")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def caffe2_print(path: Path) -> None:
    """Caffe2's `Print` operator on the loss blob each iteration, `Tensor loss of type float. Dims: (): 2.35943` and
    nothing else (its MNIST tutorial's `loss.log`; round33's CV-013, round31's CP-009): one value a line, on the
    line's index."""
    one_loss_a_line(path, "loss", 6, "Tensor loss of type float. Dims: (): {value}")


def misspelt_counter(path: Path) -> None:
    """`train loss of iteraction 2:0.79384094` each iteration (round33's CV-014): the counter's name misspelt, its
    value glued to the colon."""
    one_loss_a_line(path, "train_loss", 8, "train loss of iteraction {index}:{value}")


def counter_in_parentheses(path: Path) -> None:
    """`Epoch: (999), Loss : 0.0055 , acc: 100.0%` each epoch (round20's BI-004): the counter's value in
    parentheses, counted from 0."""
    expected = Expected()
    lines = []
    for epoch, mean, (_, acc) in epoch_summaries():
        loss, accuracy = expected.add("Loss", epoch, f"{mean}"), expected.add("acc", epoch, f"{100 * acc:.1f}%")
        lines.append(f"Epoch: ({epoch}), Loss : {loss} , acc: {accuracy}")
    path.write_text("\n".join(lines) + "\n[Finished in 19.3s]\n")
    expected.save(path)


def hash_numbered_epochs(path: Path) -> None:
    """`Epoch #0` over `Train: 0.98` and `Validation: 51.78` lines (round16's AU-011): the counter's value glued to a
    number sign."""
    expected = Expected()
    lines = ["Loading Dataset--", "Creating new model "]
    for epoch, mean, (val, _) in epoch_summaries():
        lines += [f"Epoch #{epoch}", f"Train: {expected.add('Train', epoch, f'{mean}')}"]
        lines.append(f"Validation: {expected.add('Validation', epoch, f'{val}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def ruled_epoch_numbers(path: Path) -> None:
    """`-----46------` over each epoch's `train_mean loss: ..` and `test_accuracy: ..` lines (round30's CM-007): the
    epoch's number between rules, from 0."""
    expected = Expected()
    lines = []
    for epoch, mean, (val, acc) in epoch_summaries():
        lines += [
            f"-----{epoch}------",
            f"train_mean loss: {expected.add('train_mean_loss', epoch, f'{mean:.6f}')}",
        ]
        lines.append(f"test_mean loss: {expected.add('test_mean_loss', epoch, f'{val:.6f}')}")
        lines.append(f"test_accuracy: {expected.add('test_accuracy', epoch, f'{acc:.6f}')}")
    path.write_text("\n".join(lines) + "\n\n")
    expected.save(path)


def grouped_pipe_table(path: Path) -> None:
    """A script's epoch table whose columns sit under groups named on the line above its header (round20's BI-003,
    DG-001): `|---- VALID ----|---- TRAIN ----|` over `lr  epoch | loss  acc | loss  | time`, a row an epoch with
    its counter as a float (`3.0`) and its time in words (`0 hr 06 min`, no value)."""
    expected = Expected()
    lines = [
        " " * 18 + "|------ VALID -------|----- TRAIN -----|" + "-" * 14 + "|",
        "lr       epoch    | loss     acc       | loss            | time         |",
        "-" * 74,
    ]
    for epoch, mean, (val, acc) in epoch_summaries():
        cells = [f"{expected.add('lr', epoch, '0.0500')}   {epoch:.1f}".ljust(17)]
        cells.append(
            f"{expected.add('VALID_loss', epoch, f'{val:.3f}')}    {expected.add('VALID_acc', epoch, f'{acc:.3f}')}"
        )
        cells.append(expected.add("TRAIN_loss", epoch, f"{mean:.3f}"))
        lines.append(" | ".join(cells) + f" | 0 hr {6 * epoch + 6:02d} min |")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["time", "hr", "epoch"]
    expected.save(path)


def pipe_table_with_saved_notes(path: Path) -> None:
    """A script's own epoch table (` Epoch |    L_total |   L_val` under a rule) with a note between two rows each
    time the validation loss improves (`  Saved: checkpoints/best.npz`, round75's JM-002): the table goes on past
    each note, every row an epoch."""
    expected = Expected()
    lines = [" Epoch |    L_total |      L_val", "-" * 32]
    best = math.inf
    for epoch, mean, (val, _) in epoch_summaries():
        total, held = expected.add("L_total", epoch, f"{mean:.5f}"), expected.add("L_val", epoch, f"{val:.5f}")
        lines.append(f"{epoch:6d} | {total:>10} | {held:>10}")
        if val < best:
            best = val
            lines.append("  Saved: checkpoints/best.npz")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Epoch", "Saved"]
    expected.save(path)


def pix2pix_console(path: Path) -> None:
    """pytorch-CycleGAN-and-pix2pix's console (round24's BS-001): `(epoch: 1, iters: 10, time: 0.222, data: 0.624)
    G_L1: 38.415` lines, `End of epoch 1 / 3 \t Time Taken: 71 sec`, then `learning rate 0.0500000 -> 0.0500000` as
    its `update_learning_rate` prints it while the rate holds: a schedule at rest, read at the epoch's last step."""
    expected = Expected()
    lines = ["create web directory ./checkpoints/run/web..."]
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch + 1
        if (batch + 1) % LOG_EVERY == 0:
            timing = f"(epoch: {epoch + 1}, iters: {batch + 1}, time: {expected.add('time', step, '0.222')}, "
            timing += f"data: {expected.add('data', step, '0.002')})"
            lines.append(f"{timing} G_L1: {expected.add('G_L1', step, f'{loss:.3f}')} ")
        if val is not None:
            lines.append(
                f"End of epoch {epoch + 1} / {EPOCHS} \t Time Taken: {expected.add('Time_Taken', step, '71')} sec"
            )
            lines.append(f"learning rate 0.0500000 -> {expected.add('learning_rate', step, '0.0500000')}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def glued_epoch_opening(path: Path) -> None:
    """`Epoch1 Time:178.1s Data:47.8s Loss:5.5364 Acc:12.89%` an epoch (round37's DG-002, a re-identification
    script): the epoch's number glued to its word where it opens the line."""
    expected = Expected()
    lines = ["==> Start training"]
    for epoch, mean, (_, acc) in epoch_summaries():
        loss, accuracy = (
            expected.add("Loss", epoch + 1, f"{mean:.4f}"),
            expected.add("Acc", epoch + 1, f"{100 * acc:.2f}%"),
        )
        lines.append(f"Epoch{epoch + 1} Loss:{loss} Acc:{accuracy} ")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def glued_iteration_after_epoch(path: Path) -> None:
    """`epoch 0 iteration10, G Loss: 0.7388, D Loss: 1.3862` (round27's CB-015, a GAN's loop): the iteration's number
    glued to its word after the epoch's counter, counting within each epoch (the global step is read)."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, grad, _ in batches():
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            g_loss, d_loss = expected.add("G_Loss", step, f"{loss}"), expected.add("D_Loss", step, f"{grad}")
            lines.append(f"epoch {epoch} iteration{batch + 1}, G Loss: {g_loss}, D Loss: {d_loss}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def sasrec_console(path: Path) -> None:
    """SASRec.pytorch's console (`main.py`): `loss in epoch 1 iteration 0: 0.69...` after every batch (the epoch from
    1, the iteration restarting at 0 each epoch: the global step is read; the value after both counters is the
    loss's), and after each epoch `print('Evaluating', end='')` glued to `epoch:1, time: 0.2(s), valid (NDCG@10: ..,
    HR@10: ..)`: the phase word glued to `epoch` is no name, and the split before the parenthesis names the values it
    opens (here the validation accuracy and its mean likelihood exp(-loss), on the epoch axis)."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, val in batches():
        printed = expected.add("loss", epoch * STEPS_PER_EPOCH + batch, repr(loss))
        lines.append(f"loss in epoch {epoch + 1} iteration {batch}: {printed}")
        if val is not None:
            ndcg = expected.add("valid_NDCG@10", epoch + 1, f"{math.exp(-val[0]):.4f}")
            hits = expected.add("valid_HR@10", epoch + 1, f"{val[1]:.4f}")
            lines.append(f"Evaluatingepoch:{epoch + 1}, time: 0.2(s), valid (NDCG@10: {ndcg}, HR@10: {hits})")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def stamped_pipe_table(path: Path) -> None:
    """A script's own table under a rule of dashes whose first column is the time (round34's CY-005): `Timestamp |
    Step | Train Loss | Validation Loss`, then `2025-04-22 22:56:09 | 10 | 7.559443 | 11.410719` every 10 steps; the
    time stamp leads the row as a logger's prefix does, no value."""
    expected = Expected()
    lines = ["Timestamp | Step | Train Loss | Validation Loss", "-" * 50]
    val_loss = None
    for step, (_, _, loss, _, val) in enumerate(batches(), start=1):
        val_loss = val[0] if val is not None else val_loss
        if step % 10 == 0 and val_loss is not None:
            stamp = f"2025-04-22 22:{56 + step // 600:02d}:{step // 10 % 60:02d}"
            train = expected.add("Train_Loss", step, f"{loss:.6f}")
            lines.append(f"{stamp} | {step} | {train} | {expected.add('Validation_Loss', step, f'{val_loss:.6f}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Timestamp", "Step"]
    expected.save(path)


def savetxt_float_index(path: Path) -> None:
    """`numpy.savetxt("train_loss.txt", np.c_[iterations, losses])`: every cell in `%.18e`, the iteration too
    (round34's CY-011). The whole numbers that rise are the steps; the loss takes the file's name."""
    expected = Expected()
    rows = []
    for index, (_, _, loss, _, _) in enumerate(batches()):
        if index % 2 == 0:
            expected.add(path.name, index, repr(float(f"{loss:.18e}")))
            rows.append(f"{float(index):.18e} {loss:.18e}")
    path.write_text("\n".join(rows) + "\n")
    expected.save(path)


def one_loss_a_line(path: Path, name: str, digits: int, line: str) -> None:
    """Each batch's loss printed on a line of its own, `line` formatted with its `index` (from 1) and `value` (to
    `digits` significant digits), read as `name`."""
    expected = Expected()
    lines = [
        line.format(index=index, value=expected.add(name, index, f"{loss:.{digits}g}"))
        for index, (_, _, loss, _, _) in enumerate(batches(), start=1)
    ]
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def epoch_summaries(epochs: int = 6) -> Iterator[tuple[int, float, tuple[float, float]]]:
    """(epoch, its mean training loss, (validation loss, validation accuracy)) at the end of each epoch."""
    for epoch, mean, _, _, _, val in epoch_ends(epochs):
        yield epoch, mean, val[:2]


def epoch_ends(
    epochs: int = EPOCHS, seed: int = SEED
) -> Iterator[tuple[int, float, float, float, float, tuple[float, float, float]]]:
    """(epoch, its mean training loss, its mean grad norm, its last batch's loss and grad norm, (validation loss,
    validation accuracy, training accuracy)) at the end of each epoch."""
    losses: list[float] = []
    norms: list[float] = []
    for epoch, _, loss, grad_norm, val in batches(seed=seed, epochs=epochs):
        losses.append(loss)
        norms.append(grad_norm)
        if val is not None:
            yield epoch, sum(losses) / len(losses), sum(norms) / len(norms), loss, grad_norm, val
            losses, norms = [], []


def counter_inside_name(path: Path) -> None:
    """A counter printed inside the value's name (`Loss for Iter 11: 0.6931, acc = 0.5000` every 10 iterations, a
    1-based global counter; `Test loss for epoch 0: 0.6931, Acc = 0.5000` per epoch: the test's `Acc`, `Test_Acc`),
    after a dict of hyperparameters echoed in a sentence (`Hyperparameters: {'batch': 6, 'lr': 0.05, ...}`: its
    `batch` is no step)."""
    expected = Expected()
    lines = [f"Hyperparameters: {{'batch': 6, 'lr': 0.05, 'epochs': {EPOCHS}, 'seed': {SEED}}}"]
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch + 1
        if batch % LOG_EVERY == 0:
            acc = 1.0 if loss < 0.5 else 0.5  # the batch's accuracy by a fixed threshold: a toy score
            lines.append(
                f"Loss for Iter {step}: {expected.add('Loss', step, f'{loss:.4f}')}, "
                f"acc = {expected.add('acc', step, f'{acc:.4f}')}"
            )
        if val is not None:
            lines.append(
                f"Test loss for epoch {epoch}: {expected.add('Test_loss', epoch, f'{val[0]:.4f}')}, "
                f"Acc = {expected.add('Test_Acc', epoch, f'{val[1]:.4f}')}"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["batch", "lr", "epochs", "seed", "Loss_for_Iter", "Iter"]
    expected.save(path)


def keras_fit_evaluate(path: Path) -> None:
    """Keras `fit(verbose=2)` then `evaluate` (Keras 2's `ProgbarLogger` format strings: `Epoch 1/3`, then
    `40/40 - 0s - 3ms/step - loss: .. - val_loss: ..`; `evaluate` prints `16/16 - 0s - 2ms/step - loss: ..` after the
    last epoch), under TensorFlow's C++ log prefix (`2021-05-09 18:27:16.558632: I .../gpu_device.cc:1720]`) and its
    device properties printed at each session start (`coreClock: 1.185GHz coreCount: 30`): the evaluation is another
    loop (`eval_loss`), not an epoch's point of `loss`; the prefix and the device's properties are no metric."""
    expected = Expected()
    device = [
        "{stamp}: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1720] Found device 0 with properties: ",
        "pciBusID: 0000:01:00.0 name: GeForce RTX 2060 computeCapability: 7.5",
        "coreClock: 1.185GHz coreCount: 30 deviceMemorySize: 6.00GiB deviceMemoryBandwidth: 245.91GiB/s",
    ]
    lines = [line.format(stamp="2021-05-09 18:27:16.558632") for line in device]
    losses: list[float] = []
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            lines.append(f"Epoch {epoch + 1}/{EPOCHS}")
            losses = []
        losses.append(loss)
        if val is not None:
            mean = expected.add("loss", epoch + 1, f"{sum(losses) / len(losses):.4f}")
            val_s = expected.add("val_loss", epoch + 1, f"{val[0]:.4f}")
            lines.append(f"{STEPS_PER_EPOCH}/{STEPS_PER_EPOCH} - 0s - 3ms/step - loss: {mean} - val_loss: {val_s}")
            last_val = val
    lines += [line.format(stamp="2021-05-09 18:27:46.525124") for line in device]
    lines.append(f"16/16 - 0s - 2ms/step - loss: {expected.add('eval_loss', EPOCHS, f'{last_val[0]:.4f}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["coreCount", "computeCapability", "tensorflow/core/common_runtime/gpu/gpu_device.cc"]
    expected.save(path)


def last_batch_per_round(path: Path) -> None:
    """Rounds of training appended to one log, each printing `Epoch #N, Batch #B: Loss=x` once an epoch after its
    loop, `B` the loop's last batch, which each round's data size sets anew (round75's JL-002: `Batch #8` for 100
    epochs, then `Batch #9`, ...): the epoch is the step, starting over each round; the batch no step."""
    expected = Expected()
    lines = []
    for per_epoch in (8, 9, 5):
        for epoch, batch, loss, _, val in batches(per_epoch=per_epoch, epochs=4):
            if val is not None:
                lines.append(f"Epoch #{epoch + 1}, Batch #{batch}: Loss={expected.add('Loss', epoch + 1, repr(loss))}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def best_epoch_summary(path: Path) -> None:
    """guoyang9/BPR-pytorch's main.py: a line of prose an epoch (`The time elapse of epoch 000 is: 00: 00: 01`, no
    metric), the epoch's values on a line of their own (`HR: 0.564\tNDCG: 0.362`), and at the end the best epoch's
    again (`End. Best epoch 007: HR = 0.887, \tNDCG = 0.840`): a summary (`HR_summary`), no more point of the curve."""
    expected = Expected()
    lines = []
    best = (-1.0, 0, 0.0)
    for index, (epoch, _, _, _, _, (val_loss, val_acc, _)) in enumerate(epoch_ends(), start=1):
        lines.append(f"The time elapse of epoch {epoch:03d} is: 00: 00: 01")
        acc, loss = expected.add("acc", index, f"{val_acc:.3f}"), expected.add("loss", index, f"{val_loss:.3f}")
        lines.append(f"acc: {acc}\tloss: {loss}")
        best = max(best, (val_acc, epoch, val_loss))
    acc, loss = expected.add("acc_summary", 1, f"{best[0]:.3f}"), expected.add("loss_summary", 1, f"{best[2]:.3f}")
    lines.append(f"End. Best epoch {best[1]:03d}: acc = {acc}, \tloss = {loss}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def keras_checkpoint_messages(path: Path) -> None:
    """Keras 2's `fit(verbose=1)` with `ModelCheckpoint(verbose=1)`, its `\\r` redraws gone (a captured console keeps
    the last frame): each epoch's bar's last frame (`7/8 [=========================>....] - ETA: 0s - loss: ..`), the
    callback's `Epoch 00001: val_loss improved from inf to 0.69315, saving model to best.h5` on a line of its own, then
    the bar's end line with the same running means and the validation's (round66's HZ-010): one point an epoch, the
    end line's."""
    expected = Expected()
    lines: list[str] = []
    losses: list[float] = []
    best = math.inf
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            lines.append(f"Epoch {epoch + 1}/{EPOCHS}")
            losses = []
        losses.append(loss)
        if val is None:
            continue
        running = f"{sum(losses[:-1]) / (len(losses) - 1):.4f}"
        lines.append(
            f"{STEPS_PER_EPOCH - 1}/{STEPS_PER_EPOCH} [=========================>....] - ETA: 0s - loss: {running}"
        )
        note = f"did not improve from {best:.5f}"
        if val[0] < best:
            note = f"improved from {best:.5f} to {val[0]:.5f}, saving model to best.h5"
        lines.append(f"Epoch {epoch + 1:05d}: val_loss {note}")
        best = min(best, val[0])
        mean = expected.add("loss", epoch + 1, f"{sum(losses) / len(losses):.4f}")
        val_s = expected.add("val_loss", epoch + 1, f"{val[0]:.4f}")
        bar = f"{STEPS_PER_EPOCH}/{STEPS_PER_EPOCH} [==============================]"
        lines.append(f"{bar} - 1s 9ms/step - loss: {mean} - val_loss: {val_s}")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def config_at_each_restart(path: Path) -> None:
    """A job restarted three times (a preempted Slurm job appending to one log) that dies at each start before its
    first step: each start prints its environment, its yacs-style config (`  - CUDA Runtime 12.1`, `  GAMMA: 0.1`,
    as detectron2's `collect_env` and `cfg.dump()` print them), the model (`print(model)`: several BatchNorm lines
    with `eps=1e-05, momentum=0.1`) and the traceback: settings repeated at each restart are no metric, even where
    no line carries a step. The learning rate, halved at each retry, is read (a value that moves, on the index axis
    of step-less lines); the rest repeats one value."""
    import traceback

    import torch

    model = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.BatchNorm1d(16), torch.nn.Linear(16, 8), torch.nn.BatchNorm1d(8)
    )
    try:
        model(torch.zeros(1, 3))  # the wrong input width: the run dies before its first step
    except RuntimeError as error:
        trace = "".join(traceback.format_exception(error)).rstrip()
    lines: list[str] = []
    expected = Expected()
    for restart in range(3):
        lr = expected.add("LR", restart + 1, f"{0.05 / 2**restart:g}")  # halved at each retry: a value that moves
        lines += ["Environment info:", "  - CUDA Runtime 12.1", "Running with full config:", "SOLVER:", f"  LR: {lr}"]
        lines += ["  GAMMA: 0.1", "  WEIGHT_DECAY: 0.0001", "Model:", str(model), trace]
    path.write_text("\n".join(lines).replace(str(REPO) + "/", "").replace(sys.prefix + "/", "") + "\n")
    expected.extra["absent"] = ["CUDA_Runtime", "GAMMA", "WEIGHT_DECAY", "eps", "momentum"]
    expected.save(path)


def basicsr_console(path: Path) -> None:
    """BasicSR's console (`basicsr/utils/logger.py`, `MessageLogger`, and its `get_root_logger` format
    `%(asctime)s.%(msecs)03d - %(levelname)s: %(message)s`, `datefmt="%y-%m-%d %H:%M:%S"`):
    `[epoch:  0, iter:      10, lr:(5.000e-02,)] l_pix: 6.7680e-01 ` (the learning rates as a tuple), then at each
    epoch's end a validation drawn with mmcv's `ProgressBar` (`\\x1b[2F\\x1b[J[>>>   ] 3/8, 9.5 task/s, elapsed: 0s,
    ETA:     1s`, a bar drawn differently at each line) and `# Validation # PSNR: 3.6321e+00` (a toy PSNR of the
    validation loss, `10 * log10(1 / loss)`): the tuple's value is the lr, the bar no line shape of its own at each
    fill, the PSNR read at the step in force."""
    import io
    import math

    stream = io.StringIO()
    basicsr = logging.Formatter("%(asctime)s.%(msecs)03d - %(levelname)s: %(message)s", datefmt="%y-%m-%d %H:%M:%S")
    logger = stream_logger(stream, basicsr, "shapes.basicsr")
    expected = Expected()
    images, width = 8, 30
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch + 1
        if step % LOG_EVERY == 0:
            lr, l_pix = expected.add("lr", step, f"{0.05:.3e}"), expected.add("l_pix", step, f"{loss:.4e}")
            logger.info(f"[epoch:{epoch:3d}, iter:{step:8,d}, lr:({lr},)] l_pix: {l_pix} ")
        if val is not None:
            for done in range(1, images + 1):
                marks = width * done // images
                bar = ">" * marks + " " * (width - marks)
                eta = images - done
                elapsed = expected.add("elapsed", step, "0")  # the bar's own clock: bookkeeping, read at the step
                stream.write(f"\x1b[2F\x1b[J[{bar}] {done}/{images}, 9.5 task/s, elapsed: {elapsed}s, ETA: {eta:5}s\n")
                stream.write(f"Test {done:03d}_bicx2\n")
            psnr = expected.add("PSNR", step, f"{10 * math.log10(1 / val[0]):.4e}")
            logger.info(f"# Validation # PSNR: {psnr}")
    path.write_text(stream.getvalue())
    expected.extra["absent"] = ["iter", "epoch", "task/s", "Test"]
    expected.save(path)


def args_listing_at_each_resume(path: Path) -> None:
    """A job resumed at each epoch (a preempted Slurm job), each start logging a banner and its arguments one per line
    as SwAV's `init_logger` does (`INFO - 09/02/20 13:55:22 - 0:00:00 - arch: mlp` then `    base_lr: 0.05`, aligned
    under the message), the learning rate lowered at each resume, then `step 10 | loss 0.69` lines: the listing is
    settings, however its values change from one start to the next."""
    expected = Expected()
    lines: list[str] = []
    for epoch, batch, loss, _, _ in batches():
        if batch == 0:
            stamp = f"INFO - 09/02/20 13:5{epoch}:22 - 0:00:00 - "
            lines += [stamp + "============ Initialized logger ============", stamp + "arch: mlp"]
            pad = " " * len(stamp)
            lines += [f"{pad}base_lr: {0.05 / 2**epoch:g}", f"{pad}batch_size: 6", f"{pad}epochs: {EPOCHS}"]
            lines += [f"{pad}momentum: 0.9", f"{pad}nmb_prototypes: 30", f"{pad}queue_length: 0"]
            lines += [f"{pad}start_epoch: {epoch}", f"{pad}temperature: 0.1", f"{pad}weight_decay: 0.0001"]
        if batch % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch
            lines.append(f"step {step} | loss {expected.add('loss', step, f'{loss:.4f}')}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["base_lr", "epochs", "momentum", "nmb_prototypes", "start_epoch", "temperature"]
    expected.save(path)


def split_label_key_values(path: Path) -> None:
    """MXNet gluon's image-classification script: `[Epoch 0] training: accuracy=..` and `[Epoch 0] validation:
    loss=.. accuracy=..` after the per-step `step 10 | loss ..` lines; and `test loss: .., acc: ..%` (a `print`): the
    split word opening the line names its values, `key=value` ones too (`validation_loss`, not one more point of the
    training `loss`; `test_acc`)."""
    expected = Expected()
    lines: list[str] = []
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch
        if batch % LOG_EVERY == 0:
            lines.append(f"step {step} | loss {expected.add('loss', step, f'{loss:.4f}')}")
        if val is not None:
            val_loss, accuracy = f"{val[0]:.6f}", f"{val[1]:.6f}"
            lines.append(
                f"[Epoch {epoch}] validation: loss={expected.add('validation_loss', epoch, val_loss)} "
                f"accuracy={expected.add('validation_accuracy', epoch, accuracy)}"
            )
            test_loss, test_acc = f"{val[0] * 1.1:.8f}", f"{val[1] * 90:.6f}%"
            lines.append(
                f"test loss: {expected.add('test_loss', epoch, test_loss)}, "  # under the epoch's line above
                f"acc: {expected.add('test_acc', epoch, test_acc)}"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def prose_sentences(path: Path) -> None:
    """PaddlePaddle-style `print`s in sentences: `Epoch 0, Step 10, avg loss so far is 0.69` and `Epoch 0, val loss is
    0.61, val acc is 0.7.`: `name is value` names its value, the sentence's final dot is no part of it."""
    expected = Expected()
    lines: list[str] = []
    total = 0.0
    for epoch, batch, loss, _, val in batches():
        total += loss
        step = epoch * STEPS_PER_EPOCH + batch + 1
        if (batch + 1) % LOG_EVERY == 0:
            average = f"{total / (batch + 1):.6f}"
            lines.append(
                f"Epoch {epoch}, Step {step}, avg loss so far is {expected.add('avg_loss_so_far', step, average)}"
            )
        if val is not None:
            val_loss, accuracy = f"{val[0]:.6f}", f"{val[1]:.4g}"
            lines.append(
                f"Epoch {epoch}, val loss is {expected.add('val_loss', epoch, val_loss)}, "
                f"val acc is {expected.add('val_acc', epoch, accuracy)}."
            )
            total = 0.0
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def sentence_at_epoch_end(path: Path) -> None:
    """Python logging in sentences, the epoch last (round30's CK-012): `At 3-th epoch.`, then `Average training loss
    is 0.52 at the end of epoch 3` and the validation accuracy's sentence: `name is value` names its value, and the
    counter after it is its epoch."""
    expected = Expected()
    lines: list[str] = []
    total = 0.0
    for epoch, batch, loss, _, val in batches():
        total += loss
        if batch == 0:
            lines.append(f"2023-04-27 18:11:26 INFO: At {epoch}-th epoch.")
        if val is not None:
            average, accuracy = f"{total / (batch + 1):.5f}", f"{val[1]:.5f}"
            lines.append(
                "2023-04-27 18:11:40 INFO: Average training loss is "
                f"{expected.add('Average_training_loss', epoch, average)} at the end of epoch {epoch}"
            )
            lines.append(
                "2023-04-27 18:11:46 INFO: Average validation accuracy is "
                f"{expected.add('Average_validation_accuracy', epoch, accuracy)} at the end of epoch {epoch}"
            )
            total = 0.0
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def once_per_epoch_at_one_counter(path: Path) -> None:
    """A loop logging once per epoch, at its first batch (`[train] epoch:3 iter:0/40 lr:0.05 loss:0.69`, a
    `log_interval` as long as the epoch; mmengine's `Epoch(train) [3][100/110]`): the counter stands at one value at
    every epoch, so the lines are on the epoch axis; plus the best epoch so far, an epoch number (`best_epoch: 2`)."""
    expected = Expected()
    lines: list[str] = []
    best: tuple[float, int] | None = None
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            printed = f"{loss:.6f}"
            lines.append(
                f"[train] epoch:{epoch} iter:0/{STEPS_PER_EPOCH} {100 * batch / STEPS_PER_EPOCH:.2f}% lr:0.050000 "
                f"loss:{expected.add('loss', epoch, printed)} ETA:0.0min"
            )
            expected.add("lr", epoch, "0.050000")
        if val is not None:
            best = (val[0], epoch) if best is None or val[0] < best[0] else best
            lines.append(f"val_loss: {expected.add('val_loss', epoch, f'{val[0]:.6f}')}, best_epoch: {best[1]}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["best_epoch"]
    expected.save(path)


def counter_last_word(path: Path) -> None:
    """An RL-style loop naming its step counter with words before it (`rollout batch 3 generated`, then the step's
    `rl_loss: .., grad_norm: ..` on the line below): the counter is the step of the lines below it."""
    expected = Expected()
    lines: list[str] = []
    for epoch, batch, loss, grad_norm, _ in batches():
        step = epoch * STEPS_PER_EPOCH + batch
        if batch % 5 == 0:
            lines.append(f"2025-09-23 09:01:00,984 - train - INFO - rollout batch {step} generated")
            lines.append(
                f"2025-09-23 09:01:01,112 - train - INFO - rl_loss: {expected.add('rl_loss', step, repr(loss))}, "
                f"grad_norm: {expected.add('grad_norm', step, repr(grad_norm))}"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["rollout_batch"]
    expected.save(path)


def glued_to_open_bar(path: Path) -> None:
    """A log line written while a tqdm bar of unknown length is on screen, so right after it on the same line (a
    validation loop over a generator: `Validation: 0it [00:00, ?it/s][12/09/24 14:03:31] INFO Epoch 0: loss ..`):
    the line is read as if the bar were not there."""
    import io

    from tqdm import tqdm

    expected = Expected()
    stream = io.StringIO()
    for epoch, _, loss, _, val in batches():
        if val is None:
            continue
        bar = tqdm((x for x in range(3)), desc="Validation", file=stream, mininterval=0, ascii=False)
        bar.refresh()
        val_loss, train_loss = (
            expected.add("val_loss", epoch, f"{val[0]:.4e}"),
            expected.add("loss", epoch, f"{loss:.4e}"),
        )
        stream.write(f"[12/09/24 14:0{epoch}:31] INFO     Epoch {epoch}: val_loss {val_loss}  loss {train_loss}\n")
        bar.close()
    path.write_text(stream.getvalue())
    expected.extra["absent"] = ["INFO_Epoch", "Validation"]
    expected.save(path)


def step_less_shapes_apart(path: Path) -> None:
    """A script printing no step at all: `batch loss:0.6931` at each batch, and `val loss: .., val acc: ..` after each
    epoch: each shape's values are numbered by the lines of that shape (the n-th `batch loss` is point n), not by
    every step-less line printed (the validation lines count apart)."""
    expected = Expected()
    lines: list[str] = []
    checks = 0

    def check(val: tuple[float, float]) -> None:
        nonlocal checks
        checks += 1
        loss, accuracy = (
            expected.add("val_loss", checks, f"{val[0]:.6f}"),
            expected.add("val_acc", checks, f"{val[1]:.4f}"),
        )
        lines.append(f"val loss: {loss}, val acc: {accuracy}")

    for index, (_, _, loss, _, val) in enumerate(batches(), start=1):
        lines.append(f"batch loss:{expected.add('batch_loss', index, repr(loss))}")
        if val is not None:
            check(val)
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def sb3_ppo_table(path: Path) -> None:
    """Stable-Baselines3's console record: a tiny PPO run on CartPole (`n_steps=128`, 8 rollouts) logged with SB3's
    own `log` format (`log.txt`, the same `HumanOutputFormat` boxes as its stdout): per dump, a box of `| key | value
    |` rows under `rollout/`, `time/`, `train/` section rows, at `step=num_timesteps`. The values are recorded as SB3
    hands them to its writers and printed as `HumanOutputFormat.write` prints them (`f"{value:<8.3g}"` for a float,
    `str` otherwise); each key is read as `section/key` at its `time/total_timesteps`."""
    import gymnasium as gym
    from stable_baselines3 import PPO
    from stable_baselines3.common.logger import HumanOutputFormat, KVWriter, Logger

    expected = Expected()

    class Recorder(KVWriter):
        def write(self, key_values, key_excluded, step=0) -> None:  # noqa: ANN001 - SB3's signature
            for key, value in sorted(key_values.items()):
                if key != "time/total_timesteps":
                    printed = f"{value:.3g}" if isinstance(value, float) else str(value)
                    expected.add(key, step, printed)

    with open(path, "w") as log:
        env = gym.make("CartPole-v1")
        model = PPO(
            "MlpPolicy", env, n_steps=128, batch_size=32, n_epochs=2, seed=SEED, device="cpu",
            policy_kwargs={"net_arch": [16]},
        )  # fmt: skip
        model.set_logger(Logger(folder=None, output_formats=[HumanOutputFormat(log), Recorder()]))
        model.learn(total_timesteps=1024)
    expected.extra["absent"] = ["time/total_timesteps", "rollout/", "time/", "train/"]
    expected.save(path)


def lightning_progress_bar(path: Path) -> None:
    """Lightning's console (`TQDMProgressBar`, what `Trainer.fit` draws on stderr): per epoch a bar `Epoch 1: 75%|...|
    3/4 [..., v_num=0, train_loss=0.512, val_loss=0.61]` redrawn with `\\r`, reset to `0/4` before the next epoch's
    description, `Validation DataLoader 0: 50%|...| 1/2` bars between, and `Sanity Checking DataLoader 0` before
    training. A tiny run of the example MLP (3 epochs of 4 batches). What the reader must get right: one global axis
    (epoch * 4 + batch, the reset bar aside), never below 0, and no `DataLoader` index read as a metric; a validation
    measure that is NaN at every validation (`val_auc=nan.0`, round61's GX-012) carried like any other."""
    import contextlib

    import lightning as L  # noqa: N812 - Lightning's own spelling
    import torch

    torch.manual_seed(SEED)
    x = torch.randn(64, 2)
    y = (x[:, :1] * x[:, 1:] > 0).float()
    data = torch.utils.data.TensorDataset(x, y)

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))

        def training_step(self, batch, _):  # noqa: ANN001, ANN202 - Lightning's hook
            loss = torch.nn.functional.binary_cross_entropy_with_logits(self.model(batch[0]), batch[1])
            self.log("train_loss", loss, prog_bar=True)
            return loss

        def validation_step(self, batch, _):  # noqa: ANN001, ANN202 - Lightning's hook
            loss = torch.nn.functional.binary_cross_entropy_with_logits(self.model(batch[0]), batch[1])
            self.log("val_loss", loss, prog_bar=True)
            self.log("val_auc", torch.tensor(float("nan")), prog_bar=True)  # a metric of one class only: undefined

        def configure_optimizers(self):  # noqa: ANN202 - Lightning's hook
            return torch.optim.SGD(self.parameters(), lr=0.5)

    loader = torch.utils.data.DataLoader(data, batch_size=16)
    trainer = L.Trainer(
        max_epochs=EPOCHS, accelerator="cpu", logger=False, enable_checkpointing=False, enable_model_summary=False,
        limit_val_batches=2,
    )  # fmt: skip
    with open(path, "w") as log, contextlib.redirect_stderr(log), contextlib.redirect_stdout(log):
        trainer.fit(Module(), loader, loader)
    expected = Expected()
    expected.extra["last_step"] = EPOCHS * 4
    expected.extra["absent"] = ["Validation_DataLoader", "Sanity_Checking_DataLoader", "DataLoader"]
    expected.save(path)


def keras_gan_print(path: Path) -> None:
    """eriklindernoren's Keras-GAN loop (its WGAN's `print("%d [D loss: %f] [G loss: %f]" % (epoch, 1 - d_loss[0],
    1 - g_loss[0]))`) every LOG_EVERY iterations, the iteration a bare number leading the line: the step of the values
    after it. (Two tiny real runs' losses stand for the critic's and the generator's.)"""
    expected = Expected()
    with path.open("w") as stream:
        for (epoch, batch, d_loss, _, _), (_, _, g_loss, _, _) in zip(batches(), batches(seed=SEED + 1), strict=True):
            step = epoch * STEPS_PER_EPOCH + batch
            if step % LOG_EVERY:
                continue
            d, g = expected.add("D_loss", step, f"{d_loss:f}"), expected.add("G_loss", step, f"{g_loss:f}")
            print(f"{step} [D loss: {d}] [G loss: {g}]", file=stream)
    expected.save(path)


def gan_tutorial_lists(path: Path) -> None:
    """The Machine Learning Mastery GAN tutorials (CycleGAN's `print('>%d, dA[%.3f,%.3f] dB[%.3f,%.3f] g[%.3f,%.3f]' %
    (i + 1, ...))`): each loss's values listed in brackets right after its name, the iteration after a `>`. The first
    value of each list is read under the name (as a `[0.001]` list value is)."""
    expected = Expected()
    runs = zip(batches(), batches(seed=SEED + 1), strict=True)
    with path.open("w") as stream:
        for i, ((_, _, a, a_norm, _), (_, _, g, g_norm, _)) in enumerate(runs, start=1):
            da, gg = expected.add("dA", i, f"{a:.3f}"), expected.add("g", i, f"{g:.3f}")
            print(f">{i}, dA[{da},{a_norm:.3f}] g[{gg},{g_norm:.3f}]", file=stream)
    expected.save(path)


def two_handlers_glog(path: Path) -> None:
    """TF-slim's `learning.train` under absl: every `global step N: loss = X (0.851 sec/step)` line reaches the console
    twice, through Python logging (`INFO:tensorflow:`) and through glog (`I0228 18:38:13.096689  7764
    learning.py:507]`): one point per step."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, batch, loss, _, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            if step % LOG_EVERY:
                continue
            line = f"global step {step}: loss = {expected.add('loss', step, f'{loss:.4f}')} (0.851 sec/step)"
            print(f"INFO:tensorflow:{line}", file=stream)
            print(f"I0228 18:{step // 60 % 60:02d}:{step % 60:02d}.096689  7764 learning.py:507] {line}", file=stream)
    expected.save(path)


def arrowed_split_lines(path: Path) -> None:
    """PyTorch's mnist example (`Train Epoch: 1 [60/240 (25%)]\tLoss: 0.69`) with arrowed epoch lines (`====>
    Validation loss: 0.6931,  acc: 52.34%`, round43's DY-002): a split opening the line after the arrow qualifies every
    name on it (`Validation_acc`, not a bare `acc`)."""
    expected = Expected()
    per_batch = len(example().make_data(SEED)[0]) // STEPS_PER_EPOCH  # the examples each of `batches`' steps trains on
    samples = per_batch * STEPS_PER_EPOCH
    with path.open("w") as stream:
        for epoch, batch, loss, _, val in batches():
            if batch % LOG_EVERY == 0:
                seen = batch * per_batch
                loss_text = expected.add("Loss", epoch * samples + seen, f"{loss:.6f}")
                print(f"Train Epoch: {epoch + 1} [{seen}/{samples} ({100 * seen / samples:.0f}%)]\tLoss: {loss_text}",
                      file=stream)  # fmt: skip
            if val is not None:
                at = epoch * samples + (STEPS_PER_EPOCH - LOG_EVERY) * per_batch  # at the epoch's last printed step
                val_loss = expected.add("Validation_loss", at, f"{val[0]:.4f}")
                acc = expected.add("Validation_acc", at, f"{100 * val[1]:.2f}")
                print(f"====> Validation loss: {val_loss},  acc: {acc}%", file=stream)
    expected.extra["absent"] = ["acc"]
    expected.save(path)


def abbreviated_split_words(path: Path) -> None:
    """A pipeline's epoch line with abbreviated splits (`Ep  1/3 | Tr loss=.. acc=.. | Va loss=.. acc=.. | LR=..
    [3s]`, round43's DZ-009): `Va` qualifies the validation pair as `Val` would (`Va_acc`), the training pair keeps its
    bare names; the epoch-time in brackets is no value."""
    import time

    expected = Expected()
    train_losses: list[float] = []
    learning_rate = 0.05
    with path.open("w") as stream:
        started = time.perf_counter()
        for epoch, _, loss, _, val in batches(lr=learning_rate):
            train_losses.append(loss)
            if val is None:
                continue
            ep = epoch + 1
            tr = expected.add("Tr_loss", ep, f"{sum(train_losses) / len(train_losses):.4f}")
            tr_acc = expected.add("acc", ep, f"{val[2]:.3f}")
            va, va_acc = expected.add("Va_loss", ep, f"{val[0]:.4f}"), expected.add("Va_acc", ep, f"{val[1]:.3f}")
            lr = expected.add("LR", ep, f"{learning_rate:.1e}")
            seconds = time.perf_counter() - started  # the epoch's wall time, as the pipeline prints it
            print(f"  F1 Ep {ep:2d}/{EPOCHS} | Tr loss={tr} acc={tr_acc} | Va loss={va}  acc={va_acc} | LR={lr} "
                  f"[{seconds:.2f}s]", file=stream)  # fmt: skip
            train_losses.clear()
            started = time.perf_counter()
    expected.save(path)


def index_glued_value(path: Path, glue: str = "_", width: int = 0) -> None:
    """A loop's `f.write(f"{epoch}_{val_loss}\n")` (round43's DZ-006), `print(f"{epoch}:{val_loss}")` redirected to a
    file (round61's GZ-011, `11:51.787...`: no clock, nothing else is on the line), or `f"{epoch:04d}-{loss:.4f}"`
    (round63's HK-011, `0001-64.5714`): each line an epoch, `width` digits wide, glued to its value by `glue`; the
    file's one series, named by the file."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, _, _, _, val in batches(epochs=6):
            if val is not None:
                value = expected.add(path.name, epoch + 1, f"{val[0]:.4f}" if width else repr(val[0]))
                print(f"{epoch + 1:0{width}d}{glue}{value}", file=stream)
    expected.save(path)


def one_line_per_epoch_scoped(path: Path) -> None:
    """`Epoch [e/50], Step [s/40], Loss: ..` every LOG_EVERY batches, then a second run appended to the file that logs
    every 36th batch (`if (i + 1) % 36 == 0`), so once per epoch of 40, at `Step [36/40]` (round43's EA-003 logged
    every 6th of 7): the counter restarts each epoch at the value it last stood at, so the appended run's steps go on
    as epoch index x 40 + 36 (36, 76, 116, ...), each point keeping its epoch on the run's epoch axis; not 36
    throughout."""
    expected = Expected()
    axis: list[list[float]] = []
    every = 36  # the appended run's logging interval: once in each epoch of STEPS_PER_EPOCH batches
    with path.open("w") as stream:
        runs = ((batches(epochs=2), LOG_EVERY), (batches(seed=SEED + 1, epochs=4), every))
        for run, interval in runs:
            for epoch, batch, loss, _, _ in run:
                if (batch + 1) % interval == 0:
                    at = epoch * STEPS_PER_EPOCH + batch + 1
                    axis.append([at, epoch + 1])
                    counter = f"Epoch [{epoch + 1}/50], Step [{batch + 1}/{STEPS_PER_EPOCH}]"
                    print(f"{counter}, Loss: {expected.add('Loss', at, f'{loss:.4f}')}", file=stream)
    expected.extra["epoch_axis"] = axis
    expected.save(path)


def numbered_dash_pairs(path: Path) -> None:
    """first-order-motion-model's `Logger.log_scores`: each epoch's mean losses as `%s - %.5f` pairs joined by `; `
    after the epoch zero-filled to eight digits and a parenthesis (`00000003) bce - 0.54012; grad_norm - 0.81233`,
    round44's EF-004): each value named by the word before its dash, on the epoch the line opens with."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, norm, *_ in epoch_ends(6):
            bce, grad = expected.add("bce", epoch, f"{mean:.5f}"), expected.add("grad_norm", epoch, f"{norm:.5f}")
            print(f"{str(epoch).zfill(8)}) bce - {bce}; grad_norm - {grad}", file=stream)
    expected.save(path)


def counter_clause_in_long_name(path: Path) -> None:
    """Python `logging` lines naming a value in a long phrase that ends in its counter (`Training average loss at step
    10: 0.693147`, `Training average grad_norm at step 10: ...`, as RulE's KGE trainer logs, round44's ED-002): the
    words before `at step` name the value, however many (the counter's two words are no part of the name)."""
    expected = Expected()
    formatter = logging.Formatter("%(asctime)s %(levelname)-8s %(message)s", datefmt="%Y-%m-%d %H:%M:%S")
    with path.open("w") as stream:
        logger = stream_logger(stream, formatter, "shapes.counter_clause")
        for epoch, batch, loss, grad_norm, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch
            if step % LOG_EVERY == 0:
                for name, value in (("loss", loss), ("grad_norm", grad_norm)):
                    printed = expected.add(f"Training_average_{name}", step, f"{value:.6f}")
                    logger.info("Training average %s at step %d: %s", name, step, printed)
    expected.save(path)


def foreign_counter_words(path: Path) -> None:
    """A Dutch self-play loop's `Iteratie: 2` over each iteration's `Epoca 0: tensor(0.6931, grad_fn=<DivBackward0>)`
    lines (round44's ED-004): `Epoca` and `Iteratie` are an epoch and an iteration, no metrics, and the value is the
    tensor's, printed as `print(f"Epoca {e}: {loss}")` prints a loss averaged with autograd on; the file's one series,
    named by the file, on the epoch printed."""
    import torch

    expected = Expected()
    with path.open("w") as stream:
        for iteration in (1, 2):
            print(f"Iteratie: {iteration}", file=stream)
            losses: list[float] = []
            for epoch, _, loss, _, val in batches(seed=SEED + iteration):
                losses.append(loss)
                if val is None:
                    continue
                total = torch.tensor(losses, requires_grad=True).sum()
                mean = total / len(losses)  # what `running_loss / len(loader)` gives: a tensor with its grad_fn
                printed = str(mean)
                expected.add(path.name, epoch, printed.split("(")[1].split(",")[0])
                print(f"Epoca {epoch}: {printed}", file=stream)
                losses = []
    expected.save(path)


def episode_counter_pipes(path: Path) -> None:
    """An RL loop's `Episode 50/400 | return = 5.000 | loss = -2.077679 | len = 7` every 10 episodes of REINFORCE on
    a two-armed bandit (round44's ED-007): `Episode` counts the steps of the run (with its total), its values are
    named by the words before `=`."""
    from make_format_fixtures import bandit_episodes

    expected = Expected()
    total = 200
    with path.open("w") as stream:
        print(f"Training started: {total} episodes", file=stream)
        previous = 0
        for episode, steps, reward, loss in bandit_episodes(total):
            length, previous = steps - previous, steps
            if episode % 10 == 0:
                pairs = [("return", f"{reward:.3f}"), ("loss", f"{loss:.6f}"), ("len", str(length))]
                cells = " | ".join(f"{name} = {expected.add(name, episode, value)}" for name, value in pairs)
                print(f"Episode {episode}/{total} | {cells}", file=stream)
        print(f"Training completed: {total} episodes", file=stream)
    expected.save(path)


def plus_minus_names(path: Path) -> None:
    """A tracker's evaluation summary `  Val | mean=0.41 median=0.38 ±0.25=31.25% ±0.5=68.75%` (round44's EE-002): the
    share of predictions within ±0.25 and ±0.5 of their target are values named `±0.25` and `±0.5`, not spreads of
    the value before them (as `0.713 ± 0.267` is)."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, batch, loss, _, val in batches(errors=True):
            if batch % LOG_EVERY == 0:
                step = epoch * STEPS_PER_EPOCH + batch
                print(f"step {step} loss {expected.add('loss', step, f'{loss:.4f}')}", file=stream)
            if val is None:
                continue
            error = val[3]
            cells = [("mean", f"{float(error.mean()):.2f}"), ("median", f"{float(error.median()):.2f}")]
            cells += [(f"±{k}", f"{100 * float((error <= k).float().mean()):.2f}") for k in (0.25, 0.5)]
            at = epoch * STEPS_PER_EPOCH + STEPS_PER_EPOCH - LOG_EVERY  # the epoch's last printed step
            printed = " ".join(f"{name}={expected.add(f'Val_{name}', at, value)}{'%' * name.startswith('±')}"
                               for name, value in cells)  # fmt: skip
            print(f"  Val | {printed}", file=stream)
    expected.save(path)


def ruled_parts_of_named_epochs(path: Path) -> None:
    """PointNet's `log_train.txt`: `**** EPOCH 000 ****`, then for each training file `----0-----` over that file's
    `mean loss: ..` and `accuracy: ..`, then the evaluation's `----0-----` block (round44's EF-007, EF-009): the ruled
    numbers count files within the named epoch, whose lines all stand at that epoch."""
    expected = Expected()
    files = 2  # the training set comes in two files, each trained on in turn
    with path.open("w") as stream:
        losses: list[float] = []
        for epoch, batch, loss, _, val in batches(epochs=4):
            if batch == 0:
                print(f"**** EPOCH {epoch:03d} ****", file=stream)
            losses.append(loss)
            if (batch + 1) % (STEPS_PER_EPOCH // files) == 0:
                print(f"----{batch // (STEPS_PER_EPOCH // files)}-----", file=stream)
                print(f"mean loss: {expected.add('mean_loss', epoch, f'{sum(losses) / len(losses):f}')}", file=stream)
                losses = []
            if val is not None:
                print("----0-----", file=stream)
                print(f"eval mean loss: {expected.add('eval_mean_loss', epoch, f'{val[0]:f}')}", file=stream)
                print(f"eval accuracy: {expected.add('eval_accuracy', epoch, f'{val[1]:f}')}", file=stream)
    expected.save(path)


def indices_inside_names(path: Path) -> None:
    """A PointNet fork's `log_train.txt` (round56's FY-007): each epoch's evaluation loss, then each class's accuracy
    as `Class 0: 0.90 (643/713)` and as `eval class 0 accuracy: 0.25`: the class index is part of the name
    (`Class_0`, `eval_class_1_accuracy`: a series per class), not a value of its own, and each class's line is a
    shape of its own."""
    expected = Expected()
    _, labels = example().make_data(SEED + 100, 64)  # the validation set's labels, as `batches` draws them
    labels = labels.flatten()
    with path.open("w") as stream:
        for epoch, _, _, _, val in batches(errors=True):
            if val is None:
                continue
            print(f"**** EPOCH {epoch:03d} ****", file=stream)
            print(f"eval mean loss: {expected.add('eval_mean_loss', epoch, f'{val[0]:f}')}", file=stream)
            right = val[3].flatten() < 0.5
            for c in (0, 1):
                share = f"{float(right[labels == c].float().mean()):f}"
                count = f"{int(right[labels == c].sum())}/{int((labels == c).sum())}"
                print(f"Class {c}: {expected.add(f'Class_{c}', epoch, share)} ({count})", file=stream)
                print(f"eval class {c} accuracy: {expected.add(f'eval_class_{c}_accuracy', epoch, share)}", file=stream)
    expected.save(path)


def sb3_eval_callback(path: Path) -> None:
    """Stable-Baselines3's `EvalCallback(verbose=1)` on stdout: every `eval_freq` steps `Eval num_timesteps=256,
    episode_reward=9.40 +/- 0.80` and `Episode length: 9.40 +/- 0.80` (round44's EF-011): `num_timesteps` is the step
    of both lines, no metric. A tiny PPO run on CartPole, evaluated on 5 episodes every 256 steps; the expected values
    are the callback's own records of each evaluation (`evaluations_results`, `evaluations_length`)."""
    import contextlib
    import io

    import gymnasium as gym
    import numpy as np
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import EvalCallback

    expected = Expected()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model = PPO(
            "MlpPolicy", gym.make("CartPole-v1"), n_steps=128, batch_size=32, n_epochs=2, seed=SEED, device="cpu",
            policy_kwargs={"net_arch": [16]},
        )  # fmt: skip
        with tempfile.TemporaryDirectory() as kept:  # where the callback keeps its evaluations (and so records them)
            callback = EvalCallback(gym.make("CartPole-v1"), eval_freq=256, n_eval_episodes=5, log_path=kept, verbose=1)
            model.learn(total_timesteps=1024, callback=callback)
    for step, rewards, lengths in zip(
        callback.evaluations_timesteps, callback.evaluations_results, callback.evaluations_length, strict=True
    ):
        expected.add("Eval_episode_reward", step, f"{np.mean(rewards):.2f}")
        expected.add("Eval_episode_reward_std", step, f"{np.std(rewards):.2f}")
        expected.add("Episode_length", step, f"{np.mean(lengths):.2f}")
        expected.add("Episode_length_std", step, f"{np.std(lengths):.2f}")
    path.write_text(printed.getvalue())
    expected.extra["absent"] = ["Eval_num_timesteps"]
    expected.save(path)


def glued_epoch_after_prose(path: Path) -> None:
    """`Load file: None, EP3, avg_loss=0.0043` once an epoch (round37's DT-011): `EP` glued to its epoch after a
    delimiter is the epoch, whatever prose comes before it."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, *_ in epoch_ends(6):
            print(f"Load file: None, EP{epoch}, avg_loss={expected.add('avg_loss', epoch, f'{mean:.4f}')}", file=stream)
    expected.save(path)


def leading_time_then_counters(path: Path) -> None:
    """MindSpore's `LossMonitor` lines behind the seconds elapsed (`12 epoch: 1 step: 4 total_loss: 0.73449`, round34's
    CW-002): the number leading the line is no step where named counters follow it; the step counter restarts each
    epoch, on one global axis."""
    import time

    expected = Expected()
    started = time.perf_counter()
    with path.open("w") as stream:
        for epoch, batch, loss, _, _ in batches():
            step = expected.add("total_loss", epoch * STEPS_PER_EPOCH + batch + 1, f"{loss:.5f}")
            elapsed = int(1000 * (time.perf_counter() - started))  # milliseconds: the tiny run is fast
            print(f"{elapsed} epoch: {epoch + 1} step: {batch + 1} total_loss: {step}", file=stream)
    expected.save(path)


def number_inside_a_name(path: Path) -> None:
    """An RL loop's `    episode   10 | mean return (last 10) =    5.20` every 10 episodes (round44's EF-011): a number
    inside a parenthesis that closes right before the value's `=` or `:` is part of the name (`mean_return_(last_10)`),
    not a value of its own."""
    from make_format_fixtures import bandit_episodes

    expected = Expected()
    window: list[float] = []
    with path.open("w") as stream:
        for episode, _, reward, _ in bandit_episodes(120):
            window = [*window[-9:], reward]
            if episode % 10 == 0:
                mean = expected.add("mean_return_(last_10)", episode, f"{sum(window) / len(window):.2f}")
                print(f"    episode {episode:4d} | mean return (last 10) = {mean:>7}", file=stream)
    expected.save(path)


def symbolic_math_logger(path: Path) -> None:
    """Facebook's SymbolicMathematics trainer (round45's EG-002), with its `LogFormatter` (`INFO - 03/11/25 14:44:34 -
    0:00:46 - ` before each message) and its `print_stats` line every LOG_EVERY iterations (`"%7i - " % n_total_iter`,
    then `"{:7.2f} equations/s - {:8.2f} words/s - "`, the task's loss `MLP:  0.6931` and ` - LR: 5.0000e-02`); at
    each epoch's end `__log__:{"epoch": 0, "valid_mlp_xe_loss": ..., "valid_mlp_acc": ...}` between its `====`
    banners. The integer leading each stats line is its step; an epoch's scores are at the step of its last stats
    line."""
    import time
    from datetime import timedelta

    class LogFormatter(logging.Formatter):  # SymbolicMathematics' src/logger.py
        def __init__(self) -> None:
            super().__init__()
            self.start_time = time.time()

        def format(self, record: logging.LogRecord) -> str:
            elapsed_seconds = round(record.created - self.start_time)
            prefix = "{} - {} - {}".format(record.levelname, time.strftime("%x %X"), timedelta(seconds=elapsed_seconds))
            message = record.getMessage().replace("\n", "\n" + " " * (len(prefix) + 3))
            return f"{prefix} - {message}" if message else ""

    expected = Expected()
    window: list[float] = []
    last_time, step = time.time(), 0
    with path.open("w") as stream:
        log = stream_logger(stream, LogFormatter(), "shapes.symbolic_math")
        for epoch, batch, loss, _, val in batches():
            if batch == 0:
                log.info(f"============ Starting epoch {epoch} ... ============")
            step += 1
            window.append(loss)
            if step % LOG_EVERY == 0:
                diff = max(time.time() - last_time, 1e-6)
                last_time = time.time()
                stat = f"MLP: {sum(window) / len(window):7.4f}"
                expected.add("MLP", step, stat.split()[-1])
                speed = f"{LOG_EVERY * 32 / diff:7.2f} equations/s - {LOG_EVERY * 580 / diff:8.2f} words/s - "
                expected.add("equations/s", step, speed.split()[0])
                expected.add("words/s", step, speed.split()[3])
                log.info(f"{step:7d} - " + speed + stat + " - LR: " + expected.add("LR", step, f"{0.05:.4e}"))
                window = []
            if val is not None:
                log.info(f"============ End of epoch {epoch} ============")
                scores = {"epoch": epoch, "valid_mlp_xe_loss": val[0], "valid_mlp_acc": 100 * val[1]}
                expected.add("valid_mlp_xe_loss", step, repr(val[0]))
                expected.add("valid_mlp_acc", step, repr(100 * val[1]))
                log.info(f"__log__:{json.dumps(scores)}")
    expected.save(path)


def notebook_bars_foreign_headings(path: Path) -> None:
    """A notebook's captured output (round45's EH-001): per epoch a `--- Epoch 1/3 ---` banner, the epoch's tqdm bar
    as the notebook's text shows it (no bar body: `100% 40/40 [00:00<00:00, 310.52it/s, loss=0.693]`, tqdm's own
    `format_meter`), then Spanish headings ending in an ellipsis over step-less values: `Calculando métricas de
    entrenamiento...` (training) and `Calculando métricas de validación...` (validation) above `mIoU macro = 0.5000 |
    Dice macro = 0.6667`. The bar's counter restarts each epoch on one global axis; the validation's values are
    `validación_`'s, apart from the training's."""
    import time

    from tqdm import tqdm

    expected = Expected()
    form = "{percentage:3.0f}% {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
    started = time.perf_counter()
    with path.open("w") as stream:
        for epoch, batch, loss, _, val in batches():
            if batch == 0:
                print(f"\n--- Epoch {epoch + 1}/{EPOCHS} ---", file=stream)
                started = time.perf_counter()
            if val is None:
                continue
            step = (epoch + 1) * STEPS_PER_EPOCH
            shown = f"{loss:.3g}"
            elapsed = time.perf_counter() - started
            bar = tqdm.format_meter(STEPS_PER_EPOCH, STEPS_PER_EPOCH, elapsed, postfix=f"loss={shown}", bar_format=form)
            print(bar, file=stream)
            expected.add("loss", step, shown)
            for heading, prefix, accuracy in (("entrenamiento", "", val[2]), ("validación", "validación_", val[1])):
                print(f"Calculando métricas de {heading}...", file=stream)
                miou, dice = f"{accuracy:.4f}", f"{2 * accuracy / (1 + accuracy):.4f}"
                print(f"mIoU macro = {miou} | Dice macro = {dice}", file=stream)
                expected.add(f"{prefix}mIoU_macro", step, miou)
                expected.add(f"{prefix}Dice_macro", step, dice)
    expected.save(path)


def kipf_gcn_console(path: Path) -> None:
    """Kipf's GCN `train.py` (round45's EH-003): `print("Epoch:", '%04d' % (epoch + 1), "train_loss=", "{:.5f}"...)`
    per epoch, `Optimization Finished!`, then `Test set results: cost= 0.69315 accuracy= 0.50000 time= 0.00123`: the
    test set's `cost` and `accuracy` (`Test_cost`), at the last epoch."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, _, _, _, (val_loss, val_acc, _) in epoch_ends(6):
            cells = {"train_loss": mean, "train_acc": 1 - mean / 2, "val_loss": val_loss, "val_acc": val_acc}
            printed = {name: f"{value:.5f}" for name, value in cells.items()}
            for name, shown in printed.items():
                expected.add(name, epoch + 1, shown)
            shown = [f"{name}= {printed[name]}" for name in cells]
            print("Epoch:", f"{epoch + 1:04d}", *shown, "time=", f"{0.01 + epoch / 1000:.5f}", file=stream)
            expected.add("time", epoch + 1, f"{0.01 + epoch / 1000:.5f}")
            last = (epoch + 1, val_loss, val_acc)
        print("Optimization Finished!", file=stream)
        cost, accuracy = f"{last[1]:.5f}", f"{last[2]:.5f}"
        print("Test set results:", "cost=", cost, "accuracy=", accuracy, "time=", f"{0.00123:.5f}", file=stream)
        expected.add("Test_cost", last[0], cost)
        expected.add("Test_accuracy", last[0], accuracy)
        expected.add("Test_time", last[0], "0.00123")
    expected.save(path)


def printed_loss_tensor(path: Path) -> None:
    """A loop that prints its loss tensor as is, `print(loss)` (PANNs' `pytorch/main.py` at every iteration, many
    beginners' scripts at every epoch): `tensor(0.6931, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)` a line,
    a tiny logistic regression's real tensors, under a start line; read as the loss, one point a line."""
    import io

    import torch

    torch.manual_seed(SEED)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).float()
    weights = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=0.5)
    stream = io.StringIO()
    print("Start training", file=stream)
    expected = Expected()
    for epoch in range(1, 13):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ weights, y)
        print(loss, file=stream)
        expected.add("loss", epoch, f"{loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    path.write_text(stream.getvalue())
    expected.save(path)


def average_split_of_epoch(path: Path) -> None:
    """pytorch_DGCNN's main.py: `k used in SortPooling is: 12`, then each epoch `average training of epoch 0: loss
    0.69315 acc 0.50000 auc 0.50000` and `average test of epoch 0: ...` in ANSI colours; a tiny logistic regression's
    real epochs (0-based, as printed), its training split's values bare, the test's under `test_`."""
    import torch

    torch.manual_seed(SEED)
    x, x_test = torch.randn(64, 4), torch.randn(32, 4)
    y, y_test = (x[:, 0] > 0).float(), (x_test[:, 0] > 0).float()
    weights = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=0.5)
    lines = ["k used in SortPooling is: 12"]
    expected = Expected()
    for epoch in range(6):
        for split, inputs, labels, colour in (("training", x, y, 92), ("test", x_test, y_test, 93)):
            logits = inputs @ weights
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels)
            acc = float(((logits > 0).float() == labels).float().mean())
            pairs = logits[labels == 1][:, None] - logits[labels == 0][None, :]  # the AUC: pairs ranked right
            auc = float((pairs > 0).float().mean() + (pairs == 0).float().mean() / 2)
            prefix = "" if split == "training" else "test_"
            printed = [
                expected.add(f"{prefix}{name}", epoch, f"{value:.5f}")
                for name, value in (("loss", loss.item()), ("acc", acc), ("auc", auc))
            ]
            values = f"loss {printed[0]} acc {printed[1]} auc {printed[2]}"
            lines.append(f"\033[{colour}maverage {split} of epoch {epoch}: {values}\033[0m")
            if split == "training":
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def records_without_newlines(path: Path) -> None:
    """A loop's `f.write("train loss : {}, val loss : {}".format(train, val))` with no `\\n` (round45's EJ-006): one
    line of records back to back, each glued to the last digit of the one before it; each is an epoch's."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, _, _, _, (val_loss, *_) in epoch_ends(10):
            stream.write(f"train loss : {mean}, val loss : {val_loss}")
            expected.add("train_loss", epoch + 1, repr(mean))
            expected.add("val_loss", epoch + 1, repr(val_loss))
    expected.save(path)


def filename_prefix_lines(path: Path) -> None:
    """build-nanogpt's lines through `logging.basicConfig(format="%(asctime)s %(filename)s %(message)s")` (round45's
    EJ-010): `2024-06-14 18:43:08,209 train.py step    10 | loss: 0.693147 | lr 5.0000e-02 | norm: 1.2345 | dt:
    1.23ms | tok/sec: 12345.67` and, at each epoch's end, `... train.py validation loss: 0.6931`: the file's name is
    the logger's prefix, no part of `validation loss`."""
    import time

    expected = Expected()
    step = 0
    last = time.perf_counter()
    with path.open("w") as stream:
        formatter = logging.Formatter("%(asctime)s %(filename)s %(message)s")
        log = stream_logger(stream, formatter, "shapes.filename_prefix")
        for _, _, loss, grad_norm, val in batches():
            now = time.perf_counter()
            dt, last = (now - last) * 1000, now
            shown = expected.add("loss", step, f"{loss:.6f}")
            expected.add("lr", step, f"{0.05:.4e}")
            expected.add("norm", step, f"{grad_norm:.4f}")
            expected.add("dt", step, f"{dt:.2f}")
            expected.add("tok/sec", step, f"{32 * 16 / dt * 1000:.2f}")
            norm, tokens = f"{grad_norm:.4f}", f"{32 * 16 / dt * 1000:.2f}"
            log.info(
                f"step {step:5d} | loss: {shown} | lr {0.05:.4e} | norm: {norm} | dt: {dt:.2f}ms | tok/sec: {tokens}"
            )
            if val is not None:
                log.info(f"validation loss: {expected.add('validation_loss', step, f'{val[0]:.4f}')}")
            step += 1
    expected.save(path)


def moment_detr_epoch_losses(path: Path) -> None:
    """Moment-DETR's `train_log_txt_formatter`, `"{time_str} [Epoch] {epoch:03d} [Loss] {loss_str}\\n"` (the time as
    `time.strftime("%Y_%m_%d_%H_%M_%S")`, the losses as `" ".join(f"{k} {v.avg:.4f}")`), once per epoch (round46's
    EM-004): the underscored time stamp is a prefix, each name stands before its value."""
    import time

    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, grad_mean, _, _, (val_loss, *_) in epoch_ends(6):
            cells = {"loss_label": mean, "loss_norm": grad_mean, "loss_overall": mean + val_loss}
            shown = " ".join(f"{k} {expected.add(k, epoch + 1, f'{v:.4f}')}" for k, v in cells.items())
            stream.write(f"{time.strftime('%Y_%m_%d_%H_%M_%S')} [Epoch] {epoch + 1:03d} [Loss] {shown}\n")
    expected.save(path)


def global_step_after_iteration(path: Path) -> None:
    """Python logging (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`) of a TensorFlow-style loop (round46's
    EN-003): `iteration 0: global_step=1; loss_value=0.693147`, the epoch (`iteration`) before the global step: the
    global step is the line's step."""
    expected = Expected()
    with path.open("w") as stream:
        formatter = logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s")
        log = stream_logger(stream, formatter, "root.global_step")
        for step, (epoch, _, loss, _, _) in enumerate(batches(), start=1):
            log.info(
                f"iteration {epoch}: global_step={step}; loss_value={expected.add('loss_value', step, f'{loss:.6f}')}"
            )
    expected.extra["absent"] = ["iteration", "global_step"]
    expected.save(path)


def swin_main_log(path: Path) -> None:
    """Swin Transformer's `main.py` logger (`[%(asctime)s %(name)s] (%(filename)s %(lineno)d): %(levelname)s
    %(message)s`), as its `train_one_epoch` and `validate` print (round46's EK-007, EK-010): `Train: [0/3][10/40]\\teta
    0:00:01 lr 0.050000\\t wd 0.0500\\ttime 0.0123 (0.0150)\\tloss 0.6931 (0.6950)\\tgrad_norm 1.2345 (1.3000)\\tmem
    150MB`, then `EPOCH 0 training takes 0:00:01`, `Test: [0/1]\\tTime ...\\tLoss 0.6931 (0.6931)\\tAcc@1 71.875
    (71.875)`, ` * Acc@1 71.875 Acc@5 100.000` and `Max accuracy: 71.88%`: the split's first bracket is the epoch, the
    second the iteration within it (the global step: epoch x 40 + iteration), a running mean in parentheses no value of
    its own; the evaluation's values stand under `EPOCH 0 ...`, at that epoch, as a marker's block does."""
    import time

    expected = Expected()
    best = 0.0
    with path.open("w") as stream:
        formatter = logging.Formatter("[%(asctime)s %(name)s] (%(filename)s %(lineno)d): %(levelname)s %(message)s")
        log = stream_logger(stream, formatter, "swin_tiny_patch4_window7_224")
        losses: list[float] = []
        last = time.perf_counter()
        for epoch, batch, loss, grad_norm, val in batches(epochs=6):
            losses.append(loss)
            now = time.perf_counter()
            took, last = now - last, now
            step = epoch * STEPS_PER_EPOCH + batch
            if batch % LOG_EVERY == 0:
                cells = [
                    f"eta 0:00:{STEPS_PER_EPOCH - batch:02d} lr {expected.add('lr', step, f'{0.05:.6f}')}",
                    f" wd {expected.add('wd', step, f'{0.05:.4f}')}",
                    f"time {expected.add('time', step, f'{took:.4f}')} ({took:.4f})",
                    f"loss {expected.add('loss', step, f'{loss:.4f}')} ({sum(losses) / len(losses):.4f})",
                    f"grad_norm {expected.add('grad_norm', step, f'{grad_norm:.4f}')} ({grad_norm:.4f})",
                    "mem 150MB",
                ]
                log.info(f"Train: [{epoch}/6][{batch}/{STEPS_PER_EPOCH}]\t" + "\t".join(cells))
            if val is not None:
                log.info(f"EPOCH {epoch} training takes 0:00:0{epoch + 1}")  # the block below is that epoch's
                loss_shown = expected.add("Test_Loss", epoch, f"{val[0]:.4f}")
                acc_shown = expected.add("Test_Acc@1", epoch, f"{100 * val[1]:.3f}")
                shown = f"Loss {loss_shown} ({loss_shown})\tAcc@1 {acc_shown} ({acc_shown})"
                log.info(f"Test: [0/1]\tTime {expected.add('Test_Time', epoch, '0.012')} (0.012)\t{shown}")
                acc = expected.add("Acc@1", epoch, f"{100 * val[1]:.3f}")
                log.info(f" * Acc@1 {acc} Acc@5 {expected.add('Acc@5', epoch, f'{100.0:.3f}')}")
                best = max(best, 100 * val[1])
                log.info(f"Max accuracy: {expected.add('Max_accuracy', epoch, f'{best:.2f}')}%")
                losses = []
    expected.extra["absent"] = ["Train", "eta"]
    expected.save(path)


def paddleclas_restarted(path: Path) -> None:
    """PaddleClas's `ppcls` logger (`[%(asctime)s] %(name)s %(levelname)s: %(message)s`, round46's EK-002) of a run
    started, stopped after its first epoch, and started again: `[Train][Epoch 1/3][Iter: 0/40]lr(LinearWarmup):
    0.05000, CELoss: 0.69315, loss: 0.69315, batch_cost: 0.01234s, ...`, the epoch's `[Train][Epoch 1/3][Avg]CELoss:
    0.68, loss: 0.68` and `[Eval][Epoch 1][Avg]CELoss: 0.67, loss: 0.67, top1: 0.71875`: the training averages are the
    epoch's own series (`epoch_loss`, at the epoch), though the restart prints epoch 1's again (one point: the same
    value at the same epoch), each name glued to its tag read."""
    expected = Expected()
    with path.open("w") as stream:
        formatter = logging.Formatter("[%(asctime)s] %(name)s %(levelname)s: %(message)s", datefmt="%Y/%m/%d %H:%M:%S")
        log = stream_logger(stream, formatter, "ppcls")
        for restarted in (False, True):  # stopped after its first epoch, then the whole run
            losses: list[float] = []
            for epoch, batch, loss, _, val in batches(epochs=EPOCHS if restarted else 1):
                losses.append(loss)
                step = epoch * STEPS_PER_EPOCH + batch
                if batch % LOG_EVERY == 0:
                    lr = expected.add("lr(LinearWarmup)", step, f"{0.05:.5f}")
                    ce = expected.add("CELoss", step, f"{loss:.5f}")
                    expected.add("loss", step, ce)
                    cost = expected.add("batch_cost", step, "0.01234")
                    expected.add("ips", step, "2593.00000")
                    log.info(
                        f"[Train][Epoch {epoch + 1}/{EPOCHS}][Iter: {batch}/{STEPS_PER_EPOCH}]lr(LinearWarmup): {lr}, "
                        f"CELoss: {ce}, loss: {ce}, batch_cost: {cost}s, ips: 2593.00000 samples/s"
                    )
                if val is not None:
                    mean, vl, top1 = (f"{v:.5f}" for v in (sum(losses) / len(losses), val[0], val[1]))
                    if not (restarted and epoch == 0):  # printed again at the same epoch: one point
                        printed = {"epoch_CELoss": mean, "epoch_loss": mean, "Eval_CELoss": vl, "Eval_loss": vl}
                        for name, shown in {**printed, "Eval_top1": top1}.items():
                            expected.add(name, epoch + 1, shown)
                    log.info(f"[Train][Epoch {epoch + 1}/{EPOCHS}][Avg]CELoss: {mean}, loss: {mean}")
                    log.info(f"[Eval][Epoch {epoch + 1}][Avg]CELoss: {vl}, loss: {vl}, top1: {top1}")
                    losses = []
    expected.extra["absent"] = ["Iter", "Avg"]
    expected.save(path)


def accuracy_as_a_count(path: Path) -> None:
    """`print(f"Epoch {epoch} loss {loss} valid acc {correct}/{total}")` (round44's EC-010, round43's EA-006): an
    accuracy printed as the count of right answers over the examples' is its share (18/64: 0.28125)."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, _, _, _, (_, val_acc, _) in epoch_ends(6):
            correct = round(val_acc * 64)  # the 64 validation examples of `batches`
            expected.add("loss", epoch + 1, repr(mean))
            expected.add("valid_acc", epoch + 1, repr(correct / 64))
            print(f"Epoch {epoch + 1} loss {mean} valid acc {correct}/64", file=stream)
    expected.save(path)


def bracketed_logging_lines(path: Path) -> None:
    """A logger whose whole line stands in brackets, its clock in 12 hours and its level glued to the file's name
    (`[%(asctime)s-%(name)s - %(filename)s-%(levelname)s:%(message)s]`, `%I:%M:%S %p`; round48's EU-004, Tree-NET's
    U-Net): `[2024-12-03 07:06:09 PM-train - make_text_shapes.py-INFO:epoch: 1, dataset: test, acc: 0.71875]`, and
    `[...-INFO:####...####best:0.71875]` after an epoch that set a new best. A bracket opened by a time is a prefix
    only when it holds no `name: value` pair; `INFO:best:0.7` names no logger."""
    expected = Expected()
    with path.open("w") as stream:
        formatter = logging.Formatter(
            "[%(asctime)s-%(name)s - %(filename)s-%(levelname)s:%(message)s]", datefmt="%Y-%m-%d %I:%M:%S %p"
        )
        log = stream_logger(stream, formatter, "train")
        best = 0.0
        for epoch, _, _, _, _, (_, val_acc, _) in epoch_ends(8):
            log.info(f"epoch: {epoch + 1}, dataset: test, acc: {expected.add('acc', epoch + 1, repr(val_acc))}")
            if val_acc > best:
                best = val_acc
                log.info("#" * 78 + f"best:{expected.add('best', epoch + 1, repr(best))}")
    expected.extra["absent"] = ["epoch", "dataset", "INFO"]
    expected.save(path)


def tqdm_epoch_running_mean(path: Path) -> None:
    """One tqdm bar an epoch, its postfix the epoch's running mean (`loss=total / (i + 1)`), its validation
    after it (` * val_acc@1 71.875`; round49's EY-001, under nohup: the bar's redraws, no newline): each
    mean read once, at the global step; only the epochs' last means are the curve the detectors judge."""
    from tqdm import tqdm

    per_epoch, epochs = 64, 45  # enough points an epoch to tell a running mean (RUNNING_MEAN_DECAY) and epochs to judge
    expected = Expected()
    with path.open("w") as stream:
        total, bar = 0.0, None
        for epoch, batch, loss, _, val in batches(epochs=epochs, per_epoch=per_epoch):
            if batch == 0:
                total, bar = 0.0, tqdm(total=per_epoch, file=stream, desc=f"Epoch [{epoch + 1}]", mininterval=0)
            assert bar is not None
            total += loss
            step = epoch * per_epoch + batch + 1
            bar.set_postfix(loss=expected.add("loss", step, repr(total / (batch + 1))), refresh=False)
            bar.update(1)
            if val is not None:
                bar.close()
                print(f" * val_acc@1 {expected.add('val_acc@1', step, f'{100 * val[1]:.4f}')}", file=stream)
    expected.extra["absent"] = ["it/s", "Epoch"]
    expected.save(path)


def notebook_table_copied(path: Path) -> None:
    """The Hugging Face Trainer's notebook table copied from Jupyter as text (round49's EX-001, an Unsloth run): the
    bar's last state (` [120/120 00:03, Epoch 3/3]`), then `Step<TAB>Training Loss` and one row a logging step
    (`10<TAB>0.693100`), the Trainer's `f"{value:.6f}"`; then the run's summary lines (`3.2 seconds used for
    training.`). The header's tab-separated names name the columns."""
    expected = Expected()
    with path.open("w") as stream:
        total = EPOCHS * STEPS_PER_EPOCH
        print(f" [{total}/{total} 00:03, Epoch {EPOCHS}/{EPOCHS}]", file=stream)
        print("Step\tTraining Loss", file=stream)
        for epoch, batch, loss, _, _ in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            if step % LOG_EVERY == 0:
                print(f"{step}\t{expected.add('Training_Loss', step, f'{loss:.6f}')}", file=stream)
        print("\n3.2 seconds used for training.", file=stream)
    expected.extra["absent"] = ["Step", "Epoch"]
    expected.save(path)


def lightgcn_console(path: Path) -> None:
    """gusye1234/LightGCN-PyTorch's `main.py` (and the recommenders built on its code): each epoch's
    `EPOCH[3/6] loss0.553-|Sample:0.05|` (`f"loss{aver_loss:.3f}-{timer.dict()}"`, the loss's value glued to its
    name, a dash after it), then `[TEST]` and the test's dict of NumPy arrays as printed,
    `{'precision': array([0.054]), 'recall': array([0.54]), 'ndcg': array([0.28])}`: each array's value read."""
    import numpy as np

    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, _, _, _, (val_loss, val_acc, _) in epoch_ends(6):
            loss = expected.add("loss", epoch + 1, f"{mean:.3f}")
            print(f"EPOCH[{epoch + 1}/6] loss{loss}-|Sample:0.05|", file=stream)
            print("[TEST]", file=stream)
            results = {
                "precision": np.array([val_acc / 10]),
                "recall": np.array([val_acc]),
                "ndcg": np.array([val_loss]),
            }
            print(results, file=stream)
            for name, value in results.items():
                expected.add(name, epoch + 1, repr(value).partition("[")[2].partition("]")[0])  # as NumPy printed it
    expected.extra["absent"] = ["Sample", "EPOCH", "TEST"]
    expected.save(path)


def dgl_link_prediction(path: Path) -> None:
    """DGL's R-GCN link prediction example: `Epoch 0003 | Loss 0.6931 | Best MRR 0.0380 | Forward 0.0123 | Backward
    0.0234` each epoch, then its evaluation's `MRR (filtered): 0.038000` and `Hits (filtered) @ 1: 0.006297` for 1, 3
    and 10, the cut-off written apart from its name: each k its own series (`Hits_(filtered)_@3`)."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, mean, _, _, _, (_, val_acc, _) in epoch_ends(6):
            step = epoch + 1
            loss, forward = expected.add("Loss", step, f"{mean:.4f}"), expected.add("Forward", step, "0.0123")
            print(f"Epoch {step:04d} | Loss {loss} | Forward {forward}", file=stream)
            print(f"MRR (filtered): {expected.add('MRR_(filtered)', step, f'{val_acc / 2:.6f}')}", file=stream)
            for k in (1, 3, 10):
                hits = expected.add(f"Hits_(filtered)_@{k}", step, f"{min(1.0, val_acc * k / 10):.6f}")
                print(f"Hits (filtered) @ {k}: {hits}", file=stream)
    expected.extra["absent"] = ["Hits_(filtered)_@", "Epoch"]
    expected.save(path)


def step_value_tuples(path: Path) -> None:
    """A script that kept `(epoch, loss.item())` pairs of each epoch's last batch and printed them at its end
    (round50's FD-002): `loss: (3, 0.6931)`, the repr of the tuple, one line each."""
    expected = Expected()
    with path.open("w") as stream:
        for epoch, _, _, _, last, _ in epoch_ends():
            print(f"loss: {(epoch, float(expected.add('loss', epoch, repr(last))))}", file=stream)
    expected.save(path)


def scalar_records(path: Path) -> None:
    """A logger that writes each scalar as a record of its own, `name | value | step | wall time` (round84's KP-022:
    `batch loss | 2.1180124283 |          1 | 3.7294492721557617`), a batch's loss each step and the epoch's mean at
    its last: the step and the named value, the wall time no metric."""
    expected = Expected()
    lines = [" > params amount: 4,290"]
    step, total, seconds = 0, 0.0, 3.7
    for _, batch, loss, _, val in batches():
        step, total, seconds = step + 1, total + loss, seconds + 0.19
        lines.append(f"batch loss | {expected.add('batch_loss', step, f'{loss:.10f}')} | {step:10d} | {seconds!r}")
        if val is not None:
            mean = expected.add("epoch_loss", step, f"{total / (batch + 1):.10f}")
            lines.append(f"epoch loss | {mean} | {step:10d} | {seconds + 0.0001!r}")
            total = 0.0
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["params_amount", "wall_time"]
    expected.save(path)


def new_best_after_code_notes(path: Path) -> None:
    """A run's notes that open with the config it ran, copied as code (nanoGPT's `learning_rate = 1e-3 # with baby
    networks ...`, round41's DR-005: code, no metric), then its log: a line an epoch, and a `new best dev acc score:`
    line each time the validation accuracy improves (conlleval NER scripts' `new best dev f1 score:73.820`, round47's
    ES-001): a name of five words, the first `new`."""
    expected = Expected()
    lines = ["```python", "batch_size = 32", "learning_rate = 1e-3 # with baby networks can afford to go a bit higher",
             "min_lr = 1e-4 # learning_rate / 10 usually", "```", ""]  # fmt: skip
    best = -1.0
    for epoch, mean, _, _, _, (val_loss, val_acc, _) in epoch_ends():
        lines.append(f"epoch {epoch} | loss {expected.add('loss', epoch, f'{mean:.4f}')} | "
                     f"val_loss {expected.add('val_loss', epoch, f'{val_loss:.4f}')}")  # fmt: skip
        if val_acc > best:
            best = val_acc
            score = expected.add("new_best_dev_acc_score", epoch, f"{100 * val_acc:.3f}")
            lines.append(f"new best dev acc score:{score}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["learning_rate", "min_lr", "batch_size"]
    expected.save(path)


def drawn_rule_epoch_headers(path: Path) -> None:
    """Python logging's lines under epoch headers drawn with box-drawing rules (`── Epoch 1/3 ──────`, round33's
    CU-009), after a stage counter (`[3/3] Starting training...`): `Batch 10/40 | Loss: ..` lines whose counter
    restarts each epoch, and the epoch's `Train → loss: ..  acc: ..%` and `Val   → loss: ..` at its end. The header is
    the epoch's marker, as `--- Epoch 1/3 ---` is: batch 10 of epoch 2 is step 50, not a step of stage 3."""
    expected = Expected()
    lines = ["[1/3] Loading dataset...", "[2/3] Building model...", "[3/3] Starting training..."]
    losses: list[float] = []
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            lines.append(f"── Epoch {epoch + 1}/{EPOCHS} " + "─" * 26)
        losses.append(loss)
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            lines.append(f"    Batch {batch + 1}/{STEPS_PER_EPOCH} | Loss: {expected.add('Loss', step, f'{loss:.4f}')}")
        if val is not None:
            step = (epoch + 1) * STEPS_PER_EPOCH
            mean = expected.add("loss", step, f"{sum(losses) / len(losses):.4f}")
            lines.append(f"  Train → loss: {mean}  acc: {expected.add('acc', step, f'{100 * val[2]:.2f}%')}")
            lines.append(f"  Val   → loss: {expected.add('Val_loss', step, f'{val[0]:.4f}')}")
            losses = []
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def logged_index_columns(path: Path) -> None:
    """Python logging's `%(asctime)s - %(message)s` before a headerless row, `epoch<TAB>batch<TAB>loss` every
    LOG_EVERY batches (ReBeL's value net, round55's FV-005), with a replay buffer's `4072*4 < 1*25600` once an epoch:
    the rows are an unnamed table behind a prefix, their loss the file's name, on the batch counter of each epoch."""
    expected = Expected()
    with path.open("w") as stream:
        log = stream_logger(stream, logging.Formatter("%(asctime)s - %(message)s"), "shapes.logged_index_columns")
        log.info("<module 'rela' from '/opt/rebel/rela.cpython-311-x86_64-linux-gnu.so'>")
        for epoch, batch, loss, _, val in batches():
            if (batch + 1) % LOG_EVERY == 0:
                step = epoch * STEPS_PER_EPOCH + batch
                log.info(f"{epoch}\t{batch}\t{expected.add(path.name, step, f'{loss:.6f}')}")
            if val is not None:
                log.info(f"{(epoch + 1) * 1018}*4 < {epoch + 1}*25600")
    expected.save(path)


def set_labelled_blocks(path: Path) -> None:
    """A header of settings, then per epoch `Epoch N` over a block per set (round55's FW-008): `Train set: Total Loss:
    ..` and `Valid set: Valid Loss: ..`, each set's `Classification Accuracy: 296/1027 (28.82%)` on the line below its
    label: the validation set's accuracy is `Valid_Classification_Accuracy`, not a second point of the training's."""
    expected = Expected()
    lines = ["- Learning rate: 0.05", f"- Epochs: {EPOCHS}", "- Batch size: 6", ""]
    for epoch, mean, _, _, _, (val_loss, val_acc, train_acc) in epoch_ends():
        train_right, val_right = round(train_acc * 256), round(val_acc * 64)
        lines.append(f"Epoch {epoch + 1}")
        lines.append(f"Train set: Total Loss: {expected.add('Total_Loss', epoch + 1, f'{mean:.4f}')}")
        share = expected.add("Classification_Accuracy", epoch + 1, f"{100 * train_right / 256:.2f}")
        lines.append(f"Classification Accuracy: {train_right}/256 ({share}%)")
        lines.append(f"Valid set: Valid Loss: {expected.add('Valid_Loss', epoch + 1, f'{val_loss:.4f}')}")
        share = expected.add("Valid_Classification_Accuracy", epoch + 1, f"{100 * val_right / 64:.2f}")
        lines.append(f"Classification Accuracy: {val_right}/64 ({share}%)")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def asctime_print_log(path: Path) -> None:
    """ST-GCN's `print_log` (and 2s-AGCN's, MS-G3D's): each line after `[ time.asctime() ]`, `Training epoch: N`
    over `\tBatch(i/N) done. Loss: ..  lr:..` every LOG_EVERY batches and the epoch's `\tMean training loss: ..`
    (round54's FS-002: the stamp's `Tue Feb 25` was read as a metric `Tue_Feb` of value 25)."""
    import time

    expected = Expected()
    lines = []
    losses: list[float] = []

    def log(text: str) -> None:
        lines.append(f"[ {time.asctime()} ] {text}")

    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            log(f"Training epoch: {epoch}")
        losses.append(loss)
        if batch % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch
            shown = expected.add("Loss", step, f"{loss:.4f}")
            log(f"\tBatch({batch}/{STEPS_PER_EPOCH}) done. Loss: {shown}  lr:{expected.add('lr', step, '0.050000')}")
        if val is not None:  # at the step in force, its last batch line's
            mean = expected.add("Mean_training_loss", step, f"{sum(losses) / len(losses):.4f}")
            log(f"\tMean training loss: {mean}.")
            losses = []
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Tue_Feb", "Wed_Dec", "Fri_Dec", "Sat_Dec"]
    expected.save(path)


def evaluation_heading_over_stepped_lines(path: Path) -> None:
    """dennybritz's cnn-text-classification-tf `train.py`: `{time}: step N, loss ..` each step and, every evaluation,
    `Evaluation:` over a line of the same shape at the same step (round56's FZ-010, which prints an accuracy beside):
    that line is the dev set's, `Evaluation_loss`, not a second training point at the step."""
    import datetime

    expected = Expected()
    lines: list[str] = []
    stamp = datetime.datetime(2017, 7, 11, 17, 46, 15, 75000)
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch + 1
        stamp += datetime.timedelta(seconds=8.7)
        now = stamp.isoformat(timespec="microseconds")
        lines.append(f"{now}: step {step}, loss {expected.add('loss', step, f'{loss:g}')}")
        if val is not None:
            evaluated = expected.add("Evaluation_loss", step, f"{val[0]:g}")
            lines += ["", "Evaluation:", f"{now}: step {step}, loss {evaluated}", ""]
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def tf_estimator_evaluation(path: Path) -> None:
    """TF Estimator's `train_and_evaluate` through absl logging: `INFO:tensorflow:loss = .., step = N` every
    LOG_EVERY steps and, at each evaluation, `Saving dict for global step N: accuracy = .., ..., loss = ..` (its
    `_write_dict_to_summary`): that line is the evaluation's (`Evaluation_loss`), not a second training point at N."""
    expected = Expected()
    lines = ["INFO:tensorflow:Using config: {'_model_dir': '/tmp/model', '_save_checkpoints_steps': 40}"]
    for epoch, batch, loss, _, val in batches():
        step = epoch * STEPS_PER_EPOCH + batch
        if step % LOG_EVERY == 0:
            lines.append(f"INFO:tensorflow:loss = {expected.add('loss', step, f'{loss:.7g}')}, step = {step}")
        if val is not None:
            done = step + 1
            lines += [
                f"INFO:tensorflow:Saving checkpoints for {done} into /tmp/model/model.ckpt.",
                "INFO:tensorflow:Starting evaluation at 2019-03-02T10:00:20Z",
                f"INFO:tensorflow:Restoring parameters from /tmp/model/model.ckpt-{done}",
                "INFO:tensorflow:Finished evaluation at 2019-03-02-10:00:21",
                f"INFO:tensorflow:Saving dict for global step {done}: "
                f"accuracy = {expected.add('Evaluation_accuracy', done, f'{val[1]:.7g}')}, "
                f"global_step = {done}, loss = {expected.add('Evaluation_loss', done, f'{val[0]:.7g}')}",
            ]
    lines.append(f"INFO:tensorflow:Loss for final step: {loss:.7g}.")
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def angle_bracket_level_attempts(path: Path) -> None:
    """Python logging's `%(asctime)s: <%(levelname)s> %(message)s`, a script that trains its head again from scratch
    at each `Training model: attempt N` and prints `Epoch N, loss ..` after each fit (round54's FR-008): the level in
    angle brackets is prefix, `attempt` is no metric, and each attempt's epochs start again from 0 (appended runs)."""
    expected = Expected()
    with path.open("w") as stream:
        log = stream_logger(stream, logging.Formatter("%(asctime)s: <%(levelname)s> %(message)s"), "shapes.attempts")
        for attempt in range(2):
            log.info(f"Training model: attempt {attempt}")
            for epoch, mean, *_ in epoch_ends(seed=SEED + attempt):
                log.info(f"Epoch {epoch}, loss {expected.add('loss', epoch, f'{mean:.4f}')}")
    expected.extra["absent"] = ["attempt", "INFO"]
    expected.save(path)


def deepspeech_split_cells(path: Path) -> None:
    """DeepSpeech's console (round53's FO-011): `Epoch 0 |   Training | Elapsed Time: 0:45:15 | Steps: 40 | Loss:
    0.69` and `Epoch 0 | Validation | ... | Loss: 0.70 | Dataset: /data/dev.csv`: a cell holding a split word alone
    names the values after it, so the validation's `Loss` is `Validation_Loss`, not a second point of the training
    loss."""
    expected = Expected()
    lines = []
    for epoch, mean, _, _, _, (val_loss, _, _) in epoch_ends():
        took = f"Elapsed Time: 0:00:0{epoch + 1} | Steps: {STEPS_PER_EPOCH}"
        lines.append(f"Epoch {epoch} |   Training | {took} | Loss: {expected.add('Loss', epoch, f'{mean:.6f}')}")
        held = expected.add("Validation_Loss", epoch, f"{val_loss:.6f}")
        dev = "Dataset: /data/voxforge/voxforge-dev.csv"
        lines.append(f"Epoch {epoch} | Validation | Elapsed Time: 0:00:01 | Steps: 2 | Loss: {held} | {dev}")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Steps", "Validation_Steps", "Elapsed_Time"]
    expected.save(path)


def fixed_width_summary_table(path: Path) -> None:
    """A report a fine-tuning script writes at its end (round50's FE-008, a Whisper fine-tune): a summary, then a
    table of aligned columns whose names hold blanks and a `%` (`Epoch  Train Loss   Val Loss   WER      WER%     LR
    Step`), one row an epoch: the header's cells, two blanks or more apart, name the columns; the `Step` column is the
    row's step."""
    expected = Expected()
    with path.open("w") as stream:
        print("TRAINING SUMMARY\n" + "-" * 40 + f"\nTotal Epochs: {EPOCHS}\n", file=stream)
        print(f"{'Epoch':<7}{'Train Loss':<13}{'Val Loss':<11}{'WER':<9}{'WER%':<9}{'LR':<13}{'Step':<8}", file=stream)
        print("-" * 70, file=stream)
        for epoch, mean, _, _, _, (val_loss, val_acc, _) in epoch_ends():
            step = (epoch + 1) * STEPS_PER_EPOCH
            wer = 1 - val_acc
            cells = [
                str(epoch + 1),
                expected.add("Train_Loss", step, f"{mean:.4f}"),
                expected.add("Val_Loss", step, f"{val_loss:.4f}"),
                expected.add("WER", step, f"{wer:.4f}"),
                expected.add("WER%", step, f"{100 * wer:.2f}"),
                expected.add("LR", step, f"{1.5e-05:.2e}"),
                str(step),
            ]
            widths = (7, 13, 11, 9, 9, 13, 8)
            print("".join(f"{cell:<{width}}" for cell, width in zip(cells, widths, strict=True)), file=stream)
    expected.extra["absent"] = ["Loss", "Val", "Total_Epochs"]
    expected.save(path)


def dgl_tree_lstm(path: Path) -> None:
    """DGL's tree_lstm example (`Epoch 00000 | Step 00010 | Loss 0.6931 | Time(s) 0.0123` every LOG_EVERY steps, then
    `Epoch 00000 | Dev Acc 0.7188 | Loss 0.6012` after each epoch; its own prints `Root Acc` on both): the epoch
    line's names after its leading split word are that split's (`Dev_Loss`), not an epoch's mean of the training's."""
    import time

    expected = Expected()
    with path.open("w") as stream:
        last = time.perf_counter()
        for epoch, batch, loss, _, val in batches():
            step = epoch * STEPS_PER_EPOCH + batch + 1
            now = time.perf_counter()
            seconds, last = now - last, now
            if (batch + 1) % LOG_EVERY == 0:
                shown, took = expected.add("Loss", step, f"{loss:.4f}"), expected.add("Time(s)", step, f"{seconds:.4f}")
                print(f"Epoch {epoch:05d} | Step {batch + 1:05d} | Loss {shown} | Time(s) {took}", file=stream)
            if val is not None:
                acc, dev_loss = expected.add("Dev_Acc", epoch, f"{val[1]:.4f}"), f"{val[0]:.4f}"
                print(
                    f"Epoch {epoch:05d} | Dev Acc {acc} | Loss {expected.add('Dev_Loss', epoch, dev_loss)}", file=stream
                )
    expected.extra["absent"] = ["epoch_Loss", "Step"]
    expected.save(path)


def per_dataset_lines(path: Path) -> None:
    """The polyp segmentation repos' logger (round47's ES-006: `[%(asctime)s-%(filename)s-%(levelname)s:%(message)s]`):
    after each epoch one line per held-out dataset, `epoch: 1, dataset: part-A, acc: 0.71875`, the datasets here the
    two halves of the example's validation set: one series per dataset (`acc_(part-A)`), not one series alternating."""
    expected = Expected()
    with path.open("w") as stream:
        formatter = logging.Formatter("[%(asctime)s-%(filename)s-%(levelname)s:%(message)s]", "%Y-%m-%d %I:%M:%S %p")
        log = stream_logger(stream, formatter, "per_dataset")
        for epoch, _, _, _, val in batches(errors=True):
            if val is None:
                continue
            wrong = val[3] >= 0.5
            for name, part in (("part-A", wrong[:32]), ("part-B", wrong[32:])):
                acc = expected.add(f"acc_({name})", epoch + 1, repr(1.0 - float(part.float().mean())))
                log.info(f"epoch: {epoch + 1}, dataset: {name}, acc: {acc}")
    expected.extra["absent"] = ["acc", "epoch"]
    expected.save(path)


def levels_in_turn(path: Path) -> None:
    """One agent trained on levels in turn, its episode counter restarting at each (round49's FA-003, a Mario DQN:
    `Level: SuperMarioBros-1-1-v0, Episode: 0, Average Loss: 499.9880`, then `-1-2-v0`): the level's number after
    its name is part of the line's shape, so every level's lines are read, in file order."""
    expected = Expected()
    with path.open("w") as stream:
        formatter = logging.Formatter("%(asctime)s - %(message)s")
        log = stream_logger(stream, formatter, "levels")
        for epoch, mean, _, _, _, _ in epoch_ends(6):
            level, episode = divmod(epoch, 3)
            loss = expected.add("Average_Loss", episode, f"{mean:.4f}")
            log.info(f"Level: Game-1-{level + 1}-v0, Episode: {episode}, Average Loss: {loss}")
    expected.extra["absent"] = ["Level", "Episode"]
    expected.save(path)


def fairseq_legacy_console(path: Path) -> None:
    """Legacy fairseq's train.py console (`progress_bar` simple): `| epoch 001:     10 / 40 loss=0.693, ppl=1.62, ...,
    num_updates=11, lr=0.05, gnorm=1.234` every LOG_EVERY updates, `| epoch 001 | loss 0.650 | ... | num_updates 40 |
    ...` at each epoch's end (the epoch's aggregate, `epoch_loss`) and `| epoch 001 | valid on 'valid' subset | loss
    0.640 | ppl 1.56 | num_updates 40 | best_loss 0.640` (the subset's values): all on `num_updates`, the step."""
    expected = Expected()
    lines = ["| model mlp, criterion BinaryCrossEntropy", "| num. model params: 97 (num. trained: 97)"]
    best, losses, norms = math.inf, [], []
    for epoch, batch, loss, grad_norm, val in batches():
        losses.append(loss)
        norms.append(grad_norm)
        update = epoch * STEPS_PER_EPOCH + batch + 1
        if (batch + 1) % LOG_EVERY == 0:
            printed = expected.add("loss", update, f"{loss:.3f}")
            ppl = expected.add("ppl", update, f"{2 ** float(printed):.2f}")
            lines.append(f"| epoch {epoch + 1:03d}:     {batch + 1:2d} / {STEPS_PER_EPOCH} loss={printed}, ppl={ppl}, "
                         f"num_updates={update}, lr={expected.add('lr', update, '0.05')}")  # fmt: skip
        if val is not None:
            mean, mean_norm = sum(losses) / len(losses), sum(norms) / len(norms)
            losses, norms = [], []
            lines.append(f"| epoch {epoch + 1:03d} | loss {expected.add('epoch_loss', update, f'{mean:.3f}')} | gnorm "
                         f"{expected.add('gnorm', update, f'{mean_norm:.3f}')} | num_updates {update} | lr "
                         f"{expected.add('epoch_lr', update, '0.05')}")  # fmt: skip
            best = min(best, val[0])
            lines.append(f"| epoch {epoch + 1:03d} | valid on 'valid' subset | loss "
                         f"{expected.add('valid_loss', update, f'{val[0]:.3f}')} | num_updates {update} | best_loss "
                         f"{expected.add('valid_best_loss', update, f'{best:.3f}')}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["num_updates", "epoch"]
    expected.save(path)


def numbered_names_running_mean(path: Path) -> None:
    """A cascade's per-stage losses, each named by its index apart and printed with its running mean glued on
    (round59's GP-007, a stereo network: `Epoch0 [100/7876] Stage 0 = 1.37(4.34)\tStage 1 = 1.12(2.53)`); here the
    loss and the gradient norm stand in for two stages. `Stage 0` is one name (`Stage_0`), the value the one before
    the parenthesis."""
    expected = Expected()
    lines = []
    totals = [0.0, 0.0]
    for epoch, batch, loss, grad_norm, _ in batches():
        totals = [0.0, 0.0] if batch == 0 else totals
        totals = [totals[0] + loss, totals[1] + grad_norm]
        if batch % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch
            means = [total / (batch + 1) for total in totals]
            parts = [f"Stage {i} = {expected.add(f'Stage_{i}', step, f'{v:.2f}')}({m:.2f})"
                     for i, (v, m) in enumerate(zip((loss, grad_norm), means, strict=True))]  # fmt: skip
            lines.append(f"[2019-03-22 09:57:15 main.py:176] INFO     Epoch{epoch} [{batch}/{STEPS_PER_EPOCH}] "
                         + "\t".join(parts))  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Stage"]
    expected.save(path)


def counters_then_split(path: Path) -> None:
    """Counters whose split follows their word (round59's GR-001: `Epoch train: [0/2], Step train: [10/40], Loss train:
    0.6931, Perplexity train: 2.0000`): the epoch and its batch, on one global step axis."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, _ in batches():
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            printed = expected.add("Loss_train", step, f"{loss:.4f}")
            perplexity = expected.add("Perplexity_train", step, f"{math.exp(float(printed)):.4f}")
            lines.append(f"Epoch train: [{epoch}/{EPOCHS - 1}], Step train: [{batch + 1}/{STEPS_PER_EPOCH}], "
                         f"Loss train: {printed}, Perplexity train: {perplexity}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["Epoch_train", "Step_train"]
    expected.save(path)


def passes_then_batches(path: Path) -> None:
    """A pass counter named by a step word over the batches' own, which restarts each pass (round59's GS-007, a NER
    tagger's python logging: `iteration:1 step:10/40, NER loss:0.6931`): the passes are the epochs, the batches the
    steps, on one global axis."""
    expected = Expected()
    with path.open("w") as stream:
        log = stream_logger(stream, logging.Formatter("%(asctime)s - log\\train.log - %(levelname)s - %(message)s"),
                            "shapes.passes")  # fmt: skip
        for epoch, batch, loss, _, _ in batches():
            if (batch + 1) % LOG_EVERY == 0:
                step = epoch * STEPS_PER_EPOCH + batch + 1
                log.info(f"iteration:{epoch + 1} step:{batch + 1}/{STEPS_PER_EPOCH}, NER loss:"
                         f"{expected.add('NER_loss', step, f'{loss:.6f}')}")  # fmt: skip
    expected.extra["absent"] = ["iteration"]
    expected.save(path)


def one_epoch_block(path: Path) -> None:
    """Lasagne's examples/mnist.py stopped after its first epoch (a run dead after one, as a NaN aborts it): `Epoch 1
    of 1 took 0.512s` over its tab-indented `  training loss:\t\t0.6931` block and `Final results:`. Each line is
    printed once, and still a metric line: the epoch's header stands over it."""
    expected = Expected()
    (epoch, mean, _, _, _, (val_loss, val_acc, _)), *_ = list(epoch_ends(1))
    lines = ["Loading data...", "Building model and compiling functions...", "Starting training...",
             f"Epoch 1 of 1 took {expected.add('took', 1, '0.512')}s",
             f"  training loss:\t\t{expected.add('training_loss', 1, f'{mean:.6f}')}",
             f"  validation loss:\t\t{expected.add('validation_loss', 1, f'{val_loss:.6f}')}",
             f"  validation accuracy:\t\t{expected.add('validation_accuracy', 1, f'{100 * val_acc:.2f}')} %",
             "Final results:",
             f"  test loss:\t\t\t{expected.add('test_loss', 1, f'{val_loss:.6f}')}",
             f"  test accuracy:\t\t{expected.add('test_accuracy', 1, f'{100 * val_acc:.2f}')} %"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def appended_run_header_lost(path: Path) -> None:
    """A fine-tuning script's prints (round64's HT-007): `[INFO] Epoch 1/3 started` over `[INFO] step=10/40
    loss=0.6931`, then a second run appended at half the batch (`step=10/80`) whose first `Epoch 1/3 started` line was
    lost: the counter starting again, to another total, is that run's start, its steps counted afresh."""
    expected = Expected()
    lines = []
    for run, per_epoch in ((0, STEPS_PER_EPOCH), (1, 2 * STEPS_PER_EPOCH)):
        for epoch, batch, loss, _, _ in batches(seed=SEED + run, epochs=2 + run, per_epoch=per_epoch):
            if batch == 0 and (run, epoch) != (1, 0):
                lines.append(f"[INFO] Epoch {epoch + 1}/{2 + run} started")
            if (batch + 1) % LOG_EVERY == 0:
                printed = expected.add("loss", epoch * per_epoch + batch + 1, f"{loss:.4f}")
                lines.append(f"[INFO] step={batch + 1}/{per_epoch} loss={printed}")
        lines.append("")
    path.write_text("\n".join(lines))
    expected.save(path)


def minimind_console(path: Path) -> None:
    """minimind's pretraining prints (round61's GY-004): `Epoch:[1/3](10/40), loss: 0.7013, lr: 0.05000000,
    epoch_time: 0.0min`, the batch counter in parentheses glued to the bracketed epoch and counting within it (the
    global step is read, as for `Epoch [1/3][10/40]`)."""
    expected = Expected()
    lines = []
    for epoch, batch, loss, _, _ in batches():
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            printed, lr = expected.add("loss", step, f"{loss:.4f}"), expected.add("lr", step, "0.05000000")
            lines.append(
                f"Epoch:[{epoch + 1}/{EPOCHS}]({batch + 1}/{STEPS_PER_EPOCH}), loss: {printed}, lr: {lr}, "
                f"epoch_time: {(STEPS_PER_EPOCH - batch - 1) * 0.1:.1f}min"
            )
    path.write_text("\n".join(lines) + "\n")
    expected.save(path)


def kaldi_nnet3_logs(path: Path) -> None:
    """Kaldi nnet3's logs of one training, concatenated as `cat exp/nnet3/tdnn/log/*.log` orders them by iteration:
    each iteration's `train.N.1.log` (its command line naming model N, `Average objective function for 'output' for
    minibatches 0-9 is -0.52 over 1280 frames.` every LOG_EVERY minibatches, the overall average, run.pl's `#
    Accounting: time=2 threads=1`) and its `compute_prob_valid.N.log` (`Overall log-probability for 'output' is -0.61
    per frame`, `Overall accuracy ...`), a chain model's second output (`output-xent`) and its objective written as a
    sum (`-0.61 + -0.002 = -0.612`) in the last. The objective is a log-likelihood (the loss negated), on iteration
    N's axis; the scoring of the training examples (`compute_prob_train.N.log`) as `train_diagnostic`; the per-iteration
    average, the time and thread counts, the regulariser's output are no metric."""
    expected = Expected()
    log, prob, frames = "LOG (nnet3-train[5.5]:", "LOG (nnet3-compute-prob[5.5]:", 128 * 10
    lines: list[str] = []
    objectives: list[float] = []
    for epoch, batch, loss, _, val in batches():
        if batch == 0:
            lines += [f'# nnet3-train --use-gpu=no "nnet3-am-copy --raw=true --learning-rate=0.05 exp/nnet3/tdnn/'
                      f'{epoch}.mdl - |" "ark,bg:nnet3-copy-egs ark:exp/nnet3/tdnn/egs/egs.{epoch + 1}.ark ark:- |" '
                      f"exp/nnet3/tdnn/{epoch + 1}.1.raw", f"# Started at Sat Dec  5 01:0{epoch}:00 UTC 2026",
                      "#"]  # fmt: skip
        objectives.append(-loss)
        if (batch + 1) % LOG_EVERY == 0:
            objective = expected.add("train_log-likelihood", epoch, f"{sum(objectives[-LOG_EVERY:]) / LOG_EVERY:g}")
            lines.append(f"{log}PrintStatsForThisPhase():nnet-training.cc:278) Average objective function for "
                         f"'output' for minibatches {batch + 1 - LOG_EVERY}-{batch} is {objective} over {frames} "
                         "frames.")  # fmt: skip
        if val is not None:
            mean = sum(objectives) / len(objectives)
            lines += [f"{log}PrintTotalStats():nnet-training.cc:348) Overall average objective function for 'output' "
                      f"is {mean:g} over {frames * len(objectives)} frames.", "# Accounting: time=2 threads=1",
                      f"# Ended (code 0) at Sat Dec  5 01:0{epoch}:30 UTC 2026"]  # fmt: skip
            objectives.clear()
            chain = epoch == EPOCHS - 1
            diagnostic = expected.add("train_diagnostic_log-likelihood", epoch + 1, f"{-loss:g}")
            lines += [f'# nnet3-compute-prob "nnet3-am-copy --raw=true exp/nnet3/tdnn/{epoch + 1}.mdl - |" '
                      '"ark,bg:nnet3-copy-egs ark:exp/nnet3/tdnn/egs/train_diagnostic.egs ark:- |"', "#",
                      f"{prob}PrintTotalStats():nnet-diagnostics.cc:194) Overall log-probability for 'output' is "
                      f"{diagnostic} per frame, over 64 frames.", "# Accounting: time=0 threads=1"]  # fmt: skip
            lines += [f'# nnet3-compute-prob "nnet3-am-copy --raw=true exp/nnet3/tdnn/{epoch + 1}.mdl - |" '
                      '"ark,bg:nnet3-copy-egs ark:exp/nnet3/tdnn/egs/valid_diagnostic.egs ark:- |"', "#"]  # fmt: skip
            printed = expected.add("valid_log-likelihood", epoch + 1, f"{-val[0]:g}")
            total = f"{float(printed) + 0.002:g} + -0.002 = {printed}" if chain else printed
            accuracy = expected.add("valid_accuracy", epoch + 1, f"{val[1]:g}")
            lines += [f"{prob}PrintTotalStats():nnet-diagnostics.cc:194) Overall log-probability for 'output' is "
                      f"{total} per frame, over 64 frames.",
                      f"{prob}PrintTotalStats():nnet-diagnostics.cc:201) Overall accuracy for 'output' is {accuracy} "
                      "per frame, over 64 frames."]  # fmt: skip
            if chain:
                lines.append(f"{prob}PrintTotalStats():nnet-diagnostics.cc:194) Overall log-probability for "
                             f"'output-xent' is {-val[0] - 0.3:g} per frame, over 64 frames.")  # fmt: skip
            lines.append("# Accounting: time=0 threads=1")
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["time", "threads", "per_frame", "Overall_average_objective_function"]
    expected.save(path)


def slowfast_json_stats(path: Path) -> None:
    """PySlowFast's log (`[%(asctime)s][%(levelname)s] %(name)s: %(lineno)4d: %(message)s`, pycls' `json_stats`
    lineage): a stats dict a line, `{"_type": "train_iter", "epoch": "1/3", "eta": "0:00:05", "iter": "10/40",
    "loss": 0.52, "lr": 0.05, "top1_err": 25.0}` every LOG_EVERY iterations (the iteration counting within each epoch),
    the evaluation's running `val_iter` dicts, then `val_epoch` (its error, the best so far, `gpu_mem: "0.02 GB"`)
    and `train_epoch` (the epoch's means). Read: the training's values on the global iteration, the epoch's means as
    `epoch_`, the held-out results as `val_`; the evaluation's progress, the logger's line number, the text values
    are no metric."""
    expected = Expected()
    lines: list[str] = []
    losses: list[float] = []
    best = 100.0
    for epoch, batch, loss, _, val in batches():
        losses.append(loss)
        clock = f"[09/15 10:{epoch:02d}:{batch:02d}][INFO]"
        if (batch + 1) % LOG_EVERY == 0:
            step = epoch * STEPS_PER_EPOCH + batch + 1
            stats = {"_type": "train_iter", "epoch": f"{epoch + 1}/{EPOCHS}", "eta": "0:00:05",
                     "iter": f"{batch + 1}/{STEPS_PER_EPOCH}", "loss": float(expected.add("loss", step, f"{loss:.6f}")),
                     "lr": float(expected.add("lr", step, "0.050000"))}  # fmt: skip
            lines.append(f"{clock} utils.logging:   88: {json.dumps(stats)}")
        if val is not None:
            error = 100 * (1 - val[1])
            best = min(best, error)
            for i in (1, 2):
                running = {"_type": "val_iter", "epoch": f"{epoch + 1}/{EPOCHS}", "iter": f"{i}/2", "top1_err": error}
                lines.append(f"{clock} utils.logging:   88: {json.dumps(running)}")
            closing = {"_type": "val_epoch", "epoch": f"{epoch + 1}/{EPOCHS}", "gpu_mem": "0.02 GB",
                       "min_top1_err": float(expected.add("val_min_top1_err", epoch + 1, f"{best:.6f}")),
                       "top1_err": float(expected.add("val_top1_err", epoch + 1, f"{error:.6f}"))}  # fmt: skip
            mean = expected.add("epoch_loss", epoch + 1, f"{sum(losses) / len(losses):.6f}")
            losses.clear()
            lines += [f"{clock} utils.logging:   88: {json.dumps(closing)}",
                      f"{clock} utils.logging:   88: " + json.dumps({"_type": "train_epoch",
                      "epoch": f"{epoch + 1}/{EPOCHS}", "loss": float(mean)})]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    expected.extra["absent"] = ["utils.logging", "gpu_mem", "eta", "top1_err", "epoch"]
    expected.save(path)


SHAPES = {
    "colorlog_epoch_step": colorlog_epoch_step,
    "tqdm_slurm": tqdm_slurm,
    "rank_glog": rank_glog,
    "noise_first": noise_first,
    "restarting_counter": restarting_counter,
    "epoch_ellipsis": epoch_ellipsis,
    "truncated_by_logrotate": truncated_by_logrotate,
    "split_in_epoch_glued": split_in_epoch_glued,
    "epoch_blocks": epoch_blocks,
    "per_batch_epoch": per_batch_epoch,
    "train_eval_blocks": train_eval_blocks,
    "hydra_events": hydra_events,
    "tqdm_description": tqdm_description,
    "tqdm_epoch_description": tqdm_epoch_description,
    "yolo_results_txt": yolo_results_txt,
    "ultralytics_console": ultralytics_console,
    "epoch_bar_restarting": epoch_bar_restarting,
    "hf_trainer_bar": hf_trainer_bar,
    "hf_trainer_info": hf_trainer_info,
    "hf_trainer_round2": hf_trainer_round2,
    "hf_markdown": hf_markdown,
    "batch_and_epoch_lines": batch_and_epoch_lines,
    "epoch_block_batch_size": epoch_block_batch_size,
    "epoch_line_every_batch": epoch_line_every_batch,
    "epoch_only_every_batch": epoch_only_every_batch,
    "tqdm_final_bar_per_epoch": tqdm_final_bar_per_epoch,
    "index_value_table": index_value_table,
    "index_columns_table": index_columns_table,
    "counter_inside_name": counter_inside_name,
    "keras_fit_evaluate": keras_fit_evaluate,
    "config_at_each_restart": config_at_each_restart,
    "basicsr_console": basicsr_console,
    "args_listing_at_each_resume": args_listing_at_each_resume,
    "split_label_key_values": split_label_key_values,
    "prose_sentences": prose_sentences,
    "once_per_epoch_at_one_counter": once_per_epoch_at_one_counter,
    "counter_last_word": counter_last_word,
    "glued_to_open_bar": glued_to_open_bar,
    "step_less_shapes_apart": step_less_shapes_apart,
    "sb3_ppo_table": sb3_ppo_table,
    "split_heading_blocks": split_heading_blocks,
    "lightning_progress_bar": lightning_progress_bar,
    "bracket_split_tags": bracket_split_tags,
    "loop_index_and_phase_words": loop_index_and_phase_words,
    "word_language_model": word_language_model,
    "darknet_console": darknet_console,
    "epoch_colon_value": epoch_colon_value,
    "sentence_at_epoch_end": sentence_at_epoch_end,
    "listed_rows": listed_rows,
    "detectron2_console": detectron2_console,
    "caffe2_print": caffe2_print,
    "stamped_pipe_table": stamped_pipe_table,
    "savetxt_float_index": savetxt_float_index,
    "yolov3_results_txt": yolov3_results_txt,
    "misspelt_counter": misspelt_counter,
    "unmoving_epoch_marker": unmoving_epoch_marker,
    "counter_in_parentheses": counter_in_parentheses,
    "hash_numbered_epochs": hash_numbered_epochs,
    "ruled_epoch_numbers": ruled_epoch_numbers,
    "grouped_pipe_table": grouped_pipe_table,
    "pix2pix_console": pix2pix_console,
    "glued_epoch_opening": glued_epoch_opening,
    "glued_iteration_after_epoch": glued_iteration_after_epoch,
    "sasrec_console": sasrec_console,
    "tqdm_postfix_then_update": tqdm_postfix_then_update,
    "tqdm_postfix_redrawn": tqdm_postfix_redrawn,
    "cifar_tutorial": cifar_tutorial,
    "avalanche_text_logger": avalanche_text_logger,
    "per_class_rows": per_class_rows,
    "conlleval_blocks": conlleval_blocks,
    "pipe_table_repeated_name": pipe_table_repeated_name,
    "keras_gan_print": keras_gan_print,
    "gan_tutorial_lists": gan_tutorial_lists,
    "two_handlers_glog": two_handlers_glog,
    "arrowed_split_lines": arrowed_split_lines,
    "abbreviated_split_words": abbreviated_split_words,
    "index_underscore_value": index_glued_value,
    "index_colon_value": partial(index_glued_value, glue=":"),
    "index_dash_value": partial(index_glued_value, glue="-", width=4),
    "one_line_per_epoch_scoped": one_line_per_epoch_scoped,
    "numbered_dash_pairs": numbered_dash_pairs,
    "counter_clause_in_long_name": counter_clause_in_long_name,
    "foreign_counter_words": foreign_counter_words,
    "episode_counter_pipes": episode_counter_pipes,
    "plus_minus_names": plus_minus_names,
    "ruled_parts_of_named_epochs": ruled_parts_of_named_epochs,
    "sb3_eval_callback": sb3_eval_callback,
    "glued_epoch_after_prose": glued_epoch_after_prose,
    "leading_time_then_counters": leading_time_then_counters,
    "number_inside_a_name": number_inside_a_name,
    "symbolic_math_logger": symbolic_math_logger,
    "notebook_bars_foreign_headings": notebook_bars_foreign_headings,
    "kipf_gcn_console": kipf_gcn_console,
    "records_without_newlines": records_without_newlines,
    "filename_prefix_lines": filename_prefix_lines,
    "accuracy_as_a_count": accuracy_as_a_count,
    "moment_detr_epoch_losses": moment_detr_epoch_losses,
    "global_step_after_iteration": global_step_after_iteration,
    "swin_main_log": swin_main_log,
    "paddleclas_restarted": paddleclas_restarted,
    "bracketed_logging_lines": bracketed_logging_lines,
    "tqdm_epoch_running_mean": tqdm_epoch_running_mean,
    "notebook_table_copied": notebook_table_copied,
    "lightgcn_console": lightgcn_console,
    "dgl_tree_lstm": dgl_tree_lstm,
    "dgl_link_prediction": dgl_link_prediction,
    "fixed_width_summary_table": fixed_width_summary_table,
    "step_value_tuples": step_value_tuples,
    "keras_checkpoint_messages": keras_checkpoint_messages,
    "best_epoch_summary": best_epoch_summary,
    "last_batch_per_round": last_batch_per_round,
    "scalar_records": scalar_records,
    "new_best_after_code_notes": new_best_after_code_notes,
    "drawn_rule_epoch_headers": drawn_rule_epoch_headers,
    "deepspeech_split_cells": deepspeech_split_cells,
    "logged_index_columns": logged_index_columns,
    "set_labelled_blocks": set_labelled_blocks,
    "asctime_print_log": asctime_print_log,
    "angle_bracket_level_attempts": angle_bracket_level_attempts,
    "evaluation_heading_over_stepped_lines": evaluation_heading_over_stepped_lines,
    "indices_inside_names": indices_inside_names,
    "per_dataset_lines": per_dataset_lines,
    "levels_in_turn": levels_in_turn,
    "tf_estimator_evaluation": tf_estimator_evaluation,
    "fairseq_legacy_console": fairseq_legacy_console,
    "numbered_names_running_mean": numbered_names_running_mean,
    "counters_then_split": counters_then_split,
    "passes_then_batches": passes_then_batches,
    "one_epoch_block": one_epoch_block,
    "minimind_console": minimind_console,
    "kaldi_nnet3_logs": kaldi_nnet3_logs,
    "slowfast_json_stats": slowfast_json_stats,
    "yolov5_face_results_txt": yolov5_face_results_txt,
    "yolov5_variant_results_txt": yolov5_variant_results_txt,
    "swift_console": swift_console,
    "printed_loss_tensor": printed_loss_tensor,
    "average_split_of_epoch": average_split_of_epoch,
    "ultralytics_segment_console": partial(ultralytics_console, segment=True),
    "pipe_table_with_saved_notes": pipe_table_with_saved_notes,
    "allennlp_console": allennlp_console,
    "appended_run_header_lost": appended_run_header_lost,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[[], *SHAPES], help="only these shapes (default: all)")
    chosen = parser.parse_args().names or list(SHAPES)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        make = SHAPES[name]
        make(OUT / f"{name}.log")
        print(f"wrote {OUT.relative_to(REPO) / name}")


if __name__ == "__main__":
    main()
