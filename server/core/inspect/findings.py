"""Rules that turn the worker's measurements into findings with catalogue ids.

Parameter balance (on the module tree):
- a *head* is a top-level module named like a head (head, classifier, halt*, output, lm_head, fc_out, *_head),
  else the last top-level module when it is a Linear (or of unknown type, for a checkpoint alone);
- `parameter_imbalance` when a head holds less than `TINY_HEAD_SHARE` of all parameters (a 65-parameter halting
  head on a 25M body), when one of two or more non-head top-level components holds more than `DOMINANT_SHARE`
  (a stack of repeated blocks, a transformer's `blocks`, is the body doing its job: never judged so; an embedding is
  no such component), or when the
  vocabulary (embeddings and untied output projections onto it) holds more than `VOCABULARY_SHARE`.
Weights (checkpoint values, or the fresh initialisation when probing):
- `numerical_instability` for NaN/inf values; `poor_initialization` for a weight matrix that is all zero, constant,
  or (fresh weights only: a checkpoint's say how training moved them, a remark) whose std is more than
  `INIT_SCALE_FACTOR` times off 1/sqrt(fan_in) (embeddings excluded).
Probe (AUTOTRAINER thresholds and the 1e-3 update-to-weight rule of thumb):
- `vanishing_gradients` / `exploding_gradients` when the first layer's gradient norm over the last layer's is below
  `VANISHING_RATIO` / above `EXPLODING_RATIO` (not vanishing when a ReLU between has every unit dead: no gradient
  passes back through it, and its `dead_relu` finding says so); `dead_relu` when `DEAD_RELU_FRACTION` of a ReLU's
  units never fire; `saturated_activations` when more than `SATURATED_FRACTION` of a sigmoid/tanh's inputs are
  saturated;
  `mode_collapse` when the output does not vary across the batch; `lr_too_high` when one optimizer step changes a
  layer's weights by more than `UPDATE_RATIO_HIGH` of their norm (Adam/AdamW only: an SGD step scales with the
  stand-in loss mean(output**2), not with the real loss, so its ratio is reported but not judged);
  `numerical_instability` for a non-finite loss or gradient.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..diagnosis.thresholds import DEAD_ONSET
from ..outputs import (
    COPY_SHARE_HIGH,
    IDENTICAL_SHARE_HIGH,
    LOSS_OVER_CHANCE_HIGH,
    MIN_OUTPUTS_COMPARED,
    REPEATED_SHARE_HIGH,
    SINGLE_TOKEN_SHARE_HIGH,
    OutputMeasure,
)
from .models import Finding
from .worker import EMBEDDING_TYPES as EMBEDDING_MODULES

TINY_HEAD_SHARE = 1e-5  # a 65-parameter halting head on a 25M body (issue 3's case)
DOMINANT_SHARE = 0.9  # one of several components holding 90%: all else starves (a stack of repeated blocks excepted)
VOCABULARY_SHARE = 0.5  # embeddings plus untied output projections over the vocabulary holding over half the model
INIT_SCALE_FACTOR = 10.0
VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 70.0
DEAD_RELU_FRACTION = DEAD_ONSET  # graded from half the units dead (the diagnosis's dead_confidence)
SATURATED_FRACTION = 0.5
COLLAPSED_SPREAD = 1e-6
UPDATE_RATIO_HIGH = 0.1
SCALE_FREE_OPTIMIZERS = ("adam", "adamw")  # their step size does not depend on the stand-in loss's scale
EMBEDDING_TYPES = EMBEDDING_MODULES
"""An embedding is an input lookup (vocabulary x width), no component competing with the body for learning: a body
holding most of the parameters beside it is a language model's usual shape (an MLP n-gram model: 94% in its MLP).
The vocabulary rule judges an embedding that is most of the model."""
HEAD_NAME = re.compile(r"^(head|heads|classifier|halt\w*|output|out|lm_head|fc_out|\w+_head)$", re.IGNORECASE)


def as_float(value: Any) -> float | None:
    """A measured value as a float ("nan"/"inf" strings included); None when absent."""
    return None if value is None else float(value)


def heads(top: list[dict[str, Any]]) -> list[dict[str, Any]]:
    named = [m for m in top if HEAD_NAME.match(m["name"])]
    if named:
        return named
    return [top[-1]] if top and top[-1]["type"] in ("Linear", None) else []


def balance_findings(measured: dict[str, Any]) -> list[Finding]:
    total = measured["total_params"]
    if not total:
        return []
    found = []
    top = [m for m in measured["modules"] if m["depth"] == 1]
    head_modules = heads(top)
    for head in head_modules:
        share = head["params"] / total
        if 0 < share < TINY_HEAD_SHARE:
            found.append(
                Finding(
                    id="parameter_imbalance",
                    module=head["name"],
                    detail=f"head {head['name']} has {head['params']} parameters next to a body of "
                    f"{total - head['params']:,}: if it makes a critical decision (halting, gating, the output) "
                    "it may be too small to learn it",
                    value=share,
                )
            )
    components = [
        m
        for m in top
        if m["params"] and m not in head_modules and not m.get("repeated_blocks") and m["type"] not in EMBEDDING_TYPES
    ]
    if len(components) >= 2:
        biggest = max(components, key=lambda m: m["params"])
        share = biggest["params"] / total
        if share > DOMINANT_SHARE:
            others = ", ".join(f"{m['name']} ({m['params']:,})" for m in components if m is not biggest)
            found.append(
                Finding(
                    id="parameter_imbalance",
                    module=biggest["name"],
                    detail=f"{biggest['name']} holds {share:.1%} of the parameters; the other components "
                    f"share the rest: {others}",
                    value=share,
                )
            )
    vocabulary = measured.get("vocabulary_params", measured["embedding_params"])
    share = vocabulary / total
    if share > VOCABULARY_SHARE:
        untied = vocabulary - measured["embedding_params"]
        what = "embeddings and the untied output projection" if untied else "embeddings"
        found.append(
            Finding(
                id="parameter_imbalance",
                module="embeddings",
                detail=f"{what} hold {share:.1%} of the parameters, the body {1 - share:.2%}: the model is mostly a "
                "lookup table (shrink the vocabulary or the embedding width, or tie input and output embeddings)",
                value=share,
            )
        )
    return found


def weight_findings(weights: list[dict[str, Any]], trained: bool = False) -> tuple[list[Finding], list[str]]:
    """Findings on the weights, and remarks. A matrix all zero or constant is `poor_initialization` even in a
    trained checkpoint (its units get equal gradients and never learn apart); a std far from 1/sqrt(fan_in) is so
    only for fresh weights: in a `trained` checkpoint it says how training moved the weights (grown under a too-high
    learning rate, say), not how they started, and is a remark."""
    found: list[Finding] = []
    remarks: list[str] = []
    for stats in weights:
        name = stats["name"]
        if stats["nonfinite"]:
            fraction = stats["nonfinite"] / stats["numel"]
            found.append(
                Finding(
                    id="numerical_instability",
                    module=name,
                    detail=f"{stats['nonfinite']} of {stats['numel']} values of {name} are NaN or inf",
                    value=fraction,
                )
            )
        if stats["fan_in"] is None or stats["nonfinite"]:
            continue
        if stats["all_zero"] or stats["constant"]:
            what = "all zero" if stats["all_zero"] else f"all equal to {stats['mean']:.4g}"
            found.append(
                Finding(
                    id="poor_initialization",
                    module=name,
                    detail=f"weight matrix {name} is {what}: its units are identical and cannot learn apart",
                    value=0.0,
                )
            )
            continue
        ratio = as_float(stats["std"]) / stats["expected_std"]
        if trained and math.isfinite(ratio) and (ratio > INIT_SCALE_FACTOR or ratio < 1 / INIT_SCALE_FACTOR):
            remarks.append(
                f"std of {name} in the checkpoint is {as_float(stats['std']):.3g}, {ratio:.3g}x the 1/sqrt(fan_in) = "
                f"{stats['expected_std']:.3g} of an initialisation: training moved it there (weights grown under a "
                "too-high learning rate or without weight decay), no initialisation fault"
            )
        elif not math.isfinite(ratio) or ratio > INIT_SCALE_FACTOR or ratio < 1 / INIT_SCALE_FACTOR:
            found.append(
                Finding(
                    id="poor_initialization",
                    module=name,
                    detail=f"std of {name} is {as_float(stats['std']):.3g}, {ratio:.3g}x the 1/sqrt(fan_in) = "
                    f"{stats['expected_std']:.3g} its fan-in of {stats['fan_in']} suggests",
                    value=ratio if math.isfinite(ratio) else "inf",
                )
            )
    return found, remarks


def gradient_ratio(layers: list[dict[str, Any]]) -> float | None:
    """First layer's gradient norm over the last layer's; None with fewer than two layers or a zero last norm."""
    if len(layers) < 2:
        return None
    first, last = float(layers[0]["grad_norm"]), float(layers[-1]["grad_norm"])  # always measured
    if not (math.isfinite(first) and math.isfinite(last)) or last == 0:
        return None
    return first / last


def probe_findings(probe: dict[str, Any]) -> list[Finding]:
    found = []
    layers = probe["layers"]
    if not math.isfinite(float(probe["loss"])):  # loss and gradient norms are always measured
        found.append(
            Finding(id="numerical_instability", module="output", detail="the forward pass gives NaN/inf", value=None)
        )
    for layer in layers:
        if not math.isfinite(float(layer["grad_norm"])):
            found.append(
                Finding(
                    id="numerical_instability",
                    module=layer["name"],
                    detail=f"the gradient of {layer['name']} is NaN/inf",
                    value=layer["grad_norm"],
                )
            )
    ratio = gradient_ratio(layers)
    all_dead = [a["name"] for a in probe["activations"] if (a.get("dead_fraction") or 0.0) >= 1.0]
    if ratio is not None and ratio < VANISHING_RATIO and all_dead:
        pass  # a ReLU none of whose units fire passes back no gradient: the dead_relu finding says so
    elif ratio is not None and (ratio < VANISHING_RATIO or ratio > EXPLODING_RATIO):
        vanishing = ratio < VANISHING_RATIO
        found.append(
            Finding(
                id="vanishing_gradients" if vanishing else "exploding_gradients",
                module=layers[0]["name"],
                detail=f"gradient norm of the first layer {layers[0]['name']} is {ratio:.3g}x that of the last "
                f"layer {layers[-1]['name']} ({'below 1e-3' if vanishing else 'above 70'}, AUTOTRAINER)",
                value=ratio,
            )
        )
    for act in probe["activations"]:
        dead, saturated = act.get("dead_fraction"), act.get("saturated_fraction")
        if dead is not None and dead >= DEAD_RELU_FRACTION:
            found.append(
                Finding(
                    id="dead_relu",
                    module=act["name"],
                    detail=f"{dead:.0%} of the units after {act['name']} never fire over the batch"
                    + (
                        f"; no gradient passes back through it (first layer's gradient norm {ratio:.3g}x the last's: "
                        "vanishing because of the dead units, not a cause of its own)"
                        if act["name"] in all_dead and ratio is not None and ratio < VANISHING_RATIO
                        else ""
                    ),
                    value=dead,
                )
            )
        if saturated is not None and saturated > SATURATED_FRACTION:
            found.append(
                Finding(
                    id="saturated_activations",
                    module=act["name"],
                    detail=f"{saturated:.0%} of the inputs of {act['name']} ({act['type']}) are in saturation",
                    value=saturated,
                )
            )
    spread = as_float(probe["output_spread"])
    if spread is not None and spread < COLLAPSED_SPREAD:
        found.append(
            Finding(
                id="mode_collapse",
                module="output",
                detail="the output is the same for every example of the batch (no spread across the batch)",
                value=spread,
            )
        )
    if probe["optimizer"] not in SCALE_FREE_OPTIMIZERS:
        return found
    for layer in layers:
        update = as_float(layer["update_ratio"])
        if update is not None and update > UPDATE_RATIO_HIGH:
            found.append(
                Finding(
                    id="lr_too_high",
                    module=layer["name"],
                    detail=f"one {probe['optimizer']} step at lr={probe['lr']:g} changes {layer['name']} by "
                    f"{update:.3g} of its norm (rule of thumb: ~1e-3)",
                    value=update,
                )
            )
    return found


# ---------------------------------------------------------------- what the model produces (the output probe)


def output_findings(outputs: Any) -> list[Finding]:
    """`mode_collapse` findings from an `OutputProbe`: loops, one output for every prompt or input, one token
    favoured everywhere, inputs copied, confident gibberish; each names the prompt or the batch and the measure.
    Only the measures in `outputs.measures` are judged."""
    judges = {
        OutputMeasure.REPETITION: loop_findings,
        OutputMeasure.ONE_CLASS: one_class_findings,
        OutputMeasure.COPYING: copy_findings,
        OutputMeasure.GIBBERISH: gibberish_findings,
    }
    return [found for measure in OutputMeasure if measure in outputs.measures for found in judges[measure](outputs)]


def loop_findings(outputs: Any) -> list[Finding]:
    """Continuations sampled from the model's own distribution that loop. A greedy continuation that loops is no
    finding (greedy decoding repeats for good models too, Holtzman et al. 2020): `greedy_loop_remarks` says it."""
    found = []
    for item in outputs.continuations:
        share = as_float(item.sampled_repeated_ngram_share)
        if share is not None and share >= REPEATED_SHARE_HIGH:
            found.append(
                Finding(
                    id="mode_collapse",
                    module="output",
                    detail=f"the continuation of prompt {item.prompt!r} sampled at temperature 1 loops: {share:.0%} "
                    f"of its 4-grams repeat (repeated n-gram share >= {REPEATED_SHARE_HIGH}): {item.sampled[:60]!r}",
                    value=share,
                )
            )
    return found


def greedy_loop_remarks(outputs: Any) -> list[str]:
    """A remark (no finding) for each greedy continuation that loops while the sampled one does not."""
    remarks = []
    for item in outputs.continuations:
        greedy, sampled = as_float(item.greedy_repeated_ngram_share), as_float(item.sampled_repeated_ngram_share)
        if greedy is not None and greedy >= REPEATED_SHARE_HIGH and (sampled is None or sampled < REPEATED_SHARE_HIGH):
            remarks.append(
                f"the greedy continuation of prompt {item.prompt!r} repeats {greedy:.0%} of its 4-grams, its sampled "
                f"one {sampled or 0:.0%}: greedy decoding loops even for good models (Holtzman et al. 2020); decode "
                "by sampling (or with a repetition penalty) rather than suspect the model"
            )
    return remarks


def copy_findings(outputs: Any) -> list[Finding]:
    """Most inputs of the real batch answered with themselves."""
    rows, share = outputs.batch_rows or 0, as_float(outputs.batch_copy_share)
    if share is None or share < COPY_SHARE_HIGH or rows < MIN_OUTPUTS_COMPARED:
        return []
    detail = (
        f"{share:.0%} of the {rows} inputs of {outputs.batch_input} come back unchanged (copy share >= "
        f"{COPY_SHARE_HIGH}): the model copies its input instead of transforming it"
    )
    return [Finding(id="mode_collapse", module="output", detail=detail, value=share)]


def gibberish_findings(outputs: Any) -> list[Finding]:
    """A language model scoring real text worse than a uniform guess would: confident and wrong."""
    ratio = as_float(outputs.batch_loss_over_chance)
    if ratio is None or ratio < LOSS_OVER_CHANCE_HIGH:
        return []
    detail = (
        f"the model scores the real batch {outputs.batch_input} at {as_float(outputs.batch_loss):.2f} nats a token, "
        f"{ratio:.2f}x the ln V of a uniform guess (loss against chance >= {LOSS_OVER_CHANCE_HIGH}): its confident "
        "outputs are not the data's language (gibberish; a too-high learning rate or targets misaligned with the "
        "inputs leave a model so)"
    )
    return [Finding(id="mode_collapse", module="output", detail=detail, value=ratio)]


def one_class_findings(outputs: Any) -> list[Finding]:
    """One greedy continuation for most prompts, one token favoured at every step, one output for most inputs."""
    found = []
    share = as_float(outputs.identical_share)
    if share is not None and share >= IDENTICAL_SHARE_HIGH and len(outputs.continuations) >= MIN_OUTPUTS_COMPARED:
        first = outputs.continuations[0]
        found.append(
            Finding(
                id="mode_collapse",
                module="output",
                detail=f"{share:.0%} of the {len(outputs.continuations)} prompts get the same greedy continuation "
                f"(identical share >= {IDENTICAL_SHARE_HIGH}), e.g. prompt {first.prompt!r} -> {first.greedy[:60]!r}",
                value=share,
            )
        )
    share = as_float(outputs.single_token_share)
    if share is not None and share >= SINGLE_TOKEN_SHARE_HIGH:
        found.append(
            Finding(
                id="mode_collapse",
                module="output",
                detail=f"the token {outputs.single_token!r} gets {share:.0%} of the probability at every generation "
                f"step on average (single-token share >= {SINGLE_TOKEN_SHARE_HIGH}): the output ignores the prompt",
                value=share,
            )
        )
    rows = outputs.batch_rows or 0
    share = as_float(outputs.batch_identical_share)
    if share is not None and share >= IDENTICAL_SHARE_HIGH and rows >= MIN_OUTPUTS_COMPARED:
        found.append(
            Finding(
                id="mode_collapse",
                module="output",
                detail=f"{share:.0%} of the {rows} inputs of {outputs.batch_input} map to the same output "
                f"(identical share >= {IDENTICAL_SHARE_HIGH})",
                value=share,
            )
        )
    return found
