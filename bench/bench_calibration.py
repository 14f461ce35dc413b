"""The confidences, measured on real logs the answering code had never been tuned on.

    python scripts/pull_real_logs.py --from DIR     # lay the logs out in bench/out/real_logs/ first
    python bench/bench_calibration.py               # a few minutes: one temporary git worktree per look

A real-log split is scored once by the code of its round before anybody opens its rows (`CALIBRATION_LOOKS`); once
opened, later code is tuned on it and its answers there say nothing about a user's run. So each look is replayed here
with the code it was taken with, checked out into a temporary git worktree, and the answers are pooled against the
labels as they stand now: the share of `healthy` verdicts that were right (`calibration.HEALTHY_PRECISION`) and the
Platt offset the reported causes would fit (`calibration.PLATT_B`, kept: its docstring says why), with the expected
calibration error of each choice on these logs.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from bench_families import Outcome, Split  # noqa: E402
from pull_real_logs import DEST, split_rows  # noqa: E402

from server.core.diagnosis.calibration import HEALTHY_PRECISION, PLATT_A, PLATT_B, calibrated, fit  # noqa: E402

CALIBRATION_LOOKS = (
    ("c5dd79d", ("round52", "round53")),  # round 30's final code, scored them once at round 30's end
    ("b516aae", ("round54", "round55")),  # round 31's final code (its round-start commit moved only the splits)
    ("1079dcb", ("round56", "round57", "round58")),  # round 32's final code: round56 at round 32's end, 57-58 at 33's
    ("edbc945", ("round59", "round60")),  # round 34's final code, scored them twice at round 34's end (same answers)
    ("708df25", ("round61", "round62")),  # round 35's final code, scored them once at round 35's end
    ("5632000", ("round63", "round64")),  # round 36's final code, scored them once at round 36's end
    ("3cc93a9", ("round65", "round66")),  # round 37's final code, scored them once at round 37's end
    ("1c88a34", ("round67", "round68")),  # round 38's final code, scored them once at round 38's end (fc99d5e alike)
    ("6b4cc97", ("round69",)),  # round 39's final code, scored it once at round 39's end (e67ef10 alike)
    ("a7742d8", ("round70",)),  # round 41's final code, scored it at round 41's end (8b13ec8, f1fd306 before)
    ("bfdef06", ("round71",)),  # round 42's final code, scored it once at round 42's end
    ("6805cac", ("round72",)),  # round 43's final code, scored it once at round 43's end
    ("2d25c44", ("round73",)),  # round 44's code as it stood when it scored round73 once, mid-round
    ("801522d", ("round74",)),  # round 44's final code, scored it once at round 44's end
    ("ed08dd2", ("round75",)),  # round 45's code as it stood when it scored round75 once, mid-round
    ("700db71", ("round76",)),  # round 45's final code, scored it once at round 45's end
    ("0f32a0b", ("round77",)),  # round 46's final code, scored it once at round 46's end (round 45's code alike)
    ("28b98f6", ("round78",)),  # round 47's final code, scored it once at round 47's end (round 46's code alike)
    ("a34f706", ("round79",)),  # round 48's final code, scored it once at round 48's end (round 47's code alike)
    ("4fd9437", ("round80",)),  # round 49's final code, scored it once at round 49's end (round 48's code alike)
    ("6c2223a", ("round81",)),  # round 50's final code, scored it once at round 50's end (round 49's code alike)
    ("80da243", ("round82",)),  # round 51's final code, scored it once at round 51's end (round 50's code alike, both
    # with Kendall's tau bounded: the look's first run ran out of memory on one log with either)
    ("b3d300d", ("round83",)),  # round 52's final code, scored it once at round 52's end (round 51's code alike)
    ("0a0b46e", ("round84",)),  # round 53's final code, scored it once at round 53's end (round 52's code alike)
    ("790700e", ("round85",)),  # round 54's final code, scored it once at round 54's end (round 53's code alike)
    ("102f38d", ("round86",)),  # round 55's final code, scored it once at round 55's end (round 54's code alike)
    ("28ea2ab", ("round87",)),  # round 56's final code, scored it once mid-round 56 (round 55's code alike)
    ("6fea5d8", ("round88",)),  # round 56's final code, scored it once at the start of round 57
    ("a743bd3", ("round90",)),  # round 57's final code, scored it once at the start of round 58
    ("57ab5d2", ("round91",)),  # round 58's final code, scored it once at the start of round 59
)
"""(commit, splits): each split with the code of the round that scored it once before its rows were opened."""

ANSWER = """
import json, sys
sys.path[:0] = [".", "scripts", "bench"]
from bench_real_diagnosis import answer
from pull_real_logs import DEST, split_rows
from server.core.diagnosis import calibration
print(json.dumps([calibration.PLATT_A, calibration.PLATT_B]))
for split in sys.argv[1:]:
    for row in split_rows(split):
        if row["shape"] != "negative" and (DEST / row["id"]).is_dir():
            top, confidence, _ = answer(DEST / row["id"])
            print(json.dumps([row["id"], top, confidence]))
