"""dvar.quantize.nhwc_body: the int8 restorer rewritten in NHWC computes what the QDQ graph computes, bit
for bit, without the float32 glue; a pack rewrite records it and leaves the base pack alone."""

import json
import shutil

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from dvar.pack.export import _sha256
from dvar.quantize.int8 import quantize_pack
from dvar.quantize.nhwc_body import rewrite_graph, rewrite_pack


def _run(path, x):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"lq": x})[0]


@pytest.fixture(scope="module")
def rewritten(small_restorer, tmp_path_factory):
    out = tmp_path_factory.mktemp("nhwc") / "restorer.int8.onnx"
    rewrite_graph(small_restorer[3], out)
    return out


@pytest.mark.parametrize("h, w", [(24, 20), (17, 31)])
def test_the_rewrite_gives_the_qdq_graphs_output_bit_for_bit(small_restorer, rewritten, h, w):
    x = np.random.default_rng(h * w).random((1, 3, h, w), dtype=np.float32)
    before, after = _run(small_restorer[3], x), _run(rewritten, x)
    assert after.shape == (1, 3, 4 * h, 4 * w)
    assert np.array_equal(before, after)
    assert np.abs(before - _run(small_restorer[2], x)).max() > 0  # the int8 graph is not the float32 one: a real check


def test_between_the_float32_convs_everything_is_int8_nhwc(small_restorer, rewritten):
    nodes = onnx.load(str(rewritten)).graph.node
    ops = [n.op_type for n in nodes]
    convs = [n for n in nodes if n.op_type in ("Conv", "QLinearConv")]
    assert [n.op_type for n in convs].count("Conv") == 2  # conv_first and conv_last, float32 by the recipe
    for n in convs:
        if n.op_type == "QLinearConv":
            assert n.domain == "com.microsoft"
            assert {a.name: a.i for a in n.attribute}["channels_last"] == 1
    concats = [n for n in nodes if n.op_type == "Concat"]
    assert concats and all({a.name: a.i for a in n.attribute}["axis"] == 3 for n in concats)  # channels last
    assert ops.count("Transpose") == 2  # into NHWC after conv_first, back before conv_last
    before = [n.op_type for n in onnx.load(str(small_restorer[3])).graph.node]
    assert ops.count("QuantizeLinear") + ops.count("DequantizeLinear") < before.count("DequantizeLinear") / 3


def test_a_pack_rewrite_records_itself_and_only_reads_its_base(small_restorer, tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    shutil.copy(small_restorer[3], base / "restorer.int8.onnx")
    (base / "notes.txt").write_text("copied as is\n")
    manifest = {
        "name": "t",
        "version": "1.0.0",
        "graphs": {
            "restorer": {
                "file": "restorer.int8.onnx",
                "sha256": _sha256(base / "restorer.int8.onnx"),
                "quantization": {"scheme": "static_int8_qdq", "calibration": "4 crops", "float32Sha256": "ab" * 32},
            }
        },
    }
    (base / "manifest.json").write_text(json.dumps(manifest))
    before = {p.name: p.read_bytes() for p in base.iterdir()}

    rewrite_pack(base, tmp_path / "out", "1.0.1")

    assert {p.name: p.read_bytes() for p in base.iterdir()} == before
    got = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert got["version"] == "1.0.1"
    assert got["graphs"]["restorer"]["sha256"] == _sha256(tmp_path / "out" / "restorer.int8.onnx")
    assert got["graphs"]["restorer"]["quantization"] == manifest["graphs"]["restorer"]["quantization"]
    assert "nhwc_body" in got["provenance"]["int8"]["graphs"]["restorer"]
    assert (tmp_path / "out" / "notes.txt").read_text() == "copied as is\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base", "out"]  # no staging folder left


def test_a_pack_without_an_int8_restorer_is_refused_and_nothing_is_written(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    (base / "manifest.json").write_text(
        json.dumps({"name": "t", "version": "1", "graphs": {"restorer": {"file": "restorer.onnx", "sha256": "00" * 32}}})
    )
    with pytest.raises(ValueError, match="no int8 restorer"):
        rewrite_pack(base, tmp_path / "out", "2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base"]


def test_quantize_pack_ships_the_restorer_rewritten(small_restorer, tmp_path):
    net, crops, fp32, int8 = small_restorer
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(fp32, pack / "restorer.onnx")
    (pack / "manifest.json").write_text(
        json.dumps({"graphs": {"restorer": {"file": "restorer.onnx", "sha256": _sha256(pack / "restorer.onnx")}}})
    )
    report = quantize_pack(pack, tmp_path / "int8", ["restorer"], crops)
    built = tmp_path / "int8" / report["restorer"]["file"]
    assert "QLinearConv" in {n.op_type for n in onnx.load(str(built)).graph.node}
    assert "nhwc_body" in report["restorer"]["method"]
    x = crops[0]
    assert np.array_equal(_run(built, x), _run(int8, x))  # the same recipe, the same calibration, same result
