"""Measures of what a model produces: repetition, variety, collapse and the spread of its next-token distribution.

Pure (no torch): the inspection's output probe and the samples a run prints are measured here, one way.

Definitions (the answers quote them, see `DEFINITIONS`):
- repeated n-gram share of one output (seq-rep-n, Welleck et al. 2019, "Neural text generation with unlikelihood
  training"): 1 - distinct n-grams / n-grams of that output; 0 for an output that never repeats itself, near 1
  for a loop ("the the the").
- distinct-n over several outputs (Li et al. 2016, "A diversity-promoting objective"): distinct n-grams of all
  outputs together / all their n-grams.
- identical share: the largest group of identical outputs / all outputs (1.0: every input gives one output).
- next-token entropy ratio: mean entropy of the next-token distribution / its maximum ln V (V = vocabulary size).
- single-token share: the largest mean probability any one token gets over all positions (the mass on the one
  token the model favours everywhere; a healthy model spreads it across the tokens its context calls for).
- loss against chance: a language model's mean next-token cross-entropy on a real batch / ln V, the loss of a
  uniform guess over its V tokens. An untrained model scores about 1 (its first logged loss is ~ln V), a learning
  one below; above, its confident predictions are wrong on real text: gibberish said with conviction.

Which measures run is chosen by `OutputMeasure` (all of them by default); `measures_for` reads the words of a
symptoms text ("it repeats itself", "outputs gibberish") into the measures they call for. It only chooses what
runs: a finding's confidence never depends on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from enum import StrEnum, unique

REPEAT_N = 4
"""n of the repeated n-gram share: 4, as seq-rep-4 in Welleck et al. 2019."""
DISTINCT_N = 2
"""n of distinct-n: 2, as distinct-2 in Li et al. 2016."""
MIN_WORDS = 16
"""A text of at least this many words is measured in words, a shorter one in characters: a 64-token continuation
or an 80-character sample of a character-level model (~12 words) is measured in characters, where its loops show
('Readability counts.\nReadability counts.\n' repeats 4-grams of characters, few of words)."""

# Thresholds of an abnormal output, one set for the output probe and for the samples a log prints.
REPEATED_SHARE_HIGH = 0.55
"""Above it an output loops. Judged on what the model's own distribution produces: its continuations sampled at
temperature 1 (seeded) and the samples a run prints, never its greedy path, which loops for good models too
(Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration": greedy and beam decoding repeat, sampling
from the model does not when the model is good). Midway between the tuned casebook's healthy LM (sampled
continuations <= 0.34, logged samples <= 0.43: the Zen's own 'is better than' repeats) and its looping LM (sampled
and logged >= 0.63); its undertrained LM samples <= 0.02."""
IDENTICAL_SHARE_HIGH = 0.75
"""Three quarters of the prompts, inputs or a step's samples giving one output is collapse. Tuned casebook: healthy
LM prompts 0.375, healthy classifier batch 0.33, undertrained 0.625; collapsed LM and one-class classifier 1.0."""
SINGLE_TOKEN_SHARE_HIGH = 0.5
"""Half the probability (or of a sample's characters or words) on one token: the output ignores its context. Tuned
casebook: healthy LM 0.14 (logged samples <= 0.17), undertrained 0.14 (<= 0.21); collapsed LM 0.61 (samples
0.61-0.78)."""
COPY_SHARE_HIGH = 0.5
"""Half the inputs answered with themselves: the model learned to copy. Tuned casebook: healthy seq2seq 0.0,
copying seq2seq 1.0."""
MIN_OUTPUTS_COMPARED = 4
"""Outputs needed before their identical share means anything (two equal outputs of two inputs do not)."""
LOSS_OVER_CHANCE_HIGH = 1.25
"""A language model scoring its real batch at 1.25 ln V or more is confidently wrong. Measured: freshly initialised
CharLM and nanoGPT-shaped TinyGPT on the casebooks' text 1.00-1.07 ln V (seeds 0-2); undertrained LMs 0.59-0.64;
healthy and looping ones <= 0.04; the LMs trained at lr=1.0, whose samples read like an undertrained model's, far
above (tuned lm_lr_too_high 2.33, the earlier held-out lm_collapsed 1.73)."""


@unique
class OutputMeasure(StrEnum):
    """The output measures a probe or a log's samples can run; a symptoms text may choose among them."""

    REPETITION = "repetition"  # repeated n-gram share of each output: loops ("the the the")
    ONE_CLASS = "one_class"  # identical and single-token shares: one output (class, token) whatever the input
    COPYING = "copying"  # copy share: inputs answered with themselves
    GIBBERISH = "gibberish"  # loss against chance on a real batch: confident outputs that are no language


DEFAULT_MEASURES = frozenset(OutputMeasure)
"""What runs when the symptoms name none: every measure."""
SYMPTOM_PHRASES: dict[OutputMeasure, tuple[str, ...]] = {
    OutputMeasure.REPETITION: ("repeat", "repetit", "loop", "stutter", "degenera"),  # degeneration: Holtzman 2020
    OutputMeasure.ONE_CLASS: (
        "collaps", "identical", "one class", "single class", "majority class", "always predict", "always output",
        "always say", "always answer", "always return", "same output", "same prediction", "same answer",
        "same class", "same label", "same token", "same text", "same word",
    ),
    OutputMeasure.COPYING: ("copy", "copie", "echo", "parrot"),
    OutputMeasure.GIBBERISH: (
        "gibberish", "jibberish", "nonsens", "garbage", "garbl", "meaningless", "incoherent", "random char",
        "random text", "random token", "random word", "random letter",
    ),
}  # fmt: skip
"""Symptom phrases, each matched at the start of a word in any case, and the measure each calls for. About outputs
only: "the loss stays the same" or "a random seed" choose nothing (and so every measure runs)."""
SYMPTOM_PATTERNS = {
    measure: re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")", re.I)
    for measure, phrases in SYMPTOM_PHRASES.items()
}
REPEATED_WORD = re.compile(r"\b(\w+)(?:\W+\1\b){2,}", re.IGNORECASE)
"""A word said three times in a row in the symptoms ("it says the the the") calls for the repetition measure."""


