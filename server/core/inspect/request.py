"""Turning tool arguments (`file.py:factory`, checkpoint, probe input) into a resolved `InspectRequest`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..outputs import DEFAULT_MEASURES, OutputMeasure
from ..workspace import Workspace
from .models import DEFAULT_MEMORY_MB, InspectRequest, Optimizer
from .vocabulary import Vocabulary, load_vocabulary
from .worker import OUTPUT_PROMPTS, OUTPUT_TOKENS

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
    prompts: list[str] | list[list[int]] | None = None,
    vocabulary: str | None = None,
    output_tokens: int = OUTPUT_TOKENS,
    measures: Iterable[OutputMeasure] = DEFAULT_MEASURES,
) -> tuple[InspectRequest, Path]:
    """The request with every path resolved inside the workspace, and the folder the child runs in.

    `prompts` are token-id lists, or texts encoded with the `vocabulary` file (a JSON list or one token a line);
    the output probe runs when prompts or a `sample_input` are given (at most `OUTPUT_PROMPTS` prompts), with the
    output `measures` chosen (all by default)."""
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
    tokens = load_vocabulary(workspace.resolve_file(vocabulary, "a vocabulary file")) if vocabulary else None
    prompt_ids = encode_prompts(prompts or [], tokens)
    if prompt_ids and model is None:
        raise UserError("continuations need the model's code: pass model='path/to/file.py:factory'")
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
        outputs=bool(prompt_ids or (sample_file and model_file)),
        prompts=prompt_ids or None,
        output_tokens=output_tokens,
        vocabulary=tokens.tokens if tokens else None,
        measures=sorted(measures),
    )
    return request, model_file.parent if model_file is not None else workspace.primary


def encode_prompts(prompts: list[str] | list[list[int]], vocabulary: Vocabulary | None) -> list[list[int]]:
    """The first `OUTPUT_PROMPTS` prompts as token ids: lists of ids as given, texts through the vocabulary."""
    ids: list[list[int]] = []
    for prompt in prompts[:OUTPUT_PROMPTS]:
        if isinstance(prompt, str):
            if vocabulary is None:
                raise UserError("text prompts need a vocabulary file (vocabulary=...); or pass prompts as token ids")
            ids.append(vocabulary.encode(prompt))
        else:
            ids.append([int(i) for i in prompt])
        if not ids[-1]:
            raise UserError("a prompt is empty; give each prompt at least one token")
        if vocabulary is not None and max(ids[-1]) >= len(vocabulary.tokens) or min(ids[-1]) < 0:
            raise UserError(f"prompt {prompt!r} holds a token id outside the vocabulary")
    return ids
