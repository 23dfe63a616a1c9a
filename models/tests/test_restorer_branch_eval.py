"""branch_eval scores a branch as the bench scores the engine: the guarded 8-bit output of the network."""

import torch
import torch.nn.functional as F

from dvar.experiments.branch_eval import GUARD_LEVELS, score
from dvar.model.fidelity import apply_fidelity_guard
from dvar.train.evaluate import psnr_cbcr, psnr_y


class Bicubic(torch.nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=4.0, mode="bicubic", align_corners=False)


def test_score_is_the_guarded_8bit_output():
    g = torch.Generator().manual_seed(5)
    pairs = []
    for _ in range(2):
        hq = F.interpolate(torch.rand(1, 3, 9, 9, generator=g), size=(64, 64), mode="bicubic", align_corners=False).clamp(0, 1)
        pairs.append((F.interpolate(hq, size=(16, 16), mode="area"), hq))
    s = score(Bicubic(), pairs, torch.device("cpu"))
    assert s["pairs"] == 2 and 0 < s["ssim_y"] <= 1 and s["sharpness"] > 0
    expected, colour = [], []
    for lq, hq in pairs:
        out = apply_fidelity_guard("wavelet", Bicubic()(lq).clamp(0, 1), lq, 4, GUARD_LEVELS).clamp(0, 1)
        expected.append(psnr_y((out * 255).round() / 255, hq))
        colour.append(psnr_cbcr((out * 255).round() / 255, hq))
    assert abs(s["psnr_y"] - sum(expected) / 2) < 1e-6
    assert abs(s["psnr_cbcr"] - sum(colour) / 2) < 1e-6
