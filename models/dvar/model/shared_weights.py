"""Stores weights that several graphs of a pack hold (the transformer's, in `prefix` and `step`) once,
in one external-data file the graphs reference, so a pack does not carry the transformer twice."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import onnx
from onnx.external_data_helper import set_external_data

ALIGN = 4096  # page-aligned offsets let onnxruntime map the file instead of copying it


def share_initializers(out_dir: Path, graph_names: list[str], shared_file: str, min_bytes: int = 1024) -> bool:
    models = {n: onnx.load(str(out_dir / f"{n}.onnx")) for n in graph_names}
    holders = defaultdict(set)
    for name, model in models.items():
        for t in model.graph.initializer:
            if len(t.raw_data) >= min_bytes:
                holders[hashlib.sha256(t.raw_data).hexdigest()].add(name)
    shared = {h for h, names in holders.items() if len(names) > 1}
    if not shared:
        return False
    placed: dict[str, tuple[int, int]] = {}
    with open(out_dir / shared_file, "wb") as f:
        for model in models.values():
            for t in model.graph.initializer:
                if len(t.raw_data) < min_bytes:
                    continue
                digest = hashlib.sha256(t.raw_data).hexdigest()
                if digest not in shared:
                    continue
                if digest not in placed:
                    f.write(b"\0" * (-f.tell() % ALIGN))
                    placed[digest] = (f.tell(), len(t.raw_data))
                    f.write(t.raw_data)
                offset, length = placed[digest]
                set_external_data(t, location=shared_file, offset=offset, length=length)
                t.data_location = onnx.TensorProto.EXTERNAL
                t.ClearField("raw_data")
    for name, model in models.items():
        onnx.save(model, str(out_dir / f"{name}.onnx"))
    return True
