"""int8 copies of a pack's graphs, one graph at a time, for the bench's int8 table (bench/int8.ts), so
the time and the quality cost of each graph can be measured alone before any is shipped:

- the transformer graphs (prefix, step): onnxruntime's dynamic quantization of the MatMuls whose weight
  is a constant (int8 weights, activations quantized per call; attention's activation×activation
  MatMuls stay float32, where dynamic ranges would cost most);
- the convolutional graphs (encoder, decoder, restorer): static QDQ quantization (per-channel int8
  weights, uint8 activations) calibrated on real-degraded crops of the training photos, never the dev
  photos the table scores on. The decoder's calibration inputs are what the pack itself computes for
  those crops (its token path's f_hat, and the restorer's output or the LQ crop).

The packs are only read, and graphs a pack already ships in int8 are skipped. Writes <out>/<graph>.onnx
and <out>/int8.json (method, seconds). A pack with the graphs that qualify in int8 is built by
dvar.quantize.int8_pack (the fast pack since v0.3.2).

    python -m dvar.quantize.int8 --pack packs/default --out runs/int8/default
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from ..restorer.qat_int8 import FLOAT32_CONVS
from .nhwc_body import REWRITE_NOTE, rewrite_graph

TRANSFORMER = ("prefix", "step")
CONVOLUTIONAL = ("encoder", "decoder", "restorer")


# The restorer (RRDBNet): only Convs quantized (their inputs, weights and outputs), the image-facing two
# kept float32 — the arithmetic qat_int8 fine-tunes the weights for (bench/results/int8-restorer.md).
# The node names are those of build_pack's RestorerGraph export.
def restorer_conv_nodes(convs: tuple[str, ...]) -> tuple[str, ...]:
    """RRDBNet module names (conv_first, ...) as Conv node names in build_pack's RestorerGraph export."""
    return tuple(f"/net/{name}/Conv" for name in convs)


RESTORER_RECIPE = {"conv_only": True, "float32_nodes": restorer_conv_nodes(FLOAT32_CONVS)}


class _Feeds(CalibrationDataReader):
    def __init__(self, feeds: list[dict[str, np.ndarray]]):
        self.it = iter(feeds)

    def get_next(self):
        return next(self.it, None)


def float32_weights(src: Path, dst: Path) -> int:
    """Writes `src` with every Cast(float16 constant → float32) folded into a float32 constant (the
    default pack stores the restorer's weights as float16, dvar.restorer.fp16_storage): static
    quantization only sees a Conv's weight when it is a constant. Returns how many were folded."""
    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    folded, nodes = [], []
    for node in graph.node:
        source = inits.get(node.input[0]) if node.op_type == "Cast" and node.input else None
        to = next((a.i for a in node.attribute if a.name == "to"), None)
        if source is not None and source.data_type == onnx.TensorProto.FLOAT16 and to == onnx.TensorProto.FLOAT:
            folded.append(numpy_helper.from_array(numpy_helper.to_array(source).astype(np.float32), node.output[0]))
            continue
        nodes.append(node)
    used = {name for n in nodes for name in n.input}
    kept = [i for i in graph.initializer if i.name in used or i.data_type != onnx.TensorProto.FLOAT16]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + folded)
    onnx.save(model, str(dst))
    return len(folded)


def external_data_files(graph: Path) -> set[str]:
    """Files a graph's initializers live in (ONNX external data), relative to the graph's folder."""
    model = onnx.load(str(graph), load_external_data=False)
    return {
        entry.value
        for init in model.graph.initializer
        if init.data_location == onnx.TensorProto.EXTERNAL
        for entry in init.external_data
        if entry.key == "location"
    }


