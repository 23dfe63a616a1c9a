"""Multi-scale residual quantizer (VAR's models/quant.py, github.com/FoundationVision/VAR; DVAR's dynamic
first token) on rectangular, rescaled scales.

f_hat = sum_k phi_{t(k)}(U . E[r_k] . U^T): each scale's embedding is bicubic-upsampled to the full
latent size before its phi conv; scale k's tokens quantize the area-downsampled residual f - f_hat.
All resizing uses resample.py matrices, which the engine builds identically on the host.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .resample import area_matrix, bicubic_matrix, resize2d
from .schedule import phi_table

Schedule = Sequence[tuple[int, int]]


class MultiScaleQuantizer(nn.Module):
    def __init__(self, C_vae: int, V: int, phi_count: int, canonical_scales: Sequence[int], beta: float = 0.25):
        super().__init__()
        self.C, self.V, self.beta = C_vae, V, beta
        self.canonical_scales = tuple(canonical_scales)
        self.phi_index = phi_table(len(self.canonical_scales), phi_count)
        self.codebook = nn.Embedding(V, C_vae)
        nn.init.uniform_(self.codebook.weight, -1.0 / V, 1.0 / V)  # VAR's init
        # phi convs stacked so an int64 tensor can pick one (ONNX Gather), as the fhat_update graph needs.
        self.phi_weight = nn.Parameter(torch.empty(phi_count, C_vae, C_vae, 3, 3))
        self.phi_bias = nn.Parameter(torch.empty(phi_count, C_vae))
        bound = 1.0 / math.sqrt(C_vae * 9)  # nn.Conv2d's default init, per phi
        nn.init.uniform_(self.phi_weight, -bound, bound)
        nn.init.uniform_(self.phi_bias, -bound, bound)

    # ---- single operations (each one is, or is inside, an exported graph) -----------------------------

    def phi(self, h: Tensor, i: int | Tensor) -> Tensor:
        """0.5 h + 0.5 conv_i(h); i an int or an int64 tensor with one element (exports as Gather)."""
        if isinstance(i, Tensor):
            sel = i.reshape(1).to(torch.int64)
            w = torch.index_select(self.phi_weight, 0, sel).squeeze(0)
            b = torch.index_select(self.phi_bias, 0, sel).squeeze(0)
        else:
            w, b = self.phi_weight[i], self.phi_bias[i]
        return 0.5 * h + 0.5 * F.conv2d(h, w, b, padding=1)

    def nearest(self, z: Tensor) -> Tensor:
        """[B, C, h, w] -> [B, h*w] int64: Euclidean argmin, first index on ties (ONNX ArgMin default)."""
        zf = z.flatten(2).transpose(1, 2)  # [B, n, C] row-major tokens
        e = self.codebook.weight
        d = (zf * zf).sum(-1, keepdim=True) + (e * e).sum(-1) - 2.0 * torch.matmul(zf, e.t())
        return torch.argmin(d, dim=-1)

    def embed(self, idx: Tensor, h: int, w: int) -> Tensor:
        """[B, h*w] -> [B, C, h, w]."""
        return self.codebook(idx).reshape(idx.shape[0], h, w, self.C).permute(0, 3, 1, 2)

    def add_scale(
        self,
        f_hat: Tensor,
        idx: Tensor,
        h: int,
        w: int,
        phi_index: int | Tensor,
        up_h: Tensor | None = None,
        up_w: Tensor | None = None,
    ) -> Tensor:
        """f_hat + phi(U_h . E[idx] . U_w^T). Without up_h/up_w the bicubic matrices are built from the
        sizes (skipped at the last scale, where U is the identity); the fhat_update graph passes them."""
        return f_hat + self.scale_contribution(f_hat.shape[-2:], idx, h, w, phi_index, up_h, up_w)

    def scale_contribution(
        self, size, idx: Tensor, h: int, w: int, phi_index: int | Tensor, up_h: Tensor | None = None, up_w: Tensor | None = None
    ) -> Tensor:
        e = self.embed(idx, h, w)
        if up_h is None or up_w is None:
            H, W = int(size[0]), int(size[1])
            if (h, w) != (H, W):
                e = resize2d(e, bicubic_matrix(H, h, e.dtype, e.device), bicubic_matrix(W, w, e.dtype, e.device))
        else:
            e = resize2d(e, up_h, up_w)
        return self.phi(e, phi_index)

    def quantize_scale(
        self, f_rest: Tensor, h: int, w: int, down_h: Tensor | None = None, down_w: Tensor | None = None
    ) -> Tensor:
        """Tokens of one scale: nearest(A_h . f_rest . A_w^T) -> [B, h*w] (the `quantize` graph)."""
        return self.nearest(self._area(f_rest, h, w, down_h, down_w))

    def next_input(self, f_hat: Tensor, h: int, w: int, down_h: Tensor | None = None, down_w: Tensor | None = None) -> Tensor:
        """Transformer input of a scale: A_h . f_hat . A_w^T as [B, h*w, C] row-major (`next_input` graph)."""
        return self._area(f_hat, h, w, down_h, down_w).flatten(2).transpose(1, 2)

    @staticmethod
    def _area(x: Tensor, h: int, w: int, down_h: Tensor | None, down_w: Tensor | None) -> Tensor:
        if down_h is not None and down_w is not None:
            return resize2d(x, down_h, down_w)
        H, W = x.shape[-2:]
        if (h, w) == (H, W):
            return x
        return resize2d(x, area_matrix(h, H, x.dtype, x.device), area_matrix(w, W, x.dtype, x.device))

    # ---- whole-schedule procedures --------------------------------------------------------------------

    def _check(self, f: Tensor, schedule: Schedule) -> None:
        if len(schedule) != len(self.canonical_scales):
            raise ValueError(f"schedule has {len(schedule)} scales, quantizer expects {len(self.canonical_scales)}")
        if tuple(schedule[-1]) != tuple(f.shape[-2:]):
            raise ValueError(f"last scale {schedule[-1]} must equal the latent size {tuple(f.shape[-2:])}")

    def encode(self, f: Tensor, schedule: Schedule, f_hat0: Tensor | None = None) -> tuple[list[Tensor], Tensor]:
        """Residual quantization -> ([idx per scale], f_hat). With f_hat0, start from it and quantize
        scales 2..K only (the first scale is already in f_hat0: DVAR's LQ start token)."""
        self._check(f, schedule)
        f_hat = torch.zeros_like(f) if f_hat0 is None else f_hat0
        f_rest = f - f_hat
        idx_list = []
        for k, (h, w) in enumerate(schedule):
            if f_hat0 is not None and k == 0:
                continue
            idx = self.quantize_scale(f_rest, h, w)
            contrib = self.scale_contribution(f.shape[-2:], idx, h, w, self.phi_index[k])
            f_hat, f_rest = f_hat + contrib, f_rest - contrib
            idx_list.append(idx)
        return idx_list, f_hat

    def indices_to_fhat(self, idx_list: Sequence[Tensor], schedule: Schedule, upto: int | None = None) -> Tensor:
        """f_hat after the first `upto` scales (all by default); latent size = schedule[-1]."""
        n = len(idx_list) if upto is None else upto
        H, W = schedule[-1]
        f_hat = torch.zeros(idx_list[0].shape[0], self.C, H, W, dtype=self.codebook.weight.dtype, device=idx_list[0].device)
        for k in range(n):
            f_hat = self.add_scale(f_hat, idx_list[k], *schedule[k], self.phi_index[k])
        return f_hat

    def teacher_forcing_inputs(self, idx_list: Sequence[Tensor], schedule: Schedule) -> list[Tensor]:
        """Inputs of scales 2..K: x_k = area(f_hat after scales < k) as [B, h_k*w_k, C]. Needs r_1..r_{K-1}
        (a K-th entry is ignored)."""
        if len(idx_list) < len(schedule) - 1:
            raise ValueError(f"need at least {len(schedule) - 1} scales of indices, got {len(idx_list)}")
        H, W = schedule[-1]
        f_hat = torch.zeros(idx_list[0].shape[0], self.C, H, W, dtype=self.codebook.weight.dtype, device=idx_list[0].device)
        inputs = []
        for k in range(1, len(schedule)):
            f_hat = self.add_scale(f_hat, idx_list[k - 1], *schedule[k - 1], self.phi_index[k - 1])
            inputs.append(self.next_input(f_hat, *schedule[k]))
        return inputs

    @torch.no_grad()
    def consistent_targets(self, f_hq: Tensor, f_lq: Tensor, schedule: Schedule) -> dict:
        """DVAR training targets (DVAR, CVPR 2026; the consistent-target choice is ours, docs/architecture.md): r_1 from the LQ latent, r_2..r_K from the HQ latent minus
        phi_0(up(E[r_1])), and teacher-forcing inputs built from exactly that chain, as at inference."""
        self._check(f_hq, schedule)
        h1, w1 = schedule[0]
        r1 = self.quantize_scale(f_lq, h1, w1)
        f_hat1 = self.add_scale(torch.zeros_like(f_hq), r1, h1, w1, self.phi_index[0])
        targets, f_hat = self.encode(f_hq, schedule, f_hat0=f_hat1)
        inputs = self.teacher_forcing_inputs([r1] + targets, schedule)
        return dict(r1=r1, targets=targets, inputs=inputs, f_hat=f_hat)

    def forward(self, f: Tensor, schedule: Schedule) -> tuple[Tensor, Tensor, dict]:
        """VQ training pass -> (f_hat with straight-through gradient to f, vq_loss, stats).

        VAR's loss, averaged over scales: beta * |sg(f_hat_k) - f|^2 (commitment, trains the encoder) +
        |f_hat_k - sg(f)|^2 (trains the codebook and the phi convs)."""
        self._check(f, schedule)
        f_ng = f.detach()
        f_hat = torch.zeros_like(f)
        f_rest = f_ng.clone()
        loss = f.new_zeros(())
        used = torch.zeros(self.V, dtype=torch.bool, device=f.device)
        mse_per_scale = []
        for k, (h, w) in enumerate(schedule):
            idx = self.quantize_scale(f_rest, h, w)
            used[idx.reshape(-1)] = True
            contrib = self.scale_contribution(f.shape[-2:], idx, h, w, self.phi_index[k])
            f_hat = f_hat + contrib
            f_rest = f_rest - contrib.detach()
            loss = loss + self.beta * F.mse_loss(f_hat.detach(), f) + F.mse_loss(f_hat, f_ng)
            mse_per_scale.append(F.mse_loss(f_hat.detach(), f_ng))
        loss = loss / len(schedule)
        f_st = f + (f_hat - f).detach()  # straight-through: value f_hat, gradient of identity to f
        # the codebook and phi still learn through the loss; f_st carries the decoder's gradient to f
        # detached tensors, not floats: .item() here would sync a GPU once per scale
        stats = dict(mse_per_scale=torch.stack(mse_per_scale), codebook_usage=used.float().mean())
        return f_st, loss, stats
