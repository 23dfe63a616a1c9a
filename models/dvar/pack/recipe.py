"""A pack's rebuild recipe (models/recipes/NAME.toml), read and checked: the photo data by hash, then every
stage in order, each a `python -m MODULE` with all its settings and, for a training stage, a step budget.

    [pack]
    name = "fast"
    version = "0.3.3"
    folder = "{work}/packs/fast-0.3.3"    # where the last stage leaves the pack
    deterministic = false                 # true: a rebuild's graphs are byte-identical to the shipped ones
    tolerance = "..."                     # otherwise: what a rebuild must meet, and the command that checks it

    [data]
    photo_lock = "../photo-lock.json"     # the Debian photographs (dvar.data.photo_lock), or
    photo_list = "tiny-photos.json"       # a list of files by sha256 (dvar.data.photo_list)
    sha256 = "..."                        # of that file: a recipe is tied to one version of its data

    [[stage]]
    id = "tokenizer"
    module = "dvar.train.stage0_tokenizer"
    steps = 1891                          # passed as --steps; the stage must reach it
    max_minutes = 30                      # passed as --minutes: a safety cap, reaching it fails the rebuild
    checkpoint = "{work}/stage0/ckpt.pt"  # where the step count is read back
    outputs = ["{work}/stage0"]           # removed before a changed stage runs again
    args = { run = "{work}/stage0", preset = "default", batch = 32 }

Paths are relative to models/ (every stage runs there); `{work}` is the rebuild's work folder. An
argument `true` is a bare flag, `false` leaves it out, a list of strings gives the option several values.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

MODELS = Path(__file__).resolve().parents[2]  # <repo>/models: every stage's working folder
RECIPES = MODELS / "recipes"


class RecipeError(ValueError):
    """A recipe that cannot be run as written; the message names the file and the field."""


@dataclass(frozen=True)
class Stage:
    id: str
    module: str
    args: dict
    steps: int | None = None
    max_minutes: float | None = None
    checkpoint: str | None = None
    outputs: tuple[str, ...] = ()

    def argv(self, work: Path) -> list[str]:
        """The stage's command-line arguments, {work} filled in, the step budget and its cap appended."""
        out: list[str] = []
        for key, value in self.args.items():
            if value is False or value is None:
                continue
            out.append(f"--{key}")
            if isinstance(value, list):  # an option that takes several values: --cache a b c
                out += [fill(v, work) for v in value]
            elif value is not True:
                out.append(fill(str(value), work))
        if self.steps is not None:
            out += ["--steps", str(self.steps), "--minutes", str(self.max_minutes)]
        return out

    def definition(self) -> str:
        """Everything that decides what the stage computes, as canonical JSON (its part of the stage hash)."""
        return json.dumps(
            dict(module=self.module, args=self.args, steps=self.steps, max_minutes=self.max_minutes), sort_keys=True
        )


@dataclass(frozen=True)
class DataSpec:
    kind: str  # "photo_lock" or "photo_list"
    file: Path
    sha256: str


@dataclass(frozen=True)
class Recipe:
    path: Path
    sha256: str
    name: str
    version: str
    folder: str
    deterministic: bool
    tolerance: str
    data: DataSpec
    stages: tuple[Stage, ...]


def fill(text: str, work: Path) -> str:
    return text.replace("{work}", str(work))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _need(table: dict, key: str, kind: type | tuple, where: str):
    if key not in table:
        raise RecipeError(f"{where} has no {key}.")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise RecipeError(f"{where}: {key} must be {getattr(kind, '__name__', 'a number')}, not {value!r}.")
    return value


