"""Exports Real-ESRGAN x4plus itself (all 23 blocks, float32, from the wheel's ncnn files) to ONNX, for
the benchmarks' peer that runs on the same runtime (onnxruntime) and thread count as our packs.
The file (67 MB) is rebuilt on demand and never committed.

    python -m dvar.restorer.export_peer [--out runs/peers/realesrgan-x4plus.onnx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from .build_pack import RestorerGraph, _export
from .student import load_restorer

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "runs" / "peers" / "realesrgan-x4plus.onnx"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args(argv)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = a.out.with_suffix(".tmp.onnx")
    _export(
        RestorerGraph(load_restorer(None)),
        (torch.rand(1, 3, 24, 20),),
        tmp,
        ["lq"],
        ["restored"],
        {"lq": {2: "h", 3: "w"}, "restored": {2: "H", 3: "W"}},
    )
    tmp.replace(a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
