import pytest
import torch

from dvar.model.rope import RotaryEmbedding2D, rope_positions


def test_rope_positions_values():
    pos = rope_positions(2, 3, 6.0)
    expected = torch.tensor([[1.5, 1.0], [1.5, 3.0], [1.5, 5.0], [4.5, 1.0], [4.5, 3.0], [4.5, 5.0]])
    assert pos.dtype == torch.float32 and pos.shape == (6, 2)
    torch.testing.assert_close(pos, expected)


def test_cos_sin_layout_row_then_column():
    rope = RotaryEmbedding2D(16, theta=100.0)
    cos, sin = rope.cos_sin(torch.tensor([[1.0, 0.0]]))
    assert cos.shape == sin.shape == (1, 8)
    torch.testing.assert_close(sin[0, 4:], torch.zeros(4))  # column pairs see column 0
    torch.testing.assert_close(sin[0, :4], torch.sin(100.0 ** (-torch.arange(4) / 4)))


def test_head_dim_must_be_divisible_by_4():
    with pytest.raises(ValueError):
        RotaryEmbedding2D(6)


def _rotate(rope, x, pos):
    cos, sin = rope.cos_sin(pos)
    return RotaryEmbedding2D.apply(x, cos, sin)


def test_rotation_preserves_norm():
    torch.manual_seed(0)
    rope = RotaryEmbedding2D(16, 100.0)
    x = torch.randn(2, 3, 12, 16)
    y = _rotate(rope, x, torch.rand(12, 2) * 16)
    torch.testing.assert_close(y.norm(dim=-1), x.norm(dim=-1))


def test_dot_product_depends_only_on_position_difference():
    torch.manual_seed(0)
    rope = RotaryEmbedding2D(16, 100.0)
    q, k = torch.randn(1, 1, 1, 16), torch.randn(1, 1, 1, 16)
    a, b = torch.tensor([[2.0, 5.0]]), torch.tensor([[7.0, 1.5]])

    def dot(pa, pb):
        return (_rotate(rope, q, pa) * _rotate(rope, k, pb)).sum()

    ref = dot(a, b)
    for shift in ([3.0, 0.0], [0.0, -4.0], [1.25, 2.5]):
        s = torch.tensor([shift])
        torch.testing.assert_close(dot(a + s, b + s), ref, atol=1e-5, rtol=1e-5)
    # ...and it does depend on the difference along each axis.
    assert not torch.allclose(dot(a + torch.tensor([[1.0, 0.0]]), b), ref, atol=1e-3)
    assert not torch.allclose(dot(a + torch.tensor([[0.0, 1.0]]), b), ref, atol=1e-3)
