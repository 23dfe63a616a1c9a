"""Reads an ncnn `.param` / `.bin` pair of an RRDBNet (x4plus) or an SRVGGNetCompact (animevideov3) into
our PyTorch networks.

The `.param` text lists layers; every `Convolution` line carries its output channels (0=), kernel (1=),
bias flag (5=) and weight count (6=). The `.bin` holds, per convolution in file order, the weights
behind a 4-byte storage tag (0x01306B47: float16; 0: float32) and then, without a tag, the float32
bias. A `PReLU` line carries its slope count (0=); its slopes follow in the `.bin` as plain float32,
without a tag. We check every count against the network we build, so a different or damaged file is named,
never loaded half-way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .rrdbnet import RRDBNet
from .srvgg import SRVGGNetCompact

TAG_FP16 = 0x01306B47
TAG_FP32 = 0


class NcnnFormatError(ValueError):
    pass


def layer_list(param_text: str) -> list[tuple[str, dict[int, str]]]:
    """(type, `key=value` parameters) of every layer, in file order."""
    lines = param_text.strip().splitlines()
    if not lines or lines[0].strip() != "7767517":
        raise NcnnFormatError("not an ncnn .param file (magic 7767517 missing)")
    layers = []
    for line in lines[2:]:
        parts = line.split()
        if not parts:
            continue
        n_in, n_out = int(parts[2]), int(parts[3])
        params = {}
        for kv in parts[4 + n_in + n_out :]:
            key, value = kv.split("=", 1)
            params[int(key)] = value
        layers.append((parts[0], params))
    return layers


def conv_layers(param_text: str) -> list[dict[int, str]]:
    """The `key=value` parameters of every Convolution layer, in file order."""
    return [params for kind, params in layer_list(param_text) if kind == "Convolution"]


def _read_weights(blob: memoryview, offset: int, count: int) -> tuple[np.ndarray, int]:
    tag = int.from_bytes(blob[offset : offset + 4], "little")
    offset += 4
    if tag == TAG_FP16:
        data = np.frombuffer(blob, dtype="<f2", count=count, offset=offset).astype(np.float32)
        offset += (count * 2 + 3) // 4 * 4
    elif tag == TAG_FP32:
        data = np.frombuffer(blob, dtype="<f4", count=count, offset=offset).copy()
        offset += count * 4
    else:
        raise NcnnFormatError(f"unsupported ncnn weight storage tag {tag:#x} (int8 or table-quantized)")
    return data, offset


def _read_conv(blob: memoryview, offset: int, conv: torch.nn.Conv2d, layer: dict[int, str], where: str) -> int:
    w = conv.weight
    if int(layer[0]) != w.shape[0] or int(layer[1]) != w.shape[2] or int(layer[6]) != w.numel():
        raise NcnnFormatError(f"{where} has shape parameters {layer}, expected {tuple(w.shape)}")
    weights, offset = _read_weights(blob, offset, w.numel())
    bias = np.frombuffer(blob, dtype="<f4", count=w.shape[0], offset=offset)
    with torch.no_grad():
        w.copy_(torch.from_numpy(weights).reshape(w.shape))
        conv.bias.copy_(torch.from_numpy(bias.copy()))
    return offset + 4 * w.shape[0]


def load_srvgg(param_path: Path, bin_path: Path) -> SRVGGNetCompact:
    """Builds an SRVGGNetCompact shaped as the ncnn graph says (conv count, ×r from PixelShuffle) and fills
    it. Layers after the residual add (the wheel's x2/x3 files resize the ×4 result) are refused: the
    network they describe is not this one."""
    layers = [(k, p) for k, p in layer_list(Path(param_path).read_text()) if k not in ("Input", "Split")]
    kinds = [k for k, _ in layers]
    n = kinds.count("Convolution")
    expected = ["Convolution", "PReLU"] * (n - 1) + ["Convolution", "PixelShuffle", "Interp", "BinaryOp"]
    if n < 2 or kinds != expected:
        raise NcnnFormatError(f"{param_path} is not a plain SRVGGNetCompact (layers {kinds[:4]}…{kinds[-4:]})")
    shuffle, interp = layers[-3][1], layers[-2][1]
    upscale = int(shuffle[0])
    if int(interp.get(0, 0)) != 1 or float(interp[1]) != upscale:
        raise NcnnFormatError(f"{param_path}: the input's upsampling is {interp}, not nearest ×{upscale}")
    net = SRVGGNetCompact(num_convs=n - 2, channels=int(layers[0][1][0]), upscale=upscale)
    blob = memoryview(Path(bin_path).read_bytes())
    offset = 0
    convs, acts = net.convs_in_order(), list(net.acts)
    for i, conv in enumerate(convs):
        offset = _read_conv(blob, offset, conv, layers[2 * i][1], f"convolution {i} of {param_path}")
        if i < len(acts):
            slope = acts[i].weight
            if int(layers[2 * i + 1][1][0]) != slope.numel():
                raise NcnnFormatError(f"PReLU {i} of {param_path} has {layers[2 * i + 1][1][0]} slopes, expected {slope.numel()}")
            with torch.no_grad():
                slope.copy_(torch.from_numpy(np.frombuffer(blob, dtype="<f4", count=slope.numel(), offset=offset).copy()))
            offset += 4 * slope.numel()
    if offset != len(blob):
        raise NcnnFormatError(f"{bin_path} has {len(blob) - offset} bytes left after the last layer")
    return net.eval()


def load_rrdbnet(param_path: Path, bin_path: Path, num_blocks: int = 23) -> RRDBNet:
    """Builds an RRDBNet with `num_blocks` trunk blocks and fills it from the ncnn files."""
    net = RRDBNet(num_blocks)
    convs = net.convs_in_order()
    layers = conv_layers(Path(param_path).read_text())
    if len(layers) != len(convs):
        raise NcnnFormatError(f"{param_path} has {len(layers)} convolutions; RRDBNet with {num_blocks} blocks has {len(convs)}")
    blob = memoryview(Path(bin_path).read_bytes())
    offset = 0
    for i, (conv, layer) in enumerate(zip(convs, layers)):
        offset = _read_conv(blob, offset, conv, layer, f"convolution {i} of {param_path}")
    if offset != len(blob):
        raise NcnnFormatError(f"{bin_path} has {len(blob) - offset} bytes left after the last convolution")
    return net.eval()
