"""The debugger on real public training logs labelled by a person before the tool ever ran on them.

    python scripts/pull_real_logs.py --from DIR        # lay the logs out in bench/out/real_logs/ first
    python bench/bench_real_diagnosis.py [--split SPLIT] [--misses]   # SPLIT: dev, held-out, fresh, round4-round25

Each row of bench/real_logs.tsv carries a `label`: `healthy`, the catalogue ids a careful reader accepts
(`a|b`), or `inconclusive`. Rows of shape `negative` (files that are no training log) are left out here: they
measure the readers. Prints top-1 against the label, false alarms on healthy runs (a root cause above 0.5), the
reliability table and expected calibration error of the top answer (as bench/bench_families.py computes them) and
what the tool answered where it missed (not on an unseen split). `dev`, `held-out`, `fresh` and `round4` have all
been looked at; the unseen splits (`pull_real_logs.UNSEEN`: `round5`, `round6`, new repositories no tool had tuned
on) are the report: say how often you ran it. The confidences are measured by `bench/bench_calibration.py`, on the
looks each split had before its rows were opened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from bench_families import Outcome, Split  # noqa: E402
from pull_real_logs import DEST, SPLITS, UNSEEN, split_rows  # noqa: E402

from server.core.diagnosis.engine import diagnose  # noqa: E402
from server.core.errors import UserError  # noqa: E402
from server.core.logs.reading import read_logs  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402


def answer(folder: Path) -> tuple[str, float | None, str]:
    """(top cause or verdict, the answer's confidence, a short description) for the log(s) in `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    target = folder if len(files) > 1 else files[0]
    try:
        result = read_logs(Workspace.of([folder]), [str(target)])
    except UserError as exc:
        return "unreadable", None, str(exc)[:120]
    diagnosis = diagnose(result.runs)
    if diagnosis.root_causes:
        top = diagnosis.root_causes[0]
        said = ", ".join(f"{c.id}:{c.confidence:.2f}" for c in diagnosis.root_causes[:3])
        return top.id, top.confidence, said
    return diagnosis.verdict, diagnosis.confidence, diagnosis.verdict


def score(split: str, misses: bool = False) -> Split:
    """The debugger's answer on every labelled log of `split` (negatives aside), printing the misses if asked."""
    outcomes = Split()
    for row in split_rows(split):
        folder = DEST / row["id"]
        if row["shape"] == "negative" or not folder.is_dir():
            continue
        accept = row["label"].split("|")
        top, confidence, said = answer(folder)
        outcomes.outcomes.append(Outcome(row["id"], row["kind"], row["label"], accept, top, confidence, top))
        if misses and top not in accept and split not in UNSEEN:
            print(f"  MISS {row['id']:6s} {row['shape']:26s} label {row['label']:34s} got {said}")
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=SPLITS)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    outcomes = score(args.split, args.misses)
    done = outcomes.outcomes
    missing = sum(1 for row in split_rows(args.split) if row["shape"] != "negative") - len(done)
    print(f"{args.split} split: {len(done)} labelled logs ({missing} not pulled: run scripts/pull_real_logs.py)")
    for kind in sorted({o.family for o in done}):
        of_kind = [o for o in done if o.family == kind]
        print(f"  {kind:10s} top-1 {sum(o.right for o in of_kind)}/{len(of_kind)}")
    right = sum(o.right for o in done)
    healthy = [o for o in done if o.healthy]
    alarms = sum(o.false_alarm for o in healthy)
    print(f"top-1: {right}/{len(done)} = {right / max(1, len(done)):.1%} (target >= 80%)")
    print(f"false alarms on healthy runs: {alarms}/{len(healthy)} = {alarms / max(1, len(healthy)):.1%} (target <= 5%)")
    print(f"expected calibration error of the top answer: {outcomes.ece():.3f}")
    for lo, hi, n, conf, acc in outcomes.reliability():
        print(f"  confidence {lo:.1f}-{hi:.1f}: {n:3d} logs, mean confidence {conf:.2f}, top-1 right {acc:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