def _stage(table: dict, index: int, where: str) -> Stage:
    at = f"{where}, stage {index + 1}"
    sid = _need(table, "id", str, at)
    at = f"{where}, stage {sid!r}"
    args = table.get("args", {})
    plain = (str, int, float, bool)
    if not isinstance(args, dict) or not all(
        isinstance(v, plain) or isinstance(v, list) and all(isinstance(x, str) for x in v) for v in args.values()
    ):
        raise RecipeError(f"{at}: args must be a table of plain values (or lists of strings).")
    if "steps" in args or "minutes" in args:
        raise RecipeError(f"{at}: give the budget as steps and max_minutes, not in args.")
    steps = table.get("steps")
    if steps is not None:
        steps = _need(table, "steps", int, at)
        if steps < 1:
            raise RecipeError(f"{at}: steps must be at least 1.")
        _need(table, "max_minutes", (int, float), at)
        _need(table, "checkpoint", str, at)
    outputs = table.get("outputs", [])
    if not isinstance(outputs, list) or not all(isinstance(o, str) and o.startswith("{work}/") for o in outputs):
        raise RecipeError(f"{at}: outputs must be a list of paths inside {{work}}/.")
    known = {"id", "module", "args", "steps", "max_minutes", "checkpoint", "outputs"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise RecipeError(f"{at}: unknown fields {unknown}.")
    return Stage(
        id=sid,
        module=_need(table, "module", str, at),
        args=dict(args),
        steps=steps,
        max_minutes=float(table["max_minutes"]) if steps is not None else None,
        checkpoint=table.get("checkpoint"),
        outputs=tuple(outputs),
    )


def _data(table: dict, base: Path, where: str) -> DataSpec:
    kinds = [k for k in ("photo_lock", "photo_list") if k in table]
    if len(kinds) != 1:
        raise RecipeError(f"{where}: [data] needs exactly one of photo_lock or photo_list.")
    kind = kinds[0]
    return DataSpec(
        kind, (base / _need(table, kind, str, f"{where} [data]")).resolve(), _need(table, "sha256", str, f"{where} [data]")
    )


# The options through which a stage writes (transformer_e2e: --cache files are made when missing, the pack
# goes to --pack-out); every other {work} path is read.
WRITTEN_ARGS = ("run", "out", "pack-out", "cache")


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f + "/") for f in folders)


def wiring_problem(stages: tuple[Stage, ...], folder: str) -> str | None:
    """The first place where the stages do not hand each other their files: a stage that writes outside
    its declared outputs, reads a {work} path no earlier stage writes, or a pack folder nobody writes.
    Found when the recipe is read, not hours into a rebuild."""
    earlier: list[str] = []
    for stage in stages:
        paths = [(k, p) for k, v in stage.args.items() for p in (v if isinstance(v, list) else [v])]
        for key, value in paths:
            if not isinstance(value, str) or not value.startswith("{work}"):
                continue
            if key in WRITTEN_ARGS:
                if not _inside(value, stage.outputs):
                    return f"stage {stage.id!r} writes {value} (--{key}), which is not among its outputs"
            elif not (_inside(value, earlier) or value == "{work}" and earlier):
                return f"stage {stage.id!r} reads {value} (--{key}), which no earlier stage writes"
        if stage.checkpoint and not _inside(stage.checkpoint, stage.outputs):
            return f"stage {stage.id!r} keeps its checkpoint {stage.checkpoint} outside its outputs"
        earlier += stage.outputs
    if not _inside(folder, earlier):
        return f"no stage writes the pack folder {folder}"
    return None


def load_recipe(path: Path) -> Recipe:
    path = Path(path)
    try:
        raw = path.read_bytes()
        spec = tomllib.loads(raw.decode("utf-8"))
    except OSError as e:
        raise RecipeError(f"The recipe {path} cannot be read: {e.strerror or e}.") from e
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RecipeError(f"The recipe {path} is not valid TOML: {e}.") from e
    where = path.name
    pack = spec.get("pack")
    if not isinstance(pack, dict):
        raise RecipeError(f"{where} has no [pack] table.")
    deterministic = _need(pack, "deterministic", bool, f"{where} [pack]")
    tolerance = pack.get("tolerance", "")
    if not deterministic and not tolerance:
        raise RecipeError(f"{where}: a recipe that is not deterministic states its tolerance ([pack] tolerance).")
    stages = spec.get("stage", [])
    if not stages:
        raise RecipeError(f"{where} has no [[stage]].")
    parsed = tuple(_stage(s, i, where) for i, s in enumerate(stages))
    ids = [s.id for s in parsed]
    if len(set(ids)) != len(ids):
        raise RecipeError(f"{where}: stage ids must be unique ({ids}).")
    folder = _need(pack, "folder", str, f"{where} [pack]")
    problem = wiring_problem(parsed, folder)
    if problem:
        raise RecipeError(f"{where}: {problem}.")
    return Recipe(
        path=path.resolve(),
        sha256=sha256_bytes(raw),
        name=_need(pack, "name", str, f"{where} [pack]"),
        version=_need(pack, "version", str, f"{where} [pack]"),
        folder=folder,
        deterministic=deterministic,
        tolerance=tolerance,
        data=_data(spec.get("data", {}), path.resolve().parent, where),
        stages=parsed,
    )


def stage_hashes(recipe: Recipe) -> dict[str, str]:
    """Each stage's hash covers its own definition, the data's hash and every stage before it, so a
    change anywhere reruns that stage and all that follow."""
    out, previous = {}, recipe.data.sha256
    for stage in recipe.stages:
        previous = sha256_bytes((previous + stage.definition()).encode())
        out[stage.id] = previous
    return out
