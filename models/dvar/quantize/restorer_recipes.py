"""Post-training int8 recipes for the restorer graph alone, side by side (bench/results/int8-restorer.md):
which ops to quantize, which convs to keep float32, how to calibrate, bias correction. Each recipe's
graph is scored against the float32 graph's output (PSNR, luma) and against the HR photos (PSNR-Y change
on the first six real-degraded pairs of each dev list), and one 96×96 call is timed (2 threads, best of 3).
The decision itself is made on the whole pipeline by bench/pack-ab.ts; this only narrows the recipes.

    python -m dvar.quantize.restorer_recipes --pack packs/default --out runs/int8-study [--recipes all-ops,conv-only]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper
from onnxruntime.quantization import CalibrationMethod
from onnxruntime.quantization.shape_inference import quant_pre_process

from ..train.dev_images import DEFAULT_OUT, DEFAULT_OUT_DEV2, load_png
from ..train.evaluate import psnr_y
from .int8 import _session, float32_weights, quantize_convolutional, restorer_conv_nodes

HEAD_TAIL = ("conv_first", "conv_body", "conv_up1", "conv_up2", "conv_hr", "conv_last")
# name -> (quantize only Conv?, float32 convs, calibration crops, calibration method, bias correction)
RECIPES = {
    "all-ops": (False, (), 8, CalibrationMethod.MinMax, False),
    "conv-only": (True, (), 16, CalibrationMethod.MinMax, False),
    "conv-only, image convs float32": (True, ("conv_first", "conv_last"), 16, CalibrationMethod.MinMax, False),
    "conv-only, head and tail float32": (True, HEAD_TAIL, 16, CalibrationMethod.MinMax, False),
    "  + 32 crops": (True, HEAD_TAIL, 32, CalibrationMethod.MinMax, False),
    "  + percentile 99.999": (True, HEAD_TAIL, 16, CalibrationMethod.Percentile, False),
    "  + bias correction": (True, HEAD_TAIL, 16, CalibrationMethod.MinMax, True),
}


def _restore(session: ort.InferenceSession, lq: torch.Tensor) -> torch.Tensor:
    return torch.from_numpy(session.run(None, {"lq": lq.numpy()})[0]).clamp(0, 1)


def prepare(src: Path, dst: Path) -> None:
    """The float32 restorer as every recipe starts from it: float16-stored weights folded back, then
    onnxruntime's pre-processing (which folds the dense blocks' 0.2 into their last conv), so the Conv
    nodes and weights are those of the int8 graphs made from it."""
    src, dst = Path(src).resolve(), Path(dst).resolve()  # the pre-processing runs in a temp dir
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        float32_weights(src, Path(tmp) / "f.onnx")
        quant_pre_process(str(Path(tmp) / "f.onnx"), str(dst))


def bias_corrected(prepared: Path, quantized: Path, crops: list[np.ndarray], dst: Path) -> None:
    """Adds to each quantized conv's bias what int8 weights take from its mean output: the sum over the
    kernel of (float32 − int8 weights) × the mean of each input channel on the crops."""
    model, q = onnx.load(str(prepared)), onnx.load(str(quantized))
    q_inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
    producer = {o: n for n in q.graph.node for o in n.output}
    q_convs = {n.name: n for n in q.graph.node if n.op_type == "Conv"}
    convs = [n for n in model.graph.node if n.op_type == "Conv" and n.name in q_convs]
    probe = onnx.load(str(prepared))
    inputs = sorted({n.input[0] for n in convs})
    probe.graph.output.extend(onnx.helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None) for t in inputs)
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    means = {t: 0.0 for t in inputs}
    for c in crops:
        for t, v in zip(inputs, session.run(inputs, {"lq": c})):
            means[t] = means[t] + v.mean(axis=(0, 2, 3)) / len(crops)
    inits = {i.name: i for i in model.graph.initializer}
    for n in convs:
        dq = producer.get(q_convs[n.name].input[1])
        if dq is None or dq.op_type != "DequantizeLinear":
            continue
        w8 = q_inits[dq.input[0]].astype(np.float32) * q_inits[dq.input[1]].reshape(-1, 1, 1, 1)
        w = numpy_helper.to_array(inits[n.input[1]])
        bias = numpy_helper.to_array(inits[n.input[2]]) + ((w - w8).sum(axis=(2, 3)) * means[n.input[0]]).sum(axis=1)
        inits[n.input[2]].CopyFrom(numpy_helper.from_array(bias.astype(np.float32), n.input[2]))
    onnx.save(model, str(dst))


def quantize(prepared: Path, dst: Path, recipe: tuple, crops_for) -> None:
    """`prepared`: a graph made by prepare() (bias correction matches its Conv nodes and weights to the
    int8 graph's)."""
    conv_only, float32, count, method, correct = recipe
    crops = crops_for(count)
    feeds = [{"lq": c} for c in crops]
    options = dict(conv_only=conv_only, float32_nodes=restorer_conv_nodes(float32), method=method)
    quantize_convolutional(prepared, dst, feeds, **options)
    if correct:
        with tempfile.TemporaryDirectory() as tmp:
            corrected = Path(tmp) / "corrected.onnx"
            bias_corrected(prepared, dst, crops, corrected)
            quantize_convolutional(corrected, dst, feeds, **options)


def score(graph: Path, reference: list[torch.Tensor], pairs: list[tuple[torch.Tensor, torch.Tensor]]) -> dict:
    session = _session(graph)
    vs_float, delta = [], []
    for ref, (lq, hq) in zip(reference, pairs):
        out = _restore(session, lq)
        vs_float.append(psnr_y(out, ref))
        delta.append(psnr_y(out, hq) - psnr_y(ref, hq))
    x = np.random.default_rng(0).random((1, 3, 96, 96), dtype=np.float32)
    session.run(None, {"lq": x})
    best = min(_timed(session, x) for _ in range(3))
    half = len(delta) // 2
    return {
        "psnrVsFloat32": round(float(np.mean(vs_float)), 2),
        "dPsnrYList1": round(float(np.mean(delta[:half])), 3),
        "dPsnrYList2": round(float(np.mean(delta[half:])), 3),
        "ms96": round(best * 1000),
    }


def _timed(session, x) -> float:
    t = time.perf_counter()
    session.run(None, {"lq": x})
    return time.perf_counter() - t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--recipes", default=",".join(RECIPES), help="comma-separated names of RECIPES")
    a = ap.parse_args(argv)
    from ..restorer.quantize_int8 import calibration_crops

    a.out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((a.pack / "manifest.json").read_text())
    prepared = a.out / "restorer-float32.onnx"
    prepare(a.pack / manifest["graphs"]["restorer"]["file"], prepared)
    pairs = [
        (load_png(d / "realesrgan" / f"{i:03d}-lq.png"), load_png(d / "realesrgan" / f"{i:03d}-hq.png"))
        for d in (DEFAULT_OUT, DEFAULT_OUT_DEV2)
        for i in range(6)
    ]
    float32 = _session(prepared)
    reference = [_restore(float32, lq) for lq, _ in pairs]
    crops_cache: dict[int, list[np.ndarray]] = {}
    crops_for = lambda n: crops_cache.setdefault(n, calibration_crops(n, 256))  # noqa: E731
    results = {"float32": score(prepared, reference, pairs)}
    for name in [r for r in a.recipes.split(",") if r]:
        dst = a.out / f"restorer-{len(results)}.onnx"
        quantize(prepared, dst, RECIPES[name], crops_for)
        results[name] = score(dst, reference, pairs)
        print(json.dumps({name: results[name]}), flush=True)
    (a.out / "restorer-recipes.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
