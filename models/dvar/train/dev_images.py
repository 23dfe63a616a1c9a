"""Dev pairs on disk, and scores of any method's outputs on them: the bridge that lets the shipped
engine (TypeScript, onnxruntime) and peers (UpscalerJS on TensorFlow.js, Real-ESRGAN x4plus on
onnxruntime) be measured with the same metrics as training (evaluate.py), plus BRISQUE (no-reference
naturalness) and the luma shift (output mean luma minus the LQ input's, in 8-bit levels: x4plus
darkens dark photos, which PSNR barely sees).

    python -m dvar.train.dev_images dump  [--out runs/dev-images]   # NNN-lq.png / NNN-hq.png per degradation
    python -m dvar.train.dev_images dump --list dev2                # the second dev list -> runs/dev-images-2
    python -m dvar.train.dev_images dump --list dev3                # the held-out third list -> runs/dev-images-3
    npx tsx bench/quality-vs-peers.ts                                # writes NNN-<method>.png beside them
    python -m dvar.train.dev_images score [--out runs/dev-images]   # markdown table + JSON

bench/run.ts's quality section runs all three and plots the scores.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from . import common as C
from .brisque_score import brisque, mean_luma
from .evaluate import bicubic, psnr_cbcr, psnr_y, sharpness, ssim_y

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = ROOT / "models" / "runs" / "dev-images"
DEFAULT_OUT_DEV2 = ROOT / "models" / "runs" / "dev-images-2"
DEFAULT_OUT_DEV3 = ROOT / "models" / "runs" / "dev-images-3"
LISTS = ("dev", "dev2", "dev3")  # photos.DEV_PHOTOS, DEV2_PHOTOS, DEV3_PHOTOS (held out)
DEFAULT_OUTS = {"dev": DEFAULT_OUT, "dev2": DEFAULT_OUT_DEV2, "dev3": DEFAULT_OUT_DEV3}
DEGRADATIONS = ("realesrgan", "bicubic")


def _save(t: torch.Tensor, path: Path) -> None:
    arr = (t[0].clamp(0, 1).permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    Image.fromarray(arr).save(path)


def load_png(path: Path) -> torch.Tensor:
    """A dev pair's image file as [1, 3, H, W] float32 RGB in [0, 1]."""
    arr = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
    return torch.from_numpy(arr).permute(2, 0, 1)[None]


def dump(out: Path, hq_size: int, which: str = "dev") -> None:
    """Both degradations of one dev list; the same crops, seeds and degradation for either list."""
    photos, _ = C.load_data("realesrgan", 0, 1024)
    chosen = photos if which == "dev" else getattr(photos, which)  # a PhotoSet stands for its .dev list
    for deg in DEGRADATIONS:
        folder = out / deg
        folder.mkdir(parents=True, exist_ok=True)
        for i, (lq, hq) in enumerate(C.load_dev(chosen, deg, 0, (hq_size, hq_size))):
            _save(lq, folder / f"{i:03d}-lq.png")
            _save(hq, folder / f"{i:03d}-hq.png")
            _save(bicubic(lq), folder / f"{i:03d}-bicubic.png")
        print(f"{deg}: {i + 1} pairs in {folder}")


def _summary(rows: list[tuple[float, ...]]) -> dict:
    """Means over pairs of (PSNR-Y, SSIM-Y, sharpness, BRISQUE, luma shift, PSNR-CbCr) rows."""
    psnr, ssim, sharp, nat, shifts, colour = (np.array(c) for c in zip(*rows))
    return dict(
        psnr_y=float(psnr.mean()),
        ssim_y=float(ssim.mean()),
        sharpness=float(sharp.mean()),
        brisque=float(nat.mean()),
        psnr_cbcr=float(colour.mean()),
        # Signed mean says which way a method drifts; the max magnitude catches the one dark photo
        # a mean over pairs would hide.
        luma_shift_mean=float(shifts.mean()),
        luma_shift_max_abs=float(np.abs(shifts).max()),
        pairs=len(rows),
    )


METRICS = ("psnr_y", "ssim_y", "sharpness", "brisque", "luma_shift", "psnr_cbcr")


def score(out: Path, per_pair: dict | None = None) -> dict:
    """Means per degradation and method; `per_pair`, when given, is filled with every pair's own
    metrics as {degradation: {method: {pair: {metric: value}}}} (what a per-photo choice is judged on)."""
    report = {}
    for deg in DEGRADATIONS:
        folder = out / deg
        methods: dict[str, list] = {}
        for hq_path in sorted(folder.glob("*-hq.png")):
            stem = hq_path.name[:3]
            hq = load_png(hq_path)
            lq_luma = mean_luma(load_png(folder / f"{stem}-lq.png"))
            for path in sorted(folder.glob(f"{stem}-*.png")):
                method = path.stem[4:]
                if method in ("hq", "lq"):
                    continue
                o = load_png(path)
                row = (psnr_y(o, hq), ssim_y(o, hq), sharpness(o, hq), brisque(o), mean_luma(o) - lq_luma, psnr_cbcr(o, hq))
                methods.setdefault(method, []).append(row)
                if per_pair is not None:
                    per_pair.setdefault(deg, {}).setdefault(method, {})[stem] = dict(zip(METRICS, map(float, row)))
        report[deg] = {m: _summary(rows) for m, rows in sorted(methods.items())}
    return report


def markdown(report: dict) -> str:
    parts = []
    for deg, methods in report.items():
        parts.append(f"### x4 from {'real-degraded (Real-ESRGAN pipeline)' if deg == 'realesrgan' else 'clean bicubic'} inputs\n")
        parts.append(
            "| method | PSNR-Y (dB) | SSIM-Y | sharpness (1 = HR) | BRISQUE (lower = more natural) "
            "| luma shift (mean / max abs, levels) | PSNR-CbCr (dB) |\n|---|---|---|---|---|---|---|"
        )
        for m, r in methods.items():
            parts.append(
                f"| {m} | {r['psnr_y']:.2f} | {r['ssim_y']:.4f} | {r['sharpness']:.3f} | {r['brisque']:.1f} "
                f"| {r['luma_shift_mean']:+.2f} / {r['luma_shift_max_abs']:.2f} | {r['psnr_cbcr']:.2f} |"
            )
        parts.append("")
    return "\n".join(parts)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["dump", "score"])
    ap.add_argument(
        "--out", type=Path, default=None, help=f"default {DEFAULT_OUT} ({DEFAULT_OUT_DEV2} for dev2, {DEFAULT_OUT_DEV3} for dev3)"
    )
    ap.add_argument(
        "--list",
        choices=LISTS,
        default="dev",
        help="dump: which dev list (dev2: photos.DEV2_PHOTOS, dev3: the held-out DEV3_PHOTOS)",
    )
    ap.add_argument("--hq-size", type=int, default=256)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--pairs-json", type=Path, default=None, help="score: also every pair's own metrics, into this file")
    a = ap.parse_args(argv)
    if a.out is None:
        a.out = DEFAULT_OUTS[a.list]
    if a.action == "dump":
        dump(a.out, a.hq_size, a.list)
        return
    pairs: dict | None = {} if a.pairs_json else None
    report = score(a.out, pairs)
    print(markdown(report))
    if a.pairs_json:
        a.pairs_json.parent.mkdir(parents=True, exist_ok=True)
        a.pairs_json.write_text(json.dumps(pairs, indent=1) + "\n")
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(report, indent=2) + "\n")
        a.json.with_suffix(".md").write_text(markdown(report))


if __name__ == "__main__":
    main()
