"""Training on several processes under torchrun: the process group, gradient averaging and the
decisions every rank must share.

    torchrun --nproc_per_node 4 -m dvar.train.stage2_transformer --run runs/x/stage2 --init ... --batch 32

torchrun sets RANK / WORLD_SIZE / LOCAL_RANK; without them (a plain `python -m`) everything here is a
no-op and the stage runs as one process. NCCL on GPUs (rank r uses cuda:LOCAL_RANK), gloo on the CPU.

--batch stays the GLOBAL batch: each rank trains on its slice (batches.BatchStream), and gradients are
averaged over ranks before clipping and the optimizer step, so N ranks take the same steps as one
process with the whole batch (up to float reduction order). Gradients are averaged with one all-reduce
of the flattened gradients after backward rather than through the DistributedDataParallel wrapper:
DDP's reducer only sees gradients of a forward run through the wrapper, and the stages call parts of
DVAR (encoder, quantizer, decoder, transformer) one by one, stage 1 and the decoder fine-tune also
train a discriminator with a second backward in the same step. The arithmetic is DDP's (sum / world);
what is given up is overlapping communication with the backward pass.

Only rank 0 writes checkpoints and the log; stop and checkpoint decisions come from rank 0's clock
(`agree`), since ranks that disagree on the step count wait for each other forever. On GPUs those
decisions, the logged scalars and the per-rank RNG states travel over a side gloo group, so agreeing
every step costs no GPU synchronisation.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1


_ranks = Ranks()
_control = None  # a gloo group for decisions and logged scalars: CPU tensors, no GPU sync per step


def start(device_name: str = "auto") -> tuple[Ranks, torch.device | None]:
    """Join the torchrun process group (once) -> (ranks, this rank's CUDA device or None)."""
    global _ranks, _control
    world = int(os.environ.get("WORLD_SIZE", "1"))
    use_cuda = device_name != "cpu" and torch.cuda.is_available()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    if world > 1 and not dist.is_initialized():
        if use_cuda:
            torch.cuda.set_device(local)
        dist.init_process_group("nccl" if use_cuda else "gloo")
        _control = dist.new_group(backend="gloo") if use_cuda else None
        atexit.register(_leave_at_exit)
    if dist.is_initialized():
        _ranks = Ranks(dist.get_rank(), dist.get_world_size(), local)
    return _ranks, (torch.device("cuda", local) if use_cuda and _ranks.active else None)


def ranks() -> Ranks:
    return _ranks


def finish() -> None:
    """Leave the process group. Stages stay in it (run_all runs them one after another in one process);
    a later start() joins a fresh one."""
    global _ranks, _control
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
    _ranks, _control = Ranks(), None


def _leave_at_exit() -> None:
    """Destroy the process group while the interpreter is still whole. A stage's `python -m` entry ends
    without finish(); left to interpreter teardown, gloo's worker threads are destroyed while joinable and
    a rank dies with SIGABRT ("terminate called without an active exception") after its work is done,
    which torchrun reports as a failed run (seen in CI, one run in several). No barrier here: after an
    exception the other ranks may never reach one, and torchrun stops them anyway."""
    if dist.is_initialized():
        dist.destroy_process_group()


def average_gradients(params) -> None:
    """grad <- mean over ranks, one all-reduce per dtype. Every rank must hold grads for the same
    parameters (the stages' control flow depends only on the step, never on the rank's data)."""
    if not _ranks.active:
        return
    by_dtype: dict[torch.dtype, list[torch.Tensor]] = {}
    for p in params:
        if p.grad is not None:
            by_dtype.setdefault(p.grad.dtype, []).append(p.grad)
    for grads in by_dtype.values():
        flat = torch.cat([g.reshape(-1) for g in grads])
        dist.all_reduce(flat)
        flat /= _ranks.world
        offset = 0
        for g in grads:
            g.copy_(flat[offset : offset + g.numel()].view_as(g))
            offset += g.numel()


def mean_(tensor: torch.Tensor) -> torch.Tensor:
    """In place: the tensor's mean over ranks (statistics that each rank gathers from its own slice)."""
    if _ranks.active:
        dist.all_reduce(tensor)
        tensor /= _ranks.world
    return tensor


def broadcast_(tensors) -> None:
    """Rank 0's values into every rank's tensors (start-up weights, a codebook restart)."""
    if _ranks.active:
        for t in tensors:
            dist.broadcast(t.data, 0)


def agree(*values: float) -> list[float]:
    """Rank 0's values on every rank: the stop / checkpoint decisions and the elapsed time."""
    if not _ranks.active:
        return list(values)
    t = torch.tensor(values, dtype=torch.float64)
    dist.broadcast(t, 0, group=_control)
    return t.tolist()


def mean_scalars(values: dict[str, float]) -> dict[str, float]:
    """Logged scalars averaged over ranks, so the log describes the global batch."""
    if not _ranks.active or not values:
        return values
    t = torch.tensor(list(values.values()), dtype=torch.float64)
    dist.all_reduce(t, group=_control)
    return dict(zip(values, (t / _ranks.world).tolist()))


def gather(obj) -> list:
    """Every rank's `obj`, in rank order (on every rank)."""
    if not _ranks.active:
        return [obj]
    out = [None] * _ranks.world
    dist.all_gather_object(out, obj, group=_control)
    return out


def barrier() -> None:
    if _ranks.active:
        dist.barrier()


def local_slice(batch: int) -> range:
    """This rank's items of a global batch of `batch` (a multiple of the world size)."""
    if batch % _ranks.world:
        raise ValueError(f"a batch of {batch} does not split evenly over {_ranks.world} processes")
    n = batch // _ranks.world
    return range(_ranks.rank * n, (_ranks.rank + 1) * n)
