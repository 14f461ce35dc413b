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


# --- bugs the code proves (defects.py), on the casebook's realistic scripts and on focused ones ---------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_code_casebook import cases  # noqa: E402

from server.core.diagnosis.findings import DefectName  # noqa: E402

PROVES = {
    "missing_zero_grad": ("missing_zero_grad", DefectName.ZERO_GRAD_NEVER_CALLED),
    "accumulation_undivided": ("lr_too_high", DefectName.ACCUMULATION_UNDIVIDED),
    "scheduler_per_batch": ("lr_too_low", DefectName.SCHEDULER_PER_BATCH),
    "pad_eos_masked": ("data_issue", DefectName.PAD_EOS_MASKED),
    "eval_never_back_to_train": ("overfitting", DefectName.EVAL_NEVER_BACK_TO_TRAIN),
    "step_before_backward": ("loss_plateau", DefectName.STEP_BEFORE_BACKWARD),
    "softmax_into_cross_entropy": ("loss_plateau", DefectName.SOFTMAX_INTO_CROSS_ENTROPY),
}
RESUME = {
    "resume_scheduler_not_loaded": DefectName.SCHEDULER_NOT_RESTORED,
    "resume_lr_reset": DefectName.LR_RESET_ON_RESUME,
}
CASEBOOK = cases()
BUGS = sorted(key for key, text in CASEBOOK.items() if "# BUG: " in text)
CORRECT = sorted(key for key, text in CASEBOOK.items() if "# BUG: " not in text)


def marked(text: str) -> tuple[str, int]:
    """The bug kind and line a casebook script marks with `# BUG: <kind>`."""
    [(kind, line)] = [
        (row.split("# BUG: ")[1].strip(), number) for number, row in enumerate(text.splitlines(), 1) if "# BUG: " in row
    ]
    return kind, line


def defects(path: Path, root: Path) -> list[tuple[str, str, str]]:
    return [(f.id, f.defect.name, f.defect.location) for f in scan_code(path, set(), root).findings if f.defect]


@pytest.mark.parametrize(("style", "name"), BUGS)
def test_each_casebook_bug_is_proven_at_its_line_and_its_patch_applies_and_clears_it(
    repo: Path, style: str, name: str
) -> None:
    text = CASEBOOK[(style, name)]
    kind, line = marked(text)
    path = write(repo, text)
    cause, defect = PROVES[kind] if kind in PROVES else ("loss_spike", RESUME[name])
    [finding] = [f for f in scan_code(path, set(), repo).findings if f.defect]
    assert (finding.id, finding.defect.name, finding.defect.location) == (cause, defect, f"train.py:{line}")
    assert finding.evidence[0].location == f"train.py:{line}"
    assert finding.kind == "code"
    if finding.patch is not None:
        git_apply(repo, finding.patch)
        assert defects(path, repo) == []


@pytest.mark.parametrize(("style", "name"), CORRECT)
def test_the_casebook_correct_scripts_prove_no_bug(repo: Path, style: str, name: str) -> None:
    assert defects(write(repo, CASEBOOK[(style, name)]), repo) == []


def test_the_unpatchable_casebook_bugs_are_the_ones_needing_a_judgement(repo: Path) -> None:
    unpatched = []
    for style, name in BUGS:
        path = write(repo, CASEBOOK[(style, name)])
        if not any(f.patch for f in scan_code(path, set(), repo).findings if f.defect):
            unpatched.append((style, name))
    # the scheduler is stepped inside a helper (where to step it per epoch is the caller's choice), and
    # DataCollatorForLanguageModeling masks by pad id inside the library (the fix is a new pad token)
    assert unpatched == [
        ("helpers", "scheduler_per_batch"),
        ("trainer_class", "pad_eos_masked"),
        ("trainer_class", "scheduler_per_batch"),
    ]


ZEROED_PER_EPOCH = """\
import torch


def train(model, loader, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(epochs):
        optimizer.zero_grad()
        for x, y in loader:
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
"""


def test_gradients_zeroed_once_per_epoch_still_add_up_over_the_batches(repo: Path) -> None:
    [finding] = scan_code(write(repo, ZEROED_PER_EPOCH), set(), repo).findings
    assert (finding.id, finding.evidence[0].location) == ("missing_zero_grad", "train.py:11")
    assert finding.evidence[0].detail == (
        "optimizer.step() runs every iteration but gradients are zeroed only at line 7, outside that loop: "
        "they add up between"
    )
    git_apply(repo, finding.patch)
    assert defects(repo / "train.py", repo) == []


