"""Write the code-bug casebook: realistic training scripts, each with one bug people make, and correct twins.

    python scripts/make_code_casebook.py          # rewrites scripts/code_casebook/

Four styles of training code (a plain top-level loop, helper functions, a class-based Trainer with
`self.optimizer`, a Lightning module), each a correct script; every bug is one edit of a correct script, so
each buggy script has a correct twin. The line holding the bug carries a `# BUG: <kind>` comment (the scan
reads the AST, never comments); bench/bench_code_bugs.py reads the kind and line from it. Correct scripts
include the look-alikes a scan must not flag: deliberate gradient accumulation (loss divided, `zero_grad`
every k steps), a per-batch schedule sized in batches, a resume that restores the scheduler.

The `trainer_class` style is held out: written with the others before the scan was extended, never used
to tune it, and reported separately by the bench.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parent / "code_casebook"
HELD_OUT_STYLES = ("trainer_class",)

PLAIN = '''\
"""Train a small CNN on CIFAR-10 with SGD and a step schedule."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--lr", type=float, default=0.05)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--resume", type=str, default="")
args = parser.parse_args()

device = "cuda" if torch.cuda.is_available() else "cpu"
tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
train_set = datasets.CIFAR10("data", train=True, download=True, transform=tf)
val_set = datasets.CIFAR10("data", train=False, download=True, transform=tf)
train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=2)
val_loader = DataLoader(val_set, batch_size=256, shuffle=False)

model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1),
    nn.BatchNorm2d(32),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1),
    nn.BatchNorm2d(64),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Dropout(0.3),
    nn.Linear(64 * 8 * 8, 10),
).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1)

start_epoch = 0
if args.resume:
    ckpt = torch.load(args.resume, map_location=device, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    start_epoch = ckpt["epoch"] + 1

for epoch in range(start_epoch, args.epochs):
    model.train()
    running = 0.0
    for i, (images, labels) in enumerate(train_loader):
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        outputs = model(images)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running += loss.item()
        if i % 100 == 99:
            print(f"epoch {epoch} step {i + 1} loss {running / 100:.4f}")
            running = 0.0
    scheduler.step()

    model.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in val_loader:
            images, labels = images.to(device), labels.to(device)
            preds = model(images).argmax(dim=1)
            correct += (preds == labels).sum().item()
            total += labels.numel()
    print(f"epoch {epoch} val_acc {correct / total:.4f} lr {scheduler.get_last_lr()[0]:.5f}")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "epoch": epoch,
        },
        "checkpoint.pt",
    )
'''

PLAIN_STEP = """\
        optimizer.zero_grad()
        outputs = model(images)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
"""

HELPERS = '''\
"""Fine-tune a ResNet-18 on an image folder (train/ and val/) with AdamW and a cosine schedule."""
import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms


def build_loaders(root, batch_size):
    train_tf = transforms.Compose(
        [transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor()]
    )
    val_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])
    train_ds = datasets.ImageFolder(f"{root}/train", train_tf)
    val_ds = datasets.ImageFolder(f"{root}/val", val_tf)
    train_loader = DataLoader(train_ds, batch_size=batch_size, shuffle=True, num_workers=4, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=batch_size, num_workers=4)
    return train_loader, val_loader, len(train_ds.classes)


