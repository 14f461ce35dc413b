"""Hyperparameters from a config file (YAML, JSON, TOML, or a Python module read as AST).

Findings cite keys (`config.yaml:lr`); a learning rate on its own line gets a
patch that `git apply` accepts.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from ..catalogue import RootCauseId
from ..errors import UnreadableInputError
from ..nesting import flatten
from ..workspace import open_vetted, read_small_text
from .codescan import LR_SIGNS, lr_cause, lr_range
from .findings import Finding, evidence
from .pysource import make_patch, repo_relative

LR_KEYS = ("lr", "learning_rate", "max_lr", "peak_lr", "base_lr")
CLIP_KEYS = ("max_grad_norm", "grad_clip", "clip_grad_norm", "gradient_clip_val", "clip_norm", "grad_norm_clip")
HALF_KEYS = ("fp16", "half", "precision", "mixed_precision", "amp")
OPTIMIZER_KEYS = ("optimizer", "optim", "optimizer_name", "optimizer_type")
HF_KEYS = (
    "per_device_train_batch_size",
    "num_train_epochs",
    "gradient_accumulation_steps",
    "output_dir",
    "logging_steps",
)
"""Keys of transformers' TrainingArguments: such a config clips at max_grad_norm 1.0 unless it says otherwise."""
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+")
"""A number in exponent form, which YAML 1.1 (PyYAML) reads as a string unless it has a dot: `3e-4`."""
MAX_CONFIG_BYTES = 4 << 20
"""A hyperparameter file larger than this is no config (the largest Hugging Face config.json we know of,
with vocabularies inlined, is under 1 MiB); refused before it is read."""


def load_config(path: Path) -> dict[str, Any]:
    """The file's settings flattened to `a.b.c` keys; `UnreadableInputError` saying what is wrong and what to do
    for a file too big, not UTF-8, of bad syntax, nested too deeply, or a YAML alias bomb."""
    try:
        text = read_small_text(path, MAX_CONFIG_BYTES, "a config file", "pass the run's hyperparameter file")
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(
            f"{path.name} is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 or pass the "
            "config file the training reads"
        ) from exc
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            import yaml

            from ..safe_yaml import load_yaml

            try:
                data = load_yaml(text)
            except yaml.YAMLError as exc:
                raise UnreadableInputError(f"cannot parse {path.name} as YAML ({exc}); check its syntax") from exc
        elif suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            import tomllib

            data = tomllib.loads(text)
        elif suffix == ".py":
            data = python_constants(text)
        else:
            raise UnreadableInputError(f"{path.name}: unknown config type; pass a .yaml, .json, .toml or .py file")
    except (ValueError, SyntaxError) as exc:  # JSONDecodeError, TOMLDecodeError and YamlRefused are ValueErrors
        raise UnreadableInputError(f"cannot parse {path.name} ({exc}); check its syntax") from exc
    except (RecursionError, MemoryError):
        raise UnreadableInputError(
            f"cannot parse {path.name}: it is nested too deeply; pass a config of plain key/value settings"
        ) from None
    if not isinstance(data, dict):
        raise UnreadableInputError(f"{path.name} holds no key/value settings")
    return {key: as_number(value) for key, value in flatten(data, ".").items()}


def as_number(value: Any) -> Any:
    """A string in exponent form as the number it spells (PyYAML reads `lr: 3e-4` as the string '3e-4')."""
    return float(value) if isinstance(value, str) and NUMBER.fullmatch(value.strip()) else value


def python_constants(text: str) -> dict[str, Any]:
    """Module-level `NAME = literal` assignments of a Python config module (never executed)."""
    out: dict[str, Any] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return out


def find(settings: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for name, value in settings.items():
        if name.rsplit(".", 1)[-1].lower() in keys:
            return name, value
    return None


def lr_patch(path: Path, key: str, old: float, new: float, display_root: Path | None) -> str | None:
    """Rewrite the line `key: old` / `key = old` / `"key": old` to the new value."""
    with open_vetted(path, "r", encoding="utf-8") as handle:
        lines = handle.read().splitlines(keepends=True)
    leaf = re.escape(key.rsplit(".", 1)[-1])
    pattern = re.compile(rf"^(\s*[\"']?{leaf}[\"']?\s*[:=]\s*)([-+0-9.eE]+)")
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if match and float(match.group(2)) == old:
            new_lines = list(lines)
            new_lines[i] = line[: match.start(2)] + f"{new:g}" + line[match.end(2) :]
            return make_patch(repo_relative(path, display_root), lines, new_lines)
    return None


def scan_config(
    path: Path, log_ids: set[str] | frozenset[str] = frozenset(), display_root: Path | None = None
) -> list[Finding]:
    """Findings from the hyperparameters, weighed by what the logs already show (`log_ids`)."""
    settings = load_config(path)
    name = repo_relative(path, display_root)
    out: list[Finding] = []
    lr = find(settings, LR_KEYS)
    optimizer = find(settings, OPTIMIZER_KEYS)
    sane = lr_range(optimizer[1] if optimizer is not None and isinstance(optimizer[1], str) else "")
    if lr is not None and isinstance(lr[1], (int, float)) and not isinstance(lr[1], bool):
        key, value = lr
        value = float(value)
        if value >= sane.too_high or (value >= sane.suspicious and log_ids & LR_SIGNS):
            new = value / 10
            conf = 0.75 if log_ids & LR_SIGNS else 0.5
            out.append(
                Finding(
                    lr_cause(log_ids),
                    conf,
                    [evidence(name, f"{name}:{key}", f"{key} = {value:g}")],
                    fix=f"lower {key} to {new:g} in {name}",
                    patch=lr_patch(path, key, value, new, display_root),
                    file=name,
                    kind="config",
                )
            )
        elif value <= sane.too_low or (value <= 1e-4 and "lr_too_low" in log_ids):
            conf = 0.7 if "lr_too_low" in log_ids else 0.5
            detail = f"{key} = {value:g} is small"
            out.append(Finding("lr_too_low", conf, [evidence(name, f"{name}:{key}", detail)], kind="config"))
    clip = find(settings, CLIP_KEYS)
    hf_default = clip is None and find(settings, HF_KEYS) is not None  # TrainingArguments clips at 1.0 by default
    if log_ids & {"exploding_gradients", "lr_too_high"} and (clip is None or not clip[1]) and not hf_default:
        where = f"{name}:{clip[0]}" if clip else name
        detail = f"gradient clipping {'off (' + str(clip[1]) + ')' if clip else 'not set'} while gradients explode"
        cause: RootCauseId = "exploding_gradients" if "exploding_gradients" in log_ids else "lr_too_high"
        out.append(Finding(cause, 0.55, [evidence(name, where, detail)], fix="set max_grad_norm: 1.0", kind="config"))
    half = find(settings, HALF_KEYS)
    if (
        half is not None
        and str(half[1]).lower() in ("true", "16", "fp16", "16-mixed", "float16")
        and ("numerical_instability" in log_ids)
    ):
        detail = f"{half[0]} = {half[1]}: float16 training while the loss turned non-finite"
        out.append(Finding("numerical_instability", 0.6, [evidence(name, f"{name}:{half[0]}", detail)], kind="config"))
    return out
