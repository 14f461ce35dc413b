"""Every number issue 9 asks for, in one command: the debugger on runs it was never tuned on.

    python bench/bench_diagnosis.py            # the splits one may look at while tuning
    python bench/bench_diagnosis.py --final    # also the report splits: run it rarely, and say how often you did

1. The family casebook (bench/bench_families.py): top-1, healthy false alarms, reliability table and ECE, per
   family and per fault; the tuning and calibration families, and with `--final` the report families.
2. Real public logs labelled by a person before the tool ran (bench/bench_real_diagnosis.py): top-1, false alarms
   and ECE on the splits already looked at, and with `--final` on the unseen one (`pull_real_logs.UNSEEN`).
3. Proven code bugs (bench/bench_code_bugs.py): the bug's id and `file:line` cited, patches that apply and fix.
4. Speed: diagnosing a 1,000,000-step log against reading it (target: reading and diagnosing together under 1.2x
   the time to read), and the answer's size. CPU time of this process, so that a busy machine does not blur it.

Each part is its own bench (one home each); this script runs them in turn as child processes and adds the speed
measure, so each part's own flags stay available for a closer look.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from pull_real_logs import SPLITS, UNSEEN  # noqa: E402

STEPS = 1_000_000  # steps of the speed measure's log
SPEED_TARGET = 1.2  # issue 9: a 1,000,000-step diagnosis stays under 1.2x the time to read the log
ANSWER_TARGET = 16_384  # bytes: an answer stays small however long the run


def part(title: str, *args: str) -> None:
    print(f"\n=== {title}: {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, *args], cwd=REPO, check=False)


def write_long_log(path: Path) -> None:
    """A JSONL log of `STEPS` steps: a noisy falling loss, a gradient norm and a learning rate."""
    import numpy as np

    rng = np.random.default_rng(0)
    steps = np.arange(1, STEPS + 1)
    loss = 2.0 * np.exp(-steps / 2e5) + 0.3 + 0.05 * rng.standard_normal(STEPS) ** 2
    grad = 1 + 0.1 * rng.standard_normal(STEPS) ** 2
    with path.open("w") as handle:
        for step, value, norm in zip(steps.tolist(), loss.tolist(), grad.tolist(), strict=True):
            handle.write(f'{{"step": {step}, "loss": {value:.6f}, "grad_norm": {norm:.5f}, "lr": 0.001}}\n')


def speed() -> None:
    from server.core.diagnosis.engine import diagnose
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "long.jsonl"
        write_long_log(log)
        started = time.process_time()
        runs = read_logs(Workspace.of([Path(folder)]), [log.name]).runs
        read = time.process_time() - started
        started = time.process_time()
        result = diagnose(runs)
        judged = time.process_time() - started
    size = len(json.dumps(result.model_dump(mode="json")))
    ratio = (read + judged) / read
    print(f"\n=== speed: {STEPS:,}-step JSONL log")
    print(f"read {read:.2f} s, diagnose {judged:.2f} s: both {ratio:.2f}x the read (target < {SPEED_TARGET}x)")
    print(f"verdict {result.verdict}; answer {size} bytes (target < {ANSWER_TARGET})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", action="store_true", help="also score the report splits (held out: run rarely)")
    args = parser.parse_args()
    part("family casebook, tuning families", "bench/bench_families.py", "--split", "tuning")
    part("family casebook, calibration families", "bench/bench_families.py", "--split", "calibration")
    if args.final:
        part("family casebook, REPORT families (held out)", "bench/bench_families.py", "--split", "report")
    for split in SPLITS:
        if split not in UNSEEN or args.final:
            unseen = " (UNSEEN: say how often you ran it)" if split in UNSEEN else ""
            part(f"real logs, {split} split{unseen}", "bench/bench_real_diagnosis.py", "--split", split)
    part("proven code bugs", "bench/bench_code_bugs.py")
    speed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
