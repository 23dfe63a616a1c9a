"""Export a DVAR model to a model pack: manifest.json + one ONNX graph per pipeline stage.

Usage: python -m dvar.pack.export --checkpoint CKPT --out models/packs/NAME [--name NAME]
The pack format is docs/pack-format.md; the engine validates it with the same field names.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import hashlib
import json
import math
import warnings
from pathlib import Path

import onnx
import torch

from ..model import dr_encoder, tokenizer
from ..model.config import DVARConfig
from ..model.fidelity import LEVELS as GUARD_LEVELS
from ..model.model import DVAR
from ..model.resample import area_matrix, bicubic_matrix
from ..model.rope import rope_positions
from ..model.shared_weights import share_initializers
from .export_graphs import (
    ConditionGraph,
    DecoderGraph,
    EncoderGraph,
    FhatUpdateGraph,
    NextInputGraph,
    PrefixGraph,
    QuantizeGraph,
    StepGraph,
    TextEncoderGraph,
)

OPSET = 17
SHARED_WEIGHTS = "transformer-weights.bin"  # weights the prefix and step graphs share


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _io_spec(model_path: Path, dynamic: dict[str, dict[int, str]]) -> tuple[list, list]:
    """Reads names, dtypes and shapes back from the saved graph, so the manifest cannot drift from it."""
    graph = onnx.load(str(model_path), load_external_data=False).graph
    types = {onnx.TensorProto.FLOAT: "float32", onnx.TensorProto.INT64: "int64"}

    def spec(values):
        out = []
        for v in values:
            t = v.type.tensor_type
            shape = [d.dim_param if d.dim_param else int(d.dim_value) for d in t.shape.dim]
            out.append({"name": v.name, "dtype": types[t.elem_type], "shape": shape})
        return out

    inits = {i.name for i in graph.initializer}
    return spec([i for i in graph.input if i.name not in inits]), spec(graph.output)


def _cubic_weight(s: float, a: float = -0.75) -> float:
    s = abs(s)
    if s <= 1:
        return (a + 2) * s**3 - (a + 3) * s**2 + 1
    return a * s**3 - 5 * a * s**2 + 8 * a * s - 4 * a if s < 2 else 0.0


def _phase_kernels(factor: int) -> torch.Tensor:
    """[factor, 5]: output pixel factor·j + r of torch's bicubic (half-pixel, a = -0.75) weighs input
    pixels j-2 .. j+2 (clamped to the edge) with row r."""
    k = torch.zeros(factor, 5, dtype=torch.float64)
    for r in range(factor):
        src = (r + 0.5) / factor - 0.5  # source coordinate relative to j
        x0 = math.floor(src)
        t = src - x0
        for tap, w in zip(
            range(x0 - 1, x0 + 3), (_cubic_weight(1 + t), _cubic_weight(t), _cubic_weight(1 - t), _cubic_weight(2 - t))
        ):
            k[r, tap + 2] += w
    return k


def upsample_lq_conv(lq: torch.Tensor, upscale: int) -> torch.Tensor:
    """tokenizer.upsample_lq as the encoder and decoder graphs run it: onnxruntime's cubic Resize took
    ~20 ms of a ~60 ms encoder or decoder run on a 92 px tile (2 CPU threads). An integer-factor
    bicubic is a fixed filter per output phase, so it exports as edge padding, one grouped 5×5
    convolution (one output channel per channel and phase) and DepthToSpace, exactly the same function
    up to float rounding (checked by `check_upsample_lq_conv` on every export)."""
    k = _phase_kernels(upscale)
    channels = 3  # the LQ image is RGB; a Python int keeps the weights constant
    weight = torch.einsum("ik,jl->ijkl", k, k).reshape(upscale * upscale, 1, 5, 5).repeat(channels, 1, 1, 1)
    padded = torch.nn.functional.pad(lq, (2, 2, 2, 2), mode="replicate")
    phases = torch.nn.functional.conv2d(padded, weight.to(lq.dtype), groups=channels)
    return torch.nn.functional.pixel_shuffle(phases, upscale) * 2.0 - 1.0


def check_upsample_lq_conv(upscale: int) -> None:
    lq = torch.rand(2, 3, 13, 7, generator=torch.Generator().manual_seed(0))
    diff = (upsample_lq_conv(lq, upscale) - tokenizer.upsample_lq(lq, upscale)).abs().max().item()
    if diff > 1e-5:
        raise AssertionError(f"upsample_lq_conv differs from bicubic by {diff}")


@contextlib.contextmanager
def _graph_friendly_upsample():
    """Swaps tokenizer.upsample_lq for its convolution form while graphs are traced."""
    saved = tokenizer.upsample_lq, dr_encoder.upsample_lq
    tokenizer.upsample_lq = dr_encoder.upsample_lq = upsample_lq_conv
    try:
        yield
    finally:
        tokenizer.upsample_lq, dr_encoder.upsample_lq = saved


def _export(module, args, path: Path, inputs: list[str], outputs: list[str], dynamic: dict) -> None:
    with warnings.catch_warnings(), _graph_friendly_upsample():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            args,
            str(path),
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=dynamic,
            opset_version=OPSET,
            dynamo=False,
            do_constant_folding=True,
        )


def estimate_runtime(cfg: DVARConfig, max_tile_side: int | None = None, bottom_context: int = 0) -> dict:
    """Peak-memory model of one pass, for the engine's tile planner. Linear part: decoder activations
    and logits per output pixel; the quadratic part (attention over the last scale plus the prefix) is
    kept in check by capping the tile area so that its score matrix stays under 256 MiB."""
    tk, tr = cfg.tokenizer, cfg.transformer
    d = tk.downsample
    decoder_bytes = 4 * 4 * tk.base_channels * tk.channel_mult[0]  # ~4 live full-res activations
    logits_bytes = 2 * 4 * tk.codebook_size / (d * d)  # guidance batch 2, float32
    token_bytes = 2 * 4 * (4 * tr.width + 2 * tr.layers * tr.width) / (d * d)
    per_pixel = decoder_bytes + logits_bytes + token_bytes + 64  # + image buffers and blending
    # scores: heads * n * 2n * 4 bytes * batch 2 <= 256 MiB  ->  n <= sqrt(256Mi / (16 heads))
    max_tokens = int((256 * 2**20 / (16 * tr.heads)) ** 0.5)
    max_lq_pixels = max_tokens * (d // cfg.upscale) ** 2
    if max_tile_side:
        max_lq_pixels = min(max_lq_pixels, max_tile_side**2)
    runtime = {"bytesPerOutputPixel": int(per_pixel), "maxTilePixels": int(max_lq_pixels)}
    if bottom_context:
        if bottom_context % cfg.input_multiple:
            raise ValueError(f"bottom context {bottom_context} must be a multiple of {cfg.input_multiple}")
        runtime["bottomContext"] = int(bottom_context)
    return runtime


def transformer_graph_specs(model) -> dict[str, tuple]:
    """Export specs (module, example args, input names, output names, dynamic axes) of the two graphs
    that hold the transformer, `prefix` and `step`; `model` needs `cfg`, `prefix_conv` and `transformer`
    (a whole DVAR, or a transformer fine-tuned alone, `dvar.pack.transformer_pack`)."""
    cfg = model.cfg
    tk, tr = cfg.tokenizer, cfg.transformer
    hd = tr.width // tr.heads
    text = cfg.text is not None
    hl, wl, h, w = 6, 5, 3, 2  # example sizes; every spatial axis is dynamic
    B = 2 if text else 1
    cond = torch.randn(B, tr.cond_dim)
    ctx = (torch.randn(B, cfg.text.max_tokens, cfg.text.width), torch.ones(B, cfg.text.max_tokens)) if text else ()
    text_names = ["context", "text_mask"] if text else []
    text_dyn = {"context": {0: "batch"}, "text_mask": {0: "batch"}} if text else {}
    C = tk.latent_channels
    past = torch.randn(tr.layers, B, tr.heads, 7, hd)
    kv_dyn = {0: "layers", 1: "batch", 3: "tokens"}
    return {
        "prefix": (
            PrefixGraph(model),
            (torch.randn(1, tk.feature_channels, hl, wl), rope_positions(hl, wl, tr.rope_frame), cond) + ctx,
            ["features", "positions", "cond"] + text_names,
            ["prefix_k", "prefix_v"],
            {
                "features": {2: "Hl", 3: "Wl"},
                "positions": {0: "tokens"},
                "cond": {0: "batch"},
                "prefix_k": kv_dyn,
                "prefix_v": kv_dyn,
                **text_dyn,
            },
        ),
        "step": (
            StepGraph(model),
            (torch.randn(B, h * w, C), torch.tensor([2]), rope_positions(h, w, tr.rope_frame), cond, past, past) + ctx,
            ["tokens", "level", "positions", "cond", "past_k", "past_v"] + text_names,
            ["logits", "k", "v"],
            {
                "tokens": {0: "batch", 1: "n"},
                "positions": {0: "n"},
                "cond": {0: "batch"},
                "past_k": {1: "batch", 3: "past"},
                "past_v": {1: "batch", 3: "past"},
                "logits": {0: "batch", 1: "n"},
                "k": {1: "batch", 3: "n"},
                "v": {1: "batch", 3: "n"},
                **text_dyn,
            },
        ),
    }


def export_pack(
    model: DVAR,
    out_dir: Path,
    name: str,
    description: str,
    provenance: dict,
    sampling: dict | None = None,
    fidelity_guard: str = "off",
    max_tile_side: int | None = None,
    version: str = "1.0.0",
    bottom_context: int = 0,
    guard_levels: int = GUARD_LEVELS,
) -> dict:
    """`bottom_context`: LQ rows of image the engine runs below every tile and crops away (a model that
    draws an artefact near its lower edge, see docs/pack-format.md).
    `max_tile_side`: the largest LQ tile side the model was trained for; the engine's tile planner
    never exceeds it (a transformer trained on small crops stripes and drifts on much larger ones)."""
    model = copy.deepcopy(model).eval().cpu()
    model.transformer.merge_lora()
    cfg = model.cfg
    tk, tr = cfg.tokenizer, cfg.transformer
    out_dir.mkdir(parents=True, exist_ok=True)
    hd = tr.width // tr.heads
    text = cfg.text is not None
    hl, wl, h, w = 6, 5, 3, 2  # example sizes; every spatial axis is dynamic
    lq = torch.rand(1, 3, hl * tk.downsample // cfg.upscale, wl * tk.downsample // cfg.upscale)
    B = 2 if text else 1
    C = tk.latent_channels
    f_hat = torch.randn(1, C, hl, wl)

    graphs: dict[str, tuple] = {
        "encoder": (
            EncoderGraph(model),
            (lq,),
            ["lq"],
            ["latent", "features"],
            {"lq": {2: "h", 3: "w"}, "latent": {2: "Hl", 3: "Wl"}, "features": {2: "Hl", 3: "Wl"}},
        ),
        "condition": (
            ConditionGraph(model),
            (torch.tensor([[512.0, 768.0]] * B),) + ((torch.randn(B, cfg.text.width),) if text else ()),
            ["target_size"] + (["text_pooled"] if text else []),
            ["cond"],
            {"target_size": {0: "batch"}, "cond": {0: "batch"}, **({"text_pooled": {0: "batch"}} if text else {})},
        ),
        "quantize": (
            QuantizeGraph(model),
            (f_hat, area_matrix(h, hl), area_matrix(w, wl)),
            ["latent", "down_h", "down_w"],
            ["indices"],
            {"latent": {2: "Hl", 3: "Wl"}, "down_h": {0: "h", 1: "Hl"}, "down_w": {0: "w", 1: "Wl"}, "indices": {1: "n"}},
        ),
        "fhat_update": (
            FhatUpdateGraph(model),
            (
                f_hat,
                torch.randint(0, tk.codebook_size, (1, h * w)),
                bicubic_matrix(hl, h),
                bicubic_matrix(wl, w),
                torch.tensor([1]),
            ),
            ["f_hat", "indices", "up_h", "up_w", "phi"],
            ["f_hat_out"],
            {
                "f_hat": {2: "Hl", 3: "Wl"},
                "indices": {1: "n"},
                "up_h": {0: "Hl", 1: "h"},
                "up_w": {0: "Wl", 1: "w"},
                "f_hat_out": {2: "Hl", 3: "Wl"},
            },
        ),
        "next_input": (
            NextInputGraph(),
            (f_hat, area_matrix(h, hl), area_matrix(w, wl)),
            ["f_hat", "down_h", "down_w"],
            ["tokens"],
            {"f_hat": {2: "Hl", 3: "Wl"}, "down_h": {0: "h", 1: "Hl"}, "down_w": {0: "w", 1: "Wl"}, "tokens": {1: "n"}},
        ),
        **transformer_graph_specs(model),
        "decoder": (
            DecoderGraph(model),
            (f_hat,) + ((lq,) if tk.lq_fusion else ()),
            ["f_hat"] + (["lq"] if tk.lq_fusion else []),
            ["image"],
            {"f_hat": {2: "Hl", 3: "Wl"}, "image": {2: "H", 3: "W"}, **({"lq": {2: "h", 3: "w"}} if tk.lq_fusion else {})},
        ),
    }
    if text:
        T = cfg.text.max_tokens
        graphs["text_encoder"] = (
            TextEncoderGraph(model),
            (torch.randint(0, 259, (B, T)), torch.ones(B, T)),
            ["text_ids", "text_mask"],
            ["context", "pooled"],
            {"text_ids": {0: "batch"}, "text_mask": {0: "batch"}, "context": {0: "batch"}, "pooled": {0: "batch"}},
        )

    check_upsample_lq_conv(cfg.upscale)
    for gname, (module, args, inputs, outputs, dynamic) in graphs.items():
        _export(module.eval(), args, out_dir / f"{gname}.onnx", inputs, outputs, dynamic)
    data_files = []
    if share_initializers(out_dir, ["prefix", "step"], SHARED_WEIGHTS):
        data_files.append({"file": SHARED_WEIGHTS, "sha256": _sha256(out_dir / SHARED_WEIGHTS)})
    manifest_graphs = {}
    for gname, (_, _, _, _, dynamic) in graphs.items():
        path = out_dir / f"{gname}.onnx"
        ins, outs = _io_spec(path, dynamic)
        manifest_graphs[gname] = {"file": path.name, "sha256": _sha256(path), "inputs": ins, "outputs": outs}

    manifest = {
        "format": "dvar-pack",
        "formatVersion": 1,
        "name": name,
        "version": version,
        "description": description,
        "upscale": cfg.upscale,
        "latent": {"downsample": tk.downsample, "channels": C, "codebookSize": tk.codebook_size},
        "schedule": {
            "canonicalScales": list(cfg.canonical_scales),
            "baseResolution": cfg.base_resolution,
            "rounding": "half_even",
        },
        "phi": {"count": tk.phi_count, "table": model.phi},
        "transformer": {
            "layers": tr.layers,
            "width": tr.width,
            "heads": tr.heads,
            "headDim": hd,
            "ropeFrame": tr.rope_frame,
            "attention": tr.attention,
        },
        "text": {"tokenizer": "utf8-bytes-v1", "maxTokens": cfg.text.max_tokens, "width": cfg.text.width} if text else None,
        "decoder": {"lqFusion": tk.lq_fusion},
        "input": {"multiple": cfg.input_multiple, "minSize": max(cfg.input_multiple, 16)},
        "runtime": estimate_runtime(cfg, max_tile_side, bottom_context),
        "sampling": sampling or {"strategy": "greedy", "temperature": 1.0, "topK": 0, "topP": 1.0, "cfg": 3.0 if text else 0.0},
        "graphs": manifest_graphs,
        "dataFiles": data_files,
        "fidelityGuard": fidelity_guard,
        # Always written, so no reader depends on its own default matching Python's.
        "fidelityGuardLevels": guard_levels,
        "provenance": {
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": "models/dvar/pack/export.py",
            "config": cfg.to_dict(),
            **provenance,
        },
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", required=True, help="training checkpoint with 'config' and 'model' entries")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default=None)
    ap.add_argument("--description", default="DVAR super-resolution model pack")
    ap.add_argument("--fidelity-guard", default="off", choices=["off", "wavelet", "adain"])
    a = ap.parse_args()
    ckpt = torch.load(a.checkpoint, map_location="cpu", weights_only=False)
    model = DVAR(DVARConfig.from_dict(ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    out = Path(a.out)
    export_pack(
        model,
        out,
        a.name or out.name,
        a.description,
        {"seed": ckpt.get("seed"), "training": ckpt.get("training", {}), "metrics": ckpt.get("metrics", {})},
        fidelity_guard=a.fidelity_guard,
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
