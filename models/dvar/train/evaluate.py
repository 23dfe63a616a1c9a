"""Dev-set metrics and the evaluation CLI.

PSNR-Y and SSIM-Y follow the usual SR protocol (BasicSR / MATLAB): images rounded to 8 bits, ITU-R
BT.601 luma Y = 16 + 65.481 R + 128.553 G + 24.966 B (R, G, B in [0, 1]; Y in [16, 235]), 4-pixel
border cropped; SSIM with an 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, L = 255, valid
filtering. Sharpness = mean Sobel gradient magnitude of the output's Y / that of the HQ's Y (1 = as
sharp as the ground truth; bicubic is well below 1).

    python -m dvar.train.evaluate --checkpoint runs/default/stage2/ckpt.pt [--degradation realesrgan]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from ..model.config import DVARConfig
from ..model.fidelity import LEVELS, apply_fidelity_guard
from ..model.model import DVAR
from . import common as C

BORDER = 4


def _rounded8(img: torch.Tensor) -> torch.Tensor:
    """float64 RGB in [0, 1] as an 8-bit file would hold it: metrics score what is written."""
    return (img.detach().double().clamp(0, 1) * 255).round() / 255


def to_y(img: torch.Tensor) -> torch.Tensor:
    """[B, 3, H, W] RGB in [0, 1] -> [B, 1, H, W] float64 Y in [16, 235], after 8-bit rounding."""
    x = _rounded8(img)
    return (16.0 + 65.481 * x[:, 0] + 128.553 * x[:, 1] + 24.966 * x[:, 2]).unsqueeze(1)


def _crop(y: torch.Tensor, border: int) -> torch.Tensor:
    return y[..., border:-border, border:-border] if border else y


def _psnr(a: torch.Tensor, b: torch.Tensor, border: int) -> float:
    """PSNR of two 8-bit-scaled planes (after the border crop); identical images: ~148 dB."""
    mse = (_crop(a, border) - _crop(b, border)).pow(2).mean()
    return float(10 * torch.log10(255.0**2 / mse.clamp_min(1e-10)))


def psnr_y(out: torch.Tensor, ref: torch.Tensor, border: int = BORDER) -> float:
    return _psnr(to_y(out), to_y(ref), border)


def to_cbcr(img: torch.Tensor) -> torch.Tensor:
    """[B, 3, H, W] RGB in [0, 1] -> [B, 2, H, W] float64 BT.601 Cb, Cr in [16, 240], after 8-bit rounding."""
    x = _rounded8(img)
    cb = 128.0 - 37.797 * x[:, 0] - 74.203 * x[:, 1] + 112.0 * x[:, 2]
    cr = 128.0 + 112.0 * x[:, 0] - 93.786 * x[:, 1] - 18.214 * x[:, 2]
    return torch.stack([cb, cr], 1)


def psnr_cbcr(out: torch.Tensor, ref: torch.Tensor, border: int = BORDER) -> float:
    """Colour fidelity, which PSNR-Y cannot see: tints and colour fringes (both chroma channels together)."""
    return _psnr(to_cbcr(out), to_cbcr(ref), border)


def _gaussian_window(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    g = torch.exp(-((torch.arange(size, dtype=torch.float64) - size // 2) ** 2) / (2 * sigma**2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).view(1, 1, size, size)


def ssim_y(out: torch.Tensor, ref: torch.Tensor, border: int = BORDER) -> float:
    x, y = _crop(to_y(out), border), _crop(to_y(ref), border)
    w = _gaussian_window().to(x.device)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = F.conv2d(x, w), F.conv2d(y, w)
    sxx, syy, sxy = F.conv2d(x * x, w) - mx**2, F.conv2d(y * y, w) - my**2, F.conv2d(x * y, w) - mx * my
    s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx**2 + my**2 + c1) * (sxx + syy + c2))
    return float(s.mean())


def gradient_magnitude(img: torch.Tensor, border: int = BORDER) -> float:
    gx, gy = C.sobel(_crop(to_y(img), border))
    return float(torch.sqrt(gx**2 + gy**2).mean())


def sharpness(out: torch.Tensor, ref: torch.Tensor, border: int = BORDER) -> float:
    return gradient_magnitude(out, border) / max(gradient_magnitude(ref, border), 1e-12)


# ---- methods ------------------------------------------------------------------------------------------


def bicubic(lq: torch.Tensor, scale: int = 4) -> torch.Tensor:
    return F.interpolate(lq, scale_factor=float(scale), mode="bicubic", align_corners=False).clamp(0, 1)


def token_path(model: DVAR) -> Callable:
    """E_dr -> multi-scale quantization of the whole latent -> decoder (with LQ fusion if configured):
    what the tokenizer side gives without any transformer prediction (stage 1's output)."""
    dev = next(model.parameters()).device

    def fn(lq):
        lq = lq.to(dev)
        latent, _ = model.dr_encoder(lq)
        _, f_hat = model.quantizer.encode(latent, model.tokenizer.schedule_for(latent))
        out = model.tokenizer.decoder(f_hat, lq if model.cfg.tokenizer.lq_fusion else None)
        return ((out + 1) / 2).clamp(0, 1)

    return fn


def restore_fn(model: DVAR) -> Callable:
    dev = next(model.parameters()).device
    return lambda lq: model.restore(lq.to(dev)).image


@torch.no_grad()
def evaluate(model_or_fn: DVAR | Callable, pairs: list) -> dict:
    """Mean PSNR-Y / SSIM-Y / sharpness over (lq, hq) pairs; a DVAR model runs `restore` (greedy)."""
    fn = model_or_fn
    if isinstance(model_or_fn, DVAR):
        model_or_fn.eval()
        fn = restore_fn(model_or_fn)
    rows = []
    for lq, hq in pairs:
        out = fn(lq).float().cpu()
        hq = hq.float().cpu()
        rows.append((psnr_y(out, hq), ssim_y(out, hq), sharpness(out, hq)))
    n = max(1, len(rows))
    return dict(
        psnr_y=sum(r[0] for r in rows) / n,
        ssim_y=sum(r[1] for r in rows) / n,
        sharpness=sum(r[2] for r in rows) / n,
        pairs=len(rows),
    )


def markdown_table(results: dict) -> str:
    lines = ["| method | PSNR-Y (dB) | SSIM-Y | sharpness |", "|---|---|---|---|"]
    for name, m in results.items():
        lines.append(f"| {name} | {m['psnr_y']:.2f} | {m['ssim_y']:.4f} | {m['sharpness']:.3f} |")
    return "\n".join(lines)


def load_model(path, device="cpu") -> tuple[DVAR, dict]:
    """DVAR from a training checkpoint, with stage-2 ablations (fixed start, no size) applied."""
    ckpt = C.load_checkpoint(path)
    model = DVAR(DVARConfig.from_dict(ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    C.apply_ablations(model, ckpt.get("training", {}).get("stage2", {}))
    return model.to(device).eval(), ckpt


def guarded(fn: Callable, guard: str, levels: int = LEVELS) -> Callable:
    return lambda lq: apply_fidelity_guard(guard, fn(lq).float().cpu(), lq.float().cpu(), levels=levels)


def compare(model: DVAR, pairs: list, transformer: bool = True, guard_levels: int = LEVELS) -> dict:
    res = {"bicubic": evaluate(bicubic, pairs), "token path (E_dr, no transformer)": evaluate(token_path(model), pairs)}
    if transformer:
        model.eval()
        outputs = {}  # restore once, apply each guard to the same outputs

        def cached(lq):
            key = id(lq)
            if key not in outputs:
                outputs[key] = restore_fn(model)(lq).float().cpu()
            return outputs[key]

        res["DVAR (greedy)"] = evaluate(cached, pairs)
        for guard in ("wavelet", "adain"):
            res[f"DVAR + {guard} fidelity guard"] = evaluate(guarded(cached, guard, guard_levels), pairs)
    return res


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--degradation", default="realesrgan", choices=["realesrgan", "bicubic"])
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--limit", type=int, default=0, help="first N dev pairs only (0: all)")
    ap.add_argument("--hq-size", type=int, default=256)
    ap.add_argument("--json", default=None, help="output JSON (default: next to the checkpoint)")
    a = ap.parse_args(argv)
    dev = C.pick_device(a.device)
    if a.threads or dev.type == "cpu":
        torch.set_num_threads(a.threads or 2)
    model, ckpt = load_model(a.checkpoint, dev)
    if ckpt.get("stage") == "stage0":
        raise SystemExit("a stage-0 checkpoint has no E_dr yet: its tokenizer dev PSNR is in its log.jsonl")
    photos, _ = C.load_data(a.degradation, 0, 1024)
    pairs = C.load_dev(photos, a.degradation, a.limit, (a.hq_size, a.hq_size))
    results = compare(model, pairs, transformer=ckpt.get("stage") == "stage2")
    print(f"{len(pairs)} dev pairs, {a.degradation} degradation, x4, HQ {a.hq_size}^2\n")
    print(markdown_table(results))
    out = Path(a.json) if a.json else Path(a.checkpoint).with_name(f"eval_{a.degradation}.json")
    report = dict(checkpoint=str(a.checkpoint), degradation=a.degradation, pairs=len(pairs), results=results)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {out}")
    return report


if __name__ == "__main__":
    main()
