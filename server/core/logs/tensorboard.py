"""TensorBoard event files (`events.out.tfevents.*`) and run folders.

The TFRecord framing is read directly (8-byte little-endian length, 4-byte
masked CRC of the length, the record, 4-byte masked CRC of the record) in big
chunks, and each record is decoded with the tensorboard package's own `Event`
protobuf class. CRCs are not verified (speed); a final record cut short (a
file still being written, or a copy interrupted) ends the file with a note.

Scalars come from `simple_value` (torch's `SummaryWriter.add_scalar`, TF1) and
from rank-0 numeric tensors (TF2 `tf.summary.scalar`, plugin `scalars`).
A folder is read as one run per directory holding event files (TensorBoard's
own convention); several event files in one directory (restarts) merge into
one run in file-name order, which is the order they were written. Sibling
directories named after a data split (Keras' `TensorBoard` callback writes
`train/` and `validation/`, each with the same tags `epoch_loss`...) are one
run, named by their parent, as TensorBoard shows them side by side: the
training folder's tags keep their names, another split folder's tags get the
folder's name before them (`validation/epoch_loss`) unless they already name a
split (`evaluation_loss_vs_iterations`).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..cancel import CHECK_EVERY, check_cancelled
from ..errors import UnreadableInputError, UserError
from ..workspace import Vet, open_vetted, regular_file
from .contract import LogFormat
from .model import NO_METRICS_YET, Run, no_metrics_yet

if TYPE_CHECKING:
    from google.protobuf.message import Message

FORMAT = LogFormat.TENSORBOARD
SUFFIXES: tuple[str, ...] = ()  # event files are known by name: events.out.tfevents.*
FILE_PREFIX = "events.out.tfevents."
CHUNK_BYTES = 16 << 20
MAX_FOLDER_DEPTH = 4
"""How deep below a given folder event files are looked for."""
MAX_RECORD_BYTES = 64 << 20
"""Longest record read. Scalar events are ~50 bytes, images and histograms KBs to a few MB; a record claiming
more is a corrupt length (or another file read as TensorBoard): reading stops there, instead of holding up to
that many bytes waiting for its end (a record claiming 1 GiB took 2.1 GB)."""

_HEADER = struct.Struct("<Q")
_HEADER_BYTES = 12  # length (8) + masked CRC of the length (4)
_FOOTER_BYTES = 4  # masked CRC of the record
_SCALARS_PLUGIN = "scalars"


def sniff(path: Path, head: bytes) -> bool:
    """An event file by name, or a TFRecord whose first record is the `brain.Event:` version header."""
    if path.name.startswith(FILE_PREFIX):
        return True
    if len(head) < _HEADER_BYTES:
        return False
    (length,) = _HEADER.unpack_from(head, 0)
    return length < 256 and b"brain.Event:" in head[_HEADER_BYTES : _HEADER_BYTES + length]


def claims_dir(path: Path) -> bool:
    """Whether the folder (or one below it, a few levels deep) holds event files."""
    return bool(event_files(path))


def event_files(folder: Path) -> list[Path]:
    """The event files under `folder` (at most MAX_FOLDER_DEPTH levels down), sorted by directory then name."""
    found: list[Path] = []
    base_depth = len(folder.parts)
    for directory, subdirs, files in os.walk(folder):
        here = Path(directory)
        if len(here.parts) - base_depth >= MAX_FOLDER_DEPTH:
            subdirs.clear()
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found.extend(here / name for name in sorted(files) if name.startswith(FILE_PREFIX))
    return found


def read(path: Path, source: str, vet: Vet = regular_file) -> list[Run]:
    """One run for an event file; one run per directory of event files for a folder.

    Every event file passes `vet` first; one it refuses, or that holds no TensorBoard record, is skipped with a
    note; when no event file of the folder can be read, `UnreadableInputError` says why.
    """
    if not path.is_dir():
        file = vet(path)
        run = Run(source=source, format=FORMAT, files=[str(file)])
        read_event_file(file, run)
        drop_placeholder(run)
        if not run.metrics:
            raise no_metrics_yet(source, "no scalar summary; images, histograms, graphs and text are not read")
        run.note_cuts()
        return [run]
    files = event_files(path)
    splits = split_folders(sorted({file.parent for file in files}))
    runs: dict[Path, Run] = {}
    problems: list[str] = []
    for file in files:
        directory, prefix = splits.get(file.parent, (file.parent, None))
        if directory not in runs:
            relative = directory.relative_to(path).as_posix()
            name = source if relative == "." else f"{source.rstrip('/')}/{relative}"
            runs[directory] = Run(source=name, format=FORMAT)
            if any(parent == directory for parent, _ in splits.values()):
                folders = sorted(d.name for d, (parent, _) in splits.items() if parent == directory)
                runs[directory].notes.append(
                    f"{', '.join(f'{folder}/' for folder in folders)} read as one run (one folder per data split, as "
                    "Keras' TensorBoard callback writes them): tags of a folder other than the training one are "
                    "named with the folder before them unless they name a split already"
                )
        run = runs[directory]
        try:
            real = vet(file)
            read_event_file(real, run, prefix)
        except UserError as exc:
            problems.append(str(exc))
            run.notes.append(f"{exc}; skipped")
            continue
        run.files.append(str(real))
    if not any(run.files for run in runs.values()):
        raise UnreadableInputError(f"{source}: no event file could be read ({'; '.join(problems)})")
    for run in runs.values():
        drop_placeholder(run)
        run.note_cuts()
    return list(runs.values())


PLACEHOLDER = "hp_metric"
"""Lightning's `TensorBoardLogger.log_hyperparams` logs `hp_metric` = -1 when no metric is given
(`default_hp_metric=True`): a placeholder for TensorBoard's HPARAMS tab, no measurement."""


