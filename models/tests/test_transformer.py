"""forward_train (one masked sequence) must equal prefix_kv + step (the exported inference path)."""

import numpy as np
import onnxruntime as ort
import pytest
import torch
from torch import nn

from dvar.model.config import TextConfig, TransformerConfig
from dvar.model.rope import rope_positions
from dvar.model.size_embed import Condition
from dvar.model.text import TextEncoder, encode_prompts
from dvar.model.transformer import DVARTransformer

C_VAE, V, K, FRAME = 4, 16, 4, 16.0
TEXT_W, T = 12, 6
PREFIX_HW = (4, 5)
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
# The legacy (dynamo=False) exporter is what the packs use; its deprecation notice is noise here.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SCALES_HW = [(2, 3), (3, 2), (4, 5)]  # scales 2..4, non-square, different sizes


def make_model(attention="prefix_current", text=False, lora_rank=2, seed=0):
    torch.manual_seed(seed)
    cfg = TransformerConfig(
        layers=2, width=32, heads=2, cond_dim=16, attention=attention, rope_frame=FRAME, lora_rank=lora_rank, lora_alpha=4.0
    )
    model = DVARTransformer(cfg, TEXT_W if text else None, C_VAE, V, K)
    # The init makes blocks near identity; perturb everything so attention really matters in the checks.
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return model.eval()


def make_inputs(B=2, text=False, seed=1):
    g = torch.Generator().manual_seed(seed)
    prefix = torch.randn(1, PREFIX_HW[0] * PREFIX_HW[1], 32, generator=g)
    scales = [torch.randn(B, h * w, C_VAE, generator=g) for h, w in SCALES_HW]
    cond = torch.randn(B, 16, generator=g)
    ctx = mask = None
    if text:
        ctx = torch.randn(B, T, TEXT_W, generator=g)
        mask = torch.tensor([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0]], dtype=torch.float32)[:B]
    return prefix, rope_positions(*PREFIX_HW, FRAME), scales, [rope_positions(h, w, FRAME) for h, w in SCALES_HW], cond, ctx, mask


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("text", [False, True])
@pytest.mark.parametrize("attention", ["prefix_current", "block_causal"])
def test_train_equals_incremental(attention, text, device):
    model = make_model(attention, text).to(device)
    prefix, ppos, scales, spos, cond, ctx, mask = (
        x if x is None else [t.to(device) for t in x] if isinstance(x, list) else x.to(device) for x in make_inputs(text=text)
    )
    with torch.no_grad():
        train = model.forward_train(prefix, ppos, scales, spos, cond, ctx, mask)
        past_k, past_v = model.prefix_kv(prefix, ppos, cond, ctx, mask)
        assert past_k.shape == (2, 2, 2, 20, 16)
        for i, (tok, pos) in enumerate(zip(scales, spos)):
            logits, k, v = model.step(tok, torch.tensor([i + 1], device=device), pos, cond, past_k, past_v, ctx, mask)
            assert logits.shape == (2, tok.shape[1], V) and k.shape == (2, 2, 2, tok.shape[1], 16)
            torch.testing.assert_close(logits, train[i], atol=1e-4, rtol=1e-4)
            if attention == "block_causal":
                past_k, past_v = torch.cat([past_k, k], 3), torch.cat([past_v, v], 3)
    # The check has teeth: the other mode gives different logits for later scales.
    other = "block_causal" if attention == "prefix_current" else "prefix_current"
    model.cfg.attention = other
    with torch.no_grad():
        assert not torch.allclose(model.forward_train(prefix, ppos, scales, spos, cond, ctx, mask)[2], train[2], atol=1e-3)


def test_prefix_broadcast_and_merge_lora():
    model = make_model(text=True)
    prefix, ppos, scales, spos, cond, ctx, mask = make_inputs(text=True)
    with torch.no_grad():
        k1, v1 = model.prefix_kv(prefix, ppos, cond, ctx, mask)
        k2, v2 = model.prefix_kv(prefix.expand(2, -1, -1), ppos, cond, ctx, mask)
        torch.testing.assert_close(k1, k2)
        torch.testing.assert_close(v1, v2)
        before = model.forward_train(prefix, ppos, scales, spos, cond, ctx, mask)
        model.merge_lora()
        after = model.forward_train(prefix, ppos, scales, spos, cond, ctx, mask)
    assert not any("lora" in n for n in model.state_dict())
    for a, b in zip(before, after):
        torch.testing.assert_close(a, b, atol=1e-4, rtol=1e-4)


# ---- ONNX export ---------------------------------------------------------------------------------


def _export(module, args, path, inputs, outputs, dynamic_axes):
    torch.onnx.export(
        module,
        args,
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=inputs,
        output_names=outputs,
        dynamic_axes=dynamic_axes,
    )
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def _run(sess, names, args):
    return sess.run(None, {n: a.numpy() for n, a in zip(names, args)})


