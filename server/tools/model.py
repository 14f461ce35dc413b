"""The `inspect_model` tool: parameter balance, checkpoint health and an opt-in CPU probe of a model."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from ..core.inspect import ModelReport, inspect_model
from ..core.inspect.models import DEFAULT_MEMORY_MB, Optimizer
from ..core.inspect.request import build_request
from ..core.outputs import DEFAULT_MEASURES, OutputMeasure
from ..settings import Settings
from ._annotations import RUNS_USER_CODE
from ._errors import tool_errors


def register(mcp: MCPServer, settings: Settings) -> None:
    @mcp.tool(name="inspect_model", title="Inspect a model", annotations=RUNS_USER_CODE)
    async def inspect_model_tool(
        model: Annotated[
            str | None,
            Field(description="'path/to/file.py:factory': a class or function in the file returning an nn.Module."),
        ] = None,
        checkpoint: Annotated[
            str | None, Field(description="A state dict (.pt/.pth) or a .safetensors file, alone or with `model`.")
        ] = None,
        factory_kwargs: Annotated[
            dict[str, Any] | None, Field(description="Keyword arguments passed to the factory (JSON values).")
        ] = None,
        input_shape: Annotated[
            list[int] | None,
            Field(
                description="Probe input shape with the batch first, e.g. [8, 784]; inferred from a first "
                "Linear/Embedding/Conv layer when omitted."
            ),
        ] = None,
        input_dtype: Annotated[
            str | None,
            Field(
                description="Probe input dtype: float32, int64 (token ids)...; when omitted, int64 token ids below "
                "the vocabulary for a first Embedding layer, else float32."
            ),
        ] = None,
        sample_input: Annotated[
            str | None, Field(description="A real batch saved with torch.save (a tensor, list or dict of tensors).")
        ] = None,
        probe: Annotated[bool, Field(description="Run the CPU probe (forward/backward, one optimizer step).")] = False,
        depth: Annotated[int, Field(ge=1, le=6, description="Depth of the module tree in the answer.")] = 2,
        optimizer: Annotated[Optimizer, Field(description="Optimizer of the probe's step.")] = "sgd",
        lr: Annotated[float, Field(gt=0, le=10, description="Learning rate of the probe's step.")] = 1e-3,
        prompts: Annotated[
            list[str] | list[list[int]] | None,
            Field(
                description="Prompts to continue (at most 8): token-id lists, or texts with `vocabulary`. Runs the "
                "output probe: greedy and sampled continuations of output_tokens tokens each."
            ),
        ] = None,
        vocabulary: Annotated[
            str | None,
            Field(
                description="Vocabulary file: a JSON list of tokens (index = id) or one token a line; encodes text "
                "prompts and decodes continuations."
            ),
        ] = None,
        output_tokens: Annotated[int, Field(ge=1, le=1024, description="Tokens generated per prompt.")] = 64,
        measures: Annotated[
            list[OutputMeasure] | None,
            Field(
                description="Output measures to run (all when omitted): repetition (loops), one_class (one output "
                "or token for every input), copying (inputs answered with themselves), gibberish (a language "
                "model's loss on sample_input against a uniform guess). Continuations run only for the first two."
            ),
        ] = None,
        timeout_s: Annotated[float, Field(gt=0, le=3600, description="Seconds before the child is killed.")] = 120,
        memory_mb: Annotated[
            int,
            Field(
                ge=256,
                le=262144,
                description="Address-space cap of the child in MiB (RLIMIT_AS); a checkpoint's size is added to it.",
            ),
        ] = DEFAULT_MEMORY_MB,
    ) -> ModelReport:
        """Inspect a PyTorch model's parameter budget, its checkpoint's health and (opt-in) its training signals.

        Use it when a diagnosis needs to look inside the model: lopsided parameter budgets, dead ReLUs,
        saturated sigmoids, vanishing/exploding gradients, collapsed outputs, broken checkpoints.
        Give `model` ('file.py:factory') and/or `checkpoint`. Not read-only: it imports the model file and calls
        the factory, so the file's code (module-level code included) runs, in a child process under the
        project's interpreter (needs torch there; timeout_s and memory_mb apply), never in the server.
        Structure alone uses the meta device (no weight memory, 7B models in seconds); a .safetensors size
        comes from its header; .pt files load with weights_only=True and a checkpoint needing pickled code is
        refused, never run.
        Returns total/trainable/frozen parameters (tied weights once, named in `tied`), bytes by dtype, the
        module tree to `depth` with shares, and `findings` ({id, module, detail, value}, ids from the
        root-cause catalogue). Weight health (NaN/inf, all-zero or constant matrices, std against
        1/sqrt(fan_in)) reads the values of a checkpoint (or of the probed model): all of them up to 2 GiB of
        tensor data; above that a bounded sample (the first and last two tensors, then every Nth within the
        2 GiB), so a 7B checkpoint takes tens of seconds, not minutes; `weight_health` says how many tensors were
        checked and, when sampled, which. Counts always cover every tensor. With `probe=true`: one CPU
        forward/backward on `sample_input` or a random batch (stand-in loss mean(output**2)), one optimizer
        step, per-layer gradient norms and first/last ratio, ReLU dead and sigmoid/tanh saturated fractions,
        output spread across the batch, update/weight ratios and the median forward latency (1 thread).
        Output probe (`prompts`, or `sample_input` with `model`): what the model produces, in eval mode. For a
        model taking token ids: greedy and seeded sampled continuations of each prompt (decoded text with a
        vocabulary; a hub tokenizer is not loaded). For any model: its outputs over the real batch `sample_input`
        (never random noise: a healthy classifier may map noise to one class). `outputs` gives the measures with
        their definitions (repeated n-gram share, distinct-n, identical share, entropy / ln V, single-token
        share, copy share, and for a language model given prompts and a token-id `sample_input` its loss on that
        batch against ln V); sampled continuations that loop (a greedy loop alone is a remark: greedy decoding
        loops for good models too), one output for all inputs, one favoured token, copied inputs or confident
        gibberish (real text scored 1.25x worse than a uniform guess would) are `mode_collapse` findings naming
        the prompt or batch; `measures` narrows which run. Bounded: 8 prompts, the last 32 tokens fed back.
        Lists are capped: modules at 60, findings at 40, probe rows at 40 (see `*_truncated`).
        """
        with tool_errors("inspect_model"):
            request, cwd = build_request(
                settings.workspace,
                model=model,
                checkpoint=checkpoint,
                factory_kwargs=factory_kwargs,
                input_shape=input_shape,
                input_dtype=input_dtype,
                sample_input=sample_input,
                probe=probe,
                depth=depth,
                optimizer=optimizer,
                lr=lr,
                memory_mb=memory_mb,
                prompts=prompts,
                vocabulary=vocabulary,
                output_tokens=output_tokens,
                measures=measures or DEFAULT_MEASURES,
            )
            return await inspect_model(
                request, python=settings.project_python(), cwd=cwd, timeout_s=timeout_s, state_dir=settings.state_dir
            )
