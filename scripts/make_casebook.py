"""Build the diagnosis casebook: real tiny training runs (CPU, seeded) with known faults.

Every case trains a small torch model for a few hundred steps and writes what a
training script would log (plain text `step N | loss X | ...` lines or JSON Lines),
plus warning lines where a real loop would print them. The fault of each case is
made by a real cause (a too-high learning rate, a missing `zero_grad`, sorted data,
a leaked target column...), never by editing numbers. `cases.json` lists every
case with its expected root-cause id (`healthy` for none).

Every case also declares a fault check: a plain criterion on its own logged series,
independent of the detectors, that says its fault really happened in this run (the
gradient grew 100x, the loss turned NaN, the validation loss turned up...). A run
whose fault did not occur for its seed is not a case of that fault: `build` checks
every run and fails, naming the runs, when any check does not hold.

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

    def series(self, name: str) -> list[float]:
        """The values logged for metric `name`, in step order."""
        return [r[name] for r in self.records if name in r]

    def steps(self, name: str) -> list[int]:
        """The steps at which metric `name` was logged."""
        return [r["step"] for r in self.records if name in r]


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
    """Linear warmup (plain SGD) to a peak learning rate too high: fine while small, diverges near the peak.

    The classes overlap and a fifth of the labels are noise, so the loss has a floor well above 0 that
    it cannot reach before the lr grows: it falls while the lr is small, blows up as the lr passes the
    stable limit late in the warmup, and the network it leaves behind is stuck at chance.
    """
    torch.manual_seed(seed)
    x, y = blobs(seed, noise=2.5, flip=0.2)
    model = mlp(16, 64, 4, depth=3)
    opt = torch.optim.SGD(model.parameters(), lr=peak)
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


def exploding_rnn(seed: int, length: int, lr: float) -> Log:
    """A linear RNN summing a long sequence, plain SGD with an lr too high for its recurrence and no clipping.

    It starts stable (recurrent gain 0.5), but remembering the whole sequence pulls the recurrent weight's
    spectral radius towards 1 and the large steps push it past 1: the gradient through `length` steps then
    grows like radius**length, each update makes the radius larger still, and the norm overflows.
    """
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(256, length, 4, generator=gen)
    y = x[:, :, 0].sum(1, keepdim=True) * 0.1

    class RNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inp = nn.Linear(4, 16)
            self.rec = nn.Linear(16, 16, bias=False)
            nn.init.orthogonal_(self.rec.weight, gain=0.5)
            self.out = nn.Linear(16, 1)

        def forward(self, seq: torch.Tensor) -> torch.Tensor:
            h = torch.zeros(seq.shape[0], 16)
            for t in range(seq.shape[1]):
                h = self.rec(h) + self.inp(seq[:, t])
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

# ----------------------------------------------------------------------------------------------------------
# Fault checks: plain criteria on a run's own logged series, independent of the detectors. Each returns
# whether the fault occurred and the numbers that say so.

Check = Callable[[Log], tuple[bool, str]]


def finite(values: list[float]) -> bool:
    return all(math.isfinite(v) for v in values)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def chunks(values: list[float], parts: int) -> list[list[float]]:
    """`values` cut into `parts` consecutive equal chunks (what is left over joins the last)."""
    size = max(1, len(values) // parts)
    cut = [values[i : i + size] for i in range(0, len(values) - len(values) % size, size)][:parts]
    cut[-1] = cut[-1] + values[len(cut) * size :]
    return cut


def blocks(values: list[float], parts: int = 10, reduce: Callable[[list[float]], float] = mean) -> list[float]:
    """`reduce` (the mean) of each of `parts` consecutive equal chunks of `values`."""
    return [reduce(chunk) for chunk in chunks(values, parts)]


def learned(log: Log, reduce: Callable[[list[float]], float] = mean) -> tuple[bool, str]:
    """Healthy: every loss finite and the last tenth of the run below the first (by `reduce`, the mean)."""
    loss = log.series("loss")
    if not finite(loss):
        return False, "non-finite loss"
    first, *_, last = blocks(loss, reduce=reduce)
    return last < first, f"loss {first:.3g} in the first tenth, {last:.3g} in the last"


def went_nonfinite(log: Log) -> tuple[bool, str]:
    """The loss turned NaN/inf."""
    loss = log.series("loss")
    bad = [step for step, v in zip(log.steps("loss"), loss, strict=True) if not math.isfinite(v)]
    return bool(bad), f"first non-finite loss at step {bad[0]}" if bad else "the loss stayed finite"


def exploded(log: Log) -> tuple[bool, str]:
    """Exploding gradients: a non-finite gradient norm or loss, or a norm 100x the early median."""
    grad, loss = log.series("grad_norm"), log.series("loss")
    early = median(grad[: max(1, len(grad) // 10)])
    peak = max((g for g in grad if math.isfinite(g)), default=0.0)
    if not (finite(grad) and finite(loss)):
        return True, f"non-finite gradient norm or loss (finite peak {peak / early:.3g}x the early median)"
    return peak >= 100 * early, f"grad_norm peak {peak / early:.3g}x the early median {early:.3g}"


def diverged(log: Log) -> tuple[bool, str]:
    """Too high an lr: the loss went non-finite, never fell, or rose to twice its best tenth."""
    loss = log.series("loss")
    if not finite(loss):
        return went_nonfinite(log)
    means = blocks(loss)
    low = min(range(len(means)), key=means.__getitem__)
    rose = max(means[low:]) / means[low]
    ok = means[-1] >= means[0] or rose >= 2
    return ok, f"loss tenths {means[0]:.3g} first, {means[low]:.3g} best, {means[-1]:.3g} last ({rose:.3g}x rise)"


def diverged_after_peak(log: Log) -> tuple[bool, str]:
    """Warmup to a too-high peak: the loss finite until the lr is half its peak, then after the peak
    non-finite or a tenth of it at least twice the run's minimum."""
    loss, lr = log.series("loss"), log.series("lr")
    top = max(lr)
    half, peak = (log.steps("lr")[lr.index(v)] for v in (next(v for v in lr if v >= top / 2), top))
    steps = log.steps("loss")
    if not finite([v for step, v in zip(steps, loss, strict=True) if step <= half]):
        return False, f"non-finite loss before the lr reached half its peak (step {half})"
    after = [v for step, v in zip(steps, loss, strict=True) if step >= peak]
    if not finite(after):
        return True, f"non-finite loss after the lr peak at step {peak}"
    best, worst = min(loss), max(blocks(after))
    ok = worst >= 2 * best and worst > best
    return ok, f"after the lr peak at step {peak} the loss reached {worst:.3g} (minimum {best:.3g})"


