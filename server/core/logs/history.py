"""Metric histories saved as one document: Keras' `history.history` and the dicts of lists scripts dump.

`json.dump(history.history, f)` (one object of parallel lists, one value per epoch), the same printed with
`str()` or `print()` (a Python dict: single quotes, `nan`, numpy 2's `np.float64(0.5)`), and hand-made
histories mixing metadata with the lists (`{"timestamp": ..., "train_loss": [...], "test_acc": 77.6}`). The
document is read whole: JSON with `json`, a Python literal with `safe_literal.read_literal` (never evaluated).
Nested objects are flattened with `/` (`{"train": {"loss": [...]}}` gives `train/loss`); an object keyed by row
numbers (`pandas.DataFrame(history.history).to_json()`: `{"loss": {"0": 0.69, "1": 0.52}}`) is a list in that
order, its `null`s NaN (pandas writes NaN as null); an object of records keyed by their step (`{"global": {"1":
{"accuracy": 0.73}, "2": ...}}`, a federated run's rounds) is each key's list on those steps; a `null` in a plain list
is a missing value, no point (the others keep their epochs).

What is a metric:
- a list of numbers holding a float (a loss, an accuracy; `1.0`, not `1`): one point per epoch. The run's epochs
  are the longest such list's; epochs are numbered from 1, as Keras prints them (`Epoch 1/100`), unless a list named
  `epoch`/`epochs`/`step`/`steps` of that length gives them. A shorter list whose length divides the epochs
  (Keras' `validation_freq`) is spread over them evenly (every k-th epoch), else put on the first epochs (noted);
- a list of integers as long as the epochs (a count per epoch) is a metric too; a shorter one is an index
  (`phase_starts: [0, 15, 40]`, milestones) and is not;
- a single float beside the lists (`test_acc: 77.6`, a final evaluation) is one point at the last epoch; a single
  integer (`img_size: 112`, a seed, a count) is a setting, not a metric; strings and lists of strings are
  metadata.
NaN and inf are values.

The same dict printed one key per line (`for key, values in history.history.items(): print(f"{key}: {values}")`:
`loss: [1.01, 0.63, ...]`, then `val_loss: [...]`) is read as that dict.

A document that is a list of objects, one per logging moment (Chainer's `LogReport` file `log`,
`json.dump(records)`, pandas' `to_json(orient="records")`), is read as JSON Lines records are (`jsonl.add_record`: the
step from `step`/`iteration`/`epoch`, else the record's place). So is such a list under one key of an object that holds
no metric lists (`{"config": {...}, "history": [{"epoch": 1, "train_loss": 2.01}, ...]}`): the rest is settings.
Beside metric lists, a list of objects of the same keys as long as they are (one object per epoch: `"train_metrics":
[{"mse": 1.03, "r2": -0.61}, ...]`) is those keys' lists (`train_metrics/mse`).
A list of rows of numbers (`[[15, 2.18, 2.17], [30, 2.04, 2.09], ...]`) is a table with no header (`add_rows`). A list
of numbers (`json.dump(losses, f)`, `f.write(str(losses))`) is one series named by the file, and such lists one a line
(of several lengths, or longer than a table's row) are runs appended, each counting its steps from 1 again.
skorch's `History`, epoch records holding their batches' records, is read on one axis of batches
(`add_skorch_history`). CatBoost's `catboost_training.json` is its `iterations` records, each set's values named by
the metrics its `meta` declares (`catboost_named`).

The same documents saved with `pickle.dump` (`pickle.dump(history.history, open("trainHistoryDict", "wb"))`, the way
Keras' FAQ answers are written, any protocol) are read too, by an unpickler that builds plain values only: lists,
dicts, numbers, strings and numpy's scalars and arrays (their values); any other class in the pickle (code it would
run) refuses the file, and nothing of it is imported or called.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, TypeGuard

from ..cancel import check_cancelled
from ..errors import UnreadableInputError, UserError
from ..nesting import flatten
from ..safe_literal import read_literal
from ..workspace import Vet, open_vetted, regular_file
from .contract import LogFormat
from .jsonl import add_record, listed
from .lines import measured_key
from .model import Run, no_metrics_yet

FORMAT = LogFormat.HISTORY
SUFFIXES = (".json", ".txt", ".pkl", ".pickle")
MAX_HISTORY_BYTES = 64 << 20
"""Largest history read (parsed whole; Python's json takes ~4x the file's size, as trainer_state's bound). A
history of 1,000 epochs of 20 metrics is ~0.5 MB; a Python literal is bounded lower by `MAX_LITERAL_CHARS`."""
TAIL_BYTES = 4096
"""Bytes read from a file's end to find its last character (a history ends with `}` then a newline or two)."""
AXIS_NAMES = frozenset({"epoch", "epochs", "step", "steps"})
"""Lists that give the epochs' numbers, not a metric."""
_NUMERIC_LIST = re.compile(
    rb"""["']\s*:\s*(?:(?:\w+\.)*array\(\s*)?\[\s*(?:(?:\w+\.)*\w+\(\s*)?['"]?[-+]?"""
    rb"""(?:\d|\.\d|nan\b|inf\b|NaN\b|Infinity\b|null\b|None\b)"""
)
"""A key whose value is a list opening on a number or a missing value (`"loss": [0.69`, `'loss': [np.float64(0.69)`,
`'loss': array([0.69`, `"val_loss": [null`)."""
_ROW_COLUMN = re.compile(rb"""["']\s*:\s*\{\s*["']0["']\s*:\s*[-+]?(?:\d|\.\d|null\b|NaN\b)""")
"""pandas' `to_json` column: an object keyed by row numbers from "0" (`"loss":{"0":0.69`)."""
_LIST_LINE = re.compile(
    rb"[ \t]*['\"]?([A-Za-z_][\w./ -]{0,80}?)['\"]?[ \t]*:[ \t]*"
    rb"(\[[ \t]*(?:(?:\w+\.)*\w+\([ \t]*)?[-+]?(?:\d|\.\d|nan\b|inf\b|None\b).*\])[ \t]*"
)
"""One key of a history printed per line, its list opening on a number: `loss: [1.01, 0.63, 0.47]`,
`'val_acc': [np.float64(0.5), ...]`."""
_TENSOR_KEYWORDS = re.compile(r",[ \t]*(?:grad_fn=<\w+>|device='[^'\n]*'|dtype=[\w.]+|requires_grad=True)")
"""The keywords a tensor's repr prints after its value (`tensor(2.3294, grad_fn=<AddBackward0>)`, `device='cuda:0'`):
`grad_fn=<...>` is no Python, and none of them is the value (round61's GY-008, `loss_log: [tensor(2.33, grad_fn=...),
...]`)."""
_LONG_LIST_OPENING = re.compile(
    rb"[ \t]*['\"]?[A-Za-z_][\w./ -]{0,80}?['\"]?[ \t]*:[ \t]*\[[ \t]*(?:[-+]?(?:\d|\.\d)[^,\]]*,[ \t]*){%d}" % 16
)
"""The opening of a list line longer than the head (`val_loss:[0.0325, 0.0332, ...` over 80 KB: a history of 4,000
epochs): a key and 16 numbers of its list."""
_RECORDS_START = re.compile(rb"\[\s*(?:\[\s*)?\{\s*\"")
"""A list of records: `[` then an object with a double-quoted key (`[\n    {\n        "iteration": 100,`), each perhaps
in a list of its own (`[[{"reward": 0, "total_score": 106, ...}], [{...`: an episode's final state a list)."""
_ROWS_START = re.compile(rb"\[\s*\[\s*[-+]?[0-9.]")
"""A list of rows of numbers: `[[15, 2.178, 2.167], [30, ...` (`json.dump(history)` of `history.append([step, train,
val])`)."""
_VALUES_START = re.compile(rb"\[[ \t\r\n]*[-+]?(?:[0-9]|\.[0-9])")
"""A list of numbers: `json.dump(losses, f)` or `f.write(str(losses))` (`[2.31, 1.97, ...`), one run's values, or
one such list per line, each a run's (round86's KT-021, a DQN's average rewards, one list per training run)."""
_VALUE = rb"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?(?:nan|inf|NaN|Infinity)"
_VALUE_LINE = re.compile(rb"[ \t]*\[?[ \t]*(?:(?:%s)[ \t]*,[ \t]*)*(?:%s)?[ \t]*,?[ \t]*\]?[ \t\r]*" % (_VALUE, _VALUE))
"""A line of such a list: numbers and commas, perhaps its opening or closing bracket (no time stamp, no words)."""
_RECORDS_VALUE = re.compile(rb"\"\s*:\s*(?:\[|\{\s*\"\d+\"\s*:)\s*\{\s*\"")
"""A key whose value is a list of records (`"history": [\n    {\n      "epoch": 1,`) or an object of records keyed by
their step (`"global": {"1": {"accuracy": 0.73,`)."""
_PICKLE_START = re.compile(rb"\x80[\x02-\x05]|\((?:dp|lp)[0-9]*\n")
"""A pickle's first bytes: protocol 2-5's PROTO opcode, or protocol 0 (text) opening a dict or a list (`(dp0`)."""
PICKLE_GLOBALS = frozenset(
    {
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),
        ("collections", "OrderedDict"),
    }
)
"""The only callables a pickled history may name: the constructors of numpy's scalars and arrays (a history of
`np.float32` values, tf.keras 2's), of their dtypes and byte strings, and of an ordered dict."""
MAX_PICKLE_VALUES = 10_000_000
"""Values (numbers, strings, lists, dicts) read from one pickle: ten times a large history's."""
COLUMNS_NOT_ROWS = 8
"""A list of rows longer than this (and than twice their number) is a few parallel columns, not a row of values per
step: no loop logs that many numbers a step without names."""
MAX_NESTING = 32
"""Levels of objects looked into for row-numbered columns (a history nests 1 or 2)."""


