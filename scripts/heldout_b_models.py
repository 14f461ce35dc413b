"""The models of the second held-out output casebook (scripts/make_output_heldout_b.py), copied beside its cases
as `models.py` so that inspect_model and diagnose_training can build them ('models.py:Factory').

Every factory's defaults are the configuration its cases were trained with (diagnose_training passes no factory
arguments). Word-level language models answer token ids (batch, time) with logits (batch, time, vocabulary); the
classifier answers float features (batch, features) with class logits; the seq2seq model answers a source of digit
ids (batch, length) with one distribution over digits per output position (batch, length, digits).
Only torch: the file runs in the inspection's child process.
"""

from __future__ import annotations

import torch
from torch import nn

WORD_VOCAB = 70
"""Words of the nursery-rhyme grammar (scripts/make_output_heldout_b.py: `VOCABULARY`), padding included."""
MAX_LEN = 96
"""Positions the transformers can take: the probe feeds back its last 32 tokens plus the prompt."""
DIGITS = 10
"""Source and target tokens of the seq2seq task (digits 0-9)."""
FEATURES = 12
"""Input features of the classifier."""
CLASSES = 5
"""Classes of the classifier."""


class Block(nn.Module):
    """A pre-norm transformer block (attention then MLP, both residual)."""

    def __init__(self, width: int, heads: int) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        h = self.norm1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class WordTransformer(nn.Module):
    """A tiny causal word-level transformer language model (GPT-like, learned positions)."""

    def __init__(self, vocab: int = WORD_VOCAB, width: int = 48, heads: int = 4, layers: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.pos = nn.Embedding(MAX_LEN, width)
        self.blocks = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        ids = ids[:, -MAX_LEN:]
        length = ids.shape[1]
        x = self.embed(ids) + self.pos(torch.arange(length, device=ids.device))
        mask = torch.triu(torch.ones(length, length, dtype=torch.bool, device=ids.device), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.norm(x))


class NgramMLP(nn.Module):
    """Bengio-style MLP language model: each position's logits from the embeddings of its last `context` words
    (positions before the start read the padding word, id 0)."""

    def __init__(self, vocab: int = WORD_VOCAB, width: int = 32, context: int = 4, hidden: int = 192) -> None:
        super().__init__()
        self.context = context
        self.embed = nn.Embedding(vocab, width)
        self.mlp = nn.Sequential(nn.Linear(context * width, hidden), nn.Tanh(), nn.Linear(hidden, vocab))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        padded = nn.functional.pad(ids, (self.context - 1, 0), value=0)
        windows = padded.unfold(1, self.context, 1)  # (batch, time, context)
        x = self.embed(windows).flatten(2)
        return self.mlp(x)


class Classifier(nn.Module):
    """A two-hidden-layer ReLU MLP over tabular features."""

    def __init__(self, features: int = FEATURES, classes: int = CLASSES, hidden: int = 64) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, classes)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Reverser(nn.Module):
    """A non-autoregressive seq2seq model: a bidirectional transformer encoder reading the source digits and a
    head giving the target digit at each position (trained to reverse the source)."""

    def __init__(self, digits: int = DIGITS, width: int = 48, heads: int = 4, layers: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(digits, width)
        self.pos = nn.Embedding(MAX_LEN, width)
        self.blocks = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, digits)

    def forward(self, src: torch.Tensor) -> torch.Tensor:
        x = self.embed(src) + self.pos(torch.arange(src.shape[1], device=src.device))
        for block in self.blocks:
            x = block(x, None)
        return self.head(self.norm(x))
