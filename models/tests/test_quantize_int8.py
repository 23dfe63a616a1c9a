"""int8 copies of pack graphs (dvar.quantize.int8), on the tiny fixture pack: each quantized graph runs
with the same inputs and outputs as its float32 original, really holds int8 arithmetic, and stays
within a bounded error of it; folding float16-stored weights back to float32 changes nothing."""

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from dvar.model.rope import rope_positions
from dvar.quantize.int8 import calibration_feeds, float32_weights, quantize_pack, synthetic_crops

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


def _run(path: Path, feeds: dict) -> list[np.ndarray]:
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, feeds)


def _rel_rms(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)) / (np.sqrt(np.mean(b**2)) + 1e-12))


def _ops(path: Path) -> set[str]:
    return {n.op_type for n in onnx.load(str(path)).graph.node}


def test_float16_weights_fold_back_to_the_same_graph(tmp_path):
    w = np.random.default_rng(0).standard_normal((4, 3, 3, 3)).astype(np.float16)
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["w_fp16"], ["w"], to=TensorProto.FLOAT),
            helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1]),
        ],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 8, 8])],
        [numpy_helper.from_array(w, "w_fp16")],
    )
    src, dst = tmp_path / "fp16.onnx", tmp_path / "fp32.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(src))
    assert float32_weights(src, dst) == 1
    assert _ops(dst) == {"Conv"}
    x = np.random.default_rng(1).random((1, 3, 8, 8), dtype=np.float32)
    np.testing.assert_array_equal(_run(dst, {"x": x})[0], _run(src, {"x": x})[0])


def test_tiny_pack_graphs_quantize_to_runnable_int8_within_bounds(tmp_path):
    crops = synthetic_crops(4, 32, seed=3)
    report = quantize_pack(TINY, tmp_path, ["encoder", "prefix", "step", "decoder"], crops)
    assert set(report) == {"encoder", "prefix", "step", "decoder"}
    manifest = json.loads((TINY / "manifest.json").read_text())
    assert all(report[g]["float32Sha256"] == manifest["graphs"][g]["sha256"] for g in report), "each int8 graph names its source"
    held_out = synthetic_crops(1, 32, seed=9)[0]

    # Convolutional graphs: static QDQ. Bounds: within 15 % RMS of the float32 outputs (the tiny pack's
    # random weights measure 5–9 %; a broken scale or zero point gives ~100 %).
    assert {"QuantizeLinear", "DequantizeLinear"} <= _ops(tmp_path / "encoder.onnx")
    latent, features = _run(TINY / "encoder.onnx", {"lq": held_out})
    latent8, features8 = _run(tmp_path / "encoder.onnx", {"lq": held_out})
    assert latent8.shape == latent.shape and features8.shape == features.shape
    assert _rel_rms(latent8, latent) < 0.15 and _rel_rms(features8, features) < 0.15
    feed = calibration_feeds(TINY, "decoder", [held_out])[0]
    out, out8 = _run(TINY / "decoder.onnx", feed)[0], _run(tmp_path / "decoder.onnx", feed)[0]
    assert out8.shape == out.shape and _rel_rms(out8, out) < 0.15

    # Transformer graphs: dynamic int8 MatMuls, standing alone without the pack's external weights.
    assert "MatMulInteger" in _ops(tmp_path / "prefix.onnx") and "MatMulInteger" in _ops(tmp_path / "step.onnx")
    assert not any(
        i.data_location == TensorProto.EXTERNAL
        for i in onnx.load(str(tmp_path / "step.onnx"), load_external_data=False).graph.initializer
    )
    H, W = 4 * 32, 4 * 32
    hl, wl = H // manifest["latent"]["downsample"], W // manifest["latent"]["downsample"]
    cond = _run(TINY / "condition.onnx", {"target_size": np.array([[H, W]], np.float32)})[0]
    positions = np.ascontiguousarray(rope_positions(hl, wl, manifest["transformer"]["ropeFrame"]), dtype=np.float32)
    prefix_feed = {"features": features, "cond": cond, "positions": positions}
    for a, b in zip(_run(tmp_path / "prefix.onnx", prefix_feed), _run(TINY / "prefix.onnx", prefix_feed)):
        assert a.shape == b.shape and _rel_rms(a, b) < 0.15
