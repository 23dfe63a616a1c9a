"""Fine-tunes a shipped pack's decoder to fuse the restorer's output instead of the bicubic LQ.

The pack's encoder, prefix and transformer are kept as trained (they read the LQ tile); each batch
runs them with onnxruntime exactly as the engine does (`PackTokenPath`, greedy) to get f_hat, runs the
restorer for the guide, and trains the decoder (weights read back from the pack's decoder graph,
`pack_weights`) on
    image = decoder(f_hat, guide)
    loss  = L1(image, hq) + edge · Sobel L1 + adv · hinge GAN (patch discriminator, from --adv-start)
so the tokens correct what the restorer got wrong and the decoder learns how far to trust each.
With --detail-levels L (what the shipped pack uses, `detail_transfer`), the loss is taken on
    restored − low_pass_L(restored) + low_pass_L(image)
the image the engine outputs: the restorer's fine detail, the decoder's coarser structure. Training the
decoder through that split spends its capacity on the band it is kept for.

    python -m dvar.restorer.decoder_finetune --pack packs/default --restorer runs/restorer/student6.pt \
        --minutes 20 --out runs/restorer/decoder.pt
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..model.config import DVARConfig
from ..model.tokenizer import Decoder
from ..pack.pack_runner import PackTokenPath
from ..pack.pack_weights import load_from_graph, trained_config
from ..train import distributed as D
from ..train.batches import make_items
from ..train.common import RunLog, edge_loss, load_data, save_checkpoint, train_loop
from ..train.stage1_encoder import PatchDiscriminator
from ..train.stage_args import add_budget_args
from .detail_transfer import detail_transfer
from .student import load_restorer, restored_guide


def pack_decoder(pack_dir: Path) -> Decoder:
    """The pack's decoder as a PyTorch module, weights read from its graph."""
    manifest = json.loads((pack_dir / "manifest.json").read_text())
    cfg = DVARConfig.from_dict(trained_config(manifest))
    dec = Decoder(cfg.tokenizer, cfg.upscale)
    c, d = cfg.tokenizer.latent_channels, cfg.tokenizer.downsample
    example = (torch.randn(1, c, 2, 3), torch.rand(1, 3, 2 * d // cfg.upscale, 3 * d // cfg.upscale))
    return load_from_graph(dec, pack_dir / manifest["graphs"]["decoder"]["file"], "dec.", example)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--restorer", type=Path, default=None, help="distilled student checkpoint (default: x4plus)")
    add_budget_args(ap, minutes=20)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--hq-size", type=int, default=192)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--edge", type=float, default=0.1)
    ap.add_argument("--adv", type=float, default=0.02)
    ap.add_argument("--adv-start", type=int, default=100)
    ap.add_argument("--detail-levels", type=int, default=0, help="0: loss on the decoder's image itself")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    D.start("cpu")
    mine = D.local_slice(a.batch)  # this rank's crops of each step's global batch
    _, sampler = load_data("realesrgan", a.seed, 1024)
    tokens = PackTokenPath(a.pack, a.threads)
    restorer = load_restorer(a.restorer)
    dec = pack_decoder(a.pack).train()
    disc = PatchDiscriminator()
    gain = [dec.lq_gain]
    rest = [p for p in dec.parameters() if p is not dec.lq_gain]
    opt = torch.optim.Adam([{"params": rest, "lr": a.lr}, {"params": gain, "lr": 10 * a.lr}], betas=(0.9, 0.99))
    dopt = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.9))
    step, elapsed = 0, 0.0
    if a.out.exists():
        ck = torch.load(a.out, map_location="cpu")
        dec.load_state_dict(ck["decoder"]), disc.load_state_dict(ck["disc"])
        opt.load_state_dict(ck["opt"]), dopt.load_state_dict(ck["dopt"])
        step, elapsed = ck["step"], ck.get("elapsed", 0.0)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    D.broadcast_([*dec.parameters(), *disc.parameters()])
    D.barrier()  # every rank has read --out before rank 0 may overwrite it

    def step_fn(step: int, progress: float) -> dict:
        lq, hq = make_items(sampler, (a.hq_size, a.hq_size), step, mine)
        f_hat = torch.from_numpy(np.concatenate([tokens.f_hat(lq[i : i + 1].numpy()) for i in range(len(lq))]))
        guide = restored_guide(restorer, lq) * 2 - 1
        x = hq * 2 - 1
        img = dec(f_hat, lq, up=guide)
        if a.detail_levels:
            img = detail_transfer(img, guide, a.detail_levels)
        l1, edge = (img - x).abs().mean(), edge_loss(img, x)
        adv_on = a.adv > 0 and step >= a.adv_start
        g = -disc(img).mean() if adv_on else torch.zeros(())
        loss = l1 + a.edge * edge + a.adv * g
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(dec.parameters())
        torch.nn.utils.clip_grad_norm_(dec.parameters(), 1.0)
        opt.step()
        if adv_on:
            d_loss = F.relu(1 - disc(x)).mean() + F.relu(1 + disc(img.detach())).mean()
            dopt.zero_grad(set_to_none=True)
            d_loss.backward()
            D.average_gradients(disc.parameters())
            dopt.step()
        return {"l1": l1.detach(), "edge": edge.detach(), "g": g.detach(), "gain": dec.lq_gain.detach().mean()}

    def save_fn(step: int, elapsed: float) -> None:
        save_checkpoint(
            a.out,
            {
                "decoder": dec.state_dict(),
                "disc": disc.state_dict(),
                "opt": opt.state_dict(),
                "dopt": dopt.state_dict(),
                "step": step,
                "elapsed": elapsed,
                "args": {k: str(v) for k, v in vars(a).items()},
            },
        )

    step, _, _ = train_loop(
        step_fn,
        save_fn,
        RunLog(a.out.with_suffix(".jsonl")),
        "decoder",
        step,
        elapsed,
        a.steps or 10**9,
        a.minutes,
        ckpt_minutes=5,
    )
    if D.ranks().main:
        print(f"done: {step} steps")


if __name__ == "__main__":
    main()
