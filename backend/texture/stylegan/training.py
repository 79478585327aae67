"""Training loop: non-saturating logistic GAN loss, lazy R1 penalty on reals, generator EMA, mixed
precision (float16 autocast + gradient scaling) on CUDA.  Data: a folder of square UV albedo
images in the atlas layout, with an optional labels.json {"file.png": {"skin_tone": "dark", ...}}.
"""
from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from ...errors import TextFaceError
from ...schema import SchemaError, check
from .labels import LABEL_DIM, label_vector
from .networks import Discriminator, Generator, StyleGANConfig

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
PRESETS = {
    "paper": dict(z_dim=512, w_dim=512, mapping_layers=8, channel_base=32768, channel_max=512,
                  d_channel_base=32768, d_channel_max=512),
    "small": dict(z_dim=256, w_dim=256, mapping_layers=4, channel_base=8192, channel_max=256,
                  d_channel_base=8192, d_channel_max=256),
    "tiny": dict(z_dim=32, w_dim=32, mapping_layers=2, channel_base=256, channel_max=32,
                 d_channel_base=256, d_channel_max=32),
}


class DatasetError(TextFaceError):
    """The training folder is missing, empty or holds unusable images/labels."""


@dataclass
class AlbedoDataset:
    images: torch.Tensor  # (N, 3, R, R) uint8
    labels: torch.Tensor  # (N, LABEL_DIM) float32, or (N, 0) when unconditional

    @property
    def conditional(self) -> bool:
        return self.labels.shape[1] > 0