"""
"""Run inside the old code's worktree: its answers, one JSON line a log, after its calibration's constants."""
Answer = tuple[str, list[str], str, float | None, float]
"""A pooled answer: the log's id, the ids its label accepts, the top answer, its confidence, the detector's raw score
behind it (NaN for a verdict)."""


def replay(commit: str, splits: tuple[str, ...]) -> tuple[tuple[float, float], list[tuple[str, str, float | None]]]:
    """The calibration constants of `commit` and its answers on `splits` (id, top, confidence)."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "code"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(tree), commit], check=True)
        try:
            (tree / "bench" / "out").symlink_to(DEST.parent)
            lines = subprocess.run(
                [sys.executable, "-c", ANSWER, *splits], cwd=tree, check=True, capture_output=True, text=True
            ).stdout.splitlines()
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=True)
    a, b = json.loads(lines[0])
    return (a, b), [tuple(json.loads(line)) for line in lines[1:]]


def raw_score(confidence: float, a: float, b: float) -> float:
    """The detector's score behind a confidence reported through Platt's map with (a, b)."""
    logit = (math.log(confidence / (1 - confidence)) - b) / a
    return 1 / (1 + math.exp(-logit))


def ece(pooled: list[Answer], healthy: float | None = None, a: float = 1.0, b: float = 0.0) -> float:
    """The expected calibration error of the pooled answers, as reported or (given `healthy`) with a healthy verdict
    at that confidence and each cause's score mapped through Platt's (a, b)."""
    split = Split()
    for log_id, accept, top, confidence, raw in pooled:
        if healthy is not None and top == "healthy":
            confidence = healthy
        elif healthy is not None and not math.isnan(raw):
            confidence = calibrated(raw, a, b)
        split.outcomes.append(Outcome(log_id, "", "|".join(accept), accept, top, confidence, top))
    return split.ece()


def main() -> int:
    labels = {
        row["id"]: row["label"].split("|") for _, splits in CALIBRATION_LOOKS for s in splits for row in split_rows(s)
    }
    pooled: list[Answer] = []
    for commit, splits in CALIBRATION_LOOKS:
        (a, b), answers = replay(commit, splits)
        print(f"{commit} on {', '.join(splits)}: {len(answers)} labelled logs")
        for log_id, top, confidence in answers:
            raw = raw_score(confidence, a, b) if confidence is not None and top != "healthy" else math.nan
            pooled.append((log_id, labels[log_id], top, confidence, raw))
    healthy = [entry for entry in pooled if entry[2] == "healthy"]
    causes = [entry for entry in pooled if entry[2] not in ("healthy", "inconclusive", "unreadable")]
    held = sum(top in accept for _, accept, top, _, _ in healthy)
    right = [top in accept for _, accept, top, _, _ in causes]
    fitted = fit([raw for *_, raw in causes], right)
    print(f"healthy verdicts right: {held}/{len(healthy)} = {held / max(1, len(healthy)):.3f}")
    print(f"  (HEALTHY_PRECISION = {HEALTHY_PRECISION})")
    mean = sum(c for *_, c, _ in causes) / max(1, len(causes))
    print(
        f"causes right: {sum(right)}/{len(causes)}, mean confidence {mean:.2f}; Platt fit on them: a {fitted[0]:.3f}, "
        f"b {fitted[1]:.3f} (PLATT_A = {PLATT_A}, PLATT_B = {PLATT_B})"
    )
    print(f"expected calibration error as each look's code reported: {ece(pooled):.3f}")
    print(f"  with HEALTHY_PRECISION and PLATT_B as they stand: {ece(pooled, HEALTHY_PRECISION, PLATT_A, PLATT_B):.3f}")
    print(f"  with the causes' offset refitted too: {ece(pooled, HEALTHY_PRECISION, *fitted):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
