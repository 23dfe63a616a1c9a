"""How far a luma gain on the final image can trade fidelity for sharpness: the study behind the default
pack's `restorer.lumaDetailGain` (docs/model-card-default.md, v0.5.1). It reads the engine's outputs the
bench left beside the dev pairs (NNN-<method>.png, `npm run bench -- --only quality`), applies
`luma_detail_gain` to them after the fact (the engine applies it before the guard, on float tiles:
bench/pack-ab.ts measures that), optionally with the added amount soft-capped (tanh, ±cap) or weighted
by an edge mask, and scores both dev lists from real-degraded and clean inputs:

    python -m dvar.experiments.gain_study 1.1,3 1.3,4 1.3,4,cap=0.015 2,2,mask=0.02:0.05 [--method dvar-wavelet]

Each variant is gain,levels[,cap=C][,mask=T0:T1]; the mask is the Sobel magnitude of the luma's
2-level low-pass, ramped from 0 at T0 to 1 at T1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..model.fidelity import low_pass
from ..restorer.detail_transfer import luma
from ..train.brisque_score import brisque
from ..train.dev_images import DEFAULT_OUT, DEFAULT_OUT_DEV2, load_png
from ..train.edge_loss import sobel
from ..train.evaluate import psnr_y, sharpness, ssim_y


def parse_variant(text: str) -> dict:
    parts = text.split(",")
    v = {"gain": float(parts[0]), "levels": int(parts[1]), "cap": 0.0, "mask": None}
    for extra in parts[2:]:
        key, value = extra.split("=")
        v[key] = float(value) if key == "cap" else tuple(float(t) for t in value.split(":"))
    return v


def apply_gain(x: torch.Tensor, gain: float, levels: int, cap: float = 0.0, mask: tuple | None = None) -> torch.Tensor:
    """luma_detail_gain (detail_transfer.py), with an optional soft cap and edge mask on the added amount."""
    y = luma(x)
    add = (gain - 1) * (y - low_pass(y, levels))
    if cap > 0:
        add = cap * torch.tanh(add / cap)
    if mask is not None:
        gx, gy = sobel(F.pad(low_pass(y, 2), (1, 1, 1, 1), mode="replicate"))
        add = add * (((gx * gx + gy * gy).sqrt() - mask[0]) / (mask[1] - mask[0])).clamp(0, 1)
    return (x + add).clamp(0, 1)


def score_variant(pairs: list, variant: dict, with_brisque: bool) -> tuple[float, ...]:
    rows = []
    for hq, out in pairs:
        x = (apply_gain(out, **variant) * 255).round() / 255  # 8-bit, as the engine's PNG
        rows.append((psnr_y(x, hq), ssim_y(x, hq), sharpness(x, hq), brisque(x) if with_brisque else float("nan")))
    return tuple(np.array(rows).mean(0))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="+", help="gain,levels[,cap=C][,mask=T0:T1]")
    ap.add_argument("--method", default="dvar-wavelet", help="whose outputs: NNN-<method>.png")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    sets = {}
    for name, root in (("list 1", DEFAULT_OUT), ("list 2", DEFAULT_OUT_DEV2)):
        for deg in ("realesrgan", "bicubic"):
            folder = Path(root) / deg
            sets[f"{name} {deg}"] = [
                (load_png(p), load_png(folder / f"{p.name[:3]}-{a.method}.png")) for p in sorted(folder.glob("*-hq.png"))
            ]
    print("| variant | " + " | ".join(sets) + " |\n|---|" + "---|" * len(sets))
    print("| (PSNR-Y / SSIM-Y / sharpness / BRISQUE on real-degraded) |" + " |" * len(sets))
    for text in ["1,1", *a.variants]:
        cells = []
        for key, pairs in sets.items():
            m = score_variant(pairs, parse_variant(text), key.endswith("realesrgan"))
            cells.append(f"{m[0]:.2f} / {m[1]:.4f} / {m[2]:.3f}" + (f" / {m[3]:.1f}" if key.endswith("realesrgan") else ""))
        print(f"| {text if text != '1,1' else 'none'} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
