"""Reads the transformer (prefix convs and blocks) back out of a pack's float32 `prefix` and `step` graphs.

No stage-2 checkpoint of a shipped pack was committed, so fine-tuning its transformer on the CPU starts
from the graphs (as `pack_weights` does for the decoder). The exporter keeps PyTorch's names for most
weights (`tr.blocks.0.ada.1.weight`), but a Linear applied to a sequence becomes a MatMul whose weight
is an anonymous `onnx::MatMul_N`, stored transposed: its module is read from the node's scope name
(`/blocks.0/attn/qkv/base/MatMul` -> `tr.blocks.0.attn.qkv.base`). Callers check the result
numerically against the graphs (`models/tests/test_transformer_weights.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import torch
from onnx import numpy_helper
from torch import nn

from ..model.config import DVARConfig
from ..model.prefix import PrefixConv
from ..model.quant import MultiScaleQuantizer
from ..model.size_embed import Condition
from ..model.transformer import DVARTransformer
from .pack_weights import trained_config


class PackTransformer(nn.Module):
    """The trained part of stage 2 under the names the pack graphs use: `conv` (prefix convs), `tr`
    (the transformer), and what it reads, kept frozen: `cond` (the size condition, from `condition`) and
    `q` (the codebook and phi convs, from `fhat_update`)."""

    def __init__(self, cfg: DVARConfig):
        super().__init__()
        tk, tr = cfg.tokenizer, cfg.transformer
        self.cfg = cfg
        self.conv = PrefixConv(tk.feature_channels, tr.width, tr.prefix_blocks)
        self.tr = DVARTransformer(tr, None, tk.latent_channels, tk.codebook_size, len(cfg.canonical_scales))
        self.cond = Condition(tr.cond_dim, None)
        self.q = MultiScaleQuantizer(tk.latent_channels, tk.codebook_size, tk.phi_count, cfg.canonical_scales)


ROLE = {"MatMul": "weight", "Mul": "weight", "Add": "bias"}  # an anonymous weight's role by the node using it


def _module_of(node_name: str, scope: str) -> str:
    """`/conv/blocks/blocks.0/norm1/Mul` -> `conv.blocks.0.norm1`; `/blocks.0/attn/qkv/base/MatMul` ->
    `tr.blocks.0.attn.qkv.base` (modules the graph calls other than through forward carry no scope)."""
    parts = node_name.strip("/").split("/")[:-1]
    parts = [p for i, p in enumerate(parts) if not (i + 1 < len(parts) and parts[i + 1].startswith(p + "."))]
    return ".".join(parts) if parts and parts[0] in ("conv", "cond", "q") else scope + ".".join(parts)


def _weights(graph_file: Path, scope: str) -> dict[str, torch.Tensor]:
    """Every weight of one graph under its module's name; `scope` is the prefix of the modules whose nodes
    carry no graph-level scope ("tr.")."""
    model = onnx.load(str(graph_file), load_external_data=True)
    init = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
    for node in model.graph.node:  # a weight equal to another is stored once and passed on by Identity
        if node.op_type == "Identity" and node.input[0] in init:
            init.setdefault(node.output[0], init[node.input[0]])
    named = {k: v for k, v in init.items() if not k.startswith("onnx::")}
    for node in model.graph.node:
        for name in node.input:
            if name in init and node.op_type in ROLE:  # a named weight may also stand for an equal one elsewhere
                weight = init[name].T.contiguous() if node.op_type == "MatMul" else init[name]
                named.setdefault(f"{_module_of(node.name, scope)}.{ROLE[node.op_type]}", weight)
    return named


def load_pack_transformer(pack_dir: Path) -> PackTransformer:
    """The float32 pack's transformer, prefix convs and condition; every parameter must be found."""
    pack_dir = Path(pack_dir)
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    graphs = manifest["graphs"]
    if manifest.get("text"):
        raise ValueError("reading a transformer back is for packs without text conditioning")
    if any(graphs[n]["file"].endswith(".int8.onnx") for n in ("prefix", "step")):
        raise ValueError(f"{pack_dir}: the prefix and step graphs are int8; read the float32 pack it was made from")
    module = PackTransformer(DVARConfig.from_dict(trained_config(manifest)))
    found = {**_weights(pack_dir / graphs["prefix"]["file"], "tr."), **_weights(pack_dir / graphs["step"]["file"], "tr.")}
    found |= {k: v for k, v in _weights(pack_dir / graphs["condition"]["file"], "cond.").items() if k.startswith("cond.")}
    found |= {k: v for k, v in _weights(pack_dir / graphs["fhat_update"]["file"], "q.").items() if k.startswith("q.")}
    state = module.state_dict()
    buffers = {name for name, _ in module.named_buffers()}  # drawn from fixed seeds (the size condition's basis)
    missing = [k for k in state if k not in found and k not in buffers]
    if missing:
        raise ValueError(f"{pack_dir}: {len(missing)} weights not found in the graphs, e.g. {missing[:4]}")
    module.load_state_dict({k: found[k].reshape(state[k].shape) if k in found else v for k, v in state.items()})
    return module