ACCUMULATE = """\
import torch


def train(model, loader, optimizer, scaler, accelerator, k):
    for i, (x, y) in enumerate(loader):
        with torch.autocast("cpu"):
            loss = torch.nn.functional.cross_entropy(model(x), y)
        scaler.scale(loss).backward()
        if (i + 1) % k == 0:
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad()
"""


def test_an_amp_accumulation_is_patched_inside_the_scaler_call(repo: Path) -> None:
    [finding] = scan_code(write(repo, ACCUMULATE), set(), repo).findings
    assert (finding.id, finding.defect.name, finding.evidence[0].location) == (
        "lr_too_high",
        DefectName.ACCUMULATION_UNDIVIDED,
        "train.py:8",
    )
    assert finding.confidence == 0.7  # the optimizer is not known to be adaptive
    assert "+        scaler.scale(loss / k).backward()\n" in finding.patch
    git_apply(repo, finding.patch)
    assert defects(repo / "train.py", repo) == []


def test_accumulation_in_a_loss_helper_that_divides_or_told_to_accelerate_is_not_flagged(repo: Path) -> None:
    helper = (
        ACCUMULATE.replace(
            '        with torch.autocast("cpu"):\n            loss = torch.nn.functional.cross_entropy(model(x), y)\n',
            "        loss = compute_loss(model, x, y, k)\n",
        )
        + "\n\ndef compute_loss(model, x, y, k):\n    return torch.nn.functional.cross_entropy(model(x), y) / k\n"
    )
    assert defects(write(repo, helper), repo) == []
    accelerate = ACCUMULATE.replace("scaler.scale(loss).backward()", "accelerator.backward(loss)")
    assert defects(write(repo, accelerate), repo) == [
        ("lr_too_high", DefectName.ACCUMULATION_UNDIVIDED, "train.py:8")
    ]  # Accelerate divides only by the accumulation steps it is told
    told = accelerate + "\n\naccelerator = Accelerator(gradient_accumulation_steps=4)\n"
    assert defects(write(repo, told), repo) == []


SCHEDULE = """\
import torch


def train(model, loader, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=GAMMA)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()
"""


def test_an_exponential_decay_per_epoch_stepped_per_batch_is_moved_out_of_the_batch_loop(repo: Path) -> None:
    [finding] = scan_code(write(repo, SCHEDULE.replace("GAMMA", "0.95")), set(), repo).findings
    assert (finding.id, finding.evidence[0].location) == ("lr_too_low", "train.py:12")
    assert "gamma=0.95 decays per epoch" in finding.evidence[0].detail
    assert "-            scheduler.step()\n+        scheduler.step()\n" in finding.patch
    git_apply(repo, finding.patch)
    assert defects(repo / "train.py", repo) == []


def test_a_per_batch_decay_stepped_per_batch_is_correct(repo: Path) -> None:
    assert defects(write(repo, SCHEDULE.replace("GAMMA", "0.9999")), repo) == []


def test_a_step_one_iteration_late_is_no_step_before_backward(repo: Path) -> None:
    # step, zero, backward: each step applies the previous backward's gradients (late, not lost)
    text = ZEROED_PER_EPOCH.replace(
        "        optimizer.zero_grad()\n        for x, y in loader:\n", "        for x, y in loader:\n"
    ).replace(
        "            loss.backward()\n            optimizer.step()\n",
        "            optimizer.step()\n            optimizer.zero_grad()\n            loss.backward()\n",
    )
    assert defects(write(repo, text), repo) == []


RESUME_SCRIPT = """\
import torch


def main(args, model):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    ckpt = torch.load(args.resume, weights_only=True)
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    if args.reset_lr:
        for group in optimizer.param_groups:
            group["lr"] = args.lr
    for step in range(args.steps):
        for group in optimizer.param_groups:
            group["lr"] = get_lr(step)
"""


def test_an_lr_reset_asked_for_or_a_hand_written_schedule_after_resume_is_correct(repo: Path) -> None:
    assert defects(write(repo, RESUME_SCRIPT), repo) == []
    unasked = RESUME_SCRIPT.replace("    if args.reset_lr:\n        for", "    for").replace(
        '            group["lr"] = args.lr\n', '        group["lr"] = args.lr\n'
    )
    assert defects(write(repo, unasked), repo) == [("loss_spike", DefectName.LR_RESET_ON_RESUME, "train.py:11")]