def measures_for(symptoms: str | None) -> frozenset[OutputMeasure]:
    """The output measures a symptoms text calls for; every measure (`DEFAULT_MEASURES`) when it names none."""
    if not symptoms:
        return DEFAULT_MEASURES
    chosen = {measure for measure, pattern in SYMPTOM_PATTERNS.items() if pattern.search(symptoms)}
    if REPEATED_WORD.search(symptoms):
        chosen.add(OutputMeasure.REPETITION)
    return frozenset(chosen) or DEFAULT_MEASURES


DEFINITIONS = {
    "repeated_ngram_share": f"1 - distinct {REPEAT_N}-grams / {REPEAT_N}-grams of one output (seq-rep-{REPEAT_N}, "
    "Welleck et al. 2019): 0 never repeats itself, near 1 a loop; judged on sampled continuations (temperature 1), "
    "a greedy loop is only a remark (greedy decoding loops for good models too, Holtzman et al. 2020)",
    "distinct_n": f"distinct {DISTINCT_N}-grams of all outputs together / all their {DISTINCT_N}-grams "
    "(Li et al. 2016): low when outputs lost their variety",
    "identical_share": "largest group of identical outputs / all outputs: 1.0 when every input gives the same output",
    "entropy_ratio": "mean entropy of the next-token distribution / its maximum ln V (V the vocabulary size)",
    "single_token_share": "largest mean probability one token gets over all positions: the mass on the single token "
    "the model favours everywhere",
    "copy_share": "share of inputs whose output equals the input itself",
    "loss_over_chance": "a language model's mean next-token cross-entropy on the real batch / ln V (a uniform "
    "guess scores 1, an untrained model about 1): above 1 its confident outputs are wrong on real text",
}


def tokens_of(text: str) -> list[str]:
    """The units a text is measured in: its words when it has `MIN_WORDS` or more, else its characters."""
    words = text.split()
    return words if len(words) >= MIN_WORDS else list(text)


def ngrams(tokens: Sequence[Hashable], n: int) -> list[tuple[Hashable, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def repeated_ngram_share(tokens: Sequence[Hashable], n: int = REPEAT_N) -> float | None:
    """Share of the n-grams of one output that repeat an earlier one; None when it has no n-gram."""
    grams = ngrams(tokens, n)
    return 1 - len(set(grams)) / len(grams) if grams else None


def distinct_n(outputs: Sequence[Sequence[Hashable]], n: int = DISTINCT_N) -> float | None:
    """Distinct n-grams of all outputs together over all their n-grams; None when they hold no n-gram."""
    grams = [gram for tokens in outputs for gram in ngrams(tokens, n)]
    return len(set(grams)) / len(grams) if grams else None


def identical_share(outputs: Sequence[Hashable]) -> float | None:
    """The largest group of identical outputs over all outputs; None for no output."""
    if not outputs:
        return None
    return Counter(outputs).most_common(1)[0][1] / len(outputs)


def single_token_share(tokens: Sequence[Hashable]) -> float | None:
    """Share of an output's tokens (its characters when given a text) that are its most common token."""
    return Counter(tokens).most_common(1)[0][1] / len(tokens) if tokens else None


def most_common(outputs: Sequence[Hashable]) -> Hashable:
    """The output given most often (the first met among equals)."""
    return Counter(outputs).most_common(1)[0][0]
