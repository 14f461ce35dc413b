"""Static scan of training code (Python `ast`, never executed) for known bug patterns, with patches.

Each finding cites `file:line` and carries a catalogue id; what is worth fixing but
is no training fault (`torch.load` without `weights_only`) comes back as a quick win.
Where the fix is mechanical the finding carries a unified diff against the file as it
is, with `a/<path>` `b/<path>` relative to the file's git repository (else to
`display_root`), which `git apply` accepts.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..catalogue import RootCauseId
from ..errors import UnreadableInputError
from .defects import DEFECT_CHECKS, SOFTMAX_CONFIDENCE, optimizer_steps, scaler_names
from .findings import DefectName, Finding, QuickWin
from .pysource import (
    Scan,
    call_name,
    calls,
    col,
    dotted,
    is_false,
    make_patch,
    receiver,
    repo_relative,
    root_name,
    too_deep,
)

__all__ = ["CodeScan", "LR_SIGNS", "lr_cause", "lr_range", "make_patch", "repo_relative", "scan_code"]

EXPLOSIVE = {"exploding_gradients", "lr_too_high", "loss_spike"}
LR_SIGNS = {"lr_too_high", "loss_oscillation"}
"""Log signatures a learning rate that is too high leaves."""


def explosive_cause(log_ids: set[str] | frozenset[str]) -> RootCauseId:
    """The cause missing clipping is blamed under: exploding gradients when the log shows them, else the first
    other explosive sign it shows (EXPLOSIVE, in name order)."""
    order: tuple[RootCauseId, ...] = ("exploding_gradients", "loss_spike", "lr_too_high")
    return next(cause for cause in order if cause in log_ids)


def lr_cause(log_ids: set[str] | frozenset[str]) -> RootCauseId:
    """The cause a too-high learning rate setting supports: the oscillation the log shows, else lr_too_high."""
    return "loss_oscillation" if "loss_oscillation" in log_ids and "lr_too_high" not in log_ids else "lr_too_high"


@dataclass(frozen=True)
class LrRange:
    """Where a learning rate stops being sane for one optimizer family."""

    suspicious: float
    """At or above: worth lowering when the logs show a too-high-lr signature."""
    too_high: float
    """At or above: too high from the value alone."""
    too_low: float
    """At or below: too low to learn in any reasonable time."""


DEFAULT_LR_RANGE = LrRange(0.01, 0.5, 1e-6)
"""SGD's range, used when the optimizer is unknown."""
ADAM_LR_RANGE = LrRange(1e-3, 0.03, 1e-7)
UNIT_LR_RANGE = LrRange(1.0, 10.0, 1e-3)
"""Optimizers whose default learning rate is 1.0 (Adadelta, LBFGS)."""
LR_RANGES = {
    "sgd": DEFAULT_LR_RANGE,
    "adam": ADAM_LR_RANGE,
    "adamw": ADAM_LR_RANGE,
    "adamax": ADAM_LR_RANGE,
    "nadam": ADAM_LR_RANGE,
    "radam": ADAM_LR_RANGE,
    "sparseadam": ADAM_LR_RANGE,
    "rmsprop": LrRange(1e-3, 0.1, 1e-7),
    "adagrad": LrRange(0.05, 1.0, 1e-6),
    "adadelta": UNIT_LR_RANGE,
    "lbfgs": UNIT_LR_RANGE,
}


def lr_range(optimizer: str) -> LrRange:
    """The sane range for an optimizer named like `Adadelta`, `torch.optim.AdamW` or `adamw_torch`."""
    key = "".join(ch for ch in optimizer.rsplit(".", 1)[-1].lower() if ch.isalpha())
    family = max((name for name in LR_RANGES if key.startswith(name)), key=len, default=None)
    return LR_RANGES[family] if family else DEFAULT_LR_RANGE


def softmax_input(scan: Scan, softmax: ast.Call) -> ast.expr | None:
    """What a softmax call normalises: `F.softmax(x, 1)`'s first argument, `x.softmax(-1)`'s receiver."""
    func = softmax.func
    if isinstance(func, ast.Attribute) and root_name(func.value) not in scan.imports:
        return func.value
    return softmax.args[0] if softmax.args else None


