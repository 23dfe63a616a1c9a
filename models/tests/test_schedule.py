import random

from dvar.model.config import PAPER_CANONICAL_SCALES as CANON
from dvar.model.schedule import phi_table, rescaled_schedule, round_half_even_ratio


def test_round_half_even_ratio():
    assert [round_half_even_ratio(n, 2) for n in range(-5, 6)] == [round(n / 2) for n in range(-5, 6)]
    assert round_half_even_ratio(72, 16) == 4  # 4.5 -> 4
    assert round_half_even_ratio(40, 16) == 2  # 2.5 -> 2
    assert round_half_even_ratio(56, 16) == 4  # 3.5 -> 4
    assert round_half_even_ratio(0, 7) == 0
    for _ in range(2000):
        n, d = random.randint(-(10**6), 10**6), random.randint(1, 1000)
        assert round_half_even_ratio(n, d) == round(__import__("fractions").Fraction(n, d))


def test_canonical_and_512():
    assert rescaled_schedule(16, 16, CANON) == [(c, c) for c in CANON]
    assert [h for h, _ in rescaled_schedule(32, 32, CANON)] == [2, 4, 6, 8, 10, 12, 16, 20, 26, 32]


def test_512x768_docs_table():
    assert rescaled_schedule(32, 48, CANON) == [
        (2, 3),
        (4, 6),
        (6, 9),
        (8, 12),
        (10, 15),
        (12, 18),
        (16, 24),
        (20, 30),
        (26, 39),
        (32, 48),
    ]


def test_bankers_case_hl24():
    s = rescaled_schedule(24, 24, CANON)
    assert s[2] == (4, 4)  # 24*3/16 = 4.5 -> 4 (half-up would give 5)
    assert sum(h * w for h, w in s) == 1555  # research §3.2 total at 384^2


def test_tiny_sizes():
    for hl in (1, 2, 3):
        s = rescaled_schedule(hl, hl + 1, CANON)
        assert all(h >= 1 and w >= 1 for h, w in s)
        assert s[-1] == (hl, hl + 1)


def test_random_sizes_monotone_and_exact_last():
    rng = random.Random(0)
    for _ in range(500):
        hl, wl = rng.randint(1, 300), rng.randint(1, 300)
        s = rescaled_schedule(hl, wl, CANON)
        assert s[-1] == (hl, wl)
        assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in zip(s, s[1:]))


def test_phi_table():
    assert phi_table(10, 4) == [0, 0, 1, 1, 1, 2, 2, 3, 3, 3]
    assert phi_table(1, 4) == [0]
    assert phi_table(2, 4) == [0, 3]
    assert phi_table(5, 1) == [0] * 5
    t = phi_table(14, 4)
    assert len(t) == 14 and t[0] == 0 and t[-1] == 3 and t == sorted(t)
