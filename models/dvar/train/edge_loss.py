"""Edge loss: L1 between Sobel gradients of the luma, our stand-in for a perceptual loss."""

from __future__ import annotations

import torch


def sobel(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """[B, 1, H, W] -> (gx, gy), valid convolution, kernel normalised by 8."""
    k = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], dtype=y.dtype, device=y.device) / 8
    gx = torch.nn.functional.conv2d(y, k.view(1, 1, 3, 3))
    gy = torch.nn.functional.conv2d(y, k.t().reshape(1, 1, 3, 3))
    return gx, gy


def edge_loss(x: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Stand-in for LPIPS (not downloadable here): L1 between Sobel gradients of the luma (any range).
    Penalises blur directly (a blurred edge has smaller gradients), unlike the pixel losses' averaging."""
    w = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
    gx, gy = sobel((x * w).sum(1, keepdim=True))
    tx, ty = sobel((target * w).sum(1, keepdim=True))
    return (gx - tx).abs().mean() + (gy - ty).abs().mean()
