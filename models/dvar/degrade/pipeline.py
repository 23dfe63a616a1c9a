"""Real-ESRGAN second-order degradation (Real-ESRGAN, ICCVW 2021, as configured by VARSR's dataloader/params_realesrgan.yml) and plain bicubic, on torch tensors.

degrade_realesrgan(hq [3,H,W] float in [0,1], rng) -> lq [3,H/scale,W/scale], values k/255:

  stage 1: blur (random kernel, 7..21 px) -> random resize (up/down/keep, area|bilinear|bicubic)
           -> Gaussian or Poisson noise (colour or gray) -> clamp -> JPEG
  stage 2: blur with second_blur_prob -> random resize relative to H/scale -> noise
           -> one of, with equal probability:
                [resize to H/scale + final sinc (final_sinc_prob)] then JPEG
                JPEG then [resize to H/scale + final sinc]
  clamp, round to 8 bit.

All randomness comes from the numpy Generator (torch noise uses a torch.Generator seeded from it),
so a seed reproduces the output exactly. Convolution is torch F.conv2d (depthwise, reflect padding;
replicate padding when the image is too small to reflect). JPEG is PIL/libjpeg (4:2:0, integer
quality drawn uniformly from the inclusive range).

Not modelled (0 or off in both presets): colour jitter, gray conversion of the output, USM
sharpening of the ground truth, resizing the LQ back to the HQ size.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .kernels import KERNEL_TYPES, random_blur_kernel, random_final_sinc

RESIZE_MODES = ("area", "bilinear", "bicubic")


@dataclass(frozen=True)
class DegradationParams:
    """Second-order degradation settings; defaults are VARSR's `params_realesrgan.yml`.

    Probabilities of (up, down, keep) resizes are in resize_probs*. Noise sigmas are on the 0..255
    scale. JPEG ranges are inclusive integer qualities.
    """

    # stage 1 blur
    kernel_sizes: tuple[int, ...] = tuple(range(7, 22, 2))
    kernel_types: tuple[str, ...] = KERNEL_TYPES
    kernel_probs: tuple[float, ...] = (0.45, 0.25, 0.12, 0.03, 0.12, 0.03)
    sinc_prob: float = 0.1
    blur_sigma: tuple[float, float] = (0.2, 3.0)
    betag_range: tuple[float, float] = (0.5, 4.0)
    betap_range: tuple[float, float] = (1.0, 2.0)
    # stage 1 resize / noise / JPEG
    resize_probs: tuple[float, float, float] = (0.2, 0.7, 0.1)
    resize_range: tuple[float, float] = (0.3, 1.5)
    gaussian_noise_prob: float = 0.5
    noise_range: tuple[float, float] = (1.0, 15.0)
    poisson_scale_range: tuple[float, float] = (0.05, 2.0)
    gray_noise_prob: float = 0.4
    jpeg_range: tuple[int, int] = (60, 95)
    # stage 2 blur
    second_blur_prob: float = 0.5
    kernel_types2: tuple[str, ...] = KERNEL_TYPES
    kernel_probs2: tuple[float, ...] = (0.45, 0.25, 0.12, 0.03, 0.12, 0.03)
    sinc_prob2: float = 0.1
    blur_sigma2: tuple[float, float] = (0.2, 1.5)
    betag_range2: tuple[float, float] = (0.5, 4.0)
    betap_range2: tuple[float, float] = (1.0, 2.0)
    # stage 2 resize / noise / JPEG
    resize_probs2: tuple[float, float, float] = (0.3, 0.4, 0.3)
    resize_range2: tuple[float, float] = (0.6, 1.2)
    gaussian_noise_prob2: float = 0.5
    noise_range2: tuple[float, float] = (1.0, 12.0)
    poisson_scale_range2: tuple[float, float] = (0.05, 1.0)
    gray_noise_prob2: float = 0.4
    jpeg_range2: tuple[int, int] = (60, 100)
    # final
    final_sinc_prob: float = 0.8
    resize_modes: tuple[str, ...] = RESIZE_MODES


#: VARSR's milder variant (default): github.com/quyp2000/VARSR, dataloader/params_realesrgan.yml.
VARSR = DegradationParams()

#: The original Real-ESRGAN x4 training options.
REALESRGAN_X4 = dataclasses.replace(
    VARSR,
    resize_range=(0.15, 1.5),
    noise_range=(1.0, 30.0),
    poisson_scale_range=(0.05, 3.0),
    jpeg_range=(30, 95),
    second_blur_prob=0.8,
    resize_range2=(0.3, 1.2),
    noise_range2=(1.0, 25.0),
    poisson_scale_range2=(0.05, 2.5),
    jpeg_range2=(30, 95),
)

PRESETS: dict[str, DegradationParams] = {"varsr": VARSR, "realesrgan_x4": REALESRGAN_X4}


# ----------------------------------------------------------------------------------------------
# building blocks (x is [C,H,W] float)


def _trim_kernel(kernel: np.ndarray, rel_tol: float = 1e-8) -> np.ndarray:
    """Zero taps below rel_tol × the peak and crop all-zero outer rings (symmetrically). Narrow
    Gaussians on a 21×21 grid otherwise carry float32 denormals, which make conv2d ~4× slower,
    and convolve needlessly large supports. The change is < 1e-6 of the signal."""
    a = np.abs(kernel)
    k = np.where(a < rel_tol * a.max(), 0.0, kernel)
    c = k.shape[0] // 2
    ys, xs = np.nonzero(k)
    r = int(max(np.abs(ys - c).max(), np.abs(xs - c).max()))
    return k[c - r : c + r + 1, c - r : c + r + 1]


def filter2d(x: torch.Tensor, kernel: np.ndarray) -> torch.Tensor:
    """Depthwise 2-D filter of [C,H,W] with a centred odd kernel, reflect-padded (replicate when an
    image side is not larger than the padding)."""
    kernel = _trim_kernel(kernel)
    k = kernel.shape[0]
    if k == 1:
        return x * float(kernel[0, 0])
    p = k // 2
    c, h, w_ = x.shape
    mode = "reflect" if min(h, w_) > p else "replicate"
    xp = F.pad(x[None], (p, p, p, p), mode=mode)
    wk = torch.from_numpy(np.ascontiguousarray(kernel)).to(x.dtype).expand(c, 1, k, k).contiguous()
    return F.conv2d(xp, wk, groups=c)[0]


def resize(x: torch.Tensor, size: tuple[int, int], mode: str) -> torch.Tensor:
    if tuple(x.shape[-2:]) == tuple(size):
        return x
    kw = {} if mode == "area" else {"align_corners": False}
    return F.interpolate(x[None], size=size, mode=mode, **kw)[0]


def _torch_gen(rng: np.random.Generator) -> torch.Generator:
    return torch.Generator().manual_seed(int(rng.integers(0, 2**63 - 1)))


def add_gaussian_noise(x: torch.Tensor, rng: np.random.Generator, sigma: float, gray: bool) -> torch.Tensor:
    """x + N(0, (sigma/255)²), one noise plane shared by all channels when gray; clamped to [0,1]."""
    shape = (1, *x.shape[1:]) if gray else x.shape
    noise = torch.randn(shape, generator=_torch_gen(rng), dtype=x.dtype) * (sigma / 255.0)
    return (x + noise).clamp_(0, 1)


def add_poisson_noise(x: torch.Tensor, rng: np.random.Generator, scale: float, gray: bool) -> torch.Tensor:
    """Shot noise: the image quantised to 8 bits is treated as photon counts with 2^ceil(log2 #levels)
    levels (256 for natural photos); the noise (Poisson sample - mean) is multiplied by scale.
    Gray: computed once on the luma (BT.601) and added to all channels. Clamped to [0,1]."""
    src = x
    if gray:
        wts = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(3, 1, 1)
        src = (x * wts).sum(0, keepdim=True)
    q8 = (src * 255.0).round_().clamp_(0, 255)
    n_levels = int((torch.bincount(q8.flatten().to(torch.int64), minlength=256) > 0).sum())
    vals = float(2 ** int(np.ceil(np.log2(max(n_levels, 2)))))
    q = q8 / 255.0
    noise = torch.poisson(q * vals, generator=_torch_gen(rng)) / vals - q
    return (x + noise * scale).clamp_(0, 1)


def jpeg(x: torch.Tensor, quality: int) -> torch.Tensor:
    """JPEG round trip through PIL (libjpeg, 4:2:0) of [3,H,W] in [0,1]."""
    a = (x.clamp(0, 1) * 255.0).round_().to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
    buf = io.BytesIO()
    Image.fromarray(a, "RGB").save(buf, format="JPEG", quality=int(quality), subsampling=2)
    buf.seek(0)
    with Image.open(buf) as im:
        out = np.array(im.convert("RGB"))
    return torch.from_numpy(out).permute(2, 0, 1).to(x.dtype).div_(255.0).contiguous()


def quantize8(x: torch.Tensor) -> torch.Tensor:
    return (x * 255.0).round_().clamp_(0, 255).div_(255.0)


def _random_scale(rng: np.random.Generator, probs: Sequence[float], rng_range: Sequence[float]) -> float:
    p = np.asarray(probs, dtype=np.float64)
    kind = int(rng.choice(3, p=p / p.sum()))  # 0 up, 1 down, 2 keep
    if kind == 0:
        return float(rng.uniform(1.0, rng_range[1]))
    if kind == 1:
        return float(rng.uniform(rng_range[0], 1.0))
    return 1.0


def _random_mode(rng: np.random.Generator, modes: Sequence[str]) -> str:
    return modes[int(rng.integers(len(modes)))]


def _random_noise(
    x: torch.Tensor, rng: np.random.Generator, gauss_prob: float, sigma_range, poisson_range, gray_prob: float
) -> torch.Tensor:
    if rng.uniform() < gauss_prob:
        sigma = float(rng.uniform(*sigma_range))
        gray = bool(rng.uniform() < gray_prob)
        return add_gaussian_noise(x, rng, sigma, gray)
    scale = float(rng.uniform(*poisson_range))
    gray = bool(rng.uniform() < gray_prob)
    return add_poisson_noise(x, rng, scale, gray)


def _random_jpeg(x: torch.Tensor, rng: np.random.Generator, q_range: Sequence[int]) -> torch.Tensor:
    return jpeg(x, int(rng.integers(int(q_range[0]), int(q_range[1]) + 1)))


def _check_hq(hq: torch.Tensor, scale: int) -> None:
    if hq.dim() != 3 or hq.shape[0] != 3:
        raise ValueError(f"expected a [3,H,W] tensor, got shape {tuple(hq.shape)}")
    if not hq.is_floating_point():
        raise ValueError("expected a float tensor in [0,1]")
    h, w = hq.shape[-2:]
    if h % scale or w % scale:
        raise ValueError(f"H and W ({h}x{w}) must be multiples of scale {scale}")


# ----------------------------------------------------------------------------------------------


@torch.no_grad()
def degrade_realesrgan(
    hq: torch.Tensor, rng: np.random.Generator, params: DegradationParams = VARSR, scale: int = 4
) -> torch.Tensor:
    """Second-order Real-ESRGAN degradation of one HQ image [3,H,W] (float, [0,1]) to
    [3,H/scale,W/scale] float32 with values k/255. H and W must be multiples of scale."""
    _check_hq(hq, scale)
    p = params
    x = hq.detach().to(torch.float32).cpu()
    h, w = x.shape[-2:]
    oh, ow = h // scale, w // scale

    # Kernels are drawn up front (as in Real-ESRGAN), so the kernel stream does not depend on
    # which branches the image stages take.
    k1 = random_blur_kernel(
        rng, p.kernel_sizes, p.sinc_prob, p.kernel_types, p.kernel_probs, p.blur_sigma, p.betag_range, p.betap_range
    )
    k2 = random_blur_kernel(
        rng,
        p.kernel_sizes,
        p.sinc_prob2,
        p.kernel_types2,
        p.kernel_probs2,
        p.blur_sigma2,
        p.betag_range2,
        p.betap_range2,
    )
    k_final = random_final_sinc(rng, p.kernel_sizes) if rng.uniform() < p.final_sinc_prob else None

    # ---- stage 1
    x = filter2d(x, k1)
    s = _random_scale(rng, p.resize_probs, p.resize_range)
    x = resize(x, (max(1, int(h * s)), max(1, int(w * s))), _random_mode(rng, p.resize_modes))
    x = _random_noise(x, rng, p.gaussian_noise_prob, p.noise_range, p.poisson_scale_range, p.gray_noise_prob)
    x = _random_jpeg(x, rng, p.jpeg_range)

    # ---- stage 2
    if rng.uniform() < p.second_blur_prob:
        x = filter2d(x, k2)
    s = _random_scale(rng, p.resize_probs2, p.resize_range2)
    x = resize(x, (max(1, int(oh * s)), max(1, int(ow * s))), _random_mode(rng, p.resize_modes))
    x = _random_noise(x, rng, p.gaussian_noise_prob2, p.noise_range2, p.poisson_scale_range2, p.gray_noise_prob2)

    def resize_and_sinc(t: torch.Tensor) -> torch.Tensor:
        t = resize(t, (oh, ow), _random_mode(rng, p.resize_modes))
        return filter2d(t, k_final) if k_final is not None else t

    if rng.uniform() < 0.5:
        x = resize_and_sinc(x)
        x = _random_jpeg(x, rng, p.jpeg_range2)
    else:
        x = _random_jpeg(x, rng, p.jpeg_range2)
        x = resize_and_sinc(x)
    return quantize8(x.clamp_(0, 1))


@torch.no_grad()
def degrade_bicubic(hq: torch.Tensor, scale: int = 4) -> torch.Tensor:
    """Plain bicubic ×1/scale (antialiased), clamped and rounded to 8 bit."""
    _check_hq(hq, scale)
    h, w = hq.shape[-2:]
    x = F.interpolate(
        hq.detach().to(torch.float32).cpu()[None],
        size=(h // scale, w // scale),
        mode="bicubic",
        align_corners=False,
        antialias=True,
    )[0]
    return quantize8(x.clamp_(0, 1))
