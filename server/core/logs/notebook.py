"""Jupyter notebooks (`.ipynb`): what a notebook's cells printed, read as the console log it is.

People train in notebooks and share them with their outputs saved: the training loop's lines (a Hugging Face
dict per logging step, a Keras progress line per epoch, `step 10 | loss 0.69`, tqdm bars) sit in the code cells'
outputs. This reader joins, in cell order, every stream output (stdout and stderr: tqdm writes to stderr), the
plain-text form of every result and display, and every error's traceback, and reads that text as the text reader
reads a console (the same line shapes, steps, blocks and events). Line numbers count lines of that joined text;
the run's notes say which cell printed which lines. Notebook formats 4 (`cells`) and 3 (`worksheets`) are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..cancel import check_cancelled
from ..errors import UnreadableInputError
from ..workspace import Vet, read_small_text, regular_file
from .contract import LogFormat
from .model import Run
from .text import CHUNK_BYTES, TextReader

FORMAT = LogFormat.NOTEBOOK
SUFFIXES = (".ipynb", ".json")  # a notebook saved or exported under a plain JSON name

MAX_NOTEBOOK_BYTES = 128 << 20  # a notebook is one JSON document, loaded whole: saved plots make them large
MAX_CELLS_NOTED = 12  # cells named in the note that maps line numbers to cells


def sniff(path: Path, head: bytes) -> bool:
    """A JSON document whose first key is a notebook's (`cells`, or `metadata`/`nbformat` with cells later)."""
    start = head.lstrip()[:4096]
    return start.startswith(b"{") and (b'"cells"' in start or b'"worksheets"' in start) and b'"cell_type"' in head


def claims_dir(path: Path) -> bool:
    return False


def _text(value: Any) -> str:
    """An output field as one string (notebooks store text as a string or as a list of lines)."""
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def _output_text(output: dict[str, Any]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return _text(output.get("text"))
    if kind == "error":
        return "\n".join(_text(line) for line in output.get("traceback") or []) + "\n"
    data = output.get("data")
    if isinstance(data, dict):  # execute_result, display_data (format 4)
        return _text(data.get("text/plain"))
    return _text(output.get("text"))  # pyout, pyerr (format 3)


def _code_cells(notebook: Any) -> list[dict[str, Any]]:
    if not isinstance(notebook, dict):
        return []
    cells = notebook.get("cells")
    if cells is None:  # format 3
        cells = [cell for sheet in notebook.get("worksheets") or [] for cell in sheet.get("cells") or []]
    return [cell for cell in cells if isinstance(cell, dict) and cell.get("cell_type") == "code"]


def printed(notebook: Any) -> Iterator[tuple[int, str]]:
    """`(cell number, text the cell printed)` for each code cell that printed something; cells count from 1."""
    for number, cell in enumerate(_code_cells(notebook), start=1):
        outputs = [o for o in cell.get("outputs") or [] if isinstance(o, dict)]
        text = "".join(_output_text(output) for output in outputs)
        if text.strip():
            yield number, text if text.endswith("\n") else text + "\n"


def _chunks(pieces: Iterator[str]) -> Iterator[bytes]:
    """The pieces' bytes in chunks of whole lines of about `CHUNK_BYTES`, as the text reader takes them."""
    pending: list[bytes] = []
    size = 0
    for piece in pieces:
        data = piece.encode("utf-8", errors="replace")
        pending.append(data)
        size += len(data)
        if size >= CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """The run a notebook's printed outputs hold; refused with what to do when it is no notebook or holds none."""
    path = vet(path)
    text = read_small_text(
        path, MAX_NOTEBOOK_BYTES, "a notebook this reader loads", "clear its saved plots, or save the log as text"
    )
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInputError(
            f"{source}: not a Jupyter notebook ({exc.msg} at line {exc.lineno}); pass format='text' or 'jsonl' "
            "if it is a log"
        ) from None
    outputs = list(printed(notebook))
    run = Run(source=source, format=FORMAT, files=[str(path)])
    reader = TextReader(run)
    first = 1
    for chunk in _chunks(text for _, text in outputs):
        check_cancelled()
        reader.read_chunk(chunk, first)
        first += chunk.count(b"\n")
    reader.finish()
    run.lines = first - 1
    if not run.metrics and not run.events_total:
        raise UnreadableInputError(
            f"{source}: the notebook's saved outputs hold no metric line nor warning ({len(outputs)} code cells "
            "printed text). Save the notebook after its training cell ran, or pass the log file the run writes"
        )
    spans, line = [], 1
    for number, text in outputs[:MAX_CELLS_NOTED]:
        lines = text.count("\n")
        spans.append(f"cell {number}: lines {line}-{line + lines - 1}")
        line += lines
    more = "; ..." if len(outputs) > MAX_CELLS_NOTED else ""
    run.notes.append("line numbers count the lines the code cells printed, in order: " + "; ".join(spans) + more)
    return [run]
