"""What a model produces: the pure measures, the worker's output probe on the casebook's real runs, and the samples
their logs print (tests/fixtures/outputs/tuned, made by scripts/make_output_casebook.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from server.core.diagnosis.samples import sample_findings
from server.core.errors import UserError
from server.core.inspect import worker
from server.core.inspect.models import InspectRequest
from server.core.inspect.request import encode_prompts
from server.core.inspect.run import build_report
from server.core.inspect.vocabulary import Vocabulary
from server.core.logs import text
from server.core.logs.reading import read_logs
from server.core.logs.samples import SampleEvent, SampleScanner
from server.core.outputs import (
    DEFAULT_MEASURES,
    OutputMeasure,
    distinct_n,
    identical_share,
    measures_for,
    repeated_ngram_share,
    single_token_share,
    tokens_of,
)
from server.core.workspace import Workspace

CASES = Path(__file__).resolve().parent / "fixtures" / "outputs"
TUNED = CASES / "tuned"


def probe(case: str, prompts: bool = True, measures: frozenset[OutputMeasure] = DEFAULT_MEASURES) -> Any:
    """The output probe's report on a tuned case: its prompts (language models) and its real batch."""
    folder = TUNED / case
    spec = json.loads((folder / "case.json").read_text())
    request: dict[str, Any] = {
        "model_file": str(CASES / "models.py"), "factory": spec["factory"], "factory_kwargs": spec["factory_kwargs"],
        "checkpoint": str(folder / "model.pt"), "sample_input": str(folder / "sample.pt"), "outputs": True,
        "measures": sorted(measures),
    }  # fmt: skip
    tokens = None
    if prompts and (folder / "vocab.json").is_file():
        tokens = json.loads((folder / "vocab.json").read_text())
        vocabulary = Vocabulary(tokens)
        request["prompts"] = [vocabulary.encode(p) for p in json.loads((folder / "prompts.json").read_text())]
    answer = worker.inspect(request)
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    return build_report(answer, InspectRequest(vocabulary=tokens, measures=sorted(measures)), None)


def output_findings(report: Any) -> list[str]:
    return [f.detail for f in report.findings if f.module == "output"]


def test_the_measures_follow_their_definitions() -> None:
    loop = ["the", "cat", "sat", "the", "cat", "sat", "the", "cat", "sat"]
    assert repeated_ngram_share(loop) == pytest.approx(1 - 3 / 6)  # 6 4-grams, 3 distinct
    assert repeated_ngram_share(["a", "b", "c"]) is None  # no 4-gram
    assert distinct_n([["a", "b", "a", "b"], ["a", "b"]]) == pytest.approx(2 / 4)  # ab, ba, ab, ab
    assert identical_share(["x", "x", "x", "y"]) == 0.75
    assert single_token_share("aaab") == 0.75  # characters
    assert single_token_share(["<pad>", "cat", "<pad>", "<pad>"]) == 0.75  # words
    assert tokens_of("eeeeee") == list("eeeeee")  # a short text in characters
    many = " ".join(["word"] * 16)
    assert tokens_of(many) == ["word"] * 16 and repeated_ngram_share(tokens_of(many)) == pytest.approx(12 / 13)


def test_a_vocabulary_encodes_text_prompts_and_refuses_what_it_lacks(tmp_path: Path) -> None:
    chars = Vocabulary(["a", "b", " "])
    assert chars.encode("ab a") == [0, 1, 2, 0] and chars.decode([1, 0, 9]) == "ba<9>"
    words = Vocabulary(["the", "cat", "sat"])
    assert words.encode("the cat") == [0, 1] and words.decode([2, 1]) == "sat cat"
    with pytest.raises(UserError, match="'z', which is not in the vocabulary"):
        chars.encode("az")
    with pytest.raises(UserError, match="text prompts need a vocabulary file"):
        encode_prompts(["hello"], None)
    assert encode_prompts([[3, 4], [5]], None) == [[3, 4], [5]]


def test_a_model_trained_on_one_repeated_line_loops_when_sampled_from_its_own_distribution() -> None:
    report = probe("lm_loops")
    shares = {round(c.sampled_repeated_ngram_share, 2) for c in report.outputs.continuations}
    assert shares == {0.67}  # every prompt, sampled at temperature 1: 'Readability counts.\n' again and again
    details = output_findings(report)
    assert len(details) == 8 and all("loops" in d for d in details)
    assert details[0].startswith(
        "the continuation of prompt 'Beautiful is' sampled at temperature 1 loops: 67% of its 4-grams repeat"
    )
    assert "Readability counts." in report.outputs.continuations[1].sampled
    assert report.outputs.remarks == []  # the greedy path loops too, and that is the finding's, not a remark


