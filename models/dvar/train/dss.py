"""Dynamic Sampling Scheduler (DVAR, CVPR 2026; algorithmic details ours, docs/architecture.md),
training only.

The transformer is trained on ground-truth token maps but runs on its own predictions. DSS learns, per
scale, how far (in codebook-neighbour rank) the model's predictions land from the ground truth, and
corrupts the teacher-forcing tokens with that same error profile: with probability mix_p a GT token
r becomes NN[r, v], v ~ C_k. No extra transformer pass is needed, only table look-ups.

Tables (recomputed by refresh_codebook whenever the codebook changes):
  nn   [V, M] int64: the M nearest codewords of each codeword, Euclidean (the quantizer's metric),
       ties by index, nn[i, 0] = i.
  rank [V, V] uint8/int16/int32: rank[i, j] = position of j in nn[i], or M - 1 beyond the top M.
       The smallest dtype holding M - 1 (uint8 for the default M = 256: 16 MiB at V = 4096).
State: counts [K, M] float32, one distribution over ranks per canonical scale k (0-based, = level id).
  Init: (1 - init_floor) on rank 0 plus init_floor spread uniformly over all ranks: before any
  statistics the model is assumed mostly right, but corruption still draws a few neighbours.
Rank 0 is kept: the replaced token then equals the GT, so the effective replacement rate is
mix_p * (1 - C_k[0]), which falls as the model gets better at that scale.
"""

from __future__ import annotations

import torch
from torch import Tensor


class DynamicSamplingScheduler:
    def __init__(
        self,
        codebook: Tensor,
        num_scales: int,
        beta: float = 0.99,
        mix_p: float = 0.1,
        max_rank: int | None = None,
        init_floor: float = 0.05,
    ):
        V = codebook.shape[0]
        self.num_scales, self.beta, self.mix_p, self.init_floor = num_scales, beta, mix_p, init_floor
        self.max_rank = min(V, 256) if max_rank is None else max(1, min(V, max_rank))
        M = self.max_rank
        init = torch.full((M,), init_floor / M)
        init[0] += 1.0 - init_floor
        self.counts = init.repeat(num_scales, 1).to(codebook.device)  # [K, M]
        self.updates = torch.zeros(num_scales, dtype=torch.int64)
        self.refresh_codebook(codebook)

    @torch.no_grad()
    def refresh_codebook(self, codebook: Tensor, chunk: int = 512) -> None:
        """Recompute nn/rank for a new codebook. The count books are kept: they describe ranks, not codes."""
        e = codebook.detach().to(torch.float64)  # float64: exact ties stay exact, so ties break by index
        V, M = e.shape[0], self.max_rank
        sq = (e * e).sum(1)
        rows = []
        for s in range(0, V, chunk):
            d = sq[s : s + chunk, None] + sq[None, :] - 2.0 * e[s : s + chunk] @ e.t()
            d = d.clamp_min(0)
            ar = torch.arange(s, min(s + chunk, V), device=e.device)
            d[ar - s, ar] = -1.0  # self first, even against an exact duplicate with a lower index
            rows.append(torch.sort(d, dim=1, stable=True).indices[:, :M])
        self.nn = torch.cat(rows)  # [V, M] int64
        rank_dtype = torch.uint8 if M <= 256 else (torch.int16 if M <= 32768 else torch.int32)
        rank = torch.full((V, V), M - 1, dtype=rank_dtype, device=e.device)  # built small, no int64 V x V
        rank.scatter_(1, self.nn, torch.arange(M, dtype=rank_dtype, device=e.device).expand(V, M))
        self.rank = rank
        self.counts = self.counts.to(codebook.device)

    @torch.no_grad()
    def update(self, scale_k: int, gt_idx: Tensor, pred_idx: Tensor) -> Tensor:
        """RankCount of one scale: histogram of rank[gt, pred], normalised, EMA'd into C_k. Returns it."""
        gt, pred = gt_idx.reshape(-1).to(self.nn.device), pred_idx.reshape(-1).to(self.nn.device)
        if gt.numel() == 0:
            return self.counts[scale_k]
        ranks = self.rank[gt, pred].to(torch.int64)
        hist = torch.bincount(ranks, minlength=self.max_rank).to(self.counts.dtype) / ranks.numel()
        self.counts[scale_k] = self.beta * self.counts[scale_k] + (1.0 - self.beta) * hist
        self.updates[scale_k] += 1
        return self.counts[scale_k]

    @torch.no_grad()
    def corrupt(self, scale_k: int, gt_idx: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """Each token, with probability mix_p, -> nn[gt, v] with v ~ Categorical(C_k). Same shape as gt_idx.
        The generator must live on gt_idx's device."""
        gt = gt_idx.to(torch.int64)
        n = gt.numel()
        if n == 0 or self.mix_p <= 0:
            return gt.clone()
        nn_tab = self.nn.to(gt.device)
        pick = torch.rand(gt.shape, generator=generator, device=gt.device) < self.mix_p
        v = torch.multinomial(self.counts[scale_k].to(gt.device), n, replacement=True, generator=generator)
        neighbour = nn_tab[gt.reshape(-1), v].reshape(gt.shape)
        return torch.where(pick, neighbour, gt)

    def to(self, device) -> DynamicSamplingScheduler:
        self.nn, self.rank, self.counts = self.nn.to(device), self.rank.to(device), self.counts.to(device)
        return self

    def state_dict(self) -> dict:
        """Resumable state. The tables are not saved: refresh_codebook rebuilds them from the codebook."""
        return dict(
            counts=self.counts.detach().cpu().clone(),
            updates=self.updates.clone(),
            beta=self.beta,
            mix_p=self.mix_p,
            max_rank=self.max_rank,
            init_floor=self.init_floor,
        )

    def load_state_dict(self, state: dict) -> None:
        counts = state["counts"]
        if tuple(counts.shape) != tuple(self.counts.shape):
            raise ValueError(f"count books {tuple(counts.shape)} do not match {tuple(self.counts.shape)} (num_scales, max_rank)")
        self.counts = counts.to(device=self.counts.device, dtype=self.counts.dtype).clone()
        self.updates = state["updates"].clone()
        self.beta, self.mix_p, self.init_floor = state["beta"], state["mix_p"], state["init_floor"]
