"""The command-line options every training stage shares (run folder, budget, batch, data)."""

from __future__ import annotations

import argparse


def add_common_args(
    ap: argparse.ArgumentParser,
    *,
    steps: int,
    minutes: float,
    lr: float,
    batch: int,
    sizes: str = "auto",
    degradation: str = "realesrgan",
    warmup: int = 100,
) -> None:
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
    a(
        "--sizes",
        default=sizes,
        help="HQ crop sizes per batch: 'random' (random_hq_size: sides 128-256), "
        "LO-HI (each side a random multiple of 32 in [LO, HI]), N (N x N), "
        "or 'auto' (random on cuda, 96-160 on cpu)",
    )
    a("--degradation", default=degradation, choices=["realesrgan", "bicubic"])
    a("--max-side", type=int, default=1024, help="PairSampler: photos are first resized to this side")
    a("--dev-limit", type=int, default=8, help="dev pairs evaluated at the end of the stage (0: all)")
    a("--dev-size", type=int, default=256, help="side of the dev crops evaluated at the end of the stage (HQ pixels)")
    a("--workers", type=int, default=0, help="processes that degrade the next batches ahead (batches.py; 0: inline)")


def add_budget_args(ap: argparse.ArgumentParser, *, minutes: float) -> None:
    """A fine-tuning script's budget: --steps (what a recipe gives) with --minutes as its safety cap, or
    --minutes alone (until the time is spent)."""
    ap.add_argument("--minutes", type=float, default=minutes, help="wall-time budget; with --steps, a safety cap only")
    ap.add_argument("--steps", type=int, default=None, help="step budget (a recipe's); none: until --minutes")
