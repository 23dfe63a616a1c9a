"""The training stages' toolkit, gathered under one name: stages write `C.name`, and tests replace the
data seam (`C.load_data`, `C.load_dev`) in one place. Each concept lives in its own module:

    stage_args      command-line options every stage shares
    run_setup       process group, device, threads, seeds, run folder and log
    distributed     torchrun ranks: process group, gradient averaging, decisions from rank 0
    crop_sizes      --sizes parsing and the per-device 'auto'
    rngs            seeding and the checkpointed random streams
    training_data   training photos + pair sampler, fixed dev pairs
    checkpoints     atomic save/load, the starting model, the saved state, resume
    optim           freezing, AdamW groups, warmup + cosine LR
    run_log         printed + JSONL records
    loop            the budgeted training loop
    edge_loss       Sobel-gradient L1
    inference_ablations  stage-2 ablations that change inference too

Run folder (--run): ckpt.pt (atomic, resumable) and log.jsonl (one JSON record per logged step/event).
If ckpt.pt exists the stage resumes from it (model, optimizer, step, elapsed time, RNGs, DSS, ...);
otherwise it starts from --init (the previous stage's checkpoint) or, for stage 0, from --preset.
Budget: a stage stops after --steps steps or --minutes minutes (wall time, summed over resumes),
whichever comes first; the cosine LR follows progress = max(step/steps, elapsed/minutes).
"""

from __future__ import annotations

from .checkpoints import CKPT, checkpoint_state, load_checkpoint, open_model, restore_training, save_checkpoint
from .crop_sizes import resolve_sizes, sample_size
from .edge_loss import edge_loss, sobel
from .inference_ablations import ZeroSize, apply_ablations, fixed_start_schedule
from .loop import train_loop
from .optim import adamw, freeze, lr_factor, set_lr
from .rngs import Rngs, seed_all
from .run_log import RunLog
from .run_setup import pick_device, setup
from .stage_args import add_common_args
from .training_data import load_data, load_dev

__all__ = [
    "CKPT",
    "checkpoint_state",
    "load_checkpoint",
    "open_model",
    "restore_training",
    "save_checkpoint",
    "resolve_sizes",
    "sample_size",
    "edge_loss",
    "sobel",
    "ZeroSize",
    "apply_ablations",
    "fixed_start_schedule",
    "train_loop",
    "adamw",
    "freeze",
    "lr_factor",
    "set_lr",
    "Rngs",
    "seed_all",
    "RunLog",
    "pick_device",
    "setup",
    "add_common_args",
    "load_data",
    "load_dev",
]
