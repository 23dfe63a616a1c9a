"""The transformer read back from a pack's float32 graphs (dvar.pack.transformer_weights) computes what
the graphs compute: the size condition, the prefix's keys and values, and a step's logits."""

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from dvar.model.rope import rope_positions
from dvar.pack.transformer_weights import load_pack_transformer

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


def graph_outputs(pack: Path, name: str, feeds: dict) -> list[np.ndarray]:
    manifest = json.loads((pack / "manifest.json").read_text())
    session = ort.InferenceSession(str(pack / manifest["graphs"][name]["file"]), providers=["CPUExecutionProvider"])
    return session.run(None, {k: v.numpy() for k, v in feeds.items()})


def check_against_graphs(pack: Path) -> None:
    m = load_pack_transformer(pack).eval()
    cfg = m.cfg
    torch.manual_seed(0)
    hl, wl, frame = 3, 4, cfg.transformer.rope_frame
    size = torch.tensor([[hl * 16.0 * 4, wl * 16.0 * 4]])
    features = torch.randn(1, cfg.tokenizer.feature_channels, hl, wl)
    positions = rope_positions(hl, wl, frame)
    with torch.no_grad():
        cond = m.cond(size)
        (expected_cond,) = graph_outputs(pack, "condition", {"target_size": size})
        assert np.abs(cond.numpy() - expected_cond).max() < 1e-5
        k, v = m.tr.prefix_kv(m.conv(features), positions, cond)
        ek, ev = graph_outputs(pack, "prefix", {"features": features, "positions": positions, "cond": cond})
        assert np.abs(k.numpy() - ek).max() < 1e-4 and np.abs(v.numpy() - ev).max() < 1e-4
        tokens = torch.randn(1, 2 * 2, cfg.tokenizer.latent_channels)
        level, step_positions = torch.tensor([2]), rope_positions(2, 2, frame)
        logits, _, _ = m.tr.step(tokens, level, step_positions, cond, k, v)
        feeds = {"tokens": tokens, "level": level, "positions": step_positions, "cond": cond, "past_k": k, "past_v": v}
        expected_logits = graph_outputs(pack, "step", feeds)[0]
    assert np.abs(logits.numpy() - expected_logits).max() < 1e-3


def test_the_tiny_pack_s_transformer_reads_back_exactly():
    check_against_graphs(TINY)


def test_an_int8_pack_is_refused_in_one_sentence():
    with pytest.raises(ValueError, match="int8; read the float32 pack it was made from"):
        load_pack_transformer(ROOT / "models" / "packs" / "default")
