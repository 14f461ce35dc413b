"""Build the family casebook: real tiny seeded CPU training runs of eight model families, healthy and faulty.

The debugger must be right on runs it was never tuned on, so the casebook is split by *family* (model kind,
task, data): the detectors are tuned on `TUNING_FAMILIES` and scored on the others. Every family trains its
own model on its own synthetic task, with every fault made by a real cause (a learning rate far too high or
too low, labels cut from their inputs, a tiny training set, a corrupt batch, a loss computed as log(softmax)
that can reach log 0, a deep sigmoid stack, an exploding recurrence...), never by editing numbers. Each run
logs like a training script would, per step (per-batch noise included), in one of several formats and naming
conventions, chosen by the case so that every fault appears in several of each.

Each case lists the root-cause ids a careful person would accept (`accept`): a NaN after growth is both
`lr_too_high` and `exploding_gradients`. Each also runs a fault check on its own logged series, independent of
the detectors (the loss turned NaN, the validation loss turned up by 10%...): a run whose fault did not occur
for its seed is recorded with `fault_occurred: false` and is not scored.

    python scripts/make_family_casebook.py OUT_DIR [--families mlp cnn ...] [--seeds FIRST END]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import time
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import torch
from torch import nn

torch.set_num_threads(1)

FAMILIES = ("mlp", "cnn", "resnet", "lstm", "transformer_lm", "autoencoder", "finetune", "regression")
SPLIT_OF = {
    "mlp": "tuning", "cnn": "tuning", "lstm": "tuning",
    "autoencoder": "calibration", "finetune": "calibration",
    "resnet": "report", "transformer_lm": "report", "regression": "report",
}  # fmt: skip
"""Detectors are tuned on the tuning families only; confidences are calibrated on the calibration families;
accuracy is reported on the report families, never looked at for either."""
STEPS = 300  # optimizer steps per run
BATCH = 32  # examples per step: the per-batch loss is noisy, as real per-step logs are
EVAL_EVERY = 20  # steps between validation evaluations
CLASSES = 4  # K of the classification tasks (chance loss ln 4 = 1.386)
VOCAB = 12  # K of the language model (chance loss ln 12 = 2.485)
N_EXAMPLES = 4096  # examples per task (3/4 train): a healthy run sees each about three times


@dataclass
class Task:
    """A family's data: train and validation tensors, and what the targets are."""

    kind: str  # classify | regress | reconstruct | lm
    x: torch.Tensor
    y: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    classes: int | None = None


@dataclass(frozen=True)
class Recipe:
    """How one run trains: the knobs a fault turns."""

    lr_scale: float = 1.0  # times the family's good learning rate
    optimizer: str = "adam"  # adam | sgd
    momentum: float = 0.0
    train_size: int | None = None  # a tiny training set overfits
    random_labels: bool = False  # labels cut from their inputs
    sorted_data: bool = False  # batches in label order, never shuffled
    corrupt_batches: int = 0  # this many batches of inputs x100 at random steps (corrupt records)
    log_softmax_by_hand: bool = False  # softmax by hand in fp16: exp overflows to inf on a confident batch (NaN)
    sigmoid_depth: int = 0  # a deep stack of sigmoid layers: vanishing gradients
    dead_bias: float = 0.0  # ReLU layers' bias pushed negative: dead units
    recurrent_gain: float = 1.0  # scales the recurrent weights (exploding gradients in the LSTM family)
    warmup_cosine: bool = False  # a healthy schedule: linear warmup then cosine decay
    steps: int = STEPS


@dataclass(frozen=True)
class Fault:
    name: str
    accept: tuple[str, ...]
    recipe: Recipe
    families: tuple[str, ...] = FAMILIES