def train_one_epoch(model, loader, optimizer, criterion, device, epoch):
    model.train()
    total_loss = 0.0
    for step, (inputs, targets) in enumerate(loader):
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        loss = criterion(logits, targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        if step % 50 == 0:
            print(f"epoch {epoch} step {step} loss {loss.item():.4f}")
    return total_loss / len(loader)


@torch.no_grad()
def evaluate(model, loader, criterion, device):
    model.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        loss_sum += criterion(logits, targets).item() * targets.size(0)
        correct += (logits.argmax(1) == targets).sum().item()
        seen += targets.size(0)
    return loss_sum / seen, correct / seen


def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save(
        {"model": model.state_dict(), "optim": optimizer.state_dict(), "sched": scheduler.state_dict(), "epoch": epoch},
        path,
    )


def load_checkpoint(path, model, optimizer, scheduler):
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optim"])
    scheduler.load_state_dict(state["sched"])
    return state["epoch"] + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--resume", default=None)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, num_classes = build_loaders(args.data, args.batch_size)
    model = models.resnet18(weights=models.ResNet18_Weights.DEFAULT)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    model.to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    start = load_checkpoint(args.resume, model, optimizer, scheduler) if args.resume else 0
    for epoch in range(start, args.epochs):
        train_loss = train_one_epoch(model, train_loader, optimizer, criterion, device, epoch)
        val_loss, val_acc = evaluate(model, val_loader, criterion, device)
        scheduler.step()
        print(f"epoch {epoch} train_loss {train_loss:.4f} val_loss {val_loss:.4f} val_acc {val_acc:.4f}")
        save_checkpoint("last.pt", model, optimizer, scheduler, epoch)


if __name__ == "__main__":
    main()
'''

HELPERS_STEP = """\
        logits = model(inputs)
        loss = criterion(logits, targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
"""

TRAINER = '''\
"""A small Trainer class: ResNet-style classifier, SGD with Nesterov momentum, multi-step decay."""
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class Config:
    lr: float = 0.1
    epochs: int = 90
    grad_accum: int = 1
    log_every: int = 50
    device: str = "cuda" if torch.cuda.is_available() else "cpu"


class Trainer:
    def __init__(self, model: nn.Module, train_loader, val_loader, cfg: Config):
        self.cfg = cfg
        self.device = cfg.device
        self.model = model.to(cfg.device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
        self.optimizer = torch.optim.SGD(
            self.model.parameters(), lr=cfg.lr, momentum=0.9, nesterov=True, weight_decay=1e-4
        )
        self.scheduler = torch.optim.lr_scheduler.MultiStepLR(self.optimizer, milestones=[30, 60, 80], gamma=0.1)
        self.epoch = 0
        self.global_step = 0

    def train_epoch(self):
        self.model.train()
        for batch_idx, (x, y) in enumerate(self.train_loader):
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            out = self.model(x)
            loss = self.criterion(out, y)
            loss.backward()
            self.optimizer.step()
            self.global_step += 1
            if batch_idx % self.cfg.log_every == 0:
                print(f"step {self.global_step} loss {loss.item():.4f}")

    @torch.no_grad()
    def validate(self):
        self.model.eval()
        total, correct, loss_sum = 0, 0, 0.0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            out = self.model(x)
            loss_sum += F.cross_entropy(out, y, reduction="sum").item()
            correct += (out.argmax(dim=1) == y).sum().item()
            total += y.numel()
        print(f"epoch {self.epoch} val_loss {loss_sum / total:.4f} val_acc {correct / total:.4f}")

    def save(self, path):
        torch.save(
            {
                "model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "epoch": self.epoch,
            },
            path,
        )

    def load(self, path):
        ckpt = torch.load(path, map_location=self.device, weights_only=True)
        self.model.load_state_dict(ckpt["model"])
        self.optimizer.load_state_dict(ckpt["optimizer"])
        self.scheduler.load_state_dict(ckpt["scheduler"])
        self.epoch = ckpt["epoch"] + 1

    def fit(self):
        while self.epoch < self.cfg.epochs:
            self.train_epoch()
            self.validate()
            self.scheduler.step()
            self.save("last.pt")
            self.epoch += 1
'''

TRAINER_STEP = """\
            self.optimizer.zero_grad()
            out = self.model(x)
            loss = self.criterion(out, y)
            loss.backward()
            self.optimizer.step()
"""

LIGHTNING = '''\
"""A Lightning classifier on MNIST-sized inputs."""
import lightning as L
import torch
import torch.nn.functional as F
from torch import nn


class LitClassifier(L.LightningModule):
    def __init__(self, lr: float = 1e-3, epochs: int = 10):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.log("val_loss", F.cross_entropy(logits, y))
        self.log("val_acc", (logits.argmax(1) == y).float().mean())

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "epoch"}}
'''

LIGHTNING_MANUAL = '''\
"""A Lightning module with manual optimization (two losses, one optimizer, gradient clipping by hand)."""
import lightning as L
import torch
import torch.nn.functional as F
from torch import nn


class LitAutoencoder(L.LightningModule):
    def __init__(self, lr: float = 1e-3):
        super().__init__()
        self.automatic_optimization = False
        self.encoder = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 16))
        self.decoder = nn.Sequential(nn.Linear(16, 128), nn.ReLU(), nn.Linear(128, 784))
        self.lr = lr

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        x, _ = batch
        x = x.view(x.size(0), -1)
        z = self.encoder(x)
        recon = self.decoder(z)
        loss = F.mse_loss(recon, x) + 1e-3 * z.pow(2).mean()
        opt.zero_grad()
        self.manual_backward(loss)
        self.clip_gradients(opt, gradient_clip_val=1.0, gradient_clip_algorithm="norm")
        opt.step()
        self.log("train_loss", loss, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)
