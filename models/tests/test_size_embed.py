import pytest
import torch

from dvar.model.size_embed import Condition, FourierFeatures


def test_fourier_deterministic_and_unit_pairs():
    a, b, c = FourierFeatures(16, seed=0), FourierFeatures(16, seed=0), FourierFeatures(16, seed=1)
    sizes = torch.tensor([8.0, 512.0, 1024.0, 16384.0])
    fa = a(sizes)
    assert fa.shape == (4, 16)
    torch.testing.assert_close(fa, b(sizes))
    assert not torch.allclose(fa, c(sizes))
    torch.testing.assert_close(fa[:, :8] ** 2 + fa[:, 8:] ** 2, torch.ones(4, 8))
    # 1024 px is the reference: u = 0, so sin = 0 and cos = 1.
    torch.testing.assert_close(fa[2], torch.cat([torch.zeros(8), torch.ones(8)]))


def test_fourier_buffer_in_state_dict():
    assert "freqs" in FourierFeatures(8).state_dict()


def test_condition_shapes_and_sensitivity():
    torch.manual_seed(0)
    cond = Condition(32)
    out = cond(torch.tensor([[512.0, 768.0], [768.0, 512.0], [520.0, 768.0]]))
    assert out.shape == (3, 32)
    assert not torch.allclose(out[0], out[1])  # H and W are not interchangeable
    assert not torch.allclose(out[0], out[2])  # 8 px changes the condition


def test_condition_with_text():
    torch.manual_seed(0)
    cond = Condition(32, text_width=12)
    size = torch.tensor([[512.0, 512.0], [512.0, 512.0]])
    pooled = torch.randn(2, 12)
    out = cond(size, pooled)
    assert out.shape == (2, 32)
    assert not torch.allclose(out[0], out[1])
    with pytest.raises(ValueError):
        cond(size)
