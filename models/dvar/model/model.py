"""DVAR assembled: tokenizer, degradation-robust encoder, prefix convs, condition, transformer.

`restore` is the PyTorch reference of the engine's per-tile pipeline (docs/pack-format.md): the ONNX
parity test compares the exported graphs run by onnxruntime-node against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .config import DVARConfig
from .dr_encoder import DegradationRobustEncoder
from .prefix import PrefixConv
from .resample import area_matrix, bicubic_matrix, resize2d
from .rope import rope_positions
from .schedule import phi_table, rescaled_schedule
from .size_embed import Condition
from .text import TextEncoder, encode_prompts
from .tokenizer import VQTokenizer
from .transformer import DVARTransformer


@dataclass
class RestoreTrace:
    image: torch.Tensor  # [1,3,H,W] in [0,1]
    tokens: list[torch.Tensor]  # per scale, [1, h_k*w_k] int64 (scale 1 = dynamic start token)
    schedule: list[tuple[int, int]]


def cfg_weight(cfg: float, scale_index0: int, num_scales: int) -> float:
    """Guidance ramps linearly from 0 at the first scale to `cfg` at the last (VAR/Switti)."""
    return cfg * scale_index0 / max(1, num_scales - 1)


class DVAR(nn.Module):
    def __init__(self, cfg: DVARConfig):
        super().__init__()
        self.cfg = cfg
        tk, tr = cfg.tokenizer, cfg.transformer
        self.num_scales = len(cfg.canonical_scales)
        self.tokenizer = VQTokenizer(tk, cfg.canonical_scales)
        self.dr_encoder = DegradationRobustEncoder(tk, cfg.upscale)
        self.prefix_conv = PrefixConv(tk.feature_channels, tr.width, tr.prefix_blocks)
        text_width = cfg.text.width if cfg.text else None
        self.condition = Condition(tr.cond_dim, text_width)
        self.text_encoder = TextEncoder(cfg.text) if cfg.text else None
        self.transformer = DVARTransformer(tr, text_width, tk.latent_channels, tk.codebook_size, self.num_scales)
        self.phi = phi_table(self.num_scales, tk.phi_count)

    @property
    def quantizer(self):
        return self.tokenizer.quantizer

    def schedule(self, hl: int, wl: int) -> list[tuple[int, int]]:
        return rescaled_schedule(hl, wl, self.cfg.canonical_scales)

    def encode_text(self, prompt: str, guided: bool):
        assert self.text_encoder is not None and self.cfg.text is not None
        prompts = [prompt, ""] if guided else [prompt]
        ids, mask = encode_prompts(prompts, self.cfg.text.max_tokens)
        ids, mask = ids.to(self._device()), mask.to(self._device())
        context, pooled = self.text_encoder(ids, mask)
        return context, mask, pooled

    def _device(self) -> torch.device:
        return next(self.parameters()).device

    @torch.no_grad()
    def restore(self, lq: torch.Tensor, prompt: str = "", cfg: float = 0.0, sample: callable | None = None) -> RestoreTrace:
        """One tile, LQ [1,3,h,w] in [0,1] with h, w multiples of d/upscale. Greedy unless `sample`
        (logits [n,V] -> indices [n]) is given."""
        tk, tr = self.cfg.tokenizer, self.cfg.transformer
        H, W = lq.shape[2] * self.cfg.upscale, lq.shape[3] * self.cfg.upscale
        hl, wl = H // tk.downsample, W // tk.downsample
        sched = self.schedule(hl, wl)
        dev = lq.device
        text = self.encode_text(prompt, cfg > 0) if self.text_encoder is not None else None
        batch = text[0].shape[0] if text else 1
        context, text_mask = (text[0], text[1]) if text else (None, None)

        latent, features = self.dr_encoder(lq)
        size = torch.tensor([[float(H), float(W)]] * batch, device=dev)
        cond = self.condition(size, text[2] if text else None)
        past_k, past_v = self.transformer.prefix_kv(
            self.prefix_conv(features), rope_positions(hl, wl, tr.rope_frame).to(dev), cond, context, text_mask
        )

        def down(h, w):
            return area_matrix(h, hl).to(dev), area_matrix(w, wl).to(dev)

        def add(f_hat, idx, k):
            h, w = sched[k]
            emb = self.quantizer.embed(idx, h, w)
            up = resize2d(emb, bicubic_matrix(hl, h).to(dev), bicubic_matrix(wl, w).to(dev))
            return f_hat + self.quantizer.phi(up, torch.tensor([self.phi[k]], device=dev))

        r1 = self.quantizer.nearest(resize2d(latent, *down(*sched[0])))
        f_hat = add(torch.zeros_like(latent), r1, 0)
        tokens = [r1]
        for k in range(1, len(sched)):
            h, w = sched[k]
            x = resize2d(f_hat, *down(h, w)).flatten(2).transpose(1, 2)
            logits, k_new, v_new = self.transformer.step(
                x.expand(batch, -1, -1),
                torch.tensor([k], device=dev),
                rope_positions(h, w, tr.rope_frame).to(dev),
                cond,
                past_k,
                past_v,
                context,
                text_mask,
            )
            if batch > 1:
                t = cfg_weight(cfg, k, len(sched))
                logits = (1 + t) * logits[0:1] - t * logits[1:2]
            idx = logits[0].argmax(-1) if sample is None else sample(logits[0])
            idx = idx.view(1, -1)
            if tr.attention == "block_causal":
                past_k, past_v = torch.cat([past_k, k_new], 3), torch.cat([past_v, v_new], 3)
            f_hat = add(f_hat, idx, k)
            tokens.append(idx)
        image = self.tokenizer.decoder(f_hat, lq if tk.lq_fusion else None)
        return RestoreTrace(((image + 1) / 2).clamp(0, 1), tokens, sched)