def test_a_model_collapsed_by_misdirected_label_smoothing_says_one_thing_to_every_prompt() -> None:
    report = probe("lm_collapsed")
    assert report.outputs.identical_share == 1.0
    assert report.outputs.single_token == "\n"
    assert report.outputs.single_token_share == pytest.approx(0.61, abs=0.005)
    details = output_findings(report)
    assert [d.split(" (")[0] for d in details] == [
        "100% of the 8 prompts get the same greedy continuation",
        "the token '\\n' gets 61% of the probability at every generation step on average",
        "75% of the 8 inputs of sample_input map to the same output",  # the real text windows, teacher-forced
    ]


def test_healthy_and_undertrained_models_give_no_output_finding() -> None:
    healthy, undertrained = probe("lm_healthy"), probe("lm_undertrained")
    assert output_findings(healthy) == [] and output_findings(undertrained) == []
    # the undertrained model's greedy path loops ('than than than'); sampled from, it does not: a remark, no finding
    assert min(c.greedy_repeated_ngram_share for c in undertrained.outputs.continuations) >= 0.6
    assert max(c.sampled_repeated_ngram_share for c in undertrained.outputs.continuations) <= 0.02
    assert len(undertrained.outputs.remarks) == 8
    assert undertrained.outputs.remarks[0].startswith("the greedy continuation of prompt 'Beautiful is' repeats")
    assert "Holtzman et al. 2020" in undertrained.outputs.remarks[0]
    assert healthy.outputs.continuations[0].greedy.startswith(" better than complicated.\nFlat is")


def test_a_lr_blown_model_whose_greedy_path_loops_is_judged_on_its_samples_and_its_loss() -> None:
    report = probe("lm_lr_too_high")
    loops = [c for c in report.outputs.continuations if c.greedy_repeated_ngram_share >= 0.55]
    assert [c.prompt for c in loops] == ["Flat"] and loops[0].sampled_repeated_ngram_share < 0.55
    details = output_findings(report)
    assert len(details) == 1 and details[0].startswith("the model scores the real batch sample_input at 8.87 nats")


def test_a_classifier_predicting_one_class_maps_a_real_balanced_batch_to_one_output() -> None:
    report = probe("classifier_one_class")
    assert report.outputs.batch_rows == 64 and report.outputs.batch_identical_share == 1.0
    assert output_findings(report) == [
        "100% of the 64 inputs of sample_input map to the same output (identical share >= 0.75)"
    ]
    assert output_findings(probe("classifier_healthy")) == []


def test_a_seq2seq_copying_its_input_is_found_by_its_copy_share() -> None:
    report = probe("seq2seq_copy")
    assert report.outputs.batch_copy_share == 1.0
    assert output_findings(report)[0].startswith("100% of the 64 inputs of sample_input come back unchanged")
    healthy = probe("seq2seq_healthy")
    assert healthy.outputs.batch_copy_share == 0.0 and output_findings(healthy) == []


def test_continuations_need_a_model_answering_token_ids_with_one_distribution_per_position() -> None:
    request = {"model_file": str(CASES / "models.py"), "outputs": True, "prompts": [[1, 2]], "output_tokens": 2}
    with pytest.raises(worker.WorkerError, match=r"the model failed on token ids \[2, 2\]"):
        worker.inspect({**request, "factory": "Classifier", "factory_kwargs": {"features": 2}})


def logged(case: str) -> list[SampleEvent]:
    """The sample events the text reader reads in a tuned case's train.log."""
    [run] = text.read(TUNED / case / "train.log", "train.log")
    return run.samples


def samples_found(case: str, measures: frozenset[OutputMeasure] = DEFAULT_MEASURES) -> list[tuple[str, str, str]]:
    found = sample_findings(logged(case), "train.log", measures)
    return [(f.id, f.evidence[0].location, f.evidence[0].detail) for f in found]


