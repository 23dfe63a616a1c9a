"""Training and evaluation photographs from Debian wallpaper packages (TOOLCHAIN.md, "Training
photographs").

`ensure_photos()` downloads the packages with `apt-get download`, unpacks them with `dpkg -x`,
copies the reviewed photographs (byte for byte, original file names) to <root>/photos/, reads each
package's DEP-5 copyright file for the credits, writes <root>/photos/index.json and returns a
PhotoSet split by the fixed DEV_PHOTOS list. Every step is skipped when its output exists; with a
complete index.json nothing but file existence is checked.

Only files listed in PHOTOGRAPHS are used: they were reviewed by eye. The packages also ship
graphics (gradients, vector art, a digital composite); those, and any file a newer package version
adds, are listed in index.json under "skipped" and not used.

    python -m dvar.data.photos [--root DIR]
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "data"  # <repo>/models/data (gitignored)

# package -> (glob of candidate files inside the package, reviewed photographs among them)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "lomiri-wallpapers-16.04": (
        "usr/share/backgrounds/*.jpg",
        (
            "Bridge_by_Sander_Klootwijk.jpg",  # bridge cables over a beach, sky
            "Dragonfly_by_Bolly.jpg",  # leaves against blue sky
            "Picture_0B_by_freespace.jpg",  # fig in a red bowl
            "Picture_1A_by_freespace.jpg",  # paint brushes, fine fibres
            "Wine_by_Jakkub_Mede.jpg",  # interior, drum, window
            "aitzgorri_by_Aitzol_Berasategi.jpg",  # mountain landscape, autumn forest
            "analogpattern_by_Peter_Nerlich.jpg",  # photographed surface texture, colour cast
            "free_by_Peter_Nerlich.jpg",  # lamps and a bird figure
            "friends_by_Aitzol_Berasategi.jpg",  # two dogs, wooden house (portrait)
            "greentock_by_Peter_Nerlich.jpg",  # clock face, smooth gray
            "life_by_Aitzol_Berasategi.jpg",  # forest stream, rocks
            "picosdeeuropa_by_Aitzol_Berasategi.jpg",  # mountains, clouds, meadow
            "seeding_by_Clements_Engelhardt.jpg",  # dandelions, bokeh
            "sunset_by_Aitzol_Berasategi.jpg",  # sun over hills
            # not photographs: umang_by_Abhishek_Mudgal.jpg (colour gradient)
        ),
    ),
    "lomiri-wallpapers-20.04": (
        "usr/share/backgrounds/*.jpg",
        (
            "Kleiber_by_Lukas_Baubkus.jpg",  # nuthatch on tree bark
            # not photographs: Fossa_by_Jasper_Roks.jpg (vector art), Painting-Colors_by__herobrine7gamer.jpg
            # (stripes), Infinite-Sea_by_Aury88.jpg (star field composited with a synthetic sea)
        ),
    ),
    "mate-backgrounds": (
        "usr/share/backgrounds/mate/nature/*.jpg",
        (
            "Aqua.jpg",  # water drop splash
            "Blinds.jpg",  # leaf veins
            "Dune.jpg",  # dune grass, sea
            "FreshFlower.jpg",  # orange flower macro
            "Garden.jpg",  # red flower, bokeh
            "GreenMeadow.jpg",  # grass
            "LadyBird.jpg",  # ladybird, forget-me-nots
            "RainDrops.jpg",  # drops on leaves
            "Storm.jpg",  # storm clouds over a road
            "TwoWings.jpg",  # seed head, orange flowers
            "Wood.jpg",  # wooden planks, shallow depth of field
            "YellowFlower.jpg",  # yellow flower macro
        ),
    ),
}

# Held out for evaluation, chosen for variety: landscape with sky and foliage, animals with fur and
# wood, fine high-contrast fibres, bird with bark texture, macro with bokeh, plain wood texture.
DEV_PHOTOS: tuple[str, ...] = (
    "picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "friends_by_Aitzol_Berasategi.jpg",
    "Picture_1A_by_freespace.jpg",
    "Kleiber_by_Lukas_Baubkus.jpg",
    "LadyBird.jpg",
    "Wood.jpg",
)

INDEX_VERSION = 1


class PhotoError(RuntimeError):
    pass


@dataclass
class PhotoSet:
    train: list[Path]
    dev: list[Path]
    credits: list[dict] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return sorted(self.train + self.dev)


# ----------------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError as e:
        raise PhotoError(f"{cmd[0]} is not available on this machine, so the Debian photo packages cannot be fetched.") from e


def _find_deb(debs: Path, pkg: str) -> Path | None:
    found = sorted(debs.glob(f"{pkg}_*.deb"))
    return found[-1] if found else None


def _download(pkgs: list[str], debs: Path) -> None:
    if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
        raise PhotoError("apt-get and dpkg are required to download the training photographs (a Debian-based system).")
    debs.mkdir(parents=True, exist_ok=True)
    r = _run(["apt-get", "download", *pkgs], cwd=debs)
    if r.returncode != 0:
        u = _run(["apt-get", "update"])
        if u.returncode != 0:
            raise PhotoError(
                f"apt-get download {' '.join(pkgs)} failed and apt-get update failed too (root needed?): "
                f"{(u.stderr or r.stderr).strip().splitlines()[-1:]}"
            )
        r = _run(["apt-get", "download", *pkgs], cwd=debs)
        if r.returncode != 0:
            raise PhotoError(f"apt-get download {' '.join(pkgs)} failed: {r.stderr.strip().splitlines()[-1:]}")


def _extract(deb: Path, dest: Path) -> None:
    marker = dest / ".extracted"
    if marker.exists() and marker.read_text() == deb.name:
        return
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    r = _run(["dpkg", "-x", str(deb), str(dest)])
    if r.returncode != 0:
        raise PhotoError(f"dpkg -x {deb.name} failed: {r.stderr.strip()}")
    marker.write_text(deb.name)


def parse_dep5(text: str) -> list[dict[str, str]]:
    """Paragraphs of a DEP-5 (machine-readable) copyright file, fields folded: {'Files': ..., ...}.
    Continuation lines are joined with newlines; ' .' lines are paragraph breaks inside a field."""
    paras: list[dict[str, str]] = []
    cur: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.strip():
            if cur:
                paras.append(cur)
            cur, key = {}, None
        elif line[0] in " \t":
            if key is not None:
                cont = line.strip()
                cur[key] += "\n" + ("" if cont == "." else cont)
        elif ":" in line:
            key, _, val = line.partition(":")
            key = key.strip()
            cur[key] = val.strip()
    if cur:
        paras.append(cur)
    return paras


def credit_for(paras: list[dict[str, str]], rel_path: str) -> tuple[str, str]:
    """(copyright, license) of the Files paragraph matching rel_path (a path inside the package).
    Upstream paths differ from installed ones (e.g. '16.04/X.jpg' installs as
    'usr/share/backgrounds/X.jpg'), so a pattern matches when its file-name part matches and its
    directory part (if any) is absent from, or a suffix of, the installed directory; as DEP-5
    says, the last matching paragraph wins. 'Files: *' is the fallback."""
    name = os.path.basename(rel_path)
    inst_dir = os.path.dirname(rel_path)
    best = fallback = None
    for p in paras:
        if "Files" not in p:
            continue
        for pat in p["Files"].split():
            if pat == "*":
                fallback = p
                continue
            pdir, pname = os.path.split(pat)
            if pname in ("*", "") or not fnmatch.fnmatchcase(name, pname):
                continue
            upstream_version_dir = pdir.replace(".", "").isdigit()  # lomiri's "16.04/"
            if not pdir or inst_dir.endswith(pdir) or upstream_version_dir:
                best = p
    p = best or fallback
    if p is None:
        return "", "unknown"
    copyright_ = "; ".join(s.strip() for s in p.get("Copyright", "").splitlines() if s.strip())
    return copyright_, p.get("License", "unknown").splitlines()[0].strip()


def _load_index(path: Path, root: Path) -> PhotoSet | None:
    try:
        idx = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if idx.get("version") != INDEX_VERSION or sorted(idx.get("dev", [])) != sorted(DEV_PHOTOS):
        return None
    photos = root / "photos"
    train = [photos / n for n in idx["train"]]
    dev = [photos / n for n in idx["dev"]]
    if not all(p.is_file() for p in train + dev):
        return None
    return PhotoSet(train=train, dev=dev, credits=idx["credits"])


def ensure_photos(root: Path = DEFAULT_ROOT) -> PhotoSet:
    """Download (once) and return the photo set: train and dev paths plus per-photo credits."""
    root = Path(root)
    photos = root / "photos"
    index_path = photos / "index.json"
    cached = _load_index(index_path, root)
    if cached is not None:
        return cached

    debs = root / "debs"
    missing = [pkg for pkg in PACKAGES if _find_deb(debs, pkg) is None]
    if missing:
        _download(missing, debs)
    photos.mkdir(parents=True, exist_ok=True)
    records, credits, skipped = [], [], []
    for pkg, (pattern, wanted) in PACKAGES.items():
        deb = _find_deb(debs, pkg)
        if deb is None:
            raise PhotoError(f"apt-get download reported success but no {pkg}_*.deb is in {debs}.")
        ext = root / "extracted" / pkg
        _extract(deb, ext)
        cright = ext / "usr/share/doc" / pkg / "copyright"
        paras = parse_dep5(cright.read_text(errors="replace")) if cright.exists() else []
        present = {p.name: p for p in sorted(ext.glob(pattern))}
        skipped += [f"{pkg}:{n}" for n in present if n not in wanted]
        absent = [n for n in wanted if n not in present]
        if absent:
            raise PhotoError(f"{deb.name} lacks expected photographs {absent}; update PACKAGES in {__file__}.")
        for name in wanted:
            src = present[name]
            dst = photos / name
            if not dst.exists() or dst.stat().st_size != src.stat().st_size:
                tmp = dst.with_name(dst.name + ".tmp-copy")
                shutil.copyfile(src, tmp)
                tmp.replace(dst)
            rel = str(src.relative_to(ext))
            with Image.open(dst) as im:
                size = list(im.size)
            c, lic = credit_for(paras, rel)
            credits.append({"package": pkg, "deb": deb.name, "file": name, "source": "/" + rel,
                            "copyright": c, "license": lic})
            records.append({"file": name, "package": pkg, "size": size})
    names = [r["file"] for r in records]
    if len(set(names)) != len(names):
        raise PhotoError("two packages ship photographs with the same file name; give them distinct names.")
    unknown_dev = [n for n in DEV_PHOTOS if n not in names]
    if unknown_dev:
        raise PhotoError(f"DEV_PHOTOS names files that are not in the set: {unknown_dev}.")
    dev = [n for n in names if n in DEV_PHOTOS]
    train = [n for n in names if n not in DEV_PHOTOS]
    index = {"version": INDEX_VERSION, "train": train, "dev": dev, "photos": records,
             "credits": credits, "skipped": skipped}
    tmp = index_path.with_name("index.json.tmp-write")
    tmp.write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    tmp.replace(index_path)
    return PhotoSet(train=[photos / n for n in train], dev=[photos / n for n in dev], credits=credits)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--markdown", action="store_true", help="print the credits as a markdown table (model cards)")
    args = ap.parse_args(argv)
    try:
        ps = ensure_photos(args.root)
    except PhotoError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.markdown:
        dev = {p.name for p in ps.dev}
        print("| photo | set | © | licence | Debian package |\n|---|---|---|---|---|")
        for c in ps.credits:
            print(f"| {c['file']} | {'dev' if c['file'] in dev else 'train'} | {c['copyright']} | {c['license']} | {c['package']} |")
        return 0
    for label, paths in (("train", ps.train), ("dev", ps.dev)):
        print(f"{label}: {len(paths)} photos")
        for p in paths:
            with Image.open(p) as im:
                print(f"  {p.name:45s} {im.size[0]}x{im.size[1]}")
    print("credits:")
    for c in ps.credits:
        print(f"  {c['file']}: © {c['copyright']} — {c['license']} ({c['package']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
