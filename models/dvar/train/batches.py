"""Training batches in step order, made ahead by worker processes when --workers > 0.

The Real-ESRGAN degradations run on the CPU (~13 ms per 256 px crop); on a GPU one process cannot
degrade fast enough to keep the training step busy, so a pool of forked workers builds the next
batches while the current one trains. The data stay exactly those of the synchronous path: the crop
size of step s is the s-th draw from the stage's size generator (drawn ahead from a copy, and again
from the real one when the step runs, so checkpoints keep the generator state of an unprefetched run),
and each crop of a batch is drawn on its own: item i of step s is PairSampler.sample(1, size,
step=item_key(s, i)), which depends only on (seed, s, i, size).

Under torchrun the batch_of(size) items are the GLOBAL batch and each rank makes only its slice
(distributed.local_slice): rank r of N gets items [r*B/N, (r+1)*B/N), so N ranks together train on
exactly the crops one process would, and their workers degrade disjoint crops.

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
from .distributed import local_slice, ranks

_SAMPLER = None  # the worker processes' PairSampler (inherited through fork, never pickled)


def _init_worker() -> None:
    torch.set_num_threads(1)  # one crop at a time per process; the pool is the parallelism
    try:  # Linux: end with the trainer even if it is killed (a pool worker would otherwise wait forever)
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


ITEM_STRIDE = 1 << 16  # items per step a key can tell apart


def item_key(step: int, item: int) -> int:
    """The sampler's stream for one crop: distinct for every (step, item), whatever the world size."""
    return step * ITEM_STRIDE + item


def make_items(sampler, size: tuple[int, int], step: int, items: range):
    """-> (lq, hq) of the given items of step `step`, stacked."""
    pairs = [sampler.sample(1, size, step=item_key(step, i)) for i in items]
    return torch.cat([lq for lq, _ in pairs]), torch.cat([hq for _, hq in pairs])


def global_batch(batch: int) -> int:
    """A batch that splits evenly over the ranks (a size-dependent batch_of may not be a multiple)."""
    world = ranks().world
    return max(world, batch - batch % world)


def _make(items: range, size: tuple[int, int], step: int):
    return make_items(_SAMPLER, size, step, items)


class BatchStream:
    def __init__(
        self,
        sampler,
        sizes: str,
        size_rng: np.random.Generator,
        batch_of: Callable[[tuple[int, int]], int],
        start: int,
        workers: int = 0,
        ahead: int = 0,
    ):
        self.sampler, self.sizes, self.size_rng, self.batch_of = sampler, sizes, size_rng, batch_of
        self.workers = int(workers)
        self.pending: deque[tuple[int, tuple[int, int], range, Future]] = deque()
        self.pool = None
        if self.workers > 0:
            global _SAMPLER
            _SAMPLER = sampler
            # fork: the photos are shared copy-on-write; workers never touch CUDA
            self.pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"), initializer=_init_worker)
            self.lookahead = copy.deepcopy(size_rng)
            self.next_step = start
            self.ahead = ahead or 2 * self.workers

    def _schedule(self) -> None:
        while len(self.pending) < self.ahead:
            size = sample_size(self.sizes, self.lookahead)
            batch = local_slice(global_batch(self.batch_of(size)))
            fut = self.pool.submit(_make, batch, size, self.next_step)
            self.pending.append((self.next_step, size, batch, fut))
            self.next_step += 1

    def get(self, step: int) -> tuple[tuple[int, int], torch.Tensor, torch.Tensor]:
        """-> ((H, W), lq [b,3,H/s,W/s], hq [b,3,H,W]) for `step`, b this rank's share of the batch
        (steps must come in order)."""
        size = sample_size(self.sizes, self.size_rng)
        batch = local_slice(global_batch(self.batch_of(size)))
        if self.pool is None:
            return (size, *make_items(self.sampler, size, step, batch))
        self._schedule()
        s, psize, pbatch, fut = self.pending.popleft()
        if (s, psize, pbatch) != (step, size, batch):  # out of order: should not happen, stay correct
            raise RuntimeError(f"BatchStream: step {step} {size}x{len(batch)} arrived as step {s} {psize}x{len(pbatch)}")
        lq, hq = fut.result()
        self._schedule()
        return size, lq, hq

    def close(self) -> None:
        if self.pool is not None:
            for *_, fut in self.pending:
                fut.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
