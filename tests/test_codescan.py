"""The code scan on small real training scripts written here: findings, their lines, patches that keep them running."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.core.diagnosis.codescan import scan_code

AMP_LOOP = """\
import torch
from torch import nn


def main():
    torch.manual_seed(0)
    net = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    scaler = torch.amp.GradScaler("cpu")
    x, y = torch.randn(16, 4), torch.randn(16, 1)
    for step in range(3):
        loss = nn.functional.mse_loss(net(x), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        print(f"step {step} | loss {loss.item():.4f}")


main()
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def write(repo: Path, text: str, name: str = "train.py") -> Path:
    path = repo / name
    path.write_text(text)
    return path


def git_apply(repo: Path, patch: str, *flags: str) -> None:
    subprocess.run(["git", "apply", *flags, "-"], cwd=repo, input=patch.encode(), check=True)


def found(path: Path, log_ids: set[str] | None = None) -> list[tuple[str, str]]:
    return sorted((f.id, f.evidence[0].location) for f in scan_code(path, log_ids or set(), path.parent).findings)


def test_an_amp_loop_is_told_to_zero_the_optimizer_not_the_scaler(repo: Path) -> None:
    [finding] = scan_code(write(repo, AMP_LOOP), set(), repo).findings
    assert (finding.id, finding.evidence[0].location) == ("missing_zero_grad", "train.py:14")
    assert finding.evidence[0].detail.startswith("scaler.step(optimizer) inside a loop that never calls zero_grad()")
    assert finding.fix == "call optimizer.zero_grad() every step"
    assert "         scaler.step(optimizer)\n+        optimizer.zero_grad()\n" in finding.patch
    git_apply(repo, finding.patch, "--check")


def test_the_clip_patch_of_an_amp_loop_unscales_first_names_the_real_model_and_runs(repo: Path) -> None:
    path = write(repo, AMP_LOOP)
    clip = next(f for f in scan_code(path, {"exploding_gradients"}, repo).findings if f.id == "exploding_gradients")
    assert clip.evidence[0].location == "train.py:14"
    assert clip.fix.endswith("(after scaler.unscale_(optimizer): clip unscaled gradients)")
    added = [line[1:].strip() for line in clip.patch.splitlines() if line.startswith("+") and not line.startswith("++")]
    assert added == ["scaler.unscale_(optimizer)", "torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)"]
    git_apply(repo, clip.patch)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    assert [line.split(" | ")[0] for line in out.splitlines()] == ["step 0", "step 1", "step 2"]


def test_no_clip_patch_when_the_file_does_not_say_whose_parameters_the_optimizer_holds(repo: Path) -> None:
    text = AMP_LOOP.replace("torch.optim.SGD(net.parameters(), lr=0.1)", "make_optimizer(net)")
    clip = next(
        f for f in scan_code(write(repo, text), {"exploding_gradients"}, repo).findings if f.id == "exploding_gradients"
    )
    assert clip.patch is None
    assert "model" not in clip.fix


@pytest.mark.parametrize(
    "zeroing",
    [
        "for p in net.parameters():\n            p.grad = None",
        "for p in net.parameters():\n            p.grad.zero_()",
        "for param in net.parameters():\n            param.grad.detach_().zero_()",
    ],
)
def test_gradients_zeroed_by_hand_are_zeroed(repo: Path, zeroing: str) -> None:
    text = AMP_LOOP.replace("        scaler.update()\n", f"        scaler.update()\n        {zeroing}\n")
    assert found(write(repo, text)) == []


SOFTMAX = """\
import torch
import torch.nn.functional as F


def step(model, x, y):
    logits = model(x)
    a = F.cross_entropy(logits.softmax(-1), y)
    b = F.cross_entropy(torch.softmax(logits, 1), y)
    return a + b
"""


def test_softmax_into_cross_entropy_is_patched_back_to_the_logits_in_both_forms(repo: Path) -> None:
    path = write(repo, SOFTMAX)
    findings = scan_code(path, set(), repo).findings
    assert [(f.id, f.evidence[0].location) for f in findings] == [
        ("loss_plateau", "train.py:7"),
        ("loss_plateau", "train.py:8"),
    ]
    assert "+    a = F.cross_entropy(logits, y)\n" in findings[0].patch
    assert "+    b = F.cross_entropy(logits, y)\n" in findings[1].patch
    for finding in findings:
        git_apply(repo, finding.patch, "--check")


def test_a_loader_ordered_by_a_sampler_keeps_shuffle_off(repo: Path) -> None:
    text = (
        "from torch.utils.data import DataLoader\n"
        "from torch.utils.data.distributed import DistributedSampler\n\n\n"
        "def loader(train_ds):\n"
        "    sampler = DistributedSampler(train_ds)\n"
        "    return DataLoader(train_ds, batch_size=32, shuffle=False, sampler=sampler)\n"
    )
    assert found(write(repo, text)) == []
    assert found(write(repo, text.replace(", sampler=sampler", ""))) == [("data_issue", "train.py:7")]


OPTIMIZERS = """\
import torch


def optimizers(model):
    return [
        torch.optim.Adadelta(model.parameters(), lr=1.0),
        torch.optim.SGD(model.parameters(), lr=0.7),
        torch.optim.Adam(model.parameters(), lr=0.05),
        torch.optim.AdamW(model.parameters(), lr=3e-3),
    ]
"""


def test_each_optimizer_is_judged_by_its_own_sane_learning_rates(repo: Path) -> None:
    path = write(repo, OPTIMIZERS)
    findings = scan_code(path, set(), repo).findings
    assert [(f.id, f.evidence[0].location, f.fix) for f in findings] == [
        ("lr_too_high", "train.py:7", "lower the learning rate to 0.07"),
        ("lr_too_high", "train.py:8", "lower the learning rate to 0.005"),
    ]
    assert "+        torch.optim.SGD(model.parameters(), lr=0.07),\n" in findings[0].patch
    diverging = {f.evidence[0].location: f.fix for f in scan_code(path, {"lr_too_high"}, repo).findings}
    assert (
        diverging["train.py:6"] == "lower the learning rate to 0.1"
    )  # Adadelta's 1.0 is cited only when the run shows it
    assert diverging["train.py:9"] == "lower the learning rate to 0.0003"


def test_a_learning_rate_in_a_module_constant_is_cited_and_patched_where_the_number_is(repo: Path) -> None:
    text = "import torch\n\nLR = 5.0\n\n\ndef make(model):\n    return torch.optim.SGD(model.parameters(), lr=LR)\n"
    [finding] = scan_code(write(repo, text), set(), repo).findings
    assert (finding.id, finding.evidence[0].location) == ("lr_too_high", "train.py:3")
    assert finding.evidence[0].detail == "learning rate lr=LR (= 5.0 at line 3) in SGD(...)"
    assert "-LR = 5.0\n+LR = 0.5\n" in finding.patch
    git_apply(repo, finding.patch, "--check")


ARGPARSE = """\
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=5.0)
parser.add_argument("--learning-rate", type=float, default=2.0)
parser.add_argument("--ada-lr", dest="ada_lr", type=float, default=1.0)
args = parser.parse_args()


def make(model):
    return torch.optim.SGD(model.parameters(), lr=args.lr), torch.optim.Adadelta(model.parameters(), lr=args.ada_lr)
"""


def test_argparse_learning_rate_defaults_are_cited_at_the_option_and_patched_there(repo: Path) -> None:
    findings = scan_code(write(repo, ARGPARSE), set(), repo).findings
    assert [(f.id, f.evidence[0].location, f.evidence[0].detail) for f in findings] == [
        ("lr_too_high", "train.py:6", "learning rate lr=args.lr (= 5.0 at line 6) in SGD(...)"),
        ("lr_too_high", "train.py:7", "learning rate default 2.0 of the --learning_rate option"),
    ]
    assert '+parser.add_argument("--lr", type=float, default=0.5)\n' in findings[0].patch
    assert '+parser.add_argument("--learning-rate", type=float, default=0.2)\n' in findings[1].patch
    for finding in findings:
        git_apply(repo, finding.patch, "--check")


def test_a_tiny_learning_rate_is_raised_with_a_readable_number(repo: Path) -> None:
    text = "import torch\n\n\ndef make(model):\n    return torch.optim.SGD(model.parameters(), lr=3e-7)\n"
    [finding] = scan_code(write(repo, text), {"lr_too_low"}, repo).findings
    assert (finding.id, finding.confidence, finding.fix) == ("lr_too_low", 0.7, "raise the learning rate to 3e-05")
    git_apply(repo, finding.patch, "--check")
