"""LoRA linear layer: fine-tune a large pretrained transformer by training low-rank adapters only.

Exported packs are merged (adapters folded into the base weight), so the ONNX graphs never see LoRA.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
from torch import Tensor, nn


class LoRALinear(nn.Module):
    """y = base(x) + (alpha / rank) * up(down(x)); up is zero-initialised so training starts at base."""

    def __init__(self, in_f: int, out_f: int, bias: bool = True, rank: int = 0, alpha: float = 16.0):
        super().__init__()
        self.base = nn.Linear(in_f, out_f, bias=bias)
        self.rank = rank
        self.scaling = alpha / rank if rank > 0 else 0.0
        self.lora_down = nn.Linear(in_f, rank, bias=False) if rank > 0 else None
        self.lora_up = nn.Linear(rank, out_f, bias=False) if rank > 0 else None
        self.reset_lora_parameters()

    # The base weight/bias are exposed so init code can treat this like an nn.Linear.
    @property
    def weight(self) -> Tensor:
        return self.base.weight

    @property
    def bias(self) -> Tensor | None:
        return self.base.bias

    def reset_lora_parameters(self) -> None:
        if self.rank > 0:
            nn.init.kaiming_uniform_(self.lora_down.weight, a=math.sqrt(5))
            nn.init.zeros_(self.lora_up.weight)

    def forward(self, x: Tensor) -> Tensor:
        y = self.base(x)
        if self.lora_down is not None:
            y = y + self.lora_up(self.lora_down(x)) * self.scaling
        return y

    @torch.no_grad()
    def merge(self) -> None:
        """Fold the adapters into the base weight and drop them (idempotent)."""
        if self.lora_down is None:
            return
        delta = self.lora_up.weight.float() @ self.lora_down.weight.float() * self.scaling
        self.base.weight.add_(delta.to(self.base.weight.dtype))
        self.lora_down = self.lora_up = None
        self.rank, self.scaling = 0, 0.0

    def freeze_base(self) -> None:
        for p in self.base.parameters():
            p.requires_grad_(False)

    def extra_repr(self) -> str:
        return f"rank={self.rank}, scaling={self.scaling}"


def lora_parameters(module: nn.Module) -> Iterator[nn.Parameter]:
    """All adapter parameters below `module` (what the optimizer trains in LoRA fine-tuning)."""
    for m in module.modules():
        if isinstance(m, LoRALinear) and m.lora_down is not None:
            yield m.lora_down.weight
            yield m.lora_up.weight
