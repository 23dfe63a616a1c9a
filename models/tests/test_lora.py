import torch
from torch import nn

from dvar.model.lora import LoRALinear, lora_parameters


def test_rank0_is_plain_linear():
    layer = LoRALinear(4, 3, rank=0)
    assert layer.lora_down is None and list(lora_parameters(layer)) == []


def test_zero_init_matches_base():
    torch.manual_seed(0)
    layer = LoRALinear(8, 5, rank=4, alpha=8.0)
    x = torch.randn(3, 8)
    torch.testing.assert_close(layer(x), layer.base(x))


def test_merge_equality():
    torch.manual_seed(0)
    layer = LoRALinear(8, 5, bias=True, rank=4, alpha=8.0)
    nn.init.normal_(layer.lora_up.weight)
    x = torch.randn(3, 8)
    before = layer(x)
    assert not torch.allclose(before, layer.base(x))
    layer.merge()
    assert layer.lora_down is None and layer.rank == 0
    torch.testing.assert_close(layer(x), before, atol=1e-5, rtol=1e-5)
    layer.merge()  # idempotent
    torch.testing.assert_close(layer(x), before, atol=1e-5, rtol=1e-5)


def test_freeze_base_and_lora_parameters():
    model = nn.Sequential(LoRALinear(4, 4, rank=2), nn.ReLU(), LoRALinear(4, 2, rank=2, bias=False))
    for m in model:
        if isinstance(m, LoRALinear):
            m.freeze_base()
    params = list(lora_parameters(model))
    assert len(params) == 4
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    assert trainable == {id(p) for p in params}
