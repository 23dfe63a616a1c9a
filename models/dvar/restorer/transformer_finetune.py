"""Fine-tunes a restorer pack's transformer (prefix convs and blocks; the size condition stays frozen) on
cached token targets (`dvar.restorer.oracle_targets`), on the CPU, and builds the pack version.

Teacher forcing as in stage 2: the inputs of scales 2..K are the cached f_hat of the target tokens so
far; the loss is the cross-entropy against soft targets, every code weighted by its distance to what the
scale should add (the fitted latent minus f_hat so far, reduced to the scale's grid; `soft_targets`),
or against the hard target tokens with --tau 0. The weights start from the float32 pack the
base pack's int8 transformer was made from (read back from its graphs, `dvar.pack.transformer_weights`;
for the default pack that is fast v0.3.1: `git archive ebaf228 models/packs/fast | tar -x -C DIR`). The
last --val-shards shards are held aside: their loss, and how many of their target tokens the model and
E_dr's own tokens get right, are logged each epoch (the learning curve, `log.jsonl`).

    python -m dvar.restorer.transformer_finetune --float-pack DIR/models/packs/fast --targets runs/oracle-targets/v1 \
        --out runs/transformer-ft/v1 --epochs 8 [--pack-base packs/default --pack-out runs/packs/default-0.8.0 --version 0.8.0]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..model.rope import rope_positions
from ..model.schedule import rescaled_schedule
from ..pack import transformer_pack
from ..pack.pack_weights import pack_codebook
from ..pack.transformer_weights import PackTransformer, load_pack_transformer


def load_shards(folders: list[Path]) -> list[list[dict]]:
    """Every folder's shards, folder by folder in the order given (runs of other seeds add crops)."""
    shards = []
    for folder in folders:
        found = sorted(folder.glob("shard-*.pt"))
        if not found:
            raise FileNotFoundError(f"{folder}: no shard-*.pt (make them with dvar.restorer.oracle_targets)")
        shards += [torch.load(s) for s in found]
    return shards


def batches(records: list[dict], batch: int, rng: np.random.Generator) -> list[list[dict]]:
    """Records of one size share a schedule and an attention mask, so a batch holds one size."""
    by_size = defaultdict(list)
    for r in records:
        by_size[tuple(r["size"])].append(r)
    out = []
    for group in by_size.values():
        order = rng.permutation(len(group))
        out += [[group[i] for i in order[j : j + batch]] for j in range(0, len(group), batch)]
    return [out[i] for i in rng.permutation(len(out))]


def forward(m: PackTransformer, recs: list[dict], inputs_key: str = "inputs") -> tuple[torch.Tensor, list[int]]:
    """-> (logits [B, n, V] over scales 2..K, the scale lengths)."""
    cfg = m.cfg
    H, W = recs[0]["size"]
    hl, wl = H // cfg.tokenizer.downsample, W // cfg.tokenizer.downsample
    sched = rescaled_schedule(hl, wl, cfg.canonical_scales)
    lens = [h * w for h, w in sched[1:]]
    frame = cfg.transformer.rope_frame
    features = torch.stack([r["features"].float() for r in recs])
    inputs = torch.stack([r[inputs_key].float() for r in recs]).split(lens, dim=1)
    with torch.no_grad():
        cond = m.cond(torch.tensor([[float(H), float(W)]] * len(recs)))
    prefix = m.conv(features)
    logits = m.tr.forward_train(
        prefix, rope_positions(hl, wl, frame), list(inputs), [rope_positions(h, w, frame) for h, w in sched[1:]], cond
    )
    return torch.cat(logits, 1), lens


def soft_targets(residuals: torch.Tensor, codebook: torch.Tensor, tau: float) -> torch.Tensor:
    """[..., C] residuals -> [..., V]: every code weighted by how close it is to what the scale should add,
    exp(−distance² / tau). Many token sets give nearly the same f_hat, and a fitted latent's tokens
    change with the slightest move (residual quantization cascades over the scales), so the hard token
    is a noisy target and its neighbours in the codebook are almost as good."""
    d = (residuals.pow(2).sum(-1, keepdim=True) - 2 * residuals @ codebook.T + codebook.pow(2).sum(-1)).clamp_min(0)
    return torch.softmax(-d / tau, dim=-1)


