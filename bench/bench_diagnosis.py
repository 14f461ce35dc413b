"""Accuracy and speed of `diagnose` on the casebook (scripts/make_casebook.py).

    python bench/bench_diagnosis.py [--casebooks DIR] [--held-out/--seeds OFFSET ...]

Builds the casebook twice over: the tuning set (the seeds the detectors were
tuned on) and a held-out set (the same fault recipes with unseen seeds, three
offsets by default), into a temporary folder or DIR (reused when already built).
Building checks that every run really contains its labelled fault (each recipe's
fault check in make_casebook.py) and stops with the failing runs named otherwise,
so no run without its fault is ever scored.
For each set it prints per-id recall and precision, top-1 accuracy, the highest
confidence on healthy runs and the largest answer; then the time to diagnose a
1,000,000-step run and the JSON size of that answer.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from server.core.diagnosis.engine import diagnose  # noqa: E402
from server.core.logs.model import Event, Run  # noqa: E402
from server.core.logs.reading import read_logs  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402

HELD_OUT_OFFSETS = (1000, 2000, 3000)
"""Seed offsets the detectors were never tuned on (the tuning set is offset 0)."""


def load_case(folder: Path, name: str) -> Run:
    """A casebook log read by the server's own readers."""
    return read_logs(Workspace.of([folder]), [name]).runs[0]


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


@dataclass
class Score:
    """Accuracy over one set of casebook runs."""

    hits: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    actual: Counter = field(default_factory=Counter)
    top1: int = 0
    total: int = 0
    healthy_max: float = 0.0
    largest: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, label: str, result) -> None:
        self.largest = max(self.largest, len(result.model_dump_json()))
        top = result.root_causes[0].id if result.root_causes else "healthy"
        self.total += 1
        self.actual[label] += 1
        self.predicted[top] += 1
        if top == label:
            self.hits[label] += 1
            self.top1 += 1
        else:
            others = ", ".join(f"{c.id}:{c.confidence:.2f}" for c in result.root_causes[:3]) or "healthy"
            self.misses.append(f"MISS {name:36s} expected {label:22s} got [{others}]")
        if label == "healthy":
            self.healthy_max = max([self.healthy_max] + [c.confidence for c in result.root_causes])

    def print(self, title: str) -> None:
        print(f"\n== {title}: {self.total} runs")
        for line in self.misses:
            print(line)
        print(f"{'id':24s} recall  precision  (cases)")
        for label in sorted(self.actual | self.predicted):
            recall = self.hits[label] / self.actual[label] if self.actual[label] else math.nan
            precision = self.hits[label] / self.predicted[label] if self.predicted[label] else math.nan
            print(f"{label:24s} {recall:6.0%}  {precision:9.0%}  ({self.actual[label]})")
        print(f"top-1 accuracy: {self.top1}/{self.total} = {self.top1 / self.total:.1%} (target >= 95%)")
        print(f"max root-cause confidence on healthy runs: {self.healthy_max:.2f} (target <= 0.5)")
        print(f"largest answer: {self.largest} bytes (target < 16384)")


def score_casebook(folder: Path, score: Score, tag: str = "") -> None:
    """Diagnose every case of one built casebook into `score`, leaving out runs whose fault did not occur."""
    for case in json.loads((folder / "cases.json").read_text()):
        if not case["fault_occurred"]:
            print(f"left out {case['name']}{tag}: its fault did not occur ({case['fault_check']})")
            continue
        run = load_case(folder, case["log"])
        code = [folder / case["code"]] if "code" in case else []
        score.add(case["name"] + tag, case["label"], diagnose([run], code_paths=code, display_root=folder))


def casebook(root: Path, offset: int) -> Path:
    """The casebook built with `offset` under `root` (reused when already built with its fault checks)."""
    from make_casebook import build

    folder = root / f"seed{offset}"
    manifest = folder / "cases.json"
    if not manifest.exists() or any("fault_occurred" not in case for case in json.loads(manifest.read_text())):
        build(folder, seed_offset=offset, strict=False)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casebooks", type=Path, help="folder to build the casebooks in (kept and reused)")
    parser.add_argument(
        "--held-out", "--seeds", type=int, nargs="*", default=list(HELD_OUT_OFFSETS), help="held-out seed offsets"
    )
    args = parser.parse_args()
    root = args.casebooks or Path(tempfile.mkdtemp(prefix="casebooks-"))
    tuning = Score()
    score_casebook(casebook(root, 0), tuning)
    tuning.print("tuning set (seed offset 0, the runs the detectors were tuned on)")
    held = Score()
    for offset in args.held_out:
        score_casebook(casebook(root, offset), held, f" +{offset}")
    held.print(f"held-out set (seed offsets {', '.join(map(str, args.held_out))}, never tuned on)")
    run = million_step_run()
    started = time.perf_counter()
    result = diagnose([run])
    elapsed = time.perf_counter() - started
    size = len(result.model_dump_json())
    print(f"\ndiagnose a 1,000,000-step run: {elapsed:.2f} s (target < 2 s), verdict {result.verdict}, ", end="")
    print(f"answer {size} bytes (target < 16384)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
