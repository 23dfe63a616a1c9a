"""Prefix conv blocks (DVAR, CVPR 2026): E_dr's penultimate features -> prefix tokens, one per
latent cell, so the transformer sees the LQ content at the last scale's grid."""

from __future__ import annotations

from torch import Tensor, nn

from .blocks import ResBlock


class PrefixConv(nn.Module):
    """features [B, C_f, Hl, Wl] -> tokens [B, Hl*Wl, width], row-major."""

    def __init__(self, feature_channels: int, width: int, blocks: int):
        super().__init__()
        self.blocks = nn.Sequential(*[ResBlock(feature_channels) for _ in range(blocks)])
        self.proj = nn.Conv2d(feature_channels, width, 1)

    def forward(self, features: Tensor) -> Tensor:
        return self.proj(self.blocks(features)).flatten(2).transpose(1, 2)
