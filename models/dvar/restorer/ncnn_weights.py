"""Reads an ncnn `.param` / `.bin` pair of an RRDBNet into our PyTorch RRDBNet.

The `.param` text lists layers; every `Convolution` line carries its output channels (0=), kernel (1=),
bias flag (5=) and weight count (6=). The `.bin` holds, per convolution in file order, the weights
behind a 4-byte storage tag (0x01306B47: float16; 0: float32) and then, without a tag, the float32
bias. We check every count against the network we build, so a different or damaged file is named,
never loaded half-way.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .rrdbnet import RRDBNet

TAG_FP16 = 0x01306B47
TAG_FP32 = 0


class NcnnFormatError(ValueError):
    pass


def conv_layers(param_text: str) -> list[dict[int, str]]:
    """The `key=value` parameters of every Convolution layer, in file order."""
    lines = param_text.strip().splitlines()
    if not lines or lines[0].strip() != "7767517":
        raise NcnnFormatError("not an ncnn .param file (magic 7767517 missing)")
    layers = []
    for line in lines[2:]:
        parts = line.split()
        if not parts or parts[0] != "Convolution":
            continue
        n_in, n_out = int(parts[2]), int(parts[3])
        params = {}
        for kv in parts[4 + n_in + n_out:]:
            key, value = kv.split("=", 1)
            params[int(key)] = value
        layers.append(params)
    return layers


def _read_weights(blob: memoryview, offset: int, count: int) -> tuple[np.ndarray, int]:
    tag = int.from_bytes(blob[offset:offset + 4], "little")
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


def load_rrdbnet(param_path: Path, bin_path: Path, num_blocks: int = 23) -> RRDBNet:
    """Builds an RRDBNet with `num_blocks` trunk blocks and fills it from the ncnn files."""
    net = RRDBNet(num_blocks)
    convs = net.convs_in_order()
    layers = conv_layers(Path(param_path).read_text())
    if len(layers) != len(convs):
        raise NcnnFormatError(f"{param_path} has {len(layers)} convolutions; RRDBNet with {num_blocks} "
                              f"blocks has {len(convs)}")
    blob = memoryview(Path(bin_path).read_bytes())
    offset = 0
    for i, (conv, layer) in enumerate(zip(convs, layers)):
        w = conv.weight
        if int(layer[0]) != w.shape[0] or int(layer[1]) != w.shape[2] or int(layer[6]) != w.numel():
            raise NcnnFormatError(f"convolution {i} of {param_path} has shape parameters {layer}, "
                                  f"expected {tuple(w.shape)}")
        weights, offset = _read_weights(blob, offset, w.numel())
        bias = np.frombuffer(blob, dtype="<f4", count=w.shape[0], offset=offset)
        offset += 4 * w.shape[0]
        with torch.no_grad():
            w.copy_(torch.from_numpy(weights).reshape(w.shape))
            conv.bias.copy_(torch.from_numpy(bias.copy()))
    if offset != len(blob):
        raise NcnnFormatError(f"{bin_path} has {len(blob) - offset} bytes left after the last convolution")
    return net.eval()
