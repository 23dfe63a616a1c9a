"""Stage 0: train the VQ tokenizer (encoder, multi-scale residual quantizer, decoder) from scratch on HQ crops.

loss = L1 + MSE (images in [-1, 1]) + vq_loss (VAR: codebook + 0.25 commitment, mean over scales)
       + edge * L1 between Sobel gradients of the luma (replaces LPIPS, which cannot be downloaded here;
       it penalises blurred edges, which L1/MSE average away).
Dead-code restarts (--restart-every N, 0: off): VAR's tiny codebook init collapses to a few % of the
codes in a short CPU run; every N steps, codes unused in those N steps are reset to random residual
vectors the quantizer has just seen (area-downsampled f - f_hat, any scale). Stops at 80% of the budget
so the decoder adapts to the final codebook.
Each batch shares one random crop size, and the quantizer runs on that size's rescaled schedule, so the
codebook and the phi convs see every (h_k, w_k) the later stages will use. The decoder's LQ-fusion path
(if configured) stays at its zero init (pure token path); stage 1 trains it. Reports dev PSNR-Y of the
decoded continuous latent versus the decoded quantized latent.

    python -m dvar.train.stage0_tokenizer --run runs/default/stage0 --preset default --minutes 30
"""

from __future__ import annotations

import argparse

import torch
import torch.nn.functional as F

from . import common as C
from . import distributed as D
from .batches import BatchStream
from .evaluate import psnr_y


@torch.no_grad()
def dev_report(model, pairs, dev) -> dict:
    tok = model.tokenizer.eval()
    cont, quant, used = [], [], set()
    for _, hq in pairs:
        latent, _ = tok.encoder(hq.to(dev) * 2 - 1)
        idx, f_hat = tok.quantizer.encode(latent, tok.schedule_for(latent))
        used.update(torch.cat([i.reshape(-1) for i in idx]).tolist())
        cont.append(psnr_y(((tok.decoder(latent) + 1) / 2).clamp(0, 1).cpu(), hq))
        quant.append(psnr_y(((tok.decoder(f_hat) + 1) / 2).clamp(0, 1).cpu(), hq))
    tok.train()
    n = max(1, len(pairs))
    return dict(
        psnr_y_continuous=sum(cont) / n,
        psnr_y_quantized=sum(quant) / n,
        codebook_used=len(used) / tok.cfg.codebook_size,
        pairs=len(pairs),
    )


@torch.no_grad()
def usage_and_residuals(q, latent, schedule) -> tuple[torch.Tensor, torch.Tensor]:
    """(code counts [V], residual vectors [n, C]) of the residual quantization of `latent`."""
    f_hat, counts, pool = torch.zeros_like(latent), torch.zeros(q.V, device=latent.device), []
    for k, (h, w) in enumerate(schedule):
        pool.append(q.next_input(latent - f_hat, h, w).reshape(-1, q.C))
        idx = q.quantize_scale(latent - f_hat, h, w)
        counts += torch.bincount(idx.reshape(-1), minlength=q.V)
        f_hat = q.add_scale(f_hat, idx, h, w, q.phi_index[k])
    return counts, torch.cat(pool)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    C.add_common_args(ap, steps=100_000, minutes=30, lr=4e-4, batch=8, degradation="bicubic")
    ap.add_argument("--mse", type=float, default=1.0, help="weight of the MSE term")
    ap.add_argument("--edge", type=float, default=0.2, help="weight of the Sobel-gradient L1 term")
    ap.add_argument("--restart-every", type=int, default=50, help="dead-code restart interval in steps (0: off)")
    args = ap.parse_args(argv)
    dev, run, log = C.setup(args)
    model, resume, parent = C.open_model(args, dev, "stage0")
    tok = model.tokenizer
    for name, p in model.named_parameters():  # tokenizer only, and not the decoder's LQ-fusion path
        p.requires_grad_(name.startswith("tokenizer.") and ".lq_" not in name)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = C.adamw([(params, args.lr)], weight_decay=0.0, betas=(0.9, 0.99))
    rngs = C.Rngs(args.seed, dev)
    step, elapsed = C.restore_training(resume, rngs, opt)
    photos, sampler = C.load_data(args.degradation, args.seed, args.max_side)
    stream = BatchStream(sampler, args.sizes, rngs.sizes, lambda hw: args.batch, step, args.workers)
    tok.train()
    q, counts = tok.quantizer, torch.zeros(tok.cfg.codebook_size, device=dev)

    def step_fn(step, progress):
        C.set_lr(opt, C.lr_factor(step, progress, args.warmup, args.min_lr_ratio))
        _, _, hq = stream.get(step)
        x = hq.to(dev, non_blocking=True) * 2 - 1
        latent, _ = tok.encoder(x)  # VQTokenizer.forward, unrolled to keep the latent
        sched = tok.schedule_for(latent)
        f_st, vq_loss, stats = q(latent, sched)
        recon = tok.decoder(f_st)
        l1, mse = (recon - x).abs().mean(), F.mse_loss(recon, x)
        edge = C.edge_loss(recon, x) if args.edge else torch.zeros((), device=dev)
        loss = l1 + args.mse * mse + vq_loss + args.edge * edge
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(params)
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        out = dict(
            loss=loss.detach(),
            l1=l1.detach(),
            vq=vq_loss.detach(),
            edge=edge.detach(),
            q_mse=stats["mse_per_scale"][-1],
            usage=stats["codebook_usage"],
        )
        if args.restart_every and progress < 0.8:
            with torch.no_grad():
                c, pool = usage_and_residuals(q, latent.detach(), sched)
                counts.add_(c)
                if (step + 1) % args.restart_every == 0:
                    D.mean_(counts)  # dead means unused on every rank
                    dead = (counts == 0).nonzero().squeeze(1)
                    pick = torch.randint(len(pool), (len(dead),), generator=rngs.gen, device=dev)
                    q.codebook.weight[dead] = pool[pick]
                    D.broadcast_([q.codebook.weight])  # rank 0's residuals replace them everywhere
                    counts.zero_()
                    out["restarted"] = len(dead)
        return out

    def save(step, elapsed, metrics=None):
        C.save_checkpoint(
            run / C.CKPT,
            C.checkpoint_state(
                model, "stage0", args, step, elapsed, parent, metrics, optimizers=[opt.state_dict()], rng=rngs.state()
            ),
        )

    step, elapsed, _ = C.train_loop(
        step_fn, save, log, "stage0", step, elapsed, args.steps, args.minutes, args.ckpt_minutes, args.log_every
    )
    stream.close()
    metrics = dev_report(model, C.load_dev(photos, args.degradation, args.dev_limit, (args.dev_size, args.dev_size)), dev)
    log.log(stage="stage0", event="dev", step=step, **metrics)
    save(step, elapsed, metrics)
    return metrics


if __name__ == "__main__":
    main()