def sniff(path: Path, head: bytes) -> bool:
    """A document opening with `{` that holds a list of numbers and ends with `}`, not one object per line (JSON
    Lines, a console of printed dicts); a console that prints a config dict before its training lines does not
    end with `}`. Or a list of records: `[` then an object, ending with `]`. Or a pickle (`_PICKLE_START`)."""
    if _PICKLE_START.match(head):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _list_lines(text):
        return _last_byte(path) == b"]"
    if _RECORDS_START.match(text) or _ROWS_START.match(text):
        return _last_byte(path) == b"]"
    if _VALUES_START.match(text) and _value_lists(text):
        return _last_byte(path) == b"]"
    if not text.startswith(b"{") or not (
        _NUMERIC_LIST.search(text) or _ROW_COLUMN.search(text) or _RECORDS_VALUE.search(text)
    ):
        return False
    lines = text.splitlines()
    if lines[0].rstrip().endswith(b"}") and any(line.lstrip().startswith(b"{") for line in lines[1:]):
        return False
    if sum(line.startswith(b"{") and not line.rstrip().endswith(b",") for line in lines[1:]) > 1:
        return False  # a document, then JSON lines (LAVIS: config, records); not an array's members, one a line
        # (CatBoost's `{"learn":[0.105],"iteration":0,...},`, the last one with no comma)
    return _last_byte(path) == b"}"


