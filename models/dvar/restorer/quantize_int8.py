"""The photo crops every static int8 recipe is calibrated on (dvar.quantize.int8, and the activation
ranges qat_int8 fine-tunes the restorer under): real-degraded crops of the training photos, drawn by
DVAR's own degradation sampler, never the dev photos the results are scored on."""

from __future__ import annotations

import numpy as np


def calibration_crops(count: int = 16, hq_size: int = 192, seed: int = 7) -> list[np.ndarray]:
    from ..train.common import load_data

    _, sampler = load_data("realesrgan", seed, 1024)
    return [sampler.sample(1, hq_size, step=i)[0].numpy() for i in range(count)]