def quantize_transformer(src: Path, dst: Path) -> None:
    """Dynamic int8 MatMuls (constant weights only); weights read from the pack's external data file
    are written inline, so the int8 graph stands alone. onnxruntime writes a shape-inferred copy beside
    the graph it reads (`<name>-inferred.onnx`), so it reads a copy in a temporary folder: the base pack
    is only read, and may be read-only or read by others meanwhile."""
    src = Path(src)
    with tempfile.TemporaryDirectory(prefix="dvar-int8-") as tmp:
        local = Path(tmp) / src.name
        shutil.copyfile(src, local)
        for name in external_data_files(src):
            shutil.copyfile(src.parent / name, Path(tmp) / name)
        quantize_dynamic(
            str(local),
            str(dst),
            op_types_to_quantize=["MatMul"],
            weight_type=QuantType.QInt8,
            per_channel=False,
            extra_options={"MatMulConstBOnly": True},
        )


def quantize_convolutional(
    src: Path,
    dst: Path,
    feeds: list[dict[str, np.ndarray]],
    conv_only: bool = False,
    float32_nodes: tuple[str, ...] = (),
    method: CalibrationMethod = CalibrationMethod.MinMax,
    percentile: float = 99.999,
) -> None:
    """Static QDQ int8 (per-channel weights, uint8 activations) calibrated on `feeds`. `conv_only`:
    quantize only each Conv's input, weights and output (Concat, Add, LeakyRelu stay float32: the
    recipe dvar.restorer.qat_int8 trains for); `float32_nodes`: Conv nodes left out entirely; `method`
    (and `percentile` for CalibrationMethod.Percentile): how activation ranges are calibrated."""
    src, dst = Path(src).resolve(), Path(dst).resolve()
    # onnxruntime's pre-processing leaves scratch files (sym_shape_infer_temp.onnx, <uuid>.data) in the
    # working directory: run it inside the temporary one.
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        plain = Path(tmp) / "float32.onnx"
        prepared = Path(tmp) / "prepared.onnx"
        float32_weights(src, plain)
        # Symbolic shape inference gives up on the encoder's Einsum; ONNX's own inference suffices there.
        try:
            quant_pre_process(str(plain), str(prepared))
        except Exception:
            quant_pre_process(str(plain), str(prepared), skip_symbolic_shape=True)
        quantize_static(
            str(prepared),
            str(dst),
            _Feeds(feeds),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["Conv"] if conv_only else None,
            nodes_to_exclude=list(float32_nodes),
            calibrate_method=method,
            extra_options={"CalibPercentile": percentile} if method == CalibrationMethod.Percentile else {},
        )


def _session(path: Path, threads: int = 2) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def calibration_feeds(pack: Path, graph: str, crops: list[np.ndarray]) -> list[dict[str, np.ndarray]]:
    """One feed per LQ crop for a convolutional graph, computed by the pack's own graphs."""
    if graph in ("encoder", "restorer"):
        return [{"lq": c} for c in crops]
    from ..pack.pack_runner import PackTokenPath

    manifest = json.loads((pack / "manifest.json").read_text())
    # The decoder's second input, where it fuses one: "restored" (default pack) or "lq" (fast pack).
    second = [i["name"] for i in manifest["graphs"]["decoder"]["inputs"][1:]]
    runner = PackTokenPath(pack)
    restorer = _session(pack / manifest["graphs"]["restorer"]["file"]) if second == ["restored"] else None
    feeds = []
    for c in crops:
        extra = {name: restorer.run(None, {"lq": c})[0] if restorer else c for name in second}
        feeds.append({"f_hat": runner.f_hat(c), **extra})
    return feeds


