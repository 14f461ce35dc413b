"""Real tiny seeded CPU training runs for the output casebooks (make_output_casebook.py, make_output_heldout.py).

Each run writes, in its own folder: `model.pt` (the state dict), `train.log` (what its loop printed: metric lines
and the samples it printed), and what inspect_model takes: `vocab.json` and `prompts.json` for a language model,
`sample.pt` (a real batch) for every model.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

MODELS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "outputs"
sys.path.insert(0, str(MODELS))

from models import CharLM, Classifier, Seq2Seq  # noqa: E402

torch.set_num_threads(1)  # reproducible numbers, and a shared machine stays usable
SEPARATOR = "---------------"  # what nanoGPT's sample.py prints between samples


@dataclass
class LMRun:
    name: str
    text: str
    steps: int
    lr: float
    seed: int
    bug: str | None = None  # "one_line": the loader repeats one line; "smoothing_to_pad": smoothing mass on id 0
    line: str = "Readability counts.\n"  # the line a "one_line" loader repeats
    smoothing: float = 0.0
    dim: int = 48
    hidden: int = 128
    block: int = 32
    eval_every: int = 100
    prompts: tuple[str, ...] = (
        "Beautiful is",
        "Errors should",
        "Now is",
        "There should be",
        "If the",
        "Simple is",
        "Flat",
        "Special",
    )


def write(folder: Path, log: list[str], factory: str, kwargs: dict[str, int], expect: str | None) -> None:
    """The run's log, and `case.json`: how inspect_model builds its model and the finding the case should give."""
    (folder / "train.log").write_text("\n".join(log) + "\n")
    case = {"factory": factory, "factory_kwargs": kwargs, "expect": expect}
    (folder / "case.json").write_text(json.dumps(case, indent=1) + "\n")


