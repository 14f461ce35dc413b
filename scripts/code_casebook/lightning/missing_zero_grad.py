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
        self.manual_backward(loss)
        self.clip_gradients(opt, gradient_clip_val=1.0, gradient_clip_algorithm="norm")
        opt.step()  # BUG: missing_zero_grad
        self.log("train_loss", loss, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)
