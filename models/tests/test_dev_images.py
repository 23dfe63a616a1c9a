"""dev_images dump: the first dev list by default (as before), the second with --list dev2; synthetic
photos stand in for the Debian set (common.load_data is patched), so nothing is downloaded."""

import numpy as np
import pytest
from PIL import Image

from dvar.data import PhotoSet, dev_pairs
from dvar.train import common as C
from dvar.train import dev_images as D


@pytest.fixture()
def photo_set(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    paths = []
    for i in range(4):
        p = tmp_path / "photos" / f"p{i}.png"
        p.parent.mkdir(exist_ok=True)
        Image.fromarray(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)).save(p)
        paths.append(p)
    ps = PhotoSet(train=paths[:1], dev=paths[1:2], dev2=paths[2:], dev3=paths[3:])
    monkeypatch.setattr(C, "load_data", lambda degradation, seed, max_side: (ps, None))
    return ps


def _pairs(folder):
    return sorted(p.name for p in folder.glob("*-hq.png"))


def test_dump_dev_is_unchanged_and_dev2_uses_the_second_list(photo_set, tmp_path):
    D.main(["dump", "--out", str(tmp_path / "one"), "--hq-size", "64"])
    D.main(["dump", "--list", "dev2", "--out", str(tmp_path / "two"), "--hq-size", "64"])
    for deg in D.DEGRADATIONS:
        assert _pairs(tmp_path / "one" / deg) == ["000-hq.png", "001-hq.png"]  # 1 photo x 2 crops
        assert _pairs(tmp_path / "two" / deg) == [f"00{i}-hq.png" for i in range(4)]  # 2 photos x 2 crops
        assert (tmp_path / "two" / deg / "003-lq.png").is_file() and (tmp_path / "two" / deg / "003-bicubic.png").is_file()
    # the same crops and degradation as training's dev pairs (load_dev), for each list
    for out, photos in (("one", photo_set.dev), ("two", photo_set.dev2)):
        (lq, hq) = dev_pairs(photos, "realesrgan", seed=0, hq_size=(64, 64), crops_per_photo=2)[-1]
        saved = np.asarray(Image.open(tmp_path / out / "realesrgan" / f"{2 * len(photos) - 1:03d}-hq.png"))
        assert np.array_equal(saved, (hq[0].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8))
        assert Image.open(tmp_path / out / "realesrgan" / "000-lq.png").size == (16, 16)


def test_default_out_follows_the_list(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(D, "dump", lambda out, hq_size, which="dev": calls.append((out, which)))
    D.main(["dump"])
    D.main(["dump", "--list", "dev2"])
    D.main(["dump", "--list", "dev3"])
    assert calls == [(D.DEFAULT_OUT, "dev"), (D.DEFAULT_OUT_DEV2, "dev2"), (D.DEFAULT_OUT_DEV3, "dev3")]
    assert D.DEFAULT_OUT_DEV2.name == "dev-images-2" and D.DEFAULT_OUT_DEV3.name == "dev-images-3"


def test_dump_dev3_uses_the_held_out_list(photo_set, tmp_path):
    D.main(["dump", "--list", "dev3", "--out", str(tmp_path / "three"), "--hq-size", "64"])
    assert _pairs(tmp_path / "three" / "realesrgan") == ["000-hq.png", "001-hq.png"]  # 1 photo x 2 crops


def test_colour_psnr_sees_tints_that_luma_psnr_cannot():
    import torch

    from dvar.train.evaluate import psnr_cbcr, psnr_y

    g = torch.Generator().manual_seed(5)
    ref = 0.2 + 0.6 * torch.rand(1, 3, 32, 32, generator=g)
    brighter = ref + 8 / 255  # the same value on R, G and B: luma only
    assert psnr_cbcr(brighter, ref) > 60 and psnr_y(brighter, ref) < 35
    tint = ref.clone()  # a pink tint that keeps luma
    tint[:, 0] += 6 / 255
    tint[:, 1] -= 6 * 0.299 / 0.587 / 255
    assert psnr_cbcr(tint, ref) < 40 and psnr_y(tint, ref) > 45
    score = D._summary([(30.0, 0.8, 0.7, 30.0, 0.1, 41.0), (32.0, 0.9, 0.8, 32.0, -0.3, 43.0)])
    assert score["psnr_cbcr"] == 42.0


def test_score_per_pair_gives_each_pair_its_own_metrics_and_the_means_match(photo_set, tmp_path):
    import json

    D.main(["dump", "--out", str(tmp_path / "one"), "--hq-size", "64"])
    pairs_file = tmp_path / "pairs.json"
    D.main(["score", "--out", str(tmp_path / "one"), "--json", str(tmp_path / "s.json"), "--pairs-json", str(pairs_file)])
    pairs = json.loads(pairs_file.read_text())
    means = json.loads((tmp_path / "s.json").read_text())
    for deg in D.DEGRADATIONS:
        rows = pairs[deg]["bicubic"]
        assert sorted(rows) == ["000", "001"] and set(rows["000"]) == set(D.METRICS)
        assert np.isclose(np.mean([r["psnr_y"] for r in rows.values()]), means[deg]["bicubic"]["psnr_y"])
