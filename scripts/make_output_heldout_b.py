"""Build the second held-out output casebook: real tiny seeded CPU runs whose outputs are healthy or degenerate.

Written apart from the output probe and its casebooks (its author read neither), so the probe is judged on cases
it was not shaped by. Every case is a run a training script would make: a model trained here on data made here
(word sentences of a nursery-rhyme grammar, tabular clusters, digit strings to reverse), its state dict
(`model.pt`), a `train.log` printing metrics and, every few hundred steps, samples of what the model produces
(three print styles: `step N | sample: ...`, nanoGPT's blocks between dashes, `Generated: ...` lines; predictions
with their labels for the classifier and the seq2seq model), a real batch `sample.pt`, and for language models a
vocabulary file and prompts. Faults come from real causes (a label-smoothing bug, a data pipeline filling each
window with one repeated line, a warmup never capped, a resumed run with a 10x learning rate, a dataset returning
its source as the target), never from editing outputs.

The manifest `cases.json` gives each case's expected catalogue id (None for no output finding), the ids also
acceptable beside it (what the curves may rightly say), the step its fault begins (`fault_from_step`) and the
first sample step from which its printed samples stay degenerate by a plain check of this script
(`degenerate_from_step`: ungrammatical, one token, looping, one class, copied; see `degenerate`).

    python scripts/make_output_heldout_b.py [OUT_DIR] [--only NAME ...]  # default OUT_DIR bench/out/outputs_heldout_b
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import heldout_b_models as models  # noqa: E402

torch.set_num_threads(1)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bench" / "out" / "outputs_heldout_b"
MODELS_FILE = Path(models.__file__).resolve()

# --- the word grammar: nursery-rhyme sentences ----------------------------------------------------------------------
PAD = "<pad>"
END = "."
DETERMINERS = ("the", "a", "my", "his", "her")
ADJECTIVES = ("little", "old", "big", "black", "merry", "tiny", "wooly")
NOUNS = ("cat", "dog", "lamb", "cow", "mouse", "king", "queen", "spider", "sheep", "pig", "hen", "clock", "moon")
NOUNS += ("fiddle", "spoon", "dish", "wall", "hill", "star")
INTRANSITIVE = ("sat", "ran", "jumped", "sang", "danced", "slept", "went")
TRANSITIVE = ("saw", "found", "had", "kissed", "chased")
PREPOSITIONS = ("on", "over", "under", "up", "to", "by", "with")
ADVERBS = ("away", "home", "again", "fast")
REFRAINS = (
    "twinkle twinkle little star",
    "baa baa black sheep have you any wool",
    "hey diddle diddle the cat and the fiddle",
    "the cow jumped over the moon",
    "humpty dumpty sat on a wall",
    "jack and jill went up the hill",
    "mary had a little lamb",
)
REFRAIN_SHARE = 0.25
"""Share of sentences that are a refrain line (the rest come from the phrase grammar)."""
ADJECTIVE_SHARE = 0.4
"""Share of noun phrases with an adjective."""


def vocabulary() -> list[str]:
    """Every word of the grammar, `<pad>` first (id 0), then `.`, then the rest in order of first appearance."""
    words = [PAD, END]
    for group in (DETERMINERS, ADJECTIVES, NOUNS, INTRANSITIVE, TRANSITIVE, PREPOSITIONS, ADVERBS):
        words += [w for w in group if w not in words]
    for word in " ".join(REFRAINS).split():
        if word not in words:
            words.append(word)
    return words


VOCABULARY = vocabulary()
WORD_ID = {w: i for i, w in enumerate(VOCABULARY)}
assert len(VOCABULARY) == models.WORD_VOCAB, len(VOCABULARY)


def noun_phrase(rng: random.Random) -> list[str]:
    adjective = [rng.choice(ADJECTIVES)] if rng.random() < ADJECTIVE_SHARE else []
    return [rng.choice(DETERMINERS), *adjective, rng.choice(NOUNS)]


def sentence(rng: random.Random) -> list[str]:
    """One sentence of the grammar, ending with `.`."""
    if rng.random() < REFRAIN_SHARE:
        return [*rng.choice(REFRAINS).split(), END]
    subject = noun_phrase(rng)
    kind = rng.randrange(3)
    if kind == 0:
        verb_phrase = [rng.choice(INTRANSITIVE), rng.choice(ADVERBS)]
    elif kind == 1:
        verb_phrase = [rng.choice(INTRANSITIVE), rng.choice(PREPOSITIONS), *noun_phrase(rng)]
    else:
        verb_phrase = [rng.choice(TRANSITIVE), *noun_phrase(rng)]
    return [*subject, *verb_phrase, END]


def text_stream(seed: int, words: int) -> list[int]:
    """Token ids of sentences drawn until `words` tokens."""
    rng = random.Random(seed)
    ids: list[int] = []
    while len(ids) < words:
        ids += [WORD_ID[w] for w in sentence(rng)]
    return ids[:words]


def is_noun_phrase(words: list[str]) -> bool:
    if len(words) == 2:
        return words[0] in DETERMINERS and words[1] in NOUNS
    return len(words) == 3 and words[0] in DETERMINERS and words[1] in ADJECTIVES and words[2] in NOUNS


def grammatical(words: list[str]) -> bool:
    """Whether `words` (one sentence without its `.`) is a sentence of the grammar."""
    if " ".join(words) in REFRAINS:
        return True
    for cut in (2, 3):
        subject, rest = words[:cut], words[cut:]
        if not is_noun_phrase(subject) or not rest:
            continue
        verb, tail = rest[0], rest[1:]
        if verb in INTRANSITIVE and len(tail) == 1 and tail[0] in ADVERBS:
            return True
        if verb in INTRANSITIVE and tail and tail[0] in PREPOSITIONS and is_noun_phrase(tail[1:]):
            return True
        if verb in TRANSITIVE and is_noun_phrase(tail):
            return True
    return False


LM_PROMPTS = ("the little", "mary had a", "a black dog", "twinkle twinkle", "her old king sat", "the spider")
"""Text prompts of the language-model cases (prompts.json), each a sentence's beginning."""
LOG_PROMPTS = ("the", "jack and", "my tiny cat", "humpty dumpty")
"""Prompts whose continuations the training scripts print as samples."""
SAMPLE_TOKENS = 24
"""Tokens each printed sample continues its prompt by."""
SAMPLE_TEMPERATURE = 0.8
"""Temperature of the printed samples (nanoGPT's sample.py default)."""
CONTEXT = 32
"""Training window of the language models (tokens)."""
BATCH = 32


