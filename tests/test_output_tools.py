"""The output probe and the logged samples through the MCP tools, on the tuned casebook's real runs (a child process
for inspect_model, as users get it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

CASES = Path(__file__).resolve().parent / "fixtures" / "outputs"

pytestmark = pytest.mark.anyio


@pytest.fixture
def cases(workspace_dir: Path) -> Path:
    """The casebook's model file and tuned cases, copied into the workspace."""
    folder = workspace_dir / "outputs"
    shutil.copytree(CASES, folder, ignore=shutil.ignore_patterns("__pycache__", "heldout"))
    return folder


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content[0].text
    return result.structured_content


def case_arguments(cases: Path, case: str) -> dict[str, Any]:
    spec = json.loads((cases / "tuned" / case / "case.json").read_text())
    return {
        "model": f"outputs/models.py:{spec['factory']}",
        "factory_kwargs": spec["factory_kwargs"],
        "checkpoint": f"outputs/tuned/{case}/model.pt",
    }


async def test_inspect_model_continues_text_prompts_and_finds_the_loop(client: Client, cases: Path) -> None:
    prompts = json.loads((cases / "tuned" / "lm_loops" / "prompts.json").read_text())[:2]
    report = await call(
        client,
        "inspect_model",
        **case_arguments(cases, "lm_loops"),
        prompts=prompts,
        vocabulary="outputs/tuned/lm_loops/vocab.json",
        output_tokens=64,
    )
    outputs = report["outputs"]
    assert [c["prompt"] for c in outputs["continuations"]] == ["Beautiful is", "Errors should"]
    assert "Readability counts.\nReadability counts." in outputs["continuations"][0]["greedy"]
    assert set(outputs["definitions"]) >= {"repeated_ngram_share", "distinct_n", "entropy_ratio", "identical_share"}
    loops = [f for f in report["findings"] if f["id"] == "mode_collapse"]
    assert [f["detail"].split(" loops")[0] for f in loops] == [
        "the continuation of prompt 'Beautiful is' sampled at temperature 1",
        "the continuation of prompt 'Errors should' sampled at temperature 1",
    ]
    assert loops[0]["value"] == pytest.approx(0.67, abs=0.005)


async def test_inspect_model_refuses_text_prompts_without_a_vocabulary(client: Client, cases: Path) -> None:
    result = await client.call_tool("inspect_model", {**case_arguments(cases, "lm_loops"), "prompts": ["Flat"]})
    assert result.is_error and "text prompts need a vocabulary file" in result.content[0].text


async def test_inspect_model_compares_a_real_batch_of_a_one_class_classifier(client: Client, cases: Path) -> None:
    report = await call(
        client, "inspect_model", **case_arguments(cases, "classifier_one_class"),
        sample_input="outputs/tuned/classifier_one_class/sample.pt",
    )  # fmt: skip
    assert report["outputs"]["batch_identical_share"] == 1.0
    assert [(f["id"], f["value"]) for f in report["findings"] if f["module"] == "output"] == [("mode_collapse", 1.0)]


async def test_diagnose_training_dates_the_collapse_from_the_samples_the_log_printed(
    client: Client, cases: Path
) -> None:
    answer = await call(client, "diagnose_training", logs="outputs/tuned/lm_collapsed/train.log")
    [cause] = [c for c in answer["root_causes"] if c["id"] == "mode_collapse"]
    assert cause["evidence"][0]["location"] == "step 50"
    assert "single-token share 0.61" in cause["evidence"][0]["detail"]
    healthy = await call(client, "diagnose_training", logs="outputs/tuned/lm_healthy/train.log")
    assert "mode_collapse" not in [c["id"] for c in healthy["root_causes"]]


async def test_diagnose_training_folds_in_the_output_probe(client: Client, cases: Path) -> None:
    answer = await call(
        client, "diagnose_training", logs="outputs/tuned/seq2seq_copy/train.log", model="outputs/models.py:Seq2Seq",
        checkpoint="outputs/tuned/seq2seq_copy/model.pt", sample_input="outputs/tuned/seq2seq_copy/sample.pt",
    )  # fmt: skip  # Seq2Seq's default vocabulary is the tuned case's (12)
    assert answer["inputs"]["model"] is True
    [cause] = [c for c in answer["root_causes"] if c["id"] == "mode_collapse"]
    sources = {(e["source"], e["location"]) for e in cause["evidence"]}
    assert ("model", "output") in sources and ("outputs/tuned/seq2seq_copy/train.log", "step 50") in sources


async def test_symptoms_choose_the_output_measures_of_a_diagnosis_but_never_a_confidence(
    client: Client, cases: Path
) -> None:
    log = "outputs/tuned/lm_loops/train.log"

    async def collapse(symptoms: str | None) -> list[tuple[float, str]]:
        answer = await call(client, "diagnose_training", logs=log, **({"symptoms": symptoms} if symptoms else {}))
        return [
            (c["confidence"], c["evidence"][0]["location"]) for c in answer["root_causes"] if c["id"] == "mode_collapse"
        ]

    answer = await call(client, "diagnose_training", logs=log, symptoms="it says the the the")
    assert answer["inputs"]["samples"] == 8 and answer["inputs"]["output_measures"] == ["repetition"]
    unprompted = await collapse(None)
    assert [where for _, where in unprompted] == ["step 50"]
    assert await collapse("it repeats itself: Readability counts. Readability counts.") == unprompted
    assert await collapse("the model copies its input") == []  # the loop is there; no measure that sees it ran


async def test_inspect_model_finds_confident_gibberish_on_the_real_batch(client: Client, cases: Path) -> None:
    report = await call(
        client, "inspect_model", **case_arguments(cases, "lm_lr_too_high"), prompts=["Beautiful is"],
        vocabulary="outputs/tuned/lm_lr_too_high/vocab.json", sample_input="outputs/tuned/lm_lr_too_high/sample.pt",
    )  # fmt: skip
    assert report["outputs"]["batch_loss_over_chance"] == pytest.approx(2.33, abs=0.005)
    [gibberish] = [f for f in report["findings"] if "uniform guess" in f["detail"]]
    assert gibberish["id"] == "mode_collapse" and gibberish["module"] == "output"


async def test_read_training_log_shows_printed_samples_as_samples_not_metrics(client: Client, cases: Path) -> None:
    summary = await call(client, "read_training_log", paths="outputs/tuned/seq2seq_copy/train.log")
    [run] = summary["runs"]
    assert list(run["metrics"]) == ["loss"] and run["samples_total"] == 28
    assert run["samples"][-1] == {
        "step": 300, "line": 93, "file": "outputs/tuned/seq2seq_copy/train.log", "text": "1 1 2 3 5 4 5 9",
        "source": "1 1 2 3 5 4 5 9",
    }  # fmt: skip


async def test_inspect_model_runs_only_the_measures_asked_for(client: Client, cases: Path) -> None:
    report = await call(
        client, "inspect_model", **case_arguments(cases, "seq2seq_copy"), measures=["one_class"],
        sample_input="outputs/tuned/seq2seq_copy/sample.pt",
    )  # fmt: skip
    assert report["outputs"]["measures"] == ["one_class"] and report["outputs"]["batch_copy_share"] == 1.0
    assert [f for f in report["findings"] if f["module"] == "output"] == []  # copying was not asked for