FAULTS = (
    Fault("healthy", ("healthy",), Recipe()),
    Fault("healthy_sgd_momentum", ("healthy",), Recipe(optimizer="sgd", momentum=0.9, lr_scale=1.0)),
    Fault("healthy_warmup_cosine", ("healthy",), Recipe(warmup_cosine=True)),
    Fault("healthy_long_converged", ("healthy",), Recipe(steps=500)),
    Fault("lr_too_high", ("lr_too_high", "exploding_gradients", "loss_oscillation"), Recipe(lr_scale=300.0)),
    Fault(
        "lr_too_high_sgd",
        ("lr_too_high", "exploding_gradients", "numerical_instability", "loss_oscillation"),
        Recipe(optimizer="sgd", lr_scale=200.0),
    ),
    Fault("lr_too_low", ("lr_too_low", "loss_plateau"), Recipe(lr_scale=1e-4)),
    Fault("overfitting", ("overfitting",), Recipe(train_size=24, steps=600)),
    Fault(
        "random_labels",
        ("data_issue", "overfitting"),
        Recipe(random_labels=True, train_size=96, steps=400),
        families=("mlp", "cnn", "resnet", "lstm", "finetune"),
    ),
    Fault(
        "sorted_data",
        ("data_issue", "loss_oscillation"),
        Recipe(sorted_data=True, optimizer="sgd", lr_scale=1.0),
        families=("mlp", "cnn", "resnet", "lstm", "finetune"),
    ),
    Fault(
        "corrupt_batches",
        ("loss_spike", "data_issue"),
        Recipe(corrupt_batches=4),
        families=tuple(f for f in FAMILIES if f != "transformer_lm"),  # token ids cannot be scaled
    ),
    Fault(
        "log_of_zero",
        ("numerical_instability",),
        Recipe(log_softmax_by_hand=True),
        families=("mlp", "cnn", "resnet", "lstm", "transformer_lm", "finetune"),
    ),
    Fault(
        "deep_sigmoid",
        ("vanishing_gradients", "loss_plateau", "poor_initialization"),
        Recipe(sigmoid_depth=12, optimizer="sgd"),
        families=("mlp", "autoencoder", "finetune", "regression"),
    ),
    Fault(
        "dead_relu",
        ("dead_relu", "loss_plateau", "poor_initialization", "vanishing_gradients"),
        Recipe(dead_bias=-8.0),
        families=("mlp", "cnn", "autoencoder", "regression"),
    ),
    Fault(
        "exploding_recurrence",
        ("exploding_gradients", "lr_too_high", "numerical_instability"),
        Recipe(recurrent_gain=6.0, optimizer="sgd", lr_scale=30.0),
        families=("lstm",),
    ),
)
GOOD_LR = {"adam": 3e-3, "sgd": 5e-2}


def make_task(family: str, seed: int) -> Task:
    """The family's synthetic task, seeded."""
    g = torch.Generator().manual_seed(seed)

    def split(x: torch.Tensor, y: torch.Tensor, kind: str, classes: int | None = None) -> Task:
        n = x.shape[0] * 3 // 4
        return Task(kind, x[:n], y[:n], x[n:], y[n:], classes)

    if family in ("mlp", "finetune", "autoencoder"):
        centers = torch.randn(CLASSES, 16, generator=g) * 0.45  # overlapping blobs: a real generalisation gap
        y = torch.randint(0, CLASSES, (N_EXAMPLES,), generator=g)
        x = centers[y] + torch.randn(N_EXAMPLES, 16, generator=g)
        return split(
            x,
            x.clone() if family == "autoencoder" else y,
            "reconstruct" if family == "autoencoder" else "classify",
            None if family == "autoencoder" else CLASSES,
        )  # noqa: E501
    if family in ("cnn", "resnet"):
        y = torch.randint(0, CLASSES, (N_EXAMPLES,), generator=g)
        x = 0.8 * torch.randn(N_EXAMPLES, 1, 12, 12, generator=g)
        for k in range(CLASSES):  # class k: a bright bar in band k
            x[y == k, :, 3 * k : 3 * k + 2, :] += 0.5
        return split(x, y, "classify", CLASSES)
    if family == "lstm":
        y = torch.randint(0, CLASSES, (N_EXAMPLES,), generator=g)
        x = torch.randn(N_EXAMPLES, 20, CLASSES, generator=g)
        x[torch.arange(N_EXAMPLES), :, y] += 0.5  # the class is the feature with the highest mean over time
        return split(x, y, "classify", CLASSES)
    if family == "transformer_lm":
        table = torch.softmax(3.0 * torch.randn(VOCAB, VOCAB, generator=g), dim=1)  # a peaked Markov chain
        seqs = torch.empty(N_EXAMPLES, 17, dtype=torch.long)
        seqs[:, 0] = torch.randint(0, VOCAB, (N_EXAMPLES,), generator=g)
        for t in range(1, 17):
            seqs[:, t] = torch.multinomial(table[seqs[:, t - 1]], 1, generator=g).squeeze(1)
        return split(seqs[:, :-1], seqs[:, 1:], "lm", VOCAB)
    if family == "regression":
        x = torch.rand(N_EXAMPLES, 4, generator=g) * 6 - 3
        y = torch.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3] + 0.1 * torch.randn(N_EXAMPLES, 1, generator=g)
        return split(x, y, "regress")
    raise ValueError(family)


