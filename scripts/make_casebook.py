"""Build the diagnosis casebook: real tiny training runs (CPU, seeded) with known faults.

Every case trains a small torch model for a few hundred steps and writes what a
training script would log (plain text `step N | loss X | ...` lines or JSON Lines),
plus warning lines where a real loop would print them. The fault of each case is
made by a real cause (a too-high learning rate, a missing `zero_grad`, sorted data,
a leaked target column...), never by editing numbers. `cases.json` lists every
case with its expected root-cause id (`healthy` for none).

    python scripts/make_casebook.py OUT_DIR [--only NAME ...] [--seed OFFSET]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

torch.set_num_threads(1)


@dataclass
class Log:
    """What one run logged: per-step records and warning lines (in order)."""

    records: list[dict] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def metric(self, step: int, **values: float) -> None:
        self.records.append({"step": step, **{k: float(v) for k, v in values.items()}})
        self.lines.append(f"step {step} | " + " | ".join(f"{k} {float(v):.6g}" for k, v in values.items()))

    def warn(self, text: str) -> None:
        self.records.append({"warning": text})
        self.lines.append(text)


def blobs(seed: int, n: int = 512, dim: int = 16, classes: int = 4, noise: float = 1.0, flip: float = 0.0):
    """A seeded Gaussian-blob classification set (features, labels)."""
    gen = torch.Generator().manual_seed(seed)
    centers = torch.randn(classes, dim, generator=gen) * 2.0
    y = torch.randint(0, classes, (n,), generator=gen)
    x = centers[y] + noise * torch.randn(n, dim, generator=gen)
    if flip:
        flipped = torch.rand(n, generator=gen) < flip
        y = torch.where(flipped, torch.randint(0, classes, (n,), generator=gen), y)
    return x, y


def mlp(dim: int, hidden: int, out: int, depth: int = 2, act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    layers: list[nn.Module] = []
    width = dim
    for _ in range(depth - 1):
        layers += [nn.Linear(width, hidden), act()]
        width = hidden
    layers.append(nn.Linear(width, out))
    return nn.Sequential(*layers)


def grad_norm(model: nn.Module) -> float:
    norms = [p.grad.detach().norm() for p in model.parameters() if p.grad is not None]
    return float(torch.stack(norms).norm()) if norms else 0.0


def batches(n: int, size: int, gen: torch.Generator, shuffle: bool = True):
    """Endless mini-batch index lists, reshuffled each epoch when `shuffle`."""
    while True:
        order = torch.randperm(n, generator=gen) if shuffle else torch.arange(n)
        for i in range(0, n - size + 1, size):
            yield order[i : i + size]


def train(
    *,
    seed: int,
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    opt: torch.optim.Optimizer,
    steps: int = 300,
    batch: int = 32,
    loss_fn: Callable = nn.functional.cross_entropy,
    val: tuple[torch.Tensor, torch.Tensor] | None = None,
    val_every: int = 10,
    schedule: Callable[[int], float] | None = None,
    shuffle: bool = True,
    zero_grad: bool = True,
    clip: float | None = None,
    skip_nonfinite: bool = False,
    stop_on_nan: bool = True,
    extra: Callable[[int, Log], None] | None = None,
) -> Log:
    """A plain training loop logging loss, grad_norm, lr (and val_loss every `val_every` steps)."""
    gen = torch.Generator().manual_seed(seed)
    log = Log()
    base_lrs = [g["lr"] for g in opt.param_groups]
    feed = batches(len(x), batch, gen, shuffle)
    for step in range(1, steps + 1):
        if schedule is not None:
            for group, base in zip(opt.param_groups, base_lrs, strict=True):
                group["lr"] = base * schedule(step)
        idx = next(feed)
        if zero_grad:
            opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        if skip_nonfinite and not torch.isfinite(loss):
            log.metric(step, loss=loss.item(), lr=opt.param_groups[0]["lr"])
            log.warn(f"WARNING: non-finite loss at step {step}, skipping step")
            continue
        loss.backward()
        norm = grad_norm(model)
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        log.metric(step, loss=loss.item(), grad_norm=norm, lr=opt.param_groups[0]["lr"])
        if extra is not None:
            extra(step, log)
        if val is not None and step % val_every == 0:
            with torch.no_grad():
                log.metric(step, val_loss=loss_fn(model(val[0]), val[1]).item())
        if stop_on_nan and not math.isfinite(loss.item()):
            log.warn(f"ERROR: loss is {loss.item()} at step {step}; stopping")
            break
    return log


def split(x: torch.Tensor, y: torch.Tensor, n_train: int):
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])


# ----------------------------------------------------------------------------------------------------------
# The cases. Each returns the run's log; the registry below names the expected root cause and the format.


def healthy(seed: int, optimizer: str, lr: float, batch: int = 32, warmup: int = 0) -> Log:
    torch.manual_seed(seed)
    x, y = blobs(seed, n=4096, noise=4.0)
    (xt, yt), val = split(x, y, 3072)
    model = mlp(16, 32, 4)
    opts = {
        "adam": lambda: torch.optim.Adam(model.parameters(), lr=lr),
        "sgd": lambda: torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9),
        "adamw": lambda: torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01),
    }
    steps = 300

    def cosine(step: int) -> float:
        if step <= warmup:
            return step / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / (steps - warmup)))

    return train(
        seed=seed, model=model, x=xt, y=yt, opt=opts[optimizer](), batch=batch, val=val, steps=steps,
        schedule=cosine if warmup else None,
    )  # fmt: skip


def lr_too_high_constant(seed: int, lr: float) -> Log:
    torch.manual_seed(seed)
    x, y = blobs(seed)
    model = mlp(16, 64, 4, depth=3)
    return train(seed=seed, model=model, x=x, y=y, opt=torch.optim.SGD(model.parameters(), lr=lr), steps=200)


def lr_too_high_warmup(seed: int, peak: float) -> Log:
    """Linear warmup to a peak learning rate far too high: fine while small, diverges near the peak."""
    torch.manual_seed(seed)
    x, y = blobs(seed)
    model = mlp(16, 64, 4, depth=3)
    opt = torch.optim.SGD(model.parameters(), lr=peak, momentum=0.9)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=300, schedule=lambda s: min(1.0, s / 150))


def plateau_early_decay(seed: int, drop_at: int) -> Log:
    """A step schedule that cuts the learning rate 1000x far too early: the loss stalls where it was."""
    torch.manual_seed(seed)
    x, y = blobs(seed, noise=2.5)
    (xt, yt), val = split(x, y, 384)
    model = mlp(16, 32, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
    return train(
        seed=seed, model=model, x=xt, y=yt, opt=opt, val=val, steps=300, schedule=lambda s: 1.0 if s < drop_at else 1e-3
    )


def lr_too_low(seed: int, optimizer: str, lr: float) -> Log:
    torch.manual_seed(seed)
    x, y = blobs(seed)
    (xt, yt), val = split(x, y, 384)
    model = mlp(16, 32, 4)
    opt = (torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam)(model.parameters(), lr=lr)
    return train(seed=seed, model=model, x=xt, y=yt, opt=opt, val=val, steps=300)


def exploding_rnn(seed: int, scale: float, lr: float) -> Log:
    """A ReLU RNN over 30 steps trained by plain SGD without clipping: at a cliff its gradient blows up."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 30, 4, generator=gen)
    y = x[:, :, 0].sum(1, keepdim=True) * 0.1

    class RNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inp = nn.Linear(4, 16)
            self.rec = nn.Linear(16, 16, bias=False)
            nn.init.orthogonal_(self.rec.weight, gain=scale)
            self.out = nn.Linear(16, 1)

        def forward(self, seq: torch.Tensor) -> torch.Tensor:
            h = torch.zeros(seq.shape[0], 16)
            for t in range(seq.shape[1]):
                h = torch.relu(self.rec(h) + self.inp(seq[:, t]))
            return self.out(h)

    model = RNN()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=300, loss_fn=nn.functional.mse_loss)


