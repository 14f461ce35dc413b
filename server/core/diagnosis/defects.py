"""Bugs the code proves (not risks), found by following the training loop through functions and methods.

A training iteration is the innermost loop around an optimizer step, or, for a step in a function with no
loop of its own, the loop that calls that function (`train_one_epoch(...)`, `self.train_step(batch)`), or
Lightning's `training_step` (called once per batch). Each check here proves one bug in that structure, cites
its `file:line`, names it (`DefectName`) beside the catalogue id it is a root cause of, and patches it where
the change is mechanical. Look-alikes that are correct are not flagged: gradient accumulation (`zero_grad`
every k steps, loss divided by k), schedules sized in batches, Lightning's automatic optimization.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from .findings import DefectName
from .pysource import (
    FUNCTIONS,
    Loop,
    Scan,
    argument,
    bound_names,
    call_name,
    dotted,
    last_name,
    receiver,
    root_name,
)

# Confidence a proven bug gives its root cause from the code alone (before the logs raise or lower it, see
# engine.weigh_proven). Source: our judgement of what each bug does to a run (a sure divergence or stall: 0.8;
# a harm that depends on the model or the schedule: 0.6-0.75), to be refit by issue 9's calibration split.
MISSING_ZERO_GRAD_CONFIDENCE = 0.8
"""Gradients summed over every past step: the effective step grows without bound (sure divergence)."""
STEP_BEFORE_BACKWARD_CONFIDENCE = 0.8
"""Every step applies zeroed gradients: nothing but weight decay and momentum moves the weights."""
SCHEDULER_PER_BATCH_CONFIDENCE = 0.75
"""A schedule sized in epochs runs through in a few hundred batches: the lr is ~0 (or cycles) thereafter."""
ACCUMULATION_SGD_CONFIDENCE = 0.7
"""k summed gradients: SGD steps k times larger than the lr says."""
ACCUMULATION_ADAPTIVE_CONFIDENCE = 0.6
"""Adam-like optimizers divide the scale out (up to eps); clipping and loss scaling still see k times the norm."""
RESUME_CONFIDENCE = 0.7
"""The lr jumps back to its first value at the resume step: harm depends on how far the schedule had decayed."""
PAD_EOS_CONFIDENCE = 0.75
"""Every EOS label is masked: the model never learns to stop (generation runs on), whatever the loss says."""
EVAL_MODE_CONFIDENCE = 0.6
"""Training in eval mode: dropout off and BatchNorm frozen from the first validation on; harm depends on the model."""
SOFTMAX_CONFIDENCE = 0.6
"""Softmax then log-softmax: gradients shrink by the probabilities, the loss floors above 0."""

EPOCH_SCALE_MAX = 400
"""A step_size / T_max / milestone literal at or below this counts epochs, not batches (ImageNet recipes use
30/60/90 epochs; iteration-based schedules such as detectron2's count in the thousands)."""
PER_EPOCH_GAMMA_MAX = 0.99
"""An ExponentialLR gamma at or below this is per epoch: per batch it would reach 1e-4 of the lr in ~900 steps."""
PER_EPOCH_PERIOD = {"StepLR": ("step_size", 1), "MultiStepLR": ("milestones", 1), "CosineAnnealingLR": ("T_max", 1)}
"""Schedulers whose period argument (keyword, position) says in what unit they are meant to be stepped."""
PER_EPOCH_SCHEDULERS = (*PER_EPOCH_PERIOD, "ExponentialLR")
ADAPTIVE_OPTIMIZERS = ("adam", "rmsprop", "adagrad", "adadelta", "adafactor", "lion", "lamb")
"""Optimizer families whose update divides out the gradient's scale (Adam-like), by lower-case prefix."""
BATCH_WORDS = ("step", "iter", "batch")
"""Words in a period expression that size it in batches (`steps_per_epoch`, `num_iters`)."""
MASKING_CALLS = ("where", "masked_fill", "masked_fill_")
"""Calls that set labels to the ignore index where a condition holds."""
OPTIMIZER_CLASSES = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "LBFGS")
"""torch.optim classes imported by name (`from torch.optim import AdamW`)."""
IGNORE_INDEX = -100
"""The label PyTorch's cross-entropy (and Hugging Face models) skip."""


# --- what the file binds and calls ------------------------------------------------------------------------


def is_scheduler_call(node: ast.AST) -> bool:
    """`lr_scheduler.StepLR(opt, ...)`, `ReduceLROnPlateau(...)`, transformers' `get_cosine_schedule_with_warmup(
    opt, ...)` / `get_scheduler(name, opt, ...)`; not a diffusion `cosine_beta_schedule(timesteps)`."""
    if not isinstance(node, ast.Call):
        return False
    name = call_name(node)
    if name.endswith(("LR", "LROnPlateau", "WarmRestarts")):
        return True
    given = [*node.args, *(kw.value for kw in node.keywords)]
    return name.startswith("get_") and "schedule" in name and any("opt" in (dotted(a) or "").lower() for a in given)


