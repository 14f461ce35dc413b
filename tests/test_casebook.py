"""The casebook's fault checks (scripts/make_casebook.py): every generated run really contains its labelled fault."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import make_casebook  # noqa: E402
from make_casebook import CASES, Case, FaultMissing, build, exploded, went_nonfinite  # noqa: E402

QUICK = ["healthy_adam_s1", "lr_too_high_warmup", "exploding_rnn", "exploding_rnn_b", "data_corrupt_rows"]


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """A few recipes built with a held-out seed offset (1000: where the old RNN recipe never exploded)."""
    return build(tmp_path_factory.mktemp("casebook"), QUICK, seed_offset=1000)


def test_every_built_run_records_the_fault_check_that_held_for_it(held_out: list[dict]) -> None:
    # the numbers are the run's own (they differ in the last digits between CPUs' kernels): each recorded check is
    # what the recipe's check says of the run trained again, and it held
    checks = {case["name"]: case["fault_check"] for case in held_out}
    assert list(checks) == QUICK
    for name in QUICK:
        case = CASES[name]
        assert case.check(case.builder(case.seed + 1000)) == (True, checks[name])
    assert re.fullmatch(r"loss [\d.]+ in the first tenth, [\d.]+ in the last", checks["healthy_adam_s1"])
    assert re.fullmatch(r"\d+ non-finite of 300 losses, the first at index \d+", checks["data_corrupt_rows"])


def test_the_fault_checks_hold_on_the_runs_written_to_disk(held_out: list[dict], tmp_path: Path) -> None:
    folder = tmp_path / "again"
    build(folder, QUICK, seed_offset=1000)
    assert json.loads((folder / "cases.json").read_text()) == held_out
    for name in QUICK:
        case = CASES[name]
        assert case.check(case.builder(case.seed + 1000))[0] is True


def test_a_healthy_run_passes_no_fault_check_of_a_blow_up() -> None:
    log = CASES["healthy_adam_s1"].builder(1)
    assert exploded(log) == (False, "grad_norm peak 1.45x the early median 3.55")
    assert went_nonfinite(log) == (False, "the loss stayed finite")


def test_a_run_without_its_labelled_fault_fails_the_build_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    healthy = CASES["healthy_adam_s1"]
    mislabelled = Case("exploding_gradients", "jsonl", healthy.seed, healthy.builder, exploded)
    monkeypatch.setitem(make_casebook.CASES, "healthy_called_exploding", mislabelled)
    with pytest.raises(FaultMissing, match=r"healthy_called_exploding \(seed 1\): exploded failed: grad_norm peak"):
        build(tmp_path, ["healthy_adam_s1", "healthy_called_exploding"])
    assert not (tmp_path / "cases.json").exists()
