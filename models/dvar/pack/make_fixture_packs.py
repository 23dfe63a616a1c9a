"""Regenerates the engine's test fixture packs (random weights, fixed seeds) and their parity vectors.

    .venv/bin/python -m dvar.pack.make_fixture_packs          (run from models/)

Writes test/fixtures/packs/{tiny,tiny-text}/ and test/fixtures/parity/{tiny,tiny-text}.json. The
parity file holds an LQ tile, the greedy tokens of every scale and the output pixels computed by
PyTorch; test/engine/parity.test.ts checks onnxruntime-node reproduces them.
"""

from __future__ import annotations

import base64
import json
import math
import shutil
from pathlib import Path

import numpy as np
import torch

from ..model.config import fixture_config
from ..model.model import DVAR
from .export import export_pack

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "test" / "fixtures"

PACKS = {
    # name: (text, attention, seed, parity LQ size (h, w), prompt, cfg)
    "tiny": (False, "prefix_current", 1234, (16, 24), "", 0.0),
    # The text prompt is non-ASCII and not NFC (decomposed accents, CJK, padding spaces): the tokenizer
    # twins must agree on normalisation and trimming, not only on ASCII bytes.
    "tiny-text": (True, "block_causal", 4321, (20, 16), "  l'e\u0301te\u0301 — 港の船  ", 2.0),
}


def build_model(text: bool, attention: str, seed: int) -> DVAR:
    torch.manual_seed(seed)
    model = DVAR(fixture_config(text=text, attention=attention)).eval()
    # Training-oriented init (zero gates, 0.02-scaled heads, near-identity blocks) makes a random model
    # almost constant: logits near uniform, prompts without effect. Fixtures re-draw every weight at
    # unit gain so each path (text, LoRA, LQ fusion, every scale) changes the output and the parity
    # test compares real signal, not a flat image.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2:
                p.normal_(0.0, 1.0 / math.sqrt(p[0].numel()))
            elif p.abs().max() == 0:
                p.normal_(0.0, 0.05)
    return model


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def parity_vectors(model: DVAR, size: tuple[int, int], prompt: str, cfg: float, seed: int) -> dict:
    g = torch.Generator().manual_seed(seed)
    h, w = size
    # A smooth pattern plus noise: structure for the encoder, and a ramp so no two tokens tie.
    yy, xx = torch.meshgrid(torch.linspace(0, 1, h), torch.linspace(0, 1, w), indexing="ij")
    base = torch.stack([xx, yy, (xx + yy) / 2])[None]
    lq = (0.7 * base + 0.3 * torch.rand(1, 3, h, w, generator=g)).clamp(0, 1)
    trace = model.restore(lq, prompt=prompt, cfg=cfg)
    return {
        "lq": {"height": h, "width": w, "data": _b64(lq[0].numpy())},
        "prompt": prompt,
        "cfg": cfg,
        "schedule": [list(s) for s in trace.schedule],
        "tokens": [t[0].tolist() for t in trace.tokens],
        "image": {"height": trace.image.shape[2], "width": trace.image.shape[3], "data": _b64(trace.image[0].numpy())},
        "tolerance": {"pixelMaxAbs": 2e-4},
    }


def main() -> None:
    (FIXTURES / "parity").mkdir(parents=True, exist_ok=True)
    for name, (text, attention, seed, size, prompt, cfg) in PACKS.items():
        model = build_model(text, attention, seed)
        out = FIXTURES / "packs" / name
        shutil.rmtree(out, ignore_errors=True)
        export_pack(
            model,
            out,
            name,
            f"Random-weight {attention} fixture pack for engine tests" + (" (text conditioning)" if text else ""),
            {"seed": seed, "training": "none: random weights, for tests only", "metrics": {}},
        )
        vectors = parity_vectors(model, size, prompt, cfg, seed)
        (FIXTURES / "parity" / f"{name}.json").write_text(json.dumps(vectors) + "\n")
        total = sum(f.stat().st_size for f in out.iterdir())
        print(f"{name}: {total / 1e6:.2f} MB, {len(vectors['tokens'])} scales")


if __name__ == "__main__":
    main()
