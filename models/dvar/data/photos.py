"""Training and evaluation photographs from Debian wallpaper packages (credits and
licences: docs/photo-credits.md).

`ensure_photos()` downloads the packages with `apt-get download`, unpacks them with `dpkg -x`,
copies the reviewed photographs (byte for byte; original file names but for KDE's, see photo_name)
to <root>/photos/, reads each package's DEP-5 copyright file for the credits, writes
<root>/photos/index.json and returns a PhotoSet split by the fixed DEV_PHOTOS and DEV2_PHOTOS
lists. Every step is skipped when its output exists; with a complete index.json nothing but file
existence is checked.

Only files listed in PACKAGES are used: they were reviewed by eye. The packages also ship
graphics (gradients, vector art, a digital composite); those, and any file a newer package version
adds, are listed in index.json under "skipped" and not used.

Two dev lists: DEV_PHOTOS is the original one (numbers stay comparable with earlier runs);
DEV2_PHOTOS holds photos from the packages added later. Neither is ever used for training.

    python -m dvar.data.photos [--root DIR] [--markdown]   # --markdown: docs/photo-credits.md's table
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

from . import photo_list, photo_lock

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
    # KDE wallpaper packages name every file by its size: these are stored as <Wallpaper>_<size>.jpg
    # (photo_name). 2560x1600 is the largest size each of these photographs ships in.
    "plasma-workspace-wallpapers": (
        "usr/share/wallpapers/*/contents/images/2560x1600.jpg",
        (
            "BytheWater_2560x1600.jpg",  # wooden planks, shallow depth of field, warm grade
            "ColdRipple_2560x1600.jpg",  # wooden pier in fog, black and white
            "ColorfulCups_2560x1600.jpg",  # rows of plastic cups from above, colour grade
            "DarkestHour_2560x1600.jpg",  # lake at dusk, mist, smooth gradients
            "EveningGlow_2560x1600.jpg",  # rowing boats on a shore at sunset (HDR tone-mapped)
            "FallenLeaf_2560x1600.jpg",  # maple leaf on the ground, bokeh
            "Grey_2560x1600.jpg",  # woven metal facade (architecture), black and white
            "Kite_2560x1600.jpg",  # kite in a blue sky, clouds
            "OneStandsOut_2560x1600.jpg",  # star-shaped moss shoots from above, one red
            "Path_2560x1600.jpg",  # spruce forest, trunks, ferns, path
            "summer_1am_2560x1600.jpg",  # lake at 1 am in summer, reeds, twilight
            # not photographs: Altai, Canopee, Cascade, Cluster, Elarun, FlyingKonqui, Honeywave,
            # IceCold, Kay, Kokkini, MilkyWay, Opal, PastelHills, Patak, SafeLanding, Volna (vector art
            # and renders); Autumn (photo under a polygon-art overlay); Flow and Shell ship no 2560x1600.
        ),
    ),
    "lxqt-themes": (
        "usr/share/lxqt/wallpapers/*.*",  # not the License file
        (
            "Butterfly-Kenneth-Wimer.jpg",  # fritillary butterfly on a white flower, bokeh
            "Valendas.png",  # mountain ridge under storm clouds
            "after-the-rain.jpg",  # sunset behind storm clouds, dark hills
            "appleflower.png",  # apple blossom twig, green bokeh
            "beam.png",  # sun rays through clouds over misty hills
            "butterfly.png",  # swallowtail butterfly on a purple flower
            "cloud.png",  # altocumulus clouds, blue sky
            "drop.png",  # water drop on a grass blade
            "flowers.png",  # meadow of cornflowers and anemones
            "fog.jpg",  # fog over a hillside field
            "this-is-not-windows.jpg",  # green hills, ploughed field, poplars, blue sky
            # not photographs: origami*, triangles*, waves*, plasma-logo-*, kde-plasma.png,
            # plasma_arch.png, simple_blue_widescreen.png (vector art, logos, textures)
        ),
    ),
    # scikit-image's sample photographs, all of them dev list 3 (held out: never trained on, never used
    # to choose a setting).
    "python3-skimage": (
        "usr/lib/python3/dist-packages/skimage/data/*.*",
        (
            "astronaut.png",  # portrait in a space suit, flag, fabric
            "camera.png",  # man with a camera on a tripod, black and white
            "chelsea.png",  # cat: fur, whiskers
            "coffee.png",  # cup of coffee on a saucer, wood grain
            "rocket.jpg",  # rocket on the launch pad, sky, trees
            "hubble_deep_field.jpg",  # galaxies on black: faint points, smooth dark background
            # not used: motorcycle_left/right (Middlebury stereo pair, no stated licence); retina, ihc,
            # cell, microaneurysms (microscopy); brick, grass, gravel (textures); text, page, coins,
            # moon, horse, logo, charts (grey scans, art and test patterns)
        ),
    ),
}

# Reviewed and not used, so not downloaded (Debian bookworm versions):
#   gnome-backgrounds 43.1-1: renders and vector art only (adwaita, grid, licorice, pixels, ...);
#   ukui-wallpapers 20.04.3-1.1: digital art only; sway-backgrounds 1.7-6: the sway logo on a gradient;
#   lomiri-wallpapers 20.04.0-2: one vector image; xfdesktop4-data 4.18.1-1: gradients;
#   mypaint-data-extras 2.0.1-9: seamless paper tiles. enlightenment-data 0.25.4-2 ships photographs
#   inside .edj (Eet) containers, which need the efl tools to unpack: a possible later source.

# Photographers that upstream names outside the DEP-5 file (KDE: each wallpaper's metadata.json;
# LXQt: wallpapers/License, or the file name). Credited beside the DEP-5 copyright holder.
AUTHORS: dict[str, str] = {
    "BytheWater_2560x1600.jpg": "Maciej Wiklo",
    "ColdRipple_2560x1600.jpg": "Risto Saukonpää",
    "ColorfulCups_2560x1600.jpg": "Dmitri Popov",
    "DarkestHour_2560x1600.jpg": "Risto Saukonpää",
    "EveningGlow_2560x1600.jpg": "Ian Hex",
    "FallenLeaf_2560x1600.jpg": "Martin Klapetek",
    "Grey_2560x1600.jpg": "Sigi Sagi",
    "Kite_2560x1600.jpg": "Risto Saukonpää",
    "OneStandsOut_2560x1600.jpg": "Risto Saukonpää",
    "Path_2560x1600.jpg": "Risto Saukonpää",
    "summer_1am_2560x1600.jpg": "Risto Saukonpää",
    "Butterfly-Kenneth-Wimer.jpg": "Kenneth Wimer",
    "after-the-rain.jpg": "stefonarch",
    "appleflower.png": "stefonarch",
    "beam.png": "stefonarch",
    "butterfly.png": "stefonarch",
    "drop.png": "stefonarch",
    "flowers.png": "stefonarch",
    "fog.jpg": "stefonarch",
    "this-is-not-windows.jpg": "stefonarch",
    # scikit-image names each sample's photographer and terms in skimage/data/_fetchers.py (the package's
    # copyright file covers the code, BSD-3-Clause).
    "astronaut.png": "NASA (public domain)",
    "camera.png": "Lav Varshney (CC0)",
    "chelsea.png": "Stefan van der Walt (CC0)",
    "coffee.png": "Rachel Michetti (CC0)",
    "rocket.jpg": "SpaceX (public domain)",
    "hubble_deep_field.jpg": "NASA (public domain)",
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

# Second dev list, from the packages added later, chosen for what the first lacks: an animal with fine
# wing pattern, architecture, dense forest, a night scene with smooth gradients (banding, luma drift),
# a flower meadow, fog with fine wood lines. Pairs are made in this order (dev_images --list dev2).
DEV2_PHOTOS: tuple[str, ...] = (
    "butterfly.png",
    "Grey_2560x1600.jpg",
    "Path_2560x1600.jpg",
    "summer_1am_2560x1600.jpg",
    "flowers.png",
    "ColdRipple_2560x1600.jpg",
)

# Third dev list, held out: reported on its own row by the bench and never used to choose any setting
# (choices are made on lists 1 and 2 only). Pairs are made in this order (dev_images --list dev3).
DEV3_PHOTOS: tuple[str, ...] = (
    "astronaut.png",
    "camera.png",
    "chelsea.png",
    "coffee.png",
    "rocket.jpg",
    "hubble_deep_field.jpg",
)

INDEX_VERSION = 3  # 2: dev2 list, author field; 3: dev3 list


class PhotoError(RuntimeError):
    pass


@dataclass
class PhotoSet:
    train: list[Path]
    dev: list[Path]
    credits: list[dict] = field(default_factory=list)
    dev2: list[Path] = field(default_factory=list)
    dev3: list[Path] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return sorted(self.train + self.dev + self.dev2 + self.dev3)


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


def photo_name(rel_path: str) -> str:
    """Name of a package file in <root>/photos/: its own name, except KDE wallpaper packages'
    .../<Wallpaper>/contents/images/<size>.<ext>, which become <Wallpaper>_<size>.<ext> (their file
    names are only sizes, the same in every wallpaper)."""
    parts = rel_path.split("/")
    if len(parts) >= 4 and parts[-3:-1] == ["contents", "images"]:
        return f"{parts[-4]}_{parts[-1]}"
    return parts[-1]


def _load_index(path: Path, root: Path) -> PhotoSet | None:
    try:
        idx = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if (
        idx.get("version") != INDEX_VERSION
        or sorted(idx.get("dev", [])) != sorted(DEV_PHOTOS)
        or idx.get("dev2") != list(DEV2_PHOTOS)
        or idx.get("dev3") != list(DEV3_PHOTOS)
    ):
        return None
    photos = root / "photos"
    train, dev, dev2, dev3 = ([photos / n for n in idx[k]] for k in ("train", "dev", "dev2", "dev3"))
    if not all(p.is_file() for p in train + dev + dev2 + dev3):
        return None
    return PhotoSet(train=train, dev=dev, credits=idx["credits"], dev2=dev2, dev3=dev3)


def ensure_photos(root: Path = DEFAULT_ROOT, lock: Path | None = None) -> PhotoSet:
    """Download (once) and return the photo set: train and dev paths plus per-photo credits. A fresh
    download is checked against `lock` (by default models/photo-lock.json for the default root): a set
    that differs is refused, so no run trains on other pixels than the lock names. While DVAR_PHOTO_LIST
    names a photo list (photo_list.py), the default root's set is that list's instead."""
    root = Path(root)
    listed = photo_list.photo_list_from_env()
    if listed is not None and root.resolve() == DEFAULT_ROOT.resolve():
        return photo_list.listed_photo_set(listed)
    if lock is None and root.resolve() == DEFAULT_ROOT.resolve():
        lock = photo_lock.LOCK
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
        present = {photo_name(str(p.relative_to(ext))): p for p in sorted(ext.glob(pattern))}
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
            credits.append(
                {
                    "package": pkg,
                    "deb": deb.name,
                    "file": name,
                    "source": "/" + rel,
                    "copyright": c,
                    "license": lic,
                    "author": AUTHORS.get(name, ""),
                }
            )
            records.append({"file": name, "package": pkg, "size": size})
    names = [r["file"] for r in records]
    if len(set(names)) != len(names):
        raise PhotoError("two packages ship photographs with the same file name; give them distinct names.")
    held_out = DEV_PHOTOS + DEV2_PHOTOS + DEV3_PHOTOS
    unknown_dev = [n for n in held_out if n not in names]
    if unknown_dev:
        raise PhotoError(f"DEV_PHOTOS, DEV2_PHOTOS or DEV3_PHOTOS name files that are not in the set: {unknown_dev}.")
    if len(set(held_out)) != len(held_out):
        raise PhotoError(f"photos in two dev lists: {sorted({n for n in held_out if held_out.count(n) > 1})}.")
    dev = [n for n in names if n in DEV_PHOTOS]  # package order, as before dev2 existed
    dev2 = list(DEV2_PHOTOS)  # list order: adding packages never renumbers its pairs
    dev3 = list(DEV3_PHOTOS)
    train = [n for n in names if n not in held_out]
    index = {
        "version": INDEX_VERSION,
        "train": train,
        "dev": dev,
        "dev2": dev2,
        "dev3": dev3,
        "photos": records,
        "credits": credits,
        "skipped": skipped,
    }
    tmp = index_path.with_name("index.json.tmp-write")
    tmp.write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    if lock is not None:
        problems = photo_lock.differences(photo_lock.lock_of(root, tmp), json.loads(lock.read_text()))
        if problems:
            tmp.unlink()
            raise PhotoError(
                f"The photos differ from {lock.name}: {'; '.join(problems)}. Review the change, then run python -m dvar.data.photo_lock write."
            )
    tmp.replace(index_path)
    return PhotoSet(
        train=[photos / n for n in train],
        dev=[photos / n for n in dev],
        credits=credits,
        dev2=[photos / n for n in dev2],
        dev3=[photos / n for n in dev3],
    )


def set_of(ps: PhotoSet, name: str) -> str:
    """'train', 'dev', 'dev2' or 'dev3': which list of the photo set a file is in."""
    return next((k for k in ("dev", "dev2", "dev3") if name in {p.name for p in getattr(ps, k)}), "train")


def credits_markdown(ps: PhotoSet) -> str:
    """The credits table of docs/photo-credits.md: the photographer (where upstream names one
    outside the DEP-5 file) first, then the DEP-5 copyright holder."""
    rows = ["| photo | set | © | licence | Debian package |", "|---|---|---|---|---|"]
    for c in ps.credits:
        who = "; ".join(s for s in (c.get("author", ""), c["copyright"]) if s)
        rows.append(f"| {c['file']} | {set_of(ps, c['file'])} | {who} | {c['license']} | {c['package']} |")
    return "\n".join(rows)


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
        print(credits_markdown(ps))
        return 0
    for label, paths in (("train", ps.train), ("dev", ps.dev), ("dev2", ps.dev2), ("dev3", ps.dev3)):
        print(f"{label}: {len(paths)} photos")
        for p in paths:
            with Image.open(p) as im:
                print(f"  {p.name:45s} {im.size[0]}x{im.size[1]}")
    print("credits:")
    for c in ps.credits:
        by = f"{c['author']}; " if c.get("author") else ""
        print(f"  {c['file']}: © {by}{c['copyright']} — {c['license']} ({c['package']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
