"""K, the number of classes (or the vocabulary) a run predicts over, from the code or the config.

A chance level needs K: the cross-entropy of a uniform guess over K classes is ln K, its accuracy 1/K. K is read
where it is stated, never guessed from the first loss: a name that says it (`num_classes = 10`, `num_labels=3`,
`vocab_size: 50257`, in the code, its argparse defaults or the config), else, when the code computes a
cross-entropy, the `out_features` of the last `nn.Linear` it builds (the head), else the size of its largest
`nn.Embedding` (a language model whose head is tied to its embedding). An inspected model's head (the
`out_features` of its last `nn.Linear`, `ModelReport.head_width`) comes next, then a statement in the log itself
(`Target vocab size: 23709`: `Run.classes_stated`). The logged accuracy is the last source, read by the chance
detector itself (`detectors/chance.py`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from ..logs.model import Run
from .config_scan import load_config
from .pysource import Scan, call_name, repo_relative

CLASS_NAMES = frozenset(
    {"num_classes", "n_classes", "nb_classes", "num_labels", "n_labels", "classes", "vocab_size", "n_vocab",
     "ntokens", "ntoken", "num_tokens", "vocabulary_size", "num_class", "n_class", "nclass", "nclasses", "class_num",
     "class_number"}
)  # fmt: skip
"""Names that state K: torchvision (`num_classes`), Hugging Face (`num_labels`, `vocab_size`), nanoGPT
(`vocab_size`), the PyTorch word-language-model example (`ntokens`)."""
CROSS_ENTROPY_CALLS = frozenset({"CrossEntropyLoss", "cross_entropy", "NLLLoss", "nll_loss"})
"""Calls that make the loss a cross-entropy over the head's outputs (the head's width is then K)."""
MIN_CLASSES = 2
"""A head of one output is a regression or a binary logit (BCE), not K classes with a ln K chance loss."""


@dataclass(frozen=True)
class Classes:
    """K and where it was read."""

    k: int
    source: str
    """`file:line` or `config:key`, cited in the evidence."""


def whole(node: ast.AST | None) -> int | None:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def classes_in_code(scan: Scan) -> Classes | None:
    """K stated by a name in the file, else the last Linear's width when the loss is a cross-entropy, else the
    largest Embedding's size."""
    for name, node in {**scan.constants, **scan.options}.items():
        k = whole(node)
        if name.lower() in CLASS_NAMES and k is not None and k >= MIN_CLASSES:
            return Classes(k, f"{scan.name}:{node.lineno}")
    for call in scan.calls:
        for kw in call.keywords:
            k = whole(scan.resolve_number(kw.value)) if kw.arg in CLASS_NAMES else None
            if k is not None and k >= MIN_CLASSES:
                return Classes(k, f"{scan.name}:{call.lineno}")
    if not any(call_name(call) in CROSS_ENTROPY_CALLS for call in scan.calls):
        return None
    linears = [call for call in scan.calls if call_name(call) == "Linear" and len(call.args) >= 2]
    if linears:
        last = max(linears, key=lambda call: (call.lineno, call.col_offset))
        k = whole(scan.resolve_number(last.args[1]))
        return Classes(k, f"{scan.name}:{last.lineno}") if k is not None and k >= MIN_CLASSES else None
    embeddings = [
        (k, call)
        for call in scan.calls
        if call_name(call) == "Embedding" and call.args and (k := whole(scan.resolve_number(call.args[0])))
    ]
    if embeddings:
        k, call = max(embeddings, key=lambda pair: pair[0])
        return Classes(k, f"{scan.name}:{call.lineno}") if k >= MIN_CLASSES else None
    return None


def classes_in_config(path: Path, shown: str) -> Classes | None:
    """K stated by a key of the config file (its last dotted part one of CLASS_NAMES)."""
    for key, value in load_config(path).items():
        if key.rsplit(".", 1)[-1].lower() in CLASS_NAMES and type(value) is int and value >= MIN_CLASSES:
            return Classes(value, f"{shown}:{key}")
    return None


def find_classes(
    code_paths: list[Path], config_path: Path | None, display_root: Path | None, head_width: int | None = None
) -> Classes | None:
    """K from the first code file that states it, else the config, else the inspected model's head."""
    for path in code_paths:
        found = classes_in_code(Scan(path, display_root, set()))
        if found is not None:
            return found
    if config_path is not None:
        found = classes_in_config(config_path, repo_relative(config_path, display_root))
        if found is not None:
            return found
    if head_width is not None and head_width >= MIN_CLASSES:
        return Classes(head_width, "the model's last Linear (out_features)")
    return None


def classes_of_run(run: Run) -> Classes | None:
    """K as the run's own log states it (`Run.classes_stated`), cited by its line."""
    if run.classes_stated is None or run.classes_stated[0] < MIN_CLASSES:
        return None
    k, line = run.classes_stated
    return Classes(k, f"{run.source}:{line}")