def bindings(scan: Scan, test: Callable[[ast.AST], bool]) -> dict[str, ast.Call]:
    """Names (their last part: `self.scheduler` -> `scheduler`) bound to a call that passes `test`."""
    out: dict[str, ast.Call] = {}
    for node in scan.nodes:
        value = getattr(node, "value", None)
        if isinstance(value, ast.Call) and test(value):
            out |= {last_name(name): value for name in bound_names(node)}
    return out


def schedulers(scan: Scan) -> dict[str, ast.Call]:
    if "schedulers" not in scan.memo:
        scan.memo["schedulers"] = bindings(scan, is_scheduler_call)
    return scan.memo["schedulers"]  # type: ignore[no-any-return]


def optimizers(scan: Scan) -> dict[str, ast.Call]:
    """Names bound to `torch.optim.X(...)`, `optim.X(...)` or Lightning's `self.optimizers()`."""

    def test(call: ast.AST) -> bool:
        func = call.func if isinstance(call, ast.Call) else None
        text = ast.unparse(func) if func is not None else ""
        return "optim." in text or call_name(call) == "optimizers" or text in OPTIMIZER_CLASSES

    if "optimizers" not in scan.memo:
        scan.memo["optimizers"] = bindings(scan, test)
    return scan.memo["optimizers"]  # type: ignore[no-any-return]


def is_scheduler_name(name: str | None, known: dict[str, ast.Call]) -> bool:
    return bool(name) and (last_name(name) in known or "sched" in last_name(name).lower())


def scaler_names(scan: Scan) -> set[str]:
    """Names bound to a `GradScaler(...)` (or named like a scaler): their `.step(opt)` steps `opt`."""
    names = set(bindings(scan, lambda c: call_name(c).endswith("GradScaler")))
    return names | {last_name(r) for r in (receiver(c) for c in scan.calls) if r and "scaler" in r.lower()}


def optimizer_steps(scan: Scan) -> list[tuple[ast.Call, str]]:
    """Every optimizer step in the file with the optimizer it steps: `opt.step()`, `scaler.step(opt)`."""
    if "steps" in scan.memo:
        return scan.memo["steps"]  # type: ignore[no-any-return]
    known_schedulers = schedulers(scan)
    known_optimizers = optimizers(scan)
    scalers = scaler_names(scan)
    out = []
    for call in scan.calls:
        name = receiver(call)
        if call_name(call) != "step" or name is None or is_scheduler_name(name, known_schedulers):
            continue
        if last_name(name) in scalers:
            if call.args and dotted(call.args[0]):
                out.append((call, dotted(call.args[0]) or ""))
            continue
        if call.args and not is_closure(scan, call.args[0]):
            continue  # `opt.step(context_id)` (distributed autograd), `env.step(action)`: not a plain step
        looks_like = last_name(name) in known_optimizers or "opt" in last_name(name).lower()
        if looks_like or (not call.args and name != "self"):
            out.append((call, name))
    scan.memo["steps"] = out
    return out


def is_closure(scan: Scan, arg: ast.expr) -> bool:
    """`optimizer.step(closure)` (LBFGS): a lambda or a function defined in the file."""
    return isinstance(arg, ast.Lambda) or (isinstance(arg, ast.Name) and arg.id in scan.functions)


def is_backward(call: ast.Call) -> bool:
    return call_name(call) in ("backward", "manual_backward")


def is_zeroing(node: ast.AST) -> bool:
    """`zero_grad()`, or gradients reset by hand: `p.grad = None`, `p.grad.zero_()`, `p.grad.detach_().zero_()`."""
    if isinstance(node, ast.Call) and call_name(node) == "zero_grad":
        return True
    if isinstance(node, ast.Call) and call_name(node) in ("zero_", "fill_") and touches_grad(node.func):
        return True
    targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else []
    return any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in targets)


def touches_grad(func: ast.expr) -> bool:
    """Is `func` a method of some `.grad` (`p.grad.zero_`, `p.grad.detach_().zero_`)?"""
    return isinstance(func, ast.Attribute) and any(
        isinstance(n, ast.Attribute) and n.attr == "grad" for n in ast.walk(func.value)
    )


def iteration(scan: Scan, step: ast.AST) -> ast.AST | None:
    """The code run once per training iteration around `step` (see the module docstring), or None if unknown."""
    loops = scan.loops_around(step)
    if loops:
        return loops[0]
    function = scan.function_of(step)
    if function is None:
        return None
    if function.name == "training_step":
        return function
    for call in scan.callers(function):
        around = scan.loops_around(call)
        if around:
            return around[0]
    return None


def line_of(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 0))


def mentions(node: ast.AST, words: Iterable[str]) -> bool:
    """Does a name or attribute in `node` contain one of `words` (`args.epochs`, `num_epochs`)?"""
    names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
    names += [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)]
    return any(word in name.lower() for name in names for word in words)


