"""The second held-out output casebook's script (scripts/make_output_heldout_b.py): its grammar, its plain sample
checks, and one case built for real whose files load as the tools take them."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import make_output_heldout_b as book  # noqa: E402

from server.core.inspect.vocabulary import Vocabulary  # noqa: E402


def words(text: str) -> list[str]:
    return text.split()


def test_every_sentence_the_grammar_makes_parses_and_a_shuffled_one_does_not() -> None:
    rng = random.Random(0)
    sentences = [book.sentence(rng)[:-1] for _ in range(500)]
    assert all(book.grammatical(s) for s in sentences)
    assert not book.grammatical(["cat", "the", "sat", "away"])
    assert not book.grammatical(["the", "cat", "sat", "on", "the"])
    assert len(book.VOCABULARY) == len(set(book.VOCABULARY)) == 70 and book.VOCABULARY[:2] == ["<pad>", "."]


def test_the_sample_checks_name_one_token_loops_and_ungrammatical_text() -> None:
    pads = book.lm_symptoms([["<pad>"] * 12, ["cat", ".", "<pad>", "<pad>"]], val_loss=1.0)
    assert pads == {"ungrammatical": True, "one_token": True, "looping": True, "confidently_wrong": False}
    loop = words("the pig danced fast . the pig danced fast . the pig danced fast .")
    assert book.lm_symptoms([loop], 1.0) == {
        "ungrammatical": False, "one_token": False, "looping": True, "confidently_wrong": False,
    }  # fmt: skip
    fine = words("cat . the cow jumped over the moon . a dog ran home . my old hen saw his queen .")
    assert book.lm_symptoms([fine], 4.3) == {
        "ungrammatical": False, "one_token": False, "looping": False, "confidently_wrong": True,
    }  # fmt: skip
    flags = [{"x": True}, {"x": False}, {"x": True}, {"x": True}]
    assert book.degenerate_from([0, 100, 200, 300], flags, "x") == 200
    assert book.degenerate_from([0, 100], [{"x": True}, {"x": False}], "x") is None


def test_the_script_builds_a_case_whose_files_load_as_the_tools_take_them(tmp_path: Path) -> None:
    [entry] = book.build(tmp_path, ["lm_undertrained"])
    assert entry["expect"] is None and entry["acceptable"] == ["loss_plateau", "lr_too_low"]
    assert entry["sample_steps"] == [0, 20, 40, 60] and entry["degenerate_from_step"] is None
    assert entry["final_sample_checks"]["ungrammatical"] and not entry["final_sample_checks"]["one_token"]
    assert json.loads((tmp_path / "cases.json").read_text()) == [entry]
    # the model file beside the cases builds the factory with its defaults, and the checkpoint fits it exactly
    spec = importlib.util.spec_from_file_location("heldout_models", tmp_path / "models.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, entry["factory"])()
    state = torch.load(tmp_path / "lm_undertrained" / "model.pt", weights_only=True)
    assert model.load_state_dict(state).missing_keys == []
    batch = torch.load(tmp_path / "lm_undertrained" / "sample.pt", weights_only=True)
    assert batch.shape == (8, 32) and batch.dtype == torch.int64
    assert model(batch).shape == (8, 32, 70)
    vocabulary = Vocabulary(json.loads((tmp_path / entry["vocabulary"]).read_text()))
    assert vocabulary.encode(entry["prompts"][1]) == [book.WORD_ID["mary"], book.WORD_ID["had"], book.WORD_ID["a"]]
    lines = (tmp_path / "lm_undertrained" / "train.log").read_text().splitlines()
    samples = [line for line in lines if " | sample: " in line]
    assert [s.split(" |")[0] for s in samples[::4]] == ["step 0", "step 20", "step 40", "step 60"]
    assert len(samples) == 16 and samples[4].startswith("step 20 | sample: the ")
    assert sum(line.startswith("step ") and " | loss " in line for line in lines) == 30