'''

LM_PLAIN = '''\
"""Fine-tune GPT-2 on a text dataset with a plain PyTorch loop."""
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")
tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForCausalLM.from_pretrained("gpt2")
device = "cuda" if torch.cuda.is_available() else "cpu"
model.to(device)


def tokenize(batch):
    texts = [text + tokenizer.eos_token for text in batch["text"]]
    return tokenizer(texts, truncation=True, max_length=256, padding="max_length")


raw = load_dataset("wikitext", "wikitext-2-raw-v1")
ds = raw.map(tokenize, batched=True, remove_columns=["text"])
ds.set_format("torch")
loader = DataLoader(ds["train"], batch_size=8, shuffle=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)

model.train()
for epoch in range(3):
    for step, batch in enumerate(loader):
        batch = {k: v.to(device) for k, v in batch.items()}
        labels = batch["input_ids"].clone()
        labels[batch["attention_mask"] == 0] = -100
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        if step % 100 == 0:
            print(f"epoch {epoch} step {step} loss {out.loss.item():.4f}")
'''

LM_HELPERS = '''\
"""Instruction-tune a small causal LM: tokenise, collate with padding, train with helpers."""
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer, get_cosine_schedule_with_warmup

MODEL = "EleutherAI/pythia-160m"


def load_tokenizer():
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    if tokenizer.pad_token is None:
        tokenizer.add_special_tokens({"pad_token": "<|pad|>"})
    return tokenizer


def make_collate(tokenizer, max_length=512):
    def collate(examples):
        texts = [f"### Instruction:\\n{e['instruction']}\\n### Response:\\n{e['output']}" for e in examples]
        enc = tokenizer(
            [t + tokenizer.eos_token for t in texts],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
        input_ids = enc["input_ids"]
        enc["labels"] = torch.where(input_ids == tokenizer.pad_token_id, -100, input_ids)
        return enc

    return collate


def train(model, loader, optimizer, scheduler, epochs):
    model.train()
    for epoch in range(epochs):
        for step, batch in enumerate(loader):
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            if step % 20 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.2e}")


def main(dataset, epochs=2):
    tokenizer = load_tokenizer()
    model = AutoModelForCausalLM.from_pretrained(MODEL)
    model.resize_token_embeddings(len(tokenizer))
    loader = DataLoader(dataset, batch_size=4, shuffle=True, collate_fn=make_collate(tokenizer))
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, 100, epochs * len(loader))
    train(model, loader, optimizer, scheduler, epochs)
'''

LM_TRAINER = '''\
"""Continue pre-training a causal LM with the Hugging Face Trainer."""
from datasets import load_dataset
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)


class CausalLMFineTuner:
    def __init__(self, model_name="gpt2", output_dir="out"):
        self.tokenizer = AutoTokenizer.from_pretrained(model_name)
        self.tokenizer.add_special_tokens({"pad_token": "[PAD]"})
        self.model = AutoModelForCausalLM.from_pretrained(model_name)
        self.model.resize_token_embeddings(len(self.tokenizer))
        self.args = TrainingArguments(
            output_dir=output_dir,
            per_device_train_batch_size=8,
            gradient_accumulation_steps=4,
            learning_rate=5e-5,
            warmup_ratio=0.03,
            num_train_epochs=1,
            logging_steps=10,
        )

    def tokenize(self, batch):
        return self.tokenizer([t + self.tokenizer.eos_token for t in batch["text"]], truncation=True, max_length=512)

    def train(self, dataset_name="wikitext", config="wikitext-2-raw-v1"):
        ds = load_dataset(dataset_name, config)["train"].map(self.tokenize, batched=True, remove_columns=["text"])
        collator = DataCollatorForLanguageModeling(tokenizer=self.tokenizer, mlm=False)
        trainer = Trainer(model=self.model, args=self.args, train_dataset=ds, data_collator=collator)
        trainer.train()
