"""dvar.train.optim, crop_sizes, rngs and checkpoints.save_checkpoint: the split helpers of the stages."""

import numpy as np
import pytest
import torch

from dvar.train.checkpoints import load_checkpoint, save_checkpoint
from dvar.train.crop_sizes import resolve_sizes, sample_size
from dvar.train.optim import adamw, freeze, lr_factor, set_lr
from dvar.train.rngs import Rngs


def test_lr_warms_up_then_follows_the_cosine_to_the_floor():
    assert lr_factor(0, 0.0, warmup=4, min_ratio=0.1) == pytest.approx(0.25)
    assert lr_factor(3, 0.0, warmup=4, min_ratio=0.1) == pytest.approx(1.0)
    assert lr_factor(10, 0.5, warmup=4, min_ratio=0.1) == pytest.approx(0.55)
    assert lr_factor(10, 1.0, warmup=4, min_ratio=0.1) == pytest.approx(0.1)
    assert lr_factor(10, 3.0, warmup=4, min_ratio=0.1) == pytest.approx(0.1)  # past the budget: stays


def test_adamw_decays_matrices_only_and_skips_frozen_parameters():
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 2))
    freeze(net[2])
    assert not net[2].training and not any(p.requires_grad for p in net[2].parameters())
    opt = adamw([(net.parameters(), 1e-3)], weight_decay=0.1)
    decayed = [g for g in opt.param_groups if g["weight_decay"] == 0.1]
    plain = [g for g in opt.param_groups if g["weight_decay"] == 0.0]
    assert [p.shape for g in decayed for p in g["params"]] == [torch.Size([4, 3])]
    assert sorted(p.numel() for g in plain for p in g["params"]) == [4, 4, 4]  # bias, norm weight and bias
    set_lr(opt, 0.5)
    assert all(g["lr"] == pytest.approx(5e-4) for g in opt.param_groups)


def test_crop_sizes_from_each_spec():
    rng = np.random.default_rng(0)
    assert sample_size("96", rng) == (96, 96)
    for _ in range(20):
        h, w = sample_size("70-130", rng)
        assert h in (96, 128) and w in (96, 128)
    with pytest.raises(ValueError, match="no multiple of 32"):
        sample_size("70-90", rng)
    assert resolve_sizes("auto", torch.device("cpu")) == "96-160"
    assert resolve_sizes("auto", torch.device("cuda")) == "random" and resolve_sizes("64", torch.device("cpu")) == "64"


def test_rngs_round_trip_and_checkpoint_replaced_whole(tmp_path):
    rngs = Rngs(5, torch.device("cpu"))
    state = rngs.state()
    first = (rngs.sizes.integers(1000), torch.rand(3, generator=rngs.gen))
    rngs.load(state)
    again = (rngs.sizes.integers(1000), torch.rand(3, generator=rngs.gen))
    assert first[0] == again[0] and torch.equal(first[1], again[1])
    assert isinstance(state["gen"], list) and len(state["gen"]) == 1  # one stream per rank
    path = tmp_path / "ckpt.pt"
    save_checkpoint(path, {"step": 1})
    save_checkpoint(path, {"step": 2, "rng": state})
    assert load_checkpoint(path)["step"] == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["ckpt.pt"]
