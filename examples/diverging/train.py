"""Train a tiny MLP classifier on CPU, printing `step N | loss X | grad_norm G | lr L` every 5 steps.

The learning rate is far too high for SGD with momentum 0.9 and nothing clips the gradients: the loss
explodes within a few dozen steps and ends as NaN. `train.log` beside this file is exactly what it prints:

    python examples/diverging/train.py > examples/diverging/train.log
"""

from __future__ import annotations

import argparse
import math

import torch

BATCH = 32


def make_data(seed: int, n: int = 256, dim: int = 8) -> tuple[torch.Tensor, torch.Tensor]:
    """A linearly separable binary task with a little label noise."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, dim, generator=gen)
    w = torch.randn(dim, 1, generator=gen)
    y = (x @ w + 0.1 * torch.randn(n, 1, generator=gen) > 0).float()
    return x, y


def build_model(seed: int, dim: int = 8) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(dim, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer, xb, yb) -> tuple[float, float]:
    """One optimizer step; returns the batch loss and the global gradient norm before the step."""
    optimizer.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(xb), yb)
    loss.backward()
    grad_norm = torch.nn.utils.get_total_norm([p.grad for p in model.parameters()])
    optimizer.step()
    return loss.item(), grad_norm.item()


def train(steps: int, seed: int):
    """Yield (step, loss, grad_norm, lr) for every step."""
    x, y = make_data(seed)
    model = build_model(seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=8.0, momentum=0.9)
    for step in range(steps):
        lo = (step * BATCH) % len(x)
        loss, grad_norm = train_step(model, optimizer, x[lo : lo + BATCH], y[lo : lo + BATCH])
        yield step, loss, grad_norm, optimizer.param_groups[0]["lr"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"training mlp: params=321 steps={args.steps} seed={args.seed}", flush=True)
    for step, loss, grad_norm, lr in train(args.steps, args.seed):
        if step % 5:
            continue
        print(f"step {step} | loss {loss:.4f} | grad_norm {grad_norm:.4g} | lr {lr:.2e}", flush=True)
        if not math.isfinite(loss):
            print(f"WARNING: non-finite loss ({loss}) at step {step}", flush=True)


if __name__ == "__main__":
    main()
