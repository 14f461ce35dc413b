"""Logs of real tiny seeded CPU runs printing their samples in the shapes common scripts use, for the sample reader.

    python scripts/make_sample_shapes.py     # writes tests/fixtures/outputs/shapes/<shape>.log

- `pipe_sample.log`: a key-value logger's `step N | val_loss X` lines and `step N | sample: <text>` lines (the
  label after the step field), from a word-level LM whose hand-written label smoothing puts its 0.6 of mass on
  `<pad>` (id 0): its samples fill with `<pad>`.
- `seq2seq_pipe.log`: a seq2seq eval loop's `input: ... | prediction: ... | target: ...` lines (one line per
  example), from a tagger trained on labels that are its inputs (the collate bug of the output casebook): it copies.
- `generated.log`: an HF-callback-like `epoch E step N val_loss=X` line and `Generated: <text>` lines, from a
  word-level LM whose loader repeats one line: its samples loop.
"""

from __future__ import annotations

import sys

import torch
import torch.nn.functional as F
from output_cases import MODELS

sys.path.insert(0, str(MODELS))
from models import CharLM, Seq2Seq  # noqa: E402

OUT = MODELS / "shapes"
TEXT = (
    "humpty dumpty sat on a wall . humpty dumpty had a great fall . jack and jill went up the hill to fetch a pail "
    "of water . jack fell down and broke his crown and jill came tumbling after . mary had a little lamb its fleece "
    "was white as snow . the cow jumped over the moon . the little dog laughed to see such fun . twinkle twinkle "
    "little star how i wonder what you are ."
)  # fmt: skip
LOOP_LINE = "the cow jumped over the moon ."
SAMPLE_WORDS = 24
"""Words sampled after each prompt (at temperature 1)."""
PROMPTS = ("humpty dumpty", "jack and", "mary had")


def word_lm_log(*, bug: str, steps: int, every: int, shape: str, seed: int = 0) -> list[str]:
    """Train a word-level CharLM (a GRU over word ids) on `TEXT` with Adam; `bug` "smoothing_to_pad" or
    "one_line"; print metrics and samples as a key-value logger (`shape` "pipe") or an HF-like callback
    ("generated") does."""
    words = ["<pad>", *sorted(set(TEXT.split()))]
    index = {w: i for i, w in enumerate(words)}
    corpus = (LOOP_LINE + " ") * (len(TEXT) // len(LOOP_LINE)) if bug == "one_line" else TEXT
    data = torch.tensor([index[w] for w in corpus.split()])
    torch.manual_seed(seed)
    model = CharLM(len(words))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    log: list[str] = []
    for step in range(steps + 1):
        if step % every == 0:
            model.eval()
            with torch.no_grad():
                x, y = data[None, :-1], data[None, 1:]
                val = F.cross_entropy(model(x)[0], y[0]).item()
            log.append(
                f"step {step} | val_loss {val:.4f}" if shape == "pipe" else f"epoch 0 step {step} val_loss={val:.4f}"
            )
            for prompt in PROMPTS:
                text = sample(model, prompt, words, index, seed + step)
                log.append(f"step {step} | sample: {text}" if shape == "pipe" else f"Generated: {text}")
            model.train()
        if step == steps:
            break
        starts = torch.randint(0, len(data) - 17, (16,))
        x = torch.stack([data[s : s + 16] for s in starts])
        y = torch.stack([data[s + 1 : s + 17] for s in starts])
        logits = model(x)
        if bug == "smoothing_to_pad":  # the smoothing mass put on id 0, not spread over the words
            target = F.one_hot(y, len(words)).float() * 0.4
            target[..., 0] += 0.6
            loss = -(target * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean()
        else:
            loss = F.cross_entropy(logits.reshape(-1, len(words)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 25 == 0:
            log.append(
                f"step {step} | loss {loss.item():.4f}"
                if shape == "pipe"
                else f"epoch 0 step {step} train_loss={loss.item():.4f}"
            )
    return log


def sample(model: CharLM, prompt: str, words: list[str], index: dict[str, int], seed: int) -> str:
    """The prompt and `SAMPLE_WORDS` words sampled after it at temperature 1."""
    generator = torch.Generator().manual_seed(seed)
    ids = torch.tensor([[index[w] for w in prompt.split()]])
    with torch.no_grad():
        for _ in range(SAMPLE_WORDS):
            probs = torch.softmax(model(ids)[:, -1, :], dim=-1)
            ids = torch.cat([ids, torch.multinomial(probs, 1, generator=generator)], dim=1)
    return " ".join(words[i] for i in ids[0].tolist())


def seq2seq_log(*, steps: int, every: int, seed: int = 0, vocab: int = 10) -> list[str]:
    """Train a Seq2Seq tagger meant to map out[i] = (in[i] + 3) mod vocab on labels that are its inputs (the bug);
    at each evaluation print `input: ... | prediction: ... | target: ...` for 6 held-out examples."""
    torch.manual_seed(seed)
    model = Seq2Seq(vocab)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    held = torch.randint(0, vocab, (6, 8))
    log: list[str] = []
    for step in range(steps + 1):
        if step % every == 0:
            with torch.no_grad():
                predicted = model(held).argmax(dim=-1)
            target = (held + 3) % vocab
            accuracy = (predicted == target).float().mean().item()
            log.append(f"step {step} | eval_token_acc {accuracy:.4f}")
            for source, output, wanted in zip(held.tolist(), predicted.tolist(), target.tolist(), strict=True):
                shown = [" ".join(map(str, ids)) for ids in (source, output, wanted)]
                log.append(f"input: {shown[0]} | prediction: {shown[1]} | target: {shown[2]}")
        if step == steps:
            break
        x = torch.randint(0, vocab, (64, 8))
        loss = F.cross_entropy(model(x).reshape(-1, vocab), x.reshape(-1))  # the bug: the input as its own label
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 25 == 0:
            log.append(f"step {step} | loss {loss.item():.4f}")
    return log


def main() -> None:
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    logs = {
        "pipe_sample.log": word_lm_log(bug="smoothing_to_pad", steps=150, every=50, shape="pipe"),
        "generated.log": word_lm_log(bug="one_line", steps=150, every=50, shape="generated"),
        "seq2seq_pipe.log": seq2seq_log(steps=100, every=50),
    }
    for name, log in logs.items():
        (OUT / name).write_text("\n".join(log) + "\n")
        print(f"{name}: {len(log)} lines")


if __name__ == "__main__":
    main()
