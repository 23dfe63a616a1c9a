"""Writing a pack folder all at once: the builders fill a staging folder beside `out`, and only a complete
build replaces `out`, so a failed build leaves the previous pack as it was."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def check_not_base(base: Path, out: Path) -> tuple[Path, Path]:
    base, out = Path(base).resolve(), Path(out).resolve()
    if base == out:
        raise ValueError(f"--out must be another folder than the base pack {base}: the base pack is only read.")
    return base, out


@contextlib.contextmanager
def staged_pack(out: Path, purpose: str) -> Iterator[Path]:
    """Yields an empty staging folder; on leaving without an error it becomes `out` (replacing it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-{purpose}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's private mode would become the pack folder's
    try:
        yield staging
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
