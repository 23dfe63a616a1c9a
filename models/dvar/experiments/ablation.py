"""Ablation of the restoration branch on the dev pairs (PyTorch + the pack's graphs, whole 256 px crops,
no tiling): bicubic, the branch alone, branch + wavelet guard, tokens from E_dr only (no transformer)
decoded with the branch, the full pipeline, and x4plus itself. The shipped engine's numbers come from
`npm run bench -- --only quality`; this is the quick loop used to choose.

    python -m dvar.experiments.ablation --pack packs/default --restorer runs/restorer/student6.pt \
        --decoder runs/restorer/decoder.pt [--levels 3,4,5]
"""

from __future__ import annotations

import argparse
import glob
import json
from pathlib import Path

import numpy as np
import torch

from ..model.fidelity import apply_fidelity_guard
from ..pack.pack_runner import PackTokenPath
from ..restorer.decoder_finetune import pack_decoder
from ..restorer.detail_transfer import detail_transfer
from ..restorer.student import load_restorer, restored_guide
from ..train.brisque_score import brisque, mean_luma
from ..train.dev_images import DEFAULT_OUT, load_png
from ..train.evaluate import bicubic, psnr_y, sharpness, ssim_y


def scores(out: torch.Tensor, lq: torch.Tensor, hq: torch.Tensor) -> tuple:
    return psnr_y(out, hq), ssim_y(out, hq), sharpness(out, hq), brisque(out), mean_luma(out) - mean_luma(lq)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--restorer", type=Path, default=None)
    ap.add_argument("--decoder", type=Path, default=None)
    ap.add_argument("--levels", default="3,4,5")
    ap.add_argument("--detail-levels", type=int, default=2)
    ap.add_argument("--detail-in", choices=("luma", "rgb"), default="luma")
    ap.add_argument("--dev", type=Path, default=DEFAULT_OUT / "realesrgan")
    ap.add_argument("--teacher", action="store_true", help="also score x4plus itself")
    ap.add_argument("--json", type=Path, default=None, help="also write the table as JSON")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    levels = [int(v) for v in a.levels.split(",")]
    restorer = load_restorer(a.restorer)
    tokens = PackTokenPath(a.pack)
    dec = pack_decoder(a.pack).eval()
    if a.decoder:
        dec.load_state_dict(torch.load(a.decoder, map_location="cpu")["decoder"])
    teacher = load_restorer(None) if a.teacher else None
    rows: dict[str, list] = {}
    for lq_path in sorted(glob.glob(str(a.dev / "*-lq.png"))):
        lq, hq = load_png(Path(lq_path)), load_png(Path(lq_path.replace("-lq", "-hq")))
        outs = {"bicubic": bicubic(lq)}
        guide = restored_guide(restorer, lq)
        outs["branch"] = guide
        with torch.no_grad():
            for name, f_hat in (("full", tokens.f_hat(lq.numpy())), ("edr-tokens", tokens.f_hat(lq.numpy(), transformer=False))):
                decoded = ((dec(torch.from_numpy(f_hat), lq, up=guide * 2 - 1) + 1) / 2).clamp(0, 1)
                outs[name] = (
                    detail_transfer(decoded, guide, a.detail_levels, a.detail_in).clamp(0, 1) if a.detail_levels else decoded
                )
        if teacher is not None:
            outs["x4plus"] = restored_guide(teacher, lq)
            for lv in levels:
                outs[f"x4plus+wavelet{lv}"] = apply_fidelity_guard("wavelet", outs["x4plus"], lq, 4, lv)
        for name in ("branch", "full", "edr-tokens"):
            for lv in levels:
                outs[f"{name}+wavelet{lv}"] = apply_fidelity_guard("wavelet", outs[name], lq, 4, lv)
        for name, out in outs.items():
            rows.setdefault(name, []).append(scores(out, lq, hq))
    print("| method | PSNR-Y | SSIM-Y | sharpness | BRISQUE | luma shift (mean, max abs) |\n|---|---|---|---|---|---|")
    table = {}
    for name, r in rows.items():
        r = np.array(r)
        table[name] = dict(
            psnr_y=r[:, 0].mean(),
            ssim_y=r[:, 1].mean(),
            sharpness=r[:, 2].mean(),
            brisque=r[:, 3].mean(),
            luma_shift_mean=r[:, 4].mean(),
            luma_shift_max_abs=np.abs(r[:, 4]).max(),
            pairs=len(r),
        )
        print(
            f"| {name} | {r[:, 0].mean():.2f} | {r[:, 1].mean():.4f} | {r[:, 2].mean():.3f} | {r[:, 3].mean():.1f} | "
            f"{r[:, 4].mean():+.2f}, {np.abs(r[:, 4]).max():.2f} |",
            flush=True,
        )
    if a.json:
        a.json.write_text(json.dumps({k: {m: float(v) for m, v in t.items()} for k, t in table.items()}, indent=1) + "\n")


if __name__ == "__main__":
    main()
