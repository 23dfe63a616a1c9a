"""Runs a model pack's token path with onnxruntime from Python, as the engine does for one tile
(docs/pack-format.md, "Inference, one tile"; greedy, no text): LQ -> encoder -> prefix -> r1 ->
scales 2..K -> f_hat. Training stages that fine-tune a shipped pack's decoder use it to get the
exact f_hat the engine will decode, without the training checkpoint (which is never committed).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ..model.resample import area_matrix, bicubic_matrix
from ..model.rope import rope_positions
from ..model.schedule import rescaled_schedule


class PackTokenPath:
    def __init__(self, pack_dir: Path, threads: int = 2):
        self.dir = Path(pack_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text())
        if self.manifest.get("text"):
            raise ValueError("PackTokenPath runs packs without text conditioning")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        names = ("encoder", "condition", "prefix", "quantize", "fhat_update", "next_input", "step")
        self.s = {
            n: ort.InferenceSession(str(self.dir / self.manifest["graphs"][n]["file"]), opts, providers=["CPUExecutionProvider"])
            for n in names
        }

    def f_hat(self, lq: np.ndarray, transformer: bool = True) -> np.ndarray:
        return self.run(lq, transformer)[0]

    def quantized(self, latent: np.ndarray) -> np.ndarray:
        """Any latent [1, C, Hl, Wl] quantized scale by scale as the tokenizer does (each scale's tokens
        from the part f_hat does not hold yet) -> f_hat: what the decoder would get from tokens that
        encode this latent, whoever predicted them."""
        return self.residual_tokens(latent)[0]

    def residual_tokens(self, latent: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """-> (f_hat, every scale's tokens), each scale quantized from the part f_hat does not hold yet."""
        hl, wl = latent.shape[2], latent.shape[3]
        sched = self._schedule(hl, wl)
        f_hat, tokens = np.zeros_like(latent), []
        for k, (h, w) in enumerate(sched):
            tokens.append(self.s["quantize"].run(None, {"latent": latent - f_hat, **self._down(h, w, hl, wl)})[0].reshape(-1))
            f_hat = self._add(f_hat, tokens[-1], k, sched)
        return f_hat, tokens

    def _schedule(self, hl: int, wl: int) -> list[tuple[int, int]]:
        return rescaled_schedule(hl, wl, tuple(self.manifest["schedule"]["canonicalScales"]))

    def _down(self, h: int, w: int, hl: int, wl: int) -> dict:
        return {"down_h": _f32(area_matrix(h, hl)), "down_w": _f32(area_matrix(w, wl))}

    def _add(self, f_hat: np.ndarray, idx: np.ndarray, k: int, sched: list) -> np.ndarray:
        (h, w), hl, wl = sched[k], f_hat.shape[2], f_hat.shape[3]
        feeds = {
            "f_hat": f_hat,
            "indices": idx.reshape(1, -1).astype(np.int64),
            "up_h": _f32(bicubic_matrix(hl, h)),
            "up_w": _f32(bicubic_matrix(wl, w)),
            "phi": np.array([self.manifest["phi"]["table"][k]], np.int64),
        }
        return self.s["fhat_update"].run(None, feeds)[0]

    def run(self, lq: np.ndarray, transformer: bool = True) -> tuple[np.ndarray, list[np.ndarray]]:
        """lq [1, 3, h, w] float32 in [0, 1], sides multiples of input.multiple -> (f_hat [1, C, Hl, Wl],
        the token indices of every scale).
        `transformer=False`: every scale's tokens are quantized from E_dr's latent instead (the residual
        latent − f_hat, as the tokenizer does), the "tokens from E_dr only" ablation."""
        m = self.manifest
        up, d, tr = m["upscale"], m["latent"]["downsample"], m["transformer"]
        H, W = lq.shape[2] * up, lq.shape[3] * up
        hl, wl = H // d, W // d
        latent, features = self.s["encoder"].run(None, {"lq": lq})
        if not transformer:
            return self.residual_tokens(latent)
        sched = self._schedule(hl, wl)
        cond = self.s["condition"].run(None, {"target_size": np.array([[H, W]], np.float32)})[0]
        past_k, past_v = self.s["prefix"].run(
            None, {"features": features, "cond": cond, "positions": _f32(rope_positions(hl, wl, tr["ropeFrame"]))}
        )
        r1 = self.s["quantize"].run(None, {"latent": latent, **self._down(*sched[0], hl, wl)})[0]
        f_hat, tokens = self._add(np.zeros_like(latent), r1, 0, sched), [r1.reshape(-1)]
        for k in range(1, len(sched)):
            h, w = sched[k]
            x = self.s["next_input"].run(None, {"f_hat": f_hat, **self._down(h, w, hl, wl)})[0]
            logits = self.s["step"].run(
                None,
                {
                    "tokens": x,
                    "level": np.array([k], np.int64),
                    "positions": _f32(rope_positions(h, w, tr["ropeFrame"])),
                    "cond": cond,
                    "past_k": past_k,
                    "past_v": past_v,
                },
            )[0]
            tokens.append(logits[0].argmax(-1))
            f_hat = self._add(f_hat, tokens[-1], k, sched)
        return f_hat, tokens


def _f32(t) -> np.ndarray:
    return np.ascontiguousarray(t.numpy() if hasattr(t, "numpy") else t, dtype=np.float32)
