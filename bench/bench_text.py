"""Text-log reader benchmark: lines/s, peak memory against file size, and the size of the tool's answer.

    python bench/bench_text.py [--lines 1000000] [--speed-only] [--against REF] [--corpus /work/corpus]

1. Speed: a 1,000,000-line log in three shapes (pipe, key=value logging, nanoGPT), then real-log shapes (a
   tenth of the lines each: colorlog + `file.py:line` prefixes with restarting epoch/step counters, mmdet text,
   Hugging Face console dicts, Keras epochs, torchrun `[rank0]:` lines, metric lines among tqdm redraws), read with
   `server.core.logs.text.read`; lines/s on one core (best of 5), and the same files read by the reader of
   `--against` (default: where this branch left main), loaded from git into a temporary module, the two taking
   turns: the ratio is this reader's speed over that one's, on the same machine in the same run. (The reader
   before imports today's `events.py`: its event scan is today's.) With `--corpus`, lines/s per shape of
   the real-log corpus's development split (bench/bench_real_logs.py). Then, from one more read of the first
   three with the reader's steps timed, where the CPU time goes (cutting chunks, learning shapes, the regex,
   float conversion, the event scan).
2. Memory: peak RSS of a child process reading (a) the 1M-line pipe log, (b) a 10x bigger file holding the
   same 1M metric lines among 9M progress-bar lines, (c) a 10M-line log of metric lines only. (a) and (b)
   keep the same points and should cost the same; (c) keeps 10x the points.
3. Answer size: the JSON of `summarize()` (what `read_training_log` returns) on the 1M-step run, defaults.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.core.errors import UserError  # noqa: E402 - after the path is set

NOISE = " 45%|████▌     | 450/1000 [00:01<00:02, 300.00it/s]\n"
SHAPES: dict[str, Callable[[int, float], str]] = {
    "pipe": lambda i, x: f"step {i} | loss {x:.4f} | lr {3e-4:.2e} | grad_norm {x * 3:.3f}\n",
    "key=value": lambda i, x: f"2024-05-01 12:00:00,123 INFO train: step={i} loss={x:.5f} grad_norm={x:.4f}\n",
    "nanoGPT": lambda i, x: f"iter {i}: loss {x:.4f}, time {x * 20:.2f}ms, mfu {x * 10:.2f}%\n",
}
REAL_SHAPES: dict[str, Callable[[int, float], str]] = {
    "colorlog": lambda i, x: (
        f"\x1b[32mINFO    \x1b[0m 2024-05-01 12:00:00,123 train.py:88 - Epoch {i // 500} | Step {i % 500}/500 | "
        f"loss {x:.4f} | lr {3e-4:.2e}\x1b[0m\n"
    ),
    "mmdet": lambda i, x: (
        f"2021-03-11 17:23:14,380 - mmdet - INFO - Epoch [{i // 7512 + 1}][{i % 7512}/7512]\tlr: 1.220e-04, "
        f"eta: 11 days, 0:51:31, time: 0.465, data_time: 0.087, memory: 3760, loss_cls: {x:.4f}, loss: {x * 2:.4f}\n"
    ),
    "hf_dict": lambda i, x: (
        f"{{'loss': {x:.4f}, 'grad_norm': {x * 3:.4f}, 'learning_rate': 5e-05, 'epoch': 0.{i % 10}}}\n"
    ),
    "keras": lambda i, x: (
        f"Epoch {i // 2 + 1}/100000\n" if i % 2 == 0 else f"32/32 - 0s - 2ms/step - loss: {x:.4f} - accuracy: {x:.4f}\n"
    ),
    "rank0": lambda i, x: f"[rank0]: iter {i}: loss {x:.4f}, time {x * 20:.2f}ms, mfu {x * 10:.2f}%\n",
    "tqdm+metric": lambda i, x: (
        f"step {i} loss {x:.4f}\n" if i % 4 == 0 else f"\r 45%|████▌     | {i}/1000 [00:01<00:02, 300.00it/s]\n"
    ),
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
    make = {**SHAPES, **REAL_SHAPES}[shape]
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


def lines_per_second(path: Path, reader: ModuleType | None = None, rounds: int = 3) -> tuple[float, float]:
    """(by CPU time of this process, by wall-clock time), best of `rounds`; CPU time is fair on a shared machine."""
    from server.core.logs import text

    reader = reader or text
    best_cpu = best_wall = float("inf")
    lines = 0
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            (run,) = reader.read(path, path.name)
            lines = run.lines
        except UserError:  # the reader before found no metric line: its time is still its speed
            lines = path.read_bytes().count(b"\n")
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return lines / best_cpu, lines / best_wall


def compare(path: Path, before: ModuleType, rounds: int = 5) -> tuple[float, float, float]:
    """(lines/s of CPU time, by the wall clock, lines/s of CPU time of `before`): best of `rounds`, the two
    readers taking turns so that a busy moment of a shared machine falls on both."""
    now_cpu, now_wall, then_cpu = [], [], []
    for _ in range(rounds):
        cpu, wall = lines_per_second(path, rounds=1)
        now_cpu.append(cpu)
        now_wall.append(wall)
        then_cpu.append(lines_per_second(path, before, rounds=1)[0])
    return max(now_cpu), max(now_wall), max(then_cpu)


def reader_at(ref: str) -> ModuleType:
    """`server/core/logs/text.py` as it is at git `ref`, loaded as a module of the same package."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{ref}:server/core/logs/text.py"], capture_output=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="text-before-"))
    (folder / "text_before.py").write_bytes(source)
    spec = importlib.util.spec_from_file_location("server.core.logs.text_before", folder / "text_before.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def corpus_speeds(corpus: Path) -> dict[str, tuple[int, float]]:
    """(lines, lines/s of CPU time) per shape of the corpus's development-split text logs."""
    sys.path.insert(0, str(REPO / "bench"))
    import csv

    from bench_real_logs import held_out, target

    from server.core.logs import text

    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for table in sorted(corpus.glob("[A-Z].tsv")):
        with table.open(newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if not row.get("id") or held_out(row) or row["kind"] != "text":
                    continue
                path = target(corpus, row)
                if not path.is_file():
                    continue
                start = time.process_time()
                try:
                    (run,) = text.read(path, path.name)
                    lines = run.lines
                except UserError:
                    lines = path.read_bytes().count(b"\n")
                totals[row["shape"]][0] += lines
                totals[row["shape"]][1] += time.process_time() - start
    return {shape: (int(lines), lines / max(spent, 1e-9)) for shape, (lines, spent) in totals.items()}


PHASES = {
    "learn": "learn line shapes",
    "read_in_bulk": "regex findall over chunks",  # its own time: the conversions below are timed apart
    "take_all_numbers": "float conversion",
    "take_columns": "float conversion",
    "read_in_order": "walk matches in order",
    "event_lines": "event scan",
    "add_event": "event scan",
}
"""`TextReader` methods timed by `phase_breakdown`, and the phase each one's own time counts for."""


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

    originals = {name: getattr(text.TextReader, name) for name in PHASES}
    try:
        text.line_chunks = timed_chunks
        for name, phase in PHASES.items():
            setattr(text.TextReader, name, timed(phase, originals[name]))
        start = time.process_time()
        text.read(path, path.name)
        total = time.process_time() - start
    finally:
        text.line_chunks = original_chunks
        for name, method in originals.items():
            setattr(text.TextReader, name, method)
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
    parser.add_argument("--against", default=None, help="git ref of the reader to compare with (default: merge-base)")
    parser.add_argument("--corpus", type=Path, default=None, help="also time the real-log corpus's dev split")
    args = parser.parse_args()
    from server.core.logs import text
    from server.core.logs.summary import summarize

    ref = (
        args.against
        or subprocess.run(
            ["git", "-C", str(REPO), "merge-base", "HEAD", "main"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    before = reader_at(ref)
    with tempfile.TemporaryDirectory(prefix="bench-text-") as tmp:
        folder = Path(tmp)
        print(f"speed, best of 5 (one core), lines/s of CPU time; ratio = this reader / the reader at {ref[:10]}:")
        for shape in [*SHAPES, *REAL_SHAPES]:
            path = folder / f"{shape}.log"
            lines = args.lines if shape in SHAPES else max(args.lines // 10, 1000)
            write_log(path, lines, shape)
            size = path.stat().st_size / 2**20
            cpu, wall, old = compare(path, before)
            print(
                f"  {shape:<12} {lines:>9,} lines {size:7.1f} MiB  {cpu:>12,.0f} lines/s  (before {old:>12,.0f}; "
                f"ratio {cpu / old:4.2f})  wall clock {wall:,.0f}"
            )
        if args.corpus:
            print("real-log corpus, development split, text logs (this reader), per shape:")
            for shape, (lines, speed) in sorted(corpus_speeds(args.corpus).items(), key=lambda kv: -kv[1][0]):
                print(f"  {shape:<28} {lines:>9,} lines  {speed:>12,.0f} lines/s")

        print("where the CPU time goes (one more read of each, its steps timed; ms):")
        breakdowns = {shape: phase_breakdown(folder / f"{shape}.log") for shape in SHAPES}
        del before
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
