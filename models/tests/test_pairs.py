import numpy as np
import pytest
import torch
from PIL import Image

from dvar.data import HQ_SIDES, PairSampler, PhotoSet, dev_pairs, load_photo, random_hq_size


@pytest.fixture()
def photos(tmp_path):
    """Three small synthetic 'photos' (PNG), one portrait, one larger than max_side."""
    rng = np.random.default_rng(0)
    paths = []
    for i, (w, h) in enumerate([(320, 240), (200, 300), (600, 400)]):
        yy, xx = np.mgrid[0:h, 0:w]
        base = np.stack([xx / w, yy / h, (xx + yy) / (w + h)], -1) * 200
        img = (base + rng.normal(0, 20, (h, w, 3))).clip(0, 255).astype(np.uint8)
        p = tmp_path / f"photo{i}.png"
        Image.fromarray(img).save(p)
        paths.append(p)
    return paths


def test_load_photo_downscales_long_side(photos):
    t = load_photo(photos[2], max_side=300)
    assert t.dtype == torch.uint8 and t.shape == (3, 200, 300)
    assert load_photo(photos[1], max_side=1024).shape == (3, 300, 200)  # never upscaled


def test_random_hq_size():
    rng = np.random.default_rng(0)
    sizes = [random_hq_size(rng) for _ in range(300)]
    assert all(h in HQ_SIDES and w in HQ_SIDES and h % 32 == 0 and w % 32 == 0 for h, w in sizes)
    assert any(h != w for h, w in sizes) and len(set(sizes)) == 25
    assert random_hq_size(rng, (64,)) == (64, 64)


@pytest.mark.parametrize("degradation", ["realesrgan", "bicubic"])
def test_sample_shapes_nonsquare(photos, degradation):
    s = PairSampler(photos, seed=1, degradation=degradation, max_side=320)
    for hq_size in [(128, 160), (160, 128), 96]:
        lq, hq = s.sample(3, hq_size)
        h, w = (hq_size, hq_size) if isinstance(hq_size, int) else hq_size
        assert hq.shape == (3, 3, h, w) and lq.shape == (3, 3, h // 4, w // 4)
        assert lq.dtype == hq.dtype == torch.float32
        assert 0 <= hq.min() and hq.max() <= 1 and 0 <= lq.min() and lq.max() <= 1
        assert torch.allclose(hq * 255, (hq * 255).round(), atol=1e-4)
    with pytest.raises(ValueError):
        s.sample(1, (130, 128))  # not a multiple of the scale
    with pytest.raises(ValueError):
        s.sample(1, (512, 512))  # no photo that large


def test_sample_determinism_and_variety(photos):
    a = PairSampler(photos, seed=5, max_side=320)
    b = PairSampler(photos, seed=5, max_side=320)
    first_a, second_a = a.sample(2, (64, 96)), a.sample(2, (64, 96))
    first_b = b.sample(2, (64, 96))
    assert torch.equal(first_a[0], first_b[0]) and torch.equal(first_a[1], first_b[1])
    assert not torch.equal(first_a[1], second_a[1])  # each call draws new crops
    # explicit step: the batch depends only on (seed, step, size), e.g. after a resume
    assert torch.equal(b.sample(2, (64, 96), step=1)[1], second_a[1])
    c = PairSampler(photos, seed=6, max_side=320)
    assert not torch.equal(c.sample(2, (64, 96))[1], first_a[1])


def test_sample_crops_come_from_photos(tmp_path):
    # pixel (y, x) stores (x, y, 7): a crop's content tells where it was cut from
    yy, xx = np.mgrid[0:200, 0:250]
    img = np.stack([xx, yy, np.full_like(xx, 7)], -1).astype(np.uint8)
    Image.fromarray(img).save(tmp_path / "coords.png")
    s = PairSampler([tmp_path / "coords.png"], seed=0, degradation="bicubic")
    src = s.images[0]
    _, hq = s.sample(8, (64, 96))
    flips = 0
    for crop in (hq * 255).round().to(torch.uint8):
        flipped = bool(crop[0, 0, 0] > crop[0, 0, -1])
        flips += flipped
        c = crop.flip(-1) if flipped else crop
        top, left = int(c[1, 0, 0]), int(c[0, 0, 0])
        assert torch.equal(c, src[:, top : top + 64, left : left + 96])
    assert 0 < flips < 8


def test_dev_pairs_fixed(photos):
    a = dev_pairs(photos, "realesrgan", hq_size=(64, 96), crops_per_photo=3, max_side=320)
    b = dev_pairs(photos, "realesrgan", hq_size=(64, 96), crops_per_photo=3, max_side=320)
    assert len(a) == 9
    for (la, ha), (lb, hb) in zip(a, b):
        assert la.shape == (1, 3, 16, 24) and ha.shape == (1, 3, 64, 96)
        assert torch.equal(la, lb) and torch.equal(ha, hb)
    # centre crop first
    img = load_photo(photos[0], 320).float() / 255
    top, left = round(0.5 * (240 - 64)), round(0.5 * (320 - 96))
    assert torch.equal(a[0][1][0], img[:, top : top + 64, left : left + 96])
    # a photo's pairs do not depend on the other photos in the list
    c = dev_pairs(photos[::-1], "realesrgan", hq_size=(64, 96), crops_per_photo=3, max_side=320)
    assert torch.equal(c[-3][0], a[0][0])
    bic = dev_pairs(photos[:1], "bicubic", hq_size=(64, 96), crops_per_photo=1, max_side=320)
    assert not torch.equal(bic[0][0], a[0][0]) and torch.equal(bic[0][1], a[0][1])
    with pytest.raises(ValueError):
        dev_pairs(photos, "nearest")


def test_photoset_accepted(photos):
    ps = PhotoSet(train=photos[:2], dev=photos[2:])
    s = PairSampler(ps, seed=0, degradation="bicubic", max_side=320)
    assert s.paths == photos[:2]
    pairs = dev_pairs(ps, "bicubic", hq_size=64, crops_per_photo=1, max_side=320)
    assert len(pairs) == 1 and pairs[0][1].shape == (1, 3, 64, 64)
