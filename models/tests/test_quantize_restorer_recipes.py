"""The restorer's post-training int8 recipes (dvar.quantize.restorer_recipes) on a small random RRDBNet:
each recipe gives a runnable int8 graph that keeps the float32 convs it names, and bias correction moves
the int8 graph's mean output towards float32's."""

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from dvar.quantize.int8 import synthetic_crops
from dvar.quantize.restorer_recipes import RECIPES, prepare, quantize
from dvar.restorer.build_pack import RestorerGraph, _export
from dvar.restorer.rrdbnet import RRDBNet


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    torch.manual_seed(1)
    folder = tmp_path_factory.mktemp("recipes")
    path, prepared = folder / "restorer.onnx", folder / "prepared.onnx"
    net = RRDBNet(num_blocks=1, channels=16, growth=8)
    with torch.no_grad():
        net.conv_last.bias += 0.5  # mid-gray output: a random net's would sit at 0, where the graph clamps
    _export(
        RestorerGraph(net),
        (torch.rand(1, 3, 24, 20),),
        path,
        ["lq"],
        ["restored"],
        {"lq": {2: "h", 3: "w"}, "restored": {2: "H", 3: "W"}},
    )
    prepare(path, prepared)
    return prepared


def _run(path, x):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"lq": x})[0]


def _float_convs(path) -> set[str]:
    model = onnx.load(str(path))
    producer = {o: n for n in model.graph.node for o in n.output}
    return {
        n.name.split("/")[2]
        for n in model.graph.node
        if n.op_type == "Conv" and (producer.get(n.input[1]) is None or producer[n.input[1]].op_type != "DequantizeLinear")
    }


@pytest.mark.parametrize("name", ["all-ops", "conv-only, image convs float32", "conv-only, head and tail float32"])
def test_each_recipe_runs_and_keeps_its_float32_convs(graph, tmp_path, name):
    dst = tmp_path / "int8.onnx"
    quantize(graph, dst, RECIPES[name], lambda n: synthetic_crops(n, 24, seed=2))
    assert _float_convs(dst) == set(RECIPES[name][1])
    x = synthetic_crops(1, 24, seed=9)[0]
    assert _run(dst, x).shape == _run(graph, x).shape


def test_bias_correction_moves_the_mean_output_towards_float32(graph, tmp_path):
    crops = lambda n: synthetic_crops(n, 24, seed=2)  # noqa: E731
    plain, corrected = tmp_path / "plain.onnx", tmp_path / "corrected.onnx"
    quantize(graph, plain, RECIPES["conv-only, head and tail float32"], crops)
    quantize(graph, corrected, RECIPES["  + bias correction"], crops)
    xs = synthetic_crops(4, 24, seed=5)
    mean = lambda p: np.mean([_run(p, x).mean(axis=(0, 2, 3)) for x in xs], axis=0)  # noqa: E731
    reference = mean(graph)
    drift = lambda p: float(np.abs(mean(p) - reference).sum())  # noqa: E731
    assert drift(corrected) < drift(plain)
