"""Rewrites the int8 restorer (QDQ format) between its float32 first and last convs as an int8 graph in
NHWC layout, with the same arithmetic.

Why: onnxruntime fuses each Q -> DQ -> Conv -> Q into an NHWC QLinearConv, but everything between the
convs stays float32 in NCHW. Each dense block concatenates its input and every earlier conv's output in
float32 before each conv and re-quantizes the whole concatenation, and layout transposes sit around
every conv. Profiled on a 148 px tile (onnxruntime 1.32, 2 threads): QLinearConv 38 % of the graph's
time, Concat 22 %, Transpose 10 %, QuantizeLinear 10 %, DequantizeLinear 8 % — the convs themselves run
near the CPU's int8 peak, the glue costs more than they do.

The rewrite keeps every tensor of the body quantized where the QDQ graph quantizes it, in NHWC:
- a conv's input Q(Concat(pieces)) becomes a uint8 Concat of the pieces, each quantized to that Q's
  scale on its own (a plain Concat: com.microsoft QLinearConcat of pieces already at its scale took
  2.3x as long): a piece that is LeakyRelu(DQ(conv output)) through QLinearLeakyRelu (a 256-entry
  table computing exactly Q(LeakyRelu(DQ(q)))), a float32 residual tensor through QuantizeLinear. Since
  Q(Concat(a, b)) = Concat(Q(a), Q(b)) elementwise, the arithmetic is the QDQ graph's;
- tensors are quantized once per grid (scale and zero point by value: calibration gives a dense block's
  concatenations one range wherever its input dominates), and a concatenation on a grid reuses the
  longest prefix of its pieces already concatenated on it (3 % off the graph, 692 -> 641 tables);
- each conv is com.microsoft QLinearConv with channels_last=1, its float32 bias quantized to int32 at
  x_scale * w_scale as onnxruntime's own QDQ fusion does;
- the residual stream (Add, Mul by 0.2) stays float32, as in the QDQ graph, now in NHWC.
- the tail's nearest-neighbour Resizes run on uint8 (copying values commutes with quantizing them).
One Transpose enters after conv_first and one leaves before conv_last, which stay float32 (leaving on
uint8 and dequantizing in NCHW measured no faster).

dvar.quantize.int8.quantize_pack applies it to every int8 restorer it makes; for a pack built before:

    python -m dvar.quantize.nhwc_body --pack runs/packs/default-0.5.1 --out packs/default --version 0.5.2
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from ..pack.export import _sha256
from .staged_pack import check_not_base, staged_pack, write_manifest

# Everything between the float32 conv_first and conv_last: the RRDB body, its residual Add and the
# upsampling tail (nearest Resize, conv_up1/up2/hr with their LeakyRelus).
OUTSIDE = ("/net/conv_first/", "/net/conv_last/", "/Clip")
TO_NHWC, TO_NCHW = [0, 2, 3, 1], [0, 3, 1, 2]
# How a pack's manifest describes the rewrite (after the int8 recipe's own description).
REWRITE_NOTE = "rewritten in NHWC int8 between conv_first and conv_last (dvar.quantize.nhwc_body)"


class BodyRewriter:
    """Walks the source nodes in order, keeping for each source tensor how to get it in NHWC (float32 `fp`,
    LeakyRelu?(DQ(uint8)) `qv`, DQ(Q(...)) `deq`, a concatenation or a resize of other tensors), and emits
    NHWC nodes only where a tensor is needed in the form its consumer takes."""

    def __init__(self, model: onnx.ModelProto):
        self.model = model
        g = model.graph
        self.inits = {i.name: i for i in g.initializer}
        self.producer = {o: n for n in g.node for o in n.output}
        self.consumers: dict[str, list[onnx.NodeProto]] = {}
        for n in g.node:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
        self.new_nodes: list[onnx.NodeProto] = []
        self.new_inits: list[onnx.TensorProto] = []
        self.fp: dict[str, str] = {}  # source float32 tensor -> its NHWC float32 copy
        self.qv: dict[str, tuple[str, str, str, float | None]] = {}  # t = LeakyRelu?(DQ(uint8 NHWC))
        self.deq: dict[str, tuple[str, str, str]] = {}  # t = DQ(Q(source, scale, zp))
        self.concat: dict[str, list[str]] = {}
        self.resized: dict[str, tuple[str, str]] = {}  # t = nearest Resize(source, scales)
        self.quantized: dict[tuple, str] = {}
        self.resize_attrs: dict = {}
        self.pending_q: dict[str, tuple[str, str, str]] = {}  # Q outputs whose DQ is yet to come
        self.done: set[str] = set()  # source nodes already rewritten with the conv before them
        self.count = 0

    # -- helpers ------------------------------------------------------------------------------------
    def _name(self, base: str) -> str:
        self.count += 1
        return f"nhwc{self.count}_{base.split('/')[-1]}"

    def _emit(self, op: str, inputs: list[str], base: str, domain: str = "", **attrs) -> str:
        out = self._name(base)
        self.new_nodes.append(helper.make_node(op, inputs, [out], name=out, domain=domain, **attrs))
        return out

    def _value(self, name: str) -> np.ndarray:
        """An initializer, or DQ of initializers (weights and biases are stored quantized)."""
        if name in self.inits:
            return numpy_helper.to_array(self.inits[name])
        n = self.producer[name]
        assert n.op_type == "DequantizeLinear", f"{name} is not constant"
        q, s, z = (self._value(i) for i in n.input)
        axis = next((a.i for a in n.attribute if a.name == "axis"), 1)
        shape = [1] * q.ndim
        if s.ndim:
            shape[axis] = -1
        return ((q.astype(np.float64) - z.reshape(shape)) * s.reshape(shape)).astype(np.float32)

    def _sole_consumer(self, name: str, op: str) -> onnx.NodeProto:
        users = self.consumers.get(name, [])
        assert len(users) == 1 and users[0].op_type == op, f"{name} should feed one {op}"
        return users[0]

    # -- tensors in NHWC ----------------------------------------------------------------------------
    def float_nhwc(self, t: str) -> str:
        if t in self.fp:
            return self.fp[t]
        if t in self.qv:
            u8, s, z, alpha = self.qv[t]
            out = self._emit("DequantizeLinear", [u8, s, z], t)
            if alpha is not None:
                out = self._emit("LeakyRelu", [out], t, alpha=alpha)
        elif t in self.deq:
            src, s, z = self.deq[t]
            out = self._emit("DequantizeLinear", [self.quantize(src, s, z), s, z], t)
        elif t in self.resized:
            src, scales = self.resized[t]
            out = self._emit("Resize", [self.float_nhwc(src), "", scales], t, **self.resize_attrs)
        else:
            raise ValueError(f"no NHWC float32 form of {t}")
        self.fp[t] = out
        return out

    def quantize(self, t: str, s: str, z: str) -> str:
        """uint8 NHWC tensor equal to QuantizeLinear(t, s, z) of the source graph."""
        key = (t, self._grid(s, z))
        if key in self.quantized:
            return self.quantized[key]
        if t in self.concat:
            out = self._quantize_pieces(tuple(self.concat[t]), s, z)
        elif t in self.qv:
            u8, s0, z0, alpha = self.qv[t]
            out = self._regrid(t, u8, s0, z0, s, z, alpha)
        elif t in self.resized:  # nearest neighbour copies values, so it commutes with quantization
            src, scales = self.resized[t]
            out = self._emit("Resize", [self.quantize(src, s, z), "", scales], t, **self.resize_attrs)
        elif t in self.deq:
            src, s0, z0 = self.deq[t]
            out = self._regrid(t, self.quantize(src, s0, z0), s0, z0, s, z)
        else:
            out = self._emit("QuantizeLinear", [self.float_nhwc(t), s, z], t)
        self.quantized[key] = out
        return out

    def _regrid(self, t: str, u8: str, s0: str, z0: str, s: str, z: str, alpha: float | None = None) -> str:
        """Q(LeakyRelu?(DQ(u8 on grid s0, z0))) on grid s, z: `u8` itself when nothing changes, else a
        256-entry QLinearLeakyRelu table (alpha 1 is a plain re-quantization)."""
        if alpha is None and self._grid(s0, z0) == self._grid(s, z):
            return u8
        return self._emit(
            "QLinearLeakyRelu", [u8, s0, z0, s, z], t, domain="com.microsoft", alpha=1.0 if alpha is None else alpha
        )

    def _grid(self, s: str, z: str) -> tuple[bytes, bytes]:
        """A quantization grid by value: calibration often gives several tensors the same range (a dense
        block's concatenations share their input's when it dominates), and equal grids share work."""
        return self._value(s).tobytes(), self._value(z).tobytes()

    def _quantize_pieces(self, pieces: tuple[str, ...], s: str, z: str) -> str:
        """Concat of the pieces on one grid. A dense block's inputs grow by one piece per conv, so the
        longest prefix already concatenated on this grid is reused."""
        key = (pieces, self._grid(s, z))
        if key not in self.quantized:
            if len(pieces) == 1:
                out = self.quantize(pieces[0], s, z)
            else:
                head = next(
                    (pieces[:k] for k in range(len(pieces) - 1, 1, -1) if (pieces[:k], key[1]) in self.quantized), pieces[:1]
                )
                parts = [self._quantize_pieces(head, s, z)] + [self.quantize(p, s, z) for p in pieces[len(head) :]]
                out = self._emit("Concat", parts, pieces[-1], axis=3)
            self.quantized[key] = out
        return self.quantized[key]

    # -- source nodes -------------------------------------------------------------------------------
    def conv(self, n: onnx.NodeProto) -> None:
        x_dq = self.producer[n.input[0]]
        src, xs, xz = self.deq[x_dq.output[0]]
        w_dq = self.producer[n.input[1]]
        w, ws, wz = w_dq.input
        q_out = self._sole_consumer(n.output[0], "QuantizeLinear")
        dq_out = self._sole_consumer(q_out.output[0], "DequantizeLinear")
        ys, yz = q_out.input[1], q_out.input[2]
        inputs = [self.quantize(src, xs, xz), xs, xz, w, ws, wz, ys, yz]
        if len(n.input) > 2 and n.input[2]:
            scale = self._value(xs).astype(np.float64) * self._value(ws).astype(np.float64)
            bias = np.round(self._value(n.input[2]).astype(np.float64) / scale).astype(np.int32)
            b = self._name(n.name + "_bias_int32")
            self.new_inits.append(numpy_helper.from_array(bias, b))
            inputs.append(b)
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute if a.name != "auto_pad"}
        out = self._emit("QLinearConv", inputs, n.name, domain="com.microsoft", channels_last=1, **attrs)
        self.qv[dq_out.output[0]] = (out, ys, yz, None)
        self.done.update({q_out.name, dq_out.name})

    def visit(self, n: onnx.NodeProto) -> None:
        op = n.op_type
        if n.name in self.done:
            return
        if op == "QuantizeLinear":
            self.pending_q[n.output[0]] = (n.input[0], n.input[1], n.input[2])
        elif op == "DequantizeLinear":
            if n.input[0] in self.pending_q:
                self.deq[n.output[0]] = self.pending_q[n.input[0]]
            # else: a weight or bias DQ, read where it is used
        elif op == "Conv":
            self.conv(n)
        elif op == "Concat":
            self.concat[n.output[0]] = list(n.input)
        elif op == "LeakyRelu":
            alpha = next(a.f for a in n.attribute if a.name == "alpha")
            src = n.input[0]
            if src in self.qv and self.qv[src][3] is None:
                self.qv[n.output[0]] = (*self.qv[src][:3], alpha)
            else:
                self.fp[n.output[0]] = self._emit("LeakyRelu", [self.float_nhwc(src)], n.name, alpha=alpha)
        elif op == "Resize":
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            assert attrs["mode"] == b"nearest" and len(n.input) == 3, f"{n.name}: only nearest Resize by scales"
            scales = self._value(n.input[2])
            nhwc = self._name(n.name + "_scales")
            self.new_inits.append(numpy_helper.from_array(scales[TO_NHWC].astype(np.float32), nhwc))
            self.resize_attrs = attrs
            self.resized[n.output[0]] = (n.input[0], nhwc)
        elif op in ("Add", "Mul"):
            ins = [i if i in self.inits or i not in self.producer else self.float_nhwc(i) for i in n.input]
            self.fp[n.output[0]] = self._emit(op, ins, n.name)
        else:
            raise ValueError(f"unexpected {op} node {n.name} between conv_first and conv_last")

    def rewrite(self) -> onnx.ModelProto:
        g = self.model.graph
        in_body = [n for n in g.node if not n.name.startswith(OUTSIDE) and not self._is_const(n.output[0])]
        names = {n.name for n in in_body}
        produced = {o for n in in_body for o in n.output}
        entering = {i for n in in_body for i in n.input if i in self.producer and i not in produced and not self._is_const(i)}
        leaving = sorted({o for n in in_body for o in n.output if any(c.name not in names for c in self.consumers.get(o, []))})
        for t in sorted(entering):
            self.fp[t] = self._emit("Transpose", [t], t, perm=TO_NHWC)
        for n in in_body:
            self.visit(n)
        tail = [helper.make_node("Transpose", [self.float_nhwc(t)], [t], name=t + "_to_nchw", perm=TO_NCHW) for t in leaving]
        first = min(i for i, n in enumerate(g.node) if n.name in names)
        kept = [n for n in g.node if n.name not in names]
        nodes = kept[:first] + self.new_nodes + tail + kept[first:]
        del g.node[:]
        g.node.extend(nodes)
        g.initializer.extend(self.new_inits)
        _drop_unused(g)
        if not any(o.domain == "com.microsoft" for o in self.model.opset_import):
            self.model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
        return self.model

    def _is_const(self, name: str) -> bool:
        """An initializer or a DQ of initializers (told from the graph, without dequantizing anything)."""
        n = self.producer.get(name)
        return name in self.inits or (
            n is not None and n.op_type == "DequantizeLinear" and all(self._is_const(i) for i in n.input if i)
        )


def _drop_unused(g: onnx.GraphProto) -> None:
    """Removes nodes and initializers nothing reads any more (the body's weight DQs, its scales)."""
    needed = {o.name for o in g.output}
    keep = []
    for n in reversed(g.node):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(i for i in n.input if i)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    inits = [i for i in g.initializer if i.name in needed]
    del g.initializer[:]
    g.initializer.extend(inits)


def rewrite_body(model: onnx.ModelProto) -> onnx.ModelProto:
    return BodyRewriter(model).rewrite()


def rewrite_graph(src: Path, dst: Path) -> None:
    onnx.save(rewrite_body(onnx.load(str(src))), str(dst))


def rewrite_pack(base: Path, out: Path, version: str) -> dict:
    """A copy of the pack `base` at `out` with its int8 restorer rewritten; `base` is only read, and `out`
    is replaced only once the new pack is complete."""
    base, out = check_not_base(base, out)
    manifest = json.loads((base / "manifest.json").read_text())
    spec = manifest["graphs"].get("restorer")
    if not spec or not spec.get("quantization"):
        raise ValueError(f"The pack {base} has no int8 restorer graph to rewrite.")
    with staged_pack(out, "nhwc") as staging:
        for path in base.iterdir():
            if path.is_file() and path.name not in ("manifest.json", spec["file"]):
                shutil.copy2(path, staging / path.name)
        rewrite_graph(base / spec["file"], staging / spec["file"])
        spec["sha256"] = _sha256(staging / spec["file"])
        manifest["version"] = version
        graphs = manifest.setdefault("provenance", {}).setdefault("int8", {}).setdefault("graphs", {})
        graphs["restorer"] = f"{graphs.get('restorer', 'static QDQ int8')}; {REWRITE_NOTE}, outputs bit-identical"
        write_manifest(staging, manifest)
    return manifest


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True, help="a pack with an int8 restorer (only read)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--version", required=True, help="the new pack's version")
    a = ap.parse_args(argv)
    m = rewrite_pack(a.pack, a.out, a.version)
    print(f"{a.out}: {m['name']} {m['version']}, restorer rewritten in NHWC int8")


if __name__ == "__main__":
    main()
