"""The models of output casebook C (scripts/make_output_heldout_c.py), copied beside the cases as models.py.

Each factory builds its model with the defaults its cases were trained with, so `models.py:<factory>` and the
case's model.pt (a state dict) are all inspect_model needs. Every forward takes one tensor (token ids or images)
and returns logits, as the output probe calls it.
"""

from __future__ import annotations

import torch
from torch import nn

WORD_VOCABULARY = 86
"""Words of the ship's-log grammar (make_output_heldout_c.SHIP_WORDS): the word LSTM's vocabulary."""
PIECE_VOCABULARY = 96
"""Pieces of the recipe text's byte-pair vocabulary (31 characters and 65 merges)."""
IMAGE_CLASSES = 4
"""Synthetic 16x16 images: horizontal bars, vertical bars, a ring, a diagonal cross."""
SORT_LETTERS = 16
"""Letters a..p of the sorting task; id 0 is the decoder's start token."""
SORT_LENGTH = 8
"""Letters per sequence to sort."""


class WordLSTM(nn.Module):
    """A word-level LSTM language model: ids [B, T] -> next-word logits [B, T, V]."""

    def __init__(self, vocab_size: int = WORD_VOCABULARY, dim: int = 96, layers: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.lstm = nn.LSTM(dim, dim, layers, batch_first=True)
        self.head = nn.Linear(dim, vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        hidden, _ = self.lstm(self.embed(ids))
        return self.head(hidden)


class PieceTransformer(nn.Module):
    """A causal transformer over byte-pair pieces (pre-norm, learned positions): ids [B, T] -> logits [B, T, V]."""

    def __init__(
        self, vocab_size: int = PIECE_VOCABULARY, dim: int = 64, heads: int = 4, layers: int = 2, block: int = 64
    ) -> None:
        super().__init__()
        self.block = block
        self.tokens = nn.Embedding(vocab_size, dim)
        self.positions = nn.Embedding(block, dim)
        layer = nn.TransformerEncoderLayer(
            dim, heads, 4 * dim, dropout=0.0, activation="gelu", batch_first=True, norm_first=True
        )
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        ids = ids[:, -self.block :]
        length = ids.shape[1]
        x = self.tokens(ids) + self.positions(torch.arange(length, device=ids.device))
        mask = torch.triu(torch.full((length, length), float("-inf"), device=ids.device), diagonal=1)
        return self.head(self.norm(self.blocks(x, mask=mask, is_causal=True)))


class BarsCNN(nn.Module):
    """A small CNN classifier: images [B, 1, 16, 16] -> class logits [B, IMAGE_CLASSES]."""

    def __init__(self, classes: int = IMAGE_CLASSES, width: int = 16) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(2 * width * 16, 64), nn.ReLU(), nn.Linear(64, classes))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(images))


class SortingSeq2Seq(nn.Module):
    """A GRU encoder-decoder with dot-product attention that sorts letters.

    forward(src) decodes greedily (what a user calls at inference) and returns the logits [B, L, V] of each
    decoded position; forward(src, target) is teacher forcing for training.
    """

    def __init__(self, letters: int = SORT_LETTERS, dim: int = 64, length: int = SORT_LENGTH) -> None:
        super().__init__()
        self.length = length
        vocab = letters + 1
        self.src_embed = nn.Embedding(vocab, dim)
        self.tgt_embed = nn.Embedding(vocab, dim)
        self.encoder = nn.GRU(dim, dim, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(2 * dim, dim)
        self.keys = nn.Linear(2 * dim, dim)
        self.decoder = nn.GRUCell(2 * dim, dim)
        self.head = nn.Linear(2 * dim, vocab)

    def forward(self, src: torch.Tensor, target: torch.Tensor | None = None) -> torch.Tensor:
        memory, _ = self.encoder(self.src_embed(src))
        keys = self.keys(memory)
        state = torch.tanh(self.bridge(memory.mean(dim=1)))
        token = torch.zeros(src.shape[0], dtype=torch.long, device=src.device)
        context = memory.new_zeros(src.shape[0], keys.shape[-1])
        logits = []
        for position in range(src.shape[1]):
            state = self.decoder(torch.cat([self.tgt_embed(token), context], dim=-1), state)
            weights = torch.softmax((keys @ state.unsqueeze(-1)).squeeze(-1), dim=-1)
            context = (weights.unsqueeze(-1) * keys).sum(dim=1)
            step = self.head(torch.cat([state, context], dim=-1))
            logits.append(step)
            token = target[:, position] if target is not None else step.argmax(dim=-1)
        return torch.stack(logits, dim=1)


def word_lstm() -> WordLSTM:
    return WordLSTM()


def piece_transformer() -> PieceTransformer:
    return PieceTransformer()


def bars_cnn() -> BarsCNN:
    return BarsCNN()


def sorting_seq2seq() -> SortingSeq2Seq:
    return SortingSeq2Seq()
