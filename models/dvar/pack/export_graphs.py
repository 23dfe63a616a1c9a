"""Thin nn.Module wrappers giving each pack graph exactly the I/O of docs/pack-format.md."""

from __future__ import annotations

from torch import nn

from ..model.resample import resize2d


class EncoderGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.enc = model.dr_encoder

    def forward(self, lq):
        return self.enc(lq)


class ConditionGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.cond = model.condition

    def forward(self, target_size, text_pooled=None):
        return self.cond(target_size, text_pooled)


class TextEncoderGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.text = model.text_encoder

    def forward(self, text_ids, text_mask):
        return self.text(text_ids, text_mask)


class PrefixGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.conv, self.tr = model.prefix_conv, model.transformer

    def forward(self, features, positions, cond, context=None, text_mask=None):
        return self.tr.prefix_kv(self.conv(features), positions, cond, context, text_mask)


class QuantizeGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.q = model.quantizer

    def forward(self, latent, down_h, down_w):
        return self.q.nearest(resize2d(latent, down_h, down_w))


class FhatUpdateGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.q = model.quantizer

    def forward(self, f_hat, indices, up_h, up_w, phi):
        emb = self.q.embed(indices, up_h.shape[1], up_w.shape[1])
        return f_hat + self.q.phi(resize2d(emb, up_h, up_w), phi)


class NextInputGraph(nn.Module):
    def forward(self, f_hat, down_h, down_w):
        return resize2d(f_hat, down_h, down_w).flatten(2).transpose(1, 2)


class StepGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.tr = model.transformer

    def forward(self, tokens, level, positions, cond, past_k, past_v, context=None, text_mask=None):
        return self.tr.step(tokens, level, positions, cond, past_k, past_v, context, text_mask)


class DecoderGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.dec = model.tokenizer.decoder
        self.fusion = model.cfg.tokenizer.lq_fusion

    def forward(self, f_hat, lq=None):
        image = self.dec(f_hat, lq if self.fusion else None)
        return ((image + 1) / 2).clamp(0, 1)
