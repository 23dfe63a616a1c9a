import torch

from dvar.model.attention_mask import build_attention_mask, mask_to_additive

# Layout: prefix of 2 tokens, scale 2 with 1 token, scale 3 with 2 tokens (N = 5).
PREFIX_CURRENT = [
    [1, 1, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [1, 1, 1, 0, 0],
    [1, 1, 0, 1, 1],
    [1, 1, 0, 1, 1],
]
BLOCK_CAUSAL = [
    [1, 1, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1],
]


def test_prefix_current():
    m = build_attention_mask(2, [1, 2], "prefix_current")
    assert m.dtype == torch.bool
    assert m.int().tolist() == PREFIX_CURRENT


def test_block_causal():
    assert build_attention_mask(2, [1, 2], "block_causal").int().tolist() == BLOCK_CAUSAL


def test_additive():
    m = build_attention_mask(2, [1, 2], "block_causal")
    add = mask_to_additive(m, torch.float32)
    assert add.dtype == torch.float32
    assert (add[m] == 0).all() and (add[~m] == torch.finfo(torch.float32).min).all()