# --- plain checks of what a printed sample shows (the manifest's degenerate_from_step) --------------------------------
DEGENERATE_SHARE = 0.5
"""A sample step is degenerate when at least half of what it shows is wrong (this script's own plain bar)."""
LOOP_NGRAM = 4
"""Length of the word n-grams whose repeats mark a loop."""


def lm_symptoms(continuations: list[list[str]], val_loss: float) -> dict[str, bool]:
    """What a sample step shows: ungrammatical (under half of the complete sentences parse), one token (one word is
    half of all words), looping (half of the 4-grams repeat an earlier one), confidently wrong (a validation loss
    above ln V: worse than a uniform guess, which only an overconfident model reaches)."""
    words = [w for c in continuations for w in c]
    sentences, parsed = 0, 0
    for continuation in continuations:
        text = " ".join(continuation).split(f" {END}")[1:-1]  # complete sentences after the prompt's own
        for piece in text:
            sentences += 1
            parsed += grammatical(piece.split())
    ungrammatical = sentences == 0 or parsed / sentences < DEGENERATE_SHARE
    one_token = Counter(words).most_common(1)[0][1] / len(words) >= DEGENERATE_SHARE
    repeats, grams = 0, 0
    for continuation in continuations:
        seen: set[tuple[str, ...]] = set()
        for i in range(len(continuation) - LOOP_NGRAM + 1):
            gram = tuple(continuation[i : i + LOOP_NGRAM])
            repeats += gram in seen
            grams += 1
            seen.add(gram)
    looping = grams > 0 and repeats / grams >= DEGENERATE_SHARE
    return {
        "ungrammatical": ungrammatical, "one_token": one_token, "looping": looping,
        "confidently_wrong": val_loss > math.log(len(VOCABULARY)),
    }  # fmt: skip


def degenerate_from(steps: list[int], flags: list[dict[str, bool]], symptom: str) -> int | None:
    """The first sample step from which every later sample step shows `symptom`."""
    first = None
    for step, shown in zip(steps, flags, strict=True):
        flag = shown[symptom]
        if flag and first is None:
            first = step
        elif not flag:
            first = None
    return first


