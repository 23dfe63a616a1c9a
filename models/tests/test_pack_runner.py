"""Training stages that fine-tune a shipped pack read its weights and run its token path from the
graphs (dvar.pack_weights, dvar.pack_runner): both must reproduce what PyTorch and the engine compute."""

import base64
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from dvar.model.config import DVARConfig
from dvar.model.tokenizer import Decoder
from dvar.pack.pack_runner import PackTokenPath
from dvar.pack.pack_weights import load_from_graph

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"
TINY_TEXT = ROOT / "test" / "fixtures" / "packs" / "tiny-text"


def test_token_path_reproduces_the_parity_tokens():
    vectors = json.loads((ROOT / "test" / "fixtures" / "parity" / "tiny.json").read_text())
    h, w = vectors["lq"]["height"], vectors["lq"]["width"]
    lq = np.frombuffer(base64.b64decode(vectors["lq"]["data"]), "<f4").reshape(1, 3, h, w).copy()
    _, tokens = PackTokenPath(TINY, threads=1).run(lq)
    assert [t.tolist() for t in tokens] == vectors["tokens"]


def test_decoder_weights_read_back_from_the_graph():
    manifest = json.loads((TINY_TEXT / "manifest.json").read_text())
    cfg = DVARConfig.from_dict(manifest["provenance"]["config"])
    assert cfg.tokenizer.lq_fusion  # the fusion path and its GroupNorms are covered too
    dec = Decoder(cfg.tokenizer, cfg.upscale).eval()
    d, c = cfg.tokenizer.downsample, cfg.tokenizer.latent_channels
    f_hat, lq = torch.randn(1, c, 3, 2), torch.rand(1, 3, 3 * d // 4, 2 * d // 4)
    load_from_graph(dec, TINY_TEXT / "decoder.onnx", "dec.", (f_hat, lq))
    graph = ort.InferenceSession(str(TINY_TEXT / "decoder.onnx"), providers=["CPUExecutionProvider"])
    expected = graph.run(None, {"f_hat": f_hat.numpy(), "lq": lq.numpy()})[0]
    with torch.no_grad():
        ours = ((dec(f_hat, lq) + 1) / 2).clamp(0, 1).numpy()
    assert np.abs(ours - expected).max() < 1e-5


def test_any_latent_is_quantized_scale_by_scale_as_the_e_dr_ablation_is():
    runner = PackTokenPath(TINY, threads=1)
    lq = np.random.default_rng(4).random((1, 3, 16, 12), dtype=np.float32)
    latent, _ = runner.s["encoder"].run(None, {"lq": lq})
    f_hat, tokens = runner.run(lq, transformer=False)
    assert np.array_equal(runner.quantized(latent), f_hat)
    assert len(tokens) == len(runner._schedule(latent.shape[2], latent.shape[3]))
    _, shifted = runner.residual_tokens(latent + 0.5)
    assert any(not np.array_equal(a, b) for a, b in zip(tokens, shifted))
