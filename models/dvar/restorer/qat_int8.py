"""Quantization-aware fine-tuning of the restorer (Real-ESRGAN x4plus) for onnxruntime's static int8.

Post-training int8 (per-channel int8 weights, uint8 activations at every conv's input and output) runs
the restorer ~2.5× faster on two VNNI cores, but its rounding noise builds up over 345 convs: the
pipeline loses 0.07–0.14 dB PSNR-Y and SSIM-Y falls below x4plus's own on dev list 1
(bench/results/int8-restorer.md). Here the network learns to live with that rounding: every conv that
onnxruntime will quantize sees the same fake quantization in training (weights per output channel,
symmetric; activations at the ranges a MinMax calibration on the same crops gives), and the weights are
fine-tuned so the quantized network reproduces the float32 x4plus's output (L1) on real-degraded
training crops. The image-facing convs (conv_first, conv_last) stay float32 here and in the graph.

The checkpoint holds plain float RRDBNet weights (student.load_restorer reads it); build_pack
build_pack exports them and dvar.quantize.int8_pack quantizes that graph with the matching recipe
(dvar.quantize.int8.RESTORER_RECIPE).

    python -m dvar.restorer.qat_int8 --minutes 45 --out runs/restorer/qat-int8.pt
"""

from __future__ import annotations

import argparse
import copy
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .rrdbnet import RRDBNet

FLOAT32_CONVS = ("conv_first", "conv_last")  # see the image itself: kept float32 (8-bit there is visible)


def _act_qparams(lo: float, hi: float) -> tuple[float, int]:
    """uint8 scale and zero point as onnxruntime's MinMax calibration derives them (range holds 0)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-8) / 255.0
    return scale, int(round(-lo / scale))


def fake_quant_activation(x: Tensor, lo: float, hi: float) -> Tensor:
    scale, zero = _act_qparams(lo, hi)
    return torch.fake_quantize_per_tensor_affine(x, scale, zero, 0, 255)


def fake_quant_weight(w: Tensor) -> Tensor:
    """Per-output-channel symmetric int8 on onnxruntime's grid for weights: [-127, 127], scale = max |w| / 127
    (a grid off by a fraction of a step would round the fine-tuned weights elsewhere than training saw)."""
    scale = (w.detach().abs().amax(dim=(1, 2, 3)) / 127.0).clamp_min(1e-12)
    zero = torch.zeros_like(scale, dtype=torch.int32)
    return torch.fake_quantize_per_channel_affine(w, scale, zero, 0, -127, 127)


class FakeQuantConv(nn.Module):
    """A conv as onnxruntime's int8 graph computes it: uint8 input, int8 weights, uint8 output."""

    def __init__(self, conv: nn.Conv2d, in_range: tuple[float, float], out_range: tuple[float, float]):
        super().__init__()
        self.conv, self.in_range, self.out_range = conv, in_range, out_range

    def forward(self, x: Tensor) -> Tensor:
        x = fake_quant_activation(x, *self.in_range)
        y = F.conv2d(x, fake_quant_weight(self.conv.weight), self.conv.bias, padding=self.conv.padding)
        return fake_quant_activation(y, *self.out_range)


def gradient_magnitude(x: Tensor) -> Tensor:
    """|∇x| from forward differences: how much texture and edge there is at each pixel, whatever its
    phase. L1 alone lets the int8 student lower the texture's amplitude (its exact phase is what int8
    noise makes uncertain), which PSNR rewards and the eye and the sharpness target do not."""
    dx, dy = x[..., :-1, 1:] - x[..., :-1, :-1], x[..., 1:, :-1] - x[..., :-1, :-1]
    return torch.sqrt(dx * dx + dy * dy + 1e-6)


def quantized_conv_names(net: nn.Module) -> list[str]:
    return [n for n, m in net.named_modules() if isinstance(m, nn.Conv2d) and n not in FLOAT32_CONVS]


@torch.no_grad()
def calibrate(net: nn.Module, crops: list[Tensor]) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """MinMax of every quantized conv's input and output over the crops (onnxruntime's calibration)."""
    ranges: dict[str, list[float]] = {}

    def hook(name):
        def fn(_m, inputs, output):
            r = ranges.setdefault(name, [float("inf"), float("-inf"), float("inf"), float("-inf")])
            x = inputs[0]
            r[0], r[1] = min(r[0], x.min().item()), max(r[1], x.max().item())
            r[2], r[3] = min(r[2], output.min().item()), max(r[3], output.max().item())

        return fn

    modules = dict(net.named_modules())
    handles = [modules[n].register_forward_hook(hook(n)) for n in quantized_conv_names(net)]
    try:
        for c in crops:
            net(c)
    finally:
        for h in handles:
            h.remove()
    return {n: ((r[0], r[1]), (r[2], r[3])) for n, r in ranges.items()}