# --- the runs --------------------------------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    kind: str  # "lm" | "classifier" | "seq2seq"
    factory: str
    expect: str | None
    acceptable: list[str]
    fault: str
    fault_from_step: int | None
    symptom: str | None  # the plain check of its printed samples that shows its fault (see `lm_symptoms`)
    build: Callable[[Case, Path], dict] = field(repr=False)


@dataclass
class LogWriter:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def write(self, path: Path) -> None:
        path.write_text("\n".join(self.lines) + "\n")


def windows(stream: torch.Tensor, generator: torch.Generator, batch: int = BATCH) -> tuple[torch.Tensor, ...]:
    starts = torch.randint(0, len(stream) - CONTEXT - 1, (batch,), generator=generator)
    chunk = torch.stack([stream[s : s + CONTEXT + 1] for s in starts.tolist()])
    return chunk[:, :-1], chunk[:, 1:]


@torch.no_grad()
def continue_text(model: nn.Module, prompt: str, generator: torch.Generator) -> list[str]:
    """The prompt's words then SAMPLE_TOKENS sampled words (temperature SAMPLE_TEMPERATURE)."""
    model.eval()
    ids = [WORD_ID[w] for w in prompt.split()]
    for _ in range(SAMPLE_TOKENS):
        logits = model(torch.tensor([ids[-CONTEXT:]]))[0, -1] / SAMPLE_TEMPERATURE
        ids.append(int(torch.multinomial(F.softmax(logits, -1), 1, generator=generator)))
    model.train()
    return [VOCABULARY[i] for i in ids]


@torch.no_grad()
def eval_loss(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten()).item()
    model.train()
    return loss


@dataclass
class LmRecipe:
    """How one language-model run trains and logs."""

    model: Callable[[], nn.Module]
    steps: int
    lr: Callable[[int], float]
    style: str  # "pipe" | "nanogpt" | "generated"
    log_every: int = 20
    sample_every: int = 100
    data: str = "stream"  # "stream": windows of running text; "repeat_line": each window one sentence repeated
    smoothing_bug: float = 0.0  # the label-smoothing mass put on column 0 (<pad>) instead of spread over the words
    seed: int = 0


