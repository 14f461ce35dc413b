"""The code scan on bugs planted in real training code it was never tuned on (mutation testing).

    python bench/bench_code_mutants.py DIR [DIR ...]

DIR holds any Python training code (for example clones of pytorch/examples, kuangliu/pytorch-cifar,
karpathy/nanoGPT, rasbt/LLMs-from-scratch: nothing of it is kept in this repository). First every file is
scanned as it is: a proven defect there is either a real bug or a false positive, listed for a person to
judge. Then, in each file with a training step, one bug at a time is planted by a mechanical edit, the way
people make it, and the scan must prove it with the right id at the planted line:

- drop_zero_grad: every `*.zero_grad()` statement deleted -> missing_zero_grad at an optimizer step;
- swap_step_backward: `opt.step()` moved above the `loss.backward()` of its block (zeroed in that block)
  -> loss_plateau at the step;
- zero_between_backward_and_step: `opt.zero_grad()` moved from above the backward to just after it -> loss_plateau;
- softmax_into_ce: the logits given to cross-entropy wrapped in `torch.softmax(..., dim=-1)` -> loss_plateau;
- scheduler_into_batch_loop: a per-epoch `scheduler.step()` moved to the end of the batch loop -> lr_too_low;
- drop_scheduler_load: the scheduler's `load_state_dict` deleted from a resume -> loss_spike at the optimizer's;
- undivide_accumulation: the `/ k` of an accumulated loss removed -> lr_too_high at the backward.

The planted line is known from the edit, not from the scan. Mutants whose edit does not apply are skipped.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

from server.core.diagnosis.codescan import scan_code  # noqa: E402
from server.core.errors import UnreadableInputError  # noqa: E402

Mutant = tuple[str, set[int]]
"""The mutated text and the 1-based lines where the planted bug may be cited."""

EXPECTED = {
    "drop_zero_grad": "missing_zero_grad",
    "swap_step_backward": "loss_plateau",
    "zero_between_backward_and_step": "loss_plateau",
    "softmax_into_ce": "loss_plateau",
    "scheduler_into_batch_loop": "lr_too_low",
    "drop_scheduler_load": "loss_spike",
    "undivide_accumulation": "lr_too_high",
}
PER_EPOCH = ("StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR")


def name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def owner(call: ast.Call) -> str:
    func = call.func
    return ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""


def expr_calls(body: list[ast.stmt]) -> list[tuple[int, ast.Call]]:
    return [(i, s.value) for i, s in enumerate(body) if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)]


def is_opt_step(call: ast.Call) -> bool:
    """`opt.step()`, `optimizer.step(closure)`, `scaler.step(optimizer)`; not a remote `opt_rref.rpc_sync().step()`."""
    if name_of(call) != "step" or "rpc" in owner(call):
        return False
    return "opt" in owner(call).lower() or ("scaler" in owner(call).lower() and bool(call.args))


def in_loop(tree: ast.AST, node: ast.AST) -> bool:
    """Is `node` inside a loop of its file (a step run once is no accumulation)?"""
    return any(isinstance(loop, (ast.For, ast.While)) and node in set(ast.walk(loop)) for loop in ast.walk(tree))


def bodies(tree: ast.AST) -> Iterator[list[ast.stmt]]:
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield body


def without(lines: list[str], drop: set[int]) -> tuple[str, list[int]]:
    """`lines` without the 1-based `drop`, and where each old line went (0 when dropped)."""
    kept, where = [], []
    for number, line in enumerate(lines, 1):
        if number in drop:
            where.append(0)
        else:
            kept.append(line)
            where.append(len(kept))
    return "".join(kept), where


def drop_zero_grad(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    zeros = {s.lineno for b in bodies(tree) for i, c in expr_calls(b) if name_of(c) == "zero_grad" for s in [b[i]]}
    steps = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and is_opt_step(c) and in_loop(tree, c)]
    if not zeros or not steps:
        return None  # a body left empty does not parse: such mutants are skipped
    new, where = without(lines, zeros)
    return new, {where[c.lineno - 1] for c in steps}


def swap_step_backward(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    for body in bodies(tree):
        calls = expr_calls(body)
        back = next((i for i, c in calls if name_of(c) == "backward" and not c.args), None)
        step = next((i for i, c in calls if is_opt_step(c) and back is not None and i > back), None)
        zero = any(name_of(c) == "zero_grad" for _, c in calls)
        if back is None or step is None or not zero:
            continue
        b, s = body[back], body[step]
        if b.lineno != b.end_lineno or s.lineno != s.end_lineno or b.lineno == s.lineno:
            continue
        indent = lines[b.lineno - 1][: len(lines[b.lineno - 1]) - len(lines[b.lineno - 1].lstrip())]
        moved = indent + lines[s.lineno - 1].lstrip()
        new = lines[: b.lineno - 1] + [moved] + lines[b.lineno - 1 : s.lineno - 1] + lines[s.lineno :]
        return "".join(new), {b.lineno}
    return None


def zero_between(text: str, tree: ast.AST) -> Mutant | None:
    """`opt.zero_grad()` moved from above the backward to between the backward and the step of its block."""
    lines = text.splitlines(keepends=True)
    for body in bodies(tree):
        calls = expr_calls(body)
        zero = next((i for i, c in calls if name_of(c) == "zero_grad"), None)
        back = next((i for i, c in calls if name_of(c) == "backward" and zero is not None and i > zero), None)
        step = next((i for i, c in calls if is_opt_step(c) and back is not None and i > back), None)
        if zero is None or back is None or step is None:
            continue
        z, b = body[zero], body[back]
        if z.lineno != z.end_lineno or b.lineno != b.end_lineno or len({z.lineno, b.lineno, body[step].lineno}) < 3:
            continue  # statements sharing a line (`loss.backward(); opt.step()`) cannot be moved apart by lines
        moved = lines[z.lineno - 1]
        new = lines[: z.lineno - 1] + lines[z.lineno : b.lineno] + [moved] + lines[b.lineno :]
        return "".join(new), {b.lineno}
    return None


def softmax_into_ce(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    criteria = {
        ast.unparse(t)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and name_of(n.value) == "CrossEntropyLoss"
        for t in n.targets
    }
    for call in (c for c in ast.walk(tree) if isinstance(c, ast.Call) and c.args):
        if name_of(call) != "cross_entropy" and ast.unparse(call.func) not in criteria:
            continue
        logits = call.args[0]
        if logits.lineno != logits.end_lineno or "softmax" in ast.unparse(logits):
            continue
        row = lines[logits.lineno - 1]
        start = len(row.encode()[: logits.col_offset].decode())
        end = len(row.encode()[: logits.end_col_offset].decode())
        lines[logits.lineno - 1] = row[:start] + f"torch.softmax({row[start:end]}, dim=-1)" + row[end:]
        return "".join(lines), {call.lineno}
    return None


def scheduler_into_batch_loop(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    schedulers = {
        ast.unparse(t)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and name_of(n.value) in PER_EPOCH
        for t in n.targets
    }
    functions = {f.name: f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for loop in (n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))):
        found = next(
            (s for _, c in expr_calls(loop.body) if name_of(c) == "step" and owner(c) in schedulers for s in [c]), None
        )
        if found is None:
            continue
        places = [loop] + [
            functions[c.func.id] for c in ast.walk(loop) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
            if c.func.id in functions and "." not in owner(found)
        ]  # fmt: skip
        for place in places:
            inner = next(
                (
                    n
                    for n in ast.walk(place)
                    if isinstance(n, (ast.For, ast.While))
                    and n is not loop
                    and any(isinstance(c, ast.Call) and is_opt_step(c) for c in ast.walk(n))
                ),
                None,
            )
            if inner is None or found.lineno != found.end_lineno:
                continue
            last = inner.body[-1]
            indent = lines[last.lineno - 1][: len(lines[last.lineno - 1]) - len(lines[last.lineno - 1].lstrip())]
            moved = indent + lines[found.lineno - 1].lstrip()
            end = last.end_lineno or last.lineno
            new = list(lines)
            new.insert(end, moved)
            drop = found.lineno + (1 if found.lineno > end else 0)
            del new[drop - 1]
            at = end + 1 - (1 if found.lineno <= end else 0)
            return "".join(new), {at}
    return None


def drop_scheduler_load(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    loads = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and name_of(c) == "load_state_dict"]
    sched = {c.lineno for c in loads if "sched" in owner(c).lower() and c.lineno == c.end_lineno}
    opts = [c for c in loads if "optim" in owner(c).lower() or owner(c).endswith("opt")]
    if not sched or not opts:
        return None
    new, where = without(lines, sched)
    return new, {where[c.lineno - 1] for c in opts}


def undivide_accumulation(text: str, tree: ast.AST) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    if not any(isinstance(c, ast.Call) and is_opt_step(c) and in_loop(tree, c) for c in ast.walk(tree)):
        return None  # the step is taken elsewhere (a Trainer's loop): not provable from this file
    for node in ast.walk(tree):
        value = getattr(node, "value", None)
        if isinstance(node, ast.Assign) and isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
            divisor = ast.unparse(value.right)
            if "accum" in divisor.lower() and node.lineno == node.end_lineno:
                row = lines[node.lineno - 1]
                start = len(row.encode()[: value.col_offset].decode())
                end = len(row.encode()[: value.end_col_offset].decode())
                lines[node.lineno - 1] = row[:start] + ast.unparse(value.left) + row[end:]
                backs = [
                    c.lineno
                    for c in ast.walk(tree)
                    if isinstance(c, ast.Call) and name_of(c) == "backward" and c.lineno > node.lineno
                ]
                return ("".join(lines), set(backs[:1])) if backs else None
    return None


MUTATIONS: dict[str, Callable[[str, ast.AST], Mutant | None]] = {
    "drop_zero_grad": drop_zero_grad,
    "swap_step_backward": swap_step_backward,
    "zero_between_backward_and_step": zero_between,
    "softmax_into_ce": softmax_into_ce,
    "scheduler_into_batch_loop": scheduler_into_batch_loop,
    "drop_scheduler_load": drop_scheduler_load,
    "undivide_accumulation": undivide_accumulation,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    options = parser.parse_args()
    files = sorted(p for d in options.dirs for p in d.rglob("*.py"))
    scanned = planted = 0
    as_is: list[str] = []
    score: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            findings = scan_code(path, set(), path.parent)
        except (UnicodeDecodeError, SyntaxError, ValueError, UnreadableInputError):
            continue
        scanned += 1
        as_is += [
            f"{path}:{f.defect.location.rsplit(':', 1)[1]} {f.id} ({f.defect.name})"
            for f in findings.findings
            if f.defect
        ]
        for kind, mutate in MUTATIONS.items():
            mutant = mutate(text, tree)
            if mutant is None:
                continue
            new, lines = mutant
            try:
                ast.parse(new)
            except SyntaxError:
                continue
            planted += 1
            probe = path.with_name(f".mutant_{path.name}")
            probe.write_text(new)
            try:
                got = scan_code(probe, set(), path.parent).findings
            finally:
                probe.unlink()
            right = [f for f in got if f.id == EXPECTED[kind] and f.defect]
            cited = any(int(f.defect.location.rsplit(":", 1)[1]) in lines for f in right if f.defect)
            score[(kind, "planted")] += 1
            score[(kind, "proven")] += bool(right)
            score[(kind, "cited")] += cited
            if not cited:
                misses.append(
                    f"  {kind}: {path} lines {sorted(lines)}: {[(f.id, f.evidence[0].location) for f in got]}"
                )
    print(f"{scanned} files scanned as they are; proven defects (each a real bug or a false positive): {len(as_is)}")
    for line in as_is:
        print(f"  {line}")
    print(f"\n{planted} mutants planted in real code")
    print(f"  {'mutation':28} {'planted':>7} {'proven+id':>9} {'file:line':>9}")
    for kind in MUTATIONS:
        p, v, c = (score[(kind, k)] for k in ("planted", "proven", "cited"))
        if p:
            print(f"  {kind:28} {p:7} {v:9} {c:9}")
    total = sum(score[(k, "planted")] for k in MUTATIONS)
    cited = sum(score[(k, "cited")] for k in MUTATIONS)
    print(f"  {'all':28} {total:7} {sum(score[(k, 'proven')] for k in MUTATIONS):9} {cited:9}")
    print(f"planted bug's line cited on {cited}/{total} ({100 * cited / max(total, 1):.0f}%)")
    if misses:
        print("not proven at the planted line:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