def test_a_scheduler_resumed_through_last_epoch_is_restored(repo: Path) -> None:
    text = RESUME_SCRIPT.replace('    scheduler.load_state_dict(ckpt["scheduler"])\n', "").replace(
        "T_max=args.epochs)", "T_max=args.epochs, last_epoch=ckpt['epoch'])"
    )
    assert defects(write(repo, text), repo) == []
    assert defects(write(repo, text.replace(", last_epoch=ckpt['epoch']", "")), repo) == [
        ("loss_spike", DefectName.SCHEDULER_NOT_RESTORED, "train.py:8")
    ]


EVAL_LOOP = """\
import torch


def fit(model, loader, val_loader, optimizer, epochs):
    model.train()
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            print(sum(torch.nn.functional.cross_entropy(model(x), y).item() for x, y in val_loader))
"""


def test_eval_mode_left_on_is_proven_and_switching_back_in_a_chain_clears_it(repo: Path) -> None:
    [finding] = scan_code(write(repo, EVAL_LOOP), set(), repo).findings
    assert (finding.id, finding.defect.name, finding.evidence[0].location) == (
        "overfitting",
        DefectName.EVAL_NEVER_BACK_TO_TRAIN,
        "train.py:11",
    )
    assert "+        model.train()\n         for x, y in loader:\n" in finding.patch
    back = EVAL_LOOP + "        model.to('cpu').train()\n"
    assert defects(write(repo, back), repo) == []


def test_a_distributed_autograd_step_is_no_plain_optimizer_step(repo: Path) -> None:
    text = (
        "import torch.distributed.autograd as dist_autograd\n\n\n"
        "def train(model, loader, opt):\n"
        "    for x, y in loader:\n"
        "        with dist_autograd.context() as context_id:\n"
        "            loss = model(x).sum()\n"
        "            dist_autograd.backward(context_id, [loss])\n"
        "            opt.step(context_id)\n"
    )
    assert defects(write(repo, text), repo) == []


HF_ARGS = """\
from transformers import TrainingArguments

args = TrainingArguments(
    output_dir="out",
    learning_rate=LR,
    warmup_steps=WARMUP,
    max_steps=1000,
    max_grad_norm=0,
)
"""


def test_trainer_arguments_judge_the_lr_as_adamw_and_prove_a_warmup_longer_than_the_run(repo: Path) -> None:
    path = write(repo, HF_ARGS.replace("LR", "5e-5").replace("WARMUP", "100"))
    assert scan_code(path, set(), repo).findings == []
    path = write(repo, HF_ARGS.replace("LR", "0.05").replace("WARMUP", "1000"))
    found_ = [(f.id, f.evidence[0].location, f.defect and f.defect.name) for f in scan_code(path, set(), repo).findings]
    assert found_ == [
        ("lr_too_low", "train.py:6", DefectName.WARMUP_LONGER_THAN_RUN),
        ("lr_too_high", "train.py:5", None),
    ]
    clip = [f for f in scan_code(path, {"exploding_gradients"}, repo).findings if f.id == "exploding_gradients"]
    assert [(f.evidence[0].location, f.defect) for f in clip] == [("train.py:8", None)]
    assert "+    max_grad_norm=1.0,\n" in clip[0].patch


EMA_TRAINER = """\
import copy

import torch


def cosine_beta_schedule(timesteps):
    return torch.linspace(1e-4, 0.02, timesteps)


class Trainer:
    def __init__(self, model, loader):
        self.model = model
        self.ema_model = copy.deepcopy(model)
        self.betas = cosine_beta_schedule(1000)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-4)
        self.loader = loader

    def load(self, path):
        data = torch.load(path, weights_only=True)
        self.model.load_state_dict(data["model"])
        self.opt.load_state_dict(data["opt"])

    def train(self, steps):
        for step in range(steps):
            loss = self.model(next(self.loader)).mean()
            loss.backward()
            self.opt.step()
            self.opt.zero_grad()
            if step % 1000 == 0:
                self.MODEL.eval()
                with torch.no_grad():
                    print(self.MODEL(next(self.loader)).mean())
"""