def _list_lines(head: bytes) -> bool:
    """Whether the file's head is keys printed one per line, each with its list of numbers: every whole line of it,
    two or more lines (a head that stops inside a line leaves that line out), or one list line longer than the head."""
    lines = head.rstrip().splitlines()
    if len(lines) == 1 and not head.rstrip().endswith(b"]"):  # one line longer than the head
        return _LONG_LIST_OPENING.match(lines[0]) is not None
    lines = [line for line in (lines if head.rstrip().endswith(b"]") else lines[:-1]) if line.strip()]
    return len(lines) >= 2 and all(_LIST_LINE.fullmatch(line) for line in lines)


def _value_lists(head: bytes) -> bool:
    """Whether the file's head is numbers and commas alone, in one list (a document, over one line or many: only its
    first line opens a list) or lists one a line that are no table's rows: of several lengths, or the first longer than
    a row a script prints per epoch (COLUMNS_NOT_ROWS; `[0.0128, 0.0117, 1137.32]` a line, all of one length, is the
    text reader's). The head may stop inside its last line: that line's last cell is left out."""
    lines = [line for line in head.splitlines() if line.strip()]
    if not head.endswith((b"\n", b"\r")):
        lines[-1] = lines[-1].rpartition(b",")[0]
    if not all(_VALUE_LINE.fullmatch(line) for line in lines):
        return False
    opened = [line for line in lines if line.lstrip().startswith(b"[")]
    whole = opened[:-1] or opened
    return len(opened) == 1 or len({line.count(b",") for line in whole}) > 1 or whole[0].count(b",") >= COLUMNS_NOT_ROWS


