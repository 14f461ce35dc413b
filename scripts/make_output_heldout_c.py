"""Output casebook C: a third held-out set for the output probe and the samples a log prints (issue 12).

Written apart from the probe (server/core/outputs.py) and the other casebook scripts, from the tools' docstrings
only. Every case is a real tiny seeded CPU run (one thread, no download) on data made here:

- a ship's-log grammar for a word-level LSTM (vocabulary file: one word a line),
- recipe text cut into byte-pair pieces learnt here for a tiny causal transformer (vocabulary: a JSON list;
  prompts given as token ids, since pieces are not whitespace words),
- 16x16 images of bars, rings and crosses for a CNN classifier,
- letters to sort for a GRU encoder-decoder with attention.

Healthy runs of each kind; faults with real causes (an lr restart 1000x too high, targets encoded with a
second vocabulary, targets not shifted, a loader keeping one line of the corpus, raw 0-255 pixels, sources fed as
targets) and one undertrained run (no fault). Each case folder holds model.pt (a state dict for the factory
in models.py), sample.pt (a real batch), train.log (losses and the samples the run printed, in a shape of its
family) and the case's entry in cases.json: the expected id (None: no output finding), the ids the curves may
rightly add, the step the fault began and the first printed step from which the samples stay degenerate by
this script's own plain checks (below).

    python scripts/make_output_heldout_c.py [OUT_DIR] [--only NAME ...]   # default OUT_DIR bench/out/outputs_heldout_c
    python bench/bench_outputs_heldout.py --casebook c
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))

import output_heldout_c_models as models  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bench" / "out" / "outputs_heldout_c"

# Plain checks of the printed samples (chosen here, before any probe ran on these cases; a sample is one
# generation, one printed batch of predictions, or one printed set of seq2seq examples):
LOOP_SHARE = 0.5
"""A generation loops when at least half of its word 3-grams repeat an earlier 3-gram of the same text."""
ONE_TOKEN_SHARE = 0.5
"""A generation collapsed to one token when a single token makes up at least half of it."""
UNSEEN_SHARE = 0.5
"""A generation is gibberish when at least half of its adjacent word pairs (ship's log) or words (recipes) never
occur in the training text."""
COPY_SHARE = 0.75
"""Printed seq2seq examples copy their input when at least 3 in 4 predictions equal the input exactly."""

LM_STEPS = 600
"""Steps of a well-trained word LSTM: its samples parse as the grammar from step ~200 on (seen in a 1200-step run)."""
PIECE_STEPS = 800
"""Steps of a well-trained piece transformer (its pieces are long: the recipes' phrases are learnt early)."""
SEQ_LEN = 32
"""Tokens per training window (and per row of an LM's sample.pt)."""
BATCH = 32


# --- the ship's-log grammar ---------------------------------------------------------------------------------

SLOTS = {
    "DAY": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "DIR": ["north", "south", "east", "west"],
    "SEA": ["calm", "rough", "grey", "green", "still"],
    "SHIP": ["brig", "schooner", "cutter", "ketch", "sloop"],
    "PORT": ["lisbon", "bristol", "genoa", "tangier", "cadiz"],
    "GOODS": ["salt", "wool", "wine", "timber", "tea", "copper"],
    "NAME": ["hale", "morgan", "reyes", "quill"],
    "MOOD": ["tired", "cheerful", "restless", "hungry"],
    "NUMBER": ["two", "three", "five", "seven"],
    "ANIMALS": ["whales", "gulls", "dolphins", "seals"],
    "PLACE": ["island", "reef", "cape", "harbour"],
}
TEMPLATES = [
    "on DAY the wind blew from the DIR and the sea was SEA .",
    "the SHIP sailed for PORT with a cargo of GOODS .",
    "captain NAME wrote that the crew was MOOD .",
    "at dawn we saw NUMBER ANIMALS near the PLACE .",
    "the SHIP from PORT passed us to the DIR .",
    "we took on GOODS and fresh water at PORT .",
    "by night the sea grew SEA and the crew slept .",
]
SHIP_WORDS = sorted(
    {w for t in TEMPLATES for w in t.split() if w not in SLOTS} | {w for v in SLOTS.values() for w in v}
)
SHIP_ID = {w: i for i, w in enumerate(SHIP_WORDS)}
SHIP_PROMPTS = ["the brig sailed", "captain morgan wrote", "at dawn we", "on friday the wind"]


def ship_text(rng: random.Random, sentences: int) -> list[str]:
    words: list[str] = []
    for _ in range(sentences):
        for word in rng.choice(TEMPLATES).split():
            words.append(rng.choice(SLOTS[word]) if word in SLOTS else word)
    return words


# --- recipe text in byte-pair pieces -------------------------------------------------------------------------

RECIPE_SLOTS = {
    "N": ["2", "3", "4", "5", "6"],
    "UNIT": ["cups", "spoons", "handfuls"],
    "DRY": ["flour", "sugar", "oats", "rice"],
    "WET": ["milk", "water", "cream", "stock"],
    "VEG": ["onions", "carrots", "leeks", "beans"],
    "MIN": ["10", "15", "20", "30", "45"],
}
RECIPE_TEMPLATES = [
    "stir N UNIT of DRY into the warm WET.",
    "bake the bread for MIN minutes.",
    "add a pinch of salt and some butter.",
    "chop N VEG and fry them slowly.",
    "simmer the VEG in WET for MIN minutes, then season.",
    "whisk N eggs with the DRY until smooth.",
]
PROMPT_PIECES = 6
"""Pieces per recipe prompt: cut from held-out running text, so a prompt splits into pieces as training text does."""


def recipe_text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = []
        for word in rng.choice(RECIPE_TEMPLATES).split():
            core = word.rstrip(".,")
            words.append((rng.choice(RECIPE_SLOTS[core]) if core in RECIPE_SLOTS else core) + word[len(core) :])
        out.append(" ".join(words))
    return " ".join(out) + " "


def learn_pieces(text: str, size: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Byte-pair encoding learnt on `text`: characters, then the most frequent adjacent pair merged until the
    vocabulary holds `size` pieces (ties broken by the pair's text, so the result is deterministic)."""
    pieces = sorted(set(text))
    merges: list[tuple[str, str]] = []
    tokens = list(text)
    while len(pieces) < size:
        pairs = Counter(zip(tokens, tokens[1:], strict=False))
        (a, b), _ = max(pairs.items(), key=lambda item: (item[1], item[0]))
        merges.append((a, b))
        pieces.append(a + b)
        tokens = merge(tokens, a, b)
    return pieces, merges


def merge(tokens: list[str], a: str, b: str) -> list[str]:
    out, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] == a and tokens[i + 1] == b:
            out.append(a + b)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def encode_pieces(text: str, pieces: list[str], merges: list[tuple[str, str]]) -> list[int]:
    tokens = list(text)
    for a, b in merges:
        tokens = merge(tokens, a, b)
    index = {p: i for i, p in enumerate(pieces)}
    return [index[t] for t in tokens]


# --- images and letters --------------------------------------------------------------------------------------

CLASS_NAMES = ["hbars", "vbars", "ring", "cross"]


def images(gen: torch.Generator, count: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`count` 16x16 images in [0, 1] with noise, and their classes."""
    labels = torch.randint(0, 4, (count,), generator=gen)
    grid = torch.arange(16.0)
    rows, cols = grid.view(16, 1).expand(16, 16), grid.view(1, 16).expand(16, 16)
    out = torch.zeros(count, 1, 16, 16)
    for i, label in enumerate(labels.tolist()):
        period = int(torch.randint(3, 6, (1,), generator=gen))
        offset = int(torch.randint(0, period, (1,), generator=gen))
        if label == 0:
            picture = ((rows + offset) % period == 0).float()
        elif label == 1:
            picture = ((cols + offset) % period == 0).float()
        else:
            cy, cx = (torch.rand(2, generator=gen) * 6 + 5).tolist()
            if label == 2:
                radius = float(torch.rand(1, generator=gen)) * 2 + 3
                picture = (((rows - cy) ** 2 + (cols - cx) ** 2).sqrt() - radius).abs().lt(0.8).float()
            else:
                picture = (
                    ((rows - cy) - (cols - cx)).abs().lt(0.8) | ((rows - cy) + (cols - cx)).abs().lt(0.8)
                ).float()
        out[i, 0] = (picture + 0.45 * torch.randn(16, 16, generator=gen)).clamp(0, 1)
    return out, labels


def letters(gen: torch.Generator, count: int) -> torch.Tensor:
    return torch.randint(1, models.SORT_LETTERS + 1, (count, models.SORT_LENGTH), generator=gen)


def spell(ids: list[int]) -> str:
    return " ".join(chr(ord("a") + i - 1) if i > 0 else "<s>" for i in ids)


# --- the plain checks of printed samples ---------------------------------------------------------------------


def loops(words: list[str]) -> bool:
    grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    seen: set[tuple[str, ...]] = set()
    repeats = 0
    for gram in grams:
        repeats += gram in seen
        seen.add(gram)
    return bool(grams) and repeats / len(grams) >= LOOP_SHARE


def one_token(tokens: list[Any]) -> bool:
    return bool(tokens) and Counter(tokens).most_common(1)[0][1] / len(tokens) >= ONE_TOKEN_SHARE


def unseen_share(items: list[Any], known: set[Any]) -> float:
    return sum(item not in known for item in items) / max(len(items), 1)


def degenerate_from(steps: list[int], flags: list[bool]) -> int | None:
    """The first printed step from which every later printed step is degenerate too (None: the run ends sane)."""
    first = None
    for step, flag in zip(steps, flags, strict=True):
        if flag and first is None:
            first = step
        elif not flag:
            first = None
    return first


# --- training runs -------------------------------------------------------------------------------------------


class Run:
    """One case being made: its log lines, its printed-sample checks per step."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.sample_steps: list[int] = []
        self.flags: list[bool] = []

    def print(self, line: str) -> None:
        self.lines.append(line)

    def sampled(self, step: int, degenerate: bool) -> None:
        self.sample_steps.append(step)
        self.flags.append(degenerate)


def sample_lm(
    model: nn.Module, prompt: list[int], tokens: int, gen: torch.Generator, window: int = SEQ_LEN
) -> list[int]:
    """Tokens sampled at temperature 1 after `prompt`, the last `window` tokens fed back."""
    ids = list(prompt)
    with torch.no_grad():
        for _ in range(tokens):
            logits = model(torch.tensor([ids[-window:]]))[0, -1]
            ids.append(int(torch.multinomial(torch.softmax(logits, -1), 1, generator=gen)))
    return ids[len(prompt) :]


def lm_batches(data: torch.Tensor, gen: torch.Generator) -> tuple[torch.Tensor, ...]:
    """A random batch of windows (x, y = x shifted by one)."""
    starts = torch.randint(0, len(data) - SEQ_LEN - 1, (BATCH,), generator=gen)
    x = torch.stack([data[s : s + SEQ_LEN] for s in starts.tolist()])
    y = torch.stack([data[s + 1 : s + SEQ_LEN + 1] for s in starts.tolist()])
    return x, y


def ship_run(run: Run, fault: str | None, out: Path) -> dict[str, Any]:
    """Word LSTM on the ship's log. fault: None, 'lr_restart' (a cosine schedule's restart at step 300 to
    1000x the peak lr), 'vocab_mismatch' (targets encoded with a vocabulary rebuilt in another order)."""
    torch.manual_seed(11)
    gen = torch.Generator().manual_seed(12)
    rng = random.Random(13)
    train_words = ship_text(rng, 3000)
    data = torch.tensor([SHIP_ID[w] for w in train_words])
    known_pairs = set(zip(train_words, train_words[1:], strict=False))
    # the bug of 'vocab_mismatch': a second vocabulary for the targets, in another (set-like) order
    shuffled = list(SHIP_WORDS)
    random.Random(5).shuffle(shuffled)
    target_of = torch.tensor([shuffled.index(w) for w in SHIP_WORDS])
    model = models.word_lstm()
    peak = 3e-3
    optimizer = torch.optim.Adam(model.parameters(), lr=peak)
    restart = 300
    fault_step = restart if fault == "lr_restart" else 0
    for step in range(LM_STEPS + 1):
        lr = peak * (0.5 + 0.5 * torch.cos(torch.tensor(step / LM_STEPS * 3.14159)).item())
        if fault == "lr_restart" and step >= restart:
            lr = peak * 1000  # the restart's peak typed in the config as 3e0 for 3e-3
        for group in optimizer.param_groups:
            group["lr"] = lr
        model.train()
        x, y = lm_batches(data, gen)
        if fault == "vocab_mismatch":
            y = target_of[y]
        loss = F.cross_entropy(model(x).reshape(-1, models.WORD_VOCABULARY), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        if step % 20 == 0:
            run.print(f"[step {step}/{LM_STEPS}] train_loss={loss.item():.4f} lr={lr:.2e}")
        if step % 100 == 0 and step > 0:
            model.eval()
            flags = []
            for prompt in SHIP_PROMPTS[:3]:
                ids = sample_lm(model, [SHIP_ID[w] for w in prompt.split()], 24, gen)
                words = [SHIP_WORDS[i] for i in ids]
                run.print(f'Generating from "{prompt}" ...')
                run.print(f"Generated: {prompt} {' '.join(words)}")
                full = prompt.split() + words
                pairs = list(zip(full, full[1:], strict=False))
                # too high an lr may leave few words, loops or word salad: any of them is degenerate
                salad = unseen_share(pairs, known_pairs) >= UNSEEN_SHARE
                flags.append(salad or (fault == "lr_restart" and (one_token(words) or loops(words))))
            run.sampled(step, sum(flags) >= 2)
    held = torch.tensor([SHIP_ID[w] for w in ship_text(random.Random(99), 200)])
    sample = torch.stack([held[i * SEQ_LEN : (i + 1) * SEQ_LEN] for i in range(8)])
    torch.save(model.state_dict(), out / "model.pt")
    torch.save(sample, out / "sample.pt")
    return {"factory": "word_lstm", "prompts": SHIP_PROMPTS, "vocabulary": "ship_vocab.txt", "fault": fault_step}


_PIECES: tuple[list[str], list[tuple[str, str]], str] | None = None


def pieces() -> tuple[list[str], list[tuple[str, str]], str]:
    """The recipe text's training text and byte-pair pieces (learnt once)."""
    global _PIECES
    if _PIECES is None:
        text = recipe_text(random.Random(21), 2500)
        vocab, merges = learn_pieces(text, models.PIECE_VOCABULARY)
        _PIECES = vocab, merges, text
    return _PIECES


def recipe_run(run: Run, fault: str | None, out: Path) -> dict[str, Any]:
    """Piece transformer on recipes, nanoGPT-style log. fault: None, 'no_shift' (targets = inputs: the shift
    forgotten), 'one_line' (the loader kept the corpus's first line only, tiled), 'undertrained' (40 steps)."""
    vocab, merges, text = pieces()
    torch.manual_seed(31)
    gen = torch.Generator().manual_seed(32)
    data = torch.tensor(encode_pieces(text, vocab, merges))
    known_words = set(text.split())
    if fault == "one_line":  # the loader's bug: only the corpus's first line kept, tiled to the token budget
        line = text[: text.index(". ") + 2]
        data = torch.tensor(encode_pieces(line * (len(text) // len(line)), vocab, merges))
    steps, lr, every = (40, 3e-4, 20) if fault == "undertrained" else (PIECE_STEPS, 2e-3, 200)
    model = models.piece_transformer()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    held = torch.tensor(encode_pieces(recipe_text(random.Random(98), 300), vocab, merges))
    prompts = [held[k * 37 : k * 37 + PROMPT_PIECES].tolist() for k in range(5)]
    for step in range(steps + 1):
        if step % every == 0:
            model.eval()
            with torch.no_grad():
                losses = []
                for split_gen in (torch.Generator().manual_seed(1), torch.Generator().manual_seed(2)):
                    x, y = lm_batches(data, split_gen)
                    losses.append(F.cross_entropy(model(x).reshape(-1, len(vocab)), y.reshape(-1)).item())
            run.print(f"step {step}: train loss {losses[0]:.4f}, val loss {losses[1]:.4f}")
            flags = []
            for prompt in prompts[:3]:
                ids = sample_lm(model, prompt, 40, gen)
                generated = "".join(vocab[i] for i in ids)
                run.print("".join(vocab[i] for i in prompt) + generated)
                run.print("---------------")
                words = generated.split()
                if fault == "no_shift":
                    flags.append(one_token(ids))
                elif fault == "one_line":
                    flags.append(loops(list(map(str, ids))))
                else:
                    flags.append(unseen_share(words, known_words) >= UNSEEN_SHARE)
            run.sampled(step, sum(flags) >= 2)
        if step == steps:
            break
        model.train()
        x, y = lm_batches(data, gen)
        if fault == "no_shift":
            y = x
        started = time.perf_counter()
        loss = F.cross_entropy(model(x).reshape(-1, len(vocab)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            run.print(f"iter {step}: loss {loss.item():.4f}, time {1000 * (time.perf_counter() - started):.2f}ms")
    sample = torch.stack([held[i * SEQ_LEN : (i + 1) * SEQ_LEN] for i in range(8)])
    torch.save(model.state_dict(), out / "model.pt")
    torch.save(sample, out / "sample.pt")
    return {"factory": "piece_transformer", "prompts": prompts, "vocabulary": "recipe_pieces.json", "fault": 0}


def bars_run(run: Run, fault: str | None, out: Path) -> dict[str, Any]:
    """CNN on bars/rings/crosses, PyTorch-tutorial prints. fault: None, 'raw_pixels' (images fed as 0-255 bytes,
    the normalisation left out, with the lr tuned for normalised inputs)."""
    torch.manual_seed(41)
    gen = torch.Generator().manual_seed(42)
    scale, shift = (255.0, 0.0) if fault == "raw_pixels" else (1 / 0.5, -1.0)
    model = models.bars_cnn()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    eval_images, eval_labels = images(torch.Generator().manual_seed(43), 64)
    for step in range(601):
        model.train()
        x, y = images(gen, BATCH)
        logits = model(x * scale + shift)
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 25 == 0:
            acc = (logits.argmax(-1) == y).float().mean().item()
            run.print(f"step {step} | loss {loss.item():.4f} | acc {acc:.4f}")
        if step % 100 == 0:
            model.eval()
            with torch.no_grad():
                predicted = model(eval_images * scale + shift).argmax(-1)
            run.print("GroundTruth: " + " ".join(f"{CLASS_NAMES[i]:5s}" for i in eval_labels[:8].tolist()))
            run.print("Predicted:   " + " ".join(f"{CLASS_NAMES[i]:5s}" for i in predicted[:8].tolist()))
            run.sampled(step, len(set(predicted[:8].tolist())) == 1)
    batch, _ = images(torch.Generator().manual_seed(97), 32)
    torch.save(model.state_dict(), out / "model.pt")
    torch.save(batch * scale + shift, out / "sample.pt")
    return {"factory": "bars_cnn", "prompts": None, "vocabulary": None, "fault": 0}


def sort_run(run: Run, fault: str | None, out: Path) -> dict[str, Any]:
    """GRU encoder-decoder sorting letters. fault: None, 'copy' (the collate returns the source as the target)."""
    torch.manual_seed(51)
    gen = torch.Generator().manual_seed(52)
    model = models.sorting_seq2seq()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    examples = letters(torch.Generator().manual_seed(53), 4)
    for step in range(1251):
        model.train()
        src = letters(gen, BATCH)
        target = src.clone() if fault == "copy" else src.sort(dim=1).values
        logits = model(src, target)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 50 == 0:
            accuracy = (logits.argmax(-1) == target).float().mean().item()
            run.print(f"epoch {step // 500 + 1} | step {step} | loss {loss.item():.4f} | tok_acc {accuracy:.4f}")
        if step % 250 == 0:
            model.eval()
            with torch.no_grad():
                predictions = model(examples).argmax(-1)
            copies = 0
            for src_row, pred_row in zip(examples.tolist(), predictions.tolist(), strict=True):
                run.print(f"input: {spell(src_row)} | prediction: {spell(pred_row)} | target: {spell(sorted(src_row))}")
                copies += src_row == pred_row
            run.sampled(step, copies / len(examples) >= COPY_SHARE)
    torch.save(model.state_dict(), out / "model.pt")
    torch.save(letters(torch.Generator().manual_seed(96), 16), out / "sample.pt")
    return {"factory": "sorting_seq2seq", "prompts": None, "vocabulary": None, "fault": 0}


# --- the cases -----------------------------------------------------------------------------------------------

RunFn = Callable[[Run, "str | None", Path], dict[str, Any]]
CASES: dict[str, tuple[RunFn, str | None, str | None, list[str], str]] = {
    # name: (run, fault, expected id, ids the curves may rightly add, what it is)
    "ship_lstm_healthy": (ship_run, None, None, [], "word LSTM trained well"),
    "recipe_transformer_healthy": (recipe_run, None, None, [], "piece transformer trained well"),
    "bars_cnn_healthy": (bars_run, None, None, [], "CNN classifier trained well"),
    "sort_seq2seq_healthy": (sort_run, None, None, [], "encoder-decoder sorting well"),
    "ship_lstm_lr_restart": (
        ship_run, "lr_restart", "mode_collapse", ["lr_too_high", "loss_spike", "loss_plateau", "loss_oscillation"],
        "an lr restart 1000x the peak at step 300 (3e0 typed for 3e-3): the LSTM's samples degenerate",
    ),
    "ship_lstm_vocab_mismatch": (
        ship_run, "vocab_mismatch", "mode_collapse", ["data_issue"],
        "targets encoded with a second vocabulary: confident gibberish",
    ),
    "recipe_transformer_no_shift": (
        recipe_run, "no_shift", "mode_collapse", ["data_issue", "lr_too_high", "overfitting"],
        "targets not shifted: the model repeats the last piece",
    ),
    "recipe_transformer_one_line": (
        recipe_run, "one_line", "mode_collapse", ["data_issue", "overfitting", "loss_plateau"],
        "the loader kept the corpus's first line only, tiled: generations loop that line",
    ),
    "bars_cnn_raw_pixels": (
        bars_run, "raw_pixels", "mode_collapse",
        ["dead_relu", "lr_too_high", "loss_plateau", "exploding_gradients", "numerical_instability", "loss_spike"],
        "0-255 pixels without normalisation: one class for every image",
    ),
    "sort_seq2seq_copy": (sort_run, "copy", "mode_collapse", ["data_issue"], "sources fed as targets: copies"),
    "recipe_transformer_undertrained": (
        recipe_run, "undertrained", None, ["loss_plateau", "lr_too_low"], "40 steps at a small lr: not a fault",
    ),
}  # fmt: skip


def write_vocabularies(out: Path) -> None:
    (out / "ship_vocab.txt").write_text("\n".join(SHIP_WORDS) + "\n")
    (out / "recipe_pieces.json").write_text(json.dumps(pieces()[0]))


def build(out: Path, only: list[str] | None = None) -> list[dict[str, Any]]:
    """Make the cases (all, or `only`) under `out`, with models.py, the vocabularies and cases.json."""
    torch.set_num_threads(1)
    assert len(SHIP_WORDS) == models.WORD_VOCABULARY, len(SHIP_WORDS)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(models.__file__), out / "models.py")
    write_vocabularies(out)
    manifest = []
    for name, (run_fn, fault, expect, acceptable, about) in CASES.items():
        if only and name not in only:
            continue
        started = time.perf_counter()
        folder = out / name
        folder.mkdir(exist_ok=True)
        run = Run(name)
        made = run_fn(run, fault, folder)
        (folder / "train.log").write_text("\n".join(run.lines) + "\n")
        degenerate = degenerate_from(run.sample_steps, run.flags)
        if expect is not None:
            assert degenerate is not None, f"{name}: the printed samples never turned degenerate"
        entry = {
            "name": name,
            "about": about,
            "factory": made["factory"],
            "prompts": made["prompts"],
            "vocabulary": made["vocabulary"],
            "expect": expect,
            "acceptable": acceptable,
            "fault_from_step": made["fault"] if expect is not None else None,
            "degenerate_from_step": degenerate if expect is not None else None,
            "sample_steps": run.sample_steps,
            "samples_degenerate": run.flags,
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        (folder / "case.json").write_text(json.dumps(entry, indent=1) + "\n")
        manifest.append(entry)
        print(f"{name}: {entry['build_seconds']} s", flush=True)
    # cases.json lists every case built in `out` so far (builds of disjoint --only sets may run side by side)
    built = [
        json.loads((out / name / "case.json").read_text()) for name in CASES if (out / name / "case.json").exists()
    ]
    (out / "cases.json").write_text(json.dumps(built, indent=1) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="case names to build (default: all)")
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.out, args.only)
    print(f"built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
