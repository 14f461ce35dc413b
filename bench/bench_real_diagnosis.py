"""The debugger on real public training logs labelled by a person before the tool ever ran on them.

    python scripts/pull_real_logs.py --from DIR        # lay the logs out in bench/out/real_logs/ first
    python bench/bench_real_diagnosis.py [--split dev|held-out|fresh|round4|round5|round6] [--misses]

Each row of bench/real_logs.tsv carries a `label`: `healthy`, the catalogue ids a careful reader accepts
(`a|b`), or `inconclusive`. Rows of shape `negative` (files that are no training log) are left out here: they
measure the readers. Prints top-1 against the label, false alarms on healthy runs (a root cause above 0.5), the
reliability table and expected calibration error of the top answer (as bench/bench_families.py computes them) and
what the tool answered where it missed (not on an unseen split). `dev`, `held-out`, `fresh` and `round4` have all
been looked at; the unseen splits (`pull_real_logs.UNSEEN`: `round5`, `round6`, new repositories no tool had tuned
on) are the report: say how often you ran it. `--fit` fits the calibration on a split (`round5` is the calibration
split: its answers, never its rows, set `calibration.PLATT_B` and `HEALTHY_PRECISION`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from bench_families import ALARM, Outcome, Split, raw_score  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=SPLITS)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument(
        "--fit", action="store_true", help="fit the calibration on this split (round5: the calibration split)"
    )
    args = parser.parse_args()
    scored = right = healthy = alarms = missing = 0
    outcomes = Split()
    by_kind: dict[str, list[int]] = {}
    for row in split_rows(args.split):
        if row["shape"] == "negative":
            continue
        folder = DEST / row["id"]
        if not folder.is_dir():
            missing += 1
            continue
        accept = row["label"].split("|")
        top, confidence, said = answer(folder)
        ok = top in accept
        outcomes.outcomes.append(Outcome(row["id"], row["kind"], row["label"], accept, top, confidence, top))
        scored += 1
        right += ok
        tally = by_kind.setdefault(row["kind"], [0, 0])
        tally[0] += ok
        tally[1] += 1
        if accept == ["healthy"]:
            healthy += 1
            alarms += top not in ("healthy", "inconclusive", "unreadable") and (confidence or 0) > ALARM
        if args.misses and not ok and args.split not in UNSEEN:
            print(f"  MISS {row['id']:6s} {row['shape']:26s} label {row['label']:34s} got {said}")
    print(f"{args.split} split: {scored} labelled logs ({missing} not pulled: run scripts/pull_real_logs.py)")
    for kind, (ok_, n) in sorted(by_kind.items()):
        print(f"  {kind:10s} top-1 {ok_}/{n}")
    print(f"top-1: {right}/{scored} = {right / max(1, scored):.1%} (target >= 80%)")
    print(f"false alarms on healthy runs: {alarms}/{healthy} = {alarms / max(1, healthy):.1%} (target <= 5%)")
    print(f"expected calibration error of the top answer: {outcomes.ece():.3f}")
    for lo, hi, n, conf, acc in outcomes.reliability():
        print(f"  confidence {lo:.1f}-{hi:.1f}: {n:3d} logs, mean confidence {conf:.2f}, top-1 right {acc:.0%}")
    if args.fit:
        print_fit(outcomes)
    return 0


def print_fit(outcomes: Split) -> None:
    """The calibration fitted on this split's answers: Platt's offset on the top causes reported (as raw detector
    scores), and the share of `healthy` verdicts that were right."""
    from server.core.diagnosis.calibration import PLATT_A, PLATT_B, fit

    reported = [o for o in outcomes.outcomes if o.top not in ("healthy", "inconclusive", "unreadable")]
    raw = [raw_score(o.confidence or 0.5, PLATT_A, PLATT_B) for o in reported]
    a, b = fit(raw, [o.right for o in reported])
    healthy = [o for o in outcomes.outcomes if o.top == "healthy"]
    right = sum(o.right for o in healthy)
    share = right / max(1, len(healthy))
    print(f"Platt fit on {len(reported)} top causes ({sum(o.right for o in reported)} right): PLATT_A = {a:.4f}, "
          f"PLATT_B = {b:.4f}; healthy verdicts right {right}/{len(healthy)} = {share:.3f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