def barely_moved(log: Log) -> tuple[bool, str]:
    """Too low an lr: finite, and the last tenth of the loss within 10% of the first."""
    loss = log.series("loss")
    means = blocks(loss)
    change = abs(means[-1] - means[0]) / means[0]
    return finite(loss) and change < 0.1, f"loss {means[0]:.3g} -> {means[-1]:.3g} ({change:.1%} change)"


def stalled_after_cut(log: Log) -> tuple[bool, str]:
    """A plateau: once the lr was cut 100x or more, the loss stays within 20% of where it was."""
    lr, loss = log.series("lr"), log.series("loss")
    cut = next(i for i, v in enumerate(lr) if v <= lr[0] / 100)
    after = blocks(loss[cut:])
    change = abs(after[-1] - after[0]) / after[0]
    ok = finite(loss) and change < 0.2
    return ok, f"lr cut at step {log.steps('lr')[cut]}, then loss {after[0]:.3g} -> {after[-1]:.3g} ({change:.1%})"


def first_layer_starved(log: Log) -> tuple[bool, str]:
    """Vanishing gradients: the first layer's median gradient below 1e-3 of the last layer's."""
    layers = {k for r in log.records for k in r if k.startswith("grad_norm/layer")}
    first, *_, last = sorted(layers, key=lambda k: int(k.removeprefix("grad_norm/layer")))
    ratio = median(log.series(first)) / median(log.series(last))
    return ratio < 1e-3, f"median {first} / {last} = {ratio:.3g}"


