"""The terminal commands, called in-process: `read` and `diagnose` print what the tools return."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from server.cli import main
from server.core.ledger import Ledger
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A workspace holding the diverging example (the diagnosis saves its report under .ml-skills/ there)."""
    shutil.copytree(REPO / "examples" / "diverging", tmp_path / "examples" / "diverging")
    return tmp_path


def diagnose_in(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["diagnose", *argv, "--workspace", str(project)])
    out, err = capsys.readouterr()
    return code, out, err


def test_diagnose_prints_the_causes_and_json_gives_the_diagnosis(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    code, out, _ = diagnose_in(capsys, project, EXAMPLE, "--code", "examples/diverging/train.py")
    assert code == 0
    assert out.splitlines()[0] == "verdict: problems_found"
    assert "1. Learning rate too high [lr_too_high]" in out
    code, out, _ = diagnose_in(capsys, project, EXAMPLE, "--json")
    assert code == 0
    assert json.loads(out)["root_causes"][0]["id"] == "lr_too_high"


def test_diagnose_saves_its_report_and_records_it_like_the_tool(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    code, out, _ = diagnose_in(capsys, project, EXAMPLE, "--json")
    answer = json.loads(out)
    report_id = answer["report_id"]
    assert code == 0
    saved = json.loads((project / ".ml-skills" / "reports" / f"{report_id}.json").read_text())
    assert saved == answer
    entry = Ledger(project / ".ml-skills").get("diagnosis", report_id)
    assert entry is not None and entry.data["verdict"] == "problems_found"
    code, out, _ = diagnose_in(capsys, project, EXAMPLE)
    report_line = out.splitlines()[-1]
    assert report_line.startswith("report saved: diag-")


def test_diagnose_refuses_a_named_pipe_as_code_or_config_without_hanging(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    os.mkfifo(project / "pipe.py")
    for option in ("--code", "--config"):
        code, out, err = diagnose_in(capsys, project, EXAMPLE, option, "pipe.py")
        assert (code, out) == (2, "")
        assert err.startswith("ml-skills-mcp: pipe.py is a named pipe; pass a ")


def test_a_bad_path_exits_2_with_a_message_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diagnose", "examples/missing.log")
    assert (code, out) == (2, "")
    assert err.startswith("ml-skills-mcp: examples/missing.log does not exist")
    assert "Traceback" not in err


def test_output_piped_into_a_reader_that_leaves_early_ends_quietly() -> None:
    """`ml-skills-mcp read run.log --json | head -c 100`: the pipe closes under the writer; no traceback, exit 0."""
    import subprocess
    import sys

    log = REPO / "tests" / "fixtures" / "text" / "shapes" / "darknet_console.log"
    child = subprocess.Popen(
        [sys.executable, "-m", "server", "read", str(log), "--json"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader leaves before the first byte is written
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=60) == 0 and "Traceback" not in err
