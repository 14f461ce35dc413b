"""The output casebook through the output probe and the log-sample reader, and the default probe's time.

    python scripts/make_output_casebook.py && python scripts/make_output_heldout.py   # the cases (once)
    python bench/bench_outputs.py

For each case (tuned: thresholds set on them; "heldout": the earlier held-out set, looked at since and so tuning
data too; the new held-out set is scripts/make_output_heldout_b.py's, run by the lead): the findings of
inspect_model's output probe (the worker in this process, as its tests call it) given the case's prompts and
vocabulary (language models) and its real batch `sample.pt`, and the findings of the sample events the text reader
reads in its train.log. A degenerate case passes when what diagnose_training folds in (probe and samples) gives
`mode_collapse` and nothing else, naming the prompt/batch or the step; a healthy or undertrained one when neither
gives any finding. Each source's own tally is printed too: a model trained at too high a learning rate prints
samples that read like an undertrained model's, and only the probe's loss against chance tells them apart. Then
the default probe (8 prompts x 64 tokens) on nanoGPT's 10.7M-parameter configuration, one thread.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.core.diagnosis.samples import sample_findings  # noqa: E402
from server.core.inspect import worker  # noqa: E402
from server.core.inspect.models import InspectRequest  # noqa: E402
from server.core.inspect.run import build_report  # noqa: E402
from server.core.inspect.vocabulary import Vocabulary  # noqa: E402
from server.core.logs import text  # noqa: E402

CASES = ROOT / "tests" / "fixtures" / "outputs"
MODELS = str(CASES / "models.py")


def probe(folder: Path) -> tuple[list[str], object]:
    """The output probe's findings (id: detail) on one case, and its OutputProbe."""
    case = json.loads((folder / "case.json").read_text())
    request: dict[str, object] = {
        "model_file": MODELS, "factory": case["factory"], "factory_kwargs": case["factory_kwargs"],
        "checkpoint": str(folder / "model.pt"), "sample_input": str(folder / "sample.pt"), "outputs": True,
    }  # fmt: skip
    vocabulary = None
    if (folder / "vocab.json").is_file():
        vocabulary = Vocabulary(json.loads((folder / "vocab.json").read_text()))
        request["prompts"] = [vocabulary.encode(p) for p in json.loads((folder / "prompts.json").read_text())]
    answer = worker.inspect(request)
    answer["worker"] = {"seconds": 0.0, "peak_rss_mb": 0.0}
    report = build_report(answer, InspectRequest(vocabulary=vocabulary.tokens if vocabulary else None), None)
    ids = [f"{f.id}: {f.detail}" for f in report.findings if f.module == "output"]
    return ids, report.outputs


def main() -> None:
    failures = 0
    for split in ("tuned", "heldout"):
        if not (CASES / split).is_dir():
            print(f"== {split}: missing; run its script")
            continue
        print(f"== {split}")
        tally = {"degenerate": 0, "probe": 0, "samples": 0, "healthy": 0, "probe flags": 0, "samples flag": 0}
        for folder in sorted(p for p in (CASES / split).iterdir() if (p / "case.json").is_file()):
            expect = json.loads((folder / "case.json").read_text())["expect"]
            found, outputs = probe(folder)
            logged = sample_findings(text.read(folder / "train.log", "train.log")[0].samples, "train.log")
            log_text = [f"{f.id} at {f.evidence[0].location}: {f.evidence[0].detail}" for f in logged]
            ids = [f.split(":")[0] for f in found] + [f.id for f in logged]
            if expect:
                ok = bool(ids) and set(ids) == {expect}
                tally["degenerate"] += 1
                tally["probe"] += bool(found) and all(f.startswith(expect) for f in found)
                tally["samples"] += [f.id for f in logged] == [expect]
            else:
                ok = not ids
                tally["healthy"] += 1
                tally["probe flags"] += bool(found)
                tally["samples flag"] += bool(logged)
            failures += not ok
            print(f"{'PASS' if ok else 'FAIL'} {folder.name} (expect {expect or 'no finding'})")
            print(f"   measures: {measures(outputs)}")
            for line in found[:3] + log_text:
                print(f"   {line[:200]}")
        print(
            f"   {split}: degenerate found by the probe {tally['probe']}/{tally['degenerate']}, by the samples "
            f"{tally['samples']}/{tally['degenerate']}; healthy flagged by the probe {tally['probe flags']}/"
            f"{tally['healthy']}, by the samples {tally['samples flag']}/{tally['healthy']}"
        )
    print(f"failures: {failures}")
    time_probe()


def measures(outputs: object) -> str:
    o = outputs  # an OutputProbe
    reps = [c.greedy_repeated_ngram_share for c in o.continuations]  # type: ignore[attr-defined]
    sreps = [c.sampled_repeated_ngram_share for c in o.continuations]  # type: ignore[attr-defined]

    def r(v: object) -> str:
        return "-" if v is None else f"{float(v):.2f}"  # type: ignore[arg-type]

    return (
        f"greedy rep4 max {r(max(reps, default=None))} sampled rep4 max {r(max(sreps, default=None))} "
        f"distinct2 {r(o.distinct_n)} identical {r(o.identical_share)} single {r(o.single_token_share)} "  # type: ignore[attr-defined]
        f"| batch identical {r(o.batch_identical_share)} copy {r(o.batch_copy_share)} "  # type: ignore[attr-defined]
        f"single {r(o.batch_single_token_share)} entropy/lnV {r(o.batch_entropy_ratio)} "  # type: ignore[attr-defined]
        f"loss/lnV {r(o.batch_loss_over_chance)}"  # type: ignore[attr-defined]
    )


def time_probe() -> None:
    import torch

    prompts = [[(7 * i + j) % 65 for j in range(8)] for i in range(worker.OUTPUT_PROMPTS)]
    request = {"model_file": MODELS, "factory": "TinyGPT", "outputs": True, "prompts": prompts}
    torch.manual_seed(0)
    started = time.perf_counter()
    answer = worker.inspect(request)
    total = time.perf_counter() - started
    outputs = answer["outputs"]
    print(
        f"default output probe on TinyGPT ({answer['total_params'] / 1e6:.1f}M parameters, {worker.OUTPUT_PROMPTS} "
        f"prompts x {worker.OUTPUT_TOKENS} tokens, greedy + sampled, 1 thread): probe {outputs['seconds']:.2f} s wall, "
        f"{outputs['cpu_seconds']:.2f} s CPU; whole inspection {total:.2f} s wall; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