def test_an_ema_copy_in_eval_and_a_diffusion_beta_schedule_are_neither_the_trained_model_nor_an_lr_schedule(
    repo: Path,
) -> None:
    # shapes of lucidrains/denoising-diffusion-pytorch's Trainer, which the scan once flagged twice
    assert defects(write(repo, EMA_TRAINER.replace("MODEL", "ema_model")), repo) == []
    assert defects(write(repo, EMA_TRAINER.replace("MODEL", "model")), repo) == [
        ("overfitting", DefectName.EVAL_NEVER_BACK_TO_TRAIN, "train.py:30")
    ]


MICRO_STEPS = """\
import torch


def train(model, batches, optimizer, max_iters, accum):
    for it in range(max_iters):
        for micro_step in range(accum):
            x, y = next(batches)
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss = loss / accum
            loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
"""


def test_micro_step_accumulation_as_nanogpt_writes_it_is_correct_and_undivided_is_proven(repo: Path) -> None:
    assert defects(write(repo, MICRO_STEPS), repo) == []
    [finding] = scan_code(
        write(repo, MICRO_STEPS.replace("            loss = loss / accum\n", "")), set(), repo
    ).findings
    assert (finding.id, finding.defect.name, finding.evidence[0].location) == (
        "lr_too_high",
        DefectName.ACCUMULATION_UNDIVIDED,
        "train.py:9",
    )
    assert finding.evidence[0].detail.startswith(
        "loss.backward() every micro-batch, optimizer.step() once per accum of them: accum gradients are summed"
    )
    git_apply(repo, finding.patch)
    assert defects(repo / "train.py", repo) == []


PROBE = """\
import torch
from torch.nn import LazyLinear, Sequential, Softmax


def train(model, dataloader, num_classes):
    linear_probe = Sequential(LazyLinear(num_classes), Softmax(-1)).to("cpu")
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(linear_probe.parameters(), lr=1e-4)
    for imgs, lbls in dataloader:
        pred = linear_probe(model(imgs))
        loss = criterion(pred, lbls)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
"""


def test_a_sequential_ending_in_softmax_fed_to_cross_entropy_is_proven_and_its_softmax_dropped(repo: Path) -> None:
    # the shape of a linear probe in huggingface/peft's examples/pvera
    [finding] = scan_code(write(repo, PROBE), set(), repo).findings
    assert (finding.id, finding.defect.name, finding.evidence[0].location) == (
        "loss_plateau",
        DefectName.SOFTMAX_INTO_CROSS_ENTROPY,
        "train.py:11",
    )
    assert '+    linear_probe = Sequential(LazyLinear(num_classes)).to("cpu")\n' in finding.patch
    git_apply(repo, finding.patch)
    assert defects(repo / "train.py", repo) == []


def test_code_nested_too_deeply_or_too_big_is_refused_with_what_to_pass(repo: Path) -> None:
    from server.core.diagnosis.pysource import MAX_CODE_BYTES
    from server.core.errors import UnreadableInputError

    deep = write(repo, "x = " + "-" * 200_000 + "1\n")
    with pytest.raises(UnreadableInputError, match="nested too deeply for Python's parser; pass the .py file"):
        scan_code(deep, set(), repo)
    big = write(repo, "#" * (MAX_CODE_BYTES + 1) + "\n")
    with pytest.raises(UnreadableInputError, match="MiB, more than a training script"):
        scan_code(big, set(), repo)


def test_zero_grad_between_backward_and_step_is_proven_and_moved_after_the_step(repo: Path) -> None:
    text = ZEROED_PER_EPOCH.replace("        optimizer.zero_grad()\n        for", "        for").replace(
        "            loss.backward()\n", "            loss.backward()\n            optimizer.zero_grad()\n"
    )
    [finding] = scan_code(write(repo, text), set(), repo).findings
    assert (finding.id, finding.defect.name, finding.evidence[0].location) == (
        "loss_plateau",
        DefectName.ZERO_GRAD_BEFORE_STEP,
        "train.py:10",
    )
    assert finding.evidence[0].detail.startswith(
        "optimizer.zero_grad() at line 10 runs between loss.backward() (line 9) and optimizer.step() (line 11)"
    )
    git_apply(repo, finding.patch)
    assert (repo / "train.py").read_text().endswith("            optimizer.step()\n            optimizer.zero_grad()\n")
    assert defects(repo / "train.py", repo) == []