def vanishing_sigmoid(seed: int, depth: int) -> Log:
    """A deep sigmoid stack: the first layer's gradient is orders of magnitude below the last's."""
    torch.manual_seed(seed)
    x, y = blobs(seed)
    model = mlp(16, 32, 4, depth=depth, act=nn.Sigmoid)
    linears = [m for m in model if isinstance(m, nn.Linear)]

    def per_layer(step: int, log: Log) -> None:
        first, last = linears[0].weight.grad.norm().item(), linears[-1].weight.grad.norm().item()
        log.metric(step, **{"grad_norm/layer0": first, f"grad_norm/layer{len(linears) - 1}": last})

    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=200, extra=per_layer)


def dead_relu(seed: int, bias: float) -> Log:
    """ReLU units pushed negative by a large negative bias init and a high lr: most stop firing."""
    torch.manual_seed(seed)
    x, y = blobs(seed)
    model = mlp(16, 64, 4, depth=3)
    for module in model:
        if isinstance(module, nn.Linear) and module.out_features == 64:
            nn.init.constant_(module.bias, bias)
    hidden = [m for m in model if isinstance(m, nn.ReLU)]
    acts: list[torch.Tensor] = []
    for relu in hidden:
        relu.register_forward_hook(lambda _m, _i, out: acts.append(out.detach()))

    def dead_fraction(step: int, log: Log) -> None:
        dead = torch.cat([(a <= 0).all(0).float() for a in acts[-len(hidden) :]]).mean().item()
        acts.clear()
        if step % 5 == 0:
            log.metric(step, dead_frac=dead)

    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=200, extra=dead_fraction)