'''


def edit(base: str, *changes: tuple[str, str]) -> str:
    """`base` with each (old, new) replaced; each `old` must occur exactly once."""
    for old, new in changes:
        assert base.count(old) == 1, f"{old!r} occurs {base.count(old)} times"
        base = base.replace(old, new)
    return base


def mark(line: str, kind: str) -> str:
    """`line` (ending in a newline) with the casebook's bug marker."""
    return f"{line.rstrip()}  # BUG: {kind}\n"


def plain_cases() -> dict[str, str]:
    accum_opt = (
        'parser.add_argument("--resume"',
        'parser.add_argument("--accum-steps", type=int, default=4)\nparser.add_argument("--resume"',
    )
    accum = """\
        outputs = model(images)
        loss = criterion(outputs, labels){div}
        loss.backward()
        if (i + 1) % args.accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
"""
    return {
        "correct": PLAIN,
        "correct_accumulation": edit(PLAIN, accum_opt, (PLAIN_STEP, accum.format(div=" / args.accum_steps"))),
        "correct_onecycle_per_batch": edit(
            PLAIN,
            (
                "scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1)",
                "scheduler = torch.optim.lr_scheduler.OneCycleLR(\n"
                "    optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=len(train_loader)\n)",
            ),
            (
                "        optimizer.step()\n        running",
                "        optimizer.step()\n        scheduler.step()\n        running",
            ),
            ("            running = 0.0\n    scheduler.step()\n", "            running = 0.0\n"),
        ),
        "missing_zero_grad": edit(
            PLAIN,
            ("        optimizer.zero_grad()\n", ""),
            ("        optimizer.step()\n", mark("        optimizer.step()\n", "missing_zero_grad")),
        ),
        "accumulation_undivided": edit(
            PLAIN,
            accum_opt,
            (
                PLAIN_STEP,
                accum.format(div="").replace(
                    "        loss.backward()\n", mark("        loss.backward()\n", "accumulation_undivided")
                ),
            ),
        ),
        "scheduler_per_batch": edit(
            PLAIN,
            (
                "        optimizer.step()\n        running",
                "        optimizer.step()\n"
                + mark("        scheduler.step()\n", "scheduler_per_batch")
                + "        running",
            ),
            ("            running = 0.0\n    scheduler.step()\n", "            running = 0.0\n"),
        ),
        "resume_scheduler_not_loaded": edit(
            PLAIN,
            ('    scheduler.load_state_dict(ckpt["scheduler"])\n', ""),
            (
                '    optimizer.load_state_dict(ckpt["optimizer"])\n',
                mark('    optimizer.load_state_dict(ckpt["optimizer"])\n', "resume_lr_reset"),
            ),
        ),
        "eval_never_back_to_train": edit(
            PLAIN,
            ("    model.train()\n    running = 0.0\n", "    running = 0.0\n"),
            (
                "for epoch in range(start_epoch, args.epochs):\n",
                "model.train()\nfor epoch in range(start_epoch, args.epochs):\n",
            ),
            ("    model.eval()\n", mark("    model.eval()\n", "eval_never_back_to_train")),
        ),
        "step_before_backward": edit(
            PLAIN,
            (
                PLAIN_STEP,
                PLAIN_STEP.replace(
                    "        loss.backward()\n        optimizer.step()\n",
                    mark("        optimizer.step()\n", "step_before_backward") + "        loss.backward()\n",
                ),
            ),
        ),
        "softmax_into_cross_entropy": edit(
            PLAIN,
            (
                "        loss = criterion(outputs, labels)\n",
                mark("        loss = criterion(F.softmax(outputs, dim=1), labels)\n", "softmax_into_cross_entropy"),
            ),
        ),
    }


def helpers_cases() -> dict[str, str]:
    accum = """\
        logits = model(inputs)
        loss = criterion(logits, targets){div}
        loss.backward()
        if (step + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
"""
    accum_sig = (
        (
            "def train_one_epoch(model, loader, optimizer, criterion, device, epoch):",
            "def train_one_epoch(model, loader, optimizer, criterion, device, epoch, accum_steps=8):",
        ),
    )
    return {
        "correct": HELPERS,
        "correct_accumulation": edit(
            HELPERS, *accum_sig, (HELPERS_STEP, accum.format(div="\n        loss = loss / accum_steps"))
        ),
        "correct_cosine_per_batch": edit(
            HELPERS,
            (
                "def train_one_epoch(model, loader, optimizer, criterion, device, epoch):",
                "def train_one_epoch(model, loader, optimizer, scheduler, criterion, device, epoch):",
            ),
            (
                "        optimizer.step()\n        total_loss",
                "        optimizer.step()\n        scheduler.step()\n        total_loss",
            ),
            ("T_max=args.epochs)", "T_max=args.epochs * len(train_loader))"),
            (
                "train_one_epoch(model, train_loader, optimizer, criterion",
                "train_one_epoch(model, train_loader, optimizer, scheduler, criterion",
            ),
            ("        scheduler.step()\n        print(", "        print("),
        ),
        "missing_zero_grad": edit(
            HELPERS,
            ("        optimizer.zero_grad(set_to_none=True)\n", ""),
            ("        optimizer.step()\n", mark("        optimizer.step()\n", "missing_zero_grad")),
        ),
        "accumulation_undivided": edit(
            HELPERS,
            *accum_sig,
            (
                HELPERS_STEP,
                accum.format(div="").replace(
                    "        loss.backward()\n", mark("        loss.backward()\n", "accumulation_undivided")
                ),
            ),
        ),
        "scheduler_per_batch": edit(
            HELPERS,
            (
                "def train_one_epoch(model, loader, optimizer, criterion, device, epoch):",
                "def train_one_epoch(model, loader, optimizer, scheduler, criterion, device, epoch):",
            ),
            (
                "        optimizer.step()\n        total_loss",
                "        optimizer.step()\n"
                + mark("        scheduler.step()\n", "scheduler_per_batch")
                + "        total_loss",
            ),
            (
                "train_one_epoch(model, train_loader, optimizer, criterion",
                "train_one_epoch(model, train_loader, optimizer, scheduler, criterion",
            ),
            ("        scheduler.step()\n        print(", "        print("),
        ),
        "resume_scheduler_not_loaded": edit(
            HELPERS,
            ('    scheduler.load_state_dict(state["sched"])\n', ""),
            (
                '    optimizer.load_state_dict(state["optim"])\n',
                mark('    optimizer.load_state_dict(state["optim"])\n', "resume_lr_reset"),
            ),
        ),
        "eval_never_back_to_train": edit(
            HELPERS,
            ("    model.train()\n    total_loss = 0.0\n", "    total_loss = 0.0\n"),
            ("    model.eval()\n", mark("    model.eval()\n", "eval_never_back_to_train")),
        ),
        "step_before_backward": edit(
            HELPERS,
            (
                HELPERS_STEP,
                HELPERS_STEP.replace(
                    "        loss.backward()\n        optimizer.step()\n",
                    mark("        optimizer.step()\n", "step_before_backward") + "        loss.backward()\n",
                ),
            ),
        ),
        "softmax_into_cross_entropy": edit(
            HELPERS,
            (
                "        loss = criterion(logits, targets)\n",
                mark("        loss = criterion(logits.softmax(dim=-1), targets)\n", "softmax_into_cross_entropy"),
            ),
        ),
    }


def trainer_cases() -> dict[str, str]:
    accum = """\
            out = self.model(x)
            loss = self.criterion(out, y){div}
            loss.backward()
            if (batch_idx + 1) % self.cfg.grad_accum == 0:
                self.optimizer.step()
                self.optimizer.zero_grad()
"""
    return {
        "correct": TRAINER,
        "correct_accumulation": edit(TRAINER, (TRAINER_STEP, accum.format(div=" / self.cfg.grad_accum"))),
        "missing_zero_grad": edit(
            TRAINER,
            ("            self.optimizer.zero_grad()\n", ""),
            ("            self.optimizer.step()\n", mark("            self.optimizer.step()\n", "missing_zero_grad")),
        ),
        "accumulation_undivided": edit(
            TRAINER,
            (
                TRAINER_STEP,
                accum.format(div="").replace(
                    "            loss.backward()\n", mark("            loss.backward()\n", "accumulation_undivided")
                ),
            ),
        ),
        "scheduler_per_batch": edit(
            TRAINER,
            (
                "            self.global_step += 1\n",
                mark("            self.scheduler.step()\n", "scheduler_per_batch")
                + "            self.global_step += 1\n",
            ),
            ("            self.validate()\n            self.scheduler.step()\n", "            self.validate()\n"),
        ),
        "resume_lr_reset": edit(
            TRAINER,
            (
                '        self.epoch = ckpt["epoch"] + 1\n',
                "        for group in self.optimizer.param_groups:\n"
                + mark('            group["lr"] = self.cfg.lr\n', "resume_lr_reset")
                + '        self.epoch = ckpt["epoch"] + 1\n',
            ),
        ),
        "eval_never_back_to_train": edit(
            TRAINER,
            ("        self.model.train()\n        for batch_idx", "        for batch_idx"),
            ("        self.model.eval()\n", mark("        self.model.eval()\n", "eval_never_back_to_train")),
        ),
        "step_before_backward": edit(
            TRAINER,
            (
                TRAINER_STEP,
                TRAINER_STEP.replace(
                    "            loss.backward()\n            self.optimizer.step()\n",
                    mark("            self.optimizer.step()\n", "step_before_backward")
                    + "            loss.backward()\n",
                ),
            ),
        ),
        "softmax_into_cross_entropy": edit(
            TRAINER,
            (
                "            loss = self.criterion(out, y)\n",
                mark("            loss = self.criterion(F.softmax(out, dim=1), y)\n", "softmax_into_cross_entropy"),
            ),
        ),
    }


def lm_cases() -> dict[tuple[str, str], str]:
    """The pad_token = eos_token bug in three styles, with their correct twins."""
    return {
        ("plain", "correct_lm"): LM_PLAIN,
        ("plain", "pad_eos_masked"): edit(
            LM_PLAIN,
            (
                "tokenizer.pad_token = tokenizer.eos_token\n",
                mark("tokenizer.pad_token = tokenizer.eos_token\n", "pad_eos_masked"),
            ),
            (
                '        labels[batch["attention_mask"] == 0] = -100\n',
                "        labels[labels == tokenizer.pad_token_id] = -100\n",
            ),
        ),
        ("helpers", "correct_lm"): LM_HELPERS,
        ("helpers", "pad_eos_masked"): edit(
            LM_HELPERS,
            (
                '    if tokenizer.pad_token is None:\n        tokenizer.add_special_tokens({"pad_token": "<|pad|>"})\n',
                mark("    tokenizer.pad_token = tokenizer.eos_token\n", "pad_eos_masked"),
            ),
            ("    model.resize_token_embeddings(len(tokenizer))\n", ""),
        ),
        ("trainer_class", "correct_lm"): LM_TRAINER,
        ("trainer_class", "pad_eos_masked"): edit(
            LM_TRAINER,
            (
                '        self.tokenizer.add_special_tokens({"pad_token": "[PAD]"})\n',
                mark("        self.tokenizer.pad_token = self.tokenizer.eos_token\n", "pad_eos_masked"),
            ),
            ("        self.model.resize_token_embeddings(len(self.tokenizer))\n", ""),
        ),
    }


def lightning_cases() -> dict[str, str]:
    return {
        "correct": LIGHTNING,
        "correct_manual": LIGHTNING_MANUAL,
        "missing_zero_grad": edit(
            LIGHTNING_MANUAL,
            ("        opt.zero_grad()\n", ""),
            ("        opt.step()\n", mark("        opt.step()\n", "missing_zero_grad")),
        ),
        "scheduler_per_batch": edit(
            LIGHTNING,
            (
                '"interval": "epoch"}}\n',
                mark('"interval": "step"}}\n', "scheduler_per_batch"),
            ),
        ),
        "softmax_into_cross_entropy": edit(
            LIGHTNING,
            (
                "        loss = F.cross_entropy(logits, y)\n",
                mark("        loss = F.cross_entropy(F.softmax(logits, dim=-1), y)\n", "softmax_into_cross_entropy"),
            ),
        ),
    }


def cases() -> dict[tuple[str, str], str]:
    """Every script by (style, name)."""
    out: dict[tuple[str, str], str] = {}
    for style, made in (
        ("plain", plain_cases()),
        ("helpers", helpers_cases()),
        ("trainer_class", trainer_cases()),
        ("lightning", lightning_cases()),
    ):
        out |= {(style, name): text for name, text in made.items()}
    return out | lm_cases()


def build(folder: Path = OUT) -> list[Path]:
    """Write every script under `folder/<style>/<name>.py` (the folder is rewritten)."""
    if folder.exists():
        shutil.rmtree(folder)
    written = []
    for (style, name), text in sorted(cases().items()):
        ast.parse(text)
        path = folder / style / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written


if __name__ == "__main__":
    paths = build()
    print(f"wrote {len(paths)} scripts under {OUT}")