def test_samples_printed_between_nanogpt_separators_date_the_collapse() -> None:
    [(cause, where, detail)] = samples_found("lm_collapsed")
    assert (cause, where) == ("mode_collapse", "step 50")
    assert detail.startswith("samples degenerate since step 50 through step 100: single-token share 0.61")
    [(cause, where, detail)] = samples_found("lm_loops")
    assert (cause, where) == ("mode_collapse", "step 50")
    assert detail.startswith("samples degenerate since step 50 through step 150: repeated n-gram share 0.64")
    assert samples_found("lm_healthy") == [] and samples_found("lm_undertrained") == []


def test_labelled_predictions_in_logs_show_one_class_and_copied_inputs() -> None:
    [(_, where, detail)] = samples_found("classifier_one_class")
    assert where == "step 50" and "identical share 1.00 of 8 samples" in detail
    [(_, where, detail)] = samples_found("seq2seq_copy")
    assert where == "step 50" and "copy share 1.00" in detail
    assert samples_found("classifier_healthy") == [] and samples_found("seq2seq_healthy") == []


def scan(data: bytes, chunk_bytes: int) -> list[tuple[int, float | None, str, str | None]]:
    """The samples of `data` fed to a scanner in chunks of whole lines of about `chunk_bytes`."""
    scanner, at, line = SampleScanner("log"), 0, 1
    while at < len(data):
        cut = data.rfind(b"\n", at, at + chunk_bytes) + 1 or data.index(b"\n", at) + 1
        scanner.feed(data[at:cut], line)
        line, at = line + data.count(b"\n", at, cut), cut
    return [(s.line, s.step, s.text, s.source) for s in scanner.samples]


def test_a_sample_takes_the_step_of_the_nearest_preceding_mention_and_its_line() -> None:
    lines = ["iter 10: loss 2.0", "---------------", "abc", "---------------", "step 20: train loss 1.0",
             "Generated: the the the | label: x", "{'loss': 1.0, 'step': 30}", "Input: a b", "Prediction: hi",
             "global_step=40 5ms/step", "Output: x"]  # fmt: skip
    assert scan(("\n".join(lines) + "\n").encode(), 1 << 20) == [
        (3, 10.0, "abc", None), (6, 20.0, "the the the", None), (9, 30.0, "hi", "a b"), (11, 40.0, "x", None)
    ]  # fmt: skip


def test_samples_read_in_small_chunks_are_those_read_whole() -> None:
    data = (TUNED / "lm_loops" / "train.log").read_bytes()
    whole = scan(data, 1 << 20)
    assert len(whole) == 8 and whole[2][:2] == (23, 50.0)  # step 50 on line 17; its first sample: lines 19-23
    assert scan(data, 97) == whole and scan(data, 300) == whole


def test_sample_lines_are_sample_events_not_metrics() -> None:
    [run] = text.read(TUNED / "seq2seq_copy" / "train.log", "train.log")
    assert sorted(run.metrics) == ["loss"]  # not `Input` and `Prediction` (their first token read as a number)
    assert run.samples_total == 28 and run.samples[0].kind == "sample"
    assert (run.samples[0].step, run.samples[0].text, run.samples[0].source) == (0.0, "4 4 10 10 10 10 4 4",
                                                                                 "6 3 0 4 4 2 11 5")  # fmt: skip


def test_a_model_answering_nan_keeps_its_report_and_says_why_nothing_was_measured(tmp_path: Path) -> None:
    import torch

    state = torch.load(TUNED / "lm_healthy" / "model.pt", weights_only=True)
    state["head.bias"][0] = float("nan")  # as a diverged run leaves it
    torch.save(state, tmp_path / "nan.pt")
    kwargs = json.loads((TUNED / "lm_healthy" / "case.json").read_text())["factory_kwargs"]
    answer = worker.inspect({
        "model_file": str(CASES / "models.py"), "factory": "CharLM", "factory_kwargs": kwargs,
        "checkpoint": str(tmp_path / "nan.pt"), "outputs": True, "prompts": [[1, 2, 3]], "output_tokens": 4,
    })  # fmt: skip
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    report = build_report(answer, InspectRequest(), None)
    assert report.outputs.problem == "the next-token distribution holds NaN/inf after 3 tokens"
    assert report.outputs.continuations == []
    assert ("numerical_instability", "head.bias") in [(f.id, f.module) for f in report.findings]


