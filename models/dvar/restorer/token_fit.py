"""Tokens fitted to the truth through a restorer pack's tail: the engine's finish for such a pack in
PyTorch (decoded -> detail transfer -> luma detail gain -> fidelity guard, differentiable), and a latent
moved by gradient descent through the pack's decoder and that finish until the output is closest to the
HQ crop in luma. Quantized scale by scale, that latent gives about the best tokens a predictor could
choose for this decoder: the ceiling of the transformer's job (`dvar.experiments.token_ceiling`). The
finish is also the tail `dvar.restorer.transformer_e2e` trains the transformer through."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..model.fidelity import apply_fidelity_guard
from .decoder_finetune import pack_decoder
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


class Tail:
    """f_hat -> the image the engine outputs, differentiable in f_hat (decoder and finish frozen)."""

    def __init__(self, dec, finish: PackFinish):
        self.dec, self.finish = dec.eval().requires_grad_(False), finish

    @classmethod
    def of_pack(cls, pack: Path) -> Tail:
        return cls(pack_decoder(pack), PackFinish(json.loads((Path(pack) / "manifest.json").read_text())))

    def __call__(self, f_hat: torch.Tensor, lq: torch.Tensor, restored: torch.Tensor) -> torch.Tensor:
        decoded = ((self.dec(f_hat, lq, up=restored * 2 - 1) + 1) / 2).clamp(0, 1)
        return self.finish(decoded, restored, lq)


def luma_error(out: torch.Tensor, hq: torch.Tensor) -> torch.Tensor:
    """Per image, the mean squared luma error inside the border PSNR-Y ignores -> [B]."""
    crop = lambda y: y[..., BORDER:-BORDER, BORDER:-BORDER]  # noqa: E731
    return (crop(luma(out)) - crop(luma(hq))).pow(2).mean((1, 2, 3))


def fit_latent(tail: Tail, start: np.ndarray, restored, lq, hq, iters: int, lr: float, quantize=None) -> np.ndarray:
    """The latent whose finished output is closest to `hq` in luma (the PSNR-Y the bench reads).
    With `quantize` (latent -> f_hat of its tokens), the decoder sees the quantized latent and the
    gradient passes straight through to the latent: quantizing the latent returned (the best step's)
    gives the tokens a perfect predictor could choose."""
    latent = torch.from_numpy(start.copy()).requires_grad_(True)
    opt = torch.optim.Adam([latent], lr=lr)
    best, best_loss = start, float("inf")
    for _ in range(iters):
        seen = latent
        if quantize is not None:
            seen = torch.from_numpy(quantize(latent.detach().numpy())) + latent - latent.detach()
        loss = luma_error(tail(seen, lq, restored), hq).mean()
        if loss.item() < best_loss:
            best, best_loss = latent.detach().numpy().copy(), loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return best