def is_epoch_loop(loop: Loop) -> bool:
    head = loop.test if isinstance(loop, ast.While) else ast.Tuple(elts=[loop.target, loop.iter])
    return mentions(head, ("epoch",))


# --- the checks -------------------------------------------------------------------------------------------


def check_zero_grad(scan: Scan) -> None:
    """An optimizer step in an iteration that never zeroes the gradients (Lightning's automatic mode zeroes)."""
    reported: set[str] = set()
    for step, opt in optimizer_steps(scan):
        unit = iteration(scan, step)
        if unit is None or opt in reported:
            continue
        nodes = list(scan.inlined(unit))
        if not any(isinstance(n, ast.Call) and is_backward(n) for n in nodes) or any(is_zeroing(n) for n in nodes):
            continue
        reported.add(opt)
        outside = next((n for n in scan.nodes if is_zeroing(n) and n not in nodes), None)
        where = f"{unit.name}() (run every batch)" if isinstance(unit, FUNCTIONS) else "a loop"
        detail = f"{scan.source(step)} inside {where} that never calls zero_grad(): gradients add up step after step"
        if outside is not None:
            detail = (
                f"{scan.source(step)} runs every iteration but gradients are zeroed only at line {line_of(outside)}, "
                "outside that loop: they add up between"
            )
        scan.add(
            "missing_zero_grad",
            MISSING_ZERO_GRAD_CONFIDENCE,
            step.lineno,
            detail,
            f"call {opt}.zero_grad() every step",
            scan.insert(step.lineno, f"{opt}.zero_grad()", after=True),
            DefectName.ZERO_GRAD_NEVER_CALLED,
        )


def accumulation_every(scan: Scan, step: ast.Call, unit: ast.AST) -> tuple[ast.If, ast.expr] | None:
    """`(if ..., k)` when `step` runs under `if (i + 1) % k == 0:` inside `unit`: gradient accumulation."""
    node = scan.parents.get(step)
    while node is not None and node is not unit:
        if isinstance(node, ast.If):
            mod = next((n for n in ast.walk(node.test) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod)), None)
            if mod is not None:
                return node, mod.right
        node = scan.parents.get(node)
    return None


def backward_loss(scan: Scan, call: ast.Call) -> ast.expr | None:
    """The loss a backward call differentiates: `loss.backward()`, `scaler.scale(loss).backward()`,
    `self.manual_backward(loss)`, `accelerator.backward(loss)`; None when Accelerate is told the accumulation
    steps (`Accelerator(gradient_accumulation_steps=k)`: its backward divides by k itself)."""
    if call_name(call) == "manual_backward":
        return call.args[0] if call.args else None
    if call.args:
        told = any(kw.arg == "gradient_accumulation_steps" for c in scan.calls for kw in c.keywords)
        return call.args[0] if "accelerator" in (receiver(call) or "").lower() and not told else None
    if not isinstance(call.func, ast.Attribute):
        return None
    tensor = call.func.value
    if isinstance(tensor, ast.Call) and call_name(tensor) == "scale" and tensor.args:
        return tensor.args[0]
    return tensor


def is_scaled(value: ast.AST | None) -> bool:
    return isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Div, ast.Mult))


def divided(scan: Scan, loss: ast.expr, unit: ast.AST) -> bool:
    """Is the loss divided (or multiplied) before backward: in the call, an assignment in the iteration,
    or the return of the file's own function that computes it?"""
    if is_scaled(loss):
        return True
    name = dotted(loss)
    if name is None:
        return True  # something we cannot follow: not proven
    for node in scan.inlined(unit):
        if name not in bound_names(node):
            continue
        if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Div, ast.Mult)):
            return True
        value = getattr(node, "value", None)
        if is_scaled(value):
            return True
        if isinstance(value, ast.Call):
            for function in scan.callee(value):
                returns = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
                if any(is_scaled(r) for r in returns):
                    return True
    return False


def optimizer_family(scan: Scan, opt: str) -> str:
    call = optimizers(scan).get(last_name(opt))
    return call_name(call).lower() if call is not None else ""


def micro_batches(scan: Scan, step: ast.Call, unit: ast.AST) -> tuple[ast.AST, ast.expr] | None:
    """`(loop, k)` for a `for _ in range(k):` loop inside `unit` that runs the backward k times per `step`
    (nanoGPT's micro-steps) and zeroes nothing itself."""
    for loop in (n for n in ast.walk(unit) if isinstance(n, ast.For) and n is not unit):
        inside = list(ast.walk(loop))
        if any(step is n for n in inside) or any(is_zeroing(n) for n in inside):
            continue
        if not any(isinstance(n, ast.Call) and is_backward(n) for n in inside):
            continue
        it = loop.iter
        if isinstance(it, ast.Call) and call_name(it) == "range" and len(it.args) == 1:
            return loop, it.args[0]
    return None


