"""Plumbing shared by the training stages: arguments, device, seeds, data, checkpoints, LR, the loop.

Run folder (--run): ckpt.pt (atomic, resumable) and log.jsonl (one JSON record per logged step/event).
If ckpt.pt exists the stage resumes from it (model, optimizer, step, elapsed time, RNGs, DSS, ...);
otherwise it starts from --init (the previous stage's checkpoint) or, for stage 0, from --preset.

Every checkpoint holds the whole DVAR state_dict plus `config`, `seed`, `training` (the arguments of
every stage so far) and `metrics` (every stage's dev numbers), so the last one is what export reads.

Budget: a stage stops after --steps steps or --minutes minutes (wall time, summed over resumes),
whichever comes first. The cosine LR follows progress = max(step/steps, elapsed/minutes), so a
time-limited run still ends its schedule at the minimum LR.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import torch
from torch import nn

from ..config import DVARConfig
from ..model import DVAR
from .presets import get_preset

CKPT = "ckpt.pt"


# ---- arguments, device, seeds -----------------------------------------------------------------------

def add_common_args(ap: argparse.ArgumentParser, *, steps: int, minutes: float, lr: float, batch: int,
                    sizes: str = "auto", degradation: str = "realesrgan", warmup: int = 100) -> None:
    a = ap.add_argument
    a("--run", required=True, help="run folder (ckpt.pt, log.jsonl); resumes if ckpt.pt exists")
    a("--init", default=None, help="checkpoint of the previous stage")
    a("--preset", default="default", help="model preset when starting from scratch (presets.py)")
    a("--device", default="auto", choices=["auto", "cpu", "cuda"])
    a("--threads", type=int, default=None, help="torch threads (default 2 on cpu)")
    a("--seed", type=int, default=0)
    a("--steps", type=int, default=steps)
    a("--minutes", type=float, default=minutes, help="wall-time budget, summed over resumes")
    a("--ckpt-minutes", type=float, default=10.0, help="checkpoint interval")
    a("--log-every", type=int, default=10)
    a("--batch", type=int, default=batch)
    a("--lr", type=float, default=lr)
    a("--warmup", type=int, default=warmup)
    a("--min-lr-ratio", type=float, default=0.1)
    a("--sizes", default=sizes, help="HQ crop sizes per batch: 'random' (random_hq_size: sides 128-256), "
                                      "LO-HI (each side a random multiple of 32 in [LO, HI]), N (N x N), "
                                      "or 'auto' (random on cuda, 96-160 on cpu)")
    a("--degradation", default=degradation, choices=["realesrgan", "bicubic"])
    a("--max-side", type=int, default=1024, help="PairSampler: photos are first resized to this side")
    a("--dev-limit", type=int, default=8, help="dev pairs evaluated at the end of the stage (0: all)")
    a("--workers", type=int, default=0, help="processes that degrade the next batches ahead (batches.py; 0: inline)")


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def setup(args) -> tuple[torch.device, Path, "RunLog"]:
    """Device, threads, seeds, run folder, log; resolves --sizes auto."""
    dev = pick_device(args.device)
    args.sizes = resolve_sizes(args.sizes, dev)
    threads = args.threads or (2 if dev.type == "cpu" else None)
    if threads:
        torch.set_num_threads(threads)
    if dev.type == "cuda":
        torch.set_float32_matmul_precision("high")  # TF32 matmuls for training; evaluation stays fp32
    seed_all(args.seed)
    run = Path(args.run)
    run.mkdir(parents=True, exist_ok=True)
    return dev, run, RunLog(run / "log.jsonl")


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


class Rngs:
    """The stage's own random streams: crop sizes (numpy) and on-device draws (DSS corruption)."""

    def __init__(self, seed: int, device: torch.device):
        self.sizes = np.random.default_rng(seed)
        self.gen = torch.Generator(device=device).manual_seed(seed)

    def state(self) -> dict:
        s = dict(torch=torch.get_rng_state(), python=random.getstate(), numpy=np.random.get_state(),
                 sizes=self.sizes.bit_generator.state, gen=self.gen.get_state())
        if torch.cuda.is_available():
            s["cuda"] = torch.cuda.get_rng_state_all()
        return s

    def load(self, s: dict) -> None:
        torch.set_rng_state(s["torch"])
        random.setstate(s["python"])
        np.random.set_state(s["numpy"])
        self.sizes.bit_generator.state = s["sizes"]
        self.gen.set_state(s["gen"])
        if "cuda" in s and torch.cuda.is_available() and len(s["cuda"]) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(s["cuda"])


# ---- data (the dvar.data API; tests monkeypatch these two functions) -----------------------------------

