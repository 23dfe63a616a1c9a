"""dvar.data.photos on synthetic packages: a fake .deb name beside an already-extracted tree (the
.extracted marker tells _extract not to run dpkg), so nothing is downloaded or unpacked."""

import json

import numpy as np
import pytest
from PIL import Image

from dvar.data import photos as P

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: 2014 Some Group
License: GPL-2+

Files: graphics/*
Copyright: 2013 Someone Else
License: CC-BY-SA-3.0
"""


def _img(path, w=96, h=64, seed=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)).save(path)


def _package(root, pkg, files):
    """debs/<pkg>_1_all.deb (empty) and extracted/<pkg>/ holding `files` and a DEP-5 copyright."""
    (root / "debs").mkdir(parents=True, exist_ok=True)
    deb = root / "debs" / f"{pkg}_1_all.deb"
    deb.write_bytes(b"")
    ext = root / "extracted" / pkg
    for i, rel in enumerate(files):
        _img(ext / rel, seed=i)
    (ext / "usr/share/doc" / pkg).mkdir(parents=True, exist_ok=True)
    (ext / "usr/share/doc" / pkg / "copyright").write_text(COPYRIGHT)
    (ext / ".extracted").write_text(deb.name)


@pytest.fixture()
def fake(tmp_path, monkeypatch):
    """Two packages: flat names (plus a non-photo) and KDE-style <Wallpaper>/contents/images/<size>."""
    _package(
        tmp_path,
        "flat",
        [
            "usr/share/backgrounds/a.jpg",
            "usr/share/backgrounds/b.png",
            "usr/share/backgrounds/c.jpg",
            "usr/share/backgrounds/logo.png",
        ],
    )
    _package(
        tmp_path,
        "kde",
        [f"usr/share/wallpapers/{w}/contents/images/{s}.jpg" for w in ("Lake", "Wood") for s in ("640x480", "96x64")],
    )
    monkeypatch.setattr(
        P,
        "PACKAGES",
        {
            "flat": ("usr/share/backgrounds/*", ("a.jpg", "b.png", "c.jpg")),
            "kde": ("usr/share/wallpapers/*/contents/images/96x64.jpg", ("Lake_96x64.jpg", "Wood_96x64.jpg")),
        },
    )
    monkeypatch.setattr(P, "DEV_PHOTOS", ("b.png",))
    monkeypatch.setattr(P, "DEV2_PHOTOS", ("Wood_96x64.jpg", "a.jpg"))
    monkeypatch.setattr(P, "DEV3_PHOTOS", ())
    monkeypatch.setattr(P, "AUTHORS", {"Lake_96x64.jpg": "Jane Doe"})
    monkeypatch.setattr(P, "_download", lambda pkgs, debs: pytest.fail("must not download"))
    return tmp_path


def test_photo_name():
    assert P.photo_name("usr/share/backgrounds/x.jpg") == "x.jpg"
    assert P.photo_name("usr/share/wallpapers/Path/contents/images/2560x1600.jpg") == "Path_2560x1600.jpg"


def test_split_into_train_dev_dev2(fake):
    ps = P.ensure_photos(fake)
    assert [p.name for p in ps.train] == ["c.jpg", "Lake_96x64.jpg"]  # never a dev photo
    assert [p.name for p in ps.dev] == ["b.png"]
    assert [p.name for p in ps.dev2] == ["Wood_96x64.jpg", "a.jpg"]  # DEV2_PHOTOS order
    assert len(ps.all) == 5 and all(p.is_file() for p in ps.all)
    idx = json.loads((fake / "photos" / "index.json").read_text())
    assert idx["version"] == P.INDEX_VERSION and idx["dev2"] == ["Wood_96x64.jpg", "a.jpg"]
    assert sorted(idx["skipped"]) == ["flat:logo.png"]
    # byte-for-byte copies; the KDE file is the chosen size of its own wallpaper
    src = fake / "extracted/kde/usr/share/wallpapers/Lake/contents/images/96x64.jpg"
    assert (fake / "photos" / "Lake_96x64.jpg").read_bytes() == src.read_bytes()