def check_accumulation(scan: Scan) -> None:
    """Steps every k iterations (`if (i + 1) % k == 0:`) or after k micro-batches (`for _ in range(k):`)
    on a loss never divided by k."""
    for step, opt in optimizer_steps(scan):
        unit = iteration(scan, step)
        if unit is None or any(call_name(n) == "accumulate" for n in ast.walk(unit) if isinstance(n, ast.Call)):
            continue  # `with accelerator.accumulate(model):` scales and skips steps by itself
        every = accumulation_every(scan, step, unit)
        if every is not None:
            guard, k = every
            scope: ast.AST = unit
            how = f"{scan.source(step)} only when {scan.source(guard.test)}"
        else:
            micro = micro_batches(scan, step, unit)
            if micro is None:
                continue
            (scope, k), guard = micro, None
            how = f"{scan.source(step)} once per {scan.source(k)} of them"
        if isinstance(k, ast.Constant) and k.value == 1:
            continue
        for back in (n for n in ast.walk(scope) if isinstance(n, ast.Call) and is_backward(n)):
            loss = backward_loss(scan, back)
            inside_guard = guard is not None and any(back is n for n in ast.walk(guard))
            if loss is None or inside_guard or divided(scan, loss, scope):
                continue
            ks = scan.source(k)
            on_tensor = isinstance(back.func, ast.Attribute) and loss is back.func.value
            patch = scan.replace(loss, f"({scan.source(loss)} / {ks})" if on_tensor else f"{scan.source(loss)} / {ks}")
            adaptive = optimizer_family(scan, opt).startswith(ADAPTIVE_OPTIMIZERS)
            effect = "clipping and loss scaling see k times the gradient" if adaptive else "each step is k times larger"
            detail = f"{scan.source(back)} every micro-batch, {how}: {ks} gradients are summed, not averaged ({effect})"
            conf = ACCUMULATION_ADAPTIVE_CONFIDENCE if adaptive else ACCUMULATION_SGD_CONFIDENCE
            fix = f"divide the loss by {ks} before backward"
            scan.add("lr_too_high", conf, back.lineno, detail, fix, patch, DefectName.ACCUMULATION_UNDIVIDED)
            return


def epoch_sized(scan: Scan, scheduler: ast.Call) -> str | None:
    """Why a scheduler is meant to be stepped once per epoch (its period counts epochs), or None."""
    kind = call_name(scheduler)
    if kind == "ExponentialLR":
        gamma = argument(scheduler, "gamma", 1)
        number = scan.resolve_number(gamma) if gamma is not None else None
        if number is not None and float(number.value) <= PER_EPOCH_GAMMA_MAX:  # type: ignore[arg-type]
            return f"gamma={scan.source(gamma)} decays per epoch"  # type: ignore[arg-type]
        return None
    if kind not in PER_EPOCH_PERIOD:
        return None
    keyword, position = PER_EPOCH_PERIOD[kind]
    period = argument(scheduler, keyword, position)
    if period is None:
        return None
    told = f"{keyword}={scan.source(period)}"
    if any(isinstance(n, ast.Call) for n in ast.walk(period)) or mentions(period, BATCH_WORDS):
        return None
    if mentions(period, ("epoch",)):
        return f"{told} counts epochs"
    items = period.elts if isinstance(period, (ast.List, ast.Tuple)) else [period]
    numbers = [scan.resolve_number(item) for item in items]
    if items and all(n is not None and float(n.value) <= EPOCH_SCALE_MAX for n in numbers):  # type: ignore[arg-type]
        return f"{told} counts epochs (at most {EPOCH_SCALE_MAX})"
    return None


def check_scheduler_per_batch(scan: Scan) -> None:
    """A scheduler sized in epochs stepped in the loop that steps the optimizer (or Lightning interval 'step')."""
    per_epoch = {name: call for name, call in schedulers(scan).items() if call_name(call) in PER_EPOCH_SCHEDULERS}
    units = {id(iteration(scan, step)) for step, _ in optimizer_steps(scan)}
    for call in scan.calls:
        name = receiver(call)
        scheduler = per_epoch.get(last_name(name))
        if call_name(call) != "step" or scheduler is None or call.args:
            continue
        why = epoch_sized(scan, scheduler)
        loops = scan.loops_around(call)
        if why is None or not loops or id(loops[0]) not in units or is_epoch_loop(loops[0]):
            continue
        stmt = scan.statement_of(call)
        patch = None
        if len(loops) > 1 and stmt is not None and isinstance(stmt, ast.Expr):
            patch = scan.move(stmt, loops[0].end_lineno or loops[0].lineno, scan.indent(loops[0].lineno))
        detail = (
            f"{name}.step() runs every batch but {call_name(scheduler)}(...) at line {scheduler.lineno} is sized "
            f"in epochs ({why}): the schedule runs its course within the first epoch"
        )
        fix = f"step {name} once per epoch, after the batch loop (or size the schedule in batches)"
        scan.add(
            "lr_too_low",
            SCHEDULER_PER_BATCH_CONFIDENCE,
            call.lineno,
            detail,
            fix,
            patch,
            DefectName.SCHEDULER_PER_BATCH,
        )
    check_lightning_interval(scan, per_epoch)


