"""BRISQUE (Mittal et al. 2012), a no-reference naturalness score (lower = more natural; our original
photos score about 23, bicubic ×4 about 67): the `brisque` PyPI package's bundled SVM, which works
offline. Its `scale_features` calls `float()` on 1-element arrays, which NumPy 2 rejects, so we
override that one method and take the element."""

from __future__ import annotations

import numpy as np
import torch


def _scorer():
    from brisque import BRISQUE

    class Numpy2Brisque(BRISQUE):
        def scale_features(self, features):  # the package's arithmetic, each element taken explicitly
            def flat(values):
                return np.array([np.asarray(v, dtype=np.float64).reshape(-1)[0] for v in values])

            lo, hi = flat(self.scale_params["min_"]), flat(self.scale_params["max_"])
            return -1 + (2.0 / (hi - lo) * (flat(features) - lo))

    return Numpy2Brisque(url=False)


_SCORER = None


def brisque(img: torch.Tensor) -> float:
    """img [1, 3, H, W] RGB in [0, 1] -> BRISQUE score of its 8-bit rendering."""
    global _SCORER
    if _SCORER is None:
        _SCORER = _scorer()
    arr = (img[0].detach().clamp(0, 1).permute(1, 2, 0).cpu().numpy() * 255).round().astype(np.uint8)
    return float(_SCORER.score(arr))


def mean_luma(img: torch.Tensor) -> float:
    """Mean BT.601 luma of the 8-bit rendering, in 8-bit levels (0..255, full range)."""
    x = (img.detach().double().clamp(0, 1) * 255).round()
    return float((0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).mean())