def test_credits_and_markdown(fake):
    ps = P.ensure_photos(fake)
    c = {c["file"]: c for c in ps.credits}
    assert c["Lake_96x64.jpg"]["author"] == "Jane Doe" and c["a.jpg"]["author"] == ""
    assert c["Lake_96x64.jpg"]["license"] == "GPL-2+" and c["Lake_96x64.jpg"]["copyright"] == "2014 Some Group"
    assert c["Lake_96x64.jpg"]["source"] == "/usr/share/wallpapers/Lake/contents/images/96x64.jpg"
    rows = P.credits_markdown(ps).splitlines()
    assert rows[0] == "| photo | set | © | licence | Debian package |"
    assert "| Lake_96x64.jpg | train | Jane Doe; 2014 Some Group | GPL-2+ | kde |" in rows
    assert "| a.jpg | dev2 | 2014 Some Group | GPL-2+ | flat |" in rows
    assert "| b.png | dev | 2014 Some Group | GPL-2+ | flat |" in rows


def test_index_reused_and_rebuilt_when_dev2_changes(fake, monkeypatch):
    P.ensure_photos(fake)

    def extract(deb, dest):
        raise RuntimeError("extracted again")

    monkeypatch.setattr(P, "_extract", extract)
    assert [p.name for p in P.ensure_photos(fake).dev2] == ["Wood_96x64.jpg", "a.jpg"]  # from index.json
    monkeypatch.setattr(P, "DEV2_PHOTOS", ("a.jpg",))
    with pytest.raises(RuntimeError, match="extracted again"):  # an index with another dev2 is rebuilt
        P.ensure_photos(fake)


def test_dev_lists_checked(fake, monkeypatch):
    monkeypatch.setattr(P, "DEV2_PHOTOS", ("missing.jpg",))
    with pytest.raises(P.PhotoError, match="missing.jpg"):
        P.ensure_photos(fake)
    monkeypatch.setattr(P, "DEV2_PHOTOS", ("b.png",))
    with pytest.raises(P.PhotoError, match="two dev lists"):
        P.ensure_photos(fake)
    # The held-out list is checked the same way, and may not share a photo with the others either.
    monkeypatch.setattr(P, "DEV2_PHOTOS", ("a.jpg",))
    monkeypatch.setattr(P, "DEV3_PHOTOS", ("a.jpg",))
    with pytest.raises(P.PhotoError, match="two dev lists"):
        P.ensure_photos(fake)
    monkeypatch.setattr(P, "DEV3_PHOTOS", ("Lake_96x64.jpg",))
    assert [p.name for p in P.ensure_photos(fake).dev3] == ["Lake_96x64.jpg"]


def test_main_lists_dev2(fake, capsys):
    assert P.main(["--root", str(fake)]) == 0
    out = capsys.readouterr().out
    assert "dev2: 2 photos" in out and "© Jane Doe; 2014 Some Group" in out


def test_reviewed_lists_are_consistent():
    """The real lists: dev lists disjoint, made of reviewed files, every new photo credited by name
    where upstream names its photographer, and today's dev list unchanged (numbers stay comparable)."""
    reviewed = [n for _, names in P.PACKAGES.values() for n in names]
    assert len(reviewed) == len(set(reviewed))
    assert set(P.DEV_PHOTOS) <= set(reviewed) and set(P.DEV2_PHOTOS) <= set(reviewed)
    assert not set(P.DEV_PHOTOS) & set(P.DEV2_PHOTOS)
    held_out = P.DEV_PHOTOS + P.DEV2_PHOTOS + P.DEV3_PHOTOS
    assert set(P.DEV3_PHOTOS) <= set(reviewed) and len(set(held_out)) == len(held_out)
    # Dev list 3 is a whole package of its own, so no photo of its photographers is ever trained on.
    assert set(P.DEV3_PHOTOS) == set(P.PACKAGES["python3-skimage"][1])
    assert P.DEV_PHOTOS == (
        "picosdeeuropa_by_Aitzol_Berasategi.jpg",
        "friends_by_Aitzol_Berasategi.jpg",
        "Picture_1A_by_freespace.jpg",
        "Kleiber_by_Lukas_Baubkus.jpg",
        "LadyBird.jpg",
        "Wood.jpg",
    )
    assert set(P.AUTHORS) <= set(reviewed)