def drop_placeholder(run: Run) -> None:
    """Drop Lightning's `hp_metric` when every value it holds is the placeholder -1."""
    series = run.metrics.get(PLACEHOLDER)
    if series is not None and all(value == -1 for value in series.values):
        del run.metrics[PLACEHOLDER]


def split_folders(directories: list[Path]) -> dict[Path, tuple[Path, str | None]]:
    """For each directory of event files that is one data split of a run (two or more sibling directories named
    after splits: Keras' `train/` and `validation/`), the run's directory (their parent) and the prefix its tags
    take (None for the training split, whose tags keep their names)."""
    from .roles import SPLIT_WORDS

    by_parent: dict[Path, list[Path]] = {}
    for directory in directories:
        if directory.name.lower() in SPLIT_WORDS:
            by_parent.setdefault(directory.parent, []).append(directory)
    found: dict[Path, tuple[Path, str | None]] = {}
    for parent, siblings in by_parent.items():
        if len(siblings) < 2:
            continue
        for directory in siblings:
            training = SPLIT_WORDS[directory.name.lower()] == "train"
            found[directory] = (parent, None if training else directory.name)
    return found


def read_event_file(path: Path, run: Run, split: str | None = None) -> None:
    """Append every scalar of one event file to `run`'s series, noting a truncated or undecodable tail; `split`
    is the name of the split folder the file is in when its tags need it before them (`split_folders`).

    Raises `UnreadableInputError` when the file does not start with a complete TensorBoard record.
    """
    decoder = _Decoder(_event_class(), run, split)
    carry = b""
    decoded_bytes = 0
    with open_vetted(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        while chunk := stream.read(CHUNK_BYTES):
            buffer = carry + chunk if carry else chunk
            used = decoder.decode(buffer, size - decoded_bytes)
            decoded_bytes += used
            carry = buffer[used:]
            if decoder.failed or decoder.overrun or decoder.oversized:
                break
    if not decoded_bytes:
        raise UnreadableInputError(
            f"{path.name} does not start with a complete TensorBoard record; pass an event file "
            "(events.out.tfevents.*) or its run folder"
        )
    if decoder.oversized:
        run.notes.append(
            f"{path.name}: the record at byte {decoded_bytes} claims {decoder.oversized} bytes, more than a "
            f"TensorBoard record holds ({MAX_RECORD_BYTES >> 20} MiB at most; corrupt?); the {size - decoded_bytes} "
            "bytes from there were skipped"
        )
    elif decoder.failed:
        run.notes.append(
            f"{path.name}: the record at byte {decoded_bytes} is not a TensorBoard event; the rest was skipped"
        )
    elif decoder.overrun or carry:
        run.notes.append(
            f"{path.name}: the last record is cut short or corrupt (its length, at byte {decoded_bytes}, runs past "
            f"the end of the file); the {size - decoded_bytes} bytes from there were skipped (file still being "
            "written, or copied while it was?)"
        )
    if not decoder.appenders:
        run.notes.append(
            f"{path.name}: {NO_METRICS_YET}: no scalar summaries (images, histograms, graphs and text are not read)"
        )


class _Decoder:
    """Decodes complete TFRecords of a buffer into a run's scalar series."""

    def __init__(self, event_class: type[Message], run: Run, split: str | None = None) -> None:
        self.from_string = event_class.FromString
        self.run = run
        self.split = split
        self.appenders: dict[str, Callable[[float, float], None]] = {}
        self.plugins: dict[str, str] = {}
        self.failed = False
        self.overrun = False  # a record's length runs past the end of the file: cut short, or a bogus length
        self.oversized = 0  # the length a record claims, when more than MAX_RECORD_BYTES

    def decode(self, buffer: bytes, remaining: int) -> int:
        """Decode every complete record of `buffer`; return the offset where the incomplete rest begins.

        `remaining` is what the file holds from the buffer's start on: a record longer than that can never be
        completed, so reading stops there instead of holding the rest of the file in memory waiting for it."""
        from google.protobuf.message import DecodeError

        view = memoryview(buffer)
        unpack = _HEADER.unpack_from
        from_string = self.from_string
        appenders = self.appenders
        end = len(buffer)
        offset = 0
        records = 0
        while offset + _HEADER_BYTES <= end:
            records += 1
            if not records % CHECK_EVERY:
                check_cancelled()
            (length,) = unpack(buffer, offset)
            start = offset + _HEADER_BYTES
            stop = start + length
            if length > MAX_RECORD_BYTES:  # corrupt: cut short if it runs past the file's end, else oversized
                self.overrun = stop + _FOOTER_BYTES > remaining
                self.oversized = 0 if self.overrun else length
                break
            if stop + _FOOTER_BYTES > end:
                self.overrun = stop + _FOOTER_BYTES > remaining
                break
            try:
                event = from_string(view[start:stop])
            except DecodeError:
                self.failed = True
                return offset
            offset = stop + _FOOTER_BYTES
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                if kind == "simple_value":
                    number = value.simple_value
                elif kind == "tensor":
                    number = self.tensor_scalar(value)
                    if number is None:
                        continue
                else:
                    continue
                tag = value.tag
                append = appenders.get(tag)
                if append is None:
                    series = self.run.series_within_cap(self.name(tag))
                    if series is None:
                        continue
                    append = appenders[tag] = series.append
                append(event.step, number)
        return offset

    def name(self, tag: str) -> str:
        """The series name of a tag: the split folder's name before it unless the tag names a split itself."""
        if self.split is None:
            return tag
        from .roles import split_of, words

        return tag if split_of(words(tag)) else f"{self.split}/{tag}"

    def tensor_scalar(self, value) -> float | None:  # noqa: ANN001 - a protobuf Summary.Value
        """The number of a rank-0 numeric tensor summary (TF2 scalars), or None for anything else."""
        plugin = value.metadata.plugin_data.plugin_name
        if plugin:
            self.plugins[value.tag] = plugin
        else:
            plugin = self.plugins.get(value.tag, _SCALARS_PLUGIN)
        tensor = value.tensor
        if plugin != _SCALARS_PLUGIN or tensor.tensor_shape.dim:
            return None
        decoded = _TENSOR_DECODERS.get(tensor.dtype)
        return decoded(tensor) if decoded else None


def _from_content_or(fmt: str, field: str) -> Callable[[object], float | None]:
    size = struct.calcsize(fmt)

    def decode(tensor) -> float | None:  # noqa: ANN001 - a protobuf TensorProto
        content = tensor.tensor_content
        if len(content) >= size:
            return float(struct.unpack_from(fmt, content)[0])
        values = getattr(tensor, field)
        return float(values[0]) if values else None

    return decode


def _half_from_bits(tensor) -> float | None:  # noqa: ANN001 - a protobuf TensorProto
    if len(tensor.tensor_content) >= 2:
        return float(struct.unpack_from("<e", tensor.tensor_content)[0])
    return float(struct.unpack("<e", struct.pack("<H", tensor.half_val[0]))[0]) if tensor.half_val else None


# TensorFlow DataType numbers (tensorboard/compat/proto/types.proto).
_TENSOR_DECODERS: dict[int, Callable[[object], float | None]] = {
    1: _from_content_or("<f", "float_val"),  # DT_FLOAT
    2: _from_content_or("<d", "double_val"),  # DT_DOUBLE
    3: _from_content_or("<i", "int_val"),  # DT_INT32
    9: _from_content_or("<q", "int64_val"),  # DT_INT64
    19: _half_from_bits,  # DT_HALF
}


def _event_class() -> type[Message]:
    try:
        from tensorboard.compat.proto.event_pb2 import Event
    except ImportError as exc:
        raise UserError(
            "reading TensorBoard event files needs the tensorboard package: pip install 'ml-skills-mcp[tensorboard]'"
        ) from exc
    return Event
