"""The dvar.data API as the stages use it: training photos with their pair sampler, and fixed dev pairs."""

from __future__ import annotations


def load_data(degradation: str, seed: int, max_side: int):
    """-> (PhotoSet, PairSampler). Stages call sampler.sample(B, size, step=step): the batch depends only
    on (seed, step, size), so a resumed run sees the same data as an uninterrupted one."""
    from ..data.pairs import PairSampler
    from ..data.photos import ensure_photos

    photos = ensure_photos()
    return photos, PairSampler(photos, seed, degradation=degradation, scale=4, max_side=max_side)


def load_dev(photos, degradation: str, limit: int = 0, hq_size=(256, 256)) -> list:
    """Fixed dev pairs [(lq [1,3,h,w], hq [1,3,H,W])], the first `limit` of them (0: all)."""
    from ..data.pairs import dev_pairs

    pairs = dev_pairs(photos, degradation, seed=0, hq_size=hq_size, crops_per_photo=2)
    return pairs[:limit] if limit else pairs