def load_data(degradation: str, seed: int, max_side: int):
    """-> (PhotoSet, PairSampler). Stages call sampler.sample(B, size, step=step): the batch depends only
    on (seed, step, size), so a resumed run sees the same data as an uninterrupted one."""
    from ..data.pairs import PairSampler
    from ..data.photos import ensure_photos
    photos = ensure_photos()
    return photos, PairSampler(photos, seed, degradation=degradation, scale=4, max_side=max_side)


def load_dev(photos, degradation: str, limit: int = 0, hq_size=(256, 256)) -> list:
    """Fixed dev pairs [(lq [1,3,h,w], hq [1,3,H,W])], the first `limit` of them (0: all)."""
    from ..data.pairs import dev_pairs
    pairs = dev_pairs(photos, degradation, seed=0, hq_size=hq_size, crops_per_photo=2)
    return pairs[:limit] if limit else pairs


def sample_size(spec: str, rng: np.random.Generator) -> tuple[int, int]:
    """HQ crop size (H, W) for one batch from --sizes, via dvar.data.pairs.random_hq_size."""
    from ..data.pairs import random_hq_size
    if spec == "random":
        return random_hq_size(rng)
    if "-" in spec:
        lo, hi = (int(s) for s in spec.split("-"))
        sides = list(range(-(-lo // 32) * 32, hi + 1, 32))
        if not sides:
            raise ValueError(f"--sizes {spec}: no multiple of 32 in range")
        return random_hq_size(rng, sides)
    return int(spec), int(spec)


def resolve_sizes(spec: str, device: torch.device) -> str:
    """'auto': the data module's sizes (HQ_SIDES, 128-256 px) on cuda; 96-160 px on the CPU, where
    a 256 px crop costs ~10x a 128 px one in stage 2 (attention over ~3.7k instead of ~0.9k tokens)."""
    if spec != "auto":
        return spec
    return "random" if device.type == "cuda" else "96-160"


# ---- model and checkpoints ----------------------------------------------------------------------------

def load_checkpoint(path, device="cpu") -> dict:
    return torch.load(path, map_location=device, weights_only=False)


def save_checkpoint(path: Path, state: dict) -> None:
    """Atomic: write a temporary file, fsync, rename over the old checkpoint."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        torch.save(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def open_model(args, device: torch.device, stage: str) -> tuple[DVAR, Optional[dict], dict]:
    """-> (model on device, resume checkpoint or None, parent checkpoint: run ckpt, --init or {}).

    Resume beats --init; stage 0 may start from the preset, later stages need --init."""
    path = Path(args.run) / CKPT
    if path.exists():
        ckpt = load_checkpoint(path)
        parent, resume = ckpt, ckpt
    elif args.init:
        parent, resume = load_checkpoint(args.init), None
    elif stage == "stage0":
        parent, resume = {}, None
    else:
        raise SystemExit(f"{stage}: pass --init CKPT (the previous stage's checkpoint)")
    cfg = DVARConfig.from_dict(parent["config"]) if parent else get_preset(args.preset)
    model = DVAR(cfg)
    if parent:
        model.load_state_dict(parent["model"])
    return model.to(device), resume, parent


def checkpoint_state(model: DVAR, stage: str, args, step: int, elapsed: float, parent: dict,
                     metrics: Optional[dict] = None, **extra) -> dict:
    """A full checkpoint; `training` and `metrics` accumulate over stages."""
    training = dict(parent.get("training", {}))
    training[stage] = {**vars(args), "step": step, "minutes": elapsed / 60}
    all_metrics = dict(parent.get("metrics", {}))
    if metrics:
        all_metrics[stage] = metrics
    return dict(config=model.cfg.to_dict(), model=model.state_dict(), seed=args.seed, stage=stage,
                step=step, elapsed=elapsed, training=training, metrics=all_metrics, **extra)


def freeze(module: Optional[nn.Module]) -> None:
    if module is not None:
        module.eval()
        for p in module.parameters():
            p.requires_grad_(False)


def adamw(param_lrs: list, weight_decay: float, betas=(0.9, 0.95)) -> torch.optim.AdamW:
    """param_lrs: [(params, base_lr), ...]. nanoGPT grouping: weight decay on matrices, conv kernels and
    embeddings (dim >= 2), none on biases, norms and gains. Frozen parameters are skipped."""
    groups = []
    for params, lr in param_lrs:
        params = [p for p in params if p.requires_grad]
        groups += [dict(params=[p for p in params if p.dim() >= 2], weight_decay=weight_decay, lr=lr, base_lr=lr),
                   dict(params=[p for p in params if p.dim() < 2], weight_decay=0.0, lr=lr, base_lr=lr)]
    return torch.optim.AdamW([g for g in groups if g["params"]], betas=betas)


# ---- LR, logging, loop ----------------------------------------------------------------------------------

def lr_factor(step: int, progress: float, warmup: int, min_ratio: float) -> float:
    """Linear warmup over `warmup` steps, then cosine from 1 to min_ratio over progress in [0, 1]."""
    warm = min(1.0, (step + 1) / max(1, warmup))
    return warm * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def set_lr(opt: torch.optim.Optimizer, factor: float) -> None:
    """lr = base_lr * factor per group (a resumed optimizer keeps the base LRs it was created with)."""
    for g in opt.param_groups:
        g["lr"] = g["base_lr"] * factor


class RunLog:
    """Prints records and appends them to a JSONL file."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def log(self, **rec) -> dict:
        rec = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), **rec}
        print(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in rec.items()
                       if not isinstance(v, (dict, list))), flush=True)
        with open(self.path, "a") as f:
            f.write(json.dumps(rec) + "\n")
        return rec


