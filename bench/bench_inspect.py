"""Speed and memory of `inspect_model` on big models. One command:

    python bench/bench_inspect.py

1. Structure of a 7-billion-parameter decoder (plain torch modules, Llama-7B shapes), through the real path: a
   child process on the meta device. Targets: at most 5 s wall, under 1 GB peak memory (the child's ru_maxrss).
2. A multi-gigabyte .safetensors checkpoint of the same shapes (header written for real, the data a sparse hole
   made with truncate) counted from its header, as the server does without torch. Target: well under 1 s.
3. The probe (forward, backward, one SGD step, latency) on a ~10M-parameter MLP. Target: a few seconds.
4. `inspect_model` on that multi-gigabyte .safetensors alone (checkpoint-only mode, through the child): the weight
   health pass reads a bounded sample (2 GiB of tensor data at most), so it finishes within the default timeout.
"""

from __future__ import annotations

import json
import struct
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.core.inspect import InspectRequest, ModelReport, inspect_model  # noqa: E402
from server.core.inspect.worker import safetensors_counts  # noqa: E402

MODELS = textwrap.dedent(
    """
    from torch import nn


    class Block(nn.Module):
        def __init__(self, d, ffn):
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(d, d, bias=False) for _ in range(4))
            self.gate, self.up = nn.Linear(d, ffn, bias=False), nn.Linear(d, ffn, bias=False)
            self.down = nn.Linear(ffn, d, bias=False)
            self.norm1, self.norm2 = nn.LayerNorm(d, bias=False), nn.LayerNorm(d, bias=False)


    class Decoder(nn.Module):
        def __init__(self, vocab=32000, d=4096, ffn=11008, layers=32):
            super().__init__()
            self.embed = nn.Embedding(vocab, d)
            self.blocks = nn.ModuleList(Block(d, ffn) for _ in range(layers))
            self.norm = nn.LayerNorm(d, bias=False)
            self.lm_head = nn.Linear(d, vocab, bias=False)


    def mlp():
        return nn.Sequential(
            nn.Linear(512, 2048), nn.ReLU(), nn.Linear(2048, 2048), nn.ReLU(),
            nn.Linear(2048, 2048), nn.ReLU(), nn.Linear(2048, 512),
        )
    """
)
LLAMA_SHAPES = {"vocab": 32000, "d": 4096, "ffn": 11008, "layers": 32}


def safetensors_of_the_decoder(path: Path) -> int:
    """Write a bf16 .safetensors header of the decoder's tensors and extend the file sparsely to its full size."""
    vocab, d, ffn, layers = LLAMA_SHAPES.values()
    shapes = {"embed.weight": [vocab, d], "norm.weight": [d], "lm_head.weight": [vocab, d]}
    for i in range(layers):
        for name in ("q", "k", "v", "o"):
            shapes[f"blocks.{i}.{name}.weight"] = [d, d]
        shapes |= {f"blocks.{i}.gate.weight": [ffn, d], f"blocks.{i}.up.weight": [ffn, d]}
        shapes |= {
            f"blocks.{i}.down.weight": [d, ffn],
            f"blocks.{i}.norm1.weight": [d],
            f"blocks.{i}.norm2.weight": [d],
        }
    header, offset = {}, 0
    for name, shape in shapes.items():
        size = 2 * shape[0] * (shape[1] if len(shape) > 1 else 1)
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header).encode()
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(encoded)) + encoded)
        handle.truncate(8 + len(encoded) + offset)
    return 8 + len(encoded) + offset


async def timed_inspection(folder: Path, **request: object) -> tuple[float, ModelReport]:
    started = time.perf_counter()
    report = await inspect_model(
        InspectRequest(**{"model_file": folder / "models.py", **request}),
        python=sys.executable,
        cwd=folder,
        timeout_s=300,
        state_dir=folder / ".ml-skills",
    )
    return time.perf_counter() - started, report


async def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "models.py").write_text(MODELS)

        seconds, report = await timed_inspection(folder, factory="Decoder", depth=1)
        print(
            f"7B decoder structure (meta device): {report.total_params:,} parameters in {seconds:.2f} s wall "
            f"(child {report.worker_seconds:.2f} s after start-up), child peak RSS {report.worker_peak_rss_mb:.0f} MB "
            f"[targets: <= 5 s, < 1024 MB]"
        )

        path = folder / "decoder.safetensors"
        size = safetensors_of_the_decoder(path)
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            counts = safetensors_counts(path)
            runs.append(time.perf_counter() - started)
        print(
            f"safetensors header of a {size / 2**30:.1f} GiB file ({counts['tensors']} tensors, "
            f"{counts['params']:,} parameters): median {sorted(runs)[2] * 1000:.1f} ms [target: well under 1 s]"
        )

        seconds, report = await timed_inspection(folder, factory="mlp", probe=True)
        print(
            f"probe of a {report.total_params:,}-parameter MLP: {seconds:.2f} s wall "
            f"(child {report.worker_seconds:.2f} s), "
            f"forward latency {report.probe.latency_ms:.2f} ms for batch {report.probe.input!r} on "
            f"{report.probe.threads} thread [target: a few seconds]"
        )

        seconds, report = await timed_inspection(folder, model_file=None, checkpoint=path)
        health = report.weight_health
        assert health is not None
        print(
            f"checkpoint-only inspection of the {size / 2**30:.1f} GiB safetensors: {report.total_params:,} "
            f"parameters in {seconds:.2f} s wall, weight health on {health.checked} of {health.tensors} tensors "
            f"({health.checked_bytes / 2**30:.2f} GiB of {health.bytes / 2**30:.1f} GiB), child peak RSS "
            f"{report.worker_peak_rss_mb:.0f} MB [target: within the default 120 s timeout]"
        )


if __name__ == "__main__":
    anyio.run(main)