def check_lightning_interval(scan: Scan, per_epoch: dict[str, ast.Call]) -> None:
    """`{"scheduler": StepLR(...), "interval": "step"}` in configure_optimizers: per-epoch schedule per batch."""
    for node in scan.nodes:
        if not isinstance(node, ast.Dict):
            continue
        entries = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)}
        interval, held = entries.get("interval"), entries.get("scheduler")
        if not (isinstance(interval, ast.Constant) and interval.value == "step") or held is None:
            continue
        scheduler = held if isinstance(held, ast.Call) else per_epoch.get(last_name(dotted(held)))
        why = epoch_sized(scan, scheduler) if scheduler is not None else None
        if scheduler is None or why is None:
            continue
        detail = (
            f'"interval": "step" steps {call_name(scheduler)}(...) of line {scheduler.lineno} every batch, '
            f"but it is sized in epochs ({why})"
        )
        scan.add(
            "lr_too_low",
            SCHEDULER_PER_BATCH_CONFIDENCE,
            interval.lineno,
            detail,
            'set "interval": "epoch" (or size the schedule in batches)',
            scan.replace(interval, '"epoch"'),
            DefectName.SCHEDULER_PER_BATCH,
        )


def is_optimizer_name(name: str | None, known: dict[str, ast.Call]) -> bool:
    return bool(name) and (last_name(name) in known or "optim" in last_name(name).lower() or last_name(name) == "opt")


def scope_of(scan: Scan, node: ast.AST) -> ast.AST:
    """The function around `node`, else its top-level statement."""
    function = scan.function_of(node)
    if function is not None:
        return function
    current = node
    while scan.parents.get(current) is not None and scan.parents.get(current) is not scan.tree:
        current = scan.parents[current]
    return current


def check_resume(scan: Scan) -> None:
    """The optimizer state is restored on resume but the scheduler is not, or the lr is re-set after it."""
    known_opts, known_scheds = optimizers(scan), schedulers(scan)
    loads = [c for c in scan.calls if call_name(c) == "load_state_dict"]
    opt_loads = [c for c in loads if is_optimizer_name(receiver(c), known_opts)]
    if not opt_loads:
        return
    for load in opt_loads:
        reset = lr_reset_after(scan, load)
        if reset is not None:
            stmt, loop = reset
            delete = loop if loop is not None and len(loop.body) == 1 else stmt
            patch = scan.edit_lines(range(delete.lineno, (delete.end_lineno or delete.lineno) + 1), 0, [])
            detail = (
                f"{scan.source(stmt)} after {scan.source(load)} (line {load.lineno}): the resumed run restarts "
                "from the initial learning rate instead of where its schedule was"
            )
            scan.add(
                "loss_spike",
                RESUME_CONFIDENCE,
                stmt.lineno,
                detail,
                "do not overwrite the restored learning rate",
                patch,
                DefectName.LR_RESET_ON_RESUME,
            )
            return
    restored = any(is_scheduler_name(receiver(c), known_scheds) for c in loads)
    resumed_by_epoch = any(kw.arg == "last_epoch" for call in known_scheds.values() for kw in call.keywords)
    if not known_scheds or restored or resumed_by_epoch:
        return
    load = opt_loads[0]
    sched = visible_scheduler(scan, load, known_scheds)
    detail = (
        f"{scan.source(load)} restores the optimizer but no scheduler state is loaded: on resume the schedule "
        f"({', '.join(sorted({call_name(c) for c in known_scheds.values()}))}) restarts from its first learning rate"
    )
    patch = None
    key = saved_key(scan, known_scheds)
    source = load.args[0] if load.args else None
    if sched and key and isinstance(source, ast.Subscript):
        patch = scan.insert(load.lineno, f'{sched}.load_state_dict({scan.source(source.value)}["{key}"])', after=True)
    fix = f"restore the scheduler with the optimizer: {sched or 'scheduler'}.load_state_dict(checkpoint[...])"
    scan.add("loss_spike", RESUME_CONFIDENCE, load.lineno, detail, fix, patch, DefectName.SCHEDULER_NOT_RESTORED)


def lr_reset_after(scan: Scan, load: ast.Call) -> tuple[ast.stmt, ast.For | None] | None:
    """`group["lr"] = ...` (in a loop over param_groups, or on `opt.param_groups[i]`) once after `load`, same
    scope: not under an `if` about the lr (a deliberate `--reset-lr`), not inside the training loop (a schedule
    written by hand, as nanoGPT's `get_lr(it)`)."""
    for node in ast.walk(scope_of(scan, load)):
        if not isinstance(node, ast.Assign) or node.lineno <= load.lineno:
            continue
        target = node.targets[0]
        if not (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)):
            continue
        if target.slice.value != "lr":
            continue
        loop = scan.parents.get(node)
        over_groups = isinstance(loop, ast.For) and "param_groups" in scan.source(loop.iter)
        if not over_groups and "param_groups" not in scan.source(target.value):
            continue
        guards = [p for p in ancestors(scan, node) if isinstance(p, ast.If)]
        if any(mentions(g.test, ("lr", "reset")) for g in guards):
            continue
        if len(scan.loops_around(node)) > (1 if over_groups else 0):
            continue  # set every step or epoch inside the training loop: a schedule written by hand
        return node, loop if isinstance(loop, ast.For) and over_groups else None
    return None


