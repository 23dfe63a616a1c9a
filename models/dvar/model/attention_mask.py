"""Resolution-specific attention masks over [prefix | scale 2 | ... | scale K] (DVAR, CVPR 2026; the
layout is ours, see docs/architecture.md).

Block sizes depend on the output size, so the mask is rebuilt per layout (training only; the exported
`step` graph needs no mask because each step only sees [cache ; current scale]).
"""

from __future__ import annotations

import torch
from torch import Tensor

MODES = ("prefix_current", "block_causal")


def build_attention_mask(prefix_len: int, scale_lens: list[int], mode: str, device: torch.device | str | None = None) -> Tensor:
    """Bool [N, N], True = query row may attend to key column; N = prefix_len + sum(scale_lens).

    Prefix rows see only the prefix (so its K/V can be computed once, alone). Scale k rows see the prefix
    plus scale k ("prefix_current") or plus all scales <= k ("block_causal").
    """
    if mode not in MODES:
        raise ValueError(f"unknown attention mode {mode!r}; expected one of {MODES}")
    # Block id per token: 0 for the prefix, 1.. for the scales in order.
    block = torch.repeat_interleave(
        torch.arange(len(scale_lens) + 1, device=device), torch.tensor([prefix_len, *scale_lens], device=device)
    )
    q, k = block[:, None], block[None, :]
    if mode == "prefix_current":
        return (k == 0) | (k == q)
    return k <= q


def mask_to_additive(mask: Tensor, dtype: torch.dtype = torch.float32) -> Tensor:
    """0 where allowed, the most negative finite value elsewhere (finite: a fully masked row gives no NaN)."""
    return torch.zeros(mask.shape, dtype=dtype, device=mask.device).masked_fill(~mask, torch.finfo(dtype).min)