def lm_case(run: LMRun, root: Path) -> str:
    """Train a CharLM on `run.text` with Adam; print nanoGPT-style lines and samples between separators."""
    folder = root / run.name
    folder.mkdir(parents=True, exist_ok=True)
    chars = sorted(set(run.text))
    index = {c: i for i, c in enumerate(chars)}
    corpus = run.line * (len(run.text) // len(run.line)) if run.bug == "one_line" else run.text
    data = torch.tensor([index[c] for c in corpus])  # the vocabulary is the whole text's, whatever the loader reads
    torch.manual_seed(run.seed)
    model = CharLM(len(chars), run.dim, run.hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=run.lr)
    log = [f"number of parameters: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M"]
    started = time.perf_counter()
    loss = torch.tensor(0.0)
    for step in range(run.steps + 1):
        if step % run.eval_every == 0 or step == run.steps:
            log.append(f"step {step}: train loss {loss.item():.4f}")
            model.eval()
            for prompt in run.prompts[:2]:
                log += [SEPARATOR, *sample_text(model, prompt, chars, index, run.seed + step).splitlines()]
            log.append(SEPARATOR)
            model.train()
        if step == run.steps:
            break
        starts = torch.randint(0, len(data) - run.block - 1, (32,))
        x = torch.stack([data[s : s + run.block] for s in starts])
        y = torch.stack([data[s + 1 : s + run.block + 1] for s in starts])
        logits = model(x)
        if run.bug == "smoothing_to_pad":  # hand-written smoothing that puts its mass on token 0, not spread
            target = F.one_hot(y, len(chars)).float() * (1 - run.smoothing)
            target[..., 0] += run.smoothing
            loss = -(target * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean()
        else:
            loss = F.cross_entropy(logits.reshape(-1, len(chars)), y.reshape(-1), label_smoothing=run.smoothing)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            log.append(f"iter {step}: loss {loss.item():.4f}, time {(time.perf_counter() - started) * 1000:.2f}ms")
    healthy = run.bug is None and run.lr < 0.1
    kwargs = {"vocab": len(chars), "dim": run.dim, "hidden": run.hidden}
    write(folder, log, "CharLM", kwargs, None if healthy else "mode_collapse")
    torch.save(model.state_dict(), folder / "model.pt")
    (folder / "vocab.json").write_text(json.dumps(chars))
    (folder / "prompts.json").write_text(json.dumps(list(run.prompts)))
    windows = torch.arange(8) * ((len(data) - run.block) // 8)
    torch.save(torch.stack([data[s : s + run.block] for s in windows]), folder / "sample.pt")
    return f"{run.name}: {run.steps} steps lr={run.lr} bug={run.bug} final loss {loss.item():.4f}"


def sample_text(model: CharLM, prompt: str, chars: list[str], index: dict[str, int], seed: int) -> str:
    """80 characters sampled at temperature 0.8 after `prompt` (as nanoGPT's sample.py does)."""
    generator = torch.Generator().manual_seed(seed)
    ids = torch.tensor([[index[c] for c in prompt]])
    with torch.no_grad():
        for _ in range(80):
            probs = torch.softmax(model(ids[:, -32:])[:, -1, :] / 0.8, dim=-1)
            ids = torch.cat([ids, torch.multinomial(probs, 1, generator=generator)], dim=1)
    return prompt + "".join(chars[i] for i in ids[0, len(prompt) :].tolist())


def classifier_case(
    name: str, root: Path, *, seed: int, steps: int, majority: float, features: int = 16, spread: float = 0.3
) -> str:
    """Four Gaussian clusters; `majority` of the training set from class 0 (0.25: balanced). The log prints the
    predictions on 8 held-out examples (two per class) at each evaluation; `sample.pt` is a balanced real batch."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    centres = torch.randn(4, features) * spread
    weights = torch.tensor([majority] + [(1 - majority) / 3] * 3)
    labels = torch.multinomial(weights, 2048, replacement=True)
    inputs = centres[labels] + torch.randn(2048, features)
    held_labels = torch.arange(64) % 4
    held = centres[held_labels] + torch.randn(64, features)
    model = Classifier(features, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    log = []
    for step in range(steps + 1):
        if step % 50 == 0:
            with torch.no_grad():
                predicted = model(held[:8]).argmax(dim=-1)
            log.append(f"step {step} | eval accuracy {(model(held).argmax(-1) == held_labels).float().mean():.3f}")
            log += [
                f"Prediction: class_{p} | label: class_{t}"
                for p, t in zip(predicted.tolist(), held_labels[:8].tolist(), strict=True)
            ]
        if step == steps:
            break
        batch = torch.randint(0, 2048, (64,))
        loss = F.cross_entropy(model(inputs[batch]), labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            log.append(f"step {step} | loss {loss.item():.4f}")
    write(folder, log, "Classifier", {"features": features, "classes": 4}, "mode_collapse" if majority > 0.9 else None)
    torch.save(model.state_dict(), folder / "model.pt")
    torch.save(held, folder / "sample.pt")
    accuracy = (model(held).argmax(-1) == held_labels).float().mean().item()
    return f"{name}: majority {majority} -> held-out accuracy {accuracy:.3f}"


def seq2seq_case(name: str, root: Path, *, seed: int, steps: int, copy_bug: bool, vocab: int = 12) -> str:
    """Learn out[i] = (in[i] + 3) mod vocab; with `copy_bug` the labels are the input ids themselves (the
    collate function returned input_ids as labels). The log prints Input:/Prediction: pairs."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = Seq2Seq(vocab)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    held = torch.randint(0, vocab, (64, 8))
    log = []
    for step in range(steps + 1):
        if step % 50 == 0:
            with torch.no_grad():
                predicted = model(held[:4]).argmax(dim=-1)
            log.append(f"step {step} | eval")
            for source, output in zip(held[:4].tolist(), predicted.tolist(), strict=True):
                log += [f"Input: {' '.join(map(str, source))}", f"Prediction: {' '.join(map(str, output))}"]
        if step == steps:
            break
        x = torch.randint(0, vocab, (64, 8))
        y = x if copy_bug else (x + 3) % vocab
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            log.append(f"step {step} | loss {loss.item():.4f}")
    write(folder, log, "Seq2Seq", {"vocab": vocab}, "mode_collapse" if copy_bug else None)
    torch.save(model.state_dict(), folder / "model.pt")
    torch.save(held, folder / "sample.pt")
    return f"{name}: copy_bug={copy_bug} final loss {loss.item():.4f}"
