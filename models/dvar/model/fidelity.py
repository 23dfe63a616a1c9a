"""Fidelity guard, the PyTorch twin of electron/engine/pipeline/fidelity-guard.ts (used to measure
which default a pack should ship with). `wavelet`: replace the output's low-pass (5 levels of a dilated
separable [1 2 1]/4 blur, clamped borders) by the bicubic-upsampled input's; `adain`: match each
channel's mean and standard deviation."""

from __future__ import annotations

import torch
import torch.nn.functional as F

LEVELS = 5


def _blur(x: torch.Tensor, d: int) -> torch.Tensor:
    w = x.shape[-1]
    h = x.shape[-2]
    cols = torch.arange(w, device=x.device)
    rows = torch.arange(h, device=x.device)
    left, right = (cols - d).clamp(0, w - 1), (cols + d).clamp(0, w - 1)
    x = 0.25 * x[..., left] + 0.5 * x + 0.25 * x[..., right]
    up, down = (rows - d).clamp(0, h - 1), (rows + d).clamp(0, h - 1)
    return 0.25 * x[..., up, :] + 0.5 * x + 0.25 * x[..., down, :]


def low_pass(x: torch.Tensor, levels: int = LEVELS) -> torch.Tensor:
    for level in range(levels):
        x = _blur(x, 1 << level)
    return x


def apply_fidelity_guard(
    guard: str, restored: torch.Tensor, lq: torch.Tensor, scale: int = 4, levels: int = LEVELS
) -> torch.Tensor:
    """restored [B,3,H,W] in [0,1]; lq [B,3,H/scale,W/scale]; `levels`: the wavelet low-pass depth."""
    if guard == "off":
        return restored
    ref = F.interpolate(lq, size=restored.shape[-2:], mode="bicubic", align_corners=False)
    if guard == "wavelet":
        out = restored - low_pass(restored, levels) + low_pass(ref, levels)
    elif guard == "adain":
        m, s = restored.mean((2, 3), keepdim=True), restored.std((2, 3), unbiased=False, keepdim=True)
        mr, sr = ref.mean((2, 3), keepdim=True), ref.std((2, 3), unbiased=False, keepdim=True)
        out = (restored - m) * torch.where(s > 1e-6, sr / s.clamp_min(1e-6), torch.ones_like(s)) + mr
    else:
        raise ValueError(f"unknown fidelity guard {guard!r}")
    return out.clamp(0, 1)
