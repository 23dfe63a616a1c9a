"""A new version of a pack whose transformer was fine-tuned alone (`dvar.restorer.transformer_e2e`): the
`prefix` and `step` graphs exported from the fine-tuned weights and put in int8 exactly as the base pack's
were (dynamic int8 MatMuls, `dvar.quantize.int8.quantize_transformer`); every other file is the base
pack's, byte for byte, and the manifest records the base, the checkpoint's hash and what trained it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

from ..quantize.int8 import quantize_transformer
from ..quantize.staged_pack import check_not_base, staged_pack, write_manifest
from .export import _export, _sha256, transformer_graph_specs
from .transformer_weights import PackTransformer

GRAPHS = ("prefix", "step")


def build(module: PackTransformer, base: Path, out: Path, version: str, training: dict) -> dict:
    """`training`: what made the weights (recorded in the manifest's provenance)."""
    base, out = check_not_base(base, out)
    manifest = json.loads((base / "manifest.json").read_text())
    new = copy.deepcopy(manifest)
    model = SimpleNamespace(cfg=module.cfg, prefix_conv=module.conv.eval(), transformer=module.tr.eval())
    specs = transformer_graph_specs(model)
    with staged_pack(out, "transformer") as staging, tempfile.TemporaryDirectory(prefix="dvar-tr-") as tmp:
        replaced = {"manifest.json"} | {manifest["graphs"][g]["file"] for g in GRAPHS}
        for f in sorted(base.iterdir()):
            if f.is_file() and f.name not in replaced:
                shutil.copyfile(f, staging / f.name)
        for g in GRAPHS:
            entry = new["graphs"][g]
            if (entry.get("quantization") or {}).get("scheme") != "dynamic_int8_matmul":
                raise ValueError(f"{base}: the {g} graph is not dynamic int8; this builder keeps the base pack's int8 scheme")
            float_graph = Path(tmp) / f"{g}.onnx"
            module_, args, inputs, outputs, dynamic = specs[g]
            _export(module_.eval(), args, float_graph, inputs, outputs, dynamic)
            quantize_transformer(float_graph, staging / entry["file"])
            entry["sha256"] = _sha256(staging / entry["file"])
            entry["quantization"]["float32Sha256"] = _sha256(float_graph)
        new["version"] = version
        new["provenance"] = {
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": "models/dvar/pack/transformer_pack.py",
            "transformer": training,
            "base": {"name": manifest["name"], "version": manifest["version"], "provenance": manifest.get("provenance")},
        }
        write_manifest(staging, new)
    return new
