"""Writes test/fixtures/parity/fidelity-guard.json: an LQ tile, a "restored" tile at ×scale and what
PyTorch's fidelity guard (fidelity.py: bicubic reference, wavelet low-pass swap or AdaIN, clamp) makes
of them for each guard and level count the packs use, so test/engine/pipeline/fidelity-guard-parity.test.ts
can check the TypeScript twin (resample.ts bicubic + fidelity-guard.ts) against it.

    .venv/bin/python -m dvar.pack.make_guard_parity     (from models/)
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import torch

from ..model.fidelity import LEVELS, apply_fidelity_guard

OUT = Path(__file__).resolve().parents[3] / "test" / "fixtures" / "parity" / "fidelity-guard.json"

# (guard, levels): the default level count, the shipped default pack's 6, and a shallow 3.
CASES = [("wavelet", LEVELS), ("wavelet", 6), ("wavelet", 3), ("adain", LEVELS)]


def _b64(t: torch.Tensor) -> str:
    return base64.b64encode(np.ascontiguousarray(t.numpy(), dtype="<f4").tobytes()).decode()


def vectors(h: int = 11, w: int = 13, scale: int = 4, seed: int = 7) -> dict:
    g = torch.Generator().manual_seed(seed)
    lq = torch.rand(1, 3, h, w, generator=g)
    # A restored tile with a colour cast and fine detail, as a model might produce.
    restored = (torch.rand(1, 3, h * scale, w * scale, generator=g) * 0.6 + 0.3).clamp(0, 1)
    cases = [
        {"guard": guard, "levels": levels, "expected": _b64(apply_fidelity_guard(guard, restored, lq, scale, levels)[0])}
        for guard, levels in CASES
    ]
    return {
        "scale": scale,
        "lq": {"height": h, "width": w, "data": _b64(lq[0])},
        "restored": {"height": h * scale, "width": w * scale, "data": _b64(restored[0])},
        "cases": cases,
        "tolerance": 1e-5,
    }


def main() -> None:
    OUT.write_text(json.dumps(vectors()) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