def _last_byte(path: Path) -> bytes:
    """The file's last byte that is not a blank (read from its end: the file is the one the gate let through)."""
    try:
        with open_vetted(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read(TAIL_BYTES).rstrip()
    except (OSError, UserError):
        return b""
    return tail[-1:]


def claims_dir(path: Path) -> bool:
    return False


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run from a history document (see the module's docstring)."""
    path = vet(path)
    with open_vetted(path, "rb") as handle:
        raw = handle.read(MAX_HISTORY_BYTES + 1)
    if len(raw) > MAX_HISTORY_BYTES:
        raise UnreadableInputError(
            f"{source} is more than {MAX_HISTORY_BYTES >> 20} MiB, more than a saved metric history holds; pass "
            "its metrics as JSON Lines or CSV (one row per epoch)"
        )
    check_cancelled()
    value_lists: list[list[float]] | None = None
    if _PICKLE_START.match(raw):
        document = unpickle(raw, source)
    else:
        text = raw.decode("utf-8-sig", errors="replace")
        opening = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
        document = parse_list_lines(text, source) if _list_lines(opening) else None
        if document is None and _VALUES_START.match(opening) and sum(map(_opens_list, text.splitlines())) > 1:
            lists = [parse_document(line, source) for line in text.splitlines() if line.strip()]
            value_lists = lists if all(map(_values, lists)) else None  # a list of values a line: a run each
        document = parse_document(text, source) if document is None and value_lists is None else document
    run = Run(source=source, format=FORMAT, files=[str(path)])
    run.lines = raw.count(b"\n") + 1
    document = catboost_named(document)
    if isinstance(document, list) and document and all(_records(item) and len(item) == 1 for item in document):
        document = [item[0] for item in document]  # a record a list, each of one (round85's KQ-005)
    if value_lists is not None or _values(document):
        for values in value_lists or [document]:  # one run's values (`json.dump(losses, f)`), or runs appended, each
            add_rows(run, [[value] for value in values], path.name)  # counting its steps from 1 again
    elif _records(document) and any(isinstance(record.get("batches"), list) for record in document):
        add_skorch_history(run, document)
    elif _records(document):
        for index, record in enumerate(document, 1):
            add_record(run, listed(flatten(record, "/")), index, None)  # one document: no line per record
    elif _rows(document):
        add_rows(run, as_rows(document), path.name)
    elif isinstance(document, list) and len(document) > 1 and all(map(_values, document)):
        for number, values in enumerate(document, start=1):  # `pickle.dump([batch_losses, epoch_losses], f)`: lists
            series = run.series(path.name if number == 1 else f"{path.name} row {number}")  # of their own lengths, a
            for step, value in enumerate(values, start=1):  # series each, as the text reader reads a row of numbers
                series.append(float(step), float(value))  # (round85's KQ-008)
    elif isinstance(document, dict):
        add_history(run, flatten(records_as_lists(rows_as_lists(document)), "/"))
        records = max((value for value in document.values() if _records(value)), key=len, default=None)
        for index, record in enumerate(records if records is not None and not run.metrics else (), 1):
            add_record(run, listed(flatten(record, "/")), index, None)
    else:
        raise UnreadableInputError(
            f"{source} is a {type(document).__name__}, neither a dict of metric lists nor a list of records or rows"
        )
    if not run.metrics:
        raise no_metrics_yet(source, "no list of numbers holding a float, no record with a number")
    run.note_cuts()
    return [run]


_SKORCH_BOOKKEEPING = re.compile(r"_batch_size$|_batch_count$|_best$|^event_|^epoch$|^dur$")
"""skorch's bookkeeping in its `History`: batch sizes and counts, `*_best` flags, callbacks' `event_*`, the epoch's
number and duration."""


def add_skorch_history(run: Run, epochs: list[dict[str, Any]]) -> None:
    """skorch's `History` (`net.history.to_file`, `save_params(f_history=...)`): a record per epoch whose `batches`
    hold a record per batch (`{"train_loss": 0.70, "train_batch_size": 64}`, then the validation's). Each training
    batch is a step, counted across epochs; a validation batch's values and the epoch's own (its mean `train_loss`,
    `valid_loss`, `valid_acc`) sit at its last training batch (round90's LB-016). Bookkeeping is none
    (`_SKORCH_BOOKKEEPING`)."""
    step = 0.0
    for epoch in epochs:
        for batch in epoch.get("batches") or []:
            if not isinstance(batch, dict):
                continue
            step += any(name.startswith("train") for name in batch)
            _add_values(run, batch, step)
        _add_values(run, {name: value for name, value in epoch.items() if name != "batches"}, step)
    run.notes.append(f"skorch's History: {len(epochs)} epoch(s), {int(step)} training batches on one axis")


def _add_values(run: Run, record: dict[str, Any], step: float) -> None:
    for name, value in record.items():
        if _is_number(value) and not _SKORCH_BOOKKEEPING.search(name):
            series = run.series_within_cap(name)
            if series is not None:
                series.append(step, float(value))


def catboost_named(document: Any) -> Any:
    """CatBoost's `catboost_info/catboost_training.json`: `{"meta": {"learn_metrics": [{"name": "RMSE"}, ...],
    "test_metrics": [...]}, "iterations": [{"iteration": 0, "learn": [0.105], "test": [0.105], ...}, ...]}`, each
    set's values in the order its metrics are declared: the records with those values named (`learn/RMSE`,
    `test/RMSE`); any other document as it is."""
    if not isinstance(document, dict) or not isinstance(meta := document.get("meta"), dict):
        return document
    iterations = document.get("iterations")
    if not _records(iterations):
        return document
    declared = {
        split: [metric.get("name") for metric in meta.get(f"{split}_metrics") or [] if isinstance(metric, dict)]
        for split in ("learn", "test")
    }
    named = []
    for record in iterations:
        row = {key: value for key, value in record.items() if key not in declared}
        for split, names in declared.items():
            values = record.get(split)
            if isinstance(values, list) and len(values) == len(names):
                row.update({f"{split}/{name}": value for name, value in zip(names, values, strict=True)})
        named.append(row)
    return named


def unpickle(raw: bytes, source: str) -> Any:
    """The plain value (dicts, lists, numbers, strings) a pickled history holds; `UnreadableInputError` when the
    pickle names any callable beyond PICKLE_GLOBALS, is malformed, or holds a container twice (a cycle)."""
    import io
    import pickle

    class PlainValues(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if (module, name) not in PICKLE_GLOBALS:
                raise pickle.UnpicklingError(f"it names {module}.{name}, which no metric history needs")
            return super().find_class(module, name)

    try:
        value = PlainValues(io.BytesIO(raw)).load()
    except Exception as exc:  # noqa: BLE001 - a malformed pickle raises any of a dozen types
        raise UnreadableInputError(
            f"{source} is a pickle this reader does not open ({str(exc)[:200]}); save the history with "
            "json.dump(history.history, f), or pass its metrics as CSV"
        ) from None
    return plain(value, source)


def plain(value: Any, source: str) -> Any:
    """`value` rebuilt of dicts (string keys, in order), lists and scalars, numpy's values by `tolist()`; anything
    else is None (no metric). Walks with a stack of its own; a container met twice, or more than MAX_PICKLE_VALUES
    values, refuses the document."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    seen: set[int] = set()
    count = 0
    while stack:
        item, parent, key = stack.pop()
        count += 1
        if count > MAX_PICKLE_VALUES:
            raise UnreadableInputError(f"{source} holds more than {MAX_PICKLE_VALUES:,} values, more than a history")
        if not isinstance(item, (dict, list, tuple)) and callable(getattr(item, "tolist", None)):
            item = item.tolist()  # a numpy scalar or array
        if isinstance(item, (dict, list, tuple)):
            if id(item) in seen:
                raise UnreadableInputError(f"{source} holds a list or dict inside itself or twice: no metric history")
            seen.add(id(item))
        if isinstance(item, dict):
            parent[key] = mapping = dict.fromkeys(str(k) for k in item)
            stack.extend((v, mapping, str(k)) for k, v in item.items())
        elif isinstance(item, (list, tuple)):
            parent[key] = items = [None] * len(item)
            stack.extend((v, items, i) for i, v in enumerate(item))
        else:
            parent[key] = item if item is None or isinstance(item, (bool, int, float, str)) else None
    return root[0]


def parse_document(text: str, source: str) -> Any:
    """The value of a JSON document or, failing that, of a Python literal; `UnreadableInputError` when neither."""
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableInputError(f"{source} is nested too deeply to be a metric history") from None
    except ValueError as exc:  # malformed, or an integer too long to convert (Python's 4,300-digit limit)
        json_problem = str(exc)[:200]
    try:
        return read_literal(text)
    except ValueError as exc:
        raise UnreadableInputError(
            f"{source} is neither JSON ({json_problem}) nor a printed Python dict ({exc}); pass a complete "
            "json.dump(history.history) file, or format= the format of the file"
        ) from None


def parse_list_lines(text: str, source: str) -> dict[str, Any]:
    """The dict a history printed one key per line stands for (`loss: [1.01, 0.63]` -> `{"loss": [1.01, 0.63]}`)."""
    document: dict[str, Any] = {}
    for line in text.splitlines():
        match = _LIST_LINE.fullmatch(line.encode())
        if match is None:
            continue
        try:
            document[match.group(1).decode()] = read_literal(_TENSOR_KEYWORDS.sub("", match.group(2).decode()))
        except ValueError as exc:
            raise UnreadableInputError(
                f"{source}: the list of {match.group(1).decode()!r} is no literal ({exc})"
            ) from None
    return document


def _records(value: Any) -> TypeGuard[list[dict[str, Any]]]:
    """A non-empty list of objects (one per logging moment)."""
    return isinstance(value, list) and bool(value) and all(isinstance(record, dict) for record in value)


def _values(value: Any) -> TypeGuard[list[float]]:
    """A list of numbers holding a float (`[2.31, 1.97]`: one metric's values; integers alone are an index, ids)."""
    return isinstance(value, list) and _all_numbers(value) and any(isinstance(v, float) for v in value)


def _opens_list(line: str) -> bool:
    return line.lstrip().startswith("[")


def _rows(value: Any) -> TypeGuard[list[list[float]]]:
    """A non-empty list of rows of numbers, all of one length: one is a column (`losses.reshape(-1, 1).tolist()`, a
    list of `[loss]`: round76's JQ-001, a DQN's TD losses)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(row, list) and len(row) == len(value[0]) >= 1 and all(map(_is_number, row)) for row in value)
    )


def as_rows(table: list[list[float]]) -> list[list[float]]:
    """A table's rows: the table itself, or its transpose when it is a few long lists (`pickle.dump([steps,
    losses], f)`: parallel columns, each longer than COLUMNS_NOT_ROWS and than twice their number)."""
    width = len(table[0])
    return [list(row) for row in zip(*table, strict=True)] if width > max(COLUMNS_NOT_ROWS, 2 * len(table)) else table


def add_rows(run: Run, rows: list[list[float]], file: str) -> None:
    """A table of rows with no header, as the text reader reads one: a first column of increasing integers is the
    step, the first value column is named by the file and the others `<file> column N` (N counted from the file's
    first cell); with no such step column, rows are steps 1, 2, ...."""
    columns = list(zip(*rows, strict=True))
    stepped = (
        len(columns) > 1  # a column alone is the values
        and all(map(_whole, columns[0]))
        and all(b > a for a, b in zip(columns[0], columns[0][1:], strict=False))
    )
    steps = [float(v) for v in columns[0]] if stepped else [float(i) for i in range(1, len(rows) + 1)]
    first = 2 if stepped else 1  # the first value column, counted from 1
    for number, column in enumerate(columns[first - 1 :], start=first):
        series = run.series(file if number == first else f"{file} column {number}")
        for step, value in zip(steps, column, strict=True):
            series.append(step, float(value))


def rows_as_lists(document: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """The document with every object keyed by row numbers (`{"0": 0.69, "1": null}`) made a list in row order, a
    `null` there read as the NaN pandas wrote; one of records so keyed, their lists (`_keyed_records`)."""
    if depth >= MAX_NESTING:
        return document
    found: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, dict) and value and all(isinstance(k, str) and k.isdigit() for k in value):
            rows = [value[k] for k in sorted(value, key=int)]
            if all(isinstance(row, dict) for row in rows):  # records keyed by their step: `{"1": {"acc": 0.73}, ...}`
                found[key] = _keyed_records(sorted(map(int, value)), rows)
            else:
                found[key] = [math.nan if row is None else row for row in rows]
        elif isinstance(value, dict):
            found[key] = rows_as_lists(value, depth + 1)
        else:
            found[key] = value
    return found


def _keyed_records(steps: list[int], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Records keyed by their step (a federated run's `{"global": {"1": {"accuracy": 0.73}, "2": ...}}`, round83's
    KM-012) as lists, one per key, with their `step` list; records keyed by ids in turn (each client's, per round) are
    no run-wide series and are left out."""
    flat = [flatten(row, "/") for row in rows]
    names = dict.fromkeys(name for row in flat for name in row if not name.split("/")[0].isdigit())
    return {"step": steps, **{name: [row.get(name) for row in flat] for name in names}} if names else {}


def records_as_lists(document: dict[str, Any]) -> dict[str, Any]:
    """The document with each list of objects of one set of keys that is as long as a list of numbers beside it (one
    object per epoch), or whose length divides its length (an object per epoch beside a value per step: 10 epochs'
    records beside 9,500 step losses), or as long as another such list (`{"train": [{"loss": ...}, ...], "val":
    [...]}`: each split's records, an object per epoch; round64's HS-001), made an object of lists, one per key."""
    lengths = {len(value) for value in document.values() if isinstance(value, list) and _all_numbers(value)}
    parallel = Counter(len(value) for value in document.values() if _records(value))
    found = dict(document)
    for key, value in document.items():
        if (
            _records(value)
            and (
                len(value) in lengths
                or (len(value) > 1 and any(length % len(value) == 0 for length in lengths))
                or parallel[len(value)] > 1
            )
            and all(record.keys() == value[0].keys() for record in value)
        ):
            found[key] = {name: [record[name] for record in value] for name in value[0]}
    return found


def add_history(run: Run, fields: dict[str, Any]) -> None:
    """Put the metrics of a flattened history into `run` (see the module's docstring)."""
    lists = {name: value for name, value in fields.items() if isinstance(value, list) and _all_numbers(value)}
    with_floats = [len(values) for values in lists.values() if any(isinstance(v, float) for v in values)]
    if not with_floats:  # no curve: a document of final results (`{"Precision": 0.84, "mAP": 0.99}`, round90's LB-007)
        for name, value in fields.items():  # reads as one point a measure, a settings dump (`{"lr": 0.001}`) as none
            if isinstance(value, float) and measured_key(name) and (series := run.series_within_cap(name)) is not None:
                series.append(1.0, value)
        return
    epochs = max(with_floats)
    axis_name = next((name for name in lists if _is_axis(name, lists[name], epochs)), None)
    steps = [float(v) for v in lists[axis_name]] if axis_name else [float(i) for i in range(1, epochs + 1)]
    dropped: list[str] = []
    uneven: list[str] = []
    for name, values in lists.items():
        if name == axis_name or not values:
            continue
        if len(values) != epochs and all(_whole(v) for v in values):
            dropped.append(name)
            continue
        at = _spread(steps, len(values))
        if at is None:
            at = steps[: len(values)]
            uneven.append(name)
        series = run.series_within_cap(name)
        if series is not None:
            for step, value in zip(at, values, strict=False):
                if value is not None:
                    series.append(step, float(value))
    last = steps[-1]
    settings = []
    for name, value in fields.items():
        if not _is_number(value):
            continue
        if isinstance(value, float) and _last_word(name) not in AXIS_NAMES:
            series = run.series_within_cap(name)
            if series is not None:
                series.append(last, value)
        else:
            settings.append(name)
    where = f"at {axis_name!r}" if axis_name else "numbered from 1"
    run.notes.append(f"a saved history of {epochs} epoch(s) ({where}), one point per epoch")
    if uneven:
        run.notes.append(f"{', '.join(uneven[:8])}: fewer values than epochs, put on the first epochs")
    if dropped:
        run.notes.append(
            f"{', '.join(dropped[:8])}: lists of integers shorter than the epochs, read as indices, not metrics"
        )
    if settings:
        run.notes.append(f"{', '.join(settings[:8])}: single integers, read as settings, not metrics")


def _spread(steps: list[float], count: int) -> list[float] | None:
    """The steps of a list of `count` values over the epochs: all of them, every k-th (a validation every k
    epochs), or None when `count` does not divide them."""
    if count == len(steps):
        return steps
    if count and len(steps) % count == 0:
        every = len(steps) // count
        return steps[every - 1 :: every]
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _all_numbers(values: list) -> bool:
    """Numbers, `null`s (missing values) among them allowed, at least one number."""
    return all(_is_number(v) or v is None for v in values) and any(v is not None for v in values)


def _whole(value: float | None) -> bool:
    """An integer as the file writes it (`112`; an accuracy of 1.0 is written `1.0`, a float), or a missing value."""
    return not isinstance(value, float)


def _last_word(name: str) -> str:
    return name.rsplit("/", 1)[-1].lower()


def _is_axis(name: str, values: list, epochs: int) -> bool:
    """A complete `epoch`/`step` list (`history/epoch` too) as long as the epochs, in order, of whole numbers (an
    epoch may be fractional): it numbers them. A list of losses named `steps`, one per step, is a metric."""
    if _last_word(name) not in AXIS_NAMES or len(values) != epochs or None in values:
        return False
    ordered = all(later >= earlier for earlier, later in zip(values, values[1:], strict=False))
    return ordered and (_last_word(name).startswith("epoch") or all(float(v).is_integer() for v in values))
