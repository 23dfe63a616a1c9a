import pytest
import torch

from dvar.train.dss import DynamicSamplingScheduler

# 1-D codebook on a line: neighbour order is easy to write down by hand.
LINE = torch.tensor([[0.0], [1.0], [3.0], [4.0], [10.0]])


def test_tables_tiny_codebook():
    d = DynamicSamplingScheduler(LINE, num_scales=3)
    assert d.max_rank == 5
    assert d.nn.tolist() == [[0, 1, 2, 3, 4], [1, 0, 2, 3, 4], [2, 3, 1, 0, 4], [3, 2, 1, 0, 4], [4, 3, 2, 1, 0]]
    for i in range(5):
        for r in range(5):
            assert d.rank[i, d.nn[i, r]].item() == r


def test_ties_by_index_and_top_m():
    cb = torch.tensor([[0.0], [1.0], [-1.0], [0.0]])  # 1 and 2 tie for 0; 3 duplicates 0
    d = DynamicSamplingScheduler(cb, num_scales=1, max_rank=2)
    assert d.nn.tolist() == [[0, 3], [1, 0], [2, 0], [3, 0]]
    assert d.rank.dtype == torch.uint8
    assert d.rank[0].tolist() == [0, 1, 1, 1]  # beyond the top M: clamped to M - 1


def test_update_ema():
    d = DynamicSamplingScheduler(LINE, num_scales=2, beta=0.9, init_floor=0.0)
    gt = torch.tensor([0, 2, 4, 1])
    pred = torch.tensor([0, 3, 3, 2])  # ranks 0, 1, 1, 2
    c = d.update(1, gt, pred)
    torch.testing.assert_close(c, torch.tensor([0.9 + 0.1 * 0.25, 0.1 * 0.5, 0.1 * 0.25, 0.0, 0.0]))
    torch.testing.assert_close(d.counts[0], torch.tensor([1.0, 0, 0, 0, 0]))
    assert abs(c.sum().item() - 1) < 1e-6


def test_corrupt_rate_and_determinism():
    torch.manual_seed(0)
    cb = torch.randn(64, 4)
    d = DynamicSamplingScheduler(cb, num_scales=2, mix_p=0.3)
    d.counts[1] = torch.tensor([0.0] + [1.0] * 63) / 63  # never rank 0: every pick changes the token
    gt = torch.randint(0, 64, (20000,))
    out = d.corrupt(1, gt, torch.Generator().manual_seed(1))
    assert out.shape == gt.shape and out.dtype == torch.int64
    assert abs((out != gt).float().mean().item() - 0.3) < 0.02
    changed = out != gt
    assert torch.all(d.rank[gt[changed], out[changed]] > 0)
    again = d.corrupt(1, gt, torch.Generator().manual_seed(1))
    assert torch.equal(out, again)
    d.counts[0] = torch.tensor([1.0] + [0.0] * 63)  # all rank 0: nothing changes
    assert torch.equal(d.corrupt(0, gt, torch.Generator().manual_seed(2)), gt)


def test_state_dict_and_refresh():
    torch.manual_seed(0)
    d = DynamicSamplingScheduler(torch.randn(16, 3), num_scales=3)
    d.update(2, torch.arange(16), torch.arange(16).flip(0))
    e = DynamicSamplingScheduler(torch.randn(16, 3), num_scales=3)
    e.load_state_dict(d.state_dict())
    assert torch.equal(e.counts, d.counts) and e.updates.tolist() == [0, 0, 1]
    new_cb = torch.arange(16.0)[:, None]
    e.refresh_codebook(new_cb)
    assert e.nn[5, :3].tolist() == [5, 4, 6]
    with pytest.raises(ValueError):
        DynamicSamplingScheduler(torch.randn(16, 3), num_scales=2).load_state_dict(d.state_dict())