def train_loop(step_fn: Callable[[int, float], dict], save_fn: Callable[[int, float], None], log: RunLog,
               stage: str, step: int, elapsed: float, steps: int, minutes: float,
               ckpt_minutes: float = 10.0, log_every: int = 10) -> tuple[int, float, dict]:
    """Run step_fn(step, progress) -> {name: scalar tensor or float} until the budget is spent.

    Scalars are read (a GPU sync) only on logged steps. Checkpoints every ckpt_minutes and at the end.
    Returns (step, elapsed seconds, last logged record)."""
    t0 = time.monotonic() - elapsed
    last_save = t_log = time.monotonic()
    n_log, rec = 0, {}
    budget = minutes * 60
    while step < steps and time.monotonic() - t0 < budget:
        progress = max(step / max(1, steps), (time.monotonic() - t0) / budget)
        out = step_fn(step, progress)
        step, n_log = step + 1, n_log + 1
        done = step >= steps or time.monotonic() - t0 >= budget
        if step % log_every == 0 or step == 1 or done:
            now = time.monotonic()
            vals = {k: float(v) for k, v in out.items()}
            rec = log.log(stage=stage, step=step, s_per_step=(now - t_log) / n_log,
                          minutes=(now - t0) / 60, **vals)
            t_log, n_log = now, 0
            if not all(math.isfinite(v) for v in vals.values()):  # keep the last good checkpoint
                raise FloatingPointError(f"{stage}: non-finite value at step {step}: {vals}")
        if time.monotonic() - last_save >= ckpt_minutes * 60:
            save_fn(step, time.monotonic() - t0)
            last_save = time.monotonic()
    elapsed = time.monotonic() - t0
    save_fn(step, elapsed)
    return step, elapsed, rec


def sobel(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """[B, 1, H, W] -> (gx, gy), valid convolution, kernel normalised by 8."""
    k = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], dtype=y.dtype, device=y.device) / 8
    gx = torch.nn.functional.conv2d(y, k.view(1, 1, 3, 3))
    gy = torch.nn.functional.conv2d(y, k.t().reshape(1, 1, 3, 3))
    return gx, gy


def edge_loss(x: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Stand-in for LPIPS (not downloadable here): L1 between Sobel gradients of the luma (any range).
    Penalises blur directly (a blurred edge has smaller gradients), unlike the pixel losses' averaging."""
    w = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
    gx, gy = sobel((x * w).sum(1, keepdim=True))
    tx, ty = sobel((target * w).sum(1, keepdim=True))
    return (gx - tx).abs().mean() + (gy - ty).abs().mean()


# ---- ablations that change inference too (stage 2 flags; evaluate applies them to restore) -----------

def fixed_start_schedule(schedule: list) -> list:
    """--fixed-start: scale 1 forced to 1x1 (the LQ latent's global mean, quantized) at every size."""
    return [(1, 1)] + list(schedule[1:])


class ZeroSize(nn.Module):
    """--no-size-embed at inference: the condition always sees target size (0, 0)."""

    def __init__(self, condition: nn.Module):
        super().__init__()
        self.inner = condition

    def forward(self, target_size, text_pooled=None):
        return self.inner(torch.zeros_like(target_size), text_pooled)


def apply_ablations(model: DVAR, flags: dict) -> DVAR:
    """Make model.restore follow a stage-2 ablation. Packs cannot express these: export such
    checkpoints only for analysis (the engine would use the dynamic start and the real size)."""
    if flags.get("fixed_start"):
        base = model.schedule
        model.schedule = lambda hl, wl: fixed_start_schedule(base(hl, wl))
    if flags.get("no_size_embed") and not isinstance(model.condition, ZeroSize):
        model.condition = ZeroSize(model.condition)
    return model


def restore_training(resume: Optional[dict], rngs: Rngs, *optimizers) -> tuple[int, float]:
    """Load optimizer and RNG states from a resume checkpoint -> (step, elapsed seconds)."""
    if not resume:
        return 0, 0.0
    for opt, state in zip(optimizers, resume["optimizers"]):
        opt.load_state_dict(state)
    rngs.load(resume["rng"])
    return resume["step"], resume["elapsed"]
