"""The photo lock: it names every package and photograph by sha256, says what differs in a sentence
each, a fresh download that differs from it is refused (and no index written), and the real photos on
this machine match the committed lock."""

import json

import pytest
from test_photos import fake  # noqa: F401  (the two-package fake photo set, a fixture)

from dvar.data import photo_lock as L
from dvar.data import photos as P


def test_lock_names_packages_and_photos_and_finds_what_differs(fake):  # noqa: F811
    P.ensure_photos(fake)
    lock = L.lock_of(fake)
    assert sorted(lock["packages"]) == ["flat", "kde"] and lock["packages"]["flat"]["deb"] == "flat_1_all.deb"
    assert sorted(lock["photos"]) == ["Lake_96x64.jpg", "Wood_96x64.jpg", "a.jpg", "b.png", "c.jpg"]
    assert L.differences(lock, lock) == []
    (fake / "photos" / "a.jpg").write_bytes(b"other pixels")
    changed = dict(lock, packages=dict(lock["packages"], kde={"deb": "kde_2.0_all.deb", "sha256": "0" * 64}))
    assert L.differences(L.lock_of(fake), changed) == [
        "package kde is kde_1_all.deb, not kde_2.0_all.deb",
        "photograph a.jpg differs from the locked one",
    ]


def test_a_fresh_download_that_differs_from_the_lock_is_refused(fake, tmp_path):  # noqa: F811
    P.ensure_photos(fake)
    lock = L.lock_of(fake)
    lock["photos"]["c.jpg"]["sha256"] = "0" * 64
    lock_file = tmp_path / "lock.json"
    lock_file.write_text(json.dumps(lock))
    (fake / "photos" / "index.json").unlink()
    with pytest.raises(P.PhotoError, match=r"The photos differ from lock\.json: photograph c\.jpg differs from the locked one\."):
        P.ensure_photos(fake, lock=lock_file)
    assert not (fake / "photos" / "index.json").exists(), "no index: the set is not used"


def test_the_photos_on_this_machine_match_the_committed_lock():
    if not (P.DEFAULT_ROOT / "photos" / "index.json").exists():
        pytest.skip("no photos under models/data on this machine (python -m dvar.data.photos downloads them)")
    assert L.check(P.DEFAULT_ROOT) == []
