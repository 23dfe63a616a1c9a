"""Keep tests to one thread (the CI machine has 2 shared cores); fixtures several test modules share.
`dvar` is installed in editable mode (scripts/ensure-python-env.sh), so no path is added here."""

import pytest
import torch

torch.set_num_threads(1)


@pytest.fixture(scope="session")
def small_restorer(tmp_path_factory):
    """(net, crops, float32 graph, int8 graph) for a 2-block, 16-channel RRDBNet, exported as build_pack
    exports the restorer and quantized with the shipped recipe (dvar.quantize.int8.RESTORER_RECIPE)."""
    from dvar.quantize.int8 import RESTORER_RECIPE, quantize_convolutional, synthetic_crops
    from dvar.restorer.build_pack import RestorerGraph, _export
    from dvar.restorer.rrdbnet import RRDBNet

    torch.manual_seed(0)
    net = RRDBNet(num_blocks=2, channels=16, growth=8).eval()
    tmp = tmp_path_factory.mktemp("restorer")
    fp32, int8 = tmp / "restorer.onnx", tmp / "restorer.int8.onnx"
    _export(
        RestorerGraph(net),
        (torch.rand(1, 3, 24, 20),),
        fp32,
        ["lq"],
        ["restored"],
        {"lq": {2: "h", 3: "w"}, "restored": {2: "H", 3: "W"}},
    )
    crops = synthetic_crops(4, 24, seed=5)
    quantize_convolutional(fp32, int8, [{"lq": c} for c in crops], **RESTORER_RECIPE)
    return net, crops, fp32, int8
