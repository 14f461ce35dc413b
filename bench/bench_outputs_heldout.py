"""A held-out output casebook (B or C) through diagnose_training's use case: found ids, the step and prompt cited.

    python scripts/make_output_heldout_b.py            # casebook B, once (into bench/out/outputs_heldout_b)
    python scripts/make_output_heldout_c.py            # casebook C, once (into bench/out/outputs_heldout_c)
    python bench/bench_outputs_heldout.py [--casebook b|c | --cases DIR] [--only NAME ...]

Each case is diagnosed as the tool does it (`prepare` reads its train.log and measures the samples it printed,
`inspect_for_diagnosis` runs inspect_model's output probe in a child process on its checkpoint with its prompts
and vocabulary or its real batch, `conclude` judges), with the cases folder as the workspace. Per case: the
expected id, the ids found, the evidence cited for the output (the log's step, the probe's prompt or batch), and
right or wrong. A degenerate case is right when its expected id is found with a log step inside
[fault_from_step, degenerate_from_step] (the fault had begun, the samples were already degenerate) and with the
probe's evidence; a healthy or undertrained case is right when no `mode_collapse` is found. Ids found beyond the
expected and the acceptable ones (what the curves may rightly say) are listed, and counted apart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.core.diagnosis.usecase import conclude, inspect_for_diagnosis, prepare  # noqa: E402
from server.core.workspace import Workspace  # noqa: E402

CASEBOOKS = {"b": ROOT / "bench" / "out" / "outputs_heldout_b", "c": ROOT / "bench" / "out" / "outputs_heldout_c"}
"""Where each casebook's script builds it by default (B: scripts/make_output_heldout_b.py, C: ..._c.py)."""
OUTPUT_ID = "mode_collapse"
DETAIL_CHARS = 150
"""Evidence details are cut to this many characters in the printout."""


def diagnose(cases: Path, entry: dict, state_dir: Path) -> object:
    """The Diagnosis of one case, through the use case diagnose_training calls."""
    workspace = Workspace.of([cases])
    name = entry["name"]
    request = prepare(workspace, [f"{name}/train.log"], [], None)
    report, problem = asyncio.run(
        inspect_for_diagnosis(
            workspace,
            state_dir,
            sys.executable,
            model=f"models.py:{entry['factory']}",
            checkpoint=f"{name}/model.pt",
            sample_input=f"{name}/sample.pt",
            prompts=entry.get("prompts"),
            vocabulary=entry.get("vocabulary"),
        )
    )
    return conclude(request, workspace, state_dir, model_report=report, model_problem=problem)


def judge(entry: dict, answer: object) -> tuple[bool, list[str], list[str]]:
    """(right, the output evidence cited, ids found beyond the expected and acceptable ones)."""
    causes = answer.root_causes  # type: ignore[attr-defined]
    found = [c.id for c in causes]
    extra = [i for i in found if i != entry["expect"] and i not in entry["acceptable"]]
    cited: list[str] = []
    step_ok = probe_ok = False
    for cause in causes:
        if cause.id != OUTPUT_ID:
            continue
        for evidence in cause.evidence:
            cited.append(f"{evidence.source} @ {evidence.location}: {evidence.detail[:DETAIL_CHARS]}")
            if evidence.source == "model":
                probe_ok = True
            step = re.fullmatch(r"step (\d+)", evidence.location or "")
            low, high = entry["fault_from_step"], entry["degenerate_from_step"]
            if step and low is not None and high is not None and low <= int(step.group(1)) <= high:
                step_ok = True
    if entry["expect"] is None:
        return OUTPUT_ID not in found, cited, extra
    return entry["expect"] in found and step_ok and probe_ok, cited, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--casebook", choices=sorted(CASEBOOKS), default="b", help="a casebook at its default folder")
    where.add_argument("--cases", type=Path, help="a casebook's folder (holding cases.json and models.py)")
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    args = parser.parse_args()
    cases = args.cases or CASEBOOKS[args.casebook]
    manifest = json.loads((cases / "cases.json").read_text())
    right = extras = total = 0
    with tempfile.TemporaryDirectory() as state:
        for entry in manifest:
            if args.only and entry["name"] not in args.only:
                continue
            started = time.perf_counter()
            answer = diagnose(cases.resolve(), entry, Path(state))
            ok, cited, extra = judge(entry, answer)
            total += 1
            right += ok
            extras += bool(extra)
            found = [f"{c.id} {c.confidence:.2f}" for c in answer.root_causes]  # type: ignore[attr-defined]
            print(f"{'RIGHT' if ok else 'WRONG'} {entry['name']} ({time.perf_counter() - started:.1f} s)")
            print(f"   expected: {entry['expect'] or 'no output finding'} (acceptable too: {entry['acceptable']}); "
                  f"fault from step {entry['fault_from_step']}, samples degenerate from "
                  f"step {entry['degenerate_from_step']}")  # fmt: skip
            print(f"   found: {found or 'nothing'} (verdict {answer.verdict})")  # type: ignore[attr-defined]
            for line in cited:
                print(f"   cited: {line}")
            if extra:
                print(f"   not expected: {extra}")
            missing = answer.inputs.missing  # type: ignore[attr-defined]
            if missing:
                print(f"   inputs missing: {missing}")
    print(f"right: {right}/{total}; cases with ids beyond the expected and acceptable: {extras}/{total}")


if __name__ == "__main__":
    main()
