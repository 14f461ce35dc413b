"""The `inspect_model` tool: parameter balance, checkpoint health and an opt-in CPU probe of a model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from ..core.errors import UserError
from ..core.inspect import InspectRequest, ModelReport, inspect_model
from ..core.inspect.models import Optimizer
from ..settings import Settings
from ._errors import tool_errors

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
CHECKPOINT_SUFFIXES = (".pt", ".pth", ".bin", ".ckpt", ".safetensors")


def split_model_spec(spec: str) -> tuple[str, str]:
    """'path/to/file.py:factory' -> ('path/to/file.py', 'factory')."""
    path, sep, factory = spec.rpartition(":")
    if not sep or not path.endswith(".py") or not factory.strip():
        raise UserError(f"model {spec!r} must look like 'path/to/file.py:factory' (a class or a function)")
    return path, factory.strip()


def register(mcp: MCPServer, settings: Settings) -> None:
    workspace = settings.workspace

    @mcp.tool(name="inspect_model", title="Inspect a model", annotations=READ_ONLY)
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
        input_dtype: Annotated[str, Field(description="Probe input dtype: float32, int64 (token ids)...")] = "float32",
        sample_input: Annotated[
            str | None, Field(description="A real batch saved with torch.save (a tensor, list or dict of tensors).")
        ] = None,
        probe: Annotated[bool, Field(description="Run the CPU probe (forward/backward, one optimizer step).")] = False,
        depth: Annotated[int, Field(ge=1, le=6, description="Depth of the module tree in the answer.")] = 2,
        optimizer: Annotated[Optimizer, Field(description="Optimizer of the probe's step.")] = "sgd",
        lr: Annotated[float, Field(gt=0, le=10, description="Learning rate of the probe's step.")] = 1e-3,
        timeout_s: Annotated[float, Field(gt=0, le=3600, description="Seconds before the child is killed.")] = 120,
    ) -> ModelReport:
        """Inspect a PyTorch model's parameter budget, its checkpoint's health and (opt-in) its training signals.

        Use it when a diagnosis needs to look inside the model: lopsided parameter budgets, dead ReLUs,
        saturated sigmoids, vanishing/exploding gradients, collapsed outputs, broken checkpoints.
        Give `model` ('file.py:factory') and/or `checkpoint`. The model's code runs in a child process under
        the project's interpreter (needs torch there), never in the server; structure alone uses the meta
        device (no weight memory, 7B models in seconds); a .safetensors size comes from its header; .pt files
        load with weights_only=True and a checkpoint needing pickled code is refused, never run.
        Returns total/trainable/frozen parameters (tied weights once, named in `tied`), bytes by dtype, the
        module tree to `depth` with shares, and `findings` ({id, module, detail, value}, ids from the
        root-cause catalogue). With `probe=true`: one CPU forward/backward on `sample_input` or a random
        batch (stand-in loss mean(output**2)), one optimizer step, per-layer gradient norms and
        first/last ratio, ReLU dead and sigmoid/tanh saturated fractions, output spread across the batch,
        update/weight ratios and the median forward latency (1 thread). Lists are capped (see `*_truncated`).
        """
        with tool_errors("inspect_model"):
            model_file, factory = (None, None)
            if model is not None:
                path, factory = split_model_spec(model)
                model_file = workspace.resolve(path)
                if model_file.suffix != ".py" or not model_file.is_file():
                    raise UserError(f"{path} is not a Python file; pass 'path/to/file.py:factory'")
            checkpoint_file = workspace.resolve(checkpoint) if checkpoint is not None else None
            if checkpoint_file is not None and checkpoint_file.suffix not in CHECKPOINT_SUFFIXES:
                raise UserError(f"{checkpoint} is not a checkpoint; pass a {', '.join(CHECKPOINT_SUFFIXES)} file")
            request = InspectRequest(
                model_file=model_file,
                factory=factory,
                factory_kwargs=factory_kwargs or {},
                checkpoint=checkpoint_file,
                input_shape=input_shape,
                input_dtype=input_dtype,
                sample_input=workspace.resolve(sample_input) if sample_input is not None else None,
                probe=probe,
                depth=depth,
                optimizer=optimizer,
                lr=lr,
            )
            cwd = model_file.parent if model_file is not None else workspace.primary
            return await inspect_model(
                request,
                python=settings.project_python(),
                cwd=Path(cwd),
                timeout_s=timeout_s,
                state_dir=settings.state_dir,
            )
