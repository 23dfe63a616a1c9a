"""Stage 1: degradation-robust encoder E_dr (DVAR, CVPR 2026) on (LQ, HQ) pairs; tokenizer frozen.

E_dr starts as a copy of the tokenizer encoder (load_from_tokenizer). Per batch:
  latent_lq = E_dr(lq)                  latent_hq = frozen tokenizer encoder(hq)
  image     = decoder(Q(latent_lq), lq if lq_fusion)
  loss      = L1(image, hq) + edge * Sobel-gradient L1 + latent * MSE(latent_lq, latent_hq)
              + adv * hinge generator loss of a tiny patch discriminator (from --adv-start on)
Q is the frozen multi-scale quantizer with a straight-through gradient to E_dr (--decode quantized,
default): the decoder sees quantized latents at inference, so E_dr learns latents that quantize and
decode well. --decode continuous skips Q (decoder on the raw latent).
Decoder (--decoder): `fusion` (default) trains only the LQ-fusion path (lq_in convs, lq_gain; nothing
if the config has no lq_fusion), leaving the token path as stage 0 trained it, because stage 2's HQ
targets decode through it; `all` fine-tunes the whole decoder; `none` freezes it.
The fusion path starts at zero, so it gets its own, higher LR (--lr-fusion; 10x that for the three
lq_gain scalars, the direct "how much bicubic" knob, which Adam would otherwise move by <= lr per step).
Reports dev PSNR-Y / SSIM-Y / sharpness of the token path (E_dr -> Q -> decoder) versus bicubic.
Stage 3 (--decoder-only, --init a stage-2 checkpoint): the same loop with E_dr frozen, fine-tuning the
decoder for fidelity once the transformer is trained (its inputs and targets do not involve the decoder);
the dev report then includes the full restore.

    python -m dvar.train.stage1_encoder --run runs/default/stage1 --init runs/default/stage0/ckpt.pt --minutes 30
"""

from __future__ import annotations

import argparse

import torch
import torch.nn.functional as F
from torch import nn

from . import common as C
from . import distributed as D
from .batches import BatchStream
from .evaluate import compare


