"""The shipped restorer: x4plus itself (no checkpoint, straight from the wheel), a distilled RRDBNet
student (distill.py), a compact SRVGGNetCompact student (distill_compact.py) or x4plus fine-tuned for
int8 (qat_int8.py), loaded from its checkpoint; `describe` names it for the pack's manifest and credit."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from .ncnn_weights import load_rrdbnet
from .rrdbnet import RRDBNet
from .srvgg import SRVGGNetCompact
from .wheel_models import model_files


def load_restorer(checkpoint: Path | None) -> nn.Module:
    if checkpoint is None:
        return load_rrdbnet(*model_files()).eval()
    ck = torch.load(checkpoint, map_location="cpu")
    if ck.get("arch") == "srvgg":
        net = SRVGGNetCompact(ck["convs"])
    else:
        net = RRDBNet(ck["blocks"])
    net.load_state_dict(ck["student"])
    net.int8_fine_tuned = bool(ck.get("qat"))  # for describe(): the weights were trained for int8 rounding
    return net.eval().requires_grad_(False)


def describe(restorer: nn.Module) -> tuple[str, str]:
    """(name, how DVAR Studio derived it from the wheel's files) for the manifest and the credit."""
    if isinstance(restorer, SRVGGNetCompact):
        return (
            f"Real-ESRGAN x4plus, distilled into a compact {restorer.num_convs}-conv SRVGGNetCompact",
            "distilled from x4plus into Real-ESRGAN's SRVGGNetCompact, started from realesr-animevideov3-x4",
        )
    if restorer.num_blocks < 23:
        return (
            f"Real-ESRGAN x4plus, distilled to {restorer.num_blocks} of 23 RRDB blocks",
            f"converted and distilled to {restorer.num_blocks} of 23 blocks",
        )
    if getattr(restorer, "int8_fine_tuned", False):
        return ("Real-ESRGAN x4plus, fine-tuned for int8", "converted and fine-tuned to keep its output under int8 rounding")
    return "Real-ESRGAN x4plus", "converted"


def restored_guide(restorer: nn.Module, lq: torch.Tensor) -> torch.Tensor:
    """The restorer's ×4 output in [0, 1], clamped as the exported graph clamps it."""
    with torch.no_grad():
        return restorer(lq).clamp(0, 1)
