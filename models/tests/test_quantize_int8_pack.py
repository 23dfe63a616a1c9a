"""A pack with chosen graphs in int8 (dvar.quantize.int8_pack), built from the tiny fixture pack: the
manifest names each int8 graph's file, digest, recipe and source; the other files are copied unchanged;
external weights no graph reads any more are dropped, those still read are kept; the base pack is only
read; graphs already int8 and an output folder equal to the base are refused."""

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import pytest

from dvar.pack.pack_runner import PackTokenPath
from dvar.quantize.int8 import synthetic_crops
from dvar.quantize.int8_pack import build_int8_pack, external_data_files

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"
CALIBRATION = "4 synthetic crops"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def crops():
    return synthetic_crops(4, 32, seed=3)


def test_int8_pack_records_its_graphs_and_drops_unread_weights(tmp_path, crops):
    before = _digests(TINY)
    out = tmp_path / "tiny-int8"
    manifest = build_int8_pack(TINY, out, ["encoder", "prefix", "step"], crops, CALIBRATION, "1.0.1")
    assert _digests(TINY) == before, "the base pack is only read"
    base = json.loads((TINY / "manifest.json").read_text())
    assert json.loads((out / "manifest.json").read_text()) == manifest
    assert manifest["version"] == "1.0.1"

    for name, spec in manifest["graphs"].items():
        assert _sha(out / spec["file"]) == spec["sha256"], name
        assert spec["inputs"] == base["graphs"][name]["inputs"] and spec["outputs"] == base["graphs"][name]["outputs"]
    q = {name: spec.get("quantization") for name, spec in manifest["graphs"].items()}
    assert q["encoder"] == {
        "scheme": "static_int8_qdq",
        "calibration": CALIBRATION,
        "float32Sha256": base["graphs"]["encoder"]["sha256"],
    }
    assert q["prefix"] == {
        "scheme": "dynamic_int8_matmul",
        "calibration": None,
        "float32Sha256": base["graphs"]["prefix"]["sha256"],
    }
    assert q["step"]["scheme"] == "dynamic_int8_matmul"
    assert all(q[g] is None for g in q if g not in ("encoder", "prefix", "step"))
    ops = {n.op_type for n in onnx.load(str(out / manifest["graphs"]["step"]["file"])).graph.node}
    assert "MatMulInteger" in ops

    # Both transformer graphs are int8 and hold their weights inline: the shared file goes.
    assert manifest["dataFiles"] == [] and not (out / "transformer-weights.bin").exists()
    assert manifest["provenance"]["int8"]["droppedDataFiles"] == ["transformer-weights.bin"]
    assert manifest["provenance"]["int8"]["base"] == {"name": base["name"], "version": base["version"]}
    # Float32 graphs are byte copies; no file is left that the manifest does not name.
    for name in ("decoder", "condition", "quantize"):
        assert _sha(out / manifest["graphs"][name]["file"]) == base["graphs"][name]["sha256"]
    assert {p.name for p in out.iterdir()} == {"manifest.json", *(s["file"] for s in manifest["graphs"].values())}

    # The pack runs: its token path (int8 encoder) gives a latent of the float32 pack's shape, close to it.
    lq = synthetic_crops(1, 32, seed=9)[0]
    a, b = PackTokenPath(TINY).f_hat(lq), PackTokenPath(out).f_hat(lq)
    assert a.shape == b.shape and np.isfinite(b).all()


def test_weights_a_float32_graph_still_reads_are_kept(tmp_path, crops):
    manifest = build_int8_pack(TINY, tmp_path / "p", ["prefix"], crops, CALIBRATION, "1.0.1")
    assert external_data_files(TINY / "step.onnx") == {"transformer-weights.bin"}
    assert [d["file"] for d in manifest["dataFiles"]] == ["transformer-weights.bin"]
    assert _sha(tmp_path / "p" / "transformer-weights.bin") == manifest["dataFiles"][0]["sha256"]


def test_int8_graphs_and_the_base_folder_itself_are_refused(tmp_path, crops):
    out = tmp_path / "p"
    build_int8_pack(TINY, out, ["prefix"], crops, CALIBRATION, "1.0.1")
    with pytest.raises(ValueError, match="already int8"):
        build_int8_pack(out, tmp_path / "q", ["prefix"], crops, CALIBRATION, "1.0.2")
    with pytest.raises(ValueError, match="only read"):
        build_int8_pack(out, out, ["encoder"], crops, CALIBRATION, "1.0.2")
    with pytest.raises(ValueError, match="no int8 recipe"):
        build_int8_pack(TINY, tmp_path / "r", ["condition"], crops, CALIBRATION, "1.0.2")
    assert not (tmp_path / "r").exists() and not (tmp_path / "q").exists()


def test_transformer_int8_writes_nothing_beside_the_base_graph(tmp_path, monkeypatch):
    """onnxruntime writes a shape-inferred copy next to the graph it quantizes: that must be a copy in a
    temporary folder, never the base pack (read-only when installed, and read by other runs meanwhile)."""
    import onnx.shape_inference

    from dvar.quantize.int8 import quantize_transformer

    written = []
    real = onnx.shape_inference.infer_shapes_path

    def spy(model_path, output_path="", *args, **kwargs):
        written.append(Path(output_path or model_path).resolve())
        return real(model_path, output_path, *args, **kwargs)

    monkeypatch.setattr(onnx.shape_inference, "infer_shapes_path", spy)
    before = _digests(TINY)
    quantize_transformer(TINY / "prefix.onnx", tmp_path / "prefix.int8.onnx")
    assert written, "the spy saw onnxruntime's shape inference"
    assert all(TINY.resolve() not in p.parents for p in written), written
    assert _digests(TINY) == before
    assert onnx.load(str(tmp_path / "prefix.int8.onnx")).graph.node