def parameters_owner(scan: Scan, optimizer: str) -> str | None:
    """`net` in `optimizer = SGD(net.parameters(), ...)`: whose parameters the optimizer updates, when the file says."""
    for node in scan.nodes:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        if not any(dotted(t) == optimizer for t in node.targets):
            continue
        params = node.value.args[0] if node.value.args else None
        params = next((kw.value for kw in node.value.keywords if kw.arg == "params"), params)
        if isinstance(params, ast.Call) and isinstance(params.func, ast.Attribute) and params.func.attr == "parameters":
            return ast.unparse(params.func.value)
    return None


def check_clipping(scan: Scan) -> None:
    """No gradient clipping before the optimizer step where the logs show gradients exploding (a risk)."""
    if any(call_name(c).startswith("clip_grad") for c in scan.calls) or not scan.log_ids & EXPLOSIVE:
        return
    scalers = scaler_names(scan)
    for step, opt in optimizer_steps(scan):
        if not any(call_name(c) == "backward" for c in calls(scan.function_of(step) or scan.tree)):
            continue
        cause = explosive_cause(scan.log_ids)
        owner = parameters_owner(scan, opt)
        scaler = receiver(step) if (receiver(step) or "").rsplit(".", 1)[-1] in scalers else None
        clip = f"torch.nn.utils.clip_grad_norm_({owner}.parameters(), 1.0)"
        unscale = [f"{scaler}.unscale_({opt})"] if scaler else []
        patch = scan.insert(step.lineno, *unscale, clip) if owner else None
        detail = f"no gradient clipping before {scan.source(step)} although the log shows {cause}"
        fix = "clip the global gradient norm at 1.0 before the step" + (
            f" (after {unscale[0]}: clip unscaled gradients)" if unscale else ""
        )
        scan.add(cause, 0.6, step.lineno, detail, fix, patch)
        return


MOVES = ("to", "cuda", "cpu", "float", "double", "half", "bfloat16")
"""Methods that return the module they are called on."""


def softmax_models(scan: Scan) -> dict[str, ast.Call]:
    """Names bound to an `nn.Sequential(...)` whose last layer is a `Softmax`, by last name."""
    out: dict[str, ast.Call] = {}
    for node in scan.nodes:
        value = getattr(node, "value", None)
        while isinstance(value, ast.Call) and call_name(value) in MOVES and isinstance(value.func, ast.Attribute):
            value = value.func.value  # Sequential(...).to(device)
        if not (isinstance(node, ast.Assign) and isinstance(value, ast.Call) and call_name(value) == "Sequential"):
            continue
        if value.args and call_name(value.args[-1]) == "Softmax":
            out |= {(dotted(t) or "").rsplit(".", 1)[-1]: value for t in node.targets if dotted(t)}
    return out


def model_output(scan: Scan, node: ast.expr, models: dict[str, ast.Call]) -> str | None:
    """The model of `models` whose output `node` is: `probe(x)`, or a name assigned from it in the same scope."""
    if isinstance(node, ast.Call):
        name = (dotted(node.func) or "").rsplit(".", 1)[-1]
        return name if name in models else None
    if not isinstance(node, ast.Name) or not models:
        return None
    scope = scan.function_of(node) or scan.tree
    for assign in (n for n in ast.walk(scope) if isinstance(n, ast.Assign) and n.lineno <= node.lineno):
        if any(dotted(t) == node.id for t in assign.targets) and isinstance(assign.value, ast.Call):
            found = model_output(scan, assign.value, models)
            if found:
                return found
    return None


def add_softmax_defect(scan: Scan, call: ast.Call, detail: str, fix: str, patch: str | None) -> None:
    """Softmax fed to CrossEntropyLoss (through a model ending in Softmax, or directly): the loss plateaus."""
    scan.add("loss_plateau", SOFTMAX_CONFIDENCE, call.lineno, detail, fix, patch, DefectName.SOFTMAX_INTO_CROSS_ENTROPY)


