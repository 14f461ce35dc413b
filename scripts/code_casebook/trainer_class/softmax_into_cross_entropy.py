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
            loss = self.criterion(F.softmax(out, dim=1), y)  # BUG: softmax_into_cross_entropy
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
