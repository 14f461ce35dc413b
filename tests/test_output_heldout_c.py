"""The third held-out output casebook's script (scripts/make_output_heldout_c.py): its byte-pair pieces, its plain
sample checks, and one case built for real whose files load as the tools take them."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import make_output_heldout_c as book  # noqa: E402

from server.core.inspect.vocabulary import Vocabulary  # noqa: E402


def test_byte_pair_pieces_round_trip_the_recipe_text_and_fill_the_model_vocabulary() -> None:
    vocab, merges, text = book.pieces()
    assert len(vocab) == len(set(vocab)) == book.models.PIECE_VOCABULARY
    held = book.recipe_text(random.Random(5), 40)
    assert "".join(vocab[i] for i in book.encode_pieces(held, vocab, merges)) == held
    assert len(book.encode_pieces(held, vocab, merges)) < len(held) / 2
    assert len(book.SHIP_WORDS) == book.models.WORD_VOCABULARY


def test_the_sample_checks_name_loops_one_token_and_when_degeneration_stays() -> None:
    assert book.loops(["a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"])
    assert not book.loops(["at", "dawn", "we", "saw", "two", "seals", "near", "the", "cape", "."])
    assert book.one_token([7, 7, 7, 2, 7, 1]) and not book.one_token([1, 2, 3, 1, 4])
    assert book.unseen_share(["x", "y", "z", "w"], {"x"}) == 0.75
    assert book.degenerate_from([0, 100, 200, 300], [True, False, True, True]) == 200
    assert book.degenerate_from([0, 100], [True, False]) is None


def test_the_script_builds_a_case_whose_files_load_as_the_tools_take_them(tmp_path: Path) -> None:
    [entry] = book.build(tmp_path, ["recipe_transformer_undertrained"])
    assert entry["expect"] is None and entry["acceptable"] == ["loss_plateau", "lr_too_low"]
    assert entry["sample_steps"] == [0, 20, 40] and entry["degenerate_from_step"] is None
    assert json.loads((tmp_path / "cases.json").read_text()) == [entry]
    spec = importlib.util.spec_from_file_location("heldout_c_models", tmp_path / "models.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, entry["factory"])()
    state = torch.load(tmp_path / entry["name"] / "model.pt", weights_only=True)
    assert model.load_state_dict(state).missing_keys == []
    batch = torch.load(tmp_path / entry["name"] / "sample.pt", weights_only=True)
    assert batch.shape == (8, 32) and batch.dtype == torch.int64
    assert model(batch).shape == (8, 32, 96)
    # prompts are token ids cut from held-out text; the JSON vocabulary decodes them (the tool joins pieces with spaces)
    vocabulary = Vocabulary(json.loads((tmp_path / entry["vocabulary"]).read_text()))
    assert vocabulary.separator == " " and len(vocabulary.tokens) == 96
    assert [len(p) for p in entry["prompts"]] == [6] * 5
    assert all(isinstance(i, int) and 0 <= i < 96 for prompt in entry["prompts"] for i in prompt)
    first_prompt = "".join(vocabulary.tokens[i] for i in entry["prompts"][0])
    lines = (tmp_path / entry["name"] / "train.log").read_text().splitlines()
    evals = [line for line in lines if line.startswith("step ")]
    assert [e.split(":")[0] for e in evals] == ["step 0", "step 20", "step 40"]
    assert lines.count("---------------") == 9
    assert sum(line.startswith("iter ") for line in lines) == 4
    assert lines[lines.index(evals[0]) + 1].startswith(first_prompt)
    # the ship's vocabulary is one word a line and encodes the ship prompts
    ship = (tmp_path / "ship_vocab.txt").read_text().splitlines()
    assert Vocabulary(ship).encode(book.SHIP_PROMPTS[0]) == [book.SHIP_ID[w] for w in ["the", "brig", "sailed"]]