def mostly_dead(log: Log) -> tuple[bool, str]:
    """Dead ReLUs: at the end at least half of the hidden units never fire on a batch."""
    dead = log.series("dead_frac")
    return dead[-1] >= 0.5, f"final dead fraction {dead[-1]:.3g}"


def spiked_and_recovered(log: Log) -> tuple[bool, str]:
    """Loss spikes: a loss 5x the median of the 20 before it, in a run that still trains (the median of
    its last tenth under half its first loss)."""
    loss = log.series("loss")
    worst = max(loss[i] / median(loss[i - 20 : i]) for i in range(20, len(loss)))
    last = blocks(loss, reduce=median)[-1]
    ok = worst >= 5 and last < 0.5 * loss[0]
    return ok, f"largest loss {worst:.3g}x the median of the 20 steps before; loss {loss[0]:.3g} -> {last:.3g}"


def swung(log: Log) -> tuple[bool, str]:
    """Oscillation: in at least half of the 10-step windows the loss swings by 2x or more (max >= 2 min)."""
    windows = chunks(log.series("loss"), len(log.series("loss")) // 10)
    swinging = sum(max(w) >= 2 * min(w) for w in windows)
    return swinging >= len(windows) / 2, f"{swinging} of {len(windows)} 10-step windows swing 2x or more"


def val_turned_up(log: Log) -> tuple[bool, str]:
    """Overfitting: validation ends 20% above its best while training ends below where it was then."""
    val, train_loss = log.series("val_loss"), log.series("loss")
    best = min(range(len(val)), key=val.__getitem__)
    best_step = log.steps("val_loss")[best]
    train_then = train_loss[log.steps("loss").index(best_step)]
    ok = val[-1] >= 1.2 * val[best] and blocks(train_loss)[-1] < train_then
    return ok, f"val_loss best {val[best]:.3g} at step {best_step}, last {val[-1]:.3g}; train then {train_then:.3g}"


def output_collapsed(log: Log) -> tuple[bool, str]:
    """Mode collapse: the head's output standard deviation reached exactly 0."""
    std = log.series("output_std")
    zero = [step for step, v in zip(log.steps("output_std"), std, strict=True) if v == 0.0]
    return bool(zero), f"output_std 0 from step {zero[0]}" if zero else f"output_std min {min(std):.3g}"


def periodic_per_epoch(log: Log) -> tuple[bool, str]:
    """Unshuffled sorted data: the loss repeats every epoch (autocorrelation at one epoch's lag >= 0.5)."""
    loss = log.series("loss")
    epoch = log.series("epoch")
    lag = round(1 / (epoch[1] - epoch[0]))
    tail = loss[len(loss) // 4 :]
    mean = sum(tail) / len(tail)
    dev = [v - mean for v in tail]
    corr = sum(a * b for a, b in zip(dev, dev[lag:], strict=False)) / sum(d * d for d in dev)
    return corr >= 0.5, f"loss autocorrelation {corr:.3g} at one epoch ({lag} steps)"


def too_good_too_early(log: Log) -> tuple[bool, str]:
    """Leakage: training and validation loss under 5% of the start within the first fifth of the run."""
    loss, val = log.series("loss"), log.series("val_loss")
    early_steps = len(loss) // 5
    start, low = loss[0], min(loss[:early_steps])
    val_early = [v for step, v in zip(log.steps("val_loss"), val, strict=True) if step <= early_steps]
    ok = low < 0.05 * start and min(val_early) < 0.05 * start
    return ok, f"loss {start:.3g} -> {low:.3g}, val {min(val_early):.3g} by step {early_steps}"


def nonfinite_then_went_on(log: Log) -> tuple[bool, str]:
    """Corrupt rows: some losses are non-finite, and the run goes on with finite losses after the first."""
    loss = log.series("loss")
    bad = [i for i, v in enumerate(loss) if not math.isfinite(v)]
    ok = bool(bad) and any(math.isfinite(v) for v in loss[bad[0] :])
    return ok, f"{len(bad)} non-finite of {len(loss)} losses" + (f", the first at index {bad[0]}" if bad else "")


def grad_accumulated(log: Log) -> tuple[bool, str]:
    """Missing zero_grad: the gradient norm's median over the last half at least 5x the first step's,
    while the loss fell."""
    grad = log.series("grad_norm")
    growth = median(grad[len(grad) // 2 :]) / grad[0]
    fell, _ = learned(log)
    return growth >= 5 and fell, f"grad_norm {grad[0]:.3g} at step 1, {growth:.3g}x that later; loss fell {fell}"


@dataclass(frozen=True)
class Case:
    """One casebook recipe: expected root cause, log format, base seed, how to train it, its fault check."""

    label: str
    fmt: str
    seed: int
    builder: Callable[[int], Log]
    check: Check
    code: str | None = None


CASES: dict[str, Case] = {
    "healthy_adam_s0": Case("healthy", "text", 0, lambda s: healthy(s, "adam", 3e-3), learned),
    "healthy_adam_s1": Case("healthy", "jsonl", 1, lambda s: healthy(s, "adam", 1e-3, batch=16), learned),
    "healthy_sgd_momentum": Case("healthy", "text", 2, lambda s: healthy(s, "sgd", 0.02), learned),
    "healthy_adamw_warmup_cosine": Case("healthy", "jsonl", 3, lambda s: healthy(s, "adamw", 3e-3, warmup=30), learned),
    "healthy_sgd_small_batch": Case("healthy", "text", 4, lambda s: healthy(s, "sgd", 0.01, batch=8), learned),
    "healthy_adam_s5": Case("healthy", "jsonl", 5, lambda s: healthy(s, "adam", 5e-3, batch=64), learned),
    "lr_too_high_sgd": Case("lr_too_high", "text", 0, lambda s: lr_too_high_constant(s, 3.0), diverged),
    "lr_too_high_sgd_b": Case("lr_too_high", "jsonl", 1, lambda s: lr_too_high_constant(s, 8.0), diverged),
    "lr_too_high_warmup": Case("lr_too_high", "text", 2, lambda s: lr_too_high_warmup(s, 3.0), diverged_after_peak),
    "lr_too_low_sgd": Case("lr_too_low", "text", 0, lambda s: lr_too_low(s, "sgd", 1e-5), barely_moved),
    "lr_too_low_adam": Case("lr_too_low", "jsonl", 1, lambda s: lr_too_low(s, "adam", 1e-7), barely_moved),
    "plateau_lr_cut_early": Case("loss_plateau", "text", 0, lambda s: plateau_early_decay(s, 4), stalled_after_cut),
    "plateau_lr_cut_early_b": Case("loss_plateau", "jsonl", 1, lambda s: plateau_early_decay(s, 6), stalled_after_cut),
    "exploding_rnn": Case("exploding_gradients", "text", 0, lambda s: exploding_rnn(s, 35, 0.14), exploded),
    "exploding_rnn_b": Case("exploding_gradients", "jsonl", 1, lambda s: exploding_rnn(s, 40, 0.12), exploded),
    "vanishing_sigmoid_12": Case(
        "vanishing_gradients", "text", 0, lambda s: vanishing_sigmoid(s, 12), first_layer_starved
    ),
    "vanishing_sigmoid_16": Case(
        "vanishing_gradients", "jsonl", 1, lambda s: vanishing_sigmoid(s, 16), first_layer_starved
    ),
    "dead_relu_bias": Case("dead_relu", "text", 0, lambda s: dead_relu(s, -3.0), mostly_dead),
    "dead_relu_bias_b": Case("dead_relu", "jsonl", 1, lambda s: dead_relu(s, -4.0), mostly_dead),
    "nan_log_of_zero": Case("numerical_instability", "text", 0, nan_log_of_zero, went_nonfinite),
    "nan_fp16_overflow": Case("numerical_instability", "jsonl", 1, nan_fp16_overflow, went_nonfinite),
    "spike_outliers": Case("loss_spike", "text", 0, spike_outliers, spiked_and_recovered),
    "spike_outliers_b": Case("loss_spike", "jsonl", 3, spike_outliers, spiked_and_recovered),
    "oscillation_momentum_99": Case("loss_oscillation", "text", 0, lambda s: oscillation(s, 0.99, 0.01), swung),
    "oscillation_momentum_995": Case("loss_oscillation", "jsonl", 1, lambda s: oscillation(s, 0.995, 0.005), swung),
    "overfit_64": Case("overfitting", "text", 0, lambda s: overfit(s, 64), val_turned_up),
    "overfit_96": Case("overfitting", "jsonl", 1, lambda s: overfit(s, 96), val_turned_up),
    "collapse_relu_head": Case("mode_collapse", "text", 0, lambda s: collapse(s, 0.5), output_collapsed),
    "collapse_relu_head_b": Case("mode_collapse", "text", 1, lambda s: collapse(s, 1.0), output_collapsed),
    "data_sorted_labels": Case("data_issue", "text", 0, sorted_data, periodic_per_epoch),
    "data_leaked_target": Case("data_issue", "jsonl", 1, leakage, too_good_too_early),
    "data_corrupt_rows": Case("data_issue", "text", 2, corrupt_batch, nonfinite_then_went_on),
    "no_zero_grad": Case(
        "missing_zero_grad", "text", 0, lambda s: no_zero_grad(s, 0.01), grad_accumulated, NO_ZERO_GRAD_CODE
    ),
    "no_zero_grad_b": Case("missing_zero_grad", "jsonl", 1, lambda s: no_zero_grad(s, 0.003), grad_accumulated),
}


class FaultMissing(RuntimeError):
    """Some generated runs do not contain the fault their case is labelled with."""


def write_case(out: Path, name: str, fmt: str, log: Log) -> str:
    if fmt == "jsonl":
        path = out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in log.records if "warning" not in r))
    else:
        path = out / f"{name}.log"
        path.write_text("\n".join(log.lines) + "\n")
    return path.name


def build(out: Path, only: list[str] | None = None, seed_offset: int = 0, strict: bool = True) -> list[dict]:
    """Train every case (or those in `only`) into `out`; check each run's fault; write and return the manifest.

    `seed_offset` is added to every case's seed: the same fault recipes, different runs
    (a held-out set for the benchmark when the detectors were tuned on offset 0). When a
    run's fault check does not hold: with `strict`, raises `FaultMissing` naming every such
    run and writes no manifest; without, the run stays in the manifest marked
    `"fault_occurred": false`, so that a benchmark can leave it out and say so.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest, missing = [], []
    for name, case in CASES.items():
        if only and name not in only:
            continue
        started = time.perf_counter()
        log = case.builder(case.seed + seed_offset)
        occurred, detail = case.check(log)
        entry = {"name": name, "label": case.label, "format": case.fmt, "log": write_case(out, name, case.fmt, log)}
        entry["fault_check"] = detail
        entry["fault_occurred"] = occurred
        if case.code is not None:
            (out / f"{name}_train.py").write_text(case.code)
            entry["code"] = f"{name}_train.py"
        manifest.append(entry)
        if not occurred:
            missing.append(f"{name} (seed {case.seed + seed_offset}): {case.check.__name__} failed: {detail}")
        mark = "ok" if occurred else "FAULT MISSING"
        print(f"{name:32s} {case.label:22s} {time.perf_counter() - started:5.2f}s {mark}: {detail}", file=sys.stderr)
    if missing and strict:
        raise FaultMissing("runs without their labelled fault:\n  " + "\n  ".join(missing))
    (out / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--seed", type=int, default=0, help="offset added to every case's seed (0: the tuning set)")
    args = parser.parse_args()
    try:
        build(args.out, args.only, args.seed)
    except FaultMissing as error:
        sys.exit(f"make_casebook: {error}")


if __name__ == "__main__":
    main()
