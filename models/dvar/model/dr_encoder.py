"""Degradation-robust encoder E_dr (DVAR, CVPR 2026): the tokenizer encoder, fine-tuned on
(LQ, HQ) pairs, reading the bicubic-upsampled LQ image. Same architecture as the tokenizer encoder so
it starts from those weights, as the paper fine-tunes E_dr from the VAE encoder."""

from __future__ import annotations

from torch import Tensor, nn

from .config import TokenizerConfig
from .tokenizer import Encoder, upsample_lq


class DegradationRobustEncoder(nn.Module):
    """lq [B, 3, h, w] in [0, 1] -> (latent, features) at (h*upscale/d, w*upscale/d)."""

    def __init__(self, cfg: TokenizerConfig, upscale: int):
        super().__init__()
        self.upscale = upscale
        self.encoder = Encoder(cfg)

    def forward(self, lq: Tensor) -> tuple[Tensor, Tensor]:
        return self.encoder(upsample_lq(lq, self.upscale))

    def load_from_tokenizer(self, tok: nn.Module) -> None:
        """Copy encoder weights from a VQTokenizer (or a bare Encoder)."""
        enc = getattr(tok, "encoder", tok)
        self.encoder.load_state_dict(enc.state_dict())
