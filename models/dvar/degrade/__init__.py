"""Synthetic low-quality inputs for super-resolution training: Real-ESRGAN second-order degradation
(VARSR's parameters by default) and plain bicubic downscaling."""

from .kernels import (
    KERNEL_TYPES,
    anisotropic_gaussian,
    generalized_gaussian,
    isotropic_gaussian,
    pad_kernel,
    plateau,
    random_blur_kernel,
    random_final_sinc,
    random_mixed_kernel,
    sinc_kernel,
)
from .pipeline import (
    PRESETS,
    REALESRGAN_X4,
    VARSR,
    DegradationParams,
    degrade_bicubic,
    degrade_realesrgan,
)

__all__ = [
    "KERNEL_TYPES",
    "PRESETS",
    "REALESRGAN_X4",
    "VARSR",
    "DegradationParams",
    "anisotropic_gaussian",
    "degrade_bicubic",
    "degrade_realesrgan",
    "generalized_gaussian",
    "isotropic_gaussian",
    "pad_kernel",
    "plateau",
    "random_blur_kernel",
    "random_final_sinc",
    "random_mixed_kernel",
    "sinc_kernel",
]