def load_dataset(folder: str | Path, resolution: int) -> AlbedoDataset:
    """Read every image of `folder` (square, resized to `resolution` with area filtering) into memory."""
    from PIL import Image, UnidentifiedImageError

    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DatasetError(f"training folder {folder} does not exist")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
    if not files:
        raise DatasetError(f"no images ({', '.join(IMAGE_SUFFIXES)}) in {folder}")
    labels_file = folder / "labels.json"
    labels = None
    if labels_file.is_file():
        try:
            labels = json.loads(labels_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DatasetError(f"{labels_file} is not valid JSON: {exc}") from None
        if not isinstance(labels, dict):
            raise DatasetError(f"{labels_file} must map image file names to attribute objects")
    images, vectors = [], []
    for p in files:
        try:
            with Image.open(p) as im:
                if im.width != im.height:
                    raise DatasetError(f"{p.name} is {im.width}x{im.height}; atlas albedo images must be square")
                im = im.convert("RGB").resize((resolution, resolution), Image.BOX)
                images.append(torch.from_numpy(np.asarray(im).copy()).permute(2, 0, 1))
        except (UnidentifiedImageError, OSError) as exc:
            raise DatasetError(f"cannot read image {p.name}: {exc}") from None
        if labels is not None:
            entry = labels.get(p.name, {})
            try:
                check(entry)
            except (SchemaError, AttributeError) as exc:
                raise DatasetError(f"labels.json entry for {p.name}: {exc}") from None
            vectors.append(torch.from_numpy(label_vector(entry)))
    lab = torch.stack(vectors) if labels is not None else torch.zeros(len(images), 0)
    return AlbedoDataset(images=torch.stack(images), labels=lab)


def make_config(preset: str, resolution: int, conditional: bool) -> StyleGANConfig:
    if preset not in PRESETS:
        raise TextFaceError(f"unknown preset {preset!r}; valid: {', '.join(PRESETS)}")
    return StyleGANConfig(resolution=resolution, c_dim=LABEL_DIM if conditional else 0, **PRESETS[preset]).validate()


@dataclass
class TrainSettings:
    steps: int = 1000
    batch: int = 8
    lr: float = 0.0025
    r1_gamma: float = 1.0
    r1_every: int = 16
    ema_beta: float = 0.999
    seed: int = 0
    device: str = "cpu"


class Trainer:
    """Holds G, G_ema, D and their optimisers; `step()` runs one D and one G update."""

    def __init__(self, data: AlbedoDataset, cfg: StyleGANConfig, s: TrainSettings, resume=None):
        if data.conditional != (cfg.c_dim > 0):
            raise TextFaceError("the checkpoint's conditioning does not match the data (labels.json present or not)")
        if data.images.shape[-1] != cfg.resolution:
            raise TextFaceError(f"data resolution {data.images.shape[-1]} != model resolution {cfg.resolution}")
        self.data, self.cfg, self.s = data, cfg, s
        self.device = torch.device(s.device)
        self.amp = self.device.type == "cuda"
        torch.manual_seed(s.seed)
        self.gen = torch.Generator().manual_seed(s.seed)
        if resume is None:
            self.G, self.D = Generator(cfg), Discriminator(cfg)
            self.G_ema, self.steps = copy.deepcopy(self.G), 0
        else:
            self.G, self.G_ema, self.D, self.steps = resume
        for net in (self.G, self.G_ema, self.D):
            net.to(self.device)
        self.G_ema.eval().requires_grad_(False)
        ratio = s.r1_every / (s.r1_every + 1)  # lazy regularisation: rescale lr and betas of D
        self.opt_G = torch.optim.Adam(self.G.parameters(), lr=s.lr, betas=(0.0, 0.99), eps=1e-8)
        self.opt_D = torch.optim.Adam(self.D.parameters(), lr=s.lr * ratio, betas=(0.0, 0.99 ** ratio), eps=1e-8)
        self.scaler_G = torch.amp.GradScaler("cuda", enabled=self.amp)
        self.scaler_D = torch.amp.GradScaler("cuda", enabled=self.amp)

    def _batch(self):
        idx = torch.randint(len(self.data.images), (self.s.batch,), generator=self.gen)
        real = self.data.images[idx].to(self.device).float() / 127.5 - 1.0
        c = self.data.labels[idx].to(self.device) if self.data.conditional else None
        return real, c

    def _z(self):
        return torch.randn(self.s.batch, self.cfg.z_dim, generator=self.gen).to(self.device)

    def _fake_labels(self):
        if not self.data.conditional:
            return None
        idx = torch.randint(len(self.data.labels), (self.s.batch,), generator=self.gen)
        return self.data.labels[idx].to(self.device)

    def step(self) -> dict:
        autocast = torch.autocast("cuda", dtype=torch.float16, enabled=self.amp)
        real, c_real = self._batch()
        # Discriminator: logistic loss on reals and (detached) fakes.
        self.D.requires_grad_(True)
        self.G.requires_grad_(False)
        with autocast:
            c_fake = self._fake_labels()
            fake = self.G(self._z(), c_fake)
            loss_D = F.softplus(self.D(fake, c_fake)).mean() + F.softplus(-self.D(real, c_real)).mean()
        self.opt_D.zero_grad(set_to_none=True)
        self.scaler_D.scale(loss_D).backward()
        self.scaler_D.step(self.opt_D)
        self.scaler_D.update()
        r1 = None
        if self.steps % self.s.r1_every == 0 and self.s.r1_gamma > 0:
            # R1: gradient penalty on reals, in float32, every r1_every steps (scaled to match).
            x = real.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(self.D(x, c_real).sum(), x, create_graph=True)
            penalty = grad.square().sum(dim=(1, 2, 3)).mean()
            self.opt_D.zero_grad(set_to_none=True)
            (penalty * (self.s.r1_gamma / 2) * self.s.r1_every).backward()
            self.opt_D.step()
            r1 = float(penalty.detach())
        # Generator: non-saturating loss.
        self.D.requires_grad_(False)
        self.G.requires_grad_(True)
        with autocast:
            c_fake = self._fake_labels()
            loss_G = F.softplus(-self.D(self.G(self._z(), c_fake, update_avg=True), c_fake)).mean()
        self.opt_G.zero_grad(set_to_none=True)
        self.scaler_G.scale(loss_G).backward()
        self.scaler_G.step(self.opt_G)
        self.scaler_G.update()
        with torch.no_grad():
            for pe, p in zip(self.G_ema.parameters(), self.G.parameters()):
                pe.lerp_(p, 1.0 - self.s.ema_beta)
            for be, b in zip(self.G_ema.buffers(), self.G.buffers()):
                be.copy_(b)
        self.steps += 1
        out = {"step": self.steps, "loss_G": float(loss_G.detach()), "loss_D": float(loss_D.detach()), "r1": r1}
        for k in ("loss_G", "loss_D"):
            if not math.isfinite(out[k]):
                raise TextFaceError(f"training diverged at step {self.steps} ({k} = {out[k]}); lower --lr")
        return out

    def run(self, log: Callable[[dict], None] = lambda row: None) -> list[dict]:
        history = []
        while self.steps < self.s.steps:
            row = self.step()
            history.append(row)
            log(row)
        return history
