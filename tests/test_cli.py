"""The terminal commands, called in-process: `read` and `diagnose` print what the tools return."""

from __future__ import annotations

import json

import pytest

from server.cli import main
from tests.conftest import REPO

EXAMPLE = "examples/diverging/train.log"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--workspace", str(REPO)])
    out, err = capsys.readouterr()
    return code, out, err


def test_read_prints_a_table_of_each_metric(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "read", EXAMPLE)
    expected = json.loads((REPO / "examples/diverging/train.expected.json").read_text())["metrics"]["loss"]
    assert code == 0
    loss_row = next(line.split() for line in out.splitlines() if line.strip().startswith("loss "))
    assert loss_row[1] == str(len(expected))
    assert "[warning/nan]" in out


def test_read_json_is_the_tool_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "read", EXAMPLE, "--json", "--metrics", "lr")
    answer = json.loads(out)
    assert code == 0
    assert list(answer["runs"][0]["metrics"]) == ["lr"]
    assert answer["runs"][0]["metrics"]["lr"]["max"] == 8.0


def test_diagnose_prints_the_causes_and_json_gives_the_diagnosis(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", EXAMPLE, "--code", "examples/diverging/train.py")
    assert code == 0
    assert out.splitlines()[0] == "verdict: problems_found"
    assert "1. Learning rate too high [lr_too_high]" in out
    code, out, _ = run(capsys, "diagnose", EXAMPLE, "--json")
    assert code == 0
    assert json.loads(out)["root_causes"][0]["id"] == "lr_too_high"


def test_a_bad_path_exits_2_with_a_message_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diagnose", "examples/missing.log")
    assert (code, out) == (2, "")
    assert err.startswith("ml-skills-mcp: examples/missing.log does not exist")
    assert "Traceback" not in err
