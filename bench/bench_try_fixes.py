"""try_fixes on fixable faults: how often a verified fix is found within 6 trials, how often the diagnosis's
first proposal alone works, and the wall time of the trials in parallel against one by one.

Each fault is a small real training script (tests/fixtures/fixable/) with a code or config fault whose fix is
a patch: a learning rate far too high (in a module constant, an argparse default, a JSON config), far too
low, no gradient clipping under corrupt batches, log(sigmoid) by hand, no zero_grad. For each, in a fresh git
repository: the script's own full run (run_quick_test), diagnose_training on its log and code (and config),
then try_fixes on the report with max_steps, in parallel (as many runs as cores) and again one by one
(every other fault one by one first). The machine may be shared: the load average is printed beside the times.

    python bench/bench_try_fixes.py [--faults NAME ...] [--max-steps 100] [--no-serial]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import Client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.app import build_server  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402
from server.settings import Settings  # noqa: E402

FIXABLE = ROOT / "tests" / "fixtures" / "fixable"
FAULTS = {
    "regression_lr5": ("regression_lr5.py", None),
    "argparse_lr": ("argparse_lr.py", None),
    "config_lr": ("config_lr.py", "config.json"),
    "classifier_lr_low": ("classifier_lr_low.py", None),
    "big_targets_no_clip": ("big_targets_no_clip.py", None),
    "logsigmoid_by_hand": ("logsigmoid_by_hand.py", None),
    "no_zero_grad": ("no_zero_grad.py", None),
}
TARGET_FOUND = 0.80
TARGET_SPEEDUP = 1.6


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", *args], cwd=folder, check=True)


def make_project(folder: Path, script: str, config: str | None) -> None:
    shutil.copy(FIXABLE / script, folder / "train.py")
    shutil.copy(FIXABLE / "common.py", folder / "common.py")
    if config:
        shutil.copy(FIXABLE / config, folder / config)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "fault")


async def call(client: Client, tool: str, args: dict) -> dict:
    result = await client.call_tool(tool, args)
    if result.is_error:
        raise RuntimeError(f"{tool}: {result.content[0].text}")
    return result.structured_content


async def one(name: str, max_steps: int, serial: bool, serial_first: bool) -> dict:
    script, config = FAULTS[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_project(folder, script, config)
        async with Client(build_server(Settings(Workspace.of([folder]), python=sys.executable))) as client:
            run = await call(client, "run_quick_test", {"command": ["python", "train.py"], "timeout_s": 300})
            args: dict = {"logs": run["log_path"], "code": ["train.py"]}
            if config:
                args["config"] = config
            diagnosis = await call(client, "diagnose_training", args)
            causes = [(c["id"], bool(c["patch"])) for c in diagnosis["root_causes"]]
            row = {"fault": name, "causes": causes, "found": False, "first_works": False, "trials": 0}
            if not any(patched for _, patched in causes):
                return row | {"note": "no patch in the diagnosis"}
            fix_args = {"command": ["python", "train.py"], "report_id": diagnosis["report_id"]}
            fix_args |= {"max_steps": max_steps, "max_trials": 6, "timeout_s": 300}
            if serial and serial_first:  # half the faults time one by one first: a warm file cache favours neither
                started = time.monotonic()
                await call(client, "try_fixes", fix_args | {"parallel": 1})
                row["serial_s"] = time.monotonic() - started
            started = time.monotonic()
            answer = await call(client, "try_fixes", fix_args)
            row["parallel_s"] = time.monotonic() - started
            first = next((t for t in answer["trials"] if t["origin"] == "diagnosis"), None)
            row |= {
                "found": answer["winner"] is not None,
                "winner": answer["winner"]["label"] if answer["winner"] else None,
                "first_works": first is not None and first["verdict"] == "verified",
                "trials": len(answer["trials"]),
                "verdicts": [t["verdict"] for t in answer["trials"]],
                "parallel": answer["parallel"],
            }
            if serial and not serial_first:
                started = time.monotonic()
                await call(client, "try_fixes", fix_args | {"parallel": 1})
                row["serial_s"] = time.monotonic() - started
            leftover = folder / ".ml-skills" / "trials"
            row["leftover"] = leftover.exists() and any(leftover.iterdir())
    return row


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", nargs="*", default=list(FAULTS))
    parser.add_argument("--max-steps", type=int, default=100)
    parser.add_argument("--no-serial", action="store_true")
    opts = parser.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}; load average at start: {os.getloadavg()[0]:.1f}", flush=True)
    rows = []
    for index, name in enumerate(opts.faults):
        row = await one(name, opts.max_steps, not opts.no_serial, serial_first=index % 2 == 1)
        rows.append(row)
        times = f"parallel {row.get('parallel_s', 0):.1f}s" + (
            f", one by one {row['serial_s']:.1f}s" if "serial_s" in row else ""
        )
        print(
            f"{name:20s} causes={row['causes']} found={row['found']} first_works={row['first_works']} "
            f"trials={row['trials']} {times}\n{'':20s} winner={row.get('winner')} verdicts={row.get('verdicts')}"
            + (f" note={row['note']}" if "note" in row else ""),
            flush=True,
        )
    found = sum(r["found"] for r in rows) / len(rows)
    first = sum(r["first_works"] for r in rows) / len(rows)
    print(
        f"\nverified fix within 6 trials: {found:.0%} ({sum(r['found'] for r in rows)}/{len(rows)}), "
        f"target >= {TARGET_FOUND:.0%}"
    )
    print(
        f"the diagnosis's first proposal alone works: {first:.0%} ({sum(r['first_works'] for r in rows)}/{len(rows)})"
    )
    timed = [r for r in rows if "serial_s" in r]
    if timed:
        par, ser = sum(r["parallel_s"] for r in timed), sum(r["serial_s"] for r in timed)
        print(f"wall time: parallel {par:.1f}s, one by one {ser:.1f}s: {ser / par:.2f}x (target >= {TARGET_SPEEDUP}x)")
    print(
        f"load average at end: {os.getloadavg()[0]:.1f}; copies left behind: {sum(r.get('leftover', 0) for r in rows)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(anyio.run(main))
