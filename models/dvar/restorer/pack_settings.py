"""A new version of a restorer pack that differs from its base only in run-time settings the engine reads
from the manifest, never in a graph: where the token path runs (`runtime.tokenResolution`) and how deep
the default wavelet guard anchors the result to the input (`fidelityGuardLevels`). Every graph and
licence file is copied byte for byte; the manifest records the base pack and the settings changed, so
the new pack is rebuilt from its base with this one command.

    python -m dvar.restorer.pack_settings --base packs/default --out runs/packs/default-0.6.0 \
        --version 0.6.0 --token-resolution half --guard-levels 3 \
        --why "chosen on dev lists 1-2 (bench/results/fair-peers.md)"
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import shutil
from pathlib import Path

from ..quantize.staged_pack import check_not_base, staged_pack, write_manifest

TOKEN_RESOLUTIONS = ("full", "half")


def retuned_manifest(base: dict, version: str, token_resolution: str | None, guard_levels: int | None, why: str) -> dict:
    """The base manifest with the settings changed and its provenance saying from what and why."""
    if base.get("restorer") is None and token_resolution == "half":
        raise ValueError("Half-resolution tokens need a pack with a restorer, whose output gives the fine detail.")
    if token_resolution is not None and token_resolution not in TOKEN_RESOLUTIONS:
        raise ValueError(f"The token resolution must be one of {', '.join(TOKEN_RESOLUTIONS)}.")
    if guard_levels is not None and not 1 <= guard_levels <= 8:
        raise ValueError("The guard depth must be a whole number of levels from 1 to 8.")
    m = copy.deepcopy(base)
    changed = {}
    if token_resolution is not None:
        m["runtime"]["tokenResolution"] = changed["runtime.tokenResolution"] = token_resolution
        context = m["runtime"].get("bottomContext", 0)
        if token_resolution == "half" and context % (2 * m["input"]["multiple"]):
            raise ValueError(f"The bottom context ({context} rows) must halve into whole tiles for half-resolution tokens.")
    if guard_levels is not None:
        m["fidelityGuardLevels"] = changed["fidelityGuardLevels"] = guard_levels
    m["version"] = version
    m["provenance"] = {
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": "models/dvar/restorer/pack_settings.py",
        "settings": changed,
        "why": why,
        "base": {"name": base["name"], "version": base["version"], "provenance": base.get("provenance")},
    }
    return m


def build(base: Path, out: Path, version: str, token_resolution: str | None, guard_levels: int | None, why: str) -> dict:
    base, out = check_not_base(base, out)
    manifest = retuned_manifest(json.loads((base / "manifest.json").read_text()), version, token_resolution, guard_levels, why)
    with staged_pack(out, "settings") as staging:
        for f in sorted(base.iterdir()):
            if f.is_file() and f.name != "manifest.json":
                shutil.copyfile(f, staging / f.name)
        write_manifest(staging, manifest)
    return manifest


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--token-resolution", choices=TOKEN_RESOLUTIONS)
    ap.add_argument("--guard-levels", type=int)
    ap.add_argument("--why", required=True, help="what chose these settings (recorded in the manifest)")
    a = ap.parse_args(argv)
    m = build(a.base, a.out, a.version, a.token_resolution, a.guard_levels, a.why)
    print(f"wrote {a.out}: {m['name']} {m['version']}, {m['provenance']['settings']}")


if __name__ == "__main__":
    main()
