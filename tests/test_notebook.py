"""Jupyter notebooks read as the console log their cells printed.

The fixture tests/fixtures/formats/notebook/train.ipynb is a real notebook executed by Jupyter's nbclient
(scripts/make_format_fixtures.py --only notebook): a tiny training cell with a tqdm bar on stderr, a Hugging Face
style dict printed every 5 steps and a warning. expected.json holds what the kernel printed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from server.core.errors import UserError
from server.core.logs import notebook
from server.core.logs.model import Run
from server.core.logs.reading import read_logs
from server.core.workspace import Workspace

FOLDER = Path(__file__).resolve().parent / "fixtures" / "formats" / "notebook"
NOTEBOOK = FOLDER / "train.ipynb"


def read_one(folder: Path, name: str, fmt: str = "auto") -> Run:
    (run,) = read_logs(Workspace.of([folder]), [name], fmt).runs
    return run


def test_a_notebooks_printed_metrics_are_read_with_its_warning_as_an_event() -> None:
    logged = json.loads((FOLDER / "expected.json").read_text())["logged"]
    run = read_one(FOLDER, "train.ipynb")
    assert run.format == "notebook"
    for name in ("loss", "grad_norm"):
        assert list(run.metrics[name].values) == logged[name]
        assert list(run.metrics[name].steps) == list(range(1, len(logged[name]) + 1))
    assert run.roles["loss"].role.value == "train_loss"
    (warning,) = [event for event in run.events if "UserWarning" in event.text]
    assert warning.level == "warning"
    assert any(note.startswith("line numbers count the lines the code cells printed") for note in run.notes)


def test_a_notebook_without_its_ending_is_still_found_by_its_content(tmp_path: Path) -> None:
    shutil.copy(NOTEBOOK, tmp_path / "saved_run.json")
    run = read_one(tmp_path, "saved_run.json")
    assert run.format == "notebook"
    assert len(run.metrics["loss"]) == len(json.loads((FOLDER / "expected.json").read_text())["logged"]["loss"])


def test_a_format_3_notebook_reads_its_worksheets(tmp_path: Path) -> None:
    modern = json.loads(NOTEBOOK.read_text())
    cells = []
    for cell in modern["cells"]:
        outputs = []
        for output in cell["outputs"]:
            if output["output_type"] == "stream":  # format 3 names the stream under "stream"
                outputs.append({"output_type": "stream", "stream": output["name"], "text": output["text"]})
        cells.append({"cell_type": "code", "input": cell["source"], "outputs": outputs})
    old = {"metadata": {}, "nbformat": 3, "worksheets": [{"cells": cells}]}
    (tmp_path / "old.ipynb").write_text(json.dumps(old))
    assert list(read_one(tmp_path, "old.ipynb").metrics["loss"].values) == list(
        read_one(FOLDER, "train.ipynb").metrics["loss"].values
    )


def test_an_error_output_becomes_an_error_event(tmp_path: Path) -> None:
    saved = json.loads(NOTEBOOK.read_text())
    saved["cells"][-1]["outputs"] = [
        {
            "output_type": "error",
            "ename": "RuntimeError",
            "evalue": "CUDA out of memory",
            "traceback": ["\x1b[31mRuntimeError\x1b[39m: CUDA out of memory. Tried to allocate 2.00 GiB"],
        }
    ]
    (tmp_path / "failed.ipynb").write_text(json.dumps(saved))
    run = read_one(tmp_path, "failed.ipynb")
    assert any(event.level == "error" and "out of memory" in event.text for event in run.events)


def test_a_notebook_saved_without_outputs_is_refused_with_what_to_do(tmp_path: Path) -> None:
    saved = json.loads(NOTEBOOK.read_text())
    for cell in saved["cells"]:
        cell["outputs"] = []
    (tmp_path / "cleared.ipynb").write_text(json.dumps(saved))
    with pytest.raises(UserError, match="Save the notebook after its training cell ran"):
        read_one(tmp_path, "cleared.ipynb")


def test_a_broken_notebook_is_refused_with_what_to_pass(tmp_path: Path) -> None:
    (tmp_path / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "outputs": [')
    with pytest.raises(UserError, match="not a Jupyter notebook"):
        read_one(tmp_path, "broken.ipynb", "notebook")


def test_a_large_notebook_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notebook, "MAX_NOTEBOOK_BYTES", 1024)
    shutil.copy(NOTEBOOK, tmp_path / "big.ipynb")
    with pytest.raises(UserError, match="MiB"):
        read_one(tmp_path, "big.ipynb")
