"""Accuracy and speed of `diagnose` on the casebook (scripts/make_casebook.py).

    python bench/bench_diagnosis.py [--casebook DIR]

Builds the casebook into a temporary folder (or reads DIR), diagnoses every
case, and prints per-id recall and precision, top-1 accuracy, the highest
confidence on healthy runs, the time to diagnose a 1,000,000-step run and the
JSON size of the answer.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from server.core.diagnosis import diagnose  # noqa: E402
from server.core.logs.model import Event, Run  # noqa: E402


def load_case(path: Path) -> Run:
    """Read a casebook log with the server's readers (a minimal reader of the casebook's own shapes until then)."""
    from server.core.errors import UserError
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    try:
        return read_logs(Workspace.of([path.parent]), [path.name]).runs[0]
    except UserError:
        return read_casebook_log(path)


def read_casebook_log(path: Path) -> Run:
    """The casebook's two shapes: `step N | name value | ...` text lines and JSON Lines."""
    run = Run(source=path.name, format="jsonl" if path.suffix == ".jsonl" else "text", files=[path.name])
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith("{"):
            record = json.loads(line)
        elif line.startswith("step "):
            head, *pairs = line.split(" | ")
            record = {"step": float(head.split()[1])} | {k: float(v) for k, v in (p.rsplit(" ", 1) for p in pairs)}
        else:
            kind = "variance_zero" if "variance=0" in line else "skipped_step" if "skipping" in line else "warning"
            run.add_event(Event(line=number, level="warning", text=line, kind=kind, file=path.name))
            continue
        step = record.pop("step")
        for name, value in record.items():
            run.series(name).append(step, float(value))
    return run


def million_step_run() -> Run:
    import numpy as np

    rng = np.random.default_rng(0)
    steps = np.arange(1, 1_000_001, dtype=np.float64)
    run = Run(source="synthetic_1m.jsonl", format="jsonl")
    loss = 2.0 * np.exp(-steps / 2e5) + 0.3 + 0.05 * rng.standard_normal(steps.size) ** 2
    for name, values in (
        ("loss", loss),
        ("grad_norm", 1 + 0.1 * rng.standard_normal(steps.size) ** 2),
        ("lr", np.full(steps.size, 1e-3)),
    ):
        series = run.series(name)
        series.steps.frombytes(steps.tobytes())
        series.values.frombytes(values.tobytes())
    run.add_event(Event(line=10, level="warning", text="WARNING: something", kind="warning"))
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casebook", type=Path)
    args = parser.parse_args()
    folder = args.casebook
    if folder is None or not (folder / "cases.json").exists():
        from make_casebook import build

        folder = folder or Path(tempfile.mkdtemp(prefix="casebook-"))
        build(folder)
    cases = json.loads((folder / "cases.json").read_text())
    hits, predicted, actual = Counter(), Counter(), Counter()
    top1 = 0
    healthy_max = 0.0
    largest = 0
    for case in cases:
        run = load_case(folder / case["log"])
        code = [folder / case["code"]] if "code" in case else []
        result = diagnose([run], code_paths=code, display_root=folder)
        size = len(result.model_dump_json())
        largest = max(largest, size)
        label = case["label"]
        top = result.root_causes[0].id if result.root_causes else "healthy"
        actual[label] += 1
        predicted[top] += 1
        if top == label:
            hits[label] += 1
            top1 += 1
        if label == "healthy":
            healthy_max = max([healthy_max] + [c.confidence for c in result.root_causes])
        mark = "ok " if top == label else "MISS"
        others = ", ".join(f"{c.id}:{c.confidence:.2f}" for c in result.root_causes[:3])
        print(f"{mark} {case['name']:30s} expected {label:22s} got [{others}]")
    print()
    print(f"{'id':24s} recall  precision  (cases)")
    for label in sorted(actual):
        recall = hits[label] / actual[label]
        precision = hits[label] / predicted[label] if predicted[label] else math.nan
        print(f"{label:24s} {recall:6.0%}  {precision:9.0%}  ({actual[label]})")
    print(f"\ntop-1 accuracy: {top1}/{len(cases)} = {top1 / len(cases):.1%} (target >= 95%)")
    print(f"max root-cause confidence on healthy runs: {healthy_max:.2f} (target <= 0.5)")
    run = million_step_run()
    started = time.perf_counter()
    result = diagnose([run])
    elapsed = time.perf_counter() - started
    size = len(result.model_dump_json())
    print(
        f"diagnose a 1,000,000-step run: {elapsed:.2f} s (target < 2 s), verdict {result.verdict}, answer {size} bytes"
    )
    print(f"largest casebook answer: {largest} bytes (target < 16384)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
