import torch

from dvar.model.config import TextConfig
from dvar.model.text import TextEncoder, encode_prompt, encode_prompts


def test_encode_ab():
    assert encode_prompt("ab", 6) == ([1, 100, 101, 2, 0, 0], [1.0, 1.0, 1.0, 1.0, 0.0, 0.0])


def test_encode_empty_is_unconditional():
    assert encode_prompt("", 4) == ([1, 2, 0, 0], [1.0, 1.0, 0.0, 0.0])
    assert encode_prompt("  \t\n", 4) == ([1, 2, 0, 0], [1.0, 1.0, 0.0, 0.0])


def test_encode_unicode_nfc():
    # "e" + combining acute -> NFC "é" = UTF-8 C3 A9 -> 0xC3+3, 0xA9+3.
    ids, mask = encode_prompt(" e\u0301 ", 5)
    assert ids == [1, 0xC3 + 3, 0xA9 + 3, 2, 0]
    assert encode_prompt("\u00e9", 5)[0] == ids
    assert mask == [1.0, 1.0, 1.0, 1.0, 0.0]


def test_encode_truncation():
    assert encode_prompt("abcdef", 5) == ([1, 100, 101, 102, 2], [1.0] * 5)


def test_encode_prompts_batch():
    ids, mask = encode_prompts(["ab", ""], 6)
    assert ids.dtype == torch.long and mask.dtype == torch.float32 and ids.shape == mask.shape == (2, 6)
    assert ids[1].tolist() == [1, 2, 0, 0, 0, 0]


def test_text_encoder_masked_mean_and_padding_invariance():
    torch.manual_seed(0)
    enc = TextEncoder(TextConfig(max_tokens=8, width=16, layers=2, heads=2)).eval()
    ids, mask = encode_prompts(["hi", "hello"], 8)
    context, pooled = enc(ids, mask)
    assert context.shape == (2, 8, 16) and pooled.shape == (2, 16)
    torch.testing.assert_close(pooled[0], context[0, :4].mean(0))
    # Whatever sits in padded slots must not leak into real tokens or the pooled vector.
    ids2 = ids.clone()
    ids2[0, 4:] = 77
    context2, pooled2 = enc(ids2, mask)
    torch.testing.assert_close(context2[0, :4], context[0, :4])
    torch.testing.assert_close(pooled2, pooled)
