"""Stage 2: prefix convs + condition + transformer (+ text encoder) with DSS (DVAR, CVPR 2026).

Tokenizer and E_dr are frozen. Per batch (one crop size for the whole batch, so one schedule and one
attention mask serve it):
  latent_hq = tokenizer encoder(hq);  latent_lq, features = E_dr(lq)            (no grad)
  r_1 = quantize(latent_lq at scale 1)   (the dynamic start token, as at inference)
  r_2..r_K, inputs x_2..x_K: residual quantization of latent_hq after phi_0(up(E[r_1])) (consistent targets)
  DSS: the tokens of scales 2..K-1 that build later inputs are corrupted (prob --dss-p, neighbour rank
  drawn from that scale's count book) and the teacher-forcing inputs are rebuilt from them.
  --dss-targets recompute (default, Infinity-style "self-correction"): every later target is re-quantized
    from latent_hq minus the *corrupted* f_hat, so the model learns to correct earlier errors.
  --dss-targets gt: keep the clean targets (scheduled sampling; the model learns to ignore the noise).
  loss = cross-entropy over all predicted tokens (scales 2..K, uniform per token);
  DSS.update(scale, target, argmax prediction) for every predicted scale.
Ablations: --no-dss; --fixed-start (scale 1 forced to 1x1 at every size: r_1 = the quantized global mean
of the LQ latent, instead of the rescaled dynamic start; identical at the 128 px base resolution);
--no-size-embed (the condition sees size (0, 0)); --single-size N (all crops N x N). evaluate.py applies
the first two to `restore` as well; packs cannot express them.
Crop sizes (--sizes auto): random_hq_size (128-256 px) on cuda, 96-160 px on cpu (common.resolve_sizes).
With downsample 8 a crop has 4x the paper's tokens (d=16); for larger crops (e.g. --sizes 256-512, ~15k
tokens at 512 px) --attn-gb shrinks the batch so the explicit attention's score maps fit.
Text (config.text): no captions exist for our photos, so every sample gets the empty prompt; the text
path trains only as a constant (CFG would need real prompts).

    python -m dvar.train.stage2_transformer --run runs/default/stage2 --init runs/default/stage1/ckpt.pt --minutes 60
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import torch
import torch.nn.functional as F

from ..model.rope import rope_positions
from ..model.text import encode_prompts
from . import common as C
from . import distributed as D
from .batches import BatchStream
from .dss import DynamicSamplingScheduler
from .evaluate import compare


def teacher_forcing(q, f_hq, f_lq, schedule, corrupt: Callable | None = None, recompute: bool = True):
    """-> (targets of scales 2..K, inputs of scales 2..K), each a list. corrupt(k, idx) -> idx is applied
    to the tokens of scales k = 1..K-2 (0-based) before they are added to f_hat."""
    K = len(schedule)
    if corrupt is None or not recompute:
        d = q.consistent_targets(f_hq, f_lq, schedule)
        if corrupt is None:
            return d["targets"], d["inputs"]
        tokens = [d["r1"]] + [corrupt(k, t) for k, t in enumerate(d["targets"][:-1], start=1)]
        return d["targets"], q.teacher_forcing_inputs(tokens, schedule)
    h1, w1 = schedule[0]
    f_hat = q.add_scale(torch.zeros_like(f_hq), q.quantize_scale(f_lq, h1, w1), h1, w1, q.phi_index[0])
    targets, inputs = [], []
    for k in range(1, K):
        h, w = schedule[k]
        inputs.append(q.next_input(f_hat, h, w))
        targets.append(q.quantize_scale(f_hq - f_hat, h, w))
        if k < K - 1:
            f_hat = q.add_scale(f_hat, corrupt(k, targets[-1]), h, w, q.phi_index[k])
    return targets, inputs


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    C.add_common_args(ap, steps=100_000, minutes=60, lr=4e-4, batch=8)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--no-dss", action="store_true")
    ap.add_argument("--dss-p", type=float, default=0.1, help="DSS mixing ratio p")
    ap.add_argument("--dss-beta", type=float, default=0.99, help="DSS count-book EMA")
    ap.add_argument("--dss-targets", default="recompute", choices=["recompute", "gt"])
    ap.add_argument("--fixed-start", action="store_true")
    ap.add_argument("--no-size-embed", action="store_true")
    ap.add_argument(
        "--attn-gb",
        type=float,
        default=40.0,
        help="shrink the batch of large crops so attention scores stay under ~this many GiB (0: off)",
    )
    ap.add_argument("--single-size", type=int, default=None, help="all crops N x N (overrides --sizes)")
    args = ap.parse_args(argv)
    dev, run, log = C.setup(args)
    if args.single_size:
        args.sizes = str(args.single_size)
    model, resume, parent = C.open_model(args, dev, "stage2")
    cfg, q = model.cfg, model.quantizer
    C.freeze(model)
    trained = [m for m in (model.prefix_conv, model.condition, model.transformer, model.text_encoder) if m is not None]
    for m in trained:
        m.train().requires_grad_(True)
    params = [p for m in trained for p in m.parameters()]
    opt = C.adamw([(params, args.lr)], weight_decay=args.wd, betas=(0.9, 0.95))
    dss = DynamicSamplingScheduler(q.codebook.weight.detach(), model.num_scales, beta=args.dss_beta, mix_p=args.dss_p)
    if resume is not None:
        dss.load_state_dict(resume["dss"])
    rngs = C.Rngs(args.seed, dev)
    step, elapsed = C.restore_training(resume, rngs, opt)
    photos, sampler = C.load_data(args.degradation, args.seed, args.max_side)
    tr = cfg.transformer
    frame, K = tr.rope_frame, model.num_scales

    def schedule_for(H: int, W: int) -> tuple[int, int, list]:
        hl, wl = H // cfg.tokenizer.downsample, W // cfg.tokenizer.downsample
        sched = model.schedule(hl, wl)
        return hl, wl, C.fixed_start_schedule(sched) if args.fixed_start else sched

    def batch_for(size: tuple[int, int]) -> int:
        """Explicit attention keeps ~(layers + 3) score maps of heads x n x n floats per sample."""
        hl, wl, sched = schedule_for(*size)
        n = hl * wl + sum(h * w for h, w in sched[1:])
        per_sample = (tr.layers + 3) * tr.heads * n * n * 4
        return max(1, min(args.batch, int(args.attn_gb * 2**30 // per_sample))) if args.attn_gb else args.batch

    stream = BatchStream(sampler, args.sizes, rngs.sizes, batch_for, step, args.workers)

    corrupt = None if args.no_dss else (lambda k, idx: dss.corrupt(k, idx, rngs.gen))

    def step_fn(step, progress):
        C.set_lr(opt, C.lr_factor(step, progress, args.warmup, args.min_lr_ratio))
        (H, W), lq, hq = stream.get(step)
        hl, wl, sched = schedule_for(H, W)
        B = lq.shape[0]
        lq, hq = lq.to(dev, non_blocking=True), hq.to(dev, non_blocking=True)
        with torch.no_grad():
            f_hq, _ = model.tokenizer.encoder(hq * 2 - 1)
            f_lq, features = model.dr_encoder(lq)
            targets, inputs = teacher_forcing(q, f_hq, f_lq, sched, corrupt, args.dss_targets == "recompute")
        size = torch.tensor([[float(H), float(W)]] * B, device=dev)
        if args.no_size_embed:
            size = torch.zeros_like(size)
        context = text_mask = pooled = None
        if model.text_encoder is not None:
            ids, text_mask = encode_prompts([""] * B, cfg.text.max_tokens)
            text_mask = text_mask.to(dev)
            context, pooled = model.text_encoder(ids.to(dev), text_mask)
        cond = model.condition(size, pooled)
        logits = model.transformer.forward_train(
            model.prefix_conv(features),
            rope_positions(hl, wl, frame),
            inputs,
            [rope_positions(h, w, frame) for h, w in sched[1:]],
            cond,
            context,
            text_mask,
        )
        flat, tgt = torch.cat(logits, 1), torch.cat(targets, 1)
        loss = F.cross_entropy(flat.flatten(0, 1).float(), tgt.flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(params)
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        with torch.no_grad():
            preds = [lg.argmax(-1) for lg in logits]
            if not args.no_dss:
                for k in range(1, K):
                    dss.update(k, targets[k - 1], preds[k - 1])
                D.mean_(dss.counts)  # the count-book EMA is linear: the mean over ranks is the global batch's
            acc = (torch.cat(preds, 1) == tgt).float().mean()
            acc_last = (preds[-1] == targets[-1]).float().mean()
        return dict(
            loss=loss.detach(),
            acc=acc,
            acc_last=acc_last,
            H=H,
            W=W,
            B=B * D.ranks().world,
            dss_rank0=dss.counts[1 : K - 1, 0].mean(),
        )

    def save(step, elapsed, metrics=None):
        C.save_checkpoint(
            run / C.CKPT,
            C.checkpoint_state(
                model,
                "stage2",
                args,
                step,
                elapsed,
                parent,
                metrics,
                optimizers=[opt.state_dict()],
                rng=rngs.state(),
                dss=dss.state_dict(),
            ),
        )

    step, elapsed, _ = C.train_loop(
        step_fn, save, log, "stage2", step, elapsed, args.steps, args.minutes, args.ckpt_minutes, args.log_every
    )
    stream.close()
    model.eval()
    C.apply_ablations(model, vars(args))
    metrics = compare(
        model, C.load_dev(photos, args.degradation, args.dev_limit, (args.dev_size, args.dev_size)), transformer=True
    )
    if args.no_size_embed:  # undo the wrapper so the saved state_dict keeps its keys
        model.condition = model.condition.inner
    for name, m in metrics.items():
        log.log(stage="stage2", event="dev", step=step, method=name, **m)
    save(step, elapsed, metrics)
    return metrics


if __name__ == "__main__":
    main()
