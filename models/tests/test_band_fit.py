"""band_fit recovers known band weights from synthetic pairs, and refuses the held-out list."""

import numpy as np
import pytest
from PIL import Image

from dvar.restorer.band_fit import atrous, fit, main


def _save(path, plane):
    arr = (np.clip(plane, 0, 1) * 255).round().astype(np.uint8)
    Image.fromarray(np.stack([arr] * 3, -1)).save(path)


def test_atrous_bands_sum_back_to_the_plane():
    plane = np.random.default_rng(0).random((40, 50))
    bands, residual = atrous(plane, 4)
    assert np.allclose(sum(bands) + residual, plane)


def test_fit_recovers_the_weights_that_made_the_originals(tmp_path):
    rng = np.random.default_rng(1)
    true = [0.0, 0.0, 1.5, 0.5, 1.0]
    for i in range(3):
        base = np.kron(rng.random((16, 16)), np.ones((8, 8))) * 0.6 + 0.2
        restored = base + 0.05 * rng.standard_normal(base.shape)
        decoded = restored + 0.1 * (np.kron(rng.random((32, 32)), np.ones((4, 4))) - 0.5)
        rb, _ = atrous(restored, 5)
        db, _ = atrous(decoded - restored, 5)
        _, low = atrous(base, 5)
        hq = low + sum(rb) + sum(w * b for w, b in zip(true, db))
        for name, plane in (("hq", hq), ("bicubic", base), ("fit-restored", restored), ("fit-decoded", decoded)):
            _save(tmp_path / f"{i:03d}-{name}.png", plane)
    got = fit([tmp_path], levels=5, fine=2)
    assert got[:2] == [0.0, 0.0]
    assert np.allclose(got[2:], true[2:], atol=0.15), got


def test_the_held_out_list_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="held out"):
        main([str(tmp_path / "dev-images-3" / "realesrgan")])
