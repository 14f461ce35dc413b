"""Accuracy, false alarms and calibration of the debugger on the family casebook, split by family.

    python bench/bench_families.py [--casebook DIR] [--split tuning|calibration|report|all] [--misses]

The casebook (scripts/make_family_casebook.py; built into DIR when missing, default bench/out/families) holds
real tiny CPU runs of eight model families. Its families fall in three splits (`SPLIT_OF` there): the
detectors are tuned on `tuning`, confidences calibrated on `calibration`, and accuracy is reported on
`report`, whose families were never looked at for either. Runs whose fault did not occur (their own fault
check) are left out and counted.

Per split: top-1 against each case's list of accepted ids, per family and per fault; healthy false alarms (a
root cause above 0.5 on a healthy run); inconclusive answers; a reliability table of the top cause's
confidence and its expected calibration error (ECE, 5 equal-width bins, weighted by count).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from server.core.diagnosis.engine import diagnose  # noqa: E402
from server.core.errors import UserError  # noqa: E402
from server.core.logs.reading import read_logs  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402

ALARM = 0.5
"""A root cause above this confidence on a healthy run is a false alarm (issue 9's definition)."""
BINS = 5
"""Equal-width confidence bins of the reliability table."""


@dataclass
class Outcome:
    name: str
    family: str
    fault: str
    accept: list[str]
    top: str
    confidence: float | None
    """The answer's probability (the diagnosis's `confidence`); None when it claims none (inconclusive)."""
    verdict: str

    @property
    def healthy(self) -> bool:
        return self.accept == ["healthy"]

    @property
    def right(self) -> bool:
        return self.top in self.accept

    @property
    def false_alarm(self) -> bool:
        return self.healthy and self.top != "healthy" and (self.confidence or 0) > ALARM


@dataclass
class Split:
    outcomes: list[Outcome] = field(default_factory=list)

    def report(self, title: str, misses: bool) -> None:
        runs = self.outcomes
        if not runs:
            return
        faulty = [o for o in runs if not o.healthy]
        healthy = [o for o in runs if o.healthy]
        print(f"\n== {title}: {len(runs)} runs ({len(faulty)} faulty, {len(healthy)} healthy)")
        for key, label in (("family", "family"), ("fault", "fault")):
            groups: dict[str, list[Outcome]] = defaultdict(list)
            for o in runs:
                groups[getattr(o, key)].append(o)
            print(f"{label:26s} top-1")
            for name in sorted(groups):
                group = groups[name]
                print(f"  {name:24s} {sum(o.right for o in group):3d}/{len(group):<3d}")
        right = sum(o.right for o in runs)
        print(f"top-1: {right}/{len(runs)} = {right / len(runs):.1%} (faulty {sum(o.right for o in faulty)}/"
              f"{len(faulty)}, healthy {sum(o.right for o in healthy)}/{len(healthy)})")  # fmt: skip
        alarms = sum(o.false_alarm for o in healthy)
        print(
            f"healthy false alarms (a cause > {ALARM}): {alarms}/{len(healthy)} = {alarms / max(1, len(healthy)):.1%}"
        )
        print(f"inconclusive answers: {sum(o.verdict == 'inconclusive' for o in runs)}")
        print(f"expected calibration error: {self.ece():.3f}")
        for lo, hi, n, conf, acc in self.reliability():
            print(f"  confidence {lo:.1f}-{hi:.1f}: {n:3d} runs, mean confidence {conf:.2f}, top-1 right {acc:.0%}")
        if misses:
            for o in runs:
                if not o.right or o.false_alarm:
                    print(f"  MISS {o.name:44s} accept {'|'.join(o.accept):40s} got {o.top}:{o.confidence:.2f}")

    def reliability(self) -> list[tuple[float, float, int, float, float]]:
        """Per confidence bin of the answer (the diagnosis's `confidence`: the top cause's, or a healthy verdict's
        measured precision; inconclusive answers claim none and are left out): the count, mean confidence and share
        right."""
        rows = []
        claimed = [(o, o.confidence) for o in self.outcomes if o.confidence is not None]
        for b in range(BINS):
            lo, hi = b / BINS, (b + 1) / BINS
            inside = [o for o, c in claimed if lo <= c < hi or (b == BINS - 1 and c == 1)]
            if inside:
                conf = sum(o.confidence or 0 for o in inside) / len(inside)
                rows.append((lo, hi, len(inside), conf, sum(o.right for o in inside) / len(inside)))
        return rows

    def ece(self) -> float:
        total = sum(o.confidence is not None for o in self.outcomes)
        return sum(n / total * abs(conf - acc) for _, _, n, conf, acc in self.reliability()) if total else 0.0


def judge(folder: Path, case: dict) -> Outcome:
    """The debugger's answer on one case; a log it cannot read is the answer `unreadable` (a wrong one), as a user
    would see it, not a crash of the bench."""
    try:
        run = read_logs(Workspace.of([folder]), [case["log"]]).runs[0]
    except UserError:
        return Outcome(case["name"], case["family"], case["fault"], case["accept"], "unreadable", None, "unreadable")
    result = diagnose([run])
    causes = result.root_causes
    top = causes[0].id if causes else result.verdict
    return Outcome(case["name"], case["family"], case["fault"], case["accept"], top, result.confidence, result.verdict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casebook", type=Path, default=REPO / "bench" / "out" / "families")
    parser.add_argument("--split", default="tuning", choices=("tuning", "calibration", "report", "all"))
    parser.add_argument("--misses", action="store_true", help="list every miss (not on the report split)")
    args = parser.parse_args()
    from make_family_casebook import SPLIT_OF, build

    if not (args.casebook / "cases.json").exists():
        build(args.casebook)
    cases = json.loads((args.casebook / "cases.json").read_text())
    splits: dict[str, Split] = defaultdict(Split)
    left_out = 0
    for case in cases:
        split = SPLIT_OF[case["family"]]
        if split == "next" or args.split not in ("all", split):
            continue  # "next": the next round's report families, built and never scored
        if not case["fault_occurred"]:
            left_out += 1
            continue
        splits[split].outcomes.append(judge(args.casebook, case))
    print(f"{left_out} runs left out: their fault did not occur (see cases.json, fault_check)")
    for name in ("tuning", "calibration", "report"):
        splits[name].report(f"{name} families", args.misses and name != "report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
