"""A stage's start: process group (torchrun), device, threads, seeds, run folder and log."""

from __future__ import annotations

from pathlib import Path

import torch

from .crop_sizes import resolve_sizes
from .distributed import start
from .rngs import seed_all
from .run_log import RunLog


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def setup(args) -> tuple[torch.device, Path, RunLog]:
    """Process group (under torchrun), device, threads, seeds, run folder, log; resolves --sizes auto."""
    ranks, rank_device = start(args.device)
    if args.batch % ranks.world:
        raise SystemExit(
            f"--batch {args.batch} is the global batch: make it a multiple of the {ranks.world} "
            "processes, each trains on an equal slice"
        )
    dev = rank_device or pick_device(args.device)
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
