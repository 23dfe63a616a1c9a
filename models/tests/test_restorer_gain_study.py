"""The luma gain study's variants: without extras it is the shipped luma_detail_gain; the cap bounds
what it adds; the edge mask adds nothing on flat ground; colour never moves."""

import torch

from dvar.experiments.gain_study import apply_gain, parse_variant
from dvar.restorer.detail_transfer import luma_detail_gain


def _photo_like(seed: int = 3) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (0.4 + 0.2 * torch.rand(1, 3, 40, 48, generator=g)).clamp(0, 1)


def test_plain_variant_is_the_shipped_gain():
    x = _photo_like()
    assert torch.allclose(apply_gain(x, 1.3, 4), luma_detail_gain(x, 1.3, 4), atol=1e-6)
    assert parse_variant("1.3,4,cap=0.015,mask=0.02:0.05") == {"gain": 1.3, "levels": 4, "cap": 0.015, "mask": (0.02, 0.05)}


def test_cap_bounds_the_added_luma_and_colour_stays():
    x = _photo_like()
    out = apply_gain(x, 2.0, 3, cap=0.01)
    added = out - x
    assert added.abs().max() <= 0.01 + 1e-6 and added.abs().max() > 0.005
    assert torch.allclose(added[:, 0], added[:, 1], atol=1e-6) and torch.allclose(added[:, 1], added[:, 2], atol=1e-6)


def test_edge_mask_leaves_flat_ground_alone():
    flat = torch.full((1, 3, 32, 32), 0.5)
    flat[..., 16:] += 0.002 * torch.arange(16).float()  # a faint ramp: gradient far below the mask's ramp
    out = apply_gain(flat, 1.5, 2, mask=(0.02, 0.05))
    assert torch.equal(out, flat.clamp(0, 1))
