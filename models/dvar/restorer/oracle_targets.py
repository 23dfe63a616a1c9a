"""Token targets that serve the output, cached once per training crop, for fine-tuning a restorer pack's
transformer on the CPU (`dvar.restorer.transformer_finetune`).

The shipped transformer was trained to predict the tokenizer's tokens of the HQ crop; its output now
passes through a decoder fine-tuned on the restorer's image and through detail transfer and the guard,
and "E_dr tokens only" does as well as the transformer does (bench/results/fair-peers.md). Tokens
fitted to the HQ crop through that whole tail would add +0.9 dB PSNR-Y on dev list 1
(bench/results/token-ceiling.md). So the target here is those tokens: per crop, a latent moved by
gradient descent through the pack's decoder and finish (the decoder seeing its tokens, the gradient
passed straight through, `token_fit.fit_latent`), quantized scale by scale after the dynamic start
token, which stays E_dr's as at inference. Stored with what training reads: E_dr's features (prefix
input), the teacher-forcing inputs of scales 2..K, E_dr's own tokens (the baseline the fine-tune must
beat) and the crop's size. Crops come from the training photos only (never a dev list), real-degraded
and clean ↓4 in turn.

    python -m dvar.restorer.oracle_targets --pack packs/default --out runs/oracle-targets --crops 400
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from ..pack.pack_runner import PackTokenPath
from ..train.batches import make_items
from ..train.training_data import load_data
from .decoder_finetune import pack_decoder
from .token_fit import PackFinish, fit_latent

SIDES = (128, 192, 256)  # HQ crop sides: latent grids of 8, 12 and 16 (the canonical base), any aspect
DEGRADATIONS = ("realesrgan", "realesrgan", "bicubic")  # two real-degraded crops for each clean one


class TargetMaker:
    def __init__(self, pack: Path, threads: int, iters: int, lr: float):
        manifest = json.loads((pack / "manifest.json").read_text())
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        self.restorer = ort.InferenceSession(
            str(pack / manifest["graphs"]["restorer"]["file"]), opts, providers=["CPUExecutionProvider"]
        )
        self.runner = PackTokenPath(pack, threads)
        self.dec = pack_decoder(pack).eval().requires_grad_(False)
        self.finish = PackFinish(manifest)
        self.iters, self.lr = iters, lr

    def record(self, lq: torch.Tensor, hq: torch.Tensor) -> dict:
        runner = self.runner
        latent, features = runner.s["encoder"].run(None, {"lq": lq.numpy()})
        hl, wl = latent.shape[2], latent.shape[3]
        edr_f_hat, edr_tokens = runner.residual_tokens(latent)
        first = edr_tokens[0]

        def quantize(x: np.ndarray) -> np.ndarray:
            return runner.residual_tokens(x, first)[0]

        restored = torch.from_numpy(self.restorer.run(None, {"lq": lq.numpy()})[0])
        fitted = fit_latent(self.dec, self.finish, edr_f_hat, restored, lq, hq, self.iters, self.lr, quantize)
        _, tokens = runner.residual_tokens(fitted, first)
        inputs, residuals = runner.teacher_forcing(tokens, hl, wl, fitted)
        edr_inputs, _ = runner.teacher_forcing(edr_tokens, hl, wl)
        return {
            "size": (hq.shape[2], hq.shape[3]),
            "features": torch.from_numpy(features[0]).half(),
            "inputs": torch.from_numpy(np.concatenate(inputs)).half(),
            "targets": torch.from_numpy(np.concatenate(tokens[1:]).astype(np.int16)),
            "residuals": torch.from_numpy(np.concatenate(residuals)).half(),
            "edr_targets": torch.from_numpy(np.concatenate(edr_tokens[1:]).astype(np.int16)),
            "edr_inputs": torch.from_numpy(np.concatenate(edr_inputs)).half(),
        }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True, help="a folder of shards (shard-NNNN.pt), added to on a rerun")
    ap.add_argument("--crops", type=int, default=400)
    ap.add_argument("--shard", type=int, default=25, help="crops per shard file")
    ap.add_argument("--iters", type=int, default=40)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=11, help="the training-photo sampler's seed (not a dev list's)")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    a.out.mkdir(parents=True, exist_ok=True)
    maker = TargetMaker(a.pack, a.threads, a.iters, a.lr)
    samplers = {d: load_data(d, a.seed, 1024)[1] for d in set(DEGRADATIONS)}
    rng = np.random.default_rng(a.seed)
    done = len(list(a.out.glob("shard-*.pt"))) * a.shard
    rng.integers(0, len(SIDES), (done, 2))  # a rerun goes on with the sizes an uninterrupted run would draw
    started, shard = time.perf_counter(), []
    for i in range(done, a.crops):
        h, w = (SIDES[j] for j in rng.integers(0, len(SIDES), 2))
        degradation = DEGRADATIONS[i % len(DEGRADATIONS)]
        lq, hq = make_items(samplers[degradation], (h, w), i, range(1))
        shard.append({**maker.record(lq, hq), "degradation": degradation})
        if len(shard) == a.shard or i + 1 == a.crops:
            torch.save(shard, a.out / f"shard-{i // a.shard:04d}.pt")
            shard = []
            rate = (i + 1 - done) / (time.perf_counter() - started)
            print(f"{i + 1}/{a.crops} crops, {rate * 60:.1f} per minute", flush=True)


if __name__ == "__main__":
    main()
