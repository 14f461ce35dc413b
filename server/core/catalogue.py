"""The root-cause catalogue: the ids a diagnosis may name, what each looks like, and how it is usually fixed.

The ids are part of the interface (reports, prompts and clients rely on them): add new ones, never change
the meaning of an existing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

RootCauseId = Literal[
    "lr_too_high",
    "lr_too_low",
    "exploding_gradients",
    "vanishing_gradients",
    "dead_relu",
    "saturated_activations",
    "numerical_instability",
    "loss_spike",
    "loss_plateau",
    "loss_oscillation",
    "overfitting",
    "mode_collapse",
    "parameter_imbalance",
    "data_issue",
    "missing_zero_grad",
    "poor_initialization",
]
"""The catalogue's ids as a type: what a finding names is checked by mypy and pydantic alike (the catalogue
below holds one entry per id: checked at import)."""


@dataclass(frozen=True)
class RootCauseInfo:
    """One root cause: its id, a short title, the signs that reveal it, and the usual fixes (best first)."""

    id: RootCauseId
    title: str
    looks_like: str
    typical_fixes: tuple[str, ...]


_CATALOGUE = (
    RootCauseInfo(
        id="lr_too_high",
        title="Learning rate too high",
        looks_like=(
            "Loss falls briefly then rises or explodes to NaN/inf; gradient norm grows by orders of magnitude "
            "before the blow-up; trouble starts as warmup reaches its peak lr; large, noisy oscillations."
        ),
        typical_fixes=(
            "Lower the peak learning rate 3-10x (Adam on transformers: 1e-4 to 6e-4; SGD on CNNs: 0.01 to 0.1).",
            "Add linear warmup over the first 1-5% of steps (a few hundred to a few thousand steps).",
            "Clip the global gradient norm at 1.0 (torch.nn.utils.clip_grad_norm_) before optimizer.step().",
            "Run an lr range test: raise lr exponentially over ~100 steps and pick ~1/10 of the lr where loss "
            "is lowest.",
        ),
    ),
    RootCauseInfo(
        id="lr_too_low",
        title="Learning rate too low",
        looks_like=(
            "Loss decreases steadily but very slowly, almost linearly, with little noise; update/weight ratio "
            "well below 1e-3; gradient norm healthy and stable; long runs barely move from the initial loss."
        ),
        typical_fixes=(
            "Raise the learning rate 3-10x, guided by an lr range test.",
            "Check the schedule: warmup not too long, decay not reaching ~0 early, scheduler.step() per step "
            "vs per epoch as intended.",
            "Aim for update/weight ratios around 1e-3 per layer.",
        ),
    ),
    RootCauseInfo(
        id="exploding_gradients",
        title="Exploding gradients",
        looks_like=(
            "Gradient norm spikes 10-100x above the run's median or grows by orders of magnitude; loss jumps, "
            "then NaN/inf; first-to-last layer gradient ratio above ~70; deep or recurrent nets without "
            "normalisation."
        ),
        typical_fixes=(
            "Clip the global gradient norm at 1.0 before optimizer.step() (unscale first with a GradScaler).",
            "Lower the learning rate and add warmup.",
            "Add normalisation (LayerNorm/BatchNorm) or residual scaling; use a scaled init for deep stacks.",
        ),
    ),
    RootCauseInfo(
        id="vanishing_gradients",
        title="Vanishing gradients",
        looks_like=(
            "Early layers get gradients orders of magnitude smaller than late ones (first/last ratio below "
            "1e-3; mean |g| below 1e-7); loss plateaus early; deep sigmoid/tanh stacks without residuals."
        ),
        typical_fixes=(
            "Replace sigmoid/tanh hidden activations with ReLU/GELU and use Kaiming (He) init for them.",
            "Add residual connections and normalisation (LayerNorm/BatchNorm).",
            "Check for detached tensors (.detach(), .item(), no_grad) cutting the graph.",
        ),
    ),
    RootCauseInfo(
        id="dead_relu",
        title="Dead ReLUs",
        looks_like=(
            "A large share of ReLU units (>= 70% in a layer) never activate over a batch; their gradients are "
            "exactly zero; loss stalls, often after a large-lr phase or with a strongly negative bias."
        ),
        typical_fixes=(
            "Lower the learning rate (and add warmup) so updates do not push pre-activations negative.",
            "Use LeakyReLU/GELU, or Kaiming init with zero biases.",
            "Add normalisation before the activation.",
        ),
    ),
    RootCauseInfo(
        id="saturated_activations",
        title="Saturated activations",
        looks_like=(
            "Most sigmoid/tanh inputs have |x| > ~4-5 so their derivative is ~0; gradients vanish in those "
            "layers; outputs pinned at 0/1 or -1/1; loss flat."
        ),
        typical_fixes=(
            "Normalise inputs and pre-activations (LayerNorm/BatchNorm); scale initial weights by fan-in.",
            "Use ReLU/GELU in hidden layers; keep sigmoid only at outputs.",
            "Compute losses from logits (BCEWithLogitsLoss, F.logsigmoid, log_softmax) not from probabilities.",
        ),
    ),
    RootCauseInfo(
        id="numerical_instability",
        title="Numerical instability",
        looks_like=(
            "NaN/inf out of a calm run (no gradient growth before it): log(0), division by ~0, sqrt of a "
            "negative, exp overflow, float16 overflow (values > 65504) or underflow; often at one step."
        ),
        typical_fixes=(
            "Use stable primitives: F.logsigmoid, log_softmax/cross_entropy on logits, torch.clamp(x, min=eps) "
            "before log/div.",
            "With float16, use torch.amp autocast with a GradScaler, or bfloat16.",
            "Raise optimizer eps (Adam eps 1e-8 -> 1e-6) in low precision; enable torch.autograd.detect_anomaly "
            "on a short run to find the op.",
        ),
    ),
    RootCauseInfo(
        id="loss_spike",
        title="Transient loss spike",
        looks_like=(
            "Loss jumps several times above its running level for a few steps, then recovers; often paired "
            "with a gradient-norm spike or one bad batch."
        ),
        typical_fixes=(
            "Clip the gradient norm at 1.0.",
            "Lower the learning rate slightly or lengthen warmup; for Adam, lower beta2 (0.999 -> 0.95).",
            "Log and inspect the batch at the spike step (corrupt or extreme samples).",
        ),
    ),
    RootCauseInfo(
        id="loss_plateau",
        title="Loss plateau",
        looks_like=(
            "Loss stops improving for a long stretch (relative change under ~1% over many steps) above an "
            "acceptable level; gradient norm small; lr may already have decayed."
        ),
        typical_fixes=(
            "Check the learning rate and schedule (too low, decayed too early); try a restart or a higher lr.",
            "Overfit one small batch first: if the model cannot, the bug is in the model, loss or labels.",
            "Check for dead/saturated units and for frozen parameters (requires_grad=False by mistake).",
        ),
    ),
    RootCauseInfo(
        id="loss_oscillation",
        title="Loss oscillation",
        looks_like=(
            "Loss swings up and down with large amplitude without a downward trend; step-to-step changes "
            "comparable to the loss itself; often lr slightly too high or a tiny batch."
        ),
        typical_fixes=(
            "Lower the learning rate 2-5x or add a decay schedule (cosine).",
            "Increase the batch size or use gradient accumulation.",
            "For Adam, check betas (beta1 0.9) and that momentum is not reset; clip gradients at 1.0.",
        ),
    ),
    RootCauseInfo(
        id="overfitting",
        title="Overfitting",
        looks_like=(
            "Training loss keeps falling while validation loss turns up; the gap (val - train) / train exceeds "
            "~10% and grows; training accuracy near 100%."
        ),
        typical_fixes=(
            "Early stopping at the best validation step; keep that checkpoint.",
            "Add regularisation: weight decay (0.01-0.1 with AdamW), dropout 0.1-0.3, data augmentation.",
            "More data or a smaller model.",
        ),
    ),
    RootCauseInfo(
        id="mode_collapse",
        title="Mode collapse / zero-variance output",
        looks_like=(
            "Outputs or a head lose all variance across the batch (same prediction for every input); "
            "'variance=0' or 'std is zero' warnings; a GAN generator producing one sample; a constant class."
        ),
        typical_fixes=(
            "Check the head's initialisation and learning rate; a tiny head on a big body may need its own lr.",
            "Add normalisation and a variance or entropy term to the loss (diversity, minibatch discrimination).",
            "Check the labels and the loss for a degenerate optimum (e.g. predicting the mean).",
        ),
    ),
    RootCauseInfo(
        id="parameter_imbalance",
        title="Parameter imbalance",
        looks_like=(
            "One component holds almost all parameters while a critical part is tiny (e.g. a 65-parameter "
            "head on a 25M-parameter body); embedding-dominated models; that part learns slowly or collapses."
        ),
        typical_fixes=(
            "Give the small component more capacity (hidden layer, wider projection).",
            "Use per-parameter-group learning rates (higher for the small head).",
            "Rebalance the architecture budget; tie or shrink oversized embeddings.",
        ),
    ),
    RootCauseInfo(
        id="data_issue",
        title="Data pipeline problem",
        looks_like=(
            "Periodic loss tied to the epoch or data order (unshuffled or sorted data); a loss too good too "
            "early (label leakage, train/val overlap); NaN or spikes at specific batches (corrupt samples)."
        ),
        typical_fixes=(
            "Shuffle the training loader (shuffle=True or a sampler) and check the data order.",
            "Check for leakage: deduplicate train vs validation, drop features derived from the label.",
            "Validate batches: assert finite inputs, check label ranges, skip or fix corrupt samples.",
        ),
    ),
    RootCauseInfo(
        id="missing_zero_grad",
        title="Gradients never zeroed",
        looks_like=(
            "optimizer.zero_grad() missing from the loop: gradients accumulate, gradient norm grows roughly "
            "linearly with the step, effective lr rises, then divergence."
        ),
        typical_fixes=(
            "Call optimizer.zero_grad(set_to_none=True) once per step, before backward().",
            "With gradient accumulation, zero after each optimizer.step(), not after each micro-batch.",
        ),
    ),
    RootCauseInfo(
        id="poor_initialization",
        title="Poor initialisation",
        looks_like=(
            "Initial loss far above chance (for C classes expect ~ln C); weights constant or zero, or scaled "
            "far from 1/sqrt(fan_in); activations explode or vanish from step 0."
        ),
        typical_fixes=(
            "Use Kaiming (He) init for ReLU layers, Xavier/Glorot for tanh/sigmoid; zero the biases.",
            "Initialise the output layer small so the first loss is near ln(C).",
            "Never initialise all weights to the same constant (symmetry); check loaded checkpoints for zeros.",
        ),
    ),
)

ROOT_CAUSES: dict[str, RootCauseInfo] = {info.id: info for info in _CATALOGUE}
"""Every root cause by id, in catalogue order."""
if list(ROOT_CAUSES) != list(get_args(RootCauseId)):
    raise RuntimeError("the catalogue and RootCauseId disagree: one entry per id, in the same order")
