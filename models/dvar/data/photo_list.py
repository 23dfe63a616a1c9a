"""A photo set named file by file, for recipes that do not train on the Debian photographs (the tiny
recipe CI rebuilds): a JSON file listing each photo's path (relative to the list) and sha256, split into
train and dev. While DVAR_PHOTO_LIST names such a file, ensure_photos() returns its set instead of the
Debian one, so every stage of a rebuild (training, evaluation, int8 calibration) reads the same photos
without an option of its own. A photo whose bytes differ from the list is refused.

    {"about": "...", "train": [{"file": "../../samples/a.jpg", "sha256": "..."}], "dev": [...]}
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .photo_lock import sha256_of

ENV = "DVAR_PHOTO_LIST"


def listed_photo_set(list_file: Path):
    """The PhotoSet a photo list names, each photo checked against its sha256."""
    from .photos import PhotoError, PhotoSet

    try:
        spec = json.loads(Path(list_file).read_text())
    except (OSError, ValueError) as e:
        raise PhotoError(f"The photo list {list_file} cannot be read: {e}.") from e
    base = Path(list_file).resolve().parent
    sets: dict[str, list[Path]] = {}
    for part in ("train", "dev"):
        paths = []
        for entry in spec.get(part, []):
            path = (base / entry["file"]).resolve()
            if not path.is_file():
                raise PhotoError(f"The photo list {list_file} names {entry['file']}, which is not there.")
            if sha256_of(path) != entry["sha256"]:
                raise PhotoError(f"{entry['file']} differs from the photo its list {Path(list_file).name} names (sha256).")
            paths.append(path)
        sets[part] = paths
    if not sets["train"] or not sets["dev"]:
        raise PhotoError(f"The photo list {list_file} needs at least one train and one dev photo.")
    credits = [{"file": p.name, "source": str(p), "license": spec.get("license", "")} for p in sets["train"]]
    return PhotoSet(train=sets["train"], dev=sets["dev"], credits=credits)


def photo_list_from_env() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None