def with_fake_quant(net: RRDBNet, ranges: dict) -> RRDBNet:
    """A copy of `net` whose quantized convs are FakeQuantConv sharing nothing with `net`."""
    qnet = copy.deepcopy(net)
    for name in quantized_conv_names(qnet):
        parent, _, leaf = name.rpartition(".")
        # setattr registers the module under `leaf`, an index of a ModuleList ("convs.4") included
        setattr(qnet.get_submodule(parent), leaf, FakeQuantConv(qnet.get_submodule(name), *ranges[name]))
    return qnet


def plain_state_dict(qnet: nn.Module) -> dict[str, Tensor]:
    """The fine-tuned float weights under RRDBNet's own names (a FakeQuantConv adds `.conv`)."""
    return {
        k.replace(".conv.weight", ".weight").replace(".conv.bias", ".bias"): v.detach().clone()
        for k, v in qnet.state_dict().items()
    }


def main(argv=None) -> None:
    from ..train.stage_args import add_budget_args

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_budget_args(ap, minutes=40)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--hq-size", type=int, default=192)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--calibration-crops", type=int, default=16)
    ap.add_argument(
        "--edge",
        type=float,
        default=0.0,
        help="weight of the gradient-magnitude L1 (keeps the teacher's texture energy; 0: L1 only)",
    )
    ap.add_argument("--init", type=Path, default=None, help="start from this qat_int8 checkpoint's weights")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    from ..train.batches import make_items
    from ..train.common import RunLog, load_data, save_checkpoint, train_loop
    from .ncnn_weights import load_rrdbnet
    from .quantize_int8 import calibration_crops
    from .wheel_models import model_files

    _, sampler = load_data("realesrgan", a.seed, 1024)
    teacher = load_rrdbnet(*model_files()).eval().requires_grad_(False)
    ranges = calibrate(teacher, [torch.from_numpy(c) for c in calibration_crops(a.calibration_crops, 256)])
    # Weights to start from: this run's own checkpoint (resume), else --init's, else x4plus itself.
    resume = torch.load(a.out, map_location="cpu") if a.out.exists() else None
    start = resume or (torch.load(a.init, map_location="cpu") if a.init else None)
    net = copy.deepcopy(teacher)
    if start:
        net.load_state_dict(start["student"])
    student = with_fake_quant(net, ranges).train().requires_grad_(True)
    opt = torch.optim.Adam(student.parameters(), lr=a.lr, betas=(0.9, 0.99))
    step, elapsed = 0, 0.0
    if resume:
        opt.load_state_dict(resume["opt"])
        step, elapsed = resume["step"], resume.get("elapsed", 0.0)
    a.out.parent.mkdir(parents=True, exist_ok=True)

    def step_fn(step: int, progress: float) -> dict:
        for group in opt.param_groups:  # cosine decay over the time budget
            group["lr"] = a.lr * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        lq, _ = make_items(sampler, (a.hq_size, a.hq_size), step, range(a.batch))
        with torch.no_grad():
            target = teacher(lq)
        out = student(lq)
        l1 = F.l1_loss(out, target)
        edge = F.l1_loss(gradient_magnitude(out), gradient_magnitude(target)) if a.edge else torch.zeros(())
        opt.zero_grad(set_to_none=True)
        (l1 + a.edge * edge).backward()
        opt.step()
        return {"l1": l1.detach(), "edge": edge.detach()}

    def save_fn(step: int, elapsed: float) -> None:
        save_checkpoint(
            a.out,
            {
                "student": plain_state_dict(student),
                "opt": opt.state_dict(),
                "step": step,
                "elapsed": elapsed,
                "blocks": 23,
                "arch": "rrdbnet",
                "init": "x4plus",
                "hq_size": a.hq_size,
                "batch": a.batch,
                "lr": a.lr,
                "qat": {
                    "float32Convs": list(FLOAT32_CONVS),
                    "calibrationCrops": a.calibration_crops,
                    "edge": a.edge,
                    "init": str(a.init) if a.init else None,
                },
            },
        )

    step, _, _ = train_loop(
        step_fn,
        save_fn,
        RunLog(a.out.with_suffix(".jsonl")),
        "qat-int8",
        step,
        elapsed,
        a.steps or 10**9,
        a.minutes,
        ckpt_minutes=5,
        log_every=5,
    )
    print(f"done: {step} steps")


if __name__ == "__main__":
    main()
