"""One Python file as the code scan sees it: its text, its tree, how its functions call each other, and patches.

`Scan` holds a parsed file and the findings gathered on it; it knows the file's functions and methods
(`functions`), which node encloses which (`parent`), and can walk a loop together with the bodies of the
file's own functions it calls (`inlined`), so that a loop calling `train_one_epoch(...)` or `self.validate()`
is judged with what those do. Patches are unified diffs against the file as it is, with `a/<path>` `b/<path>`
relative to the file's git repository (else to `display_root`), which `git apply` accepts.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..catalogue import RootCauseId
from ..errors import UnreadableInputError
from ..workspace import read_small_text
from .findings import Defect, DefectName, Finding, QuickWin, evidence

Function = ast.FunctionDef | ast.AsyncFunctionDef
Loop = ast.For | ast.AsyncFor | ast.While
LOOPS = (ast.For, ast.AsyncFor, ast.While)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
MAX_CODE_BYTES = 8 << 20
"""A Python file larger than this is no training script (nanoGPT's train.py is 15 KB; transformers' largest
module, modeling_utils.py, about 0.3 MB); refused before it is read and parsed."""
MAX_INLINE_DEPTH = 4
"""How deep calls into the file's own functions are followed (loop -> train_one_epoch -> train_step -> ...)."""


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


