"""Text-log reader benchmark: lines/s, peak memory against file size, and the size of the tool's answer.

    python bench/bench_text.py [--lines 1000000] [--speed-only]

1. Speed: a 1,000,000-line log in three shapes (pipe, key=value logging, nanoGPT), read with
   `server.core.logs.text.read`; lines/s on one core (best of 3). Then, from one more read of each with the
   reader's steps timed, where the CPU time goes (cutting chunks, learning shapes, the regex, float conversion,
   the event scan).
2. Memory: peak RSS of a child process reading (a) the 1M-line pipe log, (b) a 10x bigger file holding the
   same 1M metric lines among 9M progress-bar lines, (c) a 10M-line log of metric lines only. (a) and (b)
   keep the same points and should cost the same; (c) keeps 10x the points.
3. Answer size: the JSON of `summarize()` (what `read_training_log` returns) on the 1M-step run, defaults.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NOISE = " 45%|████▌     | 450/1000 [00:01<00:02, 300.00it/s]\n"
SHAPES: dict[str, Callable[[int, float], str]] = {
    "pipe": lambda i, x: f"step {i} | loss {x:.4f} | lr {3e-4:.2e} | grad_norm {x * 3:.3f}\n",
    "key=value": lambda i, x: f"2024-05-01 12:00:00,123 INFO train: step={i} loss={x:.5f} grad_norm={x:.4f}\n",
    "nanoGPT": lambda i, x: f"iter {i}: loss {x:.4f}, time {x * 20:.2f}ms, mfu {x * 10:.2f}%\n",
}
CHILD = """
import re, sys
from pathlib import Path
from server.core.logs import text
runs = text.read(Path(sys.argv[1]), "bench")
peak_kib = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(peak_kib, sum(len(s) for s in runs[0].metrics.values()))
"""
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child would report the parent's peak.


def write_log(path: Path, lines: int, shape: str, noise_per_line: int = 0) -> None:
    rng = random.Random(0)
    make = SHAPES[shape]
    with path.open("w") as out:
        block: list[str] = []
        for i in range(lines):
            block.append(make(i, rng.random()))
            if noise_per_line:
                block.append(NOISE * noise_per_line)
            if len(block) >= 20_000:
                out.write("".join(block))
                block.clear()
        out.write("".join(block))


def lines_per_second(path: Path) -> tuple[float, float]:
    """(by CPU time of this process, by wall-clock time), best of 3; CPU time is fair on a shared machine."""
    from server.core.logs import text

    best_cpu = best_wall = float("inf")
    for _ in range(3):
        cpu, wall = time.process_time(), time.perf_counter()
        (run,) = text.read(path, path.name)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return run.lines / best_cpu, run.lines / best_wall


PHASES = {
    "learn": "learn line shapes",
    "read_in_bulk": "regex findall over chunks",  # its own time: the conversions below are timed apart
    "take_all_numbers": "float conversion",
    "take_columns": "float conversion",
    "read_in_order": "walk matches in order",
    "event_lines": "event scan",
    "add_event": "event scan",
}
"""`_TextReader` methods timed by `phase_breakdown`, and the phase each one's own time counts for."""


def phase_breakdown(path: Path) -> tuple[float, dict[str, float]]:
    """(total CPU seconds, CPU seconds per phase) of one read with the reader's methods timed.

    Each method counts its own time, without the timed methods it calls; the file reading and chunk cutting
    (`line_chunks`) are timed at each `next()`; what no timer saw is "other".
    """
    from server.core.logs import text

    spent: dict[str, float] = defaultdict(float)
    inner_time: list[float] = []  # per timed call in progress: time of the timed calls inside it

    def timed(phase: str, method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            inner_time.append(0.0)
            try:
                return method(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                spent[phase] += elapsed - inner_time.pop()
                if inner_time:
                    inner_time[-1] += elapsed

        return wrapper

    original_chunks = text.line_chunks

    def timed_chunks(path: Path, shown: str) -> Iterator[tuple[bytes, int]]:
        chunks = original_chunks(path, shown)
        while True:
            start = time.process_time()
            item = next(chunks, None)
            spent["read file, cut chunks"] += time.process_time() - start
            if item is None:
                return
            yield item

    originals = {name: getattr(text._TextReader, name) for name in PHASES}
    try:
        text.line_chunks = timed_chunks
        for name, phase in PHASES.items():
            setattr(text._TextReader, name, timed(phase, originals[name]))
        start = time.process_time()
        text.read(path, path.name)
        total = time.process_time() - start
    finally:
        text.line_chunks = original_chunks
        for name, method in originals.items():
            setattr(text._TextReader, name, method)
    spent["other"] = total - sum(spent.values())
    return total, spent


def peak_rss_mib(path: Path) -> tuple[float, int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    )
    rss_kib, points = done.stdout.split()
    return int(rss_kib) / 1024, int(points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--speed-only", action="store_true", help="skip the memory runs")
    args = parser.parse_args()
    from server.core.logs import text
    from server.core.logs.summary import summarize

    with tempfile.TemporaryDirectory(prefix="bench-text-") as tmp:
        folder = Path(tmp)
        print(f"speed, {args.lines:,} lines, best of 3 (one core):")
        for shape in SHAPES:
            path = folder / f"{shape}.log"
            write_log(path, args.lines, shape)
            size = path.stat().st_size / 2**20
            cpu, wall = lines_per_second(path)
            print(f"  {shape:<10} {size:7.1f} MiB  {cpu:>12,.0f} lines/s of CPU time  ({wall:,.0f} by the wall clock)")

        print("where the CPU time goes (one more read of each, its steps timed; ms):")
        breakdowns = {shape: phase_breakdown(folder / f"{shape}.log") for shape in SHAPES}
        phases = list(dict.fromkeys(phase for _, spent in breakdowns.values() for phase in spent))
        print(f"  {'':<27}" + "".join(f"{shape:>11}" for shape in SHAPES))
        for phase in phases:
            row = "".join(f"{spent[phase] * 1e3:>11.0f}" for _, spent in breakdowns.values())
            print(f"  {phase:<27}{row}")
        print(f"  {'total':<27}" + "".join(f"{total * 1e3:>11.0f}" for total, _ in breakdowns.values()))

        pipe = folder / "pipe.log"
        (run,) = text.read(pipe, "pipe.log")
        answer = json.dumps(summarize([run]).model_dump(mode="json"))
        steps = len(run.metrics["loss"])
        print(f"read_training_log answer on a {steps:,}-step run, defaults: {len(answer):,} bytes of JSON")
        del run
        if args.speed_only:
            return

        noisy = folder / "noisy.log"
        big = folder / "big.log"
        one = folder / "one.log"
        write_log(noisy, args.lines, "pipe", noise_per_line=9)
        write_log(big, args.lines * 10, "pipe")
        write_log(one, 1, "pipe")
        base, _ = peak_rss_mib(one)
        print(f"peak memory (VmHWM) of a child reading the file; interpreter + imports + 1 line: {base:.0f} MiB")
        for label, path in (
            ("1x lines, 1x points", pipe),
            ("10x lines (noise), 1x points", noisy),
            ("10x lines, 10x points", big),
        ):
            rss, points = peak_rss_mib(path)
            size = path.stat().st_size / 2**20
            print(f"  {label:<30} file {size:7.1f} MiB  points kept {points:>10,}  peak {rss:7.1f} MiB")


if __name__ == "__main__":
    main()
