import numpy as np
import onnxruntime as ort
import torch
from torch import nn

from dvar.model.config import PAPER_CANONICAL_SCALES as CANON
from dvar.model.quant import MultiScaleQuantizer
from dvar.model.resample import bicubic_matrix
from dvar.model.schedule import rescaled_schedule


def make(seed=0, C=4, V=256):
    torch.manual_seed(seed)
    q = MultiScaleQuantizer(C, V, 4, CANON)
    with torch.no_grad():
        q.codebook.weight.normal_()  # a spread-out codebook so quantization visibly converges
    return q


def test_nearest_matches_cdist_and_ties():
    q = make()
    z = torch.randn(2, 4, 3, 5)
    idx = q.nearest(z)
    ref = torch.cdist(z.flatten(2).transpose(1, 2), q.codebook.weight[None]).argmin(-1)
    assert idx.shape == (2, 15) and idx.dtype == torch.int64 and torch.equal(idx, ref)
    with torch.no_grad():
        q.codebook.weight[7] = q.codebook.weight[3]  # exact duplicate: first index wins
    assert torch.equal(q.nearest(q.embed(torch.tensor([[3, 7]]), 1, 2)), torch.tensor([[3, 3]]))


def test_encode_improves_with_scales():
    q = make()
    sched = rescaled_schedule(6, 10, CANON)
    f = torch.randn(1, 4, 6, 10)
    with torch.no_grad():
        idx, f_hat = q.encode(f, sched)
        errs = [(f - q.indices_to_fhat(idx, sched, upto=k)).pow(2).mean().item() for k in range(1, 11)]
    assert [i.shape[1] for i in idx] == [h * w for h, w in sched]
    torch.testing.assert_close(q.indices_to_fhat(idx, sched), f_hat)
    assert errs[-1] < 0.5 * errs[0] and errs[-1] < errs[len(errs) // 2]


def test_consistent_targets_match_teacher_forcing():
    q = make()
    sched = rescaled_schedule(5, 7, CANON)
    f_hq, f_lq = torch.randn(2, 4, 5, 7), torch.randn(2, 4, 5, 7)
    out = q.consistent_targets(f_hq, f_lq, sched)
    assert out["r1"].shape == (2, sched[0][0] * sched[0][1])
    assert [t.shape[1] for t in out["targets"]] == [h * w for h, w in sched[1:]]
    tf = q.teacher_forcing_inputs([out["r1"]] + out["targets"], sched)
    assert len(out["inputs"]) == len(sched) - 1
    for a, b, (h, w) in zip(out["inputs"], tf, sched[1:]):
        assert a.shape == (2, h * w, 4)
        torch.testing.assert_close(a, b)
    torch.testing.assert_close(q.indices_to_fhat([out["r1"]] + out["targets"], sched), out["f_hat"])


def test_forward_straight_through():
    q = make()
    f = torch.randn(1, 4, 4, 6, requires_grad=True)
    f_st, loss, stats = q(f, rescaled_schedule(4, 6, CANON))
    (f_st.sum() + loss).backward()
    assert f.grad is not None and q.codebook.weight.grad is not None and q.phi_weight.grad is not None
    assert stats["mse_per_scale"].shape == (10,)


class _FhatUpdate(nn.Module):
    def __init__(self, q):
        super().__init__()
        self.q = q

    def forward(self, f_hat, idx, up_h, up_w, phi):
        return self.q.add_scale(f_hat, idx, up_h.shape[1], up_w.shape[1], phi, up_h, up_w)


def test_add_scale_onnx(tmp_path):
    q = make()
    mod = _FhatUpdate(q).eval()

    def args(H, W, h, w, k):
        return (
            torch.randn(1, 4, H, W),
            torch.randint(0, 256, (1, h * w)),
            bicubic_matrix(H, h),
            bicubic_matrix(W, w),
            torch.tensor([k]),
        )

    names = ["f_hat", "indices", "up_h", "up_w", "phi"]
    path = tmp_path / "fhat.onnx"
    torch.onnx.export(
        mod,
        args(6, 10, 2, 3, 1),
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=names,
        output_names=["f_hat_out"],
        dynamic_axes={"f_hat": {2: "H", 3: "W"}, "indices": {1: "n"}, "up_h": {0: "H", 1: "h"}, "up_w": {0: "W", 1: "w"}},
    )
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for H, W, h, w, k in [(6, 10, 2, 3, 1), (5, 9, 3, 4, 3), (5, 9, 5, 9, 0)]:
        a = args(H, W, h, w, k)
        with torch.no_grad():
            ref = mod(*a)
            direct = q.add_scale(a[0], a[1], h, w, k)  # matrices built internally, int phi index
        torch.testing.assert_close(ref, direct, atol=1e-6, rtol=0)
        got = sess.run(None, {n: t.numpy() for n, t in zip(names, a)})[0]
        np.testing.assert_allclose(got, ref.numpy(), atol=1e-5, rtol=0)
