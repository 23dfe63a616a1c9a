"""Training batches in step order, made ahead by worker processes when --workers > 0.

The Real-ESRGAN degradations run on the CPU (~13 ms per 256 px crop); on a GPU one process cannot
degrade fast enough to keep the training step busy, so a pool of forked workers builds the next
batches while the current one trains. The data stay exactly those of the synchronous path: the crop
size of step s is the s-th draw from the stage's size generator (drawn ahead from a copy, and again
from the real one when the step runs, so checkpoints keep the generator state of an unprefetched run),
and PairSampler.sample(B, size, step=s) depends only on (seed, s, size, B).

    stream = BatchStream(sampler, args.sizes, rngs.sizes, batch_of=lambda hw: args.batch,
                         start=step, workers=args.workers)
    (H, W), lq, hq = stream.get(step)
"""
from __future__ import annotations

import copy
import multiprocessing as mp
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np
import torch

from .crop_sizes import sample_size

_SAMPLER = None  # the worker processes' PairSampler (inherited through fork, never pickled)


def _init_worker() -> None:
    torch.set_num_threads(1)  # one crop at a time per process; the pool is the parallelism
    try:  # Linux: end with the trainer even if it is killed (a pool worker would otherwise wait forever)
        import ctypes
        import signal
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _make(batch: int, size: tuple[int, int], step: int):
    lq, hq = _SAMPLER.sample(batch, size, step=step)
    return lq, hq


class BatchStream:
    def __init__(self, sampler, sizes: str, size_rng: np.random.Generator,
                 batch_of: Callable[[tuple[int, int]], int], start: int, workers: int = 0, ahead: int = 0):
        self.sampler, self.sizes, self.size_rng, self.batch_of = sampler, sizes, size_rng, batch_of
        self.workers = int(workers)
        self.pending: deque[tuple[int, tuple[int, int], int, Future]] = deque()
        self.pool = None
        if self.workers > 0:
            global _SAMPLER
            _SAMPLER = sampler
            # fork: the photos are shared copy-on-write; workers never touch CUDA
            self.pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"),
                                            initializer=_init_worker)
            self.lookahead = copy.deepcopy(size_rng)
            self.next_step = start
            self.ahead = ahead or 2 * self.workers

    def _schedule(self) -> None:
        while len(self.pending) < self.ahead:
            size = sample_size(self.sizes, self.lookahead)
            batch = self.batch_of(size)
            fut = self.pool.submit(_make, batch, size, self.next_step)
            self.pending.append((self.next_step, size, batch, fut))
            self.next_step += 1

    def get(self, step: int) -> tuple[tuple[int, int], torch.Tensor, torch.Tensor]:
        """-> ((H, W), lq [B,3,H/s,W/s], hq [B,3,H,W]) for `step` (steps must come in order)."""
        size = sample_size(self.sizes, self.size_rng)
        batch = self.batch_of(size)
        if self.pool is None:
            return (size, *self.sampler.sample(batch, size, step=step))
        self._schedule()
        s, psize, pbatch, fut = self.pending.popleft()
        if (s, psize, pbatch) != (step, size, batch):  # out of order: should not happen, stay correct
            raise RuntimeError(f"BatchStream: step {step} {size}x{batch} arrived as step {s} {psize}x{pbatch}")
        lq, hq = fut.result()
        self._schedule()
        return size, lq, hq

    def close(self) -> None:
        if self.pool is not None:
            for *_, fut in self.pending:
                fut.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
