"""Static scan of training code (Python `ast`, never executed) for known bug patterns, with patches.

Each finding cites `file:line` and carries a catalogue id; what is worth fixing but
is no training fault (`torch.load` without `weights_only`) comes back as a quick win.
Where the fix is mechanical the finding carries a unified diff against the file as it
is, with `a/<path>` `b/<path>` relative to the file's git repository (else to
`display_root`), which `git apply` accepts.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..errors import UnreadableInputError
from ..workspace import open_vetted
from .findings import Finding, QuickWin, evidence

EXPLOSIVE = {"exploding_gradients", "lr_too_high", "loss_spike"}
LR_SIGNS = {"lr_too_high", "loss_oscillation"}
MAX_CODE_BYTES = 8 << 20
"""A Python file larger than this is no training script (nanoGPT's train.py is 15 KB; transformers' largest
module, modeling_utils.py, about 0.3 MB); refused before it is read and parsed."""
"""Log signatures a learning rate that is too high leaves."""


def lr_cause(log_ids: set[str] | frozenset[str]) -> str:
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


def repo_relative(path: Path, display_root: Path | None) -> str:
    """The path `git apply` expects: relative to the enclosing git repository, else to `display_root`."""
    for parent in path.parents:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    if display_root is not None and path.is_relative_to(display_root):
        return path.relative_to(display_root).as_posix()
    return path.name


def make_patch(rel: str, old: list[str], new: list[str]) -> str | None:
    """A unified diff from `old` to `new` (lines with their endings); None when the file lacks a final newline."""
    if not old or not old[-1].endswith("\n"):
        return None
    body = "".join(difflib.unified_diff(old, new, fromfile=f"a/{rel}", tofile=f"b/{rel}", n=3))
    return f"diff --git a/{rel} b/{rel}\n{body}" if body else None


def call_name(node: ast.AST) -> str:
    """`torch.nn.functional.softmax` -> 'softmax'; `opt.step` -> 'step'."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def receiver(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


