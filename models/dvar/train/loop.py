"""The training loop shared by the stages: steps until the step or wall-time budget is spent,
logging on a cadence and checkpointing on an interval and at the end. Under torchrun every rank runs
it in step: rank 0's clock decides when to stop and to checkpoint, logged scalars are rank means."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .distributed import agree, mean_scalars
from .run_log import RunLog


def train_loop(
    step_fn: Callable[[int, float], dict],
    save_fn: Callable[[int, float], None],
    log: RunLog,
    stage: str,
    step: int,
    elapsed: float,
    steps: int,
    minutes: float,
    ckpt_minutes: float = 10.0,
    log_every: int = 10,
) -> tuple[int, float, dict]:
    """Run step_fn(step, progress) -> {name: scalar tensor or float} until the budget is spent.

    Scalars are read (a GPU sync) only on logged steps. Checkpoints every ckpt_minutes and at the end.
    Returns (step, elapsed seconds, last logged record)."""
    t0 = time.monotonic() - elapsed
    last_save = t_log = time.monotonic()
    n_log, rec = 0, {}
    budget = minutes * 60
    (elapsed,) = agree(time.monotonic() - t0)
    while step < steps and elapsed < budget:
        progress = max(step / max(1, steps), elapsed / budget)
        out = step_fn(step, progress)
        step, n_log = step + 1, n_log + 1
        now = time.monotonic()
        # rank 0's clock decides for every rank: ranks that disagree on the step count wait forever
        elapsed, save_due = agree(now - t0, float(now - last_save >= ckpt_minutes * 60))
        done = step >= steps or elapsed >= budget
        if step % log_every == 0 or step == 1 or done:
            vals = mean_scalars({k: float(v) for k, v in out.items()})
            rec = log.log(stage=stage, step=step, s_per_step=(now - t_log) / n_log, minutes=elapsed / 60, **vals)
            t_log, n_log = now, 0
            if not all(math.isfinite(v) for v in vals.values()):  # keep the last good checkpoint
                raise FloatingPointError(f"{stage}: non-finite value at step {step}: {vals}")
        if save_due and not done:
            save_fn(step, elapsed)
            last_save = time.monotonic()
    (elapsed,) = agree(time.monotonic() - t0)
    save_fn(step, elapsed)
    return step, elapsed, rec