class PatchDiscriminator(nn.Module):
    """Tiny PatchGAN: [B, 3, H, W] in [-1, 1] -> [B, 1, H/8, W/8] real/fake logits."""

    def __init__(self, ch: int = 32):
        super().__init__()
        layers = [nn.Conv2d(3, ch, 4, 2, 1), nn.LeakyReLU(0.2)]
        for i in range(2):
            c_in, c_out = ch * 2**i, ch * 2 ** (i + 1)
            layers += [nn.Conv2d(c_in, c_out, 4, 2, 1), nn.GroupNorm(8, c_out), nn.LeakyReLU(0.2)]
        layers.append(nn.Conv2d(ch * 4, 1, 3, 1, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    C.add_common_args(ap, steps=100_000, minutes=30, lr=1e-4, batch=8)
    ap.add_argument("--decode", default="quantized", choices=["quantized", "continuous"])
    ap.add_argument("--decoder", default="fusion", choices=["fusion", "all", "none"])
    ap.add_argument("--lr-fusion", type=float, default=1e-3)
    ap.add_argument("--latent", type=float, default=1.0, help="weight of the latent MSE to the HQ latent")
    ap.add_argument("--edge", type=float, default=0.2)
    ap.add_argument("--adv", type=float, default=0.02, help="weight of the hinge GAN term (0: off)")
    ap.add_argument("--adv-start", type=int, default=300, help="step at which D and the GAN term start")
    ap.add_argument("--disc-lr", type=float, default=2e-4)
    ap.add_argument(
        "--decoder-only",
        action="store_true",
        help="stage 3: from a stage-2 checkpoint, fine-tune only the decoder (E_dr frozen, so the "
        "transformer's inputs and targets do not change); recorded as 'stage3'",
    )
    args = ap.parse_args(argv)
    stage = "stage3" if args.decoder_only else "stage1"
    dev, run, log = C.setup(args)
    model, resume, parent = C.open_model(args, dev, stage)
    if resume is None and not args.decoder_only:
        model.dr_encoder.load_from_tokenizer(model.tokenizer)
    tok, q, fusion = model.tokenizer, model.quantizer, model.cfg.tokenizer.lq_fusion
    C.freeze(model)
    if not args.decoder_only:
        model.dr_encoder.train().requires_grad_(True)
    dec_params = []
    if args.decoder == "all":
        dec_params = list(tok.decoder.parameters())
    elif args.decoder == "fusion" and fusion:
        dec_params = list(tok.decoder.lq_in.parameters()) + [tok.decoder.lq_gain]
    for p in dec_params:
        p.requires_grad_(True)
    enc_params = [] if args.decoder_only else list(model.dr_encoder.parameters())
    gain = [p for p in dec_params if p is getattr(tok.decoder, "lq_gain", None)]
    dec_rest = [p for p in dec_params if p is not getattr(tok.decoder, "lq_gain", None)]
    dec_lr = args.lr_fusion if args.decoder == "fusion" else args.lr
    opt = C.adamw([(enc_params, args.lr), (dec_rest, dec_lr), (gain, 10 * dec_lr)], weight_decay=0.0, betas=(0.9, 0.99))
    disc = PatchDiscriminator().to(dev)
    dopt = C.adamw([(disc.parameters(), args.disc_lr)], weight_decay=0.0, betas=(0.5, 0.9))
    if resume is not None:
        disc.load_state_dict(resume["disc"])
    D.broadcast_(disc.parameters())
    rngs = C.Rngs(args.seed, dev)
    step, elapsed = C.restore_training(resume, rngs, opt, dopt)
    photos, sampler = C.load_data(args.degradation, args.seed, args.max_side)
    stream = BatchStream(sampler, args.sizes, rngs.sizes, lambda hw: args.batch, step, args.workers)
    params = enc_params + dec_params

    def step_fn(step, progress):
        f = C.lr_factor(step, progress, args.warmup, args.min_lr_ratio)
        C.set_lr(opt, f)
        C.set_lr(dopt, f)
        _, lq, hq = stream.get(step)
        lq, x = lq.to(dev, non_blocking=True), hq.to(dev, non_blocking=True) * 2 - 1
        with torch.no_grad():
            f_hq, _ = tok.encoder(x)
        f_lq, _ = model.dr_encoder(lq)
        f_dec = f_lq
        if args.decode == "quantized":
            with torch.no_grad():
                _, f_hat = q.encode(f_lq.detach(), tok.schedule_for(f_lq))
            f_dec = f_lq + (f_hat - f_lq).detach()  # straight-through
        img = tok.decoder(f_dec, lq if fusion else None)
        l1, lat = (img - x).abs().mean(), F.mse_loss(f_lq, f_hq)
        edge = C.edge_loss(img, x) if args.edge else torch.zeros((), device=dev)
        loss = l1 + args.edge * edge + args.latent * lat
        adv_on = args.adv > 0 and step >= args.adv_start
        g_loss = -disc(img).mean() if adv_on else torch.zeros((), device=dev)
        loss = loss + args.adv * g_loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(params)
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        d_loss = torch.zeros((), device=dev)
        if adv_on:
            d_loss = F.relu(1 - disc(x)).mean() + F.relu(1 + disc(img.detach())).mean()
            dopt.zero_grad(set_to_none=True)  # also drops what the generator term left in D
            d_loss.backward()
            D.average_gradients(disc.parameters())
            dopt.step()
        out = dict(
            loss=loss.detach(), l1=l1.detach(), latent=lat.detach(), edge=edge.detach(), g=g_loss.detach(), d=d_loss.detach()
        )
        if fusion:
            out["lq_gain"] = tok.decoder.lq_gain.detach().mean()
        return out

    def save(step, elapsed, metrics=None):
        C.save_checkpoint(
            run / C.CKPT,
            C.checkpoint_state(
                model,
                stage,
                args,
                step,
                elapsed,
                parent,
                metrics,
                optimizers=[opt.state_dict(), dopt.state_dict()],
                rng=rngs.state(),
                disc=disc.state_dict(),
            ),
        )

    step, elapsed, _ = C.train_loop(
        step_fn, save, log, stage, step, elapsed, args.steps, args.minutes, args.ckpt_minutes, args.log_every
    )
    stream.close()
    model.eval()
    metrics = compare(
        model, C.load_dev(photos, args.degradation, args.dev_limit, (args.dev_size, args.dev_size)), transformer=args.decoder_only
    )
    for name, m in metrics.items():
        log.log(stage=stage, event="dev", step=step, method=name, **m)
    save(step, elapsed, metrics)
    return metrics


if __name__ == "__main__":
    main()
