"""BatchStream: worker processes give exactly the batches (and size-RNG state) of the inline path."""

import numpy as np
import torch
from PIL import Image

from dvar.data import PairSampler
from dvar.train.batches import BatchStream


def _photos(tmp_path):
    rng = np.random.default_rng(0)
    paths = []
    for i, (w, h) in enumerate([(320, 256), (256, 300)]):
        img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        paths.append(tmp_path / f"p{i}.png")
        Image.fromarray(img).save(paths[-1])
    return paths


def _run(sampler, workers, start, n):
    rng = np.random.default_rng(7)
    for _ in range(start):  # a resumed run's generator has drawn `start` sizes already
        rng.integers(1 << 30)
    stream = BatchStream(sampler, "128-192", rng, lambda hw: 3 if hw[0] == hw[1] else 2, start, workers)
    try:
        out = [stream.get(s) for s in range(start, start + n)]
    finally:
        stream.close()
    return out, rng.bit_generator.state


def test_workers_match_inline_batches_and_rng_state(tmp_path):
    sampler = PairSampler(_photos(tmp_path), seed=3, degradation="realesrgan")
    inline, state0 = _run(sampler, 0, 5, 6)
    pooled, state2 = _run(sampler, 2, 5, 6)
    assert state0 == state2  # checkpoints of both runs hold the same generator state
    assert {size for size, _, _ in inline} != {inline[0][0]}  # several crop sizes were drawn
    for (s0, lq0, hq0), (s2, lq2, hq2) in zip(inline, pooled):
        assert s0 == s2 and lq0.shape[0] == (3 if s0[0] == s0[1] else 2)
        assert torch.equal(lq0, lq2) and torch.equal(hq0, hq2)
