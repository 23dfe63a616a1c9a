"""What the restorer conversion tests compare against: ncnn itself, on the CPU, running the wheel's
files on a real photograph (the CC0 crop in fixtures/)."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

PHOTO = Path(__file__).parent / "fixtures" / "seeding-crop-48x32.png"  # CC0-1.0, Clemens Engelhardt


def photo() -> np.ndarray:
    """The crop as planar float32 RGB in [0, 1], [3, 32, 48]."""
    return np.ascontiguousarray(np.asarray(Image.open(PHOTO).convert("RGB"), np.float32).transpose(2, 0, 1) / 255)


def ncnn_output(param: Path, weights: Path) -> np.ndarray:
    """ncnn's own output for `photo()` (skips the test where the ncnn package is missing)."""
    ncnn = pytest.importorskip("ncnn")
    net = ncnn.Net()
    net.opt.use_vulkan_compute = False
    net.opt.num_threads = 1
    net.load_param(str(param))
    net.load_model(str(weights))
    pixels = photo()  # ncnn.Mat borrows this buffer: keep it alive until extract() is done
    ex = net.create_extractor()
    ex.input("data", ncnn.Mat(pixels))
    _, out = ex.extract("output")
    return np.array(out)
