"""Fine-tunes a restorer pack's transformer through the pack's own tail: the tokens it chooses are scored
by the image they give, on the CPU, and the pack version is built from the result.

Why not token targets: the shipped transformer learned the tokenizer's tokens of HQ crops and now does no
better than E_dr's own tokens, while tokens fitted to the truth through the decoder and finish would add
+1.1 dB PSNR-Y (bench/results/token-ceiling.md). Those fitted tokens are a poor target to learn (a latent
moved by a hair changes most of its tokens: residual quantization cascades over the scales; a trial on
cached fitted tokens learned little, bench/results/token-ceiling.md), so here the transformer learns what the
fit does, amortised over crops: per batch of same-size training crops (cached once: E_dr's features and
start token, the LQ, the restorer's image, the HQ; `e2e_crops`),
  1. greedy rollout of the current model, scale by scale, as the engine runs it (no gradient): its tokens;
  2. one teacher-forced pass on the inputs those tokens make; each scale's choice enters f_hat as the
     chosen code in the forward pass and as the softmax's expected code in the backward pass (straight
     through), so the forward image is the rollout's own;
  3. f_hat -> the pack's decoder (frozen) with the restored image -> the engine's finish (detail transfer,
     luma detail gain, guard; `token_fit.PackFinish`) -> squared error to the HQ crop in luma (PSNR-Y's).
The held-out crops' PSNR-Y after a greedy rollout is logged each epoch beside E_dr's tokens' and the
starting model's (the learning curve, `log.jsonl`); the best epoch on them is kept (`ckpt.pt`) and built,
and none is when no epoch beat the starting weights. Weights start from the float32 pack the base pack's
int8 transformer was made from (default pack: fast v0.3.1, `git archive ebaf228 models/packs/fast`).

    python -m dvar.restorer.transformer_e2e --pack packs/default --float-pack DIR/models/packs/fast \
        --crops 600 --cache runs/e2e/crops.pt --out runs/e2e/v1 --epochs 4 \
        [--pack-out runs/packs/default-0.8.0 --version 0.8.0]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from ..model.resample import bicubic_matrix, resize2d
from ..model.rope import rope_positions
from ..model.schedule import rescaled_schedule
from ..pack import transformer_pack
from ..pack.transformer_weights import PackTransformer, load_pack_transformer
from .e2e_crops import batches, make_crops, stack
from .token_fit import Tail, luma_error


def schedule_of(m: PackTransformer, size: tuple[int, int]) -> tuple[int, int, list]:
    d = m.cfg.tokenizer.downsample
    hl, wl = size[0] // d, size[1] // d
    return hl, wl, rescaled_schedule(hl, wl, m.cfg.canonical_scales)


def _cond(m: PackTransformer, size: tuple[int, int], batch: int) -> torch.Tensor:
    with torch.no_grad():
        return m.cond(torch.tensor([[float(size[0]), float(size[1])]] * batch))


@torch.no_grad()
def rollout(m: PackTransformer, recs: list[dict]) -> list[torch.Tensor]:
    """Greedy tokens of every scale as the engine chooses them (scale 1: E_dr's start token)."""
    size, B = recs[0]["size"], len(recs)
    hl, wl, sched = schedule_of(m, size)
    frame, q = m.cfg.transformer.rope_frame, m.q
    cond = _cond(m, size, B)
    past_k, past_v = m.tr.prefix_kv(m.conv(stack(recs, "features")), rope_positions(hl, wl, frame), cond)
    tokens = [torch.stack([r["edr_tokens"][0] for r in recs])]
    f_hat = q.add_scale(torch.zeros(B, q.C, hl, wl), tokens[0], *sched[0], q.phi_index[0])
    for k in range(1, len(sched)):
        h, w = sched[k]
        logits, k_new, v_new = m.tr.step(
            q.next_input(f_hat, h, w), torch.tensor([k]), rope_positions(h, w, frame), cond, past_k, past_v
        )
        if m.cfg.transformer.attention == "block_causal":
            past_k, past_v = torch.cat([past_k, k_new], 3), torch.cat([past_v, v_new], 3)
        tokens.append(logits.argmax(-1))
        f_hat = q.add_scale(f_hat, tokens[-1], h, w, q.phi_index[k])
    return tokens


def straight_through_fhat(
    m: PackTransformer, tokens: list[torch.Tensor], logits: list[torch.Tensor], sched: list
) -> torch.Tensor:
    """f_hat of `tokens`, with the gradient of each scale k >= 2 flowing into its logits through the
    softmax's expected code (the forward value is the tokens' own f_hat)."""
    q = m.q
    hl, wl = sched[-1]
    codebook = q.codebook.weight
    f_hat = q.add_scale(torch.zeros(tokens[0].shape[0], q.C, hl, wl), tokens[0], *sched[0], q.phi_index[0])
    for k, (lg, idx) in enumerate(zip(logits, tokens[1:]), start=1):
        h, w = sched[k]
        p = torch.softmax(lg, -1)
        y = torch.nn.functional.one_hot(idx, p.shape[-1]).to(p.dtype) + p - p.detach()
        e = (y @ codebook).reshape(-1, h, w, q.C).permute(0, 3, 1, 2)
        if (h, w) != (hl, wl):
            e = resize2d(e, bicubic_matrix(hl, h), bicubic_matrix(wl, w))
        f_hat = f_hat + q.phi(e, q.phi_index[k])
    return f_hat


def train_step(m: PackTransformer, tail: Tail, recs: list[dict]) -> torch.Tensor:
    size, B = recs[0]["size"], len(recs)
    hl, wl, sched = schedule_of(m, size)
    frame = m.cfg.transformer.rope_frame
    tokens = rollout(m, recs)
    with torch.no_grad():
        inputs = m.q.teacher_forcing_inputs(tokens, sched)
    logits = m.tr.forward_train(
        m.conv(stack(recs, "features")),
        rope_positions(hl, wl, frame),
        inputs,
        [rope_positions(h, w, frame) for h, w in sched[1:]],
        _cond(m, size, B),
    )
    f_hat = straight_through_fhat(m, tokens, logits, sched)
    return luma_error(tail(f_hat, stack(recs, "lq"), stack(recs, "restored")), stack(recs, "hq")).mean()


def psnr_from(mse: torch.Tensor) -> torch.Tensor:
    """PSNR of luma in [0, 1] as PSNR-Y reads 8-bit luma (the scale cancels)."""
    return 10 * torch.log10(1.0 / mse.clamp_min(1e-12))


@torch.no_grad()
def evaluate(m: PackTransformer, tail: Tail, crops: list[dict]) -> dict:
    """Mean PSNR-Y of the held-out crops after the model's greedy rollout, and after E_dr's tokens."""
    m.eval()
    ours, edr = [], []
    for r in crops:
        _, _, sched = schedule_of(m, r["size"])
        args = (stack([r], "lq"), stack([r], "restored"))
        for tokens, into in ((rollout(m, [r]), ours), ([t[None] for t in r["edr_tokens"]], edr)):
            f_hat = m.q.indices_to_fhat(tokens, sched)
            into.append(psnr_from(luma_error(tail(f_hat, *args), stack([r], "hq")))[0].item())
    m.train()
    return {"val_psnr_y": float(np.mean(ours)), "val_psnr_y_edr": float(np.mean(edr))}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True, help="the int8 restorer pack (its encoder, restorer, decoder)")
    ap.add_argument("--float-pack", type=Path, required=True, help="the float32 pack its transformer was made from")
    ap.add_argument("--crops", type=int, default=600, help="training crops per cache file made")
    ap.add_argument("--val", type=int, default=48, help="crops held aside for the learning curve")
    ap.add_argument(
        "--cache",
        type=Path,
        nargs="+",
        required=True,
        help="crop files, each read if it exists and made if not (the held-out crops come first)",
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seed", type=int, default=11, help="the training-photo sampler's seed (not a dev list's)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pack-out", type=Path, default=None)
    ap.add_argument("--version", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    crops = []
    for i, cache in enumerate(a.cache):  # the i-th file's crops are drawn with seed + i
        if not cache.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            torch.save(make_crops(a.pack, a.crops + (a.val if i == 0 else 0), a.seed + i, a.threads), cache)
        crops += torch.load(cache)
    train, val = crops[a.val :], crops[: a.val]
    m = load_pack_transformer(a.float_pack).train()
    for frozen in (m.cond, m.q):
        frozen.requires_grad_(False)
    tail = Tail.of_pack(a.pack)
    params = [p for mod in (m.conv, m.tr) for p in mod.parameters()]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=a.wd, betas=(0.9, 0.95))
    rng = np.random.default_rng(a.seed)
    plan = [batches(train, a.batch, rng) for _ in range(a.epochs)]
    total, step = sum(len(p) for p in plan), 0
    a.out.mkdir(parents=True, exist_ok=True)
    log = (a.out / "log.jsonl").open("a")

    def record(row: dict) -> None:
        log.write(json.dumps(row) + "\n")
        log.flush()
        print(row, flush=True)

    first = evaluate(m, tail, val) if val else {}
    record({"epoch": 0, "step": 0, **first})
    best = (first.get("val_psnr_y", -np.inf), 0)
    started = time.perf_counter()
    for epoch, epoch_batches in enumerate(plan, start=1):
        losses = []
        for recs in epoch_batches:
            for group in opt.param_groups:  # cosine to a tenth
                group["lr"] = a.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * step / total)))
            loss = train_step(m, tail, recs)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            losses.append(loss.item())
            step += 1
        scores = evaluate(m, tail, val) if val else {}
        row = {
            "epoch": epoch,
            "step": step,
            "train_psnr_y": float(psnr_from(torch.tensor(np.mean(losses)))),
            "seconds": round(time.perf_counter() - started),
        }
        record({**row, **scores})
        if not val or scores["val_psnr_y"] > best[0]:  # the held-out crops choose the epoch (never a dev list)
            best = (scores.get("val_psnr_y", np.inf), epoch)
            torch.save(
                {"state": m.state_dict(), "args": {k: str(v) for k, v in vars(a).items()}, "steps": step, "epoch": epoch},
                a.out / "ckpt.pt",
            )
    if best[1] == 0:
        print("no epoch beat the starting weights on the held-out crops; nothing to build", flush=True)
        return {"steps": step, "epoch": 0}
    m.load_state_dict(torch.load(a.out / "ckpt.pt")["state"])
    if a.pack_out:
        training = {
            "generator": "models/dvar/restorer/transformer_e2e.py",
            "crops": len(train),
            "epoch": best[1],
            "val_psnr_y": {"start": first.get("val_psnr_y"), "chosen": best[0], "edr_tokens": first.get("val_psnr_y_edr")},
            "args": {k: str(v) for k, v in vars(a).items()},
        }
        transformer_pack.build(m.eval(), a.pack, a.pack_out, a.version, training)
        print(f"pack: {a.pack_out}", flush=True)
    return {"steps": step, "epoch": best[1]}


if __name__ == "__main__":
    main()
