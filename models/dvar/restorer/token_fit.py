"""Tokens fitted to the truth through a restorer pack's tail: the engine's finish for such a pack in
PyTorch (decoded -> detail transfer -> luma detail gain -> fidelity guard, differentiable), and a latent
moved by gradient descent through the pack's decoder and that finish until the output is closest to the
HQ crop in luma. Quantized scale by scale, that latent gives about the best tokens a predictor could
choose for this decoder: the ceiling of the transformer's job (`dvar.experiments.token_ceiling`). The
finish is also the tail `dvar.restorer.transformer_e2e` trains the transformer through."""

from __future__ import annotations

import numpy as np
import torch

from ..model.fidelity import apply_fidelity_guard
from .detail_transfer import detail_transfer, luma, luma_detail_gain

BORDER = 4  # as PSNR-Y is scored


class PackFinish:
    """The engine's tail for a restorer pack, differentiable: decoded -> detail transfer -> luma gain -> guard."""

    def __init__(self, manifest: dict):
        r = manifest.get("restorer") or {}  # a pack without a restorer decodes the image it outputs
        self.levels, self.space = r.get("detailLevels", 0), r.get("detailIn", "rgb")
        self.gain = r.get("lumaDetailGain")
        self.guard, self.guard_levels = manifest.get("fidelityGuard", "off"), manifest.get("fidelityGuardLevels", 5)

    def __call__(self, decoded: torch.Tensor, restored: torch.Tensor, lq: torch.Tensor) -> torch.Tensor:
        x = detail_transfer(decoded, restored, self.levels, self.space).clamp(0, 1) if self.levels else decoded
        if self.gain:
            x = luma_detail_gain(x, self.gain["gain"], self.gain["levels"])
        return apply_fidelity_guard(self.guard, x, lq, 4, self.guard_levels)


def fit_latent(dec, finish, start: np.ndarray, restored, lq, hq, iters: int, lr: float, quantize=None) -> np.ndarray:
    """The latent whose finished output is closest to `hq` in luma (the PSNR-Y the bench reads).
    With `quantize` (latent -> f_hat of its tokens), the decoder sees the quantized latent and the
    gradient passes straight through to the latent: quantizing the latent returned (the best step's)
    gives the tokens a perfect predictor could choose."""
    latent = torch.from_numpy(start.copy()).requires_grad_(True)
    opt = torch.optim.Adam([latent], lr=lr)
    guide = restored * 2 - 1
    target = luma(hq)[..., BORDER:-BORDER, BORDER:-BORDER]
    best, best_loss = start, float("inf")
    for _ in range(iters):
        seen = latent
        if quantize is not None:
            seen = torch.from_numpy(quantize(latent.detach().numpy())) + latent - latent.detach()
        decoded = ((dec(seen, lq, up=guide) + 1) / 2).clamp(0, 1)
        out = luma(finish(decoded, restored, lq))[..., BORDER:-BORDER, BORDER:-BORDER]
        loss = (out - target).pow(2).mean()
        if loss.item() < best_loss:
            best, best_loss = latent.detach().numpy().copy(), loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return best
