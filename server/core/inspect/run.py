"""Running the worker in a child process and shaping its answer into a `ModelReport`."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import anyio

from ..errors import UserError
from ..outputs import OutputMeasure, distinct_n, identical_share, repeated_ngram_share, tokens_of
from ..runner import ProcessResult, run_process
from ..state import ensure_state_dir
from . import worker
from .findings import (
    balance_findings,
    gradient_ratio,
    greedy_loop_remarks,
    output_findings,
    probe_findings,
    weight_findings,
)
from .models import (
    ActivationProbe,
    CheckpointReport,
    Continuation,
    Finding,
    InspectRequest,
    LayerProbe,
    ModelReport,
    ModuleShare,
    OutputProbe,
    ProbeReport,
    WeightHealth,
)
from .vocabulary import Vocabulary

WORKER = Path(worker.__file__).resolve()
MAX_MODULES = 60
MAX_PROBE_ROWS = 40
MAX_FINDINGS = 40
MAX_RESULT_BYTES = 64 << 20
"""Largest worker answer read. The worker writes capped lists: a 1,000-module model answers ~0.5 MB; a 1.5 GB
file (written by the model's own code) took 3.1 GB to load."""
AGAIN = (
    "something in the model's code may have written over it. Run the inspection again; if it repeats, inspect "
    "the checkpoint alone"
)
ADVICE = {
    "torch": "install torch in the project's interpreter (its .venv, or pass --python to one that has it); "
    "'failed to map' or 'Cannot allocate memory' means the memory cap is too small: raise memory_mb",
    "import": "fix the import error in the model file (run it with `python FILE` to see it), then call again",
    "factory": "check the factory name and factory_kwargs against the model file",
    "checkpoint": "check that the checkpoint is a state dict of this model",
    "unsafe_checkpoint": "load it yourself only if you trust its origin, then re-save the state dict",
    "input": "pass input_shape/input_dtype matching the model's first layer, or a sample_input tensor file",
    "forward": "pass input_shape/input_dtype (or sample_input) that the model's forward accepts",
    "shape": "pass input_shape/input_dtype (or sample_input) that the model's forward accepts",
    "crash": "see the traceback; the model or checkpoint could not be inspected as given",
}


async def inspect_model(
    request: InspectRequest, *, python: str, cwd: Path, timeout_s: float, state_dir: Path
) -> ModelReport:
    """Inspect a model and/or checkpoint in a child process under `python` (never in this process).

    `request` holds resolved paths; `cwd` is where the child starts (the model file's folder, so that the
    user's relative imports work); `state_dir` is the server's `.ml-skills/` folder, where the request and
    answer files live for the child's lifetime. Raises `UserError` for anything the child reports or
    suffers (import error, factory error, timeout, out of memory) with the end of the child's traceback.
    """
    if request.model_file is None and request.checkpoint is None:
        raise UserError("pass a model ('path/to/file.py:factory') or a checkpoint (.pt, .pth, .safetensors)")
    if request.probe and request.model_file is None:
        raise UserError("the probe needs the model's code: pass model='path/to/file.py:factory'")
    if not math.isfinite(timeout_s) or timeout_s <= 0:
        raise UserError("timeout_s must be a positive number of seconds")
    header = await anyio.to_thread.run_sync(safetensors_header_counts, request.checkpoint)
    payload = {
        **request.model_dump(mode="json", exclude={"memory_mb", "checkpoint_shown", "vocabulary"}),
        "model_file": str(request.model_file) if request.model_file else None,
        "checkpoint": str(request.checkpoint) if request.checkpoint else None,
        "sample_input": str(request.sample_input) if request.sample_input else None,
    }
    tmp_root = ensure_state_dir(state_dir, "tmp")
    with tempfile.TemporaryDirectory(prefix="inspect-", dir=tmp_root) as folder:
        request_file, result_file = Path(folder, "request.json"), Path(folder, "result.json")
        request_file.write_text(json.dumps(payload))
        result = await run_process(
            [python, str(WORKER), str(request_file), str(result_file)],
            cwd=cwd,
            timeout_s=timeout_s,
            memory_mb=request.memory_mb + mapped_mb(request.checkpoint),
        )
        answer = read_answer(result_file, result, timeout_s)
    return build_report(answer, request, header)


def mapped_mb(checkpoint: Path | None) -> int:
    """Address space the child maps for the checkpoint (memory-mapped files count against the cap, not RAM)."""
    return math.ceil(checkpoint.stat().st_size / 2**20) if checkpoint is not None else 0


def safetensors_header_counts(checkpoint: Path | None) -> dict[str, Any] | None:
    """Counts of a .safetensors checkpoint from its header alone, read here without torch.

    Blocking (opens the file, parses up to 100 MB of JSON): the caller runs it in a worker thread.
    """
    if checkpoint is None or checkpoint.suffix != ".safetensors":
        return None
    try:
        return worker.safetensors_counts(checkpoint)
    except worker.WorkerError as exc:
        raise UserError(f"{exc}; pass a .safetensors file written by the safetensors library") from exc


def read_answer(result_file: Path, result: ProcessResult, timeout_s: float) -> dict[str, Any]:
    """The worker's JSON answer, or a `UserError` saying why the child gave none (timeout, memory, crash)."""
    if result.timed_out:
        raise UserError(
            f"model inspection timed out after {timeout_s:g} s and was stopped; raise timeout_s for a big model, "
            "or check the model's constructor or forward for an endless loop"
        )
    if not result_file.is_file():
        tail = "\n".join(result.tail[-15:] or result.head[-15:])
        if result.likely_out_of_memory or "Cannot allocate memory" in tail:
            raise UserError(
                f"model inspection ran out of memory (cap {result.memory_mb} MB); raise memory_mb, or inspect "
                f"without the probe (structure uses the meta device) or with a smaller input_shape.\n{tail}"
            )
        raise UserError(
            f"the inspection worker stopped without an answer (exit code {result.exit_code}); is torch installed "
            f"in the project interpreter {result.argv[0]}? Output:\n{tail}"
        )
    answer = load_answer(result_file)
    error = answer.get("error")
    if error:
        if not isinstance(error, dict):
            raise UserError(f"the inspection worker's answer holds a malformed error ({str(error)[:200]}); {AGAIN}")
        advice = ADVICE.get(str(error.get("kind")), ADVICE["crash"])
        raise UserError(
            f"{str(error.get('message'))[:2000]}\n{advice}.\nEnd of the traceback:\n"
            f"{str(error.get('traceback_tail'))[:4000]}"
        )
    return answer


def load_answer(result_file: Path) -> dict[str, Any]:
    """The worker's answer file as a dict: refused unread past MAX_RESULT_BYTES, and a `UserError` saying so
    when it is no JSON object (the model's code can write anything there)."""
    size = result_file.stat().st_size
    if size > MAX_RESULT_BYTES:
        raise UserError(
            f"the inspection worker's answer is {size / 2**20:.0f} MiB, more than it ever writes "
            f"({MAX_RESULT_BYTES >> 20} MiB at most); something in the model's code wrote over it. Inspect the "
            "model without the code that writes files, or pass a checkpoint alone"
        )
    try:
        answer = json.loads(result_file.read_bytes())
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise UserError(f"the inspection worker's answer is not valid JSON ({str(exc)[:200]}); {AGAIN}") from None
    if not isinstance(answer, dict):
        raise UserError(f"the inspection worker's answer is a JSON {type(answer).__name__}, not an object; {AGAIN}")
    return answer


def build_report(answer: dict[str, Any], request: InspectRequest, header: dict[str, Any] | None) -> ModelReport:
    """The bounded report (capped module and probe lists, the findings of every rule); a `UserError` when the
    worker's answer lacks what it always holds."""
    try:
        return _build_report(answer, request, header)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # ValidationError is a ValueError
        raise UserError(
            f"the inspection worker's answer is malformed ({type(exc).__name__}: {str(exc)[:200]}); {AGAIN}"
        ) from None


def _build_report(answer: dict[str, Any], request: InspectRequest, header: dict[str, Any] | None) -> ModelReport:
    total = answer["total_params"]
    modules = [ModuleShare(**m, share=round(m["params"] / total, 6) if total else 0.0) for m in answer["modules"]]
    weights, remarks = weight_findings(answer["weights"] or [], trained=request.checkpoint is not None)
    findings: list[Finding] = balance_findings(answer) + weights
    probe = None
    if answer["probe"] is not None:
        findings += probe_findings(answer["probe"])
        probe = probe_report(answer["probe"])
    outputs = None
    if answer.get("outputs") is not None:
        outputs = output_report(answer["outputs"], request.vocabulary, request.measures)
        findings += output_findings(outputs)
        if OutputMeasure.REPETITION in outputs.measures:
            outputs.remarks = greedy_loop_remarks(outputs)
    checkpoint = None
    if request.checkpoint is not None:
        checkpoint = CheckpointReport(
            path=request.checkpoint_shown or request.checkpoint.name,
            format="safetensors" if header is not None else "pt",
            **(header or {}),
            **(answer["checkpoint"] or {}),
        )
    return ModelReport(
        source=answer["source"],
        total_params=total,
        trainable_params=answer["trainable_params"],
        frozen_params=answer["frozen_params"],
        embedding_params=answer["embedding_params"],
        vocabulary_params=answer.get("vocabulary_params", answer["embedding_params"]),
        head_width=answer.get("head_width"),
        tied=answer["tied"],
        bytes_by_dtype=answer["bytes_by_dtype"],
        modules=modules[:MAX_MODULES],
        modules_truncated=max(0, len(modules) - MAX_MODULES),
        findings=findings[:MAX_FINDINGS],
        findings_truncated=max(0, len(findings) - MAX_FINDINGS),
        checkpoint=checkpoint,
        weight_health=weight_health(answer["weight_health"]),
        probe=probe,
        outputs=outputs,
        remarks=remarks,
        worker_seconds=answer["worker"]["seconds"],
        worker_peak_rss_mb=answer["worker"]["peak_rss_mb"],
    )


def weight_health(summary: dict[str, Any] | None) -> WeightHealth | None:
    """The weight-health sample's summary, its list of names capped like the module list."""
    if summary is None:
        return None
    return WeightHealth(**{**summary, "checked_names": summary["checked_names"][:MAX_MODULES]})


def probe_report(probe: dict[str, Any]) -> ProbeReport:
    layers, activations = probe["layers"], probe["activations"]
    return ProbeReport(
        **{k: v for k, v in probe.items() if k not in ("layers", "activations")},
        gradient_ratio=gradient_ratio(layers),
        layers=[LayerProbe(**layer) for layer in layers[:MAX_PROBE_ROWS]],
        activations=[ActivationProbe(**act) for act in activations[:MAX_PROBE_ROWS]],
        truncated=len(layers) > MAX_PROBE_ROWS or len(activations) > MAX_PROBE_ROWS,
    )


def output_report(
    measured: dict[str, Any], vocabulary: list[str] | None, measures: list[OutputMeasure] | None = None
) -> OutputProbe:
    """The output probe's measures (see `server.core.outputs`) over the worker's continuations and batch outputs;
    token ids decoded with `vocabulary` when given; `measures` are those that ran (all when None)."""

    def shown(ids: list[int]) -> str:
        return decode(ids) if decode is not None else " ".join(map(str, ids))

    decode = Vocabulary(vocabulary).decode if vocabulary else None

    def repeated(ids: list[int]) -> float | None:
        return repeated_ngram_share(tokens_of(decode(ids)) if decode is not None else ids)

    def ratio(entropy: Any, size: int) -> float | None:
        return float(entropy) / math.log(size) if size > 1 else None

    report = OutputProbe(seconds=measured["seconds"], cpu_seconds=measured.get("cpu_seconds"))
    if measures is not None:
        report.measures = sorted(measures)
    generation = measured.get("generation")
    if generation is not None:
        size = generation["vocab_size"]
        rows = generation["generations"]
        report.continuations = [
            Continuation(
                prompt=shown(row["prompt"]),
                greedy=shown(row["greedy"]),
                sampled=shown(row["sampled"]),
                greedy_repeated_ngram_share=repeated(row["greedy"]),
                sampled_repeated_ngram_share=repeated(row["sampled"]),
                entropy_ratio=ratio(row["entropy"], size) or 0.0,
                top_prob=row["top_prob"],
            )
            for row in rows
        ]
        report.tokens, report.context = generation["tokens"], generation["context"]
        report.distinct_n = distinct_n([row[kind] for row in rows for kind in ("greedy", "sampled")])
        report.identical_share = identical_share([tuple(row["greedy"]) for row in rows])
        report.single_token_share = generation["single_token_share"]
        report.single_token = shown([generation["single_token"]])
    batch = measured.get("batch")
    report.problem = measured.get("problem") or (batch or {}).get("problem")
    if batch is not None and "rows" in batch:
        report.batch_input = batch["input"]
        report.batch_rows = batch["rows"]
        report.batch_identical_share = identical_share(batch["digests"])
        report.batch_copy_share = batch["copies"] / batch["rows"] if batch["copies"] is not None else None
        report.batch_entropy_ratio = ratio(batch["entropy"], batch["vocab_size"])
        report.batch_single_token_share = batch["single_token_share"]
        if batch.get("next_token_loss") is not None:
            report.batch_loss = batch["next_token_loss"]
            report.batch_loss_over_chance = ratio(batch["next_token_loss"], batch["vocab_size"])
    return report
