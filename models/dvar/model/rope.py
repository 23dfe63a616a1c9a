"""2D rotary position embedding on a shared frame (docs/pack-format.md "RoPE positions").

Every token map (each scale and the prefix) is placed on the same [0, F) x [0, F) frame, so a token's
position says where in the image it sits regardless of the grid size. Rotations use real arithmetic on
interleaved pairs (2i, 2i+1): view_as_complex does not export to ONNX.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


def rope_positions(h: int, w: int, frame: float) -> Tensor:
    """[h*w, 2] float32, row-major: token (i, j) -> [(i + 0.5) * F / h, (j + 0.5) * F / w] (row, col)."""
    rows = (torch.arange(h, dtype=torch.float64) + 0.5) * (frame / h)
    cols = (torch.arange(w, dtype=torch.float64) + 0.5) * (frame / w)
    grid = torch.stack(torch.meshgrid(rows, cols, indexing="ij"), dim=-1)  # [h, w, 2]
    # float64 then one rounding, so Python and the engine (which computes in doubles) agree bit for bit.
    return grid.reshape(h * w, 2).to(torch.float32)


class RotaryEmbedding2D(nn.Module):
    """Rotary pairs 0..hd/4-1 rotate with the row coordinate, pairs hd/4..hd/2-1 with the column."""

    def __init__(self, head_dim: int, theta: float = 100.0):
        super().__init__()
        if head_dim % 4 != 0:
            raise ValueError(f"head_dim must be divisible by 4 for 2D RoPE, got {head_dim}")
        quarter = head_dim // 4
        freqs = theta ** (-torch.arange(quarter, dtype=torch.float64) / quarter)
        # Not persistent: it is a pure function of (head_dim, theta), so checkpoints need not carry it.
        self.register_buffer("freqs", freqs.to(torch.float32), persistent=False)

    def cos_sin(self, positions: Tensor) -> tuple[Tensor, Tensor]:
        """positions [n, 2] -> (cos, sin), each [n, head_dim/2]."""
        pos = positions.to(self.freqs)  # also moves host-built positions onto the model device
        angles = torch.cat([pos[:, 0:1] * self.freqs, pos[:, 1:2] * self.freqs], dim=-1)
        return torch.cos(angles), torch.sin(angles)

    @staticmethod
    def apply(x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
        """Rotate x [B, H, n, hd] pairwise; cos/sin [n, hd/2] broadcast over batch and heads."""
        pairs = x.unflatten(-1, (-1, 2))  # [B, H, n, hd/2, 2]
        x0, x1 = pairs[..., 0], pairs[..., 1]
        cos, sin = cos.to(x.dtype), sin.to(x.dtype)
        out = torch.stack([x0 * cos - x1 * sin, x0 * sin + x1 * cos], dim=-1)
        return out.flatten(-2)