def nan_log_of_zero(seed: int) -> Log:
    """Hand-written binary cross-entropy, log(sigmoid) without epsilon: a confident mistake gives log(0)."""
    torch.manual_seed(seed)
    x, y = blobs(seed, noise=0.3, classes=2, flip=0.02)
    model = mlp(16, 64, 1)

    def naive_bce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        p, t = torch.sigmoid(logits[:, 0]), target.float()
        return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()

    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=400, loss_fn=naive_bce)


def nan_fp16_overflow(seed: int) -> Log:
    """A half-precision head: exp() of growing logits overflows float16 and the loss turns NaN."""
    torch.manual_seed(seed)
    x, y = blobs(seed, noise=0.3)
    model = mlp(16, 64, 4)

    def half_softmax_ce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        e = torch.exp(logits.half())
        probs = (e / e.sum(1, keepdim=True)).float()
        return -torch.log(probs[torch.arange(len(target)), target] + 1e-6).mean()

    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=400, loss_fn=half_softmax_ce)


def spike_outliers(seed: int) -> Log:
    """A few mislabelled outlier rows (features x8) in the data: batches holding one spike the loss."""
    torch.manual_seed(seed)
    x, y = blobs(seed, n=1024)
    gen = torch.Generator().manual_seed(seed + 1)
    outliers = torch.randperm(len(x), generator=gen)[:4]
    x[outliers] *= 8
    y[outliers] = (y[outliers] + 1) % 4
    model = mlp(16, 32, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=300, batch=16)


def oscillation(seed: int, momentum: float, lr: float) -> Log:
    """Linear regression under heavy momentum: the iterate overshoots back and forth, the loss swings."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 8, generator=gen) * torch.linspace(0.2, 3.0, 8)
    y = x @ torch.randn(8, 1, generator=gen) + 0.1 * torch.randn(512, 1, generator=gen)
    model = nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=300, batch=64, loss_fn=nn.functional.mse_loss)


def overfit(seed: int, n_train: int) -> Log:
    """A wide MLP on a handful of noisy samples: training loss falls to zero while validation turns up."""
    torch.manual_seed(seed)
    x, y = blobs(seed, n=n_train + 256, noise=2.5)
    (xt, yt), val = split(x, y, n_train)
    model = mlp(16, 256, 4, depth=3)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    return train(seed=seed, model=model, x=xt, y=yt, opt=opt, val=val, steps=400, batch=min(32, n_train))


def collapse(seed: int, lr: float) -> Log:
    """A ReLU-output regression head driven negative by a high lr: its outputs stop varying (variance=0)."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 16, generator=gen)
    y = (x[:, :1] ** 2) + 1.0
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 1), nn.ReLU())

    def check_head(step: int, log: Log) -> None:
        with torch.no_grad():
            std = model(x[:128]).std().item()
        if step % 5 == 0:
            log.metric(step, output_std=std)
        if std == 0.0 and step % 25 == 0:
            log.warn(f"WARNING: regression head output variance=0 at step {step} (head collapsed)")

    opt = torch.optim.SGD(model.parameters(), lr=lr)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=200, loss_fn=nn.functional.mse_loss, extra=check_head)


