"""The model-inspection worker: measures a model in the user's interpreter and answers JSON.

Standalone on purpose: it runs under the project's Python (which does not have
the server's package), needs only the standard library and torch (imported
inside the functions, so the server can import this file's header reader
without torch), and is invoked by path:

    python worker.py request.json result.json

It writes measurements only (counts, the module tree, weight statistics, probe
numbers); the server turns them into findings. Any failure is written as
`{"error": {"kind", "message", "traceback_tail"}}`.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import resource
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import Any

SAFETENSORS_DTYPE_BYTES = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
}  # fmt: skip
SAFETENSORS_TORCH_DTYPES = {"F16": "float16", "BF16": "bfloat16", "F32": "float32", "F64": "float64"}
MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
EMBEDDING_TYPES = ("Embedding", "EmbeddingBag")
EMBEDDING_NAME_HINTS = ("embed", "wte", "wpe", "tok_emb", "pos_emb")
OUTPUT_NAME = re.compile(r"(^|\.)(lm_head|head|output|out_proj|decoder|classifier|fc_out)$")
"""Names of an output projection over the vocabulary, in a checkpoint without its module classes."""
SATURATION_BOUND = {"Sigmoid": 5.0, "Tanh": 2.5}  # derivative below ~0.007 (sigmoid) / ~0.027 (tanh)
PROBE_BATCH = 8
PROBE_SEQUENCE = 16
PROBE_IMAGE_SIDE = 32
LATENCY_RUNS = 7
TRACEBACK_LINES = 25
WEIGHT_HEALTH_BUDGET_BYTES = 2 * 2**30  # tensor data the weight-health pass reads at most (about 10 s per GiB)
HEALTH_EDGE_TENSORS = 2  # first and last tensors always in the sample (embeddings, head)
OUTPUT_PROMPTS = 8  # prompts the output probe continues at most (issue 12's bound)
OUTPUT_TOKENS = 64  # tokens generated per prompt by default (issue 12's bound)
OUTPUT_CONTEXT = 32  # latest tokens fed back while generating: a 10.6M nanoGPT stays within 10 s on one CPU thread
OUTPUT_BATCH_ROWS = 256  # rows of sample_input whose outputs are compared at most
OUTPUT_SEED = 0  # the sampled continuations' generator seed: the same answer every call
GENERATION_MEASURES = ("repetition", "one_class")  # outputs.OutputMeasure values read off continuations
BATCH_MEASURES = ("one_class", "copying", "gibberish")  # those read off the outputs over sample_input


class WorkerError(Exception):
    """An expected failure with a kind the server maps to advice (import, factory, checkpoint, input...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def finite(value: float) -> float | str:
    """A float as JSON allows it ("nan", "inf", "-inf" as strings)."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


# ---------------------------------------------------------------- safetensors header (stdlib only)


def read_safetensors_header(path: Path) -> dict[str, Any]:
    """Tensor names, dtypes and shapes of a .safetensors file from its header alone (no tensor data read)."""
    with open(path, "rb") as handle:
        prefix = handle.read(8)
        if len(prefix) < 8:
            raise WorkerError("checkpoint", f"{path.name} is too short to be a safetensors file")
        (length,) = struct.unpack("<Q", prefix)
        if length > MAX_SAFETENSORS_HEADER or length + 8 > path.stat().st_size:
            raise WorkerError("checkpoint", f"{path.name} has a header length of {length} bytes: not safetensors")
        try:
            header = json.loads(handle.read(length))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise WorkerError("checkpoint", f"{path.name} has an unreadable safetensors header: {exc}") from exc
        except RecursionError:
            raise WorkerError("checkpoint", f"{path.name} has a safetensors header nested too deeply") from None
    if not isinstance(header, dict):
        raise WorkerError("checkpoint", f"{path.name}: safetensors header is not a JSON object")
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            tensors[name] = {"dtype": info["dtype"], "shape": list(info["shape"]), "offsets": info["data_offsets"]}
        except (KeyError, TypeError) as exc:
            raise WorkerError("checkpoint", f"{path.name}: tensor {name!r} has no dtype/shape/offsets") from exc
        if not well_formed(tensors[name]):
            raise WorkerError(
                "checkpoint",
                f"{path.name}: tensor {name!r} has a malformed entry (dtype a name, shape a list of sizes, "
                "data_offsets two ascending byte offsets)",
            )
    return {"data_start": 8 + length, "tensors": tensors}


def well_formed(info: dict[str, Any]) -> bool:
    """A header entry as the safetensors library writes it: dtype a string, shape non-negative integers,
    offsets two ascending non-negative integers."""

    def size(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    offsets = info["offsets"]
    return (
        isinstance(info["dtype"], str)
        and all(size(dim) for dim in info["shape"])
        and isinstance(offsets, list)
        and len(offsets) == 2
        and all(size(offset) for offset in offsets)
        and offsets[0] <= offsets[1]
    )


def safetensors_counts(path: Path) -> dict[str, Any]:
    """Parameter count and bytes by dtype of a .safetensors file, from its header."""
    tensors = read_safetensors_header(path)["tensors"]
    total = 0
    by_dtype: dict[str, int] = {}
    for info in tensors.values():
        count = math.prod(info["shape"])
        total += count
        dtype = info["dtype"]
        by_dtype[dtype] = by_dtype.get(dtype, 0) + count * SAFETENSORS_DTYPE_BYTES.get(dtype, 0)
    return {"tensors": len(tensors), "params": total, "bytes_by_dtype": by_dtype}


def load_safetensors(path: Path) -> dict[str, Any]:
    """The tensors of a .safetensors file, memory-mapped through torch (no safetensors package needed)."""
    import mmap

    import torch

    parsed = read_safetensors_header(path)
    tensors: dict[str, torch.Tensor] = {}
    if not parsed["tensors"]:
        return tensors
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)  # private: writable, never written back
    for name, info in parsed["tensors"].items():
        dtype_name = SAFETENSORS_TORCH_DTYPES.get(info["dtype"])
        if dtype_name is None:
            continue  # integer buffers: no weight statistics to take
        dtype = getattr(torch, dtype_name)
        start, end = info["offsets"]
        count = math.prod(info["shape"])
        if count == 0:
            tensors[name] = torch.empty(info["shape"], dtype=dtype)
            continue
        flat = torch.frombuffer(mapped, dtype=dtype, count=count, offset=parsed["data_start"] + start)
        tensors[name] = flat.reshape(info["shape"])
    return tensors


# ---------------------------------------------------------------- loading model and checkpoint


def load_factory(model_file: str, factory: str) -> Any:
    """Import the user's file (its folder on sys.path) and return the named class or function."""
    path = Path(model_file)
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise WorkerError("import", f"cannot import {path.name} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise WorkerError("import", f"importing {path.name} failed: {type(exc).__name__}: {exc}") from exc
    target: Any = module
    for part in factory.split("."):
        if not hasattr(target, part):
            raise WorkerError("factory", f"{path.name} has no {factory!r}; name a class or function defined in it")
        target = getattr(target, part)
    if not callable(target):
        raise WorkerError("factory", f"{path.name}:{factory} is not callable; name a class or a function")
    return target


def build_model(request: dict[str, Any], *, meta: bool) -> Any:
    """Call the factory (on the meta device when no values are needed) and check it returns an nn.Module."""
    import torch

    factory = load_factory(request["model_file"], request["factory"])
    kwargs = request.get("factory_kwargs") or {}
    try:
        if meta:
            with torch.device("meta"):
                model = factory(**kwargs)
        else:
            model = factory(**kwargs)
    except Exception as exc:
        raise WorkerError("factory", f"{request['factory']}(**{kwargs!r}) raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(model, torch.nn.Module):
        raise WorkerError("factory", f"{request['factory']} returned {type(model).__name__}, not a torch.nn.Module")
    return model


def pick_state_dict(loaded: Any) -> dict[str, Any]:
    """The tensors of a loaded .pt file: a state dict, or one nested under a usual key of a training checkpoint."""
    import torch

    if isinstance(loaded, dict):
        for key in ("state_dict", "model_state_dict", "model"):
            if isinstance(loaded.get(key), dict):
                loaded = loaded[key]
                break
        tensors = {str(k): v for k, v in loaded.items() if isinstance(v, torch.Tensor)}
        if tensors:
            return tensors
    raise WorkerError(
        "checkpoint",
        f"the checkpoint holds a {type(loaded).__name__} without tensors; save model.state_dict() "
        "(or a dict with 'state_dict'/'model' holding it)",
    )


def load_tensor_file(path: str, what: str) -> Any:
    """torch.load with weights_only=True (memory-mapped where the file allows): arbitrary pickle code never runs."""
    import pickle

    import torch

    try:
        try:
            return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc) and "zip" not in str(exc):
                raise
            return torch.load(path, map_location="cpu", weights_only=True)  # legacy (non-zip) format
    except pickle.UnpicklingError as exc:
        text = str(exc)
        if "Unsupported global" not in text:
            raise WorkerError(
                "checkpoint", f"cannot read the {what} {Path(path).name}: {text.splitlines()[0]}"
            ) from exc
        reason = text.split("Unsupported global:", 1)[1].split(" was not", 1)[0].strip()
        raise WorkerError(
            "unsafe_checkpoint",
            f"refused to load the {what} {Path(path).name}: it needs arbitrary pickled code to load ({reason}). "
            "Nothing in it was executed. Re-save it as a plain state dict (torch.save(model.state_dict(), ...)) "
            "or as .safetensors from an environment you trust.",
        ) from exc
    except (RuntimeError, EOFError, OSError, ValueError) as exc:
        raise WorkerError("checkpoint", f"cannot read the {what} {Path(path).name}: {exc}") from exc


def load_checkpoint(request: dict[str, Any]) -> dict[str, Any]:
    path = request["checkpoint"]
    if path.endswith(".safetensors"):
        return load_safetensors(Path(path))
    return pick_state_dict(load_tensor_file(path, "checkpoint"))


def apply_checkpoint(model: Any, state: dict[str, Any], *, meta: bool) -> dict[str, Any]:
    """Load `state` into `model` (assigning the tensors on a meta model); report keys that did not match."""
    own = set(model.state_dict())
    if own and not own & set(state) and all(k.startswith("module.") for k in state):
        state = {k.removeprefix("module."): v for k, v in state.items()}  # saved from DataParallel/DDP
    try:
        result = model.load_state_dict(state, strict=False, assign=meta)
    except RuntimeError as exc:
        raise WorkerError("checkpoint", f"the checkpoint does not fit the model: {exc}") from exc
    return {"missing_keys": list(result.missing_keys), "unexpected_keys": list(result.unexpected_keys)}


# ---------------------------------------------------------------- structure


def unique_parameters(model: Any) -> tuple[list[tuple[str, Any]], list[list[str]]]:
    """Each parameter once under its first name, and the groups of names that share one tensor (tied)."""
    names_by_id: dict[int, list[str]] = {}
    first: list[tuple[str, Any]] = []
    for name, param in model.named_parameters(remove_duplicate=False):
        names = names_by_id.setdefault(id(param), [])
        if not names:
            first.append((name, param))
        names.append(name)
    return first, [names for names in names_by_id.values() if len(names) > 1]


def owner(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else ""


def is_embedding_name(name: str) -> bool:
    return any(hint in name.lower() for hint in EMBEDDING_NAME_HINTS)


def repeated_blocks(module: Any) -> int:
    """How many blocks a stack repeats (a ModuleList/Sequential of two or more children of one type), else 0."""
    children = list(module.children())
    return len(children) if len(children) >= 2 and len({type(c) for c in children}) == 1 else 0


def describe_model(model: Any, depth: int) -> dict[str, Any]:
    """Counts, tied groups, bytes by dtype and the module tree (to `depth`) of a module."""
    params, tied = unique_parameters(model)
    types = {name: type(module).__name__ for name, module in model.named_modules()}
    total = sum(p.numel() for _, p in params)
    trainable = sum(p.numel() for _, p in params if p.requires_grad)
    by_dtype: dict[str, int] = {}
    for _, p in params:
        key = str(p.dtype).removeprefix("torch.")
        by_dtype[key] = by_dtype.get(key, 0) + p.numel() * p.element_size()
    modules = []
    for name, module in model.named_modules():
        level = name.count(".") + 1 if name else 0
        if not name or level > depth:
            continue
        inside = [p for n, p in params if n.startswith(name + ".")]
        if not inside:
            continue
        modules.append({
            "name": name,
            "type": types[name],
            "depth": level,
            "params": sum(p.numel() for p in inside),
            "trainable_params": sum(p.numel() for p in inside if p.requires_grad),
            "repeated_blocks": repeated_blocks(module),
        })  # fmt: skip
    embedding = sum(p.numel() for n, p in params if types.get(owner(n)) in EMBEDDING_TYPES)
    vocabularies = {m.num_embeddings for m in model.modules() if type(m).__name__ in EMBEDDING_TYPES}
    output = sum(
        p.numel()
        for n, p in params
        if types.get(owner(n)) == "Linear" and getattr(model.get_submodule(owner(n)), "out_features", 0) in vocabularies
    )
    heads = [m for m in model.modules() if type(m).__name__ == "Linear"]
    return {
        "total_params": total,
        "trainable_params": trainable,
        "frozen_params": total - trainable,
        "embedding_params": embedding,
        "vocabulary_params": embedding + output,
        "head_width": heads[-1].out_features if heads else None,
        "tied": tied,
        "bytes_by_dtype": by_dtype,
        "modules": modules,
    }


def describe_state(state: dict[str, Any], depth: int) -> dict[str, Any]:
    """The same description for a checkpoint alone: module names from the tensor names, shared storage as tied."""
    seen: dict[tuple[int, int, tuple[int, ...]], str] = {}
    tied_groups: dict[str, list[str]] = {}
    params: list[tuple[str, Any]] = []
    for name, tensor in state.items():
        key = (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tuple(tensor.shape))
        if tensor.numel() and key in seen:
            tied_groups.setdefault(seen[key], [seen[key]]).append(name)
            continue
        seen[key] = name
        params.append((name, tensor))
    by_dtype: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    for name, tensor in params:
        dtype = str(tensor.dtype).removeprefix("torch.")
        by_dtype[dtype] = by_dtype.get(dtype, 0) + tensor.numel() * tensor.element_size()
        parts = name.split(".")[:-1]
        for level in range(1, min(depth, len(parts)) + 1):
            prefix = ".".join(parts[:level])
            prefixes[prefix] = prefixes.get(prefix, 0) + tensor.numel()
    total = sum(t.numel() for _, t in params)
    modules = [
        {"name": n, "type": None, "depth": n.count(".") + 1, "params": c, "trainable_params": c}
        for n, c in prefixes.items()
    ]
    embedding = sum(t.numel() for n, t in params if is_embedding_name(owner(n)))
    rows = {t.shape[0] for n, t in params if is_embedding_name(owner(n)) and t.dim() == 2}
    output = sum(
        t.numel()
        for n, t in params
        if t.dim() == 2 and t.shape[0] in rows and not is_embedding_name(owner(n)) and OUTPUT_NAME.search(owner(n))
    )
    return {
        "total_params": total,
        "trainable_params": total,
        "frozen_params": 0,
        "embedding_params": embedding,
        "vocabulary_params": embedding + output,
        "tied": list(tied_groups.values()),
        "bytes_by_dtype": by_dtype,
        "modules": modules,
    }


# ---------------------------------------------------------------- weight health


def weight_stats(named: list[tuple[str, Any]], types: dict[str, str]) -> list[dict[str, Any]]:
    """Per tensor: non-finite count, all-zero/constant, and for matrices the std against 1/sqrt(fan_in)."""
    import torch

    stats = []
    with torch.no_grad():
        for name, tensor in named:
            if not tensor.is_floating_point() or tensor.is_meta or tensor.numel() == 0:
                continue
            values = tensor.detach().float()
            nonfinite = int(values.numel() - torch.isfinite(values).sum().item())
            clean = values[torch.isfinite(values)] if nonfinite else values
            std = float(clean.std()) if clean.numel() > 1 else 0.0
            module_type = types.get(owner(name))
            is_matrix = values.dim() >= 2 and module_type not in EMBEDDING_TYPES and not is_embedding_name(name)
            fan_in = int(math.prod(values.shape[1:])) if is_matrix else None
            stats.append({
                "name": name,
                "module": owner(name),
                "type": module_type,
                "shape": list(values.shape),
                "numel": values.numel(),
                "nonfinite": nonfinite,
                "all_zero": bool(clean.numel() and not clean.any()),
                "constant": bool(clean.numel() > 1 and std == 0.0),
                "mean": finite(float(clean.mean())) if clean.numel() else 0.0,
                "std": finite(std),
                "fan_in": fan_in,
                "expected_std": 1 / math.sqrt(fan_in) if fan_in else None,
            })  # fmt: skip
    return stats


def health_sample(named: list[tuple[str, Any]], budget_bytes: int) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """The tensors the weight-health pass reads: all when their data fits `budget_bytes`, else a bounded sample.

    The sample takes the first and last `HEALTH_EDGE_TENSORS` tensors, then every Nth (N = the bytes not yet taken
    over the budget left), skipping any tensor that would take the sample past the budget. Returns the sample and
    a summary of it.
    """
    valued = [(n, t) for n, t in named if t.is_floating_point() and not t.is_meta and t.numel()]
    sizes = [t.numel() * t.element_size() for _, t in valued]
    total = sum(sizes)
    if total <= budget_bytes:
        picked = list(range(len(valued)))
    else:
        chosen: set[int] = set()
        used = 0

        def take(indices: list[int] | range) -> None:
            nonlocal used
            for index in indices:
                if index not in chosen and used + sizes[index] <= budget_bytes:
                    chosen.add(index)
                    used += sizes[index]

        take([*range(len(valued))[:HEALTH_EDGE_TENSORS], *range(len(valued))[-HEALTH_EDGE_TENSORS:]])
        left_bytes = total - sum(sizes[i] for i in chosen)
        take(range(0, len(valued), math.ceil(left_bytes / max(budget_bytes - used, 1))))
        picked = sorted(chosen)
    sample = [valued[i] for i in picked]
    return sample, {
        "tensors": len(valued),
        "bytes": total,
        "checked": len(sample),
        "checked_bytes": sum(sizes[i] for i in picked),
        "budget_bytes": budget_bytes,
        "sampled": len(sample) < len(valued),
        "checked_names": [n for n, _ in sample] if len(sample) < len(valued) else [],
    }


def weight_health(named: list[tuple[str, Any]], types: dict[str, str], request: dict[str, Any]) -> dict[str, Any]:
    """`weight_stats` over the bounded sample of `health_sample`, with the sample's summary."""
    budget = request.get("weight_budget_bytes")
    sample, summary = health_sample(named, WEIGHT_HEALTH_BUDGET_BYTES if budget is None else int(budget))
    return {"weights": weight_stats(sample, types), "weight_health": summary}


# ---------------------------------------------------------------- probe


def leaf_layers(model: Any) -> list[tuple[str, Any]]:
    """Modules holding parameters of their own, in registration order (first layer first)."""
    return [(n, m) for n, m in model.named_modules() if any(True for _ in m.parameters(recurse=False))]


def make_input(model: Any, request: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any], str]:
    """The probe's input: `sample_input`, else a random batch of `input_shape`/`input_dtype`.

    Absent, each is inferred from the first layer: its shape (see `inferred_shape`), and token ids (int64 in
    [0, num_embeddings)) for an Embedding, float32 otherwise.
    """
    import torch

    if request.get("sample_input"):
        loaded = load_tensor_file(request["sample_input"], "sample input")
        if isinstance(loaded, torch.Tensor):
            return (loaded,), {}, "sample_input"
        if isinstance(loaded, (list, tuple)) and all(isinstance(t, torch.Tensor) for t in loaded):
            return tuple(loaded), {}, "sample_input"
        if isinstance(loaded, dict) and all(isinstance(t, torch.Tensor) for t in loaded.values()):
            return (), dict(loaded), "sample_input"
        raise WorkerError("input", "sample_input must hold a tensor, a list of tensors or a dict of tensors")
    layers = leaf_layers(model)
    first = layers[0][1] if layers else None
    default_dtype = "int64" if isinstance(first, torch.nn.Embedding) else "float32"
    dtype = getattr(torch, request.get("input_dtype") or default_dtype, None)
    if not isinstance(dtype, torch.dtype):
        raise WorkerError("input", f"unknown input_dtype {request.get('input_dtype')!r}; use e.g. float32 or int64")
    shape = request.get("input_shape")
    if shape is None:
        shape = inferred_shape(first)
    generator = torch.Generator().manual_seed(0)
    if dtype.is_floating_point:
        return (torch.randn(shape, generator=generator).to(dtype),), {}, f"random {dtype_name(dtype)} {shape}"
    high = first.num_embeddings if isinstance(first, torch.nn.Embedding) else 2
    return (torch.randint(0, high, shape, generator=generator, dtype=dtype),), {}, f"random ids {shape} < {high}"


def dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def inferred_shape(first: Any) -> list[int]:
    import torch

    if isinstance(first, torch.nn.Linear):
        return [PROBE_BATCH, first.in_features]
    if isinstance(first, torch.nn.Embedding):
        return [PROBE_BATCH, PROBE_SEQUENCE]
    if isinstance(first, torch.nn.Conv1d):
        return [PROBE_BATCH, first.in_channels, PROBE_IMAGE_SIDE]
    if isinstance(first, torch.nn.Conv2d):
        return [PROBE_BATCH, first.in_channels, PROBE_IMAGE_SIDE, PROBE_IMAGE_SIDE]
    kind = type(first).__name__ if first is not None else "no layer with parameters"
    raise WorkerError("input", f"cannot infer the input shape from the first layer ({kind}); pass input_shape")


def first_tensor(output: Any) -> Any:
    """The tensor to probe in a model's output: itself, `.logits`, or the first tensor in a tuple/dict."""
    import torch

    if isinstance(output, torch.Tensor):
        return output
    if hasattr(output, "logits") and isinstance(output.logits, torch.Tensor):
        return output.logits
    values = output.values() if isinstance(output, dict) else output if isinstance(output, (list, tuple)) else ()
    for value in values:
        if isinstance(value, torch.Tensor) and value.is_floating_point():
            return value
    raise WorkerError("forward", f"the model returned {type(output).__name__}, which holds no floating tensor")


def activation_hooks(model: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """Forward hooks on ReLU (dead units) and Sigmoid/Tanh (saturated inputs) modules."""
    import torch

    records: list[dict[str, Any]] = []
    handles = []
    for name, module in model.named_modules():
        kind = type(module).__name__
        if isinstance(module, (torch.nn.ReLU, torch.nn.ReLU6)):

            def dead(mod: Any, inputs: Any, output: Any, name: str = name, kind: str = kind) -> None:
                active = (output.detach() > 0).reshape(output.shape[0], -1).any(dim=0) if output.dim() > 1 else None
                if active is not None:
                    records.append({"name": name, "type": kind, "dead_fraction": 1 - float(active.float().mean())})

            handles.append(module.register_forward_hook(dead))
        elif kind in SATURATION_BOUND:

            def saturated(mod: Any, inputs: Any, output: Any, name: str = name, kind: str = kind) -> None:
                x = inputs[0].detach()
                fraction = float((x.abs() > SATURATION_BOUND[kind]).float().mean()) if x.numel() else 0.0
                records.append({"name": name, "type": kind, "saturated_fraction": fraction})

            handles.append(module.register_forward_hook(saturated))
    return records, handles


def make_optimizer(name: str, params: list[Any], lr: float) -> Any:
    import torch

    choices = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}
    if name not in choices:
        raise WorkerError("input", f"unknown optimizer {name!r}; use one of {', '.join(choices)}")
    return choices[name](params, lr=lr)


def run_probe(model: Any, request: dict[str, Any]) -> dict[str, Any]:
    """One forward/backward and optimizer step on CPU with the stand-in loss mean(output**2), then latency."""
    import torch

    torch.manual_seed(0)
    args, kwargs, described = make_input(model, request)
    layers = leaf_layers(model)
    model.train()
    records, handles = activation_hooks(model)
    try:
        output = first_tensor(model(*args, **kwargs))
    except WorkerError:
        raise
    except Exception as exc:
        raise WorkerError("forward", f"the forward pass on {described} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        for handle in handles:
            handle.remove()
    loss = output.float().pow(2).mean()
    trainable = [p for p in model.parameters() if p.requires_grad]
    if not trainable:
        raise WorkerError("input", "the model has no trainable parameters; nothing to probe")
    model.zero_grad(set_to_none=True)
    loss.backward()
    before = {name: [p.detach().clone() for p in m.parameters(recurse=False)] for name, m in layers}
    make_optimizer(request.get("optimizer") or "sgd", trainable, float(request.get("lr") or 1e-3)).step()
    layer_stats = []
    for name, module in layers:
        own = list(module.parameters(recurse=False))
        grads = [p.grad for p in own if p.grad is not None]
        if not grads:
            continue
        grad_norm = math.sqrt(sum(float(g.float().pow(2).sum()) for g in grads))
        weight_norm = math.sqrt(sum(float(b.float().pow(2).sum()) for b in before[name]))
        update = math.sqrt(
            sum(float((p.detach() - b).float().pow(2).sum()) for p, b in zip(own, before[name], strict=True))
        )
        layer_stats.append({
            "name": name,
            "type": type(module).__name__,
            "grad_norm": finite(grad_norm),
            "update_ratio": finite(update / weight_norm) if weight_norm else None,
        })  # fmt: skip
    flat = output.detach().float().reshape(output.shape[0], -1) if output.dim() else output.detach().reshape(1, 1)
    spread = None
    if flat.shape[0] > 1:
        spread = finite(float(flat.std(dim=0).mean() / (flat.abs().mean() + 1e-12)))
    return {
        "input": described,
        "loss": finite(loss.item()),
        "output_shape": list(output.shape),
        "output_spread": spread,
        "layers": layer_stats,
        "activations": records,
        "latency_ms": forward_latency(model, args, kwargs),
        "threads": torch.get_num_threads(),
        "optimizer": request.get("optimizer") or "sgd",
        "lr": float(request.get("lr") or 1e-3),
    }


def forward_latency(model: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> float:
    """Median wall time of a no-grad forward pass in eval mode, after one warm-up run."""
    import torch

    model.eval()
    times = []
    with torch.no_grad():
        model(*args, **kwargs)
        for _ in range(LATENCY_RUNS):
            started = time.perf_counter()
            model(*args, **kwargs)
            times.append((time.perf_counter() - started) * 1000)
    return round(sorted(times)[len(times) // 2], 3)


# ---------------------------------------------------------------- output probe


class NonFiniteOutput(Exception):
    """The model's outputs hold NaN/inf: nothing to measure (the weight findings say where it comes from)."""


def next_token_logits(model: Any, ids: Any) -> Any:
    """The logits of the next token after each row of `ids` ([B, T] -> [B, V]); a `WorkerError` when the model
    does not answer token ids with one distribution per position."""
    try:
        output = first_tensor(model(ids))
    except WorkerError:
        raise
    except Exception as exc:
        raise WorkerError(
            "forward", f"the model failed on token ids {list(ids.shape)}: {type(exc).__name__}: {exc}"
        ) from exc
    if output.dim() != 3 or output.shape[:2] != ids.shape:
        raise WorkerError(
            "forward",
            f"the model answered token ids {list(ids.shape)} with {list(output.shape)}, not one distribution per "
            "position [batch, tokens, vocabulary]; continuations need a language model",
        )
    return output[:, -1, :].float()


def generate(model: Any, prompts: list[list[int]], tokens: int, context: int) -> dict[str, Any]:
    """Greedy and sampled continuations of each prompt (prompts of one length share a batch), with the mean
    entropy and top probability of the greedy steps and the mean next-token distribution over all of them."""
    import torch

    generator = torch.Generator().manual_seed(OUTPUT_SEED)
    rows: list[dict[str, Any]] = [{"prompt": p} for p in prompts]
    total_probs: Any = None
    steps = 0
    by_length: dict[int, list[int]] = {}
    for index, prompt in enumerate(prompts):
        by_length.setdefault(len(prompt), []).append(index)
    with torch.no_grad():
        for indices in by_length.values():
            start = torch.tensor([prompts[i] for i in indices] * 2, dtype=torch.long)  # greedy rows, then sampled
            ids = start
            entropy = torch.zeros(len(indices))
            top = torch.zeros(len(indices))
            for _ in range(tokens):
                probs = torch.softmax(next_token_logits(model, ids[:, -context:]), dim=-1)
                if not bool(torch.isfinite(probs).all()):
                    raise NonFiniteOutput(f"the next-token distribution holds NaN/inf after {ids.shape[1]} tokens")
                greedy = probs[: len(indices)]
                logs = torch.log(greedy.clamp_min(1e-30))
                entropy += -(greedy * logs).sum(dim=-1)
                top += greedy.max(dim=-1).values
                total_probs = probs.sum(dim=0) if total_probs is None else total_probs + probs.sum(dim=0)
                steps += probs.shape[0]
                chosen = torch.cat([
                    greedy.argmax(dim=-1, keepdim=True),
                    torch.multinomial(probs[len(indices) :], 1, generator=generator),
                ])  # fmt: skip
                ids = torch.cat([ids, chosen], dim=1)
            for row, index in enumerate(indices):
                rows[index]["greedy"] = ids[row, start.shape[1] :].tolist()
                rows[index]["sampled"] = ids[row + len(indices), start.shape[1] :].tolist()
                rows[index]["entropy"] = finite(float(entropy[row]) / tokens)
                rows[index]["top_prob"] = finite(float(top[row]) / tokens)
    mean = total_probs / steps
    return {
        "generations": rows,
        "vocab_size": int(mean.numel()),
        "single_token": int(mean.argmax()),
        "single_token_share": finite(float(mean.max())),
    }


def batch_outputs(
    model: Any, args: tuple[Any, ...], kwargs: dict[str, Any], described: str, *, language_model: bool = False
) -> dict[str, Any]:
    """The model's outputs over a real batch: per row the predicted ids (argmax of the last dimension) as a digest
    and the first ids, whether each equals its input, and the spread of the predicted distribution. For a
    `language_model` (one continued from prompts) given token ids, also its loss on the batch: the mean cross-entropy
    of each next id under the distribution predicted before it, in nats."""
    import hashlib

    import torch

    with torch.no_grad():
        try:
            output = first_tensor(model(*args, **kwargs)).float()
        except WorkerError:
            raise
        except Exception as exc:
            raise WorkerError(
                "forward", f"the forward pass on {described} failed: {type(exc).__name__}: {exc}"
            ) from exc
    if output.dim() < 2:
        raise WorkerError("shape", f"the model's output {list(output.shape)} has no batch of rows to compare")
    output = output[:OUTPUT_BATCH_ROWS]
    predicted = output.argmax(dim=-1).reshape(output.shape[0], -1)
    first = args[0] if args else next(iter(kwargs.values()), None)
    copies, ids = None, None
    if isinstance(first, torch.Tensor) and not first.is_floating_point() and first.shape[0] >= predicted.shape[0]:
        inputs = first[: predicted.shape[0]].reshape(predicted.shape[0], -1)
        if inputs.shape == predicted.shape:
            copies, ids = int((inputs == predicted).all(dim=1).sum()), inputs
    if not bool(torch.isfinite(output).all()):
        return {"input": described, "problem": "the outputs over the batch hold NaN/inf"}
    probs = torch.softmax(output, dim=-1).reshape(-1, output.shape[-1])
    entropy = -(probs * torch.log(probs.clamp_min(1e-30))).sum(dim=-1)
    mean = probs.mean(dim=0)
    next_token_loss = None
    scorable = language_model and output.dim() == 3 and output.shape[1] > 1
    if scorable and ids is not None and int(ids.min()) >= 0 and int(ids.max()) < output.shape[-1]:
        logits = output[:, :-1].reshape(-1, output.shape[-1])
        next_token_loss = finite(float(torch.nn.functional.cross_entropy(logits, ids[:, 1:].reshape(-1))))
    return {
        "input": described,
        "rows": int(predicted.shape[0]),
        "positions": int(predicted.shape[1]),
        "digests": [hashlib.sha1(row.numpy().tobytes()).hexdigest()[:16] for row in predicted],
        "first_ids": [row[:OUTPUT_TOKENS].tolist() for row in predicted],
        "copies": copies,
        "vocab_size": int(output.shape[-1]),
        "entropy": finite(float(entropy.mean())),
        "top_prob": finite(float(probs.max(dim=-1).values.mean())),
        "single_token": int(mean.argmax()),
        "single_token_share": finite(float(mean.max())),
        "next_token_loss": next_token_loss,
    }


def run_output_probe(model: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Continuations of the given prompts and the outputs over `sample_input`, in eval mode, bounded; each only when
    a measure chosen in `request["measures"]` (all when absent) reads it."""
    import torch

    torch.manual_seed(OUTPUT_SEED)
    model.eval()
    answer: dict[str, Any] = {"generation": None, "batch": None, "seconds": 0.0, "cpu_seconds": 0.0}
    started, cpu = time.perf_counter(), time.process_time()
    measures = request.get("measures") or GENERATION_MEASURES + BATCH_MEASURES
    prompts = [list(map(int, p)) for p in (request.get("prompts") or [])[:OUTPUT_PROMPTS] if p]
    if prompts and any(m in measures for m in GENERATION_MEASURES):
        tokens = int(request.get("output_tokens") or OUTPUT_TOKENS)
        context = min(OUTPUT_CONTEXT, int(getattr(model, "block_size", None) or OUTPUT_CONTEXT))
        try:
            answer["generation"] = {**generate(model, prompts, tokens, context), "tokens": tokens, "context": context}
        except NonFiniteOutput as exc:
            answer["problem"] = str(exc)
    if request.get("sample_input") and any(m in measures for m in BATCH_MEASURES):
        args, kwargs, described = make_input(model, request)
        answer["batch"] = batch_outputs(model, args, kwargs, described, language_model=bool(prompts))
    answer["seconds"] = round(time.perf_counter() - started, 3)
    answer["cpu_seconds"] = round(time.process_time() - cpu, 3)
    return answer


# ---------------------------------------------------------------- the request


def inspect(request: dict[str, Any]) -> dict[str, Any]:
    """Answer one request: structure, checkpoint health and (opt-in) the probe."""
    try:
        import torch
    except ImportError as exc:  # not installed, or cannot even be mapped under the memory cap
        raise WorkerError("torch", f"torch cannot be imported by {sys.executable}: {exc}") from exc

    torch.set_num_threads(int(request.get("threads") or 1))
    depth = int(request.get("depth") or 2)
    has_model = bool(request.get("model_file"))
    has_checkpoint = bool(request.get("checkpoint"))
    probe = bool(request.get("probe"))
    outputs = bool(request.get("outputs"))
    answer: dict[str, Any] = {
        "checkpoint": None, "probe": None, "weights": None, "weight_health": None, "outputs": None
    }  # fmt: skip
    if not has_model:
        state = load_checkpoint(request)
        answer.update(describe_state(state, depth))
        answer.update(weight_health(list(state.items()), {}, request))
        answer["source"] = "checkpoint"
        return answer
    meta = not (probe or outputs)
    model = build_model(request, meta=meta)
    if has_checkpoint:
        answer["checkpoint"] = apply_checkpoint(model, load_checkpoint(request), meta=meta)
    answer.update(describe_model(model, depth))
    answer["source"] = "model" + (" + checkpoint" if has_checkpoint else "") + (" (meta device)" if meta else "")
    if outputs:  # before the probe, whose optimizer step changes the weights
        answer["outputs"] = run_output_probe(model, request)
    if has_checkpoint or probe:
        types = {name: type(module).__name__ for name, module in model.named_modules()}
        answer.update(weight_health(unique_parameters(model)[0], types, request))
    if probe:
        answer["probe"] = run_probe(model, request)
    return answer


def traceback_tail(exc: BaseException) -> str:
    lines = "".join(traceback.format_exception(exc)).rstrip().splitlines()
    return "\n".join(lines[-TRACEBACK_LINES:])


def main(argv: list[str]) -> int:
    request_path, result_path = argv[1], argv[2]
    request = json.loads(Path(request_path).read_text())
    started = time.perf_counter()
    try:
        answer = inspect(request)
    except WorkerError as exc:
        answer = {"error": {"kind": exc.kind, "message": str(exc), "traceback_tail": traceback_tail(exc)}}
    except Exception as exc:
        kind = "shape" if isinstance(exc, RuntimeError) and "shape" in str(exc) else "crash"
        answer = {
            "error": {"kind": kind, "message": f"{type(exc).__name__}: {exc}", "traceback_tail": traceback_tail(exc)}
        }
    answer["worker"] = {
        "seconds": round(time.perf_counter() - started, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pid": os.getpid(),
    }
    tmp = Path(result_path + ".part")
    tmp.write_text(json.dumps(answer, allow_nan=False))
    tmp.replace(result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
