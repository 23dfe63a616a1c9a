"""Fits the default pack's decoder band weights (manifest `restorer.detailBandWeights`): per à-trous band j
of the guard's filter, how much of the decoder's luma correction band_j(Y(decoded) − Y(restored)) to add
to the restorer's image, by least squares against the originals on dev lists 1 and 2 (real-degraded and
clean pairs; dev list 3 is held out and never read here). The target is what the guard leaves free:
Y(HQ) − low_L(Y(bicubic)) − Σ_j band_j(Y(restored)) over the L bands, 4 px border excluded, as the metrics.

`bench/band-fit.ts` writes the inputs (NNN-fit-restored.png: the restorer alone; NNN-fit-decoded.png: the
decoder's image before any transfer, both without guard) and runs this:

    python -m dvar.restorer.band_fit DIR [DIR ...] [--levels 6] [--fine 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.ndimage import convolve1d

BORDER = 4
LUMA = (0.299, 0.587, 0.114)


def luma(path: Path) -> np.ndarray:
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.float64) / 255
    return rgb @ np.array(LUMA)


def atrous(plane: np.ndarray, levels: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Bands low_j − low_j+1 (j < levels) and the residual low_levels; [1 2 1]/4 at dilation 2^j, clamped
    borders, as the engine's guard (electron/engine/pipeline/fidelity-guard.ts)."""
    lows = [plane]
    for j in range(levels):
        d = 1 << j
        k = np.zeros(2 * d + 1)
        k[0], k[d], k[-1] = 0.25, 0.5, 0.25
        lows.append(convolve1d(convolve1d(lows[-1], k, axis=1, mode="nearest"), k, axis=0, mode="nearest"))
    return [lows[j] - lows[j + 1] for j in range(levels)], lows[-1]


def design(folder: Path, levels: int, fine: int) -> tuple[np.ndarray, np.ndarray]:
    rows, targets = [], []
    for hq in sorted(folder.glob("*-hq.png")):
        stem = hq.name[:3]
        restored, decoded = (luma(folder / f"{stem}-fit-{n}.png") for n in ("restored", "decoded"))
        restored_bands, _ = atrous(restored, levels)
        decoder_bands, _ = atrous(decoded - restored, levels)
        _, base = atrous(luma(folder / f"{stem}-bicubic.png"), levels)
        inner = (slice(BORDER, -BORDER), slice(BORDER, -BORDER))
        target = luma(hq) - base - sum(restored_bands)
        rows.append(np.stack([b[inner].ravel() for b in decoder_bands[fine:]], 1))
        targets.append(target[inner].ravel())
    return np.concatenate(rows), np.concatenate(targets)


def fit(folders: list[Path], levels: int = 6, fine: int = 2) -> list[float]:
    """Weights for bands 0..levels-1; the `fine` finest stay 0 (the restorer's own texture is kept whole)."""
    parts = [design(f, levels, fine) for f in folders]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w, *_ = np.linalg.lstsq(x, y, rcond=None)
    return [0.0] * fine + [round(float(v), 3) for v in w]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path, help="dev-list degradation folders (…/dev-images/realesrgan, …)")
    ap.add_argument("--levels", type=int, default=6)
    ap.add_argument("--fine", type=int, default=2)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    if any("dev-images-3" in str(d) for d in a.dirs):
        raise SystemExit("dev list 3 is held out: fit on lists 1 and 2 only.")
    weights = fit(a.dirs, a.levels, a.fine)
    print(json.dumps(weights))
    if a.json:
        a.json.write_text(json.dumps({"detailBandWeights": weights, "dirs": [str(d) for d in a.dirs]}, indent=1) + "\n")


if __name__ == "__main__":
    main()
