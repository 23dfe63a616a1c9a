"""RRDBNet (ESRGAN, Wang et al. 2018), the generator of Real-ESRGAN x4plus, written for our toolchain.

`num_blocks` may be smaller than the 23 of x4plus: a truncated trunk keeps the first blocks' weights
(each block adds 0.2 × its output to a residual stream, so later blocks refine rather than rebuild)
and is then fine-tuned to imitate the full network (`distill.py`). Images are RGB in [0, 1].
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

RESIDUAL_SCALE = 0.2  # each dense block and each RRDB adds 0.2 × its output (ESRGAN's residual scaling)


def _lrelu(x: Tensor) -> Tensor:
    return F.leaky_relu(x, 0.2)


class DenseBlock(nn.Module):
    """Five 3×3 convs, each seeing the block input and every earlier conv's output."""

    def __init__(self, channels: int = 64, growth: int = 32):
        super().__init__()
        self.convs = nn.ModuleList(
            nn.Conv2d(channels + i * growth, growth if i < 4 else channels, 3, padding=1) for i in range(5)
        )

    def forward(self, x: Tensor) -> Tensor:
        feats = [x]
        for i, conv in enumerate(self.convs):
            out = conv(torch.cat(feats, 1))
            if i < 4:
                feats.append(_lrelu(out))
        return x + RESIDUAL_SCALE * out


class RRDB(nn.Module):
    """Residual-in-residual dense block: three dense blocks and one more scaled residual."""

    def __init__(self, channels: int = 64, growth: int = 32):
        super().__init__()
        self.dense = nn.Sequential(*(DenseBlock(channels, growth) for _ in range(3)))

    def forward(self, x: Tensor) -> Tensor:
        return x + RESIDUAL_SCALE * self.dense(x)


class RRDBNet(nn.Module):
    """[B, 3, h, w] in [0, 1] -> [B, 3, 4h, 4w] (not clamped; the exported graph clamps)."""

    def __init__(self, num_blocks: int = 23, channels: int = 64, growth: int = 32):
        super().__init__()
        self.conv_first = nn.Conv2d(3, channels, 3, padding=1)
        self.body = nn.Sequential(*(RRDB(channels, growth) for _ in range(num_blocks)))
        self.conv_body = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv_up1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv_up2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv_hr = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv_last = nn.Conv2d(channels, 3, 3, padding=1)

    @property
    def num_blocks(self) -> int:
        return len(self.body)

    def convs_in_order(self) -> list[nn.Conv2d]:
        """Every convolution in the order the ncnn graph (and the original network) runs them."""
        trunk = [c for rrdb in self.body for dense in rrdb.dense for c in dense.convs]
        return [self.conv_first, *trunk, self.conv_body, self.conv_up1, self.conv_up2, self.conv_hr, self.conv_last]

    def forward(self, x: Tensor) -> Tensor:
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        feat = _lrelu(self.conv_up1(F.interpolate(feat, scale_factor=2.0, mode="nearest")))
        feat = _lrelu(self.conv_up2(F.interpolate(feat, scale_factor=2.0, mode="nearest")))
        return self.conv_last(_lrelu(self.conv_hr(feat)))


def truncated(full: RRDBNet, num_blocks: int) -> RRDBNet:
    """A copy of `full` with only its first `num_blocks` RRDBs (head and upsampler kept)."""
    small = RRDBNet(num_blocks)
    state = {k: v for k, v in full.state_dict().items() if not k.startswith("body.") or int(k.split(".")[1]) < num_blocks}
    small.load_state_dict(state)
    return small
