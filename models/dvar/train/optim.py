"""Optimisation helpers: freezing, AdamW parameter groups, and the warmup + cosine learning rate."""

from __future__ import annotations

import math

import torch
from torch import nn


def freeze(module: nn.Module | None) -> None:
    if module is not None:
        module.eval()
        for p in module.parameters():
            p.requires_grad_(False)


def adamw(param_lrs: list, weight_decay: float, betas=(0.9, 0.95)) -> torch.optim.AdamW:
    """param_lrs: [(params, base_lr), ...]. nanoGPT grouping: weight decay on matrices, conv kernels and
    embeddings (dim >= 2), none on biases, norms and gains. Frozen parameters are skipped."""
    groups = []
    for params, lr in param_lrs:
        params = [p for p in params if p.requires_grad]
        groups += [
            dict(params=[p for p in params if p.dim() >= 2], weight_decay=weight_decay, lr=lr, base_lr=lr),
            dict(params=[p for p in params if p.dim() < 2], weight_decay=0.0, lr=lr, base_lr=lr),
        ]
    return torch.optim.AdamW([g for g in groups if g["params"]], betas=betas)


def lr_factor(step: int, progress: float, warmup: int, min_ratio: float) -> float:
    """Linear warmup over `warmup` steps, then cosine from 1 to min_ratio over progress in [0, 1]."""
    warm = min(1.0, (step + 1) / max(1, warmup))
    return warm * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def set_lr(opt: torch.optim.Optimizer, factor: float) -> None:
    """lr = base_lr * factor per group (a resumed optimizer keeps the base LRs it was created with)."""
    for g in opt.param_groups:
        g["lr"] = g["base_lr"] * factor
