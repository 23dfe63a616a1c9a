"""Rebuilding a pack from its recipe: the tiny recipe twice gives byte-identical packs with the recipe's
hash in the manifest; a recipe for other data, a stage stopped by its safety cap, a malformed recipe and
an existing output folder are refused in one sentence; a changed stage reruns it and every later one."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dvar.pack.rebuild import RebuildError, compare_packs, data_environment, rebuild, run_stage
from dvar.pack.recipe import MODELS, RecipeError, Stage, load_recipe, stage_hashes

TINY = MODELS / "recipes" / "tiny.toml"
SHIPPED = [MODELS / "recipes" / f"{name}.toml" for name in ("default", "fast")]


def _rebuild_cli(out: Path, work: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dvar.pack.rebuild", str(TINY), "--out", str(out), "--work", str(work)],
        cwd=MODELS,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def two_rebuilds(tmp_path_factory):
    """The tiny recipe rebuilt twice from nothing, side by side (one thread each)."""
    tmp = tmp_path_factory.mktemp("rebuild")
    runs = [(tmp / f"out{i}", tmp / f"work{i}") for i in (1, 2)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda r: _rebuild_cli(*r), runs))
    for r in results:
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return runs, results


def test_the_tiny_recipe_rebuilds_byte_identical_packs(two_rebuilds):
    (out1, _), (out2, _) = two_rebuilds[0]
    same = compare_packs(out1, out2)
    assert len(same) >= 8 and all(same.values()), same
    assert any(name.endswith(".int8.onnx") for name in same)  # the int8 stage ran too


def test_the_manifest_records_the_recipe_its_data_and_the_steps(two_rebuilds):
    (out1, _), _ = two_rebuilds[0]
    manifest = json.loads((out1 / "manifest.json").read_text())
    recipe = load_recipe(TINY)
    record = manifest["provenance"]["recipe"]
    assert record["sha256"] == recipe.sha256 and record["file"] == "models/recipes/tiny.toml"
    assert record["data"]["sha256"] == recipe.data.sha256
    assert record["steps"] == {"tokenizer": 3, "encoder": 3, "transformer": 3}
    assert manifest["version"] == recipe.version and manifest["name"] == recipe.name


def test_a_second_run_on_the_same_work_folder_skips_every_stage(two_rebuilds, tmp_path):
    (_, work1), _ = two_rebuilds[0]
    r = _rebuild_cli(tmp_path / "again", work1)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("done before, skipped") == len(load_recipe(TINY).stages)
    assert compare_packs(tmp_path / "again", two_rebuilds[0][0][0])["settings"]


def test_an_existing_output_folder_is_never_replaced(two_rebuilds):
    (out1, work1), _ = two_rebuilds[0]
    before = (out1 / "manifest.json").read_bytes()
    r = _rebuild_cli(out1, work1)
    assert r.returncode == 2 and "exists and is not empty" in r.stderr
    assert (out1 / "manifest.json").read_bytes() == before


def test_a_stage_stopped_by_its_safety_cap_fails_the_rebuild(tmp_path):
    recipe = load_recipe(TINY)
    env, _ = data_environment(recipe)
    first = recipe.stages[0]
    capped = Stage(**{**first.__dict__, "max_minutes": 1e-6})  # the cap runs out after the first step
    with pytest.raises(RebuildError, match=r"stopped after 1 of 3 steps: its safety cap"):
        run_stage(capped, "h", tmp_path, env, log=lambda _: None)


def test_data_that_differs_from_the_recipe_is_refused(tmp_path):
    text = TINY.read_text().replace("tiny-photos.json", str(tmp_path / "photos.json"))
    listing = json.loads((MODELS / "recipes" / "tiny-photos.json").read_text())
    listing["about"] = "edited"
    listing["train"][0]["file"] = str((MODELS / "recipes" / listing["train"][0]["file"]).resolve())
    listing["dev"][0]["file"] = listing["train"][0]["file"]
    (tmp_path / "photos.json").write_text(json.dumps(listing))
    (tmp_path / "r.toml").write_text(text)
    with pytest.raises(RebuildError, match="is not the version r.toml was written for"):
        rebuild(load_recipe(tmp_path / "r.toml"), tmp_path / "out", tmp_path / "work")
    assert not (tmp_path / "out").exists()


def test_a_photo_whose_bytes_changed_is_refused(tmp_path, monkeypatch):
    from dvar.data.photo_list import listed_photo_set
    from dvar.data.photos import PhotoError

    photo = tmp_path / "p.jpg"
    photo.write_bytes((MODELS.parent / "samples" / "sample-dandelions.jpg").read_bytes() + b"\0")
    listing = {"train": [{"file": "p.jpg", "sha256": "0" * 64}], "dev": [{"file": "p.jpg", "sha256": "0" * 64}]}
    (tmp_path / "l.json").write_text(json.dumps(listing))
    with pytest.raises(PhotoError, match="p.jpg differs from the photo its list l.json names"):
        listed_photo_set(tmp_path / "l.json")


def test_a_list_of_strings_gives_an_option_several_values_each_a_file_the_stage_writes_or_reads(tmp_path):
    from dvar.pack.recipe import wiring_problem

    stage = Stage("e2e", "m", {"cache": ["{work}/c/a.pt", "{work}/c/b.pt"], "fast": True, "slow": False}, outputs=("{work}/c",))
    assert stage.argv(tmp_path) == ["--cache", f"{tmp_path}/c/a.pt", f"{tmp_path}/c/b.pt", "--fast"]
    assert wiring_problem((stage,), "{work}/c") is None
    stray = Stage("e2e", "m", {"cache": ["{work}/c/a.pt", "{work}/elsewhere.pt"]}, outputs=("{work}/c",))
    assert "writes {work}/elsewhere.pt (--cache)" in wiring_problem((stray,), "{work}/c")


def test_changing_a_stage_changes_its_hash_and_every_later_one():
    recipe = load_recipe(TINY)
    before = stage_hashes(recipe)
    stages = list(recipe.stages)
    stages[1] = Stage(**{**stages[1].__dict__, "args": {**stages[1].args, "lr": 2e-4}})
    after = stage_hashes(type(recipe)(**{**recipe.__dict__, "stages": tuple(stages)}))
    ids = [s.id for s in recipe.stages]
    assert before[ids[0]] == after[ids[0]]
    assert all(before[i] != after[i] for i in ids[1:])


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("deterministic = true", "deterministic = false"), "states its tolerance"),
        (lambda t: t.replace("steps = 3\nmax_minutes = 5\n", "steps = 3\n", 1), "has no max_minutes"),
        (lambda t: t.replace('run = "{work}/stage0",', 'run = "{work}/stage0", steps = 9,', 1), "not in args"),
        (lambda t: t.replace('outputs = ["{work}/stage0"]', 'outputs = ["/tmp/elsewhere"]'), "inside {work}/"),
        (lambda t: t.replace('id = "encoder"', 'id = "tokenizer"'), "ids must be unique"),
        (lambda t: t.replace("[pack]", "[pack\n"), "not valid TOML"),
        (lambda t: t.replace('sizes = "64", lr = 4e-4,', "sizes = [64], lr = 4e-4,", 1), "plain values .or lists of strings."),
        (
            lambda t: t.replace('init = "{work}/stage0/ckpt.pt"', 'init = "{work}/stage9/ckpt.pt"'),
            "reads {work}/stage9/ckpt.pt .--init., which no earlier stage",
        ),
        (
            lambda t: t.replace('run = "{work}/stage0",', 'run = "{work}/elsewhere",'),
            "writes {work}/elsewhere .--run., which is not among its outputs",
        ),
        (
            lambda t: t.replace('folder = "{work}/packs/tiny-int8"', 'folder = "{work}/packs/none"'),
            "no stage writes the pack folder",
        ),
    ],
)
def test_a_malformed_recipe_is_refused_in_one_sentence(tmp_path, edit, message):
    path = tmp_path / "r.toml"
    path.write_text(edit(TINY.read_text()).replace('"tiny-photos.json"', f'"{MODELS / "recipes" / "tiny-photos.json"}"'))
    with pytest.raises(RecipeError, match=message):
        load_recipe(path)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_pack_has_a_recipe_that_its_manifest_names(path):
    recipe = load_recipe(path)
    assert recipe.data.kind == "photo_lock" and recipe.data.file == (MODELS / "photo-lock.json").resolve()
    assert recipe.data.sha256 == __import__("hashlib").sha256(recipe.data.file.read_bytes()).hexdigest()
    manifest = json.loads((MODELS / "packs" / path.stem / "manifest.json").read_text())
    assert manifest["version"] == recipe.version
    assert manifest["provenance"]["recipe"]["sha256"] == recipe.sha256
    assert all(s.steps is None or s.max_minutes for s in recipe.stages)


class _Parsed(Exception):
    pass


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_stage_of_a_shipped_recipe_parses_with_its_modules_own_options(path, monkeypatch, tmp_path):
    """A misspelt option or a value of the wrong type fails here, not hours into a rebuild on a GPU."""
    import argparse
    import importlib

    strict = argparse.ArgumentParser.parse_args

    def parse_then_stop(self, args=None, namespace=None):
        raise _Parsed(strict(self, args, namespace))

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_then_stop)
    for stage in load_recipe(path).stages:
        with pytest.raises(_Parsed) as parsed:
            importlib.import_module(stage.module).main(stage.argv(tmp_path))
        if stage.steps is not None:
            assert parsed.value.args[0].steps == stage.steps, stage.id


def test_starting_from_a_stage_the_recipe_lacks_is_refused(tmp_path):
    with pytest.raises(RebuildError, match="has no stage 'nope'; its stages: tokenizer, encoder"):
        rebuild(load_recipe(TINY), tmp_path / "out", tmp_path / "work", start="nope")


def test_photos_without_their_packages_are_refused_in_one_sentence(tmp_path, monkeypatch):
    import dvar.data.photos as photos
    from dvar.pack import rebuild as R

    root = tmp_path / "data"
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "index.json").write_text(json.dumps({"credits": [{"package": "p", "deb": "p_1_all.deb"}], "photos": []}))
    monkeypatch.setattr(photos, "DEFAULT_ROOT", root)
    monkeypatch.setattr(photos, "ensure_photos", lambda root, lock: None)
    with pytest.raises(R.RebuildError, match=r"cannot be checked against photo-lock.json: .*p_1_all.deb is missing"):
        R.data_environment(load_recipe(SHIPPED[0]))


def test_ctrl_c_says_how_to_resume(tmp_path):
    """SIGINT to the rebuild's process group mid-stage (what Ctrl-C in a terminal sends)."""
    import signal
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "dvar.pack.rebuild", str(TINY), "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")],
        cwd=MODELS,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stamp = tmp_path / "work" / ".rebuild" / "tokenizer.json"
    deadline = time.monotonic() + 60
    while not stamp.exists() and time.monotonic() < deadline:  # the first stage has started
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "stopped. The same command resumes" in err
    assert json.loads(stamp.read_text())["state"] == "started"  # so the next run resumes it, not skips it
    assert not (tmp_path / "out").exists()


