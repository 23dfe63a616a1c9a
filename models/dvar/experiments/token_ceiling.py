"""How much could better tokens give? The ceiling of the transformer's job in a restorer pack.

The default pack's output takes only a narrow band from the decoder: detail transfer keeps the
restorer's finest two levels, the fidelity guard puts back the input's coarsest six, and the tokens
reach the output only through what lies between. Whether any transformer could earn +0.1 dB PSNR-Y over
"E_dr tokens only" (the issue's target) is therefore a question about that band, and it can be answered
without training one: decode other token sets through the same graphs and finish them as the engine does.

Per dev pair (real-degraded or clean ↓4 inputs; whole 256 px crops, one tile, as `ablation.py`), the same restored image and finish
(detail transfer, luma detail gain, wavelet guard from the pack's manifest) for every token set:
  transformer   the pack's tokens (greedy), as shipped
  edr           every scale quantized from E_dr's latent of the degraded input (the bench's ablation)
  edr-clean     the same from E_dr's latent of the *clean* downscale of the same crop (= edr for clean inputs): the proxy target a
                CPU-only transformer run would learn (no pack ships the tokenizer's HQ encoder)
  oracle        tokens fitted to the HQ crop: a latent moved by gradient descent through the decoder and the
                finish, the decoder seeing its tokens (quantized scale by scale, the gradient passed
                straight through): about what the best token choice could give
  oracle-latent the same fit without quantization (the decoder's reach, beyond what tokens can say)
  none          no tokens (f_hat = 0)

    python -m dvar.experiments.token_ceiling [--pack models/packs/default] [--lists dev,dev2] \
        [--inputs real|clean] [--iters 100] [--lr 0.02] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from ..pack.pack_runner import PackTokenPath
from ..restorer.token_fit import Tail, fit_latent
from ..train.dev_images import DEFAULT_OUTS, load_png
from ..train.evaluate import psnr_y, ssim_y

DEGRADATION = {"real": "realesrgan", "clean": "bicubic"}
VARIANTS = ("transformer", "edr", "edr-clean", "oracle", "oracle-latent", "none")


def token_set(variant: str, tokens: PackTokenPath, f_edr: np.ndarray, lq, clean, fit: tuple) -> np.ndarray:
    """The f_hat the decoder gets from one token set (VARIANTS)."""
    if variant == "transformer":
        return tokens.f_hat(lq.numpy())
    if variant == "edr":
        return f_edr
    if variant == "edr-clean":
        return tokens.quantized(tokens.s["encoder"].run(None, {"lq": clean.numpy()})[0])
    if variant == "oracle":
        return tokens.quantized(fit_latent(*fit, quantize=tokens.quantized))
    if variant == "oracle-latent":
        return fit_latent(*fit)
    return np.zeros_like(f_edr)


def pairs(which: str, inputs: str) -> list[tuple[str, torch.Tensor, torch.Tensor, torch.Tensor]]:
    """(name, LQ, clean LQ, HQ) for the list's pairs of `inputs` ("real": Real-ESRGAN-degraded, "clean":
    bicubic ↓4); the clean LQ is the same crop's bicubic downscale, dumped under the same number."""
    root = DEFAULT_OUTS[which]
    out = []
    for lq_path in sorted((root / DEGRADATION[inputs]).glob("*-lq.png")):
        clean_path = root / "bicubic" / lq_path.name
        hq = load_png(lq_path.with_name(lq_path.name.replace("-lq", "-hq")))
        if not torch.equal(hq, load_png(clean_path.with_name(clean_path.name.replace("-lq", "-hq")))):
            raise ValueError(f"{lq_path.name}: the two degradations' HQ crops differ")
        out.append((f"{which}/{lq_path.name[:3]}", load_png(lq_path), load_png(clean_path), hq))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, default=Path(__file__).resolve().parents[2] / "packs" / "default")
    ap.add_argument("--lists", default="dev,dev2")
    ap.add_argument("--inputs", choices=tuple(DEGRADATION), default="real")
    ap.add_argument("--iters", type=int, default=100)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--variants", default=",".join(VARIANTS), help="which token sets (edr is always scored)")
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each list (0: all)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--pairs-out", type=Path, default=None, help="append every pair's scores to this JSON-lines file as it is done"
    )
    a = ap.parse_args(argv)
    variants = [v for v in VARIANTS if v in a.variants.split(",") or v == "edr"]
    torch.set_num_threads(2)
    manifest = json.loads((a.pack / "manifest.json").read_text())
    tokens = PackTokenPath(a.pack)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    graph = lambda name: ort.InferenceSession(
        str(a.pack / manifest["graphs"][name]["file"]), opts, providers=["CPUExecutionProvider"]
    )
    restorer, decoder = graph("restorer"), graph("decoder")
    tail = Tail.of_pack(a.pack)
    rows: dict[str, dict[str, list]] = {}
    for which in a.lists.split(","):
        chosen = pairs(which, a.inputs)[: a.limit or None]
        for name, lq, clean, hq in chosen:
            restored = torch.from_numpy(restorer.run(None, {"lq": lq.numpy()})[0])
            f_edr = tokens.f_hat(lq.numpy(), transformer=False)
            fit = (tail, f_edr, restored, lq, hq, a.iters, a.lr)
            f_hats = {v: token_set(v, tokens, f_edr, lq, clean, fit) for v in variants}
            scores = {}
            for v, f_hat in f_hats.items():
                decoded = torch.from_numpy(decoder.run(None, {"f_hat": f_hat, "restored": restored.numpy()})[0])
                out = tail.finish(decoded, restored, lq)
                scores[v] = (psnr_y(out, hq), ssim_y(out, hq))
                rows.setdefault(which, {}).setdefault(v, []).append(scores[v])
            print(name, " ".join(f"{v} {p:.2f}" for v, (p, _) in scores.items()), flush=True)
            if a.pairs_out:
                with a.pairs_out.open("a") as f:
                    f.write(
                        json.dumps(
                            {"pair": name, "inputs": a.inputs, **{v: {"psnr_y": p, "ssim_y": q} for v, (p, q) in scores.items()}}
                        )
                        + "\n"
                    )
    table = {
        which: {
            v: {"psnr_y": float(np.mean([r[0] for r in rs])), "ssim_y": float(np.mean([r[1] for r in rs])), "pairs": len(rs)}
            for v, rs in vs.items()
        }
        for which, vs in rows.items()
    }
    print(markdown(table, a.inputs, variants))
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(
            json.dumps(
                {"pack": str(a.pack), "inputs": a.inputs, "variants": variants, "iters": a.iters, "lr": a.lr, "table": table},
                indent=1,
            )
            + "\n"
        )


def markdown(table: dict, inputs: str, variants: list[str]) -> str:
    """PSNR-Y / SSIM-Y per list and token set, and each token set's PSNR-Y over E_dr's tokens."""
    lines = [
        f"| list ({inputs} inputs) | " + " | ".join(variants) + " |",
        "|---|" + "---|" * len(variants),
    ]
    for which, vs in table.items():
        lines.append(
            f"| {which} ({vs['edr']['pairs']} pairs) | "
            + " | ".join(f"{vs[v]['psnr_y']:.2f} / {vs[v]['ssim_y']:.4f}" for v in variants)
            + " |"
        )
        lines.append(
            f"| {which}, PSNR-Y − edr | " + " | ".join(f"{vs[v]['psnr_y'] - vs['edr']['psnr_y']:+.2f}" for v in variants) + " |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