def ancestors(scan: Scan, node: ast.AST) -> list[ast.AST]:
    out = []
    current = scan.parents.get(node)
    while current is not None:
        out.append(current)
        current = scan.parents.get(current)
    return out


def visible_scheduler(scan: Scan, load: ast.Call, known: dict[str, ast.Call]) -> str | None:
    """The scheduler's name where `load` runs: a parameter or local of its function, `self.<name>` in a method,
    else a global."""
    function = scan.function_of(load)
    if function is None:
        top = [stmt for stmt in scan.tree.body if not isinstance(stmt, (*FUNCTIONS, ast.ClassDef))]
        names = {n for stmt in top for node in ast.walk(stmt) for n in bound_names(node) if last_name(n) in known}
        return min(names, default=None)
    params = [a.arg for a in function.args.args + function.args.kwonlyargs]
    local = [n for n in params if "sched" in n.lower()]
    local += [n for node in ast.walk(function) for n in bound_names(node) if last_name(n) in known]
    if local:
        return local[0]
    if (receiver(load) or "").startswith("self."):
        attrs = {n for node in scan.nodes for n in bound_names(node) if last_name(n) in known}
        return min((n for n in attrs if n.startswith("self.")), default=None)
    return None


def saved_key(scan: Scan, known: dict[str, ast.Call]) -> str | None:
    """The key a checkpoint dict stores the scheduler under: `{"scheduler": scheduler.state_dict(), ...}`."""
    for node in scan.nodes:
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(value, ast.Call)
                    and call_name(value) == "state_dict"
                    and is_scheduler_name(receiver(value), known)
                ):
                    return str(key.value)
    return None


def is_pad_id(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "pad_token_id") or (
        isinstance(node, ast.Name) and node.id in ("pad_token_id", "pad_id")
    )


def is_ignore_index(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and node.operand.value == -IGNORE_INDEX
    )


def pad_label_masks(scan: Scan) -> list[tuple[ast.AST, ast.Compare | None]]:
    """Where labels at pad ids become -100: `labels[labels == tok.pad_token_id] = -100`, `torch.where(ids ==
    pad_token_id, -100, ids)`, `masked_fill(... == pad_token_id, -100)`, DataCollatorForLanguageModeling(mlm=False)."""
    out: list[tuple[ast.AST, ast.Compare | None]] = []
    for node in scan.nodes:
        if isinstance(node, ast.Call) and call_name(node) == "DataCollatorForLanguageModeling":
            mlm = argument(node, "mlm", 1)
            if isinstance(mlm, ast.Constant) and mlm.value is False:
                out.append((node, None))
            continue
        holder: ast.AST | None = None
        if isinstance(node, ast.Assign) and is_ignore_index(node.value) and isinstance(node.targets[0], ast.Subscript):
            holder = node.targets[0].slice
        elif isinstance(node, ast.Call) and call_name(node) in MASKING_CALLS and any(map(is_ignore_index, node.args)):
            holder = node
        if holder is None:
            continue
        for compare in (n for n in ast.walk(holder) if isinstance(n, ast.Compare)):
            if isinstance(compare.ops[0], ast.Eq) and any(is_pad_id(x) for x in (compare.left, *compare.comparators)):
                out.append((node, compare))
    return out


def attention_mask_near(scan: Scan, node: ast.AST) -> str | None:
    """An attention-mask expression in `node`'s scope: `batch["attention_mask"]`, `attention_mask`, or
    `enc["attention_mask"]` beside an `enc["input_ids"]`."""
    scope = scope_of(scan, node)
    subscripts = [n for n in ast.walk(scope) if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant)]
    for sub in subscripts:
        if sub.slice.value == "attention_mask":  # type: ignore[attr-defined]
            return scan.source(sub)
    if any(isinstance(n, ast.Name) and n.id == "attention_mask" for n in ast.walk(scope)):
        return "attention_mask"
    for sub in subscripts:
        if sub.slice.value == "input_ids" and dotted(sub.value):  # type: ignore[attr-defined]
            return f'{scan.source(sub.value)}["attention_mask"]'
    return None


