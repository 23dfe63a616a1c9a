"""SRVGGNetCompact (Real-ESRGAN's compact model, Wang et al. 2021), written for our toolchain: a plain
stack of 3×3 convs at the input's resolution, then a pixel shuffle, plus the nearest-upsampled input.

Layer list as in the wheel's realesr-animevideov3-x4.param: conv 3→64 + PReLU, `num_convs` × (conv 64→64
+ PReLU), conv 64→3·r², PixelShuffle(r), + nearest-neighbour ×r of the input (ncnn Interp 0=1). Every conv
runs at the LR size, so it costs ~39 GMAC per output MP with 16 convs at ×4, ~28× less than x4plus.
Images are RGB in [0, 1].
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor, nn


class SRVGGNetCompact(nn.Module):
    """[B, 3, h, w] in [0, 1] -> [B, 3, r·h, r·w] (not clamped; the exported graph clamps)."""

    def __init__(self, num_convs: int = 16, channels: int = 64, upscale: int = 4):
        super().__init__()
        self.upscale = upscale
        convs = [nn.Conv2d(3, channels, 3, padding=1)]
        convs += [nn.Conv2d(channels, channels, 3, padding=1) for _ in range(num_convs)]
        self.convs = nn.ModuleList(convs)
        # one slope per channel, as the wheel's PReLU layers (0=64)
        self.acts = nn.ModuleList(nn.PReLU(channels) for _ in convs)
        self.conv_last = nn.Conv2d(channels, 3 * upscale * upscale, 3, padding=1)

    @property
    def num_convs(self) -> int:
        return len(self.convs) - 1

    def convs_in_order(self) -> list[nn.Conv2d]:
        return [*self.convs, self.conv_last]

    def forward(self, x: Tensor) -> Tensor:
        feat = x
        for conv, act in zip(self.convs, self.acts):
            feat = act(conv(feat))
        out = F.pixel_shuffle(self.conv_last(feat), self.upscale)
        return out + F.interpolate(x, scale_factor=float(self.upscale), mode="nearest")