class TinyLM(nn.Module):
    """One attention block over token embeddings, causal, with an untied output head."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 32)
        self.pos = nn.Parameter(torch.zeros(16, 32))
        self.attn = nn.MultiheadAttention(32, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 32))
        self.norm1, self.norm2 = nn.LayerNorm(32), nn.LayerNorm(32)
        self.head = nn.Linear(32, VOCAB)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h = self.embed(tokens) + self.pos[: tokens.shape[1]]
        mask = torch.triu(torch.ones(tokens.shape[1], tokens.shape[1], dtype=torch.bool), 1)
        a, _ = self.attn(self.norm1(h), self.norm1(h), self.norm1(h), attn_mask=mask)
        h = h + a
        return self.head(h + self.mlp(self.norm2(h)))


class Residual(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1), nn.BatchNorm2d(channels), nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1), nn.BatchNorm2d(channels),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + self.body(x))


class SeqClassifier(nn.Module):
    def __init__(self, gain: float) -> None:
        super().__init__()
        self.rnn = nn.RNN(CLASSES, 32, batch_first=True, nonlinearity="relu" if gain > 1 else "tanh")
        self.head = nn.Linear(32, CLASSES)
        if gain > 1:
            with torch.no_grad():
                self.rnn.weight_hh_l0.copy_(gain * torch.linalg.qr(self.rnn.weight_hh_l0)[0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def hidden_stack(width_in: int, width: int, recipe: Recipe) -> list[nn.Module]:
    """Hidden layers of an MLP: ReLU by default, a deep sigmoid stack for `sigmoid_depth`."""
    if recipe.sigmoid_depth:
        layers: list[nn.Module] = [nn.Linear(width_in, width), nn.Sigmoid()]
        for _ in range(recipe.sigmoid_depth - 1):
            layers += [nn.Linear(width, width), nn.Sigmoid()]
        return layers
    return [nn.Linear(width_in, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU()]


def make_model(family: str, recipe: Recipe, seed: int) -> nn.Module:
    torch.manual_seed(seed)
    if family == "mlp":
        model: nn.Module = nn.Sequential(*hidden_stack(16, 64, recipe), nn.Linear(64, CLASSES))
    elif family == "finetune":  # a frozen base (as if pretrained) and a trainable head
        base = nn.Sequential(*hidden_stack(16, 64, recipe))
        for p in base.parameters():
            p.requires_grad_(False)
        model = nn.Sequential(base, nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, CLASSES))
    elif family == "autoencoder":
        model = nn.Sequential(
            *hidden_stack(16, 32, recipe), nn.Linear(32, 4), nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 16)
        )  # noqa: E501
    elif family == "regression":
        model = nn.Sequential(*hidden_stack(4, 64, recipe), nn.Linear(64, 1))
    elif family == "cnn":
        model = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(16 * 36, 32), nn.ReLU(), nn.Linear(32, CLASSES),
        )  # fmt: skip
    elif family == "resnet":
        model = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), Residual(8), Residual(8), nn.AdaptiveAvgPool2d(2),
            nn.Flatten(), nn.Linear(32, CLASSES),
        )  # fmt: skip
    elif family == "lstm":
        model = SeqClassifier(recipe.recurrent_gain)
    elif family == "transformer_lm":
        model = TinyLM()
    else:
        raise ValueError(family)
    if recipe.dead_bias:
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, (nn.Linear, nn.Conv2d)) and module.bias is not None:
                    module.bias.fill_(recipe.dead_bias)
    return model


def loss_of(task: Task, out: torch.Tensor, y: torch.Tensor, recipe: Recipe) -> torch.Tensor:
    if task.kind in ("regress", "reconstruct"):
        return nn.functional.mse_loss(out, y)
    logits, target = (out.reshape(-1, out.shape[-1]), y.reshape(-1)) if task.kind == "lm" else (out, y)
    if recipe.log_softmax_by_hand:  # the bug: a softmax by hand in half precision (sharpened): exp overflows
        e = torch.exp(5.0 * logits.half()).float()
        p = e / e.sum(dim=1, keepdim=True)
        return -torch.log(p[torch.arange(target.shape[0]), target]).mean()
    return nn.functional.cross_entropy(logits, target)


def accuracy(task: Task, out: torch.Tensor, y: torch.Tensor) -> float | None:
    if task.kind not in ("classify", "lm"):
        return None
    return float((out.argmax(-1) == y).float().mean())


@dataclass
class Logged:
    """What a run logged: per-step rows (train) and evaluation rows, in order."""

    rows: list[dict[str, float]] = field(default_factory=list)

    def series(self, key: str) -> list[float]:
        return [r[key] for r in self.rows if key in r]


def train(family: str, recipe: Recipe, seed: int) -> tuple[Logged, Task]:
    task = make_task(family, seed)
    x, y = task.x, task.y
    if recipe.train_size:
        x, y = x[: recipe.train_size], y[: recipe.train_size]
    if recipe.random_labels:
        y = y[torch.randperm(y.shape[0], generator=torch.Generator().manual_seed(seed + 1))]
    model = make_model(family, recipe, seed)
    lr = GOOD_LR[recipe.optimizer] * recipe.lr_scale
    params = [p for p in model.parameters() if p.requires_grad]
    opt = (
        torch.optim.Adam(params, lr=lr)
        if recipe.optimizer == "adam"
        else torch.optim.SGD(params, lr=lr, momentum=recipe.momentum)
    )
    order_gen = torch.Generator().manual_seed(seed + 2)
    corrupt_at = set(random.Random(seed).sample(range(30, recipe.steps - 20), recipe.corrupt_batches))
    order = torch.argsort(y if y.dim() == 1 else y[:, 0]) if recipe.sorted_data else None
    logged = Logged()
    for step in range(1, recipe.steps + 1):
        if recipe.warmup_cosine:
            warm = recipe.steps // 10
            scale = (
                step / warm if step <= warm else 0.5 * (1 + math.cos(math.pi * (step - warm) / (recipe.steps - warm)))
            )
            for group in opt.param_groups:
                group["lr"] = lr * scale
        if order is not None:
            start = ((step - 1) * BATCH) % max(1, x.shape[0] - BATCH + 1)
            idx = order[start : start + BATCH]
        else:
            idx = torch.randint(0, x.shape[0], (min(BATCH, x.shape[0]),), generator=order_gen)
        xb, yb = x[idx], y[idx]
        if step in corrupt_at:
            xb = xb * 100.0
        model.train()
        opt.zero_grad()
        out = model(xb)
        loss = loss_of(task, out, yb, recipe)
        loss.backward()
        grad = float(torch.nn.utils.clip_grad_norm_(params, float("inf")))
        opt.step()
        row = {"step": step, "loss": loss.item(), "grad_norm": grad, "lr": opt.param_groups[0]["lr"]}
        if step % EVAL_EVERY == 0 or step == recipe.steps:
            model.eval()
            with torch.no_grad():
                out_val = model(task.x_val)
                row["val_loss"] = float(loss_of(task, out_val, task.y_val, replace(recipe, log_softmax_by_hand=False)))
                acc = accuracy(task, out_val, task.y_val)
                if acc is not None:
                    row["val_acc"] = acc
        logged.rows.append(row)
        if (
            not math.isfinite(row["loss"])
            and step > 20
            and sum(1 for r in logged.rows[-20:] if not math.isfinite(r["loss"])) >= 20
        ):
            break  # a real loop keeps going; twenty non-finite steps in a row say all there is to say
    return logged, task


# -- fault checks: plain criteria on the logged series, independent of the detectors ---------------------------


def _finite(values: list[float]) -> list[float]:
    return [v for v in values if math.isfinite(v)]


def _tenth_means(values: list[float]) -> tuple[float, float]:
    good = _finite(values)
    k = max(1, len(good) // 10)
    return sum(good[:k]) / k, sum(good[-k:]) / k


def fault_check(fault: Fault, logged: Logged) -> tuple[bool, str]:
    loss, val = logged.series("loss"), logged.series("val_loss")
    nonfinite = len(loss) - len(_finite(loss))
    first, last = _tenth_means(loss)
    name = fault.name
    if name.startswith("healthy"):
        ok = nonfinite == 0 and last < 0.7 * first and min(_finite(val) or [0]) * 1.25 >= (_finite(val) or [0])[-1]
        return ok, f"loss {first:.3g} in the first tenth, {last:.3g} in the last; {nonfinite} non-finite"
    if name.startswith("lr_too_high") or name == "exploding_recurrence":
        grad = _finite(logged.series("grad_norm"))
        ok = nonfinite > 0 or last > 0.8 * first or (grad and max(grad) > 100 * sorted(grad)[len(grad) // 2])
        return bool(ok), f"{nonfinite} non-finite; loss {first:.3g} -> {last:.3g}"
    if name == "lr_too_low":
        return last > 0.9 * first, f"loss {first:.3g} -> {last:.3g}"
    if name == "overfitting":
        good = _finite(val)
        low = min(good)
        return good[-1] > 1.2 * low and good.index(low) < 0.7 * len(
            good
        ), f"val loss min {low:.3g}, last {good[-1]:.3g}"
    if name == "random_labels":
        acc = _finite(logged.series("val_acc"))
        return max(acc[-3:]) < 1.6 / CLASSES, f"val acc at the end {acc[-1]:.2f} (chance {1 / CLASSES:.2f})"
    if name == "sorted_data":
        return True, "batches in label order (by construction)"
    if name == "corrupt_batches":
        good = _finite(loss)
        med = sorted(good)[len(good) // 2]
        return max(good) > 10 * med or nonfinite > 0, f"max loss {max(good):.3g} vs median {med:.3g}"
    if name == "log_of_zero":
        return nonfinite > 0, f"{nonfinite} non-finite losses"
    if name in ("deep_sigmoid", "dead_relu"):
        return last > 0.8 * first, f"loss {first:.3g} -> {last:.3g}"
    raise ValueError(name)


# -- logging formats and naming conventions ---------------------------------------------------------------------

NAMINGS = (
    {"loss": "loss", "val_loss": "val_loss", "val_acc": "val_acc", "grad_norm": "grad_norm", "lr": "lr"},
    {"loss": "train/loss", "val_loss": "val/loss", "val_acc": "val/accuracy", "grad_norm": "train/grad_norm",
     "lr": "train/lr"},
    {"loss": "train_loss", "val_loss": "valid_loss", "val_acc": "valid_acc", "grad_norm": "gnorm",
     "lr": "learning_rate"},
)  # fmt: skip
FORMATS = ("text_pipe", "text_kv", "jsonl", "csv")


def write_log(logged: Logged, folder: Path, stem: str, fmt: str, naming: dict[str, str], task: Task) -> str:
    """Write the run as a training script would, in `fmt` with `naming`; return the file name."""
    names = dict(naming)
    if task.kind in ("regress", "reconstruct") and naming["loss"] == "loss":
        names.update(loss="mse", val_loss="val_mse")  # regression scripts often log the loss by its name
    rows = [{names.get(k, k): v for k, v in r.items()} for r in logged.rows]
    if fmt == "jsonl":
        name = f"{stem}.jsonl"
        with (folder / name).open("w") as out:
            for r in rows:
                out.write(json.dumps({k: (v if math.isfinite(v) else str(v)) for k, v in r.items()}) + "\n")
    elif fmt == "csv":
        name = f"{stem}.csv"
        columns = list(dict.fromkeys(k for r in rows for k in r))
        with (folder / name).open("w", newline="") as out:
            writer = csv.DictWriter(out, columns)
            writer.writeheader()
            writer.writerows(rows)
    else:
        name = f"{stem}.log"
        sep, kv = (" | ", " ") if fmt == "text_pipe" else (" ", "=")
        with (folder / name).open("w") as out:
            for r in rows:
                step = int(r.pop("step"))
                fields = sep.join(f"{k}{kv}{v:.6g}" for k, v in r.items())
                out.write(f"step{kv}{step}{sep}{fields}\n")
    return name


def cases(families: tuple[str, ...], seeds: range, faults: tuple[Fault, ...] = FAULTS) -> list[tuple[str, Fault, int]]:
    return [
        (family, fault, seed) for family in families for fault in faults if family in fault.families for seed in seeds
    ]


def build(
    out: Path, families: tuple[str, ...] = FAMILIES, seeds: range = range(3), faults: tuple[Fault, ...] = FAULTS
) -> list[dict]:
    """Train and log every case of `families` x `faults` x `seeds` into `out`, adding to its cases.json."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_file = out / "cases.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else []
    done = {case["name"] for case in manifest}
    for family, fault, seed in cases(families, seeds, faults):
        if f"{family}-{fault.name}-s{seed}" in done:
            continue
        started = time.perf_counter()
        logged, task = train(family, fault.recipe, 100 * seed + FAMILIES.index(family))
        stem = f"{family}-{fault.name}-s{seed}"
        spread = zlib.crc32(stem.encode())  # the format and naming of a case: fixed by its name, spread evenly
        fmt, naming = FORMATS[spread % len(FORMATS)], NAMINGS[(spread // len(FORMATS)) % len(NAMINGS)]
        occurred, check = fault_check(fault, logged)
        log = write_log(logged, out, stem, fmt, naming, task)
        manifest.append(
            {"name": stem, "family": family, "fault": fault.name, "accept": list(fault.accept), "seed": seed,
             "format": fmt, "log": log, "classes": task.classes, "split": SPLIT_OF[family],
             "fault_occurred": occurred, "fault_check": check}
        )  # fmt: skip
        mark = "ok" if occurred else "NO FAULT"
        print(f"{stem:44s} {fmt:9s} {time.perf_counter() - started:5.2f}s {mark}: {check}", file=sys.stderr)
        manifest_file.write_text(json.dumps(manifest, indent=1))
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--families", nargs="*", default=list(FAMILIES))
    parser.add_argument("--seeds", type=int, nargs=2, default=(0, 3), metavar=("FIRST", "END"))
    args = parser.parse_args()
    build(args.out, tuple(args.families), range(*args.seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
