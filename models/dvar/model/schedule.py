"""Canonical scaling dynamic and the phi table (docs/pack-format.md "Canonical scaling dynamic", "phi table").

The engine (TypeScript) recomputes the same tables, so everything here is exact integer arithmetic:
no float rounding can make Python and the engine disagree on a scale size.
"""

from __future__ import annotations

import numpy as np

# VAR's phi tick rule settles an exact tie (K=10, si=2: 5/36 on both sides) by float rounding to index 1.
# Frozen here so no platform's float behaviour can change the table of the paper's 10-scale dynamic.
_FROZEN_PHI_TABLES = {(10, 4): [0, 0, 1, 1, 1, 2, 2, 3, 3, 3]}


def round_half_even_ratio(num: int, den: int) -> int:
    """num/den rounded to the nearest integer, ties to even (Python/numpy `round`), exactly."""
    if den <= 0:
        raise ValueError(f"den must be positive, got {den}")
    q, r = divmod(num, den)  # floor division: 0 <= r < den, also for negative num
    twice = 2 * r
    if twice > den or (twice == den and q % 2 == 1):
        q += 1
    return q


def rescaled_schedule(hl: int, wl: int, canonical: tuple[int, ...]) -> list[tuple[int, int]]:
    """Per-scale (h_k, w_k) for a latent of hl x wl: h_k = max(1, rhe(hl * c_k / c_K)); last == (hl, wl)."""
    if hl < 1 or wl < 1:
        raise ValueError(f"latent size must be positive, got {hl}x{wl}")
    if not canonical or any(c < 1 for c in canonical):
        raise ValueError(f"canonical scales must be positive, got {canonical}")
    last = canonical[-1]
    return [(max(1, round_half_even_ratio(hl * c, last)), max(1, round_half_even_ratio(wl * c, last))) for c in canonical]


def phi_table(num_scales: int, phi_count: int) -> list[int]:
    """Which shared phi conv scale k (0-based) uses: VAR's nearest tick to k / (K - 1)."""
    if num_scales < 1 or phi_count < 1:
        raise ValueError(f"need num_scales >= 1 and phi_count >= 1, got {num_scales}, {phi_count}")
    frozen = _FROZEN_PHI_TABLES.get((num_scales, phi_count))
    if frozen is not None:
        return list(frozen)
    ticks = np.linspace(1 / (3 * phi_count), 1 - 1 / (3 * phi_count), phi_count)
    denom = max(num_scales - 1, 1)  # K == 1: the single scale sits at 0 and takes the first phi
    return [int(np.argmin(np.abs(ticks - si / denom))) for si in range(num_scales)]
