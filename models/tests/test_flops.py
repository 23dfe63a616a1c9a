"""dvar.flops counts MatMul/Gemm/Conv multiply-adds from the shapes a graph really runs with."""

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

from dvar.pack.flops import CountingGraph, matmul_macs, pack_flops

TINY = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "packs" / "tiny"


def _graph(path: Path) -> None:
    """x [1,3,h,w] -> Conv 3x3 (8 out) -> reshape to [h*w, 8] via Shape ops -> MatMul [8,5] -> Gemm [5,4]."""
    f = helper.make_tensor
    inits = [
        f("cw", TensorProto.FLOAT, [8, 3, 3, 3], [0.0] * 216),
        f("mw", TensorProto.FLOAT, [8, 5], [0.0] * 40),
        f("gw", TensorProto.FLOAT, [4, 5], [0.0] * 20),
        f("perm_shape", TensorProto.INT64, [2], [-1, 8]),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "cw"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Transpose", ["c"], ["t"], perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["t", "perm_shape"], ["r"]),
        helper.make_node("MatMul", ["r", "mw"], ["m"]),
        helper.make_node("Gemm", ["m", "gw"], ["y"], transB=1),
    ]
    g = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "h", "w"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        inits,
    )
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))


def test_counts_every_kind_at_the_run_size(tmp_path):
    _graph(tmp_path / "g.onnx")
    g = CountingGraph(tmp_path / "g.onnx", threads=1)
    h, w = 6, 10
    macs = h * w * 8 * 27 + h * w * 8 * 5 + h * w * 5 * 4
    assert g.flops({"x": np.zeros((1, 3, h, w), np.float32)}) == 2 * macs


def test_matmul_broadcasts_batches():
    assert matmul_macs([2, 4, 3, 5], [5, 7]) == 2 * 4 * 3 * 5 * 7
    assert matmul_macs([5], [5, 7]) == 35


def test_pack_step_flops_grow_with_the_scale():
    (tile,) = pack_flops(TINY, [(16, 24)], threads=1)
    assert tile["latent"] == [8, 12] and len(tile["step_per_scale"]) == len(tile["schedule"]) - 1
    assert tile["step_per_scale"] == sorted(tile["step_per_scale"])
    assert tile["total"] == sum(tile["graphs"].values()) > 0


def test_int8_forms_count_like_their_float32_forms(small_restorer, tmp_path):
    """The restorer as float32 Convs, as QDQ int8 Convs and rewritten into NHWC QLinearConvs: one count."""
    from dvar.quantize.nhwc_body import rewrite_graph

    _, _, fp32, int8 = small_restorer
    rewrite_graph(int8, tmp_path / "nhwc.onnx")
    x = {"lq": np.zeros((1, 3, 12, 9), np.float32)}
    counts = [CountingGraph(p, threads=1).flops(x) for p in (fp32, int8, tmp_path / "nhwc.onnx")]
    assert counts[0] > 0 and counts == [counts[0]] * 3


def test_matmul_integer_counts_like_matmul(tmp_path):
    f = helper.make_tensor
    g = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b"], ["y"])],
        "g",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, ["n", 6])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, None)],
        [f("b", TensorProto.INT8, [6, 4], [0] * 24)],
    )
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(tmp_path / "m.onnx"))
    assert CountingGraph(tmp_path / "m.onnx", threads=1).flops({"a": np.zeros((5, 6), np.uint8)}) == 2 * 5 * 6 * 4
