"""Distils Real-ESRGAN x4plus (23 RRDBs) into a shorter RRDBNet that keeps its first blocks: the full
network costs ~1.1 TMAC per output megapixel, too slow for two CPU cores next to DVAR.

The student starts as the truncated teacher (`rrdbnet.truncated`) and learns to reproduce the
teacher's output (L1) on our real-degraded training crops, degraded on the fly with the same
pipeline as DVAR's training. Resumable (`train.common.train_loop`; --minutes is the whole budget): the checkpoint holds the student,
the optimiser, the step and the time spent.

    python -m dvar.restorer.distill --blocks 6 --minutes 35 --out runs/restorer/student6.pt

Several CPU processes (gloo; --batch stays the global batch, each rank distils its slice of it):
    torchrun --nproc_per_node 2 -m dvar.restorer.distill -- --batch 4 --threads 1 --out runs/restorer/student6.pt

L1 alone on a CPU budget taught two students the teacher's colours, not its texture (default card, "What was
tried"). For a lent GPU (`models/gpu/train_restorer.sh`): --edge adds the Sobel-gradient L1 to the teacher's
output, --adv a hinge GAN term whose patch discriminator tells the student's output from the HQ photo
(from --adv-start on, so the student first matches the teacher), --workers degrade the next batches in
other processes, --device cuda.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..train import distributed as D
from ..train.batches import BatchStream
from ..train.common import RunLog, edge_loss, save_checkpoint, train_loop
from ..train.stage1_encoder import PatchDiscriminator
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
    ap.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    ap.add_argument("--workers", type=int, default=0, help="processes degrading the next batches (0: in this one)")
    ap.add_argument("--edge", type=float, default=0.0, help="weight of the Sobel-gradient L1 to the teacher's output")
    ap.add_argument("--adv", type=float, default=0.0, help="weight of the hinge GAN term (0: off)")
    ap.add_argument("--adv-start", type=int, default=200, help="step from which the discriminator trains and counts")
    ap.add_argument("--ckpt-minutes", type=float, default=5)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    _, dev = D.start(a.device)
    dev = dev or torch.device("cpu")
    from ..train.common import load_data  # photos and the degradation pipeline of DVAR's training

    _, sampler = load_data("realesrgan", a.seed, 1024)
    teacher = load_rrdbnet(*model_files()).requires_grad_(False)
    student = truncated(teacher, a.blocks).train().to(dev)
    teacher = teacher.to(dev)
    disc = PatchDiscriminator().to(dev)
    opt = torch.optim.Adam(student.parameters(), lr=a.lr, betas=(0.9, 0.99))
    dopt = torch.optim.Adam(disc.parameters(), lr=a.lr, betas=(0.5, 0.99))
    step, elapsed = 0, 0.0
    if a.out.exists():
        ck = torch.load(a.out, map_location=dev)
        student.load_state_dict(ck["student"])
        opt.load_state_dict(ck["opt"])
        if "disc" in ck:
            disc.load_state_dict(ck["disc"])
            dopt.load_state_dict(ck["dopt"])
        step, elapsed = ck["step"], ck.get("elapsed", 0.0)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    D.broadcast_(student.parameters())
    D.broadcast_(disc.parameters())
    D.barrier()  # every rank has read --out before rank 0 may overwrite it
    # Each rank degrades its slice of every step's global batch (in --workers processes when asked).
    stream = BatchStream(sampler, str(a.hq_size), np.random.default_rng(a.seed), lambda _hw: a.batch, step, a.workers)

    def step_fn(step: int, progress: float) -> dict:
        _, lq, hq = stream.get(step)
        lq = lq.to(dev, non_blocking=True)
        with torch.no_grad():
            target = teacher(lq)
        out = student(lq)
        l1 = F.l1_loss(out, target)
        edge = edge_loss(out, target) if a.edge else torch.zeros((), device=dev)
        adv_on = a.adv > 0 and step >= a.adv_start
        g = -disc(out * 2 - 1).mean() if adv_on else torch.zeros((), device=dev)
        loss = l1 + a.edge * edge + a.adv * g
        opt.zero_grad(set_to_none=True)
        loss.backward()
        D.average_gradients(student.parameters())
        opt.step()
        d = torch.zeros((), device=dev)
        if adv_on:
            real = hq.to(dev, non_blocking=True) * 2 - 1  # the HQ crops only reach the device for D
            d = F.relu(1 - disc(real)).mean() + F.relu(1 + disc(out.detach() * 2 - 1)).mean()
            dopt.zero_grad(set_to_none=True)  # also drops what the generator term left in D
            d.backward()
            D.average_gradients(disc.parameters())
            dopt.step()
        return {"l1": l1.detach(), "edge": edge.detach(), "g": g.detach(), "d": d.detach()}

    def save_fn(step: int, elapsed: float) -> None:
        save_checkpoint(
            a.out,
            {
                "student": student.state_dict(),
                "opt": opt.state_dict(),
                "step": step,
                "disc": disc.state_dict(),
                "dopt": dopt.state_dict(),
                "elapsed": elapsed,
                "blocks": student.num_blocks,
                "hq_size": a.hq_size,
                "batch": a.batch,
                "lr": a.lr,
                "edge": a.edge,
                "adv": a.adv,
                "adv_start": a.adv_start,
            },
        )

    try:
        step, _, _ = train_loop(
            step_fn,
            save_fn,
            RunLog(a.out.with_suffix(".jsonl")),
            "distill",
            step,
            elapsed,
            10**9,
            a.minutes,
            ckpt_minutes=a.ckpt_minutes,
        )
    finally:
        stream.close()
    if D.ranks().main:
        print(f"done: {step} steps")


if __name__ == "__main__":
    main()
