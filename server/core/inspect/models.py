"""What `inspect_model` takes and returns (pydantic, so the tool gets its schemas for free)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..catalogue import RootCauseId
from ..logs.summary import Value
from ..outputs import DEFAULT_MEASURES, DEFINITIONS, OutputMeasure
from .worker import OUTPUT_TOKENS, WEIGHT_HEALTH_BUDGET_BYTES

Optimizer = Literal["sgd", "adam", "adamw"]
DEFAULT_MEMORY_MB = 8192


class InspectRequest(BaseModel):
    """One inspection, with paths already resolved inside the workspace."""

    model_file: Path | None = Field(default=None, description="The Python file defining the model.")
    factory: str | None = Field(default=None, description="Class or function in model_file returning an nn.Module.")
    factory_kwargs: dict[str, Any] = Field(default_factory=dict)
    checkpoint: Path | None = Field(default=None, description="A .pt/.pth state dict or a .safetensors file.")
    checkpoint_shown: str | None = Field(
        default=None, description="The checkpoint's path relative to the workspace, for the report."
    )
    input_shape: list[int] | None = None
    input_dtype: str | None = Field(
        default=None, description="Probe input dtype; None infers it: int64 for a first Embedding, else float32."
    )
    sample_input: Path | None = None
    probe: bool = False
    depth: int = 2
    optimizer: Optimizer = "sgd"
    lr: float = 1e-3
    memory_mb: int = Field(
        default=DEFAULT_MEMORY_MB, description="Address-space cap of the child, plus the checkpoint's size."
    )
    outputs: bool = Field(default=False, description="Run the output probe (prompts given, or a sample_input).")
    prompts: list[list[int]] | None = Field(default=None, description="Prompts as token ids, for continuations.")
    output_tokens: int = Field(default=OUTPUT_TOKENS, ge=1, le=1024, description="Tokens generated per prompt.")
    vocabulary: list[str] | None = Field(default=None, description="Token strings by id, to decode continuations.")
    measures: list[OutputMeasure] = Field(
        default_factory=lambda: sorted(DEFAULT_MEASURES), description="The output measures that run (all by default)."
    )
    weight_budget_bytes: int = Field(
        default=WEIGHT_HEALTH_BUDGET_BYTES,
        ge=0,
        description="Tensor data the weight-health pass reads at most; above it, a sample of tensors is checked.",
    )


class Finding(BaseModel):
    """One abnormal value the inspection measured, named by its catalogue root cause (the diagnosis folds it in
    as model evidence: `diagnosis.engine.model_findings`)."""

    id: RootCauseId = Field(description="Root-cause id from the catalogue.")
    module: str = Field(description="The module (or tensor) the finding is about; '' for the whole model.")
    detail: str = Field(description="What was measured and why it is abnormal.")
    value: Value | None = Field(description="The measured number (a fraction, a ratio, a share).")


class ModuleShare(BaseModel):
    name: str = Field(description="Dotted module name.")
    type: str | None = Field(description="Module class (null when read from a checkpoint alone).")
    depth: int = Field(description="1 for top-level children of the model.")
    params: int = Field(description="Parameters inside this module (tied weights counted at their first owner).")
    trainable_params: int
    share: float = Field(description="params / total_params.")


class CheckpointReport(BaseModel):
    path: str = Field(description="The checkpoint's path relative to the workspace (its file name without one).")
    format: Literal["pt", "safetensors"]
    tensors: int | None = Field(default=None, description="Tensors in a .safetensors header.")
    params: int | None = Field(default=None, description="Values in the checkpoint (from the header for safetensors).")
    bytes_by_dtype: dict[str, int] = Field(default_factory=dict, description="From the safetensors header.")
    missing_keys: list[str] = Field(default_factory=list, description="Model parameters the checkpoint lacks.")
    unexpected_keys: list[str] = Field(default_factory=list, description="Checkpoint tensors the model lacks.")


class WeightHealth(BaseModel):
    tensors: int = Field(description="Floating-point tensors holding values (weights to check).")
    bytes: int = Field(description="Their data in bytes.")
    checked: int = Field(description="Tensors whose values were read (NaN/inf, zero/constant, std vs fan-in).")
    checked_bytes: int
    budget_bytes: int = Field(description="Tensor data the pass reads at most.")
    sampled: bool = Field(description="True when the data exceeded the budget and only a sample was checked.")
    checked_names: list[str] = Field(
        default_factory=list,
        description="When sampled: the tensors checked (the first and last two, then every Nth within the budget).",
    )


class LayerProbe(BaseModel):
    name: str
    type: str
    grad_norm: Value = Field(description="L2 norm of the gradients of this layer's own parameters.")
    update_ratio: Value | None = Field(description="||weight change|| / ||weight|| after one optimizer step.")


class ActivationProbe(BaseModel):
    name: str
    type: str
    dead_fraction: float | None = Field(default=None, description="ReLU: fraction of units never active.")
    saturated_fraction: float | None = Field(default=None, description="Sigmoid/Tanh: fraction of inputs saturated.")


class ProbeReport(BaseModel):
    input: str = Field(description="What was fed: sample_input, or the random tensor's dtype and shape.")
    loss: Value = Field(description="The stand-in loss mean(output**2) (labels are not known).")
    output_shape: list[int]
    output_spread: Value | None = Field(
        description="Mean std of the output across the batch relative to its mean |value| (0 = collapsed)."
    )
    gradient_ratio: Value | None = Field(
        description="First layer gradient norm / the last layer's (AUTOTRAINER: <1e-3 vanishing, >70 exploding)."
    )
    layers: list[LayerProbe] = Field(description="Per layer with parameters, first to last (capped).")
    activations: list[ActivationProbe] = Field(description="Per ReLU/Sigmoid/Tanh module (capped).")
    latency_ms: float = Field(description="Median CPU forward time of the batch (eval mode, no grad).")
    threads: int = Field(description="torch threads used for the latency.")
    optimizer: str
    lr: float
    truncated: bool = Field(default=False, description="True when layers or activations were capped.")


class Continuation(BaseModel):
    prompt: str = Field(description="The prompt: its text when a vocabulary was given, else its token ids.")
    greedy: str = Field(description="The greedy continuation (decoded text, else token ids).")
    sampled: str = Field(description="A continuation sampled at temperature 1 (seeded).")
    greedy_repeated_ngram_share: Value | None = Field(description="Repeated n-gram share of the greedy continuation.")
    sampled_repeated_ngram_share: Value | None = Field(description="The same, of the sampled continuation.")
    entropy_ratio: Value = Field(description="Mean next-token entropy over the greedy steps / ln V.")
    top_prob: Value = Field(description="Mean probability of the greedy token.")


class OutputProbe(BaseModel):
    definitions: dict[str, str] = Field(default_factory=lambda: dict(DEFINITIONS), description="What each measure is.")
    continuations: list[Continuation] = Field(default_factory=list, description="Per prompt (at most 8).")
    tokens: int | None = Field(default=None, description="Tokens generated per prompt.")
    context: int | None = Field(default=None, description="Latest tokens fed back at each generation step.")
    distinct_n: Value | None = Field(default=None, description="distinct-n over all continuations (greedy+sampled).")
    identical_share: Value | None = Field(
        default=None, description="Largest group of identical greedy continuations / prompts."
    )
    single_token_share: Value | None = Field(
        default=None, description="Largest mean probability of one token over all generation steps."
    )
    single_token: str | None = Field(default=None, description="That token.")
    batch_input: str | None = Field(default=None, description="The real batch the outputs were compared on.")
    batch_rows: int | None = None
    batch_identical_share: Value | None = Field(
        default=None, description="Largest group of inputs of the batch mapping to the same predicted output / rows."
    )
    batch_copy_share: Value | None = Field(
        default=None, description="Share of rows whose predicted ids equal their input ids (token-id inputs)."
    )
    batch_entropy_ratio: Value | None = Field(default=None, description="Mean entropy of the output / ln V.")
    batch_single_token_share: Value | None = Field(
        default=None, description="Largest mean probability of one class or token over the batch."
    )
    batch_loss: Value | None = Field(
        default=None,
        description="A language model's mean next-token cross-entropy on the batch, in nats (prompts and token ids).",
    )
    batch_loss_over_chance: Value | None = Field(
        default=None, description="batch_loss / ln V: 1 is a uniform guess; well above, confident gibberish."
    )
    measures: list[OutputMeasure] = Field(
        default_factory=lambda: sorted(DEFAULT_MEASURES),
        description="The measures that ran (all unless a diagnosis's symptoms chose some).",
    )
    problem: str | None = Field(
        default=None, description="Why a measure could not be taken (NaN/inf outputs: see the weight findings)."
    )
    remarks: list[str] = Field(
        default_factory=list,
        description="What the measures show that is no fault (a greedy continuation looping while sampling does not).",
    )
    seconds: float = Field(description="Time the output probe took in the child.")
    cpu_seconds: float | None = Field(default=None, description="CPU time it used (below `seconds` on a busy machine).")


class ModelReport(BaseModel):
    source: str = Field(description="What was inspected: model, checkpoint, meta device or real weights.")
    total_params: int = Field(description="Unique parameters (tied weights counted once).")
    trainable_params: int
    frozen_params: int
    embedding_params: int = Field(description="Parameters in embedding layers.")
    vocabulary_params: int = Field(
        default=0, description="Embeddings plus untied output projections onto the vocabulary (lm_head)."
    )
    head_width: int | None = Field(
        default=None,
        description="out_features of the model's last nn.Linear in definition order (its head): K, the classes or "
        "the vocabulary a cross-entropy is over, when the code does not state it (null from a checkpoint alone).",
    )
    tied: list[list[str]] = Field(description="Groups of parameter names that share one tensor.")
    bytes_by_dtype: dict[str, int] = Field(description="Parameter bytes per dtype.")
    modules: list[ModuleShare] = Field(description="The module tree to `depth`, in definition order.")
    modules_truncated: int = Field(
        default=0, description="Modules left out after the first 60; a smaller depth shows the top of the tree whole."
    )
    findings: list[Finding] = Field(description="Abnormal values, each with a catalogue id and the module.")
    findings_truncated: int = Field(default=0, description="Findings left out after the first 40.")
    checkpoint: CheckpointReport | None = None
    weight_health: WeightHealth | None = Field(
        default=None, description="Which weights the health findings rest on (null when no values were loaded)."
    )
    probe: ProbeReport | None = None
    outputs: OutputProbe | None = Field(default=None, description="What the model produces (the output probe).")
    remarks: list[str] = Field(
        default_factory=list,
        description="What the weights show that is no root cause of its own (a trained checkpoint's weights far from "
        "their initial scale: how training moved them).",
    )
    worker_seconds: float | None = Field(default=None, description="Time spent in the child process.")
    worker_peak_rss_mb: float | None = Field(default=None, description="The child's peak resident memory.")
