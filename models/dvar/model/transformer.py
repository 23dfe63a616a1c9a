"""DVAR transformer: Switti-style AdaLN blocks over [prefix | scale tokens] (Switti, Voronov et al.
2024, github.com/yandex-research/switti, models/basic_switti.py).

Three entry points share the same blocks:
  forward_train  one sequence, resolution-specific mask (teacher forcing);
  prefix_kv      graph `prefix`: per-layer K/V of the prefix alone (what every step attends to);
  step           graph `step`: one scale's tokens attending to [past ; themselves].
Attention is explicit matmul + softmax (no fused kernels) so all paths export to plain ONNX.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .attention_mask import build_attention_mask, mask_to_additive
from .config import TransformerConfig
from .lora import LoRALinear
from .rope import RotaryEmbedding2D

# Blocks start close to identity (each residual branch is scaled by gamma ~ this) yet not dead: the
# branches are unit-RMS after the post-norm, so every sublayer gets gradients from step one.
GAMMA_INIT = 1e-2


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: Tensor) -> Tensor:
        # Statistics in float32 so bf16/fp16 training does not lose the small eps.
        xf = x.float()
        y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (y * self.weight.float()).to(x.dtype)


# Sizes below are Python ints from the config, never x.shape: under ONNX tracing x.shape is a traced
# value and would turn constants (LayerNorm's normalized_shape, the softmax scale) into graph ops.


def _qk_norm(x: Tensor, width: int) -> Tensor:
    """Switti's QK-norm: LayerNorm over the full width (before the head split), no affine."""
    return F.layer_norm(x, (width,), eps=1e-6)


def _attend(q: Tensor, k: Tensor, v: Tensor, bias: Tensor | None, head_dim: int) -> Tensor:
    """[B, H, n, hd] x [B, H, m, hd] -> [B, n, H*hd]; bias additive, broadcastable to [B, H, n, m]."""
    scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(head_dim))
    if bias is not None:
        scores = scores + bias
    return (scores.softmax(-1) @ v).transpose(1, 2).flatten(2)


class SelfAttention(nn.Module):
    def __init__(self, width: int, heads: int, rank: int, alpha: float):
        super().__init__()
        self.width, self.heads, self.head_dim = width, heads, width // heads
        self.qkv = LoRALinear(width, 3 * width, bias=True, rank=rank, alpha=alpha)
        self.proj = LoRALinear(width, width, bias=True, rank=rank, alpha=alpha)

    def forward(
        self, x: Tensor, cos: Tensor, sin: Tensor, bias: Tensor | None, past_k: Tensor | None, past_v: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """Returns (output, k, v) where k/v are the current tokens' [B, H, n, hd] (k after norm + RoPE)."""
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q = _qk_norm(q, self.width).unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        k = _qk_norm(k, self.width).unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        v = v.unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        q, k = RotaryEmbedding2D.apply(q, cos, sin), RotaryEmbedding2D.apply(k, cos, sin)
        keys, values = k, v
        if past_k is not None:
            keys, values = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
        return self.proj(_attend(q, keys, values, bias, self.head_dim)), k, v


class CrossAttention(nn.Module):
    def __init__(self, width: int, heads: int, text_width: int, rank: int, alpha: float):
        super().__init__()
        self.width, self.heads, self.head_dim = width, heads, width // heads
        self.ctx_norm = RMSNorm(text_width)
        self.to_q = LoRALinear(width, width, bias=True, rank=rank, alpha=alpha)
        self.to_kv = LoRALinear(text_width, 2 * width, bias=True, rank=rank, alpha=alpha)
        self.proj = LoRALinear(width, width, bias=True, rank=rank, alpha=alpha)

    def forward(self, x: Tensor, context: Tensor, key_bias: Tensor | None) -> Tensor:
        q = _qk_norm(self.to_q(x), self.width).unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        k, v = self.to_kv(self.ctx_norm(context)).chunk(2, dim=-1)
        k = _qk_norm(k, self.width).unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        v = v.unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2)
        return self.proj(_attend(q, k, v, key_bias, self.head_dim))


class SwiGLU(nn.Module):
    def __init__(self, width: int, hidden: int, rank: int, alpha: float):
        super().__init__()
        self.gate = LoRALinear(width, hidden, bias=False, rank=rank, alpha=alpha)
        self.up = LoRALinear(width, hidden, bias=False, rank=rank, alpha=alpha)
        self.down = LoRALinear(hidden, width, bias=False, rank=rank, alpha=alpha)

    def forward(self, x: Tensor) -> Tensor:
        return self.down(F.silu(self.gate(x)) * self.up(x))


