"""FLOPs of one restore of a pack, graph by graph, at the concrete sizes the engine runs them with
(docs/pack-format.md, "Inference, one tile"). Counted: MatMul, Gemm and Conv multiply-adds x 2, and
those of their int8 forms (MatMulInteger, QLinearConv); elementwise ops, norms, softmax and resizes are not.

Static shape inference cannot follow the exporter's Shape -> Gather -> Concat -> Reshape chains (neither
onnx's data propagation nor onnxruntime's symbolic inference resolves them), so each graph is run once
per size on zero inputs with every MatMul/Gemm/Conv operand and Conv output exposed as a graph output,
and the multiply-adds are read off the real shapes.

    python -m dvar.pack.flops --pack models/packs/default --tile 180x180 [--tile 176x180]   # JSON on stdout
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

from ..model.schedule import rescaled_schedule

COUNTED = ("MatMul", "MatMulInteger", "Gemm", "Conv", "QLinearConv")


def _operands(node: onnx.NodeProto) -> tuple[str, ...]:
    """The tensors whose shapes give a counted node's multiply-adds."""
    if node.op_type == "Conv":
        return node.input[0], node.input[1], node.output[0]
    if node.op_type == "QLinearConv":  # x, x_scale, x_zero_point, w, ...
        return node.input[0], node.input[3], node.output[0]
    return tuple(node.input[:2])


def matmul_macs(a: list[int], b: list[int]) -> int:
    a = [1, *a] if len(a) == 1 else a
    b = [*b, 1] if len(b) == 1 else b
    batch = np.broadcast_shapes(tuple(a[:-2]), tuple(b[:-2]))
    return int(np.prod(batch, dtype=np.int64)) * a[-2] * a[-1] * b[-1]


def node_macs(node: onnx.NodeProto, shape: dict[str, list[int]]) -> int:
    if node.op_type in ("MatMul", "MatMulInteger"):
        return matmul_macs(shape[node.input[0]], shape[node.input[1]])
    if node.op_type == "Gemm":
        attrs = {a.name: a.i for a in node.attribute}
        a, b = shape[node.input[0]], shape[node.input[1]]
        m, k = (a[1], a[0]) if attrs.get("transA") else (a[0], a[1])
        return m * k * (b[0] if attrs.get("transB") else b[1])
    # Conv, QLinearConv: W [Cout, Cin/g, k...]; Y holds N x Cout x the output pixels (in NCHW or NHWC)
    weight, out = shape[_operands(node)[1]], shape[node.output[0]]
    return int(np.prod(out, dtype=np.int64)) * int(np.prod(weight[1:], dtype=np.int64))


class CountingGraph:
    """One pack graph opened with its counted operands exposed, ready to count at any input size."""

    def __init__(self, path: Path, threads: int):
        model = onnx.load(str(path))  # with external data, so the serialized copy is self-contained
        g = model.graph
        self.static = {t.name: list(t.dims) for t in g.initializer}
        self.inputs = {i.name for i in g.input}
        self.nodes = [n for n in g.node if n.op_type in COUNTED]
        exposed = {x for n in self.nodes for x in _operands(n)}
        self.exposed = sorted(exposed - set(self.static) - self.inputs - {o.name for o in g.output})
        g.output.extend(onnx.helper.make_empty_tensor_value_info(name) for name in self.exposed)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        self.session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        self.outputs = [o.name for o in self.session.get_outputs()]

    def flops(self, feeds: dict[str, np.ndarray]) -> int:
        values = self.session.run(self.outputs, feeds)
        shape = {**self.static, **{k: list(v.shape) for k, v in feeds.items()}}
        shape.update({name: list(v.shape) for name, v in zip(self.outputs, values)})
        return 2 * sum(node_macs(n, shape) for n in self.nodes)


def dummy_feeds(declaration: dict, axes: dict[str, int], values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    feeds = {}
    for io in declaration["inputs"]:
        if io["name"] in values:
            feeds[io["name"]] = values[io["name"]]
            continue
        dims = [d if isinstance(d, int) else axes[d] for d in io["shape"]]
        fill = 1 if io["name"] == "text_mask" else 0
        feeds[io["name"]] = np.full(dims, fill, dtype=np.int64 if io["dtype"] == "int64" else np.float32)
    return feeds


def tile_flops(pack: Path, manifest: dict, graphs: dict[str, CountingGraph], lq_h: int, lq_w: int, batch: int) -> dict:
    up, d = manifest["upscale"], manifest["latent"]["downsample"]
    hl, wl = lq_h * up // d, lq_w * up // d
    sched = rescaled_schedule(hl, wl, tuple(manifest["schedule"]["canonicalScales"]))
    decl = manifest["graphs"]
    text = manifest.get("text")

    def run(name: str, axes: dict[str, int], values: dict | None = None) -> int:
        axes = {"batch": batch, "Hl": hl, "Wl": wl, **axes}
        return graphs[name].flops(dummy_feeds(decl[name], axes, values or {}))

    ids = {"text_ids": np.array([[1, 2] + [0] * (text["maxTokens"] - 2)] * batch, dtype=np.int64)} if text else {}
    out = {"tile": [lq_h, lq_w], "latent": [hl, wl], "schedule": [list(s) for s in sched], "graphs": {}}
    g = out["graphs"]
    if text and "text_encoder" in decl:
        g["text_encoder"] = run("text_encoder", {}, ids)
    g["encoder"] = run("encoder", {"h": lq_h, "w": lq_w})
    g["condition"] = run("condition", {})
    g["prefix"] = run("prefix", {"tokens": hl * wl})
    h1, w1 = sched[0]
    g["quantize"] = run("quantize", {"h": h1, "w": w1})
    phi = manifest["phi"]["table"]
    g["fhat_update"] = sum(
        run("fhat_update", {"h": h, "w": w, "n": h * w}, {"phi": np.array([phi[k]], dtype=np.int64)})
        for k, (h, w) in enumerate(sched)
    )
    g["next_input"] = sum(run("next_input", {"h": h, "w": w}) for h, w in sched[1:])
    step, past = [], hl * wl
    for k, (h, w) in enumerate(sched[1:], start=1):
        step.append(run("step", {"n": h * w, "past": past}, {"level": np.array([k], dtype=np.int64)}))
        if manifest["transformer"]["attention"] == "block_causal":
            past += h * w
    g["step"] = sum(step)
    out["step_per_scale"] = step  # scales 2..K
    # H, W: the restored image a default-style pack's decoder also reads.
    g["decoder"] = run("decoder", {"h": lq_h, "w": lq_w, "H": lq_h * up, "W": lq_w * up})
    if "restorer" in decl:  # a default-style pack's restoration branch, once per tile
        g["restorer"] = run("restorer", {"h": lq_h, "w": lq_w})
    out["total"] = sum(g.values())
    return out


def pack_flops(pack: Path, tiles: list[tuple[int, int]], batch: int = 1, threads: int = 2) -> list[dict]:
    manifest = json.loads((pack / "manifest.json").read_text())
    graphs = {name: CountingGraph(pack / decl["file"], threads) for name, decl in manifest["graphs"].items()}
    return [tile_flops(pack, manifest, graphs, h, w, batch) for h, w in tiles]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--tile", action="append", required=True, help="LQ tile HxW as the engine runs it (repeatable)")
    ap.add_argument("--batch", type=int, default=1, help="guidance batch: 2 for text packs with cfg > 0")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    tiles = [tuple(int(v) for v in t.lower().split("x")) for t in a.tile]
    print(json.dumps(pack_flops(a.pack, tiles, a.batch, a.threads)))


if __name__ == "__main__":
    main()