def dotted(node: ast.AST) -> str | None:
    """`opt` -> 'opt', `self.optimizer` -> 'self.optimizer'; None for anything with a call or subscript in it."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def receiver(call: ast.Call) -> str | None:
    """What a method is called on: `opt.step()` -> 'opt', `self.optimizer.step()` -> 'self.optimizer'."""
    func = call.func
    return dotted(func.value) if isinstance(func, ast.Attribute) else None


def last_name(name: str | None) -> str:
    """`self.optimizer` -> 'optimizer': names compared across a method and the `__init__` that bound them."""
    return (name or "").rsplit(".", 1)[-1]


def calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def col(row: str, byte_offset: int | None) -> int:
    """ast column offsets count UTF-8 bytes; turn one into a str index."""
    return len(row.encode("utf-8")[: byte_offset or 0].decode("utf-8", errors="ignore"))


def is_number(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


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


def too_deep(path: Path) -> str:
    return (
        f"cannot scan {path.name}: its code is nested too deeply for Python's parser; pass the .py file holding "
        "the training loop"
    )


def argument(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    """A call's argument given by keyword or at `position`."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def bound_names(node: ast.AST) -> list[str]:
    """The names an assignment binds, dotted (`self.scheduler`), or [] for anything else."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    else:
        return []
    return [name for name in (dotted(t) for t in targets) if name]


class Scan:
    """One file's source, tree and the findings gathered on it."""

    def __init__(self, path: Path, display_root: Path | None, log_ids: set[str]) -> None:
        try:
            self.text = read_small_text(
                path, MAX_CODE_BYTES, "a training script", "pass the .py file holding the training loop"
            )
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
        self.nodes: list[ast.AST] = list(ast.walk(self.tree))
        """Every node of the file, walked once (the checks filter this list instead of walking again)."""
        self.calls = [node for node in self.nodes if isinstance(node, ast.Call)]
        self.parents: dict[ast.AST, ast.AST] = {
            child: node for node in self.nodes for child in ast.iter_child_nodes(node)
        }
        self.functions: dict[str, list[Function]] = {}
        for node in self.nodes:
            if isinstance(node, FUNCTIONS):
                self.functions.setdefault(node.name, []).append(node)
        self.memo: dict[str, Any] = {}
        """What several checks ask of the file (its optimizers, schedulers, steps), computed once."""

    def add(
        self,
        cause: RootCauseId,
        confidence: float,
        line: int,
        detail: str,
        fix: str,
        patch: str | None = None,
        defect: DefectName | None = None,
    ) -> None:
        """A finding cited at `line`; with `defect`, a bug the code proves (a root cause whatever the logs say)."""
        where = f"{self.name}:{line}"
        proven = Defect(name=defect, location=where) if defect else None
        finding = Finding(
            cause, confidence, [evidence(self.name, where, detail)], fix, patch, self.rel, kind="code", defect=proven
        )
        self.findings.append(finding)

    def where(self, node: ast.AST) -> str:
        return f"{self.name}:{getattr(node, 'lineno', 0)}"

    # --- structure -------------------------------------------------------------------------------------

    def function_of(self, node: ast.AST) -> Function | None:
        """The function or method `node` is in (None at module level)."""
        node = self.parents.get(node)  # type: ignore[assignment]
        while node is not None and not isinstance(node, FUNCTIONS):
            node = self.parents.get(node)  # type: ignore[assignment]
        return node

    def loops_around(self, node: ast.AST) -> list[Loop]:
        """The loops enclosing `node` inside its own function, innermost first."""
        out: list[Loop] = []
        current = self.parents.get(node)
        while current is not None and not isinstance(current, FUNCTIONS):
            if isinstance(current, LOOPS) and node not in (
                getattr(current, "iter", None),
                getattr(current, "test", None),
            ):
                out.append(current)
            current = self.parents.get(current)
        return out

    def callee(self, call: ast.Call) -> list[Function]:
        """The file's own functions a call may run: `train_one_epoch(...)`, `self.validate()`."""
        func = call.func
        if isinstance(func, ast.Name):
            return self.functions.get(func.id, [])
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            return self.functions.get(func.attr, [])
        return []

    def inlined(self, node: ast.AST) -> Iterator[ast.AST]:
        """Every node under `node`, and under the bodies of the file's functions it calls (followed a few deep)."""
        seen: set[int] = set()
        stack: list[tuple[ast.AST, int]] = [(node, 0)]
        while stack:
            top, depth = stack.pop()
            for sub in ast.walk(top):
                yield sub
                if isinstance(sub, ast.Call) and depth < MAX_INLINE_DEPTH:
                    for function in self.callee(sub):
                        if id(function) not in seen:
                            seen.add(id(function))
                            stack.append((function, depth + 1))

    def callers(self, function: Function) -> list[ast.Call]:
        """Calls in this file that may run `function`."""
        return [c for c in self.calls if function in self.callee(c)]

    def statement_of(self, node: ast.AST) -> ast.stmt | None:
        """The statement holding `node` (itself when it is one)."""
        current: ast.AST | None = node
        while current is not None and not isinstance(current, ast.stmt):
            current = self.parents.get(current)
        return current

    # --- patches ---------------------------------------------------------------------------------------

    def indent(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    def insert(self, line: int, *texts: str, after: bool = False) -> str | None:
        """Patch inserting `texts` (one statement each) before/after 1-based `line`, at that line's indentation."""
        new = list(self.lines)
        at = line if after else line - 1
        new[at:at] = [self.indent(line) + text + "\n" for text in texts]
        return make_patch(self.rel, self.lines, new)

    def edit_lines(self, delete: range, insert_at: int, texts: list[str]) -> str | None:
        """Patch deleting the 1-based lines `delete` and inserting full `texts` lines before 1-based `insert_at`."""
        new: list[str] = []
        for number, line in enumerate(self.lines, 1):
            if number == insert_at:
                new += texts
            if number not in delete:
                new.append(line)
        if insert_at == len(self.lines) + 1:
            new += texts
        return make_patch(self.rel, self.lines, new)

    def move(self, stmt: ast.stmt, after_line: int, indent: str) -> str | None:
        """Patch moving a one-line statement to just after 1-based `after_line`, at `indent`."""
        if stmt.lineno != stmt.end_lineno:
            return None
        text = indent + self.lines[stmt.lineno - 1].lstrip()
        return self.edit_lines(range(stmt.lineno, stmt.lineno + 1), after_line + 1, [text])

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
