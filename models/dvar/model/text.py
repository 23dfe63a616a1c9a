"""Tokenizer "utf8-bytes-v1" and the tiny byte-level text encoder (graph `text_encoder`).

We cannot ship or download CLIP, so prompts are UTF-8 bytes and a small transformer is trained with the
model. The tokenizer is specified in docs/pack-format.md; the engine re-implements it in TypeScript.
"""

from __future__ import annotations

import math
import unicodedata

import torch
from torch import Tensor, nn

from .config import TextConfig

PAD_ID, BOS_ID, EOS_ID = 0, 1, 2
BYTE_OFFSET = 3
VOCAB_SIZE = 256 + BYTE_OFFSET  # 259


def encode_prompt(prompt: str, max_tokens: int) -> tuple[list[int], list[float]]:
    """NFC + strip + UTF-8; [BOS, byte+3 ..., EOS, PAD ...] of length max_tokens; mask 1.0 for non-pad."""
    if max_tokens < 2:
        raise ValueError("max_tokens must leave room for BOS and EOS")
    data = unicodedata.normalize("NFC", prompt).strip().encode("utf-8")[: max_tokens - 2]
    ids = [BOS_ID] + [b + BYTE_OFFSET for b in data] + [EOS_ID]
    mask = [1.0] * len(ids) + [0.0] * (max_tokens - len(ids))
    return ids + [PAD_ID] * (max_tokens - len(ids)), mask


def encode_prompts(prompts: list[str], max_tokens: int) -> tuple[Tensor, Tensor]:
    """Batch of prompts -> (ids LongTensor [B, T], mask FloatTensor [B, T])."""
    pairs = [encode_prompt(p, max_tokens) for p in prompts]
    ids = torch.tensor([p[0] for p in pairs], dtype=torch.long).reshape(len(prompts), max_tokens)
    mask = torch.tensor([p[1] for p in pairs], dtype=torch.float32).reshape(len(prompts), max_tokens)
    return ids, mask


class _TextLayer(nn.Module):
    """Pre-norm transformer layer; attention written out (matmul + softmax) so the ONNX graph is plain."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads, self.head_dim = heads, width // heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x: Tensor, key_bias: Tensor) -> Tensor:
        # Python-int sizes (not x.shape) so tracing keeps them constant in the ONNX graph.
        q, k, v = (t.unflatten(-1, (self.heads, self.head_dim)).transpose(1, 2) for t in self.qkv(self.norm1(x)).chunk(3, dim=-1))
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(self.head_dim)) + key_bias
        x = x + self.proj((scores.softmax(-1) @ v).transpose(1, 2).flatten(2))
        return x + self.mlp(self.norm2(x))


class TextEncoder(nn.Module):
    """ids [B, T], mask [B, T] -> (context [B, T, Dt], pooled [B, Dt] = masked mean of context)."""

    def __init__(self, cfg: TextConfig):
        super().__init__()
        self.embed = nn.Embedding(VOCAB_SIZE, cfg.width)
        self.pos = nn.Parameter(torch.randn(cfg.max_tokens, cfg.width) * 0.02)
        self.layers = nn.ModuleList(_TextLayer(cfg.width, cfg.heads) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.width)
        nn.init.normal_(self.embed.weight, std=0.02)

    def forward(self, ids: Tensor, mask: Tensor) -> tuple[Tensor, Tensor]:
        mask = mask.to(self.pos.dtype)
        x = self.embed(ids) + self.pos[: ids.shape[1]]
        # Padded keys get the most negative finite value (not -inf: no NaN even for an all-pad row).
        key_bias = ((1.0 - mask) * torch.finfo(x.dtype).min)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, key_bias)
        context = self.norm(x)
        w = mask[:, :, None]
        pooled = (context * w).sum(1) / w.sum(1).clamp(min=1.0)
        return context, pooled