class Scan:
    """One file's source, tree and the findings gathered on it."""

    def __init__(self, path: Path, display_root: Path | None, log_ids: set[str]) -> None:
        size = path.stat().st_size
        if size > MAX_CODE_BYTES:
            raise UnreadableInputError(
                f"{path.name} is {size / 2**20:.1f} MiB, more than a training script ({MAX_CODE_BYTES >> 20} MiB at "
                "most); pass the .py file holding the training loop"
            )
        try:
            with open_vetted(path, "r", encoding="utf-8") as handle:
                self.text = handle.read()
            self.tree = ast.parse(self.text, filename=str(path))
        except (OSError, UnicodeDecodeError, SyntaxError) as exc:
            raise UnreadableInputError(
                f"cannot scan {path.name} as Python ({exc}); pass a .py training script"
            ) from exc
        except (RecursionError, MemoryError):  # CPython's parser gives up on deep nesting with one or the other
            raise UnreadableInputError(too_deep(path)) from None
        self.lines = self.text.splitlines(keepends=True)
        self.rel = repo_relative(path, None)
        self.name = repo_relative(path, display_root) if display_root else self.rel
        self.log_ids = log_ids
        self.findings: list[Finding] = []
        self.quick_wins: list[QuickWin] = []
        self.imports = imported_names(self.tree)
        self.constants = module_constants(self.tree)
        self.options = argparse_defaults(self.tree)
        self.lr_checked: set[int] = set()
        """Line numbers of learning-rate numbers already judged (a constant used twice is cited once)."""

    def add(self, cause: str, confidence: float, line: int, detail: str, fix: str, patch: str | None = None) -> None:
        where = f"{self.name}:{line}"
        finding = Finding(cause, confidence, [evidence(self.name, where, detail)], fix, patch, self.rel, kind="code")
        self.findings.append(finding)

    def indent(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    def insert(self, line: int, *texts: str, after: bool = False) -> str | None:
        """Patch inserting `texts` (one statement each) before/after 1-based `line`, at that line's indentation."""
        new = list(self.lines)
        at = line if after else line - 1
        new[at:at] = [self.indent(line) + text + "\n" for text in texts]
        return make_patch(self.rel, self.lines, new)

    def resolve_number(self, node: ast.expr) -> ast.Constant | None:
        """The number literal `node` stands for: itself, a module-level `NAME = 5.0`, or `args.x`'s argparse default."""
        if is_number(node):
            return node  # type: ignore[return-value]
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        if isinstance(node, ast.Attribute):
            return self.options.get(node.attr)
        return None

    def replace(self, node: ast.expr | ast.stmt, text: str) -> str | None:
        """Patch replacing the source of `node` (on one line) with `text`."""
        if node.lineno != node.end_lineno:
            return None
        new = list(self.lines)
        row = new[node.lineno - 1]
        start, end = col(row, node.col_offset), col(row, node.end_col_offset)
        new[node.lineno - 1] = row[:start] + text + row[end:]
        return make_patch(self.rel, self.lines, new)

    def source(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ""


def col(row: str, byte_offset: int | None) -> int:
    """ast column offsets count UTF-8 bytes; turn one into a str index."""
    return len(row.encode("utf-8")[: byte_offset or 0].decode("utf-8", errors="ignore"))


def is_number(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def imported_names(tree: ast.AST) -> set[str]:
    """Names bound by imports (`torch`, `F`, `nn`...): a call on one of them is a function, not a tensor method."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def module_constants(tree: ast.Module) -> dict[str, ast.Constant]:
    """Module-level `NAME = <number>` assignments, by name."""
    out: dict[str, ast.Constant] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and is_number(value):
            out[target.id] = value  # type: ignore[assignment]
    return out


def argparse_defaults(tree: ast.AST) -> dict[str, ast.Constant]:
    """`parser.add_argument("--learning-rate", default=5.0)` defaults by destination (`learning_rate`)."""
    out: dict[str, ast.Constant] = {}
    for call in calls(tree):
        if call_name(call) != "add_argument":
            continue
        keywords = {kw.arg: kw.value for kw in call.keywords}
        flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        dest = keywords.get("dest")
        name = dest.value if isinstance(dest, ast.Constant) else next((f for f in flags if f.startswith("--")), None)
        default = keywords.get("default")
        if isinstance(name, str) and is_number(default):
            out[name.lstrip("-").replace("-", "_")] = default  # type: ignore[assignment]
    return out


def is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def softmax_input(scan: Scan, softmax: ast.Call) -> ast.expr | None:
    """What a softmax call normalises: `F.softmax(x, 1)`'s first argument, `x.softmax(-1)`'s receiver."""
    func = softmax.func
    if isinstance(func, ast.Attribute) and root_name(func.value) not in scan.imports:
        return func.value
    return softmax.args[0] if softmax.args else None


def scaler_names(scan: Scan) -> set[str]:
    """Names bound to a `GradScaler(...)` (or named like a scaler): their `.step(opt)` steps `opt`."""
    names = {
        t.id
        for node in ast.walk(scan.tree)
        if isinstance(node, ast.Assign) and call_name(node.value).endswith("GradScaler")
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    return names | {name for name in (receiver(c) for c in calls(scan.tree)) if name and "scaler" in name.lower()}


def stepped_optimizer(step: ast.Call, scalers: set[str]) -> str | None:
    """The optimizer a `.step()` call steps: `opt.step()` -> `opt`; `scaler.step(opt)` -> `opt`."""
    name = receiver(step)
    if name in scalers:
        return ast.unparse(step.args[0]) if step.args else None
    return name


def parameters_owner(scan: Scan, optimizer: str) -> str | None:
    """`net` in `optimizer = SGD(net.parameters(), ...)`: whose parameters the optimizer updates, when the file says."""
    for node in ast.walk(scan.tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        if not any(isinstance(t, ast.Name) and t.id == optimizer for t in node.targets):
            continue
        params = node.value.args[0] if node.value.args else None
        params = next((kw.value for kw in node.value.keywords if kw.arg == "params"), params)
        if isinstance(params, ast.Call) and isinstance(params.func, ast.Attribute) and params.func.attr == "parameters":
            return ast.unparse(params.func.value)
    return None


def touches_grad(func: ast.expr) -> bool:
    """Is `func` a method of some `.grad` (`p.grad.zero_`, `p.grad.detach_().zero_`)?"""
    return isinstance(func, ast.Attribute) and any(
        isinstance(n, ast.Attribute) and n.attr == "grad" for n in ast.walk(func.value)
    )


def zeroes_gradients(loop: ast.AST) -> bool:
    """`zero_grad()`, or gradients reset by hand: `p.grad = None`, `p.grad.zero_()`, `p.grad.detach_().zero_()`."""
    for node in ast.walk(loop):
        if isinstance(node, ast.Call) and call_name(node) == "zero_grad":
            return True
        if isinstance(node, ast.Call) and call_name(node) in ("zero_", "fill_") and touches_grad(node.func):
            return True
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else []
        if any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in targets):
            return True
    return False


def check_loops(scan: Scan) -> None:
    """optimizer.step() in a loop that never zeroes gradients; no clipping where gradients explode."""
    has_clip = any(call_name(c).startswith("clip_grad") for c in calls(scan.tree))
    scalers = scaler_names(scan)
    for loop in (n for n in ast.walk(scan.tree) if isinstance(n, (ast.For, ast.While))):
        inner = calls(loop)
        steps = [c for c in inner if call_name(c) == "step" and receiver(c) and "sched" not in (receiver(c) or "")]
        if not steps or not any(call_name(c) == "backward" for c in inner):
            continue
        step = steps[0]
        opt = stepped_optimizer(step, scalers)
        if opt is None:
            return
        if not zeroes_gradients(loop):
            patch = scan.insert(step.lineno, f"{opt}.zero_grad()", after=True)
            detail = f"{scan.source(step)} inside a loop that never calls zero_grad(): gradients add up step after step"
            conf = 0.9 if "missing_zero_grad" in scan.log_ids else 0.8
            scan.add("missing_zero_grad", conf, step.lineno, detail, f"call {opt}.zero_grad() every step", patch)
        if not has_clip and scan.log_ids & EXPLOSIVE:
            cause = (
                "exploding_gradients" if "exploding_gradients" in scan.log_ids else sorted(scan.log_ids & EXPLOSIVE)[0]
            )
            owner = parameters_owner(scan, opt)
            clip = f"torch.nn.utils.clip_grad_norm_({owner}.parameters(), 1.0)"
            unscale = [f"{receiver(step)}.unscale_({opt})"] if receiver(step) in scalers else []
            patch = scan.insert(step.lineno, *unscale, clip) if owner else None
            detail = f"no gradient clipping before {scan.source(step)} although the log shows {cause}"
            fix = "clip the global gradient norm at 1.0 before the step" + (
                f" (after {unscale[0]}: clip unscaled gradients)" if unscale else ""
            )
            scan.add(cause, 0.6, step.lineno, detail, fix, patch)
        return


def check_calls(scan: Scan) -> None:
    """Learning-rate literals, softmax into cross-entropy, log(sigmoid), half precision, shuffle=False, torch.load."""
    criteria = {
        t.id
        for node in ast.walk(scan.tree)
        if isinstance(node, ast.Assign) and call_name(node.value) == "CrossEntropyLoss"
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    has_scaler = "GradScaler" in scan.text
    for call in calls(scan.tree):
        name = call_name(call)
        for kw in call.keywords:
            check_keyword(scan, call, name, kw)
        inner = call.args[0] if call.args else None
        if (
            (name == "cross_entropy" or receiver_is(call, criteria))
            and isinstance(inner, ast.Call)
            and call_name(inner) in ("softmax", "Softmax")
        ):
            logits = softmax_input(scan, inner)
            patch = scan.replace(inner, scan.source(logits)) if logits is not None else None
            detail = "softmax output fed to CrossEntropyLoss, which applies log-softmax itself: gradients shrink"
            scan.add("loss_plateau", 0.6, call.lineno, detail, "pass the raw logits to CrossEntropyLoss", patch)
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
    return isinstance(call.func, ast.Name) and call.func.id in names


def check_keyword(scan: Scan, call: ast.Call, name: str, kw: ast.keyword) -> None:
    value = kw.value
    if kw.arg in LR_KWARGS and name != "add_argument":
        number = scan.resolve_number(value)
        if number is not None:
            told = f"{kw.arg}={scan.source(value)}"
            if number is not value:
                told += f" (= {scan.source(number)} at line {number.lineno})"
            check_lr(scan, number, lr_range(name), f"learning rate {told} in {name}(...)")
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


CHECKS: tuple[Callable[[Scan], None], ...] = (check_loops, check_calls, check_lr_options)


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


def too_deep(path: Path) -> str:
    return (
        f"cannot scan {path.name}: its code is nested too deeply for Python's parser; pass the .py file holding "
        "the training loop"
    )