def _compare(torch_out, ort_out):
    for t, o in zip(torch_out, ort_out):
        np.testing.assert_allclose(o, t.numpy(), atol=1e-4, rtol=1e-4)


class _Step(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, *args):
        return self.model.step(*args)


class _Prefix(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, *args):
        return self.model.prefix_kv(*args)


@pytest.mark.parametrize("text", [False, True])
def test_onnx_step_dynamic(tmp_path, text):
    model = make_model("block_causal", text)
    model.merge_lora()
    B, L, H, hd = 2, 2, 2, 16
    g = torch.Generator().manual_seed(3)

    def args(n, P):
        a = [
            torch.randn(B, n, C_VAE, generator=g),
            torch.tensor([2]),
            torch.rand(n, 2, generator=g) * FRAME,
            torch.randn(B, 16, generator=g),
            torch.randn(L, B, H, P, hd, generator=g),
            torch.randn(L, B, H, P, hd, generator=g),
        ]
        if text:
            a += [torch.randn(B, T, TEXT_W, generator=g), torch.tensor([[1.0] * 4 + [0.0] * 2, [1.0] * 6])]
        return a

    names = ["tokens", "level", "positions", "cond", "past_k", "past_v"] + (["context", "text_mask"] if text else [])
    dyn = {
        "tokens": {0: "B", 1: "n"},
        "positions": {0: "n"},
        "cond": {0: "B"},
        "past_k": {1: "B", 3: "P"},
        "past_v": {1: "B", 3: "P"},
        "logits": {0: "B", 1: "n"},
        "k": {1: "B", 3: "n"},
        "v": {1: "B", 3: "n"},
    }
    if text:
        dyn.update({"context": {0: "B"}, "text_mask": {0: "B"}})
    sess = _export(_Step(model), tuple(args(6, 20)), tmp_path / "step.onnx", names, ["logits", "k", "v"], dyn)
    for n, P in [(6, 20), (3, 11), (12, 35)]:
        a = args(n, P)
        with torch.no_grad():
            _compare(model.step(*a), _run(sess, names, a))


def test_onnx_prefix_dynamic(tmp_path):
    model = make_model("prefix_current", text=True)
    model.merge_lora()
    g = torch.Generator().manual_seed(4)

    def args(h, w):
        return [
            torch.randn(1, h * w, 32, generator=g),
            rope_positions(h, w, FRAME),
            torch.randn(2, 16, generator=g),
            torch.randn(2, T, TEXT_W, generator=g),
            torch.tensor([[1.0] * 3 + [0.0] * 3, [1.0] * 2 + [0.0] * 4]),
        ]

    names = ["prefix_tokens", "positions", "cond", "context", "text_mask"]
    dyn = {
        "prefix_tokens": {1: "Np"},
        "positions": {0: "Np"},
        "cond": {0: "B"},
        "context": {0: "B"},
        "text_mask": {0: "B"},
        "prefix_k": {1: "B", 3: "Np"},
        "prefix_v": {1: "B", 3: "Np"},
    }
    sess = _export(_Prefix(model), tuple(args(4, 5)), tmp_path / "prefix.onnx", names, ["prefix_k", "prefix_v"], dyn)
    for h, w in [(4, 5), (3, 7)]:
        a = args(h, w)
        with torch.no_grad():
            _compare(model.prefix_kv(*a), _run(sess, names, a))


def test_onnx_condition(tmp_path):
    torch.manual_seed(0)
    cond = Condition(16, text_width=TEXT_W).eval()
    a = [torch.tensor([[512.0, 768.0], [64.0, 16384.0]]), torch.randn(2, TEXT_W)]
    names = ["target_size", "text_pooled"]
    sess = _export(
        cond,
        tuple(a),
        tmp_path / "cond.onnx",
        names,
        ["cond"],
        {"target_size": {0: "B"}, "text_pooled": {0: "B"}, "cond": {0: "B"}},
    )
    with torch.no_grad():
        _compare([cond(*a)], _run(sess, names, a))
        a1 = [x[:1] for x in a]
        _compare([cond(*a1)], _run(sess, names, a1))


def test_onnx_text_encoder(tmp_path):
    torch.manual_seed(0)
    enc = TextEncoder(TextConfig(max_tokens=T, width=TEXT_W, layers=1, heads=2)).eval()
    ids, mask = encode_prompts(["a cat", ""], T)
    names = ["text_ids", "text_mask"]
    sess = _export(
        enc,
        (ids, mask),
        tmp_path / "text.onnx",
        names,
        ["context", "pooled"],
        {"text_ids": {0: "B"}, "text_mask": {0: "B"}, "context": {0: "B"}, "pooled": {0: "B"}},
    )
    for prompts in (["a cat", ""], ["photo of a lighthouse"]):
        a = encode_prompts(prompts, T)
        with torch.no_grad():
            _compare(enc(*a), _run(sess, names, a))
