"""What a text log states of its run besides its metrics: K, the classes or the vocabulary the model predicts over,
echoed from its config (`Target vocab size: 23709`, `num_classes: 10`), which a chance level needs
(`diagnosis/classes.py`); which series is the loss, where its writer names it otherwise."""

from __future__ import annotations

import re

CLASSES_STATED = re.compile(
    rb"(?i)\b(?P<side>tgt|target|trg)?[ _]?(?:num[ _]?class(?:es)?|n[ _]?class(?:es)?|nb[ _]classes|number of classes|"
    rb"class[ _]?(?:number|num|count)|"
    rb"vocab(?:ulary)?[ _]size|n[ _]?vocab|num[ _]labels)[\"']?[ \t]*[:=][ \t]*(?P<k>[0-9]+)\b"
)
"""A statement of K: the names `diagnosis.classes.CLASS_NAMES` holds, as a log echoes them (`vocab_size=50257`, `Number
of classes: 50`, `'num_labels': 3`, an argparse echo's `class_number=4`); a target side's (`Target vocab size`) is what
a translator predicts."""


def classes_stated(head: bytes) -> tuple[int, int] | None:
    """(K, its line) stated in a log's `head` (its first chunk, where a config is echoed): the target side's where
    several are stated (a translator's source and target vocabularies), else the one value stated; None where none is,
    or where different values are stated and none is the target's. Whether K names classes at all (2 or more) is the
    diagnosis' to judge (`diagnosis.classes.classes_of_run`)."""
    if b"ocab" not in head and b"lass" not in head and b"abels" not in head:
        return None  # most logs state nothing: three scans, then no regex
    found = [(m.group("side") is not None, int(m.group("k")), m.start()) for m in CLASSES_STATED.finditer(head)]
    targets = {k for side, k, _ in found if side}
    values = targets or {k for _, k, _ in found}
    if len(values) != 1:
        return None
    k = values.pop()
    at = next(start for side, value, start in found if value == k and (side or not targets))
    return k, 1 + head.count(b"\n", 0, at)


LR_STATED = re.compile(
    rb"(?:lr|learn(?:ing)?[ _]?rate|base[ _]lr|init(?:ial)?[ _]lr)[\"']?[ \t]*[:=][ \t]*"
    rb"(?P<lr>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?)(?![\w.])"
)
"""A statement of the learning rate, as a log echoes its config (argparse's `Namespace(..., lr=0.001, ...)`, pprint's
`'lr': 10.0,`, `learning_rate: 2e-05`, `Learning rate = 0.01`, libFM's `learnrate=0.01`); not a schedule's other
settings (`lr_decay: 0.1`, `min_lr`, `warmup_lr`), matched in the head lower-cased."""


LR_HEAD_BYTES = 1 << 18
"""How much of a log's head is searched for its learning rate (256 KiB: a config is echoed before training starts;
the whole 1 MiB head took ~20 ms a file)."""
_NAME_GOES_ON = re.compile(rb"[\w.-]")
"""The byte before a name that makes it part of a longer one."""


def lr_stated(head: bytes) -> tuple[float, int] | None:
    """(the learning rate, its line) stated in a log's `head` (its first chunk), where one value is stated however
    often (a config echoed at each restart); None where none is, or where several are (param groups, runs of a sweep
    appended): a peak learning rate for the detectors where the log logs no lr series."""
    lowered = head[:LR_HEAD_BYTES].lower()
    found = [
        (float(m.group("lr")), m.start())
        for m in LR_STATED.finditer(lowered)
        if not _NAME_GOES_ON.match(lowered, max(m.start() - 1, 0), m.start())  # `min_lr`, `warmup_lr`, `d.lr`
    ]
    values = {lr for lr, _ in found}
    if len(values) != 1 or not 0 < (lr := values.pop()) < 100:
        return None
    return lr, 1 + head.count(b"\n", 0, found[0][1])


LOSSES_STATED = ((b"Score at iteration ", "Score", "DL4J's ScoreIterationListener"),)
"""(the words of a writer's line, the series they name, the writer) of writers that print their loss under a name that
says no loss: DL4J's ScoreIterationListener logs `Score at iteration 20 is 1.33`, the score being the loss function's
value (its javadoc: "Score iteration listener. Reports the score (value of the loss function) during training")."""


def loss_stated(head: bytes) -> tuple[str, str] | None:
    """(the loss's name, its writer) where the log's `head` holds a writer's line of LOSSES_STATED, else None."""
    return next(((name, writer) for words, name, writer in LOSSES_STATED if words in head), None)
