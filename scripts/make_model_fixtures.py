"""Write the checkpoints the inspect_model tests read, from real tiny seeded CPU training runs.

    python scripts/make_model_fixtures.py

- tests/fixtures/models/healthy.pt: `zoo.ReluNet` trained with SGD at lr=0.01: a normal run.
- tests/fixtures/models/dead_relu.pt: the same network with fc1's biases initialised at -2 (a bad init) and
  lr=0.3: most ReLU units never fire, get no gradient and stay dead; the loss barely moves.
- tests/fixtures/models/diverged.pt: the same network at lr=10 on targets scaled by 20: the weights overflow to
  inf/NaN.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "models"
sys.path.insert(0, str(FOLDER))

from zoo import ReluNet  # noqa: E402


def train(lr: float, steps: int, scale: float, fc1_bias: float | None = None) -> tuple[ReluNet, list[float]]:
    torch.manual_seed(0)
    inputs = torch.randn(256, 10)
    targets = scale * inputs[:, :3].sum(dim=1, keepdim=True)
    model = ReluNet()
    if fc1_bias is not None:
        with torch.no_grad():
            model.fc1.bias.fill_(fc1_bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        batch = slice((step * 32) % 256, (step * 32) % 256 + 32)
        loss = torch.nn.functional.mse_loss(model(inputs[batch]), targets[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model, losses


def dead_fraction(model: ReluNet) -> float:
    torch.manual_seed(1)
    with torch.no_grad():
        active = model.act(model.fc1(torch.randn(512, 10))) > 0
    return 1 - active.any(dim=0).float().mean().item()


def main() -> None:
    runs = (("healthy", 0.01, 200, 1.0, None), ("dead_relu", 0.3, 200, 1.0, -2.0), ("diverged", 10.0, 50, 20.0, None))
    for name, lr, steps, scale, fc1_bias in runs:
        model, losses = train(lr, steps, scale, fc1_bias)
        torch.save(model.state_dict(), FOLDER / f"{name}.pt")
        print(
            f"{name}: lr={lr} loss {losses[0]:.4g} -> {losses[-1]:.4g}, dead ReLU fraction {dead_fraction(model):.3f}"
        )


if __name__ == "__main__":
    main()
