"""The output casebook's tuning cases: real tiny seeded CPU runs whose outputs the thresholds were set on.

    python scripts/make_output_casebook.py      # writes tests/fixtures/outputs/tuned/<case>/

The held-out cases (scripts/make_output_heldout.py) come from other seeds, text, sizes and failure mechanisms.
"""

from __future__ import annotations

import contextlib
import io

with contextlib.redirect_stdout(io.StringIO()):  # importing `this` prints the Zen
    import this

from output_cases import MODELS, LMRun, classifier_case, lm_case, seq2seq_case

ZEN = "".join(this.d.get(c, c) for c in this.s)  # the Zen of Python, 856 characters


def main() -> None:
    root = MODELS / "tuned"
    print(lm_case(LMRun("lm_healthy", ZEN, steps=400, lr=3e-3, seed=0), root))
    print(lm_case(LMRun("lm_undertrained", ZEN, steps=20, lr=3e-3, seed=0, eval_every=10), root))
    collapsed = LMRun("lm_collapsed", ZEN, 100, 3e-3, 0, bug="smoothing_to_pad", smoothing=0.6, eval_every=50)
    print(lm_case(collapsed, root))
    print(lm_case(LMRun("lm_loops", ZEN, steps=150, lr=3e-3, seed=0, bug="one_line", eval_every=50), root))
    print(classifier_case("classifier_healthy", root, seed=0, steps=300, majority=0.25))
    print(classifier_case("classifier_one_class", root, seed=0, steps=300, majority=0.98))
    print(seq2seq_case("seq2seq_healthy", root, seed=0, steps=300, copy_bug=False))
    print(seq2seq_case("seq2seq_copy", root, seed=0, steps=300, copy_bug=True))


if __name__ == "__main__":
    main()
