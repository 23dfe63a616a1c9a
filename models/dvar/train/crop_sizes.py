"""HQ crop sizes per batch from --sizes: parsing the spec and resolving 'auto' per device."""

from __future__ import annotations

import numpy as np
import torch


def sample_size(spec: str, rng: np.random.Generator) -> tuple[int, int]:
    """HQ crop size (H, W) for one batch from --sizes, via dvar.data.pairs.random_hq_size."""
    from ..data.pairs import random_hq_size

    if spec == "random":
        return random_hq_size(rng)
    if "-" in spec:
        lo, hi = (int(s) for s in spec.split("-"))
        sides = list(range(-(-lo // 32) * 32, hi + 1, 32))
        if not sides:
            raise ValueError(f"--sizes {spec}: no multiple of 32 in range")
        return random_hq_size(rng, sides)
    return int(spec), int(spec)


def resolve_sizes(spec: str, device: torch.device) -> str:
    """'auto': the data module's sizes (HQ_SIDES, 128-256 px) on cuda; 96-160 px on the CPU, where
    a 256 px crop costs ~10x a 128 px one in stage 2 (attention over ~3.7k instead of ~0.9k tokens)."""
    if spec != "auto":
        return spec
    return "random" if device.type == "cuda" else "96-160"