def check_pad_eos(scan: Scan) -> None:
    """`tokenizer.pad_token = tokenizer.eos_token` and labels masked where they equal the pad id."""
    pad_eos = next(
        (
            node
            for node in scan.nodes
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Attribute) and t.attr in ("pad_token", "pad_token_id") for t in node.targets)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in ("eos_token", "eos_token_id")
        ),
        None,
    )
    masks = pad_label_masks(scan)
    if pad_eos is None or not masks:
        return
    where, compare = masks[0]
    how = scan.source(where) if compare is not None else "DataCollatorForLanguageModeling(mlm=False)"
    detail = (
        f"{scan.source(pad_eos)}, and {how[:80]} (line {line_of(where)}) masks every label equal to the pad id: "
        "the EOS labels are masked too, so the model never learns to stop"
    )
    mask = attention_mask_near(scan, where) if compare is not None else None
    if compare is not None and mask is not None:
        fix = f"mask the padding by the attention mask ({mask} == 0), not by the pad id"
        patch = scan.replace(compare, f"{mask} == 0")
    else:
        fix = "give the tokenizer its own pad token (add_special_tokens), then resize the model's embeddings"
        patch = None
    scan.add("data_issue", PAD_EOS_CONFIDENCE, pad_eos.lineno, detail, fix, patch, DefectName.PAD_EOS_MASKED)


def is_mode_call(call: ast.AST, mode: str) -> bool:
    """`model.eval()` / `model.train()` (`train(True)`, `train(mode=True)`, `model.to(device).train()`);
    `model.train(False)` is eval."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return False
    if mode == "eval" and receiver(call) is None:
        return False
    name = call_name(call)
    args = [*call.args, *(kw.value for kw in call.keywords)]
    flag = args[0].value if len(args) == 1 and isinstance(args[0], ast.Constant) else None
    if mode == "eval":
        return (name == "eval" and not args) or (name == "train" and flag is False)
    return name == "train" and (not args or flag is True)


def check_eval_mode(scan: Scan) -> None:
    """A loop that trains and calls `model.eval()` (validation) but never `model.train()`: from the second
    iteration on the model trains in eval mode."""
    reported: set[int] = set()
    steps = optimizer_steps(scan)
    for loop in (n for n in scan.nodes if isinstance(n, (ast.For, ast.AsyncFor, ast.While))):
        nodes = list(scan.inlined(loop))
        ids = {id(n) for n in nodes}
        trained = [s for s, _ in steps if id(s) in ids]
        if not trained or not any(isinstance(n, ast.Call) and is_backward(n) for n in nodes):
            continue
        models = trained_models(scan, nodes)
        evals = [n for n in nodes if isinstance(n, ast.Call) and is_mode_call(n, "eval")]
        evals = [n for n in evals if last_name(receiver(n)) in models]
        if not evals or any(is_mode_call(n, "train") for n in nodes) or id(evals[0]) in reported:
            continue
        ev = evals[0]
        reported.add(id(ev))
        model = receiver(ev) or "model"
        detail = (
            f"{scan.source(ev)} (validation) inside the training loop of line {loop.lineno}, and no {model}.train() "
            "in that loop: every epoch after the first trains with dropout off and BatchNorm frozen"
        )
        scan.add(
            "overfitting",
            EVAL_MODE_CONFIDENCE,
            line_of(ev),
            detail,
            f"call {model}.train() before each training pass",
            train_patch(scan, trained[0], model),
            DefectName.EVAL_NEVER_BACK_TO_TRAIN,
        )


def trained_models(scan: Scan, nodes: list[ast.AST]) -> set[str]:
    """Last names of the models a training loop trains: those whose parameters an optimizer holds
    (`SGD(model.parameters())`), else those called in the loop (`model(x)`); an EMA copy or a frozen teacher
    put in eval is not."""
    called = {
        last_name(dotted(n.func)) for n in nodes if isinstance(n, ast.Call) and dotted(n.func) and not scan.callee(n)
    }
    optimized = {
        last_name(receiver(n))
        for call in optimizers(scan).values()
        for n in ast.walk(call)
        if isinstance(n, ast.Call) and call_name(n) == "parameters"
    }
    return (optimized - {"", "self"}) or (called - {""})


def train_patch(scan: Scan, step: ast.Call, model: str) -> str | None:
    """Insert `model.train()` just before the batch loop around `step`, when `model` is a name there."""
    unit = iteration(scan, step)
    if not isinstance(unit, (ast.For, ast.AsyncFor, ast.While)):
        return None
    function = scan.function_of(unit)
    root = root_name(ast.parse(model, mode="eval").body)
    if function is not None and root != "self":
        known = {a.arg for a in function.args.args + function.args.kwonlyargs}
        known |= {n for node in ast.walk(function) for n in bound_names(node)}
        if root not in known:
            return None
    return scan.insert(unit.lineno, f"{model}.train()")


def check_step_order(scan: Scan) -> None:
    """`optimizer.step()` before `loss.backward()` in one body, gradients zeroed in between: no step ever
    sees a gradient."""
    steps = {id(s): opt for s, opt in optimizer_steps(scan)}
    for node in scan.nodes:
        for body in (getattr(node, field, None) for field in ("body", "orelse")):
            if not isinstance(body, list):
                continue
            exprs = [
                (i, s.value) for i, s in enumerate(body) if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
            ]
            step = next(((i, c) for i, c in exprs if id(c) in steps), None)
            back = next(((i, c) for i, c in exprs if is_backward(c)), None)
            zeros = [i for i, c in exprs if is_zeroing(c)]
            if step is None or back is None:
                continue
            if step[0] > back[0]:
                for b, back_call in (pair for pair in exprs if is_backward(pair[1])):
                    after = next(((i, c) for i, c in exprs if i > b and id(c) in steps), None)
                    between = next((i for i in zeros if after and b < i < after[0]), None)
                    if after is not None and between is not None:
                        zero_between(scan, body[between], after[1], back_call, steps[id(after[1])])
                        break
                continue
            if not any(i > back[0] or i < step[0] for i in zeros):
                continue
            step_stmt, back_stmt = body[step[0]], body[back[0]]
            patch = scan.move(step_stmt, back_stmt.end_lineno or back_stmt.lineno, scan.indent(back_stmt.lineno))
            detail = (
                f"{scan.source(step[1])} at line {step[1].lineno} runs before {scan.source(back[1])} at line "
                f"{back[1].lineno}, and the gradients are zeroed in between: every step applies zero gradients"
            )
            scan.add(
                "loss_plateau",
                STEP_BEFORE_BACKWARD_CONFIDENCE,
                step[1].lineno,
                detail,
                f"call {steps[id(step[1])]}.step() after the backward",
                patch,
                DefectName.STEP_BEFORE_BACKWARD,
            )


def zero_between(scan: Scan, zero: ast.stmt, step: ast.Call, back: ast.Call, opt: str) -> None:
    """`loss.backward(); optimizer.zero_grad(); optimizer.step()`: the step sees the gradients just wiped."""
    step_stmt = scan.statement_of(step)
    at = (step_stmt.end_lineno or step_stmt.lineno) if step_stmt is not None else step.lineno
    patch = scan.move(zero, at, scan.indent(zero.lineno))
    detail = (
        f"{scan.source(zero)} at line {zero.lineno} runs between {scan.source(back)} (line {back.lineno}) and "
        f"{scan.source(step)} (line {step.lineno}): every step applies the zero gradients just reset"
    )
    scan.add(
        "loss_plateau",
        STEP_BEFORE_BACKWARD_CONFIDENCE,
        zero.lineno,
        detail,
        f"zero the gradients after {opt}.step() (or before the forward pass)",
        patch,
        DefectName.ZERO_GRAD_BEFORE_STEP,
    )


WARMUP_TOTAL = (("warmup_steps", "max_steps"), ("num_warmup_steps", "num_training_steps"))
"""(warmup, total) keyword pairs: TrainingArguments, and transformers' get_*_schedule_with_warmup."""
WARMUP_CONFIDENCE = 0.6
"""The lr never reaches the value chosen for the run; harm depends on how far below it stays."""


