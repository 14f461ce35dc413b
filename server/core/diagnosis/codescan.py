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

from ..errors import UnreadableInputError
from .findings import Finding, QuickWin, evidence

EXPLOSIVE = {"exploding_gradients", "lr_too_high", "loss_spike"}
LR_SIGNS = {"lr_too_high", "loss_oscillation"}
"""Log signatures a learning rate that is too high leaves."""


def lr_cause(log_ids: set[str] | frozenset[str]) -> str:
    """The cause a too-high learning rate setting supports: the oscillation the log shows, else lr_too_high."""
    return "loss_oscillation" if "loss_oscillation" in log_ids and "lr_too_high" not in log_ids else "lr_too_high"


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
        try:
            self.text = path.read_text(encoding="utf-8")
            self.tree = ast.parse(self.text, filename=str(path))
        except (OSError, UnicodeDecodeError, SyntaxError) as exc:
            raise UnreadableInputError(
                f"cannot scan {path.name} as Python ({exc}); pass a .py training script"
            ) from exc
        self.lines = self.text.splitlines(keepends=True)
        self.rel = repo_relative(path, None)
        self.name = repo_relative(path, display_root) if display_root else self.rel
        self.log_ids = log_ids
        self.findings: list[Finding] = []
        self.quick_wins: list[QuickWin] = []

    def add(self, cause: str, confidence: float, line: int, detail: str, fix: str, patch: str | None = None) -> None:
        where = f"{self.name}:{line}"
        finding = Finding(cause, confidence, [evidence(self.name, where, detail)], fix, patch, self.rel, kind="code")
        self.findings.append(finding)

    def indent(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    def insert(self, line: int, text: str, after: bool = False) -> str | None:
        """Patch inserting `text` (one statement) before/after 1-based `line`, at that line's indentation."""
        new = list(self.lines)
        new.insert(line if after else line - 1, self.indent(line) + text + "\n")
        return make_patch(self.rel, self.lines, new)

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


def check_loops(scan: Scan) -> None:
    """optimizer.step() in a loop that never zeroes gradients; no clipping where gradients explode."""
    has_clip = any(call_name(c).startswith("clip_grad") for c in calls(scan.tree))
    model = next((receiver(c) for c in calls(scan.tree) if call_name(c) == "parameters" and receiver(c)), "model")
    for loop in (n for n in ast.walk(scan.tree) if isinstance(n, (ast.For, ast.While))):
        inner = calls(loop)
        steps = [c for c in inner if call_name(c) == "step" and receiver(c) and "sched" not in (receiver(c) or "")]
        if not steps or not any(call_name(c) == "backward" for c in inner):
            continue
        step = steps[0]
        opt = receiver(step)
        if not any(call_name(c) == "zero_grad" for c in inner):
            patch = scan.insert(step.lineno, f"{opt}.zero_grad()", after=True)
            detail = f"{opt}.step() inside a loop that never calls zero_grad(): gradients add up step after step"
            conf = 0.9 if "missing_zero_grad" in scan.log_ids else 0.8
            scan.add("missing_zero_grad", conf, step.lineno, detail, f"call {opt}.zero_grad() every step", patch)
        if not has_clip and scan.log_ids & EXPLOSIVE:
            cause = (
                "exploding_gradients" if "exploding_gradients" in scan.log_ids else sorted(scan.log_ids & EXPLOSIVE)[0]
            )
            patch = scan.insert(step.lineno, f"torch.nn.utils.clip_grad_norm_({model}.parameters(), 1.0)")
            detail = f"no gradient clipping before {opt}.step() although the log shows {cause}"
            scan.add(cause, 0.6, step.lineno, detail, "clip the global gradient norm at 1.0 before the step", patch)
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
            logits = inner.args[0] if inner.args else None
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
    if kw.arg in ("lr", "learning_rate") and isinstance(value, ast.Constant) and isinstance(value.value, (int, float)):
        lr = float(value.value)
        if lr >= 0.5 or (lr >= 0.01 and scan.log_ids & LR_SIGNS):
            new = repr(lr / 10)
            conf = 0.75 if scan.log_ids & LR_SIGNS else 0.5
            detail = f"learning rate literal {kw.arg}={value.value} in {name}(...)"
            fix = f"lower the learning rate to {new}"
            scan.add(lr_cause(scan.log_ids), conf, value.lineno, detail, fix, scan.replace(value, new))
        elif lr <= 1e-6:
            detail = f"learning rate literal {kw.arg}={value.value} in {name}(...) is tiny"
            conf = 0.7 if "lr_too_low" in scan.log_ids else 0.5
            scan.add(
                "lr_too_low",
                conf,
                value.lineno,
                detail,
                f"raise the learning rate to {lr * 100!r}",
                scan.replace(value, repr(lr * 100)),
            )
    if kw.arg == "shuffle" and isinstance(value, ast.Constant) and value.value is False and name == "DataLoader":
        text = scan.source(call).lower()
        if not any(word in text for word in ("val", "test", "eval")):
            detail = "training DataLoader with shuffle=False: batches come in a fixed order"
            scan.add("data_issue", 0.6, value.lineno, detail, "shuffle the training data", scan.replace(value, "True"))
    if kw.arg == "dtype" and name == "autocast" and "float16" in scan.source(value) and "GradScaler" not in scan.text:
        detail = "autocast(dtype=float16) without a GradScaler: small gradients underflow, large ones overflow"
        scan.add("numerical_instability", 0.55, value.lineno, detail, "add torch.amp.GradScaler or use bfloat16")


CHECKS: tuple[Callable[[Scan], None], ...] = (check_loops, check_calls)


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
    for check in CHECKS:
        check(scan)
    return CodeScan(scan.findings, scan.quick_wins)
