"""Turning tool arguments (`file.py:factory`, checkpoint, probe input) into a resolved `InspectRequest`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UserError
from ..workspace import Workspace
from .models import DEFAULT_MEMORY_MB, InspectRequest, Optimizer

CHECKPOINT_SUFFIXES = (".pt", ".pth", ".bin", ".ckpt", ".safetensors")


def split_model_spec(spec: str) -> tuple[str, str]:
    """'path/to/file.py:factory' -> ('path/to/file.py', 'factory')."""
    path, sep, factory = spec.rpartition(":")
    if not sep or not path.endswith(".py") or not factory.strip():
        raise UserError(f"model {spec!r} must look like 'path/to/file.py:factory' (a class or a function)")
    return path, factory.strip()


def build_request(
    workspace: Workspace,
    *,
    model: str | None,
    checkpoint: str | None,
    factory_kwargs: dict[str, Any] | None = None,
    input_shape: list[int] | None = None,
    input_dtype: str | None = None,
    sample_input: str | None = None,
    probe: bool = False,
    depth: int = 2,
    optimizer: Optimizer = "sgd",
    lr: float = 1e-3,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> tuple[InspectRequest, Path]:
    """The request with every path resolved inside the workspace, and the folder the child runs in."""
    model_file, factory = None, None
    if model is not None:
        path, factory = split_model_spec(model)
        model_file = workspace.resolve_file(path, "the Python file defining the model, as 'path/to/file.py:factory'")
    checkpoint_file = workspace.resolve_file(checkpoint, "a checkpoint file") if checkpoint is not None else None
    if checkpoint_file is not None and checkpoint_file.suffix not in CHECKPOINT_SUFFIXES:
        raise UserError(f"{checkpoint} is not a checkpoint; pass a {', '.join(CHECKPOINT_SUFFIXES)} file")
    sample_file = (
        workspace.resolve_file(sample_input, "a batch saved with torch.save") if sample_input is not None else None
    )
    request = InspectRequest(
        model_file=model_file,
        factory=factory,
        factory_kwargs=factory_kwargs or {},
        checkpoint=checkpoint_file,
        checkpoint_shown=workspace.relative(checkpoint_file) if checkpoint_file is not None else None,
        input_shape=input_shape,
        input_dtype=input_dtype,
        sample_input=sample_file,
        probe=probe,
        depth=depth,
        optimizer=optimizer,
        lr=lr,
        memory_mb=memory_mb,
    )
    return request, model_file.parent if model_file is not None else workspace.primary