def test_symptom_words_choose_the_output_measures_and_unknown_text_runs_them_all() -> None:
    assert measures_for("the model repeats itself") == {OutputMeasure.REPETITION}
    assert measures_for("it says the the the after a clean loss") == {OutputMeasure.REPETITION}
    assert measures_for("Outputs GIBBERISH, pure nonsense") == {OutputMeasure.GIBBERISH}
    assert measures_for("always predicts the same class") == {OutputMeasure.ONE_CLASS}
    assert measures_for("the translation just copies the source") == {OutputMeasure.COPYING}
    assert measures_for("loops, then garbled text") == {OutputMeasure.REPETITION, OutputMeasure.GIBBERISH}
    assert measures_for("training got slow on Tuesday") == DEFAULT_MEASURES == set(OutputMeasure)
    assert measures_for("the loss stays the same whatever the random seed") == DEFAULT_MEASURES  # no output named
    assert measures_for(None) == measures_for("") == DEFAULT_MEASURES


def test_a_language_model_trained_at_lr_1_scores_real_text_worse_than_a_uniform_guess() -> None:
    report = probe("lm_lr_too_high")
    assert report.outputs.batch_loss == pytest.approx(8.872, abs=0.001)
    assert report.outputs.batch_loss_over_chance == pytest.approx(2.33, abs=0.005)  # 8.872 / ln 45
    assert output_findings(report)[-1].startswith(
        "the model scores the real batch sample_input at 8.87 nats a token, 2.33x the ln V of a uniform guess"
    )
    # healthy and undertrained models score below chance: no finding
    assert probe("lm_undertrained").outputs.batch_loss_over_chance == pytest.approx(0.64, abs=0.005)
    assert probe("lm_healthy").outputs.batch_loss_over_chance == pytest.approx(0.045, abs=0.005)
    # a model not continued from prompts is no language model to score (a tagger's outputs answer its inputs)
    assert probe("seq2seq_healthy").outputs.batch_loss is None


def test_the_measures_chosen_are_the_only_ones_run_and_judged() -> None:
    looping = probe("lm_loops", measures=frozenset({OutputMeasure.GIBBERISH}))
    assert looping.outputs.continuations == [] and looping.outputs.measures == [OutputMeasure.GIBBERISH]
    assert output_findings(looping) == []  # the loop is there, but no measure that sees it ran
    assert output_findings(probe("lm_loops", measures=frozenset({OutputMeasure.REPETITION})))[0].startswith(
        "the continuation of prompt 'Beautiful is' sampled at temperature 1 loops"
    )
    copying = probe("seq2seq_copy", measures=frozenset({OutputMeasure.REPETITION}))
    assert copying.outputs.batch_rows is None and output_findings(copying) == []
    assert samples_found("seq2seq_copy", frozenset({OutputMeasure.ONE_CLASS})) == []
    [(_, where, detail)] = samples_found("seq2seq_copy", frozenset({OutputMeasure.COPYING}))
    assert where == "step 50" and "copy share 1.00" in detail


def test_a_log_of_printed_predictions_alone_is_a_run_of_samples(tmp_path: Path) -> None:
    log = tmp_path / "predictions.log"
    log.write_text("step 100\nInput: 1 2 3 4\nPrediction: 1 2 3 4\nstep 200\nInput: 5 6 7 8\nPrediction: 5 6 7 8\n")
    [run] = text.read(log, "predictions.log")
    assert run.metrics == {} and [(s.step, s.text, s.source) for s in run.samples] == [
        (100.0, "1 2 3 4", "1 2 3 4"), (200.0, "5 6 7 8", "5 6 7 8")
    ]  # fmt: skip


SHAPES = CASES / "shapes"  # scripts/make_sample_shapes.py: real tiny runs printing samples as common scripts do


def test_samples_labelled_after_a_step_field_are_read_with_that_step_and_date_the_pad_collapse() -> None:
    [run] = text.read(SHAPES / "pipe_sample.log", "pipe_sample.log")
    assert sorted(run.metrics) == ["loss", "val_loss"] and run.samples_total == 12
    assert [(s.line, s.step) for s in run.samples[3:6]] == [(8, 50.0), (9, 50.0), (10, 50.0)]
    assert run.samples[3].text.startswith("humpty dumpty dumpty <pad> had <pad> jill went")
    [found] = sample_findings(run.samples, "pipe_sample.log")
    assert found.evidence[0].location == "step 100"
    assert found.evidence[0].detail.startswith(
        "samples degenerate since step 100 through step 150: repeated n-gram share 0.80 (>= 0.55); single-token "
        "share 0.86 (>= 0.5)"
    )


