"""The output casebook's first held-out cases, now tuning data: made after the thresholds were first set, they found
7 of 8; their miss (lm_collapsed, an LM trained at lr=1.0 that outputs confident gibberish) was looked at and the
loss-against-chance measure was built on it (and on tuned lm_lr_too_high). So these cases are tuned on now; the
new held-out set is scripts/make_output_heldout_b.py's, run once by the lead.

    python scripts/make_output_heldout.py      # writes tests/fixtures/outputs/heldout/<case>/

Other text (the opening of Alice's Adventures in Wonderland, public domain), other seeds and sizes, and other
failure mechanisms than scripts/make_output_casebook.py: collapse by a too-high learning rate (not smoothing),
loops from another repeated line, a classifier trained on 99% one class, a seq2seq copying over a larger vocabulary.
"""

from __future__ import annotations

from output_cases import MODELS, LMRun, classifier_case, lm_case, seq2seq_case

ALICE = (
    "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: "
    "once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations "
    "in it, 'and what is the use of a book,' thought Alice 'without pictures or conversations?'\n"
    "So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and "
    "stupid), whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking "
    "the daisies, when suddenly a White Rabbit with pink eyes ran close by her.\n"
    "There was nothing so very remarkable in that; nor did Alice think it so very much out of the way to hear the "
    "Rabbit say to itself, 'Oh dear! Oh dear! I shall be late!'\n"
)
PROMPTS = ("Alice was", "So she", "There was", "the Rabbit", "whether the", "once or", "Oh dear", "when sudden")


def main() -> None:
    root = MODELS / "heldout"
    runs = (
        LMRun("lm_healthy", ALICE, steps=500, lr=4e-3, seed=7, dim=32, hidden=96, prompts=PROMPTS),
        LMRun("lm_undertrained", ALICE, steps=30, lr=4e-3, seed=7, dim=32, hidden=96, eval_every=15, prompts=PROMPTS),
        LMRun("lm_collapsed", ALICE, steps=60, lr=1.0, seed=7, dim=32, hidden=96, eval_every=30, prompts=PROMPTS),
        LMRun("lm_loops", ALICE, 200, 4e-3, 7, "one_line", line="Oh dear! ", dim=32, hidden=96, prompts=PROMPTS),
    )
    for run in runs:
        print(lm_case(run, root))
    print(classifier_case("classifier_healthy", root, seed=7, steps=400, majority=0.25, features=24))
    print(classifier_case("classifier_one_class", root, seed=7, steps=400, majority=0.99, features=24))
    print(seq2seq_case("seq2seq_healthy", root, seed=7, steps=400, copy_bug=False, vocab=20))
    print(seq2seq_case("seq2seq_copy", root, seed=7, steps=400, copy_bug=True, vocab=20))


if __name__ == "__main__":
    main()
