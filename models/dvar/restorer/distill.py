"""Distils Real-ESRGAN x4plus (23 RRDBs) into a shorter RRDBNet that keeps its first blocks: the full
network costs ~1.1 TMAC per output megapixel, too slow for two CPU cores next to DVAR.

The student starts as the truncated teacher (`rrdbnet.truncated`) and learns to reproduce the
teacher's output (L1) on our real-degraded training crops, degraded on the fly with the same
pipeline as DVAR's training. Resumable (`train.common.train_loop`; --minutes is the whole budget): the checkpoint holds the student,
the optimiser, the step and the time spent.

    python -m dvar.restorer.distill --blocks 6 --minutes 35 --out runs/restorer/student6.pt

Several CPU processes (gloo; --batch stays the global batch, each rank distils its slice of it):
    torchrun --nproc_per_node 2 -m dvar.restorer.distill -- --batch 4 --threads 1 --out runs/restorer/student6.pt
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch
import torch.nn.functional as F

from ..train import distributed as D
from ..train.batches import make_items
from ..train.common import RunLog, save_checkpoint, train_loop
from .ncnn_weights import load_rrdbnet
from .rrdbnet import truncated
from .wheel_models import model_files


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blocks", type=int, default=6)
    ap.add_argument("--minutes", type=float, default=35)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--hq-size", type=int, default=192)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    D.start("cpu")
    mine = D.local_slice(a.batch)  # this rank's crops of each step's global batch
    from ..train.common import load_data  # photos and the degradation pipeline of DVAR's training
    _, sampler = load_data("realesrgan", a.seed, 1024)
    teacher = load_rrdbnet(*model_files()).requires_grad_(False)
    student = truncated(teacher, a.blocks).train()
    opt = torch.optim.Adam(student.parameters(), lr=a.lr, betas=(0.9, 0.99))
    step, elapsed = 0, 0.0
    if a.out.exists():
        ck = torch.load(a.out, map_location="cpu")
        student.load_state_dict(ck["student"])
        opt.load_state_dict(ck["opt"])
        step, elapsed = ck["step"], ck.get("elapsed", 0.0)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    D.broadcast_(student.parameters())
    D.barrier()  # every rank has read --out before rank 0 may overwrite it

    def step_fn(step: int, progress: float) -> dict:
        lq, _ = make_items(sampler, (a.hq_size, a.hq_size), step, mine)
        with torch.no_grad():
            target = teacher(lq)
        loss = F.l1_loss(student(lq), target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(student.parameters())
        opt.step()
        return {"l1": loss.detach()}

    def save_fn(step: int, elapsed: float) -> None:
        save_checkpoint(a.out, {"student": student.state_dict(), "opt": opt.state_dict(), "step": step,
                                "elapsed": elapsed, "blocks": student.num_blocks, "hq_size": a.hq_size,
                                "batch": a.batch, "lr": a.lr})

    step, _, _ = train_loop(step_fn, save_fn, RunLog(a.out.with_suffix(".jsonl")), "distill", step, elapsed,
                            10**9, a.minutes, ckpt_minutes=5)
    if D.ranks().main:
        print(f"done: {step} steps")

if __name__ == "__main__":
    main()
