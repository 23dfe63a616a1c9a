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