def sorted_data(seed: int) -> Log:
    """Data sorted by label and never shuffled: each epoch walks the classes in order, the loss cycles.

    The run also logs its epoch (as Lightning and Hugging Face do), so the period can be checked against it.
    """
    torch.manual_seed(seed)
    x, y = blobs(seed, n=512, noise=1.5)
    order = torch.argsort(y)
    model = mlp(16, 32, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)

    def epoch(step: int, log: Log) -> None:
        log.metric(step, epoch=step * 32 / len(x))

    return train(seed=seed, model=model, x=x[order], y=y[order], opt=opt, steps=320, shuffle=False, extra=epoch)


def leakage(seed: int) -> Log:
    """The label one-hot leaks into the features: the loss falls to ~0 almost at once."""
    torch.manual_seed(seed)
    x, y = blobs(seed, noise=4.0)
    x = torch.cat([x, nn.functional.one_hot(y, 4).float() * 5], 1)
    (xt, yt), val = split(x, y, 384)
    model = mlp(20, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    return train(seed=seed, model=model, x=xt, y=yt, opt=opt, val=val, steps=300)


def corrupt_batch(seed: int) -> Log:
    """A few NaN feature rows in the data; the loop skips non-finite losses and goes on."""
    torch.manual_seed(seed)
    x, y = blobs(seed, n=512)
    gen = torch.Generator().manual_seed(seed + 2)
    x[torch.randperm(len(x), generator=gen)[:2], 3] = float("nan")
    model = mlp(16, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=300, skip_nonfinite=True)


def no_zero_grad(seed: int, lr: float) -> Log:
    """optimizer.zero_grad() forgotten: gradients accumulate, their norm grows step after step."""
    torch.manual_seed(seed)
    x, y = blobs(seed)
    model = mlp(16, 32, 4)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    return train(seed=seed, model=model, x=x, y=y, opt=opt, steps=250, zero_grad=False)


NO_ZERO_GRAD_CODE = """\
import torch


def train(model, loader, steps):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for step, (x, y) in enumerate(loader):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        print(f"step {step} | loss {loss.item():.4f}")
"""

# name -> (expected root cause, format, base seed, builder taking the seed, code file text or None)
CASES: dict[str, tuple[str, str, int, Callable[[int], Log], str | None]] = {
    "healthy_adam_s0": ("healthy", "text", 0, lambda s: healthy(s, "adam", 3e-3), None),
    "healthy_adam_s1": ("healthy", "jsonl", 1, lambda s: healthy(s, "adam", 1e-3, batch=16), None),
    "healthy_sgd_momentum": ("healthy", "text", 2, lambda s: healthy(s, "sgd", 0.02), None),
    "healthy_adamw_warmup_cosine": ("healthy", "jsonl", 3, lambda s: healthy(s, "adamw", 3e-3, warmup=30), None),
    "healthy_sgd_small_batch": ("healthy", "text", 4, lambda s: healthy(s, "sgd", 0.01, batch=8), None),
    "healthy_adam_s5": ("healthy", "jsonl", 5, lambda s: healthy(s, "adam", 5e-3, batch=64), None),
    "lr_too_high_sgd": ("lr_too_high", "text", 0, lambda s: lr_too_high_constant(s, 3.0), None),
    "lr_too_high_sgd_b": ("lr_too_high", "jsonl", 1, lambda s: lr_too_high_constant(s, 8.0), None),
    "lr_too_high_warmup": ("lr_too_high", "text", 2, lambda s: lr_too_high_warmup(s, 2.0), None),
    "lr_too_low_sgd": ("lr_too_low", "text", 0, lambda s: lr_too_low(s, "sgd", 1e-5), None),
    "lr_too_low_adam": ("lr_too_low", "jsonl", 1, lambda s: lr_too_low(s, "adam", 1e-7), None),
    "plateau_lr_cut_early": ("loss_plateau", "text", 0, lambda s: plateau_early_decay(s, 4), None),
    "plateau_lr_cut_early_b": ("loss_plateau", "jsonl", 1, lambda s: plateau_early_decay(s, 6), None),
    "exploding_rnn": ("exploding_gradients", "text", 0, lambda s: exploding_rnn(s, 0.9, 0.1), None),
    "exploding_rnn_b": ("exploding_gradients", "jsonl", 1, lambda s: exploding_rnn(s, 0.9, 0.1), None),
    "vanishing_sigmoid_12": ("vanishing_gradients", "text", 0, lambda s: vanishing_sigmoid(s, 12), None),
    "vanishing_sigmoid_16": ("vanishing_gradients", "jsonl", 1, lambda s: vanishing_sigmoid(s, 16), None),
    "dead_relu_bias": ("dead_relu", "text", 0, lambda s: dead_relu(s, -3.0), None),
    "dead_relu_bias_b": ("dead_relu", "jsonl", 1, lambda s: dead_relu(s, -4.0), None),
    "nan_log_of_zero": ("numerical_instability", "text", 0, lambda s: nan_log_of_zero(s), None),
    "nan_fp16_overflow": ("numerical_instability", "jsonl", 1, lambda s: nan_fp16_overflow(s), None),
    "spike_outliers": ("loss_spike", "text", 0, lambda s: spike_outliers(s), None),
    "spike_outliers_b": ("loss_spike", "jsonl", 3, lambda s: spike_outliers(s), None),
    "oscillation_momentum_99": ("loss_oscillation", "text", 0, lambda s: oscillation(s, 0.99, 0.01), None),
    "oscillation_momentum_995": ("loss_oscillation", "jsonl", 1, lambda s: oscillation(s, 0.995, 0.005), None),
    "overfit_64": ("overfitting", "text", 0, lambda s: overfit(s, 64), None),
    "overfit_96": ("overfitting", "jsonl", 1, lambda s: overfit(s, 96), None),
    "collapse_relu_head": ("mode_collapse", "text", 0, lambda s: collapse(s, 0.5), None),
    "collapse_relu_head_b": ("mode_collapse", "text", 1, lambda s: collapse(s, 1.0), None),
    "data_sorted_labels": ("data_issue", "text", 0, lambda s: sorted_data(s), None),
    "data_leaked_target": ("data_issue", "jsonl", 1, lambda s: leakage(s), None),
    "data_corrupt_rows": ("data_issue", "text", 2, lambda s: corrupt_batch(s), None),
    "no_zero_grad": ("missing_zero_grad", "text", 0, lambda s: no_zero_grad(s, 0.01), NO_ZERO_GRAD_CODE),
    "no_zero_grad_b": ("missing_zero_grad", "jsonl", 1, lambda s: no_zero_grad(s, 0.003), None),
}


def write_case(out: Path, name: str, fmt: str, log: Log) -> str:
    if fmt == "jsonl":
        path = out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in log.records if "warning" not in r))
    else:
        path = out / f"{name}.log"
        path.write_text("\n".join(log.lines) + "\n")
    return path.name


def build(out: Path, only: list[str] | None = None, seed_offset: int = 0) -> list[dict]:
    """Train every case (or those in `only`) into `out`; write and return the manifest.

    `seed_offset` is added to every case's seed: the same fault recipes, different runs
    (a held-out set for the benchmark when the detectors were tuned on offset 0).
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, (label, fmt, seed, builder, code) in CASES.items():
        if only and name not in only:
            continue
        started = time.perf_counter()
        log = builder(seed + seed_offset)
        entry = {"name": name, "label": label, "format": fmt, "log": write_case(out, name, fmt, log)}
        if code is not None:
            (out / f"{name}_train.py").write_text(code)
            entry["code"] = f"{name}_train.py"
        manifest.append(entry)
        print(f"{name:32s} {label:22s} {time.perf_counter() - started:5.2f}s", file=sys.stderr)
    (out / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--seed", type=int, default=0, help="offset added to every case's seed (0: the tuning set)")
    args = parser.parse_args()
    build(args.out, args.only, args.seed)


if __name__ == "__main__":
    main()