def check_calls(scan: Scan) -> None:
    """Learning-rate literals, softmax into cross-entropy, log(sigmoid), half precision, shuffle=False, torch.load."""
    criteria = {
        name
        for node in scan.nodes
        if isinstance(node, ast.Assign) and call_name(node.value) == "CrossEntropyLoss"
        for name in (dotted(t) for t in node.targets)
        if name
    }
    has_scaler = "GradScaler" in scan.text
    ending_in_softmax = softmax_models(scan)
    for call in scan.calls:
        name = call_name(call)
        for kw in call.keywords:
            check_keyword(scan, call, name, kw)
        inner = call.args[0] if call.args else None
        is_cross_entropy = name == "cross_entropy" or receiver_is(call, criteria)
        model = model_output(scan, inner, ending_in_softmax) if is_cross_entropy and inner is not None else None
        if model is not None:
            sequential = ending_in_softmax[model]
            detail = (
                f"{scan.source(inner)} comes from {model}, an nn.Sequential ending in "  # type: ignore[arg-type]
                f"{scan.source(sequential.args[-1])} (line {sequential.lineno}), fed to CrossEntropyLoss, which "
                "applies log-softmax itself: gradients shrink"
            )
            patch = None
            if not sequential.keywords and sequential.lineno == sequential.end_lineno:
                kept = ", ".join(scan.source(a) for a in sequential.args[:-1])
                patch = scan.replace(sequential, f"{scan.source(sequential.func)}({kept})")
            fix = f"drop the final Softmax from {model} (CrossEntropyLoss wants logits; softmax at inference only)"
            add_softmax_defect(scan, call, detail, fix, patch)
        if is_cross_entropy and isinstance(inner, ast.Call) and call_name(inner) in ("softmax", "Softmax"):
            logits = softmax_input(scan, inner)
            patch = scan.replace(inner, scan.source(logits)) if logits is not None else None
            detail = "softmax output fed to CrossEntropyLoss, which applies log-softmax itself: gradients shrink"
            add_softmax_defect(scan, call, detail, "pass the raw logits to CrossEntropyLoss", patch)
        if name == "log" and call.args and call_name(call.args[0]) == "sigmoid" and isinstance(call.args[0], ast.Call):
            arg = call.args[0].args[0] if call.args[0].args else None
            fn = "F.logsigmoid" if " as F" in scan.text else "torch.nn.functional.logsigmoid"
            patch = scan.replace(call, f"{fn}({scan.source(arg)})") if arg is not None else None
            detail = "hand-written log(sigmoid(x)) gives -inf once sigmoid underflows to 0"
            conf = 0.75 if "numerical_instability" in scan.log_ids else 0.6
            scan.add(
                "numerical_instability", conf, call.lineno, detail, "use F.logsigmoid(x) (or BCEWithLogitsLoss)", patch
            )
        if name == "half" and not has_scaler:
            detail = ".half() training without a GradScaler: float16 overflows/underflows"
            scan.add("numerical_instability", 0.55, call.lineno, detail, "use torch.amp.GradScaler or bfloat16")
        if name == "load" and receiver(call) == "torch" and not any(k.arg == "weights_only" for k in call.keywords):
            call_end = call.end_col_offset
            patch = None
            if call.lineno == call.end_lineno and call_end:
                row = scan.lines[call.lineno - 1]
                end = col(row, call_end) - 1
                new = list(scan.lines)
                new[call.lineno - 1] = row[:end] + ", weights_only=True" + row[end:]
                patch = make_patch(scan.rel, scan.lines, new)
            text = "pass weights_only=True to torch.load (without it, loading unpickles arbitrary code)"
            scan.quick_wins.append(QuickWin(f"{scan.name}:{call.lineno}", text, patch))


def receiver_is(call: ast.Call, names: set[str]) -> bool:
    """Is `call` a call of one of the named objects (`criterion(...)`, `self.criterion(...)`)?"""
    return dotted(call.func) in names


HF_ARGUMENTS = ("TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig", "DPOConfig", "ORPOConfig")
"""Hugging Face argument classes: their `learning_rate` drives AdamW unless `optim=` names another optimizer."""


def optimizer_named(call: ast.Call, name: str) -> str:
    """The optimizer a learning rate in `call` is for: the class called, or a Trainer's `optim=` (AdamW)."""
    if name not in HF_ARGUMENTS:
        return name
    optim = next((kw.value for kw in call.keywords if kw.arg == "optim"), None)
    return optim.value if isinstance(optim, ast.Constant) and isinstance(optim.value, str) else "adamw"


def no_clip(value: ast.expr) -> bool:
    return isinstance(value, ast.Constant) and value.value in (0, 0.0, None)