def synthetic_crops(count: int, side: int, seed: int = 3) -> list[np.ndarray]:
    """Photo-like stand-ins for tests and smoke runs (no training photos needed): low-frequency colour
    fields plus a little noise, in [0, 1], [1, 3, side, side]."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:side, 0:side] / side
    crops = []
    for _ in range(count):
        f = rng.uniform(1, 4, size=(3, 2))
        base = 0.5 + 0.35 * np.sin(2 * np.pi * (f[:, :1, None] * x + f[:, 1:, None] * y))
        crops.append(np.clip(base + 0.03 * rng.standard_normal((3, side, side)), 0, 1)[None].astype(np.float32))
    return crops


def quantize_pack(pack: Path, out: Path, graphs: list[str], crops: list[np.ndarray]) -> dict:
    manifest = json.loads((pack / "manifest.json").read_text())
    out.mkdir(parents=True, exist_ok=True)
    report = {}
    for graph in graphs:
        if graph not in manifest["graphs"]:
            continue
        if manifest["graphs"][graph].get("quantization"):
            # A pack that already ships this graph in int8 (dvar.quantize.int8_pack): nothing to compare.
            print(f"{graph}: already int8 in {pack}, skipped", flush=True)
            continue
        src, dst = pack / manifest["graphs"][graph]["file"], out / f"{graph}.onnx"
        started = time.perf_counter()
        if graph in TRANSFORMER:
            quantize_transformer(src, dst)
            method = "dynamic int8 MatMul (constant weights), float32 activations between"
        elif graph == "restorer":
            quantize_convolutional(src, dst, calibration_feeds(pack, graph, crops), **RESTORER_RECIPE)
            rewrite_graph(dst, dst)  # same arithmetic, ~1.5x faster on onnxruntime's CPU kernels
            method = (
                f"static QDQ int8 on each Conv's input, weights and output but {', '.join(FLOAT32_CONVS)} "
                f"(per-channel weights, uint8 activations), {len(crops)} calibration crops; {REWRITE_NOTE}"
            )
        elif graph in CONVOLUTIONAL:
            quantize_convolutional(src, dst, calibration_feeds(pack, graph, crops))
            method = f"static QDQ int8 (per-channel weights, uint8 activations), {len(crops)} calibration crops"
        else:
            raise ValueError(f"{graph}: no int8 recipe (only {TRANSFORMER + CONVOLUTIONAL})")
        report[graph] = {
            "file": dst.name,
            "method": method,
            "seconds": round(time.perf_counter() - started, 1),
            "float32Sha256": manifest["graphs"][graph]["sha256"],
            "bytes": dst.stat().st_size,
            "float32Bytes": src.stat().st_size,
        }
        print(f"{graph}: {method} in {report[graph]['seconds']} s", flush=True)
    (out / "int8.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def add_calibration_options(ap: argparse.ArgumentParser) -> None:
    """The calibration options both int8 commands take (this one and int8_pack)."""
    ap.add_argument("--crops", type=int, default=8, help="calibration crops (real-degraded training photos)")
    ap.add_argument("--hq-size", type=int, default=256, help="calibration crop side at the output (LQ: a quarter)")
    ap.add_argument("--synthetic-crops", action="store_true", help="calibrate on synthetic crops (smoke runs, tests)")


def calibration_from(a: argparse.Namespace) -> tuple[list[np.ndarray], str]:
    """The crops those options ask for, and a sentence that says what they are (for a manifest)."""
    if a.synthetic_crops:
        return (
            synthetic_crops(a.crops, a.hq_size // 4),
            f"{a.crops} synthetic crops of {a.hq_size // 4} px (smoke run, not for shipping)",
        )
    from ..restorer.quantize_int8 import calibration_crops

    return (
        calibration_crops(a.crops, a.hq_size),
        f"{a.crops} real-degraded crops ({a.hq_size} px HR, {a.hq_size // 4} px LQ) of the training photos, "
        "sampler seed 7 (dvar.restorer.quantize_int8.calibration_crops); never the dev photos",
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--graphs", default=",".join(CONVOLUTIONAL[:1] + TRANSFORMER + CONVOLUTIONAL[1:]))
    add_calibration_options(ap)
    a = ap.parse_args(argv)
    crops, _ = calibration_from(a)
    quantize_pack(a.pack, a.out, [g for g in a.graphs.split(",") if g], crops)


if __name__ == "__main__":
    main()