def test_until_stops_after_that_stage_without_a_pack(two_rebuilds, tmp_path):
    (_, work1), _ = two_rebuilds[0]
    r = subprocess.run(
        [sys.executable, "-m", "dvar.pack.rebuild", str(TINY), "--until", "transformer", "--work", str(work1)],
        cwd=MODELS,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert f"stopped after transformer as asked; {work1} holds what it made: go on with --from export" in r.stdout
    assert "[export]" not in r.stdout and not (work1 / "pack").exists()


def _compact_copy(photos: Path, derived_from: str) -> None:
    from dvar.data import photo_lock

    photos.mkdir(parents=True)
    (photos / "a.jpg").write_bytes(b"train photo, re-encoded")
    (photos / "b.jpg").write_bytes(b"dev photo")
    lock = photo_lock.compact_lock(photos)
    lock["derivedFrom"] = derived_from
    (photos / photo_lock.COMPACT).write_text(json.dumps(lock))


def test_a_compact_copy_of_the_locked_photos_is_accepted_by_its_own_lock(tmp_path, monkeypatch):
    """A lent GPU has no apt: it trains on the compact copy, checked file by file against compact-lock.json."""
    import dvar.data.photos as photos
    from dvar.data import photo_lock
    from dvar.pack import rebuild as R

    recipe = load_recipe(SHIPPED[1])
    assert photo_lock.compact_differences(tmp_path, recipe.data.sha256) is None  # no copy there
    _compact_copy(tmp_path / "data" / "photos", recipe.data.sha256)
    monkeypatch.setattr(photos, "DEFAULT_ROOT", tmp_path / "data")
    _, which = R.data_environment(recipe)
    assert which == R.COMPACT_COPY
    (tmp_path / "data" / "photos" / "a.jpg").write_bytes(b"another photo")
    with pytest.raises(R.RebuildError, match="not the one its lock names: photograph a.jpg differs"):
        R.data_environment(recipe)


def test_a_compact_copy_of_other_photos_is_refused(tmp_path, monkeypatch):
    import dvar.data.photos as photos
    from dvar.pack import rebuild as R

    _compact_copy(tmp_path / "data" / "photos", "0" * 64)
    monkeypatch.setattr(photos, "DEFAULT_ROOT", tmp_path / "data")
    with pytest.raises(R.RebuildError, match="was made from another photo lock"):
        R.data_environment(load_recipe(SHIPPED[1]))