def lm_batch(recipe: LmRecipe, stream: torch.Tensor, generator: torch.Generator, rng: random.Random):
    if recipe.data == "stream":
        return windows(stream, generator)
    # the data pipeline's bug: each window is filled by repeating one line instead of reading on through the text
    rows = []
    for _ in range(BATCH):
        line = [WORD_ID[w] for w in sentence(rng)]
        rows.append((line * (CONTEXT // len(line) + 2))[: CONTEXT + 1])
    chunk = torch.tensor(rows)
    return chunk[:, :-1], chunk[:, 1:]


def lm_loss(recipe: LmRecipe, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    if not recipe.smoothing_bug:
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten())
    eps = recipe.smoothing_bug
    target = F.one_hot(targets.flatten(), len(VOCABULARY)).float() * (1 - eps)
    target[:, 0] += eps  # meant: target += eps / len(VOCABULARY)
    return -(target * F.log_softmax(logits.flatten(0, 1), -1)).sum(-1).mean()


def train_lm(recipe: LmRecipe, folder: Path) -> dict:
    torch.manual_seed(recipe.seed)
    generator = torch.Generator().manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    train = torch.tensor(text_stream(100 + recipe.seed, 60_000))
    val = torch.tensor(text_stream(200 + recipe.seed, 6_000))
    model = recipe.model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.lr(0), weight_decay=0.01)
    log = LogWriter()
    sample_steps: list[int] = []
    flags: list[dict[str, bool]] = []
    started = time.perf_counter()
    for step in range(recipe.steps + 1):
        if step % recipe.sample_every == 0 or step == recipe.steps:
            vloss = eval_loss(model, *windows(val, torch.Generator().manual_seed(7), batch=64))
            # the training loss nanoGPT's estimate_loss prints: a batch of the training pipeline (bug included)
            tloss = eval_loss(model, *lm_batch(recipe, train, torch.Generator().manual_seed(7), random.Random(7)))
            sample_generator = torch.Generator().manual_seed(1000 + step)
            samples = [continue_text(model, p, sample_generator) for p in LOG_PROMPTS]
            write_lm_samples(log, recipe.style, step, tloss, vloss, samples)
            sample_steps.append(step)
            continuations = [s[len(p.split()) :] for s, p in zip(samples, LOG_PROMPTS, strict=True)]
            flags.append(lm_symptoms(continuations, vloss))
            if step == recipe.steps:
                break
        for group in optimizer.param_groups:
            group["lr"] = recipe.lr(step)
        x, y = lm_batch(recipe, train, generator, rng)
        loss = lm_loss(recipe, model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if step % recipe.log_every == 0:
            write_metric(log, recipe.style, step, loss.item(), recipe.lr(step), time.perf_counter() - started)
    log.write(folder / "train.log")
    torch.save(model.state_dict(), folder / "model.pt")
    (folder / "vocab.json").write_text(json.dumps(VOCABULARY))
    (folder / "prompts.json").write_text(json.dumps(list(LM_PROMPTS)))
    real = torch.tensor(text_stream(300, 8 * CONTEXT)).view(8, CONTEXT)  # a real batch of running text
    torch.save(real, folder / "sample.pt")
    return {"sample_steps": sample_steps, "flags": flags}


def write_metric(log: LogWriter, style: str, step: int, loss: float, lr: float, seconds: float) -> None:
    if style == "nanogpt":
        log.add(f"iter {step}: loss {loss:.4f}, time {1000 * seconds / max(step, 1):.2f}ms")
    elif style == "generated":
        log.add(f"epoch 0 step {step} train_loss={loss:.4f} lr={lr:.2e}")
    else:
        log.add(f"step {step} | loss {loss:.4f} | lr {lr:.2e}")


def write_lm_samples(
    log: LogWriter, style: str, step: int, tloss: float, vloss: float, samples: list[list[str]]
) -> None:
    if style == "nanogpt":
        log.add(f"step {step}: train loss {tloss:.4f}, val loss {vloss:.4f}")
        for words in samples:
            log.add(" ".join(words))
            log.add("---------------")
    elif style == "generated":
        log.add(f"epoch 0 step {step} val_loss={vloss:.4f}")
        for words in samples:
            log.add(f"Generated: {' '.join(words)}")
    else:
        log.add(f"step {step} | val_loss {vloss:.4f}")
        for words in samples:
            log.add(f"step {step} | sample: {' '.join(words)}")


def constant(lr: float) -> Callable[[int], float]:
    return lambda step: lr


def warmup_cosine(peak: float, warmup: int, total: int) -> Callable[[int], float]:
    def lr(step: int) -> float:
        if step < warmup:
            return peak * (step + 1) / warmup
        return peak * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))

    return lr


def warmup_uncapped(peak: float, warmup: int) -> Callable[[int], float]:
    """The bug: linear warmup never stops at its peak (no `min(1, step / warmup)`)."""
    return lambda step: peak * (step + 1) / warmup


# --- classifier ------------------------------------------------------------------------------------------------------
SPECIES = ("spruce", "pine", "oak", "birch", "maple")
RESUME_STEP = 300
"""The step at which the one-class classifier's run resumed with a 10x learning rate."""


def clusters(seed: int, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Balanced tabular data: five overlapping Gaussian clusters in 12 features (tree measurements, say)."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(models.CLASSES, models.FEATURES, generator=torch.Generator().manual_seed(11)) * 1.6
    labels = torch.arange(n) % models.CLASSES
    x = centres[labels] + torch.randn(n, models.FEATURES, generator=g)
    return x, labels


def train_classifier(folder: Path, *, lr_after: float | None, seed: int = 0) -> dict:
    """SGD with momentum at lr 0.05; with `lr_after`, the run resumed at step RESUME_STEP read that lr."""
    torch.manual_seed(seed)
    x, y = clusters(seed + 1, 4000)
    eval_x, eval_y = clusters(seed + 2, 10)  # two of each class, printed with the model's predictions
    model = models.Classifier()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    generator = torch.Generator().manual_seed(seed)
    log = LogWriter()
    sample_steps: list[int] = []
    flags: list[dict[str, bool]] = []
    steps = 800
    for step in range(steps + 1):
        if step % 100 == 0:
            model.eval()
            with torch.no_grad():
                predictions = model(eval_x).argmax(-1)
                accuracy = (model(x[:1000]).argmax(-1) == y[:1000]).float().mean().item()
            model.train()
            log.add(f"step {step} | eval_acc {accuracy:.4f}")
            for p, t in zip(predictions.tolist(), eval_y.tolist(), strict=True):
                log.add(f"Prediction: {SPECIES[p]} | label: {SPECIES[t]}")
            sample_steps.append(step)
            flags.append({"one_class": len(set(predictions.tolist())) == 1})
            if step == steps:
                break
        if lr_after is not None and step == RESUME_STEP:
            log.add(f"resuming from checkpoint at step {step} with lr={lr_after}")
            for group in optimizer.param_groups:
                group["lr"] = lr_after
        idx = torch.randint(0, len(x), (64,), generator=generator)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            log.add(f"step {step} | loss {loss.item():.4f} | lr {optimizer.param_groups[0]['lr']:.3g}")
    log.write(folder / "train.log")
    torch.save(model.state_dict(), folder / "model.pt")
    batch_x, _ = clusters(seed + 3, 40)  # a real balanced batch: eight of each class
    torch.save(batch_x, folder / "sample.pt")
    return {"sample_steps": sample_steps, "flags": flags}


# --- seq2seq ---------------------------------------------------------------------------------------------------------
SEQ_LEN = 8


def digit_strings(generator: torch.Generator, n: int) -> torch.Tensor:
    return torch.randint(0, models.DIGITS, (n, SEQ_LEN), generator=generator)


def train_reverser(folder: Path, *, copy_bug: bool, seed: int = 0, steps: int = 600) -> dict:
    """Learn to reverse digit strings; with `copy_bug`, the dataset returns the source as its own target."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    eval_src = digit_strings(torch.Generator().manual_seed(5), 6)
    model = models.Reverser()
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3)
    log = LogWriter()
    sample_steps: list[int] = []
    flags: list[dict[str, bool]] = []
    for step in range(steps + 1):
        if step % 100 == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                predictions = model(eval_src).argmax(-1)
            model.train()
            accuracy = (predictions == eval_src.flip(1)).float().mean().item()
            log.add(f"step {step} | eval_token_acc {accuracy:.4f}")
            for src, pred in zip(eval_src.tolist(), predictions.tolist(), strict=True):
                shown = [" ".join(map(str, digits)) for digits in (src, pred, src[::-1])]
                log.add(f"input: {shown[0]} | prediction: {shown[1]} | target: {shown[2]}")
            sample_steps.append(step)
            flags.append({"copied": (predictions == eval_src).all(-1).float().mean().item() >= DEGENERATE_SHARE})
            if step == steps:
                break
        src = digit_strings(generator, 64)
        tgt = src if copy_bug else src.flip(1)  # the bug: `return self.src[i], self.src[i]`
        loss = F.cross_entropy(model(src).flatten(0, 1), tgt.flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 25 == 0:
            log.add(f"step {step} | loss {loss.item():.4f}")
    log.write(folder / "train.log")
    torch.save(model.state_dict(), folder / "model.pt")
    torch.save(digit_strings(torch.Generator().manual_seed(9), 32), folder / "sample.pt")  # real sources
    return {"sample_steps": sample_steps, "flags": flags}


# --- the cases -------------------------------------------------------------------------------------------------------
def lm(recipe: LmRecipe) -> Callable[[Case, Path], dict]:
    return lambda case, folder: train_lm(recipe, folder)


UNDERTRAINED = "lm_undertrained"
"""The one case that is neither healthy nor faulty: its samples are unlearned text, with no output fault of its own."""
CURVE_IDS_OF_A_BLOW_UP = ["lr_too_high", "loss_spike", "exploding_gradients", "numerical_instability"]
CURVE_IDS_OF_A_BLOW_UP += ["loss_oscillation"]

CASES = [
    Case(
        "lm_transformer_healthy", "lm", "WordTransformer", None, [],
        "none: AdamW 3e-3, warmup 50 then cosine, 1000 steps", None, None,
        lm(LmRecipe(models.WordTransformer, 1000, warmup_cosine(3e-3, 50, 1000), "pipe")),
    ),
    Case(
        "lm_mlp_healthy", "lm", "NgramMLP", None, [],
        "none: an MLP 4-gram model, AdamW 3e-3 cosine, 1200 steps", None, None,
        lm(LmRecipe(models.NgramMLP, 1200, warmup_cosine(3e-3, 20, 1200), "nanogpt", sample_every=200, seed=1)),
    ),
    Case(
        UNDERTRAINED, "lm", "WordTransformer", None, ["loss_plateau", "lr_too_low"],
        "none of its own: 60 steps at lr 3e-4, stopped long before it learned the grammar", None, None,
        lm(LmRecipe(models.WordTransformer, 60, constant(3e-4), "pipe", log_every=2, sample_every=20, seed=2)),
    ),
    Case(
        "lm_collapsed_smoothing", "lm", "WordTransformer", "mode_collapse", [],
        "label smoothing gone wrong: its 0.6 of mass put on <pad> (column 0) instead of spread over the words",
        0, "one_token",
        lm(LmRecipe(models.WordTransformer, 600, warmup_cosine(3e-3, 50, 600), "pipe", smoothing_bug=0.6, seed=3)),
    ),
    Case(
        "lm_loops_repeated_line", "lm", "WordTransformer", "mode_collapse", ["overfitting"],
        "data pipeline bug: every training window is one sentence repeated to fill it", 0, "looping",
        lm(LmRecipe(models.WordTransformer, 1200, warmup_cosine(3e-3, 50, 1200), "nanogpt", data="repeat_line",
                    seed=4)),
    ),  # fmt: skip
    Case(
        "lm_gibberish_uncapped_warmup", "lm", "NgramMLP", "mode_collapse", CURVE_IDS_OF_A_BLOW_UP,
        "a warmup never capped: lr grows by 1e-3 a step (0.1 at step 100, 1.0 at step 1000); the saturated MLP is"
        " confidently wrong (validation loss above ln V, 17 by the end) and its samples turn to half-sentences",
        0, "confidently_wrong",
        lm(LmRecipe(models.NgramMLP, 1000, warmup_uncapped(3e-3, 3), "generated", seed=5)),
    ),
    Case(
        "classifier_healthy", "classifier", "Classifier", None, [],
        "none: SGD momentum 0.05, 800 steps on balanced clusters", None, None,
        lambda case, folder: train_classifier(folder, lr_after=None, seed=6),
    ),
    Case(
        "classifier_one_class", "classifier", "Classifier", "mode_collapse", [*CURVE_IDS_OF_A_BLOW_UP, "dead_relu"],
        f"a resumed run read lr=0.5 (10x) at step {RESUME_STEP}: the ReLUs die and one class is left", RESUME_STEP,
        "one_class", lambda case, folder: train_classifier(folder, lr_after=0.5, seed=7),
    ),
    Case(
        "seq2seq_reverse_healthy", "seq2seq", "Reverser", None, [],
        "none: reverses 8-digit strings, AdamW 2e-3, 600 steps", None, None,
        lambda case, folder: train_reverser(folder, copy_bug=False, seed=8),
    ),
    Case(
        "seq2seq_copy", "seq2seq", "Reverser", "mode_collapse", [],
        "dataset bug: the source returned as its own target, so the model learns to copy", 0, "copied",
        lambda case, folder: train_reverser(folder, copy_bug=True, seed=9),
    ),
]  # fmt: skip


def build(out: Path, only: list[str] | None = None) -> list[dict]:
    """Train and write the cases (all, or those named in `only`) under `out`; the manifest lists those built."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MODELS_FILE, out / "models.py")
    manifest_path = out / "cases.json"
    manifest = {c["name"]: c for c in json.loads(manifest_path.read_text())} if manifest_path.is_file() else {}
    for case in CASES:
        if only and case.name not in only:
            continue
        folder = out / case.name
        folder.mkdir(exist_ok=True)
        started = time.perf_counter()
        found = case.build(case, folder)
        start = degenerate_from(found["sample_steps"], found["flags"], case.symptom) if case.symptom else None
        entry = {
            "name": case.name, "kind": case.kind, "factory": case.factory, "expect": case.expect,
            "acceptable": case.acceptable, "fault": case.fault, "fault_from_step": case.fault_from_step,
            "symptom": case.symptom, "degenerate_from_step": start, "final_sample_checks": found["flags"][-1],
            "sample_steps": found["sample_steps"],
        }  # fmt: skip
        if case.kind == "lm":
            entry |= {"vocabulary": f"{case.name}/vocab.json", "prompts": list(LM_PROMPTS)}
        manifest[case.name] = entry
        print(f"{case.name}: {time.perf_counter() - started:.1f} s, {case.symptom or 'healthy'} from {start}")
        if case.symptom and start is None:
            raise SystemExit(f"{case.name}: its samples never stayed degenerate; the fault did not happen")
        if not case.symptom and case.name != UNDERTRAINED and any(found["flags"][-1].values()):
            raise SystemExit(f"{case.name}: its last samples show {found['flags'][-1]}; it is not a healthy run")
    ordered = [manifest[c.name] for c in CASES if c.name in manifest]
    manifest_path.write_text(json.dumps(ordered, indent=1) + "\n")
    return ordered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="case names to build (default: all)")
    args = parser.parse_args()
    build(args.out, args.only)


if __name__ == "__main__":
    main()