def check_warmup(scan: Scan) -> None:
    """A warmup as long as the whole run (or `warmup_ratio >= 1`): the learning rate never reaches its peak."""
    for call in scan.calls:
        name = call_name(call)
        pairs = [(argument(call, w, 1), argument(call, t, 2)) for w, t in WARMUP_TOTAL]
        if "schedule_with_warmup" not in name:
            pairs = [(argument(call, w, 99), argument(call, t, 99)) for w, t in WARMUP_TOTAL]
        ratio = argument(call, "warmup_ratio", 99)
        ratio_number = scan.resolve_number(ratio) if ratio is not None else None
        if ratio is not None and ratio_number is not None and float(ratio_number.value) >= 1:  # type: ignore[arg-type]
            detail = f"warmup_ratio={scan.source(ratio)} in {name}(...): warmup never ends, the lr never peaks"
            scan.add(
                "lr_too_low",
                WARMUP_CONFIDENCE,
                ratio.lineno,
                detail,
                "use a warmup_ratio of 0.01-0.1",
                scan.replace(ratio, "0.03"),
                DefectName.WARMUP_LONGER_THAN_RUN,
            )
            continue
        for warmup, total in pairs:
            if warmup is None or total is None:
                continue
            w, t = scan.resolve_number(warmup), scan.resolve_number(total)
            if w is None or t is None or float(t.value) <= 0 or float(w.value) < float(t.value):  # type: ignore[arg-type]
                continue
            detail = (
                f"warmup {scan.source(warmup)} >= total {scan.source(total)} steps in {name}(...): "
                "the learning rate is still warming up when the run ends"
            )
            scan.add(
                "lr_too_low",
                WARMUP_CONFIDENCE,
                warmup.lineno,
                detail,
                "warm up over 1-10% of the steps",
                None,
                DefectName.WARMUP_LONGER_THAN_RUN,
            )


DEFECT_CHECKS: tuple[Callable[[Scan], None], ...] = (
    check_zero_grad,
    check_step_order,
    check_accumulation,
    check_scheduler_per_batch,
    check_resume,
    check_pad_eos,
    check_eval_mode,
    check_warmup,
)
