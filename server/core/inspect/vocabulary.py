"""A vocabulary file the user names, to turn text prompts into token ids and generated ids back into text.

Two forms: a JSON list of token strings (index = id), or a text file with one token per line (line number = id;
a line holding only `\\n` stands for the newline token). Tokens all one character join without a separator
(a character-level model); longer tokens join with spaces (a word-level model).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UserError
from ..workspace import open_vetted

MAX_VOCABULARY_BYTES = 16 << 20
"""Largest vocabulary file read: a 250,000-token list is ~4 MB of JSON."""
NEWLINE_TOKEN = "\\n"


class Vocabulary:
    """Token strings by id, and text encoded by the longest token matching at each position."""

    def __init__(self, tokens: list[str]) -> None:
        if not tokens:
            raise UserError("the vocabulary file holds no token; pass a JSON list of tokens or one token a line")
        self.tokens = tokens
        self.ids = {token: i for i, token in reversed(list(enumerate(tokens)))}
        self.longest = max(len(t) for t in tokens)
        self.separator = "" if self.longest == 1 else " "

    def encode(self, text: str) -> list[int]:
        """Token ids of `text` (words separated by spaces for a word vocabulary); a `UserError` naming the first
        piece no token matches."""
        if self.separator:
            pieces = text.split()
            missing = [p for p in pieces if p not in self.ids]
            if missing:
                raise UserError(f"the prompt {text!r} holds {missing[0]!r}, which is not in the vocabulary")
            return [self.ids[p] for p in pieces]
        ids, at = [], 0
        while at < len(text):
            for size in range(min(self.longest, len(text) - at), 0, -1):
                if text[at : at + size] in self.ids:
                    ids.append(self.ids[text[at : at + size]])
                    at += size
                    break
            else:
                raise UserError(f"the prompt {text!r} holds {text[at]!r}, which is not in the vocabulary")
        return ids

    def decode(self, ids: list[int]) -> str:
        return self.separator.join(self.tokens[i] if 0 <= i < len(self.tokens) else f"<{i}>" for i in ids)


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in `path` (already resolved inside the workspace): a JSON list, or one token a line."""
    if path.stat().st_size > MAX_VOCABULARY_BYTES:
        raise UserError(f"{path.name} is over {MAX_VOCABULARY_BYTES >> 20} MiB; a vocabulary file is smaller")
    with open_vetted(path, "r", encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    if path.suffix == ".json":
        try:
            tokens = json.loads(text)
        except ValueError as exc:
            raise UserError(f"{path.name} is not valid JSON ({exc}); pass a JSON list of tokens") from None
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise UserError(f"{path.name} must hold a JSON list of token strings (index = token id)")
        return Vocabulary(tokens)
    return Vocabulary(["\n" if line == NEWLINE_TOKEN else line for line in text.removesuffix("\n").split("\n")])
