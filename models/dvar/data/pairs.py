"""(LQ, HQ) training pairs cut from a small in-memory photo set and degraded on the fly.

Crop sizes: DVAR trains resolution-agnostic, on HQ crops of several sizes and aspect ratios
(DVAR, CVPR 2026: random multi-resolution crops). `random_hq_size` draws the HQ height and width independently from
HQ_SIDES = (128, 160, 192, 224, 256): 25 shapes, aspect ratios 1:2 to 2:1, every side a multiple of
32 (so LQ sides are multiples of 8, the tokenizer's patch). One batch shares one size (tensors must
stack); the training loop draws a new size per batch:

    sampler = PairSampler(photos.train, seed=0)
    size_rng = np.random.default_rng(1)
    for step in range(start, steps):
        lq, hq = sampler.sample(8, random_hq_size(size_rng), step=step)

With `step` given, the batch depends only on (seed, step, hq_size): a resumed run sees the same
data. Without it an internal call counter is used.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ..degrade import VARSR, DegradationParams, degrade_bicubic, degrade_realesrgan
from .photos import PhotoSet

HQ_SIDES: tuple[int, ...] = (128, 160, 192, 224, 256)
DEGRADATIONS = ("realesrgan", "bicubic")

# EXIF orientation -> PIL transpose that shows the image upright
_ORIENT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def load_photo(path: Path | str, max_side: int = 1024) -> torch.Tensor:
    """RGB uint8 tensor [3,H,W], upright (EXIF), downscaled with Lanczos so max(H,W) <= max_side.
    Large JPEGs are first decoded at a reduced DCT scale, never below twice the target size."""
    with Image.open(path) as im:
        orientation = im.getexif().get(0x0112, 1)
        w, h = im.size
        s = min(1.0, max_side / max(w, h))
        tw, th = max(1, round(w * s)), max(1, round(h * s))
        if s < 1.0:
            im.draft(None, (2 * tw, 2 * th))
        rgb = im.convert("RGB")
    if rgb.size != (tw, th):
        rgb = rgb.resize((tw, th), Image.Resampling.LANCZOS)
    if orientation in _ORIENT:
        rgb = rgb.transpose(_ORIENT[orientation])
    return torch.from_numpy(np.array(rgb)).permute(2, 0, 1).contiguous()


def random_hq_size(rng: np.random.Generator, sizes: Sequence[int] = HQ_SIDES) -> tuple[int, int]:
    """(H, W) with each side drawn independently and uniformly from sizes (non-square included)."""
    return int(rng.choice(np.asarray(sizes))), int(rng.choice(np.asarray(sizes)))


def _as_size(hq_size, scale: int) -> tuple[int, int]:
    h, w = (hq_size, hq_size) if isinstance(hq_size, int) else (int(hq_size[0]), int(hq_size[1]))
    if h <= 0 or w <= 0 or h % scale or w % scale:
        raise ValueError(f"hq_size {h}x{w} must be positive multiples of scale {scale}")
    return h, w


def _degrader(degradation: str, scale: int, params: DegradationParams):
    if degradation == "realesrgan":
        return lambda hq, rng: degrade_realesrgan(hq, rng, params, scale)
    if degradation == "bicubic":
        return lambda hq, rng: degrade_bicubic(hq, scale)
    raise ValueError(f"degradation must be one of {DEGRADATIONS}, got {degradation!r}")


class PairSampler:
    """Random (LQ, HQ) batches: random photo (among those large enough), random position, random
    horizontal flip, degraded on the fly. Photos are loaded once and kept as uint8 tensors.
    `photos` is a list of paths, or a PhotoSet (its .train list is used)."""

    def __init__(
        self,
        photos: Sequence[Path | str] | PhotoSet,
        seed: int,
        degradation: str = "realesrgan",
        scale: int = 4,
        max_side: int = 1024,
        params: DegradationParams = VARSR,
    ):
        if isinstance(photos, PhotoSet):
            photos = photos.train
        if not photos:
            raise ValueError("PairSampler needs at least one photo")
        self.paths = [Path(p) for p in photos]
        self.seed = int(seed)
        self.degradation = degradation
        self.scale = int(scale)
        self.params = params
        self._degrade = _degrader(degradation, self.scale, params)
        self.images = [load_photo(p, max_side) for p in self.paths]
        self._calls = 0

    def sample(self, batch: int, hq_size: int | tuple[int, int], step: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """lq [B,3,h/scale,w/scale], hq [B,3,h,w], float32 in [0,1]. Call n (or `step`) uses the
        random stream default_rng([seed, n])."""
        h, w = _as_size(hq_size, self.scale)
        n = self._calls if step is None else int(step)
        self._calls = n + 1
        rng = np.random.default_rng([self.seed, n])
        fits = [i for i, im in enumerate(self.images) if im.shape[1] >= h and im.shape[2] >= w]
        if not fits:
            raise ValueError(f"no photo is at least {h}x{w}")
        lqs, hqs = [], []
        for _ in range(batch):
            img = self.images[fits[int(rng.integers(len(fits)))]]
            top = int(rng.integers(img.shape[1] - h + 1))
            left = int(rng.integers(img.shape[2] - w + 1))
            hq = img[:, top : top + h, left : left + w].to(torch.float32).div_(255.0)
            if rng.uniform() < 0.5:
                hq = hq.flip(-1)
            lqs.append(self._degrade(hq.contiguous(), rng))
            hqs.append(hq)
        return torch.stack(lqs), torch.stack(hqs)


_ANCHORS = ((0.5, 0.5), (0.25, 0.25), (0.75, 0.75), (0.25, 0.75), (0.75, 0.25))


def dev_pairs(
    photos: Sequence[Path | str] | PhotoSet,
    degradation: str = "realesrgan",
    seed: int = 0,
    hq_size: int | tuple[int, int] = (256, 256),
    crops_per_photo: int = 2,
    scale: int = 4,
    max_side: int = 1024,
    params: DegradationParams = VARSR,
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Deterministic evaluation pairs [(lq [1,3,h/scale,w/scale], hq [1,3,h,w])], photo by photo
    (batches of one, like `sample`'s output). `photos`: paths, or a PhotoSet (its .dev list).
    Crop k sits at fractional anchor k of (centre, ¼¼, ¾¾, ¼¾, ¾¼, then repeating) of the free range;
    no flips. The degradation of each crop uses default_rng([seed, crc32(file name), k]), so it does
    not change when other photos are added or reordered."""
    if isinstance(photos, PhotoSet):
        photos = photos.dev
    h, w = _as_size(hq_size, scale)
    degrade = _degrader(degradation, scale, params)
    out = []
    for path in photos:
        path = Path(path)
        img = load_photo(path, max_side)
        H, W = img.shape[1:]
        if H < h or W < w:
            raise ValueError(f"{path.name} ({W}x{H} after loading) is smaller than the {w}x{h} dev crop")
        for k in range(crops_per_photo):
            fy, fx = _ANCHORS[k % len(_ANCHORS)]
            top, left = round(fy * (H - h)), round(fx * (W - w))
            hq = img[:, top : top + h, left : left + w].to(torch.float32).div_(255.0).contiguous()
            rng = np.random.default_rng([seed, zlib.crc32(path.name.encode()), k])
            out.append((degrade(hq, rng)[None], hq[None]))
    return out