def check_keyword(scan: Scan, call: ast.Call, name: str, kw: ast.keyword) -> None:
    value = kw.value
    if kw.arg in LR_KWARGS and name != "add_argument":
        number = scan.resolve_number(value)
        if number is not None:
            told = f"{kw.arg}={scan.source(value)}"
            if number is not value:
                told += f" (= {scan.source(number)} at line {number.lineno})"
            check_lr(scan, number, lr_range(optimizer_named(call, name)), f"learning rate {told} in {name}(...)")
    if kw.arg == "max_grad_norm" and name in HF_ARGUMENTS and no_clip(value) and scan.log_ids & EXPLOSIVE:
        cause = explosive_cause(scan.log_ids)
        detail = (
            f"max_grad_norm={scan.source(value)} turns the Trainer's gradient clipping off while the log shows {cause}"
        )
        scan.add(cause, 0.6, value.lineno, detail, "keep max_grad_norm=1.0", scan.replace(value, "1.0"))
    sampled = any(k.arg in ("sampler", "batch_sampler") for k in call.keywords)  # the sampler orders (DDP)
    if kw.arg == "shuffle" and is_false(value) and name == "DataLoader" and not sampled:
        text = scan.source(call).lower()
        if not any(word in text for word in ("val", "test", "eval")):
            detail = "training DataLoader with shuffle=False: batches come in a fixed order"
            scan.add("data_issue", 0.6, value.lineno, detail, "shuffle the training data", scan.replace(value, "True"))
    if kw.arg == "dtype" and name == "autocast" and "float16" in scan.source(value) and "GradScaler" not in scan.text:
        detail = "autocast(dtype=float16) without a GradScaler: small gradients underflow, large ones overflow"
        scan.add("numerical_instability", 0.55, value.lineno, detail, "add torch.amp.GradScaler or use bfloat16")


LR_KWARGS = ("lr", "learning_rate")
LR_OPTIONS = ("lr", "learning_rate")
"""argparse destinations of a learning-rate option (`--lr`, `--learning-rate`)."""


def check_lr(scan: Scan, number: ast.Constant, sane: LrRange, detail: str) -> None:
    """A learning-rate number outside `sane`: cited at its own line, patched there."""
    if number.lineno in scan.lr_checked:
        return
    scan.lr_checked.add(number.lineno)
    lr = float(cast(float, number.value))
    if lr >= sane.too_high or (lr >= sane.suspicious and scan.log_ids & LR_SIGNS):
        new = f"{lr / 10:g}"
        conf = 0.75 if scan.log_ids & LR_SIGNS else 0.5
        patch = scan.replace(number, new)
        scan.add(lr_cause(scan.log_ids), conf, number.lineno, detail, f"lower the learning rate to {new}", patch)
    elif lr <= sane.too_low:
        new = f"{lr * 100:g}"
        conf = 0.7 if "lr_too_low" in scan.log_ids else 0.5
        patch = scan.replace(number, new)
        scan.add("lr_too_low", conf, number.lineno, f"{detail} is tiny", f"raise the learning rate to {new}", patch)


def check_lr_options(scan: Scan) -> None:
    """`--lr`/`--learning-rate` argparse defaults no optimizer call led to (the optimizer is then unknown)."""
    for dest in LR_OPTIONS:
        number = scan.options.get(dest)
        if number is not None:
            detail = f"learning rate default {scan.source(number)} of the --{dest} option"
            check_lr(scan, number, DEFAULT_LR_RANGE, detail)


CHECKS: tuple[Callable[[Scan], None], ...] = (*DEFECT_CHECKS, check_clipping, check_calls, check_lr_options)


@dataclass
class CodeScan:
    """What the scan of one file found: root-cause findings and quick wins."""

    findings: list[Finding]
    quick_wins: list[QuickWin]


def scan_code(
    path: Path, log_ids: set[str] | frozenset[str] = frozenset(), display_root: Path | None = None
) -> CodeScan:
    """Findings and quick wins of every check on one Python file; `log_ids` are the causes the logs already show."""
    scan = Scan(path, display_root, set(log_ids))
    try:
        for check in CHECKS:
            check(scan)
    except RecursionError:  # a tree that parsed but nests too deeply to walk back into source (ast.unparse)
        raise UnreadableInputError(too_deep(path)) from None
    return CodeScan(scan.findings, scan.quick_wins)