def target_loss(logits: torch.Tensor, recs: list[dict], codebook: torch.Tensor, tau: float) -> torch.Tensor:
    """Cross-entropy against the soft targets (tau > 0) or the hard tokens (tau = 0), mean over tokens."""
    if tau <= 0:
        target = torch.stack([r["targets"].long() for r in recs])
        return F.cross_entropy(logits.flatten(0, 1), target.flatten())
    p = soft_targets(torch.stack([r["residuals"].float() for r in recs]), codebook, tau)
    return -(p * torch.log_softmax(logits, -1)).sum(-1).mean()


@torch.no_grad()
def evaluate(m: PackTransformer, records: list[dict], codebook: torch.Tensor, tau: float) -> dict:
    """Loss, how often the argmax is the target token (and E_dr's own token is), and how far the chosen
    code lies from what the scale should add, against the nearest code's distance."""
    m.eval()
    loss = correct = edr_correct = dist = best = n = 0.0
    for r in records:
        logits, _ = forward(m, [r])
        target = r["targets"].long()
        loss += target_loss(logits, [r], codebook, tau).item() * target.numel()
        chosen = logits[0].argmax(-1)
        correct += (chosen == target).sum().item()
        edr_correct += (r["edr_targets"].long() == target).sum().item()
        res = r["residuals"].float()
        dist += (codebook[chosen] - res).pow(2).sum(-1).sum().item()
        best += (codebook[target] - res).pow(2).sum(-1).sum().item()
        n += target.numel()
    m.train()
    return {
        "val_loss": loss / n,
        "val_acc": correct / n,
        "val_acc_edr": edr_correct / n,
        "val_dist": dist / n,
        "val_dist_best": best / n,
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--float-pack", type=Path, required=True)
    ap.add_argument("--targets", type=Path, nargs="+", required=True, help="folders of shards; the last shards are held aside")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument(
        "--tau", type=float, default=0.01, help="soft targets' temperature on squared code distances (0: the hard tokens)"
    )
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--val-shards", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pack-base", type=Path, default=None, help="the int8 pack to build a version of")
    ap.add_argument("--pack-out", type=Path, default=None)
    ap.add_argument("--version", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    shards = load_shards(a.targets)
    if len(shards) <= a.val_shards:
        raise ValueError(f"{len(shards)} shards, none left to train on after {a.val_shards} held aside")
    train = [r for s in shards[: -a.val_shards or None] for r in s]
    val = [r for s in shards[len(shards) - a.val_shards :] for r in s] if a.val_shards else []
    m = load_pack_transformer(a.float_pack).train()
    codebook = pack_codebook(a.float_pack)
    m.cond.requires_grad_(False)
    params = [p for mod in (m.conv, m.tr) for p in mod.parameters()]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=a.wd, betas=(0.9, 0.95))
    plan = [batches(train, a.batch, rng) for _ in range(a.epochs)]
    total, step = sum(len(p) for p in plan), 0
    a.out.mkdir(parents=True, exist_ok=True)
    log = (a.out / "log.jsonl").open("a")

    def record(row: dict) -> None:
        log.write(json.dumps(row) + "\n")
        log.flush()
        print(row, flush=True)

    record({"epoch": 0, "step": 0, **(evaluate(m, val, codebook, a.tau) if val else {})})
    started = time.perf_counter()
    for epoch, epoch_batches in enumerate(plan, start=1):
        losses = []
        for recs in epoch_batches:
            for group in opt.param_groups:  # cosine to a tenth
                group["lr"] = a.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * step / total)))
            logits, _ = forward(m, recs)
            loss = target_loss(logits, recs, codebook, a.tau)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            losses.append(loss.item())
            step += 1
        row = {
            "epoch": epoch,
            "step": step,
            "train_loss": float(np.mean(losses)),
            "seconds": round(time.perf_counter() - started),
        }
        record({**row, **(evaluate(m, val, codebook, a.tau) if val else {})})
    torch.save({"state": m.state_dict(), "args": {k: str(v) for k, v in vars(a).items()}, "steps": step}, a.out / "ckpt.pt")
    if a.pack_out:
        training = {
            "generator": "models/dvar/restorer/transformer_finetune.py",
            "targets": [str(t) for t in a.targets],
            "crops": len(train),
            "steps": step,
            "args": {k: str(v) for k, v in vars(a).items()},
        }
        transformer_pack.build(m.eval(), a.pack_base, a.pack_out, a.version, training)
        print(f"pack: {a.pack_out}", flush=True)
    return {"steps": step}


if __name__ == "__main__":
    main()