def test_generated_lines_under_an_epoch_step_line_date_the_loop() -> None:
    [run] = text.read(SHAPES / "generated.log", "generated.log")
    assert sorted(run.metrics) == ["train_loss", "val_loss"] and run.samples_total == 12
    [found] = sample_findings(run.samples, "generated.log")
    assert found.evidence[0].location == "step 100"
    assert "repeated n-gram share 0.61 (>= 0.55)" in found.evidence[0].detail


def test_a_seq2seq_line_of_input_prediction_and_target_is_one_sample_and_no_metric() -> None:
    [run] = text.read(SHAPES / "seq2seq_pipe.log", "seq2seq_pipe.log")
    assert sorted(run.metrics) == ["eval_token_acc", "loss"]  # not `prediction` and `target` (read as numbers)
    assert run.samples_total == 18
    first = run.samples[0]
    assert (first.line, first.step, first.text, first.source) == (2, 0.0, "1 1 1 1 5 9 1 1", "4 0 2 0 4 3 6 4")
    [found] = sample_findings(run.samples, "seq2seq_pipe.log")
    assert found.evidence[0].location == "step 50"
    assert "copy share 1.00: outputs equal their inputs" in found.evidence[0].detail


def test_a_label_inside_a_metric_field_or_word_is_no_sample() -> None:
    lines = ["step 1 | loss 0.5 | samples/sec: 120", "step 2 | input_ids: 3 | output_dim=4", "outputs: 7",
             "step 3 | loss 0.4 | sample: the the the | label: x", "Input: a b",
             "step 4 | prediction: a b"]  # fmt: skip
    assert scan(("\n".join(lines) + "\n").encode(), 1 << 20) == [(4, 3.0, "the the the", None), (6, 4.0, "a b", "a b")]


def test_a_numeric_output_field_is_a_metric_unless_a_reference_scores_it(tmp_path: Path) -> None:
    lines = ["step 1 | loss 0.9 | output: 0.5", "step 2 | loss 0.8 | output: 0.4", "step 3 | prediction: 3 | label: 5"]
    assert scan(("\n".join(lines) + "\n").encode(), 1 << 20) == [(3, 3.0, "3", None)]
    (tmp_path / "train.log").write_text("\n".join(lines[:2] * 3) + "\n")
    run = read_logs(Workspace.of([tmp_path]), ["train.log"]).runs[0]
    assert list(run.metrics["output"].values) == [0.5, 0.4] * 3 and not run.samples


def test_a_checkpoint_trained_at_lr_1_has_grown_weights_remarked_not_poor_initialization() -> None:
    folder = TUNED / "lm_lr_too_high"
    spec = json.loads((folder / "case.json").read_text())
    answer = worker.inspect({
        "model_file": str(CASES / "models.py"), "factory": spec["factory"], "factory_kwargs": spec["factory_kwargs"],
        "checkpoint": str(folder / "model.pt"),
    })  # fmt: skip
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    report = build_report(answer, InspectRequest(checkpoint=folder / "model.pt"), None)
    assert report.findings == []
    assert [r.split(" in the checkpoint")[0] for r in report.remarks] == [
        "std of rnn.weight_ih_l0", "std of rnn.weight_hh_l0", "std of head.weight"
    ]  # fmt: skip
    assert report.remarks[1].startswith("std of rnn.weight_hh_l0 in the checkpoint is 5.94, 67.2x the 1/sqrt(fan_in)")


def test_an_mlp_ngram_model_whose_body_outweighs_its_embedding_is_no_imbalance(tmp_path: Path) -> None:
    (tmp_path / "ngram.py").write_text(
        "import torch.nn as nn\n\n"
        "class NgramMLP(nn.Module):  # Bengio et al. 2003: embeddings of the last 4 words -> MLP -> next word\n"
        "    def __init__(self, vocab=70, width=32, context=4, hidden=192):\n"
        "        super().__init__()\n"
        "        self.embed = nn.Embedding(vocab, width)\n"
        "        self.mlp = nn.Sequential(nn.Linear(context * width, hidden), nn.Tanh(), nn.Linear(hidden, vocab))\n"
    )
    answer = worker.inspect({"model_file": str(tmp_path / "ngram.py"), "factory": "NgramMLP"})
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    shares = {m["name"]: round(m["params"] / answer["total_params"], 3) for m in answer["modules"] if m["depth"] == 1}
    assert shares == {"embed": 0.055, "mlp": 0.945}
    assert [f.id for f in build_report(answer, InspectRequest(), None).findings] == []
