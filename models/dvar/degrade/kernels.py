"""Blur kernels of the Real-ESRGAN degradation model (Wang et al., Real-ESRGAN, ICCVW 2021; github.com/xinntao/Real-ESRGAN).

Every kernel is a centred, odd-sized float64 numpy array normalised to sum 1. All of them are
point-symmetric (k[i, j] == k[-1-i, -1-j]), so correlation (F.conv2d) and convolution coincide.

Kernel families, with d = (x, y) the offset from the centre and Σ = R(θ) diag(σx², σy²) R(θ)ᵀ:
- Gaussian:             exp(-½ dᵀΣ⁻¹d)                  (isotropic: σx = σy, θ = 0)
- generalized Gaussian: exp(-½ (dᵀΣ⁻¹d)^β)              (β < 1 heavier tails, β > 1 flatter top)
- plateau:              1 / (1 + (dᵀΣ⁻¹d)^β)
- sinc (ideal circular low-pass with cut-off ω_c, radians per pixel): ω_c J₁(ω_c r) / (2π r),
  value ω_c² / (4π) at r = 0; models ringing and overshoot artifacts.

The samplers take an `np.random.Generator`, so a seed reproduces the exact kernel.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import special

KERNEL_TYPES = ("iso", "aniso", "generalized_iso", "generalized_aniso", "plateau_iso", "plateau_aniso")


def _check_size(size: int) -> None:
    if size < 1 or size % 2 == 0:
        raise ValueError(f"kernel size must be a positive odd integer, got {size}")


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    _check_size(size)
    r = np.arange(size, dtype=np.float64) - size // 2
    yy, xx = np.meshgrid(r, r, indexing="ij")
    return xx, yy


def _normalize(k: np.ndarray) -> np.ndarray:
    s = k.sum()
    if not np.isfinite(s) or s <= 0:
        raise ValueError("kernel has no positive mass")
    return k / s


def mahalanobis_sq(size: int, sigma_x: float, sigma_y: float, theta: float) -> np.ndarray:
    """dᵀΣ⁻¹d on a size×size grid for Σ = R(θ) diag(σx², σy²) R(θ)ᵀ."""
    if sigma_x <= 0 or sigma_y <= 0:
        raise ValueError("sigmas must be positive")
    xx, yy = _grid(size)
    c, s = np.cos(theta), np.sin(theta)
    u = c * xx + s * yy  # coordinates along the rotated principal axes
    v = -s * xx + c * yy
    return (u / sigma_x) ** 2 + (v / sigma_y) ** 2


def isotropic_gaussian(size: int, sigma: float) -> np.ndarray:
    return anisotropic_gaussian(size, sigma, sigma, 0.0)


def anisotropic_gaussian(size: int, sigma_x: float, sigma_y: float, theta: float) -> np.ndarray:
    return _normalize(np.exp(-0.5 * mahalanobis_sq(size, sigma_x, sigma_y, theta)))


def generalized_gaussian(size: int, sigma_x: float, sigma_y: float, theta: float, beta: float) -> np.ndarray:
    if beta <= 0:
        raise ValueError("beta must be positive")
    return _normalize(np.exp(-0.5 * mahalanobis_sq(size, sigma_x, sigma_y, theta) ** beta))


def plateau(size: int, sigma_x: float, sigma_y: float, theta: float, beta: float) -> np.ndarray:
    if beta <= 0:
        raise ValueError("beta must be positive")
    return _normalize(1.0 / (1.0 + mahalanobis_sq(size, sigma_x, sigma_y, theta) ** beta))


def sinc_kernel(size: int, omega_c: float, pad_to: int | None = None) -> np.ndarray:
    """Circular low-pass (2-D sinc) kernel with cut-off omega_c in (0, π]; optionally zero-padded
    to pad_to × pad_to (odd, >= size)."""
    if not 0 < omega_c <= np.pi + 1e-9:
        raise ValueError("omega_c must be in (0, pi]")
    xx, yy = _grid(size)
    r = np.hypot(xx, yy)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = omega_c * special.j1(omega_c * r) / (2 * np.pi * r)
    k[size // 2, size // 2] = omega_c**2 / (4 * np.pi)
    k = _normalize(k)
    return pad_kernel(k, pad_to) if pad_to else k


def pad_kernel(k: np.ndarray, size: int) -> np.ndarray:
    """Zero-pad a centred odd kernel to size × size."""
    _check_size(size)
    p = (size - k.shape[0]) // 2
    if p < 0:
        raise ValueError("cannot pad a kernel to a smaller size")
    return np.pad(k, p)


def _sample_beta(rng: np.random.Generator, beta_range: Sequence[float]) -> float:
    # Half the time below 1, half the time above 1 (Real-ESRGAN's rule), so both tail regimes are
    # equally likely whatever the width of each side of the range.
    lo, hi = beta_range
    if rng.uniform() < 0.5:
        return float(rng.uniform(lo, min(1.0, hi)))
    return float(rng.uniform(max(1.0, lo), hi))


def random_mixed_kernel(
    rng: np.random.Generator,
    size: int,
    kernel_types: Sequence[str] = KERNEL_TYPES,
    kernel_probs: Sequence[float] = (0.45, 0.25, 0.12, 0.03, 0.12, 0.03),
    sigma_range: Sequence[float] = (0.2, 3.0),
    betag_range: Sequence[float] = (0.5, 4.0),
    betap_range: Sequence[float] = (1.0, 2.0),
) -> np.ndarray:
    """One kernel of a type drawn with kernel_probs; σ (per axis when anisotropic) uniform in
    sigma_range, rotation uniform in [-π, π], β from betag_range / betap_range."""
    probs = np.asarray(kernel_probs, dtype=np.float64)
    kind = kernel_types[int(rng.choice(len(kernel_types), p=probs / probs.sum()))]
    if kind not in KERNEL_TYPES:
        raise ValueError(f"unknown kernel type {kind!r}")
    iso = kind.endswith("iso") and not kind.endswith("aniso")
    sx = float(rng.uniform(*sigma_range))
    if iso:
        sy, theta = sx, 0.0
    else:
        sy = float(rng.uniform(*sigma_range))
        theta = float(rng.uniform(-np.pi, np.pi))
    if kind.startswith("generalized"):
        return generalized_gaussian(size, sx, sy, theta, _sample_beta(rng, betag_range))
    if kind.startswith("plateau"):
        return plateau(size, sx, sy, theta, _sample_beta(rng, betap_range))
    return anisotropic_gaussian(size, sx, sy, theta)


def random_blur_kernel(
    rng: np.random.Generator,
    kernel_sizes: Sequence[int] = tuple(range(7, 22, 2)),
    sinc_prob: float = 0.1,
    kernel_types: Sequence[str] = KERNEL_TYPES,
    kernel_probs: Sequence[float] = (0.45, 0.25, 0.12, 0.03, 0.12, 0.03),
    sigma_range: Sequence[float] = (0.2, 3.0),
    betag_range: Sequence[float] = (0.5, 4.0),
    betap_range: Sequence[float] = (1.0, 2.0),
) -> np.ndarray:
    """A stage blur kernel: size uniform over kernel_sizes; with sinc_prob a sinc kernel (ω_c in
    [π/3, π] for sizes < 13, else [π/5, π]), otherwise random_mixed_kernel. Returned at its own
    size (not padded); pad_kernel(k, 21) gives Real-ESRGAN's fixed 21×21 layout."""
    size = int(rng.choice(np.asarray(kernel_sizes)))
    if rng.uniform() < sinc_prob:
        lo = np.pi / 3 if size < 13 else np.pi / 5
        return sinc_kernel(size, float(rng.uniform(lo, np.pi)))
    return random_mixed_kernel(rng, size, kernel_types, kernel_probs, sigma_range, betag_range, betap_range)


def random_final_sinc(rng: np.random.Generator, kernel_sizes: Sequence[int] = tuple(range(7, 22, 2))) -> np.ndarray:
    """The final-stage sinc: size uniform over kernel_sizes, ω_c uniform in [π/3, π]."""
    size = int(rng.choice(np.asarray(kernel_sizes)))
    return sinc_kernel(size, float(rng.uniform(np.pi / 3, np.pi)))
