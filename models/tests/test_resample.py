import pytest
import torch
import torch.nn.functional as F

from dvar.model.resample import area_matrix, area_resize, bicubic_matrix, bicubic_resize, resize2d


@pytest.mark.parametrize("n,o", [(32, 13), (7, 3), (5, 5), (16, 1), (48, 39), (13, 6)])
def test_area_matrix_matches_torch(n, o):
    x = torch.randn(2, 3, n, n + 3)
    ref = F.adaptive_avg_pool2d(x, (o, o + 1))
    got = resize2d(x, area_matrix(o, n), area_matrix(o + 1, n + 3))
    torch.testing.assert_close(got, ref, atol=1e-5, rtol=0)
    torch.testing.assert_close(area_resize(x, (o, o + 1)), F.interpolate(x, size=(o, o + 1), mode="area"), atol=1e-5, rtol=0)
    torch.testing.assert_close(area_matrix(o, n).sum(1), torch.ones(o))


@pytest.mark.parametrize("n,o", [(1, 5), (3, 16), (13, 32), (2, 4), (5, 32), (10, 13), (16, 16)])
def test_bicubic_matrix_matches_torch(n, o):
    x = torch.randn(2, 3, n, n + 1)
    ref = F.interpolate(x, size=(o, o + 1), mode="bicubic", align_corners=False)
    got = resize2d(x, bicubic_matrix(o, n), bicubic_matrix(o + 1, n + 1))
    torch.testing.assert_close(got, ref, atol=1e-5, rtol=0)
    torch.testing.assert_close(bicubic_resize(x, (o, o + 1)), ref, atol=1e-5, rtol=0)


def test_bicubic_identity_and_dtype():
    assert torch.equal(bicubic_matrix(7, 7), torch.eye(7))
    assert bicubic_matrix(5, 3).dtype == torch.float32
    assert area_matrix(5, 3, dtype=torch.float64).dtype == torch.float64
