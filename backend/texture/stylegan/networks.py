"""A conditional StyleGAN2 in plain PyTorch (Karras et al. 2020, as used by Describe3D for UV albedo).

Generator: a mapping network (z + the texture part of the descriptive code as label -> w), and a
synthesis network of modulated 3x3 convolutions with weight demodulation, per-layer noise inputs
and ToRGB skip connections, from a learned 4x4 constant up to `resolution`.  Discriminator: residual,
minibatch standard deviation, projection conditioning on the label.  Equalised learning rate
everywhere.  Upsampling/downsampling are bilinear / average pooling (no custom CUDA kernels).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


# Sane bounds for each config field.  The "paper" preset (training.PRESETS) uses z/w 512, 8 mapping
# layers, channel_base 32768, channel_max 512 at up to 1024 px; the caps allow twice that (four times
# for channel_base, 4096 px) while keeping the largest network near a gigabyte of float32 weights
# (a 1024-channel 3x3 convolution is 38 MB).
LIMITS = {
    "resolution": (8, 4096),
    "c_dim": (0, 1024),
    "z_dim": (1, 1024),
    "w_dim": (1, 1024),
    "mapping_layers": (1, 16),
    "channel_base": (1, 1 << 17),
    "channel_max": (1, 1024),
    "d_channel_base": (1, 1 << 17),
    "d_channel_max": (1, 1024),
}


@dataclass(frozen=True)
class StyleGANConfig:
    resolution: int = 256  # output albedo is (3, resolution, resolution), atlas layout
    c_dim: int = 0  # label size (see labels.py); 0 = unconditional
    z_dim: int = 512
    w_dim: int = 512
    mapping_layers: int = 8
    channel_base: int = 16384  # channels at resolution r: min(channel_base // r, channel_max)
    channel_max: int = 512
    d_channel_base: int = 16384
    d_channel_max: int = 512

    def validate(self) -> "StyleGANConfig":
        """Check every field (a checkpoint's config is untrusted JSON): integers (not bools), within
        LIMITS, so a network is never built from a float (a TypeError deep in torch) nor asked for
        terabytes.  ValueError lists every bad field."""
        bad = []
        for name, (lo, hi) in LIMITS.items():
            value = getattr(self, name)
            if type(value) is not int:
                bad.append(f"{name} must be an integer, got {value!r}")
            elif not lo <= value <= hi:
                bad.append(f"{name} must be in [{lo}, {hi}], got {value}")
        r = self.resolution
        if type(r) is int and r & (r - 1):
            bad.append(f"resolution must be a power of two, got {r}")
        if bad:
            raise ValueError("; ".join(bad))
        return self

    def to_dict(self) -> dict:
        return asdict(self)

    def channels(self, res: int, discriminator: bool = False) -> int:
        base, top = (self.d_channel_base, self.d_channel_max) if discriminator else (self.channel_base, self.channel_max)
        return max(min(base // res, top), 1)


class EqualLinear(nn.Module):
    """Linear layer with equalised learning rate (weights stored ~N(0,1) / lr_mul, scaled at runtime)."""

    def __init__(self, in_f: int, out_f: int, bias_init: float = 0.0, lr_mul: float = 1.0, act: bool = False):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_f, in_f) / lr_mul)
        self.bias = nn.Parameter(torch.full((out_f,), float(bias_init)))
        self.scale, self.lr_mul, self.act = lr_mul / math.sqrt(in_f), lr_mul, act

    def forward(self, x):
        x = F.linear(x, self.weight * self.scale, self.bias * self.lr_mul)
        return F.leaky_relu(x, 0.2) * math.sqrt(2) if self.act else x


class EqualConv(nn.Module):
    def __init__(self, in_c: int, out_c: int, k: int, act: bool = True, bias: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_c, in_c, k, k))
        self.bias = nn.Parameter(torch.zeros(out_c)) if bias else None
        self.scale, self.act, self.pad = 1 / math.sqrt(in_c * k * k), act, k // 2

    def forward(self, x):
        x = F.conv2d(x, self.weight * self.scale, self.bias, padding=self.pad)
        return F.leaky_relu(x, 0.2) * math.sqrt(2) if self.act else x


def _normalize_2nd_moment(x, eps: float = 1e-8):
    return x * (x.square().mean(dim=1, keepdim=True) + eps).rsqrt()


class MappingNetwork(nn.Module):
    """(z, label) -> w.  Keeps a running mean of w for the truncation trick."""

    def __init__(self, cfg: StyleGANConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = EqualLinear(cfg.c_dim, cfg.w_dim) if cfg.c_dim else None
        in_f = cfg.z_dim + (cfg.w_dim if cfg.c_dim else 0)
        layers = []
        for i in range(cfg.mapping_layers):
            layers.append(EqualLinear(in_f if i == 0 else cfg.w_dim, cfg.w_dim, lr_mul=0.01, act=True))
        self.net = nn.Sequential(*layers)
        self.register_buffer("w_avg", torch.zeros(cfg.w_dim))

    def forward(self, z, c=None, truncation: float = 1.0, update_avg: bool = False):
        x = _normalize_2nd_moment(z)
        if self.embed is not None:
            if c is None:
                raise ValueError("this generator is conditional: pass a label")
            x = torch.cat([x, _normalize_2nd_moment(self.embed(c))], dim=1)
        w = self.net(x)
        if update_avg:
            self.w_avg.copy_(w.detach().float().mean(0).lerp(self.w_avg, 0.995))
        if truncation != 1.0:
            w = self.w_avg.to(w.dtype).lerp(w, truncation)
        return w


def modulated_conv2d(x, weight, styles, demodulate: bool = True):
    """Per-sample convolution with weights scaled by `styles` (B, Cin); demodulated to unit output
    variance.  Implemented as one grouped convolution over the batch."""
    B, Cin, H, W = x.shape
    Cout, _, k, _ = weight.shape
    w = weight.unsqueeze(0) * styles.view(B, 1, Cin, 1, 1)
    if demodulate:
        w = w * (w.square().sum(dim=(2, 3, 4), keepdim=True) + 1e-8).rsqrt()
    out = F.conv2d(x.reshape(1, B * Cin, H, W), w.reshape(B * Cout, Cin, k, k), padding=k // 2, groups=B)
    return out.reshape(B, Cout, H, W)


class SynthesisLayer(nn.Module):
    def __init__(self, in_c: int, out_c: int, w_dim: int, resolution: int, up: bool):
        super().__init__()
        self.affine = EqualLinear(w_dim, in_c, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(out_c, in_c, 3, 3))
        self.bias = nn.Parameter(torch.zeros(out_c))
        self.noise_strength = nn.Parameter(torch.zeros(()))
        self.register_buffer("noise_const", torch.randn(resolution, resolution))
        self.up, self.scale = up, 1 / math.sqrt(in_c * 9)

    def forward(self, x, w, noise_mode: str = "random"):
        if self.up:
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        x = modulated_conv2d(x, self.weight * self.scale, self.affine(w))
        if noise_mode == "random":
            x = x + torch.randn(x.shape[0], 1, *x.shape[2:], device=x.device, dtype=x.dtype) * self.noise_strength
        elif noise_mode == "const":
            x = x + self.noise_const.to(x.dtype) * self.noise_strength
        return F.leaky_relu(x + self.bias.view(1, -1, 1, 1), 0.2) * math.sqrt(2)


class ToRGB(nn.Module):
    def __init__(self, in_c: int, w_dim: int):
        super().__init__()
        self.affine = EqualLinear(w_dim, in_c, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(3, in_c, 1, 1))
        self.bias = nn.Parameter(torch.zeros(3))
        self.scale = 1 / math.sqrt(in_c)

    def forward(self, x, w):
        styles = self.affine(w) * self.scale
        return modulated_conv2d(x, self.weight, styles, demodulate=False) + self.bias.view(1, -1, 1, 1)


class SynthesisBlock(nn.Module):
    def __init__(self, in_c: int, out_c: int, w_dim: int, res: int):
        super().__init__()
        self.first = res == 4
        if self.first:
            self.const = nn.Parameter(torch.randn(out_c, 4, 4))
        else:
            self.conv0 = SynthesisLayer(in_c, out_c, w_dim, res, up=True)
        self.conv1 = SynthesisLayer(out_c, out_c, w_dim, res, up=False)
        self.torgb = ToRGB(out_c, w_dim)
        self.num_ws = 2 if self.first else 3

    def forward(self, x, img, ws, noise_mode):
        i = 0
        if self.first:
            x = self.const.unsqueeze(0).expand(ws.shape[0], -1, -1, -1).to(ws.dtype)
        else:
            x = self.conv0(x, ws[:, 0], noise_mode)
            i = 1
        x = self.conv1(x, ws[:, i], noise_mode)
        y = self.torgb(x, ws[:, i + 1])
        if img is not None:
            img = F.interpolate(img, scale_factor=2, mode="bilinear", align_corners=False)
            y = y + img
        return x, y


class SynthesisNetwork(nn.Module):
    def __init__(self, cfg: StyleGANConfig):
        super().__init__()
        self.resolutions = [2 ** i for i in range(2, int(math.log2(cfg.resolution)) + 1)]
        blocks = []
        for res in self.resolutions:
            in_c = cfg.channels(res // 2) if res > 4 else 0
            blocks.append(SynthesisBlock(in_c, cfg.channels(res), cfg.w_dim, res))
        self.blocks = nn.ModuleList(blocks)
        self.num_ws = sum(b.num_ws for b in blocks)

    def forward(self, ws, noise_mode: str = "random"):
        x = img = None
        k = 0
        for block in self.blocks:
            # ToRGB of one block shares its w with the next block's first layer, as in StyleGAN2.
            x, img = block(x, img, ws[:, k:k + block.num_ws], noise_mode)
            k += block.num_ws - 1
        return img


class Generator(nn.Module):
    """(z (B, z_dim), label (B, c_dim)) -> albedo (B, 3, R, R) in [-1, 1] (roughly; not clamped)."""

    def __init__(self, cfg: StyleGANConfig):
        super().__init__()
        self.cfg = cfg.validate()
        self.mapping = MappingNetwork(cfg)
        self.synthesis = SynthesisNetwork(cfg)

    def forward(self, z, c=None, truncation: float = 1.0, noise_mode: str = "random", update_avg: bool = False):
        w = self.mapping(z, c, truncation=truncation, update_avg=update_avg)
        ws = w.unsqueeze(1).expand(-1, self.synthesis.num_ws, -1)
        return self.synthesis(ws, noise_mode)


class DiscriminatorBlock(nn.Module):
    def __init__(self, in_c: int, out_c: int):
        super().__init__()
        self.conv0 = EqualConv(in_c, in_c, 3)
        self.conv1 = EqualConv(in_c, out_c, 3)
        self.skip = EqualConv(in_c, out_c, 1, act=False, bias=False)

    def forward(self, x):
        y = F.avg_pool2d(self.skip(x), 2)
        x = F.avg_pool2d(self.conv1(self.conv0(x)), 2)
        return (x + y) / math.sqrt(2)


class Discriminator(nn.Module):
    """(image (B, 3, R, R), label) -> realness score (B,)."""

    def __init__(self, cfg: StyleGANConfig):
        super().__init__()
        self.cfg = cfg.validate()
        ch = lambda r: cfg.channels(r, discriminator=True)  # noqa: E731
        R = cfg.resolution
        self.fromrgb = EqualConv(3, ch(R), 1)
        blocks, res = [], R
        while res > 4:
            blocks.append(DiscriminatorBlock(ch(res), ch(res // 2)))
            res //= 2
        self.blocks = nn.ModuleList(blocks)
        c4 = ch(4)
        self.conv = EqualConv(c4 + 1, c4, 3)
        self.fc = EqualLinear(c4 * 16, c4, act=True)
        self.cmap_dim = c4 if cfg.c_dim else 1
        self.out = EqualLinear(c4, self.cmap_dim)
        self.label = nn.Sequential(EqualLinear(cfg.c_dim, c4, act=True), EqualLinear(c4, c4)) if cfg.c_dim else None

    def forward(self, img, c=None):
        x = self.fromrgb(img)
        for block in self.blocks:
            x = block(x)
        x = self._minibatch_std(x)
        x = self.fc(self.conv(x).flatten(1))
        x = self.out(x)
        if self.label is not None:
            if c is None:
                raise ValueError("this discriminator is conditional: pass a label")
            x = (x * self.label(c)).sum(dim=1, keepdim=True) / math.sqrt(self.cmap_dim)
        return x.squeeze(1)

    @staticmethod
    def _minibatch_std(x, group: int = 4):
        B, C, H, W = x.shape
        g = min(group, B)
        while B % g:
            g -= 1
        y = x.reshape(g, -1, C, H, W).float()
        y = (y.var(dim=0, unbiased=False) + 1e-8).sqrt().mean(dim=(1, 2, 3))  # (B/g,)
        y = y.reshape(-1, 1, 1, 1).repeat(g, 1, H, W).to(x.dtype)
        return torch.cat([x, y], dim=1)
