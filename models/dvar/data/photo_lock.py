"""The photo data as versioned, hashed inputs: models/photo-lock.json (committed) names every Debian
package the photographs come from with its exact .deb and sha256, and every photograph with its package
and sha256. A pack is rebuilt from the same pixels, or not at all: ensure_photos checks a fresh download
against the lock and says which package or photograph differs (a newer package version, say), and
`check` does the same for photos already on disk.

    python -m dvar.data.photo_lock check [--root DIR]   # the photos on disk against the lock
    python -m dvar.data.photo_lock write [--root DIR]   # a new lock, after a reviewed change of PACKAGES
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "photo-lock.json"  # models/photo-lock.json


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lock_of(root: Path, index_path: Path | None = None) -> dict:
    """The lock of the photo set under `root` (its index.json, or `index_path`, photos/ and the debs/ they came from)."""
    index = json.loads((index_path or root / "photos" / "index.json").read_text())
    debs = {c["package"]: c["deb"] for c in index["credits"]}
    return {
        "about": "The photo data of every training and dev run (dvar/data/photo_lock.py): Debian packages and photographs, by sha256.",
        "packages": {pkg: {"deb": deb, "sha256": sha256_of(root / "debs" / deb)} for pkg, deb in sorted(debs.items())},
        "photos": {
            r["file"]: {"package": r["package"], "sha256": sha256_of(root / "photos" / r["file"])} for r in index["photos"]
        },
    }


def differences(found: dict, lock: dict) -> list[str]:
    """What differs between two locks, one sentence each; empty when they agree."""
    out = []
    for pkg, want in lock["packages"].items():
        got = found["packages"].get(pkg)
        if got is None:
            out.append(f"package {pkg} ({want['deb']}) is not used")
        elif got["deb"] != want["deb"]:
            out.append(f"package {pkg} is {got['deb']}, not {want['deb']}")
        elif got["sha256"] != want["sha256"]:
            out.append(f"{want['deb']} is not the file the lock names (sha256 {got['sha256'][:12]}…, not {want['sha256'][:12]}…)")
    out += [
        f"package {pkg} ({got['deb']}) is not in the lock"
        for pkg, got in found["packages"].items()
        if pkg not in lock["packages"]
    ]
    for name, want in lock["photos"].items():
        got = found["photos"].get(name)
        if got is None:
            out.append(f"photograph {name} is missing")
        elif got["sha256"] != want["sha256"]:
            out.append(f"photograph {name} differs from the locked one")
    out += [f"photograph {name} is not in the lock" for name in found["photos"] if name not in lock["photos"]]
    return out


COMPACT = "compact-lock.json"  # beside a compact copy's photos (compact_photos.py)


def compact_lock(photos_dir: Path, lock_path: Path = LOCK, max_side: int = 1024) -> dict:
    """The lock of a compact copy: every file's sha256, and the sha256 of the photo lock whose photographs
    it was made from (so a recipe tied to that lock can accept the copy on a machine without apt)."""
    return {
        "about": "A compact copy of the locked photographs (dvar/data/compact_photos.py): training photos re-encoded, dev photos byte for byte.",
        "derivedFrom": sha256_of(lock_path),
        "maxSide": max_side,
        "photos": {p.name: sha256_of(p) for p in sorted(photos_dir.iterdir()) if p.name not in ("index.json", COMPACT)},
    }


def compact_differences(photos_dir: Path, lock_sha256: str) -> list[str] | None:
    """None when `photos_dir` holds no compact copy; otherwise what differs from its own lock or keeps it from
    being a copy of the photos that lock (`lock_sha256`) names, one sentence each (empty: it is one)."""
    path = photos_dir / COMPACT
    if not path.is_file():
        return None
    want = json.loads(path.read_text())
    if want.get("derivedFrom") != lock_sha256:
        return [f"the compact copy in {photos_dir} was made from another photo lock"]
    out = []
    for name, sha in want["photos"].items():
        file = photos_dir / name
        if not file.is_file():
            out.append(f"photograph {name} is missing")
        elif sha256_of(file) != sha:
            out.append(f"photograph {name} differs from the compact copy's lock")
    return out


def check(root: Path, lock_path: Path = LOCK) -> list[str]:
    return differences(lock_of(root), json.loads(lock_path.read_text()))


def main(argv=None) -> None:
    from .photos import DEFAULT_ROOT

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["check", "write"])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    a = ap.parse_args(argv)
    if a.action == "write":
        LOCK.write_text(json.dumps(lock_of(a.root), indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {LOCK}")
        return
    problems = check(a.root)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"the photos under {a.root} match {LOCK.name}")


if __name__ == "__main__":
    main()
