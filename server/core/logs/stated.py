"""What a text log states of its run besides its metrics: K, the classes or the vocabulary the model predicts over,
echoed from its config (`Target vocab size: 23709`, `num_classes: 10`), which a chance level needs
(`diagnosis/classes.py`)."""

from __future__ import annotations

import re

CLASSES_STATED = re.compile(
    rb"(?i)\b(?P<side>tgt|target|trg)?[ _]?(?:num[ _]?classes|n[ _]classes|nb[ _]classes|number of classes|"
    rb"vocab(?:ulary)?[ _]size|n[ _]?vocab|num[ _]labels)[\"']?[ \t]*[:=][ \t]*(?P<k>[0-9]+)\b"
)
"""A statement of K: the names `diagnosis.classes.CLASS_NAMES` holds, as a log echoes them (`vocab_size=50257`,
`Number of classes: 50`, `'num_labels': 3`); a target side's (`Target vocab size`) is what a translator predicts."""
MIN_CLASSES = 2


def classes_stated(chunk: bytes, first_line: int) -> tuple[int, int] | None:
    """(K, its line) stated in `chunk` (its first line numbered `first_line`): the target side's where several are
    stated (a translator's source and target vocabularies), else the one value stated; None where none is, or where
    different values are stated and none is the target's."""
    if b"ocab" not in chunk and b"lass" not in chunk and b"abels" not in chunk:
        return None  # most logs state nothing: three scans, then no regex
    found = [(m.group("side") is not None, int(m.group("k")), m.start()) for m in CLASSES_STATED.finditer(chunk)]
    targets = {k for side, k, _ in found if side}
    values = targets or {k for _, k, _ in found}
    if len(values) != 1 or (k := values.pop()) < MIN_CLASSES:
        return None
    at = next(start for side, value, start in found if value == k and (side or not targets))
    return k, first_line + chunk.count(b"\n", 0, at)
