"""Training crops for fine-tuning a restorer pack's transformer through its tail (`transformer_e2e`),
made once and cached: per crop of the training photos (never a dev list), what every epoch reads: E_dr's
features and start token, the LQ, the restorer's image and the HQ, at the sizes and degradations below.
Batches hold one crop size, so one schedule and one attention mask serve a batch."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from ..pack.pack_runner import PackTokenPath
from ..train.batches import make_items
from ..train.training_data import load_data

SIDES = (128, 192, 256)  # HQ crop sides: latent grids of 8, 12 and 16 (the canonical base), any aspect
DEGRADATIONS = ("realesrgan", "realesrgan", "bicubic")  # two real-degraded crops for each clean one


def make_crops(pack: Path, count: int, seed: int, threads: int) -> list[dict]:
    """Training crops (never a dev list) with what every epoch reads, computed once."""
    manifest = json.loads((pack / "manifest.json").read_text())
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    restorer = ort.InferenceSession(str(pack / manifest["graphs"]["restorer"]["file"]), opts, providers=["CPUExecutionProvider"])
    runner = PackTokenPath(pack, threads)
    samplers = {d: load_data(d, seed, 1024)[1] for d in set(DEGRADATIONS)}
    rng = np.random.default_rng(seed)
    crops = []
    for i in range(count):
        h, w = (SIDES[j] for j in rng.integers(0, len(SIDES), 2))
        degradation = DEGRADATIONS[i % len(DEGRADATIONS)]
        lq, hq = make_items(samplers[degradation], (h, w), i, range(1))
        latent, features = runner.s["encoder"].run(None, {"lq": lq.numpy()})
        _, edr_tokens = runner.residual_tokens(latent)
        crops.append(
            {
                "size": (h, w),
                "degradation": degradation,
                "features": torch.from_numpy(features[0]).half(),
                "edr_tokens": [torch.from_numpy(t.astype(np.int64)) for t in edr_tokens],
                "lq": lq[0].half(),
                "hq": hq[0].half(),
                "restored": torch.from_numpy(restorer.run(None, {"lq": lq.numpy()})[0][0]).half(),
            }
        )
    return crops


def stack(recs: list[dict], key: str) -> torch.Tensor:
    return torch.stack([r[key].float() for r in recs])


def batches(crops: list[dict], batch: int, rng: np.random.Generator) -> list[list[dict]]:
    by_size = defaultdict(list)
    for r in crops:
        by_size[tuple(r["size"])].append(r)
    out = []
    for group in by_size.values():
        order = rng.permutation(len(group))
        out += [[group[i] for i in order[j : j + batch]] for j in range(0, len(group), batch)]
    return [out[i] for i in rng.permutation(len(out))]
