"""A pack with some graphs in int8, built from a float32 pack (int8 where it pays). The chosen
graphs get dvar.quantize.int8's recipes (dynamic int8 MatMuls for prefix/step, static QDQ for the
convolutional graphs); every other file is copied unchanged. The manifest names each int8 graph's
recipe, its calibration and the float32 graph it came from (`graphs.<name>.quantization`,
docs/pack-format.md), and drops external-data files no graph reads any more (the int8 transformer
graphs hold their weights inline, so with prefix and step both int8 transformer-weights.bin goes).

The base pack is only read; the output is written to a temporary folder beside --out and then put in
its place, so a failed build leaves the previous pack as it was.

    python -m dvar.quantize.int8_pack --base runs/packs/fast-float32-0.3.1 --out packs/fast \
        --graphs encoder,prefix,step --version 0.3.2
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ..pack.export import _sha256
from .int8 import CONVOLUTIONAL, TRANSFORMER, add_calibration_options, calibration_from, external_data_files, quantize_pack
from .staged_pack import check_not_base, staged_pack, write_manifest

SCHEMES = {graph: "dynamic_int8_matmul" for graph in TRANSFORMER} | {graph: "static_int8_qdq" for graph in CONVOLUTIONAL}


def _check_same_interface(name: str, float32: Path, int8: Path) -> None:
    """The int8 graph must take and give what the manifest declares for the float32 one."""

    def io(path):
        s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return [(v.name, v.type) for v in s.get_inputs()], [(v.name, v.type) for v in s.get_outputs()]

    if io(float32) != io(int8):
        raise ValueError(f"The int8 {name} graph's inputs or outputs differ from the float32 graph's {float32}.")


def build_int8_pack(base: Path, out: Path, graphs: list[str], crops: list[np.ndarray], calibration: str, version: str) -> dict:
    """Writes the pack to `out` (replacing what is there) and returns its manifest. `calibration` says
    in words which crops the static recipes were calibrated on (recorded in the manifest)."""
    base, out = check_not_base(base, out)
    base_manifest = json.loads((base / "manifest.json").read_text())
    manifest = copy.deepcopy(base_manifest)
    for graph in graphs:
        spec = manifest["graphs"].get(graph)
        if spec is None:
            raise ValueError(f"The base pack {base} has no graph {graph!r}.")
        if spec.get("quantization"):
            raise ValueError(f"Graph {graph!r} of {base} is already int8; build from the float32 pack.")
        if graph not in SCHEMES:
            raise ValueError(f"Graph {graph!r} has no int8 recipe (only {', '.join(SCHEMES)}).")
    with staged_pack(out, "int8") as staging:
        report = quantize_pack(base, staging / "int8", graphs, crops)
        for graph in graphs:
            spec = manifest["graphs"][graph]
            file = f"{graph}.int8.onnx"
            (staging / "int8" / report[graph]["file"]).rename(staging / file)
            _check_same_interface(graph, base / spec["file"], staging / file)
            spec.update(
                file=file,
                sha256=_sha256(staging / file),
                quantization={
                    "scheme": SCHEMES[graph],
                    "calibration": calibration if SCHEMES[graph] == "static_int8_qdq" else None,
                    "float32Sha256": report[graph]["float32Sha256"],
                },
            )
        shutil.rmtree(staging / "int8")
        # Data files only the replaced float32 graphs read are left behind.
        needed = set().union(
            *(external_data_files(base / g["file"]) for name, g in manifest["graphs"].items() if name not in graphs)
        )
        dropped = [d["file"] for d in manifest.get("dataFiles", []) if d["file"] not in needed]
        manifest["dataFiles"] = [d for d in manifest.get("dataFiles", []) if d["file"] in needed]
        replaced = {base_manifest["graphs"][g]["file"] for g in graphs}
        for path in base.iterdir():
            if path.name != "manifest.json" and path.name not in replaced and path.name not in dropped and path.is_file():
                shutil.copy2(path, staging / path.name)
        manifest["version"] = version
        manifest["provenance"] = {
            **manifest.get("provenance", {}),
            "int8": {
                "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "generator": "models/dvar/quantize/int8_pack.py",
                "base": {"name": manifest["name"], "version": base_manifest["version"]},
                "graphs": {g: report[g]["method"] for g in graphs},
                "droppedDataFiles": dropped,
            },
        }
        write_manifest(staging, manifest)
    return manifest


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True, help="the float32 pack (only read)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--graphs", required=True, help="comma-separated graphs to make int8, e.g. encoder,prefix,step")
    ap.add_argument("--version", required=True, help="the new pack's version")
    add_calibration_options(ap)
    a = ap.parse_args(argv)
    crops, calibration = calibration_from(a)
    manifest = build_int8_pack(a.base, a.out, [g for g in a.graphs.split(",") if g], crops, calibration, a.version)
    int8 = [g for g, spec in manifest["graphs"].items() if spec.get("quantization")]
    print(f"{a.out}: {manifest['name']} {manifest['version']}, int8 graphs: {', '.join(int8)}", flush=True)


if __name__ == "__main__":
    main()
