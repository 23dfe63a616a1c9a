"""Training on several processes (dvar.train.distributed) with 2 CPU processes under gloo: the helpers in
a spawned pair, then stage 0 under torchrun against one process with the same global batch, and resume."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.multiprocessing as mp

from dvar.train import common as C
from dvar.train import distributed as D
from dvar.train import stage0_tokenizer

MODELS = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the helpers, in two spawned processes -------------------------------------------------------


def _helpers_worker(rank: int, port: int, out: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank), WORLD_SIZE="2", LOCAL_RANK=str(rank))
    torch.set_num_threads(1)
    ranks, device = D.start("cpu")
    a, b = torch.nn.Parameter(torch.zeros(3)), torch.nn.Parameter(torch.zeros(2, 2))
    a.grad, b.grad = torch.full((3,), float(rank + 1)), torch.full((2, 2), 10.0 * rank)
    frozen = torch.nn.Parameter(torch.zeros(1))  # no grad on either rank: left alone
    D.average_gradients([a, b, frozen])
    stop, elapsed = D.agree(float(rank), 100.0 + rank)  # every rank takes rank 0's decision
    logged = D.mean_scalars({"loss": 1.0 + rank, "acc": 0.5 * rank})
    counts = D.mean_(torch.tensor([2.0 * rank, 4.0]))
    w = torch.full((2,), float(rank))
    D.broadcast_([w])
    C.save_checkpoint(Path(out) / "ckpt.pt", {"written_by": rank})
    result = dict(
        rank=ranks.rank,
        world=ranks.world,
        main=ranks.main,
        device=str(device),
        a=a.grad.tolist(),
        b=b.grad.flatten().tolist(),
        frozen=frozen.grad,
        stop=stop,
        elapsed=elapsed,
        logged=logged,
        counts=counts.tolist(),
        w=w.tolist(),
        items=list(D.local_slice(6)),
        gathered=D.gather(rank * 3),
    )
    try:
        D.local_slice(5)
    except ValueError as e:
        result["uneven"] = str(e)
    D.finish()
    result["after_finish"] = D.ranks().world
    (Path(out) / f"rank{rank}.json").write_text(json.dumps(result))


def test_helpers_average_agree_and_write_once(tmp_path):
    mp.spawn(_helpers_worker, args=(_free_port(), str(tmp_path)), nprocs=2)
    r0, r1 = (json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2))
    assert (r0["rank"], r1["rank"], r0["world"], r0["main"], r1["main"]) == (0, 1, 2, True, False)
    assert r0["device"] == "None"  # gloo on the CPU: no CUDA device chosen
    for r in (r0, r1):
        assert r["a"] == [1.5] * 3 and r["b"] == [5.0] * 4 and r["frozen"] is None  # DDP's sum / world
        assert (r["stop"], r["elapsed"]) == (0.0, 100.0)
        assert r["logged"] == pytest.approx({"loss": 1.5, "acc": 0.25})
        assert r["counts"] == [1.0, 4.0] and r["w"] == [0.0, 0.0] and r["gathered"] == [0, 3]
        assert "does not split evenly over 2 processes" in r["uneven"] and r["after_finish"] == 1
    assert (r0["items"], r1["items"]) == ([0, 1, 2], [3, 4, 5])
    assert torch.load(tmp_path / "ckpt.pt")["written_by"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt.pt", "rank0.json", "rank1.json"]


# ---- stage 0: two ranks vs one process, checkpoint and resume ------------------------------------


def _args(run: Path, steps: int) -> list[str]:
    return [
        "--run",
        str(run),
        "--steps",
        str(steps),
        "--batch",
        "4",
        "--sizes",
        "64",
        "--device",
        "cpu",
        "--threads",
        "1",
        "--warmup",
        "2",
        "--preset",
        "fixture",
        "--restart-every",
        "0",
        "--log-every",
        "1",
        "--dev-limit",
        "1",
    ]


def _torchrun(run: Path, steps: int) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(MODELS), str(MODELS / "tests")])}
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node",
        "2",
        "--master_port",
        str(_free_port()),
        str(MODELS / "tests" / "distributed_stage_main.py"),
        "--",
        "stage0",
        *_args(run, steps),
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def _one_process(run: Path, steps: int, monkeypatch) -> None:
    from distributed_stage_main import FakePhotos, FakeSampler

    monkeypatch.setattr(C, "load_data", lambda degradation, seed, max_side: (FakePhotos(), FakeSampler(seed)))
    monkeypatch.setattr(C, "load_dev", lambda photos, degradation, limit=0, hq_size=None: [FakeSampler(123).sample(1, (64, 64))])
    stage0_tokenizer.main(_args(run, steps))


def _assert_same_training(one: dict, two: dict) -> None:
    """Same step and Adam moments (built from the averaged gradients) to float reduction order. The weights
    get a looser bound: biases feeding a GroupNorm have gradients that are zero up to rounding, and Adam
    divides them by their own size, so rounding alone moves them by up to lr per step."""
    assert one["step"] == two["step"]
    s1, s2 = one["optimizers"][0]["state"], two["optimizers"][0]["state"]
    for i in s1:
        torch.testing.assert_close(s1[i]["exp_avg"], s2[i]["exp_avg"], rtol=1e-4, atol=1e-7)
        torch.testing.assert_close(s1[i]["exp_avg_sq"], s2[i]["exp_avg_sq"], rtol=1e-3, atol=1e-12)
    lr = 4e-4
    for k, w in one["model"].items():
        torch.testing.assert_close(w.float(), two["model"][k].float(), rtol=0, atol=lr * one["step"])


def _losses(run: Path) -> list[float]:
    return [r["loss"] for r in map(json.loads, (run / "log.jsonl").read_text().splitlines()) if "loss" in r]


def test_two_ranks_train_like_one_process_and_resume(tmp_path, monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    _one_process(one, 2, monkeypatch)
    _torchrun(two, 2)
    ck1, ck2 = C.load_checkpoint(one / C.CKPT), C.load_checkpoint(two / C.CKPT)
    _assert_same_training(ck1, ck2)
    assert _losses(two) == pytest.approx(_losses(one), rel=1e-5)  # rank means of the slices' losses
    assert len(_losses(two)) == 2  # one log, written once (by rank 0)
    assert sorted(p.name for p in two.iterdir()) == ["ckpt.pt", "log.jsonl"]
    assert len(ck2["rng"]["gen"]) == 2  # each rank's own stream is kept for the resume

    # resume to step 4: one process; the two-rank checkpoint on two ranks, and on one process
    moved = tmp_path / "moved"
    shutil.copytree(two, moved)
    _one_process(one, 4, monkeypatch)
    _torchrun(two, 4)
    _one_process(moved, 4, monkeypatch)
    ref = C.load_checkpoint(one / C.CKPT)
    _assert_same_training(ref, C.load_checkpoint(two / C.CKPT))
    _assert_same_training(ref, C.load_checkpoint(moved / C.CKPT))
    assert _losses(two) == pytest.approx(_losses(one), rel=1e-5) and len(_losses(two)) == 4