class DVARBlock(nn.Module):
    """AdaLN self-attn -> (optional) plain cross-attn to text -> AdaLN SwiGLU, sandwich RMSNorms."""

    def __init__(
        self,
        width: int,
        heads: int,
        cond_dim: int,
        mlp_ratio: float = 8 / 3,
        text_width: int | None = None,
        lora_rank: int = 0,
        lora_alpha: float = 16.0,
    ):
        super().__init__()
        self.width = width
        self.ada = nn.Sequential(nn.SiLU(), nn.Linear(cond_dim, 6 * width))
        self.attn_pre, self.attn_post = RMSNorm(width), RMSNorm(width)
        self.attn = SelfAttention(width, heads, lora_rank, lora_alpha)
        self.cross = None
        if text_width:
            self.cross_pre, self.cross_post = RMSNorm(width), RMSNorm(width)
            self.cross = CrossAttention(width, heads, text_width, lora_rank, lora_alpha)
        self.mlp_pre, self.mlp_post = RMSNorm(width), RMSNorm(width)
        self.mlp = SwiGLU(width, int(width * mlp_ratio), lora_rank, lora_alpha)

    def forward(
        self,
        x: Tensor,
        cond: Tensor,
        cos: Tensor,
        sin: Tensor,
        bias: Tensor | None = None,
        past_k: Tensor | None = None,
        past_v: Tensor | None = None,
        context: Tensor | None = None,
        text_bias: Tensor | None = None,
    ) -> tuple[Tensor, Tensor, Tensor]:
        gamma1, gamma2, scale1, scale2, shift1, shift2 = self.ada(cond).unsqueeze(1).chunk(6, dim=-1)
        h, k, v = self.attn(self.attn_pre(x) * (1 + scale1) + shift1, cos, sin, bias, past_k, past_v)
        x = x + self.attn_post(h) * gamma1
        if self.cross is not None:
            x = x + self.cross_post(self.cross(self.cross_pre(x), context, text_bias))
        x = x + self.mlp_post(self.mlp(self.mlp_pre(x) * (1 + scale2) + shift2)) * gamma2
        return x, k, v


