"""SDXL-style Fourier size embedding and the `condition` graph (target size [+ pooled text] -> AdaLN cond).

DVAR must know the absolute output size (DVAR, CVPR 2026, adapting SDXL's size conditioning, Podell
et al. 2023). Sizes are output pixels in 8..16384, so they are embedded on a log scale: u = log2(size / 1024), i.e. 0 at 1024 px and +-1 per octave
(u in [-7, 4]). A linear scale would make 8 px and 64 px indistinguishable next to 16384 px.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

SIZE_REFERENCE_PX = 1024.0


class FourierFeatures(nn.Module):
    """[B] sizes in pixels -> [B, dim] = [sin(2*pi*u*f), cos(2*pi*u*f)] with u = log2(size / 1024).

    The dim/2 frequencies f ~ N(0, scale^2) are fixed (a persistent buffer drawn from `seed`), like
    diffusers' GaussianFourierProjection. scale = 1 resolves ~1% size changes (8 px at 1024) while the
    slowest frequencies still vary smoothly over the whole 8..16384 range.
    """

    def __init__(self, dim: int, seed: int = 0, scale: float = 1.0):
        super().__init__()
        if dim % 2 != 0:
            raise ValueError(f"FourierFeatures dim must be even, got {dim}")
        g = torch.Generator().manual_seed(seed)
        self.register_buffer("freqs", torch.randn(dim // 2, generator=g, dtype=torch.float32) * scale)

    def forward(self, size: Tensor) -> Tensor:
        # Clamp keeps a degenerate 0 px input finite instead of producing -inf.
        u = torch.log2(size.to(self.freqs.dtype).clamp(min=1.0) / SIZE_REFERENCE_PX)
        angles = (2 * math.pi) * u[:, None] * self.freqs[None, :]
        return torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1)


class Condition(nn.Module):
    """Graph `condition`: cond = proj(concat(fourier(H), fourier(W))) [+ text_proj(pooled)].

    proj is a 2-layer MLP (Linear-SiLU-Linear, as for diffusion timestep embeddings) because the Fourier
    features are a fixed random basis; one linear layer over them is a weak size model.
    """

    def __init__(self, cond_dim: int, text_width: int | None = None, fourier_dim: int | None = None, seed: int = 0):
        super().__init__()
        fourier_dim = fourier_dim or 2 * max(1, cond_dim // 4)  # per axis; even
        self.fourier = FourierFeatures(fourier_dim, seed=seed)
        self.proj = nn.Sequential(nn.Linear(2 * fourier_dim, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim))
        self.text_proj = nn.Linear(text_width, cond_dim) if text_width else None

    def forward(self, target_size: Tensor, text_pooled: Tensor | None = None) -> Tensor:
        feats = torch.cat([self.fourier(target_size[:, 0]), self.fourier(target_size[:, 1])], dim=-1)
        cond = self.proj(feats)
        if self.text_proj is not None:
            if text_pooled is None:
                raise ValueError("this Condition was built with text; pass text_pooled")
            cond = cond + self.text_proj(text_pooled)
        return cond
