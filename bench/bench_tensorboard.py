"""TensorBoard reading speed: our TFRecord reader against EventAccumulator on the same file.

Writes an event file of 400,000 scalars (4 tags x 100,000 steps) with torch's
SummaryWriter into a temporary folder, then reads it with
`tensorboard.backend.event_processing.event_accumulator.EventAccumulator`
(every scalar kept: size_guidance scalars=0) and with
`server.core.logs.tensorboard.read`, checks both saw the same scalars, and
prints both times and the ratio (target: ours at least 5x faster).

    python bench/bench_tensorboard.py [--scalars 400000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

TAGS = ("train/loss", "train/grad_norm", "train/lr", "val/loss")


def write_event_file(folder: Path, scalars: int) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(folder), max_queue=10_000, flush_secs=3600)
    for step in range(scalars // len(TAGS)):
        for index, tag in enumerate(TAGS):
            writer.add_scalar(tag, 1.0 / (step + 1) + index, step)
    writer.close()
    (path,) = folder.glob("events.out.tfevents.*")
    return path


def time_event_accumulator(path: Path) -> tuple[float, int]:
    from tensorboard.backend.event_processing import event_accumulator

    started = time.perf_counter()
    accumulator = event_accumulator.EventAccumulator(str(path), size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    count = sum(len(accumulator.Scalars(tag)) for tag in accumulator.Tags()["scalars"])
    return time.perf_counter() - started, count


def time_ours(path: Path) -> tuple[float, int]:
    from server.core.logs import tensorboard

    started = time.perf_counter()
    (run,) = tensorboard.read(path, path.name)
    count = sum(len(series) for series in run.metrics.values())
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scalars", type=int, default=400_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_event_file(Path(folder), args.scalars)
        print(f"event file: {path.stat().st_size / 1e6:.1f} MB, {args.scalars:,} scalars")
        ours_s, ours_count = time_ours(path)
        theirs_s, theirs_count = time_event_accumulator(path)
    if ours_count != theirs_count:
        raise SystemExit(f"scalar counts differ: ours {ours_count}, EventAccumulator {theirs_count}")
    print(f"EventAccumulator: {theirs_s:.2f} s ({theirs_count / theirs_s:,.0f} scalars/s)")
    print(f"ml-skills-mcp:    {ours_s:.2f} s ({ours_count / ours_s:,.0f} scalars/s)")
    print(f"speed-up: {theirs_s / ours_s:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
