"""Reads a trained module's weights back out of a model pack's ONNX graph.

Packs are what we ship and commit; training checkpoints are not, so a later stage that fine-tunes a
shipped pack (the restoration-branch decoder, `dvar.restorer`) starts from the graph itself. The
exporter keeps PyTorch's parameter names for most initializers (`dec.conv_in.weight` for the module
exported as `dec`), but GroupNorm's affine weights become anonymous `onnx::Mul_N` / `onnx::Add_N`
after each InstanceNormalization: those are matched to the module's GroupNorms in the order the
forward pass calls them. Callers check the result numerically against the graph.
"""

from __future__ import annotations

from pathlib import Path

import onnx
import torch
from onnx import numpy_helper
from torch import nn


def _norm_affines(graph: onnx.GraphProto, init: dict) -> list[tuple[str, str]]:
    """(scale, bias) initializer names after every InstanceNormalization, in graph order."""
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    pairs = []
    for node in graph.node:
        if node.op_type != "InstanceNormalization":
            continue
        x, found = node.output[0], {}
        while consumers.get(x) and len(found) < 2:
            nxt = consumers[x][0]
            for name in nxt.input:
                if name in init and nxt.op_type in ("Mul", "Add"):
                    found[nxt.op_type] = name
            x = nxt.output[0]
        if set(found) != {"Mul", "Add"}:
            raise ValueError(f"GroupNorm after {node.name} has no Mul/Add affine pair")
        pairs.append((found["Mul"], found["Add"]))
    return pairs


def _call_order(module: nn.Module, example_args: tuple, kind: type) -> list[nn.Module]:
    order: list[nn.Module] = []
    hooks = [m.register_forward_hook(lambda mod, *_: order.append(mod)) for m in module.modules() if isinstance(m, kind)]
    with torch.no_grad():
        module(*example_args)
    for h in hooks:
        h.remove()
    return order


def load_from_graph(module: nn.Module, graph_file: Path, prefix: str, example_args: tuple) -> nn.Module:
    """Fills `module` from the initializers of `graph_file` that were exported from it under `prefix`
    (e.g. "dec." for DecoderGraph's `self.dec`). Every parameter must be found."""
    model = onnx.load(str(graph_file))
    init = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
    # the exporter sometimes stores a small weight as a Constant node instead of an initializer
    for node in model.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            init.setdefault(node.output[0], torch.from_numpy(numpy_helper.to_array(node.attribute[0].t).copy()))
        elif node.op_type == "Identity" and node.input[0] in init:  # a deduplicated equal weight
            init.setdefault(node.output[0], init[node.input[0]])
    state = module.state_dict()
    filled = set()
    for key in state:
        if prefix + key in init:
            state[key] = init[prefix + key].reshape(state[key].shape)
            filled.add(key)
    norms = _call_order(module, example_args, nn.GroupNorm)
    affines = _norm_affines(model.graph, init)
    if len(norms) != len(affines):
        raise ValueError(f"{graph_file}: {len(affines)} normalisations in the graph, {len(norms)} in the module")
    names = {id(m): n for n, m in module.named_modules()}
    for norm, (scale, bias) in zip(norms, affines):
        name = names[id(norm)]
        state[f"{name}.weight"] = init[scale].reshape(-1)
        state[f"{name}.bias"] = init[bias].reshape(-1)
        filled |= {f"{name}.weight", f"{name}.bias"}
    missing = [k for k in state if k not in filled]
    if missing:
        raise ValueError(f"{graph_file} lacks weights for {missing[:5]}{' …' if len(missing) > 5 else ''}")
    module.load_state_dict(state)
    return module


def trained_config(manifest: dict) -> dict:
    """The model config the pack's graphs were exported from: a pack built on another (a restorer pack
    on its float32 base) records it in its base's provenance."""
    provenance = manifest["provenance"]
    while "config" not in provenance:
        provenance = provenance["base"]["provenance"]
    return provenance["config"]
