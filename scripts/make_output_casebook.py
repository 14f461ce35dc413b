"""The output casebook's tuning cases: real tiny seeded CPU runs whose outputs the thresholds were set on.

    python scripts/make_output_casebook.py               # writes tests/fixtures/outputs/tuned/<case>/
    python scripts/make_output_casebook.py lm_lr_too_high    # only the cases named

`lm_lr_too_high` (an LM trained at lr=1.0: confident gibberish whose samples read like an undertrained model's)
was added after the earlier held-out set (scripts/make_output_heldout.py, now tuning data too) missed its twin.
"""

from __future__ import annotations

import contextlib
import io

with contextlib.redirect_stdout(io.StringIO()):  # importing `this` prints the Zen
    import this

import sys
from collections.abc import Callable

from output_cases import MODELS, LMRun, classifier_case, lm_case, seq2seq_case

ZEN = "".join(this.d.get(c, c) for c in this.s)  # the Zen of Python, 856 characters


def main(names: list[str]) -> None:
    root = MODELS / "tuned"
    collapsed = LMRun("lm_collapsed", ZEN, 100, 3e-3, 0, bug="smoothing_to_pad", smoothing=0.6, eval_every=50)
    cases: dict[str, Callable[[], str]] = {
        "lm_healthy": lambda: lm_case(LMRun("lm_healthy", ZEN, steps=400, lr=3e-3, seed=0), root),
        "lm_undertrained": lambda: lm_case(LMRun("lm_undertrained", ZEN, 20, 3e-3, seed=0, eval_every=10), root),
        "lm_collapsed": lambda: lm_case(collapsed, root),
        "lm_loops": lambda: lm_case(LMRun("lm_loops", ZEN, 150, 3e-3, seed=0, bug="one_line", eval_every=50), root),
        "lm_lr_too_high": lambda: lm_case(LMRun("lm_lr_too_high", ZEN, steps=60, lr=1.0, seed=0, eval_every=30), root),
        "classifier_healthy": lambda: classifier_case("classifier_healthy", root, seed=0, steps=300, majority=0.25),
        "classifier_one_class": lambda: classifier_case("classifier_one_class", root, seed=0, steps=300, majority=0.98),
        "seq2seq_healthy": lambda: seq2seq_case("seq2seq_healthy", root, seed=0, steps=300, copy_bug=False),
        "seq2seq_copy": lambda: seq2seq_case("seq2seq_copy", root, seed=0, steps=300, copy_bug=True),
    }
    unknown = sorted(set(names) - set(cases))
    if unknown:
        raise SystemExit(f"no case {', '.join(unknown)}; the cases: {', '.join(cases)}")
    for name in names or cases:
        print(cases[name]())


if __name__ == "__main__":
    main(sys.argv[1:])
