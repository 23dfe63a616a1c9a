"""Pieces of the restorer pack build: float16 weight storage is exact or refused, and the detail
transfer keeps the restorer's fine detail over the decoder's coarse bands."""

import warnings

import numpy as np
import onnxruntime as ort
import pytest
import torch

from dvar.model.fidelity import low_pass
from dvar.restorer.detail_transfer import detail_transfer
from dvar.restorer.fp16_storage import store_float16


def _export_conv(path, weight: torch.Tensor):
    conv = torch.nn.Conv2d(16, 16, 3, padding=1)
    with torch.no_grad():
        conv.weight.copy_(weight)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(conv, (torch.rand(1, 16, 8, 8),), str(path), input_names=["x"], output_names=["y"], dynamo=False)


def test_float16_storage_is_exact(tmp_path):
    weight = torch.randn(16, 16, 3, 3).half().float()  # representable, like x4plus's ncnn weights
    _export_conv(tmp_path / "a.onnx", weight)
    assert store_float16(tmp_path / "a.onnx", tmp_path / "b.onnx") == 1
    assert (tmp_path / "b.onnx").stat().st_size < 0.6 * (tmp_path / "a.onnx").stat().st_size
    x = np.random.rand(1, 16, 8, 8).astype(np.float32)
    run = lambda p: ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    assert np.array_equal(run(tmp_path / "a.onnx"), run(tmp_path / "b.onnx"))


def test_float16_storage_refuses_to_round(tmp_path):
    _export_conv(tmp_path / "a.onnx", torch.randn(16, 16, 3, 3))
    with pytest.raises(ValueError, match="not exactly representable"):
        store_float16(tmp_path / "a.onnx", tmp_path / "b.onnx")


def test_detail_transfer_splits_bands():
    g = torch.Generator().manual_seed(0)
    decoded, restored = torch.rand(1, 3, 40, 40, generator=g), torch.rand(1, 3, 40, 40, generator=g)
    out = detail_transfer(decoded, restored, 2)
    # the low-pass is linear: the output is the restorer's image plus the decoder's coarse difference
    assert torch.allclose(out - restored, low_pass(decoded - restored, 2), atol=1e-6)
    assert not torch.allclose(out, restored, atol=1e-3) and not torch.allclose(out, decoded, atol=1e-3)
    assert torch.allclose(detail_transfer(decoded, decoded, 3), decoded, atol=1e-6)
