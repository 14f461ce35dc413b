"""The shipped example: its log is what its script prints, and the README's main command diagnoses it."""

from __future__ import annotations

import math
import re
import subprocess
import sys

from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "diverging"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|nan|inf)", re.IGNORECASE)
FLOAT32_DIGITS = 1e-3
"""Another CPU's float32 kernels round the same seeded run differently: measured 1.7e-4 at most, as it diverges."""


def test_the_diverging_log_is_what_its_training_script_prints() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE / "train.py")], capture_output=True, text=True, timeout=120, check=True
    )
    printed, shipped = done.stdout.splitlines(), (EXAMPLE / "train.log").read_text().splitlines()
    assert len(printed) == len(shipped)
    for now, then in zip(printed, shipped, strict=True):
        assert NUMBER.sub("#", now) == NUMBER.sub("#", then)  # the same words, step for step
        for a, b in zip(NUMBER.findall(now), NUMBER.findall(then), strict=True):
            x, y = float(a), float(b)
            assert (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=FLOAT32_DIGITS), (now, then)


def test_the_readme_command_diagnoses_the_example_with_a_patch_for_its_learning_rate() -> None:
    command = [sys.executable, "-m", "server", "diagnose", "examples/diverging/train.log"]
    done = subprocess.run(
        [*command, "--code", "examples/diverging/train.py"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "verdict: problems_found" in done.stdout
    first_cause = done.stdout.split("\n1. ", 1)[1].splitlines()[0]
    assert "[lr_too_high]" in first_cause
    source = (EXAMPLE / "train.py").read_text().splitlines()
    line = next(i for i, text in enumerate(source, 1) if "lr=8.0" in text)
    assert f"examples/diverging/train.py:{line}: learning rate lr=8.0 in SGD" in done.stdout
    assert "+    optimizer = torch.optim.SGD(model.parameters(), lr=0.8, momentum=0.9)" in done.stdout
