"""A quick check of the example's training: over 100 steps the loss stays finite and falls."""

import math

from train import train


def test_the_loss_stays_finite_and_falls_over_100_steps():
    losses = [loss for _, loss, _, _ in train(steps=100, seed=0)]
    assert all(math.isfinite(loss) for loss in losses)
    assert sum(losses[-10:]) / 10 < losses[0]
