"""Rebuilds a pack from its recipe (models/recipes/*.toml, read by recipe.py).

Checks the photo data against the recipe's hash, runs every stage in order in a work folder, checks that
each training stage reached its step budget (not its safety cap), then copies the pack to --out with the
recipe's hash in its manifest (provenance.recipe). A stage already done with the same definition is
skipped; one that was interrupted resumes from its checkpoint; one whose definition (or any earlier
stage's, or the data's) changed starts again from nothing. --compare reports, graph by graph, whether the
rebuild is byte-identical to a pack (the shipped one, say).

    python -m dvar.pack.rebuild recipes/tiny.toml --out runs/rebuilt/tiny [--work DIR] [--compare DIR] [--dry-run]
    python -m dvar.pack.rebuild recipes/fast.toml --from int8 --work W ...   # W/packs/fast-0.3.1 put there by hand
    python -m dvar.pack.rebuild recipes/fast.toml --until transformer ...     # the GPU stages alone (models/gpu/rebuild_stages.sh)

Run from models/ (paths in a recipe are relative to it); --out must be a new folder (with --until there is no pack
yet, and no --out is needed).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..data import photo_list, photo_lock
from .recipe import MODELS, Recipe, RecipeError, Stage, fill, load_recipe, stage_hashes

COMPACT_COPY = "the compact copy of the locked photographs (training photos re-encoded at their sampler size, JPEG q95)"
STAMPS = ".rebuild"  # inside the work folder: one JSON per stage, {"hash", "state": "started"|"done", "step"}


class RebuildError(RuntimeError):
    """A rebuild that cannot go on; the message says which stage or input and why."""


def data_environment(recipe: Recipe) -> tuple[dict[str, str], str]:
    """The environment every stage runs in, once the recipe's photo data is checked byte for byte, and
    which photos those are (for the manifest)."""
    data = recipe.data
    if not data.file.is_file():
        raise RebuildError(f"The recipe's {data.kind} {data.file} is not there.")
    if photo_lock.sha256_of(data.file) != data.sha256:
        raise RebuildError(f"{data.file.name} is not the version {recipe.path.name} was written for (its sha256 differs).")
    env = {k: v for k, v in os.environ.items() if k != photo_list.ENV}
    env["PYTHONHASHSEED"] = "0"
    if data.kind == "photo_list":
        photo_list.listed_photo_set(data.file)  # every photo there, every hash right
        env[photo_list.ENV] = str(data.file)
        return env, f"the photos {data.file.name} lists"
    from ..data.photos import DEFAULT_ROOT, ensure_photos

    compact = photo_lock.compact_differences(DEFAULT_ROOT / "photos", data.sha256)
    if compact is not None:  # a machine without apt (a lent GPU) gets the compact copy instead
        if compact:
            raise RebuildError(
                f"The compact photo copy in {DEFAULT_ROOT / 'photos'} is not the one its lock names: {'; '.join(compact)}."
            )
        return env, COMPACT_COPY
    ensure_photos(DEFAULT_ROOT, lock=data.file)  # downloads once; a fresh download is checked there
    try:
        found = photo_lock.lock_of(DEFAULT_ROOT)
    except OSError as e:  # e.g. photos copied without the .deb files they came from
        raise RebuildError(
            f"The photos in {DEFAULT_ROOT} cannot be checked against {data.file.name}: {e.filename} is missing. "
            "Run python -m dvar.data.photos there to fetch the packages."
        ) from e
    problems = photo_lock.differences(found, json.loads(data.file.read_text()))
    if problems:
        raise RebuildError(f"The photos in {DEFAULT_ROOT} differ from {data.file.name}: {'; '.join(problems)}.")
    return env, "the locked photographs"


def _stamp_path(work: Path, stage: Stage) -> Path:
    return work / STAMPS / f"{stage.id}.json"


def _read_stamp(work: Path, stage: Stage) -> dict:
    try:
        return json.loads(_stamp_path(work, stage).read_text())
    except (OSError, ValueError):
        return {}


def _write_stamp(work: Path, stage: Stage, **fields) -> None:
    path = _stamp_path(work, stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(fields) + "\n")
    tmp.replace(path)


def steps_reached(checkpoint: Path) -> int:
    import torch

    return int(torch.load(checkpoint, map_location="cpu", weights_only=False)["step"])


def run_stage(stage: Stage, stage_hash: str, work: Path, env: dict[str, str], log=print) -> int | None:
    """Runs one stage (or skips it when done with this hash); returns the steps it trained."""
    stamp = _read_stamp(work, stage)
    if stamp.get("hash") == stage_hash and stamp.get("state") == "done":
        log(f"[{stage.id}] done before, skipped")
        return stamp.get("step")
    # Only a training stage resumes (from its checkpoint, when the same definition started it); any other
    # stage starts from nothing, so a half-written pack of an interrupted run is never built upon.
    if stamp.get("hash") != stage_hash or stage.steps is None:
        for out in stage.outputs:
            target = Path(fill(out, work))
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    _write_stamp(work, stage, hash=stage_hash, state="started")
    cmd = [sys.executable, "-m", stage.module, *stage.argv(work)]
    log(f"[{stage.id}] {shlex.join(cmd[1:])}")
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=MODELS, env=env)
    if result.returncode != 0:
        raise RebuildError(f"Stage {stage.id} ({stage.module}) failed with exit status {result.returncode}; its output is above.")
    step = None
    if stage.steps is not None:
        step = steps_reached(Path(fill(stage.checkpoint or "", work)))
        if step != stage.steps:
            raise RebuildError(
                f"Stage {stage.id} stopped after {step} of {stage.steps} steps: its safety cap of {stage.max_minutes:g} "
                "minutes ran out on this machine, so its model is not the recipe's. Raise max_minutes or use a faster machine."
            )
    _write_stamp(work, stage, hash=stage_hash, state="done", step=step)
    log(f"[{stage.id}] done in {time.monotonic() - started:.1f} s" + (f", {step} steps" if step is not None else ""))
    return step


def stamp_manifest(pack: Path, recipe: Recipe, steps: dict[str, int | None], start: str | None = None, photos: str = "") -> dict:
    """Records the recipe (by hash), its data's hash and the steps each stage trained in the pack's manifest;
    `from` names the first stage run when the earlier ones were not."""
    path = pack / "manifest.json"
    manifest = json.loads(path.read_text())
    try:
        file = str(recipe.path.relative_to(MODELS.parent))
    except ValueError:
        file = str(recipe.path)
    manifest.setdefault("provenance", {})["recipe"] = {
        "file": file,
        "sha256": recipe.sha256,
        "data": {recipe.data.kind: recipe.data.file.name, "sha256": recipe.data.sha256, "photos": photos},
        "steps": {k: v for k, v in steps.items() if v is not None},
        "rebuilt": True,
        **({"from": start} if start else {}),
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def compare_packs(rebuilt: Path, reference: Path) -> dict[str, bool]:
    """{file: byte-identical?} for every graph and data file either manifest names, and 'settings' for
    the manifest without its provenance (which holds dates and paths)."""
    a, b = (json.loads((p / "manifest.json").read_text()) for p in (rebuilt, reference))
    files = sorted(
        {s["file"] for m in (a, b) for s in m.get("graphs", {}).values()} | {f for m in (a, b) for f in m.get("dataFiles", {})}
    )
    out = {}
    for name in files:
        x, y = rebuilt / name, reference / name
        out[name] = x.is_file() and y.is_file() and filecmp.cmp(x, y, shallow=False)
    settings = [{k: v for k, v in m.items() if k not in ("provenance", "version")} for m in (a, b)]
    out["settings"] = settings[0] == settings[1]
    return out


def rebuild(recipe: Recipe, out: Path, work: Path, log=print, start: str | None = None, until: str | None = None) -> dict | None:
    """Runs the recipe (from stage `start` on, taking the earlier stages' outputs as found in `work`; up to
    stage `until`, then stops without a pack: the GPU stages on a lent machine, the rest elsewhere)."""
    work = work.resolve()  # the stages run in models/; every {work} path must mean the same folder there
    if out.exists() and any(out.iterdir()):
        raise RebuildError(f"{out} exists and is not empty; give a new folder for the rebuilt pack.")
    ids = [s.id for s in recipe.stages]
    for name in (start, until):
        if name is not None and name not in ids:
            raise RebuildError(f"{recipe.path.name} has no stage {name!r}; its stages: {', '.join(ids)}.")
    last = ids.index(until) if until else len(ids) - 1
    if start and ids.index(start) > last:
        raise RebuildError(f"--from {start} comes after --until {until} in {recipe.path.name}.")
    env, photos = data_environment(recipe)
    log(f"photos: {photos}")
    work.mkdir(parents=True, exist_ok=True)
    hashes = stage_hashes(recipe)
    first = ids.index(start) if start else 0
    for skipped in recipe.stages[:first]:
        log(f"[{skipped.id}] not run (--from {start}): its outputs are taken as they are in {work}")
    steps = {s.id: run_stage(s, hashes[s.id], work, env, log) for s in recipe.stages[first : last + 1]}
    if last < len(ids) - 1:
        log(f"stopped after {until} as asked; {work} holds what it made: go on with --from {ids[last + 1]} --work {work}")
        return None
    built = Path(fill(recipe.folder, work))
    if not (built / "manifest.json").is_file():
        raise RebuildError(f"The last stage left no pack in {built} ([pack] folder in {recipe.path.name}).")
    tmp = out.with_name(out.name + ".tmp-rebuild")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(built, tmp)
    manifest = stamp_manifest(tmp, recipe, steps, start, photos)
    if out.exists():
        out.rmdir()  # empty (checked above)
    tmp.replace(out)
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recipe", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="the rebuilt pack (a new folder); not needed with --until")
    ap.add_argument("--work", type=Path, default=None, help="checkpoints and intermediate packs (default runs/rebuild/NAME-HASH)")
    ap.add_argument("--compare", type=Path, default=None, help="a pack to compare the rebuild with, file by file")
    ap.add_argument("--dry-run", action="store_true", help="print the stages' commands and stop")
    ap.add_argument("--until", default=None, help="stop after this stage (no pack yet); go on later with --from")
    ap.add_argument(
        "--from", dest="start", default=None, help="run from this stage on; the earlier ones' outputs must be in --work"
    )
    a = ap.parse_args(argv)
    if a.out is None and not (a.until or a.dry_run):
        ap.error("give --out, the folder for the rebuilt pack")
    try:
        recipe = load_recipe(a.recipe)
        work = (a.work or MODELS / "runs" / "rebuild" / f"{recipe.name}-{recipe.sha256[:12]}").resolve()
        if a.dry_run:
            for s in recipe.stages:
                print(f"[{s.id}] python -m {s.module} {shlex.join(s.argv(work))}")
            return 0
        if rebuild(recipe, (a.out or work / "pack").resolve(), work, start=a.start, until=a.until) is None:
            return 0
    except (RecipeError, RebuildError) as e:
        print(f"rebuild: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "rebuild: stopped. The same command resumes: finished stages are kept, a training stage goes on from its checkpoint.",
            file=sys.stderr,
        )
        return 130
    print(f"{a.out}: {recipe.name} {recipe.version} rebuilt from {recipe.path.name} (sha256 {recipe.sha256[:12]}…)")
    if a.compare:
        same = compare_packs(a.out, a.compare)
        for name, equal in same.items():
            print(f"  {name}: {'identical' if equal else 'differs'}")
        if not recipe.deterministic:
            print(f"  not expected to be byte-identical; the recipe's tolerance: {recipe.tolerance}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
