"""Re-exports a shipped pack's decoder with the row filter on (`TokenizerConfig.row_filter`,
`tokenizer.row_filter`): the fast pack's decoder learned to draw a row-alternating pattern, visible as
fine horizontal stripes on smooth colour at 1:1. Packs are shipped without their checkpoints, so the
decoder is read back from its own graph (`pack_weights`), checked against it, and exported again with
the fixed filter after its output; every other graph stays byte for byte.

    python -m dvar.pack.row_filter_pack --pack packs/fast --version 0.3.3 [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

from ..restorer.decoder_finetune import pack_decoder
from .export import _export, _io_spec, _sha256

# Recorded in the manifest; the measurements are in docs/model-card-fast.md, "Row filter since v0.3.3".
NOTE = "fixed vertical half-band filter after the decoder's own output (dvar.tokenizer.row_filter)"


class FusedDecoderGraph(nn.Module):
    """The decoder graph of a pack with LQ fusion, as export.DecoderGraph wraps it."""

    def __init__(self, dec: nn.Module):
        super().__init__()
        self.dec = dec

    def forward(self, f_hat, lq):
        return ((self.dec(f_hat, lq) + 1) / 2).clamp(0, 1)


def _max_diff(graph: Path, module: nn.Module, f_hat: torch.Tensor, lq: torch.Tensor) -> float:
    session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
    ours = session.run(None, {"f_hat": f_hat.numpy(), "lq": lq.numpy()})[0]
    with torch.no_grad():
        theirs = module(f_hat, lq).numpy()
    return float(np.abs(ours - theirs).max())


def rebuild(pack: Path, version: str) -> dict:
    manifest = json.loads((pack / "manifest.json").read_text())
    tokenizer_cfg = manifest["provenance"]["config"]["tokenizer"]
    if tokenizer_cfg.get("row_filter"):
        raise SystemExit(f"{pack}: the decoder already has the row filter.")
    if not manifest["decoder"]["lqFusion"] or manifest.get("restorer"):
        raise SystemExit(f"{pack}: only packs whose decoder fuses the LQ itself (no restorer) are supported.")
    dec = pack_decoder(pack).eval()
    graph = pack / manifest["graphs"]["decoder"]["file"]
    g = torch.Generator().manual_seed(0)
    c, d, up = manifest["latent"]["channels"], manifest["latent"]["downsample"], manifest["upscale"]
    f_hat = torch.randn(1, c, 5, 4, generator=g)
    lq = torch.rand(1, 3, 5 * d // up, 4 * d // up, generator=g)
    wrapper = FusedDecoderGraph(dec).eval()
    before = _max_diff(graph, wrapper, f_hat, lq)
    if before > 1e-4:
        raise SystemExit(f"{graph}: the decoder read back from the graph differs from it by {before:.2g}.")
    dec.row_filter = True
    dynamic = {"f_hat": {2: "Hl", 3: "Wl"}, "lq": {2: "h", 3: "w"}, "image": {2: "H", 3: "W"}}
    _export(
        wrapper, (torch.randn(1, c, 3, 2), torch.rand(1, 3, 3 * d // up, 2 * d // up)), graph, ["f_hat", "lq"], ["image"], dynamic
    )
    after = _max_diff(graph, wrapper, f_hat, lq)
    if after > 1e-4:
        raise SystemExit(f"{graph}: the new graph differs from its module by {after:.2g}.")
    inputs, outputs = _io_spec(graph, dynamic)
    manifest["graphs"]["decoder"].update(sha256=_sha256(graph), inputs=inputs, outputs=outputs)
    tokenizer_cfg["row_filter"] = True
    manifest["version"] = version
    manifest["provenance"]["rowFilter"] = NOTE
    (pack / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return {"graph": str(graph), "module_vs_old_graph": before, "module_vs_new_graph": after}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument(
        "--out", type=Path, default=None, help="write the new pack here (a new folder) instead of changing --pack in place"
    )
    a = ap.parse_args(argv)
    pack = a.pack
    if a.out is not None:
        if a.out.exists():
            raise SystemExit(f"{a.out} exists already; give a new folder.")
        shutil.copytree(a.pack, a.out)
        pack = a.out
    print(json.dumps(rebuild(pack, a.version), indent=1))


if __name__ == "__main__":
    main()
