"""A restoration branch on its own, scored on both dev lists the way the bench scores the engine
(PSNR-Y, SSIM-Y, sharpness, BRISQUE on real-degraded ×4 inputs, with the pack's 6-level wavelet guard):
x4plus and any student checkpoints (`distill.py`) side by side, so a training run on a lent GPU brings
back the numbers that decide whether the student is worth a pack (`models/gpu/train_restorer.sh`).
BRISQUE alone cannot decide it: a CPU-trained GAN student that drew coloured speckles and rainbow edges
scored 12.9 in the engine (x4plus 34; default card, "What was tried"). PSNR-CbCr, colour fidelity, is
printed beside it because those artifacts sink it; look at crops before building a pack.

    python -m dvar.experiments.branch_eval [--restorer CKPT ...] [--device cuda] [--json out.json]

The dev pairs are dumped first where missing (`dev_images dump`, from the photos in models/data).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from ..model.fidelity import apply_fidelity_guard
from ..restorer.student import load_restorer
from ..train.brisque_score import brisque
from ..train.dev_images import DEFAULT_OUT, DEFAULT_OUT_DEV2, dump, load_png
from ..train.evaluate import psnr_cbcr, psnr_y, sharpness, ssim_y

GUARD_LEVELS = 6  # the default pack's fidelityGuardLevels
LISTS = (("dev", DEFAULT_OUT), ("dev2", DEFAULT_OUT_DEV2))


def dev_pairs(which: str, root: Path) -> list[tuple[torch.Tensor, torch.Tensor]]:
    folder = root / "realesrgan"
    if not any(folder.glob("*-lq.png")):
        dump(root, 256, which)
    return [(load_png(p), load_png(p.with_name(p.name.replace("-lq", "-hq")))) for p in sorted(folder.glob("*-lq.png"))]


@torch.no_grad()
def score(net: torch.nn.Module, pairs: list, device: torch.device) -> dict:
    rows = []
    for lq, hq in pairs:
        out = net(lq.to(device)).clamp(0, 1).cpu()
        out = apply_fidelity_guard("wavelet", out, lq, 4, GUARD_LEVELS).clamp(0, 1)
        out = (out * 255).round() / 255  # scored as the 8-bit image a user gets
        rows.append((psnr_y(out, hq), ssim_y(out, hq), sharpness(out, hq), brisque(out), psnr_cbcr(out, hq)))
    m = np.array(rows).mean(0)
    return dict(
        psnr_y=float(m[0]), ssim_y=float(m[1]), sharpness=float(m[2]), brisque=float(m[3]), psnr_cbcr=float(m[4]), pairs=len(rows)
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--restorer", type=Path, nargs="*", default=[], help="student checkpoints (x4plus is always scored)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args(argv)
    device = torch.device(a.device)
    pairs = {name: dev_pairs(name, root) for name, root in LISTS}
    report = {}
    print("| branch + guard | " + " | ".join(f"{n}: PSNR-Y / SSIM-Y / sharpness / BRISQUE / PSNR-CbCr" for n in pairs) + " |")
    print("|---|" + "---|" * len(pairs))
    for ckpt in [None, *a.restorer]:
        name = "x4plus" if ckpt is None else ckpt.name
        net = load_restorer(ckpt).eval().to(device)
        report[name] = {n: score(net, p, device) for n, p in pairs.items()}
        cells = [
            f"{s['psnr_y']:.2f} / {s['ssim_y']:.4f} / {s['sharpness']:.3f} / {s['brisque']:.1f} / {s['psnr_cbcr']:.2f}"
            for s in report[name].values()
        ]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    if a.json:
        a.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