class DVARTransformer(nn.Module):
    def __init__(self, cfg: TransformerConfig, text_width: int | None, latent_channels: int, codebook_size: int, num_scales: int):
        super().__init__()
        if cfg.width % cfg.heads != 0:
            raise ValueError("width must be divisible by heads")
        self.cfg = cfg
        self.num_scales = num_scales
        self.has_text = bool(text_width)
        self.head_dim = cfg.width // cfg.heads
        self.rope = RotaryEmbedding2D(self.head_dim, cfg.rope_theta)
        self.word_embed = nn.Linear(latent_channels, cfg.width)
        # Level k-1 for canonical scale k (level 0 = scale 1 is never an input); level num_scales = prefix.
        self.level_embed = nn.Embedding(num_scales + 1, cfg.width)
        self.blocks = nn.ModuleList(
            DVARBlock(cfg.width, cfg.heads, cfg.cond_dim, cfg.mlp_ratio, text_width, cfg.lora_rank, cfg.lora_alpha)
            for _ in range(cfg.layers)
        )
        self.head_ada = nn.Sequential(nn.SiLU(), nn.Linear(cfg.cond_dim, 2 * cfg.width))
        self.head = nn.Linear(cfg.width, codebook_size)
        self._init_weights()

    @torch.no_grad()
    def _init_weights(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Embedding):
                nn.init.trunc_normal_(m.weight, std=0.02)
        for m in self.modules():
            if isinstance(m, LoRALinear):
                m.reset_lora_parameters()  # the loop above touched the adapters too; up must be zero
        depth_scale = 1.0 / math.sqrt(2 * self.cfg.layers)  # residual-branch outputs, GPT-2 style
        w = self.cfg.width
        for blk in self.blocks:
            blk.attn.proj.weight.mul_(depth_scale)
            blk.mlp.down.weight.mul_(depth_scale)
            if blk.cross is not None:
                blk.cross.proj.weight.mul_(depth_scale)
            ada = blk.ada[1]
            ada.weight[: 2 * w].mul_(1e-3)  # gamma1, gamma2: nearly cond-independent at start
            ada.bias[: 2 * w].fill_(GAMMA_INIT)
            ada.weight[2 * w :].mul_(0.5)  # scales and shifts (Switti's 0.5)
        self.head.weight.mul_(0.02)  # near-uniform logits at start

    # ---- helpers -------------------------------------------------------------------------------

    def _text_bias(self, text_mask: Tensor | None, dtype: torch.dtype) -> Tensor | None:
        if text_mask is None:
            return None
        return ((1.0 - text_mask.to(dtype)) * torch.finfo(dtype).min)[:, None, None, :]

    def _logits(self, x: Tensor, cond: Tensor) -> Tensor:
        scale, shift = self.head_ada(cond).unsqueeze(1).chunk(2, dim=-1)
        return self.head(F.layer_norm(x, (self.cfg.width,), eps=1e-6) * (1 + scale) + shift)

    def _check_text(self, context: Tensor | None) -> None:
        if self.has_text and context is None:
            raise ValueError("this transformer has cross-attention; pass context and text_mask")

    # ---- entry points --------------------------------------------------------------------------

    def forward_train(
        self,
        prefix_tokens: Tensor,
        prefix_pos: Tensor,
        scale_tokens: list[Tensor],
        scale_pos: list[Tensor],
        cond: Tensor,
        context: Tensor | None = None,
        text_mask: Tensor | None = None,
    ) -> list[Tensor]:
        """Teacher forcing over [prefix | scale 2 | ... ]: one logits tensor [B, n_k, V] per given scale."""
        self._check_text(context)
        B, Np = cond.shape[0], prefix_tokens.shape[1]
        lens = [t.shape[1] for t in scale_tokens]
        dev = cond.device
        prefix = prefix_tokens.expand(B, -1, -1) + self.level_embed.weight[self.num_scales]
        # Scale k (list index i = k - 2) uses level k - 1 = i + 1.
        parts = [prefix] + [self.word_embed(t) + self.level_embed.weight[i + 1] for i, t in enumerate(scale_tokens)]
        x = torch.cat(parts, dim=1)
        cos, sin = self.rope.cos_sin(torch.cat([prefix_pos, *scale_pos], dim=0).to(dev))
        bias = mask_to_additive(build_attention_mask(Np, lens, self.cfg.attention, device=dev), x.dtype)
        text_bias = self._text_bias(text_mask, x.dtype)
        for blk in self.blocks:
            x, _, _ = blk(x, cond, cos, sin, bias=bias, context=context, text_bias=text_bias)
        logits = self._logits(x[:, Np:], cond)  # the prefix predicts nothing
        return list(logits.split(lens, dim=1))

    def prefix_kv(
        self,
        prefix_tokens: Tensor,
        prefix_pos: Tensor,
        cond: Tensor,
        context: Tensor | None = None,
        text_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor]:
        """Graph `prefix` (after the prefix convs): K, V [L, B, nH, Np, hd] of the prefix attending to itself."""
        self._check_text(context)
        # A batch-1 prefix is shared by the guidance batch (cond rows differ, so its K/V differ per row).
        x = prefix_tokens.expand(cond.shape[0], -1, -1) + self.level_embed.weight[self.num_scales]
        cos, sin = self.rope.cos_sin(prefix_pos)
        text_bias = self._text_bias(text_mask, x.dtype)
        ks, vs = [], []
        for blk in self.blocks:
            x, k, v = blk(x, cond, cos, sin, context=context, text_bias=text_bias)
            ks.append(k)
            vs.append(v)
        return torch.stack(ks), torch.stack(vs)

    def step(
        self,
        tokens: Tensor,
        level: Tensor,
        positions: Tensor,
        cond: Tensor,
        past_k: Tensor,
        past_v: Tensor,
        context: Tensor | None = None,
        text_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor, Tensor]:
        """Graph `step`: tokens [B, n, C_vae] at `level` [1] -> (logits [B, n, V], k, v [L, B, nH, n, hd])."""
        self._check_text(context)
        x = self.word_embed(tokens) + self.level_embed(level)  # [1, width] broadcasts over B and n
        cos, sin = self.rope.cos_sin(positions)
        text_bias = self._text_bias(text_mask, x.dtype)
        ks, vs = [], []
        for i, blk in enumerate(self.blocks):
            x, k, v = blk(x, cond, cos, sin, past_k=past_k[i], past_v=past_v[i], context=context, text_bias=text_bias)
            ks.append(k)
            vs.append(v)
        return self._logits(x, cond), torch.stack(ks), torch.stack(vs)

    def merge_lora(self) -> None:
        for m in self.modules():
            if isinstance(m, LoRALinear):
                m.merge()
