"""Stage-2 ablations that change inference too (--fixed-start, --no-size-embed); evaluate applies them."""

from __future__ import annotations

import torch
from torch import nn

from ..model.model import DVAR


def fixed_start_schedule(schedule: list) -> list:
    """--fixed-start: scale 1 forced to 1x1 (the LQ latent's global mean, quantized) at every size."""
    return [(1, 1)] + list(schedule[1:])


class ZeroSize(nn.Module):
    """--no-size-embed at inference: the condition always sees target size (0, 0)."""

    def __init__(self, condition: nn.Module):
        super().__init__()
        self.inner = condition

    def forward(self, target_size, text_pooled=None):
        return self.inner(torch.zeros_like(target_size), text_pooled)


def apply_ablations(model: DVAR, flags: dict) -> DVAR:
    """Make model.restore follow a stage-2 ablation. Packs cannot express these: export such
    checkpoints only for analysis (the engine would use the dynamic start and the real size)."""
    if flags.get("fixed_start"):
        base = model.schedule
        model.schedule = lambda hl, wl: fixed_start_schedule(base(hl, wl))
    if flags.get("no_size_embed") and not isinstance(model.condition, ZeroSize):
        model.condition = ZeroSize(model.condition)
    return model
