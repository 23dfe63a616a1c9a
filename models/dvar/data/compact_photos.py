"""A compact copy of the photo set for a machine that cannot run apt (a lent GPU has no network).

Train photos are stored already downscaled to the sampler's max side (load_photo: upright, Lanczos)
as 4:4:4 JPEG quality 95, which is what PairSampler would load from the originals, at a tenth of the
bytes; dev photos (both lists) are copied byte for byte, so dev metrics are the same as on the full set. index.json
is copied, so ensure_photos() on the target finds a complete set and downloads nothing. compact-lock.json
names every file by sha256 and the photo lock the set was checked against, so a rebuild recipe tied to that
lock accepts the copy (dvar.pack.rebuild).

    python -m dvar.data.compact_photos OUT_DIR [--max-side 1024]
    # on the target: copy OUT_DIR to models/data/photos
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from PIL import Image

from . import photo_lock
from .pairs import load_photo
from .photos import DEFAULT_ROOT, ensure_photos


def compact(out: Path, max_side: int = 1024) -> int:
    photos = ensure_photos()
    problems = photo_lock.check(DEFAULT_ROOT)
    if problems:  # the copy's lock says which photo lock it came from: only ever one it matches
        raise SystemExit(f"The photos differ from {photo_lock.LOCK.name}: {'; '.join(problems)}.")
    out.mkdir(parents=True, exist_ok=True)
    for path in photos.dev + photos.dev2 + photos.dev3:
        shutil.copyfile(path, out / path.name)
    for path in photos.train:
        rgb = load_photo(path, max_side).permute(1, 2, 0).numpy()
        Image.fromarray(rgb).save(out / path.name, quality=95, subsampling=0)  # no EXIF: already upright
    shutil.copyfile(Path(photos.train[0]).parent / "index.json", out / "index.json")
    (out / photo_lock.COMPACT).write_text(json.dumps(photo_lock.compact_lock(out, max_side=max_side), indent=1) + "\n")
    return sum(f.stat().st_size for f in out.iterdir())


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--max-side", type=int, default=1024)
    a = ap.parse_args(argv)
    print(f"wrote {compact(Path(a.out), a.max_side) / 2**20:.1f} MiB to {a.out}")


if __name__ == "__main__":
    main()
