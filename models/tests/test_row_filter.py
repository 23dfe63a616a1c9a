"""The decoder's row filter (dvar.tokenizer.row_filter) and the pack rebuild that turns it on
(dvar.row_filter_pack): the filter takes out a row-alternating pattern and leaves smooth content and
columns alone; the rebuilt fixture pack's decoder graph is its own decoder plus the filter, its other
graphs are untouched, and a pack that has the filter already is refused."""

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from dvar.model.tokenizer import row_filter
from dvar.pack.row_filter_pack import FusedDecoderGraph, rebuild
from dvar.restorer.decoder_finetune import pack_decoder

ROOT = Path(__file__).resolve().parents[2]
TINY_TEXT = ROOT / "test" / "fixtures" / "packs" / "tiny-text"  # LQ fusion, no restorer


def test_row_filter_removes_row_alternation_and_keeps_smooth_content():
    y = torch.linspace(0, 1, 40).view(1, 1, 40, 1)
    x = torch.linspace(0, 1, 24).view(1, 1, 1, 24)
    smooth = (0.3 + 0.2 * torch.sin(3 * y) * torch.cos(2 * x)).expand(1, 3, 40, 24).contiguous()
    stripes = 0.02 * (-1.0) ** torch.arange(40).view(1, 1, 40, 1)
    out = row_filter(smooth + stripes)
    inner = (slice(None), slice(None), slice(4, -4))
    assert (out - smooth)[inner].abs().max() < 2e-3  # stripes gone, smooth content kept
    columns = torch.zeros(1, 3, 40, 24)
    columns[..., ::2] = 1.0  # a column-alternating pattern is left alone
    assert torch.allclose(row_filter(columns), columns, atol=1e-6)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_rebuilt_pack_decoder_is_the_old_decoder_plus_the_filter(tmp_path):
    pack = tmp_path / "tiny-text"
    shutil.copytree(TINY_TEXT, pack)
    before = _digests(pack)
    old = pack_decoder(pack).eval()
    rebuild(pack, "9.9.9")
    after = _digests(pack)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"decoder.onnx", "manifest.json"}
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["version"] == "9.9.9"
    assert manifest["provenance"]["config"]["tokenizer"]["row_filter"] is True
    assert manifest["graphs"]["decoder"]["sha256"] == after["decoder.onnx"]

    g = torch.Generator().manual_seed(1)
    f_hat = torch.randn(1, manifest["latent"]["channels"], 4, 3, generator=g)
    d, up = manifest["latent"]["downsample"], manifest["upscale"]
    lq = torch.rand(1, 3, 4 * d // up, 3 * d // up, generator=g)
    graph = ort.InferenceSession(str(pack / "decoder.onnx"), providers=["CPUExecutionProvider"])
    new_out = graph.run(None, {"f_hat": f_hat.numpy(), "lq": lq.numpy()})[0]
    old.row_filter = True
    with torch.no_grad():
        expected = FusedDecoderGraph(old)(f_hat, lq).numpy()
    np.testing.assert_allclose(new_out, expected, atol=1e-4)
    # the reloaded pack builds its decoder with the filter on, from the manifest's config
    assert pack_decoder(pack).row_filter is True
    with pytest.raises(SystemExit, match="already has the row filter"):
        rebuild(pack, "9.9.10")
