"""The bench's ncnn x4plus peer: tiles stitched back where they belong, the same pixels as one untiled ncnn
run where a tile covers the whole image, and a timing line the bench can read."""

import json

import numpy as np
import pytest
from ncnn_reference import ncnn_output, photo

from dvar.restorer import ncnn_peer
from dvar.restorer.wheel_models import model_files


@pytest.fixture(scope="module")
def net():
    pytest.importorskip("ncnn")
    return ncnn_peer.load(threads=2)


def test_one_tile_covering_the_image_is_ncnn_on_the_whole_image(net):
    out = ncnn_peer.upscale(net, photo())
    assert out.shape == (3, 128, 192)
    np.testing.assert_allclose(out, ncnn_output(*model_files()), atol=1e-5)


def test_tiles_and_their_context_are_stitched_back_where_they_belong(monkeypatch):
    # A stand-in network that is exactly nearest-neighbour ×4: any misplaced, transposed or
    # context-polluted tile shows up as a difference from the whole image's ×4.
    monkeypatch.setattr(ncnn_peer, "run_tile", lambda _net, tile: tile.repeat(4, axis=1).repeat(4, axis=2))
    image = np.random.default_rng(3).random((3, 45, 70), dtype=np.float32)
    tiled = ncnn_peer.upscale(None, image, tile=16, pad=10)
    np.testing.assert_array_equal(tiled, image.repeat(4, axis=1).repeat(4, axis=2))


def test_small_tiles_of_the_real_network_stay_close_to_one_run(net):
    image = photo()
    tiled = ncnn_peer.upscale(net, image, tile=24, pad=10)
    # x4plus sees far beyond 10 px, so 24 px tiles differ a little (about 2 levels on average, most
    # near the image's lower edge where a tile is short); a wrong tile would be off by far more.
    assert np.abs(tiled - ncnn_peer.upscale(net, image)).mean() * 255 < 3


def test_the_command_times_each_input_and_saves_the_first_output(tmp_path, capsys, net):
    image = photo()[:, :20, :24]
    raw = tmp_path / "in.f32"
    np.ascontiguousarray(image).astype("<f4").tofile(raw)
    saved = tmp_path / "out.f32"
    assert ncnn_peer.main(["--threads", "2", "--repeat", "2", "--input", f"{raw}@24x20", "--save-output", str(saved)]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["threads"] == 2 and report["tile"] == 128 and report["pad"] == 10
    [result] = report["results"]
    assert (result["width"], result["height"]) == (24, 20)
    assert len(result["allMs"]) == 2 and result["ms"] == min(result["allMs"]) > 0
    out = np.fromfile(saved, "<f4").reshape(3, 80, 96)
    np.testing.assert_allclose(out, ncnn_peer.upscale(net, image), atol=1e-5)


def test_an_input_of_the_wrong_size_is_named(tmp_path):
    raw = tmp_path / "in.f32"
    np.zeros(3 * 10 * 10, "<f4").tofile(raw)
    with pytest.raises(SystemExit, match=r"holds 300 floats, not 3×12×10"):
        ncnn_peer.read_raw(f"{raw}@12x10")
    with pytest.raises(SystemExit, match="PATH@WIDTHxHEIGHT"):
        ncnn_peer.read_raw(str(raw))


def test_a_missing_ncnn_is_one_line_the_bench_can_skip_on(tmp_path, capsys, monkeypatch):
    def missing(*_args):
        raise ncnn_peer.NcnnMissing("the ncnn peer needs the `ncnn` PyPI package in this venv")

    monkeypatch.setattr(ncnn_peer, "load", missing)
    raw = tmp_path / "in.f32"
    np.zeros(3 * 4 * 4, "<f4").tofile(raw)
    assert ncnn_peer.main(["--input", f"{raw}@4x4"]) == 0
    assert json.loads(capsys.readouterr().out) == {"missing": "the ncnn peer needs the `ncnn` PyPI package in this venv"}
