"""Writes test/fixtures/parity/detail-transfer.json: two images, the detail transfer PyTorch computes
from them and the luma detail gain of the restored one, so test/engine/pipeline/detail-transfer.test.ts
and luma-detail-gain.test.ts can check the TypeScript twins (detail-transfer.ts, luma-detail-gain.ts)
against this file.

    .venv/bin/python -m dvar.restorer.make_parity     (from models/)
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import torch

from .detail_transfer import detail_transfer, luma_detail_gain

OUT = Path(__file__).resolve().parents[3] / "test" / "fixtures" / "parity" / "detail-transfer.json"


def _b64(t: torch.Tensor) -> str:
    return base64.b64encode(np.ascontiguousarray(t.numpy(), dtype="<f4").tobytes()).decode()


def main() -> None:
    g = torch.Generator().manual_seed(99)
    h, w = 37, 29  # odd sizes, smaller than 2^levels in places: the clamped borders matter
    decoded, restored = torch.rand(1, 3, h, w, generator=g), torch.rand(1, 3, h, w, generator=g)
    cases = [
        {"levels": lv, "space": space, "expected": _b64(detail_transfer(decoded, restored, lv, space).clamp(0, 1)[0])}
        for space in ("rgb", "luma")
        for lv in (1, 2, 5)
    ]
    gains = [
        {"gain": gain, "levels": lv, "expected": _b64(luma_detail_gain(restored, gain, lv)[0])}
        for gain, lv in ((1.3, 4), (0.8, 2), (1.5, 1))
    ]
    OUT.write_text(
        json.dumps(
            {
                "height": h,
                "width": w,
                "decoded": _b64(decoded[0]),
                "restored": _b64(restored[0]),
                "cases": cases,
                "gains": gains,
                "tolerance": 1e-5,
            }
        )
        + "\n"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
