"""How well the code scan proves the bugs of the code-bug casebook (scripts/make_code_casebook.py).

    python bench/bench_code_bugs.py [--diagnose]

Scans every script of scripts/code_casebook/ (regenerated first, so the bench always reads what the generator
writes). A buggy script marks its bug line with `# BUG: <kind>` (a comment: the scan reads the AST only).
Per bug kind it prints: proven with the right catalogue id (a finding carrying a named defect), the bug's
`file:line` cited (the defect's location or the finding's evidence), and patches that `git apply --check`
accepts in a scratch git repository. On the correct scripts it counts false alarms: proven defects (root
causes) and risks (quick wins). The `trainer_class` style was held out from tuning and is reported apart.

With `--diagnose` each script is also diagnosed beside a real calm run (healthy_adam_s0 of
scripts/make_casebook.py, trained on the spot): a bug should give `problems_found` with its id as a root cause,
a correct script `healthy`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from make_code_casebook import HELD_OUT_STYLES, build  # noqa: E402

from server.core.diagnosis.codescan import scan_code  # noqa: E402
from server.core.diagnosis.findings import Finding  # noqa: E402

EXPECTED_ID = {
    "missing_zero_grad": "missing_zero_grad",
    "accumulation_undivided": "lr_too_high",
    "scheduler_per_batch": "lr_too_low",
    "resume_lr_reset": "loss_spike",
    "pad_eos_masked": "data_issue",
    "eval_never_back_to_train": "overfitting",
    "step_before_backward": "loss_plateau",
    "softmax_into_cross_entropy": "loss_plateau",
}
"""The catalogue id each bug kind is a root cause of (the defect names the bug itself)."""
MARKER = re.compile(r"#\s*BUG:\s*(\w+)")


@dataclass
class Case:
    style: str
    name: str
    path: Path
    kind: str | None
    line: int | None

    @property
    def held_out(self) -> bool:
        return self.style in HELD_OUT_STYLES


def read_case(root: Path, path: Path) -> Case:
    kind = line = None
    for number, text in enumerate(path.read_text().splitlines(), 1):
        match = MARKER.search(text)
        if match:
            kind, line = match.group(1), number
    return Case(path.parent.name, path.stem, path, kind, line)


def patch_applies(root: Path, patch: str) -> bool:
    return subprocess.run(["git", "apply", "--check", "-"], cwd=root, input=patch.encode()).returncode == 0


def fixed_by(root: Path, case: Case, right: list[Finding]) -> bool:
    """Apply the first patch for real, rescan: is the defect gone? (The file is restored afterwards.)"""
    before = case.path.read_text()
    patch = next(f.patch for f in right if f.patch)
    subprocess.run(["git", "apply", "-"], cwd=root, input=patch.encode(), check=True)
    try:
        names = {f.defect.name for f in scan_code(case.path, set(), root).findings if f.defect}
        return not names & {f.defect.name for f in right if f.defect}
    finally:
        case.path.write_text(before)


@dataclass
class Score:
    cases: int = 0
    proven: int = 0
    cited: int = 0
    patches: int = 0
    applied: int = 0
    fixed: int = 0
    """Patched scripts the scan finds clean of that defect once the patch is applied."""


def judge(root: Path, case: Case, findings: list[Finding]) -> tuple[bool, bool, list[Finding]]:
    """(proven with the right id, line cited, the proven findings of the expected id)."""
    assert case.kind is not None and case.line is not None
    expected = EXPECTED_ID[case.kind]
    where = f"{case.path.relative_to(root).as_posix()}:{case.line}"
    right = [f for f in findings if f.id == expected and f.defect is not None]
    cited = any(f.defect is not None and f.defect.location == where for f in right) or any(
        ev.location == where for f in right for ev in f.evidence
    )
    return bool(right), cited, right


def diagnose_with_calm_log(root: Path, cases: list[Case]) -> None:
    from make_casebook import build as build_runs

    from server.core.diagnosis.engine import diagnose
    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_runs(folder, ["healthy_adam_s0"])
        entry = next(c for c in json.loads((folder / "cases.json").read_text()) if c["name"] == "healthy_adam_s0")
        run = read_logs(Workspace.of([folder]), [entry["log"]]).runs[0]
        right = healthy = bugs = correct = 0
        for case in cases:
            result = diagnose([run], code_paths=[case.path], display_root=root)
            if case.kind is None:
                correct += 1
                healthy += result.verdict == "healthy"
                if result.verdict != "healthy":
                    print(f"  false alarm: {case.style}/{case.name}: {[c.id for c in result.root_causes]}")
            else:
                bugs += 1
                ok = result.verdict == "problems_found" and EXPECTED_ID[case.kind] in [c.id for c in result.root_causes]
                right += ok
                if not ok:
                    print(f"  missed: {case.style}/{case.name}: {result.verdict} {[c.id for c in result.root_causes]}")
        print(
            f"with a calm real log: bugs problems_found with their id {right}/{bugs}; "
            f"correct scripts healthy {healthy}/{correct}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diagnose", action="store_true", help="also diagnose each script beside a real calm run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "casebook"
        build(root)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        cases = [read_case(root, path) for path in sorted(root.rglob("*.py"))]
        scores: dict[tuple[bool, str], Score] = defaultdict(Score)
        false_proven: list[str] = []
        risks_on_correct: list[str] = []
        for case in cases:
            scanned = scan_code(case.path, set(), root)
            if case.kind is None:
                false_proven += [f"{case.style}/{case.name}: {f.id} {f.defect}" for f in scanned.findings if f.defect]
                risks_on_correct += [f"{case.style}/{case.name}: {f.id}" for f in scanned.findings if not f.defect]
                continue
            proven, cited, right = judge(root, case, scanned.findings)
            for key in ((case.held_out, case.kind), (case.held_out, "all")):
                score = scores[key]
                score.cases += 1
                score.proven += proven
                score.cited += cited
                patches = [f.patch for f in right if f.patch]
                score.patches += bool(patches)
                applies = bool(patches) and all(patch_applies(root, p) for p in patches)
                score.applied += applies
                score.fixed += applies and fixed_by(root, case, right)
            if not (proven and cited):
                got = [(f.id, f.evidence[0].location, f.defect and f.defect.name) for f in scanned.findings]
                print(f"  {'missed' if not proven else 'not cited'}: {case.style}/{case.name} line {case.line}: {got}")
        for held_out in (False, True):
            print(f"\n{'HELD-OUT styles ' + ', '.join(HELD_OUT_STYLES) if held_out else 'tuning styles'}")
            print(
                f"  {'bug kind':28} {'cases':>5} {'proven+id':>9} {'file:line':>9} {'patched':>7} {'applies':>7}"
                f" {'fixes':>5}"
            )
            for (split, kind), s in sorted(scores.items(), key=lambda item: (item[0][1] == "all", item[0][1])):
                if split == held_out:
                    print(f"  {kind:28} {s.cases:5} {s.proven:9} {s.cited:9} {s.patches:7} {s.applied:7} {s.fixed:5}")
        correct = [c for c in cases if c.kind is None]
        total = scores[(False, "all")].cases + scores[(True, "all")].cases
        cited = scores[(False, "all")].cited + scores[(True, "all")].cited
        print(f"\ncorrect scripts: {len(correct)}; proven defects on them (false positives): {len(false_proven)}")
        for line in false_proven:
            print(f"  {line}")
        print(f"risks (quick wins, not root causes) on correct scripts: {len(risks_on_correct)}")
        for line in risks_on_correct:
            print(f"  {line}")
        print(f"bug line cited on {cited}/{total} bug scripts ({100 * cited / max(total, 1):.0f}%; target >= 80%)")
        if options.diagnose:
            diagnose_with_calm_log(root, cases)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
