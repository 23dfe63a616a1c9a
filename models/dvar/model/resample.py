"""Resampling as matrices (docs/pack-format.md "Area down-sampling matrix", "Bicubic up-sampling matrix").

A map X (h x w per channel) is resized to H x W as M_h . X . M_w^T. Matrices instead of F.interpolate
because `interpolate(mode='area')` does not export for non-divisible sizes (32 -> 13), and because the
engine builds the very same matrices on the host, so training, export and inference agree bit for bit.
Matrices are built in float64 and rounded once to the requested dtype (float32 by default).
"""

from __future__ import annotations

import functools

import torch
from torch import Tensor

_A = -0.75  # torch's bicubic (Keys) coefficient


def _area64(out_size: int, in_size: int) -> Tensor:
    i = torch.arange(out_size, dtype=torch.int64)
    start = (i * in_size) // out_size  # floor(i * n / o)
    end = -((-(i + 1) * in_size) // out_size)  # ceil((i + 1) * n / o), exact integers
    j = torch.arange(in_size, dtype=torch.int64)
    inside = (j[None, :] >= start[:, None]) & (j[None, :] < end[:, None])
    return inside.to(torch.float64) / (end - start).to(torch.float64)[:, None]


def _cubic(s: Tensor) -> Tensor:
    s = s.abs()
    near = ((_A + 2) * s - (_A + 3)) * s * s + 1
    far = ((_A * s - 5 * _A) * s + 8 * _A) * s - 4 * _A
    return torch.where(s <= 1, near, torch.where(s < 2, far, torch.zeros_like(s)))


def _bicubic64(out_size: int, in_size: int) -> Tensor:
    if out_size == in_size:
        return torch.eye(out_size, dtype=torch.float64)
    i = torch.arange(out_size, dtype=torch.float64)
    x = (i + 0.5) * in_size / out_size - 0.5  # half-pixel source coordinate, not clamped
    x0 = torch.floor(x)
    t = x - x0
    offsets = torch.arange(-1, 3, dtype=torch.float64)  # taps x0-1 .. x0+2
    weights = _cubic(t[:, None] - offsets[None, :])  # W(1+t), W(t), W(1-t), W(2-t)
    taps = (x0[:, None] + offsets[None, :]).to(torch.int64).clamp(0, in_size - 1)
    m = torch.zeros(out_size, in_size, dtype=torch.float64)
    m.scatter_add_(1, taps, weights)  # clamped border taps accumulate on the edge
    return m


@functools.lru_cache(maxsize=512)
def _cached(kind: str, out_size: int, in_size: int, dtype: torch.dtype, device: torch.device) -> Tensor:
    if out_size < 1 or in_size < 1:
        raise ValueError(f"sizes must be positive, got {out_size}, {in_size}")
    m = _area64(out_size, in_size) if kind == "area" else _bicubic64(out_size, in_size)
    return m.to(device=device, dtype=dtype)


def area_matrix(
    out_size: int, in_size: int, dtype: torch.dtype = torch.float32, device: torch.device | str | None = None
) -> Tensor:
    """A(o, n) [o, n]: row i averages inputs floor(i*n/o) .. ceil((i+1)*n/o)-1 (= adaptive_avg_pool)."""
    return _cached("area", int(out_size), int(in_size), dtype, torch.device(device or "cpu"))


def bicubic_matrix(
    out_size: int, in_size: int, dtype: torch.dtype = torch.float32, device: torch.device | str | None = None
) -> Tensor:
    """U(o, n) [o, n]: torch bicubic, align_corners=False, a=-0.75, clamped taps; identity when o == n."""
    return _cached("bicubic", int(out_size), int(in_size), dtype, torch.device(device or "cpu"))


def resize2d(x: Tensor, mh: Tensor, mw: Tensor) -> Tensor:
    """[B, C, h, w] -> [B, C, H, W] as mh @ x @ mw^T: two plain MatMuls in ONNX, any sizes, dynamic."""
    return torch.matmul(torch.matmul(mh, x), mw.transpose(0, 1))


def area_resize(x: Tensor, size: tuple[int, int]) -> Tensor:
    h, w = x.shape[-2:]
    return resize2d(x, area_matrix(size[0], h, x.dtype, x.device), area_matrix(size[1], w, x.dtype, x.device))


def bicubic_resize(x: Tensor, size: tuple[int, int]) -> Tensor:
    h, w = x.shape[-2:]
    return resize2d(x, bicubic_matrix(size[0], h, x.dtype, x.device), bicubic_matrix(size[1], w, x.dtype, x.device))
