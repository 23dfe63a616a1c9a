import dataclasses

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dvar.degrade import (
    KERNEL_TYPES,
    PRESETS,
    REALESRGAN_X4,
    VARSR,
    anisotropic_gaussian,
    degrade_bicubic,
    degrade_realesrgan,
    generalized_gaussian,
    isotropic_gaussian,
    pad_kernel,
    plateau,
    random_blur_kernel,
    random_final_sinc,
    random_mixed_kernel,
    sinc_kernel,
)
from dvar.degrade import pipeline as P


def smooth_image(h, w, seed=0):
    """A photo-like test image: smooth colour field plus some edges and texture."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(1, 3, h // 8 + 1, w // 8 + 1, generator=g)
    x = F.interpolate(x, size=(h, w), mode="bicubic", align_corners=False)[0]
    yy, xx = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    x = x + 0.25 * ((xx // 16 + yy // 16) % 2) + 0.05 * torch.rand(3, h, w, generator=g)
    return (x / x.amax()).clamp(0, 1)


# ------------------------------------------------------------------------------------------ kernels


@pytest.mark.parametrize(
    "k",
    [
        isotropic_gaussian(21, 2.0),
        isotropic_gaussian(7, 0.2),
        anisotropic_gaussian(21, 3.0, 0.5, 0.7),
        generalized_gaussian(15, 1.0, 2.0, -1.0, 0.5),
        generalized_gaussian(21, 2.5, 2.5, 0.0, 4.0),
        plateau(21, 1.5, 0.7, 2.0, 1.0),
        plateau(9, 1.0, 1.0, 0.0, 2.0),
        sinc_kernel(21, np.pi / 5),
        sinc_kernel(7, np.pi),
    ],
)
def test_kernel_sum_shape_symmetry(k):
    assert k.ndim == 2 and k.shape[0] == k.shape[1] and k.shape[0] % 2 == 1
    assert k.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(k, k[::-1, ::-1], atol=1e-15)  # point symmetric: conv == correlation
    c = k.shape[0] // 2
    assert k[c, c] == k.max()


def test_kernel_shapes_and_values():
    assert isotropic_gaussian(21, 1.0).shape == (21, 21)
    assert sinc_kernel(7, 1.0, pad_to=21).shape == (21, 21)
    assert pad_kernel(isotropic_gaussian(9, 1.0), 21)[:6].sum() == 0
    iso = isotropic_gaussian(21, 2.0)
    np.testing.assert_allclose(iso, iso.T, atol=1e-15)
    # anisotropic with θ = 0 is separable with σx along columns
    a = anisotropic_gaussian(21, 3.0, 1.0, 0.0)
    assert a[10, 10 + 3] > a[10 + 3, 10]
    # generalized with β = 1 is the Gaussian
    np.testing.assert_allclose(generalized_gaussian(21, 2.0, 1.0, 0.3, 1.0), anisotropic_gaussian(21, 2.0, 1.0, 0.3))
    # plateau: flatter top than the Gaussian for large β
    p = plateau(21, 2.0, 2.0, 0.0, 2.0)
    assert p[10, 11] / p[10, 10] > isotropic_gaussian(21, 2.0)[10, 11] / isotropic_gaussian(21, 2.0)[10, 10]
    # sinc has negative side lobes; ω = π on a 1-px grid is (close to) a pulse
    assert sinc_kernel(21, np.pi / 4).min() < 0
    assert sinc_kernel(21, np.pi)[10, 10] > 0.7
    with pytest.raises(ValueError):
        isotropic_gaussian(20, 1.0)


def test_random_kernels_ranges_and_determinism():
    rng = np.random.default_rng(0)
    sizes = set()
    for _ in range(200):
        k = random_blur_kernel(rng)
        sizes.add(k.shape[0])
        assert k.shape[0] == k.shape[1] and 7 <= k.shape[0] <= 21 and k.shape[0] % 2 == 1
        assert k.sum() == pytest.approx(1.0, abs=1e-9) and np.isfinite(k).all()
    assert sizes == set(range(7, 22, 2))
    for _ in range(50):
        k = random_final_sinc(rng)
        assert k.sum() == pytest.approx(1.0, abs=1e-9)
        assert random_mixed_kernel(rng, 21).shape == (21, 21)
    a = [random_blur_kernel(np.random.default_rng(7)) for _ in range(2)]
    np.testing.assert_array_equal(a[0], a[1])


def test_mixed_kernel_type_frequencies():
    # iso only: σ from range, so the central peak is bounded by σ's limits
    rng = np.random.default_rng(1)
    for _ in range(30):
        k = random_mixed_kernel(rng, 21, ("iso",), (1.0,), sigma_range=(0.2, 3.0))
        np.testing.assert_allclose(k, k.T, atol=1e-15)
        assert isotropic_gaussian(21, 3.0)[10, 10] - 1e-12 <= k[10, 10] <= isotropic_gaussian(21, 0.2)[10, 10] + 1e-12
    with pytest.raises(ValueError):
        random_mixed_kernel(rng, 21, ("bogus",), (1.0,))


# ------------------------------------------------------------------------------------------ presets


def test_presets_match_research_notes():
    v = VARSR
    assert v.kernel_probs == (0.45, 0.25, 0.12, 0.03, 0.12, 0.03) and v.kernel_types == KERNEL_TYPES
    assert (v.sinc_prob, v.blur_sigma, v.betag_range, v.betap_range) == (0.1, (0.2, 3.0), (0.5, 4.0), (1.0, 2.0))
    assert (v.resize_probs, v.resize_range) == ((0.2, 0.7, 0.1), (0.3, 1.5))
    assert (v.gaussian_noise_prob, v.noise_range, v.poisson_scale_range, v.gray_noise_prob) == (
        0.5,
        (1.0, 15.0),
        (0.05, 2.0),
        0.4,
    )
    assert v.jpeg_range == (60, 95)
    assert (v.second_blur_prob, v.blur_sigma2, v.sinc_prob2) == (0.5, (0.2, 1.5), 0.1)
    assert (v.resize_probs2, v.resize_range2) == ((0.3, 0.4, 0.3), (0.6, 1.2))
    assert (v.noise_range2, v.poisson_scale_range2, v.gray_noise_prob2, v.jpeg_range2) == (
        (1.0, 12.0),
        (0.05, 1.0),
        0.4,
        (60, 100),
    )
    assert v.final_sinc_prob == 0.8 and v.kernel_sizes == tuple(range(7, 22, 2))
    r = REALESRGAN_X4
    assert (r.resize_range, r.noise_range, r.poisson_scale_range, r.jpeg_range) == (
        (0.15, 1.5),
        (1.0, 30.0),
        (0.05, 3.0),
        (30, 95),
    )
    assert (r.second_blur_prob, r.resize_range2, r.noise_range2, r.poisson_scale_range2, r.jpeg_range2) == (
        0.8,
        (0.3, 1.2),
        (1.0, 25.0),
        (0.05, 2.5),
        (30, 95),
    )
    assert r.blur_sigma2 == v.blur_sigma2 and r.final_sinc_prob == 0.8
    assert PRESETS == {"varsr": VARSR, "realesrgan_x4": REALESRGAN_X4}


# ------------------------------------------------------------------------------------------ blocks


def test_gaussian_noise_added_and_gray():
    x = torch.full((3, 64, 64), 0.5)
    rng = np.random.default_rng(0)
    y = P.add_gaussian_noise(x, rng, 10.0, gray=False)
    d = y - x
    assert d.std().item() == pytest.approx(10 / 255, rel=0.1)
    assert not torch.equal(d[0], d[1])
    g = P.add_gaussian_noise(x, rng, 10.0, gray=True) - x
    assert torch.equal(g[0], g[1]) and torch.equal(g[1], g[2]) and g.std() > 0.02


def test_poisson_noise_added_scales_with_intensity():
    x = torch.linspace(0.02, 0.98, 256).expand(3, 64, 256).contiguous()  # 256 8-bit levels
    d = P.add_poisson_noise(x, np.random.default_rng(0), 1.0, gray=False) - x
    dark, bright = d[..., :64].std().item(), d[..., -64:].std().item()
    assert bright == pytest.approx(np.sqrt(0.9 / 256), rel=0.2)  # shot noise: var = signal / 256
    assert dark > 0.005 and bright > 2 * dark
    g = P.add_poisson_noise(x, np.random.default_rng(0), 1.0, gray=True) - x
    assert torch.allclose(g[0], g[1], atol=1e-6) and g.std() > 0.01


def test_jpeg_artifacts():
    x = smooth_image(64, 64)
    y = P.jpeg(x, 30)
    assert y.shape == x.shape and y.is_contiguous()
    assert 0.004 < (y - x).abs().mean().item() < 0.1
    assert (P.jpeg(x, 95) - x).abs().mean() < (y - x).abs().mean()


def test_filter2d_matches_direct_correlation_and_small_images():
    x = smooth_image(40, 48)
    k = anisotropic_gaussian(21, 2.0, 0.5, 0.4)
    ref = F.conv2d(F.pad(x[:, None], (10,) * 4, mode="reflect"), torch.from_numpy(k).float()[None, None])[:, 0]
    assert torch.allclose(P.filter2d(x, k), ref, atol=1e-5)
    tiny = torch.rand(3, 6, 5)
    out = P.filter2d(tiny, isotropic_gaussian(21, 3.0))  # smaller than the padding: replicate
    assert out.shape == tiny.shape and torch.isfinite(out).all()


# ------------------------------------------------------------------------------------------ pipeline


def _is_8bit(x):
    return torch.allclose(x * 255, (x * 255).round(), atol=1e-4)


@pytest.mark.parametrize("params", [VARSR, REALESRGAN_X4], ids=["varsr", "realesrgan_x4"])
def test_realesrgan_shape_range_quantization(params):
    hq = smooth_image(96, 128)
    for seed in range(6):
        lq = degrade_realesrgan(hq, np.random.default_rng(seed), params)
        assert lq.shape == (3, 24, 32) and lq.dtype == torch.float32
        assert lq.min() >= 0 and lq.max() <= 1 and _is_8bit(lq)


def test_realesrgan_nonsquare_small_and_scale2():
    lq = degrade_realesrgan(smooth_image(32, 64), np.random.default_rng(0))
    assert lq.shape == (3, 8, 16)
    lq2 = degrade_realesrgan(smooth_image(64, 48), np.random.default_rng(0), scale=2)
    assert lq2.shape == (3, 32, 24)
    with pytest.raises(ValueError):
        degrade_realesrgan(smooth_image(66, 64), np.random.default_rng(0))
    with pytest.raises(ValueError):
        degrade_realesrgan(smooth_image(64, 64)[None], np.random.default_rng(0))


def test_realesrgan_determinism():
    hq = smooth_image(64, 64)
    a = degrade_realesrgan(hq, np.random.default_rng(123))
    b = degrade_realesrgan(hq, np.random.default_rng(123))
    c = degrade_realesrgan(hq, np.random.default_rng(124))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_realesrgan_degrades_beyond_bicubic():
    hq = smooth_image(128, 128)
    bic = degrade_bicubic(hq)
    diffs = [(degrade_realesrgan(hq, np.random.default_rng(s)) - bic).abs().mean().item() for s in range(4)]
    assert min(diffs) > 2 / 255  # blur + noise + JPEG, not just a downscale


def test_noise_and_jpeg_present_without_blur_or_resize():
    # Blur and resizes switched off: what remains are noise and JPEG on top of plain downscaling.
    quiet = dataclasses.replace(
        VARSR,
        kernel_sizes=(1,),
        sinc_prob=0.0,
        resize_probs=(0, 0, 1),
        second_blur_prob=0.0,
        resize_probs2=(0, 0, 1),
        final_sinc_prob=0.0,
        resize_modes=("area",),
    )
    flat = torch.full((3, 64, 64), 0.5)
    lq = degrade_realesrgan(flat, np.random.default_rng(0), quiet)
    assert lq.std() > 1 / 255  # noise survives on a flat image
    noiseless = dataclasses.replace(
        quiet,
        noise_range=(0.0, 0.0),
        noise_range2=(0.0, 0.0),
        poisson_scale_range=(0.0, 0.0),
        poisson_scale_range2=(0.0, 0.0),
        jpeg_range=(100, 100),
        jpeg_range2=(100, 100),
    )
    g = torch.Generator().manual_seed(0)  # low-frequency content: 4:2:0 chroma survives at 32²
    hq = F.interpolate(torch.rand(1, 3, 5, 5, generator=g), size=(128, 128), mode="bilinear")[0]
    ref = F.adaptive_avg_pool2d(hq[None], (32, 32))[0]
    clean = degrade_realesrgan(hq, np.random.default_rng(0), noiseless)
    assert (clean - ref).abs().mean() < 4 / 255  # otherwise an area downscale (+ JPEG q100, 4:2:0)
    jpeg_only = dataclasses.replace(noiseless, jpeg_range=(10, 10), jpeg_range2=(10, 10))
    art = degrade_realesrgan(hq, np.random.default_rng(0), jpeg_only)
    assert (art - ref).abs().mean() > 2 * (clean - ref).abs().mean()


def test_bicubic():
    hq = smooth_image(64, 96)
    lq = degrade_bicubic(hq)
    assert lq.shape == (3, 16, 24) and lq.dtype == torch.float32 and _is_8bit(lq)
    ref = F.interpolate(hq[None], size=(16, 24), mode="bicubic", antialias=True, align_corners=False)[0]
    assert (lq - ref.clamp(0, 1)).abs().max() <= 0.5 / 255 + 1e-6
    assert torch.equal(degrade_bicubic(hq), lq)
