"""Checkpoints: atomic save, load, the model a stage starts from (resume, --init or preset), the
full state written (model, config, accumulated training arguments and metrics) and what a resume restores."""

from __future__ import annotations

import os
from pathlib import Path

import torch

from ..model.config import DVARConfig
from ..model.model import DVAR
from .distributed import barrier, broadcast_, ranks
from .presets import get_preset
from .rngs import Rngs

CKPT = "ckpt.pt"


def load_checkpoint(path, device="cpu") -> dict:
    return torch.load(path, map_location=device, weights_only=False)


def save_checkpoint(path: Path, state: dict) -> None:
    """Atomic: write a temporary file, fsync, rename over the old checkpoint. Under torchrun only rank 0
    writes (every rank holds the same weights and optimizer state); the others wait until it is in place."""
    path = Path(path)
    if not ranks().main:
        barrier()
        return
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        torch.save(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    barrier()


def open_model(args, device: torch.device, stage: str) -> tuple[DVAR, dict | None, dict]:
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
    model = model.to(device)
    broadcast_([*model.parameters(), *model.buffers()])  # the same start on every rank, whatever the init
    barrier()  # every rank has read the run folder before rank 0 may write into it
    return model, resume, parent


def checkpoint_state(
    model: DVAR, stage: str, args, step: int, elapsed: float, parent: dict, metrics: dict | None = None, **extra
) -> dict:
    """A full checkpoint; `training` and `metrics` accumulate over stages."""
    training = dict(parent.get("training", {}))
    training[stage] = {**vars(args), "step": step, "minutes": elapsed / 60}
    all_metrics = dict(parent.get("metrics", {}))
    if metrics:
        all_metrics[stage] = metrics
    return dict(
        config=model.cfg.to_dict(),
        model=model.state_dict(),
        seed=args.seed,
        stage=stage,
        step=step,
        elapsed=elapsed,
        training=training,
        metrics=all_metrics,
        **extra,
    )


def restore_training(resume: dict | None, rngs: Rngs, *optimizers) -> tuple[int, float]:
    """Load optimizer and RNG states from a resume checkpoint -> (step, elapsed seconds)."""
    if not resume:
        return 0, 0.0
    for opt, state in zip(optimizers, resume["optimizers"]):
        opt.load_state_dict(state)
    rngs.load(resume["rng"])
    return resume["step"], resume["elapsed"]
