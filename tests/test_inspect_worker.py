"""The inspection worker's measurements and the finding rules, run in this process on the zoo's tiny models.

The tool tests launch the worker as a child; these call it directly (fast, and measured by coverage).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
import torch

from server.core.inspect import worker
from server.core.inspect.models import InspectRequest
from server.core.inspect.run import build_report

ZOO = str(Path(__file__).resolve().parent / "fixtures" / "models" / "zoo.py")
MODELS = Path(ZOO).parent


def measure(factory: str, **request: Any) -> dict[str, Any]:
    return worker.inspect({"model_file": ZOO, "factory": factory, **request})


def report(answer: dict[str, Any], **request: Any) -> Any:
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    return build_report(answer, InspectRequest(**request), None)


def found(answer: dict[str, Any], **request: Any) -> list[tuple[str, str]]:
    return [(f.id, f.module) for f in report(answer, **request).findings]


def worker_error(kind: str, call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(worker.WorkerError) as caught:
        call(*args, **kwargs)
    assert caught.value.kind == kind
    return str(caught.value)


def test_a_conv_model_gets_an_image_batch_inferred_from_its_first_layer() -> None:
    answer = measure("conv", probe=True)
    assert answer["total_params"] == 7314
    assert answer["probe"]["input"] == "random float32 [8, 3, 32, 32]"
    assert answer["probe"]["output_shape"] == [8, 2]


def test_an_embedding_model_gets_token_ids_below_its_vocabulary() -> None:
    answer = measure("TiedLM", probe=True)
    assert answer["probe"]["input"] == "random ids [8, 16] < 10"
    assert answer["probe"]["output_shape"] == [8, 16, 10]
    assert [layer["name"] for layer in answer["probe"]["layers"]] == ["embed", "lm_head"]


def test_an_embedding_model_with_an_explicit_shape_still_gets_token_ids() -> None:
    answer = measure("TiedLM", probe=True, input_shape=[4, 8])
    assert answer["probe"]["input"] == "random ids [4, 8] < 10"
    assert answer["probe"]["output_shape"] == [4, 8, 10]
    message = worker_error("forward", measure, "TiedLM", probe=True, input_shape=[4, 8], input_dtype="float32")
    assert "the forward pass on random float32 [4, 8] failed" in message  # an explicit dtype is honoured


def test_an_explicit_input_shape_and_dtype_are_used_as_given() -> None:
    answer = measure("Wrapped", probe=True, input_shape=[3, 4], factory_kwargs={"wrap": "dict"})
    assert answer["probe"]["input"] == "random float32 [3, 4]"
    message = worker_error("forward", measure, "linear", probe=True, input_shape=[2, 4], input_dtype="int64")
    assert "the forward pass on random ids [2, 4] < 2 failed" in message


def test_outputs_wrapped_in_tuples_dicts_or_logits_are_unwrapped() -> None:
    for wrap in ("tuple", "dict", "logits"):
        assert measure("Wrapped", probe=True, factory_kwargs={"wrap": wrap})["probe"]["output_shape"] == [8, 2]
    message = worker_error("forward", measure, "Wrapped", probe=True, factory_kwargs={"wrap": "none"})
    assert "returned NoneType" in message


def test_a_sample_input_may_be_a_tensor_a_list_or_a_dict(tmp_path: Path) -> None:
    batches = {"tensor": torch.ones(5, 4), "list": [torch.ones(5, 4)], "dict": {"y": torch.ones(5, 4)}}
    for name, batch in batches.items():
        torch.save(batch, tmp_path / f"{name}.pt")
        answer = measure(
            "Wrapped", probe=True, sample_input=str(tmp_path / f"{name}.pt"), factory_kwargs={"wrap": "tuple"}
        )
        assert (answer["probe"]["input"], answer["probe"]["output_shape"]) == ("sample_input", [5, 2])
        assert answer["probe"]["output_spread"] == 0.0  # five identical examples
    torch.save(3, tmp_path / "int.pt")
    assert "must hold a tensor" in worker_error(
        "input", measure, "linear", probe=True, sample_input=str(tmp_path / "int.pt")
    )


def test_unprobeable_requests_say_what_to_pass() -> None:
    assert "pass input_shape" in worker_error("input", measure, "layer_norm_first", probe=True)
    assert "unknown input_dtype" in worker_error("input", measure, "linear", probe=True, input_dtype="float17")
    assert "no trainable parameters" in worker_error("input", measure, "frozen_only", probe=True)
    assert "unknown optimizer" in worker_error("input", measure, "linear", probe=True, optimizer="lion")
    shape = worker_error("forward", measure, "linear", probe=True, input_shape=[2, 5])
    assert "the forward pass on random float32 [2, 5] failed: RuntimeError" in shape


def test_factories_that_cannot_give_a_module_are_named(tmp_path: Path) -> None:
    assert "has no 'Missing'" in worker_error("factory", measure, "Missing")
    assert "is not callable" in worker_error("factory", measure, "PROBE_CONSTANT")
    assert "returned dict, not a torch.nn.Module" in worker_error("factory", measure, "not_a_module")
    bad = tmp_path / "bad_model.py"
    bad.write_text("import definitely_missing_module\n")
    message = worker_error("import", worker.inspect, {"model_file": str(bad), "factory": "Net"})
    assert "ModuleNotFoundError: No module named 'definitely_missing_module'" in message


def test_a_deep_sigmoid_stack_shows_vanishing_gradients_and_a_collapsed_output() -> None:
    answer = measure("sigmoid_stack", probe=True)
    assert found(answer) == [("vanishing_gradients", "0"), ("mode_collapse", "output")]


def test_a_zeroed_last_layer_is_poor_initialization_and_collapses_the_output() -> None:
    answer = measure("zero_output", probe=True)
    assert found(answer) == [
        ("poor_initialization", "2.weight"),
        ("vanishing_gradients", "0"),
        ("mode_collapse", "output"),
    ]


def test_oversized_weights_saturate_sigmoids_and_adam_flags_a_too_high_learning_rate() -> None:
    answer = measure(
        "scaled_stack",
        probe=True,
        factory_kwargs={"scale": 20.0, "activation": "sigmoid", "layers": 1},
        optimizer="adam",
        lr=1.0,
    )
    assert found(answer) == [
        ("poor_initialization", "0.weight"),
        ("saturated_activations", "1"),
        ("lr_too_high", "0"),
        ("lr_too_high", "2"),
    ]


def test_unnormalised_inputs_make_the_first_layer_gradients_explode(tmp_path: Path) -> None:
    torch.manual_seed(0)
    torch.save(torch.rand(8, 16) * 255, tmp_path / "pixels.pt")
    answer = measure(
        "scaled_stack",
        probe=True,
        factory_kwargs={"scale": 1e-3, "layers": 1},
        sample_input=str(tmp_path / "pixels.pt"),
    )
    assert found(answer) == [("poor_initialization", "0.weight"), ("exploding_gradients", "0")]


def test_a_checkpoint_saved_from_ddp_nested_in_a_training_dict_loads(tmp_path: Path) -> None:
    state = torch.load(MODELS / "healthy.pt", weights_only=True)
    torch.save({"epoch": 3, "state_dict": {f"module.{k}": v for k, v in state.items()}}, tmp_path / "ddp.pt")
    answer = measure("ReluNet", checkpoint=str(tmp_path / "ddp.pt"))
    assert answer["checkpoint"] == {"missing_keys": [], "unexpected_keys": []}
    assert answer["source"] == "model + checkpoint (meta device)"
    assert found(answer, checkpoint=tmp_path / "ddp.pt") == []
    torch.save({"fc1.weight": torch.zeros(3, 3)}, tmp_path / "wrong.pt")
    assert "does not fit the model" in worker_error(
        "checkpoint", measure, "ReluNet", checkpoint=str(tmp_path / "wrong.pt")
    )


def test_checkpoints_without_tensors_or_readable_bytes_are_refused(tmp_path: Path) -> None:
    torch.save({"epoch": 3}, tmp_path / "empty.pt")
    assert "without tensors" in worker_error("checkpoint", worker.inspect, {"checkpoint": str(tmp_path / "empty.pt")})
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    assert "cannot read the checkpoint junk.pt" in worker_error(
        "checkpoint", worker.inspect, {"checkpoint": str(tmp_path / "junk.pt")}
    )


def test_a_legacy_format_checkpoint_alone_names_its_tied_tensors_and_broken_matrices(tmp_path: Path) -> None:
    shared = torch.randn(12, 4) / 2
    state = {
        "embed.weight": shared,
        "head.weight": shared,
        "mid.weight": torch.zeros(4, 4),
        "flat.weight": torch.full((4, 4), 0.3),
    }
    torch.save(state, tmp_path / "old.pt", _use_new_zipfile_serialization=False)
    answer = worker.inspect({"checkpoint": str(tmp_path / "old.pt"), "depth": 1})
    assert (answer["total_params"], answer["embedding_params"]) == (80, 48)
    assert answer["tied"] == [["embed.weight", "head.weight"]]
    assert found(answer) == [
        ("parameter_imbalance", "embeddings"),
        ("poor_initialization", "mid.weight"),
        ("poor_initialization", "flat.weight"),
    ]


def test_above_the_budget_weight_health_checks_the_ends_and_every_nth_tensor(tmp_path: Path) -> None:
    torch.manual_seed(0)
    state = {f"l{i}.weight": torch.randn(4, 4) / 2 for i in range(10)}  # 64 bytes each, 640 in all
    state["l3.weight"][0, 0] = state["l4.weight"][0, 0] = float("nan")
    torch.save(state, tmp_path / "big.pt")
    answer = worker.inspect({"checkpoint": str(tmp_path / "big.pt"), "weight_budget_bytes": 400})
    checked = ["l0.weight", "l1.weight", "l3.weight", "l6.weight", "l8.weight", "l9.weight"]  # every 2nd: 0, 3, 6, 9
    assert answer["weight_health"] == {
        "tensors": 10,
        "bytes": 640,
        "checked": 6,
        "checked_bytes": 384,
        "budget_bytes": 400,
        "sampled": True,
        "checked_names": checked,
    }
    assert [w["name"] for w in answer["weights"]] == checked
    assert found(answer) == [("numerical_instability", "l3.weight")]  # l4 was not read
    assert report(answer).weight_health.checked_names == checked
    whole = worker.inspect({"checkpoint": str(tmp_path / "big.pt")})
    assert (whole["weight_health"]["checked"], whole["weight_health"]["sampled"]) == (10, False)
    assert whole["weight_health"]["checked_names"] == []
    assert found(whole) == [("numerical_instability", "l3.weight"), ("numerical_instability", "l4.weight")]
    nothing = worker.inspect({"checkpoint": str(tmp_path / "big.pt"), "weight_budget_bytes": 0})
    assert (nothing["weight_health"]["checked"], nothing["weights"]) == (0, [])


def test_findings_past_the_cap_are_counted_as_left_out(tmp_path: Path) -> None:
    torch.save({f"l{i}.weight": torch.full((2, 2), float("nan")) for i in range(45)}, tmp_path / "nan.pt")
    shaped = report(worker.inspect({"checkpoint": str(tmp_path / "nan.pt")}))
    assert (len(shaped.findings), shaped.findings_truncated) == (40, 5)
    assert shaped.findings[-1].module == "l39.weight"
    assert report(measure("linear")).findings_truncated == 0


def test_safetensors_are_read_from_their_header_and_mapped_without_the_library(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    tensors = {"a.weight": torch.randn(3, 4) / 2, "a.steps": torch.arange(5), "b.empty": torch.empty(0, 2)}
    save_file(tensors, tmp_path / "m.safetensors")
    assert worker.safetensors_counts(tmp_path / "m.safetensors") == {
        "tensors": 3,
        "params": 17,
        "bytes_by_dtype": {"F32": 48, "I64": 40},
    }
    loaded = worker.load_safetensors(tmp_path / "m.safetensors")
    assert sorted(loaded) == ["a.weight", "b.empty"]
    assert torch.equal(loaded["a.weight"], tensors["a.weight"])
    save_file({}, tmp_path / "none.safetensors")
    assert worker.load_safetensors(tmp_path / "none.safetensors") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"abc", "too short"),
        (struct.pack("<Q", 10**12) + b"{}", "not safetensors"),
        (struct.pack("<Q", 4) + b"{{{{", "unreadable safetensors header"),
        (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
        (struct.pack("<Q", 12) + b'{"x": {"a":1}}'[:12], "unreadable"),
        (struct.pack("<Q", 15) + b'{"x": {"a": 1}}', "no dtype/shape/offsets"),
    ],
)
def test_broken_safetensors_headers_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.safetensors").write_bytes(content)
    assert message in worker_error("checkpoint", worker.read_safetensors_header, tmp_path / "x.safetensors")


def test_the_worker_script_writes_its_answer_or_its_error_as_json(tmp_path: Path) -> None:
    request, result = tmp_path / "request.json", tmp_path / "result.json"
    for factory, expected in (("linear", None), ("broken", "factory"), ("Wrapped", "crash")):
        kwargs = {"wrap": "none"} if factory == "Wrapped" else {}
        request.write_text(json.dumps({"model_file": ZOO, "factory": factory, "factory_kwargs": kwargs, "depth": 1}))
        if factory == "Wrapped":  # an unexpected failure inside the worker itself
            request.write_text(json.dumps({"model_file": ZOO, "factory": factory, "depth": "deep"}))
        assert worker.main(["worker.py", str(request), str(result)]) == 0
        answer = json.loads(result.read_text())
        assert answer["worker"]["pid"] > 0
        if expected is None:
            assert answer["total_params"] == 15
        else:
            assert answer["error"]["kind"] == expected
            assert "Traceback" in answer["error"]["traceback_tail"]


def test_a_stack_of_blocks_holding_most_of_a_small_gpt_is_no_imbalance() -> None:
    answer = measure("SmallGPT", depth=1)
    blocks = next(m for m in answer["modules"] if m["name"] == "blocks")
    # 4 blocks of LayerNorm 64 + Linear 32*96+96 + Linear 32*128+128 + Linear 128*32+32 = 11,584 each
    assert (blocks["params"], blocks["repeated_blocks"]) == (4 * 11_584, 4)
    assert blocks["params"] / answer["total_params"] > 0.9  # the case that was flagged before
    assert found(answer, depth=1) == []


def test_a_vocabulary_embedding_and_untied_output_holding_the_model_is_an_imbalance() -> None:
    answer = measure("VocabularyBound", depth=1)
    # embedding 5000*64 + output 64*5000 (untied, out_features = the vocabulary), body 64*64+64
    assert (answer["embedding_params"], answer["vocabulary_params"]) == (320_000, 640_000)
    assert report(answer, depth=1).head_width == 5000  # the output projection: K of its cross-entropy
    [finding] = report(answer, depth=1).findings
    assert (finding.id, finding.module) == ("parameter_imbalance", "embeddings")
    assert finding.detail.startswith("embeddings and the untied output projection hold 99.4% of the parameters")


def test_a_relu_with_every_unit_dead_explains_the_vanished_gradient_in_its_own_finding(tmp_path: Path) -> None:
    state = torch.load(MODELS / "dead_relu.pt", weights_only=True)
    state["fc1.bias"].fill_(-100.0)  # the few live units of the dead-ReLU checkpoint killed too (97% -> 100%)
    torch.save(state, tmp_path / "all_dead.pt")
    answer = measure("ReluNet", checkpoint=str(tmp_path / "all_dead.pt"), probe=True)
    assert [layer["grad_norm"] for layer in answer["probe"]["layers"]][0] == 0.0
    dead, constant = report(answer, checkpoint=tmp_path / "all_dead.pt").findings
    assert [(f.id, f.module) for f in (dead, constant)] == [("dead_relu", "act"), ("mode_collapse", "output")]
    # no vanishing_gradients beside them: the dead units are why the first layer's gradient is zero
    assert dead.detail == (
        "100% of the units after act never fire over the batch; no gradient passes back through it (first layer's "
        "gradient norm 0x the last's: vanishing because of the dead units, not a cause of its own)"
    )
