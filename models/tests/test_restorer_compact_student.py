"""The compact restorer's plumbing (dvar.restorer.distill_compact, student): its checkpoint loads back as
the same SRVGGNetCompact with the right name for the manifest, and the teacher buffer keeps 8-bit
copies, replacing the oldest crops once full."""

import torch

from dvar.restorer.distill_compact import ARCH, TeacherBuffer, student_from
from dvar.restorer.srvgg import SRVGGNetCompact
from dvar.restorer.student import describe, load_restorer


def test_checkpoint_round_trip(tmp_path):
    net = student_from("random", 3)
    path = tmp_path / "compact.pt"
    torch.save({"arch": ARCH, "student": net.state_dict(), "convs": 3, "step": 0}, path)
    back = load_restorer(path)
    assert isinstance(back, SRVGGNetCompact) and back.num_convs == 3
    x = torch.rand(1, 3, 10, 12)
    with torch.no_grad():
        assert torch.equal(back(x), net.eval()(x))
    assert back(x).shape == (1, 3, 40, 48)
    name, how = describe(back)
    assert "SRVGGNetCompact" in name and "animevideov3" in how


def test_anime_init_is_the_wheel_network():
    assert student_from("anime", 16).num_convs == 16


def test_buffer_is_8_bit_and_a_ring():
    buf = TeacherBuffer(capacity=3)
    lq = torch.arange(4, dtype=torch.float32).view(4, 1, 1, 1).expand(4, 3, 2, 2) / 255
    buf.add(lq, lq.repeat_interleave(4, 2).repeat_interleave(4, 3))
    assert len(buf.lq) == 3 and buf.lq[0].dtype == torch.uint8
    # the fourth crop replaced the first
    assert [int(t[0, 0, 0]) for t in buf.lq] == [3, 1, 2]
    x, target = buf.batch(5, torch.Generator().manual_seed(0))
    assert x.shape == (5, 3, 2, 2) and target.shape == (5, 3, 8, 8)
    assert torch.allclose(x * 255, (x * 255).round())
    again = TeacherBuffer(3, buf.state())
    assert [int(t[0, 0, 0]) for t in again.lq] == [3, 1, 2] and again.next == buf.next
